"""The headline as the story is called: a label set in front of it inside the heading ("Video",
"Infographic") is decoration when the metadata's headline is the rest."""

from __future__ import annotations

import pytest

from crawler.extract import extract

URL = "https://baotinh-mau.vn/van-hoa/le-hoi-hoa-da-quy-mo-man-123456.html"
HEADLINE = "Lễ hội hoa dã quỳ mở màn mùa du lịch cuối năm"
TEXT = "".join(
    f"<p>{p}</p>"
    for p in (
        "Tối 6/12, lễ hội hoa dã quỳ lần thứ năm chính thức khai mạc tại quảng trường trung tâm thành phố.",
        "Lễ hội kéo dài năm ngày với nhiều hoạt động văn hóa, thể thao và hội chợ sản phẩm đặc trưng địa phương.",
        "Ban tổ chức dự kiến đón khoảng 50.000 lượt khách trong và ngoài tỉnh đến tham quan, trải nghiệm.",
    )
)


def _page(heading: str, *, meta_title: str = HEADLINE, tag: str = "h1", cls: str = "tieude") -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{meta_title} - Báo Tỉnh</title>'
        f'<meta property="og:title" content="{meta_title}"></head><body><div id="main">'
        f'<{tag} class="{cls}">{heading}</{tag}><div class="ngay">06/12/2026 20:10</div>'
        f'<div class="nd">{TEXT}</div></div></body></html>'
    )


@pytest.mark.parametrize(
    "label",
    ['<span class="kicker">Video</span> ', "<b>Infographic:</b> ", '<span class="label">ẢNH</span> - '],
)
def test_a_label_in_front_of_the_headline_is_left_out(label: str):
    assert extract(_page(label + HEADLINE), URL).item["title"] == HEADLINE


def test_a_label_is_left_out_on_a_family_page_too():
    html = _page('<span class="kicker">Video</span> ' + HEADLINE, cls="article__title")
    html = html.replace('<div class="nd">', '<div class="article__body zce-content-body cms-body">')
    record = extract(html, URL)
    assert record.item["title"] == HEADLINE
    assert record.sources["title"].source.startswith("family:")


@pytest.mark.parametrize(
    ("heading", "meta_title", "expected"),
    [
        # the metadata keeps the opening words: they are part of the headline
        ("<b>Đà Lạt:</b> " + HEADLINE, "Đà Lạt: " + HEADLINE, "Đà Lạt: " + HEADLINE),
        # a linked headline: nothing stands in front of it
        (f'<a href="{URL}">{HEADLINE}</a>', HEADLINE, HEADLINE),
        # a label longer than a label: a phrase of the headline set in bold
        (
            "<b>Sau ba năm gián đoạn vì dịch bệnh,</b> " + HEADLINE,
            HEADLINE,
            "Sau ba năm gián đoạn vì dịch bệnh, " + HEADLINE,
        ),
    ],
)
def test_a_heading_the_metadata_does_not_shorten_is_kept_whole(heading: str, meta_title: str, expected: str):
    assert extract(_page(heading, meta_title=meta_title), URL).item["title"] == expected
