"""Re-extraction: ``scrapy reextract`` over a recorded WARC, one process against a pool of two.

A WARC of generated Báo Lâm Đồng article pages (``bench.sitegen``: the paper's 2025 markup, 5–8
paragraphs of Vietnamese text each, gzip per record as ``-s RECORD=`` writes it) is re-extracted by
``crawler.replay.reextract.reextract`` (what the command runs, pool start-up included, output to
memory) with ``jobs`` 1 and 2. Reported: pages/s, pages/s per process, the scaling ratio, and the
rate of the part that stays in the parent process (reading the WARC: decompressing each record,
its ``WARC-Date``), which bounds what more processes can give.
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import Options, Section, fmt_rate, repeat_median, table
from bench.sitegen import HTML_TYPE, VN_TZ, make_articles
from crawler.replay import ReplayArchive, write_warc
from crawler.replay.reextract import archive_pages, reextract
from tests.sites.baolamdong_minisite import article_html

JOBS = (1, 2)
_NOW = datetime(2026, 12, 1, tzinfo=VN_TZ) - timedelta(hours=7)  # fetch time of undated records (none here)


def build_warc(path: Path, n: int) -> int:
    """``n`` article pages in a WARC at ``path``; returns the HTML bytes written."""
    articles = make_articles(n, newest=datetime(2026, 11, 30, 18, 0, tzinfo=VN_TZ))
    pages = [(a.url, 200, [("Content-Type", HTML_TYPE)], article_html(a).encode("utf-8")) for a in articles]
    write_warc(pages, path)
    return sum(len(p[3]) for p in pages)


def _run(warc: Path, jobs: int) -> tuple[bytes, str]:
    out = io.BytesIO()
    report = reextract([ReplayArchive.open(warc)], out, jobs=jobs)
    return out.getvalue(), report.summary()


def _cpu_seconds() -> float:
    """User + system CPU of this process and of its waited-for children (the pool's workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _overhead(cpu_rate: dict[int, float]) -> str:
    extra = 100 * (cpu_rate[1] / cpu_rate[2] - 1)
    if abs(extra) < 3:
        return "nothing measurable"
    return f"{abs(extra):.0f}% {'more' if extra > 0 else 'less'} CPU per page with the pool"


def run(options: Options) -> Section:
    section = Section("reextract", "Re-extraction of a recorded WARC: 1 process against 2")
    n = 300 if options.quick else 2000
    repeats = 1 if options.quick else 5
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-reextract-") as tmp:
        warc = Path(tmp) / "recorded.warc.gz"
        html_bytes = build_warc(warc, n)
        warc_bytes = warc.stat().st_size

        start = time.perf_counter()
        archive = ReplayArchive.open(warc)
        index_seconds = time.perf_counter() - start
        read_seconds, _ = repeat_median(lambda: sum(1 for _ in archive_pages(archive, now=_NOW)), repeats)

        outputs: dict[int, bytes] = {}
        summaries: dict[int, str] = {}
        cpu: dict[int, list[float]] = {jobs: [] for jobs in JOBS}
        load_before = os.getloadavg()[0]
        walls: dict[int, list[float]] = {jobs: [] for jobs in JOBS}
        # Alternated, so that both see the same share of whatever else runs on the machine.
        for _ in range(repeats):
            for jobs in JOBS:
                before_cpu, before = _cpu_seconds(), time.perf_counter()
                outputs[jobs], summaries[jobs] = _run(warc, jobs)
                walls[jobs].append(time.perf_counter() - before)
                cpu[jobs].append(_cpu_seconds() - before_cpu)
        seconds = {jobs: statistics.median(walls[jobs]) for jobs in JOBS}
        load_after = os.getloadavg()[0]

    rate = {jobs: n / seconds[jobs] for jobs in JOBS}
    scaling = rate[2] / rate[1]
    identical = outputs[1] == outputs[2] and bool(outputs[1])
    lines = outputs[1].count(b"\n")
    cpu_rate = {jobs: n / statistics.median(cpu[jobs]) for jobs in JOBS}
    rows = [
        [
            f"`--jobs {jobs}`",
            f"{seconds[jobs]:.2f} s",
            fmt_rate(rate[jobs]),
            fmt_rate(rate[jobs] / jobs),
            f"{statistics.median(cpu[jobs]):.2f} s",
            fmt_rate(cpu_rate[jobs]),
        ]
        for jobs in JOBS
    ]
    section.add(
        f"{n:,} generated article pages ({html_bytes / 1e6:.1f} MB of HTML, {warc_bytes / 1e6:.1f} MB "
        f"of WARC), {cores} CPUs; median of {repeats} run(s) of `reextract()` each, the two alternated "
        f"(pool start-up included, lines written to memory). Every run wrote {lines:,} lines; the outputs "
        "of the two "
        f"are {'byte-identical' if identical else '**different**'}.\n\n"
        + table(
            [
                "",
                "wall time",
                "pages/s",
                "pages/s per process",
                "CPU time (all processes)",
                "pages per CPU-s",
            ],
            rows,
            "lrrrrr",
        )
        + f"\n\nScaling 1 → 2 processes: **{scaling:.2f}×** (1-minute load average {load_before:.2f} before "
        f"the timed runs, {load_after:.2f} after: on a shared machine the wall-time ratio is bounded by the "
        f"CPU left over; pages per CPU-second, {fmt_rate(cpu_rate[1])} against {fmt_rate(cpu_rate[2])}, "
        f"say what the pool itself costs (pickling pages and results, start-up): {_overhead(cpu_rate)}). "
        "The parent's own share, reading the WARC "
        f"(indexing it on open: {index_seconds:.2f} s; then decompressing every record and its "
        f"`WARC-Date`): {fmt_rate(n / read_seconds)} pages/s, "
        f"{100 * read_seconds / seconds[2]:.0f}% of the `--jobs 2` wall time; the dedupe and the JSON "
        "encoding run there too, on the same two cores as the workers.\n\n"
        f"Summary line (`--jobs 2`): `{summaries[2]}`"
    )
    section.target("reextract: pages/s, --jobs 1", "measured", f"{fmt_rate(rate[1])} pages/s", None)
    section.target(
        "reextract: pages/s, --jobs 2",
        "measured",
        f"{fmt_rate(rate[2])} pages/s ({fmt_rate(rate[2] / 2)} per process)",
        None,
    )
    section.target("reextract: scaling 1 → 2 processes", "measured", f"{scaling:.2f}×", None)
    section.target("reextract: output independent of --jobs", "byte-identical", str(identical), identical)
    return section
