"""A progress line for long runs: where the crawl is, and for a backfill how much of its range is
covered and how long the rest should take.

A backfill of years runs for days; Scrapy's own LogStats line ("Crawled N pages, scraped M
items") says nothing about which days are done. Every ``PROGRESS_INTERVAL`` seconds (default 60,
0: off) this logs one INFO line such as::

    Progress: 212 listing pages, 3,410 articles found, 3,102 written; reached 2019-03-02;
    range 2019-01-01..2019-12-31 41% covered, about 2h10m left

The figures come from the crawl's stats and the spider's ``progress()`` (``NewsSpider``).
"""

from __future__ import annotations

import logging
import time
from datetime import date
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def format_eta(seconds: float | None) -> str | None:
    if seconds is None or seconds < 0 or seconds != seconds:  # NaN
        return None
    minutes = int(seconds // 60)
    if minutes < 1:
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days}d{hours}h"
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"


def eta_seconds(share: float | None, elapsed: float) -> float | None:
    """Time left at the rate so far: the covered share grew from 0 to ``share`` in ``elapsed``."""
    if share is None or share <= 0 or elapsed <= 0:
        return None
    return elapsed * (1 - share) / share if share < 1 else 0.0


def progress_line(stats: dict[str, Any], report: dict[str, Any], elapsed: float) -> str:
    """The progress line from the crawl's stats and the spider's ``progress()`` report."""
    parts = [
        f"{stats.get('listing/pages', 0):,} listing pages",
        f"{report.get('articles_found', 0):,} articles found",
        f"{stats.get('item_scraped_count', 0):,} written",
    ]
    reached = report.get("reached")
    if isinstance(reached, date):
        parts.append(f"reached {reached.isoformat()}")
    line = "Progress: " + ", ".join(parts)
    coverage = report.get("coverage")
    if coverage:
        share = coverage.get("share")
        span = f"{coverage.get('since') or '…'}..{coverage.get('until') or 'today'}"
        if share is None:
            line += f"; range {span}: searching"
        else:
            line += f"; range {span} {share:.0%} covered"
            left = format_eta(eta_seconds(share, elapsed))
            if left and share < 1:
                line += f", about {left} left"
    return line


class CrawlProgress:
    """Logs ``progress_line`` every ``PROGRESS_INTERVAL`` seconds while the spider runs."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.started = time.monotonic()
        self._task: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        interval = crawler.settings.getfloat("PROGRESS_INTERVAL", 60.0)
        if interval <= 0:
            raise NotConfigured
        ext = cls(crawler, interval)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        self._task = task.LoopingCall(self.log)
        self._task.start(self.interval, now=False)

    def log(self) -> None:
        spider = getattr(self.crawler, "spider", None)
        progress = getattr(spider, "progress", None)
        report = progress() if callable(progress) else {}
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        logger.info(progress_line(stats, report, time.monotonic() - self.started))

    def spider_closed(self) -> None:
        if self._task is not None and self._task.running:
            self._task.stop()
