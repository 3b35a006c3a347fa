"""Category path and tags, each returned with where it was read (a ``FieldSource``).

``find_categories`` (the path; ``category`` is its last item). Order of evidence, and why:

1. the visible breadcrumb: family (and registry) selectors, then generic ones, then breadcrumb
   markup they miss (schema.org/data-vocabulary microdata, a class naming a breadcrumb in any
   letter case). It is what the reader sees, the whole path, as the editors filed the story;
2. JSON-LD ``BreadcrumbList``: the same trail written for machines, but sometimes stale or
   generic (only "Trang chủ"), so it yields to the visible one;
3. JSON-LD ``articleSection``, then ``article:section``: one level, often a code or a placeholder
   ("News"), so only when no trail exists;
4. the section label beside the headline (a link to one of the menu's sections, or a box whose
   class names a category): visible, but one level and found by position, not by markup;
5. the site's own menu, by URL path: the entry whose link path is the longest prefix of the
   article's path on the same host (never the home link), with the entries of the shorter
   prefixes before it. It names the section in the site's own words when the page shows none,
   but an article filed outside its URL's section would be misnamed by it, so a breadcrumb, when
   there is one, is kept.

Crumbs drop "Trang chủ"/"Home", the article's own title and the paper's own name; a generic
word ("Tin tức", "News") only when it stands first (it is a real section under "Sức khỏe").

``find_tags``: the tag block the page shows near the article (family selectors; generic tag
boxes; a block labelled "Từ khóa", "Từ khoá", "Tags", "Tag", "Chủ đề", "Keywords"; a box whose
class names tags; tag links found by their URL). Metadata is not tags: neither meta keywords
(an SEO list) nor ``article:tag`` (often the same list, or a desk's routing words such as "Tin
nóng"); the item schema's tags are what the page shows as tags, and a page that shows none has
none. Every tag is its own string, without a leading "#".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import unquote, urljoin, urlsplit

import lxml.etree

from crawler.extract.dom import HtmlElement, ancestors, class_id, is_inside, text_of, text_upto
from crawler.extract.meta import PageMeta
from crawler.extract.record import FieldSource
from crawler.extract.regions import Regions, related_class
from crawler.extract.selectors import select
from crawler.textnorm import clean_text, fold

# Loose breadcrumb selectors (class contains "category"): accepted only when short and few.
_LOOSE = frozenset({"[class*=category] a", "[class*=-cate] a"})


def _sentence_case(text: str) -> str:
    if any(c.islower() for c in text) or "." in text or len(text) <= 4:
        return text
    return text[:1] + text[1:].lower()


def _clean_tag(tag: str) -> str:
    return clean_text(tag).lstrip("#").strip(" ,;")


_TAG_ITEMS = ("a", "span", "li", "strong", "b")


def _tag_items(el: HtmlElement) -> list[str]:
    """Tags of one hit: a link is one tag; a box gives its links/spans/items (leaves only)."""
    if el.tag == "a":
        return [text_of(el)]
    items = [
        x
        for x in el.iter(*_TAG_ITEMS)
        if x is not el and not any(c.tag in _TAG_ITEMS for c in x.iterdescendants())
    ]
    if items:
        return [text_of(x) for x in items]
    return re.split(r"\s*[,;]\s*", text_of(el))


def follows(el: HtmlElement, ref: HtmlElement) -> bool:
    """Whether ``el`` comes after ``ref`` in document order."""
    chain_ref = [ref, *ancestors(ref)]
    ids = {id(n): i for i, n in enumerate(chain_ref)}
    prev, node = el, el.getparent()
    if id(el) in ids:
        return False
    while node is not None and id(node) not in ids:
        prev, node = node, node.getparent()
    if node is None:
        return False
    ref_child = chain_ref[ids[id(node)] - 1] if ids[id(node)] > 0 else node
    if ref_child is node:  # el is inside ref
        return True
    return node.index(prev) > node.index(ref_child)


# -- find_categories / find_tags: the category path and the tags, each with where it came from ---
#
# (The two functions above are the previous API, kept until article.py calls these.)

# Always a home link, wherever it stands in a trail.
_HOME_STRICT = frozenset({"trang chu", "home", "trang nhat", "homepage", "trang chinh"})
# Generic words: the root of a trail ("Tin tức › Kinh doanh") or a CMS's placeholder section
# ("News"), but a real section further down ("Sức khỏe › Tin tức" on VnExpress).
_GENERIC_WORDS = frozenset({"news", "tin tuc", "article", "bai viet", "tin", "tin tuc 24h"})
# Every element a class or id of which names a breadcrumb, in any letter case ("breadCrumb").
# (Tests of the attribute nodes: libxml2 runs them on the few elements that have the attribute.)
_CRUMB_BOXES = lxml.etree.XPath(
    "//@class[contains(., 'readcrumb') or contains(., 'readCrumb') or contains(., 'READCRUMB')"
    " or contains(., 'read-crumb')]/parent::*"
    " | //@id[contains(., 'readcrumb') or contains(., 'readCrumb')]/parent::*"
)
# schema.org (and the older data-vocabulary.org) breadcrumb microdata.
_CRUMB_MICRODATA = lxml.etree.XPath(
    "//@itemtype[contains(., 'BreadcrumbList')]/parent::*"
    " | //@itemtype[contains(., 'data-vocabulary.org/Breadcrumb')]/parent::*/parent::*"
)
_MENU_RE = re.compile(r"menu|(?:^|[\s_-])nav|navbar|navigation|^nav|header")
# A sidebar, widget or aside holds lists of sections too, but they are not the site's menu.
# A side column ("sidebar", "col-right", a class that is just "widget"; not "c-widget-tags", the
# OneCMS tag box under the article).
_SIDE_RE = re.compile(
    r"sidebar|side-bar|(?:^|\s)(?:aside|widgets?)(?:$|\s)|cot-?phai|cot-?trai|col-?right|right-?col"
)
# A class naming a section label ("detail-cate", "categories1", "sub_cate", "chuyen-muc").
_CATE_RE = re.compile(r"cate|chuyen-?muc|chuyenmuc|breadcrumb|kicker")
_PAGE_EXT = re.compile(r"\.(?:html?|aspx?|php|chn|shtml|jsp|vnn)$", re.IGNORECASE)
_HOME_SEGMENTS = frozenset({"index", "default", "home", "trang-chu", "trangchu"})


def _crumb_text(item: str) -> str:
    return clean_text(item).strip(" >»/|›:-–")


def _clean_path(path: list[str], title: str, site_names: tuple[str, ...]) -> list[str]:
    """Crumbs without home links, the article's own title and the paper's own name; a generic
    word ("Tin tức", "News") only once a real section stands before it."""
    names = {fold(n).replace(" ", "") for n in site_names if n}
    out: list[str] = []
    for raw in path:
        item = _crumb_text(raw)
        key = fold(item)
        if not item or len(item) > 60 or key in _HOME_STRICT or key == fold(title):
            continue
        if not out and key in _GENERIC_WORDS:
            continue
        if key.replace(" ", "") in names:
            continue  # the paper's own name as a crumb ("Dân trí" on dantri.com.vn)
        item = _sentence_case(item)
        if item not in out:
            out.append(item)
    return out


def _from_selectors(
    root: HtmlElement, selectors: tuple[str, ...], regions: Regions
) -> tuple[list[str], str] | None:
    """The first selector giving a short trail; a later one giving a longer trail that begins
    with the same crumbs wins (a family's ``[data-role=cate-name]`` names only the first crumb of
    Báo Chính phủ's two)."""
    best: tuple[list[str], str] | None = None
    for css in selectors:
        els = [el for el in select(root, css) if not (el.tag == "a" and _in_dropdown(el))]
        if css in _LOOSE:
            els = [el for el in els if not regions.in_related(el)]
            if len(els) > 3 or any(len(text_of(el)) > 40 for el in els):
                continue
        found = [t for t in (_crumb_text(text_of(el)) for el in els) if t]
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


def _in_dropdown(a: HtmlElement) -> bool:
    """A link of a drop-down list nested in a crumb (an ``li`` inside an ``li``, or a box whose
    class says drop-down or menu)."""
    seen_li = False
    for anc in ancestors(a):
        ci = class_id(anc)
        if "drop" in ci:
            return True
        if "bread" in ci:
            return False
        if "menu" in ci:
            return True
        if anc.tag == "li":
            if seen_li:
                return True
            seen_li = True
    return False


def _markup_trail(root: HtmlElement, regions: Regions) -> tuple[list[str], str] | None:
    """A breadcrumb box the selectors missed: microdata ``BreadcrumbList`` (or data-vocabulary
    ``Breadcrumb``), or a class/id naming a breadcrumb in any letter case."""
    for name, boxes in (("microdata BreadcrumbList", _CRUMB_MICRODATA), ("breadcrumb markup", _CRUMB_BOXES)):
        for box in boxes(root):
            if regions.in_related(box) and "bread" not in class_id(box):
                continue
            links = [a for a in box.iter("a") if not _in_dropdown(a)]
            if name.startswith("microdata"):
                names = [el for el in box.iter() if el.get("itemprop") in ("name", "title")]
                texts = [text_of(el) for el in names] or [text_of(a) for a in links]
            else:
                texts = [text_of(a) for a in links]
            texts = [t for t in (_crumb_text(x) for x in texts) if t]
            if 0 < len(texts) <= 8 and all(len(t) <= 60 for t in texts):
                return texts, name
    return None


def _host(netloc: str) -> str:
    host = netloc.lower().split("@")[-1].split(":")[0]
    return host[4:] if host.startswith("www.") else host


def _segments(href: str, base: str) -> tuple[str, tuple[str, ...]] | None:
    """(host, path segments) of a link, the page extension cut from the last segment; None for
    a link that is not a page path (``javascript:``, ``#``, a query)."""
    href = (href or "").strip()
    if not href or href[0] == "#" or "?" in href or href.startswith(("javascript:", "mailto:", "tel:")):
        return None
    href = href.split("#", 1)[0]
    if href[0] == "/" and href[1:2] != "/":  # most menu links: a path on this host, no parsing
        host, path = _host(urlsplit(base).netloc) if base else "", href
    else:
        try:
            parts = urlsplit(urljoin(base, href))
        except ValueError:
            return None
        if parts.scheme not in ("http", "https"):
            return None
        host, path = _host(parts.netloc), parts.path
    if "%" in path:
        path = unquote(path)
    segs = [s for s in path.lower().split("/") if s]
    if segs:
        segs[-1] = _PAGE_EXT.sub("", segs[-1])
    return host, tuple(s for s in segs if s)


class _Menu:
    """The site's navigation links on this page: path segments -> the entry's text."""

    def __init__(
        self, root: HtmlElement, url: str, body: HtmlElement | None, wanted: set[tuple[str, ...]]
    ) -> None:
        """Only the entries of the paths in ``wanted`` are read (the prefixes of the article's
        path, the links beside the title): a menu has hundreds of links."""
        self.entries: dict[tuple[str, ...], str] = {}
        here = _segments(url, url)
        self.host = here[0] if here else ""
        if not wanted:
            return
        keys = {w[-1] for w in wanted}
        for a in root.iter("a"):
            href = a.get("href")
            if not href or not any(k in href.lower() for k in keys):
                continue  # cheap test first: most links of a page are stories, not sections
            seg = _segments(href, url)
            if seg is None or seg[0] != self.host or seg[1] not in wanted or seg[1] in self.entries:
                continue
            if (body is not None and is_inside(a, body)) or not self._in_menu(a):
                continue
            text = _crumb_text(text_of(a) or a.get("title") or "")
            if text and len(text) <= 40 and fold(text) not in _HOME_STRICT:
                self.entries[seg[1]] = text

    @staticmethod
    def _in_menu(a: HtmlElement) -> bool:
        """Inside a navigation element (``nav``, ``header``, a class or id naming a menu or a
        navigation bar), and not inside a sidebar, aside or widget."""
        menu = False
        for node in ancestors(a):
            if node.tag == "aside":
                return False
            ci = class_id(node)
            if ci and _SIDE_RE.search(ci):
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


_HOME_PATHS = frozenset((s,) for s in _HOME_SEGMENTS)


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


def _section_by_title(blocks: list[HtmlElement], menu: _Menu, url: str, regions: Regions) -> list[str] | None:
    """The section label beside the headline: up to three links to menu sections (or links, or a
    bare label, in a box whose class names a category), in a block next to the title."""
    for block in blocks:
        if regions.in_related(block) and not _CATE_RE.search(class_id(block)):
            continue
        cate_box = bool(_CATE_RE.search(class_id(block)))
        picked: list[str] = []
        links = list(block.iter("a"))
        if len(links) > 12:
            continue
        for a in links:
            text = _crumb_text(text_of(a))
            if not text or len(text) > 40:
                continue
            seg = _segments(a.get("href", ""), url)
            if seg is None or seg[0] != menu.host or not seg[1] or seg[1] in _HOME_PATHS:
                continue
            own = class_id(a) + " " + class_id(a.getparent())
            if seg[1] in menu.entries or cate_box or _CATE_RE.search(own):
                picked.append(text)
        if 0 < len(picked) <= 3:
            return picked
        if cate_box and not picked:  # a bare label: "<div class=categories1><span>Chính trị</span>"
            first = next((c for c in block if isinstance(c.tag, str)), None)
            text = _crumb_text(block.text or "") or (text_of(first) if first is not None else "")
            if text and len(text) <= 40 and (first is None or first.tag != "a"):
                return [text]
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
    where it was read.

    Order of evidence, strongest first:

    1. the visible breadcrumb, by the family's (and generic) selectors, then by common breadcrumb
       markup they miss (schema.org ``BreadcrumbList`` microdata, a class naming a breadcrumb in
       any letter case): it is what the reader sees, the whole path, written by the editors;
    2. JSON-LD ``BreadcrumbList``: the same trail, for machines; it can be stale or generic
       (some CMSs emit "Trang chủ" only), so the visible one goes first;
    3. JSON-LD ``articleSection``, then ``article:section``: one level, often a code or a
       placeholder ("News"), so only when no trail exists;
    4. the section label beside the headline (a link to a menu section, or a box whose class
       names a category): visible, but one level and found by position, not by markup;
    5. the menu by URL path: the site's own navigation entry whose link path is the longest
       prefix of the article's path (same host; the home link never counts), with the entries
       of the shorter prefixes before it. It names a section by the site's own words when the
       page shows no trail, but says nothing of an article filed outside its URL's section, so
       it comes last; a breadcrumb, when there is one, is kept.
    """
    found = _from_selectors(root, selectors, regions)
    if found:
        path = _clean_path(found[0], title, site_names)
        if path:
            return path, FieldSource("selector", found[1])
    markup = _markup_trail(root, regions)
    if markup:
        path = _clean_path(markup[0], title, site_names)
        if path:
            return path, FieldSource("generic", markup[1])
    path = _clean_path(meta.breadcrumb, title, site_names)
    if path:
        return path, FieldSource("jsonld", "BreadcrumbList")
    if meta.section:
        path = _clean_path(re.split(r"\s*,\s*", meta.section), title, site_names)
        if path:
            source = meta.section_source or "article:section"
            return path, FieldSource("jsonld" if source == "articleSection" else "meta", source)
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
    return [], None


# Labels of a tag block, folded: "Từ khóa:", "Tags", "Chủ đề", "Xem thêm chủ đề:" (24h).
_LABEL_RE = re.compile(r"^(?:xem them )?(?:tu khoa|tags?|chu de|keywords?)(?: lien quan)?\s*:?$")
# Elements holding a short text with a label word in it (checked with ``_LABEL_RE`` after).
_LABEL_CANDIDATES = lxml.etree.XPath(
    ".//text()[string-length(.) < 60][contains(., 'khóa') or contains(., 'khoá')"
    " or contains(., 'KHÓA') or contains(., 'KHOÁ')"
    " or contains(., 'ag') or contains(., 'AG') or contains(., 'eyword') or contains(., 'EYWORD')"
    " or contains(., 'đề') or contains(., 'ĐỀ')]/parent::*"
)
# Elements whose class names a tag box: a class token that starts with tag/keyword/tu-khoa.
_TAG_CLASS_BOXES = lxml.etree.XPath(
    ".//@class[contains(., 'tag') or contains(., 'Tag') or contains(., 'keyword') or contains(., 'Keyword')"
    " or contains(., 'khoa') or contains(., 'Khoa')]/parent::*"
)
_TAG_CLASS_RE = re.compile(r"(?:^|[\s_-])(?:tags?|keywords?|tu-?khoa|hashtags?)|tags?(?:$|[\s_-])")
# A box of the whole site's tags (a cloud, "hot" or trending topics), not the article's.
_CLOUD_RE = re.compile(r"cloud|hot|trend|popular|noi-?bat|xu-?huong|featured|top-?tag")


def _labels(fold_text: str) -> bool:
    return bool(_LABEL_RE.match(fold_text.strip()))


def _is_cloud(el: HtmlElement, stop: HtmlElement | None) -> bool:
    for node in [el, *ancestors(el)]:
        if node is stop:
            return False
        ci = class_id(node)
        if ci and _CLOUD_RE.search(ci):
            return True
    return False


def _split_items(text: str) -> list[str]:
    return [t for t in re.split(r"\s*[,;]\s*", text) if t]


def _block_tags(block: HtmlElement, label: HtmlElement | None, page_host: str) -> list[str]:
    """Tags of a block: its links (each one tag), else its list items/spans, else its text split
    at commas; without the label."""
    links = [a for a in block.iter("a") if label is None or not is_inside(a, label)]
    if links:
        return [text_of(a) for a in links if _tag_link(a, page_host)]
    items = [
        x
        for x in block.iter(*_TAG_ITEMS)
        if x is not block
        and (label is None or not (is_inside(x, label) or is_inside(label, x)))
        and not any(c.tag in _TAG_ITEMS for c in x.iterdescendants())
    ]
    if items:
        return [t for x in items for t in _split_items(text_of(x))]
    text = text_of(block)
    if label is not None:
        head = text_of(label)
        text = text[len(head) :] if text.startswith(head) else text
    return _split_items(text)


def _tidy(texts: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for t in texts:
        t = _clean_tag(t)
        key = t.casefold()
        if not t or len(t) > 80 or key in seen or _labels(fold(t)):
            continue
        seen.add(key)
        out.append(t)
    return out


def _same_site(host: str, page_host: str) -> bool:
    """Same site: one host under the other, or the same registrable name (news.zing.vn, zing.vn)."""

    def base(h: str) -> str:
        labels = h.split(".")
        n = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL else 2
        return ".".join(labels[-n:])

    return not host or not page_host or base(host) == base(page_host)


_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "info", "biz", "co", "ac", "int", "health"})


def _tag_link(a: HtmlElement, page_host: str) -> bool:
    """A link that can be a tag: a page of the site (a tag, topic or search page), not a share
    button, a script or another site."""
    href = (a.get("href") or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return False
    if href.startswith(("http://", "https://", "//")):
        return _same_site(_host(urlsplit(href if "//" in href[:8] else "http:" + href).netloc), page_host)
    return True


def _items(el: HtmlElement, page_host: str) -> list[str]:
    """Tags of one hit: a link is one tag; a box gives its links, spans or list items (leaves
    only; links to other sites left out), else its text split at commas."""
    if el.tag == "a":
        return [text_of(el)] if _tag_link(el, page_host) else []
    foreign = [a for a in el.iter("a") if not _tag_link(a, page_host)]
    if not foreign:
        return _tag_items(el)
    return [
        text_of(x)
        for x in el.iter(*_TAG_ITEMS)
        if x is not el
        and not any(c.tag in _TAG_ITEMS for c in x.iterdescendants())
        and not any(is_inside(x, a) for a in foreign)
    ]


def _labelled_block(
    around: HtmlElement,
    usable: Callable[[HtmlElement, bool], bool],
    accept: Callable[[list[str]], list[str]],
    page_host: str,
) -> tuple[list[str], FieldSource] | None:
    """A block labelled "Từ khóa:", "Tags", "Chủ đề" ...: the label's box, or the box one or two
    levels up, whose links (or items, or comma-separated text) are the tags."""
    for el in _LABEL_CANDIDATES(around):
        raw = text_of(el)
        head = clean_text(el.text or "")
        if len(raw) <= 40 and _labels(fold(raw)):
            label, block = el, el.getparent()
        elif _labels(fold(head)):
            label, block = None, el  # "Tags: <a>..</a>": the label is the box's own text
        else:
            continue
        for _ in range(3):
            if block is None or block.tag in ("body", "html") or not usable(block, True):
                break
            got = accept(_block_tags(block, label, page_host))
            if got:
                name = clean_text(label.text or raw if label is not None else head).rstrip(" :")
                return got, FieldSource("generic", f"tag block {name!r}")
            block = block.getparent()
    return None


def _around(scope: HtmlElement) -> HtmlElement:
    """The article and what closes it: the scope (title + text) and the two boxes around it, but
    never the whole page."""
    node = scope
    for _ in range(AROUND_LEVELS):
        parent = node.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        node = parent
    return node


AROUND_LEVELS = 3


def _side_column(el: HtmlElement, stop: HtmlElement) -> bool:
    for node in [el, *ancestors(el)]:
        if node is stop:
            return False
        ci = class_id(node)
        if ci and _SIDE_RE.search(ci):
            return True
    return False


def find_tags(
    root: HtmlElement,
    family_selectors: tuple[str, ...],
    generic_selectors: tuple[str, ...],
    scope: HtmlElement,
    title: HtmlElement | None,
    body: HtmlElement | None,
    regions: Regions,
    meta: PageMeta,
    url: str = "",
) -> tuple[list[str], FieldSource | None]:
    """The tags the page shows for this article, and where they were read.

    A tag block near the article: the family's tag selectors; a block labelled "Từ khóa",
    "Từ khoá", "Tags", "Tag", "Chủ đề" or "Keywords" (with or without a colon); the generic tag
    selectors; a box whose class names tags, keywords or "tu-khoa". Near the article means after
    the title, not in a related/sidebar/footer region, and not a cloud of the whole site's (hot,
    trending) tags; a tag box may close the article text's own container, but a lone tag link
    inside the text is a link in a sentence, not a tag block. Tag links lead to the site's own
    pages (a share button is not a tag). Metadata (meta keywords, ``article:tag``) is never tags:
    the item schema's tags are what the page shows as tags."""
    page_host = _host(urlsplit(url).netloc) if url else ""
    around = _around(scope)

    def related(el: HtmlElement) -> bool:
        if not regions.in_related(el):
            return False
        # the box itself may be "related" only by its heading, which is the tag label
        # ("Xem thêm chủ đề:" reads like "Xem thêm", a related-stories heading)
        parent = el.getparent()
        own = related_class(class_id(el)) or el.tag in ("aside", "nav", "footer")
        return own or parent is None or regions.in_related(parent)

    def usable(el: HtmlElement, strict: bool) -> bool:
        if body is not None and el.tag == "a" and is_inside(el, body):
            return False
        if strict and not is_inside(el, around):
            return False  # another column of the page: the site's boxes, not the article's
        if (strict and related(el)) or _is_cloud(el, scope) or _side_column(el, around):
            return False  # a family's own tag selector names its tag widget: trusted as related-free
        return not (strict and title is not None and not follows(el, title))

    def accept(texts: list[str]) -> list[str]:
        tidy = _tidy(texts)
        return tidy if 0 < len(tidy) <= 40 else []

    def selected(css: str) -> list[str]:
        """Tags of a generic selector's hits: in the article first, then around it."""
        for node in (scope, around):
            els = [el for el in select(node, css) if usable(el, True)]
            got = accept([t for el in els for t in _items(el, page_host)])
            if got:
                return got
            if node is around:
                break
        return []

    for css in family_selectors:
        els = [el for el in select(root, css) if usable(el, False)]
        got = accept([t for el in els for t in _items(el, page_host)])
        if got:
            return got, FieldSource("selector", css)
    # class-named boxes (".tags", "[class*=keyword]") before labels, tag links found by their
    # URL ("a[href*='/tag/']") after them: a stray link is weaker evidence than a labelled block
    by_link = tuple(c for c in generic_selectors if c.startswith(("a[", "[rel")))
    boxes = tuple(c for c in generic_selectors if c not in by_link)
    for css in boxes:
        got = selected(css)
        if got:
            return got, FieldSource("selector", css)
    found = _labelled_block(around, usable, accept, page_host)
    if found:
        return found
    for box in _TAG_CLASS_BOXES(around):
        if not _TAG_CLASS_RE.search(class_id(box)) or not usable(box, True):
            continue
        got = accept([text_of(a) for a in box.iter("a") if _tag_link(a, page_host)])
        if got:
            return got, FieldSource("generic", "tag box ." + class_id(box).split()[0])
    for css in by_link:
        got = selected(css)
        if got:
            return got, FieldSource("selector", css)
    return [], None
