"""Incremental crawling: article pages already stored are not downloaded again.

Scheduled runs re-discover the same article URLs in feeds, sitemaps and listings every time; only
new ones, young ones (which papers still revise: RECHECK_DAYS) and ones whose sitemap/feed
``lastmod`` is newer than our last fetch are downloaded. The state is the crawl's ``StateStore``,
the same instance the dedupe pipeline writes to. Only requests marked
``meta["page_kind"] == "article"`` (keys and kinds: :mod:`crawler.requestmeta`) are considered:
listings and feeds must always be fetched to discover what is new.
"""

from __future__ import annotations

import logging
import secrets
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.requestmeta import (
    FRONTIER_KEY,
    INCREMENTAL_DECISION,
    INCREMENTAL_FORCE,
    KIND_ARTICLE,
    LASTMOD,
    PAGE_KIND,
)
from crawler.store import FetchDecision, StateStore, for_crawler

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

_COUNTERS = {
    FetchDecision.SKIP: "incremental/skipped",
    FetchDecision.RECENT: "incremental/refetch_recent",
    FetchDecision.LASTMOD: "incremental/refetch_lastmod",
}


_FETCHED = {d.value: d for d in FetchDecision if d.fetch}
# Decisions the spider took in this process. A request that waited in a persisted queue (JOBDIR, a
# shared Redis crawl) carries one of an earlier process, taken before the article may have been
# stored: the store is asked again.
PROCESS_TOKEN = secrets.token_hex(6)


def decision_meta(decision: FetchDecision) -> str:
    """The ``INCREMENTAL_DECISION`` value for a decision taken now, in this process."""
    return f"{decision.value}@{PROCESS_TOKEN}"


def recheck_window(settings: BaseSettings) -> tuple[timedelta, timedelta]:
    """``(RECHECK_DAYS, RECHECK_EVERY_HOURS)`` as durations: the one reading of the two settings,
    for this middleware and for the spider's batched decisions."""
    recheck = timedelta(days=max(0.0, settings.getfloat("RECHECK_DAYS", 2.0)))
    every = timedelta(hours=max(0.0, settings.getfloat("RECHECK_EVERY_HOURS", 0.0)))
    return recheck, every


class IncrementalSkipMiddleware:
    """Downloader middleware: ``IgnoreRequest`` for stored, old, unchanged article URLs."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("INCREMENTAL_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.stats = crawler.stats
        self.recheck, self.recheck_every = recheck_window(crawler.settings)
        self._store: StateStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def store(self) -> StateStore:
        if self._store is None:
            self._store = for_crawler(self.crawler)
        return self._store

    def process_request(self, request: Request) -> None:
        if request.meta.get(PAGE_KIND) != KIND_ARTICLE or request.meta.get(INCREMENTAL_FORCE):
            return
        value, _, token = str(request.meta.get(INCREMENTAL_DECISION) or "").partition("@")
        if token == PROCESS_TOKEN and value in _FETCHED:  # the spider asked for the page's links at once
            counter = _COUNTERS.get(_FETCHED[value])
            if counter:
                self.stats.inc_value(counter)
            return
        decision = self.store.fetch_decision(
            request.url,
            now=datetime.now(UTC),
            lastmod=request.meta.get(LASTMOD),
            recheck=self.recheck,
            recheck_every=self.recheck_every,
            key=request.meta.get(FRONTIER_KEY),
        )
        counter = _COUNTERS.get(decision)
        if counter:
            self.stats.inc_value(counter)
        if not decision.fetch:
            logger.debug("Skipped stored article %s", request.url)
            raise IgnoreRequest(f"already stored: {request.url}")

    def process_response(self, request: Request, response: Response) -> Response:
        """Remember the ``lastmod`` of a downloaded article: the next run compares against it."""
        lastmod = request.meta.get(LASTMOD)
        if lastmod is not None and response.status == 200 and request.meta.get(PAGE_KIND) == KIND_ARTICLE:
            self.store.note_lastmod(request.url, lastmod)
        return response
