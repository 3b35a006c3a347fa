"""The drift alarm: fill rates per run, an ERROR naming the field and the selectors that stopped
matching when a paper changes its markup, and the verdict in the run manifest."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

from crawler.extensions.drift import DriftAlarm, describe, fields_below, fill_rates
from crawler.extract import extract
from crawler.extract.families import BY_NAME
from crawler.extract.record import stat_keys
from crawler.sites import get_site
from spiders.registry import spider_class
from tests.crawling import run_crawl
from tests.sites import family_pages as fp

REPO = Path(__file__).resolve().parents[1]
HOST = "https://baolamdong.vn"
GOOD = {
    "title": "Tiêu đề",
    "lead": "Sapo",
    "body": "Thân bài",
    "authors": ["Minh Tâm"],
    "published_at": "2026-01-05T06:10:00+07:00",
    "category": "Kinh tế",
    "tags": [],
    "images": [],
    "flags": [],
}


def redesigned(n: int) -> str:
    """A baolamdong page after an imagined redesign: new class names, no date anywhere."""
    story = fp.STORIES[n % len(fp.STORIES)].at("Lâm Đồng")
    paras = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f'<title>{story.title} - Báo Lâm Đồng</title><meta property="og:title" content="{story.title}"></head>'
        f'<body><div class="page-v2"><h1 class="headline-v2">{story.title} ({n})</h1>'
        f'<div class="summary-v2">{story.lead}</div><div class="story-v2">{paras}</div></div></body></html>'
    )


def crawler_for(spider: str = "baolamdong", **settings):
    return get_crawler(spider_class(get_site(spider)), settings)


def read(ext: DriftAlarm, pages: list[str]) -> None:
    """Extract the pages and count how each was read, as the spider does."""
    for i, html in enumerate(pages):
        for key in stat_keys(extract(html, f"{HOST}/bai-{i}-45{i:04d}.html")):
            ext.crawler.stats.inc_value(key)


def run(ext: DriftAlarm, pages: list[str], items: list[dict], rejected: int = 0) -> dict:
    read(ext, pages)
    for item in items:
        ext.item_seen(item=item)
    if rejected:
        ext.crawler.stats.set_value("page_dropped/not_article", rejected)
    ext.spider_closed()
    return ext.crawler.stats.get_value("drift/verdict")


def test_fill_rates_and_fields_below() -> None:
    from collections import Counter

    rates = fill_rates(Counter({"title": 19, "body": 20, "published_at": 15}), 20)
    assert (rates["title"], rates["body"], rates["published_at"], rates["tags"]) == (0.95, 1.0, 0.75, 0.0)
    assert fields_below(rates, {"title": 0.95, "body": 0.95, "published_at": 0.9}) == ["published_at"]
    assert fill_rates(Counter(), 0)["title"] is None


def test_healthy_run_is_ok_and_quiet(caplog: pytest.LogCaptureFixture) -> None:
    ext = DriftAlarm.from_crawler(crawler_for())
    page = fp.golden("baolamdong").html
    with caplog.at_level(logging.ERROR):
        verdict = run(ext, [page] * 3, [GOOD] * 25)
    assert verdict["status"] == "ok" and verdict["below"] == []
    assert verdict["fill_rates"]["body"] == 1.0 and verdict["pages"] == 25
    assert verdict["families"] == {"onecms": 3} and verdict["family_by"] == {"fingerprint": 3}
    assert verdict["selectors"]["body"]["div.b-maincontent article.entry"] == 3
    assert verdict["sources"]["title"] == {"family:onecms": 3}
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_redesign_names_the_field_and_the_selectors_that_stopped_matching(
    caplog: pytest.LogCaptureFixture,
) -> None:
    ext = DriftAlarm.from_crawler(crawler_for())
    items = [{**GOOD, "published_at": None, "flags": ["generic_fallback"]}] * 18
    with caplog.at_level(logging.ERROR):
        verdict = run(ext, [redesigned(i) for i in range(4)], items, rejected=4)
    assert verdict["status"] == "alarm"
    assert verdict["below"] == ["title", "body", "published_at"]  # 18 of 22 pages < 95%; 0 dates
    assert verdict["pages"] == 22 and verdict["rejected_pages"] == 4
    assert verdict["generic_fallback_share"] == 1.0
    assert verdict["family_by"] == {"registry": 4}  # the OneCMS fingerprint is gone
    assert verdict["read_with"] == "onecms" and verdict["pages_read"] == 4
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    date_msg = next(m for m in messages if "published_at filled on 0 of 22" in m)
    assert date_msg.startswith("Drift alarm for baolamdong: ")
    assert "span.sc-longform-header-date" in date_msg and ".block-sc-publish-time" in date_msg
    assert "still filling it: none" in date_msg and "4 pages were rejected" in date_msg
    assert "pages read as: onecms 4 (decided by: registry 4; registry: onecms)" in date_msg
    body_msg = next(m for m in messages if m.startswith("Drift alarm for baolamdong: body filled on 18"))
    assert "div.b-maincontent div.entry" in body_msg


def test_where_the_values_came_from_is_reported() -> None:
    """The golden page's date is read from its JSON-LD: no onecms date selector filled it, and the
    message says so rather than claiming a selector that matched but was not used."""
    ext = DriftAlarm.from_crawler(crawler_for())
    verdict = run(ext, [fp.golden("baolamdong").html] * 2, [{**GOOD, "published_at": None}] * 20)
    message = describe("published_at", verdict)
    assert "came from: jsonld 2" in message
    assert (
        "onecms selectors that filled it on none of the 2 pages read: span.sc-longform-header-date" in message
    )
    title = describe("title", {**verdict, "fill_rates": {"title": 0.5}, "filled": {"title": 1}})
    assert "still filling it: h1.sc-longform-header-title (2)" in title or "(2)" in title


def test_too_few_pages_never_alarm(caplog: pytest.LogCaptureFixture) -> None:
    ext = DriftAlarm.from_crawler(crawler_for())
    with caplog.at_level(logging.ERROR):
        verdict = run(ext, [], [{"title": "x"}] * 5)
    assert verdict["status"] == "too_few_pages" and verdict["below"] == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_settings_thresholds_and_min_items() -> None:
    ext = DriftAlarm.from_crawler(crawler_for(DRIFT_THRESHOLDS='{"tags": 0.5}', DRIFT_MIN_ITEMS=2))
    verdict = run(ext, [redesigned(1), redesigned(2)], [GOOD] * 2)
    assert verdict["below"] == ["tags"] and verdict["thresholds"] == {"tags": 0.5}
    assert verdict["pages_read"] == 2


def test_the_alarm_names_the_family_extraction_used_not_the_registry_guess() -> None:
    """An old-platform Báo Lâm Đồng page carries the filehex fingerprint: extraction reads it with
    filehex, and the alarm reports filehex's selectors, not the onecms ones it never used."""
    page = fp.filehex_article_content(fp._ctx("baolamdong"))  # the old platform's markup
    ext = DriftAlarm.from_crawler(crawler_for(DRIFT_MIN_ITEMS=1))
    verdict = run(ext, [page] * 2, [{**GOOD, "published_at": None}] * 2)
    assert verdict["families"] == {"filehex": 2} and verdict["read_with"] == "filehex"
    assert set(verdict["family_selectors"]["title"]) >= set(BY_NAME["filehex"].title)
    assert not set(verdict["selectors"]["title"]) & (
        set(BY_NAME["onecms"].title) - set(BY_NAME["filehex"].title)
    )


def test_extraction_sources_are_quoted() -> None:
    crawler = crawler_for(DRIFT_MIN_ITEMS=1)
    crawler.stats.set_value("extract/source/body/generic", 3)
    crawler.stats.set_value("extract/source/body/family:onecms", 1)
    verdict = run(DriftAlarm.from_crawler(crawler), [], [{**GOOD, "body": ""}] * 3 + [GOOD])
    assert verdict["sources"]["body"] == {"generic": 3, "family:onecms": 1}
    assert "came from: family:onecms 1, generic 3" in describe("body", verdict)


def test_generic_family_says_it_has_no_selectors() -> None:
    ext = DriftAlarm.from_crawler(crawler_for("huengaynay", DRIFT_MIN_ITEMS=1))
    verdict = run(ext, [], [{**GOOD, "body": ""}])
    assert "family generic has no body selectors" in describe("body", verdict)


def test_can_be_switched_off() -> None:
    with pytest.raises(NotConfigured):
        DriftAlarm.from_crawler(crawler_for(DRIFT_ENABLED=False))


def test_scheduled_run_after_a_redesign_logs_the_alarm_and_records_it(tmp_path: Path) -> None:
    """A replayed crawl: 21 redesigned articles from the sitemap; the manifest carries the verdict."""
    urls = [f"{HOST}/bai-viet-so-{i}-46{i:04d}.html" for i in range(21)]
    replay = tmp_path / "replay"
    replay.mkdir()
    index = [{"url": f"{HOST}/sitemap.xml", "file": "sitemap.xml", "content_type": "application/xml"}]
    urlset = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    (replay / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urlset}</urlset>',
        "utf-8",
    )
    for i, url in enumerate(urls):
        (replay / f"{i}.html").write_text(redesigned(i), "utf-8")
        index.append({"url": url, "file": f"{i}.html", "content_type": "text/html; charset=utf-8"})
    (replay / "index.jsonl").write_text("\n".join(json.dumps(x) for x in index) + "\n", "utf-8")
    out, log = tmp_path / "out", tmp_path / "crawl.log"
    proc = run_crawl(
        "baolamdong", replay, out, "-s", f"LOG_FILE={log}", start_urls=[f"{HOST}/sitemap.xml"], timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = log.read_text("utf-8")
    assert "ERROR: Drift alarm for baolamdong: published_at filled on 0 of 21 article pages" in text
    manifest = json.loads(next((out / "baolamdong").glob("*.manifest.json")).read_text("utf-8"))
    assert manifest["counts"]["items_emitted"] == 21
    drift = manifest["drift"]
    assert (drift["status"], drift["below"], drift["pages"]) == ("alarm", ["published_at"], 21)
    assert drift["fill_rates"]["title"] == 1.0 and drift["pages_read"] == 21
    assert manifest["extraction"]["family_by"] == {"registry": 21}
    assert manifest["extraction"]["sources"]["title"] == {"generic": 21}
    assert drift["selectors"]["published_at"]["span.sc-longform-header-date"] == 0


def test_section_pages_read_without_the_family_list_are_reported(caplog: pytest.LogCaptureFixture) -> None:
    ext = DriftAlarm.from_crawler(crawler_for())
    ext.crawler.stats.set_value("listing/pages", 12)
    ext.crawler.stats.set_value("listing/family_list_missed", 9)
    with caplog.at_level(logging.WARNING):
        verdict = run(ext, [], [GOOD] * 25)
    assert (verdict["listing_pages"], verdict["listing_family_list_missed"]) == (12, 9)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("onecms list selector matched nothing on 9 of 12 section pages" in m for m in warnings)
    assert verdict["status"] == "ok"  # the articles themselves are fine: a warning, not an alarm


def test_no_listing_warning_when_the_family_list_matched(caplog: pytest.LogCaptureFixture) -> None:
    ext = DriftAlarm.from_crawler(crawler_for())
    ext.crawler.stats.set_value("listing/pages", 12)
    with caplog.at_level(logging.WARNING):
        run(ext, [], [GOOD] * 25)
    assert not [r for r in caplog.records if "list selector" in r.getMessage()]
