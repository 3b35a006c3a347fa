"""The spider's arguments and seed recognition, crawled against the replayed mini-site."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.sites import get_site
from spiders.news import NewsSpider
from spiders.registry import spider_class
from tests.crawling import output_items, run_crawl
from tests.sites import baolamdong_minisite as site

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return site.write_directory(tmp_path_factory.mktemp("minisite"), "v1")


def crawl(archive: Path, out: Path, *args: str) -> tuple[int, list[dict], str]:
    proc = run_crawl("baolamdong", archive, out, *args, timeout=120)
    return proc.returncode, output_items(out, "baolamdong"), proc.stderr


def ids(items: list[dict]) -> set[str]:
    return {x["id"] for x in items}


def test_article_url_as_seed_is_extracted_directly(archive: Path, tmp_path: Path) -> None:
    rc, items, _ = crawl(archive, tmp_path, "-a", f"start_urls={site.ARTICLES[2].url}")
    assert rc == 0
    assert ids(items) == {"baolamdong.vn:450003"}


def test_archive_url_as_seed(archive: Path, tmp_path: Path) -> None:
    rc, items, _ = crawl(archive, tmp_path, "-a", f"start_urls={site.ARCHIVE_URL}")
    assert rc == 0
    assert [x["published_at"] for x in items] == ["2019-01-02T20:47:00+07:00"]


def test_since_until_keep_only_those_days(archive: Path, tmp_path: Path) -> None:
    rc, items, _ = crawl(
        archive,
        tmp_path,
        "-a",
        f"start_urls={site.HOST}/sitemap.xml,{site.HOST}/chinh-tri",
        "-a",
        "since=2025-08-15",
        "-a",
        "until=2025-08-15",
    )
    assert rc == 0
    expected = {f"baolamdong.vn:{a.id}" for a in site.ARTICLES if a.iso.startswith("2025-08-15")}
    assert ids(items) == expected


def test_max_articles_caps_downloads(archive: Path, tmp_path: Path) -> None:
    rc, items, _ = crawl(
        archive, tmp_path, "-a", f"start_urls={site.HOST}/sitemap.xml", "-a", "max_articles=3"
    )
    assert rc == 0
    assert len(items) == 3


@pytest.mark.parametrize(
    ("arg", "message"),
    [
        ("since=2025-13-01", "-a since= must be a date YYYY-MM-DD"),
        ("max_articles=zero", "-a max_articles= must be a whole number"),
        ("start_urls=baolamdong.vn/rss", "-a start_urls= takes absolute http(s) URLs"),
    ],
)
def test_bad_arguments_fail_with_a_clear_message(
    archive: Path, tmp_path: Path, arg: str, message: str
) -> None:
    rc, items, stderr = crawl(archive, tmp_path, "-a", arg)
    assert rc != 0
    assert message in stderr
    assert items == []


def test_since_after_until_is_refused() -> None:
    with pytest.raises(ValueError, match="is after"):
        spider_class(get_site("baolamdong"))(since="2025-08-16", until="2025-08-01")


def test_default_seeds_are_the_sites_feeds_sitemaps_and_sections() -> None:
    spider = spider_class(get_site("baocantho"))()
    seeds = spider.default_seeds()
    assert "https://baocantho.com.vn/rss/thoi-su.rss" in seeds
    assert "https://baocantho.com.vn/thoi-su/" in seeds
    assert isinstance(spider, NewsSpider)
    assert spider.allowed_domains == ["baocantho.com.vn"]
