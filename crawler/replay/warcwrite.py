"""WARC files written: what ``-s RECORD=...`` and ``python -m crawler.replay pack`` produce.

:func:`write_warc` packs ``(url, status, headers, body)`` entries into a WARC 1.0 file (gzip per
record when the path ends in ``.gz``): a ``warcinfo`` record, then per entry a ``response`` record
and a ``request`` record (``GET``) linked by ``WARC-Concurrent-To``. The body is written verbatim as
the HTTP payload. :class:`WarcRecorder` is the incremental form that the record middleware uses.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote, urlsplit, urlunsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler import __version__
from crawler.replay.archive import Recorded
from crawler.replay.payload import Headers


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
        warc_headers: Mapping[str, str] | None = None,
    ) -> None:
        """One exchange. ``body`` is stored verbatim as the HTTP payload; ``Content-Length`` is set
        to its length unless the headers say it is chunked. ``warc_headers`` are added to the
        response record (why a page was kept, say); readers ignore headers they do not know."""
        if self._fh is None:
            raise ValueError("recorder is closed")
        protocol = protocol if protocol in ("HTTP/1.0", "HTTP/1.1") else "HTTP/1.1"
        resp_headers = _pairs(headers)
        chunked = any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in resp_headers)
        if not chunked:
            resp_headers = [(k, v) for k, v in resp_headers if k.lower() != "content-length"]
            resp_headers.append(("Content-Length", str(len(body))))
        record_headers = dict(warc_headers or {})
        if ip_address:
            record_headers["WARC-IP-Address"] = ip_address
        resp = self._writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            warc_headers_dict=record_headers,
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
