"""The persistent seen/dedupe state: which articles were emitted, under which URLs, in which version.

One store per crawl is shared by the incremental-skip downloader middleware (should this URL be
fetched at all?) and the dedupe pipeline (is this item new, unchanged or a revision? a near-duplicate
of another article?). The default backend is an SQLite file next to the output: WAL journal, one
short transaction per write, so that a killed crawl leaves a consistent database (SQLite's atomic
commit) and at worst forgets the last few records, which only makes the next run re-emit them.

``StateStore`` is the interface; a Redis-backed store for several workers must keep the same
semantics (see ``SeenStore`` for the reference behaviour).
"""

from __future__ import annotations

import enum
import logging
import re
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from crawler.urls import normalize_url, site_of, url_article_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

VN_TZ = timezone(timedelta(hours=7))
SCHEMA_VERSION = 1
# SimHash near-duplicate index: 64-bit fingerprints split into 4 bands of 16 bits. Two fingerprints
# within Hamming distance 3 share at least one band exactly (pigeonhole), so band lookups find every
# candidate; the distance check then confirms it.
NEAR_DUP_BANDS = 4
NEAR_DUP_MAX_DISTANCE = 3
_BAND_BITS = 64 // NEAR_DUP_BANDS
_BAND_MASK = (1 << _BAND_BITS) - 1
_CRAWLER_ATTR = "_vnnews_state_store"


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

    def should_fetch(self, url: str, *, now: datetime, lastmod: Any = None, recheck: timedelta) -> bool: ...

    def note_lastmod(self, url: str, lastmod: Any) -> None: ...

    def close(self) -> None: ...


# --- paths ------------------------------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


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


def safe_path_component(name: object, *, default: str = "spider") -> str:
    """``name`` as a single harmless path component: no separators, no leading dots, bounded length.

    Spider names come from code or ``scrapy crawl`` arguments; they must never steer a path out
    of OUTPUT_DIR (``../../etc``) or into a hidden file.
    """
    text = _UNSAFE.sub("_", str(name or "")).lstrip("._")[:100].rstrip("_")
    return text or default


def spider_output_dir(output_dir: str | Path, spider_name: object) -> Path:
    """``<OUTPUT_DIR>/<sanitised spider name>``, guaranteed to lie inside OUTPUT_DIR."""
    base = Path(output_dir).resolve()
    path = (base / safe_path_component(spider_name)).resolve()
    if path.parent != base:  # pragma: no cover - defended by safe_path_component; kept as a guard
        raise ValueError(f"spider directory {path} escapes {base}")
    return path


def state_db_path(settings: BaseSettings, spider_name: object) -> Path:
    """STATE_DB if set, else ``<OUTPUT_DIR>/<spider>/state.sqlite``."""
    explicit = settings.get("STATE_DB")
    if explicit:
        return Path(explicit)
    return spider_output_dir(settings.get("OUTPUT_DIR") or "output", spider_name) / "state.sqlite"


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


def _to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def _to_unsigned(value: int) -> int:
    return value & ((1 << 64) - 1)


# --- SQLite store -----------------------------------------------------------------------------

_BAND_COLUMNS = tuple(f"b{i}" for i in range(NEAR_DUP_BANDS))
_BAND_INDEXES = "".join(f"CREATE INDEX IF NOT EXISTS fp_{b} ON fingerprints({b});" for b in _BAND_COLUMNS)
_DDL = f"""
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    revision INTEGER NOT NULL,
    published_at TEXT,
    first_seen TEXT NOT NULL,
    last_fetched TEXT NOT NULL,
    canonical_url TEXT,
    near_duplicate_of TEXT
);
CREATE TABLE IF NOT EXISTS urls (
    url_key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS urls_article ON urls(article_id);
CREATE TABLE IF NOT EXISTS lastmods (
    url_key TEXT PRIMARY KEY,
    lastmod TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS fingerprints (
    article_id TEXT PRIMARY KEY,
    simhash INTEGER NOT NULL,
    {", ".join(f"{b} INTEGER NOT NULL" for b in _BAND_COLUMNS)}
);
{_BAND_INDEXES}
"""


# The statements behind ``fetch_decision``, with and without the lastmod noted for the URL key
# (read in the same statement when the caller has a lastmod to compare): the article mapped to
# the key (?1), else the one whose id the URL carries (?2).
_NOTED = ", (SELECT lastmod FROM lastmods WHERE url_key = ?1)"
_DECISION_SQL = {
    m: f"SELECT a.published_at, a.first_seen, a.last_fetched{_NOTED if m else ''} FROM urls u"
    " JOIN articles a ON a.id = u.article_id WHERE u.url_key = ?1"
    for m in (False, True)
}
_BY_ID_SQL = {
    m: f"SELECT published_at, first_seen, last_fetched{_NOTED if m else ''} FROM articles WHERE id = ?2"
    for m in (False, True)
}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


class SeenStore:
    """SQLite-backed ``StateStore``. One connection, autocommit outside explicit short transactions."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a transaction never stays open
        # between calls (a kill then loses nothing committed and blocks no other reader).
        self._db: sqlite3.Connection | None = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._tx():
            # not executescript(): it would COMMIT behind our back
            for statement in filter(None, (s.strip() for s in _DDL.split(";"))):
                self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    # -- construction shared by one crawl --------------------------------------------------------

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> StateStore:
        """The one store of this crawl, created on first use and closed when the spider closes.

        The incremental middleware and the dedupe pipeline must see the same state (and SQLite
        wants one writer connection), so the instance lives on the crawler object. With
        ``REDIS_URL`` set, several workers share one crawl, and the store is the Redis one
        (``crawler.store_redis.RedisSeenStore``, same interface and semantics).
        """
        if crawler.settings.get("REDIS_URL"):
            from crawler.store_redis import RedisSeenStore

            return RedisSeenStore.for_crawler(crawler)
        store = getattr(crawler, _CRAWLER_ATTR, None)
        if store is None:
            from scrapy import signals

            spider = getattr(crawler, "spider", None)
            name = getattr(spider, "name", None) or getattr(crawler.spidercls, "name", None)
            path = state_db_path(crawler.settings, name)
            store = cls(path)
            setattr(crawler, _CRAWLER_ATTR, store)
            crawler.signals.connect(_close_crawler_store(crawler), signal=signals.spider_closed, weak=False)
            logger.info("Seen/dedupe state: %s", path)
        return store

    # -- plumbing --------------------------------------------------------------------------------

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise RuntimeError(f"state store {self.path} is closed")
        return self._db

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        if self._db is not None:
            try:
                self._db.execute("PRAGMA optimize")
            finally:
                self._db.close()
                self._db = None

    def __enter__(self) -> SeenStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads -----------------------------------------------------------------------------------

    def get(self, article_id: str) -> StoredArticle | None:
        row = self.db.execute(
            "SELECT id, content_hash, revision, published_at, first_seen, last_fetched, canonical_url,"
            " near_duplicate_of FROM articles WHERE id = ?",
            (article_id,),
        ).fetchone()
        return StoredArticle(*row) if row else None

    def lookup_url(self, url: str) -> str | None:
        """The id of the article last fetched under ``url`` (compared in normalised form)."""
        key = _url_key(url)
        if key is None:
            return None
        row = self.db.execute("SELECT article_id FROM urls WHERE url_key = ?", (key,)).fetchone()
        return row[0] if row else None

    def near_duplicate(self, fingerprint: int, *, exclude_id: str) -> str | None:
        """The earliest-seen other article within ``NEAR_DUP_MAX_DISTANCE`` bits of ``fingerprint``."""
        where = " OR ".join(f"{b} = ?" for b in _BAND_COLUMNS)
        rows = self.db.execute(
            f"SELECT f.article_id, f.simhash, a.first_seen FROM fingerprints f"
            f" JOIN articles a ON a.id = f.article_id WHERE ({where}) AND f.article_id != ?",
            (*bands(fingerprint), exclude_id),
        ).fetchall()
        matches = [
            (first_seen, aid)
            for aid, simhash, first_seen in rows
            if hamming(_to_unsigned(simhash), fingerprint) <= NEAR_DUP_MAX_DISTANCE
        ]
        return min(matches)[1] if matches else None

    def classify(self, item: Mapping[str, Any], *, fingerprint: int | None = None) -> Outcome:
        """What ``record(item)`` would say, without writing anything."""
        article_id, content_hash = _identity(item)
        row = self.db.execute(
            "SELECT content_hash, revision, near_duplicate_of FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
        if row is not None and row[0] == content_hash:
            return Outcome(Status.UNCHANGED, row[1], row[2])
        near = self.near_duplicate(fingerprint, exclude_id=article_id) if fingerprint is not None else None
        if row is None:
            return Outcome(Status.NEW, 1, near)
        return Outcome(Status.REVISED, row[1] + 1, near)

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
        """Whether an article URL is worth downloading, and why (the rules: ``decide``).

        A URL never fetched but carrying the id of a stored article (a new slug, another host
        alias) counts as stored. ``key`` is ``normalize_url(url)`` if the caller has it already
        (the spider's frontier key): it saves normalising the URL again, and is used only where it
        provably is that normal form (``url_key``), so a stale or wrong one costs time, never a
        wrong answer.
        """
        key = url_key(url, key)
        if key is None:
            return FetchDecision.NEW
        with_lastmod = lastmod is not None
        row = self.db.execute(_DECISION_SQL[with_lastmod], (key,)).fetchone()
        if row is None:
            # Most checks of a scheduled run are hits (stored articles met again); finding the id in
            # a URL (a regular expression per CMS family, a few µs) is left to the URLs not found.
            by_id = _id_key(key)
            if by_id is None:
                return FetchDecision.NEW
            row = self.db.execute(_BY_ID_SQL[with_lastmod], (key, by_id)).fetchone()
            if row is None:
                return FetchDecision.NEW
        return decide(
            published_at=row[0],
            first_seen=row[1],
            last_fetched=row[2],
            noted_lastmod=row[3] if lastmod is not None else None,
            lastmod=lastmod,
            now=now,
            recheck=recheck,
            recheck_every=recheck_every,
        )

    def should_fetch(self, url: str, *, now: datetime, lastmod: Any = None, recheck: timedelta) -> bool:
        return self.fetch_decision(url, now=now, lastmod=lastmod, recheck=recheck).fetch

    # -- writes ----------------------------------------------------------------------------------

    def record(
        self, item: Mapping[str, Any], *, fingerprint: int | None = None, now: datetime | None = None
    ) -> Outcome:
        """Store an emitted item (and the URLs it was fetched under) in one transaction."""
        article_id, content_hash = _identity(item)
        stamp = _utc_iso(now or _now())
        canonical = _text(item.get("canonical_url"))
        published = _text(item.get("published_at"))
        with self._tx() as db:
            outcome = self.classify(item, fingerprint=fingerprint)
            near = outcome.near_duplicate_of
            if outcome.status is Status.NEW:
                db.execute(
                    "INSERT INTO articles (id, content_hash, revision, published_at, first_seen,"
                    " last_fetched, canonical_url, near_duplicate_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (article_id, content_hash, 1, published, stamp, stamp, canonical, near),
                )
            elif outcome.status is Status.REVISED:
                db.execute(
                    "UPDATE articles SET content_hash = ?, revision = ?, published_at = COALESCE(?,"
                    " published_at), last_fetched = ?, canonical_url = COALESCE(?, canonical_url),"
                    " near_duplicate_of = ? WHERE id = ?",
                    (content_hash, outcome.revision, published, stamp, canonical, near, article_id),
                )
            else:
                db.execute("UPDATE articles SET last_fetched = ? WHERE id = ?", (stamp, article_id))
            if outcome.status is not Status.UNCHANGED and fingerprint is None:
                db.execute("DELETE FROM fingerprints WHERE article_id = ?", (article_id,))
            elif outcome.status is not Status.UNCHANGED:
                db.execute(
                    f"INSERT OR REPLACE INTO fingerprints (article_id, simhash, {', '.join(_BAND_COLUMNS)})"
                    f" VALUES (?, ?, {', '.join('?' * NEAR_DUP_BANDS)})",
                    (article_id, _to_signed(fingerprint), *bands(fingerprint)),
                )
            for url in (item.get("url"), canonical):
                self._map_url(db, url, article_id)
        return outcome

    def mark_fetched(self, url: str, article_id: str, *, now: datetime | None = None) -> None:
        """Remember that ``url`` led to ``article_id`` and that the article was fetched ``now``."""
        with self._tx() as db:
            self._map_url(db, url, article_id)
            db.execute(
                "UPDATE articles SET last_fetched = ? WHERE id = ?", (_utc_iso(now or _now()), article_id)
            )

    def note_lastmod(self, url: str, lastmod: Any) -> None:
        """Remember the newest sitemap/feed ``lastmod`` a URL had when it was downloaded successfully.

        (UTC ISO strings of one format sort like the instants they denote, so SQL's MAX works.)
        """
        key, changed = _url_key(url), as_aware(lastmod)
        if key is None or changed is None:
            return
        with self._tx() as db:
            db.execute(
                "INSERT INTO lastmods (url_key, lastmod) VALUES (?, ?)"
                " ON CONFLICT(url_key) DO UPDATE SET lastmod = MAX(lastmod, excluded.lastmod)",
                (key, _utc_iso(changed)),
            )

    @staticmethod
    def _map_url(db: sqlite3.Connection, url: Any, article_id: str) -> None:
        key = _url_key(url)
        if key is not None:
            db.execute(
                "INSERT INTO urls (url_key, article_id) VALUES (?, ?)"
                " ON CONFLICT(url_key) DO UPDATE SET article_id = excluded.article_id",
                (key, article_id),
            )


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


def _close_crawler_store(crawler: Crawler):  # a signal handler factory
    def close(*_: Any, **__: Any) -> None:
        store = getattr(crawler, _CRAWLER_ATTR, None)
        if store is not None:
            store.close()
            setattr(crawler, _CRAWLER_ATTR, None)

    return close
