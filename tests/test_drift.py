"""The drift alarm: fill rates per run, an ERROR naming the field and the selectors that stopped
matching when a paper changes its markup, and the verdict in the run manifest."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.extensions.drift import DriftAlarm, describe, fields_below, fill_rates
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


def article_response(url: str, html: str) -> tuple[HtmlResponse, Request]:
    request = Request(url, meta={"page_kind": "article"})
    return HtmlResponse(url, body=html.encode("utf-8"), encoding="utf-8", request=request), request


def run(ext: DriftAlarm, pages: list[str], items: list[dict], rejected: int = 0) -> dict:
    ext.spider_opened()
    for i, html in enumerate(pages):
        response, request = article_response(f"{HOST}/bai-{i}-45{i:04d}.html", html)
        ext.response_received(response=response, request=request)
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
    assert verdict["detected_families"] == {"onecms": 3}
    assert verdict["selectors"]["body"]["div.b-maincontent article.entry"] == 3
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
    assert verdict["detected_families"] == {"none": 4}  # the OneCMS fingerprint is gone
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    date_msg = next(m for m in messages if "published_at filled on 0 of 22" in m)
    assert date_msg.startswith("Drift alarm for baolamdong: ")
    assert "span.sc-longform-header-date" in date_msg and ".block-sc-publish-time" in date_msg
    assert "still matching: none" in date_msg and "4 pages were rejected" in date_msg
    assert "family fingerprint of the probed pages: none 4 (registry: onecms)" in date_msg
    body_msg = next(m for m in messages if m.startswith("Drift alarm for baolamdong: body filled on 18"))
    assert "div.b-maincontent div.entry" in body_msg


def test_selector_that_still_matches_is_reported_with_its_count() -> None:
    ext = DriftAlarm.from_crawler(crawler_for())
    verdict = run(ext, [fp.golden("baolamdong").html] * 2, [{**GOOD, "published_at": None}] * 20)
    message = describe("published_at", verdict)
    assert "span.sc-longform-header-date (2)" in message
    assert "selectors matching none of the 2 probed pages" in message  # e.g. the old c-detail-head


def test_too_few_pages_never_alarm(caplog: pytest.LogCaptureFixture) -> None:
    ext = DriftAlarm.from_crawler(crawler_for())
    with caplog.at_level(logging.ERROR):
        verdict = run(ext, [], [{"title": "x"}] * 5)
    assert verdict["status"] == "too_few_pages" and verdict["below"] == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_settings_thresholds_min_items_and_probe_limit() -> None:
    ext = DriftAlarm.from_crawler(
        crawler_for(DRIFT_THRESHOLDS='{"tags": 0.5}', DRIFT_MIN_ITEMS=2, DRIFT_PROBE_PAGES=1)
    )
    verdict = run(ext, [redesigned(1), redesigned(2)], [GOOD] * 2)
    assert verdict["below"] == ["tags"] and verdict["thresholds"] == {"tags": 0.5}
    assert verdict["probed_pages"] == 1


def test_only_article_pages_are_probed() -> None:
    ext = DriftAlarm.from_crawler(crawler_for())
    ext.spider_opened()
    request = Request(f"{HOST}/kinh-te", meta={"page_kind": "listing"})
    ext.response_received(
        response=HtmlResponse(request.url, body=b"<html></html>", request=request), request=request
    )
    assert ext.probe is not None and ext.probe.pages == 0


def test_extraction_sources_hook_is_quoted_when_present() -> None:
    crawler = crawler_for(DRIFT_MIN_ITEMS=1)
    crawler.stats.set_value("extract/source/body/generic", 3)
    crawler.stats.set_value("extract/source/body/family:onecms:article.entry", 1)
    verdict = run(DriftAlarm.from_crawler(crawler), [], [{**GOOD, "body": ""}] * 3 + [GOOD])
    assert verdict["sources"]["body"] == {"generic": 3, "family:onecms:article.entry": 1}
    assert "came from: family:onecms:article.entry 1, generic 3" in describe("body", verdict)


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
    assert drift["fill_rates"]["title"] == 1.0 and drift["probed_pages"] == 21
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
