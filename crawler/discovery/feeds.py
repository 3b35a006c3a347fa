"""RSS 2.0 / RSS 1.0 / Atom feeds as lists of article links.

The provincial papers' feeds (OneCMS ``/rss/<cat>``, zce ``/rss/home.rss``) are RSS 2.0 with
RFC 822 ``pubDate``; Atom is handled for the sites a user may add. Element names are matched by
local name, because feeds in the wild get their namespaces wrong.
"""

from __future__ import annotations

import logging

from lxml import etree

from crawler.urls import normalize_url

from .common import clean_title, parse_date, resolve
from .model import Link
from .safexml import iter_entries, localname, text_of, unwrap_cdata

logger = logging.getLogger(__name__)

_ENTRIES = frozenset({"item", "entry"})
_FEED_ROOTS = frozenset({"rss", "feed", "RDF", "channel"})
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"


def _children(entry: etree._Element) -> dict[str, list[etree._Element]]:
    out: dict[str, list[etree._Element]] = {}
    for child in entry:
        name = localname(child)
        if name:
            out.setdefault(name, []).append(child)
    return out


def _first_text(fields: dict[str, list[etree._Element]], *names: str) -> str | None:
    for name in names:
        for el in fields.get(name, ()):
            text = text_of(el).strip()
            if text:
                return text
    return None


def _entry_url(entry: etree._Element, fields: dict[str, list[etree._Element]], base_url: str) -> str | None:
    candidates: list[str] = []
    for el in fields.get("link", ()):
        if el.get("href") is not None:  # Atom (or atom:link inside an RSS item)
            if el.get("rel", "alternate") == "alternate":
                candidates.append(el.get("href", ""))
        else:
            candidates.append(unwrap_cdata(text_of(el)))
    for el in fields.get("guid", ()):
        guid = text_of(el).strip()
        if guid.startswith(("http://", "https://")) or (
            guid.startswith("/") and el.get("isPermaLink", "true").lower() != "false"
        ):
            candidates.append(guid)
    for el in fields.get("id", ()):  # Atom ids are often tag: URIs; only web URLs count
        if text_of(el).strip().startswith(("http://", "https://")):
            candidates.append(text_of(el))
    candidates.append(entry.get(_RDF_ABOUT, ""))  # RSS 1.0 items name their URL in rdf:about
    for href in candidates:
        url = resolve(href, base_url)
        if url:
            return url
    return None


def parse_feed(body: bytes, base_url: str) -> list[Link]:
    """The feed's items as ``Link(kind="article")`` in feed order, de-duplicated by normalised URL.

    ``published`` from ``pubDate`` (RSS), ``dc:date`` or ``published`` (Atom); ``lastmod`` from
    Atom ``updated``. Item links fall back to a URL-shaped ``guid`` (or Atom ``id``); relative
    links are resolved against ``base_url``. Never raises.
    """
    links: list[Link] = []
    seen: set[str] = set()
    for what, el in iter_entries(body, _ENTRIES, source=base_url):
        if what == "root":
            if localname(el) not in _FEED_ROOTS:
                logger.warning("%s is not a feed (root element <%s>)", base_url, localname(el))
                return []
            continue
        fields = _children(el)
        url = _entry_url(el, fields, base_url)
        if url is None:
            logger.debug("Feed item without a usable link in %s", base_url)
            continue
        key = normalize_url(url)
        if key in seen:
            continue
        seen.add(key)
        published = parse_date(_first_text(fields, "pubDate", "published", "issued", "date"))
        updated = parse_date(_first_text(fields, "updated", "modified"))
        links.append(
            Link(
                url=url,
                kind="article",
                lastmod=updated,
                published=published,
                title=clean_title(_first_text(fields, "title")),
            )
        )
    return links
