"""Visible breadcrumb trails: by the family's and generic selectors, by markup that names a
breadcrumb (a class or id in any letter case, schema.org microdata), and by shape (a home link,
short links and separators written between them, in a box no markup names). What the reader
sees, the whole path, as the editors filed the story.
"""

from __future__ import annotations

import re
from itertools import islice, pairwise
from urllib.parse import urlsplit

import lxml.etree

from crawler.extract.dom import HtmlElement, class_id, is_inside, text_of
from crawler.extract.regions import Regions
from crawler.extract.selectors import INDEX, select
from crawler.extract.taxonomy.common import DATE_BIT, HOME_SEGMENTS, PAGE_EXT
from crawler.textnorm import clean_text, fold

# Loose breadcrumb selectors (class contains "category"): accepted only when short and few.
_LOOSE = frozenset({"[class*=category] a", "[class*=-cate] a"})
# Selectors of a section label rather than a trail: one level, which a visible trail ending in
# it outranks (a WordPress theme's category label above the title, its breadcrumb above that).
LABELS = _LOOSE | {"a[rel~=category]"}
# Always a home link, wherever it stands in a trail.
HOME_STRICT = frozenset({"trang chu", "home", "trang nhat", "homepage", "trang chinh"})
# Every element a class or id of which names a breadcrumb, in any letter case ("breadCrumb").
# (Tests of the attribute nodes: libxml2 runs them on the few elements that have the attribute.)
# "crumb" alone too: WordPress themes name the box "entry-crumbs" or "td-crumb-container".
_CRUMB_BOXES = lxml.etree.XPath(
    "//@class[contains(., 'crumb') or contains(., 'Crumb') or contains(., 'CRUMB')]/parent::*"
    " | //@id[contains(., 'crumb') or contains(., 'Crumb')]/parent::*"
)
# What a class or id, or an itemtype, of such a box holds: a page whose index (every class, id
# and attribute value) has none is not searched (each XPath costs 0.05-0.7 ms on a page).
_CRUMB_WORDS = ("crumb", "Crumb", "CRUMB")
_CRUMB_ITEMTYPE = (("@itemtype", "Breadcrumb"),)
# schema.org (and the older data-vocabulary.org) breadcrumb microdata.
_CRUMB_MICRODATA = lxml.etree.XPath(
    "//@itemtype[contains(., 'BreadcrumbList')]/parent::*"
    " | //@itemtype[contains(., 'data-vocabulary.org/Breadcrumb')]/parent::*/parent::*"
)


def crumb_text(item: str) -> str:
    """A crumb without the separators a trail glues to it ("Kinh tế »", "/ Xã hội")."""
    return clean_text(item).strip(" >»/|›:-–")


def from_selectors(
    root: HtmlElement, selectors: tuple[str, ...], regions: Regions, dropdowns: Dropdowns, url: str = ""
) -> tuple[list[str], str] | None:
    """The first selector giving a short trail; a later one giving a longer trail that begins
    with the same crumbs wins (a family's ``[data-role=cate-name]`` names only the first crumb of
    Báo Chính phủ's two)."""
    best: tuple[list[str], str] | None = None
    for css in selectors:
        hits = (el for el in select(root, css) if not (el.tag == "a" and _in_dropdown(el, dropdowns)))
        if css in _LOOSE:  # four hits are too many: the rest need no test (~120 on nld.com.vn)
            els = list(islice((el for el in hits if not regions.in_related(el)), 4))
            if len(els) > 3 or any(len(text_of(el)) > 40 for el in els):
                continue
            if len(els) > 1:
                dropped = submenu_links(els, url)
                els = [el for el in els if el not in dropped]
        else:
            els = list(hits)
        if not els:
            continue
        els = [el for el in els if not (el.tag == "a" and _is_root_link(el))]
        found = [t for t in (crumb_text(text_of(el)) for el in els) if t]
        if len(found) > 1 and len({fold(t) for t in found}) < len(found) and " " in css:
            found = _one_trail(root, css, els) or found
        if not 0 < len(found) <= 8:
            continue
        if best is None or (
            len(found) > len(best[0])
            and [fold(x) for x in found[: len(best[0])]] == [fold(x) for x in best[0]]
        ):
            best = (found, css)
        if len(best[0]) > 1:
            break  # a whole trail: nothing longer to wait for
    return best


def _is_root_link(a: HtmlElement) -> bool:
    """A link to the site's home page ("/", "https://host/", "/index.html"), whatever it reads
    ("Báo điện tử Tỉnh Mới", "BTM Online"): a trail's home crumb, no section."""
    href = (a.get("href") or "").strip()
    if not href.startswith(("/", "http://", "https://", "./")) or "?" in href:
        return False  # a query names a section on old sites ("/?cat=5", "/index.php?catid=3")
    segs = _link_path(href)
    return not segs or (len(segs) == 1 and segs[0] in HOME_SEGMENTS) or segs == (".",)


_ACTIVE_RE = re.compile(r"active|current|selected")
_WRITTEN_GLUE = re.compile(r"[»›>/|]")


def _link_path(href: str) -> tuple[str, ...]:
    path = urlsplit(href.strip()).path.lower()
    return tuple(s for s in PAGE_EXT.sub("", path.rstrip("/")).split("/") if s)


def submenu_links(links: list[HtmlElement], url: str = "") -> set[HtmlElement]:
    """The links of a list of sub-sections among a section label's links ("KINH TẾ" over
    "Nông nghiệp", "Doanh nghiệp"): two or more links to sections under one section, with no
    separator written between the links (a trail's crumbs go down one path). The one marked as
    the page's own ("active", "current") or above the article's URL stays: it is the article's
    sub-section."""
    groups: dict[tuple[str, ...], list[HtmlElement]] = {}
    for a in links:
        segs = _link_path(a.get("href") or "")
        if len(segs) >= 2:
            groups.setdefault(segs[:-1], []).append(a)
    siblings = [a for group in groups.values() if len(group) >= 2 for a in group]
    if not siblings:
        return set()
    box = siblings[0].getparent()
    while box is not None and not all(is_inside(a, box) for a in links):
        box = box.getparent()
    glue = text_of(box) if box is not None else ""
    for a in links:
        glue = glue.replace(text_of(a), " ", 1)
    if _WRITTEN_GLUE.search(glue):
        return set()
    here = _link_path(url) if url else ()
    return {a for a in siblings if not _marked_own(a, here)}


def _marked_own(a: HtmlElement, here: tuple[str, ...]) -> bool:
    """A sub-section link marked as the page's own, or a section of the article's URL path."""
    parent = a.getparent()
    marks = class_id(a) + " " + (class_id(parent) if parent is not None else "")
    segs = _link_path(a.get("href") or "")
    return bool(_ACTIVE_RE.search(marks)) or (0 < len(segs) < len(here) and here[: len(segs)] == segs)


def _one_trail(root: HtmlElement, css: str, els: list[HtmlElement]) -> list[str] | None:
    """The longest of several trails one selector finds (a phone's short trail and a desktop's
    whole one, both on the page): its hits grouped by the nearest box the selector's first part
    names ("``.breadcrumb``" of "``.breadcrumb a``"); None when they share one box."""
    boxes = set(select(root, css.rsplit(" ", 1)[0]))
    groups: dict[int, list[str]] = {}
    for el in els:
        box = next((a for a in el.iterancestors() if a in boxes), None)
        text = crumb_text(text_of(el))
        if text:
            groups.setdefault(id(box), []).append(text)
    if len(groups) < 2:
        return None
    return max(groups.values(), key=lambda g: len({fold(t) for t in g}))


# Whether the walk up from a box, with or without an ``li`` passed on the way, ends in a
# drop-down: the links of one list share their boxes, and a loose breadcrumb selector's hits
# can be the whole menu (~120 links, ~10 boxes up each, on nld.com.vn).
Dropdowns = dict[tuple[HtmlElement, bool], bool]


# A box of sub-sections that a crumb opens ("sub-nav", "sub-cat", "children").
_SUB_LIST = re.compile(r"sub-?(?:nav|cat)|children")


def _in_dropdown(a: HtmlElement, known: Dropdowns) -> bool:
    """A link of a drop-down list nested in a crumb (an ``li`` inside an ``li``, or a box whose
    class says drop-down, menu or sub-sections)."""
    walked: list[tuple[HtmlElement, bool]] = []
    node, seen_li, result = a.getparent(), False, False
    while node is not None:
        if (node, seen_li) in known:
            result = known[node, seen_li]
            break
        walked.append((node, seen_li))
        ci = class_id(node)
        if "drop" in ci or "bread" in ci or "menu" in ci or (ci and _SUB_LIST.search(ci)):
            result = "drop" in ci or "bread" not in ci  # a drop-down; else the crumb's own box; else a menu
            break
        if node.tag == "li":
            if seen_li:
                result = True
                break
            seen_li = True
        node = node.getparent()
    known.update(dict.fromkeys(walked, result))
    return result


def markup_trail(root: HtmlElement, regions: Regions, dropdowns: Dropdowns) -> tuple[list[str], str] | None:
    """A breadcrumb box the selectors missed: microdata ``BreadcrumbList`` (or data-vocabulary
    ``Breadcrumb``), or a class/id naming a breadcrumb in any letter case. The first box's trail,
    unless a later one is longer and ends in the same crumb (a phone's trail, then a desktop's)."""
    index = INDEX.get()
    best: tuple[list[str], str] | None = None
    for name, boxes, on_page in (
        ("microdata BreadcrumbList", _CRUMB_MICRODATA, index is None or index.may_match(_CRUMB_ITEMTYPE)),
        ("breadcrumb markup", _CRUMB_BOXES, index is None or any(w in index.joined for w in _CRUMB_WORDS)),
    ):
        for box in boxes(root) if on_page else ():
            ci = class_id(box)
            if regions.in_related(box) and "bread" not in ci and not ("rumb" in ci and _in_nav(box, regions)):
                continue
            names = []
            if name.startswith("microdata"):
                names = [el for el in box.iter() if el.get("itemprop") in ("name", "title")]
            crumbs = names or [
                a for a in box.iter("a") if not (_in_dropdown(a, dropdowns) or _is_root_link(a))
            ]
            texts = [text_of(el) for el in crumbs] if crumbs else _unlinked_crumbs(box)
            texts = [t for t in (crumb_text(x) for x in texts) if t]
            if 0 < len(texts) <= 8 and all(len(t) <= 60 for t in texts):
                if best is None:
                    best = (texts, name)
                elif len(texts) > len(best[0]) and fold(texts[-1]) == fold(best[0][-1]):
                    best = (texts, name)  # a desktop's whole trail after a phone's short one
        if best is not None:
            return best
    return None


_CRUMB_SEP = re.compile(r"\s+[»›>/|]\s+|\s*[»›]\s*")


def _unlinked_crumbs(box: HtmlElement) -> list[str]:
    """The crumbs of a trail written without links: its list items or spans (leaves only), else
    its text parted at the separators ("Trang chủ / Kinh tế / Nông nghiệp")."""
    leaves = [el for el in box.iter("li", "span") if el is not box and el.find(".//li") is None]
    leaves = [el for el in leaves if el.find(".//span") is None]
    texts = [t for t in map(text_of, leaves) if t and not _TRAIL_GLUE.fullmatch(t) and not DATE_BIT.search(t)]
    if len(texts) < 2:
        text = text_of(box)
        texts = [t for t in _CRUMB_SEP.split(text) if not DATE_BIT.search(t)] if len(text) <= 200 else []
    return texts if len(texts) >= 2 else []


# Home links by their text (XPath prefilter: a link whose text starts "Trang chủ"/"Home", in the
# letter cases pages use; the fold test after it decides), or drawn as an icon: no text, and an
# address that is the site's root ("/", "./", "https://host/"; substring-after gives "" both when
# nothing follows the host's "/" and when there is no "/" after it).
_HOME_LINKS = lxml.etree.XPath(
    "//a[starts-with(normalize-space(), 'Trang chủ') or starts-with(normalize-space(), 'TRANG CHỦ')"
    " or starts-with(normalize-space(), 'Trang Chủ') or starts-with(normalize-space(), 'Home')"
    " or starts-with(normalize-space(), 'HOME')"
    " or (normalize-space() = '' and (@href = '/' or @href = './' or (starts-with(@href, 'http')"
    " and substring-after(substring-after(@href, '//'), '/') = '')))]"
)
# What a trail shows between its links: separators only ("Trang chủ » Kinh tế » Nông nghiệp").
_TRAIL_GLUE = re.compile(r"[\s»›>/|·•:–-]*")


def _in_nav(box: HtmlElement, regions: Regions) -> bool:
    """Whether a box is related only by a ``nav`` element it is, or sits in (HTML5 puts a
    breadcrumb in ``<nav>``, as a menu): the trail's own tests tell which it is."""
    node: HtmlElement | None = box
    while node is not None:
        if regions.own_related(node):
            if node.tag != "nav":
                return False
            parent = node.getparent()
            return parent is None or not regions.in_related(parent)
        node = node.getparent()
    return False


def shaped_trail(root: HtmlElement, regions: Regions, url: str = "") -> list[str] | None:
    """A trail no markup names (``<div class="path">``, ``<p class="duong-dan">``): a small box
    that starts with the home link, holds two to eight short links and, between them, nothing but
    separators, at least one of them written out (a menu starts with "Trang chủ" too, but its
    entries stand apart without "»" or "/" between them)."""
    for home in _HOME_LINKS(root):
        home_text = text_of(home)
        if home_text and fold(home_text) not in HOME_STRICT:
            continue
        box = _trail_box(home)
        if (
            box is None
            or box.tag in ("body", "html")
            or (regions.in_related(box) and not _in_nav(box, regions))
        ):
            continue
        links = list(box.iter("a"))
        if not 2 <= len(links) <= 8 or links[0] is not home:
            continue
        texts = [text_of(a) for a in links]
        glue = text_of(box)
        for text in texts:
            glue = glue.replace(text, " ", 1) if text else glue
        glue, last = _unlinked_end(glue)
        nested = _nested([a.get("href") or "" for a in links[1:]])
        # After an icon, separators are not enough: a toolbar ("🏠 | Video | Ảnh") has them too,
        # and only a trail's links go down one path.
        written = (bool(glue.strip()) or nested or _icon_separators(box, len(links))) if home_text else nested
        shown = texts if home_text else texts[1:]  # an icon's crumb has no name to keep
        if all(0 < len(t) <= 40 for t in shown) and shown and _TRAIL_GLUE.fullmatch(glue) and written:
            if _toolbar(texts[1:], links[1:], url):
                continue
            if len(links) > 4 and not nested and regions.in_related(box):
                continue  # a menu in a <nav>: five entries side by side are no trail
            return [*texts, last] if last else texts
    return None


_ICON_TAGS = frozenset({"i", "span", "img", "svg", "em"})


def _icon_separators(box: HtmlElement, links: int) -> bool:
    """Separators drawn as icons between the links ("<i class='fa fa-angle-right'>", an arrow
    image): an empty inline element outside the links, one between each two of them."""
    icons = 0
    for el in box.iter(*_ICON_TAGS):
        if text_of(el) or el.find(".//a") is not None or any(p.tag == "a" for p in el.iterancestors()):
            continue
        if el.getparent() is not None and el.getparent().tag in _ICON_TAGS:
            continue  # an icon's own parts
        icons += 1
    return links - 1 <= icons <= links + 1


# Pages of the paper itself, not sections: the links of a header's tool bar ("Trang chủ |
# Giới thiệu | Liên hệ"), folded.
SERVICE_PAGES = frozenset(
    {"gioi thieu", "lien he", "quang cao", "so do trang", "so do site", "sitemap", "rss", "dang nhap"}
    | {"dang ky", "toa soan", "dat bao", "bao in", "e-paper", "epaper", "english", "tuyen dung"}
    | {"hop thu", "lien he quang cao", "ve chung toi", "contact", "about", "login", "tieng anh"}
    | {"tieng viet", "vietnamese"}
)


def _toolbar(texts: list[str], links: list[HtmlElement], url: str) -> bool:
    """Whether links after a home link are a tool bar rather than a trail: one names a page of
    the paper itself ("Giới thiệu", "Liên hệ"), or the article's URL lies in a section and none
    of the links leads to a section above it."""
    if any(fold(t) in SERVICE_PAGES for t in texts):
        return True
    here = _link_path(url) if url else ()
    sections = [
        seg for seg in here[:-1] if seg not in _NO_SECTION_SEGMENTS and _SECTION_SEGMENT.fullmatch(seg)
    ]
    if not sections or _nested([a.get("href") or "" for a in links]):
        return False  # no section in the URL to check the links against, or links down one path
    paths = [_link_path(a.get("href") or "") for a in links]
    return not any(0 < len(p) < len(here) and here[: len(p)] == p for p in paths)


# URL segments before the article's that name no section ("/bai-viet/123456", "/tin-tuc/...").
_NO_SECTION_SEGMENTS = frozenset(
    {"bai-viet", "baiviet", "tin-tuc", "tintuc", "news", "article", "articles", "post", "posts"}
    | {"chi-tiet", "chitiet", "detail", "details", "content", "view", "tin", "pages", "amp"}
)
_SECTION_SEGMENT = re.compile(r"[a-z][a-z-]{3,}")


# The last crumb written as text after a separator ("... / <span>Giáo dục</span>"): the page
# the reader is on, which trails often leave unlinked.
_UNLINKED_END = re.compile(r"[»›>/|]\s*(?P<last>[^»›>/|]{2,40}?)\s*$")


def _unlinked_end(glue: str) -> tuple[str, str]:
    """The glue without a last crumb written as text, and that crumb ("" when there is none)."""
    m = _UNLINKED_END.search(glue)
    if m is None or not any(c.isalpha() for c in m.group("last")):
        return glue, ""
    return glue[: m.start("last")], m.group("last")


def _trail_box(home: HtmlElement) -> HtmlElement | None:
    """The box of the trail a home link starts: above the wrappers that hold that link alone (an
    ``li``, a ``span`` per crumb in WordPress themes), at most two levels up."""
    box = home.getparent()
    for _ in range(2):
        if box is None or box.tag in ("body", "html"):
            return box
        if box.tag != "li" and sum(1 for _ in box.iter("a")) > 1:
            return box
        box = box.getparent()
    return box


def _nested(hrefs: list[str]) -> bool:
    """Whether the links after the home link go down one path, each a section of the one before
    ("/xa-hoi/", "/xa-hoi/giao-duc/"): a trail whose separators are drawn by CSS or icons. A
    menu's entries stand side by side ("/xa-hoi/", "/kinh-te/")."""
    paths = []
    for href in hrefs:
        path = urlsplit(href.strip()).path.lower()
        segs = [s for s in PAGE_EXT.sub("", path.rstrip("/")).split("/") if s]
        if not segs:
            return False
        paths.append(segs)
    return len(paths) >= 2 and all(len(a) < len(b) and b[: len(a)] == a for a, b in pairwise(paths))
