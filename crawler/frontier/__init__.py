"""The article frontier: which article URLs to request, and when to ask again.

One job per module, as in :mod:`crawler.store`:

- :mod:`.base`: ``BudgetedFrontier``, what every frontier shares: an article URL's key and the
  ``max_articles`` budget;
- :mod:`.local`: ``ArticleFrontier``, the in-process frontier of a single-worker crawl;
- :mod:`.redis`: ``RedisFrontier``, the frontier shared by the workers of a crawl through Redis. It
  needs the Redis client and :mod:`crawler.scale`, so it is imported only when the crawl is shared
  (``ARTICLE_FRONTIER_CLASS``) and is not re-exported here.
"""

from __future__ import annotations

from crawler.frontier.base import BudgetedFrontier
from crawler.frontier.local import ArticleFrontier

__all__ = ["ArticleFrontier", "BudgetedFrontier"]
