"""The shared state of one crawl in Redis: queue with leases, worker heartbeats, article states, crawl end.

Every multi-key change is one Lua script, so a worker killed at any instant leaves Redis consistent:
a request is in the queue or in exactly one worker's in-flight hash, never in neither.

- ``queue`` (sorted set, score = -priority): pickled requests waiting.
- ``inflight:<worker>`` (hash, token -> "<score>\\n<request>"): requests a worker popped and has not
  finished. Released (``ack``) when Scrapy is done with the request; put back in the queue by
  ``reap`` when the worker's heartbeat key ``worker:<worker>`` (TTL ``REDIS_LEASE_SECONDS``)
  expired, and by the worker itself when it stops gracefully (SIGTERM) with work left.
- ``pages`` (sorted set, fingerprint -> expiry time): non-article pages fetched in this crawl.
- ``articles`` (hash, URL digest -> ``q`` queued, ``p|<lastmod>|<worker>/<lease>`` in progress
  (set by the pop), ``s|<lastmod>`` skipped by the incremental filter, ``f`` fetched (set by the
  release of that same lease)) and
  ``wanted`` (hash, URL digest -> newest lastmod seen, epoch seconds): the article frontier of
  ``crawler/frontier/local.py``, shared.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import secrets
import socket
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from crawler.scale.redisconn import CrawlKeys, RedisUnavailable, client_from_settings, mask_url, redis_errors

if TYPE_CHECKING:
    import redis
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_CRAWLER_ATTR = "_vnnews_crawl_state"
_T = TypeVar("_T")

DEFAULT_LEASE_SECONDS = 30.0
DEFAULT_PAGE_REFRESH_SECONDS = 3600.0

# KEYS: queue, pages; ARGV: fingerprint, ttl seconds, score, request
_PUSH_PAGE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local expiry = redis.call('ZSCORE', KEYS[2], ARGV[1])
if expiry and tonumber(expiry) > now then return 0 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
redis.call('ZADD', KEYS[1], ARGV[3], 'P' .. ARGV[4])
return 1
"""

# KEYS: queue, articles, wanted; ARGV: url digest, lastmod ('' = none), score, request
_PUSH_ARTICLE = """
local d, lm = ARGV[1], ARGV[2]
local wanted = redis.call('HGET', KEYS[3], d)
if lm ~= '' and ((not wanted) or tonumber(lm) > tonumber(wanted)) then
  redis.call('HSET', KEYS[3], d, lm)
  wanted = lm
end
local st = redis.call('HGET', KEYS[2], d)
if st then
  if string.sub(st, 1, 2) ~= 's|' or not wanted then return 0 end
  local skipped = string.sub(st, 3)
  if skipped ~= '' and tonumber(wanted) <= tonumber(skipped) then return 0 end
end
redis.call('HSET', KEYS[2], d, 'q')
redis.call('ZADD', KEYS[1], ARGV[3], 'A' .. d .. ARGV[4])
return 1
"""

# Queue members are tagged: b"A" + 12-byte URL digest + request (an article request under the
# shared frontier) or b"P" + request (anything else), so that the scripts below keep the article
# states without unpickling anything.

# KEYS: queue, my in-flight hash, workers, articles, wanted; ARGV: token, worker
# -> {request, newest lastmod ('' = none)}: the pop leases the request and, for an article, marks it
# in progress with the newest lastmod any worker has seen, which the incremental filter then uses.
_POP = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return false end
local member = r[1]
redis.call('ZREM', KEYS[1], member)
redis.call('HSET', KEYS[2], ARGV[1], r[2] .. '\\n' .. member)
redis.call('SADD', KEYS[3], ARGV[2])
local wanted = ''
if string.sub(member, 1, 1) == 'A' then
  local d = string.sub(member, 2, 13)
  wanted = redis.call('HGET', KEYS[5], d) or ''
  redis.call('HSET', KEYS[4], d, 'p|' .. wanted .. '|' .. ARGV[2] .. '/' .. ARGV[1])
end
return {member, wanted}
"""

# KEYS: my in-flight hash, articles; ARGV: token, worker. Releases a lease; an article still in
# progress under this very lease (not skipped, not asked again by a newer request) is now fetched:
# downloaded, or failed for good after its retries.
_ACK = """
local v = redis.call('HGET', KEYS[1], ARGV[1])
if not v then return 0 end
local member = string.sub(v, string.find(v, '\\n', 1, true) + 1)
if string.sub(member, 1, 1) == 'A' then
  local d = string.sub(member, 2, 13)
  local st = redis.call('HGET', KEYS[2], d)
  local lease = '|' .. ARGV[2] .. '/' .. ARGV[1]
  if st and string.sub(st, 1, 2) == 'p|' and string.sub(st, -#lease) == lease then
    redis.call('HSET', KEYS[2], d, 'f')
  end
end
redis.call('HDEL', KEYS[1], ARGV[1])
return 1
"""

# KEYS: articles, wanted; ARGV: url digest -> a newer lastmod to ask again with, or nil
_SKIPPED = """
local st = redis.call('HGET', KEYS[1], ARGV[1])
local lm = ''
if st and string.sub(st, 1, 2) == 'p|' then
  lm = string.sub(st, 3, string.find(st, '|', 3, true) - 1)
end
redis.call('HSET', KEYS[1], ARGV[1], 's|' .. lm)
local wanted = redis.call('HGET', KEYS[2], ARGV[1])
if wanted and (lm == '' or tonumber(wanted) > tonumber(lm)) then return wanted end
return false
"""

_REQUEUE_HASH = """
local function requeue(queue, inflight)
  local n = 0
  for _, v in ipairs(redis.call('HVALS', inflight)) do
    local i = string.find(v, '\\n', 1, true)
    redis.call('ZADD', queue, string.sub(v, 1, i - 1), string.sub(v, i + 1))
    n = n + 1
  end
  redis.call('DEL', inflight)
  return n
end
"""

# KEYS: queue, workers; ARGV: heartbeat prefix, in-flight prefix, me -> {requeued, dead worker ids...}
_REAP = (
    _REQUEUE_HASH
    + """
local moved, out = 0, {}
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  if w ~= ARGV[3] and redis.call('EXISTS', ARGV[1] .. w) == 0 then
    moved = moved + requeue(KEYS[1], ARGV[2] .. w)
    redis.call('SREM', KEYS[2], w)
    table.insert(out, w)
  end
end
table.insert(out, 1, moved)
return out
"""
)

# KEYS: queue, workers, my in-flight hash, my heartbeat -> requests put back
_LEAVE = (
    _REQUEUE_HASH
    + """
local n = requeue(KEYS[1], KEYS[3])
redis.call('DEL', KEYS[4])
redis.call('SREM', KEYS[2], ARGV[1])
return n
"""
)

# KEYS: queue, workers, then the per-crawl keys to delete when finished;
# ARGV: in-flight prefix, finish ('1'/'0') -> {queued, in flight, finished}
_STATUS = """
local queued = redis.call('ZCARD', KEYS[1])
local inflight = 0
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  inflight = inflight + redis.call('HLEN', ARGV[1] .. w)
end
if queued > 0 or inflight > 0 or ARGV[2] ~= '1' then return {queued, inflight, 0} end
for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
return {0, 0, 1}
"""


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class CrawlState:
    """One worker's handle on the shared crawl; one per Scrapy crawler (``for_crawler``)."""

    def __init__(
        self,
        client: redis.Redis,
        keys: CrawlKeys,
        *,
        url: str,
        worker: str | None = None,
        lease_seconds: float = DEFAULT_LEASE_SECONDS,
        page_refresh_seconds: float = DEFAULT_PAGE_REFRESH_SECONDS,
        on_down: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.client = client
        self.keys = keys
        self.url = url
        self.worker = worker or _worker_id()
        self.lease_ms = max(1, int(lease_seconds * 1000))
        self.page_refresh_seconds = page_refresh_seconds
        self.crawl_id: str | None = None
        self.down: BaseException | None = None
        self._on_down = on_down
        self._errors = redis_errors()
        self._tokens = itertools.count(1)
        self._push_page = client.register_script(_PUSH_PAGE)
        self._push_article = client.register_script(_PUSH_ARTICLE)
        self._pop = client.register_script(_POP)
        self._ack = client.register_script(_ACK)
        self._skipped = client.register_script(_SKIPPED)
        self._reap = client.register_script(_REAP)
        self._leave = client.register_script(_LEAVE)
        self._status = client.register_script(_STATUS)

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> CrawlState:
        """The crawl state of this crawler: the scheduler, frontier and seen store share it."""
        state = getattr(crawler, _CRAWLER_ATTR, None)
        if state is None:
            settings = crawler.settings
            spider = getattr(crawler.spidercls, "name", None) or "spider"
            worker = _worker_id()
            state = cls(
                client_from_settings(settings, name=f"vnnews:{spider}:{worker}"),
                CrawlKeys.for_spider(settings.get("REDIS_KEY_PREFIX"), spider),
                url=str(settings.get("REDIS_URL")),
                worker=worker,
                lease_seconds=settings.getfloat("REDIS_LEASE_SECONDS", DEFAULT_LEASE_SECONDS),
                page_refresh_seconds=settings.getfloat(
                    "REDIS_PAGE_REFRESH_SECONDS", DEFAULT_PAGE_REFRESH_SECONDS
                ),
                on_down=_close_crawl(crawler),
            )
            setattr(crawler, _CRAWLER_ATTR, state)
        return state

    @property
    def masked_url(self) -> str:
        return mask_url(self.url)

    @property
    def heartbeat_key(self) -> str:
        return self.keys.heartbeat(self.worker)

    # -- health ----------------------------------------------------------------------------------

    def call(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """Run a Redis operation; a connection failure marks the crawl down and raises RedisUnavailable."""
        if self.down is not None:
            raise RedisUnavailable(f"Redis at {self.masked_url} unreachable: {self.down}")
        try:
            return fn(*args, **kwargs)
        except self._errors as exc:
            self.mark_down(exc)
            raise RedisUnavailable(f"Redis at {self.masked_url} unreachable: {exc}") from exc

    def mark_down(self, exc: BaseException) -> None:
        if self.down is not None:
            return
        self.down = exc
        logger.error("Redis at %s unreachable: %s", self.masked_url, exc)
        if self._on_down is not None:
            self._on_down(exc)

    # -- worker lifecycle ------------------------------------------------------------------------

    def join(self) -> tuple[bool, int, int]:
        """Register this worker; return (started a new crawl?, requests queued, requests in flight)."""
        proposed = f"{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{secrets.token_hex(3)}"
        pipe = self.client.pipeline(transaction=True)
        pipe.set(self.heartbeat_key, self.worker, px=self.lease_ms)
        pipe.sadd(self.keys.workers, self.worker)
        pipe.set(self.keys.crawl_id, proposed, nx=True)
        pipe.get(self.keys.crawl_id)
        _, _, created, current = self.call(pipe.execute)
        self.crawl_id = current.decode() if isinstance(current, bytes) else str(current)
        queued, inflight, _ = self.status(finish=False)
        return bool(created), queued, inflight

    def heartbeat(self) -> None:
        pipe = self.client.pipeline(transaction=False)
        pipe.set(self.heartbeat_key, self.worker, px=self.lease_ms)
        pipe.sadd(self.keys.workers, self.worker)
        self.call(pipe.execute)

    def reap(self) -> tuple[int, list[str]]:
        """Put back the leases of workers whose heartbeat expired; return (requests, dead workers)."""
        out = self.call(
            self._reap,
            keys=[self.keys.queue, self.keys.workers],
            args=[self.keys.worker_prefix, self.keys.inflight_prefix, self.worker],
        )
        dead = [w.decode() if isinstance(w, bytes) else str(w) for w in out[1:]]
        return int(out[0]), dead

    def status(self, *, finish: bool) -> tuple[int, int, bool]:
        """(queued, in flight on all workers, finished); with ``finish`` a drained crawl is closed."""
        queued, inflight, finished = self.call(
            self._status,
            keys=[self.keys.queue, self.keys.workers, *self.keys.per_crawl],
            args=[self.keys.inflight_prefix, "1" if finish else "0"],
        )
        return int(queued), int(inflight), bool(finished)

    def leave(self) -> int:
        """Unregister; leases not finished go back to the queue. Returns how many."""
        return int(
            self.call(
                self._leave,
                keys=[
                    self.keys.queue,
                    self.keys.workers,
                    self.keys.inflight(self.worker),
                    self.heartbeat_key,
                ],
                args=[self.worker],
            )
        )

    def own_inflight(self) -> int:
        return int(self.call(self.client.hlen, self.keys.inflight(self.worker)))

    # -- queue -----------------------------------------------------------------------------------

    def queued(self) -> int:
        return int(self.call(self.client.zcard, self.keys.queue))

    def push(self, request: bytes, score: float) -> bool:
        """Queue without any filter (retries and other ``dont_filter`` requests)."""
        self.call(self.client.zadd, self.keys.queue, {b"P" + request: score})
        return True

    def push_page(self, fingerprint: str, request: bytes, score: float) -> bool:
        return bool(
            self.call(
                self._push_page,
                keys=[self.keys.queue, self.keys.pages],
                args=[fingerprint, self.page_refresh_seconds, score, request],
            )
        )

    def push_article(self, digest: bytes, lastmod: float | None, request: bytes, score: float) -> bool:
        return bool(
            self.call(
                self._push_article,
                keys=[self.keys.queue, self.keys.articles, self.keys.wanted],
                args=[digest, _epoch_arg(lastmod), score, request],
            )
        )

    def pop(self) -> tuple[str, bytes, float | None] | None:
        """Take the best request and lease it to this worker: (lease token, request, newest lastmod)."""
        token = str(next(self._tokens))
        popped = self.call(
            self._pop,
            keys=[
                self.keys.queue,
                self.keys.inflight(self.worker),
                self.keys.workers,
                self.keys.articles,
                self.keys.wanted,
            ],
            args=[token, self.worker],
        )
        if not popped:
            return None
        member, wanted = popped
        request = member[13:] if member[:1] == b"A" else member[1:]
        return token, request, _epoch(wanted)

    def ack(self, token: str) -> None:
        """Release a lease (and mark an article request in progress as fetched)."""
        self.call(
            self._ack, keys=[self.keys.inflight(self.worker), self.keys.articles], args=[token, self.worker]
        )

    # -- article states --------------------------------------------------------------------------

    def article_skipped(self, digest: bytes) -> float | None:
        """Record a skip; return a newer lastmod to ask again with, if one arrived meanwhile."""
        return _epoch(self.call(self._skipped, keys=[self.keys.articles, self.keys.wanted], args=[digest]))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.client.close()


def _epoch_arg(value: float | None) -> str:
    return "" if value is None else repr(float(value))


def _epoch(value: Any) -> float | None:
    if value in (None, b"", ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _close_crawl(crawler: Crawler) -> Callable[[BaseException], None]:
    """Stop the crawl with ``finish_reason`` ``redis_unavailable``, outside the failing call's stack."""

    def close(exc: BaseException) -> None:
        crawler.stats.set_value("redis/unavailable", str(exc))
        try:
            engine = crawler.engine
        except RuntimeError:  # not crawling yet: the scheduler stops the crawl at spider_opened
            return
        if engine is None or getattr(engine, "spider", None) is None or not engine.running:
            return
        from scrapy.utils.defer import deferred_from_coro
        from twisted.internet import reactor

        def stop() -> None:
            closing = deferred_from_coro(engine.close_spider_async(reason="redis_unavailable"))
            closing.addErrback(lambda f: logger.error("Could not stop the crawl: %s", f.value))

        reactor.callLater(0, stop)  # type: ignore[attr-defined]

    return close
