"""One measurement of the dedupe benchmark per process, so that resident memory is that structure's
alone: ``python -m bench.dedupe_worker <command> ...`` prints one JSON object.

Commands: ``build DB N`` (fill a SeenStore with N articles through its schema, in bulk),
``api DB N`` (N articles through ``SeenStore.record``, the per-item API), ``store DB N K`` (open the
store, K lookups of each kind, memory), ``rfp N K`` (Scrapy's RFPDupeFilter with N requests),
``set N K`` (a Python set of N 40-hex SHA1 fingerprints), ``digests N K`` (a set of N 20-byte digests),
``profile DB N K`` (cProfile of K ``fetch_decision`` calls with the frontier's key).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import random
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HOST = "https://baolamdong.vn"
WORDS = (
    "da-lat",
    "bao-loc",
    "ca-phe",
    "nong-thon-moi",
    "giao-thong",
    "mua-lu",
    "du-lich",
    "giao-duc",
    "y-te",
    "thuy-loi",
    "hoa",
    "rau",
    "che",
    "cau",
    "duong",
    "truong",
    "benh-vien",
    "hop-tac-xa",
    "le-hoi",
    "van-hoa",
)
NOW = datetime(2026, 11, 27, tzinfo=UTC)
FIRST_ID = 1_000_000


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def article_id(i: int) -> str:
    return f"baolamdong.vn:{FIRST_ID + i}"


def article_url(i: int) -> str:
    """A realistic OneCMS article URL: a slug of a few words, then the id."""
    n = FIRST_ID + i
    return f"{HOST}/{WORDS[n % 20]}-{WORDS[(n // 20) % 20]}-{WORDS[(n // 400) % 20]}-bai-{n % 997}-{n}.html"


def unseen_url(i: int) -> str:
    return article_url(i + 50_000_000)


def _rows(n: int) -> Iterator[tuple[Any, ...]]:
    stamp = (NOW - timedelta(days=30)).isoformat()
    base = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(n):
        published = (base + timedelta(minutes=3 * i)).isoformat()
        yield article_id(i), f"{i:032x}", published, stamp, article_url(i)


def build(db: str, n: int) -> dict[str, Any]:
    """Fill the store's own schema (created by SeenStore) with what ``record`` writes for N articles:
    one ``articles`` row and one ``urls`` row each (the near-duplicate fingerprint rows are left out:
    no lookup reads them), in one transaction with executemany, URL keys inserted in sorted order."""
    from crawler.store import SeenStore
    from crawler.store.rules import _url_key

    # The generated URLs are already in normal form; check a sample instead of normalising 5 M.
    for i in range(0, n, max(1, n // 1000)):
        if _url_key(article_url(i)) != article_url(i):
            raise RuntimeError(f"generated URL not in normal form: {article_url(i)}")
    start = time.perf_counter()
    store = SeenStore(db)
    conn = store.db
    conn.execute("PRAGMA cache_size=-512000")  # 500 MB while loading
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO articles (id, content_hash, revision, published_at, first_seen, last_fetched,"
        " canonical_url, near_duplicate_of) VALUES (?, ?, 1, ?, ?, ?, ?, NULL)",
        ((aid, h, pub, stamp, stamp, url) for aid, h, pub, stamp, url in _rows(n)),
    )
    keys = sorted((article_url(i), article_id(i)) for i in range(n))
    conn.executemany("INSERT INTO urls (url_key, article_id) VALUES (?, ?)", keys)
    del keys
    conn.execute("COMMIT")
    store.close()
    seconds = time.perf_counter() - start
    size = sum(p.stat().st_size for p in Path(db).parent.glob(Path(db).name + "*"))
    return {"seconds": seconds, "rate": n / seconds, "db_bytes": size}


def api(db: str, n: int) -> dict[str, Any]:
    """The per-item path the crawl uses: ``record`` (one transaction per article) and ``mark_fetched``."""
    from crawler.store import SeenStore

    store = SeenStore(db)
    start = time.perf_counter()
    for aid, h, pub, _stamp, url in _rows(n):
        store.record(
            {"id": aid, "content_hash": h, "url": url, "canonical_url": url, "published_at": pub}, now=NOW
        )
    seconds = time.perf_counter() - start
    store.close()
    return {"seconds": seconds, "rate": n / seconds}


def _rate(fn: Callable[[Any], Any], args: list[Any]) -> tuple[float, list[Any]]:
    start = time.perf_counter()
    results = [fn(a) for a in args]
    return len(args) / (time.perf_counter() - start), results


def _count(fn: Callable[[Any], Any], args: list[Any], bad: Callable[[Any], bool]) -> tuple[float, int]:
    """Lookups per second, and how many answers were wrong (results are not kept: memory)."""
    wrong = 0
    start = time.perf_counter()
    for a in args:
        if bad(fn(a)):
            wrong += 1
    return len(args) / (time.perf_counter() - start), wrong


def store(db: str, n: int, k: int) -> dict[str, Any]:
    from crawler.store import FetchDecision, SeenStore
    from crawler.store.rules import _url_key
    from crawler.urls import normalize_url

    rng = random.Random(7)
    sample = [rng.randrange(n) for _ in range(k)]
    hit_ids, miss_ids = [article_id(i) for i in sample], [article_id(n + i) for i in range(k)]
    hit_urls, miss_urls = [article_url(i) for i in sample], [unseen_url(i) for i in range(k)]
    hit_keys = [_url_key(u) for u in hit_urls]
    miss_keys = [_url_key(u) for u in miss_urls]
    # What the incremental middleware passes: the request URL (normalize_url(link, force_https=False))
    # and the frontier key (normalize_url(link)), both computed by the spider for its own frontier.
    hit_requests = [(normalize_url(u, force_https=False), normalize_url(u)) for u in hit_urls]
    miss_requests = [(normalize_url(u, force_https=False), normalize_url(u)) for u in miss_urls]
    lastmod = (NOW - timedelta(days=400)).isoformat()  # older than every stored article: still a skip
    gc.collect()
    before = rss_kib()
    s = SeenStore(db)
    opened = rss_kib()
    recheck = timedelta(days=2)

    def decide(url: str) -> FetchDecision:
        return s.fetch_decision(url, now=NOW, recheck=recheck)

    def decide_keyed(request: tuple[str, str]) -> FetchDecision:
        return s.fetch_decision(request[0], now=NOW, recheck=recheck, key=request[1])

    def decide_keyed_lastmod(request: tuple[str, str]) -> FetchDecision:
        return s.fetch_decision(request[0], now=NOW, recheck=recheck, key=request[1], lastmod=lastmod)

    def is_new(d: Any) -> bool:
        return d is FetchDecision.NEW

    def is_none(r: Any) -> bool:
        return r is None

    def not_none(r: Any) -> bool:
        return r is not None

    def not_new(d: Any) -> bool:
        return d is not FetchDecision.NEW

    get_hit, missed_get = _count(s.get, hit_ids, is_none)
    get_miss, dropped_get = _count(s.get, miss_ids, not_none)
    fd_hit, missed_fd = _count(decide, hit_urls, is_new)
    fd_miss, dropped_fd = _count(decide, miss_urls, not_new)
    fk_hit, missed_fk = _count(decide_keyed, hit_requests, is_new)
    fk_miss, dropped_fk = _count(decide_keyed, miss_requests, not_new)
    fl_hit, missed_fl = _count(decide_keyed_lastmod, hit_requests, is_new)
    url_hit, _ = _count(s.lookup_url, hit_urls, is_none)
    norm, _ = _count(_url_key, hit_urls, is_none)
    sql_hit, _ = _count(_decision_sql(s.db), hit_keys, is_none)
    batch = _batched_rate(s.db, hit_keys + miss_keys)
    page_hit, missed_page = _page_rate(s, hit_requests, expect_stored=True)
    page_miss, dropped_page = _page_rate(s, miss_requests, expect_stored=False)
    gc.collect()
    after = rss_kib()
    result = {
        "rss_before_kib": before,
        "rss_open_kib": opened,
        "rss_after_kib": after,
        "hwm_kib": hwm_kib(),
        "get_hit": get_hit,
        "get_miss": get_miss,
        "fetch_decision_hit": fd_hit,
        "fetch_decision_miss": fd_miss,
        "fetch_decision_key_hit": fk_hit,
        "fetch_decision_key_miss": fk_miss,
        "fetch_decision_key_lastmod_hit": fl_hit,
        "lookup_url_hit": url_hit,
        "normalize_only": norm,
        "sql_only_hit": sql_hit,
        "batched_sql": batch,
        "lookup_many_hit": page_hit,
        "lookup_many_miss": page_miss,
        # exactness: a stored article never reported unknown, an unseen one never reported seen
        "missed_hits": missed_get + missed_fd + missed_fk + missed_fl + missed_page,
        "false_drops": dropped_get + dropped_fd + dropped_fk + dropped_page,
        "k": k,
        "loadavg_1min": os.getloadavg()[0],
    }
    s.close()
    return result


PAGE = 20  # links on a listing page


def _page_rate(s: Any, requests: list[tuple[str, str]], *, expect_stored: bool) -> tuple[float, int]:
    """Links decided per second when the spider asks the store for a listing page's links at once
    (``lookup_many`` with the frontier keys, then ``decide`` per link), and the wrong answers."""
    from crawler.store import FetchDecision

    recheck = timedelta(days=2)
    wrong = 0
    start = time.perf_counter()
    for i in range(0, len(requests), PAGE):
        page = requests[i : i + PAGE]
        refs = s.lookup_many([u for u, _ in page], [k for _, k in page], with_lastmod=False)
        for ref in refs:
            decision = ref.decision(lastmod=None, now=NOW, recheck=recheck) if ref else FetchDecision.NEW
            wrong += (decision is FetchDecision.NEW) == expect_stored
    return len(requests) / (time.perf_counter() - start), wrong


def _decision_sql(conn: Any) -> Callable[[str], Any]:
    """The statement a ``fetch_decision`` hit runs, alone: the floor under the per-request check."""
    from crawler.store.sqlite import _DECISION_SQL

    query = _DECISION_SQL[False]

    def run(key: str) -> Any:
        return conn.execute(query, (key,)).fetchone()

    return run


def profile(db: str, n: int, k: int) -> dict[str, Any]:
    """cProfile of ``fetch_decision`` on K stored URLs, called as the incremental middleware calls
    it (request URL + the frontier's key): where a per-request check spends its time."""
    import cProfile
    import pstats

    from bench.common import format_stats
    from crawler.store import SeenStore
    from crawler.urls import normalize_url

    rng = random.Random(11)
    links = [article_url(rng.randrange(n)) for _ in range(k)]
    requests = [(normalize_url(u, force_https=False), normalize_url(u)) for u in links]
    s = SeenStore(db)
    recheck = timedelta(days=2)
    profiler = cProfile.Profile()
    profiler.enable()
    for url, key in requests:
        s.fetch_decision(url, now=NOW, recheck=recheck, key=key)
    profiler.disable()
    s.close()
    return {"text": format_stats(pstats.Stats(profiler), limit=18)}


def _batched_rate(conn: Any, keys: list[str], chunk: int = 500) -> float:
    """A prototype of a bulk check (what a sitemap page needs): one SELECT per 500 URL keys."""
    start = time.perf_counter()
    found = 0
    for i in range(0, len(keys), chunk):
        part = keys[i : i + chunk]
        marks = ",".join("?" * len(part))
        rows = conn.execute(
            "SELECT u.url_key, a.published_at, a.first_seen, a.last_fetched FROM urls u"
            f" JOIN articles a ON a.id = u.article_id WHERE u.url_key IN ({marks})",
            part,
        ).fetchall()
        found += len(rows)
    return len(keys) / (time.perf_counter() - start)


def rfp(n: int, k: int) -> dict[str, Any]:
    """Scrapy's own RFPDupeFilter, fed real Request objects (created one at a time, then dropped)."""
    from scrapy import Request
    from scrapy.dupefilters import RFPDupeFilter

    gc.collect()
    before = rss_kib()
    df = RFPDupeFilter()
    start = time.perf_counter()
    for i in range(n):
        df.request_seen(Request(article_url(i)))
    fill = n / (time.perf_counter() - start)
    gc.collect()
    after = rss_kib()
    rng = random.Random(7)
    hit_reqs = [Request(article_url(rng.randrange(n))) for _ in range(k)]
    miss_reqs = [Request(unseen_url(i)) for i in range(k)]
    hit_rate, hits = _rate(df.request_seen, hit_reqs)
    miss_rate, misses = _rate(df.request_seen, miss_reqs)
    return {
        "rss_before_kib": before,
        "rss_after_kib": after,
        "hwm_kib": hwm_kib(),
        "fill_rate": fill,
        "hit_rate": hit_rate,
        "miss_rate": miss_rate,
        "missed_hits": hits.count(False),
        "false_drops": misses.count(True),
        "k": k,
    }


def fingerprint_set(n: int, k: int, *, hexdigest: bool) -> dict[str, Any]:
    """A set like RFPDupeFilter's: SHA1 of each URL, as 40-hex strings (Scrapy < 2.7 style, and the
    scrapy-redis/JOBDIR text form) or 20-byte digests (Scrapy 2.19's in-memory set)."""

    def fp(url: str) -> Any:
        digest = hashlib.sha1(url.encode("utf-8"))
        return digest.hexdigest() if hexdigest else digest.digest()

    gc.collect()
    before = rss_kib()
    seen: set[Any] = set()
    start = time.perf_counter()
    for i in range(n):
        seen.add(fp(article_url(i)))
    fill = n / (time.perf_counter() - start)
    gc.collect()
    after = rss_kib()
    rng = random.Random(7)
    hit_urls = [article_url(rng.randrange(n)) for _ in range(k)]
    miss_urls = [unseen_url(i) for i in range(k)]
    hit_fps, miss_fps = [fp(u) for u in hit_urls], [fp(u) for u in miss_urls]
    member_hit, hits = _rate(seen.__contains__, hit_fps)
    member_miss, misses = _rate(seen.__contains__, miss_fps)
    hashed_hit, _ = _rate(lambda u: fp(u) in seen, hit_urls)
    return {
        "rss_before_kib": before,
        "rss_after_kib": after,
        "hwm_kib": hwm_kib(),
        "fill_rate": fill,
        "hit_rate": member_hit,
        "miss_rate": member_miss,
        "hash_and_lookup_rate": hashed_hit,
        "missed_hits": hits.count(False),
        "false_drops": misses.count(True),
        "k": k,
    }


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "build":
        result = build(rest[0], int(rest[1]))
    elif command == "api":
        result = api(rest[0], int(rest[1]))
    elif command == "store":
        result = store(rest[0], int(rest[1]), int(rest[2]))
    elif command == "profile":
        result = profile(rest[0], int(rest[1]), int(rest[2]))
    elif command == "rfp":
        result = rfp(int(rest[0]), int(rest[1]))
    elif command in ("set", "digests"):
        result = fingerprint_set(int(rest[0]), int(rest[1]), hexdigest=command == "set")
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
