"""Security settings hold in real crawls (``test_settings.py`` checks the settings themselves):
no telnet console or remote-control server listens, spider names and ``-a`` arguments cannot
steer output paths out of OUTPUT_DIR, and a Redis password never reaches logs, stats or manifests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.crawling import run_crawl
from tests.test_hardening_support import (
    LocalCrawl,
    Reply,
    article_route,
    run_local_crawl,
    serving,
    urlset,
)


def _routes(n: int) -> dict:
    routes = {f"/bai-an-toan-{5000 + i}.html": article_route(f"Bài an toàn số {i}", i) for i in range(n)}
    routes["/robots.txt"] = lambda _: Reply(200, "User-agent: *\nAllow: /\n", "text/plain")
    return routes


# --- no listening server ------------------------------------------------------------------------


def _listening_ports(pid: int) -> set[int]:
    """TCP ports on which process ``pid`` has a socket in LISTEN state (from /proc)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _ports_seen_while_crawling(tmp: Path, settings: dict) -> tuple[set[int], str]:
    with serving(_routes(6), delay=0.25) as server:
        server.routes["/sitemap.xml"] = lambda _: Reply(
            200, urlset([server.url(p) for p in server.routes if p.endswith(".html")])
        )
        crawl = LocalCrawl(
            tmp, server.base, settings={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, **settings}
        )
        seen: set[int] = set()
        while crawl.proc.poll() is None:
            if len(server.hits) >= 3:  # the crawl is under way: every extension has started
                try:
                    seen |= _listening_ports(crawl.proc.pid)
                except OSError:
                    break
            time.sleep(0.05)
        result = crawl.wait()
    assert result.returncode == 0 and len(result.items) == 6
    return seen, result.log


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc")
def test_no_telnet_or_remote_control_server_listens_during_a_crawl(tmp_path: Path) -> None:
    ports, log = _ports_seen_while_crawling(tmp_path / "default", {})
    assert ports == set()
    enabled = log[log.index("Enabled extensions:") : log.index("]", log.index("Enabled extensions:"))]
    assert "TelnetConsole" not in enabled and "RemoteControl" not in enabled
    assert "Telnet console listening" not in log and "Remote control HTTP server listening" not in log


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux /proc")
def test_the_listening_check_sees_a_telnet_console(tmp_path: Path) -> None:
    """Control for the test above: switched on, the telnet console is found."""
    ports, log = _ports_seen_while_crawling(tmp_path / "telnet", {"TELNETCONSOLE_ENABLED": True})
    assert ports and "Telnet console listening" in log


# --- output paths ---------------------------------------------------------------------------------


def _files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


def test_a_hostile_spider_name_cannot_steer_the_output_path(tmp_path: Path) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    before = _files_under(tmp_path)
    with serving(_routes(2)) as server:
        server.routes["/sitemap.xml"] = lambda _: Reply(
            200, urlset([server.url(p) for p in server.routes if p.endswith(".html")])
        )
        result = run_local_crawl(
            work,
            server.base,
            spider="../../etc",
            settings={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False},
        )
    assert result.returncode == 0 and len(result.items) == 2
    out = (work / "out").resolve()
    new = _files_under(tmp_path) - before
    outside = [p for p in new if out not in p.resolve().parents and p.parent != work]
    assert outside == []  # only the crawl's own log/config/stats files sit next to OUTPUT_DIR
    assert {p.parent.name for p in new if out in p.parents} == {"etc"}
    assert not (tmp_path / "etc").exists() and not (work / "etc").exists()


def _replay_crawl(
    tmp: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    from tests.sites import baolamdong_minisite as site

    archive = tmp / "site"
    if not archive.exists():
        site.write_directory(archive, "v1")
    return run_crawl(
        "baolamdong",
        archive,
        tmp / "out",
        "-s",
        f"LOG_FILE={tmp / 'crawl.log'}",
        *args,
        start_urls=[site.ARTICLES[0].url],
        log_level="DEBUG",
        timeout=120,
        env=env,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["-a", "name=../../../escaped"],
        ["-a", "name=/tmp/absolute-escape"],
        ["-a", "OUTPUT_DIR=/tmp/hardening-escape", "-a", "output_dir=../escape"],
        ["-a", "STATE_DB=../../state-escape.sqlite"],
    ],
    ids=["relative-name", "absolute-name", "output-dir-args", "state-db-arg"],
)
def test_spider_arguments_cannot_steer_the_output_path(tmp_path: Path, args: list[str]) -> None:
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    before = _files_under(tmp_path)
    proc = _replay_crawl(work, *args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = (work / "out").resolve()
    new = _files_under(tmp_path) - before
    written = [p for p in new if p.parent != work and "site" not in p.parts]
    assert written and all(out in p.resolve().parents for p in written), written
    assert len([p for p in written if p.suffix == ".jsonl"]) == 1
    assert not Path("/tmp/hardening-escape").exists() and not Path("/tmp/absolute-escape").exists()


def test_a_file_url_as_seed_is_refused_before_anything_is_read(tmp_path: Path) -> None:
    proc = _replay_crawl(tmp_path, "-a", "start_urls=file:///etc/passwd")
    log = (tmp_path / "crawl.log").read_text("utf-8") if (tmp_path / "crawl.log").exists() else ""
    assert "root:" not in log + proc.stderr
    assert "takes absolute http(s) URLs" in log + proc.stderr
    assert not list((tmp_path / "out").rglob("*.jsonl"))


# --- secrets --------------------------------------------------------------------------------------

SECRET = "s3cr3tpass"
REDIS_URL = f"redis://:{SECRET}@127.0.0.1:6399/0"  # nothing listens on 6399


def _everything_written(tmp: Path, proc: subprocess.CompletedProcess[str]) -> str:
    texts = [proc.stdout, proc.stderr]
    for path in tmp.rglob("*"):
        if (
            path.is_file()
            and path.suffix in (".log", ".json", ".jsonl", ".part")
            and "site" not in path.parts
        ):
            texts.append(path.read_text("utf-8", "replace"))
    return "\n".join(texts)


@pytest.mark.parametrize("where", ["setting", "environment"])
def test_redis_password_never_appears_in_logs_or_manifests(tmp_path: Path, where: str) -> None:
    if where == "setting":
        proc = _replay_crawl(tmp_path, "-s", f"REDIS_URL={REDIS_URL}", "-s", "REDIS_SOCKET_TIMEOUT=1")
    else:
        env = {**os.environ, "REDIS_URL": REDIS_URL}
        proc = _replay_crawl(tmp_path, "-s", "REDIS_SOCKET_TIMEOUT=1", env=env)
    everything = _everything_written(tmp_path, proc)
    assert "6399" in everything  # the crawl did try (and report) the Redis connection
    assert SECRET not in everything
    assert not re.search(r"redis://:[^*@\s]+@", everything)
    for manifest in tmp_path.rglob("*.manifest.json"):
        assert SECRET not in json.dumps(json.loads(manifest.read_text("utf-8")))
