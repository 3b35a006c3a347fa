"""Spidermon's extension, loaded only when ``SPIDERMON_ENABLED`` is on.

``EXTENSIONS`` lists this loader rather than ``spidermon.contrib.scrapy.extensions.Spidermon`` so
that Spidermon stays an optional install (the ``alerts`` extra): a crawl with alerts off never
imports it. With alerts on, the instance Scrapy gets is Spidermon's own extension, unchanged.

Its order (900) is after the drift alarm's (500): Scrapy calls the ``spider_closed`` handlers in
the order the extensions connected them, so the drift verdict is in the stats when the monitors
run (``FillRateMonitor`` also asks the drift extension directly if it is not).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class SpidermonWhenEnabled:
    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        if not crawler.settings.getbool("SPIDERMON_ENABLED"):
            raise NotConfigured
        try:
            from spidermon.contrib.scrapy.extensions import Spidermon
        except ImportError as exc:
            raise RuntimeError(
                f"SPIDERMON_ENABLED is on but Spidermon is not installed ({exc}): pip install -e '.[alerts]'"
            ) from exc
        return Spidermon.from_crawler(crawler)
