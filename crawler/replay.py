"""Saved pages served instead of the network: WARC files and directories of pages, read and written.

Scrapy-free, so that tests, the ``python -m crawler.replay`` tool and the replay middleware share it.

Archives that ``ReplayArchive.open(path)`` reads
------------------------------------------------

**WARC** (any path that is not a directory; ``.warc`` or ``.warc.gz``, gzip detected from the
content, one gzip member per record as every WARC tool writes them). ``response`` records are
served with their recorded status and headers; ``resource`` records as 200 with the record's
``Content-Type``; ``revisit`` records are skipped (counted in one log line); ``request``,
``warcinfo`` and ``metadata`` records are ignored. The file is indexed once when it is opened
(URL -> offset, status, content type); bodies are read from disk on each ``get``. A truncated
file (a recording that was killed) is served up to its last complete record, with a warning.

**Directory with an index**: ``index.jsonl`` or, if there is none, ``urls.tsv`` at its top.
File paths are relative to the directory and must stay inside it.

- ``index.jsonl``: one JSON object per line, blank lines skipped::

      {"url": "https://baolamdong.vn/", "file": "home.html"}
      {"url": "https://baolamdong.vn/rss/home.rss", "file": "home.rss", "content_type": "application/rss+xml"}
      {"url": "https://baolamdong.vn/cu", "status": 301, "location": "https://baolamdong.vn/moi.html"}
      {"url": "https://baolamdong.vn/het", "file": "404.html", "status": 404, "headers": [["X-A", "b"]]}

  ``url`` is required; ``file`` is required except for a 3xx with ``location``; ``status``
  (default 200), ``content_type`` (default: guessed, see below), ``location`` and ``headers``
  (a list of ``[name, value]`` pairs or an object) are optional.
- ``urls.tsv``: ``url<TAB>file[<TAB>status[<TAB>content_type]]`` per line; blank lines, lines
  starting with ``#`` and a first line starting with ``url<TAB>`` are skipped.

Only the listed URLs are served.

**Mirror directory** (no index file), the layout of ``wget -x``: ``<host>/<path>``, e.g.
``baolamdong.vn/kinh-te/gia-ca-phe-359750.html`` is ``https://baolamdong.vn/kinh-te/gia-ca-phe-359750.html``.

- A host directory is named like a host name (``baolamdong.vn``, ``localhost:8080``); other top-level
  entries (README files, hidden files) are ignored.
- ``<dir>/index.html`` is served for ``https://<host>/<dir>/`` (and for ``.../index.html``).
- A query string follows the file name after ``?``, as wget writes it on Unix
  (``tim-kiem?q=lua&page=2``), or after ``@`` (wget's ``--restrict-file-names=windows``) when the
  part after ``@`` contains ``=`` (``tim-kiem@q=lua&page=2``). It is kept as written, so write it
  percent-encoded as in the URL. ``index.html?page=2`` is ``https://<host>/?page=2``.
- Served files: ``.html``, ``.htm``, ``.xml``, ``.rss``, ``.atom``, ``.txt`` (robots.txt) and
  files without an extension; anything else (images, CSS, scripts) is ignored.
- Mirrored URLs are ``https``; a request for the ``http`` or ``www.`` form still finds them (below).

Content type of directory pages, when not given: by extension (``.html``/``.htm`` text/html,
``.xml`` application/xml, ``.rss`` application/rss+xml, ``.atom`` application/atom+xml,
``.txt`` text/plain), else sniffed from the first bytes (an XML declaration, ``<rss``,
``<feed``, ``<urlset`` or ``<sitemapindex`` without ``<html`` is application/xml, else text/html).

Lookup
------

``get(url)`` tries the exact URL, the URL without its fragment, then a normalised key
(:func:`lookup_key`: ``crawler.urls.normalize_url`` rules — https, lower-case host, default port
dropped, no fragment, sorted query — plus ``www.`` dropped, and with *every* query parameter kept,
so ``?page=2`` and ``?page=3`` stay different pages). When an archive holds a URL more than once,
the latest capture wins, except that a 5xx/429 never replaces a better one; among captures that
share only the normalised key, a 2xx beats a 3xx beats a 4xx. A redirect found only through the
normalised key that points back to the same key is not served (it would loop).

What ``get`` returns is ready to serve: the body de-chunked and decoded from its
``Content-Encoding`` (gzip, deflate, br, zstd), and the ``Content-Encoding``,
``Transfer-Encoding`` and ``Content-Length`` headers removed. A body that fails to decode is
served as stored (some tools store decoded bodies under the original header), with a warning.

Writing
-------

:func:`write_warc` packs ``(url, status, headers, body)`` entries into a WARC 1.0 file (gzip per
record when the path ends in ``.gz``): a ``warcinfo`` record, then per entry a ``response`` record
and a ``request`` record (``GET``) linked by ``WARC-Concurrent-To``. The body is written verbatim as
the HTTP payload. :class:`WarcRecorder` is the incremental form that the record middleware uses.

Command line::

    python -m crawler.replay pack DIR OUT.warc[.gz]   # a directory (or any archive) -> WARC
    python -m crawler.replay list ARCHIVE             # url<TAB>status<TAB>content type per record
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import re
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string
from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler import __version__
from crawler.urls import normalize_url

logger = logging.getLogger(__name__)

Headers = list[tuple[str, str]]

# Headers that describe the stored bytes, not the decoded body that is served.
_ENCODING_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
MIRROR_EXTENSIONS = frozenset({"", ".html", ".htm", ".xml", ".rss", ".atom", ".txt"})
_EXT_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".txt": "text/plain",
}
_HOST_DIR = re.compile(r"^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d{1,5})?$", re.IGNORECASE)
_XML_ROOTS = re.compile(rb"<(?:\?xml|rss|feed|urlset|sitemapindex|rdf:RDF)\b", re.IGNORECASE)
_HTML_MARK = re.compile(rb"<(?:!doctype\s+html|html)\b", re.IGNORECASE)


class ArchiveError(Exception):
    """An archive that cannot be opened or read; the message is one line for the user."""


@dataclass(frozen=True)
class Recorded:
    """One archived response, ready to be served as-is."""

    url: str
    status: int
    headers: Headers
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")


@dataclass(frozen=True)
class RecordInfo:
    """What the index knows about one record without reading its body."""

    url: str
    status: int
    content_type: str | None


@dataclass(slots=True)
class _Entry:
    url: str
    status: int
    content_type: str | None
    loc: int | str | None  # WARC offset, or a file path relative to a directory archive
    location: str | None = None  # Location of a redirect
    extra_headers: tuple[tuple[str, str], ...] = ()


# --- lookup ---------------------------------------------------------------------------------


def lookup_key(url: str) -> str:
    """The form under which URLs that name the same page meet: ``normalize_url`` without
    ``www.`` and with all query parameters kept (tracking-looking ones included)."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
        netloc = host if parts.port in (None, 80, 443) else f"{host}:{parts.port}"
        key = normalize_url(urlunsplit((parts.scheme, netloc, parts.path, "", "")))
        if parts.query:
            key += "?" + urlsplit(canonicalize_url("https://q.invalid/?" + parts.query)).query
        return key
    except ValueError:  # an invalid port or IPv6 literal: compare it as it is
        return url.strip()


def _capture_rank(status: int) -> int:
    return 1 if status >= 500 or status == 429 else 0


def _key_rank(status: int) -> int:
    if 200 <= status < 300:
        return 0
    if 300 <= status < 400:
        return 1
    if 400 <= status < 500 and status != 429:
        return 2
    return 3


class _UrlIndex:
    def __init__(self) -> None:
        self.exact: dict[str, _Entry] = {}
        self.by_key: dict[str, _Entry] = {}

    def add(self, entry: _Entry, *, alias: str | None = None) -> None:
        url = alias or entry.url
        old = self.exact.get(url)
        if old is None or _capture_rank(entry.status) <= _capture_rank(old.status):
            self.exact[url] = entry
        key = lookup_key(url)
        old = self.by_key.get(key)
        if old is None or _key_rank(entry.status) <= _key_rank(old.status):
            self.by_key[key] = entry

    def find(self, url: str) -> _Entry | None:
        entry = self.exact.get(url) or self.exact.get(url.split("#", 1)[0])
        if entry is not None:
            return entry
        key = lookup_key(url)
        entry = self.by_key.get(key)
        if entry is not None and entry.location and lookup_key(urljoin(entry.url, entry.location)) == key:
            return None  # a redirect to the URL that was asked for: serving it would loop
        return entry


# --- payload decoding -----------------------------------------------------------------------


# A stored body never decodes to more than this (a recorded gzip bomb must not exhaust memory in
# a replay; live crawls have Scrapy's DOWNLOAD_MAXSIZE check on the decompressed size instead).
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
    ext = path.suffix.lower() if "?" not in path.name else Path(path.name.split("?", 1)[0]).suffix.lower()
    if ext in _EXT_TYPES:
        return _EXT_TYPES[ext]
    try:
        with path.open("rb") as fh:
            return sniff_content_type(fh.read(2048))
    except OSError:
        return "text/html"


# --- archives -------------------------------------------------------------------------------


class ReplayArchive:
    """Saved responses by URL. ``ReplayArchive.open(path)`` picks the reader for the path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._index = _UrlIndex()
        self._entries: list[_Entry] = []

    @staticmethod
    def open(path: str | os.PathLike[str]) -> ReplayArchive:
        p = Path(path).expanduser()
        if not p.exists():
            raise ArchiveError(f"archive not found: {p}")
        if p.is_dir():
            return DirectoryArchive(p)
        return WarcArchive(p)

    def get(self, url: str) -> Recorded | None:
        entry = self._index.find(url)
        return None if entry is None else self._load(entry)

    def records(self) -> Iterator[RecordInfo]:
        """Every record in archive order (a URL captured twice appears twice)."""
        for e in self._entries:
            yield RecordInfo(e.url, e.status, e.content_type)

    def __iter__(self) -> Iterator[Recorded]:
        """Every record, loaded, in archive order."""
        for e in self._entries:
            yield self._load(e)

    def __len__(self) -> int:
        return len(self._entries)

    def _add(self, entry: _Entry, *aliases: str) -> None:
        self._entries.append(entry)
        self._index.add(entry)
        for alias in aliases:
            self._index.add(entry, alias=alias)

    def _load(self, entry: _Entry) -> Recorded:
        raise NotImplementedError


class WarcArchive(ReplayArchive):
    """A WARC file indexed at open time; record bodies are read from disk on demand."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._build_index()

    def _build_index(self) -> None:
        revisits = skipped = 0
        end = 0  # where the last complete record ends
        problem = None
        try:
            with self.path.open("rb") as fh:
                it = ArchiveIterator(fh)
                for record in it:
                    kind = record.rec_type
                    entry = self._entry_for(record) if kind in ("response", "resource") else None
                    offset = it.get_record_offset()  # reads the record to its end
                    if getattr(record.raw_stream, "limit", 0) > 0:
                        raise EOFError(f"the {kind} record at offset {offset} is cut short")
                    end = offset + it.get_record_length()
                    if kind == "revisit":
                        revisits += 1
                    elif kind in ("response", "resource"):
                        if entry is None:
                            skipped += 1
                        else:
                            entry.loc = offset
                            self._add(entry)
        except Exception as exc:  # warcio raises many kinds on bad input
            problem = str(exc) or type(exc).__name__
        trailing = self.path.stat().st_size - end
        if problem is None and trailing > 4:  # 4: the blank lines after an uncompressed record
            problem = f"{trailing} bytes after the last complete record"
        if problem and end == 0:
            raise ArchiveError(f"not a readable WARC file: {self.path} ({problem})")
        if problem:
            logger.warning(
                "WARC %s is readable only up to offset %d, %d records (%s); a truncated recording?",
                self.path,
                end,
                len(self._entries),
                problem,
            )
        if revisits:
            logger.info("WARC %s: %d revisit records ignored", self.path, revisits)
        if skipped:
            logger.info("WARC %s: %d records without a usable URL or HTTP status skipped", self.path, skipped)

    @staticmethod
    def _entry_for(record: Any) -> _Entry | None:
        url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip().strip("<>")
        if not url.lower().startswith(("http://", "https://")):
            return None
        if record.rec_type == "resource":
            return _Entry(url, 200, record.rec_headers.get_header("Content-Type"), None)
        http = record.http_headers
        if http is None:
            return None
        try:
            status = int(http.get_statuscode())
        except (TypeError, ValueError):
            return None
        location = http.get_header("Location") if 300 <= status < 400 else None
        return _Entry(url, status, http.get_header("Content-Type"), None, location)

    def _load(self, entry: _Entry) -> Recorded:
        assert isinstance(entry.loc, int)
        with self.path.open("rb") as fh:
            fh.seek(entry.loc)
            record = next(iter(ArchiveIterator(fh)))
            raw = record.raw_stream.read()
            if record.rec_type == "resource":
                ctype = record.rec_headers.get_header("Content-Type")
                return Recorded(entry.url, 200, [("Content-Type", ctype)] if ctype else [], raw)
            headers, body = decode_payload(entry.url, list(record.http_headers.headers), raw)
            return Recorded(entry.url, entry.status, headers, body)


class DirectoryArchive(ReplayArchive):
    """Saved pages in a directory: listed in ``index.jsonl``/``urls.tsv``, or a ``wget -x`` mirror."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.root = path.resolve()
        if (path / "index.jsonl").is_file():
            if (path / "urls.tsv").is_file():
                logger.warning("%s has both index.jsonl and urls.tsv; using index.jsonl", path)
            self._read_index(path / "index.jsonl", self._parse_jsonl_line)
        elif (path / "urls.tsv").is_file():
            self._read_index(path / "urls.tsv", self._parse_tsv_line)
        else:
            self._scan_mirror()

    # index files

    def _read_index(self, index: Path, parse: Any) -> None:
        bad = 0
        with index.open(encoding="utf-8-sig") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    entry = parse(line.rstrip("\r\n"), lineno)
                    if entry is not None:
                        self._add(entry)
                except (ValueError, TypeError, KeyError) as exc:
                    bad += 1
                    logger.warning("%s:%d skipped: %s", index, lineno, exc)
        if bad:
            logger.warning("%s: %d entries skipped", index, bad)

    def _entry(
        self,
        url: str,
        file: str | None,
        status: int = 200,
        content_type: str | None = None,
        location: str | None = None,
        headers: Iterable[tuple[str, str]] = (),
    ) -> _Entry:
        if not url.lower().startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) URL: {url!r}")
        if not 100 <= status <= 599:
            raise ValueError(f"bad status {status}")
        rel = None
        if file:
            target = (self.root / file).resolve()
            if not target.is_relative_to(self.root):
                raise ValueError(f"file outside the archive: {file!r}")
            if not target.is_file():
                raise ValueError(f"file not found: {file!r}")
            rel = target.relative_to(self.root).as_posix()
            content_type = content_type or guess_content_type(target)
        elif not (location and 300 <= status < 400):
            raise ValueError("an entry needs a file, or a 3xx status with a location")
        return _Entry(url, status, content_type, rel, location, tuple(headers))

    def _parse_jsonl_line(self, line: str, lineno: int) -> _Entry:
        obj = json.loads(line)
        if not isinstance(obj, dict) or not isinstance(obj.get("url"), str):
            raise ValueError("not an object with a string 'url'")
        headers = obj.get("headers") or []
        if isinstance(headers, dict):
            headers = list(headers.items())
        headers = [(str(k), str(v)) for k, v in headers]
        return self._entry(
            obj["url"],
            obj.get("file"),
            int(obj.get("status", 200)),
            obj.get("content_type"),
            obj.get("location"),
            headers,
        )

    def _parse_tsv_line(self, line: str, lineno: int) -> _Entry | None:
        if line.startswith("#") or (lineno == 1 and line.lower().startswith("url\t")):
            return None
        cols = line.split("\t")
        if len(cols) < 2:
            raise ValueError("expected url<TAB>file[<TAB>status[<TAB>content_type]]")
        status = int(cols[2]) if len(cols) > 2 and cols[2].strip() else 200
        ctype = cols[3].strip() if len(cols) > 3 and cols[3].strip() else None
        return self._entry(cols[0].strip(), cols[1].strip(), status, ctype)

    # mirror layout

    def _scan_mirror(self) -> None:
        for host_dir in sorted(self.root.iterdir()):
            if not host_dir.is_dir() or not _HOST_DIR.match(host_dir.name):
                continue
            for dirpath, dirnames, filenames in os.walk(host_dir):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if name.startswith("."):
                        continue
                    file = Path(dirpath) / name
                    urls = mirror_urls(file.relative_to(self.root).as_posix())
                    if urls:
                        rel = file.relative_to(self.root).as_posix()
                        self._add(_Entry(urls[0], 200, guess_content_type(file), rel), *urls[1:])

    def _load(self, entry: _Entry) -> Recorded:
        body = b""
        if isinstance(entry.loc, str):
            body = (self.root / entry.loc).read_bytes()
        headers: Headers = []
        if entry.content_type:
            headers.append(("Content-Type", entry.content_type))
        if entry.location:
            headers.append(("Location", entry.location))
        headers.extend(entry.extra_headers)
        return Recorded(entry.url, entry.status, headers, body)


def _split_query(name: str) -> tuple[str, str | None]:
    if "?" in name:
        base, query = name.split("?", 1)
        return base, query
    if "@" in name:
        base, query = name.split("@", 1)
        if "=" in query:
            return base, query
    return name, None


def mirror_urls(relpath: str) -> list[str]:
    """The URLs a file of a ``wget -x`` mirror stands for, the preferred first; [] if not served.

    ``example.vn/a/index.html?p=2`` -> ``https://example.vn/a/?p=2``, ``https://example.vn/a/index.html?p=2``.
    """
    host, _, path = relpath.partition("/")
    if not path:
        return []
    *dirs, name = path.split("/")
    base, query = _split_query(name)
    if Path(base).suffix.lower() not in MIRROR_EXTENSIONS:
        return []
    suffix = f"?{query}" if query is not None else ""
    prefix = f"https://{host.lower()}/" + "".join(f"{d}/" for d in dirs)
    urls = [prefix + base + suffix]
    if base == "index.html":
        urls.insert(0, prefix + suffix)
    return [safe_url_string(u) for u in urls]


# --- writing --------------------------------------------------------------------------------


def _ascii_header(value: str) -> str:
    """Non-ASCII characters percent-encoded as UTF-8 (URLs in ``Location`` stay URLs), before
    warcio would quote the whole value, ``:`` and ``/`` included."""
    if value.isascii():
        return value
    return quote(value, safe="".join(chr(c) for c in range(0x20, 0x7F)))


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _pairs(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> Headers:
    items = headers.items() if isinstance(headers, Mapping) else headers
    return [(_ascii_header(str(k)), _ascii_header(str(v))) for k, v in items]


class WarcRecorder:
    """Request+response record pairs appended to a WARC file, flushed per pair, so that a
    killed process leaves a readable prefix. gzip (one member per record) for a ``.gz`` path."""

    def __init__(self, path: str | os.PathLike[str], *, gzip: bool | None = None, software: str = "") -> None:
        self.path = Path(path).expanduser()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh: BinaryIO | None = self.path.open("wb")
        self._writer = WARCWriter(self._fh, gzip=self.path.name.endswith(".gz") if gzip is None else gzip)
        info = {
            "software": software or f"vnnews-crawler/{__version__} (warcio)",
            "format": "WARC File Format 1.0",
        }
        self._writer.write_record(self._writer.create_warcinfo_record(self.path.name, info))
        self._fh.flush()
        self.written = 0

    def write(
        self,
        url: str,
        status: int,
        headers: Mapping[str, str] | Iterable[tuple[str, str]],
        body: bytes,
        *,
        method: str = "GET",
        request_headers: Mapping[str, str] | Iterable[tuple[str, str]] = (),
        request_body: bytes = b"",
        protocol: str = "HTTP/1.1",
        ip_address: str | None = None,
    ) -> None:
        """One exchange. ``body`` is stored verbatim as the HTTP payload; ``Content-Length`` is set
        to its length unless the headers say it is chunked."""
        if self._fh is None:
            raise ValueError("recorder is closed")
        protocol = protocol if protocol in ("HTTP/1.0", "HTTP/1.1") else "HTTP/1.1"
        resp_headers = _pairs(headers)
        chunked = any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in resp_headers)
        if not chunked:
            resp_headers = [(k, v) for k, v in resp_headers if k.lower() != "content-length"]
            resp_headers.append(("Content-Length", str(len(body))))
        warc_headers = {"WARC-IP-Address": ip_address} if ip_address else {}
        resp = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            warc_headers_dict=warc_headers,
            http_headers=StatusAndHeaders(_status_line(status), resp_headers, protocol=protocol),
        )
        parts = urlsplit(url)
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        req_headers = _pairs(request_headers)
        if not any(k.lower() == "host" for k, _ in req_headers):
            req_headers.insert(0, ("Host", parts.netloc))
        req = self._writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(request_body),
            length=len(request_body),
            http_headers=StatusAndHeaders(f"{method} {target} {protocol}", req_headers, is_http_request=True),
        )
        self._writer.write_request_response_pair(req, resp)
        self._fh.flush()
        self.written += 1

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> WarcRecorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


Entry = Recorded | tuple[str, int, Mapping[str, str] | Iterable[tuple[str, str]], bytes]


def write_warc(entries: Iterable[Entry], path: str | os.PathLike[str]) -> int:
    """Pack ``(url, status, headers, body)`` entries (or ``Recorded``) into a WARC; returns how many."""
    with WarcRecorder(path) as rec:
        for entry in entries:
            if isinstance(entry, Recorded):
                rec.write(entry.url, entry.status, entry.headers, entry.body)
            else:
                url, status, headers, body = entry
                rec.write(url, status, headers, body)
        return rec.written


# --- command line ---------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.replay", description="Replay archives.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_pack = sub.add_parser("pack", help="write the pages of DIR (or any archive) into a WARC")
    p_pack.add_argument("source")
    p_pack.add_argument("out")
    p_list = sub.add_parser("list", help="print url, status and content type of every record")
    p_list.add_argument("archive")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        if args.cmd == "pack":
            archive = ReplayArchive.open(args.source)
            n = write_warc(iter(archive), args.out)
            print(f"{n} records written to {args.out}", file=sys.stderr)
        else:
            archive = ReplayArchive.open(args.archive)
            for info in archive.records():
                print(f"{info.url}\t{info.status}\t{info.content_type or ''}")
    except (ArchiveError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
