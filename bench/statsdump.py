"""A Scrapy extension for the benchmarks: write the crawl's final stats as JSON.

Enabled only with ``-s BENCH_STATS_FILE=path`` (plus ``-s EXTENSIONS={"bench.statsdump.StatsDump": 990}``),
so that a benchmark reads numbers, not log lines.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class StatsDump:
    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsDump:
        path = crawler.settings.get("BENCH_STATS_FILE")
        if not path:
            raise NotConfigured
        ext = cls(crawler, Path(path))
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def engine_stopped(self) -> None:
        stats: dict[str, Any] = dict(self.crawler.stats.get_stats())
        start, finish = stats.get("start_time"), stats.get("finish_time")
        if (
            "elapsed_time_seconds" not in stats
            and isinstance(start, datetime)
            and isinstance(finish, datetime)
        ):
            stats["elapsed_time_seconds"] = (finish - start).total_seconds()
        self.path.write_text(json.dumps(stats, default=str, indent=1, sort_keys=True), encoding="utf-8")
