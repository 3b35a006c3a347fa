"""scrapyd deployment: ``scrapyd-deploy`` builds and uploads the project, ``schedule.json`` runs it.

Two jobs scheduled on a local scrapyd share one crawl through Redis and write every article of a
replayed site exactly once. Skipped unless scrapyd and scrapyd-client are installed (the ``deploy``
extra; CI installs only ``test``) and Redis runs on 127.0.0.1:6379 (database 14, under a key
prefix of the test's own). The project is
copied first, because scrapyd-deploy writes a ``setup.py`` next to ``scrapy.cfg``; the copy's
``[deploy]`` section points at the test's scrapyd on a free port instead of 6800.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import redis_support as rs

DB = 14
ARTICLES = 120


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _post(url: str, fields: list[tuple[str, str]]) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(url, data=data, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture
def prefix() -> Iterator[str]:
    """The test's Redis key prefix; its keys are deleted afterwards."""
    prefix = rs.unique_prefix()
    with rs.keyspace(DB, prefix):
        yield prefix


def test_deploy_and_schedule_two_jobs_sharing_a_crawl(tmp_path: Path, prefix: str) -> None:
    pytest.importorskip("scrapyd", reason="scrapyd is not installed (pip install -e '.[deploy]')")
    deploy = Path(sys.executable).with_name("scrapyd-deploy")
    if not deploy.exists():
        pytest.skip("scrapyd-client is not installed (pip install -e '.[deploy]')")

    project = tmp_path / "project"
    ignore = shutil.ignore_patterns(
        ".venv", ".git", "output", ".*_cache", ".hypothesis", "*.egg-info", "build"
    )
    shutil.copytree(rs.REPO, project, ignore=ignore)
    port = rs.free_port()
    cfg = (project / "scrapy.cfg").read_text().replace("http://127.0.0.1:6800/", f"http://127.0.0.1:{port}/")
    (project / "scrapy.cfg").write_text(cfg)

    home = tmp_path / "scrapyd"
    home.mkdir()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\nitems_dir =\npoll_interval = 0.5\n"
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("scrapyd"))],
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if _get(f"{base}/daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.1)

        built = subprocess.run(
            [str(deploy), "--version", "r1"], cwd=project, capture_output=True, text=True, timeout=120
        )
        assert built.returncode == 0, built.stderr
        assert '"status": "ok"' in built.stdout + built.stderr
        assert "baolamdong" in _get(f"{base}/listspiders.json?project=vnnews")["spiders"]

        warc = rs.write_warc(tmp_path / "site.warc.gz", ARTICLES)
        out = tmp_path / "out"
        for job in ("w1", "w2"):
            answer = _post(
                f"{base}/schedule.json",
                [
                    ("project", "vnnews"),
                    ("spider", "baolamdong"),
                    ("jobid", job),
                    ("start_urls", f"{rs.HOST}/sitemap.xml"),
                    ("setting", f"REPLAY={warc}"),
                    ("setting", f"OUTPUT_DIR={out}"),
                    ("setting", f"REDIS_URL={rs.redis_url(DB)}"),
                    ("setting", f"REDIS_KEY_PREFIX={prefix}"),
                ],
            )
            assert answer["status"] == "ok", answer
        deadline = time.monotonic() + 120
        while len(_get(f"{base}/listjobs.json?project=vnnews")["finished"]) < 2:
            assert time.monotonic() < deadline, "the scheduled jobs did not finish"
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)

    ids = [line["id"] for line in rs.output_lines(out)]
    assert len(ids) == len(set(ids)) and set(ids) == rs.article_ids(ARTICLES)
    manifests = [json.loads(p.read_text()) for p in (out / "baolamdong").glob("*.manifest.json")]
    assert sorted(m["finish_reason"] for m in manifests) == ["finished", "finished"]
