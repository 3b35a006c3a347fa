"""Serve every request from a saved archive (``-s REPLAY=path``) so that a crawl never touches the network.

At priority 950 this middleware's ``process_request`` runs after all of Scrapy's built-in ones
(robots.txt, user agent, retry, redirect, compression, stats, cache all sit below 950), and the
response it returns short-circuits the download: the downloader's slot queue, and with it
``DOWNLOAD_DELAY``/AutoThrottle waits, is never entered. Scrapy 2.19's
``DownloaderMiddlewareManager.download_async`` then passes that response through the
``process_response`` of *every* enabled middleware, so redirects recorded as 3xx + ``Location``
are followed by RedirectMiddleware, and the robots.txt that RobotsTxtMiddleware asks for is served
from the archive too (a 404 when it is not archived, which allows everything).

Responses are looked up by URL only (method and body are ignored) and carry the request's URL,
even when the archive holds an equivalent form of it (``http``/``www.``, see ``crawler.replay``).
A URL that is not in the archive gets an empty 404 flagged ``["replay", "missing"]``; ``data:`` and
``file:`` URLs, which never use the network, pass through. A ``REPLAY`` path that does not exist
or cannot be read stops the crawl at start (``REPLAY path not found: ...``), never falling back to
the network.

Size limits: ``DOWNLOAD_MAXSIZE``/``DOWNLOAD_WARNSIZE`` (overridden by a spider's
``download_maxsize``/``download_warnsize`` attributes, which Scrapy 2.19 still honours with a
deprecation warning, and by the request meta keys of the same names; 0 disables a limit) apply to
replayed bodies as they do to downloaded ones, so that a replay drops the pages a live crawl would.
Scrapy's HTTP/1.1 handler counts the bytes received (after de-chunking, before decompression): over
the max size it logs a warning and fails the download with ``DownloadCancelledError``, over the warn
size it logs one warning per response. HttpCompressionMiddleware then applies the same two limits
to the *decompressed* body (``IgnoreRequest`` over the max size). An archive serves bodies already
decoded, so HttpCompressionMiddleware never sees them; this middleware checks the decoded length
(the larger of the two sizes a live crawl checks) with the handler's comparisons (``size > limit``)
and its outcome: a warning, the ``replay/maxsize_dropped`` stat and ``DownloadCancelledError``
(not retried by default, passed to the request's errback; Scrapy logs it as a download error),
or, over the warn size, one warning and ``replay/warnsize_exceeded``. Only a compressed record whose
stored size is under the max size but whose decoded size is over it fails differently from a live
crawl (``DownloadCancelledError`` instead of ``IgnoreRequest``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import DownloadCancelledError, NotConfigured
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.utils.httpobj import urlparse_cached

from crawler.replay import ArchiveError, Recorded, ReplayArchive

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_LOCAL_SCHEMES = frozenset({"data", "file"})


class ReplayPathError(RuntimeError):
    """``REPLAY`` names nothing readable: the crawl must stop, not fall back to the network."""


def open_replay_archive(path: str) -> ReplayArchive:
    """The archive ``REPLAY`` names, or a :class:`ReplayPathError` with a one-line message."""
    p = Path(path).expanduser()
    if not p.exists():
        raise ReplayPathError(f"REPLAY path not found: {p}")
    try:
        return ReplayArchive.open(p)
    except (ArchiveError, OSError) as exc:
        raise ReplayPathError(f"REPLAY archive unreadable: {exc}") from exc


class ReplayMiddleware:
    def __init__(self, crawler: Crawler, archive: ReplayArchive) -> None:
        self.crawler = crawler
        self.archive = archive
        self._missing: set[str] = set()
        self._maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        self._warnsize = crawler.settings.getint("DOWNLOAD_WARNSIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReplayMiddleware:
        path = crawler.settings.get("REPLAY")
        if not path:
            raise NotConfigured  # no message: Scrapy would log a warning on every crawl
        try:
            archive = open_replay_archive(str(path))
        except ReplayPathError as exc:
            # Logged here as well, because Scrapy reports a failing component with a traceback.
            logger.critical("%s", exc)
            raise
        logger.info("Replaying %d records from %s; no request goes to the network", len(archive), path)
        return cls(crawler, archive)

    def process_request(self, request: Request) -> Response | None:
        if urlparse_cached(request).scheme in _LOCAL_SCHEMES:
            return None
        stats = self.crawler.stats
        assert stats is not None
        try:
            recorded = self.archive.get(request.url)
        except Exception:  # a damaged record must not crash the crawl; it counts as missing
            logger.exception("Replay record of %s is unreadable", request.url)
            stats.inc_value("replay/errors")
            recorded = None
        if recorded is None:
            return self._missing_response(request)
        self._check_size(request, len(recorded.body))
        stats.inc_value("replay/served")
        return self._response(request, recorded)

    def _size_limits(self, request: Request) -> tuple[int, int]:
        """Max and warn size for ``request``, resolved in the order Scrapy's HTTP handler uses:
        request meta, else spider attribute, else setting."""
        spider = self.crawler.spider
        maxsize = request.meta.get("download_maxsize", getattr(spider, "download_maxsize", self._maxsize))
        warnsize = request.meta.get("download_warnsize", getattr(spider, "download_warnsize", self._warnsize))
        return int(maxsize or 0), int(warnsize or 0)

    def _check_size(self, request: Request, size: int) -> None:
        """Fail an over-size body as Scrapy fails an over-size download; warn over the warn size."""
        stats = self.crawler.stats
        assert stats is not None
        maxsize, warnsize = self._size_limits(request)
        if maxsize and size > maxsize:
            stats.inc_value("replay/maxsize_dropped")
            msg = (
                f"Replayed body of {request} is {size} bytes (decoded), larger than "
                f"download max size ({maxsize}); dropped as an over-size download would be"
            )
            logger.warning(msg)
            raise DownloadCancelledError(msg)
        if warnsize and size > warnsize:
            stats.inc_value("replay/warnsize_exceeded")
            logger.warning(
                "Replayed body of %s is %d bytes (decoded), larger than download warn size (%d)",
                request,
                size,
                warnsize,
            )

    @staticmethod
    def _response(request: Request, recorded: Recorded) -> Response:
        headers = Headers()
        for name, value in recorded.headers:
            headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=recorded.body)
        return cls(
            url=request.url,
            status=recorded.status,
            headers=headers,
            body=recorded.body,
            flags=["replay"],
            request=request,
        )

    def _missing_response(self, request: Request) -> Response:
        stats = self.crawler.stats
        assert stats is not None
        if urlparse_cached(request).path == "/robots.txt":
            stats.inc_value("replay/missing_robots")  # expected: most archives hold no robots.txt
        else:
            stats.inc_value("replay/missing")
            if request.url not in self._missing:
                self._missing.add(request.url)
                logger.info("Not in the replay archive, served as 404: %s", request.url)
        return TextResponse(
            url=request.url,
            status=404,
            body=b"",
            encoding="utf-8",
            flags=["replay", "missing"],
            request=request,
        )
