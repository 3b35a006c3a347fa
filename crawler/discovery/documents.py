"""A fetched seed read by its kind: the one dispatch from "what is this document" to "which links
does it give", shared by the crawl spider and ``scrapy verify`` so that a new kind of seed (a JSON
API, an Atom feed) is taught to both at once. What to do with the links (follow, count, skip
unchanged sitemaps) stays with the caller; HTML pages are the caller's too (an article or a
listing is a crawl decision, not a property of the document)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .feeds import parse_feed
from .jsonfeed import parse_json_links
from .model import Link
from .sitemaps import parse_sitemap
from .sniff import sniff_kind

FEED_KINDS = frozenset({"rss", "atom"})
SITEMAP_KINDS = frozenset({"sitemapindex", "urlset"})


@dataclass(frozen=True)
class Document:
    """``kind`` is ``sniff_kind``'s answer; ``links`` the pages the document lists (feed items,
    sitemap URLs, API links); ``sitemaps`` the child sitemaps of an index."""

    kind: str
    links: list[Link] = field(default_factory=list)
    sitemaps: list[Link] = field(default_factory=list)


def read_document(
    body: bytes,
    url: str,
    content_type: str | None,
    *,
    home: str | None = None,
    json_template: str | None = None,
) -> Document:
    """The kind of a fetched document and the links it gives (none for HTML or unknown content).

    ``home`` and ``json_template`` are the site's, for a JSON API whose items name their pages
    by a slug or an id rather than a URL (``parse_json_links``)."""
    kind = sniff_kind(body, url, content_type)
    if kind in FEED_KINDS:
        return Document(kind, parse_feed(body, url))
    if kind in SITEMAP_KINDS:
        links = parse_sitemap(body, url)
        return Document(
            kind,
            [link for link in links if link.kind != "sitemap"],
            [link for link in links if link.kind == "sitemap"],
        )
    if kind == "json":
        return Document(kind, parse_json_links(body, url, home=home, template=json_template))
    return Document(kind)
