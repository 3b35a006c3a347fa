"""Running ``scrapy crawl`` as a user does, in a subprocess, against a replay archive."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def crawl_command(
    spider: str,
    replay: Path,
    out: Path,
    *extra: str,
    start_urls: Iterable[str] = (),
    log_level: str = "INFO",
) -> list[str]:
    """The command line of a replayed crawl writing to ``out``; ``extra`` are more ``-a``/``-s``."""
    seeds = ",".join(start_urls)
    return [
        sys.executable, "-m", "scrapy", "crawl", spider,
        *(("-a", f"start_urls={seeds}") if seeds else ()),
        "-s", f"REPLAY={replay}",
        "-s", f"OUTPUT_DIR={out}",
        "-s", f"LOG_LEVEL={log_level}",
        *extra,
    ]  # fmt: skip


def run_crawl(
    *args: object, timeout: float = 180, env: Mapping[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    """``crawl_command(*args, **kwargs)`` run from the repository root (where scrapy.cfg is), with
    ``env`` as its whole environment when given."""
    return subprocess.run(
        crawl_command(*args, **kwargs), cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env
    )


def output_items(out: Path, spider: str) -> list[dict]:
    """Every JSON line the runs of ``spider`` wrote under ``out``."""
    return [
        json.loads(line)
        for f in sorted((out / spider).glob("*.jsonl"))
        for line in f.read_text("utf-8").splitlines()
    ]
