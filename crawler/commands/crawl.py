"""``scrapy crawl``, with clear answers to a bad command line and an exit status that tells a
failed crawl from a finished one.

This is Scrapy's own command (same options, same behaviour) plus:

- an unknown spider, an invalid ``-a`` argument (``since=2019-13-01``) or a ``REPLAY`` path that
  does not exist is one line on stderr (``scrapy crawl: error: ...``) and exit status 2, decided
  before the reactor starts (Scrapy would log a 25-line traceback of an asyncio task and exit 1);
- exit status 1 when the crawl could not start, or when ``finish_reason`` is one of
  ``CRAWL_FAILURE_REASONS`` (default: ``redis_unavailable``, ``export_error``): Scrapy exits 0
  whatever the ``finish_reason``, so a scheduler could not tell a crawl that lost its Redis or its
  disk from one that finished.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.spiderloader import get_spider_loader

from crawler.commands._common import (
    DEFAULT_FAILURE_REASONS,
    PreflightError,
    check_arguments,
    check_replay,
    check_spiders,
    failure_reasons,
    parse_spider_arguments,
)

if TYPE_CHECKING:
    import argparse

    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = ["DEFAULT_FAILURE_REASONS", "Command"]


class Command(ScrapyCrawlCommand):
    _crawler: Crawler | None = None
    _preflight_error: str | None = None

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        pairs, opts.spargs = list(opts.spargs), []  # parsed below, with a one-line error
        super().process_options(args, opts)
        try:
            opts.spargs = parse_spider_arguments(pairs)
            if len(args) == 1:  # Scrapy's own usage errors for none or several spiders stay
                assert self.settings is not None
                loader = get_spider_loader(self.settings)
                check_spiders(args, loader.list())
                check_replay(self.settings)
                check_arguments(loader.load(args[0]), opts.spargs)
        except PreflightError as exc:
            # Decided before scrapy.cmdline makes the crawler process, whose start-up logs lines.
            self._preflight_error = str(exc)
            self.requires_crawler_process = False

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if self._preflight_error is not None:
            print(f"scrapy crawl: error: {self._preflight_error}", file=sys.stderr)
            self.exitcode = 2
            return
        super().run(args, opts)
        crawler = self._crawler
        if self.exitcode or crawler is None or crawler.stats is None:
            return
        if crawler.stats.get_value("finish_reason") in failure_reasons(crawler.settings):
            self.exitcode = 1

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self._crawler = super()._create_crawler(spidercls)
        return self._crawler
