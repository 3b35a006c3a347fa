"""Incremental skip: stored article pages are not downloaded again, except recent or changed ones."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse

from crawler.middlewares.incremental import IncrementalSkipMiddleware
from crawler.store import for_crawler
from pipelines.dedupe import DedupePipeline
from tests.pipeline_helpers import BODY_BORDER, BODY_FLOWERS, BODY_RICE, close, make_crawler, make_item

REPO = Path(__file__).resolve().parents[1]
OLD = "2026-01-10T08:00:00+07:00"


def _middleware(tmp_path: Path, **settings: object) -> IncrementalSkipMiddleware:
    return IncrementalSkipMiddleware.from_crawler(make_crawler(tmp_path, **settings))


def _article(url: str, **meta: object) -> Request:
    return Request(url, meta={"page_kind": "article", **meta})


def _store_article(mw: IncrementalSkipMiddleware, *, published: str | None = OLD, **item: object) -> dict:
    stored = make_item(published_at=published, **item)
    mw.store.record(stored)
    return stored


@pytest.fixture
def mw(tmp_path: Path) -> Iterator[IncrementalSkipMiddleware]:
    m = _middleware(tmp_path)
    yield m
    close(m.crawler)


def test_stored_old_article_is_skipped_and_counted(mw: IncrementalSkipMiddleware) -> None:
    stored = _store_article(mw)
    with pytest.raises(IgnoreRequest):
        mw.process_request(_article(stored["url"]))
    assert mw.stats.get_value("incremental/skipped") == 1


def test_unknown_article_is_fetched(mw: IncrementalSkipMiddleware) -> None:
    _store_article(mw)
    assert mw.process_request(_article("https://baolamdong.vn/tin-moi-400001.html")) is None
    assert mw.stats.get_value("incremental/skipped") is None


def test_skipped_under_every_url_it_was_fetched_under(mw: IncrementalSkipMiddleware) -> None:
    stored = _store_article(mw, url="https://baolamdong.vn/van-hoa/le-hoi-hoa.html?utm_medium=social")
    for url in (
        "http://www.baolamdong.vn/van-hoa/le-hoi-hoa.html#binh-luan",
        stored["canonical_url"],
    ):
        with pytest.raises(IgnoreRequest):
            mw.process_request(_article(url))
    assert mw.stats.get_value("incremental/skipped") == 2


@pytest.mark.parametrize("kind", [None, "listing", "sitemap", "feed", "seed"])
def test_non_article_requests_are_never_skipped(mw: IncrementalSkipMiddleware, kind: str | None) -> None:
    stored = _store_article(mw)
    request = Request(stored["url"], meta={} if kind is None else {"page_kind": kind})
    assert mw.process_request(request) is None


def test_forced_requests_are_not_skipped(mw: IncrementalSkipMiddleware) -> None:
    stored = _store_article(mw)
    assert mw.process_request(_article(stored["url"], incremental_force=True)) is None


def test_recent_article_is_refetched_inside_the_window(mw: IncrementalSkipMiddleware) -> None:
    recent = (datetime.now(UTC) - timedelta(hours=5)).astimezone().isoformat(timespec="seconds")
    stored = _store_article(mw, published=recent)
    assert mw.process_request(_article(stored["url"])) is None
    assert mw.stats.get_value("incremental/refetch_recent") == 1


def test_window_is_a_setting(tmp_path: Path) -> None:
    recent = (datetime.now(UTC) - timedelta(days=3)).isoformat(timespec="seconds")
    wide = _middleware(tmp_path / "wide", RECHECK_DAYS=5)
    stored = _store_article(wide, published=recent)
    assert wide.process_request(_article(stored["url"])) is None
    narrow = _middleware(tmp_path / "narrow", RECHECK_DAYS="1.5")
    _store_article(narrow, published=recent)
    with pytest.raises(IgnoreRequest):
        narrow.process_request(_article(stored["url"]))


def test_zero_recheck_days_never_refetches_stored_ones(tmp_path: Path) -> None:
    mw = _middleware(tmp_path, RECHECK_DAYS=0)
    stored = _store_article(mw, published=datetime.now(UTC).isoformat(timespec="seconds"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(_article(stored["url"]))


def test_newer_lastmod_refetches_older_does_not(mw: IncrementalSkipMiddleware) -> None:
    stored = _store_article(mw)
    assert (
        mw.process_request(_article(stored["url"], lastmod=datetime.now(UTC) + timedelta(minutes=1))) is None
    )
    assert mw.stats.get_value("incremental/refetch_lastmod") == 1
    with pytest.raises(IgnoreRequest):
        mw.process_request(
            _article(stored["url"], lastmod=datetime.fromisoformat(OLD) + timedelta(seconds=1))
        )
    with pytest.raises(IgnoreRequest):
        mw.process_request(_article(stored["url"], lastmod="không phải ngày"))


def test_downloaded_lastmod_is_remembered_for_the_next_run(tmp_path: Path) -> None:
    """Sitemap lastmods are compared with the lastmod seen at the last download, not our clock."""
    sitemap_time = datetime(2025, 8, 15, 9, 0, tzinfo=UTC)
    first = _middleware(tmp_path)
    stored = make_item()
    request = _article(stored["url"], lastmod=sitemap_time)
    assert first.process_request(request) is None
    response = HtmlResponse(stored["url"], body=b"<html></html>", request=request)
    assert first.process_response(request, response) is response
    first.store.record(stored)
    close(first.crawler)

    second = _middleware(tmp_path)
    with pytest.raises(IgnoreRequest):
        second.process_request(_article(stored["url"], lastmod=sitemap_time))
    assert second.process_request(_article(stored["url"], lastmod=sitemap_time + timedelta(hours=3))) is None
    close(second.crawler)


def test_failed_downloads_do_not_remember_lastmod(mw: IncrementalSkipMiddleware) -> None:
    stored = _store_article(mw)
    request = _article(stored["url"], lastmod=datetime.now(UTC) + timedelta(days=1))
    mw.process_response(request, HtmlResponse(stored["url"], status=503, body=b"", request=request))
    assert mw.process_request(request) is None  # still newer than anything we downloaded


def test_can_be_switched_off(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        _middleware(tmp_path, INCREMENTAL_ENABLED=False)


def test_shares_the_store_with_the_dedupe_pipeline(tmp_path: Path) -> None:
    crawler = make_crawler(tmp_path)
    mw = IncrementalSkipMiddleware.from_crawler(crawler)
    pipeline = DedupePipeline.from_crawler(crawler)
    pipeline.open_spider()
    assert mw.store is pipeline.store is for_crawler(crawler)
    close(crawler)


# --- two scheduled runs of a real crawl -------------------------------------------------------

ARTICLES = {
    "dat-lua-410001.html": ("Đà Lạt chuẩn bị lễ hội hoa", BODY_FLOWERS),
    "vu-lua-410002.html": ("Nông dân Cờ Đỏ thu hoạch lúa", BODY_RICE),
    "cua-khau-410003.html": ("Cửa khẩu Lào Cai nhộn nhịp", BODY_BORDER),
}


@pytest.fixture(scope="module")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    links = "".join(f'<a href="/{name}">{title}</a>' for name, (title, _) in ARTICLES.items())
    (root / "list.html").write_text(f"<html><body>{links}</body></html>", "utf-8")
    for name, (title, body) in ARTICLES.items():
        paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
        (root / name).write_text(f"<html><body><h1>{title}</h1>{paragraphs}</body></html>", "utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _crawl(out: Path, base_url: str, recheck_days: float) -> tuple[list[dict], dict, str]:
    before = set(out.glob("localsite/*.manifest.json"))
    proc = subprocess.run(
        [
            sys.executable,
            "-W",
            "always",
            "-m",
            "tests.pipeline_helpers",
            "crawl",
            str(out),
            base_url,
            str(recheck_days),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (manifest_path,) = set(out.glob("localsite/*.manifest.json")) - before
    manifest = json.loads(manifest_path.read_text("utf-8"))
    items_file = manifest_path.parent / manifest["files"][0]["path"]
    lines = [json.loads(line) for line in items_file.read_text("utf-8").splitlines()]
    return lines, manifest, proc.stderr


def test_scheduled_runs_fetch_only_what_is_new(tmp_path: Path, local_site: str) -> None:
    out = tmp_path / "out"
    lines, manifest, stderr = _crawl(out, local_site, 2)
    assert sorted(x["id"] for x in lines) == [
        "localsite.test:410001",
        "localsite.test:410002",
        "localsite.test:410003",
    ]
    assert manifest["finish_reason"] == "finished"
    assert manifest["counts"]["pages_downloaded"] == 4 and manifest["counts"]["new"] == 3
    for component in ("incremental", "pipelines."):
        assert not [w for w in stderr.splitlines() if "Deprecat" in w and component in w]

    # the articles were published months ago: outside the window, not downloaded again
    lines, manifest, _ = _crawl(out, local_site, 2)
    assert lines == []
    assert manifest["counts"]["incremental_skipped"] == 3 and manifest["counts"]["pages_downloaded"] == 1

    # a very wide window re-checks them: downloaded, found unchanged, not emitted
    lines, manifest, _ = _crawl(out, local_site, 1000)
    assert lines == []
    counts = manifest["counts"]
    assert (counts["incremental_refetch_recent"], counts["unchanged"], counts["pages_downloaded"]) == (
        3,
        3,
        4,
    )
