"""The text in a main column whose class reads like a sidebar's ("col-left" beside a "col-right"
sidebar, a "layout-with-sidebar" wrapper), the headline above the columns: found by a second look
that lifts column names. A page that shows an error notice, a listing or a sign-in wall in the same
layout is still refused."""

from __future__ import annotations

import pytest

from crawler.extract import extract

URL = "https://baotinh-mau.vn/xa-hoi/mua-vu-ca-phe-moi-123456.html"
HEADLINE = "Nông dân bước vào mùa thu hoạch cà phê"
TEXT = [
    "Những ngày này, nông dân các xã phía bắc huyện tất bật thu hoạch cà phê khi giá thu mua đang ở mức cao.",
    "Theo phòng nông nghiệp huyện, năng suất năm nay ước đạt 3,2 tấn mỗi héc-ta, tăng nhẹ so với năm trước.",
    "Nhiều hộ đã chuyển sang hái chọn quả chín để nâng chất lượng hạt và bán được giá cao hơn cho doanh nghiệp.",
    "Huyện khuyến cáo người dân không thu hoạch quả xanh, phơi sấy đúng kỹ thuật để tránh nấm mốc.",
]
SIDEBAR = (
    "<ul>"
    + "".join(
        f'<li><a href="/xa-hoi/tin-doc-nhieu-{i}-{700 + i}.html">Tin đọc nhiều số {i} về đời sống người dân trong tỉnh</a></li>'
        for i in range(6)
    )
    + "</ul>"
)
TEASERS = "".join(
    f'<div class="item"><h3><a href="/xa-hoi/tin-{i}-{800 + i}.html">Tin nổi bật số {i} trong tuần về kinh tế địa phương</a></h3>'
    f"<p>Tóm tắt {i}: các xã đẩy mạnh phát triển kinh tế, chăm lo đời sống nhân dân dịp cuối năm.</p></div>"
    for i in range(9)
)
FEATURE = (
    '<div class="feature"><h3><a href="/xa-hoi/tin-dac-biet-999.html">Tin đặc biệt</a></h3><p>Trong năm 2026, tỉnh'
    " triển khai đồng bộ nhiều giải pháp phát triển kinh tế - xã hội, tốc độ tăng trưởng khá so với cùng kỳ, đời sống"
    " nhân dân từng bước được cải thiện. Nhiều công trình trọng điểm được khởi công và hoàn thành đúng tiến độ, góp"
    " phần thay đổi diện mạo nông thôn và đô thị của địa phương.</p></div>"
)


def _doc(title: str, body: str) -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        '<div class="nav"><a href="/">Trang chủ</a> <a href="/xa-hoi">Xã hội</a></div>'
        f'{body}<div class="footer">Bản quyền thuộc về Báo Tỉnh</div></body></html>'
    )


HEADER = f'<div class="article-header"><h1>{HEADLINE}</h1><div class="date">06/12/2026 09:40</div></div>'
PARAGRAPHS = "".join(f"<p>{p}</p>" for p in TEXT) + "<p><b>Y Nguyên</b></p>"


@pytest.mark.parametrize(
    "columns",
    [
        f'<div class="col-left"><div class="content">{PARAGRAPHS}</div></div><div class="col-right">{SIDEBAR}</div>',
        f'<div class="layout-with-sidebar"><div class="main">{PARAGRAPHS}</div><aside>{SIDEBAR}</aside></div>',
        f'<div class="row"><div class="column-left">{PARAGRAPHS}</div><div class="column-right">{SIDEBAR}</div></div>',
    ],
    ids=["col-left", "layout-with-sidebar", "column-left"],
)
def test_the_text_of_a_main_column_named_like_a_sidebar_is_read(columns: str):
    record = extract(_doc(HEADLINE, HEADER + columns), URL)
    assert record.refusal is None, record.reason
    assert record.item["body"].split("\n\n") == TEXT
    assert record.item["authors"] == ["Y Nguyên"]
    assert record.item["published_at"] == "2026-12-06T09:40:00+07:00"


@pytest.mark.parametrize(
    ("title", "body", "code"),
    [
        (
            "Lỗi 404",
            f'<h1>Lỗi 404 - Không tìm thấy trang</h1><p>Xin lỗi, đường dẫn không tồn tại.</p><div class="col-left">{FEATURE}</div>'
            f'<div class="col-right">{SIDEBAR}</div>',
            "error_page",
        ),
        (
            "Xã hội - Báo Tỉnh",
            f'<h1 class="cat-title">Xã hội</h1><div class="col-left">{TEASERS}</div>',
            "listing",
        ),
        (
            HEADLINE,
            f'<h1>{HEADLINE}</h1><div class="col-left"><p>Đoạn mở đầu ngắn.</p><div class="paywall"><p>Bạn cần đăng nhập'
            ' để đọc tiếp bài viết này.</p><a href="/dang-nhap">Đăng nhập</a></div></div>',
            "login_wall",
        ),
    ],
    ids=["404 with a teaser in col-left", "section list in col-left", "sign-in wall in col-left"],
)
def test_pages_without_an_article_stay_refused_in_that_layout(title: str, body: str, code: str):
    record = extract(_doc(title, body), URL)
    assert record.item is None
    assert record.refusal == code
