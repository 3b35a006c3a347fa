"""The seen/dedupe state in Redis, for several workers: ``SeenStore``'s semantics, shared.

``crawler.store.for_crawler`` returns this store when the scale-out add-on has set
``STATE_STORE_CLASS`` to it (``REDIS_URL`` set). Same ``StateStore`` interface, same answers
(``tests/test_redis_store.py`` runs the SQLite store's semantic tests against it): identity by
``id``, unchanged/revised by ``content_hash`` with a revision counter, URL aliases, fetch decisions
with the recheck window and sitemap ``lastmod``, SimHash near-duplicates in four 16-bit bands.

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
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
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
from crawler.store.redis_lua import CLASSIFY, CONFIRM, LOOKUP_MANY, MARK_FETCHED, NEAR, NOTE_LASTMOD, RECORD
from crawler.store.rules import (
    FetchDecision,
    Outcome,
    Status,
    StoredArticle,
    StoredRef,
    _id_key,
    _identity,
    _url_key,
    _utc_iso,
    as_aware,
    decide,
    url_key,
)
from crawler.store.sqlite import crawler_store

if TYPE_CHECKING:
    # Absolute import (PEP 328): the redis-py package, not this module ``crawler.store.redis``.
    import redis
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_CRAWLER_ATTR = "_vnnews_redis_state_store"
_MASK64 = (1 << 64) - 1
_T = TypeVar("_T")


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
        self._record = client.register_script(RECORD)
        self._classify = client.register_script(CLASSIFY)
        self._near = client.register_script(NEAR)
        self._confirm = client.register_script(CONFIRM)
        self._mark_fetched = client.register_script(MARK_FETCHED)
        self._note_lastmod = client.register_script(NOTE_LASTMOD)
        self._lookup_many = client.register_script(LOOKUP_MANY)
        self.backfill_prefix = f"{prefix}:backfill:"

    @classmethod
    def from_url(cls, url: str, *, prefix: str = "vnnews:seen", **kwargs: Any) -> RedisSeenStore:
        return cls(client_for(url), prefix=prefix, url=url, owns_client=True, **kwargs)

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> RedisSeenStore:
        """The crawl's store: the crawl state's connection, health checks and worker identity."""

        def create() -> RedisSeenStore:
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
            logger.info("Seen/dedupe state: Redis %s, keys %s:*", mask_url(state.url), store.prefix)
            return store

        return crawler_store(crawler, _CRAWLER_ATTR, create)

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

    def lookup_many(
        self, urls: Sequence[str], keys: Sequence[str | None] | None = None, *, with_lastmod: bool = True
    ) -> list[StoredRef | None]:
        """``SeenStore.lookup_many`` in one round trip (one script for the whole page of links)."""
        norm = [url_key(u, k) for u, k in zip(urls, keys or [None] * len(urls), strict=True)]
        wanted = [k for k in dict.fromkeys(norm) if k is not None]
        if not wanted:
            return [None] * len(norm)
        args: list[Any] = []
        for key in wanted:
            args += [url_digest(key), _id_key(key) or ""]
        out = self._run(
            self._lookup_many, keys=[self.articles_key, self.urls_key, self.lastmods_key], args=args
        )
        found: dict[str, StoredRef] = {}
        for key, raw, noted in zip(wanted, out[::2], out[1::2], strict=True):
            if raw:
                rec = orjson.loads(raw)
                lastmod = datetime.fromtimestamp(float(noted), UTC) if noted else None
                found[key] = StoredRef(rec[2] or None, rec[3] or None, rec[4] or None, lastmod)
        return [found.get(k) if k is not None else None for k in norm]

    def noted_lastmods(self, urls: Sequence[str]) -> list[datetime | None]:
        keys = [_url_key(u) for u in urls]
        digests = [url_digest(k) for k in keys if k is not None]
        values = iter(self._run(self.client.hmget, self.lastmods_key, digests) if digests else [])
        out: list[datetime | None] = []
        for key in keys:
            value = next(values) if key is not None else None
            out.append(datetime.fromtimestamp(float(value), UTC) if value else None)
        return out

    def _backfill_keys(self, job: str, section: str = "") -> tuple[str, str, str]:
        base = f"{self.backfill_prefix}{job}"
        return f"{base}:sections", f"{base}:days", f"{base}:pages:{section}"

    def backfill_state(self, job: str, section: str) -> tuple[list[dict[str, Any]], dict[str, date | None]]:
        _, days_key, pages_key = self._backfill_keys(job, section)
        pipe = self.client.pipeline(transaction=False)
        pipe.hgetall(pages_key)
        pipe.hgetall(days_key)
        pages, days = self._run(pipe.execute)
        ordered = sorted((int(_s(n)), orjson.loads(v)) for n, v in pages.items())
        learned = {_s(u): date.fromisoformat(_s(d)) if _s(d) else None for u, d in days.items()}
        return [data for _, data in ordered], learned

    # -- writes ----------------------------------------------------------------------------------

    def save_backfill_page(self, job: str, section: str, number: int, data: Mapping[str, Any]) -> None:
        sections_key, _, pages_key = self._backfill_keys(job, section)
        pipe = self.client.pipeline(transaction=False)
        pipe.sadd(sections_key, section)
        pipe.hset(pages_key, str(number), orjson.dumps(dict(data)))
        self._run(pipe.execute)

    def save_backfill_day(self, job: str, url: str, day: date | None) -> None:
        _, days_key, _ = self._backfill_keys(job)
        self._run(self.client.hset, days_key, url, day.isoformat() if day else "")

    def drop_backfill(self, job: str) -> None:
        sections_key, days_key, _ = self._backfill_keys(job)
        sections = [_s(x) for x in self._run(self.client.smembers, sections_key)]
        keys = [sections_key, days_key, *(self._backfill_keys(job, s)[2] for s in sections)]
        self._run(self.client.delete, *keys)

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
