"""Leftovers of the probes on layouts nobody here wrote: each shape failed once, and is kept as a
compact page with our own Vietnamese text, asserting what a careful reader annotates for it.

Photo credits: a closing "Ảnh: Minh Hà" credits who took the pictures; it is neither text nor the
writer ("Bài, ảnh:" and "Tin, ảnh:" credit the text too and are bylines). Date lines: the names a
date line opens with on an unknown layout ("Minh Hùng - Thu Trang 15:20, 05/12/2026") are the
authors; the sections, places and days that stand there as often ("Video", "THỜI SỰ", "ĐÀ LẠT",
"Thứ Bảy") never are. Tags: a tag block inside a box whose class also says "related", and a row of
short links to tag pages with no label; meta keywords are still no tags.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extract import extract
from crawler.extract.dates import split_date_line
from crawler.extract.people import (
    date_line_byline,
    date_line_names,
    is_person,
    is_photo_credit,
    parse_byline,
)
from crawler.extract.taxonomy.tags import tag_line
from crawler.sites import PROVINCES
from tests.test_extract_bylines import FILEHEX_URL, filehex_page

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
URL = "https://baoxommoi.vn/kinh-te/hop-tac-xa-tre-dua-rau-sach-len-san-345678.html"
TITLE = "Hợp tác xã trẻ đưa rau sạch lên sàn thương mại điện tử"
PARAS = (
    "Sau hai năm thành lập, hợp tác xã của nhóm thanh niên ở xã Hòa Bắc đã có hơn bốn mươi thành viên,"
    " canh tác gần mười lăm héc-ta rau theo tiêu chuẩn an toàn.",
    "Mỗi tuần, hợp tác xã giao khoảng sáu tấn rau cho bếp ăn trường học và siêu thị trong tỉnh, phần"
    " còn lại bán qua các gian hàng trực tuyến.",
    "Giám đốc hợp tác xã cho biết đơn hàng qua mạng tăng gần gấp đôi so với năm ngoái nhờ khâu đóng gói"
    " và truy xuất nguồn gốc được làm bài bản.",
    "Thời gian tới, hợp tác xã dự kiến mở rộng thêm năm héc-ta nhà màng và liên kết với các hộ dân lân"
    " cận để bảo đảm nguồn hàng ổn định.",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAS)
LEAD = "Từ một mảnh vườn nhỏ, nhóm thanh niên đã đưa rau sạch của quê nhà đến người mua khắp cả nước."
KEYWORDS = "rau sạch, hợp tác xã, nông nghiệp, thương mại điện tử, tin tức, báo mới, tin nóng"
SIDEBAR = "".join(
    f'<li><a href="/kinh-te/tin-khac-so-{i}-3401{i}.html">Tin khác số {i}: nông dân vào vụ rau Tết</a>'
    f" <span>0{i}/12/2026</span></li>"
    for i in range(1, 7)
)


def page(meta: str = "", closing: str = "", after: str = "") -> str:
    """A layout of no known family: title, a meta line, the text, then whatever closes it."""
    return f"""<html><head><meta charset="utf-8"><title>{TITLE}</title>
<meta name="keywords" content="{KEYWORDS}"></head><body><div class="wrap"><div class="col-8">
<h1 class="title-detail">{TITLE}</h1>{meta}<div class="detail-content">{BODY}{closing}</div>{after}
</div><div class="col-4"><ul class="list-news">{SIDEBAR}</ul></div></div></body></html>"""


def _item(html: str) -> dict:
    record = extract(html, URL, fetched_at=NOW)
    assert record.item is not None, record.reason
    return record.item


def _text_intact(item: dict) -> None:
    """The title, the whole text and nothing after its last sentence."""
    assert item["title"] == TITLE
    assert item["body"].startswith(PARAS[0])
    assert item["body"].endswith(PARAS[-1])
    assert item["body"].count("\n\n") == len(PARAS) - 1


# -- photo credits --------------------------------------------------------------------------------

RIGHT = '<p style="text-align:right"><strong>{}</strong></p>'
ITALIC = '<p style="text-align:right"><em>{}</em></p>'


@pytest.mark.parametrize(
    ("closing", "authors", "source"),
    [
        (RIGHT.format("Ảnh: Minh Hà"), [], None),
        (ITALIC.format("ẢNH: MINH HÀ"), [], None),
        ("<p>Ảnh: Minh Hà</p>", [], None),
        (ITALIC.format("(Ảnh: Minh Hà)"), [], None),
        (ITALIC.format("Ảnh minh họa: Lê Hoa"), [], None),
        (ITALIC.format("Ảnh: TTXVN"), [], None),  # the photos' agency is not the story's source
        (RIGHT.format("THU TRANG") + ITALIC.format("Ảnh: Minh Hà"), ["Thu Trang"], None),
        (ITALIC.format("Ảnh: Minh Hà") + RIGHT.format("THU TRANG"), ["Thu Trang"], None),
        (RIGHT.format("Bài, ảnh: Minh Hà"), ["Minh Hà"], None),
        (RIGHT.format("Tin, ảnh: Minh Hà"), ["Minh Hà"], None),
        (RIGHT.format("BÀI VÀ ẢNH: MINH HÀ"), ["Minh Hà"], None),
        (ITALIC.format("Ảnh: Minh Hà") + RIGHT.format("Theo TTXVN"), [], "TTXVN"),
        (ITALIC.format("Ảnh trong bài: Minh Hà"), [], None),
        (ITALIC.format("Ảnh và video: Minh Hà"), [], None),
        (ITALIC.format("Ảnh: nhân vật cung cấp"), [], None),
        (ITALIC.format("Ảnh: Minh Hà/TTXVN"), [], None),
        (RIGHT.format("THU TRANG<br>Ảnh: Minh Hà"), ["Thu Trang"], None),
        ('<div style="text-align:right"><b>THU TRANG</b></div><div style="text-align:right"><i>Ảnh: Minh Hà</i>'
         "</div>", ["Thu Trang"], None),
        (ITALIC.format("Minh Hà (ảnh)"), [], None),
        (RIGHT.format("THU TRANG (Bài và ảnh)"), ["Thu Trang"], None),
    ],
    ids=["bold", "upper", "plain", "bracketed", "illustration", "photo-agency", "writer-then-photo",
         "photo-then-writer", "bai-anh", "tin-anh", "bai-va-anh", "photo-then-source", "photos-in-the-story",
         "photos-and-video", "given-by-the-subject", "photographer-of-an-agency", "one-line-with-br",
         "two-divs", "role-in-brackets-photo", "role-in-brackets-both"],
)  # fmt: skip
def test_a_closing_photo_credit_is_neither_text_nor_the_writer(closing: str, authors: list[str], source):
    item = _item(page(closing=closing))
    assert item["authors"] == authors
    assert item["source_attribution"] == source
    _text_intact(item)


PLAIN = "<p>{}</p>"


@pytest.mark.parametrize(
    ("lines", "style", "authors"),
    [
        (["Nội dung: Thu Trang", "Ảnh: Minh Hà", "Thiết kế: Lê Hoa"], PLAIN, ["Thu Trang"]),
        (["Nội dung: Thu Trang", "Ảnh: Minh Hà", "Thiết kế: Lê Hoa"], RIGHT, ["Thu Trang"]),
        (["Bài: Thu Trang", "Ảnh: Minh Hà", "Video: Hoàng Nam", "Đồ họa: Lê Hoa"], RIGHT, ["Thu Trang"]),
        (["Thực hiện: Thu Trang - Minh Hà", "Trình bày: Lê Hoa"], RIGHT, ["Thu Trang", "Minh Hà"]),
        (["THU TRANG", "Đồ họa: Lê Hoa"], RIGHT, ["Thu Trang"]),
        (["Thiết kế: Lê Hoa"], RIGHT, ["Lê Hoa"]),  # no writer named: who made the page
    ],
    ids=["plain-block", "right-block", "four-lines", "thuc-hien", "name-then-graphics", "designer-alone"],
)
def test_a_credits_block_names_the_writer_not_the_makers_of_the_page(lines: list[str], style: str, authors):
    item = _item(page(closing="".join(style.format(line) for line in lines)))
    assert item["authors"] == authors
    _text_intact(item)


def test_a_photo_credit_glued_after_the_last_sentence_leaves_the_text():
    last = "Thời gian tới, hợp tác xã còn nhiều việc phải làm."
    item = _item(page(closing=f"<p>{last} Ảnh: Minh Hà</p>"))
    assert item["authors"] == []
    assert item["body"].endswith(PARAS[-1] + "\n\n" + last)


def test_a_photo_credit_after_the_text_leaves_the_writer_of_the_byline_element():
    item = _item(page(meta='<div class="author">Thu Trang</div>', closing=ITALIC.format("Ảnh: Minh Hà")))
    assert item["authors"] == ["Thu Trang"]
    _text_intact(item)


def test_a_photo_credit_in_a_right_aligned_line_after_the_text_box_is_no_author():
    after = '<div style="text-align:right">Ảnh: Minh Hà</div>'
    item = _item(page(after=after))
    assert item["authors"] == []
    _text_intact(item)


def test_the_writer_after_a_photo_credit_below_the_text_box_is_the_author():
    after = (
        '<div style="text-align:right">Ảnh: Minh Hà</div><div style="text-align:right"><b>THU TRANG</b></div>'
    )
    item = _item(page(after=after))
    assert item["authors"] == ["Thu Trang"]
    _text_intact(item)


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("Ảnh: Minh Hà", True),
        ("Nguồn ảnh: Internet", True),
        ("Hình ảnh: Lê Hoa - Thu Trang", True),
        ("Ảnh: K. Miên", True),
        ("Bài, ảnh: Minh Hà", False),
        ("Tin, ảnh: Minh Hà", False),
        ("Ảnh: Lan Anh - Bài: Hoàng Nam", False),  # names a writer too
        ("Ảnh: Người dân thu hoạch rau trong nhà màng", False),  # a caption, not a credit
        ("Anh: Tôi nghĩ hợp tác xã nên mở rộng", False),  # an interview's answer
        ("Video: Minh Hà", False),
        ("Ảnh, video: Minh Hà", True),
        ("Ảnh: Sở Y tế cung cấp", True),
        ("Minh Hà (ảnh)", True),
        ("Thu Trang (bài và ảnh)", False),
        ("Bài - ảnh: Minh Hà", False),
    ],
)
def test_is_photo_credit(line: str, credit: bool):
    assert is_photo_credit(line) is credit


def test_a_photo_credit_is_still_a_byline_line_to_parse_byline():
    """``parse_byline`` reads a line; whether the line credits the text is the closing's call."""
    assert parse_byline("Ảnh: Minh Hà") == (["Minh Hà"], None)
    assert parse_byline("Bài: Minh Thu; Ảnh: Hoàng Lan") == (["Minh Thu", "Hoàng Lan"], None)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Thu Trang (bài), Minh Hà (ảnh)", ["Thu Trang", "Minh Hà"]),
        ("Bài: Thu Trang. Ảnh: Minh Hà", ["Thu Trang", "Minh Hà"]),
        ("THU TRANG (Bài và ảnh)", ["Thu Trang"]),
        ("Thu Trang (Tin, ảnh)", ["Thu Trang"]),
        ("Ảnh: K. Miên", ["K. Miên"]),  # the dot of an initial parts nothing
    ],
)
def test_roles_in_brackets_or_after_a_full_stop(line: str, names: list[str]):
    assert parse_byline(line) == (names, None)


# -- date lines -----------------------------------------------------------------------------------

NAMED_LINES = [
    ("Minh Hùng - Thu Trang 15:20, 05/12/2026", ["Minh Hùng", "Thu Trang"], "2026-12-05T15:20:00+07:00"),
    ("NGUYỄN VĂN A | 08:30 06/12/2026", ["Nguyễn Văn A"], "2026-12-06T08:30:00+07:00"),
    ("Lan Anh • 06/12/2026 08:30", ["Lan Anh"], "2026-12-06T08:30:00+07:00"),
    ("Thu Trang - Thứ Bảy, 05/12/2026 15:20", ["Thu Trang"], "2026-12-05T15:20:00+07:00"),
    ("Minh Hùng | Thời sự | 05/12/2026 15:20", ["Minh Hùng"], "2026-12-05T15:20:00+07:00"),
]
TAIL_LINES = [
    ("Cập nhật: 15:20 05/12/2026 | Tác giả: Minh Hùng", ["Minh Hùng"]),
    ("05/12/2026 15:20 | Bởi Lan Anh", ["Lan Anh"]),
    ("Thứ Bảy, 05/12/2026 15:20 (GMT+7) - PV: Thu Trang", ["Thu Trang"]),
    ("05/12/2026 15:20 | Minh Hùng", []),  # unlabelled after the time: as often a section or a count
    ("05/12/2026 15:20 | Lượt xem: 120", []),
]
UNNAMED_LINES = [
    ("Thứ Bảy, 05/12/2026 15:20", "2026-12-05T15:20:00+07:00"),
    ("Video | 05/12/2026 15:20", "2026-12-05T15:20:00+07:00"),
    ("VIDEO | 05/12/2026 15:20", "2026-12-05T15:20:00+07:00"),
    ("Ảnh 05/12/2026 15:20", "2026-12-05T15:20:00+07:00"),
    ("Thời sự - 15:20, 05/12/2026", "2026-12-05T15:20:00+07:00"),
    ("THỜI SỰ - 15:20, 05/12/2026", "2026-12-05T15:20:00+07:00"),
    ("ĐÀ LẠT - 15:20, 05/12/2026", "2026-12-05T15:20:00+07:00"),
    ("Lâm Đồng | 08:30 06/12/2026", "2026-12-06T08:30:00+07:00"),
    ("Kinh tế • 06/12/2026 08:30", "2026-12-06T08:30:00+07:00"),
    ("Lượt xem: 120 | 06/12/2026 08:30", "2026-12-06T08:30:00+07:00"),
]


def _in_the_text_box(line: str) -> str:
    """The date line inside the box that holds the text (a container the body finder takes)."""
    return f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><div class="wrap">
<div class="col-8"><div class="noidung"><h1>{TITLE}</h1><div class="tg">{line}</div>
<h2 class="sapo">{LEAD}</h2>{BODY}</div></div>
<div class="col-4"><ul class="list-news">{SIDEBAR}</ul></div></div></body></html>"""


@pytest.mark.parametrize(("line", "authors", "published"), NAMED_LINES)
def test_names_opening_a_date_line_in_the_text_box_are_the_authors(line: str, authors: list[str], published):
    item = _item(_in_the_text_box(line))
    assert item["authors"] == authors
    assert item["published_at"] == published
    assert item["lead"] == LEAD
    _text_intact(item)


@pytest.mark.parametrize(
    "head",
    ["VIDEO", "Video", "Ảnh", "THỜI SỰ", "Tin ảnh", "Podcast", "Infographic", "Lúc", "NGÀY", "Sáng", "Nguồn"],
)
def test_a_section_before_the_time_of_a_family_date_line_is_no_author(head: str):
    """F3's ``div.date`` reads what stands before the time as a byline: a section there is none,
    and the closing name is the author."""
    html = filehex_page(f"{head} 16:20, 15/11/2025", '<p style="text-align:right"><b>NGUYỄN VĂN TÂM</b></p>')
    item = extract(html, FILEHEX_URL, fetched_at=datetime(2026, 1, 10, tzinfo=UTC)).item
    assert item is not None
    assert item["authors"] == ["Nguyễn Văn Tâm"]
    assert item["published_at"] == "2025-11-15T16:20:00+07:00"


@pytest.mark.parametrize(("line", "published"), UNNAMED_LINES)
def test_a_section_place_or_day_opening_a_date_line_is_no_author(line: str, published: str):
    for html in (_in_the_text_box(line), page(meta=f'<div class="meta">{line}</div>')):
        item = _item(html)
        assert item["authors"] == []
        assert item["published_at"] == published
        _text_intact(item)


@pytest.mark.parametrize(("line", "authors", "_"), NAMED_LINES)
def test_date_line_byline_reads_the_names_before_the_time(line: str, authors: list[str], _: str):
    assert date_line_byline(split_date_line(line)[0]) == (authors, None)


@pytest.mark.parametrize(("line", "authors"), TAIL_LINES)
def test_a_labelled_byline_after_the_time_of_a_date_line_in_the_text_box(line: str, authors: list[str]):
    item = _item(_in_the_text_box(line))
    assert item["authors"] == authors
    assert item["published_at"] == "2026-12-05T15:20:00+07:00"
    _text_intact(item)
    assert date_line_names(line) == (authors, None)


@pytest.mark.parametrize(("line", "_"), UNNAMED_LINES)
def test_date_line_byline_names_no_section_place_or_day(line: str, _: str):
    assert date_line_byline(split_date_line(line)[0]) == ([], None)


NOT_NAMES = ["Video", "Ảnh", "Thời sự", "Kinh tế", "Xã hội", "Văn hóa", "Thể thao", "Pháp luật", "Quốc tế",
             "Podcast", "Emagazine", "Infographic", "Tin ảnh", "Đời sống", "Nông nghiệp", "Chính trị", "Thứ Hai",
             "Thứ Bảy", "Chủ nhật", "Hôm nay", "Hôm qua", "Cập nhật", "Xuất bản", "Đăng lúc", "Lượt xem: 12",
             "TP.HCM", "Đà Lạt", "Buôn Ma Thuột", *PROVINCES]  # fmt: skip


@pytest.mark.parametrize("sep", [" | ", " - ", " • ", ", ", " "])
@pytest.mark.parametrize("when", ["15:20, 05/12/2026", "05/12/2026 15:20"])
def test_no_section_place_day_or_label_around_a_date_is_a_name(sep: str, when: str):
    for word in NOT_NAMES:
        for text in (word, word.upper()):
            for line in (text + sep + when, when + sep + text):
                assert date_line_names(line) == ([], None), line
            line = f"Lan Anh{sep if sep.strip() else ' - '}{text}{sep}{when}"
            assert date_line_names(line) == (["Lan Anh"], None), line


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("Tác giả: Minh Hùng", (["Minh Hùng"], None)),
        ("Hoàng Lan - TTXVN", (["Hoàng Lan"], "TTXVN")),
        ("Lan Anh - 1.204 lượt xem", (["Lan Anh"], None)),
        ("Hà Nội | Minh Hùng", (["Minh Hùng"], None)),
        ("Admin", ([], None)),
        ("Hải", ([], None)),  # one word unlabelled: as often a section or a login as a name
        ("Trang chủ » Kinh tế", ([], None)),
        ("Báo Xóm Mới", ([], None)),
        ("Đăng lúc", ([], None)),
        ("Quốc Phòng An Ninh", ([], None)),
    ],
)
def test_date_line_byline_heads(head: str, expected: tuple[list[str], str | None]):
    assert date_line_byline(head) == expected


@pytest.mark.parametrize(
    "line",
    ["Bởi Minh Hùng", "By Minh Hùng", "BỞI MINH HÙNG", "Đăng bởi: Minh Hùng", "Người đăng: Minh Hùng",
     "Tác giả Minh Hùng", "Posted by Minh Hùng"],
)  # fmt: skip
def test_a_by_word_before_the_name_is_a_label(line: str):
    assert parse_byline(line) == (["Minh Hùng"], None)
    assert date_line_byline(line) == (["Minh Hùng"], None)


@pytest.mark.parametrize("line", ["Bởi vì trời mưa to", "By admin", "Bởi Video"])
def test_a_by_word_before_no_name_gives_none(line: str):
    assert parse_byline(line) == ([], None)


@pytest.mark.parametrize(
    ("closing", "authors", "source"),
    [
        ("<p>Thu Trang - Minh Hà</p>", ["Thu Trang", "Minh Hà"], None),
        ("<p>Lan Anh và Hoàng Nam</p>", ["Lan Anh", "Hoàng Nam"], None),
        ("<p>Thu Trang (Báo Tin Tức)</p>", ["Thu Trang"], "Báo Tin Tức"),
    ],
)
def test_a_plain_closing_line_of_names_is_the_byline(closing: str, authors: list[str], source: str | None):
    item = _item(page(closing=closing))
    assert item["authors"] == authors
    assert item["source_attribution"] == source
    _text_intact(item)


def test_a_plain_closing_line_that_names_places_stays_text():
    item = _item(page(closing="<p>Đà Lạt - Bảo Lộc</p>"))
    assert item["authors"] == []
    assert item["body"].endswith("Đà Lạt - Bảo Lộc")


def test_a_by_line_closing_the_text_is_the_byline():
    item = _item(page(closing=RIGHT.format("Bởi Minh Hùng")))
    assert item["authors"] == ["Minh Hùng"]
    _text_intact(item)


@pytest.mark.parametrize(
    "section", ["Video", "VIDEO", "Ảnh", "Tin Ảnh", "Podcast", "Emagazine", "Infographic", "Thời Sự",
                "THỂ THAO", "Kinh Tế", "Pháp Luật", "Chia Sẻ", "Long Form", "ĐẢNG - ĐOÀN THỂ",
                "VĂN HÓA - XÃ HỘI", "Công An"],
)  # fmt: skip
def test_a_section_or_media_word_is_never_a_person(section: str):
    assert not is_person(section)
    assert parse_byline(section) == ([], None)


@pytest.mark.parametrize(
    "name",
    ["Minh Hà", "Thu Trang", "Văn Hóa Thanh", "Thế Giới Nguyễn", "Hải", "Minh Sáng", "Lê Văn Sáng", "Đăng"],
)
def test_names_that_share_a_word_with_a_section_stay_names(name: str):
    assert is_person(name)


# -- tags -----------------------------------------------------------------------------------------

TAGS = (("rau-sach", "rau sạch"), ("hop-tac-xa", "hợp tác xã"), ("thuong-mai-dien-tu", "thương mại điện tử"))
EXPECTED_TAGS = [t for _, t in TAGS]
STORIES = (
    "<ul>"
    + "".join(
        f'<li><a href="/kinh-te/nong-dan-vao-vu-rau-tet-so-{i}-3402{i}.html">Nông dân xã Hòa Bắc tất bật'
        f" vào vụ rau Tết thứ {i} sau những ngày mưa lớn</a></li>"
        for i in range(1, 5)
    )
    + "</ul>"
)


def tag_links(href: str = "/tu-khoa/{}", sep: str = " ", mark: str = "") -> str:
    """The three tags as links to ``href``; ``sep`` between them, ``mark`` ("#") before each."""
    return sep.join(f'<a href="{href.format(s)}">{mark}{t}</a>' for s, t in TAGS)


def tag_items(href: str) -> str:
    """The three tag links, one list item each."""
    return "".join(f"<li>{a}</li>" for a in tag_links(href, sep="\n").split("\n"))


@pytest.mark.parametrize(
    "box",
    [
        f'<div class="related-tags"><span>Từ khóa:</span> {tag_links()}</div>',
        f'<div class="box-tinlienquan tags"><strong>Tags:</strong> {tag_links("/tag/{}")}</div>',
        f'<div class="related-news tags"><h3>Từ khoá</h3><ul>{tag_items("/tu-khoa/{}")}</ul></div>',
        f'<div class="box-tinlienquan"><div class="row-x"><b>Chủ đề:</b> {tag_links("/chu-de/{}")}</div>'
        f"<h3>Tin liên quan</h3>{STORIES}</div>",
        f'<div class="related-news"><h3>Tin liên quan</h3>{STORIES}<p><strong>Tags:</strong> {tag_links()}</p></div>',
        f'<div class="box-tinlienquan"><div class="tags">{tag_links("/tim-kiem?q={}")}</div>{STORIES}</div>',
        f'<div class="box-tinlienquan"><div class="r">{tag_links("/tag-{}.html")}</div>{STORIES}</div>',
    ],
    ids=["related-tags", "tinlienquan-tags", "related-news-tags-list", "row-in-related-box", "row-after-stories",
         "tag-class-in-related-box", "tag-shaped-row-in-related-box"],
)  # fmt: skip
def test_a_tag_block_in_a_box_whose_class_says_related_gives_the_tags(box: str):
    item = _item(page(after=box))
    assert item["tags"] == EXPECTED_TAGS
    assert item["authors"] == []
    _text_intact(item)


def _beside(box: str) -> str:
    """The box in the side column (a class that names no side)."""
    return page().replace('<ul class="list-news">', box + '<ul class="list-news">')


def _before_title(box: str) -> str:
    return page().replace('<h1 class="title-detail">', box + '<h1 class="title-detail">')


@pytest.mark.parametrize(
    "html",
    [
        _beside(f'<div class="box-tinlienquan tags"><b>Tags:</b> {tag_links()}</div>'),
        _beside(f'<div class="related-tags">{tag_links("/tag/{}")}</div>'),
        _beside(f'<div class="box-tinlienquan"><b>Từ khóa:</b> {tag_links()}</div>'),
        _beside(f'<div class="box-tinlienquan"><div class="tags">{tag_links("/tim-kiem?q={}")}</div>{STORIES}</div>'),
        _beside(f'<div class="box-tinlienquan"><div class="r">{tag_links("/tag-{}.html")}</div>{STORIES}</div>'),
        page(after=f'<div class="box-tinlienquan">{STORIES}</div>'),
        page(after=f'<div class="box-tinlienquan"><h3>Chủ đề: Nông nghiệp sạch</h3>{STORIES}</div>'),
        page(after=f'<div class="footer"><b>Từ khóa:</b> {tag_links()}</div>'),
        page(after=f'<div class="box-comment related"><b>Tags:</b> {tag_links()}</div>'),
        page(),  # meta keywords alone: an SEO list, no tags shown
    ],
    ids=["side-tinlienquan-tags", "side-related-tags", "side-labelled", "side-tag-class-in-related-box",
         "side-tag-shaped-row-in-related-box", "related-stories-only", "topic-heading-of-stories", "footer",
         "comments", "meta-keywords-only"],
)  # fmt: skip
def test_boxes_that_are_not_the_articles_tag_block_give_no_tags(html: str):
    item = _item(html)
    assert item["tags"] == []
    _text_intact(item)


@pytest.mark.parametrize(
    "row",
    [
        f'<div class="x">{tag_links("/tag-{}.html")}</div>',
        f'<div class="x">{tag_links("/tim-kiem?tags={}", ", ")}</div>',
        f'<p class="kw">{tag_links("/tu-khoa.html?q={}", " | ")}</p>',
        f'<ul class="inline">{tag_items("/topic/{}")}</ul>',
        f'<div class="x">{tag_links("https://baoxommoi.vn/chu-de-{}-c12.html", mark="#")}</div>',
        f'<div class="x">{tag_links("/tag/{}")}</div>',
    ],
    ids=["tag-dash", "query-tags", "tu-khoa-query", "topic-list", "absolute-hash", "tag-path"],
)
def test_a_row_of_short_links_to_tag_pages_without_a_label_gives_the_tags(row: str):
    item = _item(page(after=row))
    assert item["tags"] == EXPECTED_TAGS
    _text_intact(item)


SENTENCE_LINKS = (
    '<p>Hợp tác xã bán <a href="/tag-rau-sach.html">rau sạch</a> qua mạng và liên kết với'
    ' <a href="/tag-hop-tac-xa.html">hợp tác xã</a> bạn trong vùng để giữ nguồn hàng ổn định.</p>'
)
MENU_ROW = (
    '<div class="x"><a href="/tag-a.html">Rau sạch</a><a href="/kinh-te/">Kinh tế</a><a href="/xa-hoi/">'
    'Xã hội</a><a href="/tag-b.html">Nông sản</a><a href="/the-thao/">Thể thao</a></div>'
)
SHARE_ROW = (
    '<div class="x"><a href="https://www.facebook.com/hashtag/rausach">Facebook</a>'
    '<a href="https://twitter.com/hashtag/rausach">Twitter</a></div>'
)


@pytest.mark.parametrize(
    "html",
    [
        page(after=f'<div class="note">{SENTENCE_LINKS}</div>'),
        page(after=MENU_ROW),
        _beside(f'<div class="x">{tag_links("/tag-{}.html")}</div>'),
        _before_title(f'<div class="x">{tag_links("/topic/{}")}</div>'),
        page(after=SHARE_ROW),
    ],
    ids=[
        "links-in-a-sentence",
        "menu-with-two-tag-links",
        "side-column",
        "before-the-title",
        "share-buttons",
    ],
)
def test_links_to_tag_pages_that_are_no_tag_row_give_no_tags(html: str):
    item = _item(html)
    assert item["tags"] == []
    _text_intact(item)


LABELS = ["Từ khóa:", "TỪ KHÓA:", "Tags:", "#Tags", "Tìm theo từ khóa:", "Các từ khóa:", "Thẻ:", "Nhãn:",
          "Tags bài viết:", "Từ khóa tìm kiếm:", "Chủ đề liên quan"]  # fmt: skip


@pytest.mark.parametrize("label", LABELS)
def test_labels_in_other_words_name_a_tag_block(label: str):
    items = ", ".join(f"<span>{t}</span>" for t in EXPECTED_TAGS)
    item = _item(page(after=f'<div class="x"><b>{label}</b> {items}</div>'))
    assert item["tags"] == EXPECTED_TAGS
    _text_intact(item)


@pytest.mark.parametrize(
    "line",
    [
        "<p>Từ khóa: rau sạch, hợp tác xã, thương mại điện tử</p>",
        "<p><em>Từ khóa: rau sạch; hợp tác xã; thương mại điện tử.</em></p>",
        "<p><b>Tags:</b> rau sạch, hợp tác xã, thương mại điện tử</p>",
        "<p>Thẻ: rau sạch, hợp tác xã, thương mại điện tử</p>",
    ],
)
@pytest.mark.parametrize("byline", ["", RIGHT.format("THU TRANG")])
def test_a_tag_line_written_as_text_closing_the_body_is_the_tags_not_text(line: str, byline: str):
    """The line leaves the text, and a byline above it is still read as the byline."""
    item = _item(page(closing=byline + line))
    assert item["tags"] == EXPECTED_TAGS
    assert item["authors"] == (["Thu Trang"] if byline else [])
    _text_intact(item)


def test_a_tag_line_written_as_text_after_the_body_is_the_tags():
    item = _item(page(after='<p class="x">Từ khóa: rau sạch, hợp tác xã, thương mại điện tử</p>'))
    assert item["tags"] == EXPECTED_TAGS
    _text_intact(item)


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("Từ khóa: rau sạch, hợp tác xã", ["rau sạch", "hợp tác xã"]),
        ("Tags: lúa gạo; xuất khẩu.", ["lúa gạo", "xuất khẩu"]),
        ("Từ khoá: #nông nghiệp", ["nông nghiệp"]),
        ("Từ khoá: #nông nghiệp #nông thôn mới", ["nông nghiệp", "nông thôn mới"]),
        ("Chủ đề: Tuổi trẻ sáng tạo", []),  # one theme: an event's, not the tags
        ("Chủ đề: nông nghiệp, nông thôn", ["nông nghiệp", "nông thôn"]),
        ("Từ khóa: chuyển đổi số là con đường tất yếu mà mọi doanh nghiệp nhỏ và vừa phải đi", []),
        ("Từ khóa rau sạch, hợp tác xã", []),  # no colon: words of a sentence
        ("Thế: rau sạch", []),
    ],
)
def test_tag_line(text: str, tags: list[str]):
    assert tag_line(text) == tags


def test_a_closing_paragraph_that_only_speaks_of_keywords_stays_text():
    last = "Chủ đề: Năm nay, hội thi có chủ đề về nông nghiệp sạch và tiêu thụ nông sản trên mạng."
    item = _item(page(closing=f"<p>{last}</p>"))
    assert item["tags"] == []
    assert item["body"].endswith(last)


def test_tags_written_as_links_to_another_site_are_not_read_again_as_a_tag_line():
    links = tag_links("https://baokhac-mau.vn/tu-khoa/{}.html", mark="#")
    item = _item(page(after=f'<div class="x"><h3>Từ khóa:</h3> <div class="y">{links}</div></div>'))
    assert item["tags"] == []
    _text_intact(item)


def test_stories_filed_under_a_topic_path_are_no_tags():
    row = "".join(
        f'<a href="/chu-de/ky-hop-hdnd/bai-{i}-12{i}.html">Kỳ họp thứ {i} của Hội đồng nhân dân tỉnh bàn về ngân'
        " sách và đầu tư công năm tới</a>"
        for i in range(1, 4)
    )
    item = _item(page(after=f'<div class="x">{row}</div>'))
    assert item["tags"] == []
    _text_intact(item)


ICON = "<i class='fa fa-tag'></i> "


def _search_links(icon: str = "") -> str:
    return " ".join(f'<a href="/tim-kiem?q={s}">{icon}{t}</a>' for s, t in TAGS)


@pytest.mark.parametrize(
    "row",
    [
        f'<div class="x"><i class="fa fa-tags"></i> {_search_links()}</div>',
        f'<div class="x"><span class="icon-tag"></span>{_search_links()}</div>',
        f'<div class="x">{_search_links(icon=ICON)}</div>',
    ],
    ids=["icon-before-the-row", "empty-span-icon", "icon-in-each-link"],
)
def test_a_tag_icon_labels_the_row_of_links_it_opens(row: str):
    item = _item(page(after=row))
    assert item["tags"] == EXPECTED_TAGS
    _text_intact(item)


def test_a_tag_icon_before_a_sentence_gives_no_tags():
    line = '<div class="x"><i class="fa fa-tags"></i> Bài viết thuộc chuyên mục kinh tế, mời xem <a href="/kinh-te/">Kinh tế</a></div>'
    item = _item(page(after=line))
    assert item["tags"] == []


def test_a_more_link_in_a_tag_box_is_no_tag():
    item = _item(page(after=f'<div class="tags">{tag_links("/tag/{}")} <a href="/tags">Xem thêm »</a></div>'))
    assert item["tags"] == EXPECTED_TAGS


# --- the same lines in a date line above the text, found by the search near the title ----------


@pytest.mark.parametrize(("line", "authors", "published"), NAMED_LINES)
def test_names_opening_a_date_line_above_the_text_are_the_authors(line, authors, published):
    item = _item(page(meta=f'<div class="meta">{line}</div>'))
    assert item["authors"] == authors
    assert item["published_at"] == published
    _text_intact(item)


@pytest.mark.parametrize(("line", "authors"), TAIL_LINES)
def test_a_labelled_byline_after_the_time_of_a_date_line_above_the_text(line, authors):
    item = _item(page(meta=f'<div class="meta">{line}</div>'))
    assert item["authors"] == authors


@pytest.mark.parametrize(("line", "published"), UNNAMED_LINES)
def test_no_author_from_a_section_place_or_day_above_the_text(line, published):
    item = _item(page(meta=f'<div class="meta">{line}</div>'))
    assert item["authors"] == []
    assert item["published_at"] == published
