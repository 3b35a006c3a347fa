"""The Redis seen/dedupe store: the SQLite store's semantics, plus what several workers need.

The semantic tests of ``tests/test_store.py`` are imported and run again here against
``RedisSeenStore`` (the ``store`` fixture below): identity, revisions, URL aliases, fetch decisions
with the recheck window and lastmod, near-duplicates. The rest covers claims between workers, the
crawler factory and an unreachable server. Redis on 127.0.0.1:6379, database 15, each test under a
key prefix of its own (deleted afterwards).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.store import StateStore, Status, for_crawler
from pipelines.dedupe import body_fingerprint
from tests.pipeline_helpers import BODY_FLOWERS, BODY_RICE, close, make_crawler, make_item
from tests.redis_support import keyspace, redis_url, unique_prefix
from tests.test_store import (  # noqa: F401 - collected here, run against the Redis store
    test_age_falls_back_to_first_seen_without_published_at,
    test_backfill_progress_is_kept_per_job_and_section_until_dropped,
    test_classify_does_not_write,
    test_items_without_identity_are_refused_clearly,
    test_lastmod_after_publication_refetches_when_none_was_seen,
    test_lastmod_is_compared_with_the_lastmod_seen_at_the_last_download,
    test_lookup_many_answers_a_page_of_links_like_fetch_decision,
    test_mark_fetched_maps_an_alias_and_updates_last_fetched,
    test_naive_lastmod_is_vietnamese_time,
    test_near_duplicate_found_at_distance_three_not_four,
    test_near_duplicate_prefers_the_earliest_and_never_itself,
    test_negative_signed_fingerprints_round_trip,
    test_new_slug_with_the_id_of_a_stored_article_counts_as_stored,
    test_new_unchanged_revised,
    test_noted_lastmods_are_read_back_for_many_urls,
    test_odd_lastmod_values_are_ignored,
    test_old_stored_article_is_skipped,
    test_recent_article_is_rechecked_inside_the_window,
    test_revision_with_a_too_short_body_drops_the_old_fingerprint,
    test_unknown_url_is_fetched,
    test_unusable_urls_are_fetched_not_crashed_on,
    test_url_and_canonical_url_both_map_to_the_article,
    test_zero_window_never_rechecks,
)

DB = 15
# The project's add-on: it turns REDIS_URL into STATE_STORE_CLASS (a bare get_crawler has no ADDONS).
ADDONS = {"crawler.scale.addon.RedisScaleOut": 0}
NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def prefix() -> str:
    return unique_prefix()


@pytest.fixture
def client(prefix: str) -> Iterator:
    with keyspace(DB, prefix) as client:
        yield client


def _store(prefix: str, **kwargs):
    from crawler.store.redis import RedisSeenStore

    return RedisSeenStore.from_url(redis_url(DB), prefix=f"{prefix}:seen", **kwargs)


@pytest.fixture
def store(client, prefix: str) -> Iterator:
    with _store(prefix) as s:
        yield s


def _worker(client, prefix: str, name: str):
    """A store as a live worker holds it: a heartbeat key that exists."""
    owner = f"{prefix}:crawl:worker:{name}"
    client.set(owner, name)
    return _store(prefix, claims_key=f"{prefix}:crawl:claims", owner_key=owner), owner


def test_redis_store_satisfies_the_interface(store) -> None:
    assert isinstance(store, StateStore)


def test_state_is_shared_between_workers(client, prefix: str) -> None:
    (a, _), (b, _) = _worker(client, prefix, "a"), _worker(client, prefix, "b")
    item = make_item()
    assert a.record(item, now=NOW).status is Status.NEW
    assert b.classify(item).status is Status.UNCHANGED
    assert b.lookup_url(item["url"]) == item["id"]
    revised = make_item(body=BODY_FLOWERS + "\n\nBan tổ chức bổ sung một đêm nhạc ngoài trời.")
    assert (b.record(revised, now=NOW).revision, a.record(revised, now=NOW).status) == (2, Status.UNCHANGED)


def test_an_article_being_written_by_another_worker_is_not_emitted_twice(client, prefix: str) -> None:
    """Two URLs of one article reach two workers at once: the second drops its copy."""
    (a, _), (b, _) = _worker(client, prefix, "a"), _worker(client, prefix, "b")
    item = make_item()
    assert a.classify(item).status is Status.NEW
    assert a.classify(item).status is Status.NEW  # a's own claim does not block a
    assert b.classify(item).status is Status.UNCHANGED
    a.record(item, now=NOW)
    assert client.hlen(f"{prefix}:crawl:claims") == 0


def test_claim_of_a_killed_worker_that_wrote_nothing_is_ignored(client, prefix: str) -> None:
    (a, owner_a), (b, _) = _worker(client, prefix, "a"), _worker(client, prefix, "b")
    item = make_item()
    a.classify(item)
    client.delete(owner_a)  # killed before writing the line
    assert b.classify(item).status is Status.NEW  # so b emits it


def test_claim_of_a_killed_worker_that_wrote_the_line_is_recorded_not_reemitted(client, prefix: str) -> None:
    """Killed between writing the line and recording it: the line is in a's file already."""
    (a, owner_a), (b, _) = _worker(client, prefix, "a"), _worker(client, prefix, "b")
    item = make_item()
    a.classify(item)
    assert a.confirm_written(item) is True
    client.delete(owner_a)
    assert b.classify(item).status is Status.UNCHANGED
    stored = b.get(item["id"])
    assert stored is not None and stored.revision == 1  # recorded on a's behalf: the next run skips it
    assert b.classify(item).status is Status.UNCHANGED


def test_a_different_version_claimed_by_another_worker_is_the_next_revision(client, prefix: str) -> None:
    (a, _), (b, _) = _worker(client, prefix, "a"), _worker(client, prefix, "b")
    first, second = make_item(), make_item(body=BODY_RICE)
    assert a.classify(first).revision == 1
    assert b.classify(second).revision == 2


def test_confirm_only_marks_this_workers_claim_on_this_version(client, prefix: str) -> None:
    (a, _), (b, _) = _worker(client, prefix, "a"), _worker(client, prefix, "b")
    item = make_item()
    a.classify(item)
    assert b.confirm_written(item) is False
    assert a.confirm_written(make_item(body=BODY_RICE)) is False
    assert a.confirm_written(item) is True
    assert a.confirm_written(item) is False  # already marked


def test_urls_are_stored_as_short_digests(store, client, prefix: str) -> None:
    item = make_item()
    store.record(item, fingerprint=body_fingerprint(item["body"]), now=NOW)
    fields = client.hkeys(f"{prefix}:seen:urls")
    assert fields and all(len(f) == 12 for f in fields)
    assert item["url"].encode() not in b"".join(fields)


def test_bulk_import_writes_what_record_writes(store) -> None:
    items = [(make_item(n), None) for n in range(1, 6)]
    assert store.record_many(items, now=NOW) == 5
    assert store.get("baolamdong.vn:3") is not None
    assert store.classify(make_item(3)).status is Status.UNCHANGED


def test_crawler_gets_the_redis_store_when_redis_url_is_set(client, tmp_path: Path, prefix: str) -> None:
    from crawler.store.redis import RedisSeenStore

    crawler = make_crawler(tmp_path, REDIS_URL=redis_url(DB), REDIS_KEY_PREFIX=prefix, ADDONS=ADDONS)
    store = for_crawler(crawler)
    assert isinstance(store, RedisSeenStore)
    assert for_crawler(crawler) is store
    store.record(make_item(), now=NOW)
    close(crawler)
    with pytest.raises(RuntimeError, match="closed"):
        store.get("x")
    assert not (tmp_path / "testsite" / "state.sqlite").exists()  # no SQLite file in Redis mode


def test_unreachable_redis_is_an_oserror_with_the_password_masked() -> None:
    pytest.importorskip("redis")
    from crawler.scale.redisconn import RedisUnavailable
    from crawler.store.redis import RedisSeenStore

    store = RedisSeenStore.from_url("redis://:hunter2@127.0.0.1:1/0")
    with pytest.raises(RedisUnavailable) as info:
        store.get("x:1")
    assert isinstance(info.value, OSError)  # the dedupe pipeline counts it as a store error
    assert "hunter2" not in str(info.value) and ":***@" in str(info.value)


def test_record_keeps_the_near_duplicate_link_the_item_was_emitted_with(store) -> None:
    fp = body_fingerprint(BODY_FLOWERS)
    assert fp is not None
    store.record(make_item(1, site="baocantho.com.vn"), fingerprint=fp, now=NOW)
    emitted = make_item(2, near_duplicate_of=None)  # classified before article 1 existed
    store.record(emitted, fingerprint=fp, now=NOW)
    assert store.get("baolamdong.vn:2").near_duplicate_of is None
    looked_up = store.record(make_item(3), fingerprint=fp, now=NOW)  # no such field: looked up
    assert looked_up.near_duplicate_of == "baocantho.com.vn:1"
