"""The tree helpers every extractor step shares: the element type, block boundaries, and text
read with those boundaries kept, so that ``<p>a</p><p>b</p>`` never becomes ``ab``.

Parsing lives in ``parse``, selectors in ``selectors``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.etree

from crawler.textnorm import clean_text

# Plain lxml elements (not lxml.html's HtmlElement): lxml.html resolves a Python class for every
# element proxy it creates, which costs more than the whole of our own tree walking.
HtmlElement = lxml.etree._Element

# Characters XML forbids: libxml2 keeps them in the text a page holds (a stray \x01), but lxml
# refuses them in a text a step writes back, with a ValueError that would end the extraction.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def settable(text: str) -> str:
    """``text`` as lxml accepts it for an element's ``text`` or ``tail``."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


# Plain str results: lxml's default "smart" strings carry a parent reference nobody here reads.
_STRING = lxml.etree.XPath("string()", smart_strings=False, regexp=False)

# fmt: off
BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3",
    "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "table", "thead",
    "tbody", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "center", "address",
    "form", "fieldset", "hr", "details", "summary",
})
# fmt: on


def text_content(el: HtmlElement) -> str:
    """All text inside an element, as one raw string (XPath ``string()``, in C; a leaf's own text
    without the XPath call, which costs more than reading a short text: the tree holds no
    comments or processing instructions, so a leaf's text is all of it)."""
    if not len(el):
        return el.text or ""
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
