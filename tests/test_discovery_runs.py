"""What a run leaves for the next one and for its operator: unchanged child sitemaps are not read
again, a backfill logs its progress and its manifest says which part of the range it covered."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from crawler.extensions.progress import eta_seconds, format_eta, progress_line
from tests.request_counting import counted_crawl
from tests.sites.listing_site import ListingSiteOptions, write_site
from tests.test_discovery_over_time import assert_exactly, backfill_args, output_lines


def _manifests(out: Path, spider: str) -> list[dict]:
    return [json.loads(p.read_text("utf-8")) for p in sorted((out / spider).glob("*.manifest.json"))]


def test_scheduled_run_skips_child_sitemaps_unchanged_since_a_whole_run(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", ListingSiteOptions(per_section=400, sitemap="monthly"))
    children = set(site.sitemap_children.values())
    out, log = tmp_path / "out", tmp_path / "req.log"

    first = counted_crawl(site, out, log, start_urls=[site.sitemap_index])
    first.check()
    assert children <= set(first.counts.urls["sitemap"])
    assert len(output_lines(out, "baodaklak")) == len(site.articles)

    second = counted_crawl(site, out, log, start_urls=[site.sitemap_index])
    second.check()
    assert set(second.counts.urls["sitemap"]) == {site.sitemap_index}  # the index only
    assert second.counts.article == 0

    # One month's sitemap changes: that child, and only it, is read again.
    index = site.root / "sitemap.xml"
    month = sorted(site.sitemap_children)[5]
    changed = site.sitemap_children[month]
    text = index.read_text("utf-8")
    pattern = re.escape(changed) + r"</loc><lastmod>[^<]+"
    index.write_text(re.sub(pattern, f"{changed}</loc><lastmod>2026-01-01T00:00:00+07:00", text), "utf-8")
    third = counted_crawl(site, out, log, start_urls=[site.sitemap_index])
    third.check()
    assert set(third.counts.urls["sitemap"]) == {site.sitemap_index, changed}
    assert _manifests(out, "baodaklak")[-1]["discovery"]["sitemaps_unchanged_skipped"] == len(children) - 1


def test_backfill_logs_progress_and_its_manifest_records_the_range_covered(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", ListingSiteOptions(per_section=2000, listing_dates=True))
    since, until = date(2019, 3, 1), date(2019, 3, 20)
    out = tmp_path / "out"
    run = counted_crawl(
        site,
        out,
        tmp_path / "req.log",
        *backfill_args(since, until),
        "-s",
        "PROGRESS_INTERVAL=0.01",  # replayed, the crawl takes a fraction of a second
        start_urls=[site.section_urls["thoi-su"]],
    )
    run.check()
    assert_exactly(output_lines(out, "baodaklak"), site.in_range(since, until))
    lines = [line for line in run.proc.stderr.splitlines() if "Progress:" in line]
    assert lines, "no progress line"
    assert re.search(r"Progress: \d+ listing pages, \d+ articles found, \d+ written", lines[-1])
    manifest = _manifests(out, "baodaklak")[-1]
    coverage = manifest["coverage"]
    assert coverage["complete"] is True and coverage["share"] == 1.0
    assert (coverage["since"], coverage["until"]) == ("2019-03-01", "2019-03-20")
    assert coverage["covered_from"] == "2019-03-01" and coverage["covered_to"] == "2019-03-20"
    assert manifest["discovery"]["backfill"]["listing_requests"] >= 1


def test_a_scheduled_run_has_no_coverage() -> None:
    line = progress_line({"listing/pages": 3, "item_scraped_count": 7}, {"articles_found": 9}, 10.0)
    assert line == "Progress: 3 listing pages, 9 articles found, 7 written"


def test_progress_line_for_a_backfill_half_way() -> None:
    report = {
        "articles_found": 1200,
        "reached": date(2019, 7, 2),
        "coverage": {"since": "2019-01-01", "until": "2019-12-31", "share": 0.5},
    }
    line = progress_line({"listing/pages": 1234, "item_scraped_count": 1100}, report, 3600.0)
    assert line == (
        "Progress: 1,234 listing pages, 1,200 articles found, 1,100 written, reached 2019-07-02;"
        " range 2019-01-01..2019-12-31 50% covered, about 1h00m left"
    )


def test_eta() -> None:
    assert eta_seconds(0.25, 100.0) == 300.0
    assert eta_seconds(None, 100.0) is None and eta_seconds(0.0, 100.0) is None
    assert eta_seconds(1.0, 100.0) == 0.0
    assert format_eta(30) == "under a minute"
    assert format_eta(3 * 86400 + 7200) == "3d2h"
    assert format_eta(None) is None


def test_a_young_child_sitemap_is_read_again_though_its_lastmod_did_not_move(tmp_path: Path) -> None:
    """A daily child with a date-only lastmod grows all day without its lastmod moving: a child of
    the last days is read again on every run, so today's new articles are not missed."""
    from dataclasses import replace
    from datetime import UTC, datetime

    from tests.crawling import output_items, run_crawl
    from tests.sites import baolamdong_minisite as mini

    today = datetime.now(UTC).astimezone(mini_tz()).date()
    first, second = (
        replace(a, iso=f"{today.isoformat()}T0{8 + n}:00:00+07:00", published=f"{today:%d/%m/%Y} 0{8 + n}:00")
        for n, a in enumerate(mini.ARTICLES[:2])
    )
    child = f"{mini.HOST}/sitemap-article-{today.isoformat()}.xml"

    def write(version: int) -> Path:
        root = tmp_path / f"v{version}"
        root.mkdir()
        articles = [first] if version == 1 else [first, second]
        pages = {a.url: ("text/html; charset=utf-8", mini.article_html(a)) for a in articles}
        xml = "application/xml; charset=utf-8"
        pages[f"{mini.HOST}/sitemap.xml"] = (xml, mini.sitemap_index_of([(child, today.isoformat())]))
        pages[child] = (xml, mini.urlset([(a.url, a.iso) for a in articles]))
        lines = []
        for i, (url, (ctype, body)) in enumerate(pages.items()):
            (root / f"{i}.html").write_text(body, "utf-8")
            lines.append(json.dumps({"url": url, "file": f"{i}.html", "status": 200, "content_type": ctype}))
        (root / "index.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
        return root

    out = tmp_path / "out"
    seeds = [f"{mini.HOST}/sitemap.xml"]
    for version in (1, 2):
        proc = run_crawl("baolamdong", write(version), out, start_urls=seeds)
        assert proc.returncode == 0, proc.stderr[-2000:]
    assert sorted(item["id"] for item in output_items(out, "baolamdong")) == sorted(
        f"baolamdong.vn:{a.id}" for a in (first, second)
    )


def mini_tz():
    from crawler.timeparse import VN_TZ

    return VN_TZ
