"""URL identity: one article under many spellings is one id."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.urls import absolute_url, article_key, normalize_url, under_domain, url_article_id


@pytest.mark.parametrize(
    ("url", "article_id"),
    [
        ("https://baolamdong.vn/da-lat-mo-rong-duong-359750.html", "359750"),
        ("https://baolamdong.vn/bbt/phan-thiet-don-khach-450060.html", "450060"),
        ("http://baolamdong.vn/chinhtri/202006/hoi-nghi-3007958/", "3007958"),
        ("https://baolamdong.vn/chinh-tri/202403/dai-hoi-chi-bo-f6224d3", "f6224d3"),
        ("https://baocantho.com.vn/tap-trung-thanh-tra-a196670.html", "196670"),
        ("https://baolaocai.vn/song-dep-post404649.html", "404649"),
        ("https://baobacninhtv.vn/le-hoi-postid409722.bbg", "409722"),
        ("https://vtcnews.vn/mo-rong-duong-ar994669.html", "994669"),
        ("https://baodautu.vn/xu-phat-giam-doc-d538952.html", "538952"),
        ("https://baolamdong.vn/thoi-su", None),
        ("https://x.vn/tin-covid-19.html", None),
    ],
)
def test_article_id_from_url(url: str, article_id: str | None) -> None:
    assert url_article_id(url) == article_id


def test_spellings_of_one_url_normalise_alike() -> None:
    variants = [
        "https://baolamdong.vn/bai-viet-359750.html",
        "http://baolamdong.vn/bai-viet-359750.html",
        "https://BAOLAMDONG.vn:443/bai-viet-359750.html#binh-luan",
        "https://baolamdong.vn/bai-viet-359750.html?utm_source=facebook&fbclid=abc",
    ]
    assert {normalize_url(v) for v in variants} == {"https://baolamdong.vn/bai-viet-359750.html"}


def test_meaningful_query_is_kept_sorted() -> None:
    assert (
        normalize_url("https://baocantho.com.vn/thoi-su/?p=2&utm_medium=x")
        == "https://baocantho.com.vn/thoi-su/?p=2"
    )


def test_article_key_falls_back_to_a_stable_hash() -> None:
    a = article_key("x.vn", "https://x.vn/gioi-thieu?utm_source=a")
    assert a == article_key("x.vn", "http://x.vn/gioi-thieu#top")
    assert a.startswith("x.vn:") and len(a) == len("x.vn:") + 16


def test_under_domain_is_the_domain_or_a_subdomain_not_a_longer_name() -> None:
    assert under_domain("baoangiang.com.vn", "baoangiang.com.vn")
    assert under_domain("tintucmientay.baoangiang.com.vn", "baoangiang.com.vn")
    assert not under_domain("xbaoangiang.com.vn", "baoangiang.com.vn")
    assert not under_domain("baoangiang.com.vn", "tintucmientay.baoangiang.com.vn")


def test_links_resolve_against_the_page_not_base_href() -> None:
    # the caller passes the page URL; <base href> is never used as the base
    assert (
        absolute_url("/anh/1.jpg", "https://baocantho.com.vn/bai-a1.html")
        == "https://baocantho.com.vn/anh/1.jpg"
    )
    assert absolute_url("anh 1.jpg", "https://x.vn/a/b.html") == "https://x.vn/a/anh%201.jpg"


def _canonical_reference(url: str) -> str:
    """normalize_url as it is without its fast path: w3lib's canonical form of the cleaned URL."""
    from urllib.parse import urlsplit, urlunsplit

    from w3lib.url import canonicalize_url

    parts = urlsplit(url)
    netloc = (parts.hostname or "").lower().rstrip(".")
    if parts.port not in (None, 80, 443):
        netloc += f":{parts.port}"
    return canonicalize_url(urlunsplit(("https", netloc, parts.path or "/", "", "")))


@settings(max_examples=400, deadline=None)
@given(
    host=st.sampled_from(["baolamdong.vn", "WWW.BaoCanTho.com.vn", "x.vn:8080", "x.vn:443", "x.vn."]),
    path=st.text(alphabet="abcXYZ019-._~/!$&'()*+,;=:@% đấ[]|{}<>^`\\.", max_size=30),
)
def test_fast_path_agrees_with_the_canonical_form(host: str, path: str) -> None:
    url = f"http://{host}/{path}".split("#")[0].split("?")[0]
    assert normalize_url(url) == _canonical_reference(url)


@pytest.mark.parametrize("href", ["http:///khong-host.jpg", "HTTP:///anh.jpg", "http:/anh.jpg", "https:///"])
def test_a_url_without_a_host_stays_without_one(href: str) -> None:
    """w3lib 2.6 repairs ``http:///x.jpg`` the way a browser does (host ``x.jpg``); resolving keeps
    it host-less, so an image or link with no host is dropped whatever the w3lib version."""
    from crawler.urls import parses

    resolved = absolute_url(href, "https://baomau.vn/a/b.html")
    assert not parses(resolved) or resolved.startswith("https://baomau.vn/")
