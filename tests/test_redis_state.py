"""The shared crawl state in Redis: leases, recovery of dead workers' requests, crawl end, article states.

Against a real Redis on 127.0.0.1:6379, database 13, under a key prefix of the test's own (deleted
afterwards), so that test runs that overlap cannot disturb each other.
A worker's death is its heartbeat key disappearing, done here with DEL instead of waiting for the TTL.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.redis_support import keyspace, unique_prefix

DB = 13


@pytest.fixture
def prefix() -> str:
    return unique_prefix()


@pytest.fixture
def client(prefix: str) -> Iterator:
    with keyspace(DB, prefix) as client:
        yield client


def _state(client, prefix: str, worker: str, **kwargs):
    from crawler.scale.crawlstate import CrawlState
    from crawler.scale.redisconn import CrawlKeys

    state = CrawlState(
        client,
        CrawlKeys.for_spider(prefix, "baolamdong"),
        url=f"redis://127.0.0.1:6379/{DB}",
        worker=worker,
        **kwargs,
    )
    state.join()
    return state


def test_a_popped_request_is_leased_until_acknowledged(client, prefix: str) -> None:
    a = _state(client, prefix, "a")
    a.push(b"request-1", 0)
    a.push(b"request-2", 0)
    token, data, lastmod = a.pop()
    assert data in (b"request-1", b"request-2") and lastmod is None
    assert a.queued() == 1 and a.own_inflight() == 1
    assert a.status(finish=True) == (1, 1, False)
    a.ack(token)
    assert a.own_inflight() == 0


def test_priority_order_is_kept(client, prefix: str) -> None:
    a = _state(client, prefix, "a")
    a.push(b"low", 5)  # score = -priority
    a.push(b"high", -10)
    assert a.pop()[1] == b"high"


def test_leases_of_a_dead_worker_go_back_to_the_queue_with_their_priority(client, prefix: str) -> None:
    a, b = _state(client, prefix, "a"), _state(client, prefix, "b")
    a.push(b"important", -5)
    a.push(b"ordinary", 0)
    a.pop()
    b_token, _, _ = b.pop()
    assert b.reap() == (0, [])  # everyone alive: nothing moves
    client.delete(a.heartbeat_key)  # worker a was killed; its heartbeat expired
    assert b.reap() == (1, ["a"])
    assert client.zscore(a.keys.queue, b"Pimportant") == -5  # b"P": a request outside the frontier
    assert client.smembers(a.keys.workers) == {b"b"}
    assert b.own_inflight() == 1  # a live worker's lease is never taken away
    b.ack(b_token)
    assert b.pop()[1] == b"important"


def test_a_worker_never_reaps_itself(client, prefix: str) -> None:
    a = _state(client, prefix, "a")
    a.push(b"r", 0)
    a.pop()
    client.delete(a.heartbeat_key)  # e.g. a reactor blocked longer than the lease
    assert a.reap() == (0, [])
    a.heartbeat()
    assert client.exists(a.heartbeat_key)


def test_leaving_gracefully_returns_unfinished_leases(client, prefix: str) -> None:
    a = _state(client, prefix, "a")
    a.push(b"r1", 0)
    a.pop()
    assert a.leave() == 1
    assert a.queued() == 1
    assert not client.exists(a.heartbeat_key)
    assert client.smembers(a.keys.workers) == set()


def test_crawl_finishes_only_when_nothing_is_queued_or_in_flight_anywhere(client, prefix: str) -> None:
    a, b = _state(client, prefix, "a"), _state(client, prefix, "b")
    seen = f"{prefix}:seen:articles"
    client.hset(seen, "x:1", "[]")  # the seen store must survive the crawl end
    a.push_page("fp-home", b"home", 0)
    token, _, _ = b.pop()
    assert a.status(finish=True) == (0, 1, False)  # b's response may still yield requests
    assert client.exists(a.keys.pages)
    b.ack(token)
    assert a.status(finish=True) == (0, 0, True)
    left = {k.decode() for k in client.keys(f"{prefix}:baolamdong:crawl:*")}
    assert left == {a.keys.workers, a.heartbeat_key, b.heartbeat_key}  # only the live workers' keys
    assert client.exists(seen)
    # the next run starts fresh: the same page is fetched again
    assert a.push_page("fp-home", b"home", 0) is True


def test_page_fingerprints_filter_until_they_expire(client, prefix: str) -> None:
    a = _state(client, prefix, "a", page_refresh_seconds=3600)
    assert a.push_page("fp-feed", b"feed", 0) is True
    assert a.push_page("fp-feed", b"feed-again", 0) is False
    client.zadd(a.keys.pages, {"fp-feed": 1.0})  # expired long ago
    assert a.push_page("fp-feed", b"feed-later", 0) is True
    assert a.queued() == 2


def test_article_is_queued_once_and_not_again_once_fetched(client, prefix: str) -> None:
    a, b = _state(client, prefix, "a"), _state(client, prefix, "b")
    digest = b"article-dig1"  # 12 bytes, like crawler.scale.redisconn.url_digest
    assert a.push_article(digest, None, b"req", 0) is True
    assert b.push_article(digest, None, b"req-from-b", 0) is False  # another worker found it too
    token, data, lastmod = b.pop()
    assert (data, lastmod) == (b"req", None)
    assert client.hget(a.keys.articles, digest) == f"p||b/{token}".encode()  # in progress, b's lease
    b.ack(token)  # downloaded and processed: releasing the lease marks it fetched
    assert client.hget(a.keys.articles, digest) == b"f"
    assert a.push_article(digest, 2_000_000_000.0, b"req-newer", 0) is False  # fetched in this crawl
    assert a.queued() == 0


def test_skipped_article_is_asked_again_only_for_a_newer_lastmod(client, prefix: str) -> None:
    a = _state(client, prefix, "a")
    digest = b"article-dig2"
    assert a.push_article(digest, 100.0, b"req-100", 0)
    token, _, lastmod = a.pop()
    assert lastmod == 100.0
    assert a.article_skipped(digest) is None  # stored, unchanged: skipped
    a.ack(token)
    assert client.hget(a.keys.articles, digest) == b"s|100.0"  # the release keeps the skip
    assert a.push_article(digest, None, b"req-none", 0) is False  # no lastmod is never newer
    assert a.push_article(digest, 100.0, b"req-100-again", 0) is False
    assert a.push_article(digest, 200.0, b"req-200", 0) is True


def test_a_newer_lastmod_found_while_in_progress_reaches_the_skip(client, prefix: str) -> None:
    a, b = _state(client, prefix, "a"), _state(client, prefix, "b")
    digest = b"article-dig3"
    assert a.push_article(digest, 100.0, b"req-100", 0)
    a.pop()
    assert b.push_article(digest, 300.0, b"req-300", 0) is False  # a is on it
    assert a.article_skipped(digest) == 300.0  # ... and learns about 300 when it skips
    assert a.push_article(digest, 300.0, b"req-300", 0) is True


def test_releasing_a_skipped_request_leaves_its_successor_alone(client, prefix: str) -> None:
    """A skip that learnt of a newer lastmod queues a second request for the URL before the first
    one's lease is released; that release must not mark the second one fetched."""
    a = _state(client, prefix, "a")
    digest = b"article-dig6"
    a.push_article(digest, None, b"req-from-feed", 0)
    first, _, _ = a.pop()
    a.push_article(digest, 700.0, b"req-from-sitemap", 0)  # filtered (in progress), lastmod noted
    assert a.article_skipped(digest) == 700.0
    assert a.push_article(digest, 700.0, b"req-700", 0) is True  # the errback asks again
    second, data, lastmod = a.pop()
    assert (data, lastmod) == (b"req-700", 700.0)
    a.ack(first)  # the first request's processing ends only now
    assert client.hget(a.keys.articles, digest).startswith(b"p|700.0|")
    assert a.article_skipped(digest) is None  # skipped again, nothing newer: done
    a.ack(second)
    assert client.hget(a.keys.articles, digest) == b"s|700.0"
    assert a.push_article(digest, 700.0, b"req-700-again", 0) is False


def test_the_pop_hands_over_the_newest_lastmod(client, prefix: str) -> None:
    a, b = _state(client, prefix, "a"), _state(client, prefix, "b")
    digest = b"article-dig4"
    assert a.push_article(digest, None, b"req-from-feed", 0)  # a feed link: no lastmod
    assert b.push_article(digest, 500.0, b"req-from-sitemap", 0) is False
    assert a.pop()[1:] == (b"req-from-feed", 500.0)


def test_a_recovered_article_request_keeps_its_tag(client, prefix: str) -> None:
    """Re-queued from a dead worker, an article request is still an article to the next pop."""
    a, b = _state(client, prefix, "a"), _state(client, prefix, "b")
    digest = b"article-dig5"
    a.push_article(digest, 42.0, b"req", 0)
    a.pop()
    client.delete(a.heartbeat_key)
    assert b.reap() == (1, ["a"])
    token, data, lastmod = b.pop()
    assert (data, lastmod) == (b"req", 42.0)
    b.ack(token)
    assert client.hget(b.keys.articles, digest) == b"f"


def test_a_dead_connection_marks_the_crawl_down_once_and_masks_the_password(
    caplog: pytest.LogCaptureFixture,
) -> None:
    pytest.importorskip("redis")
    from crawler.scale.crawlstate import CrawlState
    from crawler.scale.redisconn import CrawlKeys, RedisUnavailable, client_for

    url = "redis://:hunter2@127.0.0.1:1/0"  # nothing listens on port 1
    downs: list[BaseException] = []
    state = CrawlState(
        client_for(url, timeout=1), CrawlKeys.for_spider("t", "s"), url=url, on_down=downs.append
    )
    with pytest.raises(RedisUnavailable, match=r"redis://:\*\*\*@127.0.0.1:1/0 unreachable"):
        state.queued()
    with pytest.raises(RedisUnavailable):
        state.push(b"x", 0)  # short-circuits: no second connection attempt, no second log line
    assert len(downs) == 1
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1 and "hunter2" not in errors[0].getMessage()
    assert errors[0].getMessage().startswith("Redis at redis://:***@127.0.0.1:1/0 unreachable: ")
