"""Stored HTTP payloads made ready to serve: de-chunked, decoded, and typed.

A WARC stores a body as it came over the wire (chunked, gzip/br-encoded); the replay serves what
Scrapy's HttpCompressionMiddleware would have produced, so the archive, not the middleware chain,
decodes it. Pages in a directory archive carry no headers, so their type is guessed here too.

Decoding: ``Transfer-Encoding: chunked`` is undone, then each ``Content-Encoding`` (gzip, x-gzip,
deflate, br, zstd) from the last applied to the first, and the ``Content-Encoding``,
``Transfer-Encoding`` and ``Content-Length`` headers are removed. A body that fails to decode is
served as stored (some tools store decoded bodies under the original header), with a warning.

Content type of directory pages, when not given: by extension (``.html``/``.htm`` text/html,
``.xml`` application/xml, ``.rss`` application/rss+xml, ``.atom`` application/atom+xml,
``.txt`` text/plain), else sniffed from the first bytes (an XML declaration, ``<rss``,
``<feed``, ``<urlset`` or ``<sitemapindex`` without ``<html`` is application/xml, else text/html).
"""

from __future__ import annotations

import io
import logging
import re
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from warcio.bufferedreaders import ChunkedDataReader

logger = logging.getLogger(__name__)

Headers = list[tuple[str, str]]

# Headers that describe the stored bytes, not the decoded body that is served.
_ENCODING_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_EXT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain",
}
_XML_ROOTS = re.compile(rb"<(?:\?xml|rss|feed|urlset|sitemapindex|rdf:RDF)\b", re.IGNORECASE)
_HTML_MARK = re.compile(rb"<(?:!doctype\s+html|html)\b", re.IGNORECASE)


# --- payload decoding -----------------------------------------------------------------------


# A stored body never decodes to more than this (a recorded gzip bomb must not exhaust memory in
# a replay; live crawls have Scrapy's DOWNLOAD_MAXSIZE check on the decompressed size instead,
# and the replay middleware applies DOWNLOAD_MAXSIZE to the decoded body as well).
MAX_DECODED_BYTES = 64 * 1024 * 1024


def _bounded(d: Any, data: bytes, produced: int) -> bytes:
    out = d.decompress(data, MAX_DECODED_BYTES - produced + 1)
    if produced + len(out) > MAX_DECODED_BYTES or d.unconsumed_tail:
        raise ValueError(f"decodes to more than {MAX_DECODED_BYTES} bytes")
    return out


def _gunzip(data: bytes) -> bytes:
    out: list[bytes] = []
    produced = 0
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out.append(_bounded(d, data, produced))
        produced += len(out[-1])
        if not d.eof:
            raise zlib.error("truncated gzip data")
        data = d.unused_data.lstrip(b"\0")
    return b"".join(out)


def _inflate(data: bytes) -> bytes:
    try:
        return _inflate_with(zlib.MAX_WBITS, data)
    except zlib.error:
        return _inflate_with(-zlib.MAX_WBITS, data)  # raw deflate, as some servers send


def _inflate_with(wbits: int, data: bytes) -> bytes:
    d = zlib.decompressobj(wbits)
    out = _bounded(d, data, 0)
    if not d.eof:
        raise zlib.error("truncated deflate data")
    return out


def _unbrotli(data: bytes) -> bytes:
    import brotli  # optional; Scrapy's own br support needs it too

    return brotli.decompress(data)


def _unzstd(data: bytes) -> bytes:
    try:
        from compression import zstd  # Python 3.14
    except ImportError:
        try:
            from backports import zstd
        except ImportError:
            import zstandard

            return zstandard.ZstdDecompressor().decompressobj().decompress(data)
    return zstd.decompress(data)


_DECODERS = {"gzip": _gunzip, "x-gzip": _gunzip, "deflate": _inflate, "br": _unbrotli, "zstd": _unzstd}


def _dechunk(data: bytes) -> bytes:
    # warcio's reader falls back to the bytes as they are when they are not chunked after all.
    return ChunkedDataReader(io.BytesIO(data)).read()


def decode_payload(url: str, headers: Sequence[tuple[str, str]], body: bytes) -> tuple[Headers, bytes]:
    """De-chunk and decode a stored HTTP payload; drop the headers that described the stored form."""

    def values(name: str) -> list[str]:
        return [v.strip().lower() for k, vs in headers if k.lower() == name for v in vs.split(",")]

    if "chunked" in values("transfer-encoding"):
        body = _dechunk(body)
    for encoding in reversed([e for e in values("content-encoding") if e and e != "identity"]):
        decoder = _DECODERS.get(encoding)
        try:
            if decoder is None:
                raise ValueError(f"unsupported Content-Encoding {encoding!r}")
            body = decoder(body)
        except Exception as exc:  # any decoder failure means "serve as stored"
            logger.warning("Serving %s as stored: its body does not decode as %s (%s)", url, encoding, exc)
            break
    kept = [(k, v) for k, v in headers if k.lower() not in _ENCODING_HEADERS]
    return kept, body


# --- content types --------------------------------------------------------------------------


def sniff_content_type(head: bytes) -> str:
    """XML (feeds, sitemaps) or HTML, from the first bytes of a file without a telling extension."""
    head = head[:2048]
    if _XML_ROOTS.search(head) and not _HTML_MARK.search(head):
        return "application/xml"
    return "text/html"


def guess_content_type(path: Path) -> str:
    """The type of a saved page that came without headers: by extension, else sniffed."""
    ext = path.suffix.lower() if "?" not in path.name else Path(path.name.split("?", 1)[0]).suffix.lower()
    if ext in _EXT_TYPES:
        return _EXT_TYPES[ext]
    try:
        with path.open("rb") as fh:
            return sniff_content_type(fh.read(2048))
    except OSError:
        return "text/html"
