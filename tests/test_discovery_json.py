"""Article lists from a client-rendered site's JSON API (baodienbienphu), read and crawled."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.discovery import parse_json_links, sniff_kind
from crawler.sites import get_site
from tests.crawling import output_items, run_crawl
from tests.sites import family_pages as fp

REPO = Path(__file__).resolve().parents[1]
API = "https://api-dienbien.baodienbienphu.vn/api/web/article-get-news-by-category-slug?category_slug=kinh-te&limit=50"
HOME = "https://baodienbienphu.vn/"
TEMPLATE = "/tin-bai/{category_slug}/{slug}"


def _doc(*items: dict) -> bytes:
    return json.dumps(
        {"status": 1, "data": {"list": list(items), "total": len(items)}}, ensure_ascii=False
    ).encode()


def test_api_answers_are_sniffed_as_json() -> None:
    assert sniff_kind(_doc(), API, "application/json; charset=utf-8") == "json"
    assert sniff_kind(b'  [{"slug": "a"}]', API, None) == "json"


def test_links_from_template_fields_and_link_keys_resolve_against_the_site() -> None:
    body = _doc(
        {"title": "Mùa hoa ban", "slug": "mua-hoa-ban", "category_slug": "kinh-te", "id": 77},
        {"title": "Đường lên bản", "url": "https://baodienbienphu.vn/tin-bai/xa-hoi/duong-len-ban"},
        {"title": "Chợ phiên", "link": "/tin-bai/van-hoa/cho-phien"},
        {"title": "Ảnh", "thumbnail": "/uploads/a.jpg"},  # not a link key: ignored
    )
    links = parse_json_links(body, API, home=HOME, template=TEMPLATE)
    assert [(x.url, x.title) for x in links] == [
        ("https://baodienbienphu.vn/tin-bai/kinh-te/mua-hoa-ban", "Mùa hoa ban"),
        ("https://baodienbienphu.vn/tin-bai/xa-hoi/duong-len-ban", "Đường lên bản"),
        ("https://baodienbienphu.vn/tin-bai/van-hoa/cho-phien", "Chợ phiên"),
    ]


def test_broken_or_hostile_json_gives_nothing_and_no_error() -> None:
    assert parse_json_links(b'{"data": [', API, home=HOME, template=TEMPLATE) == []
    deep = b"[" * 5000 + b"]" * 5000
    assert parse_json_links(deep, API, home=HOME, template=TEMPLATE) == []


def test_crawl_from_the_json_api(tmp_path: Path) -> None:
    golden = fp.golden("baodienbienphu")
    site = get_site("baodienbienphu")
    path = golden.url.removeprefix(HOME.rstrip("/"))
    _, category, article_slug = path.strip("/").split("/")
    api = _doc({"title": golden.story.title, "slug": article_slug, "category_slug": category})
    replay = tmp_path / "replay"
    replay.mkdir()
    (replay / "api.json").write_bytes(api)
    (replay / "article.html").write_text(golden.html, "utf-8")
    (replay / "index.jsonl").write_text(
        json.dumps({"url": API, "file": "api.json", "status": 200, "content_type": "application/json"})
        + "\n"
        + json.dumps({"url": golden.url, "file": "article.html", "status": 200, "content_type": "text/html"})
        + "\n",
        "utf-8",
    )
    proc = run_crawl("baodienbienphu", replay, tmp_path / "out", start_urls=[API], log_level="WARNING")
    assert proc.returncode == 0, proc.stderr[-2000:]
    items = output_items(tmp_path / "out", "baodienbienphu")
    assert [(x["url"], x["province"], x["published_at"]) for x in items] == [
        (golden.url, site.province, golden.published_at)
    ]
