"""scrapy-redis's scheduler, queue and dupefilter, fixed for Scrapy 2.19 and made safe for several workers.

scrapy-redis 0.9.1 pops a request and forgets it (a SIGKILL loses everything in flight), flushes the
shared queue when any one worker closes with ``SCHEDULER_PERSIST=False``, clears the shared
dupefilter in ``close()``, and calls APIs Scrapy 2.19 deprecates (``stats.inc_value(spider=)``,
``Spider.log``). These subclasses keep its serialisation, fingerprints and connection handling and
replace the rest:

- every push is one Lua script that checks the shared filter and queues the request together;
- every pop leases the request to this worker (:class:`~crawler.scale.crawlstate.CrawlState`); the
  lease is released when the engine is done with the request (its response scraped, items written,
  follow-ups queued) and re-queued by any worker if this one dies;
- the queue persists when a worker closes; the crawl's keys are cleared only when the whole crawl is
  drained (see ``_on_idle``).

Requests with ``meta["page_kind"] == "article"`` and ``dont_filter=False`` are filtered by article
state (``crawler/frontier/local.py`` semantics, shared); other requests by scrapy-redis's
fingerprint with an expiry (``REDIS_PAGE_REFRESH_SECONDS``); ``dont_filter=True`` requests
(retries) are queued as is.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler.frontier.redis import article_digest
from crawler.requestmeta import KIND_ARTICLE, LASTMOD, PAGE_KIND
from crawler.scale.crawlstate import CrawlState
from crawler.scale.redisconn import RedisUnavailable
from crawler.store import as_aware

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

WAIT_LOG_EVERY = 10.0  # seconds between "waiting for other workers" lines
IDLE_POLL_SECONDS = 0.2  # an idle worker looks at the shared crawl this often (a busy one never idles)


def _lastmod_epoch(value: Any) -> float | None:
    aware = as_aware(value)
    return aware.timestamp() if aware is not None else None


class RedisDupeFilter(RFPDupeFilter):
    """scrapy-redis's request fingerprint, with an expiry instead of a set that only ever grows.

    The scheduler checks and records fingerprints in its atomic push; ``request_seen`` is the same
    check for use outside it. ``close`` does not clear anything: other workers still use the keys.
    """

    def __init__(self, server: Any, key: str, debug: bool = False, refresh_seconds: float = 3600.0) -> None:
        super().__init__(server, key, debug=debug)
        self.refresh_seconds = refresh_seconds

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        state = CrawlState.for_crawler(crawler)
        return cls(
            state.client,
            state.keys.pages,
            debug=crawler.settings.getbool("DUPEFILTER_DEBUG"),
            refresh_seconds=state.page_refresh_seconds,
        )

    @classmethod
    def from_spider(cls, spider: Spider) -> Self:
        return cls.from_crawler(spider.crawler)

    def request_seen(self, request: Request) -> bool:
        fp = self.request_fingerprint(request)
        now = time.time()
        expiry = self.server.zscore(self.key, fp)
        if expiry is not None and expiry > now:
            return True
        self.server.zadd(self.key, {fp: now + self.refresh_seconds})
        return False

    def close(self, reason: str = "") -> None:
        """Shared with other workers: cleared when the crawl is drained, not when one worker stops."""


class LeaseQueue(PriorityQueue):
    """scrapy-redis's priority queue encoding; pushes and pops go through the crawl state (leases)."""

    def __init__(self, state: CrawlState, spider: Spider, serializer: Any = None) -> None:
        super().__init__(state.client, spider, state.keys.queue, serializer=serializer)
        self.state = state

    def __len__(self) -> int:
        return self.state.queued()

    def push(self, request: Request) -> None:
        self.state.push(self._encode_request(request), -request.priority)

    def pop(self, timeout: int = 0) -> Request | None:  # pragma: no cover - the scheduler leases instead
        raise NotImplementedError("LeaseScheduler pops with a lease; use LeaseScheduler.next_request()")

    def encode(self, request: Request) -> bytes:
        return self._encode_request(request)

    def decode(self, data: bytes) -> Request:
        return self._decode_request(data)


class LeaseScheduler(Scheduler):
    def __init__(
        self, crawler: Crawler, state: CrawlState, dupefilter: RedisDupeFilter, **kwargs: Any
    ) -> None:
        super().__init__(
            server=state.client,
            persist=True,  # a worker's exit never flushes the shared queue (see _on_idle for crawl end)
            queue_key=state.keys.queue,
            dupefilter=dupefilter,
            dupefilter_key=state.keys.pages,
            idle_before_close=0,  # a blocking pop would stall the reactor
            **kwargs,
        )
        self.crawler = crawler
        self.state = state
        self.stats = crawler.stats
        self.tick_seconds = max(0.05, min(1.0, state.lease_ms / 3000))
        self._leases: dict[Request, str] = {}
        self._loop: task.LoopingCall | None = None
        self._last_wait_log = 0.0
        self._finished = False
        crawler.signals.connect(self._on_idle, signal=signals.spider_idle)
        crawler.signals.connect(self._on_opened, signal=signals.spider_opened)

    @classmethod
    def from_settings(cls, settings: Any) -> Self:  # pragma: no cover - scrapy-redis's other entry point
        raise TypeError("LeaseScheduler needs the crawler: it is built with from_crawler()")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        """No connection here (scrapy-redis pings in its constructor): Redis is checked in ``open``."""
        state = CrawlState.for_crawler(crawler)
        serializer = crawler.settings.get("SCHEDULER_SERIALIZER")
        if isinstance(serializer, str):
            import importlib

            serializer = importlib.import_module(serializer)
        return cls(crawler, state, RedisDupeFilter.from_crawler(crawler), serializer=serializer)

    # -- lifecycle -------------------------------------------------------------------------------

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = LeaseQueue(self.state, spider, serializer=self.serializer)
        self._hook_engine()
        self.stats.set_value("redis/url", self.state.masked_url)
        self.stats.set_value("redis/worker", self.state.worker)
        try:
            created, queued, inflight = self.state.join()
            recovered, dead = self.state.reap()
        except RedisUnavailable:
            return  # logged once by the crawl state; _on_opened stops the crawl
        self.stats.set_value("redis/crawl_id", self.state.crawl_id)
        logger.info(
            "%s shared crawl %s at %s as worker %s (%d requests queued, %d in flight elsewhere)",
            "Started" if created else "Joined",
            self.state.crawl_id,
            self.state.masked_url,
            self.state.worker,
            queued,
            inflight,
        )
        self._log_recovered(recovered, dead)
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(self.tick_seconds, now=False).addErrback(
            lambda f: logger.error("Redis heartbeat loop failed: %s", f.value)
        )

    def _hook_engine(self) -> None:
        """Release a lease when the engine is done with its request.

        Scrapy has no signal for "a response was fully processed". The engine calls
        ``_remove_request`` exactly then: after the response went through the spider and all its
        items through the pipelines (``item_scraped`` sent, so written and recorded), or after a
        downloader middleware's replacement request (redirect, retry) was queued. Scrapy is pinned
        to 2.19.x; this fails loudly, not silently, if that method disappears.
        """
        engine = self.crawler.engine
        original = getattr(engine, "_remove_request", None)
        if original is None:
            raise RuntimeError(
                "this Scrapy version has no ExecutionEngine._remove_request: Redis leases cannot be "
                "released (crawler/scale/scheduler.py supports Scrapy 2.19)"
            )

        def remove_request(result: Any, request: Request) -> Any:
            try:
                return original(result, request)
            finally:
                self._release(request)

        engine._remove_request = remove_request

    def _on_opened(self) -> None:
        if self.state.down is not None:
            raise CloseSpider("redis_unavailable")

    def close(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.state.down is None:
            try:
                returned = self.state.leave()
            except RedisUnavailable:
                returned = 0
            if returned:
                self.stats.inc_value("redis/requests_returned", returned)
                logger.info("Put %d unfinished requests back in the shared queue", returned)
        self.state.close()

    def flush(self) -> None:  # pragma: no cover - never called with persist=True
        """Nothing: the shared queue belongs to all workers."""

    # -- queue -----------------------------------------------------------------------------------

    def enqueue_request(self, request: Request) -> bool:
        if self.state.down is not None:
            self.stats.inc_value("redis/requests_not_queued")
            return False
        try:
            data = self.queue.encode(request)
        except ValueError as exc:  # e.g. a callback that is not a spider method cannot be pickled
            logger.error("Cannot queue %s in Redis: %s", request, exc)
            self.stats.inc_value("redis/requests_unserializable")
            return False
        score = -request.priority
        try:
            if request.dont_filter:
                queued = self.state.push(data, score)
            elif request.meta.get(PAGE_KIND) == KIND_ARTICLE and (digest := article_digest(request.url)):
                lastmod = _lastmod_epoch(request.meta.get(LASTMOD))
                queued = self.state.push_article(digest, lastmod, data, score)
            else:
                queued = self.state.push_page(self.df.request_fingerprint(request), data, score)
        except RedisUnavailable:
            self.stats.inc_value("redis/requests_not_queued")
            return False
        if not queued:
            self.df.log(request, self.spider)
            self.stats.inc_value("dupefilter/filtered")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.state.down is not None:
            return None
        try:
            popped = self.state.pop()
        except RedisUnavailable:
            return None
        if popped is None:
            return None
        token, data, newest = popped
        try:
            request = self.queue.decode(data)
        except Exception as exc:  # another code version queued it (a renamed callback, ...)
            logger.error("Dropped a queued request that cannot be decoded by this code version: %s", exc)
            self.stats.inc_value("redis/requests_undecodable")
            self._ack(token)
            return None
        self._leases[request] = token
        if newest is not None:  # an article: carry the newest lastmod any worker saw for its URL
            own = _lastmod_epoch(request.meta.get(LASTMOD))
            if own is None or newest > own:
                request.meta[LASTMOD] = datetime.fromtimestamp(newest, UTC)
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        if self.state.down is not None:
            return False
        try:
            return self.state.queued() > 0
        except RedisUnavailable:
            return False

    def __len__(self) -> int:
        try:
            return self.state.queued()
        except RedisUnavailable:
            return 0

    # -- leases ----------------------------------------------------------------------------------

    def _release(self, request: Request) -> None:
        token = self._leases.pop(request, None)
        if token is not None:
            self._ack(token)

    def _ack(self, token: str) -> None:
        if self.state.down is not None:
            return
        try:
            self.state.ack(token)
        except RedisUnavailable:
            return

    def _tick(self) -> None:
        """Heartbeat, recovery of dead workers' leases, and a nudge for an idle engine."""
        if self.state.down is not None:
            if self._loop is not None and self._loop.running:
                self._loop.stop()
            return
        try:
            self.state.heartbeat()
            recovered, dead = self.state.reap()
        except RedisUnavailable:
            return
        self._log_recovered(recovered, dead)
        self._nudge()

    def _nudge(self) -> None:
        """Make the engine look at the queue (and, if idle, send spider_idle) now.

        Scrapy's engine polls a scheduler that had nothing to give only every 5 s; requests that
        other workers queue meanwhile, and the end of the crawl, would wait that long.
        """
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def _log_recovered(self, recovered: int, dead: list[str]) -> None:
        if dead:
            self.stats.inc_value("redis/leases_recovered", recovered)
            logger.warning(
                "Re-queued %d requests leased by %d stopped worker(s) without heartbeat: %s",
                recovered,
                len(dead),
                ", ".join(dead),
            )

    def _on_idle(self) -> None:
        """Close only when the whole crawl is drained: nothing queued, nothing in flight anywhere.

        Other workers' in-flight responses may still yield requests, and a dead worker's leases are
        re-queued once its heartbeat expires, so an idle worker waits for them. The worker that
        finds the crawl drained deletes the per-crawl keys in the same script, so the next run
        (e.g. the next cron job) fetches feeds and listings again; the seen store persists.
        """
        if self.state.down is not None or self._finished:
            return
        try:
            if not self._leases and self.state.own_inflight():
                returned = self.state.leave()  # leases this process no longer tracks: give them back
                self.state.heartbeat()
                logger.warning("Put back %d orphaned leases of this worker", returned)
            queued, inflight, finished = self.state.status(finish=True)
        except RedisUnavailable:
            return
        if finished:
            self._finished = True
            logger.info(
                "Shared crawl %s is drained (nothing queued or in flight on any worker); its "
                "per-crawl state was cleared",
                self.state.crawl_id,
            )
            return
        now = time.monotonic()
        if now - self._last_wait_log >= WAIT_LOG_EVERY:
            self._last_wait_log = now
            logger.info(
                "Idle; waiting for the shared crawl: %d requests queued, %d in flight on other workers",
                queued,
                inflight,
            )
        from twisted.internet import reactor  # the installed one (importing it early would install one)

        reactor.callLater(IDLE_POLL_SECONDS, self._nudge)  # type: ignore[attr-defined]
        raise DontCloseSpider
