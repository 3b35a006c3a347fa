"""End to end: ``scrapy crawl baolamdong`` in a subprocess against the replayed mini-site.

Two scheduled runs over the same state: the first emits every article once (one of them reachable
under two URLs), drops the broken page and the non-article page with counted reasons; the second,
against the site with one article revised, emits only that article as revision 2 and downloads no
unchanged article page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from crawler.items import schema_errors
from tests.crawling import run_crawl
from tests.sites import baolamdong_minisite as site

REPO = Path(__file__).resolve().parents[1]
EXPECTED = REPO / "tests" / "sites" / "expected" / "baolamdong-run1.jsonl"
VOLATILE = ("crawled_at",)
SEEDS = [
    site.HOST + "/rss/thoi-su",
    site.HOST + "/sitemap.xml",
    site.HOST + "/sitemap-news.xml",
    site.HOST + "/kinh-te",
    site.HOST + "/xa-hoi",
    site.HOST + "/chinh-tri",
]
CRAWLED = re.compile(r"Crawled \((\d+)\) <GET ([^>]+)>")


def _warc(tmp: Path, version: str) -> Path:
    return site.write_warc(tmp / f"baolamdong-{version}.warc.gz", version)


def _crawl(tmp: Path, archive: Path, run: str) -> tuple[list[dict], dict, list[tuple[int, str]]]:
    out = tmp / "out"
    log = tmp / f"{run}.log"
    before = set(out.glob("baolamdong/*.jsonl"))
    proc = run_crawl("baolamdong", archive, out, "-s", f"LOG_FILE={log}", start_urls=SEEDS, log_level="DEBUG")
    assert proc.returncode == 0, proc.stderr[-3000:]
    new = sorted(set(out.glob("baolamdong/*.jsonl")) - before)
    assert len(new) == 1, f"expected one new output file, got {new}"
    lines = [json.loads(line) for line in new[0].read_text("utf-8").splitlines()]
    manifest = json.loads(new[0].with_suffix("").with_suffix(".manifest.json").read_text("utf-8"))
    crawled = [(int(s), u) for s, u in CRAWLED.findall(log.read_text("utf-8"))]
    return lines, manifest, crawled


def _stable(item: dict) -> dict:
    return {k: v for k, v in item.items() if k not in VOLATILE}


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("e2e")
    first = _crawl(tmp, _warc(tmp, "v1"), "run1")
    second = _crawl(tmp, _warc(tmp, "v2"), "run2")
    return {"first": first, "second": second}


def test_first_run_emits_exact_lines(runs: dict) -> None:
    lines, _, _ = runs["first"]
    expected = [json.loads(line) for line in EXPECTED.read_text("utf-8").splitlines()]
    got = sorted((_stable(x) for x in lines), key=lambda x: x["id"])
    assert got == sorted(expected, key=lambda x: x["id"])


def test_first_run_every_article_once_and_schema_valid(runs: dict) -> None:
    lines, _, _ = runs["first"]
    ids = [x["id"] for x in lines]
    assert len(ids) == len(set(ids))
    expected_ids = {f"baolamdong.vn:{a.id}" for a in site.ARTICLES} | {"baolamdong.vn:3012345"}
    assert set(ids) == expected_ids
    for item in lines:
        assert schema_errors(item) == []
        assert item["revision"] == 1


def test_alias_url_is_one_article(runs: dict) -> None:
    """The old slug still served by the site is the same article: never a second line."""
    lines, _, _ = runs["first"]
    hits = [x for x in lines if x["id"] == "baolamdong.vn:450010"]
    assert len(hits) == 1
    assert hits[0]["canonical_url"] == site.ARTICLES[9].url


def test_listing_pagination_followed(runs: dict) -> None:
    _, _, crawled = runs["first"]
    assert (200, site.HOST + "/kinh-te?page=2") in crawled


def test_first_run_counts_drops_by_reason(runs: dict) -> None:
    _, manifest, crawled = runs["first"]
    counts = manifest["counts"]
    assert counts["items_emitted"] == len(site.ARTICLES) + 1
    assert (404, site.HOST + site.MISSING_PATH) in crawled
    dropped = json.dumps(counts, ensure_ascii=False)
    assert "not_article" in dropped  # the digest page and the truncated page


def test_second_run_emits_only_the_revision(runs: dict) -> None:
    lines, _, _ = runs["second"]
    assert [x["id"] for x in lines] == ["baolamdong.vn:450011"]
    revised = lines[0]
    assert revised["revision"] == 2
    assert revised["updated_at"] == "2025-08-16T12:45:00+07:00"
    assert "mở rộng xuống các xã phía nam" in revised["body"]


def test_second_run_downloads_no_unchanged_article(runs: dict) -> None:
    _, _, crawled = runs["second"]
    article_ids = {a.id for a in site.ARTICLES} | {3012345}
    fetched_articles = {
        u for _, u in crawled if any(u.rstrip("/").endswith((f"-{i}.html", f"-{i}")) for i in article_ids)
    }
    assert fetched_articles == {site.ARTICLES[10].url}
