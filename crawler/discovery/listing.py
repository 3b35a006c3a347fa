"""Article links on a section listing page, and where its next page is.

Links are resolved against the page URL, never a ``<base href>``: F4 pages (baocantho) point
``<base>`` at a static template folder, and baodongkhoi.vn's at another host.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector
from w3lib.encoding import html_to_unicode

from crawler.extract.families import resolve as resolve_family
from crawler.extract.parse import PageText
from crawler.extract.selectors import PageIndex
from crawler.sites import Site
from crawler.textnorm import clean_text
from crawler.urls import normalize_url, site_of, under_domain, url_article_id

from .common import parse_date, resolve
from .model import Link
from .pagination import Pager, next_page_url, page_number, read_pager

logger = logging.getLogger(__name__)

DEFAULT_MAX_PAGES = 50

# The main article list of a CMS family's section page. When a site's list is known, a page whose
# list is empty is the end of the section even if sidebars still show (other) articles.
FAMILY_LIST_SELECTORS: dict[str, tuple[str, ...]] = {
    "fck": ("li.news-img-left a.b-title",),
    "onecms": ("ul.onecms__loading li h3.b-grid__title > a",),
}

# Page chrome whose links are not the section's: menus (baocantho's mega-menu lists other
# sections' articles), footers, sidebars.
_CHROME_TAGS = frozenset({"nav", "footer", "aside"})
_CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:menu\w*|sidebar|footer|navbar|nav(?:igation)?|breadcrumbs?)(?:$|[\s_-])", re.I
)

# Unknown sites: path segments of pages that are not articles.
_NON_ARTICLE_SEGMENTS = frozenset(
    {
        "tag", "tags", "tu-khoa", "tukhoa", "chu-de", "chude", "topic", "topics", "tac-gia", "author",
        "authors", "video", "videos", "clip", "podcast", "podcasts", "photo", "photos", "anh",
        "emagazine", "e-magazine", "longform", "infographic", "infographics", "multimedia", "media",
        "tim-kiem", "search", "rss", "event", "events", "dang-nhap", "login", "lien-he", "contact",
    }
)  # fmt: skip
_NON_ARTICLE_NAME = re.compile(r"(?:^|-)(?:tag|event|tac-gia|topic)\d*(?:-|\.|$)|^tag-", re.I)
_EXTENSION = re.compile(r"\.(?:html?|shtml|aspx?|php|bbg)$", re.I)
_WORD_SPLIT = re.compile(r"[-_]+")
# Ids before other extensions (cafef ``-188260307071033787.chn``, ``-d538952.aspx``).
_TRAILING_ID = re.compile(r"-[a-z]{0,4}\d{5,}\.[a-z]{2,5}$")


def _selectors(css: tuple[str, ...]) -> list[CSSSelector]:
    out = []
    for expr in css:
        try:
            out.append(CSSSelector(expr))
        except Exception as exc:  # a bad override in the registry must not stop discovery
            logger.warning("Bad listing selector %r: %s", expr, exc)
    return out


def _list_selectors(site: Site | None, doc: etree._Element, text: str) -> list[CSSSelector]:
    """The main-list selectors of the family the page is read with: the same resolution as
    extraction's (``families.resolve``: the page's fingerprint, then the registry), so an
    old-platform page of a migrated paper is not judged by the new platform's list."""
    if site is None:
        return []
    css = tuple(site.selectors.get("listing", ()))
    if not css:
        family = resolve_family(PageIndex(doc, PageText(text)), site).name
        css = FAMILY_LIST_SELECTORS.get(family, ())
    return _selectors(css)


def looks_like_article(url: str, page_url: str) -> bool:
    """Heuristic for sites not in the registry: same site, the last path segment a slug of several
    words with a CMS article id, or a long slug ending ``.html``/``.htm``; not a tag, author,
    topic or media page."""
    if not under_domain(site_of(url), site_of(page_url)):
        return False
    segments = [s for s in urlsplit(url).path.lower().split("/") if s]
    if not segments or any(s in _NON_ARTICLE_SEGMENTS for s in segments[:-1]):
        return False
    name = segments[-1]
    if _NON_ARTICLE_NAME.search(name):
        return False
    words = [w for w in _WORD_SPLIT.split(_EXTENSION.sub("", name)) if w]
    if url_article_id(url) is not None or _TRAILING_ID.search(name):
        return len(words) >= 4  # three slug words and the id: "/thoi-su-215.html" is a section
    return bool(re.search(r"\.html?$", name)) and len(words) >= 5


def _is_chrome(a: etree._Element) -> bool:
    for el in a.iterancestors():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("body", "html"):  # <body class="has-sidebar"> says nothing about one link
            return False
        if tag in _CHROME_TAGS:
            return True
        if tag == "header" and not any(x.tag == "article" for x in el.iterancestors()):
            return True
        if _CHROME_CLASS.search(el.get("class") or "") or _CHROME_CLASS.search(el.get("id") or ""):
            return True
    return False


def _to_text(page: str | bytes) -> str:
    if isinstance(page, bytes):
        return html_to_unicode(None, page)[1]
    return page


@dataclass(frozen=True)
class ListingPage:
    """What one section listing page says.

    ``links``: every article link outside menus, footers and sidebars, in page order (what a
    crawl follows). ``items``: the main list only (the family's list selector, else the largest
    run of sibling elements holding article links), newest first as papers list them, with the
    day each item shows, if any, in ``Link.published``: what a backfill dates the page by.
    ``next_url``: the next page when this one listed articles and the page cap allows.
    ``pager``: the numbered pages it links to. ``main_list``: whether the family's main-list
    selector matched (None when the family has none): False on a redesigned or old-platform page,
    where the generic list is used instead.
    """

    links: list[Link] = field(default_factory=list)
    items: list[Link] = field(default_factory=list)
    next_url: str | None = None
    pager: Pager = field(default_factory=Pager)
    main_list: bool | None = None


# A date (and maybe a time) shown beside an item: "02/01/2019", "02/01/2019 20:47", "20:47 02/01/2019",
# "2019-01-02", "02-01-2019".
_ITEM_DATE = re.compile(
    r"(?:\d{1,2}[:h]\d{2}\s*[,|-]?\s*)?\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}(?:\s*[,|-]?\s*\d{1,2}[:h]\d{2})?"
    r"|(?:19|20)\d{2}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?)?"
)
_DATE_CLASS = re.compile(r"date|time|ngay|publish", re.I)


def _item_date(container: etree._Element) -> datetime | None:
    """The publication time an item of a list shows: ``<time datetime>``, an element whose class
    says date/time, else any date in the item's text (never a relative "2 giờ trước")."""
    for el in container.iter("time"):
        found = parse_date(el.get("datetime")) or parse_date(el.text_content())
        if found is not None:
            return found
    texts = [
        el.text_content()
        for el in container.iter()
        if isinstance(el.tag, str) and _DATE_CLASS.search(el.get("class") or "")
    ]
    texts.append(container.text_content())
    for text in texts:
        m = _ITEM_DATE.search(text or "")
        if m:
            found = parse_date(m.group(0))
            if found is not None:
                return found
    return None


_LIST_DEPTH = 8  # ancestors of a link looked at for its list


def _main_list(
    anchors: list[tuple[str, etree._Element]],
) -> tuple[list[str], dict[str, etree._Element]]:
    """The keys of the page's main list in order, and each item's element (the list's child that
    holds it): the ancestor with the most children that hold article links wins, so a "most read"
    box of five beside a list of twenty is not the list. No list of at least three items: every
    link, and no elements."""
    children: dict[etree._Element, dict[etree._Element, None]] = {}
    for _, a in anchors:
        child = a
        for _ in range(_LIST_DEPTH):
            parent = child.getparent()
            if parent is None or parent.tag in ("body", "html"):
                break
            children.setdefault(parent, {})[child] = None
            child = parent
    best = max(children.items(), key=lambda kv: len(kv[1]), default=None)
    if best is None or len(best[1]) < 3:
        return [key for key, _ in anchors], {}
    holder, kids = best
    order: dict[str, None] = {}
    containers: dict[str, etree._Element] = {}
    for key, a in anchors:
        el = a
        while el is not None and el.getparent() is not holder:
            el = el.getparent()
        if el is not None and el in kids:
            order.setdefault(key, None)
            containers.setdefault(key, el)
    return list(order), containers


def parse_listing(
    html: str | bytes,
    page_url: str,
    site: Site | None,
    *,
    max_pages: int | None = DEFAULT_MAX_PAGES,
    page: int | None = None,
) -> ListingPage:
    """A section listing page read as a ``ListingPage``.

    Article links (``kind="article"``, ``title`` = link text) are those the site's registry entry
    accepts (``site.owns`` and ``site.is_article_url``), or for an unknown site those that
    ``looks_like_article``; links inside menus, footers and sidebars are left out. The next page
    is only given when this page listed articles and page ``current + 1 <= max_pages`` (None: no
    cap, for a dated backfill), where ``current`` is ``page`` if given, else the number read from
    the URL (1 if none). When the family's main-list selector finds nothing but the page still
    lists articles (an old platform, a redesign), the generic list leads on and ``main_list`` says
    so. Never raises: an unparsable page gives an empty ``ListingPage``.
    """
    text = _to_text(html)
    if not text.strip():
        return ListingPage()
    try:
        doc = lxml_html.document_fromstring(text)
    except (etree.LxmlError, ValueError) as exc:
        logger.warning("Unparsable listing page %s: %s", page_url, exc)
        return ListingPage()
    if site is not None and not site.owns(page_url):
        site = None  # a page of another paper: judged like any unknown site
    is_article: Callable[[str], bool]
    if site is not None:
        is_article = lambda url: site.owns(url) and site.is_article_url(url)  # noqa: E731
    else:
        is_article = lambda url: looks_like_article(url, page_url)  # noqa: E731

    found: dict[str, tuple[str, str | None]] = {}
    anchors: list[tuple[str, etree._Element]] = []
    for a in doc.iter("a"):
        url = resolve(a.get("href"), page_url)
        if url is None or not is_article(url) or _is_chrome(a):
            continue
        key = normalize_url(url)
        anchors.append((key, a))
        title = clean_text(a.text_content()) or clean_text(a.get("title")) or None
        if key not in found:
            found[key] = (url, title)
        elif found[key][1] is None and title:
            found[key] = (found[key][0], title)
    links = [Link(url=url, kind="article", title=title) for url, title in found.values()]

    main_list: bool | None = None
    selectors = _list_selectors(site, doc, text)
    listed_anchors = anchors
    if selectors:
        chosen = {id(a) for sel in selectors for a in sel(doc)}
        in_list = [(key, a) for key, a in anchors if id(a) in chosen]
        main_list = bool(in_list)
        if in_list:
            listed_anchors = in_list
    order, containers = _main_list(listed_anchors)
    if main_list is False and links:
        if not containers:  # a few stray links (a sidebar on a page past the end): no list
            logger.info("No articles in the main list of %s; pagination stops here", page_url)
            return ListingPage(links=links, main_list=False)
        logger.info("No articles in the main list of %s; the generic list leads on", page_url)
    items = []
    for key in order:
        url, title = found[key]
        box = containers.get(key)
        shown = _item_date(box) if box is not None else None
        items.append(Link(url=url, kind="article", title=title, published=shown))
    shown_days = {normalize_url(item.url): item.published for item in items if item.published}
    if shown_days:
        links = [replace(link, published=shown_days.get(normalize_url(link.url))) for link in links]
    result = ListingPage(links=links, items=items, main_list=main_list)
    if not links:
        return result
    pager = read_pager(doc, page_url, site, is_article=is_article)
    current = page if page is not None else (page_number(page_url, site) or 1)
    if max_pages is not None and current + 1 > max_pages:
        logger.info("Listing %s is page %d of at most %d; not going further", page_url, current, max_pages)
        return replace(result, pager=pager)
    next_url = next_page_url(doc, page_url, site, current=current, is_article=is_article)
    return replace(result, pager=pager, next_url=next_url)
