"""Decoding and parsing a page, once, with hostile shapes defused.

The page is decoded (``load_html``: BOM, ``<meta charset>``, UTF-8, cp1258) and parsed exactly once
with lxml (the tree parsel wraps). A tag with thousands of attributes is cut to ``MAX_ATTRIBUTES``
before parsing (libxml2 is quadratic in them), and a tree nested too deep for the recursive walks
is flattened below ``MAX_DEPTH`` (``flatten_deep``, used when a walk hits the recursion limit).
Scripts, styles and widgets are stripped after the metadata has been read (``strip_noise``).
"""

from __future__ import annotations

import re

import lxml.etree

from crawler.extract.decode import decode_bytes, refuse_binary, utf8_cut_short
from crawler.extract.dom import HtmlElement
from crawler.extract.errors import NotAnArticle

_PARSER = lxml.etree.HTMLParser(
    encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True, collect_ids=False
)
# Removed before anything reads text: never article content, and their text confuses scoring.
# fmt: off
_STRIP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "embed",
               "textarea", "select", "button", "link", "meta")
# fmt: on
# Boxes that sit between two pieces of text: removing them (or ignoring an image) must not glue
# the texts together ("<span>08/01/2026</span><svg/><b>18:21</b>" is "08/01/2026 18:21").
_SEPARATORS = ("svg", "iframe", "object", "embed", "textarea", "select", "button", "img")


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
        raise NotAnArticle("empty page", "empty")
    data = _XML_DECL.sub(b"", data if data is not None else text.encode("utf-8", "surrogatepass"))
    data = _cut_long_tags(data)
    try:
        root = lxml.etree.fromstring(data, parser=_PARSER)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise NotAnArticle(f"unparseable HTML: {exc}", "unparseable") from None
    if root is None:
        raise NotAnArticle("empty page", "empty")
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


def strip_noise(root: HtmlElement) -> None:
    """Drop scripts, styles and widgets in place (after JSON-LD has been read)."""
    for el in root.iter(*_SEPARATORS):
        if not el.tail or not el.tail[0].isspace():
            el.tail = " " + (el.tail or "")
    lxml.etree.strip_elements(root, *_STRIP_TAGS, with_tail=False)
