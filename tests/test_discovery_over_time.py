"""Acceptance tests of "Discovery that stops where the known begins, and reaches back to 2019".

End to end: ``scrapy crawl`` in a subprocess replaying a generated listing-only paper
(``tests/sites/listing_site.py``), every request logged and sorted by kind
(``tests/request_counting.py``), the output compared with the generator's truth exactly.

Numbers refer to the points of the issue (see /work/shared/DESIGN.md, "Discovery over time"):
1 scheduled runs stop at the first known listing page; 2 backfills bisect numbered pagination;
3 listing dates decide which articles to fetch; 4 date-partitioned sitemaps outside the range are
not fetched; 5/6 a killed backfill resumes (file store / Redis); 7 the old Báo Lâm Đồng platform
reaches January 2019; 8 a listing whose markup misses the family's list selector still paginates.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import time
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from tests import crawling
from tests import redis_support as rs
from tests.request_counting import RequestCounts, count_requests, counted_crawl, request_log_args
from tests.sites.listing_site import ListingSite, ListingSiteOptions, TruthArticle, write_site, write_versions

REDIS_DB = 13


# --- helpers --------------------------------------------------------------------------------


def output_lines(out: Path, spider: str, *, skip: set[Path] = frozenset()) -> list[dict]:  # type: ignore[assignment]
    """Every item line under ``out/<spider>``: finished files and ``.part`` files of killed runs,
    except the files in ``skip``."""
    lines = []
    folder = out / spider
    for f in sorted([*folder.glob("*.jsonl"), *folder.glob("*.jsonl.part")]):
        if f in skip:
            continue
        for raw in f.read_bytes().splitlines():
            if raw.strip():
                try:
                    lines.append(json.loads(raw))
                except ValueError:  # a torn last line of a killed writer
                    continue
    return lines


def output_files(out: Path, spider: str) -> set[Path]:
    folder = out / spider
    return {*folder.glob("*.jsonl"), *folder.glob("*.jsonl.part")} if folder.exists() else set()


def assert_exactly(lines: list[dict], expected: list[TruthArticle]) -> None:
    counts = Counter(line["id"] for line in lines)
    doubled = sorted(k for k, v in counts.items() if v > 1)
    want = {a.item_id for a in expected}
    missing = sorted(want - set(counts))
    extra = sorted(set(counts) - want)
    assert not doubled and not missing and not extra, (
        f"{len(want)} articles expected, {len(counts)} emitted: {len(missing)} missing (e.g. {missing[:3]}), "
        f"{len(extra)} not in the range (e.g. {extra[:3]}), {len(doubled)} twice (e.g. {doubled[:3]})"
    )
    published = {a.item_id: a.published_at for a in expected}
    wrong = [line["id"] for line in lines if line.get("published_at") != published[line["id"]]]
    assert not wrong, f"published_at differs from the truth for {wrong[:3]}"


def bisection_budget(pages: int, holding: int) -> int:
    """Listing requests a bisecting backfill may make: 2*log2(pages) + pages holding the range + 5."""
    return math.ceil(2 * math.log2(pages)) + holding + 5


def backfill_args(since: date, until: date) -> list[str]:
    return ["-a", f"since={since.isoformat()}", "-a", f"until={until.isoformat()}"]


def describe(counts: RequestCounts) -> str:
    return counts.summary()


# --- 1. scheduled run 2 ---------------------------------------------------------------------


def test_scheduled_run_stops_at_the_first_known_listing_page(tmp_path: Path) -> None:
    """Run 2 on a 30-page section with 3 new articles on top emits exactly the 3 and asks for
    little more than them: requests / (3 new + 1 listing page + robots.txt) <= 1.5."""
    opts = ListingSiteOptions(spider="baodaklak", per_section=600, end=date(2024, 6, 30))
    v1, v2 = write_versions(tmp_path / "site", opts, 3)
    assert v1.pages() == 30
    out = tmp_path / "out"
    seed = [v1.section_urls["thoi-su"]]
    run1 = counted_crawl(v1, out, tmp_path / "run1.log", start_urls=seed)
    run1.check()
    assert_exactly(output_lines(out, "baodaklak"), v1.articles)  # the harness: run 1 takes everything
    before = output_files(out, "baodaklak")

    run2 = counted_crawl(v2, out, tmp_path / "run2.log", start_urls=seed)
    run2.check()
    new = [a for a in v2.articles if a.new]
    assert_exactly(output_lines(out, "baodaklak", skip=before), new)
    minimum = len(new) + 1 + 1
    ratio = run2.counts.total / minimum
    assert ratio <= 1.5, f"run 2 made {describe(run2.counts)} = {ratio:.1f} x the minimum of {minimum}"


# --- 2. narrow backfill, bisected ------------------------------------------------------------

NARROW = (date(2019, 3, 10), date(2019, 3, 12))


@pytest.mark.parametrize(
    ("spider", "pagination", "past_end"),
    [
        ("baodaklak", "query", "404"),  # the registry's ?paged={n}
        ("hanoimoi", "query", "404"),  # ?page=N learned from the pager (no registry pagination)
        ("hanoimoi", "path", "empty"),  # /trang-N.html learned from the pager
        ("baodaklak", "query", "page1"),  # past the end: page 1 served again
        ("hanoimoi", "next_only", "404"),  # an opaque "Trang sau" token: no bisection possible
    ],
)
def test_narrow_backfill_bisects_a_deep_dateless_listing(
    tmp_path: Path, spider: str, pagination: str, past_end: str
) -> None:
    """3 days of March 2019 deep in a 300-page section without listing dates: exactly the range's
    articles, listing requests <= 2*log2(pages) + pages holding the range + 5, article requests <=
    articles in range + 2 per listing request (next-link-only: <= in range + pages walked + 2)."""
    site = write_site(
        tmp_path / "site",
        ListingSiteOptions(spider=spider, per_section=6000, pagination=pagination, past_end=past_end),
    )
    section = next(iter(site.section_urls))
    pages = site.pages(section)
    assert pages == 300
    expected = site.in_range(*NARROW)
    assert 4 <= len(expected) <= 12
    run = counted_crawl(
        site,
        tmp_path / "out",
        tmp_path / "req.log",
        *backfill_args(*NARROW),
        start_urls=[site.section_urls[section]],
    )
    run.check()
    assert_exactly(output_lines(tmp_path / "out", spider), expected)
    counts = run.counts
    if pagination == "next_only":
        assert counts.article <= len(expected) + counts.listing + 2, describe(counts)
        return
    budget = bisection_budget(pages, len(site.pages_holding(*NARROW)))
    assert counts.listing <= budget, f"{describe(counts)}; listing budget {budget} of {pages} pages"
    assert counts.article <= len(expected) + 2 * counts.listing, describe(counts)


# --- 3. listing dates -----------------------------------------------------------------------


def test_backfill_with_listing_dates_fetches_only_articles_in_range(tmp_path: Path) -> None:
    """A listing that shows each item's date: article requests == articles in range (+2)."""
    site = write_site(tmp_path / "site", ListingSiteOptions(per_section=6000, listing_dates=True))
    expected = site.in_range(*NARROW)
    run = counted_crawl(
        site,
        tmp_path / "out",
        tmp_path / "req.log",
        *backfill_args(*NARROW),
        start_urls=[site.section_urls["thoi-su"]],
    )
    run.check()
    assert_exactly(output_lines(tmp_path / "out", "baodaklak"), expected)
    assert run.counts.article <= len(expected) + 2, describe(run.counts)


# --- 4. date-partitioned sitemaps -----------------------------------------------------------


def test_monthly_sitemaps_outside_the_range_are_not_fetched(tmp_path: Path) -> None:
    """A sitemap index of 84 monthly children: a one-month backfill fetches at most 2 of them."""
    site = write_site(tmp_path / "site", ListingSiteOptions(per_section=3000, sitemap="monthly"))
    assert site.sitemap_index is not None and len(site.sitemap_children) == 84
    since, until = date(2019, 3, 1), date(2019, 3, 31)
    run = counted_crawl(
        site,
        tmp_path / "out",
        tmp_path / "req.log",
        *backfill_args(since, until),
        start_urls=[site.sitemap_index],
    )
    run.check()
    assert_exactly(output_lines(tmp_path / "out", "baodaklak"), site.in_range(since, until))
    children = set(site.sitemap_children.values())
    fetched = [u for u in run.counts.urls["sitemap"] if u in children]
    assert len(fetched) <= 2, f"{len(fetched)} of {len(children)} monthly sitemaps fetched: {fetched[:5]}"


# --- 5, 6. kill -9 during a backfill, then resume -------------------------------------------

RESUME = (date(2019, 1, 1), date(2019, 12, 31))


def _resume_site(tmp_path: Path) -> ListingSite:
    return write_site(tmp_path / "site", ListingSiteOptions(per_section=6000))


def _lines_written(out: Path, spider: str) -> int:
    total = 0
    for f in output_files(out, spider):
        try:
            total += f.read_bytes().count(b"\n")
        except OSError:
            continue
    return total


def _killed_run(cmd: list[str], out: Path, spider: str, log: Path, *, lines: int, seconds: float) -> int:
    """Start ``cmd``; SIGKILL it once ``lines`` output lines exist (or after ``seconds``).
    Returns the exit code (negative: killed)."""
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    with log.open("wb") as handle:
        proc = subprocess.Popen(cmd, cwd=crawling.REPO, stdout=handle, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if _lines_written(out, spider) >= lines:
            break
        time.sleep(0.05)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
    return proc.wait(timeout=60)


def _resume_scenario(tmp_path: Path, redis: list[str], reference_redis: list[str]) -> None:
    """``redis``: the ``-s`` arguments of the two runs; ``reference_redis``: those of the
    uninterrupted reference run (another key space)."""
    site = _resume_site(tmp_path)
    spider = "baodaklak"
    expected = site.in_range(*RESUME)
    seed = [site.section_urls["thoi-su"]]
    args = [*backfill_args(*RESUME), *redis]
    out = tmp_path / "out"

    # What one uninterrupted run needs, in a separate output directory (and Redis key space).
    reference = counted_crawl(
        site,
        tmp_path / "ref-out",
        tmp_path / "ref.log",
        *backfill_args(*RESUME),
        *reference_redis,
        start_urls=seed,
    )
    reference.check()

    log1 = tmp_path / "run1.log"
    cmd = crawling.crawl_command(spider, site.root, out, *request_log_args(log1), *args, start_urls=seed)
    code = _killed_run(cmd, out, spider, tmp_path / "run1.out", lines=len(expected) // 4, seconds=60)
    run1 = count_requests(log1, site)
    written1 = {line["id"] for line in output_lines(out, spider)}

    run2 = counted_crawl(site, out, tmp_path / "run2.log", *args, start_urls=seed)
    run2.check()
    assert_exactly(output_lines(out, spider), expected)  # across both runs' files, each exactly once
    assert code < 0, (
        f"run 1 finished (exit {code}) before {len(expected) // 4} lines were written: {describe(run1)}"
    )
    truth = {u: a.item_id for u, a in site.by_url().items()}
    stored_again = [u for u in run2.counts.urls["article"] if truth.get(u) in written1]
    assert not stored_again, (
        f"run 2 fetched {len(stored_again)} articles run 1 had stored: {stored_again[:3]}"
    )
    # The seed is asked again (it is the start), and so may the one page whose response was on
    # its way when the kill came: received, not yet read, so never walked.
    walked_again = set(run1.urls["listing"][1:-1]) & set(run2.counts.urls["listing"])
    assert not walked_again, f"run 2 walked {len(walked_again)} listing pages run 1 had walked"
    assert run2.counts.listing < reference.counts.listing, (
        f"run 2 {describe(run2.counts)}; an uninterrupted run: {describe(reference.counts)}"
    )


def test_killed_backfill_resumes(tmp_path: Path) -> None:
    """SIGKILL during a backfill, the same command again: every article of the range comes out
    exactly once across the two runs' files; run 2 fetches neither the listing pages nor the
    articles run 1 got, and fewer listing pages than one whole run needs."""
    _resume_scenario(tmp_path, [], [])


def test_killed_backfill_resumes_in_redis_mode(tmp_path: Path) -> None:
    """The same with the crawl state in Redis (``-s REDIS_URL=``); without a Redis the test skips,
    or fails with VNNEWS_REQUIRE_REDIS=1."""
    prefix, ref_prefix = rs.unique_prefix(), rs.unique_prefix()
    url = ["-s", f"REDIS_URL={rs.redis_url(REDIS_DB)}"]
    with rs.keyspace(REDIS_DB, prefix), rs.keyspace(REDIS_DB, ref_prefix):
        _resume_scenario(
            tmp_path,
            [*url, "-s", f"REDIS_KEY_PREFIX={prefix}"],
            [*url, "-s", f"REDIS_KEY_PREFIX={ref_prefix}"],
        )


# --- 7. the old Báo Lâm Đồng platform back to January 2019 ----------------------------------


def test_old_baolamdong_platform_reaches_january_2019(tmp_path: Path) -> None:
    """``scrapy crawl baolamdong -a since=2019-01-01 -a until=2019-01-31`` from the default seeds on
    the old platform (``/<section>/<YYYYMM>/<slug>-<id>/``, generic listing markup, ``?page=N``
    pager): exactly January 2019, with listing requests far fewer than the sections' pages."""
    site = write_site(
        tmp_path / "site",
        ListingSiteOptions(spider="baolamdong", sections=6, per_section=2000, markup="generic"),
    )
    assert set(site.section_urls) == {s.strip("/") for s in site.site.sections}
    since, until = date(2019, 1, 1), date(2019, 1, 31)
    expected = site.in_range(since, until)
    run = counted_crawl(site, tmp_path / "out", tmp_path / "req.log", *backfill_args(since, until))
    run.check()
    assert_exactly(output_lines(tmp_path / "out", "baolamdong"), expected)
    total_pages = sum(len(p) for p in site.listing_pages.values())
    holding = site.pages_holding(since, until)
    budget = sum(
        bisection_budget(len(pages), sum(1 for s, _ in holding if s == sec))
        for sec, pages in site.listing_pages.items()
    )
    assert run.counts.listing <= budget, f"{describe(run.counts)}; budget {budget}, {total_pages} pages"
    assert run.counts.listing <= total_pages // 3


# --- 8. markup that misses the family's list selector ---------------------------------------


def test_listing_without_the_family_markup_still_paginates(tmp_path: Path) -> None:
    """Báo Lâm Đồng's old listing markup (no ``ul.onecms__loading``): an undated run goes past
    page 1 by the generic article list and the pager, and takes every article of the section."""
    site = write_site(
        tmp_path / "site",
        ListingSiteOptions(spider="baolamdong", per_section=100, markup="generic", end=date(2024, 6, 30)),
    )
    assert site.pages() == 5
    run = counted_crawl(
        site, tmp_path / "out", tmp_path / "req.log", start_urls=[site.section_urls["thoi-su"]]
    )
    run.check()
    assert run.counts.listing >= 5, describe(run.counts)
    assert_exactly(output_lines(tmp_path / "out", "baolamdong"), site.articles)
