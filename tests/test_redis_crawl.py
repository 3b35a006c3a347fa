"""Shared crawls end to end: real ``scrapy crawl`` worker processes, a replayed site, a real Redis.

Every article exactly once in the union of the workers' outputs: with two workers at once, after a
SIGKILL of one of them mid-crawl (its leases re-queued, its restart recovering its file), after a
SIGTERM (a graceful drain); a second scheduled run emits only the revised articles; Redis going
away stops the crawl cleanly with one clear error. Redis on 127.0.0.1:6379, database 14, each test
under a key prefix of its own (``REDIS_KEY_PREFIX``; deleted afterwards), so that overlapping test
runs never share a crawl.
"""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import redis_support as rs

DB = 14
ARTICLES = 400  # a crawl of a few seconds: long enough to kill a worker part-way
# A killed worker's requests come back after 4 s (a live one refreshes its heartbeat every second,
# so even a loaded test machine does not take it for dead).
LEASE = ["-s", "REDIS_LEASE_SECONDS=4"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("redis-site")
    return {v: rs.write_warc(tmp / f"site-{v}.warc.gz", ARTICLES, v) for v in ("v1", "v2")}


@pytest.fixture
def prefix() -> str:
    return rs.unique_prefix()


@pytest.fixture
def client(prefix: str) -> Iterator:
    with rs.keyspace(DB, prefix) as client:
        yield client


def _run(warc: Path, out: Path, log: Path, *extra: str, prefix: str | None = None) -> subprocess.Popen:
    """A worker; under the test's Redis key ``prefix``, else a single process (or as ``extra`` says)."""
    if prefix is None:
        return rs.start_worker(rs.crawl_command(warc, out, None, *extra), log)
    return rs.start_worker(rs.crawl_command(warc, out, DB, *extra, prefix=prefix), log)


def _ids(lines: list[dict]) -> Counter:
    return Counter(line["id"] for line in lines)


def _assert_exactly_once(lines: list[dict], expected: set[str]) -> None:
    counts = _ids(lines)
    doubled = {k: v for k, v in counts.items() if v > 1}
    assert not doubled, f"articles emitted more than once: {sorted(doubled)[:10]}"
    missing = expected - set(counts)
    assert not missing, f"{len(missing)} articles missing, e.g. {sorted(missing)[:5]}"
    assert set(counts) == expected


def _no_crawl_keys_left(client, prefix: str) -> None:
    assert client.keys(f"{prefix}:baolamdong:crawl:*") == []  # drained: next run starts fresh
    assert client.hlen(f"{prefix}:seen:articles") > 0  # the seen store persists


def test_two_workers_crawl_every_article_exactly_once(site, client, prefix: str, tmp_path: Path) -> None:
    out = tmp_path / "out"  # one output directory shared by both workers
    a = _run(site["v1"], out, tmp_path / "a.log", prefix=prefix)
    b = _run(site["v1"], out, tmp_path / "b.log", prefix=prefix)
    assert (rs.wait(a, 120), rs.wait(b, 120)) == (0, 0), (tmp_path / "a.log").read_text()[-2000:]
    files = sorted((out / "baolamdong").glob("*.jsonl"))
    assert len(files) == 2  # one file (and manifest) per worker
    per_worker = [len(f.read_bytes().splitlines()) for f in files]
    assert all(n > 0 for n in per_worker), f"one worker did all the work: {per_worker}"
    _assert_exactly_once(rs.output_lines(out), rs.article_ids(ARTICLES))
    # Each page was downloaded once in all: seeds and sitemaps through the shared filter, each
    # article through the shared frontier (robots.txt is each worker's own).
    stats = [rs.logged_stats(tmp_path / f"{w}.log") for w in "ab"]
    served = {key: sum(s.get(key, 0) for s in stats) for key in ("pages/sitemapindex", "pages/urlset")}
    assert served == {"pages/sitemapindex": 1, "pages/urlset": -(-ARTICLES // rs.PER_DAY)}
    assert sum(s.get("replay/served", 0) for s in stats) == 1 + served["pages/urlset"] + ARTICLES
    _no_crawl_keys_left(client, prefix)


def test_killed_worker_loses_and_doubles_nothing(site, client, prefix: str, tmp_path: Path) -> None:
    a_out, b_out = tmp_path / "a", tmp_path / "b"
    a = _run(site["v1"], a_out, tmp_path / "a.log", *LEASE, prefix=prefix)
    b = _run(site["v1"], b_out, tmp_path / "b.log", *LEASE, prefix=prefix)
    assert rs.wait_for_lines(a_out, 15, 60) and a.poll() is None, "worker a ended before it could be killed"
    a.send_signal(signal.SIGKILL)
    a.wait()
    written_by_a = rs.output_lines(a_out)
    assert len(written_by_a) < ARTICLES, "worker a finished before it could be killed"
    assert list((a_out / "baolamdong").glob("*.jsonl.part")), "a killed worker leaves its .part file"

    assert rs.wait(b, 120) == 0
    recovered = re.findall(
        r"Re-queued (\d+) requests leased by 1 stopped worker", (tmp_path / "b.log").read_text()
    )
    assert recovered and int(recovered[0]) > 0, "the killed worker's in-flight requests were not recovered"

    restarted = _run(site["v1"], a_out, tmp_path / "a2.log", *LEASE, prefix=prefix)
    assert rs.wait(restarted, 120) == 0
    assert "left by a killed run" in (tmp_path / "a2.log").read_text()  # its .part is now a .jsonl
    assert not list((a_out / "baolamdong").glob("*.jsonl.part"))
    union = rs.output_lines(a_out) + rs.output_lines(b_out)
    # The one documented window (README, "What you cannot rely on"): a line written by the killed
    # worker whose "written" mark had not reached Redis yet may be written again by another
    # worker. Only that line, the killed worker's last, may appear twice; nothing may be lost.
    counts = _ids(union)
    doubled = {k for k, v in counts.items() if v > 1}
    in_the_window = {written_by_a[-1]["id"]} if written_by_a else set()
    assert doubled <= in_the_window, f"articles emitted more than once: {sorted(doubled)[:10]}"
    assert all(v <= 2 for v in counts.values())
    assert set(counts) == rs.article_ids(ARTICLES), "an article was lost"
    _no_crawl_keys_left(client, prefix)


def test_sigterm_drains_a_worker_gracefully(site, client, prefix: str, tmp_path: Path) -> None:
    a_out, b_out = tmp_path / "a", tmp_path / "b"
    a = _run(site["v1"], a_out, tmp_path / "a.log", prefix=prefix)  # default 30 s lease: unused
    b = _run(site["v1"], b_out, tmp_path / "b.log", prefix=prefix)
    assert rs.wait_for_lines(a_out, 15, 60) and a.poll() is None, "worker a ended before the SIGTERM"
    a.send_signal(signal.SIGTERM)
    assert rs.wait(a, 60) == 0
    manifest = json.loads(next((a_out / "baolamdong").glob("*.manifest.json")).read_text())
    assert manifest["finish_reason"] == "shutdown"
    assert rs.wait(b, 120) == 0
    assert "Re-queued" not in (tmp_path / "b.log").read_text()  # nothing was left for recovery
    _assert_exactly_once(rs.output_lines(a_out) + rs.output_lines(b_out), rs.article_ids(ARTICLES))


def test_second_scheduled_run_emits_only_revised_articles(site, client, prefix: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    for run, version in enumerate(("v1", "v2")):
        before = set((out / "baolamdong").glob("*.jsonl")) if out.exists() else set()
        workers = [_run(site[version], out, tmp_path / f"{version}-{w}.log", prefix=prefix) for w in "ab"]
        assert [rs.wait(w, 120) for w in workers] == [0, 0]
        new_files = sorted(set((out / "baolamdong").glob("*.jsonl")) - before)
        lines = [json.loads(x) for f in new_files for x in f.read_bytes().splitlines()]
        if run == 0:
            _assert_exactly_once(lines, rs.article_ids(ARTICLES))
        else:
            revised = {f"baolamdong.vn:{rs.FIRST_ID + n}" for n in range(ARTICLES) if rs.is_revised(n, "v2")}
            _assert_exactly_once(lines, revised)
            assert {line["revision"] for line in lines} == {2}
        _no_crawl_keys_left(client, prefix)


def test_revision_announced_after_a_skip_is_fetched(client, prefix: str, tmp_path: Path) -> None:
    """The mini-site's revised article is first met in the feed (no lastmod: skipped as stored),
    then in the sitemap with a newer lastmod: the shared frontier must ask for it again."""
    from tests.sites import baolamdong_minisite as mini
    from tests.test_e2e_baolamdong import SEEDS

    out = tmp_path / "out"
    emitted = []
    for version in ("v1", "v2"):
        warc = mini.write_warc(tmp_path / f"baolamdong-{version}.warc.gz", version)
        cmd = rs.crawl_command(warc, out, DB, prefix=prefix)
        cmd[cmd.index(f"start_urls={rs.HOST}/sitemap.xml")] = "start_urls=" + ",".join(SEEDS)
        before = set((out / "baolamdong").glob("*.jsonl")) if out.exists() else set()
        assert rs.wait(rs.start_worker(cmd, tmp_path / f"{version}.log"), 120) == 0
        [new] = sorted(set((out / "baolamdong").glob("*.jsonl")) - before)
        emitted.append([json.loads(x) for x in new.read_bytes().splitlines()])
    assert len(emitted[0]) == len(mini.ARTICLES) + 1  # as in the single-process end-to-end test
    assert [(x["id"], x["revision"]) for x in emitted[1]] == [("baolamdong.vn:450011", 2)]
    stats = rs.logged_stats(tmp_path / "v2.log")
    assert stats["incremental/refetch_lastmod"] == 1


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[tuple[subprocess.Popen, int]]:
    """A Redis of our own, with a password, that the test may kill."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs the redis-server program to start a Redis it can kill")
    port = rs.free_port()
    command = ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
    command += ["--requirepass", "hunter2", "--dir", str(tmp_path)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not rs.redis_up(port=port, password_set=True):
        assert time.monotonic() < deadline, "the private redis-server did not start"
        time.sleep(0.05)
    yield server, port
    if server.poll() is None:
        server.kill()
        server.wait()


def test_redis_going_away_stops_the_crawl_cleanly(site, private_redis, tmp_path: Path) -> None:
    pytest.importorskip("scrapy_redis")
    server, port = private_redis
    out, log = tmp_path / "out", tmp_path / "worker.log"
    url = f"redis://:hunter2@127.0.0.1:{port}/0"
    worker = _run(site["v1"], out, log, "-s", f"REDIS_URL={url}")
    assert rs.wait_for_lines(out, 50, 60)
    server.kill()
    server.wait()
    assert rs.wait(worker, 60) == 1  # exit status 1: the scheduler sees the failure
    text = log.read_text()
    assert "hunter2" not in text
    unreachable = re.findall(rf"ERROR: Redis at redis://:\*\*\*@127\.0\.0\.1:{port}/0 unreachable: .+", text)
    assert len(unreachable) == 1
    [manifest_path] = (out / "baolamdong").glob("*.manifest.json")
    manifest = json.loads(manifest_path.read_text())
    assert manifest["finish_reason"] == "redis_unavailable"
    [items] = (out / "baolamdong").glob("*.jsonl")  # finished and renamed, not left as .part
    lines = items.read_bytes().splitlines()
    assert len(lines) == manifest["counts"]["items_emitted"] >= 50
    assert len({json.loads(x)["id"] for x in lines}) == len(lines)


def test_unreachable_redis_at_start_is_a_clear_error(site, tmp_path: Path) -> None:
    pytest.importorskip("scrapy_redis")
    out, log = tmp_path / "out", tmp_path / "worker.log"
    url = f"redis://:hunter2@127.0.0.1:{rs.free_port()}/0"  # nothing listens there
    worker = _run(site["v1"], out, log, "-s", f"REDIS_URL={url}")
    assert rs.wait(worker, 60) == 1
    text = log.read_text()
    assert "hunter2" not in text and "Traceback" not in text
    assert len(re.findall(r"ERROR: Redis at redis://:\*\*\*@127\.0\.0\.1:\d+/0 unreachable", text)) == 1
    assert "'finish_reason': 'redis_unavailable'" in text
