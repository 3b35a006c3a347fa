"""What a fetched document is, from its first bytes: a user may pass any URL as a start URL,
and ``/rss``, ``/sitemap.xml`` or ``/thoi-su`` say nothing reliable about the content."""

from __future__ import annotations

import codecs
import re

from .safexml import decompress

SNIFF_BYTES = 64 * 1024

_PROLOG = re.compile(
    r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!DOCTYPE(?:[^\[>]*\[.*?\])?[^>]*>)*",
    re.S | re.I,
)
_FIRST_TAG = re.compile(r"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_HTML_HINT = re.compile(r"<(?:!doctype\s+html|html|head|body)\b", re.I)

_ROOTS = {
    "rss": "rss",
    "feed": "atom",
    "sitemapindex": "sitemapindex",
    "urlset": "urlset",
    "html": "html",
}


def _decode(head: bytes) -> str:
    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def sniff_kind(body: bytes, url: str, content_type: str | None) -> str:
    """``"rss" | "atom" | "sitemapindex" | "urlset" | "html" | "json" | "unknown"`` from the root element
    of the (gunzipped, first 64 KB of the) body; ``content_type`` only settles HTML without an
    ``<html>`` element. ``url`` is not used to decide (it names the document in logs only)."""
    head = _decode(decompress(body, max_size=SNIFF_BYTES, source=url, warn=False))
    rest = head[_PROLOG.match(head).end() :]
    m = _FIRST_TAG.match(rest)
    if m:
        name = m.group(2)
        if name in _ROOTS:
            return _ROOTS[name]
        if name == "RDF" and "purl.org/rss" in head:  # RSS 1.0
            return "rss"
        if name.lower() in ("html", "head", "body"):
            return "html"
    if _HTML_HINT.search(head) or "html" in (content_type or "").lower():
        return "html"
    if rest.lstrip()[:1] in ("{", "[") or "json" in (content_type or "").lower():
        return "json"
    return "unknown"
