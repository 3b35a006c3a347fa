"""Replay archives (WARC and directories), the replay middleware, and a real replayed crawl."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.middlewares.replay import ReplayMiddleware, ReplayPathError
from crawler.replay import ReplayArchive, lookup_key, main, mirror_urls, write_warc
from tests.replay_test_project.crawl import run_crawl

ROOT = Path(__file__).resolve().parents[1]
HTML = [("Content-Type", "text/html; charset=utf-8")]
ROBOTS = b"User-agent: *\nDisallow: /cam/\n"
PAGE = "<html><head><title>Trang chủ</title></head><body><p>Mưa lớn ở Đà Lạt</p></body></html>".encode()


def _archive(tmp_path: Path, entries, name: str = "a.warc.gz") -> ReplayArchive:
    path = tmp_path / name
    write_warc(entries, path)
    return ReplayArchive.open(path)


# --- WARC round trip ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["site.warc.gz", "site.warc"])
def test_warc_round_trip(tmp_path, name):
    # A header that is not ASCII is stored %-encoded.
    headers = [*HTML, ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X-Tên", "giá trị")]
    archive = _archive(
        tmp_path,
        [
            ("https://baolamdong.vn/", 200, headers, PAGE),
            ("https://baolamdong.vn/rss.xml", 200, [("Content-Type", "application/rss+xml")], b"<rss/>"),
        ],
        name,
    )
    raw = (tmp_path / name).read_bytes()
    assert raw.startswith(b"\x1f\x8b") == name.endswith(".gz")
    got = archive.get("https://baolamdong.vn/")
    assert got is not None
    assert (got.status, got.body, got.url) == (200, PAGE, "https://baolamdong.vn/")
    assert [v for k, v in got.headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert got.content_type == "text/html; charset=utf-8"
    assert got.header("Content-Length") is None  # describes stored bytes, not what is served
    assert got.header("X-T%C3%AAn") == "gi%C3%A1 tr%E1%BB%8B"
    assert archive.get("https://baolamdong.vn/rss.xml").body == b"<rss/>"
    assert [(r.url, r.status) for r in archive.records()] == [
        ("https://baolamdong.vn/", 200),
        ("https://baolamdong.vn/rss.xml", 200),
    ]


def test_warc_has_request_and_response_records(tmp_path):
    from warcio.archiveiterator import ArchiveIterator

    write_warc([("https://baocantho.com.vn/a-1.html?x=1", 200, HTML, PAGE)], tmp_path / "a.warc.gz")
    with (tmp_path / "a.warc.gz").open("rb") as fh:
        records = [(r.rec_type, r.rec_headers, r.http_headers) for r in ArchiveIterator(fh)]
    assert [t for t, _, _ in records] == ["warcinfo", "response", "request"]
    resp, req = records[1], records[2]
    assert req[2].protocol == "GET" and req[2].statusline.startswith("/a-1.html?x=1 ")
    assert req[2].get_header("Host") == "baocantho.com.vn"
    assert req[1].get_header("WARC-Concurrent-To") == resp[1].get_header("WARC-Record-ID")
    assert resp[2].get_statuscode() == "200"
    assert resp[2].get_header("Content-Length") == str(len(PAGE))


def test_missing_url_is_none(tmp_path):
    archive = _archive(tmp_path, [("https://baolaocai.vn/", 200, HTML, PAGE)])
    assert archive.get("https://baolaocai.vn/khong-co.html") is None
    assert archive.get("https://khac.vn/") is None


# --- lookup -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "asked",
    [
        "https://baolamdong.vn/kinh-te/ca-phe-359750.html",
        "http://baolamdong.vn/kinh-te/ca-phe-359750.html",
        "https://www.baolamdong.vn/kinh-te/ca-phe-359750.html",
        "https://BaoLamDong.vn:443/kinh-te/ca-phe-359750.html#binh-luan",
        "http://baolamdong.vn:80/kinh-te/ca-phe-359750.html",
    ],
)
def test_normalised_lookup(tmp_path, asked):
    archive = _archive(tmp_path, [("https://baolamdong.vn/kinh-te/ca-phe-359750.html", 200, HTML, PAGE)])
    got = archive.get(asked)
    assert got is not None and got.body == PAGE


def test_query_strings_stay_significant(tmp_path):
    archive = _archive(
        tmp_path,
        [
            ("https://baolaocai.vn/tin-moi?page=2&cat=5", 200, HTML, b"page 2"),
            ("https://baolaocai.vn/tin-moi?page=3&cat=5", 200, HTML, b"page 3"),
            ("https://baolaocai.vn/tim?utm_source=x", 200, HTML, b"utm"),
        ],
    )
    assert archive.get("https://www.baolaocai.vn/tin-moi?cat=5&page=2").body == b"page 2"
    assert archive.get("http://baolaocai.vn/tin-moi?page=3&cat=5").body == b"page 3"
    assert archive.get("https://baolaocai.vn/tin-moi") is None
    assert archive.get("https://baolaocai.vn/tin-moi?page=4&cat=5") is None
    assert archive.get("https://baolaocai.vn/tim") is None  # even tracking-looking params count
    assert lookup_key("https://www.x.vn:443/a?b=1&a=2#f") == lookup_key("http://x.vn/a?a=2&b=1")


def test_latest_good_capture_wins(tmp_path):
    archive = _archive(
        tmp_path,
        [
            ("https://baocantho.com.vn/", 200, HTML, b"first"),
            ("https://baocantho.com.vn/", 200, HTML, b"second"),
            ("https://baocantho.com.vn/", 503, HTML, b"down"),
            ("https://www.baocantho.com.vn/x", 404, HTML, b"not found"),
            ("https://baocantho.com.vn/x", 200, HTML, b"found"),
        ],
    )
    assert archive.get("https://baocantho.com.vn/").body == b"second"
    assert archive.get("https://www.baocantho.com.vn/x").status == 404  # the exact capture
    assert archive.get("http://baocantho.com.vn/x").body == b"found"  # by key, a 200 beats a 404
    assert len(archive) == 5


def test_redirect_is_served_as_recorded(tmp_path):
    archive = _archive(
        tmp_path,
        [
            ("https://baolamdong.vn/cu.html", 301, [("Location", "/moi.html")], b""),
            ("https://baolamdong.vn/moi.html", 200, HTML, PAGE),
        ],
    )
    got = archive.get("https://baolamdong.vn/cu.html")
    assert got.status == 301 and got.header("Location") == "/moi.html"


def test_non_ascii_location_stays_a_url(tmp_path):
    archive = _archive(tmp_path, [("https://a.vn/x", 302, [("Location", "https://a.vn/tin-tức?a=1")], b"")])
    assert archive.get("https://a.vn/x").header("Location") == "https://a.vn/tin-t%E1%BB%A9c?a=1"


def test_redirect_back_to_itself_through_the_key_is_not_served(tmp_path):
    # Only the http capture exists and it redirects to https: asked for https, serving it would loop.
    archive = _archive(tmp_path, [("http://a.vn/p", 301, [("Location", "https://a.vn/p")], b"")])
    assert archive.get("http://a.vn/p").status == 301
    assert archive.get("https://a.vn/p") is None


# --- payload decoding -------------------------------------------------------------------------


def _brotli(data: bytes) -> bytes:
    brotli = pytest.importorskip("brotli")
    return brotli.compress(data)


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("br", _brotli),
    ],
)
def test_content_encoding_is_decoded(tmp_path, encoding, encode):
    headers = [*HTML, ("Content-Encoding", encoding), ("Vary", "Accept-Encoding")]
    archive = _archive(tmp_path, [("https://a.vn/", 200, headers, encode(PAGE))])
    got = archive.get("https://a.vn/")
    assert got.body == PAGE
    assert got.header("Content-Encoding") is None and got.header("Content-Length") is None
    assert got.header("Vary") == "Accept-Encoding"


def test_chunked_and_gzipped_payload(tmp_path):
    packed = gzip.compress(PAGE)
    pieces = [packed[i : i + 7] for i in range(0, len(packed), 7)]
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces)
    headers = [*HTML, ("Transfer-Encoding", "chunked"), ("Content-Encoding", "gzip")]
    archive = _archive(tmp_path, [("https://a.vn/", 200, headers, chunked + b"0\r\n\r\n")])
    got = archive.get("https://a.vn/")
    assert got.body == PAGE
    assert got.header("Transfer-Encoding") is None and got.header("Content-Encoding") is None


def test_body_that_does_not_decode_is_served_as_stored(tmp_path, caplog):
    headers = [*HTML, ("Content-Encoding", "gzip")]  # a tool stored the decoded body under the header
    archive = _archive(tmp_path, [("https://a.vn/", 200, headers, PAGE)])
    got = archive.get("https://a.vn/")
    assert got.body == PAGE and got.header("Content-Encoding") is None
    assert "does not decode as gzip" in caplog.text


# --- WARC edge cases --------------------------------------------------------------------------


def test_truncated_warc_serves_its_complete_records(tmp_path, caplog):
    path = tmp_path / "cut.warc.gz"
    write_warc([(f"https://a.vn/{i}.html", 200, HTML, PAGE * 20) for i in range(3)], path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 500])  # into the last pair: its request, then its response
    archive = ReplayArchive.open(path)
    urls = [r.url for r in archive.records()]
    assert urls[:2] == ["https://a.vn/0.html", "https://a.vn/1.html"]
    path.write_bytes(data[: len(data) - 700])
    archive = ReplayArchive.open(path)
    assert [r.url for r in archive.records()] == ["https://a.vn/0.html", "https://a.vn/1.html"]
    assert archive.get("https://a.vn/2.html") is None
    assert archive.get("https://a.vn/1.html").body == PAGE * 20
    assert "truncated" in caplog.text


def test_resource_records_served_and_revisits_ignored(tmp_path, caplog):
    path = tmp_path / "mixed.warc"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=False)
        writer.write_record(
            writer.create_warc_record(
                "https://a.vn/feed.rss",
                "resource",
                payload=io.BytesIO(b"<rss/>"),
                length=6,
                warc_content_type="application/rss+xml",
            )
        )
        http = StatusAndHeaders("200 OK", HTML, protocol="HTTP/1.1")
        writer.write_record(
            writer.create_revisit_record(
                "https://a.vn/", "sha1:AAAA", "https://a.vn/", "2025-01-01T00:00:00Z", http
            )
        )
    with caplog.at_level("INFO"):
        archive = ReplayArchive.open(path)
    got = archive.get("https://a.vn/feed.rss")
    assert (got.status, got.body, got.content_type) == (200, b"<rss/>", "application/rss+xml")
    assert archive.get("https://a.vn/") is None
    assert "1 revisit records ignored" in caplog.text


def test_not_a_warc(tmp_path):
    from crawler.replay import ArchiveError

    (tmp_path / "x.warc").write_text("hello, not a WARC\n")
    with pytest.raises(ArchiveError, match="not a readable WARC"):
        ReplayArchive.open(tmp_path / "x.warc")
    with pytest.raises(ArchiveError, match="not found"):
        ReplayArchive.open(tmp_path / "nope.warc.gz")


# --- directory archives -----------------------------------------------------------------------


def test_directory_with_index_jsonl(tmp_path, caplog):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "home.html").write_bytes(PAGE)
    (tmp_path / "pages" / "feed").write_bytes(b'<?xml version="1.0"?><rss><channel/></rss>')
    (tmp_path / "pages" / "404.html").write_bytes(b"<html>khong thay</html>")
    (tmp_path / "secret.txt").write_text("x")
    lines = [
        {"url": "https://baolamdong.vn/", "file": "pages/home.html"},
        {"url": "https://baolamdong.vn/rss", "file": "pages/feed"},
        {
            "url": "https://baolamdong.vn/het",
            "file": "pages/404.html",
            "status": 404,
            "headers": {"X-A": "b"},
        },
        {"url": "https://baolamdong.vn/cu", "status": 301, "location": "https://baolamdong.vn/"},
        {"url": "https://baolamdong.vn/t", "file": "pages/home.html", "content_type": "text/plain"},
        {"url": "https://baolamdong.vn/escape", "file": "../secret.txt"},
        {"url": "https://baolamdong.vn/gone", "file": "pages/missing.html"},
        {"url": "https://baolamdong.vn/nofile"},
    ]
    text = "\n".join(json.dumps(x) for x in lines) + "\n{not json\n\n"
    (tmp_path / "index.jsonl").write_text(text)
    archive = ReplayArchive.open(tmp_path)
    home = archive.get("http://www.baolamdong.vn/")
    assert (home.status, home.body, home.content_type) == (200, PAGE, "text/html")
    assert archive.get("https://baolamdong.vn/rss").content_type == "application/xml"  # sniffed
    gone = archive.get("https://baolamdong.vn/het")
    assert (gone.status, gone.header("X-A")) == (404, "b")
    moved = archive.get("https://baolamdong.vn/cu")
    assert (moved.status, moved.header("Location"), moved.body) == (301, "https://baolamdong.vn/", b"")
    assert archive.get("https://baolamdong.vn/t").content_type == "text/plain"
    for url in ("escape", "gone", "nofile"):
        assert archive.get(f"https://baolamdong.vn/{url}") is None
    assert "file outside the archive" in caplog.text
    assert len(archive) == 5


def test_directory_with_urls_tsv(tmp_path):
    (tmp_path / "a.html").write_bytes(PAGE)
    (tmp_path / "s.xml").write_bytes(b"<urlset/>")
    (tmp_path / "urls.tsv").write_text(
        "url\tfile\tstatus\tcontent_type\n"
        "# comment\n"
        "https://baolaocai.vn/a-1.html\ta.html\n"
        "https://baolaocai.vn/sitemap\ts.xml\t200\tapplication/xml\n"
        "https://baolaocai.vn/410\ta.html\t410\n"
        "only-one-column\n"
    )
    archive = ReplayArchive.open(tmp_path)
    assert archive.get("https://baolaocai.vn/a-1.html").body == PAGE
    assert archive.get("https://baolaocai.vn/sitemap").content_type == "application/xml"
    assert archive.get("https://baolaocai.vn/410").status == 410
    assert len(archive) == 3


def _mirror(tmp_path: Path) -> Path:
    root = tmp_path / "mirror"
    site = root / "baocantho.com.vn"
    (site / "thoi-su").mkdir(parents=True)
    (site / "index.html").write_bytes(b"<html>home</html>")
    (site / "index.html?page=2").write_bytes(b"<html>home 2</html>")
    (site / "thoi-su" / "index.html").write_bytes(b"<html>thoi su</html>")
    (site / "thoi-su" / "mưa-lớn-a196670.html").write_bytes(PAGE)
    (site / "tim-kiem@q=lua&p=2").write_bytes(b"<!doctype html><html>tim</html>")
    (site / "rss").write_bytes(b"<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'></rss>")
    (site / "feed.rss").write_bytes(b"<rss/>")
    (site / "robots.txt").write_bytes(b"User-agent: *\nDisallow: /cam/\n")
    (site / "logo.png").write_bytes(b"\x89PNG")
    (site / ".hidden.html").write_bytes(b"x")
    (root / "README.md").write_text("our sample site")
    return root


def test_mirror_layout(tmp_path):
    archive = ReplayArchive.open(_mirror(tmp_path))
    assert archive.get("https://baocantho.com.vn/").body == b"<html>home</html>"
    assert archive.get("http://www.baocantho.com.vn/index.html").body == b"<html>home</html>"
    assert archive.get("https://baocantho.com.vn/?page=2").body == b"<html>home 2</html>"
    assert archive.get("https://baocantho.com.vn/thoi-su/").body == b"<html>thoi su</html>"
    article = archive.get("https://baocantho.com.vn/thoi-su/m%C6%B0a-l%E1%BB%9Bn-a196670.html")
    assert article.body == PAGE and article.content_type == "text/html"
    search = archive.get("https://baocantho.com.vn/tim-kiem?p=2&q=lua")
    assert search.body.endswith(b"tim</html>") and search.content_type == "text/html"
    assert archive.get("https://baocantho.com.vn/rss").content_type == "application/xml"
    assert archive.get("https://baocantho.com.vn/feed.rss").content_type == "application/rss+xml"
    assert archive.get("https://baocantho.com.vn/robots.txt").content_type == "text/plain"
    assert archive.get("https://baocantho.com.vn/logo.png") is None
    assert archive.get("https://baocantho.com.vn/.hidden.html") is None
    assert len(archive) == 8


def test_mirror_urls_mapping():
    assert mirror_urls("a.vn/x/index.html?p=2") == ["https://a.vn/x/?p=2", "https://a.vn/x/index.html?p=2"]
    assert mirror_urls("a.vn/tin-moi") == ["https://a.vn/tin-moi"]
    assert mirror_urls("a.vn/u@home") == ["https://a.vn/u@home"]  # no '=': an '@' in a path
    assert mirror_urls("a.vn/style.css") == []
    assert mirror_urls("README.md") == []


# --- command line -----------------------------------------------------------------------------


def test_cli_pack_and_list(tmp_path, capsys):
    out = tmp_path / "out" / "site.warc.gz"
    assert main(["pack", str(_mirror(tmp_path)), str(out)]) == 0
    archive = ReplayArchive.open(out)
    assert archive.get("https://baocantho.com.vn/").body == b"<html>home</html>"
    assert archive.get("https://baocantho.com.vn/thoi-su/m%C6%B0a-l%E1%BB%9Bn-a196670.html").body == PAGE
    capsys.readouterr()
    assert main(["list", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8
    assert "https://baocantho.com.vn/rss\t200\tapplication/xml" in lines
    assert main(["list", str(tmp_path / "nope.warc")]) == 1
    assert "archive not found" in capsys.readouterr().err


def test_cli_as_module(tmp_path):
    write_warc([("https://a.vn/", 200, HTML, PAGE)], tmp_path / "a.warc.gz")
    done = subprocess.run(
        [sys.executable, "-m", "crawler.replay", "list", str(tmp_path / "a.warc.gz")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout == "https://a.vn/\t200\ttext/html; charset=utf-8\n"


# --- middleware -------------------------------------------------------------------------------


def _middleware(tmp_path: Path, entries) -> tuple[ReplayMiddleware, object]:
    write_warc(entries, tmp_path / "m.warc.gz")
    crawler = get_crawler(settings_dict={"REPLAY": str(tmp_path / "m.warc.gz")})
    return ReplayMiddleware.from_crawler(crawler), crawler


def test_middleware_builds_typed_responses(tmp_path):
    mw, crawler = _middleware(
        tmp_path,
        [
            ("https://a.vn/", 200, [("Content-Type", "text/html")], PAGE),
            ("https://a.vn/sitemap.xml", 200, [("Content-Type", "application/xml")], b"<urlset/>"),
            ("https://a.vn/cu", 302, [("Location", "/")], b""),
        ],
    )
    req = Request("http://www.a.vn/")
    resp = mw.process_request(req)
    assert isinstance(resp, HtmlResponse)
    assert (resp.status, resp.flags, resp.url, resp.request) == (200, ["replay"], "http://www.a.vn/", req)
    assert "Đà Lạt" in resp.text
    assert isinstance(mw.process_request(Request("https://a.vn/sitemap.xml")), XmlResponse)
    redirect = mw.process_request(Request("https://a.vn/cu"))
    assert redirect.status == 302 and redirect.headers[b"Location"] == b"/"
    assert crawler.stats.get_value("replay/served") == 3


def test_middleware_missing_urls(tmp_path, caplog):
    mw, crawler = _middleware(tmp_path, [("https://a.vn/", 200, HTML, PAGE)])
    with caplog.at_level("INFO"):
        for _ in range(2):
            resp = mw.process_request(Request("https://a.vn/mat.html"))
            assert isinstance(resp, TextResponse)
            assert (resp.status, resp.flags, resp.body) == (404, ["replay", "missing"], b"")
        robots = mw.process_request(Request("https://a.vn/robots.txt"))
    assert robots.status == 404
    assert crawler.stats.get_value("replay/missing") == 2
    assert crawler.stats.get_value("replay/missing_robots") == 1
    assert caplog.text.count("Not in the replay archive") == 1  # once per URL
    assert mw.process_request(Request("data:text/plain,hello")) is None


def test_middleware_configuration(tmp_path):
    with pytest.raises(NotConfigured):
        ReplayMiddleware.from_crawler(get_crawler(settings_dict={}))
    missing = tmp_path / "khong-co.warc.gz"
    with pytest.raises(ReplayPathError, match=r"^REPLAY path not found: .*khong-co\.warc\.gz$"):
        ReplayMiddleware.from_crawler(get_crawler(settings_dict={"REPLAY": str(missing)}))
    (tmp_path / "bad.warc").write_bytes(b"garbage")
    with pytest.raises(ReplayPathError, match="REPLAY archive unreadable"):
        ReplayMiddleware.from_crawler(get_crawler(settings_dict={"REPLAY": str(tmp_path / "bad.warc")}))


# --- a real crawl -----------------------------------------------------------------------------


def test_replayed_crawl_never_touches_the_network(tmp_path):
    home = (
        '<html><body><a href="/cu.html">cũ</a> <a href="/mat.html">mất</a> '
        '<a href="https://www.tin.invalid/b.html">b</a> <a href="/cam/x.html">cấm</a></body></html>'
    ).encode()
    write_warc(
        [
            ("https://tin.invalid/robots.txt", 200, [("Content-Type", "text/plain")], ROBOTS),
            ("https://tin.invalid/", 200, HTML, home),
            ("https://tin.invalid/cu.html", 301, [("Location", "/moi.html")], b""),
            ("https://tin.invalid/moi.html", 200, HTML, "<html><body>Bài mới</body></html>".encode()),
            ("https://tin.invalid/b.html", 200, HTML, "<html><body>Bài b</body></html>".encode()),
            ("https://tin.invalid/cam/x.html", 200, HTML, b"<html>forbidden</html>"),
        ],
        tmp_path / "site.warc.gz",
    )
    out = tmp_path / "out.json"
    record = tmp_path / "rec.warc.gz"
    done = run_crawl(
        out, ["https://tin.invalid/"], f"REPLAY={tmp_path / 'site.warc.gz'}", f"RECORD={record}", guard=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["network"] == []  # no download handler call, no DNS lookup
    pages = {r["url"]: r for r in result["responses"] if not r["url"].endswith("/robots.txt")}
    assert set(pages) == {
        "https://tin.invalid/",
        "https://tin.invalid/moi.html",
        "https://www.tin.invalid/b.html",
        "https://tin.invalid/mat.html",
    }
    assert pages["https://tin.invalid/moi.html"]["redirect_urls"] == ["https://tin.invalid/cu.html"]
    assert pages["https://tin.invalid/moi.html"]["text"] == "<html><body>Bài mới</body></html>"
    assert pages["https://www.tin.invalid/b.html"]["flags"] == ["replay"]
    missing = pages["https://tin.invalid/mat.html"]
    assert (missing["status"], missing["flags"]) == (404, ["replay", "missing"])
    stats = result["stats"]
    assert stats["replay/missing"] == 1
    assert stats["robotstxt/forbidden"] == 1  # /cam/x.html, by the archived robots.txt
    assert stats["downloader/response_status_count/301"] == 1
    assert "record/written" not in stats  # replayed responses are not recorded again
    assert "Not in the replay archive, served as 404: https://tin.invalid/mat.html" in done.stderr


def test_missing_replay_path_stops_the_crawl(tmp_path):
    out = tmp_path / "out.json"
    done = run_crawl(out, ["https://tin.invalid/"], f"REPLAY={tmp_path / 'nope.warc.gz'}", guard=True)
    assert done.returncode == 1
    assert f"REPLAY path not found: {tmp_path / 'nope.warc.gz'}" in done.stderr
    assert not out.exists()
