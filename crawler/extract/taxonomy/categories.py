"""The category path of an article (``categories``; ``category`` is its last item), read from the
strongest evidence the page has. Order of evidence, and why:

1. the visible breadcrumb: family (and registry) selectors, then generic ones, then breadcrumb
   markup they miss (schema.org/data-vocabulary microdata, a class naming a breadcrumb in any
   letter case). It is what the reader sees, the whole path, as the editors filed the story;
2. JSON-LD ``BreadcrumbList``: the same trail written for machines, but sometimes stale or
   generic (only "Trang chủ"), so it yields to the visible one;
3. JSON-LD ``articleSection``, then ``article:section``, then microdata ``itemprop=articleSection``:
   one level, often a code or a placeholder ("News"), so only when no trail exists;
4. the section label beside the headline (a link to one of the menu's sections, or a box whose
   class names a category): visible, but one level and found by position, not by markup;
5. the site's own menu, by URL path: the entry whose link path is the longest prefix of the
   article's path on the same host (never the home link), with the entries of the shorter
   prefixes before it. It names the section in the site's own words when the page shows none,
   but an article filed outside its URL's section would be misnamed by it, so a breadcrumb, when
   there is one, is kept;
6. the menu entry marked as the page's own ("active", "current"), with the entry whose sub-menu
   holds it: a menu that lights up the article's section.

Crumbs drop "Trang chủ"/"Home", the article's own title and the paper's own name; a generic
word ("Tin tức", "News") only when it stands first (it is a real section under "Sức khỏe").
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree

from crawler.extract.dom import HtmlElement, ancestors, class_id, is_inside, text_of, text_upto
from crawler.extract.meta import PageMeta
from crawler.extract.record import FieldSource
from crawler.extract.regions import Regions
from crawler.extract.selectors import INDEX
from crawler.extract.taxonomy.common import DATE_BIT, HOME_SEGMENTS, PAGE_EXT, SIDE_RE, host_of
from crawler.extract.taxonomy.trails import (
    HOME_STRICT,
    LABELS,
    SERVICE_PAGES,
    Dropdowns,
    crumb_text,
    from_selectors,
    markup_trail,
    shaped_trail,
    submenu_links,
)
from crawler.textnorm import clean_text, fold


def _sentence_case(text: str) -> str:
    if any(c.islower() for c in text) or "." in text or len(text) <= 4:
        return text
    return text[:1] + text[1:].lower()


# Generic words: the root of a trail ("Tin tức › Kinh doanh") or a CMS's placeholder section
# ("News"), but a real section further down ("Sức khỏe › Tin tức" on VnExpress).
_GENERIC_WORDS = frozenset({"news", "tin tuc", "article", "bai viet", "tin", "tin tuc 24h"})
# A class or id naming a menu or a navigation bar.
# "header" only as a whole class ("site-header", "header"), not an article's "entry-header".
_MENU_RE = re.compile(
    r"menu|(?:^|[\s_-])nav|navbar|navigation|^nav|(?:^|\s)(?:site-|main-|top-)?header(?:$|\s)"
)
# A class naming a section label ("detail-cate", "categories1", "sub_cate", "chuyen-muc").
_CATE_RE = re.compile(r"cate|chuyen-?muc|chuyenmuc|breadcrumb|kicker")


def _clean_path(path: list[str], title: str, site_names: tuple[str, ...]) -> list[str]:
    """Crumbs without home links, the article's own title and the paper's own name; a generic
    word ("Tin tức", "News") only once a real section stands before it."""
    names = {fold(n).replace(" ", "") for n in site_names if n}
    out: list[str] = []
    for raw in path:
        item = crumb_text(raw)
        key = fold(item)
        if not item or len(item) > 60 or key in HOME_STRICT or _own_title(key, fold(title)):
            continue
        if not out and key in _GENERIC_WORDS:
            continue
        if key.replace(" ", "") in names:
            continue  # the paper's own name as a crumb ("Dân trí" on dantri.com.vn)
        item = _sentence_case(item)
        if item not in out:
            out.append(item)
    if out and fold(out[-1]) in _PAGE_KIND_WORDS:
        out.pop()  # "Kinh tế › Chi tiết tin": the page's kind, not a section
    return out


# What an old CMS's trail ends with in place of the article ("Chi tiết tin", "Nội dung"), folded.
_PAGE_KIND_WORDS = frozenset(
    {"chi tiet", "chi tiet tin", "chi tiet bai viet", "chi tiet tin tuc", "tin chi tiet", "noi dung"}
    | {"noi dung chi tiet", "xem tin", "xem chi tiet", "doc tin", "bai viet", "xem bai viet"}
)


def _own_title(key: str, title: str) -> bool:
    """Whether a folded crumb is the article's own headline: whole, with the paper's name after
    it (a JSON-LD trail's last item written as the page title), or cut short ("Thu hoạch cà
    phê...")."""
    if len(title) < 15 or len(key) < 10:
        return key == title
    if key.startswith(title):
        return True
    stem = key.rstrip(".… ")
    return stem != key and len(stem) >= 10 and title.startswith(stem)


def _segments(href: str, base: str) -> tuple[str, tuple[str, ...]] | None:
    """(host, path segments) of a link, the page extension cut from the last segment; None for
    a link that is not a page path (``javascript:``, ``#``, a query)."""
    href = (href or "").strip()
    if not href or href[0] == "#" or "?" in href or href.startswith(("javascript:", "mailto:", "tel:")):
        return None
    href = href.split("#", 1)[0]
    if href[0] == "/" and href[1:2] != "/":  # most menu links: a path on this host, no parsing
        host, path = host_of(urlsplit(base).netloc) if base else "", href
    else:
        try:
            parts = urlsplit(urljoin(base, href))
        except ValueError:
            return None
        if parts.scheme not in ("http", "https"):
            return None
        host, path = host_of(parts.netloc), parts.path
    if "%" in path:
        path = unquote(path)
    segs = [s for s in path.lower().split("/") if s]
    if segs:
        segs[-1] = PAGE_EXT.sub("", segs[-1])
    return host, tuple(s for s in segs if s)


class _Menu:
    """The site's navigation links on this page: path segments -> the entry's text."""

    def __init__(
        self, root: HtmlElement, url: str, body: HtmlElement | None, wanted: set[tuple[str, ...]]
    ) -> None:
        """Only the entries of the paths in ``wanted`` are read (the prefixes of the article's
        path, the links beside the title): a menu has hundreds of links."""
        self.entries: dict[tuple[str, ...], str] = {}
        self.base = url
        here = _segments(url, url)
        self.host = here[0] if here else ""
        if not wanted:
            return
        keys = tuple({w[-1] for w in wanted})
        for a in root.iter("a"):
            href = a.get("href")
            if not href or not any(k in href.lower() for k in keys):
                continue  # cheap tests first: most links of a page are stories, not sections
            seg = _segments(href, url)
            if seg is None or seg[0] != self.host or seg[1] not in wanted or seg[1] in self.entries:
                continue
            if (body is not None and is_inside(a, body)) or not self._in_menu(a):
                continue
            text = crumb_text(text_of(a) or a.get("title") or "")
            if text and len(text) <= 40 and fold(text) not in HOME_STRICT:
                self.entries[seg[1]] = text

    @staticmethod
    def _in_menu(a: HtmlElement) -> bool:
        """Inside a navigation element (``nav``, ``header``, a class or id naming a menu or a
        navigation bar), and not inside a sidebar, aside or widget."""
        menu = False
        for node in ancestors(a):
            if node.tag in ("aside", "article"):
                return False  # a sidebar, or the article's own header (its author, its date)
            ci = class_id(node)
            if ci and SIDE_RE.search(ci):
                return False
            menu = menu or node.tag in ("nav", "header") or bool(ci and _MENU_RE.search(ci))
        return menu

    def path_for(self, url: str) -> tuple[list[str], tuple[str, ...]] | None:
        """Entries whose path is a prefix of the URL's path, shortest first, and the longest."""
        here = _segments(url, url)
        if here is None or not self.entries:
            return None
        segs = here[1]
        longest: tuple[str, ...] = ()
        for n in range(len(segs) - 1, 0, -1):
            if segs[:n] in self.entries:
                longest = segs[:n]
                break
        if not longest:
            return None
        names = [self.entries[longest[:n]] for n in range(1, len(longest) + 1) if longest[:n] in self.entries]
        return names, longest


_HOME_PATHS = frozenset((s,) for s in HOME_SEGMENTS)


def _near_title(title_el: HtmlElement) -> list[HtmlElement]:
    """Small blocks just before the headline, at its own level and up to two levels above (a
    section label sits above the title, or above the title's header box), and the block just
    after it at its own level or its box's ("Đời sống › Xã hội" under the title)."""
    out: list[HtmlElement] = []
    node = title_el
    for level in range(3):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        out.extend([s for s in node.itersiblings(preceding=True) if isinstance(s.tag, str)][:3])
        if level < 2:
            out.extend([s for s in node.itersiblings() if isinstance(s.tag, str)][:1])
        node = parent
    return [b for b in out if len(clean_text(text_upto(b, 2000) or "x" * 201)) <= 200]


def _is_section_of(path: tuple[str, ...], url: str) -> bool:
    """Whether a link's path is a section above the article's own (``/xa-hoi/`` for
    ``/xa-hoi/ten-bai-123.html``): a link beside the title to it names the section even on a
    page whose menu is not found."""
    here = _segments(url, url)
    return here is not None and 0 < len(path) < len(here[1]) and here[1][: len(path)] == path


def _section_by_title(blocks: list[HtmlElement], menu: _Menu, url: str, regions: Regions) -> list[str] | None:
    """The section label beside the headline: up to three links to menu sections (or links, or a
    bare label, in a box whose class names a category), in a block next to the title."""
    for block in blocks:
        if regions.in_related(block) and (not _CATE_RE.search(class_id(block)) or regions.own_related(block)):
            continue  # a related box ("tin-cung-chuyen-muc": its class names a section too)
        cate_box = bool(_CATE_RE.search(class_id(block)))
        picked: list[str] = []
        links = list(block.iter("a"))
        if len(links) > 12:
            continue
        if len(links) > 1:  # a section's own list of sub-sections: not its path
            dropped = submenu_links(links, url)
            links = [a for a in links if a not in dropped]
        for a in links:
            text = crumb_text(text_of(a))
            if not text or len(text) > 40:
                continue
            seg = _segments(a.get("href", ""), url)
            if seg is None or seg[0] != menu.host or not seg[1] or seg[1] in _HOME_PATHS:
                continue
            own = class_id(a) + " " + class_id(a.getparent())
            if seg[1] in menu.entries or cate_box or _CATE_RE.search(own) or _is_section_of(seg[1], url):
                picked.append(text)
        if 0 < len(picked) <= 3:
            return picked
        if cate_box and not picked:  # a bare label: "<div class=categories1><span>Chính trị</span>"
            first = next((c for c in block if isinstance(c.tag, str)), None)
            text = crumb_text(block.text or "") or (text_of(first) if first is not None else "")
            if text and len(text) <= 40 and (first is None or first.tag != "a") and not DATE_BIT.search(text):
                return [text]
    return None


def _visible_trail(
    root: HtmlElement,
    regions: Regions,
    dropdowns: Dropdowns,
    title: str,
    site_names: tuple[str, ...],
    url: str = "",
) -> tuple[list[str], FieldSource] | None:
    """A breadcrumb the selectors missed: by its markup, else by its shape."""
    markup = markup_trail(root, regions, dropdowns)
    if markup:
        path = _clean_path(markup[0], title, site_names)
        if path:
            return path, FieldSource("generic", markup[1])
    shaped = shaped_trail(root, regions, url)
    if shaped:
        path = _clean_path(shaped, title, site_names)
        if path:
            return path, FieldSource("generic", "trail by its shape")
    return None


def find_categories(
    root: HtmlElement,
    selectors: tuple[str, ...],
    meta: PageMeta,
    url: str,
    title: str,
    title_el: HtmlElement | None,
    regions: Regions,
    site_names: tuple[str, ...] = (),
    body: HtmlElement | None = None,
) -> tuple[list[str], FieldSource | None]:
    """The category path of the article (``categories``; ``category`` is its last item) and
    where it was read, by the order of evidence above."""
    path, source = _find(root, selectors, meta, url, title, title_el, regions, site_names, body)
    if len(path) > 1 and _is_headline(path[-1], title, meta, root, url):
        path = path[:-1]  # a trail ending with the story in other words than the h1's
    return path, source


def _is_headline(crumb: str, title: str, meta: PageMeta, root: HtmlElement, url: str) -> bool:
    """Whether a trail's last crumb is the article itself, named otherwise than by its ``h1``:
    a metadata headline (og:title, the JSON-LD headline, the page title without the paper's
    name), a link to the page itself, or most of the words of the headline (sections' names are
    short; one of many words that are mostly the headline's is the story's)."""
    words = _WORDS.findall(fold(crumb))
    if len(words) < 4:
        return False
    key = " ".join(words)
    folded = fold(crumb)
    for other in meta.titles:
        other_folded = fold(other)
        if " ".join(_WORDS.findall(other_folded)) == key:
            return True
        rest = other_folded[len(folded) :] if other_folded.startswith(folded) else ""
        if _SITE_SUFFIX.match(rest) and len(rest) <= 50:
            return True  # the page title: the headline, then the paper's name
    here = _segments(url, url)
    if here is None or not here[1]:
        return False
    linked_elsewhere = False
    for a in _LINKS_NAMED(root, name=crumb):
        seg = _segments(a.get("href", ""), url)
        if seg == here:
            return True
        linked_elsewhere = linked_elsewhere or (seg is not None and bool(seg[1]))
    in_title = set(_WORDS.findall(fold(title)))
    # most of the headline's words, and no link of that name to a page elsewhere (a section's)
    return (
        len(words) >= 6 and sum(w in in_title for w in words) * 4 >= len(words) * 3 and not linked_elsewhere
    )


_WORDS = re.compile(r"\w+")
_LINKS_NAMED = lxml.etree.XPath("//a[normalize-space() = $name]")
_SITE_SUFFIX = re.compile(r"\s*[-|–—]+\s")


def _find(
    root: HtmlElement,
    selectors: tuple[str, ...],
    meta: PageMeta,
    url: str,
    title: str,
    title_el: HtmlElement | None,
    regions: Regions,
    site_names: tuple[str, ...],
    body: HtmlElement | None,
) -> tuple[list[str], FieldSource | None]:
    dropdowns: Dropdowns = {}
    found = from_selectors(root, selectors, regions, dropdowns, url)
    if found:
        path = _clean_path(found[0], title, site_names)
        if path:
            if found[1] in LABELS and len(path) == 1:
                trail = _visible_trail(root, regions, dropdowns, title, site_names, url)
                if trail and len(trail[0]) > 1 and fold(trail[0][-1]) == fold(path[0]):
                    return trail  # the whole trail the section label is the end of
            return path, FieldSource("selector", found[1])
    trail = _visible_trail(root, regions, dropdowns, title, site_names, url)
    if trail:
        return trail
    path = _clean_path(meta.breadcrumb, title, site_names)
    if path:
        return path, FieldSource("jsonld", "BreadcrumbList")
    if meta.section:
        path = _clean_path(re.split(r"\s*,\s*", meta.section), title, site_names)
        if path:
            source = meta.section_source or "article:section"
            return path, FieldSource("jsonld" if source == "articleSection" else "meta", source)
    shown = _section_property(root, regions)
    if shown:
        path = _clean_path([shown[0]], title, site_names)
        if path:
            return path, FieldSource("generic", shown[1])
    blocks = _near_title(title_el) if title_el is not None else []
    here = _segments(url, url)
    wanted = {here[1][:n] for n in range(1, len(here[1]))} if here else set()
    for block in blocks:
        wanted.update(seg[1] for a in block.iter("a") if (seg := _segments(a.get("href", ""), url)))
    wanted -= {(), *_HOME_PATHS}
    menu = _Menu(root, url, body, wanted)
    beside = _section_by_title(blocks, menu, url, regions)
    if beside:
        path = _clean_path(beside, title, site_names)
        if path:
            return path, FieldSource("generic", "section link by the title")
    by_url = menu.path_for(url)
    if by_url:
        path = _clean_path(by_url[0], title, site_names)
        if path:
            return path, FieldSource("generic", "menu /" + "/".join(by_url[1]))
    marked = _marked_in_menu(root, menu, body)
    if marked:
        path = _clean_path(marked, title, site_names)
        if path:
            return path, FieldSource("generic", "menu entry marked active")
    return [], None


# Menu entries a class marks as the page's own ("active", "current", "selected"): the XPath runs
# only on a page where nothing else named the section.
_MARKED = lxml.etree.XPath(
    "//@class[contains(., 'active') or contains(., 'current') or contains(., 'selected')]/parent::*"
)
_STORY_ID = re.compile(r"\d{5,}")
_MARK_RE = re.compile(r"(?:^|[\s_-])(?:active|current|selected)(?:$|[\s_-])")


_SECTION_PROP = lxml.etree.XPath("//*[@itemprop='articleSection']")
_ITEMPROP_SECTION = (("@itemprop", "articleSection"),)


def _section_property(root: HtmlElement, regions: Regions) -> tuple[str, str] | None:
    """The section named by microdata (``itemprop="articleSection"``, its text or its content),
    where no JSON-LD or ``article:section`` named one."""
    index = INDEX.get()
    if index is None or index.may_match(_ITEMPROP_SECTION):
        for el in _SECTION_PROP(root):
            if regions.in_related(el):
                continue
            text = crumb_text(el.get("content") or text_of(el))
            if 0 < len(text) <= 40:
                return text, "microdata articleSection"
    return None


def _marked_in_menu(root: HtmlElement, menu: _Menu, body: HtmlElement | None) -> list[str] | None:
    """The site's menu entry marked as the page's own, with the entry above it when it is in a
    sub-menu (a menu that lights up the article's section): one chain of entries, or None when
    several unrelated entries are marked (a menu marking its first entry always, a slide show)."""
    links: list[HtmlElement] = []
    for el in _MARKED(root):
        if not _MARK_RE.search(el.get("class") or ""):
            continue
        a = el if el.tag == "a" else el.find("a")
        if a is None or a in links or (body is not None and is_inside(a, body)):
            continue
        seg = _segments(a.get("href", ""), menu.base)
        if seg is None or seg[0] != menu.host or not seg[1] or seg[1] in _HOME_PATHS:
            continue
        if _STORY_ID.search(seg[1][-1]) or (len(seg[1]) == 1 and len(seg[1][0]) <= 2):
            continue  # a story marked in a news ticker, a language ("/vi", "/en"), not a section
        if fold(crumb_text(text_of(a))) in SERVICE_PAGES:
            continue  # "Giới thiệu", "English": a page of the paper itself
        if _Menu._in_menu(a):
            links.append(a)
    if not links or len(links) > 3:
        return None
    chain: list[HtmlElement] = []
    for a in links:  # each marked entry inside the one before: one path down the menu
        if chain and not _under_entry(a, chain[-1]):
            return None
        chain.append(a)
    deepest = chain[-1]
    above = [p for p in ancestors(deepest) if p.tag == "li"][1:2]  # the entry whose sub-menu holds it
    parent_link = above[0].find("a") if above else None
    if parent_link is not None and parent_link not in chain and _Menu._in_menu(parent_link):
        chain.insert(0, parent_link)
    texts = [crumb_text(text_of(a)) for a in chain]
    return texts if all(0 < len(t) <= 40 for t in texts) else None


def _under_entry(a: HtmlElement, entry: HtmlElement) -> bool:
    """Whether link ``a`` is in the sub-menu of the menu entry (``li``) that ``entry`` opens."""
    li = entry.getparent()
    return li is not None and li.tag == "li" and is_inside(a, li) and a is not entry
