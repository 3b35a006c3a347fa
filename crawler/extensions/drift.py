"""Drift alarm: a scheduled run that suddenly extracts less tells the user that a paper changed
its site, and which selectors stopped matching.

Per run the extension counts, for every item the spider produced (exported or dropped by a
pipeline), which fields are filled; article pages that extraction rejected (the spider's
``page_dropped/not_article`` and ``page_dropped/extract_error`` stats) count as pages with nothing
filled, because a redesign usually shows up as "no article body found" rather than as thin items.
When at least ``DRIFT_MIN_ITEMS`` article pages were seen and the fill rate of a field is below
its ``DRIFT_THRESHOLDS`` entry, it logs an ERROR that names the spider, the field, the rate and
the selectors. It parses nothing itself: extraction records, for every article page, the CMS family
it read the page with (and whether the page's fingerprint or the registry decided it) and which
source and selector filled each field (``crawler.extract.record``); the spider counts those in its
stats, and the alarm reads the counts. So it reports the selectors extraction really used: the
family's selectors that filled a field on no page, those still filling it, and where the values
came from instead. The verdict is the ``drift/verdict`` stat, which the run manifest records as
``drift``.

Settings: ``DRIFT_ENABLED`` (True), ``DRIFT_MIN_ITEMS`` (20), ``DRIFT_THRESHOLDS``
(``{"title": 0.95, "body": 0.95, "published_at": 0.9}``; a dict or its JSON).
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.extract.families import BY_NAME, GENERIC, Family
from crawler.extract.record import counts_from_stats
from crawler.items import FILL_RATE_FIELDS, fill_rates, is_filled, item_fields
from crawler.store import spider_name

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

    from crawler.sites import Site

logger = logging.getLogger(__name__)

DEFAULT_THRESHOLDS = {"title": 0.95, "body": 0.95, "published_at": 0.9}
REJECTED_STATS = ("page_dropped/not_article", "page_dropped/extract_error")
# Item field -> the Family attribute whose selectors find it.
PROBED = {"title": "title", "body": "body", "published_at": "date"}


def family_named(name: str, site: Site | None) -> Family:
    """A family by name, with the site's registry selectors in front (as extraction applies them)."""
    family = BY_NAME.get(name, GENERIC)
    return family.with_overrides(site.selectors) if site is not None and site.selectors else family


def family_selectors(family: Family) -> dict[str, tuple[str, ...]]:
    """The selectors a family (with registry overrides) has for each watched field."""
    return {name: tuple(getattr(family, attr)) for name, attr in PROBED.items()}


def selector_counts(family: Family, used: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """Per watched field: every selector of the family with the number of pages it filled the
    field on (0: it stopped working), then any other selector that filled it."""
    out: dict[str, dict[str, int]] = {}
    for name, css_list in family_selectors(family).items():
        filled = used.get(name, {})
        counts = {css: filled.get(css, 0) for css in css_list}
        counts.update({css: n for css, n in filled.items() if css not in counts})
        out[name] = counts
    return out


def fields_below(rates: dict[str, float | None], thresholds: dict[str, float]) -> list[str]:
    return [name for name, limit in thresholds.items() if (rates.get(name) or 0.0) < float(limit)]


def describe(name: str, verdict: dict[str, Any]) -> str:
    """The sentence about one field below its threshold, for the log."""
    rate = verdict["fill_rates"][name] or 0.0
    parts = [
        f"{name} filled on {verdict['filled'][name]} of {verdict['pages']} article pages "
        f"({rate:.1%} < {verdict['thresholds'][name]:.0%})"
    ]
    read = verdict["pages_read"]
    family = verdict["read_with"]
    matches: dict[str, int] = verdict["selectors"].get(name, {})
    own = set(verdict["family_selectors"].get(name, ()))
    if not own:
        parts.append(f"family {family} has no {name} selectors (generic extraction)")
    elif read:
        dead = [css for css in matches if css in own and not matches[css]]
        alive = [f"{css} ({n})" for css, n in matches.items() if n]
        if dead:
            parts.append(
                f"{family} selectors that filled it on none of the {read} pages read: {', '.join(dead)}"
            )
        parts.append(f"still filling it: {', '.join(alive) if alive else 'none'}")
    families = ", ".join(f"{k} {v}" for k, v in sorted(verdict["families"].items()))
    if families:
        by = ", ".join(f"{k} {v}" for k, v in sorted(verdict["family_by"].items()))
        parts.append(f"pages read as: {families} (decided by: {by}; registry: {verdict['family']})")
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
        self.items = 0
        self.generic_fallback = 0
        self.filled: Counter[str] = Counter()
        crawler.signals.connect(self.item_seen, signal=signals.item_scraped)
        crawler.signals.connect(self.item_seen, signal=signals.item_dropped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def site(self) -> Site | None:
        spider = getattr(self.crawler, "spider", None)
        return getattr(spider, "site", None) or getattr(self.crawler.spidercls, "site", None)

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

    def verdict(self) -> dict[str, Any]:
        stats = self.crawler.stats.get_stats()
        rejected = sum(int(stats.get(key, 0)) for key in REJECTED_STATS)
        pages = self.items + rejected
        rates = fill_rates(self.filled, pages)
        site = self.site
        counts = counts_from_stats(stats)
        families: dict[str, int] = counts["families"]
        read_with = max(families, key=lambda k: families[k]) if families else None
        family = family_named(read_with or (site.family if site else "generic"), site)
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
            "family": site.family if site else None,  # the registry's
            "read_with": family.name,  # the family most pages were read with (one resolution)
            "pages_read": sum(families.values()),
            "families": families,
            "family_by": counts["family_by"],
            "family_selectors": family_selectors(family),
            "selectors": selector_counts(family, counts["selectors"]),
            "sources": counts["sources"],
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
