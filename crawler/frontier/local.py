"""Which article URLs to request, and when to ask again.

The same article reaches the spider from a feed, a listing and a sitemap, in any order, and only
the sitemap's ``lastmod`` tells the incremental filter that a stored article was revised. Scrapy's
dupefilter would drop the later, better-informed request; this frontier instead keeps one state
per article URL and asks again only when a newer ``lastmod`` arrives for a URL whose earlier
request was skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from crawler.frontier.base import BudgetedFrontier

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler


class State(Enum):
    PENDING = "pending"  # requested, not yet downloaded or skipped
    FETCHED = "fetched"  # downloaded in this run: its content is current
    SKIPPED = "skipped"  # the incremental filter did not download it


@dataclass
class Entry:
    state: State
    lastmod: datetime | None  # the lastmod the latest request carried
    wanted: datetime | None  # the newest lastmod seen for the URL since


def _newer(a: datetime | None, b: datetime | None) -> bool:
    """True when ``a`` is a lastmod strictly newer than ``b`` (no lastmod is never newer)."""
    return a is not None and (b is None or a > b)


# Fetched articles remembered at most (the newest): a backfill of years fetches hundreds of
# thousands, and one met again after that many others is settled by the store (stored: no request).
KEEP_FETCHED = 10_000


class ArticleFrontier(BudgetedFrontier):
    def __init__(self, limit: int | None = None, *, keep_fetched: int = KEEP_FETCHED) -> None:
        super().__init__(limit)
        self._entries: dict[str, Entry] = {}
        self._fetched: dict[str, None] = {}  # keys of fetched or store-skipped entries, oldest first
        self.keep_fetched = max(1, keep_fetched)
        self.found = 0  # distinct article URLs taken in this run

    @classmethod
    def for_crawler(cls, crawler: Crawler, *, limit: int | None = None) -> Self:
        """A fresh frontier for one spider: the ``ARTICLE_FRONTIER_CLASS`` factory, as the Redis
        frontier has it (this one needs nothing from the crawler: its state lives in the process)."""
        return cls(limit=limit, keep_fetched=crawler.settings.getint("FRONTIER_KEEP_FETCHED", KEEP_FETCHED))

    def __len__(self) -> int:
        return self.found

    def offer(self, url: str, lastmod: datetime | None) -> bool:
        """Whether a request for ``url`` should be sent now (and record that it is)."""
        key = self.key(url)
        entry = self._entries.get(key)
        if entry is None:
            if not self._take_place():
                return False
            self._entries[key] = Entry(State.PENDING, lastmod, lastmod)
            self.found += 1
            return True
        if _newer(lastmod, entry.wanted):
            entry.wanted = lastmod
        if entry.state is State.SKIPPED and _newer(entry.wanted, entry.lastmod) and self._take_place():
            entry.state, entry.lastmod = State.PENDING, entry.wanted
            return True
        return False

    def knows(self, url: str) -> bool:
        return self.key(url) in self._entries

    def in_flight(self, url: str) -> bool:
        entry = self._entries.get(self.key(url))
        return entry is not None and entry.state is State.PENDING

    def note_skipped(self, url: str, lastmod: datetime | None) -> None:
        key = self.key(url)
        if key not in self._entries:
            self._entries[key] = Entry(State.SKIPPED, lastmod, lastmod)
            self._settled(key)

    def fetched(self, url: str) -> None:
        key = self.key(url)
        entry = self._entries.get(key)
        if entry is not None:
            entry.state = State.FETCHED
            self._settled(key)

    def _settled(self, key: str) -> None:
        """Remember ``key`` among the settled entries; forget the oldest beyond ``keep_fetched``
        (one met again is then looked up in the store, which knows it)."""
        self._fetched[key] = None
        if len(self._fetched) > self.keep_fetched:
            oldest = next(iter(self._fetched))
            del self._fetched[oldest]
            old = self._entries.get(oldest)
            if old is not None and old.state is not State.PENDING:
                del self._entries[oldest]

    def skipped(self, url: str) -> datetime | None:
        """Record a skip; return the lastmod to ask again with if a newer one arrived meanwhile."""
        entry = self._entries.get(self.key(url))
        if entry is None or entry.state is not State.PENDING:
            return None
        if _newer(entry.wanted, entry.lastmod):
            entry.lastmod = entry.wanted
            return entry.wanted
        entry.state = State.SKIPPED
        self._give_place_back()
        return None
