"""Article links on a section listing page, and where its next page is.

Links are resolved against the page URL, never a ``<base href>``: F4 pages (baocantho) point
``<base>`` at a static template folder, and baodongkhoi.vn's at another host.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector
from w3lib.encoding import html_to_unicode

from crawler.sites import Site
from crawler.textnorm import clean_text
from crawler.urls import normalize_url, site_of, under_domain, url_article_id

from .common import resolve
from .model import Link
from .pagination import next_page_url, page_number

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


def _list_selectors(site: Site | None) -> list[CSSSelector]:
    if site is None:
        return []
    css = tuple(site.selectors.get("listing", ())) or FAMILY_LIST_SELECTORS.get(site.family, ())
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


def parse_listing(
    html: str | bytes,
    page_url: str,
    site: Site | None,
    *,
    max_pages: int = DEFAULT_MAX_PAGES,
    page: int | None = None,
) -> tuple[list[Link], str | None]:
    """``(article links in page order, next page URL or None)`` for a section listing page.

    Article links (``kind="article"``, ``title`` = link text) are those the site's registry entry
    accepts (``site.owns`` and ``site.is_article_url``), or for an unknown site those that
    ``looks_like_article``; links inside menus, footers and sidebars are left out. The next page
    is only given when this page listed articles (in the site's main list, when its selector is
    known) and page ``current + 1 <= max_pages``, where ``current`` is ``page`` if given, else the
    number read from the URL (1 if none). Never raises: an unparsable page gives ``([], None)``.
    """
    text = _to_text(html)
    if not text.strip():
        return [], None
    try:
        doc = lxml_html.document_fromstring(text)
    except (etree.LxmlError, ValueError) as exc:
        logger.warning("Unparsable listing page %s: %s", page_url, exc)
        return [], None
    if site is not None and not site.owns(page_url):
        site = None  # a page of another paper: judged like any unknown site
    is_article: Callable[[str], bool]
    if site is not None:
        is_article = lambda url: site.owns(url) and site.is_article_url(url)  # noqa: E731
    else:
        is_article = lambda url: looks_like_article(url, page_url)  # noqa: E731

    found: dict[str, tuple[str, str | None]] = {}
    for a in doc.iter("a"):
        url = resolve(a.get("href"), page_url)
        if url is None or not is_article(url) or _is_chrome(a):
            continue
        key = normalize_url(url)
        title = clean_text(a.text_content()) or clean_text(a.get("title")) or None
        if key not in found:
            found[key] = (url, title)
        elif found[key][1] is None and title:
            found[key] = (found[key][0], title)
    links = [Link(url=url, kind="article", title=title) for url, title in found.values()]

    listed = bool(links)
    selectors = _list_selectors(site)
    if selectors:
        hrefs = (resolve(a.get("href"), page_url) for sel in selectors for a in sel(doc))
        listed = any(u is not None and is_article(u) for u in hrefs)
        if links and not listed:
            logger.info("No articles in the main list of %s; pagination stops here", page_url)
    if not listed:
        return links, None
    current = page if page is not None else (page_number(page_url, site) or 1)
    if current + 1 > max_pages:
        logger.info("Listing %s is page %d of at most %d; not going further", page_url, current, max_pages)
        return links, None
    return links, next_page_url(doc, page_url, site, current=current, is_article=is_article)
