"""Bylines and date lines: what a page shows next to the author is never taken for one.

Golden pages in the markup of each provincial CMS family (class names from
crawler/extract/families) and of an unknown site, with our own Vietnamese text, run through
``extract_article``: a weekday date line next to an upper-case closing byline, role prefixes
("Tin, ảnh:", "Bài và ảnh:"), desks ("Nhóm phóng viên", "PV", "CTV"), agency credits ("(Theo
TTXVN)"), a dateline place ("ĐÀ LẠT -"), and one element holding both the published and the
updated time. Then ``parse_byline``/``clean_author_values`` on single lines, and a property test:
no weekday phrase or date, whatever separates it from the rest, comes back as a name.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crawler.extract import extract_article
from crawler.extract.dates import stamps_in
from crawler.extract.people import clean_author_values, is_person, is_place, is_time_word, parse_byline
from crawler.sites import PROVINCES
from crawler.timeparse import DateRole

NOW = datetime(2026, 1, 10, tzinfo=UTC)
HEX = "5d41402abc4b2a76b9719d911017c592"

TEXT = [
    "Sáng nay, hơn ba trăm hộ dân ở xã vùng cao bắt đầu thu hoạch vụ cà phê mới, sớm hơn mọi năm gần hai tuần "
    "nhờ mùa mưa kết thúc sớm và nắng ráo kéo dài.",
    "Theo cán bộ khuyến nông của xã, năng suất bình quân ước đạt hơn ba tấn nhân mỗi héc-ta, giá thu mua tại vườn "
    "cũng nhỉnh hơn cùng kỳ năm trước khiến bà con rất phấn khởi.",
    "Nhiều hợp tác xã đã ký hợp đồng bao tiêu với doanh nghiệp chế biến, đồng thời hướng dẫn xã viên hái quả chín "
    "đỏ, phơi trên giàn để giữ chất lượng hạt.",
    "Chính quyền địa phương cho biết sẽ tiếp tục hỗ trợ giống mới và mở lớp tập huấn về canh tác bền vững trước "
    "mùa khô năm tới.",
]
PARAS = "".join(f"<p>{t}</p>" for t in TEXT)
# A picture goes after the first paragraph: a short line right after a picture is its caption.
PARAS_PIC = f"<p>{TEXT[0]}</p><p><img src='{{}}' alt='Cà phê'></p>" + "".join(f"<p>{t}</p>" for t in TEXT[1:])


def _extract(html: str, url: str) -> dict:
    return extract_article(html, url, fetched_at=NOW)


def _head(title: str) -> str:
    return f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"


# -- page templates, one per CMS family ----------------------------------------------------------

TITLE = "Nông dân vùng cao vào vụ thu hoạch cà phê sớm"


def filehex_page(date_line: str, closing: str = "") -> str:
    """F3 (baodaklak, baokhanhhoa ...): ``div.date`` holds "[AUTHOR] HH:MM, dd/mm/yyyy"."""
    return (
        _head(TITLE)
        + "<div class='container detail'><div class='cate_title_1'><h2><a href='/kinh-te/'>Kinh tế</a>"
        f"</h2></div><div class='article_content'><h1 class='media-heading title5'>{TITLE}</h1>"
        f"<div class='date'>{date_line}</div><div class='content' id='content'>"
        f"{PARAS_PIC.format(f'https://baodaklak.vn/file/{HEX}/112025/ca-phe.jpg')}{closing}</div>"
        "</div></div></body></html>"
    )


def onecms_page(head_row: str, closing: str = "") -> str:
    """F1 (baolamdong 2025, baodanang): ``c-detail-head`` with author and time, ``article.entry``."""
    return (
        _head(TITLE) + "<div class='b-maincontent'><div class='c-detail-head'>"
        f"<h1 class='c-detail-head__title'>{TITLE}</h1><div class='c-detail-head__row'>{head_row}</div></div>"
        f"<article class='entry'>{PARAS}{closing}</article></div></body></html>"
    )


def zce_page(meta: str, closing: str = "") -> str:
    """F2 (baolaocai, baogialai): ``div.article__meta``, ``div.article__body``, byline ``div.t1 > span.t2``."""
    return (
        _head(TITLE) + f"<div class='article'><h1 class='article__title cms-title'>{TITLE}</h1>"
        f"<div class='article__meta'>{meta}</div>"
        f"<div class='article__body zce-content-body cms-body' itemprop='articleBody'>{PARAS}{closing}</div>"
        "</div></body></html>"
    )


def fck_page(pubdate: str, closing: str = "") -> str:
    """F4 classic skin (baocantho): ``span.pubdate``, ``#newscontents .content-fck``, right-aligned byline."""
    return (
        _head(TITLE)
        + "<div id='colcate1'><div class='titlecate'><h1><a href='/kinh-te/'>KINH TẾ</a></h1></div>"
        f"<div class='sharemxh'><span class='pubdate'>{pubdate}</span></div>"
        f"<h1 class='margintopbot10 fw700'>{TITLE}</h1><div id='newscontents'><div class='content-fck'>"
        f"{PARAS}{closing}</div></div></div></body></html>"
    )


MEDIA_IMG = "https://media.baoquangninh.vn/upload/image/202511/medium/1_ca_phe.jpg"


def mediaupload_page(info: str, closing: str = "") -> str:
    """F5 (baoquangninh, baohungyen): ``.content-article``, ``.info .date``, ``#content-detail``."""
    return (
        _head(TITLE)
        + f"<div class='content-article'><h1 class='name'>{TITLE}</h1><div class='info'>{info}</div>"
        f"<div id='content-detail'>{PARAS_PIC.format(MEDIA_IMG)}{closing}</div></div></body></html>"
    )


def vccorp_page(top: str, closing: str = "") -> str:
    """VCCorp data-role layout: ``data-role`` title, author, publishdate, content."""
    return (
        _head(TITLE)
        + f"<div class='detail-container'><h1 class='detail-title' data-role='title'>{TITLE}</h1>"
        f"{top}<div class='detail-content afcbc-body' data-role='content'>{PARAS}{closing}</div></div></body></html>"
    )


def generic_page(meta: str, first: str = "", closing: str = "") -> str:
    """An unknown CMS: plain article markup without any family's class names."""
    return (
        _head(TITLE) + f"<div class='main'><article class='post'><h1 class='post-title'>{TITLE}</h1>"
        f"<div class='post-meta'>{meta}</div><div class='post-body'>{first}{PARAS}{closing}</div>"
        "</article></div></body></html>"
    )


FILEHEX_URL = "https://baodaklak.vn/kinh-te/202511/nong-dan-vung-cao-vao-vu-ca-phe-som-5e6f7a8/"
ONECMS_URL = "https://baolamdong.vn/nong-dan-vung-cao-vao-vu-ca-phe-som-401234.html"
ZCE_URL = "https://baolaocai.vn/nong-dan-vung-cao-vao-vu-ca-phe-som-post405123.html"
FCK_URL = "https://baocantho.com.vn/nong-dan-vung-cao-vao-vu-ca-phe-som-a197001.html"
MEDIAUPLOAD_URL = "https://baoquangninh.vn/nong-dan-vung-cao-vao-vu-ca-phe-som-3380123.html"
VCCORP_URL = "https://tinmientrung-mau.vn/nong-dan-vung-cao-vao-vu-ca-phe-som-20251115162000123.htm"
GENERIC_URL = "https://dalat-mau.vn/nong-dan-vung-cao-vao-vu-ca-phe-som-12345.html"

RIGHT = "<p style='text-align:right'><strong>{}</strong></p>"


# -- byline traps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "url"),
    [
        (filehex_page("Thứ Bảy, 15/11/2025 - 16:20", RIGHT.format("NGUYỄN VĂN TÂM")), FILEHEX_URL),
        (filehex_page("THỨ BẢY, 15/11/2025 - 16:20", RIGHT.format("NGUYỄN VĂN TÂM")), FILEHEX_URL),
        (mediaupload_page("<span class='date'>Thứ Bảy, 15/11/2025 - 16:20</span>", RIGHT.format("NGUYỄN VĂN TÂM")),
         MEDIAUPLOAD_URL),
        (fck_page("Thứ Bảy, 15/11/2025 - 16:20", RIGHT.format("NGUYỄN VĂN TÂM")), FCK_URL),
        (generic_page("<span class='author'>Thứ Bảy</span>, <span class='date'>15/11/2025 - 16:20</span>",
                      closing=RIGHT.format("NGUYỄN VĂN TÂM")), GENERIC_URL),
    ],
    ids=["filehex", "filehex-upper", "mediaupload", "fck", "generic"],
)  # fmt: skip
def test_weekday_date_line_is_not_the_author_the_closing_name_is(html: str, url: str):
    item = _extract(html, url)
    assert item["authors"] == ["Nguyễn Văn Tâm"]
    assert item["published_at"] == "2025-11-15T16:20:00+07:00"
    assert "NGUYỄN VĂN TÂM" not in item["body"]


def test_author_glued_to_a_weekday_date_line_keeps_only_the_name():
    item = _extract(filehex_page("MINH THU Thứ Bảy, 15/11/2025 - 16:20"), FILEHEX_URL)
    assert item["authors"] == ["Minh Thu"]
    assert item["published_at"] == "2025-11-15T16:20:00+07:00"


@pytest.mark.parametrize(
    ("html", "url", "authors"),
    [
        (zce_page("<time class='time' datetime='2025-11-15T16:20:00+07:00'>15/11/2025 16:20</time>",
                  "<div class='t1'><span class='t2'>Tin, ảnh: Bảy</span></div>"), ZCE_URL, ["Bảy"]),
        (fck_page("15/11/2025 - 16:20", RIGHT.format("Tin, ảnh: HAI")), FCK_URL, ["Hai"]),
        (fck_page("15/11/2025 - 16:20", RIGHT.format("Tin, ảnh: K.MIÊN")), FCK_URL, ["K.Miên"]),
        (fck_page("15/11/2025 - 16:20", RIGHT.format("Bài và ảnh: MINH THU - HOÀNG LAN")), FCK_URL,
         ["Minh Thu", "Hoàng Lan"]),
        (onecms_page("<span class='c-detail-head__author'>Ngọc Hà và Văn Nam</span> "
                     "<span class='c-detail-head__time'>16:20 15/11/2025</span>"), ONECMS_URL, ["Ngọc Hà", "Văn Nam"]),
        (mediaupload_page("<span class='date'>15/11/2025 16:20</span>", RIGHT.format("Bài, ảnh: Lê Hoa, Trần Minh")),
         MEDIAUPLOAD_URL, ["Lê Hoa", "Trần Minh"]),
    ],
    ids=["zce-tin-anh-one-word", "fck-one-word-hai", "fck-initials", "fck-bai-va-anh-two", "onecms-va",
         "mediaupload-comma"],
)  # fmt: skip
def test_role_prefixes_and_several_authors(html: str, url: str, authors: list[str]):
    item = _extract(html, url)
    assert item["authors"] == authors
    assert "ảnh:" not in item["body"]


@pytest.mark.parametrize(
    ("html", "url"),
    [
        (onecms_page("<span class='c-detail-head__author'>Nhóm phóng viên</span> "
                     "<span class='c-detail-head__time'>Thứ Bảy, 16:20 15/11/2025</span>"), ONECMS_URL),
        (fck_page("Chủ Nhật, 16/11/2025 - 07:45", RIGHT.format("NHÓM PHÓNG VIÊN")), FCK_URL),
        (zce_page("<span class='time'>15/11/2025 16:20</span>", "<div class='t1'><span class='t2'>PV</span></div>"),
         ZCE_URL),
        (filehex_page("Thứ Bảy, 15/11/2025 - 16:20", RIGHT.format("Tin, ảnh: Nhóm PV")), FILEHEX_URL),
        (mediaupload_page("<span class='author'>CTV</span> <span class='date'>15/11/2025 16:20</span>"),
         MEDIAUPLOAD_URL),
    ],
    ids=["onecms-nhom-phong-vien", "fck-upper-desk", "zce-pv", "filehex-nhom-pv", "mediaupload-ctv"],
)  # fmt: skip
def test_a_desk_names_no_author(html: str, url: str):
    item = _extract(html, url)
    assert item["authors"] == []
    assert item["published_at"] is not None


@pytest.mark.parametrize(
    ("author", "expected"),
    [("CTV Minh Thu", ["Minh Thu"]), ("Minh Thu (CTV)", ["Minh Thu"]), ("PV Hoàng Lan", ["Hoàng Lan"]),
     ("MINH THU - PV", ["Minh Thu"]), ("Phóng viên Hoàng Lan", ["Hoàng Lan"])],
)  # fmt: skip
def test_desk_word_next_to_a_name_leaves_the_name(author: str, expected: list[str]):
    html = mediaupload_page(
        f"<span class='author'>{author}</span> <span class='date'>15/11/2025 16:20</span>"
    )
    assert _extract(html, MEDIAUPLOAD_URL)["authors"] == expected


@pytest.mark.parametrize(
    ("html", "url", "authors", "source"),
    [
        (vccorp_page("<div class='detail-author'><a class='name' data-role='author' href='/tac-gia/minh-thu.htm'>"
                     "MINH THU</a></div><div data-role='publishdate'>15/11/2025 16:20 GMT+7</div>",
                     "<p><em>(Theo TTXVN)</em></p>"), VCCORP_URL, ["Minh Thu"], "TTXVN"),
        (mediaupload_page("<span class='date'>Thứ Bảy, 15/11/2025 - 16:20</span>", "<p><em>(theo TTXVN)</em></p>"),
         MEDIAUPLOAD_URL, [], "TTXVN"),
        (fck_page("15/11/2025 - 16:20", RIGHT.format("HOÀNG LAN") + "<p><em>Theo TTXVN</em></p>"), FCK_URL,
         ["Hoàng Lan"], "TTXVN"),
        (generic_page("<span class='date'>15/11/2025 16:20</span>",
                      closing="<p style='text-align:right'><em>Theo Minh Anh (Báo Tin Tức)</em></p>"),
         GENERIC_URL, ["Minh Anh"], "Báo Tin Tức"),
        (generic_page("<span class='author'>Thanh Hà (TTXVN)</span> <span class='date'>15/11/2025 16:20</span>"),
         GENERIC_URL, ["Thanh Hà"], "TTXVN"),
        (generic_page("<span class='date'>15/11/2025 16:20</span>") .replace(
            "</article>", "<div class='author' style='text-align:right'>MINH THU (Vietnam+)</div></article>"),
         GENERIC_URL, ["Minh Thu"], "Vietnam+"),
    ],
    ids=["vccorp-theo-ttxvn", "mediaupload-theo-lower", "fck-name-then-source", "generic-writer-and-paper",
         "byline-element-name-and-agency", "byline-after-the-text-name-and-agency"],
)  # fmt: skip
def test_agency_credit_is_the_source_not_an_author(html: str, url: str, authors: list[str], source: str):
    item = _extract(html, url)
    assert item["authors"] == authors
    assert item["source_attribution"] == source
    assert "Theo" not in item["body"].split("\n\n")[-1]


@pytest.mark.parametrize(
    ("html", "url", "authors"),
    [
        (generic_page("<span class='author'>HOÀNG LAN</span> <span class='date'>15/11/2025 16:20</span>",
                      first="<p><strong>ĐÀ LẠT -</strong> Sáng 14/11, hoa mai anh đào nở rộ trên khắp các con đường.</p>"),
         GENERIC_URL, ["Hoàng Lan"]),
        (generic_page("<span class='date'>15/11/2025 16:20</span>", closing=RIGHT.format("ĐÀ LẠT")), GENERIC_URL, []),
        (generic_page("<span class='byline'>ĐÀ LẠT - Hoàng Lan</span> <span class='date'>15/11/2025 16:20</span>"),
         GENERIC_URL, ["Hoàng Lan"]),
        (filehex_page("ĐÀ LẠT - 16:20, 15/11/2025", RIGHT.format("HOÀNG LAN")), FILEHEX_URL, ["Hoàng Lan"]),
        (filehex_page("LÂM ĐỒNG 16:20, 15/11/2025"), FILEHEX_URL, []),
        (onecms_page("<span class='c-detail-head__author'>TP.HCM</span> "
                     "<span class='c-detail-head__time'>16:20 15/11/2025</span>", RIGHT.format("MINH THU")),
         ONECMS_URL, ["Minh Thu"]),
    ],
    ids=["generic-dateline-lead", "generic-closing-place", "generic-byline-dateline", "filehex-dateline",
         "filehex-province", "onecms-city-slot"],
)  # fmt: skip
def test_a_dateline_place_is_not_an_author(html: str, url: str, authors: list[str]):
    assert _extract(html, url)["authors"] == authors


# -- both labels in one element -------------------------------------------------------------------

BOTH = [
    ("Đăng lúc: 10:00 02/01/2019 Cập nhật lúc: 11:30 02/01/2019", "2019-01-02T10:00", "2019-01-02T11:30"),
    ("Ngày đăng: 02/01/2019 08:00 | Cập nhật: 03/01/2019 10:15", "2019-01-02T08:00", "2019-01-03T10:15"),
    ("Xuất bản 10:00 02/01/2019 - Cập nhật 11:30 02/01/2019", "2019-01-02T10:00", "2019-01-02T11:30"),
    ("Đăng: 02/01/2019 08:00 - Sửa: 02/01/2019 09:45", "2019-01-02T08:00", "2019-01-02T09:45"),
    ("ĐĂNG LÚC 10:00 02/01/2019 - CẬP NHẬT LÚC 11:30 02/01/2019", "2019-01-02T10:00", "2019-01-02T11:30"),
    ("Ngay dang: 02/01/2019 08:00 | Cap nhat: 03/01/2019 10:15", "2019-01-02T08:00", "2019-01-03T10:15"),
    ("Dang: 02/01/2019 08:00 - Sua: 02/01/2019 09:45", "2019-01-02T08:00", "2019-01-02T09:45"),
    ("Xuat ban 10:00 02/01/2019 - Cap nhat 11:30 02/01/2019", "2019-01-02T10:00", "2019-01-02T11:30"),
    ("Đăng lúc 08:00 - Cập nhật lúc 10:15 ngày 02/01/2019", "2019-01-02T08:00", "2019-01-02T10:15"),
    ("Cập nhật: 03/01/2019 10:15 | Ngày đăng: 02/01/2019 08:00", "2019-01-02T08:00", "2019-01-03T10:15"),
    ("Thứ Tư, 02/01/2019 08:00 (GMT+7) - Cập nhật: Thứ Năm, 03/01/2019 10:15 (GMT+7)",
     "2019-01-02T08:00", "2019-01-03T10:15"),
    ("Ngày đăng 02/01/2019 08:00, chỉnh sửa 02/01/2019 17:05", "2019-01-02T08:00", "2019-01-02T17:05"),
    ("Published: 02/01/2019 08:00 | Updated: 03/01/2019 10:15", "2019-01-02T08:00", "2019-01-03T10:15"),
]  # fmt: skip
LAYOUTS = [
    ("zce", lambda line: zce_page(f"<span class='time'>{line}</span>"), ZCE_URL),
    ("onecms", lambda line: onecms_page(f"<span class='c-detail-head__time'>{line}</span>"), ONECMS_URL),
    ("filehex", lambda line: filehex_page(line), FILEHEX_URL),
    ("fck", lambda line: fck_page(line), FCK_URL),
    ("mediaupload", lambda line: mediaupload_page(f"<span class='date'>{line}</span>"), MEDIAUPLOAD_URL),
    ("vccorp", lambda line: vccorp_page(f"<div data-role='publishdate'>{line}</div>"), VCCORP_URL),
    ("generic", lambda line: generic_page(f"<span class='post-date'>{line}</span>"), GENERIC_URL),
]


def _both_cases() -> list:
    cases = []
    for layout, make, url in LAYOUTS:
        for line, published, updated in BOTH:
            cases.append(pytest.param(make, url, line, published, updated, id=f"{layout}-{line[:24]}"))
    return cases


@pytest.mark.parametrize(("make", "url", "line", "published", "updated"), _both_cases())
def test_one_line_with_both_labels_gives_both_times(make, url, line, published, updated):
    item = _extract(make(line), url)
    assert item["published_at"] == f"{published}:00+07:00"
    assert item["updated_at"] == f"{updated}:00+07:00"
    assert item["authors"] == []


def test_both_labels_in_two_child_elements_of_one_line():
    line = "<span>Ngày đăng: 02/01/2019 08:00</span> | <span>Cập nhật: 03/01/2019 10:15</span>"
    item = _extract(generic_page(f"<div class='date-line'>{line}</div>"), GENERIC_URL)
    assert (item["published_at"], item["updated_at"]) == (
        "2019-01-02T08:00:00+07:00",
        "2019-01-03T10:15:00+07:00",
    )


def test_author_before_both_labels_on_a_filehex_date_line():
    item = _extract(filehex_page("HOÀNG LAN 08:00, 02/01/2019 - Cập nhật 10:15, 03/01/2019"), FILEHEX_URL)
    assert item["authors"] == ["Hoàng Lan"]
    assert (item["published_at"], item["updated_at"]) == (
        "2019-01-02T08:00:00+07:00",
        "2019-01-03T10:15:00+07:00",
    )


def test_a_single_update_label_is_still_the_only_time_shown():
    item = _extract(filehex_page("Cập nhật lúc 20:47, Thứ Bảy, 15/11/2025 (GMT+7)"), FILEHEX_URL)
    assert (item["published_at"], item["updated_at"]) == ("2025-11-15T20:47:00+07:00", None)


def test_stamps_in_reads_each_piece_with_its_role():
    got = stamps_in("Đăng: 02/01/2019 08:00 - Sửa: 02/01/2019 09:45", "visible", NOW)
    assert [(s.role, s.value.isoformat(), s.raw) for s in got] == [
        (DateRole.PUBLISHED, "2019-01-02T08:00:00+07:00", "Đăng: 02/01/2019 08:00"),
        (DateRole.UPDATED, "2019-01-02T09:45:00+07:00", "Sửa: 02/01/2019 09:45"),
    ]
    # "sửa"/"đăng bởi" are words too: a label counts only in front of a time
    assert len(stamps_in("Đăng bởi Minh Thu - 02/01/2019 08:00", "visible", NOW)) == 1
    assert len(stamps_in("Sửa chữa cầu 02/01/2019 08:00", "visible", NOW)) == 1


# -- parse_byline / clean_author_values -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names", "source"),
    [
        ("Tin, ảnh: Bảy", ["Bảy"], None),
        ("Tin, ảnh: HAI", ["Hai"], None),
        ("Tin,ảnh: Huế", ["Huế"], None),  # a one-word place that is a given name, after a role label
        ("Bài và ảnh: MINH THU - HOÀNG LAN", ["Minh Thu", "Hoàng Lan"], None),
        ("BÀI VÀ ẢNH: MINH THU, HOÀNG LAN", ["Minh Thu", "Hoàng Lan"], None),
        ("Ngọc Hà và Văn Nam", ["Ngọc Hà", "Văn Nam"], None),
        ("Bài: Minh Thu; Ảnh: Hoàng Lan", ["Minh Thu", "Hoàng Lan"], None),
        ("DUY DANH - HOÀNG SA", ["Duy Danh", "Hoàng Sa"], None),
        ("Nguyễn Thị Bảy", ["Nguyễn Thị Bảy"], None),
        ("Lê Văn Năm", ["Lê Văn Năm"], None),
        ("Thu Hà", ["Thu Hà"], None),
        ("Hà Giang", ["Hà Giang"], None),  # an absorbed province, and a common woman's name
        ("Nhóm phóng viên", [], None),
        ("Nhóm PV", [], None),
        ("Tin, ảnh: Nhóm PV", [], None),
        ("PV", [], None),
        ("CTV", [], None),
        ("Tin, ảnh: CTV Minh Thu", ["Minh Thu"], None),
        ("MINH THU (PV)", ["Minh Thu"], None),
        ("(Theo TTXVN)", [], "TTXVN"),
        ("(theo TTXVN)", [], "TTXVN"),
        ("Theo Minh Anh (Báo Tin Tức)", ["Minh Anh"], "Báo Tin Tức"),
        ("HOÀNG LAN (theo Reuters)", ["Hoàng Lan"], "Reuters"),
        ("Thanh Hà (TTXVN)", ["Thanh Hà"], "TTXVN"),
        ("MINH THU - HOÀNG LAN (Vietnam+)", ["Minh Thu", "Hoàng Lan"], "Vietnam+"),
        ("Lan Hương [Báo Tin Tức]", ["Lan Hương"], "Báo Tin Tức"),
        ("Nguyễn Văn An (Hội Nông dân tỉnh)", ["Nguyễn Văn An"], None),  # a workplace: no source
        ("MINH THU Thứ Bảy", ["Minh Thu"], None),
        ("Hoàng Lan, Chủ nhật", ["Hoàng Lan"], None),
        ("ĐÀ LẠT - HOÀNG LAN", ["Hoàng Lan"], None),
        ("Thứ Bảy", [], None),
        ("THỨ BẢY", [], None),
        ("Chủ Nhật", [], None),
        ("CN", [], None),
        ("Saturday", [], None),
        ("GMT+7", [], None),
        ("ĐÀ LẠT", [], None),
        ("TP.HCM", [], None),
        ("Tỉnh Lâm Đồng", [], None),
        ("Khánh Hoà", [], None),  # the old tone placement
        ("Tin, ảnh: Đà Lạt", [], None),
    ],
)
def test_parse_byline(line: str, names: list[str], source: str | None):
    assert parse_byline(line) == (names, source)


def test_single_word_names_that_are_also_weekday_or_number_words_stay_names():
    for word in ("Bảy", "Hai", "Ba", "Tư", "Năm", "Sáu", "Nhật", "Đăng", "Huệ", "Thu"):
        assert is_person(word), word
        assert clean_author_values([word]) == [word]
        assert clean_author_values([f"Tin, ảnh: {word.upper()}"]) == [word]


def test_site_name_check_does_not_refuse_a_one_word_name_inside_the_host():
    names = ("Báo Hải Phòng", "baohaiphong.vn", "baohaiphong")
    assert parse_byline("Tin, ảnh: Hai", site_names=names) == (["Hai"], None)
    assert parse_byline("Hải Phòng", site_names=names) == ([], None)
    assert parse_byline("Lâm Đồng", site_names=("baolamdong",)) == ([], None)


def test_every_2025_province_is_a_place_and_not_an_author():
    assert len(PROVINCES) == 34
    for province in PROVINCES:
        assert is_place(province), province
        assert clean_author_values([province, province.upper(), f"Tỉnh {province}"]) == [], province
    for city in (
        "Hà Nội",
        "TP.HCM",
        "TP. Hồ Chí Minh",
        "Sài Gòn",
        "Đà Lạt",
        "Nha Trang",
        "Buôn Ma Thuột",
        "Vũng Tàu",
    ):
        assert clean_author_values([city, city.upper()]) == [], city


def test_clean_author_values_drops_days_desks_and_places_keeps_people():
    values = ["Thứ Bảy", "Nhóm phóng viên", "ĐÀ LẠT", "MINH THU - HOÀNG LAN", "CTV Ngọc Hà", "Minh Thu"]
    assert clean_author_values(values) == ["Minh Thu", "Hoàng Lan", "Ngọc Hà"]


def test_time_words_keep_their_diacritics():
    assert is_time_word("Thứ Ba") and is_time_word("thứ ba") and is_time_word("THỨ BA")
    assert not is_time_word("Thu Ba Hà")
    assert is_person("Thu Hà") and not is_person("Thứ Hai")
    # without any diacritic in the text, "Thu Bay" cannot be told from "Thứ Bảy": refused
    assert not is_person("Thu Bay")


# -- property: a weekday phrase or a date is never a name ----------------------------------------

WEEKDAY_PHRASES = [
    "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Thứ Bẩy", "Chủ Nhật", "Chủ nhật", "CN",
    "Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "T2", "T7", "Th 5",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Thu Hai", "Thu Bay", "Chu Nhat",
]  # fmt: skip
SEPARATORS = [", ", " - ", " – ", " | ", " / ", "; ", " và ", " ", "\n", " · ", ": "]


def _case(text: str, how: int) -> str:
    return (text, text.upper(), text.lower(), text.title())[how]


dates = st.builds(
    lambda d, m, y, h, mi, fmt: fmt.format(d=d, m=m, y=y, h=h, mi=mi),
    st.integers(1, 28),
    st.integers(1, 12),
    st.integers(2000, 2030),
    st.integers(0, 23),
    st.integers(0, 59),
    st.sampled_from(["{d:02d}/{m:02d}/{y}", "{d}/{m}/{y} {h:02d}:{mi:02d}", "{h:02d}:{mi:02d}", "{d}-{m}-{y}",
                     "{h}h{mi:02d}", "{y}-{m:02d}-{d:02d}", "{d} tháng {m} năm {y}", "GMT+7", "(GMT+7)",
                     "{h:02d}:{mi:02d} {d:02d}/{m:02d}/{y}"]),
)  # fmt: skip
pieces = st.one_of(
    st.builds(_case, st.sampled_from(WEEKDAY_PHRASES), st.integers(0, 3)),
    dates,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=3), st.lists(st.sampled_from(SEPARATORS), min_size=3, max_size=3),
       st.sampled_from(["", " ", "- ", "(", "Cập nhật: "]), st.sampled_from(["", " ", " -", ")", "."]))  # fmt: skip
@example(["CN", "Thứ Hai"], [" ", ", ", ", "], "", "")  # "MINH THU CN Thứ Hai": both phrases go
def test_weekdays_and_dates_are_never_names(parts, seps, prefix, suffix):
    text = parts[0] + "".join(sep + part for sep, part in zip(seps, parts[1:], strict=False))
    value = prefix + text + suffix
    got = clean_author_values([value])
    for name in got:
        assert not any(ch.isdigit() for ch in name), (value, got)
        assert not is_time_word(name), (value, got)
    lowered = [n.lower() for n in got]
    for phrase in WEEKDAY_PHRASES:
        assert phrase.lower() not in lowered, (value, got)
    # after a real name, a weekday phrase is cut off or the whole line refused; without any
    # diacritic ("Thu Hai") it cannot be told from a name's last words, so it is left alone
    if not text.isascii():
        assert clean_author_values([f"MINH THU{seps[0]}{text}"]) in ([], ["Minh Thu"])


@pytest.mark.parametrize(
    ("last", "authors", "source", "ends"),
    [
        ("Vụ cà phê năm nay dự kiến kéo dài đến hết tháng Giêng. (Theo TTXVN)", [], "TTXVN", "tháng Giêng."),
        ("Vụ cà phê năm nay dự kiến kéo dài đến hết tháng Giêng (Theo VOV).", [], "VOV", "tháng Giêng."),
        (
            "Vụ cà phê năm nay dự kiến kéo dài đến hết tháng Giêng. MINH KHANG",
            ["Minh Khang"],
            None,
            "tháng Giêng.",
        ),
        # upper-case words inside the sentence, or an office after it, are no byline
        ("Vụ cà phê năm nay do UBND TỈNH chỉ đạo.", [], None, "UBND TỈNH chỉ đạo."),
        ("Vụ cà phê năm nay dự kiến kéo dài đến hết tháng Giêng. UBND TỈNH", [], None, "UBND TỈNH"),
    ],
)
def test_a_credit_glued_to_the_end_of_the_last_paragraph(
    last: str, authors: list[str], source: str | None, ends: str
):
    item = _extract(generic_page("15/11/2025 16:20", closing=f"<p>{last}</p>"), GENERIC_URL)
    assert (item["authors"], item["source_attribution"]) == (authors, source)
    assert item["body"].endswith(ends)


@pytest.mark.parametrize(
    "closing", ["Ghi chép của Lan Hương", "GHI CHÉP CỦA LAN HƯƠNG", "Bút ký của Lan Hương"]
)
def test_a_reportage_credited_as_a_phrase_names_its_writer(closing: str):
    item = _extract(generic_page("15/11/2025 16:20", closing=RIGHT.format(closing)), GENERIC_URL)
    assert item["authors"] == ["Lan Hương"]
    assert "Lan Hương" not in item["body"] and "LAN HƯƠNG" not in item["body"]


@pytest.mark.parametrize(
    ("closing", "authors"),
    [
        (RIGHT.format("LÊ HOA") + RIGHT.format("QUANG MINH"), ["Lê Hoa", "Quang Minh"]),
        (
            "<p style='text-align:right'>Lê Hoa</p><p style='text-align:right'>Quang Minh</p>",
            ["Lê Hoa", "Quang Minh"],
        ),
        # a plain last sentence above a byline stays text, whatever its length
        ("<p>Cảm ơn Minh Tú.</p>" + RIGHT.format("QUANG MINH"), ["Quang Minh"]),
    ],
)
def test_a_byline_on_two_lines_set_apart_alike(closing: str, authors: list[str]):
    item = _extract(generic_page("15/11/2025 16:20", closing=closing), GENERIC_URL)
    assert item["authors"] == authors
    assert not any(name.upper() in item["body"].upper() for name in ("Lê Hoa", "Quang Minh"))


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("Nguồn tin: Sở Y tế", "Sở Y tế"),
        ("Nguồn tin: TTXVN", "TTXVN"),
        ("Nguồn bài: Báo Nhân Dân", "Báo Nhân Dân"),
    ],
)
def test_a_source_line_with_a_longer_label_names_the_source(line: str, source: str):
    assert parse_byline(line) == ([], source)


def test_a_sentence_that_opens_with_the_word_source_is_no_credit():
    assert parse_byline("Nguồn tin cậy cho biết") == ([], None)


@pytest.mark.parametrize(
    ("meta_author", "authors", "source"),
    [
        ("Theo Sầm Hoa (Vietnamnet/Reuters)", ["Sầm Hoa"], "Vietnamnet/Reuters"),
        ("Thanh Hà (TTXVN)", ["Thanh Hà"], "TTXVN"),
        ("Báo Tỉnh Mẫu", [], None),  # the paper's own name credits no one
    ],
)
def test_the_metadata_author_credits_the_agency_when_the_page_does_not(meta_author, authors, source):
    text = "".join(
        f"<p>{p}</p>"
        for p in (
            "Hàng nghìn sĩ tử đổ về khu ký túc xá tư nhân để ôn thi công chức, mỗi phòng chỉ rộng vài mét vuông.",
            "Nhiều người đã ở đây hai, ba năm liền, mỗi ngày học hơn mười hai tiếng với hy vọng đỗ kỳ thi.",
            "Chủ các ký túc xá cho biết giá thuê phòng tăng mạnh vào mùa thi, nhưng vẫn không đủ chỗ cho người đến.",
        )
    )
    html = (
        f'<html><head><meta charset="utf-8"><title>Làng thi cử</title><meta name="author" content="{meta_author}">'
        f'<meta property="og:site_name" content="Báo Tỉnh Mẫu"></head><body><h1>Làng thi cử</h1><div class="x9">{text}'
        "</div></body></html>"
    )
    item = extract_article(html, "https://baotinh-mau.vn/lang-thi-cu-123456.html")
    assert item["authors"] == authors
    assert item["source_attribution"] == source
