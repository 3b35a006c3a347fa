"""JSON-LD that old templates and SEO plugins wrap (CDATA sections, HTML or C comments) is read;
a block that holds no JSON costs nothing but itself."""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract

URL = "https://baotinh-mau.vn/cho-phien-vung-cao-ngay-cuoi-nam-123456.html"
HEADLINE = "Chợ phiên vùng cao ngày cuối năm"
ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "headline": HEADLINE,
    "datePublished": "2026-12-05T07:45:00+07:00",
    "author": {"@type": "Person", "name": "Lò Văn Thắng"},
    "articleSection": "Văn hóa",
}
TEXT = "".join(
    f"<p>{p}</p>"
    for p in (
        "Từ sáng sớm, đồng bào các dân tộc từ nhiều bản xa đã đổ về chợ phiên để mua sắm chuẩn bị đón năm mới.",
        "Các gian hàng thổ cẩm, nông sản, gia súc được bày bán dọc hai bên đường dẫn vào trung tâm xã.",
        "Phiên chợ cuối năm còn là dịp để thanh niên các bản gặp gỡ, giao lưu và tham gia trò chơi dân gian.",
    )
)


def _page(script: str) -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{HEADLINE}</title>'
        f'<script type="application/ld+json">{script}</script></head><body>'
        f'<h1>{HEADLINE}</h1><div class="nd">{TEXT}</div></body></html>'
    )


LD = json.dumps(ARTICLE, ensure_ascii=False)


@pytest.mark.parametrize(
    "script",
    [
        f"//<![CDATA[\n{LD}\n//]]>",
        f"<!--\n{LD}\n-->",
        f"/* SEO plugin 4.2 */ {LD}",
        f'<!-- [{LD}, {{"@type": "WebSite", "name": "Báo Tỉnh"}}] -->',
    ],
    ids=["CDATA", "HTML comment", "C comment", "list in a comment"],
)
def test_wrapped_json_ld_is_read(script: str):
    record = extract(_page(script), URL)
    assert record.item["published_at"] == "2026-12-05T07:45:00+07:00"
    assert record.sources["published_at"].source == "jsonld"
    assert record.item["authors"] == ["Lò Văn Thắng"]
    assert record.item["category"] == "Văn hóa"


@pytest.mark.parametrize("script", ["//<![CDATA[ var a = 1; //]]>", "{ not json } [ nor this ]", "}{", ""])
def test_a_block_without_json_is_skipped(script: str):
    record = extract(_page(script), URL)
    assert record.item["title"] == HEADLINE
    assert record.item["published_at"] is None
