"""The site registry: one small declarative entry per paper.

A spider, the extractor and the incremental filter all look a site up here; adding a paper is
adding a ``Site`` entry (``spiders/registry.py`` turns each entry into a ``scrapy crawl`` name).
Facts come from ``shared/research/sites.md``; ``evidence`` says how sure we are of them:
``real-page`` (checked against a saved real page), ``crawler-config`` (a third-party crawler that
ran against the site), ``guess``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from crawler.urls import site_of


@dataclass(frozen=True)
class Site:
    spider: str  # scrapy crawl <spider>
    domain: str  # primary domain, the "site" of the item
    source_name: str
    province: str  # the province after the 1 July 2025 merger
    family: str  # CMS family parser: onecms, zce, filehex, fck, mediaupload, generic
    home: str
    other_domains: tuple[str, ...] = ()  # old domains and sub-domains that serve the same paper
    feeds: tuple[str, ...] = ()  # RSS URLs (absolute or relative to home)
    sitemaps: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()  # listing pages to start from
    pagination: str | None = None  # how listing page N is formed, e.g. "?p={n}"
    article_patterns: tuple[str, ...] = ()  # regexes on the URL path of article pages
    skip_patterns: tuple[str, ...] = ()  # regexes on the URL path never to follow
    datelines: tuple[str, ...] = ()  # lead prefixes such as "LĐ online", "CTO"
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field -> CSS overrides
    evidence: str = "guess"
    notes: str = ""

    @cached_property
    def domains(self) -> tuple[str, ...]:
        return (self.domain, *self.other_domains)

    @cached_property
    def _article_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.article_patterns)

    @cached_property
    def _skip_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p) for p in self.skip_patterns)

    def owns(self, url: str) -> bool:
        host = site_of(url)
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def is_article_url(self, url: str) -> bool:
        path = urlsplit(url).path
        if any(r.search(path) for r in self._skip_res):
            return False
        return any(r.search(path) for r in self._article_res)

    def is_skipped(self, url: str) -> bool:
        path = urlsplit(url).path
        return any(r.search(path) for r in self._skip_res)


_SKIP_MEDIA = (
    r"^/(?:video|videos|clip|podcast|multimedia|emagazine|e-magazine|infographics?|photo|media|"
    r"truyen-hinh|phat-thanh|an-pham|xem-bao|bao-in|doc-bao-in|tim-kiem|dang-nhap|search|en|news|khmer)(?:/|$)"
)

SITES: tuple[Site, ...] = (
    Site(
        spider="baolamdong",
        domain="baolamdong.vn",
        source_name="Báo Lâm Đồng",
        province="Lâm Đồng",
        family="onecms",
        home="https://baolamdong.vn/",
        feeds=(
            "/rss/thoi-su",
            "/rss/chinh-tri",
            "/rss/kinh-te",
            "/rss/doi-song",
            "/rss/phap-luat",
            "/rss/chinh-sach",
        ),
        sitemaps=("/sitemap.xml", "/sitemap-news.xml"),
        sections=("/thoi-su", "/chinh-tri", "/kinh-te", "/doi-song", "/phap-luat", "/van-hoa-giai-tri"),
        article_patterns=(
            r"^/(?:bbt/)?[a-z0-9-]+-\d{4,}\.html$",  # 2025 platform: /<slug>-359750.html
            r"^/[a-z0-9-]+(?:/[a-z0-9-]+)?/\d{6}/[a-z0-9-]+-(?:[0-9a-f]{7}|\d{4,})/?$",  # archive
        ),
        skip_patterns=(_SKIP_MEDIA, r"-event\d+\.html$"),
        datelines=("LĐ online", "LĐO", "Lâm Đồng online"),
        evidence="crawler-config",
        notes="2025 platform assumed OneCMS-like (RSS /rss/<cat>, -<id>.html); archive pages F3 with "
        "'Cập nhật lúc HH:MM, Thứ X, dd/mm/yyyy (GMT+7)'. Đắk Nông and Bình Thuận archives merged in.",
    ),
    Site(
        spider="baocantho",
        domain="baocantho.com.vn",
        source_name="Báo Cần Thơ",
        province="Cần Thơ",
        family="fck",
        home="https://baocantho.com.vn/",
        feeds=("/rss/thoi-su.rss",),
        sections=("/thoi-su/", "/kinh-te/", "/xa-hoi/", "/van-hoa/"),
        pagination="?p={n}",
        article_patterns=(r"-a\d+\.html$",),
        skip_patterns=(_SKIP_MEDIA,),
        datelines=("CTO",),
        evidence="real-page",
    ),
    Site(
        spider="baolaocai",
        domain="baolaocai.vn",
        source_name="Báo Lào Cai",
        province="Lào Cai",
        family="zce",
        home="https://baolaocai.vn/",
        other_domains=("baoyenbai.com.vn",),
        feeds=("/rss/home.rss", "/rss/thoi-su.rss", "/rss/xa-hoi.rss"),
        sitemaps=("/sitemap.xml",),
        sections=("/thoi-su/", "/kinh-te/", "/xa-hoi/"),
        pagination="?page={n}",
        article_patterns=(r"-post\d+\.html$",),
        skip_patterns=(_SKIP_MEDIA, r"-tag\d+\.html$", r"^/tac-gia/"),
        datelines=("BLC",),
        evidence="real-page",
    ),
)

_BY_SPIDER = {s.spider: s for s in SITES}


def get_site(spider: str) -> Site:
    try:
        return _BY_SPIDER[spider]
    except KeyError:
        raise KeyError(f"no site named {spider!r}; known: {', '.join(sorted(_BY_SPIDER))}") from None


def site_for_url(url: str) -> Site | None:
    """The registry entry whose domains include the URL's host, if any."""
    for site in SITES:
        if site.owns(url):
            return site
    return None
