"""Saved responses by URL: the archive formats ``ReplayArchive.open(path)`` reads, and lookup.

Archives
--------

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
  (default 200), ``content_type`` (default: guessed, see :mod:`crawler.replay.payload`),
  ``location`` and ``headers`` (a list of ``[name, value]`` pairs or an object) are optional.
- ``urls.tsv``: ``url<TAB>file[<TAB>status[<TAB>content_type]]`` per line; blank lines, lines
  starting with ``#`` and a first line starting with ``url<TAB>`` are skipped.

Only the listed URLs are served.

**Mirror directory** (no index file), the layout of ``wget -x``: ``<host>/<path>``; see
:mod:`crawler.replay.mirror` for which files are served under which URLs.

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
``Content-Encoding`` (gzip, deflate, br, zstd) by :func:`crawler.replay.payload.decode_payload`,
and the ``Content-Encoding``, ``Transfer-Encoding`` and ``Content-Length`` headers removed.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url
from warcio.archiveiterator import ArchiveIterator

from crawler.replay.mirror import mirror_files
from crawler.replay.payload import Headers, decode_payload, guess_content_type
from crawler.urls import normalize_url

logger = logging.getLogger(__name__)


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
        for file, urls in mirror_files(self.root):
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
