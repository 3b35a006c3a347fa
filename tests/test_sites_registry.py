"""The site registry: every 2025 province has its paper, the merger map is right, entries are
consistent (unique names and domains, URL patterns that match their own sample URLs)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml.cssselect import CSSSelector

from crawler.extract.families import BY_NAME, FIELDS
from crawler.sites import EVIDENCE, PROVINCES, ROLES, SITES, get_site, papers, province_for, site_for_url
from crawler.urls import absolute_url, url_article_id

REPO = Path(__file__).resolve().parents[1]

# shared/research/sites.md §1: the 34 units of 1 July 2025 and the provinces each absorbed.
MERGER: dict[str, tuple[str, ...]] = {
    "Hà Nội": (),
    "Huế": (),
    "Hải Phòng": ("Hải Dương",),
    "Đà Nẵng": ("Quảng Nam",),
    "Hồ Chí Minh": ("Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Cần Thơ": ("Sóc Trăng", "Hậu Giang"),
    "Tuyên Quang": ("Hà Giang",),
    "Lào Cai": ("Yên Bái",),
    "Thái Nguyên": ("Bắc Kạn",),
    "Phú Thọ": ("Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Giang",),
    "Hưng Yên": ("Thái Bình",),
    "Ninh Bình": ("Nam Định", "Hà Nam"),
    "Quảng Ninh": (),
    "Thanh Hóa": (),
    "Nghệ An": (),
    "Hà Tĩnh": (),
    "Cao Bằng": (),
    "Lai Châu": (),
    "Điện Biên": (),
    "Sơn La": (),
    "Lạng Sơn": (),
    "Quảng Trị": ("Quảng Bình",),
    "Quảng Ngãi": ("Kon Tum",),
    "Gia Lai": ("Bình Định",),
    "Khánh Hòa": ("Ninh Thuận",),
    "Lâm Đồng": ("Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Phú Yên",),
    "Đồng Nai": ("Bình Phước",),
    "Tây Ninh": ("Long An",),
    "Vĩnh Long": ("Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Tiền Giang",),
    "Cà Mau": ("Bạc Liêu",),
    "An Giang": ("Kiên Giang",),
}
# Ids that URLs of these shapes do not carry (identity falls back to a URL hash).
# baothainguyen's legacy "-<id>-<n>.html": which number is the id is not known, so none is taken.
NO_URL_ID = {
    "https://baodienbienphu.vn/tin-bai/kinh-te/mua-hoa-ban-tren-cao-nguyen",
    "https://baothainguyen.vn/tin-tuc/kinh-te/che-tan-cuong-xuat-khau-12345-1.html",
}


def _samples(site) -> list[str]:
    return [site.sample_article_url, *site.other_samples]


def test_the_merger_map_has_34_units_from_63_provinces() -> None:
    assert len(MERGER) == 34
    assert len(MERGER) + sum(len(v) for v in MERGER.values()) == 63


def test_every_2025_province_has_exactly_one_paper() -> None:
    provinces = [s.province for s in papers()]
    assert sorted(provinces) == sorted(MERGER)
    assert len(provinces) == len(set(provinces)) == len(PROVINCES) == 34


def test_absorbed_provinces_are_data_on_the_papers() -> None:
    assert {s.province: tuple(s.absorbed) for s in papers()} == MERGER


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Đắk Nông", "Lâm Đồng"),
        ("Bình Thuận", "Lâm Đồng"),
        ("Bến Tre", "Vĩnh Long"),
        ("Trà Vinh", "Vĩnh Long"),
        ("Bắc Kạn", "Thái Nguyên"),
        ("Hải Dương", "Hải Phòng"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Kiên Giang", "An Giang"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("Hậu Giang", "Cần Thơ"),
        ("Quảng Bình", "Quảng Trị"),
        ("Hòa Bình", "Phú Thọ"),
        ("Hoà Bình", "Phú Thọ"),  # old tone placement
        ("dak nong", "Lâm Đồng"),
        ("Tỉnh Bến Tre", "Vĩnh Long"),
        ("BÀ RỊA – VŨNG TÀU", "Hồ Chí Minh"),
        ("Thừa Thiên Huế", "Huế"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("Thành phố Cần Thơ", "Cần Thơ"),
        ("Lâm Đồng", "Lâm Đồng"),
        ("Sơn La", "Sơn La"),
    ],
)
def test_province_for_maps_old_names_to_the_2025_province(old: str, new: str) -> None:
    assert province_for(old) == new


def test_province_for_every_absorbed_province_and_unknown_names() -> None:
    for unit, absorbed in MERGER.items():
        assert province_for(unit) == unit
        for old in absorbed:
            assert province_for(old) == unit, old
    assert province_for("Atlantis") is None
    assert province_for("") is None
    assert province_for("Hà") is None


def test_archives_and_subsites_belong_to_a_2025_province() -> None:
    others = [s for s in SITES if s.role != "paper"]
    assert {s.spider for s in others} == {
        "baobackan",
        "baobinhduong",
        "baohaugiang",
        "baodongkhoi",
        "baotravinh",
        "tintucmientay",
    }
    for site in others:
        assert site.province in MERGER and not site.absorbed
        assert site.role in ROLES


def test_spider_names_are_unique_scrapy_names() -> None:
    names = [s.spider for s in SITES]
    assert len(names) == len(set(names))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", n) for n in names)


def test_domains_are_unique_across_entries() -> None:
    domains = [d for s in SITES for d in s.domains]
    assert len(domains) == len(set(domains))
    assert all(d == d.lower() and not d.startswith("www.") for d in domains)


def test_values_are_from_the_known_sets() -> None:
    families = set(BY_NAME) | {"generic"}
    for site in SITES:
        assert site.family in families, site.spider
        assert site.evidence in EVIDENCE, site.spider
        assert site.home.startswith("https://") and site.owns(site.home), site.spider
        assert site.source_name and site.sources and site.sample_article_url, site.spider
    assert {s.spider for s in SITES if s.evidence == "real-page"} == {"baocantho", "baolaocai"}


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.spider)
def test_article_patterns_match_the_samples_and_skips_do_not(site) -> None:
    samples = _samples(site)
    for pattern in site.article_patterns:
        compiled = re.compile(pattern)
        assert any(compiled.search(urlsplit(u).path) for u in samples), pattern
    for url in samples:
        assert site.owns(url) and site.is_article_url(url) and not site.is_skipped(url), url
        assert site_for_url(url) is site
        if url not in NO_URL_ID:
            assert url_article_id(url) is not None, url


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.spider)
def test_seeds_are_the_sites_own_non_article_pages(site) -> None:
    seeds = [absolute_url(p, site.home) for p in (*site.feeds, *site.sitemaps, *site.sections)]
    assert seeds, "a spider without seeds crawls nothing"
    for url in seeds:
        assert site.owns(url), url
        assert not site.is_article_url(url), url
        assert not site.is_skipped(url), url


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.spider)
def test_selector_overrides_are_valid_css_for_known_fields(site) -> None:
    for field, selectors in site.selectors.items():
        assert field in (*FIELDS, "listing"), field
        assert isinstance(selectors, tuple) and selectors
        for css in selectors:
            CSSSelector(css)


def test_skip_patterns_cover_media_and_foreign_editions() -> None:
    cases = {
        "baonghean": [
            "https://baonghean.vn/en/tourism-123456.html",
            "https://baonghean.vn/video/lu-ve-123456.html",
        ],
        "hanoimoi": [
            "https://hanoimoi.vn/le-hoi-mua-thu-event123.html",
            "https://hanoimoi.vn/emagazine/x-123456.html",
        ],
        "baobacninhtv": ["https://en.baobacninhtv.vn/bac-ninh-festival-postid1234.bbg"],
        "baohatinh": ["https://baohatinh.vn/tv/ban-tin-toi-123456.html", "https://baohatinh.vn/tin-moi.html"],
        "baogialai": [
            "https://baogialai.com.vn/ca-phe-tag1234.html",
            "https://baogialai.com.vn/tac-gia/an-nhien-12.html",
        ],
        "baothanhhoa": ["https://baothanhhoa.vn/print/ab12cd/244736.htm"],
        "baodanang": ["https://baodanang.vn/english/society/202406/festival-1234567"],
        # the real-page entries: the common sections, and their own Khmer and /news editions
        "baocantho": [
            "https://baocantho.com.vn/khmer/le-hoi-ok-om-bok-a196671.html",
            "https://baocantho.com.vn/epaper/so-moi-a196672.html",
        ],
        "baolaocai": [
            "https://baolaocai.vn/news/sa-pa-festival-post404650.html",
            "https://baolaocai.vn/english/sa-pa-festival-post404651.html",
        ],
    }
    for spider, urls in cases.items():
        site = get_site(spider)
        for url in urls:
            assert site.owns(url) and not site.is_article_url(url), url


def test_site_for_url_prefers_the_most_specific_domain() -> None:
    assert site_for_url("https://bbk.baothainguyen.vn/kinh-te/202601/a-1234567/").spider == "baobackan"
    assert site_for_url("https://baothainguyen.vn/kinh-te/202601/a-1234567/").spider == "baothainguyen"
    assert site_for_url("https://tintucmientay.baoangiang.com.vn/a-a1234.html").spider == "tintucmientay"
    assert site_for_url("https://www.baoangiang.com.vn/a-a1234.html").spider == "baoangiang"
    assert site_for_url("https://www.baotayninh.vn/a-a1234.html").spider == "baotayninh"
    assert site_for_url("https://baodongkhoi.vn/a-a1234.html").spider == "baodongkhoi"
    assert site_for_url("https://vnexpress.net/a-1234567.html") is None


def test_scrapy_list_shows_every_spider() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == sorted(s.spider for s in SITES)
