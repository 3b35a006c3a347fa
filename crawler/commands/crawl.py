"""``scrapy crawl``, with a non-zero exit status when the crawl stopped because of a failure.

Scrapy exits 0 whatever the ``finish_reason``; a scheduler (cron, systemd, scrapyd, CI) can then
not tell a shared crawl that lost its Redis from one that finished. This is Scrapy's own command
(same options, same behaviour) plus: exit status 1 when ``finish_reason`` is one of
``CRAWL_FAILURE_REASONS`` (default: ``redis_unavailable``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

if TYPE_CHECKING:
    import argparse

    from scrapy import Spider
    from scrapy.crawler import Crawler

DEFAULT_FAILURE_REASONS = ("redis_unavailable",)


class Command(ScrapyCrawlCommand):
    _crawler: Crawler | None = None

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._crawler = super()._create_crawler(spidercls)
        return self._crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        crawler = self._crawler
        if self.exitcode or crawler is None or crawler.stats is None:
            return
        failures = crawler.settings.getlist("CRAWL_FAILURE_REASONS", list(DEFAULT_FAILURE_REASONS))
        if crawler.stats.get_value("finish_reason") in failures:
            self.exitcode = 1
