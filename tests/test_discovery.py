"""Discovery parsers: feeds, sitemaps, listings, the date-window filter, and hostile input.

Fixtures in tests/fixtures/discovery/ are written by us in the markup shapes of the real sites
(OneCMS, zce, F4/baocantho); hostile documents are generated here, never committed.
"""

from __future__ import annotations

import gzip
import logging
import re
import tracemalloc
import unicodedata
import zlib
from datetime import date, datetime
from pathlib import Path

import pytest

from crawler.discovery import (
    MAX_DECOMPRESSED,
    MAX_ENTRIES,
    Link,
    decompress,
    filter_links,
    parse_feed,
    parse_listing,
    parse_sitemap,
    published_in_window,
    sitemap_name_span,
    sniff_kind,
)
from crawler.sites import get_site

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "discovery"
SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"

BAOCANTHO = get_site("baocantho")
BAOLAMDONG = get_site("baolamdong")


def parse_pair(*args, **kwargs):
    """``parse_listing`` as (links, next page URL): what these tests check."""
    page = parse_listing(*args, **kwargs)
    return page.links, page.next_url


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def rows(links: list[Link]) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """Links as comparable tuples with dates as ISO strings."""
    return [
        (
            link.url,
            link.kind,
            link.lastmod.isoformat() if link.lastmod else None,
            link.published.isoformat() if link.published else None,
            link.title,
        )
        for link in links
    ]


# --- feeds ----------------------------------------------------------------------------------------


def test_onecms_rss_items_with_pubdate_guid_fallback_relative_links_and_duplicates():
    links = parse_feed(fixture("onecms-rss-thoi-su.xml"), "https://baolamdong.vn/rss/thoi-su")
    assert rows(links) == [
        (
            "https://baolamdong.vn/da-lat-mo-them-tuyen-xe-buyt-noi-cac-phuong-trung-tam-450101.html",
            "article",
            None,
            "2026-05-15T10:40:01+07:00",
            "Đà Lạt mở thêm tuyến xe buýt nối các phường trung tâm",
        ),
        (
            "https://baolamdong.vn/nong-dan-don-duong-thu-hoach-vu-ca-chua-som-450097.html",
            "article",
            None,
            "2026-05-15T08:05:00+07:00",
            "Nông dân Đơn Dương thu hoạch vụ cà chua sớm",
        ),
        (  # no <link>: the guid is the URL; the double-escaped &amp;quot; is a quote
            "https://baolamdong.vn/hoi-nghi-ban-ve-chuyen-doi-so-cap-xa-450090.html",
            "article",
            None,
            "2026-05-14T21:15:30+07:00",
            'Hội nghị bàn về "chuyển đổi số" cấp xã',
        ),
        (  # relative link resolved against the feed URL
            "https://baolamdong.vn/bbt/ban-tin-co-duong-dan-tuong-doi-450088.html",
            "article",
            None,
            "2026-05-14T17:00:00+07:00",
            "Bản tin có đường dẫn tương đối",
        ),
    ]


def test_zce_rss_gmt_pubdate_converted_dc_date_and_html_entity():
    links = parse_feed(fixture("zce-rss-home.rss"), "https://baolaocai.vn/rss/home.rss")
    assert rows(links) == [
        (
            "https://baolaocai.vn/sa-pa-don-doan-khach-dau-tien-di-tau-dem-mua-he-post410233.html",
            "article",
            None,
            "2026-05-15T09:30:00+07:00",
            "Sa Pa đón đoàn khách đầu tiên đi tàu đêm mùa hè",
        ),
        (  # &nbsp; is not an XML entity: kept as a space, not lost with the rest of the title
            "http://baolaocai.vn/yen-binh-khoi-cong-cau-dan-sinh-qua-suoi-post410230.html",
            "article",
            None,
            "2026-05-14T16:20:00+07:00",
            "Yên Bình khởi công cầu dân sinh qua suối",
        ),
        (
            "https://baolaocai.vn/thuong-hieu-che-suoi-giang-vuon-xa-post410219.html",
            "article",
            None,
            "2026-05-14T09:00:00+07:00",
            "Thương hiệu chè Suối Giàng vươn xa",
        ),
    ]


def test_atom_alternate_links_published_updated_and_id_fallback():
    links = parse_feed(fixture("atom.xml"), "https://baomau.example.vn/feeds/tin-moi.atom")
    assert rows(links) == [
        (
            "https://baomau.example.vn/van-hoa/cho-phien-vung-cao-ron-rang-ngay-cuoi-tuan-88123.html",
            "article",
            "2026-05-15T05:00:00+07:00",
            "2026-05-15T10:20:00+07:00",
            "Chợ phiên vùng cao rộn ràng ngày cuối tuần",
        ),
        (
            "https://baomau.example.vn/kinh-te/mua-man-hau-chin-do-tren-cao-nguyen-88120.html",
            "article",
            "2026-05-14T20:45:00+07:00",
            None,
            "Mùa mận hậu chín đỏ trên cao nguyên",
        ),
        (
            "https://baomau.example.vn/xa-hoi/bai-chi-co-id-la-duong-dan-88119.html",
            "article",
            None,
            "2026-05-14T18:00:00+07:00",
            "Bài chỉ có id là đường dẫn",
        ),
    ]


def test_rss1_rdf_items_use_rdf_about():
    body = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://baomau.example.vn/"><title>Tin</title></channel>
  <item rdf:about="https://baomau.example.vn/le-hoi-hoa-ban-mo-man-tai-dien-bien-9912.html">
    <title>Lễ hội hoa ban mở màn</title><dc:date>2026-03-10T08:00:00+07:00</dc:date>
  </item>
</rdf:RDF>""".encode()
    assert sniff_kind(body, "https://baomau.example.vn/rss", None) == "rss"
    assert rows(parse_feed(body, "https://baomau.example.vn/rss")) == [
        (
            "https://baomau.example.vn/le-hoi-hoa-ban-mo-man-tai-dien-bien-9912.html",
            "article",
            None,
            "2026-03-10T08:00:00+07:00",
            "Lễ hội hoa ban mở màn",
        )
    ]


# --- sitemaps -------------------------------------------------------------------------------------


def test_sitemap_index_children_with_lastmod_deduplicated():
    links = parse_sitemap(fixture("onecms-sitemap-index.xml"), "https://baolamdong.vn/sitemap.xml")
    generated = "2026-05-15T11:00:00+07:00"
    assert rows(links) == [
        ("https://baolamdong.vn/sitemap-article-daily.xml", "sitemap", generated, None, None),
        ("https://baolamdong.vn/sitemap-news.xml", "sitemap", generated, None, None),
        ("https://baolamdong.vn/sitemap-category.xml", "sitemap", generated, None, None),
        ("https://baolamdong.vn/sitemap-article-2026-05-15.xml", "sitemap", generated, None, None),
        ("https://baolamdong.vn/sitemap-article-2026-05-14.xml", "sitemap", generated, None, None),
        ("https://baolamdong.vn/sitemap-article-2026-05-13.xml", "sitemap", generated, None, None),
    ]


def test_daily_urlset_pages_with_lastmod_and_image_titles_ignored():
    url = "https://baolamdong.vn/sitemap-article-2026-05-15.xml"
    links = parse_sitemap(fixture("onecms-sitemap-article-2026-05-15.xml"), url)
    assert rows(links) == [
        (
            "https://baolamdong.vn/da-lat-mo-them-tuyen-xe-buyt-noi-cac-phuong-trung-tam-450101.html",
            "page",
            "2026-05-15T10:40:01+07:00",
            None,
            None,
        ),
        (
            "https://baolamdong.vn/nong-dan-don-duong-thu-hoach-vu-ca-chua-som-450097.html",
            "page",
            "2026-05-15T08:05:01+07:00",
            None,
            None,
        ),
        (
            "https://baolamdong.vn/bbt/ban-tin-bien-phan-thiet-dau-mua-450093.html",
            "page",
            "2026-05-15T00:12:01+07:00",
            None,
            None,
        ),
    ]


def test_google_news_sitemap_keeps_publication_date_and_title():
    links = parse_sitemap(fixture("onecms-sitemap-news.xml"), "https://baolamdong.vn/sitemap-news.xml")
    assert rows(links) == [
        (  # entity-escaped CDATA around a title holding &quot;
            "https://baolamdong.vn/da-lat-mo-them-tuyen-xe-buyt-noi-cac-phuong-trung-tam-450101.html",
            "page",
            None,
            "2026-05-15T10:40:00+07:00",
            'Đà Lạt mở thêm tuyến xe buýt "nội ô" nối các phường',
        ),
        (  # UTC publication date converted to +07:00
            "https://baolamdong.vn/gia-ca-phe-va-ho-tieu-cung-tang-450099.html",
            "page",
            "2026-05-15T09:31:01+07:00",
            "2026-05-15T09:30:00+07:00",
            "Giá cà phê & hồ tiêu cùng tăng",
        ),
        (
            "https://baolamdong.vn/mua-mua-den-som-o-bao-loc-450085.html",
            "page",
            None,
            "2026-05-14T07:00:00+07:00",
            "Mùa mưa đến sớm ở Bảo Lộc",
        ),
    ]


def test_gzipped_sitemap_is_inflated():
    body = fixture("zce-sitemaps-news-2026-5.xml.gz")
    assert body[:2] == b"\x1f\x8b"
    url = "https://baolaocai.vn/sitemaps/news-2026-5.xml.gz"
    assert sniff_kind(body, url, "application/x-gzip") == "urlset"
    assert rows(parse_sitemap(body, url)) == [
        (
            "https://baolaocai.vn/sa-pa-don-doan-khach-dau-tien-di-tau-dem-mua-he-post410233.html",
            "page",
            "2026-05-15T09:30:00+07:00",
            None,
            None,
        ),
        (
            "https://baolaocai.vn/yen-binh-khoi-cong-cau-dan-sinh-qua-suoi-post410230.html",
            "page",
            "2026-05-14T16:20:00+07:00",
            None,
            None,
        ),
        (
            "https://baolaocai.vn/thuong-hieu-che-suoi-giang-vuon-xa-post410219.html",
            "page",
            "2026-05-14T09:00:00+07:00",
            None,
            None,
        ),
    ]


def test_sitemap_loc_query_is_not_html_unescaped():
    body = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://baomau.example.vn/xem.aspx?id=55123&amp;region=2&amp;copy=1</loc></url>
    </urlset>"""
    links = parse_sitemap(body, "https://baomau.example.vn/sitemap.xml")
    assert [link.url for link in links] == ["https://baomau.example.vn/xem.aspx?id=55123&region=2&copy=1"]


def test_feed_given_as_sitemap_is_read_as_feed():
    body = fixture("zce-rss-home.rss")
    links = parse_sitemap(body, "https://baolaocai.vn/rss/home.rss")
    assert [link.url for link in links] == [link.url for link in parse_feed(body, "https://baolaocai.vn/")]
    assert len(links) == 3


# --- sniffing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("onecms-rss-thoi-su.xml", "rss"),
        ("zce-rss-home.rss", "rss"),
        ("atom.xml", "atom"),
        ("onecms-sitemap-index.xml", "sitemapindex"),
        ("onecms-sitemap-news.xml", "urlset"),
        ("zce-sitemaps-news-2026-5.xml.gz", "urlset"),
        ("baocantho-listing-thoi-su.html", "html"),
        ("onecms-listing-thoi-su.html", "html"),
    ],
)
def test_sniff_kind_of_fixtures(name, kind):
    # the URL deliberately says nothing true about the content
    assert sniff_kind(fixture(name), "https://example.vn/start", None) == kind


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (
            b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- generated -->\n'
            b'<!DOCTYPE x [<!ENTITY a "b">]>\n<urlset/>',
            None,
            "urlset",
        ),
        (
            b"<?xml version='1.0'?><sm:sitemapindex xmlns:sm='http://www.sitemaps.org/schemas/sitemap/0.9'/>",
            None,
            "sitemapindex",
        ),
        (gzip.compress(b'<rss version="2.0"><channel/></rss>'), "application/octet-stream", "rss"),
        (
            b'<?xml version="1.0"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml"></html>',
            None,
            "html",
        ),
        (b"<div><a href='/a-1.html'>tin</a></div>", "text/html; charset=utf-8", "html"),
        (b"<div><a href='/a-1.html'>tin</a></div>", None, "unknown"),
        (b'{"items": []}', "application/json", "json"),
        (b"", None, "unknown"),
        (b"\x1f\x8b\x08\x00garbage", None, "unknown"),
        ('<?xml version="1.0" encoding="utf-16"?><feed/>'.encode("utf-16"), None, "atom"),
    ],
)
def test_sniff_kind_from_content(body, content_type, kind):
    assert sniff_kind(body, "https://example.vn/x", content_type) == kind


# --- listings -------------------------------------------------------------------------------------

BAOCANTHO_PAGE1 = [
    (
        "https://baocantho.com.vn/hop-ban-ke-hoach-nao-vet-kenh-rach-mua-mua-a100130.html",
        "Họp bàn kế hoạch nạo vét kênh rạch trước mùa mưa",
    ),
    (
        "https://baocantho.com.vn/phuong-ninh-kieu-ra-mat-to-tu-quan-an-ninh-a100129.html",
        "Phường Ninh Kiều ra mắt tổ tự quản an ninh",
    ),
    # a path-relative href resolves against the page URL, not <base href>; first occurrence wins
    (
        "https://baocantho.com.vn/thoi-su/kiem-tra-tien-do-cau-qua-song-hau-a100127.html?utm_source=home",
        "Kiểm tra tiến độ cầu qua sông Hậu",
    ),
    (
        "https://baocantho.com.vn/trao-tang-nha-tinh-nghia-cho-gia-dinh-chinh-sach-a100125.html",
        "Trao tặng nhà tình nghĩa cho gia đình chính sách",
    ),
    (
        "http://www.baocantho.com.vn/tap-huan-ky-nang-so-cho-can-bo-phuong-a100124.html",
        "Tập huấn kỹ năng số cho cán bộ phường",
    ),
    (
        "https://baocantho.com.vn/khai-mac-hoi-cho-nong-san-vung-dong-bang-a100110.html",
        "Khai mạc hội chợ nông sản vùng đồng bằng",
    ),
]


def test_baocantho_listing_links_ignore_base_href_menus_video_and_footer():
    links, next_page = parse_pair(
        fixture("baocantho-listing-thoi-su.html"), "https://baocantho.com.vn/thoi-su/", BAOCANTHO
    )
    assert [(link.url, link.title) for link in links] == BAOCANTHO_PAGE1
    assert {link.kind for link in links} == {"article"}
    assert next_page == "https://baocantho.com.vn/thoi-su?p=2"


@pytest.mark.parametrize(
    ("page_url", "kwargs", "expected"),
    [
        # the "2" and ">" links; "»" (p=5, the next block) is not taken for the next page
        ("https://baocantho.com.vn/thoi-su/", {}, "https://baocantho.com.vn/thoi-su?p=2"),
        # the same markup read as page 4: the "5" link is page N+1
        ("https://baocantho.com.vn/thoi-su?p=4", {}, "https://baocantho.com.vn/thoi-su?p=5"),
        # no link to page 6 on the page: the site's template "?p={n}" gives it
        ("https://baocantho.com.vn/thoi-su?p=5", {}, "https://baocantho.com.vn/thoi-su?p=6"),
        ("https://baocantho.com.vn/thoi-su?p=5", {"max_pages": 5}, None),
        ("https://baocantho.com.vn/thoi-su?p=5", {"max_pages": 6}, "https://baocantho.com.vn/thoi-su?p=6"),
        # the caller's own page count overrides the URL
        ("https://baocantho.com.vn/thoi-su/", {"page": 50}, None),
        ("https://baocantho.com.vn/thoi-su/", {"page": 49}, "https://baocantho.com.vn/thoi-su/?p=50"),
    ],
)
def test_baocantho_pagination(page_url, kwargs, expected):
    _, next_page = parse_pair(fixture("baocantho-listing-thoi-su.html"), page_url, BAOCANTHO, **kwargs)
    assert next_page == expected


def test_raquo_pointing_past_next_page_is_not_next():
    html = """<html><body><ul class="list-news-img-style-1">
      <li class="news-img-left">
        <a class="b-title" href="/mot-bai-viet-moi-a100300.html">Một bài viết</a></li></ul>
      <div id="page"><a href="https://baocantho.com.vn/kinh-te?p=9">&raquo;</a></div></body></html>"""
    _, next_page = parse_pair(html, "https://baocantho.com.vn/kinh-te?p=3", BAOCANTHO)
    assert next_page == "https://baocantho.com.vn/kinh-te?p=4"  # from the template, not p=9


def test_empty_listing_page_stops_pagination_even_with_sidebar_articles():
    links, next_page = parse_pair(
        fixture("baocantho-listing-empty.html"), "https://baocantho.com.vn/thoi-su?p=900", BAOCANTHO
    )
    assert [link.url for link in links] == [
        "https://baocantho.com.vn/khai-mac-hoi-cho-nong-san-vung-dong-bang-a100110.html"
    ]
    assert next_page is None


def test_onecms_listing_without_url_pagination():
    links, next_page = parse_pair(
        fixture("onecms-listing-thoi-su.html"), "https://baolamdong.vn/thoi-su", BAOLAMDONG
    )
    assert [(link.url, link.title) for link in links] == [
        (
            "https://baolamdong.vn/khanh-thanh-nha-van-hoa-thon-lien-nghia-450105.html",
            "Khánh thành nhà văn hóa thôn Liên Nghĩa",
        ),
        (
            "https://baolamdong.vn/da-lat-mo-them-tuyen-xe-buyt-noi-cac-phuong-trung-tam-450101.html",
            "Đà Lạt mở thêm tuyến xe buýt nối các phường trung tâm",
        ),
        (
            "https://baolamdong.vn/nong-dan-don-duong-thu-hoach-vu-ca-chua-som-450097.html",
            "Nông dân Đơn Dương thu hoạch vụ cà chua sớm",
        ),
        (
            "https://baolamdong.vn/bbt/ban-tin-bien-phan-thiet-dau-mua-450093.html",
            "Bản tin biển Phan Thiết đầu mùa",
        ),
    ]
    assert next_page is None  # "Xem thêm" is JavaScript; the site has no pagination template


def test_unknown_site_heuristic_and_rel_next():
    html = """<html><head><base href="https://cdn.other.example/">
      <link rel="next" href="/thoi-su/trang-2.html"></head><body class="home has-sidebar">
      <div class="sidebar"><a href="/doc-nhieu-nhat-trong-tuan-qua-30400.html">Đọc nhiều</a></div>
      <nav><a href="/nong-san-vao-mua-thu-hoach-ro-ret-30551.html">Menu</a></nav>
      <div class="list">
        <a href="/thoi-su/cau-moi-bac-qua-song-lon-hoan-thanh-30560.html">Cầu mới hoàn thành</a>
        <a href="https://m.baomau.example.vn/xa-hoi/mua-thi-tot-nghiep-dien-ra-an-toan-nghiem-tuc.html"
           >Mùa thi</a>
        <a href="/thoi-su-215.html">Thời sự</a>
        <a href="/tag/giao-thong-nong-thon-30001.html">Thẻ</a>
        <a href="/tac-gia/nguyen-van-an-30002.html">Tác giả</a>
        <a href="/video/toan-canh-le-khanh-thanh-cau-30561.html">Video</a>
        <a href="/giao-thong-nong-thon-tag30003.html">Thẻ 2</a>
        <a href="https://baokhac.example.vn/mot-bai-cua-bao-khac-dang-lai-40001.html">Báo khác</a>
        <a href="javascript:void(0)">x</a><a href="#top">lên đầu</a>
        <a href="/gioi-thieu.html">Giới thiệu</a>
      </div></body></html>"""
    links, next_page = parse_pair(html, "https://baomau.example.vn/thoi-su/", None)
    assert [link.url for link in links] == [
        "https://baomau.example.vn/thoi-su/cau-moi-bac-qua-song-lon-hoan-thanh-30560.html",
        "https://m.baomau.example.vn/xa-hoi/mua-thi-tot-nghiep-dien-ra-an-toan-nghiem-tuc.html",
    ]
    assert next_page == "https://baomau.example.vn/thoi-su/trang-2.html"


@pytest.mark.parametrize(
    ("anchor", "page_url", "expected"),
    [
        (
            '<a href="/kinh-te/trang-3.html">Trang sau</a>',
            "https://baomau.example.vn/kinh-te/trang-2.html",
            "https://baomau.example.vn/kinh-te/trang-3.html",
        ),
        (
            '<a href="/kinh-te?page=3">›</a>',
            "https://baomau.example.vn/kinh-te?page=2",
            "https://baomau.example.vn/kinh-te?page=3",
        ),
        (
            '<a href="/kinh-te?page=2" rel="next">Xem thêm tin</a>',
            "https://baomau.example.vn/kinh-te",
            "https://baomau.example.vn/kinh-te?page=2",
        ),
        (
            '<a href="/kinh-te?page=7">Next</a>',
            "https://baomau.example.vn/kinh-te?page=2",
            None,
        ),  # not page 3
        (
            '<a href="/kinh-te/p3">3</a>',
            "https://baomau.example.vn/kinh-te/p2",
            "https://baomau.example.vn/kinh-te/p3",
        ),
        (
            '<a href="/kinh-te?cursor=abc">Sau</a>',
            "https://baomau.example.vn/kinh-te",
            "https://baomau.example.vn/kinh-te?cursor=abc",
        ),
        (
            '<a href="https://baokhac.example.vn/kinh-te?page=2">2</a>',
            "https://baomau.example.vn/kinh-te",
            None,
        ),
    ],
)
def test_next_page_links_on_unknown_sites(anchor, page_url, expected):
    html = f"""<html><body>
      <a href="/kinh-te/gia-lua-tang-nhe-trong-tuan-qua-31001.html">Giá lúa tăng nhẹ</a>
      <div class="pager">{anchor}</div></body></html>"""
    _, next_page = parse_pair(html, page_url, None)
    assert next_page == expected


def test_no_next_page_when_page_lists_no_articles():
    html = (
        '<html><body><p>Không có bài nào</p><a href="/kinh-te?page=3">3</a>'
        '<link rel="next" href="?page=3"></body></html>'
    )
    assert parse_pair(html, "https://baomau.example.vn/kinh-te?page=2", None) == ([], None)


def test_listing_bytes_are_decoded_from_their_meta_charset():
    html = """<html><head><meta charset="windows-1258"></head><body>
      <a href="/kinh-te/lua-gao-xuat-khau-tang-31010.html">Lúa gạo</a></body></html>"""
    # windows-1258 writes tones as combining marks: the title comes back composed (NFC)
    body = unicodedata.normalize("NFD", html).encode("windows-1258")
    links, _ = parse_pair(body, "https://baomau.example.vn/kinh-te", None)
    assert [link.title for link in links] == ["Lúa gạo"]


@pytest.mark.parametrize("html", ["", "   ", b"", b"\x00\x01\x02", "<html", "<<<>>>"])
def test_unparsable_listing_gives_nothing(html):
    assert parse_pair(html, "https://baomau.example.vn/kinh-te", None) == ([], None)


def test_real_baocantho_listing_in_place():
    page = SHARED / "corpus" / "real" / "baocantho.com.vn" / "listing-thoi-su.html"
    if not page.is_file():
        pytest.skip("shared corpus not present")
    links, next_page = parse_pair(page.read_bytes(), "https://baocantho.com.vn/thoi-su/", BAOCANTHO)
    assert len(links) >= 10
    assert all(re.search(r"-a\d+\.html$", link.url) for link in links)
    assert all(link.url.startswith("https://baocantho.com.vn/") for link in links)
    assert next_page == "https://baocantho.com.vn/thoi-su?p=2"


# --- date window ----------------------------------------------------------------------------------


def _dt(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_published_in_window_counts_days_in_vietnam_time():
    # 17:30 UTC on 31 May is 00:30 on 1 June in Vietnam; a naive time is already Vietnam time.
    june = date(2026, 6, 1)
    assert published_in_window(_dt("2026-05-31T17:30:00+00:00"), june, june)
    assert not published_in_window(_dt("2026-05-31T16:30:00+00:00"), june, None)
    assert published_in_window(_dt("2026-06-01T23:59:00"), None, june)
    assert not published_in_window(_dt("2026-06-02T00:00:00"), None, june)


def test_filter_links_by_published_lastmod_and_sitemap_names():
    links = [
        Link("https://x.vn/a-1001.html", "article", published=_dt("2026-05-14T23:59:00+07:00")),
        Link("https://x.vn/b-1002.html", "article", published=_dt("2026-05-14T17:30:00Z")),  # 15th, +07:00
        Link("https://x.vn/c-1003.html", "article", published=_dt("2026-05-17T00:00:00+07:00")),
        Link("https://x.vn/d-1004.html", "page", lastmod=_dt("2026-05-13T10:00:00+07:00")),
        Link(
            "https://x.vn/e-1005.html", "page", lastmod=_dt("2026-05-20T10:00:00+07:00")
        ),  # maybe edited later
        Link("https://x.vn/f-1006.html", "page"),
        Link(
            "https://x.vn/sitemap-article-2026-05-13.xml", "sitemap", lastmod=_dt("2026-05-20T00:00:00+07:00")
        ),
        Link(
            "https://x.vn/sitemap-article-2026-05-16.xml", "sitemap", lastmod=_dt("2026-05-20T00:00:00+07:00")
        ),
        Link("https://x.vn/sitemap/news-2026-5.xml", "sitemap"),
        Link("https://x.vn/sitemap/news-2026-6.xml", "sitemap"),
        Link("https://x.vn/sitemap-news.xml", "sitemap", lastmod=_dt("2026-05-20T00:00:00+07:00")),
        Link("https://x.vn/sitemap-category.xml", "sitemap", lastmod=_dt("2020-01-01T00:00:00+07:00")),
    ]
    kept = filter_links(links, since=date(2026, 5, 14), until=date(2026, 5, 16))
    assert [link.url.rsplit("/", 1)[-1] for link in kept] == [
        "a-1001.html",
        "b-1002.html",
        "e-1005.html",
        "f-1006.html",
        "sitemap-article-2026-05-16.xml",
        "news-2026-5.xml",
        "sitemap-news.xml",
    ]
    assert filter_links(links, since=None, until=None) == links
    assert [link.url for link in filter_links(links[:3], since=None, until=date(2026, 5, 14))] == [
        "https://x.vn/a-1001.html"
    ]


@pytest.mark.parametrize(
    ("url", "span"),
    [
        ("https://x.vn/sitemap-article-2026-05-15.xml", ("2026-05-15", "2026-05-15")),
        ("https://x.vn/sitemaps/news-20260515.xml.gz", ("2026-05-15", "2026-05-15")),
        ("https://x.vn/sitemap/news-2024-2.xml", ("2024-02-01", "2024-02-29")),
        ("https://x.vn/sitemap-2019.xml", ("2019-01-01", "2019-12-31")),
        ("https://x.vn/sitemap-article-daily.xml", None),
        ("https://x.vn/2026/sitemap-1.xml", None),
    ],
)
def test_sitemap_name_span(url, span):
    got = sitemap_name_span(url)
    assert (None if got is None else (got[0].isoformat(), got[1].isoformat())) == span


# --- hostile input --------------------------------------------------------------------------------


def _billion_laughs(root: bytes) -> bytes:
    entities = b'<!ENTITY lol0 "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    return b'<?xml version="1.0"?><!DOCTYPE lolz [' + entities + b"]>" + root


@pytest.mark.parametrize("parse", [parse_sitemap, parse_feed])
def test_billion_laughs_is_not_expanded(parse):
    body = _billion_laughs(
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.vn/a-1001.html&lol9;</loc>'
        b"</url></urlset>"
        if parse is parse_sitemap
        else b"<rss><channel><item><title>Tin &lol9;</title><link>https://x.vn/a-1001.html</link></item></channel></rss>"
    )
    tracemalloc.start()
    try:
        links = parse(body, "https://x.vn/hostile.xml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "lollol" not in repr(links)
    assert len(repr(links)) < 1000
    assert peak < 5 * 1024 * 1024  # an expansion would be 10^9 * 3 bytes
    assert sniff_kind(body, "https://x.vn/hostile.xml", None) in ("urlset", "rss")


@pytest.fixture
def secret_uri(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("root:SECRET-TOKEN-4242\n")
    return path.as_uri()


def _xxe_doctype(style: str, target: str, tmp_path: Path) -> bytes:
    if style == "general":
        return b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "%s">]>' % target.encode()
    # out-of-band style: a parameter entity pulls in a DTD that defines the general entity
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY xxe SYSTEM "{target}">')
    return b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY %% pe SYSTEM "%s"> %%pe;]>' % dtd.as_uri().encode()


@pytest.mark.parametrize("style", ["general", "parameter"])
@pytest.mark.parametrize("target", ["file:///etc/passwd", "secret"])
def test_external_entities_are_not_read(style, target, secret_uri, tmp_path):
    doctype = _xxe_doctype(style, secret_uri if target == "secret" else target, tmp_path)
    sitemap = doctype + (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        b"<url><loc>https://x.vn/a-1001.html?q=&xxe;</loc>"
        b"<news:news><news:title>&xxe;</news:title><news:publication_date>2026-05-15</news:publication_date>"
        b"</news:news></url><url><loc>&xxe;</loc></url></urlset>"
    )
    feed = doctype + (
        b"<rss><channel><item><title>&xxe;</title><link>https://x.vn/b-1002.html?q=&xxe;</link></item>"
        b"<item><link>&xxe;</link><guid>&xxe;</guid></item></channel></rss>"
    )
    outputs = [parse_sitemap(sitemap, "https://x.vn/s.xml"), parse_feed(feed, "https://x.vn/f.rss")]
    text = repr(outputs)
    assert "root:" not in text
    assert "SECRET" not in text
    assert [link.url for link in outputs[0]] == ["https://x.vn/a-1001.html?q="]
    assert [link.url for link in outputs[1]] == ["https://x.vn/b-1002.html?q="]


@pytest.fixture(scope="module")
def gzip_bomb() -> bytes:
    """1 GiB of zeros after a valid sitemap start, deflated to about 1 MB, built in memory."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    parts = [
        deflater.compress(
            b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            b"<url><loc>https://x.vn/bai-truoc-qua-bom-1001.html</loc></url>"
        )
    ]
    zeros = bytes(1 << 20)
    parts.extend(deflater.compress(zeros) for _ in range(1024))
    parts.append(deflater.compress(b"<url><loc>https://x.vn/bai-sau-qua-bom-1002.html</loc></url></urlset>"))
    parts.append(deflater.flush())
    return b"".join(parts)


def test_gzip_bomb_is_cut_off_at_the_cap(gzip_bomb, caplog):
    assert len(gzip_bomb) < 4 * 1024 * 1024
    assert len(decompress(gzip_bomb, warn=False)) == MAX_DECOMPRESSED
    with caplog.at_level(logging.WARNING, logger="crawler.discovery"):
        links = parse_sitemap(gzip_bomb, "https://x.vn/sitemap-bomb.xml.gz")
    assert [link.url for link in links] == ["https://x.vn/bai-truoc-qua-bom-1001.html"]
    assert any("inflates past 52428800 bytes" in r.getMessage() for r in caplog.records)
    assert sniff_kind(gzip_bomb, "https://x.vn/sitemap-bomb.xml.gz", None) == "urlset"


def test_sitemap_with_50001_urls_is_capped(caplog):
    body = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + b"".join(b"<url><loc>https://x.vn/bai-%d.html</loc></url>" % i for i in range(MAX_ENTRIES + 1))
        + b"</urlset>"
    )
    with caplog.at_level(logging.WARNING, logger="crawler.discovery"):
        links = parse_sitemap(body, "https://x.vn/big.xml")
    assert len(links) == MAX_ENTRIES == 50_000
    assert links[0].url == "https://x.vn/bai-0.html"
    assert links[-1].url == "https://x.vn/bai-49999.html"
    assert any("over 50000 entries" in r.getMessage() for r in caplog.records)


TRUNCATED_SITEMAP = (
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>https://x.vn/a-1001.html</loc><lastmod>2026-05-15T10:00:00+07:00</lastmod></url>"
    b"<url><loc>https://x.vn/b-1002.html</loc></url>"
    b"<url><loc>https://x.vn/c-10"
)


def _stored_gzip_cut() -> bytes:
    """A gzip download cut inside the third entry (stored blocks: the cut lands where we say)."""
    deflater = zlib.compressobj(0, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    whole = TRUNCATED_SITEMAP + b"3.html</loc></url></urlset>"
    data = deflater.compress(whole) + deflater.flush()
    return data[: 10 + 5 + whole.index(b"c-10") + 2]  # gzip header, stored-block header, XML


STORED_GZIP_CUT = _stored_gzip_cut()


@pytest.mark.parametrize(
    ("body", "urls"),
    [
        (TRUNCATED_SITEMAP, ["https://x.vn/a-1001.html", "https://x.vn/b-1002.html"]),
        (gzip.compress(TRUNCATED_SITEMAP), ["https://x.vn/a-1001.html", "https://x.vn/b-1002.html"]),
        (STORED_GZIP_CUT, ["https://x.vn/a-1001.html", "https://x.vn/b-1002.html"]),
        (
            b"<urlset><url><loc>https://x.vn/a-1001.html</loc><lastmod>h\xc3\xb4m qua</lastmod></url>"
            b"<url><loc></loc></url>"
            b"<url><loc>javascript:alert(1)</loc></url><url><loc>/tuong-doi-1003.html</loc></url></urlset>",
            ["https://x.vn/a-1001.html", "https://x.vn/tuong-doi-1003.html"],
        ),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage-not-deflate", []),
        (b"this is not xml", []),
        (b"", []),
        (b"<html><body><a href='/a-1.html'>x</a></body></html>", []),
        (b"\x00" * 100, []),
    ],
)
def test_malformed_sitemaps_recover_or_give_nothing(body, urls):
    assert [link.url for link in parse_sitemap(body, "https://x.vn/sitemap.xml")] == urls


def test_malformed_feed_recovers_items_before_the_break():
    body = (
        b'<rss version="2.0"><channel><item><title>Tin &nbsp; mot &copy; 2026 & <b>dam</b></title>'
        b"<link>https://x.vn/tin-mot-1001.html</link><pubDate>not a date</pubDate></item>"
        b"<item><title>Tin hai</title><link>https://x.vn/tin-hai-1002.html</link></item>"
        b"<item><title>Tin ba"
    )
    assert rows(parse_feed(body, "https://x.vn/rss")) == [
        ("https://x.vn/tin-mot-1001.html", "article", None, None, "Tin mot © 2026 dam"),
        ("https://x.vn/tin-hai-1002.html", "article", None, None, "Tin hai"),
    ]


@pytest.mark.parametrize(
    "body", [b"", b"not xml", b"<urlset><url><loc>https://x.vn/a.html</loc></url></urlset>"]
)
def test_feed_parser_on_non_feeds_gives_nothing(body):
    assert parse_feed(body, "https://x.vn/rss") == []
