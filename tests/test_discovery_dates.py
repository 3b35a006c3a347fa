"""What a listing tells a backfill: item dates, URL date segments, the pager, and a main list that
survives a redesign."""

from __future__ import annotations

from datetime import date

import pytest

from crawler.discovery import filter_links, parse_listing
from crawler.discovery.backfill import SectionPlan
from crawler.discovery.coverage import coverage
from crawler.discovery.model import Link, url_day_span
from crawler.discovery.pages import listed_page
from crawler.discovery.pagination import numbered_page_url, page_number
from crawler.sites import get_site
from crawler.urls import url_article_id

BAOLAMDONG = get_site("baolamdong")
BAODAKLAK = get_site("baodaklak")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://baolamdong.vn/chinh-tri/201901/hoi-nghi-tong-ket-3012345/",
            (date(2019, 1, 1), date(2019, 1, 31)),
        ),
        ("https://baomau.vn/2019/01/02/cau-moi/", (date(2019, 1, 2), date(2019, 1, 2))),
        ("https://baomau.vn/tin/2019-03-04/cau-moi.html", (date(2019, 3, 4), date(2019, 3, 4))),
        ("https://baomau.vn/2020/02/cau-moi-12.html", (date(2020, 2, 1), date(2020, 2, 29))),
        ("https://baomau.vn/cau-moi-2019012345.html", None),  # an id, not a date
        ("https://baomau.vn/2019/13/cau-moi/", None),
        ("https://baomau.vn/thoi-su/cau-moi-450101.html", None),
    ],
)
def test_url_day_span(url, expected):
    assert url_day_span(url) == expected


def test_links_whose_url_month_misses_the_window_are_filtered():
    links = [
        Link("https://baolamdong.vn/chinh-tri/201812/a-3000001/", "article"),
        Link("https://baolamdong.vn/chinh-tri/201901/b-3000002/", "article"),
        Link("https://baolamdong.vn/chinh-tri/201902/c-3000003/", "article"),
        Link("https://baolamdong.vn/d-450101.html", "article"),
    ]
    kept = filter_links(links, since=date(2019, 1, 10), until=date(2019, 1, 20))
    assert [link.url.rsplit("/", 2)[-2] for link in kept[:1]] == ["b-3000002"]
    assert len(kept) == 2  # the undated one is kept: its own date is checked after download


LISTING = """<html><body>
<nav class="menu"><a href="/chinh-tri/202401/menu-bai-viet-noi-bat-3100000/">Nổi bật</a></nav>
<div class="container"><div class="main">
  <ul class="list-news">
    <li><h3><a href="/chinh-tri/201903/hoi-nghi-can-bo-chu-chot-3012399/">Hội nghị cán bộ chủ chốt</a></h3>
        <span class="time">20:47 12/03/2019</span></li>
    <li><h3><a href="/chinh-tri/201903/tiep-xuc-cu-tri-xa-ta-nung-3012398/">Tiếp xúc cử tri xã Tà Nung</a></h3>
        <span class="date">11/03/2019</span></li>
    <li><h3><a href="/chinh-tri/201903/khanh-thanh-cau-dan-sinh-3012397/">Khánh thành cầu dân sinh</a></h3>
        <time datetime="2019-03-10T08:00:00+07:00">Chủ nhật</time></li>
    <li><h3><a href="/chinh-tri/201903/tap-huan-chuyen-doi-so-3012396/">Tập huấn chuyển đổi số</a></h3></li>
  </ul>
  <div class="paging"><a href="/chinh-tri?page=2">2</a><a href="/chinh-tri?page=3">3</a>
    <a href="/chinh-tri?page=2">Trang sau</a><a href="/chinh-tri?page=812">Trang cuối</a>
    <a href="/kinh-te?page=9">Kinh tế trang 9</a></div>
</div>
<div class="box-most-read"><h4>Đọc nhiều</h4>
  <p><a href="/chinh-tri/202401/bai-doc-nhieu-nhat-tuan-3150001/">Bài đọc nhiều</a> 01/01/2024</p></div>
</div></body></html>"""


def test_old_platform_listing_leads_on_without_the_family_list_and_dates_its_items():
    page = parse_listing(LISTING, "https://baolamdong.vn/chinh-tri", BAOLAMDONG)
    assert page.main_list is False  # the onecms list selector matches nothing on the old platform
    assert page.next_url == "https://baolamdong.vn/chinh-tri?page=2"
    assert [i.url.rsplit("-", 1)[-1] for i in page.items] == ["3012399/", "3012398/", "3012397/", "3012396/"]
    days = [i.published.date() if i.published else None for i in page.items]
    assert days == [date(2019, 3, 12), date(2019, 3, 11), date(2019, 3, 10), None]
    assert page.items[0].published.hour == 20
    # the "most read" box is followed like any link, but is not part of the list
    assert any("3150001" in link.url for link in page.links)
    assert page.pager.last == 812
    assert page.pager.sample is not None and page_number(page.pager.sample) in (2, 3, 812)
    assert numbered_page_url(page.pager.sample, 407) == "https://baolamdong.vn/chinh-tri?page=407"


def test_a_stray_link_on_an_empty_page_is_no_list():
    html = """<html><body><ul class="list"></ul><div class="x">
      <a href="/chinh-tri/201903/mot-bai-le-loi-con-sot-lai-3012300/">Một bài</a></div>
      <a href="/chinh-tri?page=9">Trang sau</a></body></html>"""
    page = parse_listing(html, "https://baolamdong.vn/chinh-tri?page=8", BAOLAMDONG)
    assert page.links and page.next_url is None


@pytest.mark.parametrize(
    ("sample", "n", "expected"),
    [
        ("https://baodaklak.vn/thoi-su/?paged=2", 40, "https://baodaklak.vn/thoi-su/?paged=40"),
        ("https://baomau.vn/kinh-te/trang-2.html", 17, "https://baomau.vn/kinh-te/trang-17.html"),
        ("https://baomau.vn/kinh-te/page/3/", 9, "https://baomau.vn/kinh-te/page/9/"),
        ("https://baomau.vn/kinh-te?cat=4&p=2", 5, "https://baomau.vn/kinh-te?cat=4&p=5"),
    ],
)
def test_numbered_page_url(sample, n, expected):
    site = BAODAKLAK if "baodaklak" in sample else None
    assert numbered_page_url(sample, n, site) == expected


def test_registry_template_gives_a_sample_when_the_page_shows_no_pager():
    html = (
        """<html><body><div class="list">"""
        + "".join(
            f'<div class="item"><a class="title5" href="/thoi-su/201903/bai-so-{i}-thu-nghiem-{3000000 + i}/">Bài {i}</a></div>'
            for i in range(5)
        )
        + "</div></body></html>"
    )
    page = parse_listing(html, "https://baodaklak.vn/thoi-su/", BAODAKLAK)
    assert page.pager.sample is not None
    assert numbered_page_url(page.pager.sample, 12, BAODAKLAK) == "https://baodaklak.vn/thoi-su/?paged=12"


def test_listed_page_reads_ids_days_and_spots_page_one_served_again():
    urls = [
        ("https://baolamdong.vn/chinh-tri/201903/a-3012399/", None),
        ("https://baolamdong.vn/chinh-tri/201903/b-3012398/", date(2019, 3, 11)),
        ("https://baolamdong.vn/bai-450101.html", None),
    ]
    first = listed_page(1, urls, key_of=url_article_id, span_of=url_day_span)
    assert [i.key for i in first.items] == [3012399, 3012398, 450101]
    assert (first.items[0].lo, first.items[0].hi) == (date(2019, 3, 1), date(2019, 3, 31))
    assert first.items[1].lo == first.items[1].hi == date(2019, 3, 11)
    assert first.items[2].lo is None and not first.beyond
    stored = {"https://baolamdong.vn/bai-450101.html": date(2025, 8, 1)}
    again = listed_page(90, urls, key_of=url_article_id, span_of=url_day_span, stored=stored)
    assert again.items[2].lo == date(2025, 8, 1)
    plan = SectionPlan(None, date(2019, 1, 1), numbered=True)
    plan.add_page(first)
    plan.add_page(again)
    assert plan.pages[90].beyond and not plan.pages[1].beyond  # page 1 served again past the end
    assert listed_page(91, [], key_of=url_article_id, span_of=url_day_span).beyond


def test_coverage_share():
    cov = coverage([], date(2019, 1, 1), date(2019, 1, 31))
    assert cov.share(date(2026, 1, 1)) is None and cov.sections == 0
