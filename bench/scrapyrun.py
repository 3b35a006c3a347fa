"""Run ``scrapy crawl``/``scrapy runspider`` in a subprocess of this venv and read its final stats."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import REPO

STATS_EXTENSION = {"bench.statsdump.StatsDump": 990}


@dataclass
class CrawlRun:
    label: str
    stats: dict[str, Any]
    wall: float  # seconds, process start to exit (interpreter start and imports included)
    returncode: int
    log: Path
    command: str

    @property
    def responses(self) -> int:
        return int(self.stats.get("response_received_count", 0))

    @property
    def elapsed(self) -> float:
        return float(self.stats.get("elapsed_time_seconds") or 0.0)

    @property
    def pages_per_second(self) -> float:
        return self.responses / self.elapsed if self.elapsed else 0.0

    @property
    def requests(self) -> int:
        return int(self.stats.get("downloader/request_count", 0))

    def stat(self, key: str) -> int:
        return int(self.stats.get(key, 0) or 0)


def base_settings(replay: Path, output_dir: Path, concurrency: int = 32) -> dict[str, str]:
    """The settings of the issue: replay, no throttling or delay, INFO logs."""
    return {
        "REPLAY": str(replay),
        "OUTPUT_DIR": str(output_dir),
        "LOG_LEVEL": "INFO",
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS": str(concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
    }


def run_scrapy(
    label: str,
    args: list[str],
    settings: dict[str, str],
    workdir: Path,
    *,
    profile_out: Path | None = None,
) -> CrawlRun:
    """``python -m scrapy <args> -s K=V ...`` from the repository root; stats come back as JSON."""
    workdir.mkdir(parents=True, exist_ok=True)
    stats_file, log_file = workdir / f"{label}.stats.json", workdir / f"{label}.log"
    full = {
        **settings,
        "EXTENSIONS": json.dumps(STATS_EXTENSION),
        "BENCH_STATS_FILE": str(stats_file),
        "LOG_FILE": str(log_file),
    }
    cmd = [sys.executable]
    if profile_out is not None:
        cmd += ["-m", "cProfile", "-o", str(profile_out)]
    cmd += ["-m", "scrapy", *args]
    for key, value in full.items():
        cmd += ["-s", f"{key}={value}"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    stats = json.loads(stats_file.read_text("utf-8")) if stats_file.exists() else {}
    if proc.returncode != 0 or not stats:
        tail = (proc.stderr or "")[-2000:] or log_file.read_text("utf-8", "replace")[-2000:]
        raise RuntimeError(f"{label}: scrapy exited {proc.returncode}\n{tail}")
    shown = " ".join(a for a in args) + " " + " ".join(f"-s {k}={v}" for k, v in settings.items())
    return CrawlRun(label, stats, wall, proc.returncode, log_file, f"scrapy {shown}")
