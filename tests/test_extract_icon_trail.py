"""A breadcrumb whose home crumb is an icon, in a box no markup names as a breadcrumb."""

from __future__ import annotations

import pytest

from crawler.extract import extract

URL = "https://baotinh-mau.vn/truong-moi-cho-hoc-sinh-vung-cao-123456.html"  # no section in the path
TITLE = "Trường mới cho học sinh vùng cao"
TEXT = "".join(
    f"<p>{p}</p>"
    for p in (
        "Sáng 6/12, huyện tổ chức lễ khánh thành điểm trường mới tại xã vùng cao với tám phòng học kiên cố.",
        "Công trình được xây dựng trong sáu tháng, tổng kinh phí hơn 9 tỉ đồng từ nguồn vốn của tỉnh.",
        "Ngôi trường mới giúp hơn 250 học sinh không còn phải học trong các phòng tạm, phòng mượn như trước.",
    )
)
MENU = (
    '<ul class="nav"><li><a href="/">Trang chủ</a></li><li><a href="/xa-hoi">Xã hội</a></li>'
    '<li><a href="/kinh-te">Kinh tế</a></li></ul>'
)


def _page(above_title: str) -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>'
        f'<div id="top"><a href="/"><img src="/logo.png"></a>{MENU}</div><div id="main">{above_title}'
        f'<h1 class="tieude">{TITLE}</h1><div class="ngay">06/12/2026 09:00</div><div class="nd">{TEXT}</div>'
        "</div></body></html>"
    )


@pytest.mark.parametrize(
    "home",
    [
        '<a href="/"><i class="fa fa-home"></i></a>',
        '<a href="https://baotinh-mau.vn/"><span class="icon-home"></span></a>',
        '<a href="https://baotinh-mau.vn"><img src="/home.svg" alt=""></a>',
    ],
)
@pytest.mark.parametrize("separator", [" / ", " » ", " "])
def test_a_trail_after_an_icon_home_link_is_the_category_path(home: str, separator: str):
    crumbs = separator.join(['<a href="/xa-hoi">Xã hội</a>', '<a href="/xa-hoi/giao-duc">Giáo dục</a>'])
    record = extract(_page(f'<div class="duong-dan">{home}{separator}{crumbs}</div>'), URL)
    assert record.item["categories"] == ["Xã hội", "Giáo dục"]
    assert record.item["category"] == "Giáo dục"


def test_a_toolbar_after_an_icon_is_no_trail():
    """Separators alone do not make a trail after an icon: a toolbar has them too."""
    toolbar = (
        '<div class="tien-ich"><a href="/"><i class="fa fa-home"></i></a> | <a href="/video">Video</a>'
        ' | <a href="/anh">Ảnh</a> | <a href="https://baotinh-mau.vn/bao-in">Báo in</a></div>'
    )
    record = extract(_page(toolbar), URL)
    assert record.item["categories"] != ["Video", "Ảnh", "Báo in"]
    assert "Video" not in record.item["categories"]
