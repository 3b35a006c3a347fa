"""JSON-lines export: one file per run, whole lines only, and a manifest that describes the run.

``<OUTPUT_DIR>/<spider>/<start UTC>-<run id>.jsonl.part`` grows by one ``os.write`` of one complete
line per item on an ``O_APPEND`` descriptor, so a killed process leaves whole lines (the kernel has
the bytes even if Python never flushes anything), except the one being written when a SIGKILL
lands in the middle of a long write (the kernel stops copying at a page boundary). On close the
file is fsynced and renamed to ``.jsonl``, and ``<stem>.manifest.json`` records what the run did.
The writer holds an exclusive ``flock`` on its file; the next run that finds an unlocked
``.part`` (its writer died) trims that torn last line and renames it, so the articles of a killed
run still reach the readers of ``*.jsonl`` (the state store already counts them as emitted), and
no ``.jsonl`` ever holds a torn line.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson
from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

import crawler as crawler_package
from crawler.extract.record import counts_from_stats
from crawler.items import ARTICLE_FIELDS, FILL_RATE_FIELDS, fill_rates, is_filled, item_to_dict
from crawler.store import for_crawler, spider_name, spider_output_dir

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no locking, no recovery of killed runs
    fcntl = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

PART_SUFFIX = ".jsonl.part"


def encode_line(item: Any) -> bytes:
    """One item as one JSON line: UTF-8 (no ``\\u`` escapes), keys in schema order."""
    return _encode_dict(item_to_dict(item))


def _encode_dict(data: dict[str, Any]) -> bytes:
    ordered = {name: data[name] for name in ARTICLE_FIELDS if name in data}
    if len(ordered) < len(data):
        ordered.update((k, v) for k, v in data.items() if k not in ordered)
    return orjson.dumps(ordered, option=orjson.OPT_APPEND_NEWLINE)


def run_stem(started: datetime, run_id: str) -> str:
    return f"{started.astimezone(UTC):%Y%m%dT%H%M%SZ}-{run_id}"


def git_commit(start: Path | None = None) -> str | None:
    """The checked-out commit of the source tree, read from ``.git`` without running git."""
    here = (start or Path(crawler_package.__file__)).resolve()
    for directory in here.parents:
        dot_git = directory / ".git"
        if not dot_git.exists():
            continue
        try:
            if dot_git.is_file():  # a worktree or submodule: "gitdir: <path>"
                dot_git = (directory / dot_git.read_text().split(":", 1)[1].strip()).resolve()
            head = (dot_git / "HEAD").read_text().strip()
            if not head.startswith("ref:"):
                return head or None
            ref = head.split(":", 1)[1].strip()
            ref_file = dot_git / ref
            if ref_file.is_file():
                return ref_file.read_text().strip() or None
            packed = dot_git / "packed-refs"
            for line in packed.read_text().splitlines() if packed.is_file() else []:
                sha, _, name = line.partition(" ")
                if name.strip() == ref:
                    return sha
        except (OSError, IndexError):
            return None
        return None
    return None


def _published(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def write_json_atomically(path: Path, data: Any) -> None:
    """Readers see the old file or the whole new one, never a torn manifest."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE))
    os.replace(tmp, path)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _trim_torn_tail(fd: int) -> int:
    """Cut a last line that has no newline (its writer was killed mid-write); return the kept size."""
    size = os.fstat(fd).st_size
    keep, chunk_end = 0, size
    while chunk_end > 0:
        start = max(0, chunk_end - 65536)
        chunk = os.pread(fd, chunk_end - start, start)
        newline = chunk.rfind(b"\n")
        if newline >= 0:
            keep = start + newline + 1
            break
        chunk_end = start
    if keep != size:
        os.ftruncate(fd, keep)
    return keep


def _count_lines(fd: int) -> int:
    lines, offset = 0, 0
    while block := os.pread(fd, 1 << 20, offset):
        lines += block.count(b"\n")
        offset += len(block)
    return lines


def _each_line(fd: int) -> Iterator[bytes]:
    rest, offset = b"", 0
    while block := os.pread(fd, 1 << 20, offset):
        offset += len(block)
        *lines, rest = (rest + block).split(b"\n")
        yield from lines


def recover_killed_runs(
    directory: Path, remember: Callable[[dict[str, Any]], None] | None = None
) -> list[Path]:
    """Finish the ``.part`` files of runs whose writer died: trim a torn line, hand every line to
    ``remember`` (the state store learns what the dead run emitted but had not recorded yet), then
    rename and add a manifest. ``remember`` runs before the rename, so a run killed during the
    recovery leaves the ``.part`` for the next one (``remember`` must be idempotent).

    A live writer holds an exclusive lock on its file, so another worker's running file is never
    touched.
    """
    if fcntl is None or not directory.is_dir():
        return []
    recovered = []
    for part in sorted(directory.glob(f"*{PART_SUFFIX}")):
        try:
            fd = os.open(part, os.O_RDWR | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # a running writer
            size = _trim_torn_tail(fd)
            os.fsync(fd)
            if remember is not None:
                for line in _each_line(fd):
                    remember(orjson.loads(line))
            lines = _count_lines(fd)
            stem = part.name.removesuffix(PART_SUFFIX)
            final = part.with_name(stem + ".jsonl")
            os.replace(part, final)
            manifest = part.with_name(stem + ".manifest.json")
            if not manifest.exists():
                write_json_atomically(
                    manifest,
                    {
                        "run_id": stem.rpartition("-")[2],
                        "finish_reason": "killed",
                        "recovered_at": datetime.now(UTC).isoformat(timespec="seconds"),
                        "counts": {"items_emitted": lines},
                        "files": [{"path": final.name, "lines": lines, "bytes": size}],
                    },
                )
            recovered.append(final)
            logger.warning("Recovered %s (%d lines) left by a killed run", final, lines)
        except OSError as exc:
            logger.error("Could not recover %s: %s", part, exc)
        finally:
            os.close(fd)
    if recovered:
        _fsync_dir(directory)
    return recovered


class JsonLinesExportPipeline:
    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("JSONL_EXPORT_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.output_dir = Path(crawler.settings.get("OUTPUT_DIR") or "output")
        self.run_id = secrets.token_hex(4)
        self.started_at: datetime | None = None
        self.directory: Path | None = None
        self.stem = ""
        self.failed: OSError | None = None
        self.emitted = 0
        self._fd: int | None = None
        self._size = 0
        self._filled: Counter[str] = Counter()
        self._newest: tuple[datetime, str] | None = None
        self._file_done = False
        self._manifest_done = False
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    # -- paths -----------------------------------------------------------------------------------

    @property
    def part_path(self) -> Path:
        return self._path(PART_SUFFIX)

    @property
    def final_path(self) -> Path:
        return self._path(".jsonl")

    @property
    def manifest_path(self) -> Path:
        return self._path(".manifest.json")

    def _path(self, suffix: str) -> Path:
        if self.directory is None:
            raise RuntimeError("the export pipeline has not been opened")
        return self.directory / f"{self.stem}{suffix}"

    @property
    def spider_name(self) -> str | None:
        return spider_name(self.crawler)

    # -- lifecycle -------------------------------------------------------------------------------

    def open_spider(self) -> None:
        self.started_at = datetime.now(UTC)
        self.directory = spider_output_dir(self.output_dir, self.spider_name)
        self.stem = run_stem(self.started_at, self.run_id)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            recover_killed_runs(self.directory, self._remember_emitted)
            # Created under another name and locked before it becomes a ``.part`` that a starting
            # worker's recover_killed_runs() could mistake for the file of a dead run.
            creating = self._path(".jsonl.creating")
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
            self._fd = os.open(creating, flags, 0o644)
            if fcntl is not None:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.replace(creating, self.part_path)
        except OSError as exc:
            logger.error("JSON-lines export cannot open %s: %s", self.part_path, exc)
            raise
        logger.info("Writing items to %s", self.part_path)

    def _remember_emitted(self, item: dict[str, Any]) -> None:
        """A line of a killed run: make sure the state store knows it was emitted."""
        store = for_crawler(self.crawler)
        # record, not classify first: in a shared crawl the dead writer's claim on the item can
        # outlive it by a lease, and classify would call the item someone else's; the flock says the
        # writer is dead, so its line is recorded now and the article is not fetched again.
        # No id/content_hash, or the store unreachable: a rerun may repeat it.
        with contextlib.suppress(ValueError, OSError):
            store.record(item)

    def process_item(self, item: Any) -> Any:
        if self.failed is not None or self._fd is None:
            self.stats.inc_value("item_dropped/export_failed")
            raise DropItem(f"export_failed: {self.failed}", log_level="DEBUG")
        try:
            data = item_to_dict(item)
            line = _encode_dict(data)
        except (TypeError, ValueError) as exc:  # orjson.JSONEncodeError is a TypeError
            self.stats.inc_value("item_dropped/export_unserializable")
            logger.warning("Dropped item that is not JSON-serialisable (%s): %s", exc, _url(item))
            raise DropItem(f"export_unserializable: {exc}", log_level="DEBUG") from exc
        try:
            self._append(line)
        except OSError as exc:
            self._fail(exc)
            self.stats.inc_value("item_dropped/export_failed")
            raise DropItem(f"export_failed: {exc}", log_level="DEBUG") from exc
        self._account(data)
        return item

    def close_spider(self) -> None:
        self._finish_file()

    def spider_closed(self, reason: str = "finished") -> None:
        self._finish_file()
        if self._manifest_done or self.directory is None:
            return
        self._manifest_done = True
        reason = "export_error" if self.failed is not None and reason == "finished" else reason
        try:
            write_json_atomically(self.manifest_path, self.manifest(reason))
            _fsync_dir(self.directory)
        except OSError as exc:
            logger.error("Could not write the run manifest %s: %s", self.manifest_path, exc)

    # -- writing ---------------------------------------------------------------------------------

    def _append(self, line: bytes) -> None:
        """Write ``line`` whole, or leave the file as it was (a short or failed write is cut off)."""
        assert self._fd is not None
        view, start = memoryview(line), self._size
        try:
            while view:
                written = os.write(self._fd, view)
                if written <= 0:
                    raise OSError(f"write returned {written}")
                view = view[written:]
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(self._fd, start)
            raise
        self._size += len(line)

    def _fail(self, exc: OSError) -> None:
        self.failed = exc
        self.stats.set_value("export/error", str(exc))
        logger.error(
            "JSON-lines export failed writing %s (%s); stopping the crawl. The file keeps the %d whole "
            "lines written before the error.",
            self.part_path,
            exc,
            self.emitted,
        )
        try:
            engine = self.crawler.engine
        except RuntimeError:  # Crawler.engine before the crawl started (unit tests, scripts)
            engine = None
        if engine is not None and getattr(engine, "spider", None) is not None:
            closing = deferred_from_coro(engine.close_spider_async(reason="export_error"))
            closing.addErrback(lambda f: logger.error("Could not stop the crawl: %s", f.value))

    def _account(self, data: dict[str, Any]) -> None:
        self.emitted += 1
        for name in FILL_RATE_FIELDS:
            if is_filled(data.get(name)):
                self._filled[name] += 1
        published = _published(data.get("published_at"))
        if published is not None and (self._newest is None or published > self._newest[0]):
            self._newest = (published, data["published_at"])

    def _finish_file(self) -> None:
        if self._file_done or self._fd is None:
            return
        self._file_done = True
        try:
            with contextlib.suppress(OSError):
                os.fsync(self._fd)
            os.close(self._fd)  # releases the lock
            os.replace(self.part_path, self.final_path)
            _fsync_dir(self.part_path.parent)
            logger.info("Wrote %d items to %s", self.emitted, self.final_path)
        except OSError as exc:
            logger.error("Could not finish %s: %s", self.part_path, exc)
        finally:
            self._fd = None

    # -- manifest --------------------------------------------------------------------------------

    def manifest(self, finish_reason: str) -> dict[str, Any]:
        stats = self.stats.get_stats()
        items_file = self.final_path if self.final_path.exists() else self.part_path
        return {
            "spider": self.spider_name,
            "run_id": self.run_id,
            "code_version": {"version": crawler_package.__version__, "git_commit": git_commit()},
            "started_at": self.started_at.isoformat(timespec="seconds") if self.started_at else None,
            "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "finish_reason": finish_reason,
            "counts": {
                "items_emitted": self.emitted,
                "items_dropped": _under(stats, "item_dropped/"),
                "pages_dropped": _under(stats, "page_dropped/"),
                "new": stats.get("dedupe/new", 0),
                "revised": stats.get("dedupe/revised", 0),
                "unchanged": stats.get("dedupe/unchanged", 0),
                "near_duplicates": stats.get("dedupe/near_duplicate", 0),
                "pages_downloaded": stats.get("downloader/response_count", 0),
                "http_errors": _under(stats, "httperror/response_ignored_status_count/"),
                "incremental_skipped": stats.get("incremental/skipped", 0),
                "incremental_refetch_recent": stats.get("incremental/refetch_recent", 0),
                "incremental_refetch_lastmod": stats.get("incremental/refetch_lastmod", 0),
                "errors": stats.get("log_count/ERROR", 0),
            },
            "newest_published_at": self._newest[1] if self._newest else None,
            "files": [{"path": items_file.name, "lines": self.emitted, "bytes": self._size}],
            "fill_rates": fill_rates(self._filled, self.emitted),
            "export_error": str(self.failed) if self.failed is not None else None,
            "drift": stats.get("drift/verdict"),  # set by crawler.extensions.drift, if enabled
            "discovery": {
                "listing_pages": stats.get("listing/pages", 0),
                "listing_stopped_at_known": stats.get("listing/stopped_at_known", 0),
                "listing_family_list_missed": stats.get("listing/family_list_missed", 0),
                "sitemaps_unchanged_skipped": stats.get("sitemaps/unchanged_skipped", 0),
                "backfill": {k: v for k, v in _under(stats, "backfill/").items() if k != "coverage"},
            },
            "coverage": self._coverage(stats),
            # How article pages were read: CMS family, and per field where the values came from.
            "extraction": counts_from_stats(stats),
        }

    def _coverage(self, stats: dict[str, Any]) -> Any:
        """The range a backfill covered (see ``spiders.listings``): what a user reads to see what
        is missing. None for a run without since/until."""
        report = getattr(getattr(self.crawler, "spider", None), "coverage_report", None)
        return report() if callable(report) else stats.get("backfill/coverage")


def _under(stats: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The stats named ``<prefix><rest>``, as ``{rest: value}`` in name order (manifest counts)."""
    return {k.removeprefix(prefix): v for k, v in sorted(stats.items()) if k.startswith(prefix)}


def _url(item: Any) -> Any:
    try:
        return ItemAdapter(item).get("url")
    except TypeError:
        return None
