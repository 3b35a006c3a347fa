"""DOWNLOAD_MAXSIZE / DOWNLOAD_WARNSIZE applied to replayed bodies as Scrapy's HTTP handler applies them."""

from __future__ import annotations

import gzip
import json
import logging
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import DownloadCancelledError
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.replay import ReplayMiddleware
from crawler.replay import write_warc
from tests.replay_test_project.crawl import run_crawl

HTML = [("Content-Type", "text/html; charset=utf-8")]
SMALL = b"<html><body>" + b"a" * 87 + b"</body></html>"
BIG = b"<html><body>" + b"b" * 974 + b"</body></html>"
assert (len(SMALL), len(BIG)) == (113, 1000)


def _middleware(tmp_path: Path, settings: dict | None = None, spider: Spider | None = None):
    write_warc(
        [
            ("https://a.vn/nho.html", 200, HTML, SMALL),
            ("https://a.vn/lon.html", 200, HTML, BIG),
            # 1000 bytes once decoded, a few dozen as stored: the decoded size is what counts.
            ("https://a.vn/nen.html", 200, [*HTML, ("Content-Encoding", "gzip")], gzip.compress(BIG)),
        ],
        tmp_path / "m.warc.gz",
    )
    crawler = get_crawler(settings_dict={"REPLAY": str(tmp_path / "m.warc.gz"), **(settings or {})})
    crawler.spider = spider
    return ReplayMiddleware.from_crawler(crawler), crawler


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_body_over_maxsize_is_dropped_like_an_oversize_download(tmp_path, caplog):
    mw, crawler = _middleware(tmp_path, {"DOWNLOAD_MAXSIZE": 999, "DOWNLOAD_WARNSIZE": 0})
    with caplog.at_level(logging.WARNING):
        with pytest.raises(DownloadCancelledError, match=r"is 1000 bytes \(decoded\).*max size \(999\)"):
            mw.process_request(Request("https://a.vn/lon.html"))
        with pytest.raises(DownloadCancelledError):
            mw.process_request(Request("https://a.vn/nen.html"))  # gzip: small stored, big decoded
        resp = mw.process_request(Request("https://a.vn/nho.html"))
    assert isinstance(resp, HtmlResponse) and resp.body == SMALL
    stats = crawler.stats
    assert stats.get_value("replay/maxsize_dropped") == 2
    assert stats.get_value("replay/served") == 1  # dropped bodies are not counted as served
    logged = _warnings(caplog)
    assert len(logged) == 2
    assert "https://a.vn/lon.html" in logged[0] and "larger than download max size (999)" in logged[0]


def test_maxsize_equal_to_the_body_length_serves_it(tmp_path):
    # Scrapy's handler drops only bodies strictly larger than the limit.
    mw, crawler = _middleware(tmp_path, {"DOWNLOAD_MAXSIZE": 1000})
    assert mw.process_request(Request("https://a.vn/lon.html")).body == BIG
    assert mw.process_request(Request("https://a.vn/nen.html")).body == BIG
    assert crawler.stats.get_value("replay/maxsize_dropped") is None


def test_body_over_warnsize_is_served_with_one_warning_per_response(tmp_path, caplog):
    mw, crawler = _middleware(tmp_path, {"DOWNLOAD_WARNSIZE": 500})
    with caplog.at_level(logging.WARNING):
        for _ in range(2):
            assert mw.process_request(Request("https://a.vn/lon.html")).body == BIG
        assert mw.process_request(Request("https://a.vn/nho.html")).body == SMALL
    logged = _warnings(caplog)
    assert len(logged) == 2  # one per over-size response, none for the small page
    assert all("1000 bytes (decoded), larger than download warn size (500)" in m for m in logged)
    assert crawler.stats.get_value("replay/warnsize_exceeded") == 2
    assert crawler.stats.get_value("replay/served") == 3


def test_request_meta_overrides_the_settings(tmp_path):
    mw, crawler = _middleware(tmp_path, {"DOWNLOAD_MAXSIZE": 999})
    assert mw.process_request(Request("https://a.vn/lon.html", meta={"download_maxsize": 1000})).body == BIG
    assert mw.process_request(Request("https://a.vn/lon.html", meta={"download_maxsize": 0})).body == BIG
    with pytest.raises(DownloadCancelledError):
        mw.process_request(Request("https://a.vn/nho.html", meta={"download_maxsize": 100}))
    assert crawler.stats.get_value("replay/maxsize_dropped") == 1


def test_spider_attributes_override_the_settings_and_meta_overrides_them(tmp_path, caplog):
    spider = Spider(name="s", download_maxsize=100, download_warnsize=50)
    mw, _ = _middleware(tmp_path, {"DOWNLOAD_MAXSIZE": 10_000, "DOWNLOAD_WARNSIZE": 0}, spider)
    with pytest.raises(DownloadCancelledError, match=r"max size \(100\)"):
        mw.process_request(Request("https://a.vn/nho.html"))
    with caplog.at_level(logging.WARNING):
        resp = mw.process_request(Request("https://a.vn/nho.html", meta={"download_maxsize": 200}))
    assert resp.body == SMALL
    assert any("warn size (50)" in m for m in _warnings(caplog))


def test_default_limits_leave_ordinary_pages_alone(tmp_path, caplog):
    mw, crawler = _middleware(tmp_path)  # Scrapy's defaults: 1 GiB max, 32 MiB warn
    with caplog.at_level(logging.WARNING):
        assert mw.process_request(Request("https://a.vn/lon.html")).body == BIG
    assert _warnings(caplog) == []
    assert crawler.stats.get_value("replay/served") == 1


def test_replayed_crawl_drops_an_oversize_page(tmp_path):
    home = b'<html><body><a href="/nho.html">n</a> <a href="/lon.html">l</a></body></html>'
    write_warc(
        [
            ("https://tin.invalid/", 200, HTML, home),
            ("https://tin.invalid/nho.html", 200, HTML, SMALL),
            ("https://tin.invalid/lon.html", 200, HTML, BIG),
        ],
        tmp_path / "site.warc.gz",
    )
    out = tmp_path / "out.json"
    done = run_crawl(
        out,
        ["https://tin.invalid/"],
        f"REPLAY={tmp_path / 'site.warc.gz'}",
        "DOWNLOAD_MAXSIZE=999",
        "DOWNLOAD_WARNSIZE=100",
        guard=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text())
    assert result["network"] == []
    urls = {r["url"] for r in result["responses"] if not r["url"].endswith("/robots.txt")}
    assert urls == {"https://tin.invalid/", "https://tin.invalid/nho.html"}
    stats = result["stats"]
    assert stats["replay/maxsize_dropped"] == 1
    assert stats["replay/warnsize_exceeded"] == 1  # nho.html: 113 bytes > 100
    # Failed as a live over-size download fails: a download error, not retried.
    assert stats["downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError"] == 1
    assert "retry/count" not in stats
    assert "larger than download max size (999)" in done.stderr
    assert "Error downloading <GET https://tin.invalid/lon.html>" in done.stderr
