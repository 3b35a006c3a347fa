"""The SQLite seen/dedupe store: identity, revisions, URL aliases, fetch decisions, near-duplicates."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from crawler.store import (
    NEAR_DUP_MAX_DISTANCE,
    SCHEMA_VERSION,
    FetchDecision,
    SeenStore,
    StateStore,
    Status,
    bands,
    for_crawler,
    safe_path_component,
    spider_output_dir,
    state_db_path,
)
from pipelines.dedupe import body_fingerprint
from tests.pipeline_helpers import BODY_FLOWERS, BODY_RICE, make_crawler, make_item

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
WEEK = timedelta(days=7)
DAYS2 = timedelta(days=2)


@pytest.fixture
def store(tmp_path: Path):
    with SeenStore(tmp_path / "state.sqlite") as s:
        yield s


def test_sqlite_store_satisfies_the_interface(store: SeenStore) -> None:
    assert isinstance(store, StateStore)


def test_wal_mode_and_schema_version(store: SeenStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2


def test_new_unchanged_revised(store: SeenStore) -> None:
    item = make_item()
    assert store.record(item, now=NOW).status is Status.NEW
    assert store.record(item, now=NOW).status is Status.UNCHANGED
    changed = make_item(body=BODY_FLOWERS + "\n\nBan tổ chức bổ sung thêm một đêm nhạc.")
    outcome = store.record(changed, now=NOW)
    assert (outcome.status, outcome.revision) == (Status.REVISED, 2)
    stored = store.get(item["id"])
    assert stored is not None
    assert (stored.revision, stored.content_hash) == (2, changed["content_hash"])
    assert store.record(changed, now=NOW).revision == 2


def test_classify_does_not_write(store: SeenStore) -> None:
    item = make_item()
    assert store.classify(item).status is Status.NEW
    assert store.classify(item).status is Status.NEW
    assert store.get(item["id"]) is None


def test_state_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    with SeenStore(path) as first:
        first.record(make_item(), now=NOW)
    with SeenStore(path) as second:
        assert second.classify(make_item()).status is Status.UNCHANGED
        assert second.lookup_url(make_item()["url"]) == make_item()["id"]


def test_url_and_canonical_url_both_map_to_the_article(store: SeenStore) -> None:
    item = make_item(url="http://www.baolamdong.vn/le-hoi-hoa-359750.html?utm_source=zalo#top")
    store.record(item, now=NOW)
    article_id = item["id"]
    assert store.lookup_url(item["canonical_url"]) == article_id
    # compared in normalised form: scheme, www., tracking parameters and fragment do not matter
    assert store.lookup_url("https://www.baolamdong.vn/le-hoi-hoa-359750.html") == article_id
    assert store.lookup_url("https://baolamdong.vn/khac-1.html") is None


def test_mark_fetched_maps_an_alias_and_updates_last_fetched(store: SeenStore) -> None:
    item = make_item()
    store.record(item, now=NOW - WEEK)
    store.mark_fetched("https://baolamdong.vn/tin-tuc/le-hoi-hoa.html", item["id"], now=NOW)
    assert store.lookup_url("https://baolamdong.vn/tin-tuc/le-hoi-hoa.html") == item["id"]
    stored = store.get(item["id"])
    assert stored is not None and stored.last_fetched.startswith("2026-04-01T12:00")


@pytest.mark.parametrize(
    "bad", [{}, {"id": "x"}, {"id": "", "content_hash": "ab"}, {"id": 5, "content_hash": "ab"}]
)
def test_items_without_identity_are_refused_clearly(store: SeenStore, bad: dict) -> None:
    with pytest.raises(ValueError, match="id"):
        store.record(bad)


# --- fetch decisions --------------------------------------------------------------------------


def _stored(store: SeenStore, *, published: str | None, fetched: datetime) -> str:
    item = make_item(published_at=published)
    store.record(item, now=fetched)
    return item["url"]


def test_unknown_url_is_fetched(store: SeenStore) -> None:
    assert (
        store.fetch_decision("https://baolamdong.vn/moi-1.html", now=NOW, recheck=DAYS2) is FetchDecision.NEW
    )


def test_old_stored_article_is_skipped(store: SeenStore) -> None:
    url = _stored(store, published="2026-03-02T08:15:00+07:00", fetched=NOW - WEEK)
    assert store.fetch_decision(url, now=NOW, recheck=DAYS2) is FetchDecision.SKIP
    assert store.fetch_decision(url, now=NOW, recheck=DAYS2).fetch is False


def test_recent_article_is_rechecked_inside_the_window(store: SeenStore) -> None:
    url = _stored(store, published="2026-04-01T09:00:00+07:00", fetched=NOW)  # 10 hours old
    assert store.fetch_decision(url, now=NOW, recheck=DAYS2) is FetchDecision.RECENT
    assert store.fetch_decision(url, now=NOW + DAYS2, recheck=DAYS2) is FetchDecision.SKIP


def test_zero_window_never_rechecks(store: SeenStore) -> None:
    url = _stored(store, published="2026-04-01T18:59:00+07:00", fetched=NOW)  # one minute old
    assert store.fetch_decision(url, now=NOW, recheck=timedelta(0)) is FetchDecision.SKIP


def test_age_falls_back_to_first_seen_without_published_at(store: SeenStore) -> None:
    url = _stored(store, published=None, fetched=NOW - timedelta(days=1))
    assert store.fetch_decision(url, now=NOW, recheck=DAYS2) is FetchDecision.RECENT
    assert store.fetch_decision(url, now=NOW + DAYS2, recheck=DAYS2) is FetchDecision.SKIP


def test_lastmod_after_publication_refetches_when_none_was_seen(store: SeenStore) -> None:
    """Fetched through a feed link (no lastmod noted): the article's own date is the reference,
    with a minute's tolerance for sitemaps that stamp lastmod just after publication."""
    url = _stored(store, published="2026-03-02T08:15:00+07:00", fetched=NOW - WEEK)
    vn = timezone(timedelta(hours=7))
    assert (
        store.fetch_decision(url, now=NOW, lastmod=datetime(2026, 3, 2, 8, 15, 1, tzinfo=vn), recheck=DAYS2)
        is FetchDecision.SKIP
    )
    assert (
        store.fetch_decision(url, now=NOW, lastmod=datetime(2026, 3, 2, 9, 40, tzinfo=vn), recheck=DAYS2)
        is FetchDecision.LASTMOD
    )


def test_lastmod_is_compared_with_the_lastmod_seen_at_the_last_download(store: SeenStore) -> None:
    """A replayed archive (or a wrong server clock) has lastmods far from our clock: compare like
    with like."""
    url = _stored(store, published="2025-08-15T08:00:00+07:00", fetched=NOW)
    store.note_lastmod(url, datetime(2025, 8, 15, 9, 0, tzinfo=timezone(timedelta(hours=7))))
    same = "2025-08-15T09:00:00+07:00"
    later = "2025-08-16T12:45:00+07:00"
    assert store.fetch_decision(url, now=NOW, lastmod=same, recheck=DAYS2) is FetchDecision.SKIP
    assert store.fetch_decision(url, now=NOW, lastmod=later, recheck=DAYS2) is FetchDecision.LASTMOD
    # an older value seen later (a feed's publication date) does not lower the remembered one
    store.note_lastmod(url, "2025-08-15T08:00:00+07:00")
    assert store.fetch_decision(url, now=NOW, lastmod=same, recheck=DAYS2) is FetchDecision.SKIP


@pytest.mark.parametrize("odd", ["not a date", 12345, object(), ""])
def test_odd_lastmod_values_are_ignored(store: SeenStore, odd: object) -> None:
    url = _stored(store, published="2026-03-02T08:15:00+07:00", fetched=NOW - WEEK)
    assert store.fetch_decision(url, now=NOW, lastmod=odd, recheck=DAYS2) is FetchDecision.SKIP


def test_naive_lastmod_is_vietnamese_time(store: SeenStore) -> None:
    url = _stored(store, published="2026-03-05T09:30:00+07:00", fetched=NOW)
    # 09:30:30 in Vietnam is within a minute of publication; read as UTC it would be 7 hours later
    assert (
        store.fetch_decision(url, now=NOW, lastmod=datetime(2026, 3, 5, 9, 30, 30), recheck=DAYS2).fetch
        is False
    )
    assert (
        store.fetch_decision(url, now=NOW, lastmod=datetime(2026, 3, 5, 10, 30), recheck=DAYS2).fetch is True
    )


def test_new_slug_with_the_id_of_a_stored_article_counts_as_stored(store: SeenStore) -> None:
    _stored(store, published="2026-03-02T08:15:00+07:00", fetched=NOW - WEEK)
    renamed = "https://baolamdong.vn/da-lat-chuan-bi-le-hoi-hoa-xuan-359750.html"
    assert store.fetch_decision(renamed, now=NOW, recheck=DAYS2) is FetchDecision.SKIP
    other = "https://baolamdong.vn/da-lat-chuan-bi-le-hoi-hoa-xuan-359751.html"
    assert store.fetch_decision(other, now=NOW, recheck=DAYS2) is FetchDecision.NEW


@pytest.mark.parametrize("url", ["", "   ", "https://baolamdong.vn:99999/x-1.html"])
def test_unusable_urls_are_fetched_not_crashed_on(store: SeenStore, url: str) -> None:
    assert store.fetch_decision(url, now=NOW, recheck=DAYS2) is FetchDecision.NEW


# --- near-duplicate index ---------------------------------------------------------------------


def test_bands_split_64_bits_into_four() -> None:
    assert bands(0xAAAA_BBBB_CCCC_DDDD) == (0xDDDD, 0xCCCC, 0xBBBB, 0xAAAA)


def test_near_duplicate_found_at_distance_three_not_four(store: SeenStore) -> None:
    base = 0x0123_4567_89AB_CDEF
    store.record(make_item(1), fingerprint=base, now=NOW)
    three_apart = base ^ 0b1 ^ (1 << 20) ^ (1 << 63)  # one bit in three different bands
    four_apart = three_apart ^ (1 << 40)
    assert store.near_duplicate(three_apart, exclude_id="x:2") == f"{make_item(1)['site']}:1"
    assert store.near_duplicate(four_apart, exclude_id="x:2") is None
    assert NEAR_DUP_MAX_DISTANCE == 3


def test_near_duplicate_prefers_the_earliest_and_never_itself(store: SeenStore) -> None:
    fp = body_fingerprint(BODY_FLOWERS)
    assert fp is not None
    store.record(make_item(1, site="baocantho.com.vn"), fingerprint=fp, now=NOW)
    store.record(make_item(2, site="baolaocai.vn"), fingerprint=fp, now=NOW + timedelta(hours=1))
    assert store.near_duplicate(fp, exclude_id="baolamdong.vn:3") == "baocantho.com.vn:1"
    assert store.near_duplicate(fp, exclude_id="baocantho.com.vn:1") == "baolaocai.vn:2"
    outcome = store.record(make_item(3), fingerprint=fp, now=NOW + WEEK)
    assert outcome.near_duplicate_of == "baocantho.com.vn:1"
    other = body_fingerprint(BODY_RICE)
    assert other is not None and store.near_duplicate(other, exclude_id="z:9") is None


def test_negative_signed_fingerprints_round_trip(store: SeenStore) -> None:
    high = (1 << 64) - 1  # stored as -1 in SQLite's signed integers
    store.record(make_item(1), fingerprint=high, now=NOW)
    assert store.near_duplicate(high ^ 1, exclude_id="a:1") == "baolamdong.vn:1"


def test_revision_with_a_too_short_body_drops_the_old_fingerprint(store: SeenStore) -> None:
    fp = body_fingerprint(BODY_FLOWERS)
    assert fp is not None
    store.record(make_item(1), fingerprint=fp, now=NOW)
    store.record(make_item(1, body="Ảnh: Minh Thư"), fingerprint=None, now=NOW)
    assert store.near_duplicate(fp, exclude_id="other:2") is None


# --- paths and the per-crawl instance ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("baolamdong", "baolamdong"),
        ("bao-can-tho.v2", "bao-can-tho.v2"),
        ("../../etc", "etc"),
        ("._.x", "x"),
        ("/etc/passwd", "etc_passwd"),
        ("..", "spider"),
        (".hidden", "hidden"),
        ("", "spider"),
        (None, "spider"),
        ("a\\b\x00c", "a_b_c"),
        ("Báo Lâm Đồng", "B_o_L_m_ng"),
    ],
)
def test_safe_path_component(name: object, expected: str) -> None:
    assert safe_path_component(name) == expected


@pytest.mark.parametrize("name", ["../../outside", "/abs/path", "..", "a/../../b", "~root"])
def test_spider_dir_stays_inside_output_dir(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    path = spider_output_dir(out, name)
    assert path.parent == out.resolve()


def test_default_state_path_and_explicit_state_db(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path)
    assert state_db_path(crawler.settings, "baolamdong") == tmp_path.resolve() / "baolamdong" / "state.sqlite"
    explicit = make_crawler(tmp_path, STATE_DB=str(tmp_path / "shared.sqlite"))
    assert state_db_path(explicit.settings, "baolamdong") == tmp_path / "shared.sqlite"


def test_one_store_per_crawler_closed_with_the_spider(tmp_path: Path) -> None:
    from tests.pipeline_helpers import close

    crawler = make_crawler(tmp_path)
    store = for_crawler(crawler)
    assert for_crawler(crawler) is store
    assert isinstance(store, SeenStore) and store.path == tmp_path.resolve() / "testsite" / "state.sqlite"
    close(crawler)
    with pytest.raises(RuntimeError, match="closed"):
        store.get("x")
    fresh = for_crawler(crawler)  # the closed store was forgotten, not handed out again
    assert fresh is not store and fresh.get("x") is None
    fresh.close()


def test_a_killed_writer_leaves_a_consistent_database(tmp_path: Path) -> None:
    """An open transaction that never commits (the process died) is simply not there."""
    path = tmp_path / "state.sqlite"
    store = SeenStore(path)
    store.record(make_item(1), now=NOW)
    store.db.execute("BEGIN IMMEDIATE")
    store.db.execute("INSERT INTO urls VALUES ('https://x.vn/half', 'x:1')")
    # no COMMIT: abandon the connection as a killed process would
    other = sqlite3.connect(path)
    assert other.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert other.execute("SELECT count(*) FROM urls WHERE url_key LIKE '%half'").fetchone()[0] == 0
    other.close()


def test_young_article_is_rechecked_at_most_every_interval(store: SeenStore) -> None:
    url = _stored(store, published="2026-04-01T09:00:00+07:00", fetched=NOW - timedelta(hours=1))
    every = timedelta(hours=3)
    assert store.fetch_decision(url, now=NOW, recheck=DAYS2, recheck_every=every) is FetchDecision.SKIP
    later = NOW + timedelta(hours=2, minutes=1)
    assert store.fetch_decision(url, now=later, recheck=DAYS2, recheck_every=every) is FetchDecision.RECENT
    # a sitemap saying it changed wins over the interval
    changed = "2026-04-01T18:30:00+07:00"
    assert (
        store.fetch_decision(url, now=NOW, lastmod=changed, recheck=DAYS2, recheck_every=every)
        is FetchDecision.LASTMOD
    )


# --- batched lookups, complete runs, backfill progress (run against both stores) -----------------


def test_lookup_many_answers_a_page_of_links_like_fetch_decision(store: SeenStore) -> None:
    old = make_item(10001, site="baomau.vn", published_at="2026-01-01T08:00:00+07:00")
    young = make_item(10002, site="baomau.vn", published_at="2026-03-31T08:00:00+07:00")
    for item in (old, young):
        store.record(item, now=NOW)
    store.note_lastmod(old["url"], "2026-01-02T00:00:00+07:00")
    urls = [
        old["url"],
        young["url"],
        "https://baomau.vn/le-hoi-hoa-10003.html",
        "https://www.baomau.vn/slug-moi-cua-bai-cu-10001.html",  # another slug, the stored id
        "not a url",
    ]
    refs = store.lookup_many(urls)
    assert [ref is not None for ref in refs] == [True, True, False, True, False]
    assert refs[0].published is not None and refs[0].published.date().isoformat() == "2026-01-01"
    window = {"now": NOW, "recheck": timedelta(days=2)}
    for url, ref in zip(urls, refs, strict=True):
        for lastmod in (None, "2026-01-02T00:00:00+07:00", "2026-03-01T00:00:00+07:00"):
            single = store.fetch_decision(url, lastmod=lastmod, **window)
            batched = ref.decision(lastmod=lastmod, **window) if ref else FetchDecision.NEW
            assert batched == single, (url, lastmod)
    assert store.lookup_many([]) == []


def test_noted_lastmods_are_read_back_for_many_urls(store: SeenStore) -> None:
    store.note_lastmod("https://baomau.vn/sitemap-2019-03.xml", "2019-04-01T00:00:00+07:00")
    store.note_lastmod("https://baomau.vn/sitemap-2019-04.xml", "2019-05-01T00:00:00Z")
    urls = [
        "https://www.baomau.vn/sitemap-2019-03.xml",
        "https://baomau.vn/sitemap-2019-05.xml",
        "::",
        "",
        "https://baomau.vn/sitemap-2019-04.xml",
    ]
    got = store.noted_lastmods(urls)
    assert got[0] == datetime(2019, 4, 1, tzinfo=timezone(timedelta(hours=7)))
    assert got[1:4] == [None, None, None]
    assert got[4] == datetime(2019, 5, 1, tzinfo=UTC)
    assert store.noted_lastmods([]) == []


def test_backfill_progress_is_kept_per_job_and_section_until_dropped(store: SeenStore) -> None:
    job = "baomau:2019-03-01:2019-03-31"
    store.save_backfill_page(job, "https://baomau.vn/thoi-su", 512, {"number": 512, "items": []})
    store.save_backfill_page(
        job, "https://baomau.vn/thoi-su", 3, {"number": 3, "items": [["u", 1, None, None]]}
    )
    store.save_backfill_page(job, "https://baomau.vn/kinh-te", 1, {"number": 1})
    store.save_backfill_day(job, "https://baomau.vn/a-1.html", datetime(2019, 3, 2).date())
    store.save_backfill_day(job, "https://baomau.vn/b-2.html", None)
    pages, days = store.backfill_state(job, "https://baomau.vn/thoi-su")
    assert [p["number"] for p in pages] == [3, 512]
    assert days == {
        "https://baomau.vn/a-1.html": datetime(2019, 3, 2).date(),
        "https://baomau.vn/b-2.html": None,
    }
    assert store.backfill_state("other-job", "https://baomau.vn/thoi-su") == ([], {})
    store.drop_backfill(job)
    assert store.backfill_state(job, "https://baomau.vn/thoi-su") == ([], {})
    assert store.backfill_state(job, "https://baomau.vn/kinh-te") == ([], {})
