"""Parsing and the few tree helpers every extractor step shares.

The page is decoded and parsed exactly once (lxml, the tree parsel wraps); CSS selectors are
compiled to XPath once per process and skipped outright when the page lacks their class, id or
attribute value (``PageIndex``); text is read with block boundaries kept, so that
``<p>a</p><p>b</p>`` never becomes ``ab``.

Hostile shapes are defused around the parse: a tag with thousands of attributes is cut to
``MAX_ATTRIBUTES`` (libxml2 is quadratic in them), and a tree nested too deep for the recursive
walks is flattened below ``MAX_DEPTH`` (``flatten_deep``, used when a walk hits the recursion limit).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextvars import ContextVar
from functools import lru_cache

import lxml.etree
from cssselect import HTMLTranslator

from crawler.extract.decode import decode_bytes, refuse_binary, utf8_cut_short
from crawler.extract.errors import NotAnArticle
from crawler.textnorm import clean_text

# Plain lxml elements (not lxml.html's HtmlElement): lxml.html resolves a Python class for every
# element proxy it creates, which costs more than the whole of our own tree walking.
HtmlElement = lxml.etree._Element

_PARSER = lxml.etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, collect_ids=False
)
# Plain str results: lxml's default "smart" strings carry a parent reference nobody here reads.
_STRING = lxml.etree.XPath("string()", smart_strings=False)
_CLASSES = lxml.etree.XPath("//@class", smart_strings=False)
_IDS = lxml.etree.XPath("//@id", smart_strings=False)
_TRANSLATOR = HTMLTranslator()

# Removed before anything reads text: never article content, and their text confuses scoring.
# fmt: off
_STRIP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
               "textarea", "select", "button", "link", "meta")
# Boxes that sit between two pieces of text: removing them (or ignoring an image) must not glue
# the texts together ("<span>08/01/2026</span><svg/><b>18:21</b>" is "08/01/2026 18:21").
_SEPARATORS = ("svg", "iframe", "object", "embed", "textarea", "select", "button", "img")

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3",
    "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "thead",
    "tbody", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "center", "address",
    "form", "fieldset", "hr", "details", "summary",
})
# fmt: on

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*>")
# The name of a start tag, and one attribute inside it.
_TAG_NAME = re.compile(rb"<[A-Za-z][^\s/>]*")
_ATTRIBUTE = re.compile(rb"""\s+[^\s=/>"']+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?""")
MAX_ATTRIBUTES = 256  # per tag; real pages stay far below
MAX_DEPTH = 256  # elements nested deeper are unwrapped when the tree is too deep to walk


def load_html(html: str | bytes) -> tuple[str, bytes | None]:
    """Unicode text of a page, plus its bytes when they are UTF-8 (parsed as they are).

    Encoding: BOM, then ``<meta charset>``, then UTF-8, then cp1258/cp1252. Exceptions to the
    declared charset: bytes that are valid UTF-8 and not plain ASCII are UTF-8 (old Vietnamese
    CMSs keep a ``windows-1258`` meta after moving to UTF-8; a real cp1258 page is practically
    never valid UTF-8), and cp1258 bytes declared as UTF-8 or Latin-1 are cp1258 (``decode``).
    Images, PDFs and other binary payloads raise NotAnArticle."""
    if isinstance(html, str):
        refuse_binary(html)
        return html, None
    refuse_binary(html)
    if html.isascii():
        return html.decode("ascii"), html
    if not html.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = html.decode("utf-8")
        except UnicodeDecodeError:
            cut = utf8_cut_short(html)  # a page truncated in the middle of a character
            if cut is not None:
                return cut, None
        else:
            if text.startswith("\ufeff"):
                return text[1:], html[3:]
            return text, html
    return decode_bytes(html), None


def decode_html(html: str | bytes) -> str:
    """Unicode text of a page (see ``load_html``)."""
    return load_html(html)[0]


def parse_html(text: str, data: bytes | None = None) -> HtmlElement:
    """The document tree; raises NotAnArticle for a page that is empty or not HTML.

    ``data`` may pass the page's own bytes when they are the UTF-8 form of ``text`` (saves
    encoding it again)."""
    if not text or text.isspace():
        raise NotAnArticle("empty page")
    data = _XML_DECL.sub(b"", data if data is not None else text.encode("utf-8", "surrogatepass"))
    data = _cut_long_tags(data)
    try:
        root = lxml.etree.fromstring(data, parser=_PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise NotAnArticle(f"unparseable HTML: {exc}") from None
    if root is None:
        raise NotAnArticle("empty page")
    return root


def _cut_long_tags(data: bytes) -> bytes:
    """The page with every start tag of 4 KiB or more cut to MAX_ATTRIBUTES attributes.

    Found with ``bytes.split`` (C) rather than a regex over the page (Python's regex engine costs
    ~4 ns a byte, 2 ms on a 500 KiB page): a start tag runs from a ``<`` and a letter to the next
    ``<`` or ``>``, so only ``>``-free stretches of 4 KiB can hold one."""
    pieces = data.split(b">")
    if max(map(len, pieces)) <= 4096:
        return data
    changed = False
    for i, piece in enumerate(pieces):
        if len(piece) <= 4096:
            continue
        parts = piece.split(b"<")
        cut_any = False
        for j in range(1, len(parts)):
            rest = parts[j]  # what follows one "<", up to the next "<" or ">"
            if len(rest) > 4096 and rest[:1].isalpha():
                tag = _fewer_attributes(b"<" + rest)
                if len(tag) != len(rest) + 1:
                    parts[j] = tag[1:]
                    cut_any = True
        if cut_any:
            pieces[i] = b"<".join(parts)
            changed = True
    return b">".join(pieces) if changed else data


def _fewer_attributes(tag: bytes) -> bytes:
    """A tag cut to its first MAX_ATTRIBUTES attributes: libxml2 compares each attribute of a tag
    with all earlier ones, so a tag with 300,000 attributes would take minutes to parse."""
    if len(tag.split()) <= MAX_ATTRIBUTES:  # each attribute follows its own run of whitespace
        return tag  # a long tag with few attributes: an inline data: image, a big style
    name = _TAG_NAME.match(tag)
    assert name is not None  # the caller checked "<" and a letter
    attributes = _ATTRIBUTE.findall(tag, name.end())
    if len(attributes) <= MAX_ATTRIBUTES:
        return tag
    return name.group() + b"".join(attributes[:MAX_ATTRIBUTES])


def flatten_deep(root: HtmlElement, max_depth: int = MAX_DEPTH) -> int:
    """Unwrap the elements nested deeper than ``max_depth`` into their ancestor at that depth,
    keeping their text; return how many subtrees were flattened. Unclosed ``<font>``/``<div>``
    runs in old CMS pages nest thousands deep, past what recursive tree walks can follow."""
    flattened = 0
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth >= max_depth:
            if len(el):
                lxml.etree.strip_tags(el, "*")
                flattened += 1
            continue
        stack.extend((child, depth + 1) for child in el if isinstance(child.tag, str))
    return flattened


def text_content(el: HtmlElement) -> str:
    """All text inside an element, as one raw string (XPath ``string()``, in C)."""
    return _STRING(el)


def strip_noise(root: HtmlElement) -> None:
    """Drop scripts, styles and widgets in place (after JSON-LD has been read)."""
    for el in root.iter(*_SEPARATORS):
        if not el.tail or not el.tail[0].isspace():
            el.tail = " " + (el.tail or "")
    lxml.etree.strip_elements(root, *_STRIP_TAGS, with_tail=False)


class PageIndex:
    """Class tokens, ids and source of the page being extracted. A selector whose class, id or
    attribute value does not occur on the page cannot match, and a set lookup is ~100x cheaper
    than running its XPath over the whole tree (most family/generic selectors miss)."""

    def __init__(self, root: HtmlElement, source: str, raw: bytes | None = None) -> None:
        classes = _CLASSES(root)
        ids = _IDS(root)
        self.tokens = set(" ".join(classes).split())
        self.ids = set(ids)
        self.joined = " ".join(classes) + " " + " ".join(ids)
        self.source = source
        self._raw = raw
        self._memo: dict[tuple[str, str], bool] = {}

    @property
    def raw(self) -> bytes:
        """The page as UTF-8 bytes (the fetched bytes themselves when they were UTF-8)."""
        if self._raw is None:
            self._raw = self.source.encode("utf-8", "surrogatepass")
        return self._raw

    def may_match(self, needles: tuple[tuple[str, str], ...]) -> bool:
        return all(self._has(needle) for needle in needles)

    def _has(self, needle: tuple[str, str]) -> bool:
        known = self._memo.get(needle)
        if known is None:
            kind, value = needle
            if kind == ".":
                known = value in self.tokens
            elif kind == "#":
                known = value in self.ids
            elif kind == "~":
                known = value in self.joined
            else:  # searched in the UTF-8 bytes: half the size of the str, and memchr-fast
                known = value.encode("utf-8") in self.raw
            self._memo[needle] = known
        return known


# Set per call by ``extract_article`` (a ContextVar: concurrent extractions never share it).
INDEX: ContextVar[PageIndex | None] = ContextVar("extract_index", default=None)
_NEEDLE_RE = re.compile(
    r"(?P<kind>[.#])(?P<name>[\w-]+)|\[(?P<attr>[\w-]+)(?P<op>[*^$|~]?)=['\"]?(?P<value>[^'\"\]]+)['\"]?\]"
)


def _needles(css: str) -> tuple[tuple[str, str], ...]:
    out = []
    for m in _NEEDLE_RE.finditer(css):
        if m["kind"]:
            out.append((m["kind"], m["name"]))
        elif m["attr"] in ("class", "id"):
            out.append(("~", m["value"]))
        else:  # both the attribute name and its value must occur in the source
            out.extend((("=", m["attr"] + "="), ("=", m["value"])))
    return tuple(out)


@lru_cache(maxsize=1024)
def _compiled(css: str) -> tuple[lxml.etree.XPath | None, tuple[tuple[str, str], ...]]:
    try:
        xpath = lxml.etree.XPath(_TRANSLATOR.css_to_xpath(css))
    except Exception:  # a broken override selector must not break extraction
        xpath = None
    return xpath, _needles(css)


def xpath_for(css: str) -> lxml.etree.XPath | None:
    """A compiled XPath for a CSS selector (cached: selectors are a small fixed set)."""
    return _compiled(css)[0]


def select(node: HtmlElement, css: str) -> list[HtmlElement]:
    xpath, needles = _compiled(css)
    if xpath is None:
        return []
    index = INDEX.get()
    if index is not None and needles and not index.may_match(needles):
        return []
    try:
        return [e for e in xpath(node) if isinstance(e.tag, str)]
    except Exception:
        return []


def _text_parts(el: HtmlElement, out: list[str]) -> None:
    if el.text:
        out.append(el.text)
    for child in el:
        if isinstance(child.tag, str):
            block = child.tag in BLOCK_TAGS or child.tag == "br"
            if block:
                out.append("\n")
            _text_parts(child, out)
            if block:
                out.append("\n")
        if child.tail:
            out.append(child.tail)


def raw_text(el: HtmlElement) -> str:
    """Text of an element with a newline at every block boundary and ``<br>``."""
    out: list[str] = []
    _text_parts(el, out)
    return "".join(out)


def text_of(el: HtmlElement | None) -> str:
    """Clean one-line text of an element (NFC, collapsed whitespace)."""
    if el is None:
        return ""
    return clean_text(raw_text(el))


def lines_of(el: HtmlElement) -> list[str]:
    """Clean non-empty lines of an element, split at block boundaries and ``<br>``."""
    return [t for t in (clean_text(x) for x in raw_text(el).split("\n")) if t]


def class_id(el: HtmlElement) -> str:
    """``class`` and ``id`` of an element, lower-cased, for pattern tests."""
    c = el.get("class")
    i = el.get("id")
    if c and i:
        return f"{c} {i}".lower()
    return (c or i or "").lower()


def ancestors(el: HtmlElement) -> Iterator[HtmlElement]:
    parent = el.getparent()
    while parent is not None:
        yield parent
        parent = parent.getparent()


def is_inside(el: HtmlElement, container: HtmlElement | None) -> bool:
    if container is None:
        return False
    return el is container or any(a is container for a in ancestors(el))
