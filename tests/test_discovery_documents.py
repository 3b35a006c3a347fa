"""``read_document``: the one dispatch from a fetched seed's kind to its links, shared by the crawl
spider and ``scrapy verify``."""

from __future__ import annotations

import gzip
import json

import pytest

from crawler.discovery.documents import read_document

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://baotinh.vn/sitemap-2026-11.xml</loc><lastmod>2026-11-30</lastmod></sitemap>
<sitemap><loc>https://baotinh.vn/sitemap-2026-12.xml</loc><lastmod>2026-12-06</lastmod></sitemap>
</sitemapindex>"""
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://baotinh.vn/xa-hoi/lu-ve-nhanh-tren-song-ba-12345.html</loc><lastmod>2026-12-06T08:00:00+07:00</lastmod></url>
<url><loc>https://baotinh.vn/kinh-te/gia-lua-tang-12346.html</loc></url>
</urlset>"""
RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Báo Tỉnh</title>
<item><title>Khánh thành cầu dân sinh</title><link>https://baotinh.vn/xa-hoi/khanh-thanh-cau-12347.html</link>
<pubDate>Sun, 06 Dec 2026 09:15:00 +0700</pubDate></item></channel></rss>""".encode()
API = json.dumps({"items": [{"slug": "mua-vang-tren-ruong-bac-thang", "category_slug": "van-hoa"}]}).encode()


def test_an_index_gives_its_child_sitemaps_and_no_pages():
    doc = read_document(gzip.compress(INDEX), "https://baotinh.vn/sitemap.xml.gz", "application/gzip")
    assert doc.kind == "sitemapindex"
    assert [link.url for link in doc.sitemaps] == [
        "https://baotinh.vn/sitemap-2026-11.xml",
        "https://baotinh.vn/sitemap-2026-12.xml",
    ]
    assert doc.links == []


def test_a_urlset_gives_its_pages_with_their_dates():
    doc = read_document(URLSET, "https://baotinh.vn/sitemap-2026-12.xml", "text/xml")
    assert (doc.kind, doc.sitemaps) == ("urlset", [])
    assert [link.url for link in doc.links] == [
        "https://baotinh.vn/xa-hoi/lu-ve-nhanh-tren-song-ba-12345.html",
        "https://baotinh.vn/kinh-te/gia-lua-tang-12346.html",
    ]
    assert doc.links[0].lastmod is not None and doc.links[1].lastmod is None


def test_a_feed_gives_its_items():
    doc = read_document(RSS, "https://baotinh.vn/rss/home.rss", "application/rss+xml")
    assert doc.kind == "rss"
    assert [link.url for link in doc.links] == ["https://baotinh.vn/xa-hoi/khanh-thanh-cau-12347.html"]


def test_an_api_fills_the_sites_link_template_against_its_home():
    doc = read_document(
        API,
        "https://api.baotinh.vn/v1/latest",
        "application/json",
        home="https://baotinh.vn/",
        json_template="/tin-bai/{category_slug}/{slug}",
    )
    assert doc.kind == "json"
    assert [link.url for link in doc.links] == [
        "https://baotinh.vn/tin-bai/van-hoa/mua-vang-tren-ruong-bac-thang"
    ]


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ("<html><body><h1>Tin tức</h1></body></html>".encode(), "html"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "unknown"),
    ],
)
def test_pages_and_unknown_content_give_no_links(body: bytes, kind: str):
    doc = read_document(body, "https://baotinh.vn/thoi-su", None)
    assert (doc.kind, doc.links, doc.sitemaps) == (kind, [], [])
