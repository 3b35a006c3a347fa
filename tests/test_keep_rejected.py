"""``-s KEEP_REJECTED=...``: refused article pages kept as a WARC or a folder that replays them.

Real crawls of ``baolamdong`` (in a subprocess) against a replayed mini-site whose sitemap lists
one good article and four article URLs that are not articles: a soft 404 notice, a login wall,
an image and an empty page. Which code the notice and the wall get is up to extraction (and may
change); the image ("binary") and the empty page ("empty") are unambiguous.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler
from warcio.archiveiterator import ArchiveIterator

from crawler import settings as project_settings
from crawler.extensions.rejected import KeepRejected, KeepRejectedPathError
from crawler.replay import ReplayArchive, write_warc
from crawler.signals import page_rejected
from tests.crawling import run_crawl
from tests.sites import baolamdong_minisite as site

HOST = site.HOST
HTML_T = "text/html; charset=utf-8"
NOTICE = HOST + "/tin-da-go-450101.html"
WALL = HOST + "/bai-danh-cho-thanh-vien-450102.html"
IMAGE = HOST + "/anh-bia-450103.html"
EMPTY = HOST + "/trang-trong-450104.html"
GOOD = site.ARTICLES[0].url
SEED = HOST + "/sitemap-kept.xml"

BODIES: dict[str, tuple[str, bytes]] = {
    NOTICE: (
        HTML_T,
        "<html><head><title>404 - Không tìm thấy trang</title></head><body><h1>404</h1>"
        "<p>Không tìm thấy trang bạn yêu cầu. Quay lại <a href='/'>trang chủ</a>.</p></body></html>".encode(),
    ),
    WALL: (
        HTML_T,
        "<html><head><title>Đăng nhập</title></head><body><h1>Nội dung dành cho thành viên</h1>"
        "<p>Vui lòng đăng nhập để đọc tiếp bài viết này.</p><form action='/login' method='post'>"
        "<input name='username'><input type='password' name='password'><button>Đăng nhập</button>"
        "</form></body></html>".encode(),
    ),
    IMAGE: ("image/jpeg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(range(256)) * 8),
    EMPTY: (HTML_T, b""),
}
REJECTED = set(BODIES)
STAT = re.compile(r"'(rejected/[\w/]+|page_dropped/not_article/\w+)': (\d+)")


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pages = {
        url: (status, ctype, body.encode("utf-8")) for url, (status, ctype, body) in site.build("v1").items()
    }
    for url, (ctype, body) in BODIES.items():
        pages[url] = (200, ctype, body)
    pages[SEED] = (
        200,
        "application/xml; charset=utf-8",
        site.urlset([(u, "2025-08-14T08:00:00+07:00") for u in [GOOD, *BODIES]]).encode(),
    )
    path = tmp_path_factory.mktemp("site") / "site.warc.gz"
    write_warc([(u, s, [("Content-Type", c)], b) for u, (s, c, b) in sorted(pages.items())], path)
    return path


def _crawl(archive: Path, tmp: Path, keep: str, *extra: str) -> tuple[int, dict[str, int], str]:
    """Return code, the ``rejected/*`` and ``page_dropped/not_article/*`` stats, and the log."""
    log = tmp / "crawl.log"
    proc = run_crawl(
        "baolamdong",
        archive,
        tmp / "out",
        "-s", f"KEEP_REJECTED={keep}",
        "-s", f"LOG_FILE={log}",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        *extra,
        start_urls=[SEED],
    )  # fmt: skip
    text = log.read_text("utf-8") if log.exists() else ""
    return proc.returncode, {k: int(v) for k, v in STAT.findall(text)}, text + proc.stderr


def _codes_from_stats(stats: dict[str, int]) -> dict[str, int]:
    return {k.removeprefix("rejected/kept/"): v for k, v in stats.items() if k.startswith("rejected/kept/")}


@pytest.fixture(scope="module")
def warc_run(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], str]:
    tmp = tmp_path_factory.mktemp("warc")
    kept = tmp / "kept" / "%(name)s.warc.gz"
    rc, stats, log = _crawl(archive, tmp, str(kept))
    assert rc == 0, log[-3000:]
    return tmp / "kept" / "baolamdong.warc.gz", stats, log


@pytest.fixture(scope="module")
def dir_run(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], str]:
    tmp = tmp_path_factory.mktemp("dir")
    rc, stats, log = _crawl(archive, tmp, str(tmp / "kept") + "/")
    assert rc == 0, log[-3000:]
    return tmp / "kept", stats, log


def _warc_responses(path: Path) -> dict[str, tuple[str, str]]:
    with path.open("rb") as fh:
        return {
            r.rec_headers.get_header("WARC-Target-URI"): (
                r.rec_headers.get_header("WARC-Refusal-Code"),
                r.rec_headers.get_header("WARC-Refusal-Reason"),
            )
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        }


# --- WARC -----------------------------------------------------------------------------------


def test_warc_holds_exactly_the_refused_pages_with_their_codes(warc_run) -> None:
    kept, stats, _ = warc_run
    responses = _warc_responses(kept)
    assert set(responses) == REJECTED  # the good article is not kept
    assert responses[IMAGE][0] == "binary"
    assert responses[EMPTY][0] == "empty"
    assert responses[NOTICE][0] == "error_page"
    assert responses[WALL][0] == "login_wall"
    codes = [code for code, _ in responses.values()]
    assert {c: codes.count(c) for c in codes} == _codes_from_stats(stats)
    assert all(reason and "\n" not in reason for _, reason in responses.values())
    with kept.open("rb") as fh:
        kinds = [r.rec_type for r in ArchiveIterator(fh)]
    assert kinds.count("request") == len(REJECTED)


def test_warc_codes_match_what_the_spider_counted(warc_run) -> None:
    _, stats, _ = warc_run
    dropped = {
        k.removeprefix("page_dropped/not_article/"): v
        for k, v in stats.items()
        if k.startswith("page_dropped/not_article/")
    }
    assert _codes_from_stats(stats) == dropped
    assert stats["rejected/kept"] == len(REJECTED)


def test_warc_replays_the_pages_byte_identical(warc_run) -> None:
    kept, _, _ = warc_run
    replay = ReplayArchive.open(kept)
    assert len(replay) == len(REJECTED)
    for url, (ctype, body) in BODIES.items():
        got = replay.get(url)
        assert got is not None, url
        assert (got.status, got.body, got.content_type) == (200, body, ctype)


def test_warc_is_closed_at_the_end(warc_run, caplog: pytest.LogCaptureFixture) -> None:
    kept, _, log = warc_run
    assert "Kept 4 rejected article pages in" in log
    ReplayArchive.open(kept)  # warns of a cut-short record if the file was not written whole
    assert "readable only up to" not in caplog.text


# --- folder ---------------------------------------------------------------------------------


def test_folder_index_and_files_replay(dir_run) -> None:
    root, stats, _ = dir_run
    lines = [json.loads(line) for line in (root / "index.jsonl").read_text("utf-8").splitlines()]
    assert {x["url"] for x in lines} == REJECTED
    by_url = {x["url"]: x for x in lines}
    assert by_url[IMAGE]["code"] == "binary" and by_url[IMAGE]["file"].startswith("binary/")
    assert by_url[EMPTY]["code"] == "empty"
    for x in lines:
        assert x["file"] == f"{x['code']}/{Path(x['file']).stem}.html" and len(Path(x["file"]).stem) == 40
        assert x["reason"] and x["fetched_at"] and x["status"] == 200
    codes = [x["code"] for x in lines]
    assert {c: codes.count(c) for c in codes} == _codes_from_stats(stats)
    replay = ReplayArchive.open(root)  # extra keys (code, reason, fetched_at) are ignored
    assert len(replay) == len(REJECTED)
    for url, (ctype, body) in BODIES.items():
        got = replay.get(url)
        assert got is not None, url
        assert (got.status, got.body, got.content_type) == (200, body, ctype)
        assert (root / by_url[url]["file"]).read_bytes() == body


def test_max_pages_stops_keeping(archive: Path, tmp_path: Path) -> None:
    rc, stats, log = _crawl(archive, tmp_path, str(tmp_path / "kept"), "-s", "KEEP_REJECTED_MAX_PAGES=2")
    assert rc == 0, log[-3000:]
    assert stats["rejected/kept"] == 2
    assert stats["rejected/not_kept_over_max"] == 2
    assert sum(_codes_from_stats(stats).values()) == 2
    assert len((tmp_path / "kept" / "index.jsonl").read_text("utf-8").splitlines()) == 2
    assert len(re.findall(r"WARNING: KEEP_REJECTED_MAX_PAGES=2 reached", log)) == 1


# --- an unwritable path ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["kept.warc.gz", "kept/"])
def test_unwritable_path_stops_the_crawl(archive: Path, tmp_path: Path, name: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    rc, stats, log = _crawl(archive, tmp_path, f"{blocker}/{name}")
    assert rc != 0
    critical = [line for line in log.splitlines() if "CRITICAL" in line and "KEEP_REJECTED" in line]
    assert critical and "KEEP_REJECTED path not writable" in critical[0]
    assert "Crawled (200)" not in log
    assert not stats


def test_unwritable_path_raises_at_open(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(KeepRejectedPathError, match="KEEP_REJECTED path not writable"):
        KeepRejected.from_crawler(
            get_crawler(settings_dict={"KEEP_REJECTED": str(tmp_path / "f" / "k.warc")})
        )


# --- configuration and hygiene --------------------------------------------------------------


def test_off_unless_set_and_registered() -> None:
    with pytest.raises(NotConfigured):
        KeepRejected.from_crawler(get_crawler(settings_dict={}))
    assert project_settings.KEEP_REJECTED is None
    assert "crawler.extensions.rejected.KeepRejected" in project_settings.EXTENSIONS


def test_reason_is_one_line_and_code_cannot_escape_the_folder(tmp_path: Path) -> None:
    crawler = get_crawler(settings_dict={"KEEP_REJECTED": str(tmp_path / "k")})
    ext = KeepRejected.from_crawler(crawler)
    url = HOST + "/x-450200.html"
    response = HtmlResponse(url, body=b"<html></html>", request=Request(url))
    crawler.signals.send_catch_log(page_rejected, response=response, code="../../etc", reason="a\nb\r\nc")
    ext.spider_closed()
    (line,) = (tmp_path / "k" / "index.jsonl").read_text("utf-8").splitlines()
    entry = json.loads(line)
    assert entry["reason"] == "a b c"
    assert "/" not in entry["code"] and (tmp_path / "k" / entry["file"]).resolve().is_relative_to(
        tmp_path / "k"
    )
    assert crawler.stats.get_value(f"rejected/kept/{entry['code']}") == 1
