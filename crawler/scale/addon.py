"""The one switch: ``REDIS_URL`` set means a shared crawl; unset means nothing here is used.

This add-on is the only code that decides anything on ``REDIS_URL`` (the Redis connection reads it
only as the address): it turns it into settings that name classes (``STATE_STORE_CLASS``,
``ARTICLE_FRONTIER_CLASS``, ``SCHEDULER``, ``DUPEFILTER_CLASS``), and the components read those.

A Scrapy add-on (``ADDONS`` in ``crawler/settings.py``) rather than a test in the settings module:
add-ons run once the crawler's settings are complete, so ``-s REDIS_URL=...`` on the command line
works as well as the ``REDIS_URL`` environment variable (read by the settings module) and a
scrapyd ``-d setting=REDIS_URL=...``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from scrapy.settings import SETTINGS_PRIORITIES

from crawler import settings as project_settings
from crawler.scale.redisconn import RedisUnavailable, check_url

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings


# The classes that hold a crawl's state, shared through Redis (defaults in crawler/settings.py).
REDIS_STATE_CLASSES = {
    "STATE_STORE_CLASS": "crawler.store.redis.RedisSeenStore",
    "ARTICLE_FRONTIER_CLASS": "crawler.frontier.redis.RedisFrontier",
}


class RedisScaleOut:
    """With ``REDIS_URL``: scrapy-redis's scheduler and dupefilter (our subclasses), the Redis seen
    store and article frontier, and the guard."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls()

    def update_settings(self, settings: BaseSettings) -> None:
        url = settings.get("REDIS_URL")
        if not url:
            return
        check_url(str(url))
        settings.set("SCHEDULER", "crawler.scale.scheduler.LeaseScheduler", "addon")
        settings.set("DUPEFILTER_CLASS", "crawler.scale.scheduler.RedisDupeFilter", "addon")
        for name, redis_class in REDIS_STATE_CLASSES.items():
            _replace_default(settings, name, redis_class)
        # A worker's exit never flushes the shared queue; the crawl's keys go when it is drained.
        settings.set("SCHEDULER_PERSIST", True, "addon")
        settings.setdefault_in_component_priority_dict("ITEM_PIPELINES", RedisGuardPipeline, 250)
        settings.setdefault_in_component_priority_dict("ITEM_PIPELINES", RedisWrittenPipeline, 850)


def _replace_default(settings: BaseSettings, name: str, value: str) -> None:
    """Set ``name`` to ``value`` while it still holds the project's default (or nothing).

    Unlike ``SCHEDULER``, whose default is Scrapy's, these defaults are in the project settings
    module, and its "project" priority outranks "addon": a plain ``set(..., "addon")`` would be
    ignored. So the default is replaced at the priority it has, and a class the user chose instead
    (``-s STATE_STORE_CLASS=...``, a spider's ``custom_settings``) wins, as a user's ``SCHEDULER`` does.
    """
    if settings.get(name) not in (None, getattr(project_settings, name)):
        return
    priority = max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES["addon"])
    settings.set(name, value, priority)


class RedisGuardPipeline:
    """Once Redis is gone, items cannot be checked against the seen store: drop them, counted, quietly.

    (Their requests stay leased in Redis, so a later run recovers them; without this, each item in
    flight at the failure would log a traceback from the dedupe pipeline.)
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        from crawler.scale.crawlstate import CrawlState

        if CrawlState.for_crawler(self.crawler).down is not None:
            self.crawler.stats.inc_value("item_dropped/redis_unavailable")
            raise DropItem("redis_unavailable", log_level="DEBUG")
        return item


class RedisWrittenPipeline:
    """Right after the export (800) wrote an item's line: mark this worker's claim on it as written.

    Item pipelines run back to back without yielding to the event loop, so nothing but this call's
    own few dozen microseconds separates the write from the mark; the store records the item only
    an event-loop turn later (``item_scraped``). See ``RedisSeenStore.confirm_written`` for what a
    killed worker leaves behind.
    """

    def __init__(self, crawler: Crawler) -> None:
        from crawler.store.redis import RedisSeenStore

        self.store = RedisSeenStore.for_crawler(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        # The line is written whatever happens here; at worst a killed worker's copy is emitted twice.
        with contextlib.suppress(RedisUnavailable, ValueError, TypeError):
            self.store.confirm_written(item if isinstance(item, Mapping) else ItemAdapter(item))
        return item
