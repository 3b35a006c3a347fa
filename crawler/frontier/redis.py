"""The article frontier of :mod:`crawler.frontier.local`, shared by all workers of a crawl through Redis.

In one process, ``ArticleFrontier`` decides before a request exists whether to ask for an article
URL (again). With several workers that decision must be shared and must happen atomically with the
push, or a worker killed between the two would leave an article marked requested that no queue
holds. So here ``offer`` only applies the per-worker ``max_articles`` budget; article requests are
then sent through the scheduler's filter (``dont_filter=False``), whose Lua script keeps one state
per article URL (:mod:`crawler.scale.crawlstate`):

- a URL never seen in this crawl is queued;
- a newer ``lastmod`` for a URL still queued or in progress is remembered, and the pop hands the
  newest one to the incremental filter;
- a URL the incremental filter skipped is queued again only when a newer ``lastmod`` arrives
  (``skipped`` returns it at once if it arrived while the request was in progress);
- a fetched URL is not asked again in this crawl (the lease release records it, atomically with
  the release, so a worker killed before it leaves the article to be fetched again).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from crawler.frontier.base import BudgetedFrontier
from crawler.scale.crawlstate import CrawlState
from crawler.scale.redisconn import RedisUnavailable, url_digest

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


def article_digest(url: str) -> bytes | None:
    """The key of an article URL in the shared frontier (``ArticleFrontier.key``, digested)."""
    try:
        return url_digest(BudgetedFrontier.key(url))
    except ValueError:
        return None


class RedisFrontier(BudgetedFrontier):
    """Drop-in for ``ArticleFrontier`` in Redis mode (``shared``: requests go through the filter).
    ``limit`` is per worker: each worker downloads at most this many article pages."""

    shared = True

    def __init__(self, state: CrawlState, limit: int | None = None) -> None:
        super().__init__(limit)
        self.state = state
        self._offered: set[str] = set()

    @classmethod
    def for_crawler(cls, crawler: Crawler, *, limit: int | None = None) -> RedisFrontier:
        return cls(CrawlState.for_crawler(crawler), limit=limit)

    def __len__(self) -> int:
        return len(self._offered)

    def offer(self, url: str, lastmod: datetime | None) -> bool:
        """Whether to send a request for ``url``; the shared filter decides whether it is queued."""
        if self.limit is None:
            return True  # no budget to keep: nothing to remember in this process
        key = self.key(url)
        if key in self._offered:
            return True
        if not self._take_place():
            return False
        self._offered.add(key)
        return True

    def fetched(self, url: str) -> None:
        """Nothing to do: releasing the request's lease marks the article fetched (same script)."""

    def skipped(self, url: str) -> datetime | None:
        """Record a skip; return the lastmod to ask again with if a newer one arrived meanwhile."""
        digest = article_digest(url)
        if digest is None or self.state.down is not None:
            return None
        try:
            newer = self.state.article_skipped(digest)
        except RedisUnavailable:
            return None
        if newer is None:
            self._give_place_back()
            return None
        return datetime.fromtimestamp(newer, UTC)
