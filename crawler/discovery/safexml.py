"""Reading XML we did not write: feeds and sitemaps from any server a user points us at.

Every feed and sitemap byte goes through here so that hostile input costs little: gzip is
inflated with a cap (a 1 MB bomb inflates to 1 GB), entities are never expanded or fetched
(billion laughs, XXE to ``file:///etc/passwd``), a broken document yields what libxml2 can recover,
and a document stops being read after ``MAX_ENTRIES`` entries (the sitemap protocol's limit).
Parsing is incremental, with entries dropped from the tree once read, so memory stays bounded.
"""

from __future__ import annotations

import html
import logging
import re
import zlib
from collections.abc import Iterator

from lxml import etree

logger = logging.getLogger(__name__)

MAX_DECOMPRESSED = 50 * 1024 * 1024  # bytes of XML read from one body, after gunzip
MAX_ENTRIES = 50_000  # <url>/<sitemap>/<item>/<entry> elements read from one document
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 256 * 1024


def is_gzip(body: bytes) -> bool:
    return body[:2] == GZIP_MAGIC


def iter_body(
    body: bytes, *, max_size: int = MAX_DECOMPRESSED, source: str = "", warn: bool = True
) -> Iterator[bytes]:
    """The body in chunks, gunzipped when it carries the gzip magic, never more than ``max_size`` bytes.

    Servers send ``.xml.gz`` sitemaps as ``application/x-gzip`` without ``Content-Encoding``, so
    Scrapy hands them over still compressed; the cap is what makes a gzip bomb harmless.
    """
    if not is_gzip(body):
        end = min(len(body), max_size)
        for start in range(0, end, _CHUNK):
            yield body[start : min(start + _CHUNK, end)]
        if warn and len(body) > max_size:
            logger.warning("Document %s is larger than %d bytes; the rest is ignored", source, max_size)
        return
    produced = 0
    data = body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    while True:
        room = max_size - produced
        if room <= 0:
            if warn and (data or not inflater.eof):
                logger.warning("Gzipped %s inflates past %d bytes; the rest is ignored", source, max_size)
            return
        try:
            out = inflater.decompress(data, min(_CHUNK, room))
        except zlib.error as exc:
            logger.warning("Broken gzip data in %s after %d bytes: %s", source, produced, exc)
            return
        data = inflater.unconsumed_tail
        if out:
            produced += len(out)
            yield out
            continue
        if inflater.eof and is_gzip(inflater.unused_data):  # a multi-member gzip file
            data = inflater.unused_data
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            continue
        if not inflater.eof and warn:
            logger.warning("Gzipped document %s is truncated after %d bytes", source, produced)
        return


def decompress(
    body: bytes, *, max_size: int = MAX_DECOMPRESSED, source: str = "", warn: bool = True
) -> bytes:
    """``iter_body`` joined: at most ``max_size`` bytes of the (gunzipped) body."""
    return b"".join(iter_body(body, max_size=max_size, source=source, warn=warn))


def _parser_options() -> dict[str, bool]:
    # resolve_entities=False: no entity is ever substituted (internal or external); load_dtd=False and
    # no_network=True: nothing is fetched; huge_tree=False keeps libxml2's depth and text-size limits.
    return {
        "resolve_entities": False,
        "no_network": True,
        "huge_tree": False,
        "load_dtd": False,
        "recover": True,
        "remove_comments": True,
        "remove_pis": True,
    }


def safe_parser() -> etree.XMLParser:
    """A whole-document parser with the same protections, for callers that want a tree."""
    return etree.XMLParser(**_parser_options())


def localname(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


class _EntryTagTracker:
    """Where the last entry start and end tags are in the raw input, to tell whether it ended
    inside an entry: libxml2's recovery closes such an entry and would hand over a cut URL."""

    _OVERLAP = 512

    def __init__(self, names: frozenset[str]) -> None:
        alternatives = b"|".join(re.escape(n.encode()) for n in sorted(names))
        self._start = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:" + alternatives + rb")(?:\s[^<>]*)?(/?)>")
        self._end = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?(?:" + alternatives + rb")\s*>")
        self._offset = 0
        self._carry = b""
        self.last_start = -1
        self.last_end = -1

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk
        base = self._offset - len(self._carry)
        for m in self._start.finditer(data):
            if m.group(1):  # <url/>: opens and closes
                self.last_end = max(self.last_end, base + m.start())
            else:
                self.last_start = max(self.last_start, base + m.start())
        for m in self._end.finditer(data):
            self.last_end = max(self.last_end, base + m.start())
        self._offset += len(chunk)
        self._carry = data[-self._OVERLAP :]

    @property
    def ended_inside_entry(self) -> bool:
        return self.last_start > self.last_end


def iter_entries(
    body: bytes,
    entry_names: frozenset[str],
    *,
    source: str = "",
    max_size: int = MAX_DECOMPRESSED,
    max_entries: int = MAX_ENTRIES,
) -> Iterator[tuple[str, etree._Element]]:
    """``("root", root)`` once, then ``("entry", element)`` for each complete top-most element whose
    local name is in ``entry_names``, in document order.

    An entry is only valid until the next one is requested: it is cleared from the tree right
    after, which is what keeps a 50,000-URL sitemap small in memory. An entry cut by the end of
    the input (a truncated download, the size cap) is dropped. Never raises on bad XML.
    """
    parser = etree.XMLPullParser(events=("start", "end"), **_parser_options())
    tracker = _EntryTagTracker(entry_names)
    seen_root = False
    open_entry: etree._Element | None = None
    count = 0
    chunks = iter_body(body, max_size=max_size, source=source)
    finished = capped = False
    while not (finished or capped):
        chunk = next(chunks, None)
        try:
            if chunk is None:
                finished = True
                parser.close()
            else:
                tracker.feed(chunk)
                parser.feed(chunk)
            events = list(parser.read_events())
        except etree.LxmlError as exc:
            logger.warning("Malformed XML in %s after %d entries: %s", source, count, exc)
            return
        ready: list[etree._Element] = []
        for event, el in events:
            if not seen_root:
                seen_root = True
                yield "root", el
            if open_entry is None:
                if event == "start" and localname(el) in entry_names:
                    if count >= max_entries:
                        logger.warning("%s has over %d entries; the rest is ignored", source, max_entries)
                        capped = True
                        break
                    open_entry = el
            elif event == "end" and el is open_entry:
                open_entry = None
                count += 1
                ready.append(el)
        if finished and ready and tracker.ended_inside_entry:
            # After an error libxml2 may hold every later event back until close(), so only the
            # last entry can be the one the input ended in.
            ready.pop()
            logger.warning("%s ends inside an entry (truncated); that entry is dropped", source)
        for el in ready:
            yield "entry", el
            _forget(el)
    if not seen_root:
        logger.warning("No XML document in %s", source or "body")


def _forget(el: etree._Element) -> None:
    """Drop a read entry and its earlier siblings from the tree being built."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def text_of(el: etree._Element) -> str:
    """The element's text with children's text, HTML named entities such as ``&nbsp;`` (left
    unresolved by the parser) turned into characters and any other entity reference dropped."""
    parts = [el.text or ""]
    for child in el:
        if isinstance(child, etree._Entity):
            parts.append(_entity_char(child.name))
        elif isinstance(child.tag, str):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _entity_char(name: str) -> str:
    ref = f"&{name};"
    char = html.unescape(ref)
    return "" if char == ref else char


_ESCAPED_CDATA = re.compile(r"^\s*<!\[CDATA\[(.*?)\]\]>\s*$", re.S)
_TAG = re.compile(r"<[^>]{0,2000}>")
# Only complete references: html.unescape alone also reads "&reg" in "?a=1&region=2" as "®".
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def unwrap_cdata(text: str) -> str:
    """The content of a literal ``<![CDATA[...]]>`` (what entity-escaped CDATA parses to)."""
    m = _ESCAPED_CDATA.match(text)
    return m.group(1) if m else text


def unwrap_text(text: str) -> str:
    """Text as the publisher meant it: Google News titles arrive as entity-escaped CDATA
    (``&lt;![CDATA[...]]&gt;``), which parses to a literal ``<![CDATA[...]]>``; feeds often
    double-escape entities (``&amp;quot;``) or carry markup in titles."""
    text = unwrap_cdata(text)
    if "<" in text:
        text = _TAG.sub(" ", text)
    if "&" in text:
        text = _REFERENCE.sub(lambda m: html.unescape(m.group(0)), text)
    return text
