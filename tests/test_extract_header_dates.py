"""The date line of a page in a layout no family knows: found near the headline, never read from
the headline itself, the sapo's event day or a photo caption."""

from __future__ import annotations

import pytest

from crawler.extract import extract

URL = "https://baotinh-mau.vn/xa-hoi/khanh-thanh-cau-treo-thon-ta-lang-123456.html"
TEXT = [
    "Sáng 6/12, huyện tổ chức lễ khánh thành cầu treo dân sinh nối hai bờ suối tại thôn Tà Lang.",
    "Cây cầu dài 86 m, rộng 1,5 m, được xây dựng trong bốn tháng với tổng kinh phí hơn 3 tỉ đồng.",
    "Trước đây, mỗi mùa mưa lũ, người dân và học sinh phải lội suối hoặc đi vòng hơn 10 km để ra trung tâm xã.",
    "Công trình hoàn thành giúp hơn 200 hộ dân đi lại thuận tiện, vận chuyển nông sản dễ dàng hơn.",
]
MENU = '<ul class="nav"><li><a href="/">Trang chủ</a></li><li><a href="/xa-hoi">Xã hội</a></li></ul>'


def _page(
    header: str, *, title: str = "Khánh thành cầu treo thôn Tà Lang", after: str = "", inside: str = ""
) -> str:
    text = "".join(f"<p>{p}</p>" for p in TEXT[:1]) + inside + "".join(f"<p>{p}</p>" for p in TEXT[1:])
    return (
        f'<html><head><meta charset="utf-8"><title>{title} - Báo Tỉnh</title></head><body>'
        f'<div id="top"><h1 class="logo"><a href="/">Báo Tỉnh</a></h1>{MENU}</div>'
        f'<div id="wrapper">{header}<div class="nd">{text}</div>{after}</div>'
        '<div id="foot">Bản quyền thuộc về Báo Tỉnh.</div></body></html>'
    )


def _published(html: str) -> str | None:
    record = extract(html, URL)
    assert record.item is not None, record.reason
    return record.item["published_at"]


H1 = '<h1 class="tieude">Khánh thành cầu treo thôn Tà Lang</h1>'


def test_a_day_in_the_headline_is_not_the_publication_date():
    title = "Ngày 5/12/2026 khánh thành cầu treo thôn Tà Lang"
    assert _published(_page(f'<h1 class="tieude">{title}</h1>', title=title)) is None


def test_the_date_line_is_read_beside_a_headline_that_names_a_day():
    title = "Ngày 5/12/2026 khánh thành cầu treo thôn Tà Lang"
    html = _page(
        f'<h1 class="tieude">{title}</h1><div class="thoigian">06/12/2026 | 15:30</div>', title=title
    )
    assert _published(html) == "2026-12-06T15:30:00+07:00"


@pytest.mark.parametrize(
    ("header", "after"),
    [
        (H1, '<div class="tacgia">Minh Khoa</div><div class="ngay">Cập nhật: 06/12/2026 15:30</div>'),
        (
            H1
            + '<div class="sapo">Ngày 5/12/2026, huyện khánh thành cầu.</div><div class="tg">06/12/2026 | 15:30</div>',
            "",
        ),
        (
            H1 + '<p class="tomtat">(BT) - Ngày 05-12-2026, huyện khánh thành cầu.</p>',
            '<p class="date">06/12/2026 15:30</p>',
        ),
        (
            '<div class="bc"><a href="/">Trang chủ</a> › <a href="/xa-hoi">Xã hội</a> <span>06/12/2026 15:30</span></div>'
            + H1,
            "",
        ),
        (H1 + '<div class="info">06/12/2026 03:30 PM</div>', ""),
    ],
    ids=[
        "below the text",
        "after a sapo naming the event day",
        "after the text, sapo with a day",
        "in the trail row",
        "PM clock",
    ],
)
def test_the_date_line_wherever_it_stands_near_the_article(header: str, after: str):
    assert _published(_page(header, after=after)) == "2026-12-06T15:30:00+07:00"


def test_a_photo_caption_inside_the_text_gives_no_date():
    caption = (
        '<figure><img src="/anh/cau.jpg"><figcaption>Cầu treo ngày 05/12/2026. Ảnh: T.H</figcaption></figure>'
    )
    assert _published(_page(H1, inside=caption)) is None


@pytest.mark.parametrize(
    ("row", "authors"),
    [
        ("<span>Minh Hùng</span> - <span>15:30 06/12/2026</span>", ["Minh Hùng"]),
        ("<b>NGUYỄN THU TRANG</b> <i>06/12/2026 15:30</i>", ["Nguyễn Thu Trang"]),
        ("<p>Hữu Phước - Lan Anh</p><time>06/12/2026 15:30</time>", ["Hữu Phước", "Lan Anh"]),
        ("<span>Xã hội</span> | <span>06/12/2026 15:30</span>", []),
        ("<span>Video</span> <span>06/12/2026 15:30</span>", []),
        ("<span>Thứ Bảy</span>, <span>06/12/2026 15:30</span>", []),
        ('<a href="/xa-hoi">Xã hội</a> » <span>06/12/2026 15:30</span>', []),
    ],
)
def test_a_name_beside_a_date_of_its_own_element_is_the_byline(row: str, authors: list[str]):
    """The date line's element is only its date; the row around it is the line a byline shares."""
    record = extract(_page(H1 + f'<div class="meta">{row}</div>'), URL)
    assert record.item["published_at"] == "2026-12-06T15:30:00+07:00"
    assert record.item["authors"] == authors


@pytest.mark.parametrize(
    "meta",
    [
        '<div class="info"><span class="lbl">Đăng lúc</span> <span>15:30 06/12/2026</span> | '
        '<span class="lbl">Cập nhật</span> <span>08:10 07/12/2026</span></div>',
        '<dl class="meta"><dt>Xuất bản</dt><dd>06/12/2026 15:30</dd><dt>Cập nhật</dt><dd>07/12/2026 08:10</dd></dl>',
        '<div class="meta"><time class="entry-date published" datetime="2026-12-06T15:30:00+07:00">06/12</time>'
        '<time class="updated" datetime="2026-12-07T08:10:00+07:00">07/12</time></div>',
    ],
    ids=["labels in their own elements", "definition list", "WordPress time classes"],
)
def test_published_and_updated_times_whose_labels_stand_apart(meta: str):
    record = extract(_page(H1 + meta), URL)
    assert record.item["published_at"] == "2026-12-06T15:30:00+07:00"
    assert record.item["updated_at"] == "2026-12-07T08:10:00+07:00"


def test_a_wordpress_time_with_both_classes_is_the_publication():
    meta = '<time class="entry-date published updated" datetime="2026-12-06T15:30:00+07:00">06/12/2026</time>'
    record = extract(_page(H1 + meta), URL)
    assert record.item["published_at"] == "2026-12-06T15:30:00+07:00"
    assert record.item["updated_at"] is None


def test_a_section_link_glued_to_the_weekday_of_the_date_is_no_byline():
    """'<a>Đầu Tư</a><span>Thứ Tư, 24/12/2025 ...</span>' reads 'Đầu TưThứ Tư, ...': two texts
    run together, no name."""
    row = '<a href="/dau-tu">Đầu Tư</a><span>Thứ Bảy, 06/12/2026 15:30:00 +07:00</span>'
    record = extract(_page(H1 + f'<div class="x1">{row}</div>'), URL)
    assert record.item["published_at"] == "2026-12-06T15:30:00+07:00"
    assert record.item["authors"] == []


def test_the_date_line_of_a_page_without_a_headline_element():
    """No h1 and no class names: the headline is known from the metadata only, and the date line
    sits in the same box as the text, above it. It is read, not skipped as part of the text."""
    text = "".join(f"<p>{p}</p>" for p in TEXT)
    html = (
        '<html><head><meta charset="utf-8"><title>Khánh thành cầu treo thôn Tà Lang</title>'
        '<meta property="og:title" content="Khánh thành cầu treo thôn Tà Lang"></head><body>'
        f'<div><div><div>Khánh thành cầu treo thôn Tà Lang</div><div><a href="/tac-gia/minh-khoa">Minh Khoa</a>'
        f"<span> - 06/12/2026 15:30</span></div>{text}</div></div></body></html>"
    )
    record = extract(html, URL)
    assert record.item["published_at"] == "2026-12-06T15:30:00+07:00"
