"""A brief that carries a box of related stories is an article, not a listing.

Provincial papers set "Tin liên quan" boxes, or an editor's "Tin liên quan:" line followed by a
few links, inside the text of short stories. Four such links in a brief of five paragraphs made
the whole page look like a list of stories, and the article was dropped as a listing. Pages whose
only list is named "Tin liên quan" (a tag page) are still listings.
"""

from __future__ import annotations

import pytest

from crawler.extract import extract

URL = "https://baotinh-mau.vn/xa-hoi/hop-tac-xa-rau-sach-mo-rong-vung-trong-123456.html"
PARAGRAPHS = [
    "Sáng 5/12, Hợp tác xã rau sạch Tân Lập tổ chức lễ ra mắt vùng trồng mới rộng 12 ha tại thôn Đồng Tâm.",
    "Theo ban giám đốc, vùng trồng áp dụng quy trình hữu cơ, có hệ thống tưới nhỏ giọt và nhà màng hiện đại.",
    "Mỗi năm hợp tác xã dự kiến cung ứng khoảng 600 tấn rau, củ các loại cho các siêu thị trong tỉnh.",
    "Hơn 40 hộ dân trong vùng được tham gia chuỗi liên kết và được bao tiêu toàn bộ sản phẩm đạt chuẩn.",
    "Lãnh đạo xã đề nghị hợp tác xã tiếp tục mở rộng liên kết, chú trọng xây dựng thương hiệu cho nông sản.",
]
RELATED_TITLES = [
    f"Bài số {i}: nông dân vùng cao chuyển đổi sang trồng rau theo hướng hữu cơ" for i in range(8)
]
MENU = '<ul class="nav"><li><a href="/">Trang chủ</a></li><li><a href="/xa-hoi">Xã hội</a></li></ul>'


def _links(n: int, *, headed: bool = False) -> str:
    def link(i: int) -> str:
        a = f'<a href="/xa-hoi/bai-so-{i}-{900 + i}.html">{RELATED_TITLES[i]}</a>'
        return f"<h3>{a}</h3>" if headed else a

    return "".join(f"<li>{link(i)}</li>" for i in range(n))


def _page(inside: str, *, at: int = 2) -> str:
    paras = [f"<p>{p}</p>" for p in PARAGRAPHS]
    text = "".join(paras[:at]) + inside + "".join(paras[at:]) + "<p><b>Hoài Thương</b></p>"
    return (
        '<html><head><meta charset="utf-8"><title>Hợp tác xã rau sạch mở rộng vùng trồng</title></head>'
        f'<body><div id="top">{MENU}</div><div id="wrapper">'
        '<h1 class="tieude">Hợp tác xã rau sạch mở rộng vùng trồng</h1><div class="ngaydang">05/12/2026 10:15</div>'
        f'<div class="noidung">{text}</div></div>'
        '<div id="foot">Bản quyền thuộc về Báo tỉnh. Giấy phép số 12/GP.</div></body></html>'
    )


def _paragraph_lines() -> str:
    return "".join(
        f'<p><a href="/xa-hoi/bai-so-{i}-{900 + i}.html">{RELATED_TITLES[i]}</a></p>' for i in range(4)
    )


BOXES = {
    "box named by its heading": lambda n: f'<div class="box"><b>Tin liên quan</b><ul>{_links(n)}</ul></div>',
    "box named by its class, headline links": lambda n: (
        f'<div class="box-related"><ul>{_links(n, headed=True)}</ul></div>'
    ),
    "'ĐỌC THÊM' box": lambda n: f'<div class="khung"><strong>ĐỌC THÊM</strong><ul>{_links(n)}</ul></div>',
    "box with a date per story": lambda n: (
        '<div class="tinlienquan"><ul>'
        + "".join(
            f'<li><a href="/xa-hoi/bai-so-{i}-{900 + i}.html">{RELATED_TITLES[i]}</a> <span>0{i + 1}/11/2026</span></li>'
            for i in range(n)
        )
        + "</ul></div>"
    ),
}


@pytest.mark.parametrize("links", [4, 5, 8])
@pytest.mark.parametrize("shape", list(BOXES))
def test_a_brief_with_a_related_box_in_its_text_is_an_article(shape: str, links: int):
    record = extract(_page(BOXES[shape](links)), URL)
    assert record.refusal is None, record.reason
    body = record.item["body"]
    assert all(p in body for p in PARAGRAPHS)
    assert not any(t in body for t in RELATED_TITLES)
    assert record.item["authors"] == ["Hoài Thương"]


@pytest.mark.parametrize("at", [2, 5])
def test_an_editors_related_line_and_its_links_do_not_make_a_listing(at: int):
    inside = "<p><strong>Tin liên quan:</strong></p>" + _paragraph_lines()
    record = extract(_page(inside, at=at), URL)
    assert record.refusal is None, record.reason
    assert all(p in record.item["body"] for p in PARAGRAPHS)
    assert not any(t in record.item["body"] for t in RELATED_TITLES)


def test_an_unnamed_box_of_story_links_still_counts_against_a_brief():
    """Only boxes the page names as related are set aside: four long links in a box of no name
    inside five short paragraphs is as likely a list as a brief, and stays a listing."""
    record = extract(_page(f'<div class="box"><ul>{_links(4)}</ul></div>'), URL)
    assert record.refusal == "listing"


def _cards(n: int) -> str:
    return "".join(
        f'<div class="item"><h3><a href="/xa-hoi/bai-so-{i}-{900 + i}.html">{RELATED_TITLES[i % 8]} ({i})</a></h3>'
        f"<p>Tóm tắt {i}: nông dân trong xã đã chuyển đổi hàng chục héc-ta đất sang trồng rau an toàn.</p>"
        f"<span>0{i % 9 + 1}/11/2026</span></div>"
        for i in range(n)
    )


@pytest.mark.parametrize(
    "main",
    [
        f'<h1>Rau sạch</h1><div class="list"><h2>Tin liên quan</h2>{_cards(15)}</div>',
        f'<div class="box-related-news">{_cards(15)}</div>',
    ],
    ids=["tag page under a 'Tin liên quan' heading", "section whose one list is classed related"],
)
@pytest.mark.parametrize(
    "url", ["https://baotinh-mau.vn/xa-hoi/", "https://baotinh-mau.vn/tag/rau-sach-77.html"]
)
def test_a_page_whose_only_list_is_named_related_is_still_a_listing(main: str, url: str):
    html = (
        '<html><head><meta charset="utf-8"><title>Rau sạch - Báo tỉnh</title></head>'
        f'<body>{MENU}<div id="main">{main}</div></body></html>'
    )
    record = extract(html, url)
    assert record.item is None
    assert record.refusal == "listing"
