"""Drift alarm: a scheduled run that suddenly extracts less tells the user that a paper changed
its site, and which selectors stopped matching.

Per run the extension counts, for every item the spider produced (exported or dropped by a
pipeline), which fields are filled; article pages that extraction rejected (the spider's
``page_dropped/not_article`` and ``page_dropped/extract_error`` stats) count as pages with nothing
filled, because a redesign usually shows up as "no article body found" rather than as thin items.
When at least ``DRIFT_MIN_ITEMS`` article pages were seen and the fill rate of a field is below
its ``DRIFT_THRESHOLDS`` entry, it logs an ERROR that names the spider, the field, the rate and
the selectors: the first ``DRIFT_PROBE_PAGES`` article pages of the run are probed with the
title/body/date selectors of the site's CMS family and registry overrides, and the alarm lists
those that matched none of them, those that still match, and which family fingerprint the pages
now carry. The verdict is the ``drift/verdict`` stat, which the run manifest records as ``drift``.

If the extraction records where each field came from as stats ``extract/source/<field>/<source>``
(a hook, see the report of issue 4), the alarm quotes those counts too.

Settings: ``DRIFT_ENABLED`` (True), ``DRIFT_MIN_ITEMS`` (20), ``DRIFT_THRESHOLDS``
(``{"title": 0.95, "body": 0.95, "published_at": 0.9}``; a dict or its JSON), ``DRIFT_PROBE_PAGES`` (30).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import TextResponse

from crawler.extract.dom import text_of
from crawler.extract.families import BY_NAME, GENERIC, Family, detect
from crawler.extract.parse import load_html, parse_html
from crawler.extract.selectors import PageIndex, select
from crawler.items import FILL_RATE_FIELDS, fill_rates, is_filled, item_fields
from crawler.requestmeta import KIND_ARTICLE, PAGE_KIND
from crawler.store import spider_name

if TYPE_CHECKING:
    from typing import Self

    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from crawler.sites import Site

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLDS = {"title": 0.95, "body": 0.95, "published_at": 0.9}
REJECTED_STATS = ("page_dropped/not_article", "page_dropped/extract_error")
SOURCE_PREFIX = "extract/source/"
# Where a date comes from besides the family's date element: the page's metadata.
META_DATE_SELECTORS = (
    "meta[property='article:published_time']",
    "meta[itemprop=datePublished]",
    "script[type='application/ld+json']",
    "time[datetime]",
)
# Item field -> the Family attribute whose selectors find it.
PROBED = {"title": "title", "body": "body", "published_at": "date"}


def site_family(site: Site | None) -> Family:
    """The selectors extraction applies to a site's pages: its family's, registry overrides first."""
    if site is None:
        return GENERIC
    family = BY_NAME.get(site.family, GENERIC)
    return family.with_overrides(site.selectors) if site.selectors else family


def probe_selectors(family: Family) -> dict[str, tuple[str, ...]]:
    out = {name: tuple(getattr(family, attr)) for name, attr in PROBED.items()}
    out["published_at"] = (*out["published_at"], *META_DATE_SELECTORS)
    return out


@dataclass
class SelectorProbe:
    """How many of the probed article pages each selector matches, and which family they carry."""

    selectors: dict[str, tuple[str, ...]]
    max_pages: int
    pages: int = 0
    hits: dict[str, Counter[str]] = field(default_factory=dict)
    families: Counter[str] = field(default_factory=Counter)

    def wants_more(self) -> bool:
        return self.pages < self.max_pages

    def probe(self, html: str | bytes) -> None:
        try:
            text, data = load_html(html)
            root = parse_html(text, data)
        except Exception:  # an unparsable page says nothing about selectors
            return
        self.pages += 1
        found = detect(PageIndex(root, text, data))  # the fingerprint alone, no registry fallback
        self.families[found.name if found is not GENERIC else "none"] += 1
        for name, css_list in self.selectors.items():
            counter = self.hits.setdefault(name, Counter())
            for css in css_list:
                if any(text_of(el) or el.get("content") for el in select(root, css)):
                    counter[css] += 1

    def matches(self, name: str) -> dict[str, int]:
        counter = self.hits.get(name, Counter())
        return {css: counter.get(css, 0) for css in self.selectors.get(name, ())}


def fields_below(rates: dict[str, float | None], thresholds: dict[str, float]) -> list[str]:
    return [name for name, limit in thresholds.items() if (rates.get(name) or 0.0) < float(limit)]


def sources_from_stats(stats: dict[str, Any]) -> dict[str, dict[str, int]]:
    """``{field: {source: count}}`` from the ``extract/source/<field>/<source>`` stats, if any."""
    out: dict[str, dict[str, int]] = {}
    for key, value in stats.items():
        if key.startswith(SOURCE_PREFIX) and isinstance(value, int):
            name, _, source = key.removeprefix(SOURCE_PREFIX).partition("/")
            if source:
                out.setdefault(name, {})[source] = value
    return out


def describe(name: str, verdict: dict[str, Any]) -> str:
    """The sentence about one field below its threshold, for the log."""
    rate = verdict["fill_rates"][name] or 0.0
    parts = [
        f"{name} filled on {verdict['filled'][name]} of {verdict['pages']} article pages "
        f"({rate:.1%} < {verdict['thresholds'][name]:.0%})"
    ]
    probed = verdict["probed_pages"]
    matches: dict[str, int] = verdict["selectors"].get(name, {})
    if not matches:
        parts.append(f"family {verdict['family']} has no {name} selectors (generic extraction)")
    elif probed:
        dead = [css for css, n in matches.items() if n == 0]
        alive = [f"{css} ({n})" for css, n in matches.items() if n]
        if dead:
            parts.append(f"selectors matching none of the {probed} probed pages: {', '.join(dead)}")
        parts.append(f"still matching: {', '.join(alive) if alive else 'none'}")
    families = ", ".join(f"{k} {v}" for k, v in sorted(verdict["detected_families"].items()))
    if families:
        parts.append(f"family fingerprint of the probed pages: {families} (registry: {verdict['family']})")
    sources = verdict.get("sources", {}).get(name)
    if sources:
        parts.append("came from: " + ", ".join(f"{k} {v}" for k, v in sorted(sources.items())))
    if verdict["rejected_pages"]:
        parts.append(f"{verdict['rejected_pages']} pages were rejected as not an article")
    return "; ".join(parts)


class DriftAlarm:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        if not settings.getbool("DRIFT_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.min_items = settings.getint("DRIFT_MIN_ITEMS", 20)
        self.thresholds = {
            k: float(v) for k, v in settings.getdict("DRIFT_THRESHOLDS", DEFAULT_THRESHOLDS).items()
        }
        self.max_probe = settings.getint("DRIFT_PROBE_PAGES", 30)
        self.items = 0
        self.generic_fallback = 0
        self.filled: Counter[str] = Counter()
        self.probe: SelectorProbe | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.item_seen, signal=signals.item_scraped)
        crawler.signals.connect(self.item_seen, signal=signals.item_dropped)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def site(self) -> Site | None:
        spider = getattr(self.crawler, "spider", None)
        return getattr(spider, "site", None) or getattr(self.crawler.spidercls, "site", None)

    def spider_opened(self, **kwargs: Any) -> None:
        site = self.site
        family = site_family(site)
        self.probe = SelectorProbe(probe_selectors(family), self.max_probe)

    def item_seen(self, item: Any, **kwargs: Any) -> None:
        try:
            adapter = item_fields(item)
        except TypeError:
            return
        self.items += 1
        for name in FILL_RATE_FIELDS:
            if is_filled(adapter.get(name)):
                self.filled[name] += 1
        if "generic_fallback" in (adapter.get("flags") or ()):
            self.generic_fallback += 1

    def response_received(self, response: Response, request: Request, **kwargs: Any) -> None:
        probe = self.probe
        if probe is None or not probe.wants_more() or request.meta.get(PAGE_KIND) != KIND_ARTICLE:
            return
        if 200 <= response.status < 300 and isinstance(response, TextResponse):
            probe.probe(response.body)

    def verdict(self) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        rejected = sum(int(stats.get(key, 0)) for key in REJECTED_STATS)
        pages = self.items + rejected
        rates = fill_rates(self.filled, pages)
        probe = self.probe
        site = self.site
        below = fields_below(rates, self.thresholds) if pages >= self.min_items else []
        return {
            "status": "alarm" if below else ("ok" if pages >= self.min_items else "too_few_pages"),
            "below": below,
            "pages": pages,
            "items": self.items,
            "rejected_pages": rejected,
            "min_pages": self.min_items,
            "thresholds": dict(self.thresholds),
            "filled": {name: self.filled[name] for name in FILL_RATE_FIELDS},
            "fill_rates": rates,
            "generic_fallback_share": round(self.generic_fallback / self.items, 4) if self.items else None,
            "family": site.family if site else None,
            "probed_pages": probe.pages if probe else 0,
            "detected_families": dict(probe.families) if probe else {},
            "selectors": {name: probe.matches(name) for name in PROBED} if probe else {},
            "sources": sources_from_stats(stats),
            # Section pages read through the generic list because the family's list selector
            # matched nothing: a listing redesign shows here before any article field drops.
            "listing_pages": int(stats.get("listing/pages", 0)),
            "listing_family_list_missed": int(stats.get("listing/family_list_missed", 0)),
        }

    def spider_closed(self, **kwargs: Any) -> None:
        verdict = self.verdict()
        self.crawler.stats.set_value("drift/verdict", verdict)
        spider = spider_name(self.crawler)
        for name in verdict["below"]:
            logger.error("Drift alarm for %s: %s", spider, describe(name, verdict))
        missed, listed = verdict["listing_family_list_missed"], verdict["listing_pages"]
        if missed:
            logger.warning(
                "Drift alarm for %s: the %s list selector matched nothing on %d of %d section pages;"
                " the generic list was used (listing selector of crawler/discovery/listing.py or the"
                " registry's selectors['listing'])",
                spider,
                verdict["family"],
                missed,
                listed,
            )
        if verdict["status"] == "alarm":
            logger.error(
                "Drift alarm for %s: the site may have changed its markup; check the selectors above "
                "(registry entry crawler/sites/, family parser crawler/extract/families/)",
                spider,
            )
