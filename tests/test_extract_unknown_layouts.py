"""Provincial pages in layouts the registry does not know: a WordPress theme and an old table
layout with Vietnamese class names. Every field is read by the generic rules."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extract import extract

PARAS = (
    "Ngày 5/12, Sở Nông nghiệp và Môi trường tỉnh tổ chức hội nghị tổng kết vụ lúa mùa năm 2026, với sự"
    " tham dự của đại diện các xã, phường.",
    "Theo báo cáo, toàn tỉnh gieo cấy hơn 45.000 ha, năng suất bình quân đạt 58 tạ/ha, tăng 2 tạ so với"
    " cùng kỳ năm trước.",
    "Nhiều địa phương đã áp dụng cơ giới hóa đồng bộ từ khâu làm đất đến thu hoạch, giúp giảm chi phí sản"
    " xuất khoảng 15%.",
    "Thời gian tới, ngành nông nghiệp sẽ tiếp tục chuyển đổi cơ cấu cây trồng phù hợp với điều kiện thời tiết.",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAS)
SIDEBAR = "".join(
    f'<li><a href="/kinh-te/tin-{i}-{i}99.html">Tin mới số {i} trong tuần về hoạt động sản xuất</a></li>'
    for i in range(8)
)
WORDPRESS = f"""<html><head><meta charset="utf-8"><title>Tổng kết vụ lúa mùa năm 2026 – Báo Tỉnh X</title></head>
<body><div id="masthead"><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/kinh-te/">Kinh tế</a></li>
<li><a href="/kinh-te/nong-nghiep/">Nông nghiệp</a></li></ul></div><main><article class="post">
<header class="entry-header"><h1 class="entry-title">Tổng kết vụ lúa mùa năm 2026</h1><div class="entry-meta">
<span class="posted-on">Thứ Bảy, 05/12/2026 - 15:42</span> <span class="byline">Bởi
<a class="url fn n" href="/author/minhtam/">Minh Tâm</a></span></div></header><div class="entry-content">
<p><strong>(TX) - Sáng nay, hội nghị tổng kết vụ lúa mùa năm 2026 đã diễn ra tại hội trường Sở.</strong></p>
{BODY}</div><footer class="entry-footer"><span class="tags-links">Từ khóa: <a href="/tag/lua-mua/" rel="tag">lúa mùa</a>,
<a href="/tag/nong-nghiep/" rel="tag">nông nghiệp</a></span></footer></article>
<aside class="widget-area"><h3>Tin mới</h3><ul>{SIDEBAR}</ul></aside></main></body></html>"""
TABLE = f"""<html><head><meta charset="utf-8"><title>Tổng kết vụ lúa mùa năm 2026</title></head><body><table>
<tr><td class="menu"><a href="/">Trang chủ</a> | <a href="/nongnghiep/">Nông nghiệp</a></td></tr><tr><td>
<div class="ngay">Cập nhật lúc 15:42, Thứ Bảy, 05/12/2026 (GMT+7)</div><div class="tieude">Tổng kết vụ lúa mùa năm
2026</div><div class="noidung">{BODY}<p align="right"><b>Tin, ảnh: Ngọc Lan - Văn Hùng</b></p></div></td></tr>
</table></body></html>"""


def test_a_wordpress_theme():
    record = extract(
        WORDPRESS, "https://baotinhx.vn/kinh-te/nong-nghiep/tong-ket-vu-lua-mua-nam-2026-12345.html"
    )
    item = record.item
    assert item["title"] == "Tổng kết vụ lúa mùa năm 2026"
    assert item["published_at"] == "2026-12-05T15:42:00+07:00"
    assert item["authors"] == ["Minh Tâm"]
    assert (item["dateline"], item["lead"]) == (
        "TX",
        "Sáng nay, hội nghị tổng kết vụ lúa mùa năm 2026 đã diễn ra tại hội trường Sở.",
    )
    # the article's own header (its author link) is no menu: the section is the menu entry of the path
    assert (item["category"], item["categories"]) == ("Nông nghiệp", ["Kinh tế", "Nông nghiệp"])
    assert item["tags"] == ["lúa mùa", "nông nghiệp"]
    assert item["body"].startswith(PARAS[0]) and item["body"].endswith(PARAS[-1])


def test_an_old_table_layout_with_vietnamese_class_names():
    record = extract(TABLE, "https://tinhx.gov.vn/nongnghiep/2026/12/tong-ket-vu-lua-mua.htm")
    item = record.item
    assert item["title"] == "Tổng kết vụ lúa mùa năm 2026"
    assert record.sources["title"].element == "[class*=tieude] matching the metadata headline"
    # no <h1>: the date line is found before the text; a lone "Cập nhật" time is the publication
    assert item["published_at"] == "2026-12-05T15:42:00+07:00"
    assert item["authors"] == ["Ngọc Lan", "Văn Hùng"]
    assert item["category"] == "Nông nghiệp"
    assert item["body"].endswith(PARAS[-1]) and "Ngọc Lan" not in item["body"]


def test_a_short_text_cut_by_line_breaks_keeps_its_first_paragraph_in_the_body():
    """An old CMS writes the text as one block cut by ``<br><br>``; shorter than a self-contained
    block, it is found through its wrapper, which also holds the title. The block right after the
    title is then the text itself, not a sapo: the first paragraph stays in the body."""
    text = "<br><br>".join(PARAS[:3])
    page = f"""<html><head><meta charset="utf-8"><title>Tổng kết vụ lúa mùa</title></head><body>
<div id="main"><h1>Tổng kết vụ lúa mùa</h1><div class="ngay">05/12/2026 15:42</div>
<div id="noidung">{text}<br><br><b>KIM LIÊN</b></div></div>
<div class="lienket"><h3>Tin khác</h3><ul>{SIDEBAR}</ul></div></body></html>"""
    item = extract(page, "https://tinhx.gov.vn/tin/12345").item
    assert item["lead"] is None
    assert item["body"] == "\n\n".join(PARAS[:3])
    assert item["authors"] == ["Kim Liên"]


@pytest.mark.parametrize(
    ("shown", "published"),
    [
        ("Thứ Bảy, ngày 5 tháng 12 năm 2026, 15:42", "2026-12-05T15:42:00+07:00"),
        ("THỨ BẢY, 05 THÁNG 12, 2026 - 15:42", "2026-12-05T15:42:00+07:00"),
        ("15 giờ 42 phút, ngày 05/12/2026", "2026-12-05T15:42:00+07:00"),
        ("December 5, 2026 3:42 pm", "2026-12-05T15:42:00+07:00"),
        ("5 Dec 2026 15:42", "2026-12-05T15:42:00+07:00"),
        ("05.12.2026 | 15:42", "2026-12-05T15:42:00+07:00"),
    ],
)
def test_a_date_line_in_words_or_dots_near_the_title(shown: str, published: str):
    """The date near the title is found in every shape the time parser reads, month names and
    'tháng' included, not only in dd/mm/yyyy."""
    page = f"""<html><head><meta charset="utf-8"><title>Tổng kết vụ lúa mùa</title></head><body>
<div class="main"><div class="detail"><h1>Tổng kết vụ lúa mùa</h1><div class="info"><span>{shown}</span></div>
<div class="detail-content">{BODY}</div></div></div><aside class="sidebar"><ul>{SIDEBAR}</ul></aside></body></html>"""
    item = extract(page, "https://tinhx.gov.vn/tin/12345", fetched_at=datetime(2026, 12, 7, tzinfo=UTC)).item
    assert item["published_at"] == published
