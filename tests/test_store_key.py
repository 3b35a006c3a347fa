"""The per-request check with the caller's key: ``fetch_decision(url, key=normalize_url(url))``.

The spider's frontier normalises every article link and puts the result in ``meta["frontier_key"]``;
the incremental middleware passes it on so that the store need not normalise the URL again. The key
is a hint, never trusted: it is used only where it provably equals what normalising would give, so
every answer must be the one the URL alone gets (a stale key of a redirect, a wrong key, a key that
is not in normal form). Run against both stores (SQLite; Redis when one answers on 127.0.0.1:6379).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.middlewares.incremental import IncrementalSkipMiddleware
from crawler.store import FetchDecision, SeenStore, as_aware, decide, url_key
from crawler.store import rules as store_module
from crawler.store.rules import _id_key, _url_key
from crawler.urls import article_key, normalize_url, site_of
from tests.pipeline_helpers import close, make_crawler, make_item

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
DAYS2 = timedelta(days=2)
WEEK = timedelta(days=7)

# Links as they reach the spider: odd schemes, hosts, tracking parameters, fragments, ports, IDN.
LINKS = [
    "https://baolamdong.vn/le-hoi-hoa-359750.html",
    "http://baolamdong.vn/le-hoi-hoa-359750.html",
    "http://www.baolamdong.vn/le-hoi-hoa-359750.html#binh-luan",
    "https://WWW.BaoLamDong.vn/le-hoi-hoa-359750.html?utm_source=zalo&fbclid=x",
    "https://baolamdong.vn:443/le-hoi-hoa-359750.html",
    "http://baolamdong.vn:80/le-hoi-hoa-359750.html",
    "https://baolamdong.vn:8443/le-hoi-hoa-359750.html",
    "https://baolamdong.vn./le-hoi-hoa-359750.html",
    "https://baolamdong.vn/./van-hoa/../le-hoi-hoa-359750.html",
    "https://baolamdong.vn/tim-kiem?q=hoa&page=2",
    "https://baolamdong.vn/lễ-hội-hoa-359750.html",
    "https://baolamdong.vn/le%20hoi-359750.html",
    "https://báo.vn/le-hoi-hoa-359750.html",
    "https://baolamdong.vn",
    "https://baolamdong.vn/van-hoa/",
    "https://vnexpress.net/da-lat-mua-hoa-4791234.html",
    "https://baolamdong.vn:99999/x-1.html",
    "  https://baolamdong.vn/le-hoi-hoa-359750.html  ",
    "",
]


def _request_url(link: str) -> str:
    """The URL of the request the spider sends for ``link`` (spiders/news.py, after Scrapy)."""
    return Request(normalize_url(link, force_https=False)).url


@pytest.mark.parametrize("link", [link for link in LINKS if link.strip() and ":99999" not in link])
def test_the_frontier_key_gives_the_key_of_the_request_url(link: str) -> None:
    request_url = _request_url(link)
    assert url_key(request_url, normalize_url(link)) == _url_key(request_url) == _url_key(link)


@pytest.mark.parametrize("url", LINKS)
def test_no_key_changes_the_answer(url: str) -> None:
    """Whatever key a caller passes (its own URL, another URL's key, garbage), the key is the URL's."""
    candidates = [url, url.strip(), "https://baolamdong.vn/khac-400001.html", "garbage", ""]
    if url.strip() and ":99999" not in url:
        candidates += [normalize_url(url), normalize_url(url, force_https=False)]
    for key in candidates:
        assert url_key(url, key) == _url_key(url), key


@settings(max_examples=300, deadline=None)
@given(
    scheme=st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", ""]),
    host=st.from_regex(r"(www\.)?[a-zA-Z0-9.-]{1,20}(:[0-9]{1,5})?", fullmatch=True),
    path=st.text(alphabet="abcXYZ019-._~/!$&'()*+,=:@%?#; ", max_size=30),
)
def test_a_url_passed_as_its_own_key_is_normalised_all_the_same(scheme: str, host: str, path: str) -> None:
    """The fast path takes a key equal to the URL only in a form normalize_url leaves unchanged."""
    url = f"{scheme}{host}/{path}"
    assert url_key(url, url) == _url_key(url)
    if scheme == "http://":
        https = "https://" + url[len(scheme) :]
        assert url_key(url, https) == _url_key(url)


@pytest.mark.parametrize(
    "key",
    [
        "https://baolamdong.vn/le-hoi-hoa-359750.html",
        "https://baolamdong.vn/van-hoa/le-hoi-hoa-a196670.html",
        "https://xn--bo-dja.vn/le-hoi-hoa-359750.html",
        "https://baolamdong.vn:8443/le-hoi-hoa-359750.html",
        "https://baolamdong.vn/tim-kiem-359750.html?page=2",
        "https://baolamdong.vn/van-hoa/",
    ],
)
def test_id_fallback_key_is_article_key(key: str) -> None:
    expected = article_key(site_of(key), key) if store_module.url_article_id(key) else None
    assert _id_key(key) == expected


# --- decide() on stored strings -----------------------------------------------------------------


@pytest.mark.parametrize("lastmod", [None, "2026-03-02T08:15:30+07:00", "2026-03-03T00:00:00+07:00", "bad"])
@pytest.mark.parametrize("published", ["2026-03-02T08:15:00+07:00", "2026-04-01T09:00:00+07:00", None])
@pytest.mark.parametrize("noted", [None, "2026-03-02T09:00:00+00:00"])
@pytest.mark.parametrize("every", [timedelta(0), timedelta(hours=6)])
def test_decide_reads_stored_strings_as_it_reads_datetimes(
    lastmod: str | None, published: str | None, noted: str | None, every: timedelta
) -> None:
    stored = {
        "published_at": published,
        "first_seen": "2026-03-31T20:00:00+00:00",
        "last_fetched": "2026-04-01T08:00:00+00:00",
        "noted_lastmod": noted,
    }
    common: dict[str, Any] = {"lastmod": lastmod, "now": NOW, "recheck": DAYS2, "recheck_every": every}
    parsed = {name: as_aware(value) for name, value in stored.items()}
    assert decide(**stored, **common) is decide(**parsed, **common)


def test_an_unparsable_stored_date_counts_as_absent() -> None:
    """As before: published_at that does not parse falls back to first_seen (here: young)."""
    kwargs: dict[str, Any] = {"last_fetched": None, "noted_lastmod": None, "lastmod": None}
    young = "2026-04-01T10:00:00+00:00"
    assert (
        decide(published_at="??", first_seen=young, now=NOW, recheck=DAYS2, **kwargs) is FetchDecision.RECENT
    )
    assert (
        decide(published_at=None, first_seen=young, now=NOW, recheck=DAYS2, **kwargs) is FetchDecision.RECENT
    )


# --- both stores --------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    if request.param == "sqlite":
        with SeenStore(tmp_path / "state.sqlite") as s:
            yield s
        return
    from crawler.store.redis import RedisSeenStore
    from tests.redis_support import keyspace, redis_url, unique_prefix

    prefix = unique_prefix()
    with keyspace(15, prefix), RedisSeenStore.from_url(redis_url(15), prefix=f"{prefix}:seen") as s:
        yield s


def _fill(store: Any) -> None:
    old = make_item(359750, published_at="2026-03-02T08:15:00+07:00")
    store.record(old, now=NOW - WEEK)
    store.note_lastmod(old["url"], "2026-03-02T09:00:00+07:00")
    store.record(make_item(359760, published_at="2026-04-01T09:00:00+07:00"), now=NOW - timedelta(hours=3))
    alias = make_item(359770, published_at=None, url="https://www.baolamdong.vn/tin-359770.html?utm_medium=x")
    store.record(alias, now=NOW - timedelta(days=1))


CHECKED = [
    "https://baolamdong.vn/le-hoi-hoa-359750.html",
    "http://www.baolamdong.vn/le-hoi-hoa-359750.html#top",
    "https://baolamdong.vn/slug-moi-359750.html",  # a new slug of a stored id
    "https://baolamdong.vn/le-hoi-hoa-359760.html",
    "http://baolamdong.vn/tin-359770.html",
    "https://baolamdong.vn/le-hoi-hoa-359770.html",
    "https://baolamdong.vn/chua-co-400001.html",
    "https://baolamdong.vn/van-hoa/",
    "https://baolamdong.vn/tim-kiem?q=le-hoi-hoa-359750.html",
]


@pytest.mark.parametrize("lastmod", [None, "2026-03-02T09:00:00+07:00", "2026-03-20T10:00:00+07:00"])
@pytest.mark.parametrize("every", [timedelta(0), timedelta(hours=6)])
def test_same_decision_with_and_without_the_frontier_key(
    store: Any, lastmod: str | None, every: timedelta
) -> None:
    _fill(store)
    seen = set()
    for link in CHECKED:
        request_url = _request_url(link)
        kwargs: dict[str, Any] = {"now": NOW, "lastmod": lastmod, "recheck": DAYS2, "recheck_every": every}
        plain = store.fetch_decision(request_url, **kwargs)
        assert store.fetch_decision(request_url, key=normalize_url(link), **kwargs) is plain, link
        seen.add(plain)
    assert FetchDecision.NEW in seen and (seen - {FetchDecision.NEW})  # both kinds were exercised


def test_a_stale_key_is_not_trusted(store: Any) -> None:
    """A redirect keeps the request's meta, so the frontier key of the first URL comes along."""
    _fill(store)
    stored, unknown = (
        "https://baolamdong.vn/le-hoi-hoa-359750.html",
        "https://baolamdong.vn/chua-co-400001.html",
    )
    kwargs: dict[str, Any] = {"now": NOW, "recheck": DAYS2}
    assert store.fetch_decision(unknown, key=normalize_url(stored), **kwargs) is FetchDecision.NEW
    assert store.fetch_decision(stored, key=normalize_url(unknown), **kwargs) is FetchDecision.SKIP


# --- the middleware ---------------------------------------------------------------------------


@pytest.fixture
def mw(tmp_path: Path) -> Iterator[IncrementalSkipMiddleware]:
    m = IncrementalSkipMiddleware.from_crawler(make_crawler(tmp_path))
    yield m
    close(m.crawler)


def _spider_request(link: str) -> Request:
    """An article request as ``NewsSpider._article_request`` builds it."""
    return Request(
        normalize_url(link, force_https=False),
        meta={"page_kind": "article", "lastmod": None, "frontier_key": normalize_url(link)},
    )


def test_middleware_uses_the_frontier_key_instead_of_normalising_again(
    mw: IncrementalSkipMiddleware, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = make_item(published_at="2026-01-10T08:00:00+07:00")
    mw.store.record(stored)
    calls: list[str] = []

    def counting(url: str, **kwargs: Any) -> str:
        calls.append(url)
        return normalize_url(url, **kwargs)

    monkeypatch.setattr(store_module, "normalize_url", counting)
    with pytest.raises(IgnoreRequest):
        mw.process_request(_spider_request("http://www.baolamdong.vn/le-hoi-hoa-359750.html?utm_source=x"))
    assert mw.process_request(_spider_request("https://baolamdong.vn/tin-moi-400001.html")) is None
    assert calls == []
    # without the key (a request made elsewhere) the URL is normalised, with the same answer
    with pytest.raises(IgnoreRequest):
        mw.process_request(Request(stored["url"], meta={"page_kind": "article"}))
    assert calls == [stored["url"]]


def test_middleware_checks_a_redirect_target_by_its_own_url(mw: IncrementalSkipMiddleware) -> None:
    stored = make_item(published_at="2026-01-10T08:00:00+07:00")
    mw.store.record(stored)
    first = _spider_request("https://baolamdong.vn/tin-moi-400001.html")
    assert mw.process_request(first) is None
    redirected = first.replace(url=stored["url"])  # RedirectMiddleware keeps the meta
    assert redirected.meta["frontier_key"] == first.meta["frontier_key"]
    with pytest.raises(IgnoreRequest):
        mw.process_request(redirected)
    assert mw.stats.get_value("incremental/skipped") == 1
