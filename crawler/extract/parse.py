"""Decoding and parsing a page, once, with hostile shapes defused.

The page is parsed exactly once with lxml (``read_page``): UTF-8 bytes as they stand, anything
else decoded first (``load_html``: BOM, ``<meta charset>``, UTF-8, cp1258). A tag with thousands
of attributes is cut to ``MAX_ATTRIBUTES`` before parsing (libxml2 is quadratic in them), and a
tree nested too deep for the recursive walks is flattened below ``MAX_DEPTH`` (``flatten_deep``,
used when a walk hits the recursion limit).
Scripts, styles and widgets are stripped after the metadata has been read (``strip_noise``).
"""

from __future__ import annotations

import re

import lxml.etree

from crawler.extract.decode import decode_bytes, refuse_binary, utf8_cut_short
from crawler.extract.dom import HtmlElement, settable
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


class PageText:
    """A page's text and its UTF-8 bytes, each made from the other only when a step asks for it.

    Valid UTF-8 bytes (most pages) are parsed as they are and never decoded: decoding only
    proved them valid (~0.3 ms a page, 1.4 ms on a 500 KB page with emoji), and only the
    registry's script-body sites read the text."""

    __slots__ = ("_raw", "_text")

    def __init__(self, text: str | None = None, raw: bytes | None = None) -> None:
        self._text, self._raw = text, raw

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = (self._raw or b"").decode("utf-8")
        return self._text

    @property
    def raw(self) -> bytes:
        if self._raw is None:
            self._raw = (self._text or "").encode("utf-8", "surrogatepass")
        return self._raw


def read_page(html: str | bytes) -> tuple[HtmlElement, PageText]:
    """The parsed tree of a page and its text (see ``load_html`` for the choice of encoding).

    Bytes that are not ASCII are first parsed as UTF-8 as they stand: libxml2 reports any byte
    sequence that is not UTF-8 (``ERR_INVALID_ENCODING``, exactly the sequences Python refuses),
    and only then is the page decoded by the rules of ``load_html`` and parsed again. Past
    ``_MAX_LOGGED`` errors libxml2 stops reporting, so a page that noisy is decoded to check."""
    if isinstance(html, bytes) and not html.isascii() and not html.startswith((b"\xff\xfe", b"\xfe\xff")):
        refuse_binary(html)
        data = html[3:] if html.startswith(b"\xef\xbb\xbf") else html
        if not _maybe_blank(data):
            try:
                root = _parse(data)
            except NotAnArticle:
                pass  # the rules of load_html decide (bytes that are not UTF-8 may parse as cp1258)
            else:
                log = _PARSER.error_log
                if len(log) < _MAX_LOGGED and not any(e.type == _INVALID_ENCODING for e in log):
                    return root, PageText(raw=data)
    text, utf8 = load_html(html)
    return parse_html(text, utf8), PageText(text, utf8)


_INVALID_ENCODING = lxml.etree.ErrorTypes.ERR_INVALID_ENCODING
_MAX_LOGGED = 90  # libxml2 2.14 keeps the first 100 errors of a parse


def _maybe_blank(data: bytes) -> bool:
    """Whether the page may be empty or all whitespace (``str.isspace`` also takes a few control
    bytes and Unicode spaces such as U+00A0): only then is the text needed to tell."""
    rest = data.lstrip(b" \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f")
    return not rest or rest[0] >= 0x80


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
    return _parse(data if data is not None else text.encode("utf-8", "surrogatepass"))


def _parse(data: bytes) -> HtmlElement:
    data = _cut_long_tags(_XML_DECL.sub(b"", data))
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
            el.tail = settable(" " + (el.tail or ""))
    lxml.etree.strip_elements(root, *_STRIP_TAGS, with_tail=False)
