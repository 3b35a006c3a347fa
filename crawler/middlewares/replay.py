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
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.exceptions import NotConfigured
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
        stats.inc_value("replay/served")
        return self._response(request, recorded)

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
