"""Record what a live crawl downloads into a WARC file (``-s RECORD=path.warc.gz``) for later replay.

At priority 940 this ``process_response`` runs before HttpCompressionMiddleware's (590 in Scrapy
2.19's DOWNLOADER_MIDDLEWARES_BASE; ``process_response`` runs from the highest priority down), so
it stores the body as it came over the wire, still gzip/br-encoded, with its ``Content-Encoding``
header; the replay reader decodes it. Twisted has already de-chunked the body, so
``Transfer-Encoding`` is dropped and ``Content-Length`` is set to the stored length.

Responses flagged ``replay`` (served from an archive) or ``cached`` (HTTP cache) are not recorded.
``RECORD`` may contain ``%(name)s`` (spider name) and ``%(time)s`` (UTC start time), as feed URIs
do; an existing file is overwritten. Each request+response pair is flushed when written, so a
killed crawl leaves a readable WARC up to its last complete record.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler import __version__
from crawler.replay import WarcRecorder

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Headers, Response

logger = logging.getLogger(__name__)

_NOT_RECORDED_FLAGS = frozenset({"replay", "cached"})


class RecordPathError(RuntimeError):
    """``RECORD`` names a file that cannot be written: stop rather than crawl unrecorded."""


def _header_pairs(headers: Headers, *, drop: frozenset[bytes] = frozenset()) -> list[tuple[str, str]]:
    pairs = []
    for name, values in headers.items():
        if name.lower() in drop:
            continue
        for value in values:
            try:
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                text = value.decode("latin-1")
            pairs.append((name.decode("latin-1"), text))
    return pairs


def record_path(template: str, spider_name: str, now: datetime | None = None) -> str:
    """``RECORD`` with ``%(name)s`` and ``%(time)s`` filled in."""
    if "%(" not in template:
        return template
    now = now or datetime.now(UTC)
    stamp = now.replace(microsecond=0, tzinfo=None).isoformat().replace(":", "-")
    return template % {"name": spider_name, "time": stamp}


class RecordMiddleware:
    def __init__(self, crawler: Crawler, recorder: WarcRecorder) -> None:
        self.crawler = crawler
        self.recorder: WarcRecorder | None = recorder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecordMiddleware:
        template = crawler.settings.get("RECORD")
        if not template:
            raise NotConfigured  # no message: Scrapy would log a warning on every crawl
        name = crawler.spider.name if crawler.spider is not None else "crawl"
        try:
            path = record_path(str(template), name)
            recorder = WarcRecorder(path, software=f"vnnews-crawler/{__version__} (Scrapy, warcio)")
        except (OSError, KeyError, ValueError, TypeError) as exc:
            logger.critical("RECORD path not writable: %s (%s)", template, exc)
            raise RecordPathError(f"RECORD path not writable: {template} ({exc})") from exc
        logger.info("Recording downloaded responses to %s", recorder.path)
        mw = cls(crawler, recorder)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def process_response(self, request: Request, response: Response) -> Response:
        if self.recorder is None or _NOT_RECORDED_FLAGS.intersection(response.flags):
            return response
        if urlparse_cached(request).scheme not in ("http", "https"):
            return response
        stats = self.crawler.stats
        assert stats is not None
        try:
            self.recorder.write(
                response.url,
                response.status,
                _header_pairs(response.headers, drop=frozenset({b"transfer-encoding"})),
                response.body,
                method=request.method,
                request_headers=_header_pairs(request.headers),
                request_body=request.body,
                protocol=response.protocol or "HTTP/1.1",
                ip_address=str(response.ip_address) if response.ip_address else None,
            )
        except Exception:  # a full disk must not stop the crawl: logged and counted
            logger.exception("Could not record %s", response.url)
            stats.inc_value("record/errors")
        else:
            stats.inc_value("record/written")
        return response

    def spider_closed(self) -> None:
        if self.recorder is not None:
            logger.info("Recorded %d responses to %s", self.recorder.written, self.recorder.path)
            self.recorder.close()
            self.recorder = None
