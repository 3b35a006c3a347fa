"""The default seen/dedupe store: one SQLite file next to the crawl's output.

WAL journal, one short transaction per write, so that a killed crawl leaves a consistent database
(SQLite's atomic commit) and at worst forgets the last few records, which only makes the next run
re-emit them. One crawl has one store, shared by the incremental middleware and the dedupe pipeline
(``SeenStore.for_crawler``, reached through ``crawler.store.for_crawler``, which picks the class
that ``STATE_STORE_CLASS`` names). The rules it answers by are in :mod:`crawler.store.rules`,
shared with the Redis store.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from crawler.store.paths import spider_name, state_db_path
from crawler.store.rules import (
    NEAR_DUP_BANDS,
    NEAR_DUP_MAX_DISTANCE,
    FetchDecision,
    Outcome,
    StateStore,
    Status,
    StoredArticle,
    StoredRef,
    _id_key,
    _identity,
    _now,
    _url_key,
    _utc_iso,
    as_aware,
    bands,
    decide,
    hamming,
    url_key,
)

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 2  # 2: backfill_pages, backfill_days (added, nothing changed)
_CRAWLER_ATTR = "_vnnews_state_store"


def _to_signed(value: int) -> int:
    """SQLite integers are signed 64-bit."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def _to_unsigned(value: int) -> int:
    return value & ((1 << 64) - 1)


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
CREATE TABLE IF NOT EXISTS backfill_pages (
    job TEXT NOT NULL,
    section TEXT NOT NULL,
    page INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (job, section, page)
);
CREATE TABLE IF NOT EXISTS backfill_days (
    job TEXT NOT NULL,
    url TEXT NOT NULL,
    day TEXT NOT NULL,
    PRIMARY KEY (job, url)
);
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


# ``lookup_many``'s statement for the URLs already fetched, with and without the noted lastmods.
_LOOKUP_SQL = {
    True: "SELECT u.url_key, a.published_at, a.first_seen, a.last_fetched, l.lastmod FROM urls u"
    " JOIN articles a ON a.id = u.article_id LEFT JOIN lastmods l ON l.url_key = u.url_key"
    " WHERE u.url_key IN ({marks})",
    False: "SELECT u.url_key, a.published_at, a.first_seen, a.last_fetched, NULL FROM urls u"
    " JOIN articles a ON a.id = u.article_id WHERE u.url_key IN ({marks})",
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
    def for_crawler(cls, crawler: Crawler) -> SeenStore:
        """The one SQLite store of this crawl, created on first use and closed when the spider closes.

        The incremental middleware and the dedupe pipeline must see the same state (and SQLite
        wants one writer connection), so the instance lives on the crawler object. Components call
        ``crawler.store.for_crawler``, which picks this class or the Redis one
        (``STATE_STORE_CLASS``).
        """

        def create() -> SeenStore:
            path = state_db_path(crawler.settings, spider_name(crawler))
            logger.info("Seen/dedupe state: %s", path)
            return cls(path)

        return crawler_store(crawler, _CRAWLER_ATTR, create)

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

    def lookup_many(
        self, urls: Sequence[str], keys: Sequence[str | None] | None = None, *, with_lastmod: bool = True
    ) -> list[StoredRef | None]:
        """For each URL, what the fetch rules need of the article it leads to (None: not stored).

        A listing or sitemap page asks about all its links at once: one statement for the URLs
        already fetched, one for the ids the others carry (``fetch_decision``'s fallback), instead of
        a round of statements per link. ``keys``: the callers' ``normalize_url`` of each URL, taken
        as ``fetch_decision`` takes ``key``. ``with_lastmod=False``: the caller has no sitemap
        lastmod to compare (a listing page), so the noted ones are not read.
        """
        norm = [url_key(u, k) for u, k in zip(urls, keys or [None] * len(urls), strict=True)]
        found: dict[str, StoredRef] = {}
        wanted = sorted({k for k in norm if k is not None})
        for chunk in _chunks(wanted):
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(_LOOKUP_SQL[with_lastmod].format(marks=marks), chunk).fetchall()
            for key, published, first_seen, last_fetched, noted in rows:
                found[key] = StoredRef(published, first_seen, last_fetched, noted)
        by_id = {k: i for k in wanted if k not in found and (i := _id_key(k)) is not None}
        ids = sorted(set(by_id.values()))
        stored: dict[str, StoredRef] = {}
        for chunk in _chunks(ids):
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT id, published_at, first_seen, last_fetched FROM articles WHERE id IN ({marks})",
                chunk,
            ).fetchall()
            for article_id, published, first_seen, last_fetched in rows:
                stored[article_id] = StoredRef(published, first_seen, last_fetched)
        for key, article_id in by_id.items():
            if article_id in stored:
                found[key] = stored[article_id]
        return [found.get(k) if k is not None else None for k in norm]

    def noted_lastmods(self, urls: Sequence[str]) -> list[datetime | None]:
        """The lastmod noted for each URL (``note_lastmod``), None where none was: for child
        sitemaps, whether one changed since a run last read it whole."""
        keys = [_url_key(u) for u in urls]
        found: dict[str, str] = {}
        for chunk in _chunks(sorted({k for k in keys if k is not None})):
            marks = ", ".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT url_key, lastmod FROM lastmods WHERE url_key IN ({marks})", chunk)
            found.update(rows.fetchall())
        return [as_aware(found.get(k)) if k is not None else None for k in keys]

    def backfill_state(self, job: str, section: str) -> tuple[list[dict[str, Any]], dict[str, date | None]]:
        """The listing pages a backfill ``job`` read of ``section``, and the days it learned by probes
        (None: the probe could not date the article)."""
        pages = [
            orjson.loads(data)
            for (data,) in self.db.execute(
                "SELECT data FROM backfill_pages WHERE job = ? AND section = ? ORDER BY page", (job, section)
            )
        ]
        days = {
            url: date.fromisoformat(day) if day else None
            for url, day in self.db.execute("SELECT url, day FROM backfill_days WHERE job = ?", (job,))
        }
        return pages, days

    # -- writes ----------------------------------------------------------------------------------

    def save_backfill_page(self, job: str, section: str, number: int, data: Mapping[str, Any]) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO backfill_pages (job, section, page, data) VALUES (?, ?, ?, ?)",
                (job, section, number, orjson.dumps(dict(data)).decode()),
            )

    def save_backfill_day(self, job: str, url: str, day: date | None) -> None:
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO backfill_days (job, url, day) VALUES (?, ?, ?)",
                (job, url, day.isoformat() if day else ""),
            )

    def drop_backfill(self, job: str) -> None:
        """Forget a finished backfill's progress: the same command run again starts afresh."""
        with self._tx() as db:
            db.execute("DELETE FROM backfill_pages WHERE job = ?", (job,))
            db.execute("DELETE FROM backfill_days WHERE job = ?", (job,))

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


def _chunks(values: list[str], size: int = 500) -> Iterator[list[str]]:
    for i in range(0, len(values), size):
        yield values[i : i + size]


_S = TypeVar("_S", bound=StateStore)


def crawler_store(crawler: Crawler, attr: str, create: Callable[[], _S]) -> _S:
    """The store kept on ``crawler`` under ``attr``: made by ``create`` on first use, closed (and
    forgotten) when the spider closes. Shared by both backends' ``for_crawler``."""
    store = getattr(crawler, attr, None)
    if store is None:
        from scrapy import signals

        store = create()
        setattr(crawler, attr, store)

        def close(*_: Any, **__: Any) -> None:
            current = getattr(crawler, attr, None)
            if current is not None:
                current.close()
                setattr(crawler, attr, None)

        crawler.signals.connect(close, signal=signals.spider_closed, weak=False)
    return store
