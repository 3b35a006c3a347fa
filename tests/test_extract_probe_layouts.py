"""Article pages in provincial layouts nobody on the project wrote a parser for: WordPress news
themes (Newspaper, JNews), an ASP.NET WebForms table page, breadcrumbs drawn with icons or CSS,
upper-case place datelines. Each page is a compact fixture with our own Vietnamese text; the
assertions are what a careful reader would annotate for it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extract import extract
from crawler.extract.fields import split_dateline, strip_site_prefix

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
URL = "https://baotinhmoi.vn/xa-hoi/khoi-cong-tuyen-duong-lien-xa-123456.html"
TITLE = "Khởi công tuyến đường liên xã nối trung tâm xã Tân Hòa"
LEAD = "Tuyến đường liên xã mới được kỳ vọng mở ra cơ hội phát triển kinh tế cho hàng nghìn hộ dân vùng sâu."
PARAS = (
    "Sáng 5/12, Ủy ban nhân dân tỉnh tổ chức lễ khởi công tuyến đường liên xã dài gần 12 km, nối trung"
    " tâm xã Tân Hòa với quốc lộ 20.",
    "Theo chủ đầu tư, công trình có tổng vốn hơn 180 tỷ đồng từ ngân sách tỉnh và nguồn xã hội hóa, dự"
    " kiến hoàn thành trong quý IV năm 2027.",
    "Tuyến đường được thiết kế rộng 7,5 m, mặt đường bê tông nhựa, kèm hệ thống thoát nước và chiếu"
    " sáng công cộng dọc hai bên.",
    "Phát biểu tại buổi lễ, lãnh đạo tỉnh đề nghị nhà thầu bảo đảm tiến độ, chất lượng và an toàn lao"
    " động trong suốt quá trình thi công.",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAS)
SIDEBAR = "".join(
    f'<li><a href="/xa-hoi/tin-khac-{i}-{i}77.html">Tin khác số {i}: hoạt động của các địa phương</a>'
    f' <span class="time">0{i}/12/2026</span></li>'
    for i in range(1, 8)
)


def _item(html: str, url: str = URL) -> dict:
    record = extract(html, url, fetched_at=NOW)
    assert record.item is not None, record.reason
    return record.item


def _assert_body(item: dict) -> None:
    assert item["body"].startswith(PARAS[0]) and item["body"].endswith(PARAS[-1])


NEWSPAPER_THEME = f"""<html><head><meta charset="utf-8"><title>{TITLE} - Báo Tỉnh Mới</title>
<meta property="article:published_time" content="2026-12-05T08:20:00+07:00"></head><body>
<div class="td-header-wrap"><ul class="sf-menu"><li><a href="/">Trang chủ</a></li><li><a href="/xa-hoi/">Xã hội</a>
</li><li><a href="/kinh-te/">Kinh tế</a></li></ul></div><div class="td-main-content-wrap">
<div class="td-crumb-container"><div class="entry-crumbs"><span><a href="/">Trang chủ</a></span>
<i class="td-icon-right td-bread-sep"></i> <span><a href="/xa-hoi/">Xã hội</a></span>
<i class="td-icon-right td-bread-sep"></i> <span><a href="/xa-hoi/giao-thong/">Giao thông</a></span></div></div>
<article class="post"><div class="td-post-header"><ul class="td-category"><li class="entry-category">
<a href="/xa-hoi/giao-thong/">Giao thông</a></li></ul><header class="td-post-title"><h1 class="entry-title">{TITLE}</h1>
<div class="td-module-meta-info"><div class="td-post-author-name"><div class="td-author-by">Bởi</div>
<a href="/author/thanh-ha/">Thanh Hà</a></div><span class="td-post-date"><time class="entry-date"
datetime="2026-12-05T08:20:00+07:00">05/12/2026</time></span></div></header></div>
<div class="td-post-content"><p><strong>{LEAD}</strong></p>{BODY}</div><footer><ul class="td-tags">
<li><span>TAGS</span></li><li><a href="/tag/giao-thong/">giao thông</a></li><li><a href="/tag/nong-thon/">nông thôn</a>
</li></ul></footer></article><div class="td-main-sidebar"><ul>{SIDEBAR}</ul></div></div></body></html>"""


def test_a_wordpress_news_theme_whose_breadcrumb_is_drawn_with_icons():
    """The theme's crumbs are one ``span`` per link with an icon between them, in a box named
    "entry-crumbs"; the category label above the title names only the last crumb. The reader
    annotates the whole trail, not the label."""
    item = _item(NEWSPAPER_THEME)
    assert (item["category"], item["categories"]) == ("Giao thông", ["Xã hội", "Giao thông"])
    assert item["title"] == TITLE
    assert item["published_at"] == "2026-12-05T08:20:00+07:00"
    assert item["authors"] == ["Thanh Hà"]
    assert item["lead"] == LEAD
    assert item["tags"] == ["giao thông", "nông thôn"]
    _assert_body(item)


def _trail_page(trail: str) -> str:
    return f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<div id="header"><ul class="main-menu"><li><a href="/">Trang chủ</a></li><li><a href="/xa-hoi/">Xã hội</a></li>
<li><a href="/kinh-te/">Kinh tế</a></li></ul></div><div class="container"><div class="col-main">{trail}
<h1 class="post-title">{TITLE}</h1><div class="post-meta"><span class="date">05/12/2026 15:20</span></div>
<div class="post-content">{BODY}</div></div><div class="col-side"><ul>{SIDEBAR}</ul></div></div></body></html>"""


def test_a_trail_whose_separators_are_drawn_by_css_is_read_when_its_links_go_down_one_path():
    """``<ol><li>`` crumbs with "›" added by CSS: nothing is written between the links, as in a
    menu, but each link is a section of the one before (a menu's entries stand side by side)."""
    trail = (
        "<ol class='path-link'><li><a href='/'><i class='fa fa-home'></i> Trang chủ</a></li>"
        "<li><a href='/xa-hoi/'>Xã hội</a></li><li><a href='/xa-hoi/giao-duc/'>Giáo dục</a></li></ol>"
    )
    item = _item(_trail_page(trail), "https://baotinhmoi.vn/bai-viet/123456")
    assert (item["category"], item["categories"]) == ("Giáo dục", ["Xã hội", "Giáo dục"])
    assert item["published_at"] == "2026-12-05T15:20:00+07:00"
    _assert_body(item)


def test_links_side_by_side_without_separators_are_no_trail():
    """A row of section links after "Trang chủ" with nothing between them is a menu: the
    section comes from the site's menu by the URL's path instead."""
    row = (
        "<ol class='links'><li><a href='/'>Trang chủ</a></li><li><a href='/the-thao/'>Thể thao</a></li>"
        "<li><a href='/giai-tri/'>Giải trí</a></li></ol>"
    )
    item = _item(_trail_page(row))
    assert item["categories"] == ["Xã hội"]


ASPNET = f"""<html><head><meta charset="utf-8"><title>Báo Tỉnh Mới - {TITLE}</title></head><body>
<form id="form1" action="./viewer.aspx?mabb=12345"><input type="hidden" name="__VIEWSTATE" value="abc">
<table width="100%"><tr><td colspan="2"><a href="/">Trang chủ</a> | <a href="/viewer.aspx?macm=3">Xã hội</a></td></tr>
<tr><td width="70%" valign="top"><table><tr><td><span id="ctl00_cph_lblTitle" class="title">{TITLE}</span></td></tr>
<tr><td><span id="ctl00_cph_lblDate" class="date">15:20 | 05/12/2026</span></td></tr>
<tr><td><span id="ctl00_cph_lblSapo" class="sapo"><b>{LEAD}</b></span></td></tr>
<tr><td><div id="ctl00_cph_lblContent">{BODY}<p align="right"><b>Bài, ảnh: Hoàng Nam - Thu Trang</b></p></div></td>
</tr></table><table class="othernews"><tr><td><b>Các tin khác</b></td></tr><tr><td><a href="/viewer.aspx?mabb=12340">
Tin cũ về giao thông nông thôn của tỉnh</a> (01/12/2026)</td></tr></table></td><td valign="top"><ul>{SIDEBAR}</ul>
</td></tr></table></form></body></html>"""


def test_an_aspnet_table_page_whose_document_title_starts_with_the_paper_name():
    """No heading element, and ``<title>`` is "paper - headline": with the paper's name cut from
    the front, the ``span`` whose class says title is the headline, and the sapo below it is read."""
    item = _item(ASPNET, "https://baotinhmoi.vn/viewer.aspx?macm=3&macmp=3&mabb=12345")
    assert item["title"] == TITLE
    assert item["lead"] == LEAD
    assert item["published_at"] == "2026-12-05T15:20:00+07:00"
    assert item["authors"] == ["Hoàng Nam", "Thu Trang"]
    _assert_body(item)


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        (f"Báo Tỉnh Mới - {TITLE}", ("baotinhmoi.vn", "baotinhmoi"), TITLE),
        (f"BÁO TỈNH MỚI | {TITLE}", ("Báo Tỉnh Mới",), TITLE),
        (f"Báo động - {TITLE}", ("baotinhmoi.vn", "baotinhmoi"), f"Báo động - {TITLE}"),
        ("Báo Tỉnh Mới - Tin ngắn", ("baotinhmoi",), "Báo Tỉnh Mới - Tin ngắn"),
    ],
)
def test_strip_site_prefix(title: str, names: tuple[str, ...], expected: str):
    assert strip_site_prefix(title, names) == expected


@pytest.mark.parametrize(
    "first",
    [
        f"<p><strong>LÂM ĐỒNG - {LEAD}</strong></p>",
        f"<h2 class='sapo'>LÂM ĐỒNG - {LEAD}</h2>",
        f"<p><b>LÂM ĐỒNG – {LEAD}</b></p>",
    ],
    ids=["bold-first-paragraph", "sapo-heading", "en-dash"],
)
def test_an_upper_case_place_before_the_sapo_is_its_dateline(first: str):
    item = _item(_trail_page("").replace('<div class="post-content">', f'<div class="post-content">{first}'))
    assert (item["dateline"], item["lead"]) == ("LÂM ĐỒNG", LEAD)
    _assert_body(item)


@pytest.mark.parametrize(
    ("text", "places", "expected"),
    [
        ("TP. HỒ CHÍ MINH - Sáng nay, mưa lớn.", True, ("TP. HỒ CHÍ MINH", "Sáng nay, mưa lớn.")),
        ("ĐẮK LẮK - Sáng nay, mưa lớn.", True, ("ĐẮK LẮK", "Sáng nay, mưa lớn.")),
        ("Đà Lạt - Sáng nay, mưa lớn.", True, (None, "Đà Lạt - Sáng nay, mưa lớn.")),
        ("ĐẮK LẮK - Sáng nay, mưa lớn.", False, (None, "ĐẮK LẮK - Sáng nay, mưa lớn.")),
    ],
)
def test_split_dateline_places(text: str, places: bool, expected: tuple[str | None, str]):
    """A place is a dateline only in a text known to be the sapo, and only in upper case."""
    assert split_dateline(text, places=places) == expected


def _hashed_page(header: str, after_title: str, closing: str = "") -> str:
    """A page of a CMS whose class names say nothing (hashed CSS), so only structure helps."""
    return f"""<html><head><meta charset="utf-8"><title>{TITLE}</title>
<meta property="article:published_time" content="2026-12-05T15:20:00+07:00"></head><body>
<div class="x8f2a"><div class="k3n1">{header}{after_title}</div>{closing}</div>
<div class="q7z0"><ul>{SIDEBAR}</ul></div></body></html>"""


META_ROW = (
    "<div class='r1'><span>05/12/2026 15:20</span> <a href='javascript:void(0)'>Chia sẻ qua Facebook</a>"
    " <a href='javascript:void(0)'>In bài viết</a> <a href='https://news.google.com/x'>Theo dõi trên Google"
    " News</a></div>"
)


def test_the_meta_row_under_the_title_is_not_the_sapo():
    """Right after the headline, a row with the date and share links (mostly link text, opening
    with the date) is the header's meta row; the sapo is the prose block after it."""
    page = _hashed_page(
        f"<h1>{TITLE}</h1>", f"{META_ROW}<div class='s9'>{LEAD}</div><div class='b2'>{BODY}</div>"
    )
    item = _item(page)
    assert item["lead"] == LEAD
    _assert_body(item)


def test_a_sapo_next_to_the_text_a_level_below_the_title_box():
    """The headline's sibling is a wrapper of the meta row, the sapo and the text (a two-column
    article layout): the sapo is the prose before the text inside it, without the meta row, and
    its dateline is split off."""
    inner = (
        f"<div class='w1'><div class='w2'><div class='i1'><p>Hữu Phước</p><time>05/12/2026 15:20</time></div>"
        f"{META_ROW}<h2 class='s9'>(BTM) - {LEAD}</h2><div class='b2'>{BODY}</div></div></div>"
    )
    item = _item(_hashed_page(f"<h1>{TITLE}</h1>", inner))
    assert (item["dateline"], item["lead"]) == ("BTM", LEAD)
    _assert_body(item)


@pytest.mark.parametrize("label", ["Từ Khóa:", "TỪ KHÓA", "Chủ Đề:", "Từ khoá"])
def test_a_tag_block_known_only_by_its_label_in_any_letter_case(label: str):
    closing = (
        f"<div class='t5'><div class='t6'><b>{label}</b></div><div class='t7'><a href='/giao-thong.html'>"
        "giao thông</a>, <a href='/tan-hoa.html'>Tân Hòa</a></div></div>"
    )
    page = _hashed_page(f"<h1>{TITLE}</h1>", f"<div class='b2'>{BODY}</div>{closing}")
    assert _item(page)["tags"] == ["giao thông", "Tân Hòa"]


def test_a_headline_in_a_pascal_case_class_without_a_heading_element():
    """CSS-module class names ("ArticleTitle_root__x1") say title in PascalCase: the headline
    element is found, and with it the sapo after it."""
    header = (
        f"<div class='ArticleCate_root__a1'><a href='/xa-hoi/'>Xã hội</a></div>"
        f"<div class='ArticleTitle_root__k2'>{TITLE}</div>"
    )
    page = _hashed_page(header, f"{META_ROW}<div class='ArticleLead_root__z9'>{LEAD}</div><div>{BODY}</div>")
    item = _item(page.replace(f"<title>{TITLE}</title>", f"<title>{TITLE} - Báo Tỉnh Mới</title>"))
    assert item["title"] == TITLE
    assert item["lead"] == LEAD
    _assert_body(item)


def _plain_page(above: str, closing: str = "") -> str:
    """A page without a menu the reader could take the section from."""
    return f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><div id="wrap">
<div class="main">{above}<h1>{TITLE}</h1><div class="time">05/12/2026 15:20</div>
<div class="detail">{BODY}{closing}</div></div></div></body></html>"""


def test_a_link_above_the_title_to_the_section_of_the_url_names_the_category():
    """No menu on the page and no class saying category: a link beside the headline to a section
    the article's URL lies under is the section label."""
    item = _item(_plain_page("<div class='cat'><a href='/xa-hoi/'>Xã hội</a></div>"))
    assert (item["category"], item["categories"]) == ("Xã hội", ["Xã hội"])


def test_a_link_above_the_title_to_another_path_is_no_category():
    item = _item(_plain_page("<div class='cat'><a href='/lien-he/'>Liên hệ</a></div>"))
    assert item["category"] is None


def test_a_trail_whose_last_crumb_is_not_a_link():
    trail = "<div class='path'><a href='/'>Trang chủ</a> / <a href='/xa-hoi/'>Xã hội</a> / <span>Giáo dục</span></div>"
    item = _item(_plain_page(trail), "https://baotinhmoi.vn/bai-viet/123456")
    assert (item["category"], item["categories"]) == ("Giáo dục", ["Xã hội", "Giáo dục"])


@pytest.mark.parametrize(
    ("closing", "authors"),
    [
        ("<p style='text-align:right'><em>(Còn nữa)</em></p><p style='text-align:right'><b>LÊ VY</b></p>", ["Lê Vy"]),
        ("<p style='text-align:right'><b>LÊ VY</b></p><p><em>Bài 2: Những con đường mở lối thoát nghèo</em></p>", ["Lê Vy"]),
        ("<p style='text-align:right'><b>Tin, ảnh: LÊ VY</b><br><em>(Cộng tác viên)</em></p>", ["Lê Vy"]),
        ("<p style='text-align:right'><b>LÊ VY</b></p><p>(Hết)</p>", ["Lê Vy"]),
    ],
    ids=["con-nua", "next-part", "role-note", "het"],
)  # fmt: skip
def test_a_series_note_closes_the_text_without_entering_it(closing: str, authors: list[str]):
    item = _item(_plain_page("", closing))
    assert item["authors"] == authors
    _assert_body(item)


def test_a_paragraph_that_opens_with_a_part_number_stays_in_the_text():
    """ "Bài 2: ..." in plain text is the text's own sentence, not a note set apart."""
    closing = "<p>Bài 2: mời bạn đọc đón xem vào số báo ngày mai để biết thêm về tiến độ công trình.</p>"
    item = _item(_plain_page("", closing))
    assert item["body"].endswith("tiến độ công trình.")


def _masthead_page(masthead: str, article: str) -> str:
    return f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>{masthead}
<div class="main"><h1>{TITLE}</h1><div class="noidung">{BODY}</div>{article}</div></body></html>"""


@pytest.mark.parametrize(
    "masthead",
    [
        "<div id='top'><div class='today'>Thứ Hai, 07/12/2026</div><a href='/'>Báo Tỉnh Mới</a></div>",
        "<header><div class='bar'><span>Thứ Hai, 07/12/2026 09:00</span></div><a href='/'>Báo Tỉnh Mới</a></header>",
        "<div class='top'><span id='currentDate'>07/12/2026</span></div>",
    ],
    ids=["today-class", "masthead-header", "current-date-id"],
)
def test_the_day_the_site_header_shows_is_not_the_publication(masthead: str):
    """A paper's masthead shows today's date; on a page whose own date the reader cannot find,
    that date is no publication date, and next to the article's own date it is not taken."""
    assert _item(_masthead_page(masthead, ""))["published_at"] is None
    dated = _masthead_page(masthead, "<div class='ngay-dang'>Ngày đăng: 05/12/2026 15:20</div>")
    assert _item(dated)["published_at"] == "2026-12-05T15:20:00+07:00"


def test_a_date_in_the_article_own_header_element_is_kept():
    """An ``article``'s own ``header`` (its meta row apart from the title) is no masthead."""
    page = (
        f"<html><head><meta charset='utf-8'><title>{TITLE}</title></head><body><main><article>"
        f"<h1>{TITLE}</h1><header><span>05/12/2026 15:20</span></header><div>{BODY}</div></article></main>"
        "</body></html>"
    )
    assert _item(page)["published_at"] == "2026-12-05T15:20:00+07:00"


def test_css_module_class_names_lead_to_the_byline_trail_and_tags():
    """A Next.js paper whose class names are CSS modules: ``Author_name__k9``, ``Breadcrumb_root__``,
    ``ArticleTags_list__``. Attribute selectors are case-sensitive, so the lower-case generic ones
    miss every one of them."""
    page = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
<div class="Header_root__a1"><a href="/">Trang chủ</a></div>
<main class="Layout_main__b2"><nav class="Breadcrumb_root__c3"><a href="/">Trang chủ</a>
<a href="/xa-hoi/">Xã hội</a><a href="/xa-hoi/giao-thong/">Giao thông</a></nav>
<h1 class="ArticleTitle_root__d4">{TITLE}</h1><div class="ArticleMeta_row__e5">
<span class="Author_name__f6">Minh Khang</span><span class="Time_root__g7">05/12/2026 15:20</span></div>
<div class="ArticleBody_root__h8">{BODY}</div>
<div class="ArticleTags_list__i9"><a href="/chu-de/duong-lien-xa">đường liên xã</a>
<a href="/chu-de/tan-hoa">Tân Hòa</a></div></main></body></html>"""
    item = _item(page)
    assert item["authors"] == ["Minh Khang"]
    assert item["categories"] == ["Xã hội", "Giao thông"]
    assert item["tags"] == ["đường liên xã", "Tân Hòa"]
    assert item["published_at"] == "2026-12-05T15:20:00+07:00"
    _assert_body(item)


def test_a_drupal_article_names_its_author_in_the_uid_field():
    page = f"""<html><head><meta charset="utf-8"><title>{TITLE} | Báo Tỉnh Mới</title></head><body>
<article class="node node--type-article"><h1 class="page-title"><span class="field field--name-title">{TITLE}
</span></h1><div class="node__meta"><span class="field field--name-uid field--type-entity-reference">
<span typeof="schema:Person">Hoàng Yến</span></span> <span class="field field--name-created">05/12/2026 - 10:15
</span></div><div class="clearfix text-formatted field field--name-body">{BODY}</div></article></body></html>"""
    item = _item(page)
    assert (item["authors"], item["published_at"]) == (["Hoàng Yến"], "2026-12-05T10:15:00+07:00")
    _assert_body(item)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Tác giả: Minh Khang | 05/12/2026 15:20", ["Minh Khang"]),
        ("PV: Minh Khang - 05/12/2026 15:20", ["Minh Khang"]),
        ("Phóng viên: Minh Khang, 15h20 ngày 05-12-2026", ["Minh Khang"]),
        ("Tin, ảnh: Minh Khang | 15:20 05/12/2026", ["Minh Khang"]),
        ("Bài và ảnh: Lê Hoa - Quang Minh, 05/12/2026 15:20", ["Lê Hoa", "Quang Minh"]),
        # unlabelled: a section or a media word stands there as often as a name
        ("Video | 05/12/2026 15:20", []),
        ("Xã hội - 05/12/2026 15:20", []),
    ],
)
def test_a_labelled_byline_at_the_head_of_a_date_line_in_an_unknown_layout(line: str, authors: list[str]):
    page = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><div class="k1">
<h1>{TITLE}</h1><div class="k2">{line}</div><div class="k3">{BODY}</div></div></body></html>"""
    item = _item(page)
    assert (item["authors"], item["published_at"]) == (authors, "2026-12-05T15:20:00+07:00")


def test_a_data_table_reads_row_by_row():
    """A figures table in the text reads one row a line ("Chỉ tiêu | Kết quả"), empty cells
    leaving no stray bars, and the bars are no words."""
    data = (
        "<table border='1'><tr><th>Chỉ tiêu</th><th>Kết quả</th><th></th></tr>"
        "<tr><td>Đường giao thông</td><td>120 km</td><td> </td></tr>"
        "<tr><td>Trường học đạt chuẩn</td><td><b>35</b> trường</td><td></td></tr></table>"
    )
    text = "".join(f"<p>{p}</p>" for p in PARAS[:2]) + data + "".join(f"<p>{p}</p>" for p in PARAS[2:])
    page = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><div class="k1">
<h1>{TITLE}</h1><div class="k2">05/12/2026 15:20</div><div class="k3">{text}</div></div></body></html>"""
    item = _item(page)
    assert item["body"].split("\n\n") == [
        *PARAS[:2],
        "Chỉ tiêu | Kết quả",
        "Đường giao thông | 120 km",
        "Trường học đạt chuẩn | 35 trường",
        *PARAS[2:],
    ]
    assert item["word_count"] == len(item["body"].replace(" | ", " ").split())


def test_a_layout_table_cell_keeps_its_paragraphs():
    """Old CMSs lay the whole text out in a table cell: a cell with paragraphs is no data row."""
    page = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body><table>
<tr><td class="menu"><a href="/">Trang chủ</a></td><td><h1>{TITLE}</h1><div>05/12/2026 15:20</div>{BODY}</td>
</tr></table></body></html>"""
    item = _item(page)
    assert [item["lead"], *item["body"].split("\n\n")] == list(PARAS)  # no sapo: the first paragraph leads
