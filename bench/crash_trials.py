"""Kill -9 trials: ``scrapy crawl baolamdong`` is killed at random moments, then run again.

    python -m bench.crash_trials [--trials 20] [--articles 120] [--delay 0.1] [--seed 1] [--json OUT]

Each trial crawls a generated Báo Lâm Đồng (``bench.sitegen``, replayed from a directory; a
``SlowDown`` downloader middleware makes every response take ``--delay`` seconds so that the kill
lands while articles are being written), sends SIGKILL at a random moment, and checks what a
killed crawl leaves: every ``.jsonl``/``.jsonl.part`` file holds only whole lines, each a JSON
object that passes the item schema; ``PRAGMA integrity_check`` of the state database is ``ok``.
A second, unkilled run with the same OUTPUT_DIR must then finish, and the union of both runs'
output must hold every article exactly once.

A quarter of the kills come at a random moment of the whole run (some land during start-up); the
rest once the output file holds a random number of lines, i.e. among the writes.
``tests/test_hardening_crash.py`` runs a few trials; this script runs as many as asked and prints
the figures (exit status 1 when any check failed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler

REPO = Path(__file__).resolve().parents[1]
SPIDER = "baolamdong"


class SlowDown:
    """Downloader middleware: every request waits ``CRASH_TRIAL_DELAY`` seconds before the replay
    middleware answers it, as a real server would take time."""

    def __init__(self, delay: float) -> None:
        self.delay = delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SlowDown:
        return cls(crawler.settings.getfloat("CRASH_TRIAL_DELAY", 0.1))

    async def process_request(self, request: Request) -> None:
        from scrapy.utils.asyncio import sleep

        await sleep(self.delay)


@dataclass
class Site:
    root: Path
    seed: str
    ids: set[str]


def make_site(out: Path, articles: int) -> Site:
    """A replay directory of ``articles`` old articles (older than the recheck window)."""
    from bench.sitegen import make_articles, write_site

    made = make_articles(articles, newest=datetime(2025, 9, 1, 12, tzinfo=UTC), per_day=30, start_id=700000)
    files = write_site(out, made, layout="daily")
    return Site(files.root, files.seed_url, {f"baolamdong.vn:{a.id}" for a in made})


def crawl_command(site: Site, out: Path, delay: float) -> list[str]:
    from scrapy.utils.project import get_project_settings

    middlewares = dict(get_project_settings().getdict("DOWNLOADER_MIDDLEWARES"))
    middlewares["bench.crash_trials.SlowDown"] = 949  # just before the replay middleware (950)
    return [
        sys.executable, "-m", "scrapy", "crawl", SPIDER, "-a", f"start_urls={site.seed}",
        "-s", f"REPLAY={site.root}", "-s", f"OUTPUT_DIR={out}", "-s", "LOG_LEVEL=WARNING",
        "-s", f"CRASH_TRIAL_DELAY={delay}", "-s", f"DOWNLOADER_MIDDLEWARES={json.dumps(middlewares)}",
    ]  # fmt: skip


@dataclass
class Check:
    files: int = 0
    lines: int = 0
    problems: list[str] = field(default_factory=list)
    ids: Counter[str] = field(default_factory=Counter)
    torn_tails: int = 0  # .part files of a killed writer that end in the head of a line


def check_output(spider_dir: Path, *, killed: bool = False) -> Check:
    """Every output file: whole lines only, each valid JSON passing the item schema.

    ``killed``: the writer was just killed with SIGKILL. Its ``.part`` file may then end in the
    head of the line being written: the kernel stops copying a long ``write`` at a page boundary
    when a fatal signal arrives. That tail is counted, not a problem: the next run trims it before
    the file becomes ``.jsonl`` (``pipelines.export.recover_killed_runs``), which the check after
    the rerun holds it to."""
    from crawler.items import schema_errors

    check = Check()
    for path in sorted(spider_dir.glob("*.jsonl*")):
        if not path.name.endswith((".jsonl", ".jsonl.part")):
            continue
        check.files += 1
        raw = path.read_bytes()
        if raw and not raw.endswith(b"\n"):
            if killed and path.name.endswith(".jsonl.part"):
                check.torn_tails += 1
            else:
                check.problems.append(f"{path.name}: last line is not whole")
        for n, line in enumerate(raw.split(b"\n")[:-1], 1):
            check.lines += 1
            try:
                item = json.loads(line)
            except ValueError as exc:
                check.problems.append(f"{path.name}:{n}: not JSON ({exc})")
                continue
            errors = schema_errors(item)
            if errors:
                check.problems.append(f"{path.name}:{n}: {errors[:2]}")
            check.ids[item.get("id")] += 1
    return check


def integrity(spider_dir: Path) -> str:
    """``PRAGMA integrity_check`` of the state database ("absent" before the crawl created it)."""
    db = spider_dir / "state.sqlite"
    if not db.exists():
        return "absent"
    con = sqlite3.connect(db)
    try:
        return str(con.execute("PRAGMA integrity_check").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        return f"error: {exc}"
    finally:
        con.close()


@dataclass
class Trial:
    kill_after: float  # seconds after the process start
    killed: bool  # False: the crawl had finished before the kill was due
    lines_at_kill: int
    integrity_after_kill: str
    integrity_after_rerun: str
    problems: list[str]
    torn_tails_after_kill: int  # trimmed by the rerun: ``problems`` holds the rerun's check too
    rerun_returncode: int
    duplicates: list[str]
    missing: int
    total_lines: int


def _part_lines(spider_dir: Path) -> int:
    try:
        return sum(p.read_bytes().count(b"\n") for p in spider_dir.glob("*.jsonl.part"))
    except OSError:  # renamed between the listing and the read
        return 0


def run_trial(site: Site, work: Path, rng: random.Random, delay: float, span: float) -> Trial:
    """One kill at a random moment, the checks, one clean rerun, the exactly-once check."""
    out = work / "out"
    spider_dir = out / SPIDER
    cmd = crawl_command(site, out, delay)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if rng.random() < 0.25:  # any moment of the run, start-up included
        due = start + rng.uniform(0.2, span)
        while time.monotonic() < due and proc.poll() is None:
            time.sleep(0.005)
    else:  # while articles are being written: once the output holds a random number of lines
        target = rng.randint(1, max(1, int(len(site.ids) * 0.9)))
        while time.monotonic() - start < 120 and proc.poll() is None and _part_lines(spider_dir) < target:
            time.sleep(0.002)
        time.sleep(rng.uniform(0.0, 0.02))
    killed = proc.poll() is None
    kill_after = time.monotonic() - start
    if killed:
        os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=60)
    lines_at_kill = _part_lines(spider_dir) if spider_dir.exists() else 0
    after_kill = check_output(spider_dir, killed=killed) if spider_dir.exists() else Check()
    integrity_kill = integrity(spider_dir) if spider_dir.exists() else "absent"

    rerun = subprocess.run(cmd, cwd=REPO, capture_output=True, timeout=300)
    final = check_output(spider_dir)
    duplicates = sorted(i for i, n in final.ids.items() if n > 1)
    return Trial(
        kill_after=round(kill_after, 3),
        killed=killed,
        lines_at_kill=lines_at_kill,
        integrity_after_kill=integrity_kill,
        integrity_after_rerun=integrity(spider_dir),
        problems=after_kill.problems + final.problems,
        torn_tails_after_kill=after_kill.torn_tails,
        rerun_returncode=rerun.returncode,
        duplicates=duplicates,
        missing=len(site.ids - set(final.ids)),
        total_lines=final.lines,
    )


def baseline_seconds(site: Site, work: Path, delay: float) -> float:
    """How long an unkilled crawl of the site takes, start-up included."""
    start = time.monotonic()
    subprocess.run(
        crawl_command(site, work / "out", delay), cwd=REPO, capture_output=True, timeout=300, check=True
    )
    return time.monotonic() - start


def run_trials(trials: int, articles: int, delay: float, seed: int, work: Path) -> dict[str, Any]:
    rng = random.Random(seed)
    site = make_site(work / "site", articles)
    span = baseline_seconds(site, work / "baseline", delay)
    results = [run_trial(site, work / f"trial-{n:02d}", rng, delay, span) for n in range(trials)]
    killed = [t for t in results if t.killed]
    return {
        "trials": trials,
        "articles": articles,
        "baseline_seconds": round(span, 2),
        "kills": len(killed),
        "kills_with_output_written": sum(1 for t in killed if t.lines_at_kill > 0),
        "lines_at_kill": [t.lines_at_kill for t in killed],
        "lines_checked_after_kills": sum(t.lines_at_kill for t in killed),
        "lines_checked_total": sum(t.lines_at_kill + t.total_lines for t in results),
        "integrity_ok_after_kill": sum(1 for t in results if t.integrity_after_kill in ("ok", "absent")),
        "integrity_ok_after_rerun": sum(1 for t in results if t.integrity_after_rerun == "ok"),
        "torn_or_invalid_lines": sum(len(t.problems) for t in results),
        "torn_tails_trimmed_by_rerun": sum(t.torn_tails_after_kill for t in results),
        "reruns_failed": sum(1 for t in results if t.rerun_returncode != 0),
        "trials_with_duplicates": sum(1 for t in results if t.duplicates),
        "trials_with_missing": sum(1 for t in results if t.missing),
        "details": [asdict(t) for t in results],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.crash_trials", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--delay", type=float, default=0.1, help="seconds each response takes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the full results here")
    args = parser.parse_args(argv)
    with TemporaryDirectory(prefix="crash-trials-") as tmp:
        summary = run_trials(args.trials, args.articles, args.delay, args.seed, Path(tmp))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), "utf-8")
    print(json.dumps({k: v for k, v in summary.items() if k != "details"}, indent=2))
    bad = (
        summary["torn_or_invalid_lines"]
        or summary["reruns_failed"]
        or summary["trials_with_duplicates"]
        or summary["trials_with_missing"]
        or summary["integrity_ok_after_rerun"] != summary["trials"]
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
