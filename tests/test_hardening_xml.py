"""Hostile XML through the spider: sitemap indexes that loop or nest deeply, a 50,000-URL sitemap,
a gzip bomb. The parsers' own defences (entity expansion, external entities, gzip caps, the
50,000-entry cap) are tested in ``test_discovery.py``; here a replayed ``scrapy crawl baolamdong``
must stay bounded: each sitemap fetched once, nesting cut at ``MAX_SITEMAP_DEPTH``, requests capped
by ``max_articles``, memory far below the expanded size, and the crawl finishing.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crawler.replay import MAX_DECODED_BYTES, decode_payload, write_warc
from spiders.news import MAX_SITEMAP_DEPTH
from tests.test_hardening_support import (
    HOST,
    PARAGRAPHS,
    article_page,
    replayed_crawl,
    sitemap_index,
    urlset,
    write_replay_dir,
)

XML = "application/xml"
HTML = "text/html; charset=utf-8"


def _article(n: int) -> tuple[str, str]:
    paragraphs = tuple(f"{p} Số {n}." for p in PARAGRAPHS)
    return HTML, article_page(f"Bài thử sơ đồ trang số {n}", paragraphs=paragraphs)


def test_looping_sitemap_indexes_are_fetched_once_each(tmp_path: Path) -> None:
    pages = {
        "/sitemap.xml": (XML, sitemap_index([HOST + "/sitemap-a.xml"])),
        "/sitemap-a.xml": (XML, sitemap_index([HOST + "/sitemap.xml", HOST + "/sitemap-b.xml"])),
        "/sitemap-b.xml": (
            XML,
            sitemap_index([HOST + "/sitemap-a.xml", HOST + "/sitemap-b.xml", HOST + "/sitemap-bai.xml"]),
        ),
        "/sitemap-bai.xml": (XML, urlset([HOST + "/bai-vong-470001.html", HOST + "/bai-vong-470002.html"])),
        "/bai-vong-470001.html": _article(1),
        "/bai-vong-470002.html": _article(2),
    }
    result = replayed_crawl(tmp_path, write_replay_dir(tmp_path / "site", pages), [HOST + "/sitemap.xml"])
    assert result.returncode == 0, result.stderr[-2000:]
    sitemaps = result.crawled("/sitemap")
    assert sorted(sitemaps) == sorted(HOST + p for p in pages if p.startswith("/sitemap"))
    assert sorted(i["id"] for i in result.items) == ["baolamdong.vn:470001", "baolamdong.vn:470002"]
    assert result.manifest is not None and result.manifest["finish_reason"] == "finished"


def test_deeply_nested_sitemap_indexes_stop_at_the_depth_limit(tmp_path: Path) -> None:
    levels = 40
    pages = {
        f"/sitemap-{i}.xml": (XML, sitemap_index([f"{HOST}/sitemap-{i + 1}.xml"])) for i in range(levels)
    }
    pages[f"/sitemap-{levels}.xml"] = (XML, urlset([HOST + "/bai-sau-470010.html"]))
    pages["/bai-sau-470010.html"] = _article(10)
    result = replayed_crawl(tmp_path, write_replay_dir(tmp_path / "site", pages), [HOST + "/sitemap-0.xml"])
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.crawled("/sitemap") == [f"{HOST}/sitemap-{i}.xml" for i in range(MAX_SITEMAP_DEPTH + 1)]
    assert f"Sitemap index nested deeper than {MAX_SITEMAP_DEPTH}" in result.log
    assert result.items == []


def test_fifty_thousand_url_sitemap_is_bounded_by_max_articles(tmp_path: Path) -> None:
    urls = [f"{HOST}/bai-so-{n}-{480000 + n}.html" for n in range(50_000)]
    pages = {"/sitemap-lon.xml": (XML, urlset(urls))}
    pages.update({u.removeprefix(HOST): _article(n) for n, u in enumerate(urls[:20])})
    result = replayed_crawl(
        tmp_path,
        write_replay_dir(tmp_path / "site", pages),
        [HOST + "/sitemap-lon.xml"],
        "-a",
        "max_articles=10",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    fetched = [u for u in result.crawled() if "/bai-so-" in u]
    assert len(fetched) == 10
    assert len(result.items) == 10
    assert "'links/over_max_articles': 49990" in result.log
    peak = result.max_rss_mb
    print(f"50,000-URL sitemap: peak RSS {peak:.0f} MB")
    assert peak < 600


def _gzip_bomb(expanded: int) -> bytes:
    """Many identical gzip members: cheap to build, ``expanded`` bytes of zeros when inflated."""
    member = gzip.compress(b"\0" * 2**20, compresslevel=9)
    return member * (expanded // 2**20)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return _gzip_bomb(512 * 2**20)


def test_gzip_bomb_sitemap_through_the_spider(tmp_path: Path, bomb: bytes) -> None:
    pages = {
        "/sitemap.xml": (XML, sitemap_index([HOST + "/sitemap-bom.xml.gz", HOST + "/sitemap-bai.xml"])),
        "/sitemap-bom.xml.gz": ("application/x-gzip", bomb),
        "/sitemap-bai.xml": (XML, urlset([HOST + "/bai-sau-bom-470020.html"])),
        "/bai-sau-bom-470020.html": _article(20),
    }
    result = replayed_crawl(tmp_path, write_replay_dir(tmp_path / "site", pages), [HOST + "/sitemap.xml"])
    assert result.returncode == 0, result.stderr[-2000:]
    assert [i["id"] for i in result.items] == ["baolamdong.vn:470020"]  # the rest of the crawl goes on
    peak = result.max_rss_mb
    print(f"gzip bomb (512 MiB expanded, {len(bomb) / 2**20:.1f} MiB stored): peak RSS {peak:.0f} MB")
    assert peak < 400


def test_replay_never_inflates_a_stored_body_past_the_cap(bomb: bytes) -> None:
    _, body = decode_payload("https://baolamdong.vn/x.html", [("Content-Encoding", "gzip")], bomb)
    assert body == bomb  # served as stored, with a warning, instead of 512 MiB in memory
    assert MAX_DECODED_BYTES < 512 * 2**20


def test_gzip_bomb_article_in_a_warc_is_a_counted_drop(tmp_path: Path, bomb: bytes) -> None:
    archive = tmp_path / "bomb.warc.gz"
    url = HOST + "/bai-nen-470030.html"
    ok = HOST + "/bai-binh-thuong-470031.html"
    write_warc(
        [
            (url, 200, [("Content-Type", "text/html"), ("Content-Encoding", "gzip")], bomb),
            (ok, 200, [("Content-Type", HTML)], _article(31)[1].encode()),
            (
                HOST + "/sitemap.xml",
                200,
                [("Content-Type", XML)],
                urlset([url, ok]).encode(),
            ),
        ],
        archive,
    )
    result = replayed_crawl(tmp_path, archive, [HOST + "/sitemap.xml"])
    assert result.returncode == 0, result.stderr[-2000:]
    assert [i["id"] for i in result.items] == ["baolamdong.vn:470031"]
    assert result.manifest is not None
    dropped = result.manifest["counts"]["pages_dropped"]
    assert (
        dropped["not_article"] == 1
        and sum(v for k, v in dropped.items() if k.startswith("not_article/")) == 1
    )
    assert f"Not an article [binary]: {url} (not an HTML page: gzip-compressed data)" in result.log
    assert result.max_rss_mb < 400
