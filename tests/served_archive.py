"""A download handler that answers from an archive as if it were the network, for recording tests.

``-s REPLAY=`` responses are flagged ``replay`` and the record middleware leaves them out, so a
crawl that must be *recorded* cannot be a replayed one. This handler sits where Scrapy's HTTP
handler sits (``DOWNLOAD_HANDLERS``) and serves ``SERVED_ARCHIVE`` (any archive
``ReplayArchive.open`` reads; a URL not in it is a 404): every downloader middleware, the recorder
included, sees ordinary downloaded responses, and nothing reaches the network.

    scrapy crawl SPIDER -s SERVED_ARCHIVE=site.warc.gz \\
        -s 'DOWNLOAD_HANDLERS={"http": "tests.served_archive.ArchiveHandler", "https": "tests.served_archive.ArchiveHandler"}'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from crawler.replay import ReplayArchive

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

HANDLERS = '{"http": "tests.served_archive.ArchiveHandler", "https": "tests.served_archive.ArchiveHandler"}'


class ArchiveHandler(BaseDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.archive = self.open_archive(crawler)

    def open_archive(self, crawler: Crawler) -> ReplayArchive:
        return ReplayArchive.open(crawler.settings["SERVED_ARCHIVE"])

    async def download_request(self, request: Request) -> Response:
        recorded = self.archive.get(request.url)
        if recorded is None:
            headers = Headers({"Content-Type": "text/plain"})
            return Response(request.url, status=404, headers=headers, body=b"not found", request=request)
        headers = Headers(recorded.headers)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=recorded.body)
        return cls(
            url=request.url, status=recorded.status, headers=headers, body=recorded.body, request=request
        )
