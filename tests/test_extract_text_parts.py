"""A long text cut into sibling boxes of one kind (sections, or text boxes between figures) is read
whole, to its last sentence; story cards of one kind are still no text."""

from __future__ import annotations

import pytest

from crawler.extract import extract

URL = "https://baotinh-mau.vn/hanh-trinh-ca-phe-vung-cao-123456.html"
HEADLINE = "Hành trình đưa cà phê vùng cao ra thế giới"
OPENING = [
    "Mười năm trước, những triền đồi ở xã vùng cao này chỉ có ngô và sắn, năng suất thấp, đời sống bà con nhiều khó khăn.",
    "Năm 2016, hợp tác xã đầu tiên ra đời, vận động các hộ chuyển đổi sang trồng cà phê chè theo hướng hữu cơ.",
    "Những vụ đầu, cây chết nhiều vì sương muối, nhiều hộ nản lòng, có người đã định chặt bỏ để quay lại trồng ngô.",
]
MIDDLE = [
    "Được cán bộ khuyến nông hướng dẫn, bà con học cách che phủ gốc, làm hàng rào chắn gió và bón phân hữu cơ.",
    "Đến năm 2020, vườn cà phê của xã cho thu hoạch ổn định, sản phẩm bắt đầu được các công ty rang xay tìm mua.",
]
CLOSING = "Giờ đây, cà phê của xã đã có mặt ở nhiều nước, mở ra con đường thoát nghèo bền vững cho đồng bào vùng cao."
FIGURE = '<figure><img src="/anh/doi-ca-phe.jpg"><figcaption>Đồi cà phê của hợp tác xã.</figcaption></figure>'


def _paras(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


def _page(text: str) -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{HEADLINE}</title></head><body>'
        '<ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/kinh-te">Kinh tế</a></li></ul>'
        f'<div class="main"><h1 class="tieude">{HEADLINE}</h1><div class="ngay">06/12/2026 15:30</div>'
        f'<div class="bai-viet">{text}</div></div><div class="footer">Bản quyền Báo Tỉnh</div></body></html>'
    )


@pytest.mark.parametrize(
    "text",
    [
        f'<div class="doan">{_paras(OPENING + MIDDLE)}</div>{FIGURE}<div class="doan">{_paras([CLOSING])}</div>',
        f'<div class="doan">{_paras(OPENING)}</div>{FIGURE}<div class="doan">{_paras(MIDDLE)}</div>{FIGURE}'
        f'<div class="doan">{_paras([CLOSING])}</div>',
        f"<section><h2>Khởi đầu gian nan</h2>{_paras(OPENING)}</section>"
        f"<section><h2>Quả ngọt</h2>{_paras([*MIDDLE, CLOSING])}</section>",
    ],
    ids=["two boxes around a figure", "three boxes", "sections with subheadings"],
)
def test_a_text_in_parts_is_read_to_its_last_sentence(text: str):
    record = extract(_page(text), URL)
    assert record.refusal is None, record.reason
    body = record.item["body"]
    assert all(t in body for t in OPENING)
    assert body.endswith(CLOSING)
    assert all(t in body for t in MIDDLE)


def test_story_cards_of_one_kind_are_not_parts_of_a_text():
    cards = "".join(
        f'<div class="item"><h3><a href="/kinh-te/tin-{i}-{500 + i}.html">Tin số {i}: hợp tác xã mở rộng vùng trồng'
        f" cà phê hữu cơ</a></h3><p>Tóm tắt {i}: bà con phấn khởi vì giá cà phê tăng, nhiều hộ mở rộng diện tích,"
        " đầu tư máy sấy, nâng cao chất lượng sản phẩm.</p></div>"
        for i in range(8)
    )
    record = extract(_page(cards), "https://baotinh-mau.vn/kinh-te/")
    assert record.item is None
    assert record.refusal == "listing"


def _cards_without_headings(n: int) -> str:
    return "".join(
        f'<div class="item"><a class="title" href="/kinh-te/tin-{i}-{500 + i}.html">Tin số {i}: hợp tác xã mở rộng vùng'
        f" trồng cà phê hữu cơ</a><p>Tóm tắt {i}: bà con phấn khởi vì giá cà phê tăng, nhiều hộ mở rộng diện tích,"
        " đầu tư máy sấy, nâng cao chất lượng sản phẩm.</p></div>"
        for i in range(n)
    )


@pytest.mark.parametrize("url", ["https://baotinh-mau.vn/kinh-te/", "https://baotinh-mau.vn/tag/ca-phe.html"])
def test_a_section_of_cards_without_headings_or_dates_is_a_listing(url: str):
    """Cards of a title link and a teaser, no heading, no date: the generic finder takes them for a
    text; at an address that names no story, a dozen links to stories inside it are its list."""
    record = extract(_page(_cards_without_headings(12)), url)
    assert record.item is None
    assert record.refusal == "listing"


def test_the_same_cards_at_a_story_address_are_not_judged_by_the_address():
    """At an address with a story id the rule does not apply: an article's text may link to stories."""
    record = extract(_page(_cards_without_headings(12)), URL)
    assert record.reason != "listing page: a section's links to stories"
