"""XML sitemaps (indexes, urlsets, Google News sitemaps, gzipped or not) as lists of links.

Unlike Scrapy's ``SitemapSpider``, the Google News fields are kept: ``news:publication_date`` is
the one date a sitemap gives that is the article's own, and it lets a crawl skip old articles
without downloading them.
"""

from __future__ import annotations

import logging

from lxml import etree

from .common import clean_title, parse_date, resolve
from .feeds import parse_feed
from .model import Link
from .safexml import iter_entries, localname, text_of, unwrap_cdata

logger = logging.getLogger(__name__)

_ENTRIES = frozenset({"url", "sitemap"})
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_FEED_ROOTS = frozenset({"rss", "feed", "RDF"})


def _child(el: etree._Element, name: str) -> etree._Element | None:
    for child in el:
        if localname(child) == name:
            return child
    return None


def _child_text(el: etree._Element | None, name: str) -> str | None:
    if el is None:
        return None
    child = _child(el, name)
    return None if child is None else text_of(child).strip()


def _entry_link(entry: etree._Element, base_url: str) -> Link | None:
    url = resolve(unwrap_cdata(_child_text(entry, "loc") or ""), base_url)
    if url is None:
        return None
    lastmod = parse_date(_child_text(entry, "lastmod"))
    if localname(entry) == "sitemap":
        return Link(url=url, kind="sitemap", lastmod=lastmod)
    news = _child(entry, "news")  # <news:news><news:publication_date/><news:title/></news:news>
    return Link(
        url=url,
        kind="page",
        lastmod=lastmod,
        published=parse_date(_child_text(news, "publication_date")),
        title=clean_title(_child_text(news, "title")),
    )


def parse_sitemap(body: bytes, base_url: str) -> list[Link]:
    """A sitemap's entries in document order, repeated URLs dropped.

    ``<sitemapindex>`` children are ``Link(kind="sitemap", lastmod=...)``; ``<urlset>`` entries are
    ``Link(kind="page", lastmod=..., published=news:publication_date, title=news:title)``.
    Gzipped bodies are inflated (capped); at most 50,000 entries are read; a feed handed in by
    mistake is parsed as a feed. Never raises: broken XML gives what could be recovered.
    Following child sitemaps (and noticing an index that loops) is the caller's job.
    """
    links: list[Link] = []
    seen: set[str] = set()
    for what, el in iter_entries(body, _ENTRIES, source=base_url):
        if what == "root":
            root = localname(el)
            if root in _FEED_ROOTS:
                logger.info("%s is a feed, not a sitemap; read as a feed", base_url)
                return parse_feed(body, base_url)
            if root not in _SITEMAP_ROOTS:
                logger.warning("%s is not a sitemap (root element <%s>)", base_url, root)
                return []
            continue
        link = _entry_link(el, base_url)
        if link is None:
            continue
        if link.url not in seen:  # sitemaps list canonical URLs; the spider normalises before fetching
            seen.add(link.url)
            links.append(link)
    return links
