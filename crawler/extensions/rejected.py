"""Keep every refused article page (``-s KEEP_REJECTED=PATH``) so a drop can be seen and replayed.

The spider announces a page that gave no item with the ``page_rejected`` signal
(:mod:`crawler.signals`); without this extension the page is only counted and is gone. Kept pages
are written in the formats :class:`crawler.replay.ReplayArchive` reads, so that after a fix to
extraction the same pages can be crawled again (``-s REPLAY=PATH``) or re-extracted:

- a path ending in ``.warc`` or ``.warc.gz``: a WARC (``response`` + ``request`` record per page)
  with the refusal in ``WARC-Refusal-Code`` and ``WARC-Refusal-Reason`` headers; the file is
  written anew on each run, as ``RECORD`` is;
- any other path: a directory, ``<code>/<sha1 of the URL>.html`` per page plus one line per page
  appended to ``index.jsonl`` (``url``, ``file``, ``status``, ``content_type`` as the replay
  reader wants them; ``code``, ``reason``, ``fetched_at`` for people), across runs.

The path may contain ``%(name)s`` and ``%(time)s`` as ``RECORD`` does. The body kept is the one
extraction saw (decoded from its ``Content-Encoding``). A path that cannot be written stops the
crawl at open (a crawl that silently keeps nothing is what this setting is meant to prevent);
``KEEP_REJECTED_MAX_PAGES`` (default 10000) caps how many pages a run keeps, so a parser that
breaks on a big crawl cannot fill the disk.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import __version__
from crawler.middlewares.record import _header_pairs, record_path
from crawler.replay import WarcRecorder
from crawler.signals import page_rejected

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

logger = logging.getLogger(__name__)

# Kept bodies are decoded: headers that described the bytes on the wire would lie about them.
_DROPPED_HEADERS = frozenset({b"content-encoding", b"transfer-encoding", b"content-length"})
_MAX_REASON = 500


class KeepRejectedPathError(RuntimeError):
    """``KEEP_REJECTED`` names a place that cannot be written: stop rather than keep nothing."""


def _safe_code(code: str) -> str:
    """The code as a folder name and stat key: codes are ``[a-z_]`` today, but a path must never
    come from a signal's argument unchecked."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", str(code))[:64] or "unknown"


def _one_line(reason: str) -> str:
    """A newline in a WARC header or a JSON line reader's log would break the record."""
    return " ".join(str(reason).split())[:_MAX_REASON]


class _Sink(Protocol):
    path: Path

    def keep(self, response: Response, code: str, reason: str) -> None: ...

    def close(self) -> None: ...


class _WarcSink:
    def __init__(self, path: str) -> None:
        self.recorder = WarcRecorder(path, software=f"vnnews-crawler/{__version__} (Scrapy, warcio)")
        self.path = self.recorder.path

    def keep(self, response: Response, code: str, reason: str) -> None:
        request = response.request
        self.recorder.write(
            response.url,
            response.status,
            _header_pairs(response.headers, drop=_DROPPED_HEADERS),
            response.body,
            method=request.method if request is not None else "GET",
            request_headers=_header_pairs(request.headers) if request is not None else (),
            request_body=request.body if request is not None else b"",
            protocol=response.protocol or "HTTP/1.1",
            ip_address=str(response.ip_address) if response.ip_address else None,
            warc_headers={"WARC-Refusal-Code": code, "WARC-Refusal-Reason": reason},
        )

    def close(self) -> None:
        self.recorder.close()


class _DirectorySink:
    def __init__(self, path: str) -> None:
        self.path = Path(path).expanduser()
        self.path.mkdir(parents=True, exist_ok=True)
        self._index: IO[str] | None = (self.path / "index.jsonl").open("a", encoding="utf-8")

    def keep(self, response: Response, code: str, reason: str) -> None:
        if self._index is None:
            raise ValueError("closed")
        rel = f"{code}/{hashlib.sha1(response.url.encode('utf-8')).hexdigest()}.html"
        (self.path / code).mkdir(exist_ok=True)
        (self.path / rel).write_bytes(response.body)
        ctype = response.headers.get("Content-Type")
        line = {
            "url": response.url,
            "file": rel,
            "status": response.status,
            **({"content_type": ctype.decode("latin-1")} if ctype else {}),
            "code": code,
            "reason": reason,
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._index.write(json.dumps(line, ensure_ascii=False) + "\n")
        self._index.flush()  # a killed crawl leaves an index of every page written so far

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None


class KeepRejected:
    """Writes each ``page_rejected`` page to ``KEEP_REJECTED``; counts ``rejected/kept[/<code>]``."""

    def __init__(self, crawler: Crawler, sink: _Sink, max_pages: int) -> None:
        self.crawler = crawler
        self.sink: _Sink | None = sink
        self.max_pages = max_pages
        self.kept = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KeepRejected:
        template = crawler.settings.get("KEEP_REJECTED")
        if not template:
            raise NotConfigured  # no message: Scrapy would log one on every crawl
        name = crawler.spider.name if crawler.spider is not None else "crawl"
        try:
            path = record_path(str(template), name)
            warc = path.lower().endswith((".warc", ".warc.gz"))
            sink: _Sink = _WarcSink(path) if warc else _DirectorySink(path)
        except (OSError, KeyError, ValueError, TypeError) as exc:
            logger.critical("KEEP_REJECTED path not writable: %s (%s)", template, exc)
            raise KeepRejectedPathError(f"KEEP_REJECTED path not writable: {template} ({exc})") from exc
        logger.info("Keeping rejected article pages in %s", sink.path)
        ext = cls(crawler, sink, crawler.settings.getint("KEEP_REJECTED_MAX_PAGES", 10_000))
        crawler.signals.connect(ext.page_rejected, signal=page_rejected)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def page_rejected(self, response: Response, code: str, reason: str) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if self.sink is None:
            return
        if self.kept >= self.max_pages:
            if not stats.get_value("rejected/not_kept_over_max"):
                logger.warning(
                    "KEEP_REJECTED_MAX_PAGES=%d reached: further rejected pages are not kept", self.max_pages
                )
            stats.inc_value("rejected/not_kept_over_max")
            return
        code = _safe_code(code)
        try:
            self.sink.keep(response, code, _one_line(reason))
        except Exception:  # a full disk must not stop the crawl: logged and counted
            logger.exception("Could not keep rejected page %s", response.url)
            stats.inc_value("rejected/errors")
            return
        self.kept += 1
        stats.inc_value("rejected/kept")
        stats.inc_value(f"rejected/kept/{code}")

    def spider_closed(self) -> None:
        if self.sink is not None:
            logger.info("Kept %d rejected article pages in %s", self.kept, self.sink.path)
            self.sink.close()
            self.sink = None
