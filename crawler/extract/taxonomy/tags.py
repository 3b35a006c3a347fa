"""The tags the page shows for the article: the tag block near it (family selectors; generic
tag boxes; a block labelled "Từ khóa", "Từ khoá", "Tags", "Tag", "Chủ đề", "Keywords", "Thẻ",
"Nhãn", or by a tag icon; a box whose class names tags; tag links found by their URL; a tag line
written as text, "Từ khóa: a, b"; a row of short links whose addresses share a tag page's path,
"/tag-a.html", "/tim-kiem?tags=a", without any label).

A related-news box of the article's column ("box-tinlienquan", "related-tags") may hold the tag
row: a labelled or tag-classed block there is the article's; the same in another column is the
site's. Stories filed under a topic's path ("/chu-de/x/bai-1.html") are headlines, not tags.

Metadata is not tags: neither meta keywords (an SEO list) nor ``article:tag`` (often the same
list, or a desk's routing words such as "Tin nóng"); the item schema's tags are what the page
shows as tags, and a page that shows none has none. Every tag is its own string, without a
leading "#".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import islice
from urllib.parse import urlsplit

import lxml.etree

from crawler.extract.dom import HtmlElement, ancestors, class_id, is_inside, text_of
from crawler.extract.meta import PageMeta
from crawler.extract.record import FieldSource
from crawler.extract.regions import Regions, related_class
from crawler.extract.selectors import select
from crawler.extract.taxonomy.common import SIDE_RE, host_of
from crawler.textnorm import clean_text, fold

# A count a tag box shows after a tag ("cà phê (12)"): how many stories carry it, not its name.
_COUNT = re.compile(r"\s*\(\d+\)$")


def _clean_tag(tag: str) -> str:
    return _COUNT.sub("", clean_text(tag)).lstrip("#").strip(" ,;")


_TAG_ITEMS = ("a", "span", "li", "strong", "b")


def _tag_items(el: HtmlElement) -> list[str]:
    """Tags of one hit: a link is one tag; a box gives its links/spans/items (leaves only)."""
    if el.tag == "a":
        return [text_of(el)]
    items = [
        x
        for x in el.iter(*_TAG_ITEMS)
        if x is not el
        and (x.tag == "a" or not any(c.tag in _TAG_ITEMS for c in x.iterdescendants()))
        and not _in_link(x, el)
    ]
    if items:
        return [text_of(x) for x in items]
    return re.split(r"\s*[,;]\s*", text_of(el))


def _in_link(el: HtmlElement, top: HtmlElement) -> bool:
    """Whether ``el`` lies inside a link below ``top`` (a link is one tag, with whatever it holds:
    "cà phê <span>(12)</span>")."""
    for node in el.iterancestors():
        if node is top:
            return False
        if node.tag == "a":
            return True
    return False


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


# Labels of a tag block, folded: "Từ khóa:", "Tags", "Chủ đề", "Xem thêm chủ đề:" (24h), "Các từ
# khóa:", "Tìm theo từ khóa:", "Tags bài viết:", "#Tags"; "Thẻ:" and "Nhãn:" (WordPress and Blogger
# in Vietnamese) are told by their diacritics (``_LABEL_VI``), folded they are common words.
_LABEL_RE = re.compile(
    r"^#?\s*(?:xem them |cac |tim (?:kiem )?theo )?(?:tu khoa|tags?|chu de|keywords?)"
    r"(?: (?:lien quan|bai viet|tim kiem))?\s*:?$"
)
_LABEL_VI = re.compile(r"^(?:thẻ|nhãn)(?: bài viết)?\s*:?$", re.I)
# Text nodes that may hold a label: short (under 60 characters) with a label word in them, checked
# with ``_LABEL_RE`` after. Matched in Python: an XPath predicate copies a text node's string for
# each of its tests (eleven for this one, ~3 µs a node), a regex reads lxml's string once.
_TEXTS = lxml.etree.XPath(".//text()")
_LABEL_WORD = re.compile("[kK]hóa|[kK]hoá|KHÓA|KHOÁ|ag|AG|eyword|EYWORD|đề|Đề|ĐỀ|hẻ|HẺ|hãn|HÃN")
# Class values that may name a tag box (a class token that starts with tag/keyword/tu-khoa,
# checked with ``_TAG_CLASS_RE`` after); matched in Python for the same reason.
_CLASSES = lxml.etree.XPath(".//@class")
_TAG_CLASS_WORD = re.compile("tag|Tag|keyword|Keyword|khoa|Khoa")
_TAG_CLASS_RE = re.compile(r"(?:^|[\s_-])(?:tags?|keywords?|tu-?khoa|hashtags?)|tags?(?:$|[\s_-])")
# A box of the whole site's tags (a cloud, "hot" or trending topics), not the article's.
_CLOUD_RE = re.compile(r"cloud|hot|trend|popular|noi-?bat|xu-?huong|featured|top-?tag")


def _label_candidates(around: HtmlElement) -> list[HtmlElement]:
    """The elements with a text node that may be a label, in document order (a box whose own
    text follows a child's is found by that text after the child's, yet stands before it)."""
    found: dict[HtmlElement, None] = {}
    for text in _TEXTS(around):
        if len(text) < 60 and _LABEL_WORD.search(text):
            owner = text.getparent()  # lxml gives a tail to the element it follows
            found[owner.getparent() if text.is_tail else owner] = None
    return sorted(found, key=lambda el: _position(el, around)) if len(found) > 1 else list(found)


def _position(el: HtmlElement, top: HtmlElement) -> list[int]:
    """Where ``el`` stands under ``top``: child indexes from ``top`` down, which sort as the
    document does."""
    path: list[int] = []
    while el is not top:
        parent = el.getparent()
        path.append(parent.index(el))
        el = parent
    return path[::-1]


def _tag_class_boxes(around: HtmlElement) -> list[HtmlElement]:
    """The elements whose class may name a tag box, in document order."""
    return [value.getparent() for value in _CLASSES(around) if _TAG_CLASS_WORD.search(value)]


def _labels(fold_text: str, text: str = "") -> bool:
    return bool(_LABEL_RE.match(fold_text.strip()) or (text and _LABEL_VI.match(text.strip())))


def _boxed_in(el: HtmlElement, stop: HtmlElement | None, names: re.Pattern[str]) -> bool:
    """Whether ``el`` or a box around it, below ``stop``, has a class or id that ``names`` match
    (a tag cloud, a side column)."""
    for node in [el, *ancestors(el)]:
        if node is stop:
            return False
        ci = class_id(node)
        if ci and names.search(ci):
            return True
    return False


# A tag line written as text: "Từ khóa: rau sạch, hợp tác xã", "Tags: lúa gạo; xuất khẩu".
_TAG_LINE = re.compile(
    r"^#?\s*(?:(?:các|tìm theo|tìm kiếm theo|xem thêm)\s+)?"
    r"(?P<label>từ khóa|từ khoá|tags?|keywords?|chủ đề|thẻ|nhãn)"
    r"(?:\s+(?:liên quan|bài viết|tìm kiếm))?\s*:\s*(?P<items>\S.*)$",
    re.I,
)


def tag_line(text: str) -> list[str]:
    """The tags of a line that lists them as text after a label ("Từ khóa: rau sạch, hợp tác
    xã"), else []. Each item is a few words; "Chủ đề:" (also an event's theme, "Chủ đề: Tuổi trẻ
    sáng tạo") lists two or more."""
    m = _TAG_LINE.match(text) if len(text) <= 400 else None
    if m is None:
        return []
    listed = m["items"].rstrip(" .")
    if listed.startswith("#"):  # "#rau sạch #hợp tác xã": hashtags, each its own tag
        listed = listed.replace(" #", ",")
    items = [_clean_tag(t) for t in _split_items(listed)]
    least = 2 if m["label"].lower() == "chủ đề" else 1
    if least <= len(items) <= 40 and all(t and _short(t, 60, 10) for t in items):
        return items
    return []


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


# Links of a tag box that lead on, not to a tag: "Xem thêm", "Tất cả", "More".
_MORE = frozenset(
    {"xem them", "xem tat ca", "tat ca", "them", "more", "see more", "see all", "...", "»", "›"}
)


def _tidy(texts: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for t in texts:
        t = _clean_tag(t)
        key = t.casefold()
        if not t or len(t) > 80 or key in seen or _labels(fold(t), t) or fold(t).strip(" .:»›") in _MORE:
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
        return _same_site(host_of(urlsplit(href if "//" in href[:8] else "http:" + href).netloc), page_host)
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
    usable: Callable[..., bool],
    regions: Regions,
    accept: Callable[[list[str]], list[str]],
    page_host: str,
) -> tuple[list[str], FieldSource] | None:
    """A block labelled "Từ khóa:", "Tags", "Chủ đề" ...: the label's box, or the box one or two
    levels up, whose links (or items, or comma-separated text) are the tags."""
    for el in _label_candidates(around):
        raw = text_of(el)
        head = clean_text(el.text or "")
        if len(raw) <= 40 and _labels(fold(raw), raw):
            label, block = el, el.getparent()
        elif _labels(fold(head), head):
            label, block = None, el  # "Tags: <a>..</a>": the label is the box's own text
        else:
            continue
        for _ in range(3):
            if block is None or block.tag in ("body", "html") or not usable(block, True, True):
                break
            texts = _block_tags(block, label, page_host)
            if regions.in_related(block) and not all(map(_short, texts)):
                break  # "Chủ đề: ..." heading a box of other stories: their headlines are no tags
            got = accept(texts)
            if got:
                name = clean_text(label.text or raw if label is not None else head).rstrip(" :")
                return got, FieldSource("generic", f"tag block {name!r}")
            block = block.getparent()
    return None


# A box of other stories under the text ("box-tinlienquan", "related-news", "xem-them"), where
# some layouts put the tag row; not a side column, a footer, a menu or the comments.
_NEWS_BOX_RE = re.compile(
    r"relat(?!ive)|lien-?quan|lienquan|tin-?khac|tinkhac|other-?(?:news|post|article)|more-?news|"
    r"same-?(?:cat|zone)|cung-?chuyen-?muc|cungchuyenmuc|see-?also|xem-?them|read-?more|recommend"
)
_NOT_NEWS_BOX_RE = re.compile(r"footer|comment|binh-?luan|menu|nav|side|widget|col-?(?:right|left)|aside")


def _in_news_box(el: HtmlElement, regions: Regions, scope: HtmlElement) -> bool:
    """Whether ``el`` is related only through one box of other stories in the article's column
    (in the article, or beside it in a box that holds it; not in another column), and that box
    is no sidebar, footer, menu or comments, nor inside one."""
    node: HtmlElement | None = el
    while node is not None:
        if regions.own_related(node):
            ci = class_id(node)
            if node.tag in ("aside", "nav", "footer") or not _NEWS_BOX_RE.search(ci):
                return False
            if _NOT_NEWS_BOX_RE.search(ci):
                return False
            parent = node.getparent()
            return parent is not None and not regions.in_related(parent) and _in_column(node, scope)
        node = node.getparent()
    return False


# A footer of the article itself ("article-footer", "detail-footer", "entry-footer"), by its
# class: where WordPress themes and many CMSs put the tag row.
_OWN_FOOTER_RE = re.compile(
    r"(?:article|post|entry|detail|news|content|story|single|chi-?tiet|bai-?viet)[-_]?(?:footer|foot|bottom)"
)


def _in_own_footer(el: HtmlElement, regions: Regions, scope: HtmlElement) -> bool:
    """Whether ``el`` is related only by a footer of the article: a ``<footer>`` inside the
    article (title and text), or a box whose class names the article's footer in the article's
    column, and no related box around it. The site's footer stands outside the article, and a
    box only called "footer" is taken for it wherever it stands."""
    node: HtmlElement | None = el
    while node is not None:
        if regions.own_related(node):
            ci = class_id(node)
            if _NOT_OWN_FOOTER_RE.search(ci):
                return False
            own = bool(_OWN_FOOTER_RE.search(ci))
            parent = node.getparent()
            if parent is None or regions.in_related(parent) or not (own or node.tag == "footer"):
                return False
            return is_inside(parent, scope) or (own and _in_column(node, scope))
        node = node.getparent()
    return False


# A footer box that is no article's footer even inside it: a related list's, the comments'.
_NOT_OWN_FOOTER_RE = re.compile(r"relat(?!ive)|lien-?quan|comment|binh-?luan|site-?footer|page-?footer")


def _in_column(box: HtmlElement, scope: HtmlElement) -> bool:
    """Whether a box stands in the article's column: inside the article (``scope``: title and
    text), or in an element that holds the article; not in another column beside it."""
    parent = box.getparent()
    return parent is not None and (is_inside(parent, scope) or is_inside(scope, parent))


def _short(text: str, chars: int = 50, words: int = 8) -> bool:
    """A tag's length: a few words, not a headline."""
    text = clean_text(text)
    return len(text) <= chars and len(text.split()) <= words


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
    page_host = host_of(urlsplit(url).netloc) if url else ""
    around = _around(scope)

    def related(el: HtmlElement, labelled: bool = False) -> bool:
        if not regions.in_related(el) or _in_own_footer(el, regions, scope):
            return False
        ci = class_id(el)
        named = bool(ci) and bool(_TAG_CLASS_RE.search(ci))
        if (labelled or named) and _in_news_box(el, regions, scope):
            return False  # "Từ khóa:", a ".tags" box in the related-news box under the text: the article's
        # the box itself may be "related" only by its heading, which is the tag label
        # ("Xem thêm chủ đề:" reads like "Xem thêm", a related-stories heading), or by a class
        # that names tags too ("related-tags", "box-tinlienquan tags")
        parent = el.getparent()
        tag_box = named and _in_column(el, scope)
        own = (related_class(ci) and not tag_box) or el.tag in ("aside", "nav", "footer")
        return own or parent is None or regions.in_related(parent)

    def usable(el: HtmlElement, strict: bool, labelled: bool = False) -> bool:
        if body is not None and el.tag == "a" and is_inside(el, body):
            return False
        if strict and not is_inside(el, around):
            return False  # another column of the page: the site's boxes, not the article's
        if (
            (strict and related(el, labelled))
            or _boxed_in(el, scope, _CLOUD_RE)
            or _boxed_in(el, around, SIDE_RE)
        ):
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
    found = _labelled_block(around, usable, regions, accept, page_host)
    if found:
        return found
    for box in _tag_class_boxes(around):
        if not _TAG_CLASS_RE.search(class_id(box)) or not usable(box, True):
            continue
        if _is_icon(box):  # "<i class='fa fa-tags'></i> <a>..</a>": the icon labels the row it opens
            row = box.getparent()
            if row is not None and row.tag == "a":
                row = row.getparent()  # an icon in each tag link: their row
            links = [a for a in row.iter("a") if _tag_link(a, page_host)] if row is not None else []
            if row is not None and usable(row, True) and _only_links(row, [text_of(a) for a in links]):
                got = accept([text_of(a) for a in links])
                if got:
                    return got, FieldSource("generic", "tag icon ." + class_id(box).split()[-1])
            continue
        got = accept([text_of(a) for a in box.iter("a") if _tag_link(a, page_host)])
        if got:
            return got, FieldSource("generic", "tag box ." + class_id(box).split()[0])
    for css in by_link:
        got = selected(css)
        if got and all(_short(t, 60, 10) for t in got):  # not stories filed under a topic's path
            return got, FieldSource("selector", css)
    for el, got in _tag_lines(body):
        if usable(el, True) and accept(got):
            return accept(got), FieldSource("generic", "tag line " + repr(text_of(el).split(":")[0]))
    for row, links in _link_rows(around, page_host):  # a row of them is a tag block, as a label makes one
        if usable(row, True, True) and (is_inside(row, scope) or _in_column(row, scope)):
            got = accept([text_of(a) for a in links])
            if got:
                return got, FieldSource("generic", "row of links to tag pages")
    return [], None


def _tag_lines(body: HtmlElement | None) -> list[tuple[HtmlElement, list[str]]]:
    """Tag lines written as text where they stand: among the last paragraphs of the text, or in
    the boxes right after it."""
    if body is None:
        return []
    last = list(body.iter("p", "div"))[-4:]
    after = [el for el in islice(body.itersiblings(), 3) if isinstance(el.tag, str)]
    out = []
    for el in [*reversed(last), *after]:
        if el.find(".//a") is not None:
            continue  # tags written as links: the link readers' (a link to another site is no tag)
        text = text_of(el)
        got = tag_line(text) if text[:1] in _LINE_STARTS else []
        if got:
            out.append((el, got))
    return out


_LINE_STARTS = frozenset("#TtKkCcNnXx")


# Links whose address names a tag, keyword or topic page in another way than the generic
# selectors' paths: "/tag-rau-sach.html", "/tim-kiem?tags=...", "/tu-khoa.html?q=...", "/topic/",
# a search page's "/tim-kiem?q=...".
# One XPath over the article's surroundings, asked only of a page where nothing else gave tags.
_TAG_HREFS = lxml.etree.XPath(
    ".//a[contains(@href, 'tag') or contains(@href, 'Tag') or contains(@href, 'TAG')"
    " or contains(@href, 'khoa') or contains(@href, 'chu-de') or contains(@href, 'chude')"
    " or contains(@href, 'eyword') or contains(@href, 'topic') or contains(@href, 'q=')]"
)
# What of such an address stands before the tag's own name: the tag page's path ("/tag-",
# "/tim-kiem?tags=", "/tu-khoa."): links of one tag row share it.
_TAG_PATH = re.compile(
    r"^.*?(?:^|[/?&=._-])(?:tags?|tu-?khoa|tukhoa|chu-?de|chude|keywords?|hashtags?|topics?)(?:[/=_.-]|$)"
    r"|^[^?]*(?:search|tim-?kiem|timkiem)[^?]*\?(?:[^#]*&)?q=",  # a search for the tag: "/search?q="
    re.I,
)


def _link_rows(around: HtmlElement, page_host: str) -> list[tuple[HtmlElement, list[HtmlElement]]]:
    """Rows of tag links known by their shape alone, without a label or a class: two or more
    short links side by side (in one element, or one list item each) whose addresses share a tag
    page's path, and nothing else in the row but separators. In document order."""
    rows: dict[tuple[int, str], tuple[HtmlElement, list[HtmlElement]]] = {}
    for a in _TAG_HREFS(around):
        href = (a.get("href") or "").strip()
        if "//" in href[:8]:  # an absolute address: its path and query
            parts = urlsplit(href if href[:2] != "//" else "http:" + href)
            href = parts.path + ("?" + parts.query if parts.query else "")
        m = _TAG_PATH.match(href)
        if m is None or not _tag_link(a, page_host):
            continue
        row = a.getparent()
        if row is not None and row.tag == "li":
            row = row.getparent()
        if row is None:
            continue
        rows.setdefault((id(row), m.group().lower()), (row, []))[1].append(a)
    out = []
    for row, links in rows.values():
        texts = [text_of(a) for a in links]
        if len(links) >= 2 and _only_links(row, texts) and len(links) * 2 >= sum(1 for _ in row.iter("a")):
            out.append((row, links))
    return out


def _only_links(row: HtmlElement, texts: list[str]) -> bool:
    """A row of short link texts with nothing else in it but separators (and a short label)."""
    if not texts or not all(t and _short(t, 60, 10) for t in texts):
        return False
    return len(text_of(row)) - sum(map(len, texts)) <= 3 * len(texts) + 12


def _is_icon(el: HtmlElement) -> bool:
    """An icon: an empty inline element (``<i class="fa fa-tags">``, an ``svg``, an image)."""
    return el.tag in ("i", "span", "em", "svg", "img", "use") and not text_of(el) and el.find(".//a") is None
