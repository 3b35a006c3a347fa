"""The generated listing-only paper (tests/sites/listing_site.py) is what its truth says it is."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from crawler.discovery import parse_listing, parse_sitemap
from crawler.extract import extract_article
from crawler.urls import normalize_url
from tests.request_counting import classify
from tests.sites.listing_site import ListingSite, ListingSiteOptions, write_site, write_versions


def served(site: ListingSite) -> dict[str, tuple[int, Path]]:
    out = {}
    for line in (site.root / "index.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        out[entry["url"]] = (entry["status"], site.root / entry["file"])
    return out


def body(site: ListingSite, url: str) -> str:
    return served(site)[url][1].read_text("utf-8")


def links_on(page: str, page_url: str) -> list[tuple[str, str]]:
    doc = lxml_html.document_fromstring(page)
    doc.make_links_absolute(page_url)
    return [(clean(a.text_content()), a.get("href")) for a in doc.iter("a")]


def clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("spider", ["baodaklak", "baolamdong", "hanoimoi"])
def test_truth_matches_pages(tmp_path: Path, spider: str) -> None:
    site = write_site(tmp_path, ListingSiteOptions(spider=spider, sections=2, per_section=95, per_page=20))
    pages = served(site)
    assert len(site.articles) == 190
    ids = [a.id for a in site.articles]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)  # ids grow with time
    times = [datetime.fromisoformat(a.published_at) for a in site.articles]
    assert times == sorted(times)
    assert all(a.published_at.endswith("+07:00") for a in site.articles)
    for a in site.articles:
        assert pages[a.url][0] == 200
        assert site.site.is_article_url(a.url), a.url
    for sec, urls in site.listing_pages.items():
        assert len(urls) == 5  # 95 articles, 20 a page
        listed = []
        for n, url in enumerate(urls, 1):
            found = [
                normalize_url(u) for _t, u in links_on(body(site, url), url) if site.site.is_article_url(u)
            ]
            listed += found
            expected = [normalize_url(a.url) for a in site.articles if a.section == sec and a.page == n]
            assert sorted(found) == sorted(expected)
        truth = [a for a in site.articles if a.section == sec]
        assert listed == [normalize_url(a.url) for a in reversed(truth)]  # newest first, page by page
    assert pages[site.robots_url][0] == 200


@pytest.mark.parametrize("spider", ["baodaklak", "baolamdong", "hanoimoi"])
def test_extractor_reads_generated_articles(tmp_path: Path, spider: str) -> None:
    site = write_site(tmp_path, ListingSiteOptions(spider=spider, per_section=60))
    pages = served(site)
    for a in site.articles[::7]:
        data = extract_article(pages[a.url][1].read_bytes(), a.url)
        assert data["title"] == a.title
        assert data["published_at"] == a.published_at
        assert data["id"] == a.item_id
        assert len(data["body"]) > 400


@pytest.mark.parametrize(
    ("spider", "pagination", "shape"),
    [
        ("baodaklak", "query", r"/thoi-su/\?paged=(\d+)$"),
        ("hanoimoi", "query", r"/chinh-tri\?page=(\d+)$"),
        ("hanoimoi", "path", r"/chinh-tri/trang-(\d+)\.html$"),
        ("baolamdong", "next_only", r"/thoi-su\?before=k[0-9a-f]{10}$"),
    ],
)
def test_pagination_links_resolve(tmp_path: Path, spider: str, pagination: str, shape: str) -> None:
    site = write_site(tmp_path, ListingSiteOptions(spider=spider, per_section=200, pagination=pagination))
    pages = served(site)
    urls = next(iter(site.listing_pages.values()))
    assert len(urls) == 10
    for n, url in enumerate(urls, 1):
        if n > 1:
            m = re.search(shape, url)
            assert m, url
            if pagination != "next_only":
                assert int(m.group(1)) == n
        links = dict(links_on(body(site, url), url))
        if n < len(urls):
            assert links["Trang sau"] == urls[n]
        else:
            assert "Trang sau" not in links
        if pagination == "next_only":
            assert not any(label.isdigit() for label in links) and "Trang cuối" not in links
        else:
            assert links.get("Trang cuối", urls[-1]) == urls[-1]
            for label, href in links.items():
                if label.isdigit():
                    assert href == urls[int(label) - 1]
                    assert abs(int(label) - n) <= 2
        for href in links.values():
            if href in urls:
                assert pages[href][0] == 200


def test_family_markup_matches_the_family_selector_and_generic_does_not(tmp_path: Path) -> None:
    for markup, matched in (("family", True), ("generic", False)):
        site = write_site(
            tmp_path / markup, ListingSiteOptions(spider="baolamdong", per_section=60, markup=markup)
        )
        url = site.section_urls["thoi-su"]
        page = parse_listing(body(site, url), url, site.site)
        assert len(page.links) == 20
        assert page.main_list is matched  # generic markup misses the onecms list selector...
        assert page.next_url is not None  # ...and still leads on


@pytest.mark.parametrize("past_end", ["404", "empty", "page1"])
def test_past_end(tmp_path: Path, past_end: str) -> None:
    site = write_site(tmp_path, ListingSiteOptions(per_section=100, past_end=past_end))
    pages = served(site)
    urls = site.listing_pages["thoi-su"]
    assert len(urls) == 5
    beyond = [f"{site.section_urls['thoi-su']}?paged={n}" for n in (6, 7, 64, 1000)]
    for url in beyond:
        if past_end == "404":
            assert url not in pages
            continue
        assert pages[url][0] == 200
        text = pages[url][1].read_text("utf-8")
        articles = [u for _t, u in links_on(text, url) if site.site.is_article_url(u)]
        if past_end == "empty":
            assert articles == []
        else:
            assert text == body(site, urls[0])


def test_listing_dates_shown(tmp_path: Path) -> None:
    site = write_site(tmp_path, ListingSiteOptions(per_section=40, listing_dates=True))
    url = site.section_urls["thoi-su"]
    text = body(site, url)
    for a in site.articles:
        if a.page == 1:
            when = datetime.fromisoformat(a.published_at)
            assert f"{when:%d/%m/%Y %H:%M}" in text
    plain = write_site(tmp_path / "plain", ListingSiteOptions(per_section=40))
    assert not re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", body(plain, url))


def test_new_articles_shift_pages(tmp_path: Path) -> None:
    v1, v2 = write_versions(tmp_path, ListingSiteOptions(per_section=100), 3)
    old = {a.url: a for a in v1.articles}
    assert [a.url for a in v2.articles[:-3]] == list(old)
    new = [a for a in v2.articles if a.new]
    assert len(new) == 3 and all(a.url not in old and a.page == 1 for a in new)
    assert min(a.id for a in new) > max(old[u].id for u in old)
    assert min(a.published_at for a in new) > max(a.published_at for a in v1.articles)
    moved = [a for a in v2.articles if not a.new and a.page != old[a.url].page]
    assert moved  # three on top push the last three of every page to the next page
    assert len(v2.listing_pages["thoi-su"]) == 6


def test_monthly_sitemap_index(tmp_path: Path) -> None:
    site = write_site(
        tmp_path,
        ListingSiteOptions(per_section=300, sitemap="monthly", start=datetime(2019, 1, 1).date()),
    )
    assert site.sitemap_index is not None
    children = parse_sitemap(served(site)[site.sitemap_index][1].read_bytes(), site.sitemap_index)
    assert [c.url for c in children] == list(site.sitemap_children.values())
    assert all(c.kind == "sitemap" and c.lastmod is not None for c in children)
    march = site.sitemap_children["2019-03"]
    assert march.endswith("/sitemap-2019-03.xml")
    entries = parse_sitemap(served(site)[march][1].read_bytes(), march)
    expected = {a.url for a in site.articles if a.published_at.startswith("2019-03")}
    assert {e.url for e in entries} == expected and expected


def test_classify_requests(tmp_path: Path) -> None:
    site = write_site(tmp_path, ListingSiteOptions(per_section=100))
    urls = [
        site.robots_url,
        site.section_urls["thoi-su"],
        site.listing_pages["thoi-su"][3],
        site.section_urls["thoi-su"] + "?paged=77",  # past the end (404), still a listing request
        site.articles[0].url,
        "https://baodaklak.vn/sitemap.xml",
        "https://baodaklak.vn/rss/thoi-su.rss",
    ]
    counts = classify(urls, site)
    assert (counts.robots, counts.listing, counts.article, counts.sitemap, counts.feed) == (1, 3, 1, 1, 1)


def test_twenty_thousand_articles_write_fast(tmp_path: Path) -> None:
    import time

    start = time.perf_counter()
    site = write_site(tmp_path, ListingSiteOptions(per_section=20_000))
    assert site.pages() == 1000
    assert time.perf_counter() - start < 20  # a few seconds on a laptop; generous for CI
