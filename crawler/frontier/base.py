"""The part of an article frontier that does not depend on where its state lives: the key of an
article URL and this process's ``max_articles`` budget. The in-process frontier
(``crawler.frontier.local.ArticleFrontier``) and the Redis one (``crawler.frontier.redis.RedisFrontier``)
both build on it, so the budget rules exist once."""

from __future__ import annotations

from datetime import datetime

from crawler.urls import normalize_url


class BudgetedFrontier:
    """An article URL's key, and the budget: a request takes a place, a skip by the incremental
    filter gives it back."""

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit  # article pages to download at most; skipped ones give their place back
        self._used = 0

    @property
    def full(self) -> bool:
        return self.limit is not None and self._used >= self.limit

    shared = False  # True: the shared scheduler's filter, not this object, decides what is asked twice

    def knows(self, url: str) -> bool:
        """Whether ``url`` was already taken in this run (asked for, fetched or skipped). A shared
        frontier cannot tell without a round trip and answers False: the store still knows."""
        return False

    def in_flight(self, url: str) -> bool:
        """Whether a request for ``url`` was sent in this run and has not come back yet."""
        return False

    def note_skipped(self, url: str, lastmod: datetime | None) -> None:
        """The store said before any request that ``url`` need not be fetched: remember it as a
        skip, so a newer lastmod can still ask for it (nothing to keep for a shared frontier)."""

    @staticmethod
    def key(url: str) -> str:
        return normalize_url(url)

    def _take_place(self) -> bool:
        """Count one more article request, unless the budget is spent."""
        if self.full:
            return False
        self._used += 1
        return True

    def _give_place_back(self) -> None:
        self._used = max(0, self._used - 1)
