"""Recording a live crawl (from a local HTTP server) into a WARC that then replays the same pages."""

from __future__ import annotations

import gzip
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler.middlewares.record import RecordMiddleware, RecordPathError, record_path
from crawler.replay import ReplayArchive, WarcRecorder
from tests.replay_test_project.crawl import run_crawl

HOME = (
    '<html><body><a href="/nen.html">nén</a> <a href="/khuc.html">khúc</a> <a href="/cu">cũ</a></body></html>'
)
PAGES = {
    "/": HOME.encode(),
    "/nen.html": "<html><body><p>Trang nén gzip: Lâm Đồng</p></body></html>".encode(),
    "/khuc.html": "<html><body><p>Trang gửi từng khúc: Cần Thơ</p></body></html>".encode(),
    "/moi.html": "<html><body><p>Trang mới: Lào Cai</p></body></html>".encode(),
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Transfer-Encoding" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        html = {"Content-Type": "text/html; charset=utf-8"}
        if self.path == "/nen.html":
            self._send(200, {**html, "Content-Encoding": "gzip"}, gzip.compress(PAGES[self.path]))
        elif self.path == "/khuc.html":
            packed = gzip.compress(PAGES[self.path])
            chunks = [packed[i : i + 16] for i in range(0, len(packed), 16)]
            body = b"".join(b"%x\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n"
            self._send(200, {**html, "Content-Encoding": "gzip", "Transfer-Encoding": "chunked"}, body)
        elif self.path == "/cu":
            self._send(301, {"Location": "/moi.html"}, b"")
        elif self.path in PAGES:
            self._send(200, html, PAGES[self.path])
        else:
            self._send(404, {"Content-Type": "text/plain"}, b"not found")


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _raw_records(path: Path) -> dict[str, tuple[object, bytes]]:
    """url -> (http headers, payload as stored) of the response records."""
    out = {}
    with path.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if record.rec_type == "response":
                out[record.rec_headers.get_header("WARC-Target-URI")] = (
                    record.http_headers,
                    record.raw_stream.read(),
                )
    return out


def test_record_then_replay(tmp_path, server):
    warc = tmp_path / "nested" / "dir" / "live.warc.gz"
    out = tmp_path / "live.json"
    done = run_crawl(
        out,
        [f"{server}/"],
        f"RECORD={warc}",
        "DOWNLOAD_DELAY=0",
        "AUTOTHROTTLE_ENABLED=False",
        "RETRY_ENABLED=False",
    )
    assert done.returncode == 0, done.stderr[-3000:]
    live = json.loads(out.read_text())
    stats = live["stats"]
    # robots.txt (404), home, gzip page, chunked page, redirect, redirect target
    assert stats["record/written"] == stats["downloader/response_count"] == 6

    raw = _raw_records(warc)
    nen_headers, nen_payload = raw[f"{server}/nen.html"]
    assert nen_headers.get_header("Content-Encoding") == "gzip"  # recorded before HttpCompression
    assert gzip.decompress(nen_payload) == PAGES["/nen.html"]
    khuc_headers, khuc_payload = raw[f"{server}/khuc.html"]
    assert khuc_headers.get_header("Transfer-Encoding") is None  # Twisted de-chunked it
    assert khuc_headers.get_header("Content-Length") == str(len(khuc_payload))
    assert gzip.decompress(khuc_payload) == PAGES["/khuc.html"]
    assert raw[f"{server}/cu"][0].get_statuscode() == "301"
    with warc.open("rb") as fh:
        requests = [r for r in ArchiveIterator(fh) if r.rec_type == "request"]
    assert len(requests) == 6
    assert requests[1].http_headers.get_header("User-Agent").startswith("vnnews-crawler/")

    archive = ReplayArchive.open(warc)
    for path, body in PAGES.items():
        got = archive.get(f"{server}{path}")
        assert got is not None and got.body == body, path
    assert archive.get(f"{server}/cu").header("Location") == "/moi.html"
    assert archive.get(f"{server}/robots.txt").status == 404

    # The recording replays as the same crawl, without the network.
    replayed_out = tmp_path / "replayed.json"
    done = run_crawl(replayed_out, [f"{server}/"], f"REPLAY={warc}", guard=True)
    assert done.returncode == 0, done.stderr[-3000:]
    replayed = json.loads(replayed_out.read_text())
    assert replayed["network"] == []

    def pages(result):
        return sorted((r["url"], r["status"], r["text"], r["redirect_urls"]) for r in result["responses"])

    assert pages(replayed) == pages(live)
    assert all(r["flags"] == ["replay"] for r in replayed["responses"])


def test_recorder_flushes_every_pair(tmp_path):
    path = tmp_path / "partial.warc.gz"
    rec = WarcRecorder(path)
    rec.write("https://a.vn/1", 200, [("Content-Type", "text/html")], b"<p>1</p>")
    rec.write("https://a.vn/2", 200, [("Content-Type", "text/html")], b"<p>2</p>")
    # Not closed, as after a kill: what is on disk already replays.
    archive = ReplayArchive.open(path)
    assert [r.url for r in archive.records()] == ["https://a.vn/1", "https://a.vn/2"]
    assert archive.get("https://a.vn/2").body == b"<p>2</p>"
    rec.close()


def _middleware(tmp_path: Path, record: str) -> tuple[RecordMiddleware, object]:
    crawler = get_crawler(settings_dict={"RECORD": record})
    return RecordMiddleware.from_crawler(crawler), crawler


def test_middleware_skips_replayed_and_cached_responses(tmp_path):
    mw, crawler = _middleware(tmp_path, str(tmp_path / "r.warc"))
    req = Request("https://a.vn/")
    for flags in (["replay"], ["cached"]):
        resp = HtmlResponse("https://a.vn/", body=b"<p>x</p>", flags=flags, request=req)
        assert mw.process_response(req, resp) is resp
    live = HtmlResponse("https://a.vn/", body=b"<p>x</p>", request=req, headers={"Content-Type": "text/html"})
    assert mw.process_response(req, live) is live
    mw.spider_closed()
    assert [r.url for r in ReplayArchive.open(tmp_path / "r.warc").records()] == ["https://a.vn/"]
    assert crawler.stats.get_value("record/written") == 1


def test_middleware_configuration(tmp_path):
    with pytest.raises(NotConfigured):
        RecordMiddleware.from_crawler(get_crawler(settings_dict={}))
    (tmp_path / "file").write_text("x")
    with pytest.raises(RecordPathError, match="RECORD path not writable"):
        RecordMiddleware.from_crawler(
            get_crawler(settings_dict={"RECORD": str(tmp_path / "file" / "r.warc")})
        )


def test_record_path_placeholders():
    from datetime import UTC, datetime

    now = datetime(2025, 7, 1, 3, 4, 5, 123, tzinfo=UTC)
    assert record_path("rec/%(name)s-%(time)s.warc.gz", "baolamdong", now) == (
        "rec/baolamdong-2025-07-01T03-04-05.warc.gz"
    )
    assert record_path("rec/plain.warc.gz", "x", now) == "rec/plain.warc.gz"
