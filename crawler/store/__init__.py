"""The persistent seen/dedupe state: which articles were emitted, under which URLs, in which version.

One store per crawl is shared by the incremental-skip downloader middleware (should this URL be
fetched at all?) and the dedupe pipeline (is this item new, unchanged or a revision? a near-duplicate
of another article?). The default backend is an SQLite file next to the output: WAL journal, one
short transaction per write, so that a killed crawl leaves a consistent database (SQLite's atomic
commit) and at worst forgets the last few records, which only makes the next run re-emit them.

``StateStore`` is the interface; a Redis-backed store for several workers must keep the same
semantics (see ``SeenStore`` for the reference behaviour).

One job per module:

- :mod:`.rules`: what every store shares: the interface and its value types, the fetch rules
  (``decide``), URL and id keys, SimHash bands;
- :mod:`.paths`: the per-spider output directory and the state file's path;
- :mod:`.sqlite`: ``SeenStore`` (SQLite), one per crawl through ``SeenStore.for_crawler``;
- :mod:`.redis`: ``RedisSeenStore``, imported only when the crawl is shared through Redis (it needs
  the Redis client and :mod:`crawler.scale`), so it is not re-exported here;
- :mod:`.factory`: ``for_crawler``, the crawl's one store, of the class ``STATE_STORE_CLASS``
  names (the SQLite store by default, the Redis one when the scale-out add-on sets it).

This package re-exports the public names, so callers import from ``crawler.store``.
"""

from __future__ import annotations

from crawler.store.factory import for_crawler
from crawler.store.paths import safe_path_component, spider_name, spider_output_dir, state_db_path
from crawler.store.rules import (
    LASTMOD_TOLERANCE,
    NEAR_DUP_BANDS,
    NEAR_DUP_MAX_DISTANCE,
    VN_TZ,
    FetchDecision,
    Outcome,
    StateStore,
    Status,
    StoredArticle,
    StoredRef,
    as_aware,
    bands,
    decide,
    hamming,
    url_key,
)
from crawler.store.sqlite import SCHEMA_VERSION, SeenStore

__all__ = [
    "LASTMOD_TOLERANCE",
    "NEAR_DUP_BANDS",
    "NEAR_DUP_MAX_DISTANCE",
    "SCHEMA_VERSION",
    "VN_TZ",
    "FetchDecision",
    "Outcome",
    "SeenStore",
    "StateStore",
    "Status",
    "StoredArticle",
    "StoredRef",
    "as_aware",
    "bands",
    "decide",
    "for_crawler",
    "hamming",
    "safe_path_component",
    "spider_name",
    "spider_output_dir",
    "state_db_path",
    "url_key",
]
