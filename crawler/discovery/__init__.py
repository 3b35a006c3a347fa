"""Discovery as pure functions: what a document is, and the links (with dates) it leads to.

The spider calls these on fetched bodies; nothing here needs Scrapy, a network or state.
Hostile input (entity bombs, external entities, gzip bombs, huge or broken documents) is
handled in ``safexml`` and never raises.
"""

from .feeds import parse_feed
from .jsonfeed import parse_json_links
from .listing import DEFAULT_MAX_PAGES, looks_like_article, parse_listing
from .model import Link, filter_links, published_in_window, sitemap_name_span
from .safexml import MAX_DECOMPRESSED, MAX_ENTRIES, decompress
from .sitemaps import parse_sitemap
from .sniff import sniff_kind

__all__ = [
    "DEFAULT_MAX_PAGES",
    "MAX_DECOMPRESSED",
    "MAX_ENTRIES",
    "Link",
    "decompress",
    "filter_links",
    "looks_like_article",
    "parse_feed",
    "parse_json_links",
    "parse_listing",
    "parse_sitemap",
    "published_in_window",
    "sitemap_name_span",
    "sniff_kind",
]
