"""Every spider against its own site's markup: a golden article extracted, and a replayed crawl
from the site's feed, sitemap or listing to the article in the JSON-lines output.

The pages come from ``tests/sites/family_pages.py`` (one template per CMS family, our own text).
All crawls run in one subprocess (one reactor, one crawler per spider), so 40 spiders cost one
Scrapy start-up.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.items import schema_errors
from crawler.sites import SITES, get_site
from crawler.textnorm import fold
from crawler.urls import article_key
from tests.sites import family_pages as fp

REPO = Path(__file__).resolve().parents[1]
SPIDERS = [s.spider for s in SITES]
FETCHED_AT = datetime(2026, 6, 30, tzinfo=UTC)

RUNNER = """
import json, sys
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

replay, out, log, plan = sys.argv[1:5]
settings = get_project_settings()
settings.setdict({"REPLAY": replay, "OUTPUT_DIR": out, "LOG_FILE": log, "LOG_LEVEL": "INFO"})
process = CrawlerProcess(settings)
for spider, start in json.loads(plan).items():
    process.crawl(spider, start_urls=start)
process.start()
"""


def _extract(page: fp.Golden) -> dict:
    return extract_article(page.html, page.url, fetched_at=FETCHED_AT)


def test_every_spider_has_a_fixture_spec() -> None:
    assert set(fp.SPEC) == set(SPIDERS)


@pytest.mark.parametrize("spider", SPIDERS)
def test_golden_article(spider: str) -> None:
    site = get_site(spider)
    page = fp.golden(spider)
    assert site.is_article_url(page.url) and site.owns(page.url)
    item = _extract(page)
    story = page.story
    assert item["title"] == story.title
    assert item["lead"] == story.lead
    assert item["dateline"] == page.dateline
    assert item["published_at"] == page.published_at  # with the time of day, +07:00
    for paragraph in story.paragraphs:
        assert paragraph in item["body"]
    for noise in (fp.RELATED_TITLE, fp.FOOTER_TEXT, story.lead):
        assert noise not in item["body"]
    assert (item["site"], item["source_name"], item["province"]) == (
        site.domain,
        site.source_name,
        site.province,
    )
    assert item["id"] == article_key(site.domain, page.url)
    if spider not in fp.AUTHORLESS:
        assert [fold(a) for a in item["authors"]] == [fold(story.author)]
        assert fold(story.author) not in fold(item["body"])
    assert schema_errors(item) == []


def test_onecms_older_template_on_a_longform_site() -> None:
    page = fp.onecms_standard_golden()
    item = _extract(page)
    assert (item["title"], item["lead"], item["dateline"]) == (
        page.story.title,
        page.story.lead,
        "Baonghean.vn",
    )
    assert item["published_at"] == page.published_at  # "HH:MM dd/mm/yyyy"
    assert item["authors"] == [page.story.author]
    assert fp.RELATED_TITLE not in item["body"]


def test_quangngai_body_inside_script_string() -> None:
    page = fp.quangngai_script_golden()
    item = _extract(page)
    assert item["body"].startswith(page.story.paragraphs[0])


# --- replayed crawls ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    tmp = tmp_path_factory.mktemp("sites-e2e")
    plans = {spider: fp.discovery(spider) for spider in SPIDERS}
    fp.write_replay(tmp / "replay", list(plans.values()))
    out, log = tmp / "out", tmp / "crawl.log"
    plan = json.dumps({spider: d.start_url for spider, d in plans.items()})
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, str(tmp / "replay"), str(out), str(log), plan],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:] + log.read_text("utf-8")[-3000:]
    items: dict[str, list[dict]] = {}
    for spider in SPIDERS:
        files = sorted((out / spider).glob("*.jsonl"))
        assert len(files) == 1, f"{spider}: {files}"
        items[spider] = [json.loads(line) for line in files[0].read_text("utf-8").splitlines()]
    return items


@pytest.mark.parametrize("spider", SPIDERS)
def test_discovery_leads_to_the_article(crawled: dict[str, list[dict]], spider: str) -> None:
    site = get_site(spider)
    plan = fp.discovery(spider)
    items = crawled[spider]
    # One item: the video page listed next to the article was not followed.
    assert [i["url"] for i in items] == [plan.article.url]
    item = items[0]
    assert item["id"] == article_key(site.domain, plan.article.url)
    assert (item["site"], item["province"], item["source_name"]) == (
        site.domain,
        site.province,
        site.source_name,
    )
    assert item["title"] == plan.article.story.title
    assert item["published_at"] == plan.article.published_at
    assert not site.is_article_url(plan.skipped_url)
