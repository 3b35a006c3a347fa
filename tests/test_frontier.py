"""The article frontier: one request per URL, again only for a newer lastmod after a skip."""

from datetime import datetime, timedelta

from crawler.frontier import ArticleFrontier
from crawler.timeparse import VN_TZ

URL = "https://baolamdong.vn/bai-viet-450011.html"
T0 = datetime(2025, 8, 16, 11, 30, 1, tzinfo=VN_TZ)
T1 = T0 + timedelta(hours=1)


def test_same_url_requested_once_in_any_spelling() -> None:
    f = ArticleFrontier()
    assert f.offer(URL, None)
    assert not f.offer("http://baolamdong.vn/bai-viet-450011.html#binh-luan", None)
    assert not f.offer(URL + "?utm_source=rss", T0)


def test_newer_lastmod_after_a_skip_asks_again() -> None:
    f = ArticleFrontier()
    assert f.offer(URL, None)  # from the feed, no lastmod
    assert f.skipped(URL) is None  # stored and old: skipped
    assert f.offer(URL, T1)  # the sitemap says it changed
    assert not f.offer(URL, T1)  # the same news twice is not a reason


def test_newer_lastmod_while_pending_is_used_when_the_skip_comes_back() -> None:
    f = ArticleFrontier()
    assert f.offer(URL, None)
    assert not f.offer(URL, T1)  # still pending: no second request yet
    assert f.skipped(URL) == T1  # the skip of the first request triggers the retry
    assert f.skipped(URL) is None  # the retry was skipped too: nothing newer


def test_fetched_url_is_not_asked_again_in_the_run() -> None:
    f = ArticleFrontier()
    assert f.offer(URL, T0)
    f.fetched(URL)
    assert not f.offer(URL, T1)


def test_limit_counts_downloads_and_skips_give_their_place_back() -> None:
    f = ArticleFrontier(limit=2)
    assert f.offer("https://x.vn/a-1001.html", None)
    assert f.offer("https://x.vn/a-1002.html", None)
    assert not f.offer("https://x.vn/a-1003.html", None)
    f.skipped("https://x.vn/a-1001.html")
    assert f.offer("https://x.vn/a-1003.html", None)
    assert f.full


def test_only_the_newest_settled_articles_are_remembered() -> None:
    frontier = ArticleFrontier(keep_fetched=3)
    urls = [f"https://baomau.vn/bai-{n}-{1000 + n}.html" for n in range(6)]
    for url in urls:
        assert frontier.offer(url, None)
        frontier.fetched(url)
    assert [frontier.knows(u) for u in urls] == [False, False, False, True, True, True]
    assert len(frontier) == 6  # distinct articles taken in the run, forgotten or not
    frontier.note_skipped("https://baomau.vn/da-luu-2000.html", None)
    assert not frontier.knows(urls[3])  # a store skip counts among the settled ones
    pending = "https://baomau.vn/dang-tai-3000.html"
    assert frontier.offer(pending, None) and frontier.in_flight(pending)
    for n in range(10):
        frontier.note_skipped(f"https://baomau.vn/khac-{n}-{4000 + n}.html", None)
    assert frontier.in_flight(pending)  # a request on its way is never forgotten
