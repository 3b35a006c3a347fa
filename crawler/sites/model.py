"""The ``Site`` entry: what the crawler knows about one paper, as data.

A spider, the extractor, discovery and the incremental filter all read these fields; nothing in
an entry is code. ``evidence`` says how far the facts were checked (see ``EVIDENCE``), so a user
can tell a spider verified against real pages from one that still needs a first live run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlsplit

from crawler.urls import site_of, under_domain

# Strongest first. "real-page": selectors and URLs checked against a saved real page;
# "crawler-config": taken from a third-party crawler configuration that ran against the site;
# "guess": listed somewhere without a sign of a check, or inferred from the CMS family.
# "live-verified": ``scrapy verify`` gave ``ok`` against the live site (the date goes in ``notes``).
EVIDENCE = ("live-verified", "real-page", "crawler-config", "guess")
# "paper": the paper of a 2025 province (one per province); "archive": the site of a paper
# absorbed in the merger that still serves its pages; "subsite": a paper's second site with its
# own host (and possibly its own article ids).
ROLES = ("paper", "archive", "subsite")


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
    role: str = "paper"
    absorbed: tuple[str, ...] = ()  # provinces merged into this one on 1 July 2025 (papers only)
    absorbed_domains: tuple[str, ...] = ()  # the absorbed papers' pre-merger domains
    skip_hosts: tuple[str, ...] = ()  # sub-domains never to follow (English editions)
    # JS variables whose string value is the article body HTML, for pages that ship the body only
    # inside a <script> (baoquangngai: ``outputData``); read by extraction when its body is empty.
    body_script: tuple[str, ...] = ()
    json_link: str | None = None  # JSON API article link template, e.g. "/tin-bai/{category_slug}/{slug}"
    sample_article_url: str = ""  # an article URL of the site, checked against the patterns
    sample_seen: bool = False  # True: the sample URL was seen in a source; False: constructed
    other_samples: tuple[str, ...] = ()  # article URLs of older URL shapes (legacy patterns)
    sources: str = ""  # where the facts come from (keys of shared/research/sites.md)

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
        return any(under_domain(host, d) for d in self.domains)

    def is_article_url(self, url: str) -> bool:
        if self.is_skipped(url):
            return False
        path = urlsplit(url).path
        return any(r.search(path) for r in self._article_res)

    def is_skipped(self, url: str) -> bool:
        if self.skip_hosts and site_of(url) in self.skip_hosts:
            return True
        path = urlsplit(url).path
        return any(r.search(path) for r in self._skip_res)


def skip_sections(*names: str) -> str:
    """A skip pattern for whole top-level sections: ``/video``, ``/video/...`` but not ``/videos-x``."""
    alternatives = "|".join(re.escape(n.strip("/")) for n in names)
    return rf"^/(?:{alternatives})(?:/|$)"
