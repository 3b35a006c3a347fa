"""Scale-out: several ``scrapy crawl`` workers on any number of machines share one crawl through Redis.

One switch turns it on: ``REDIS_URL`` (environment or ``-s REDIS_URL=redis://host:6379/0``). The
add-on (:mod:`crawler.scale.addon`) then swaps in scrapy-redis's scheduler and dupefilter, in the
subclasses of :mod:`crawler.scale.scheduler`, and sets ``STATE_STORE_CLASS`` to the Redis seen store
(:mod:`crawler.store.redis`) and ``ARTICLE_FRONTIER_CLASS`` to the shared frontier
(:mod:`crawler.frontier.redis`). Without ``REDIS_URL`` nothing here is imported.

What our subclasses add to scrapy-redis 0.9.1 (see ``shared/research/stack.md`` section 3):

- **Leases** (:mod:`crawler.scale.crawlstate`). A worker pops a request and, in the same Lua
  script, files it under its own in-flight hash. The lease is released only when Scrapy is done
  with the request (response scraped, items written and recorded, follow-up requests queued). Each
  worker keeps a heartbeat key with a TTL; any worker re-queues the leases of a worker whose
  heartbeat expired (killed, OOM, lost machine). scrapy-redis alone loses those requests.
- **Crawl end.** A worker that runs dry waits while any worker still holds leases (their responses
  may yield more requests); when the queue is empty and nothing is in flight anywhere, the crawl is
  finished and its per-crawl keys (page fingerprints, article states) are deleted, so the next
  scheduled run starts fresh. The seen store persists across runs.
- **Seeds through the shared filter.** Our spider's ``async def start()`` yields seeds that are
  filtered like any page: two workers that start together fetch each seed once. Page fingerprints
  expire (``REDIS_PAGE_REFRESH_SECONDS``), so a worker that joins a long crawl refreshes feeds.
- **Articles**: one state per article URL per crawl (queued, in progress with its ``lastmod``,
  skipped with its ``lastmod``, fetched), decided atomically with the push; this is
  ``crawler/frontier/local.py``'s semantics shared by all workers (:mod:`crawler.frontier.redis`).
- **No article twice** across workers: the seen store's ``classify`` claims an item for the worker
  that is writing it, and the claim is marked written right after the line is (so a copy of a
  killed worker's written-but-unrecorded article is recorded, not written again) - see
  :mod:`crawler.store.redis`. Merging the workers' files: ``scrapy merge`` (:mod:`.merge`).
- **Redis failure**: one ERROR line with the password masked, and the crawl stops with
  ``finish_reason`` ``redis_unavailable`` (``scrapy crawl`` exits 1); items already written stay in
  the worker's file.

Keys live under ``<REDIS_KEY_PREFIX>:<spider>:crawl:*`` (one crawl of one spider) and
``<REDIS_KEY_PREFIX>:seen:*`` (the seen store, shared by all spiders, as ids carry their site).
The Lua scripts build per-worker key names at run time: one Redis server, not Redis Cluster.
"""
