"""The seen/dedupe state in Redis, for several workers: ``SeenStore``'s semantics, shared.

``SeenStore.for_crawler`` returns this store when ``REDIS_URL`` is set. Same ``StateStore``
interface, same answers (``tests/test_redis_store.py`` runs the SQLite store's semantic tests against
it): identity by ``id``, unchanged/revised by ``content_hash`` with a revision counter, URL aliases,
fetch decisions with the recheck window and sitemap ``lastmod``, SimHash near-duplicates in four
16-bit bands.

Layout (``<prefix>`` = ``<REDIS_KEY_PREFIX>:seen``, shared by all spiders, as ids carry the site):

- ``<prefix>:articles`` hash id -> JSON ``[content_hash, revision, published_at, first_seen,
  last_fetched, canonical_url, near_duplicate_of, seq]`` ("" for none; ``seq`` a number from
  ``<prefix>:sequence``);
- ``<prefix>:urls`` hash 12-byte digest of the normalised URL -> id;
- ``<prefix>:lastmods`` hash URL digest -> newest lastmod noted at a download (epoch seconds);
- ``<prefix>:fingerprints`` hash seq -> "<SimHash as 16 hex digits> <id>", and
  ``<prefix>:band:<i>:<4 hex>`` sets of seqs, one per band value: small sets of integers are
  Redis intsets, a few bytes per member, where sets of id strings cost ~70 bytes each.

Each write is one Lua script (read, decide, write), so concurrent workers cannot both store
revision 2 of an article. Across workers, ``classify`` also *claims* the item for this worker
(``<crawl>:claims`` hash id -> "<owner heartbeat key>\\t<content hash>\\t<revision>") until
``record`` stores it: a second worker that meets the same article (another URL of it) while the
first one is writing it gets "unchanged" and drops its copy. Right after the line is written the
claim is marked written (``confirm_written``, :class:`crawler.scale.addon.RedisWrittenPipeline`).
A claim whose owner's heartbeat key has expired (a killed worker) is ignored if not written (the
article is emitted by whoever fetches it again) and recorded by that fetcher if written (it is
already in the dead worker's file).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from crawler.scale.redisconn import (
    RedisUnavailable,
    client_for,
    mask_url,
    redis_errors,
    seen_prefix,
    url_digest,
)
from crawler.store.rules import (
    NEAR_DUP_MAX_DISTANCE,
    FetchDecision,
    Outcome,
    Status,
    StoredArticle,
    _id_key,
    _identity,
    _url_key,
    _utc_iso,
    as_aware,
    decide,
    url_key,
)

if TYPE_CHECKING:
    # Absolute import (PEP 328): the redis-py package, not this module ``crawler.store.redis``.
    import redis
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_CRAWLER_ATTR = "_vnnews_redis_state_store"
_MASK64 = (1 << 64) - 1
_T = TypeVar("_T")

# The band keys are built in Lua from the fingerprint's hex digits: band i is hex[13-4i .. 16-4i].
_BAND_LUA = "string.sub(%s, 13 - 4 * i, 16 - 4 * i)"

# Near-duplicate search in Lua, one round trip: the band sets' seqs, their fingerprints within
# NEAR_DUP_MAX_DISTANCE bits (popcount of the XOR, as two 32-bit halves for Lua's bit library), the
# earliest first_seen wins, then the smallest id; strings compared byte by byte, like Python's min().
_NEAR_LUA = f"""
local function popcount(x)
  local n = 0
  while x ~= 0 do x = bit.band(x, x - 1); n = n + 1 end
  return n
end
local function before(a, b)
  local n = math.min(#a, #b)
  for i = 1, n do
    local x, y = string.byte(a, i), string.byte(b, i)
    if x ~= y then return x < y end
  end
  return #a < #b
end
local function near(fps, articles, band_prefix, hexfp, exclude)
  local hi, lo = tonumber(string.sub(hexfp, 1, 8), 16), tonumber(string.sub(hexfp, 9, 16), 16)
  local bands = {{}}
  for i = 0, 3 do bands[i + 1] = band_prefix .. i .. ':' .. {_BAND_LUA % "hexfp"} end
  local best_seen, best_id = nil, nil
  for _, seq in ipairs(redis.call('SUNION', unpack(bands))) do
    local v = redis.call('HGET', fps, seq)
    if v then
      local id = string.sub(v, 18)
      local d = popcount(bit.bxor(hi, tonumber(string.sub(v, 1, 8), 16)))
        + popcount(bit.bxor(lo, tonumber(string.sub(v, 9, 16), 16)))
      if id ~= exclude and d <= {NEAR_DUP_MAX_DISTANCE} then
        local raw = redis.call('HGET', articles, id)
        if raw then
          local seen = cjson.decode(raw)[4]
          if best_id == nil or before(seen, best_seen) or (seen == best_seen and before(id, best_id)) then
            best_seen, best_id = seen, id
          end
        end
      end
    end
  end
  return best_id or ''
end
"""

# KEYS: fingerprints, articles; ARGV: band key prefix, fingerprint hex, id to exclude
_NEAR = _NEAR_LUA + "return near(KEYS[1], KEYS[2], ARGV[1], ARGV[2], ARGV[3])"

# KEYS: articles, urls, fingerprints, claims, sequence counter
# ARGV: id, content hash, published_at, canonical_url, stamp, near ('*': find it here), fingerprint
#       hex ('' = none), band key prefix, url digest, canonical url digest ('' = none)
_RECORD = (
    _NEAR_LUA
    + f"""
local id, ch = ARGV[1], ARGV[2]
local near_id = ARGV[6]
if near_id == '*' then
  near_id = ''
  if ARGV[7] ~= '' then near_id = near(KEYS[3], KEYS[1], ARGV[8], ARGV[7], id) end
end
local raw = redis.call('HGET', KEYS[1], id)
local rec, status
if raw then
  rec = cjson.decode(raw)
  if rec[1] == ch then
    status = 'unchanged'
    rec[5] = ARGV[5]
  else
    status = 'revised'
    rec[1] = ch
    rec[2] = rec[2] + 1
    if ARGV[3] ~= '' then rec[3] = ARGV[3] end
    rec[5] = ARGV[5]
    if ARGV[4] ~= '' then rec[6] = ARGV[4] end
    rec[7] = near_id
  end
else
  status = 'new'
  rec = {{ch, 1, ARGV[3], ARGV[5], ARGV[5], ARGV[4], near_id, redis.call('INCR', KEYS[5])}}
end
redis.call('HSET', KEYS[1], id, cjson.encode(rec))
if status ~= 'unchanged' then
  local seq = string.format('%d', rec[8])
  local old = redis.call('HGET', KEYS[3], seq)
  if old then
    for i = 0, 3 do redis.call('SREM', ARGV[8] .. i .. ':' .. {_BAND_LUA % "old"}, seq) end
  end
  if ARGV[7] == '' then
    redis.call('HDEL', KEYS[3], seq)
  else
    redis.call('HSET', KEYS[3], seq, ARGV[7] .. ' ' .. id)
    for i = 0, 3 do redis.call('SADD', ARGV[8] .. i .. ':' .. {_BAND_LUA % "ARGV[7]"}, seq) end
  end
end
for i = 9, 10 do
  if ARGV[i] ~= '' then redis.call('HSET', KEYS[2], ARGV[i], id) end
end
redis.call('HDEL', KEYS[4], id)
return {{status, rec[2], rec[7]}}
"""
)

# KEYS: articles, claims, fingerprints; ARGV: id, content hash, owner key, band key prefix, fingerprint
# hex ('' = none) -> {status, revision, near}
# A claim is "<owner>\t<content hash>\t<revision>", plus "\tw" once the item's line is written.
_CLASSIFY = (
    _NEAR_LUA
    + """
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local rev = 0
if raw then
  local rec = cjson.decode(raw)
  if rec[1] == ARGV[2] then return {'unchanged', rec[2], rec[7]} end
  rev = rec[2]
end
local claim = redis.call('HGET', KEYS[2], ARGV[1])
if claim then
  local a = string.find(claim, '\\t', 1, true)
  local b = string.find(claim, '\\t', a + 1, true)
  local c = string.find(claim, '\\t', b + 1, true)
  local owner = string.sub(claim, 1, a - 1)
  local hash = string.sub(claim, a + 1, b - 1)
  local crev = tonumber(string.sub(claim, b + 1, (c or 0) - 1))
  local written = c ~= nil
  local mine = owner == ARGV[3]
  local alive = mine or redis.call('EXISTS', owner) == 1
  if (alive and not mine) or written then
    if hash == ARGV[2] then
      if alive then return {'claimed', crev, ''} end
      return {'written', crev, ''}
    end
    if crev > rev then rev = crev end
  end
end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3] .. '\\t' .. ARGV[2] .. '\\t' .. (rev + 1))
local near_id = ''
if ARGV[5] ~= '' then near_id = near(KEYS[3], KEYS[1], ARGV[4], ARGV[5], ARGV[1]) end
if rev > 0 then return {'revised', rev + 1, near_id} end
return {'new', 1, near_id}
"""
)

# KEYS: claims; ARGV: id, content hash, owner key
_CONFIRM = """
local claim = redis.call('HGET', KEYS[1], ARGV[1])
local prefix = ARGV[3] .. '\\t' .. ARGV[2] .. '\\t'
if claim and string.sub(claim, 1, #prefix) == prefix and not string.find(claim, '\\t', #prefix + 1, true) then
  redis.call('HSET', KEYS[1], ARGV[1], claim .. '\\tw')
  return 1
end
return 0
"""

# KEYS: articles, urls; ARGV: id, url digest ('' = none), stamp
_MARK_FETCHED = """
if ARGV[2] ~= '' then redis.call('HSET', KEYS[2], ARGV[2], ARGV[1]) end
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local rec = cjson.decode(raw)
  rec[5] = ARGV[3]
  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(rec))
end
return 1
"""

# KEYS: lastmods; ARGV: url digest, epoch seconds
_NOTE_LASTMOD = """
local cur = redis.call('HGET', KEYS[1], ARGV[1])
if (not cur) or tonumber(ARGV[2]) > tonumber(cur) then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end
return 1
"""


def _s(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return "" if value is None else str(value)


def _opt(value: Any) -> str | None:
    text = _s(value)
    return text or None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _hex(fingerprint: int | None) -> str:
    return "" if fingerprint is None else f"{fingerprint & _MASK64:016x}"


def _digest_or_empty(url: Any) -> bytes | str:
    key = _url_key(url)
    return url_digest(key) if key is not None else ""


class RedisSeenStore:
    """Redis-backed ``StateStore`` (see the module docstring for the layout)."""

    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str = "vnnews:seen",
        claims_key: str | None = None,
        owner_key: str | None = None,
        call: Callable[..., Any] | None = None,
        url: str = "",
        owns_client: bool = False,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.url = url
        self.articles_key = f"{prefix}:articles"
        self.urls_key = f"{prefix}:urls"
        self.lastmods_key = f"{prefix}:lastmods"
        self.fingerprints_key = f"{prefix}:fingerprints"
        self.sequence_key = f"{prefix}:sequence"
        self.band_prefix = f"{prefix}:band:"
        self.claims_key = claims_key or f"{prefix}:claims"
        # A key that never exists unless a crawl keeps it alive: claims of a store outside a crawl
        # look abandoned to everyone else, which is right (nobody is going to write that item).
        self.owner_key = owner_key or f"{prefix}:owner:{secrets.token_hex(6)}"
        self._call = call or self._direct
        self._owns_client = owns_client
        self._closed = False
        self._errors = redis_errors()
        self._record = client.register_script(_RECORD)
        self._classify = client.register_script(_CLASSIFY)
        self._near = client.register_script(_NEAR)
        self._confirm = client.register_script(_CONFIRM)
        self._mark_fetched = client.register_script(_MARK_FETCHED)
        self._note_lastmod = client.register_script(_NOTE_LASTMOD)

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "vnnews:seen", **kwargs: Any) -> RedisSeenStore:
        return cls(client_for(url), prefix=prefix, url=url, owns_client=True, **kwargs)

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> RedisSeenStore:
        """The crawl's store: the crawl state's connection, health checks and worker identity."""
        store = getattr(crawler, _CRAWLER_ATTR, None)
        if store is None:
            from scrapy import signals

            from crawler.scale.crawlstate import CrawlState

            state = CrawlState.for_crawler(crawler)
            store = cls(
                state.client,
                prefix=seen_prefix(crawler.settings),
                claims_key=state.keys.claims,
                owner_key=state.heartbeat_key,
                call=state.call,
                url=state.url,
            )
            setattr(crawler, _CRAWLER_ATTR, store)
            crawler.signals.connect(_close_crawler_store(crawler), signal=signals.spider_closed, weak=False)
            logger.info("Seen/dedupe state: Redis %s, keys %s:*", mask_url(state.url), store.prefix)
        return store

    # -- plumbing --------------------------------------------------------------------------------

    def _direct(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        try:
            return fn(*args, **kwargs)
        except self._errors as exc:
            raise RedisUnavailable(f"Redis at {mask_url(self.url)} unreachable: {exc}") from exc

    def _run(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        if self._closed:
            raise RuntimeError(f"state store {mask_url(self.url)} ({self.prefix}) is closed")
        return self._call(fn, *args, **kwargs)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> RedisSeenStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads -----------------------------------------------------------------------------------

    @staticmethod
    def _article(article_id: str, raw: Any) -> StoredArticle:
        rec = orjson.loads(raw)
        return StoredArticle(
            id=article_id,
            content_hash=rec[0],
            revision=int(rec[1]),
            published_at=rec[2] or None,
            first_seen=rec[3],
            last_fetched=rec[4],
            canonical_url=rec[5] or None,
            near_duplicate_of=rec[6] or None,
        )

    def get(self, article_id: str) -> StoredArticle | None:
        raw = self._run(self.client.hget, self.articles_key, article_id)
        return self._article(article_id, raw) if raw else None

    def lookup_url(self, url: str) -> str | None:
        key = _url_key(url)
        if key is None:
            return None
        return _opt(self._run(self.client.hget, self.urls_key, url_digest(key)))

    def near_duplicate(self, fingerprint: int, *, exclude_id: str) -> str | None:
        found = self._run(
            self._near,
            keys=[self.fingerprints_key, self.articles_key],
            args=[self.band_prefix, _hex(fingerprint), exclude_id],
        )
        return _opt(found)

    def classify(self, item: Mapping[str, Any], *, fingerprint: int | None = None) -> Outcome:
        """What ``record(item)`` would say; also claims the item for this worker (module docstring)."""
        article_id, content_hash = _identity(item)
        status, revision, near = self._run(
            self._classify,
            keys=[self.articles_key, self.claims_key, self.fingerprints_key],
            args=[article_id, content_hash, self.owner_key, self.band_prefix, _hex(fingerprint)],
        )
        status = _s(status)
        if status in ("unchanged", "claimed"):
            return Outcome(Status.UNCHANGED, int(revision), _opt(near))
        if status == "written":
            # A worker wrote this very version to its file, then died before recording it: record
            # it now, for it, so that neither this crawl nor the next one emits it again.
            stored = self.record(item, fingerprint=fingerprint)
            return Outcome(Status.UNCHANGED, stored.revision, stored.near_duplicate_of)
        return Outcome(Status(status), int(revision), _opt(near))

    def confirm_written(self, item: Mapping[str, Any]) -> bool:
        """Mark this worker's claim on ``item`` as written (its line is in our file, not yet recorded).

        Called right after the export wrote the line, in the same synchronous pipeline pass; the
        record follows an event-loop turn later (``item_scraped``). A worker killed in between
        leaves a written claim, and whoever fetches the article again records it instead of
        emitting it a second time.
        """
        article_id, content_hash = _identity(item)
        return bool(
            self._run(self._confirm, keys=[self.claims_key], args=[article_id, content_hash, self.owner_key])
        )

    def fetch_decision(
        self,
        url: str,
        *,
        now: datetime,
        lastmod: Any = None,
        recheck: timedelta,
        recheck_every: timedelta = timedelta(0),
        key: str | None = None,
    ) -> FetchDecision:
        """``SeenStore.fetch_decision``: the same rules (``crawler.store.rules.decide``) and the
        same use of ``key`` (``crawler.store.rules.url_key``), read in one or two round trips."""
        key = url_key(url, key)
        if key is None:
            return FetchDecision.NEW
        digest = url_digest(key)
        by_id = _id_key(key)
        pipe = self.client.pipeline(transaction=False)
        pipe.hget(self.urls_key, digest)
        pipe.hget(self.lastmods_key, digest)
        pipe.hget(self.articles_key, by_id or "")
        mapped, noted, raw_by_id = self._run(pipe.execute)
        raw = None
        mapped_id = _opt(mapped)
        if mapped_id is not None:
            raw = (
                raw_by_id if mapped_id == by_id else self._run(self.client.hget, self.articles_key, mapped_id)
            )
        if raw is None and by_id is not None:
            raw = raw_by_id
        if not raw:
            return FetchDecision.NEW
        rec = orjson.loads(raw)
        return decide(  # the ISO strings as stored ("" for none): decide parses what it needs
            published_at=rec[2] or None,
            first_seen=rec[3] or None,
            last_fetched=rec[4] or None,
            noted_lastmod=datetime.fromtimestamp(float(noted), UTC) if noted else None,
            lastmod=lastmod,
            now=now,
            recheck=recheck,
            recheck_every=recheck_every,
        )

    def should_fetch(self, url: str, *, now: datetime, lastmod: Any = None, recheck: timedelta) -> bool:
        return self.fetch_decision(url, now=now, lastmod=lastmod, recheck=recheck).fetch

    # -- writes ----------------------------------------------------------------------------------

    def _record_args(
        self, item: Mapping[str, Any], fingerprint: int | None, near: str | None, stamp: str
    ) -> tuple[list[str], list[Any]]:
        article_id, content_hash = _identity(item)
        url_d = _digest_or_empty(item.get("url"))
        canonical = _text(item.get("canonical_url"))
        canon_d = _digest_or_empty(canonical)
        args = [
            article_id,
            content_hash,
            _text(item.get("published_at")),
            canonical,
            stamp,
            near or "",
            _hex(fingerprint),
            self.band_prefix,
            url_d,
            "" if canon_d == url_d else canon_d,
        ]
        keys = [self.articles_key, self.urls_key, self.fingerprints_key, self.claims_key, self.sequence_key]
        return keys, args

    def record(
        self, item: Mapping[str, Any], *, fingerprint: int | None = None, now: datetime | None = None
    ) -> Outcome:
        """Store an emitted item and the URLs it was fetched under, atomically, in one round trip.

        The near-duplicate link is the one the item was emitted with (``near_duplicate_of``, set by
        the dedupe pipeline from ``classify``); an item without that field gets it looked up here.
        """
        near = _text(item.get("near_duplicate_of")) if "near_duplicate_of" in item else "*"
        keys, args = self._record_args(item, fingerprint, near, _utc_iso(now or datetime.now(UTC)))
        status, revision, stored_near = self._run(self._record, keys=keys, args=args)
        return Outcome(Status(_s(status)), int(revision), _opt(stored_near))

    def record_many(
        self, items: Iterable[tuple[Mapping[str, Any], int | None]], *, now: datetime | None = None
    ) -> int:
        """Bulk import (pipelined ``record`` without near-duplicate lookups): migration, benchmarks."""
        stamp = _utc_iso(now or datetime.now(UTC))
        pipe = self.client.pipeline(transaction=False)
        count = 0
        for item, fingerprint in items:
            keys, args = self._record_args(item, fingerprint, None, stamp)
            self._record(keys=keys, args=args, client=pipe)
            count += 1
            if count % 1000 == 0:
                self._run(pipe.execute)
        self._run(pipe.execute)
        return count

    def mark_fetched(self, url: str, article_id: str, *, now: datetime | None = None) -> None:
        self._run(
            self._mark_fetched,
            keys=[self.articles_key, self.urls_key],
            args=[article_id, _digest_or_empty(url), _utc_iso(now or datetime.now(UTC))],
        )

    def note_lastmod(self, url: str, lastmod: Any) -> None:
        key, changed = _url_key(url), as_aware(lastmod)
        if key is None or changed is None:
            return
        self._run(
            self._note_lastmod, keys=[self.lastmods_key], args=[url_digest(key), repr(changed.timestamp())]
        )


def _close_crawler_store(crawler: Crawler) -> Callable[..., None]:
    def close(*_: Any, **__: Any) -> None:
        store = getattr(crawler, _CRAWLER_ATTR, None)
        if store is not None:
            store.close()
            setattr(crawler, _CRAWLER_ATTR, None)

    return close
