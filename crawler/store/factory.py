"""The crawl's one seen/dedupe store, of the class the ``STATE_STORE_CLASS`` setting names.

The class is a setting, as Scrapy's ``HTTPCACHE_STORAGE`` is, so that one component decides which
backend a crawl uses: the settings module names the SQLite store, and the scale-out add-on
(:mod:`crawler.scale.addon`) names the Redis one when ``REDIS_URL`` is set. Every user of the store
(incremental middleware, dedupe and export pipelines) asks here and never tests ``REDIS_URL``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy.utils.misc import load_object

from crawler import settings as project_settings

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.store.rules import StateStore


def for_crawler(crawler: Crawler) -> StateStore:
    """The store shared by this crawl's components (``<class>.for_crawler``, one per crawler).

    A crawler built without the project settings (a test's ``get_crawler``, an embedding script)
    gets the project's default class, so the default is written once, in ``crawler/settings.py``.
    """
    path = crawler.settings.get("STATE_STORE_CLASS") or project_settings.STATE_STORE_CLASS
    store: StateStore = load_object(path).for_crawler(crawler)
    return store
