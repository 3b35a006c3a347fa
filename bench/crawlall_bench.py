"""``scrapy crawlall`` against the single runs: every paper in one process vs one process per paper.

Each of the 40 papers is replayed from one archive (``tests/sites/family_pages.py`` markup, our own
text): its feed, sitemap or section page listing ``ARTICLES`` articles. The archive is served by a
download handler (:class:`LatencyHandler`) that answers each request after ``LATENCY`` seconds, so
requests go through Scrapy's downloader and its per-host slots (``CONCURRENT_REQUESTS_PER_DOMAIN``,
``DOWNLOAD_DELAY``) exactly as live requests do: politeness per host is what bounds a paper's
crawl, and what ``crawlall`` overlaps across hosts. ``-s REPLAY=`` would bypass those slots.

Measured: the wall time of ``scrapy crawlall`` (all papers) against the sum of the wall times of
``scrapy crawl <paper>`` run one after the other (what a cron line per paper costs), the same items
written, and the peak RSS of the 40-spider process against one single run's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from bench.common import REPO, Options, Section, table
from crawler.replay import ReplayArchive
from tests.served_archive import ArchiveHandler

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

LATENCY = 0.2  # seconds per response, every host
# The per-host pace: the project's default is 0.5 s with AutoThrottle; shorter keeps the bench short.
DOWNLOAD_DELAY = 0.25
HANDLER = "bench.crawlall_bench.LatencyHandler"


class LatencyHandler(ArchiveHandler):
    """Serves ``BENCH_ARCHIVE`` as if it were the network, each answer after ``BENCH_LATENCY`` s; a
    URL not in it is a 404. The archive is opened once per process (40 crawlers share it)."""

    archives: ClassVar[dict[str, ReplayArchive]] = {}

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.latency = crawler.settings.getfloat("BENCH_LATENCY", LATENCY)

    def open_archive(self, crawler: Crawler) -> ReplayArchive:
        path = str(crawler.settings["BENCH_ARCHIVE"])
        if path not in self.archives:
            self.archives[path] = ReplayArchive.open(path)
        return self.archives[path]

    async def download_request(self, request: Request) -> Response:
        from scrapy.utils.asyncio import sleep

        await sleep(self.latency)
        return await super().download_request(request)


# --- the papers -------------------------------------------------------------------------------


def paper_pages(spider: str, articles: int) -> dict[str, tuple[str, str]]:
    """url -> (content type, body): the paper's first feed/sitemap/section listing ``articles``
    article pages of its own markup, each with its own id."""
    from tests.sites import family_pages as fp

    site = fp.get_site(spider)
    n = fp._number(spider)
    template, shape, printed, _ = fp.SPEC[spider]
    host = site.home.rstrip("/")
    pages: dict[str, tuple[str, str]] = {}
    entries = []
    for k in range(articles):
        story = fp.STORIES[(n + k) % len(fp.STORIES)].at(fp.PLACE.get(spider, site.province))
        section = story.section[0]
        path = fp.SHAPES[shape](section, f"{fp.slug(story.title)[:50].strip('-')}-{k}", n + 100 * k)
        when = datetime(2026, 1, 5, 6, 10, tzinfo=fp.VN) + timedelta(days=n, minutes=37 * n + 3 * k)
        related = host + fp.SHAPES[shape](section, "hoi-nghi-so-ket-cong-tac-sau-thang", n + 9000)
        ctx = fp.Ctx(site, host + path, story, when, printed, related)
        pages[ctx.url] = ("text/html; charset=utf-8", template(ctx))
        entries.append((ctx.url, story.title, when))
    if spider == "hanoimoi":
        start = host + site.sitemaps[0]
        child = f"{host}/sitemap-article-{entries[0][2]:%Y-%m-%d}.xml"
        pages[start] = ("application/xml", fp.sitemap_index([child]))
        pages[child] = ("application/xml", fp.urlset([(u, w) for u, _, w in entries]))
    elif site.json_link:
        pages[site.feeds[0]] = ("application/json", fp.json_api(host, entries))
    elif site.feeds:
        start = host + site.feeds[0]
        pages[start] = ("application/rss+xml", fp.rss(site, start, entries))
    elif spider == "baodanang":
        pages[host + site.sitemaps[0]] = ("application/xml", fp.news_sitemap(site, entries))
    elif site.sitemaps:
        pages[host + site.sitemaps[0]] = ("application/xml", fp.urlset([(u, w) for u, _, w in entries]))
    else:
        start = host + site.sections[0]
        pages[start] = ("text/html; charset=utf-8", fp.listing(site, start, entries))
    return pages


def write_archive(root: Path, spiders: list[str], articles: int) -> int:
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    for spider in spiders:
        for i, (url, (ctype, body)) in enumerate(sorted(paper_pages(spider, articles).items())):
            name = f"{spider}-{i}.html"
            (root / name).write_text(body, "utf-8")
            lines.append(json.dumps({"url": url, "file": name, "status": 200, "content_type": ctype}))
    (root / "index.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return len(lines)


# --- runs -------------------------------------------------------------------------------------


@dataclass
class Run:
    wall: float
    max_rss_kib: int
    returncode: int
    stdout: str


def settings_args(archive: Path, out: Path) -> list[str]:
    handlers = json.dumps({"http": HANDLER, "https": HANDLER})
    return [
        "-s", f"BENCH_ARCHIVE={archive}", "-s", f"BENCH_LATENCY={LATENCY}",
        "-s", f"DOWNLOAD_HANDLERS={handlers}", "-s", f"OUTPUT_DIR={out}",
        "-s", f"DOWNLOAD_DELAY={DOWNLOAD_DELAY}", "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "LOG_LEVEL=WARNING",
    ]  # fmt: skip


def run_scrapy(args: list[str]) -> Run:
    """A ``scrapy`` subprocess: wall time from spawn to exit, and its own peak RSS (``wait4``)."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "scrapy", *args], cwd=REPO, stdout=out, stderr=subprocess.DEVNULL, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Run(wall, int(usage.ru_maxrss), proc.returncode, text)


def items_written(out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for directory in sorted(p for p in out.iterdir() if p.is_dir()):
        counts[directory.name] = sum(f.read_text("utf-8").count("\n") for f in directory.glob("*.jsonl"))
    return counts


def run(options: Options) -> Section:
    from crawler.sites import SITES

    title = "All papers in one process: `scrapy crawlall` against one `scrapy crawl` per paper"
    section = Section("crawlall", title)
    spiders = sorted(s.spider for s in SITES)
    if options.quick:
        spiders = spiders[:6]
    articles = 2 if options.quick else 8
    with tempfile.TemporaryDirectory(prefix="bench-crawlall-") as tmp:
        root = Path(tmp)
        records = write_archive(root / "archive", spiders, articles)

        singles: dict[str, Run] = {}
        for spider in spiders:
            singles[spider] = run_scrapy(["crawl", spider, *settings_args(root / "archive", root / "single")])
        named = spiders if options.quick else []  # the full run names none: every spider
        together = run_scrapy(["crawlall", *named, *settings_args(root / "archive", root / "all")])
        single_items = items_written(root / "single")
        all_items = items_written(root / "all")
    single_items = {s: single_items.get(s, 0) for s in spiders}
    all_items = {s: all_items.get(s, 0) for s in spiders}

    failed_singles = [s for s, r in singles.items() if r.returncode != 0]
    total_single = sum(r.wall for r in singles.values())
    speedup = total_single / together.wall if together.wall else 0.0
    rss_single = max(r.max_rss_kib for r in singles.values()) / 1024
    rss_all = together.max_rss_kib / 1024
    expected = {s: articles for s in spiders}
    section.add(
        f"{len(spiders)} papers, {articles} articles each, {records} archived pages; every response "
        f"after {LATENCY} s, `DOWNLOAD_DELAY={DOWNLOAD_DELAY}` (no jitter beyond Scrapy's 0.5–1.5×), "
        f"AutoThrottle off, `CONCURRENT_REQUESTS_PER_DOMAIN=2` (project default); served through the "
        f"downloader by `bench.crawlall_bench.LatencyHandler`, so per-host slots apply."
    )
    slowest_name, slowest = max(singles.items(), key=lambda kv: kv[1].wall)
    rows: list[list[object]] = [
        [
            f"{len(spiders)} × `scrapy crawl <paper>`, one after another (sum)",
            f"{total_single:.1f} s",
            sum(single_items.values()),
            f"{rss_single:.0f} MiB (largest)",
            "all 0" if not failed_singles else f"{len(failed_singles)} non-zero",
        ],
        [
            f"slowest single (`{slowest_name}`)",
            f"{slowest.wall:.1f} s",
            single_items[slowest_name],
            f"{slowest.max_rss_kib / 1024:.0f} MiB",
            slowest.returncode,
        ],
        [
            f"`scrapy crawlall` ({len(spiders)} spiders)",
            f"{together.wall:.1f} s",
            sum(all_items.values()),
            f"{rss_all:.0f} MiB",
            together.returncode,
        ],
    ]
    section.add(table(["run", "wall", "items", "peak RSS", "exit"], rows, "lrrrr"))
    if failed_singles:
        codes = ", ".join(f"`{s}` ({singles[s].returncode})" for s in failed_singles)
        section.add(f"Single runs that exited non-zero: {codes}.")
    section.add(
        f"`crawlall` took {together.wall:.1f} s against {total_single:.1f} s for the single runs "
        f"({speedup:.1f}× faster); its last summary line: `{together.stdout.strip().splitlines()[-1]}`."
    )
    section.target(
        "crawlall: same items as the single runs",
        "every paper's articles, once",
        f"{sum(all_items.values())} vs {sum(single_items.values())}",
        all_items == single_items == expected,
    )
    section.target(
        "crawlall: wall time vs sum of single runs",
        "faster than the sum",
        f"{together.wall:.1f} s vs {total_single:.1f} s ({speedup:.1f}×)",
        together.returncode == 0 and together.wall < total_single,
    )
    section.target(
        f"crawlall: peak memory with {len(spiders)} spiders",
        "recorded",
        f"{rss_all:.0f} MiB (one single run: {rss_single:.0f} MiB)",
        None,
    )
    return section
