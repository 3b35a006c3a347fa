"""Merge the JSON-lines files of one crawl's workers into one file with one line per article.

Each worker writes its own ``<run start>-<run id>.jsonl`` (``pipelines/export.py``); downstream
tools want one file. An article appears more than once when a later run emitted a new revision of
it, and, in the rare window a killed worker leaves (see ``crawler.store.redis``), when two workers
wrote the same version. The merge keeps, per ``id``, the line with the highest ``revision``, then the
latest ``crawled_at``, then the one read first (files in run order).

Two passes, so memory holds one small record per article, not the lines: the first finds the
winning (file, offset) per id, the second copies those lines in file order, byte for byte.
``.jsonl.part`` files of killed workers (not locked by a live writer) are read up to their last
complete line; a ``.part`` still being written is skipped and reported.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

import orjson

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: every .part is taken as finished
    fcntl = None  # type: ignore[assignment]

PART = ".jsonl.part"
_STEM_TIME = re.compile(r"^(\d{8}T\d{6}Z)-")


@dataclass
class MergeReport:
    files: list[Path] = field(default_factory=list)
    skipped_live: list[Path] = field(default_factory=list)
    lines: int = 0
    written: int = 0
    duplicates: int = 0  # same id and revision seen again (dropped)
    superseded: int = 0  # older revisions dropped for a newer one
    bad_lines: int = 0
    bad_examples: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"merged {len(self.files)} files: {self.lines} lines read, {self.written} articles written, "
            f"{self.duplicates} duplicate lines and {self.superseded} older revisions dropped, "
            f"{self.bad_lines} unreadable lines skipped"
        )
        if self.skipped_live:
            text += f"; {len(self.skipped_live)} files still being written were skipped"
        return text


@dataclass(slots=True)
class _Best:
    rank: tuple[int, str, int]  # revision, crawled_at, minus the read order (earlier wins a tie)
    file: int
    offset: int
    length: int


def run_started(path: Path) -> datetime | None:
    """The run start encoded in an output file's name (``20261127T235812Z-<run id>.jsonl``)."""
    match = _STEM_TIME.match(path.name)
    if not match:
        return None
    return datetime.strptime(match.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def _is_output(path: Path) -> bool:
    return path.name.endswith((".jsonl", PART))


def collect_files(paths: Iterable[Path], *, since: datetime | None = None) -> list[Path]:
    """Output files under ``paths`` (files, or directories searched recursively), oldest run first."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and _is_output(child):
                    found[child] = None
        elif path.is_file():
            found[path] = None
        else:
            raise FileNotFoundError(f"no such file or directory: {path}")
    files = list(found)
    if since is not None:
        files = [f for f in files if (started := run_started(f)) is None or started >= since]
    return sorted(files, key=lambda f: (run_started(f) or datetime.min.replace(tzinfo=UTC), f.name, str(f)))


def _live_writer(path: Path) -> bool:
    """A ``.part`` file locked by its (running) writer."""
    if fcntl is None or not path.name.endswith(PART):
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _complete_lines(handle: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """(offset, line without newline) for each newline-terminated line; a torn tail is ignored."""
    offset = 0
    for raw in handle:
        if not raw.endswith(b"\n"):
            return
        yield offset, raw[:-1]
        offset += len(raw)


def _rank(record: Any, order: int) -> tuple[int, str, int] | None:
    if not isinstance(record, dict):
        return None
    article_id = record.get("id")
    if not isinstance(article_id, str) or not article_id:
        return None
    revision = record.get("revision")
    crawled = record.get("crawled_at")
    return (
        revision if isinstance(revision, int) and not isinstance(revision, bool) else 1,
        crawled if isinstance(crawled, str) else "",
        -order,
    )


def merge(files: list[Path], out: IO[bytes]) -> MergeReport:
    """Write one line per article id to ``out`` (see the module docstring for which one)."""
    report = MergeReport()
    best: dict[str, _Best] = {}
    order = 0
    readable: list[Path] = []
    for path in files:
        if _live_writer(path):
            report.skipped_live.append(path)
            continue
        index = len(readable)
        readable.append(path)
        with path.open("rb") as handle:
            for offset, line in _complete_lines(handle):
                if not line.strip():
                    continue
                report.lines += 1
                order += 1
                try:
                    record = orjson.loads(line)
                except orjson.JSONDecodeError:
                    record = None
                rank = _rank(record, order)
                if rank is None:
                    report.bad_lines += 1
                    if len(report.bad_examples) < 5:
                        report.bad_examples.append(f"{path.name}:{offset}")
                    continue
                article_id = record["id"]
                current = best.get(article_id)
                candidate = _Best(rank, index, offset, len(line))
                if current is None:
                    best[article_id] = candidate
                    continue
                if rank[0] == current.rank[0]:
                    report.duplicates += 1
                else:
                    report.superseded += 1
                if rank > current.rank:
                    best[article_id] = candidate
    report.files = readable
    winners = sorted(best.values(), key=lambda b: (b.file, b.offset))
    handles: dict[int, IO[bytes]] = {}
    try:
        for win in winners:
            handle = handles.get(win.file)
            if handle is None:
                for old in handles.values():
                    old.close()
                handles = {win.file: readable[win.file].open("rb")}
                handle = handles[win.file]
            handle.seek(win.offset)
            out.write(handle.read(win.length) + b"\n")
            report.written += 1
    finally:
        for handle in handles.values():
            with contextlib.suppress(OSError):
                handle.close()
    return report
