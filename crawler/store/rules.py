"""What every seen/dedupe store shares: the interface, the fetch rules, the keys, the fingerprints.

A crawl's store is SQLite (:mod:`crawler.store.sqlite`) or, with several workers, Redis
(:mod:`crawler.store.redis`); both must give the same answers. So everything that decides an answer
without touching storage lives here, once: the ``StateStore`` interface and its value types,
``decide`` (the incremental fetch rules), how a URL becomes a store key (``url_key``) and an id
fallback key (``_id_key``), and the SimHash band split used for near-duplicate lookups.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol, runtime_checkable

from crawler.timeparse import VN_TZ
from crawler.urls import normalize_url, site_of, url_article_id

# SimHash near-duplicate index: 64-bit fingerprints split into 4 bands of 16 bits. Two fingerprints
# within Hamming distance 3 share at least one band exactly (pigeonhole), so band lookups find every
# candidate; the distance check then confirms it.
NEAR_DUP_BANDS = 4
NEAR_DUP_MAX_DISTANCE = 3
_BAND_BITS = 64 // NEAR_DUP_BANDS
_BAND_MASK = (1 << _BAND_BITS) - 1


class Status(enum.StrEnum):
    NEW = "new"
    UNCHANGED = "unchanged"
    REVISED = "revised"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the store knows about an item: new, unchanged or a revision (with its number)."""

    status: Status
    revision: int
    near_duplicate_of: str | None = None


class FetchDecision(enum.StrEnum):
    """Why a URL is (or is not) fetched; the middleware counts each reason."""

    NEW = "new"  # no stored article under this URL
    RECENT = "recent"  # stored, but young enough to be re-checked for revisions
    LASTMOD = "lastmod"  # stored, but a sitemap/feed says it changed since we fetched it
    SKIP = "skip"  # stored, old, unchanged: not fetched

    @property
    def fetch(self) -> bool:
        return self is not FetchDecision.SKIP


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: str
    content_hash: str
    revision: int
    published_at: str | None
    first_seen: str
    last_fetched: str
    canonical_url: str | None
    near_duplicate_of: str | None


@dataclass(frozen=True, slots=True)
class StoredRef:
    """What the fetch rules need of the stored article a URL leads to (``lookup_many``): its times as
    the stores keep them, and the lastmod the URL had when it was last downloaded."""

    published_at: str | None
    first_seen: str | None
    last_fetched: str | None
    noted_lastmod: datetime | str | None = None

    def decision(
        self, *, lastmod: Any, now: datetime, recheck: timedelta, recheck_every: timedelta = timedelta(0)
    ) -> FetchDecision:
        return decide(
            published_at=self.published_at,
            first_seen=self.first_seen,
            last_fetched=self.last_fetched,
            noted_lastmod=self.noted_lastmod if lastmod is not None else None,
            lastmod=lastmod,
            now=now,
            recheck=recheck,
            recheck_every=recheck_every,
        )

    @property
    def published(self) -> datetime | None:
        return as_aware(self.published_at)


@runtime_checkable
class StateStore(Protocol):
    """Seen/dedupe state shared by one crawl's components (``SeenStore``: SQLite; ``RedisSeenStore``)."""

    def get(self, article_id: str) -> StoredArticle | None: ...

    def lookup_url(self, url: str) -> str | None: ...

    def near_duplicate(self, fingerprint: int, *, exclude_id: str) -> str | None: ...

    def classify(self, item: Mapping[str, Any], *, fingerprint: int | None = None) -> Outcome: ...

    def record(
        self, item: Mapping[str, Any], *, fingerprint: int | None = None, now: datetime | None = None
    ) -> Outcome: ...

    def mark_fetched(self, url: str, article_id: str, *, now: datetime | None = None) -> None: ...

    def fetch_decision(
        self,
        url: str,
        *,
        now: datetime,
        lastmod: Any = None,
        recheck: timedelta,
        recheck_every: timedelta = ...,
        key: str | None = None,
    ) -> FetchDecision: ...

    def note_lastmod(self, url: str, lastmod: Any) -> None: ...

    def lookup_many(
        self, urls: Sequence[str], keys: Sequence[str | None] | None = None
    ) -> list[StoredRef | None]: ...

    def noted_lastmods(self, urls: Sequence[str]) -> list[datetime | None]: ...

    def save_backfill_page(self, job: str, section: str, number: int, data: Mapping[str, Any]) -> None: ...

    def save_backfill_day(self, job: str, url: str, day: date | None) -> None: ...

    def backfill_state(
        self, job: str, section: str
    ) -> tuple[list[dict[str, Any]], dict[str, date | None]]: ...

    def drop_backfill(self, job: str) -> None: ...

    def close(self) -> None: ...


# --- the fetch rules ----------------------------------------------------------------------------

LASTMOD_TOLERANCE = timedelta(minutes=1)


def decide(
    *,
    published_at: datetime | str | None,
    first_seen: datetime | str | None,
    last_fetched: datetime | str | None,
    noted_lastmod: datetime | str | None,
    lastmod: Any,
    now: datetime,
    recheck: timedelta,
    recheck_every: timedelta = timedelta(0),
) -> FetchDecision:
    """The incremental rules for a stored article, shared by every store.

    A stored article is skipped unless ``lastmod`` says the page changed since we fetched it, or
    it is younger than ``recheck`` (from ``published_at``, else from when we first saw it) and was
    last fetched at least ``recheck_every`` ago (papers revise young articles, but an hourly run
    need not download them every hour). ``lastmod`` is compared with the lastmod the URL had when
    it was last downloaded (sitemap against sitemap: immune to clock differences and replayed
    archives), else with the article's ``published_at`` plus a minute (sitemaps stamp lastmod just
    after publication), else with our last fetch time.

    The stored times may be passed as the ISO strings the stores keep: each is parsed (``as_aware``)
    only if the rule that needs it is reached (an unparsable one counts as absent): the usual check
    (no ``lastmod``, an old article) parses one string, not three, and it runs once per article
    request (``bench/dedupe_bench.py``).
    """
    published = as_aware(published_at)
    changed = as_aware(lastmod)
    if changed is not None:
        reference = as_aware(noted_lastmod)
        if reference is None:
            reference = published + LASTMOD_TOLERANCE if published is not None else as_aware(last_fetched)
        if reference is not None and changed > reference:
            return FetchDecision.LASTMOD
    now = as_aware(now) or now
    born = published if published is not None else as_aware(first_seen)
    if recheck > timedelta(0) and (born is None or now - born < recheck):
        fetched = as_aware(last_fetched) if recheck_every > timedelta(0) else None
        if fetched is not None and now - fetched < recheck_every:
            return FetchDecision.SKIP
        return FetchDecision.RECENT
    return FetchDecision.SKIP


# --- time helpers -----------------------------------------------------------------------------


def _utc_iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat()


def _now() -> datetime:
    return datetime.now(UTC)


def as_aware(value: Any) -> datetime | None:
    """A datetime from a datetime or ISO string; naive values are Vietnamese time (+07:00).

    Sitemap/feed ``lastmod`` values arrive in ``request.meta`` from other code; an odd value is
    ignored (None) rather than trusted or crashed on.
    """
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    elif not isinstance(value, datetime):
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=VN_TZ)


# --- fingerprints -----------------------------------------------------------------------------


def bands(fingerprint: int) -> tuple[int, ...]:
    """The 16-bit bands of a 64-bit fingerprint, low band first."""
    return tuple((fingerprint >> (_BAND_BITS * i)) & _BAND_MASK for i in range(NEAR_DUP_BANDS))


def hamming(a: int, b: int) -> int:
    return (a ^ b).bit_count()


# --- keys ---------------------------------------------------------------------------------------


def _url_key(url: Any) -> str | None:
    """``normalize_url`` without a leading ``www.``: the papers serve the same page under both."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        key = normalize_url(url)
    except ValueError:  # e.g. an invalid port
        return None
    return _strip_www(key)


def _strip_www(key: str) -> str:
    scheme, sep, rest = key.partition("://")
    return f"{scheme}{sep}{rest.removeprefix('www.')}"


# A URL that ``normalize_url`` returns unchanged, provably: https, a plain lower-case host (no port,
# no trailing dot), a path of characters canonicalize_url leaves alone, no "/." segment (checked
# apart), no query, no fragment: what its fast path returns as f"{scheme}://{netloc}{path}".
_PLAIN_KEY = re.compile(r"https://[a-z0-9.-]*[a-z0-9-]/[A-Za-z0-9\-._~/!$&'()*+,=:@]*")


def url_key(url: Any, key: str | None = None) -> str | None:
    """The stores' key of ``url`` (``_url_key``), taken from ``key`` when that is the caller's
    ``normalize_url(url)``, provably.

    The spider's frontier normalises every article link and sends the request to
    ``normalize_url(url, force_https=False)``; the incremental check then normalised it again.
    ``key`` is taken only when it is the request URL itself (up to ``http`` -> ``https``) and in a
    form ``normalize_url`` returns unchanged (``_PLAIN_KEY``): then it *is* ``normalize_url(url)``.
    Anything else (a redirect kept the old key in ``meta``, a key with a query, a wrong key) falls
    back to normalising ``url``, so the answer never rests on trusting the caller.
    """
    if (
        isinstance(key, str)
        and isinstance(url, str)
        and (url == key or (url[:7] == "http://" and key[:8] == "https://" and key[8:] == url[7:]))
        and _PLAIN_KEY.fullmatch(key)
        and "/." not in key
    ):
        return _strip_www(key)
    return _url_key(url)


@lru_cache(maxsize=1024)
def _site_of_origin(origin: str) -> str:
    return site_of(origin)


def _id_key(key: str) -> str | None:
    """``article_key(site_of(key), key)`` for a URL key that carries an article id, else None (the
    id fallback of ``fetch_decision``). ``site_of`` depends on the host alone and costs ~2 µs (IDNA
    encoding), as much as the rest of the check's Python, so for plain keys it is cached per
    ``https://host``."""
    article_id = url_article_id(key)
    if not article_id:
        return None
    site = _site_of_origin(key[: key.index("/", 8)]) if _PLAIN_KEY.fullmatch(key) else site_of(key)
    return f"{site}:{article_id}"


def _identity(item: Mapping[str, Any]) -> tuple[str, str]:
    article_id, content_hash = item.get("id"), item.get("content_hash")
    if not (isinstance(article_id, str) and article_id and isinstance(content_hash, str) and content_hash):
        raise ValueError("an item needs a non-empty string 'id' and 'content_hash' to be stored")
    return article_id, content_hash
