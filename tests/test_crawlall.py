"""``scrapy crawlall``: every paper in one process, each with its own output; and the one-line
answers ``crawl``/``crawlall`` give to a bad command line.

The replayed archive holds two papers (``tests/sites/family_pages.py``: a feed, sitemap or listing
leading to one article each); every other spider asks for its own seeds and gets 404s.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import pytest
from scrapy.settings import Settings

from crawler.commands._common import (
    PreflightError,
    SpiderResult,
    check_arguments,
    pages_dropped,
    parse_spider_arguments,
    per_spider_settings,
    spider_path,
    summary_lines,
)
from crawler.replay import ReplayArchive
from crawler.sites import SITES
from spiders.registry import spider_class
from tests import redis_support
from tests.served_archive import HANDLERS
from tests.sites import family_pages as fp

REPO = Path(__file__).resolve().parents[1]
SPIDERS = sorted(s.spider for s in SITES)
PAPERS = ("baolamdong", "hanoimoi")  # the two papers in the archive
QUICK = ("-s", "LOG_LEVEL=INFO", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")


def _run(
    command: str, *args: str, timeout: float = 120, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "scrapy", command, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=environ,
    )


@pytest.fixture(scope="module")
def two_papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("crawlall-archive") / "replay"
    fp.write_replay(root, [fp.discovery(name) for name in PAPERS])
    return root


def _items(out: Path, spider: str) -> list[dict]:
    return [
        json.loads(line)
        for f in sorted((out / spider).glob("*.jsonl"))
        for line in f.read_text("utf-8").splitlines()
    ]


def _manifest(out: Path, spider: str) -> dict:
    (path,) = sorted((out / spider).glob("*.manifest.json"))
    return json.loads(path.read_text("utf-8"))


def _summary(stdout: str) -> dict[str, list[str]]:
    """Summary lines by spider: [verdict, finish reason, items, ...]."""
    rows = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[0] in ("ok", "FAIL"):
            rows[parts[1]] = [parts[0], parts[2], parts[3]]
    return rows


# --- the whole registry in one process -------------------------------------------------------


def test_all_spiders_over_an_archive_of_two_papers(two_papers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    started = time.monotonic()
    proc = _run("crawlall", "-s", f"REPLAY={two_papers}", "-s", f"OUTPUT_DIR={out}", *QUICK)
    wall = time.monotonic() - started
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert wall < 60, wall

    summary = _summary(proc.stdout)
    assert sorted(summary) == SPIDERS
    for spider in SPIDERS:
        items = _items(out, spider)
        manifest = _manifest(out, spider)
        assert manifest["finish_reason"] == "finished", spider
        assert summary[spider][:2] == ["ok", "finished"], spider
        if spider in PAPERS:
            assert [i["url"] for i in items] == [fp.discovery(spider).article.url]
            assert summary[spider][2] == "1"
        else:
            assert items == [], spider
            assert summary[spider][2] == "0"
    assert proc.stdout.splitlines()[-1].startswith(f"{len(SPIDERS)} spiders, 0 failed: 2 items")
    # One archive index for the whole process, not one per spider.
    assert proc.stderr.count("Replaying 7 records") == 1
    # Each spider counts its own errors only (Scrapy's LogCount counts every crawler's).
    assert "0 errors" in proc.stdout.splitlines()[-1]


def test_one_failing_spider_does_not_stop_the_others(two_papers: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "baolamdong").write_text("a file where the spider's output folder should be")
    proc = _run(
        "crawlall", "baolamdong", "hanoimoi", "baoangiang",
        "-s", f"REPLAY={two_papers}", "-s", f"OUTPUT_DIR={out}", *QUICK,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr[-3000:]
    summary = _summary(proc.stdout)
    assert summary["baolamdong"][:2] == ["FAIL", "not_started"]
    assert summary["hanoimoi"] == ["ok", "finished", "1"]
    assert summary["baoangiang"] == ["ok", "finished", "0"]
    assert [i["url"] for i in _items(out, "hanoimoi")] == [fp.discovery("hanoimoi").article.url]
    assert "Spider baolamdong failed" in proc.stderr
    assert "Task exception was never retrieved" not in proc.stderr


def test_errors_are_counted_for_the_spider_that_had_them(two_papers: Path, tmp_path: Path) -> None:
    broken = tmp_path / "replay"
    fp.write_replay(broken, [fp.discovery(name) for name in PAPERS])
    article = fp.discovery("baolamdong").article.url
    lines = [json.loads(line) for line in (broken / "index.jsonl").read_text().splitlines()]
    for line in lines:
        if line["url"] == article:
            line["status"] = 500
    (broken / "index.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    out = tmp_path / "out"
    proc = _run(
        "crawlall",
        *PAPERS,
        "-s",
        f"REPLAY={broken}",
        "-s",
        f"OUTPUT_DIR={out}",
        "-s",
        "RETRY_TIMES=0",
        *QUICK,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = {line.split()[1]: line for line in proc.stdout.splitlines() if line.startswith(("ok", "FAIL"))}
    assert " 1 errors" in rows["baolamdong"]
    assert " 0 errors" in rows["hanoimoi"]


def test_record_without_name_gives_each_spider_its_own_warc(two_papers: Path, tmp_path: Path) -> None:
    out, rec = tmp_path / "out", tmp_path / "rec"
    proc = _run(
        "crawlall", *PAPERS,
        "-s", f"SERVED_ARCHIVE={two_papers}", "-s", f"DOWNLOAD_HANDLERS={HANDLERS}",
        "-s", f"OUTPUT_DIR={out}", "-s", f"RECORD={rec}/run.warc.gz", *QUICK,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(p.name for p in rec.iterdir()) == [f"run-{name}.warc.gz" for name in sorted(PAPERS)]
    for name in PAPERS:
        urls = {r.url for r in ReplayArchive.open(rec / f"run-{name}.warc.gz").records()}
        assert fp.discovery(name).article.url in urls
        other = next(p for p in PAPERS if p != name)
        assert fp.discovery(other).article.url not in urls
    # Each recording replays its paper.
    again = tmp_path / "again"
    proc = _run(
        "crawl", "hanoimoi", "-s", f"REPLAY={rec}/run-hanoimoi.warc.gz", "-s", f"OUTPUT_DIR={again}", *QUICK
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert [i["url"] for i in _items(again, "hanoimoi")] == [fp.discovery("hanoimoi").article.url]


def test_crawlall_with_redis(two_papers: Path, tmp_path: Path) -> None:
    redis_support.require_redis()
    prefix = redis_support.unique_prefix()
    client = redis_support.redis_client(3)
    try:
        out = tmp_path / "out"
        proc = _run(
            "crawlall", *PAPERS, "-s", f"REPLAY={two_papers}", "-s", f"OUTPUT_DIR={out}",
            "-s", f"REDIS_KEY_PREFIX={prefix}", *QUICK,
            env={"REDIS_URL": redis_support.redis_url(3)},
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
        for name in PAPERS:
            assert [i["url"] for i in _items(out, name)] == [fp.discovery(name).article.url]
        assert "RedisSeenStore" in proc.stderr or any(client.scan_iter(match=f"{prefix}:seen:*"))
    finally:
        redis_support.delete_prefix(client, prefix)


# --- a bad command line: one line on stderr, exit status 2 ----------------------------------


@pytest.mark.parametrize("command", ["crawl", "crawlall"])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "since=2019-13-01"], "-a since= must be a date YYYY-MM-DD, got '2019-13-01'"),
        (
            ["-a", "since=2019-02-01", "-a", "until=2019-01-01"],
            "-a since=2019-02-01 is after -a until=2019-01-01",
        ),
        (["-a", "max_articles=many"], "-a max_articles= must be a whole number, got 'many'"),
        (["-a", "start_urls=file:///etc/passwd"], "-a start_urls= takes absolute http(s) URLs"),
        (["-a", "since"], "-a since: use -a NAME=VALUE"),
        (
            ["-s", "REPLAY=/nonexistent/archive.warc.gz"],
            "REPLAY path not found: /nonexistent/archive.warc.gz",
        ),
        (["nosuchpaper"], "unknown spider 'nosuchpaper'"),
    ],
)
def test_bad_command_line_is_one_line_and_status_2(command: str, args: list[str], message: str) -> None:
    spider = [] if "nosuchpaper" in args else ["baolamdong"]
    proc = _run(command, *spider, *args, timeout=60)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith(f"scrapy {command}: error: ")
    assert message in lines[0]
    assert proc.stdout == ""


# --- the pure parts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("out/run.warc.gz", "out/run-baolamdong.warc.gz"),
        ("out/%(time)s.WARC", "out/%(time)s-baolamdong.WARC"),
        ("out/%(name)s-%(time)s.warc.gz", "out/%(name)s-%(time)s.warc.gz"),
        ("rejected/", "rejected/baolamdong"),
        ("rejected", "rejected/baolamdong"),
        ("jobs/run1", "jobs/run1/baolamdong"),
    ],
)
def test_spider_path(template: str, expected: str) -> None:
    assert spider_path(template, "baolamdong") == expected


def test_per_spider_settings_only_touch_the_paths_that_are_set() -> None:
    settings = Settings({"RECORD": "r.warc.gz", "JOBDIR": None, "STATE_DB": "shared.sqlite"})
    assert per_spider_settings(settings, "sggp") == {"RECORD": "r-sggp.warc.gz"}


def test_spider_arguments_are_checked_with_the_spiders_own_rules() -> None:
    cls = spider_class(next(s for s in SITES if s.spider == "baolamdong"))
    check_arguments(cls, {"since": "2019-01-01", "until": "2019-12-31", "max_articles": "5", "other": "x"})
    with pytest.raises(PreflightError, match="since"):
        check_arguments(cls, {"since": "2019-13-01"})
    with pytest.raises(ValueError, match="since"):  # the spider itself applies the same rule
        cls(since="2019-13-01")
    assert parse_spider_arguments(["a=1", "b=x=y", "c="]) == {"a": "1", "b": "x=y", "c": ""}


def test_results_and_summary() -> None:
    stats = {
        "finish_reason": "finished",
        "item_scraped_count": 3,
        "response_received_count": 9,
        "page_dropped/not_article": 2,
        "page_dropped/not_article/error_page": 2,
        "page_dropped/download_failed": 1,
        "log_count/ERROR": 1,
    }
    ok = SpiderResult.from_stats("a", stats)
    assert (ok.items, ok.pages, ok.dropped, ok.errors) == (3, 9, 3, 1)
    assert pages_dropped(stats) == 3
    reasons = ["redis_unavailable", "export_error"]
    assert not ok.failed(reasons)
    assert SpiderResult.from_stats("b", {"finish_reason": "export_error"}).failed(reasons)
    assert SpiderResult.from_stats("c", {}, startup_error="boom").failed(reasons)
    lines = summary_lines([ok, SpiderResult.from_stats("c", {}, startup_error="boom")], reasons)
    assert lines[0].startswith("ok   a ") and lines[1].startswith("FAIL c ") and "(boom)" in lines[1]
    assert lines[-1] == "2 spiders, 1 failed: 3 items, 9 pages, 3 dropped, 1 errors"
