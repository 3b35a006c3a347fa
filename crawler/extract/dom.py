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
_BREAKS = (*BLOCK_TAGS, "br")

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

    A start tag runs from a ``<`` and a letter to the next ``<`` or ``>``, so only ``>``-free
    stretches of more than 4 KiB can hold one. Such a stretch holds a whole 2 KiB block of the
    page without ``>`` (any 4095 bytes in a row hold one of every 2048-byte grid): testing each
    block with ``find`` (memchr, ~100 calls on a 200 KiB page) finds them without splitting the
    page at every ``>`` (thousands of pieces, ~130 µs) or a regex (~4 ns a byte)."""
    n = len(data)
    out: list[bytes] = []
    copied = 0  # data[:copied] is in out
    i = 0
    while i + _BLOCK <= n:
        if data.find(b">", i, i + _BLOCK) >= 0:
            i += _BLOCK
            continue
        start = data.rfind(b">", 0, i) + 1  # the ">"-free stretch around the block
        end = data.find(b">", i + _BLOCK)
        end = n if end < 0 else end
        if end - start > 4096:
            piece = data[start:end]
            cut = _cut_stretch(piece)
            if cut is not piece:
                out += (data[copied:start], cut)
                copied = end
        i = end  # the next stretch starts after this one (any grid will do, see above)
    if not out:
        return data
    out.append(data[copied:])
    return b"".join(out)


_BLOCK = 2048


def _cut_stretch(stretch: bytes) -> bytes:
    """A ``>``-free stretch with its long start tags cut (the stretch itself when none is)."""
    parts = stretch.split(b"<")
    cut_any = False
    for j in range(1, len(parts)):
        rest = parts[j]  # what follows one "<", up to the next "<" or ">"
        if len(rest) > 4096 and rest[:1].isalpha():
            tag = _fewer_attributes(b"<" + rest)
            if len(tag) != len(rest) + 1:
                parts[j] = tag[1:]
                cut_any = True
    return b"<".join(parts) if cut_any else stretch


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


def text_upto(el: HtmlElement, limit: int) -> str | None:
    """``text_content(el)``, or None when it is longer than ``limit``: reading stops there, so a
    test for a short label costs little on a big block, and a leaf needs no iterator (~2 µs)."""
    if not len(el):  # a leaf (most elements): its text is all there is
        text = el.text or ""
        return text if len(text) <= limit else None
    parts = []
    size = 0
    for piece in el.itertext():
        size += len(piece)
        if size > limit:
            return None
        parts.append(piece)
    return "".join(parts)


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
        classes = " ".join(_CLASSES(root))
        ids = _IDS(root)
        self.tokens = set(classes.split())
        self.ids = set(ids)
        self.joined = classes + " " + " ".join(ids)
        self.source = source
        self._raw = raw
        self._root = root
        self._memo: dict[tuple[str, str], bool] = {}
        self._values: dict[str, str | None] = {}

    @property
    def raw(self) -> bytes:
        """The page as UTF-8 bytes (the fetched bytes themselves when they were UTF-8)."""
        if self._raw is None:
            self._raw = self.source.encode("utf-8", "surrogatepass")
        return self._raw

    def in_source(self, text: str) -> bool:
        """Whether ``text`` occurs in the page source (memoised, like the selectors' needles)."""
        return self._has(("=", text))

    def may_match(self, needles: tuple[tuple[str, str], ...]) -> bool:
        memo = self._memo  # ~60 selectors a page ask: answered from the memo, no call per needle
        for needle in needles:
            known = memo.get(needle)
            if not (self._has(needle) if known is None else known):
                return False
        return True

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
            elif kind[0] == "@":  # a value of attribute kind[1:] ([rel=tag], a[href*='/tag/'])
                values = self._attribute_values(kind[1:])
                known = value.encode("utf-8") in self.raw if values is None else value in values
            else:  # searched in the UTF-8 bytes: half the size of the str, and memchr-fast
                known = value.encode("utf-8") in self.raw
            self._memo[needle] = known
        return known

    def _attribute_values(self, name: str) -> str | None:
        """Every value of one attribute on the page, newline-joined (None: not a usable name).

        One XPath over the tree (~50-100 µs) answers all the values asked of that attribute; a
        scan of the page source costs as much for each value it misses (``/tags/``, ``/tu-khoa/``
        ... are 6 scans of the page for ``href``), and only sees values as they are written."""
        if name not in self._values:
            try:
                found = _values_of(name)(self._root)
            except lxml.etree.Error:
                found = None
            self._values[name] = None if found is None else "\n".join(found)
        return self._values[name]


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
        else:  # the attribute name in the source, then the value among that attribute's values
            out.extend((("=", m["attr"] + "="), ("@" + m["attr"], m["value"])))
    return tuple(out)


@lru_cache(maxsize=256)
def _values_of(name: str) -> lxml.etree.XPath:
    return lxml.etree.XPath(f"//@{name}", smart_strings=False)


# One step of cssselect's output that tests one attribute of any element: ``*[@rel = 'tag']``,
# ``*[@class and contains(@class, 'tags')]``, ``*[@class and contains(...) and contains(concat(' ',
# normalize-space(@class), ' '), ' x ')]`` (a class), ``*[@id and starts-with(@id, 'ads')]``.
_LITERAL = r"'[^']*'"
_ANY_STEP = re.compile(r"(descendant-or-self|descendant)::\*\[((?:[^'\[\]]|" + _LITERAL + r")*)\](?=/|$)")
_ATTR_EQUALS = re.compile(r"@([\w-]+) = (" + _LITERAL + r")")
_ATTR_AND = re.compile(r"@([\w-]+) and (.+)")
# What the rest of such a condition may hold (literals and the attribute replaced by LIT/ATTR):
# string functions of the one attribute, joined by "and"; no "or", no other node, no context
# (nor a function called without arguments: ``string-length()`` is the context node's).
_ATTR_ONLY = re.compile(
    r"(?:\s|ATTR|LIT|and|contains|starts-with|concat|normalize-space|substring|string-length|[(),=+0-9-])*"
)


def _attribute_first(xpath: str) -> str:
    """The XPath with every ``axis::*[test of @a]`` step written ``axis::*/@a[test of .]/parent::*``.

    Same nodes, in the same (document) order: an attribute has exactly one parent element. But
    libxml2 evaluates a predicate on every element (~200 ns each: a node set for ``@a`` per
    element), and a predicate on the attributes named ``a`` only for the few that exist, so
    ``[rel=tag]`` over a whole page drops from ~140 to ~45 µs. Steps with an element name
    (``div.x``) stay as they are: the name test already skips most elements, and is cheaper."""

    def step(m: re.Match[str]) -> str:
        axis, cond = m.groups()
        eq = _ATTR_EQUALS.fullmatch(cond)
        if eq:
            return f"{axis}::*/@{eq[1]}[. = {eq[2]}]/parent::*"
        both = _ATTR_AND.fullmatch(cond)
        if both:
            attr, rest = both.groups()
            ref = re.compile("@" + re.escape(attr) + r"(?![\w-])")
            shape = ref.sub("ATTR", re.sub(_LITERAL, "LIT", rest))
            if _ATTR_ONLY.fullmatch(shape) and "()" not in shape.replace(" ", ""):  # () reads the node
                parts = re.split("(" + _LITERAL + ")", rest)  # odd items: literals, kept as they are
                test = "".join(p if i % 2 else ref.sub(".", p) for i, p in enumerate(parts))
                return f"{axis}::*/@{attr}[{test}]/parent::*"
        return m.group()

    return _ANY_STEP.sub(step, xpath)


@lru_cache(maxsize=1024)
def _compiled(css: str) -> tuple[lxml.etree.XPath | None, tuple[tuple[str, str], ...]]:
    try:
        plain = _TRANSLATOR.css_to_xpath(css)
    except Exception:  # a broken override selector must not break extraction
        return None, _needles(css)
    for expression in (_attribute_first(plain), plain):  # the plain form if the fast one fails
        try:
            return lxml.etree.XPath(expression), _needles(css)
        except Exception:
            continue
    return None, _needles(css)


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
    if not len(el):
        return el.text or ""
    if next(el.iterdescendants(*_BREAKS), None) is None:  # no boundary inside: the text in C
        return _STRING(el)
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
