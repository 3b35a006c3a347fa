"""The do-nothing spider of the crawl benchmark: it downloads the sitemap and every page it lists,
and does nothing with them. Run with ``scrapy runspider bench/bare_spider.py -a sitemap=URL``."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response

_LOC = re.compile(rb"<loc>\s*([^<\s]+)\s*</loc>")


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, sitemap: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not sitemap:
            raise ValueError("-a sitemap=URL is required")
        self.sitemap = sitemap

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.sitemap, callback=self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        for loc in _LOC.findall(response.body):
            yield scrapy.Request(loc.decode("utf-8"), callback=self.parse_page, dont_filter=True)

    def parse_page(self, response: Response) -> None:
        return None
