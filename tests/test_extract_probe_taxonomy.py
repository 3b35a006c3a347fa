"""Headline, sapo, category path and tags on provincial layouts no parser here was written for:
page titles that name only the paper, trails written twice (a phone's and a desktop's), section
bars with their sub-sections, tag rows in the article's own footer. Each page is a compact
fixture with our own Vietnamese text; the assertions are what a careful reader would annotate."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extract import extract

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
URL = "https://baotinhmoi.vn/kinh-te/nong-nghiep/nong-dan-thu-hoach-ca-phe-123456.html"
NO_SECTION_URL = "https://baotinhmoi.vn/nong-dan-thu-hoach-ca-phe-123456.html"
TITLE = "Nông dân xã Phước Lộc thu hoạch vụ cà phê đầu tiên sau tái canh"
LEAD = (
    "Sau ba năm tái canh bằng giống mới, hơn 200 hộ nông dân xã Phước Lộc bước vào mùa thu hoạch"
    " với năng suất tăng gần gấp đôi."
)
PARAS = (
    "Những ngày đầu tháng 12, trên các sườn đồi của xã Phước Lộc, không khí thu hoạch cà phê diễn ra"
    " tấp nập, người dân tranh thủ nắng ráo để hái quả chín.",
    "Ông Nguyễn Văn Bảy, một trong những hộ đầu tiên tham gia tái canh, cho biết vườn nhà ông năm nay"
    " đạt gần bốn tấn nhân mỗi héc-ta, cao hơn nhiều so với trước.",
    "Theo Phòng Kinh tế huyện, toàn xã hiện có hơn 600 héc-ta cà phê đã tái canh, phần lớn dùng giống"
    " ghép chịu hạn do viện nghiên cứu trong vùng cung cấp.",
    "Chính quyền địa phương cho biết sẽ tiếp tục hỗ trợ người dân tiếp cận vốn vay ưu đãi và liên kết"
    " tiêu thụ với các doanh nghiệp chế biến trong tỉnh.",
)
BODY = "".join(f"<p>{p}</p>" for p in PARAS)
MENU = (
    "<nav class='main-menu'><ul><li><a href='/'>Trang chủ</a></li><li><a href='/thoi-su'>Thời sự</a></li>"
    "<li><a href='/kinh-te'>Kinh tế</a><ul class='sub'><li><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a>"
    "</li><li><a href='/kinh-te/doanh-nghiep'>Doanh nghiệp</a></li></ul></li><li><a href='/xa-hoi'>Xã hội</a>"
    "</li><li><a href='/van-hoa'>Văn hóa</a></li></ul></nav>"
)
SIDE = "".join(
    f"<li><a href='/xa-hoi/tin-khac-so-{i}-77{i}.html'>Tin khác số {i} về hoạt động của địa phương</a></li>"
    for i in range(1, 7)
)
RELATED = (
    "<div class='tin-cung-chuyen-muc'><h3><a href='/xa-hoi'>Tin cùng chuyên mục</a></h3><ul>"
    + "".join(
        f"<li><a href='/xa-hoi/bai-lien-quan-{i}-88{i}.html'>Bài liên quan thứ {i} về đời sống vùng sâu</a></li>"
        for i in range(1, 5)
    )
    + "</ul></div>"
)
TAGS = ["cà phê", "tái canh", "Phước Lộc"]
TAG_LINKS = " ".join(
    f"<a href='/tag/{slug}'>{tag}</a>"
    for tag, slug in zip(TAGS, ("ca-phe", "tai-canh", "phuoc-loc"), strict=True)
)


def page(
    *,
    page_title: str = f"{TITLE} - Báo Tỉnh Mới",
    head: str = "",
    trail: str = "",
    heading: str = TITLE,
    sapo: str = f"<div class='sapo'>{LEAD}</div>",
    body: str = BODY,
    after: str = "",
) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{page_title}</title>{head}</head><body>"
        f"<header class='site-header'><div class='logo'><a href='/'><img src='/logo.png' alt='logo'></a></div>"
        f"{MENU}</header><div class='container'><div class='main-col'>{trail}<div class='detail'>"
        f"<h1 class='title-detail'>{heading}</h1><div class='meta'><span class='author'>Minh Anh</span>"
        f" <span class='date'>05/12/2026 08:30</span></div>{sapo}<div class='detail-content'>{body}</div>"
        f"{after}</div>{RELATED}</div><div class='col-right'><ul>{SIDE}</ul></div></div>"
        "<footer class='site-footer'><p>Báo Tỉnh Mới - Cơ quan của Tỉnh ủy</p></footer></body></html>"
    )


def _item(html: str, url: str = URL) -> dict:
    record = extract(html, url, fetched_at=NOW)
    assert record.item is not None, record.reason
    return record.item


# -- the headline ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "page_title",
    [
        "Báo Tỉnh Mới",
        "BÁO TỈNH MỚI ĐIỆN TỬ",
        "Trang tin điện tử Báo Tỉnh Mới",
        "Báo Tỉnh Mới - Tin tức",
        "Chi tiết tin",
        "Tin tức - Sự kiện",
    ],
)
def test_a_page_title_that_names_only_the_paper_gives_way_to_the_h1(page_title: str):
    """Old templates give every page the same ``<title>``: the paper's name, or a few words such
    as "Chi tiết tin". It is no headline to check the ``h1`` against; the ``h1`` is the headline."""
    assert _item(page(page_title=page_title))["title"] == TITLE


def test_a_label_by_its_class_leaves_the_h1_when_the_metadata_names_no_headline():
    item = _item(page(page_title="Báo Tỉnh Mới", heading=f"<span class='cate'>Phóng sự</span> {TITLE}"))
    assert item["title"] == TITLE


def test_a_page_title_that_only_mentions_the_paper_is_still_a_headline():
    """A title "Báo Tỉnh Mới trao giải ..." is a story about the paper, not its name: the page's own
    headline, when the h1 is something else (a section name), stays the title."""
    headline = "Báo Tỉnh Mới trao giải cuộc thi viết về nông thôn mới năm 2026"
    html = page(page_title=headline, heading="Kinh tế").replace("<p>", f"<p>{headline}. ", 1)
    assert _item(html)["title"] == headline


# -- tags ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "footer",
    [
        f"<div class='article-footer'><strong>Tags:</strong> {TAG_LINKS}</div>",
        f"<div class='detail-footer'><p>Từ khóa: {TAG_LINKS}</p></div>",
        f"<div class='post-footer'><div class='tag-wrap'>{TAG_LINKS}</div></div>",
        f"<footer><div>Thẻ: {TAG_LINKS}</div></footer>",
    ],
)
def test_a_tag_row_in_the_article_own_footer_is_its_tags(footer: str):
    """A footer under the text, inside the article's box or named as the article's footer, is
    the article's: its tag row is the tags (the site's footer stands outside the article)."""
    assert _item(page(after=footer))["tags"] == TAGS


def test_a_tag_row_in_the_site_footer_is_no_article_tags():
    html = page().replace(
        "<footer class='site-footer'>", f"<footer class='site-footer'><div>Từ khóa: {TAG_LINKS}</div>"
    )
    html = html.replace("<div class='container'>", "<div class='wrapper'><div class='container'>", 1)
    html = html.replace("</footer></body>", "</footer></div></body>")  # the site's footer in the page's box
    assert _item(html)["tags"] == []


def test_a_count_after_a_tag_in_its_link_is_no_tag():
    row = " ".join(
        f"<a href='/tag/{i}'>{tag} <span class='count'>({i + 12})</span></a>" for i, tag in enumerate(TAGS)
    )
    assert _item(page(after=f"<div class='tags'>{row}</div>"))["tags"] == TAGS


# -- the category path ---------------------------------------------------------------------------

WHOLE_TRAIL = (
    "<li><a href='/'>Trang chủ</a></li><li><a href='/kinh-te'>Kinh tế</a></li>"
    "<li><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a></li>"
)
SHORT_TRAIL = "<a href='/kinh-te/nong-nghiep'>Nông nghiệp</a>"


@pytest.mark.parametrize(
    "trails",
    [
        # the same class twice: a phone's trail first, the desktop's after it
        f"<div class='breadcrumb d-md-none'>{SHORT_TRAIL}</div><ol class='breadcrumb d-none d-md-flex'>{WHOLE_TRAIL}</ol>",
        # both in one box, each with its own class
        f"<div class='breadcrumb-wrap'><div class='breadcrumb-mobile'>{SHORT_TRAIL}</div>"
        f"<ol class='breadcrumb-pc'>{WHOLE_TRAIL}</ol></div>",
        # classes no selector names, found as breadcrumb markup
        f"<div class='crumb-m'>{SHORT_TRAIL}</div><ul class='crumb-d'>{WHOLE_TRAIL}</ul>",
    ],
)
def test_a_phone_trail_and_a_desktop_trail_give_the_whole_path(trails: str):
    item = _item(page(trail=trails), NO_SECTION_URL)
    assert (item["category"], item["categories"]) == ("Nông nghiệp", ["Kinh tế", "Nông nghiệp"])


def _section_bar(cls: str, active: str = "") -> str:
    return (
        f"<div class='{cls}'><h2><a href='/kinh-te'>KINH TẾ</a></h2><ul>"
        f"<li class='{active}'><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a></li>"
        "<li><a href='/kinh-te/doanh-nghiep'>Doanh nghiệp</a></li></ul></div>"
    )


@pytest.mark.parametrize("cls", ["cat-title", "category-head"])
@pytest.mark.parametrize(
    ("active", "url", "path"),
    [
        ("", NO_SECTION_URL, ["Kinh tế"]),
        ("active", NO_SECTION_URL, ["Kinh tế", "Nông nghiệp"]),
        ("", URL, ["Kinh tế", "Nông nghiệp"]),  # the sub-section the article's URL is under
    ],
)
def test_a_section_bar_with_its_sub_sections_names_the_section_not_every_sub_section(
    cls: str, active: str, url: str, path: list[str]
):
    """A section page's header over the article ("KINH TẾ", then its sub-sections side by
    side) is no trail: the section, and the sub-section marked as the page's own or the
    article's URL is filed under."""
    assert _item(page(trail=_section_bar(cls, active)), url)["categories"] == path


def test_a_trail_of_flat_section_paths_with_separators_keeps_every_crumb():
    trail = (
        "<div class='category-path'><a href='/chuyen-muc/kinh-te'>Kinh tế</a> › "
        "<a href='/chuyen-muc/nong-nghiep'>Nông nghiệp</a></div>"
    )
    assert _item(page(trail=trail), NO_SECTION_URL)["categories"] == ["Kinh tế", "Nông nghiệp"]


SHORT_TITLE = "Thu hoạch cà phê sau tái canh"


@pytest.mark.parametrize(
    "last", [f"{SHORT_TITLE} - Báo Tỉnh Mới", SHORT_TITLE.upper(), "Thu hoạch cà phê sau..."]
)
def test_a_json_ld_trail_ending_in_the_headline_ends_with_its_section(last: str):
    """Yoast and other SEO plugins end the BreadcrumbList with the article itself, written as
    the page title (with the paper's name) or cut short: that item is no section."""
    crumbs = ", ".join(
        f'{{"@type":"ListItem","position":{i},"name":"{name}"{item}}}'
        for i, (name, item) in enumerate(
            [
                ("Trang chủ", ',"item":"https://baotinhmoi.vn/"'),
                ("Nông nghiệp", ',"item":"https://baotinhmoi.vn/nong-nghiep/"'),
                (last, ""),
            ],
            start=1,
        )
    )
    ld = (
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":'
        f'"BreadcrumbList","itemListElement":[{crumbs}]}}]}}</script>'
    )
    html = page(page_title=f"{SHORT_TITLE} - Báo Tỉnh Mới", heading=SHORT_TITLE, head=ld)
    assert _item(html, NO_SECTION_URL)["categories"] == ["Nông nghiệp"]


@pytest.mark.parametrize(
    "row",
    [
        "<div class='kw2'>{}</div>",
        "<ul class='list-k'>{}</ul>",
    ],
)
def test_a_row_of_links_to_searches_for_each_tag_is_the_tags(row: str):
    """No label and no class: the links' addresses, a search for each tag ("/search?q=..."),
    make the row a tag row, as "/tag/..." addresses do."""
    links = [f"<a href='/search?q={tag.replace(' ', '+')}'>{tag}</a>" for tag in TAGS]
    if row.startswith("<ul"):
        links = [f"<li>{a}</li>" for a in links]
    assert _item(page(after=row.format(" | ".join(links))))["tags"] == TAGS


# -- the sapo ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dateline", ["BTM Online", "BTM ONLINE", "TMO"])
@pytest.mark.parametrize("where", ["sapo", "first bold paragraph"])
def test_a_bare_dateline_with_online_after_the_paper_initials_leaves_the_sapo(dateline: str, where: str):
    if where == "sapo":
        html = page(sapo=f"<div class='sapo'>{dateline} - {LEAD}</div>")
    else:
        html = page(sapo="", body=f"<p><strong>{dateline} - {LEAD}</strong></p>{BODY}")
    item = _item(html)
    assert (item["dateline"], item["lead"]) == (dateline, LEAD)


def _menu(top: str = "", sub: str = "", other: str = "") -> str:
    return (
        f"<nav class='main-menu'><ul><li><a href='/'>Trang chủ</a></li><li class='{top}'><a href='/kinh-te'>"
        f"Kinh tế</a><ul class='sub'><li class='{sub}'><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a></li>"
        f"<li><a href='/kinh-te/doanh-nghiep'>Doanh nghiệp</a></li></ul></li><li class='{other}'>"
        "<a href='/xa-hoi'>Xã hội</a></li></ul></nav>"
    )


@pytest.mark.parametrize(
    ("top", "sub", "other", "path"),
    [
        ("active", "", "", ["Kinh tế"]),
        ("", "active", "", ["Kinh tế", "Nông nghiệp"]),
        ("menu-item current-menu-parent", "current-menu-item", "", ["Kinh tế", "Nông nghiệp"]),
        ("active", "", "active", []),  # two unrelated entries lit: no telling which
        ("", "", "", []),
    ],
)
def test_the_menu_entry_marked_as_the_page_own_names_the_section_when_nothing_else_does(
    top: str, sub: str, other: str, path: list[str]
):
    """No trail, no section label, no section in the URL: the menu that lights up the article's
    section (and the sub-section under it) is what the reader sees of its filing."""
    html = page().replace(MENU, _menu(top, sub, other))
    assert _item(html, NO_SECTION_URL)["categories"] == path


def test_a_story_marked_in_a_header_ticker_is_no_section():
    ticker = (
        "<div class='menu-ticker'><ul><li class='active'><a href='/tin-nong-ve-mua-lu-998877.html'>"
        "Tin nóng về mùa lũ</a></li></ul></div>"
    )
    html = page().replace(MENU, MENU + ticker)
    assert _item(html, NO_SECTION_URL)["categories"] == []


@pytest.mark.parametrize("cls", ["tin-cung-chuyen-muc", "box-cungchuyenmuc", "cate-related"])
def test_a_same_section_box_after_the_article_is_no_section_label(cls: str):
    """A "Tin cùng chuyên mục" box under the text, its heading a link to a section page: a box of
    other stories whose class names a section ("chuyen-muc", "cate"), not the article's label."""
    html = page().replace("<div class='tin-cung-chuyen-muc'>", f"<div class='{cls}'>")
    assert _item(html, NO_SECTION_URL)["categories"] == []


@pytest.mark.parametrize("cls", ["sub-nav", "subcat-list", "children"])
def test_the_sub_sections_a_crumb_opens_are_not_crumbs(cls: str):
    trail = (
        "<div class='breadcrumb'><a href='/'>Trang chủ</a> / <a href='/kinh-te'>Kinh tế</a>"
        f"<div class='{cls}'><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a><a href='/kinh-te/doanh-nghiep'>"
        "Doanh nghiệp</a><a href='/kinh-te/dau-tu'>Đầu tư</a></div></div>"
    )
    assert _item(page(trail=trail), NO_SECTION_URL)["categories"] == ["Kinh tế"]


@pytest.mark.parametrize(
    "trail",
    [
        "<div class='breadcrumb'><span>Trang chủ</span> / <span>Kinh tế</span> / <span>Nông nghiệp</span></div>",
        "<ol class='breadcrumb'><li>Trang chủ</li><li>Kinh tế</li><li>Nông nghiệp</li></ol>",
        "<div class='breadcrumb'>Trang chủ » Kinh tế » Nông nghiệp</div>",
        "<p class='crumbs'>Trang chủ / Kinh tế / Nông nghiệp</p>",
    ],
)
def test_a_trail_written_without_links_is_read_from_its_items_or_its_separators(trail: str):
    assert _item(page(trail=trail), NO_SECTION_URL)["categories"] == ["Kinh tế", "Nông nghiệp"]


def test_a_date_in_a_breadcrumb_bar_is_no_section():
    item = _item(page(trail="<div class='breadcrumb'>Thứ Hai, 07/12/2026</div>"), NO_SECTION_URL)
    assert item["categories"] == []


OTHER_HEADLINE = "Mùa vàng trên cao nguyên đất đỏ"
TRAIL_TO = (
    "<ol class='breadcrumb'><li><a href='/'>Trang chủ</a></li><li><a href='/kinh-te'>Kinh tế</a></li>"
    "<li><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a></li>{}</ol>"
)


@pytest.mark.parametrize(
    ("last", "head"),
    [
        # a link to the page itself
        (f"<li><a href='{NO_SECTION_URL}'>{OTHER_HEADLINE}</a></li>", ""),
        ("<li><a href='/nong-dan-thu-hoach-ca-phe-123456.html'>" + OTHER_HEADLINE + "</a></li>", ""),
        # the metadata's headline
        (
            f"<li class='active'><a href='#'>{OTHER_HEADLINE}</a></li>",
            f"<meta property='og:title' content='{OTHER_HEADLINE}'>",
        ),
        # most of the h1's words, shorter
        ("<li class='active'><a>Nông dân Phước Lộc thu hoạch cà phê tái canh</a></li>", ""),
    ],
)
def test_a_trail_ending_with_the_story_in_other_words_than_the_h1_ends_with_its_section(last: str, head: str):
    item = _item(page(trail=TRAIL_TO.format(last), head=head), NO_SECTION_URL)
    assert (item["category"], item["categories"]) == ("Nông nghiệp", ["Kinh tế", "Nông nghiệp"])


def test_a_long_section_name_closing_a_trail_stays():
    last = "<li><a href='/xay-dung-dang'>Xây dựng Đảng và hệ thống chính trị</a></li>"
    item = _item(page(trail=TRAIL_TO.format(last)), NO_SECTION_URL)
    assert item["category"] == "Xây dựng Đảng và hệ thống chính trị"


@pytest.mark.parametrize(
    "closing",
    ["<small>Năng suất tăng gấp đôi</small>", "<br><span class='subtitle'>Năng suất tăng gấp đôi</span>"],
)
@pytest.mark.parametrize("page_title", [f"{TITLE} - Báo Tỉnh Mới", "Chi tiết tin"])
def test_a_subtitle_closing_the_h1_is_left_out(closing: str, page_title: str):
    """With the metadata's headline the rest of the heading, or set apart by its tag or class."""
    assert _item(page(page_title=page_title, heading=TITLE + closing))["title"] == TITLE


def test_a_label_before_the_h1_is_left_out_under_a_generic_page_title():
    html = page(page_title="Chi tiết tin", heading=f"<span class='cate'>Phóng sự</span> {TITLE}")
    assert _item(html)["title"] == TITLE


def test_a_closing_phrase_in_a_plain_span_stays_in_the_headline():
    heading = "Nông dân xã Phước Lộc thu hoạch <span>vụ cà phê đầu tiên sau tái canh</span>"
    assert _item(page(page_title="Chi tiết tin", heading=heading))["title"] == TITLE


@pytest.mark.parametrize(
    "home", ["Báo điện tử Tỉnh Mới", "BÁO TỈNH MỚI ĐIỆN TỬ", "Tỉnh Mới Online", "Tin tức Tỉnh Mới"]
)
@pytest.mark.parametrize("href", ["/", "https://baotinhmoi.vn/", "/index.html"])
def test_a_home_crumb_is_known_by_its_link_to_the_home_page_whatever_it_reads(home: str, href: str):
    trail = (
        f"<ul class='breadcrumb'><li><a href='{href}'>{home}</a></li><li><a href='/kinh-te'>Kinh tế</a></li>"
        "<li><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a></li></ul>"
    )
    assert _item(page(trail=trail), NO_SECTION_URL)["categories"] == ["Kinh tế", "Nông nghiệp"]


def test_a_crumb_whose_section_is_a_query_on_the_home_path_stays():
    trail = (
        "<ul class='breadcrumb'><li><a href='/'>Trang chủ</a></li><li><a href='/?cat=5'>Kinh tế</a></li></ul>"
    )
    assert _item(page(trail=trail), NO_SECTION_URL)["categories"] == ["Kinh tế"]


@pytest.mark.parametrize(
    "heading", ["h2 class='title-news'", "h3 class='tieu-de'", "div class='detail-title'"]
)
@pytest.mark.parametrize("logo", ["", "<h1 class='logo'><a href='/'>Báo Tỉnh Mới</a></h1>"])
def test_a_headline_outside_any_h1_under_a_page_title_of_the_paper_name(heading: str, logo: str):
    """No h1 is the headline (none, or the logo's) and the page title names only the paper: the
    first heading of a headline's length outside the header, menus and related boxes is it."""
    tag = heading.split()[0]
    html = page(page_title="Báo Tỉnh Mới").replace(
        f"<h1 class='title-detail'>{TITLE}</h1>", f"<{heading}>{TITLE}</{tag}>"
    )
    html = html.replace("<div class='logo'>", logo + "<div class='logo'>")
    assert _item(html)["title"] == TITLE


def test_a_blocked_page_keeps_its_own_title():
    html = (
        "<html><head><title>Request blocked | Edge shield</title></head><body><div id='wrapper'>"
        "<h1>Sorry, you have been blocked</h1><h2>You cannot reach this website right now</h2>"
        "<p>This website uses a protection service against online attacks, and something in your"
        " last request set it off.</p></div></body></html>"
    )
    assert extract(html, URL, fetched_at=NOW).item is None


@pytest.mark.parametrize(
    "separator",
    ["<i class='fa fa-angle-right'></i>", "<span class='sep'></span>", "<img src='/arrow.png' alt=''>"],
)
def test_a_trail_of_flat_paths_whose_separators_are_icons(separator: str):
    """Crumbs side by side with an icon between each two, after a "Trang chủ" link: a trail,
    though the sections' paths do not nest ("/kinh-te", "/nong-nghiep")."""
    crumbs = separator.join(
        [
            "<a href='/'>Trang chủ</a>",
            "<a href='/kinh-te'>Kinh tế</a>",
            "<a href='/nong-nghiep'>Nông nghiệp</a>",
        ]
    )
    item = _item(page(trail=f"<div class='box-x'>{crumbs}</div>"), NO_SECTION_URL)
    assert item["categories"] == ["Kinh tế", "Nông nghiệp"]


def test_a_row_of_links_with_an_icon_in_each_is_no_trail():
    """Icons inside the links (a toolbar's) are no separators between them."""
    row = (
        "<div class='box-x'><a href='/'>Trang chủ</a><a href='/video'><i class='icon-video'></i> Video</a>"
        "<a href='/anh'><i class='icon-photo'></i> Ảnh</a></div>"
    )
    assert "Video" not in _item(page(trail=row), NO_SECTION_URL)["categories"]


CAPTION = "Người dân xã Phước Lộc thu hoạch cà phê trên những vườn đã tái canh bằng giống mới. Ảnh: Minh Anh"


@pytest.mark.parametrize(
    "photo",
    [
        f"<div class='img-box'><img src='/a.jpg'><p class='cap'>{CAPTION}</p></div>",
        f"<div class='photo'><img src='/a.jpg'><em>{CAPTION}</em></div>",
    ],
)
@pytest.mark.parametrize("sapo", ["", f"<div class='mo-ta'>{LEAD}</div>"])
def test_a_photo_and_its_caption_between_the_title_and_the_text_is_no_sapo(photo: str, sapo: str):
    """A sapo no selector names is the first block of prose after the title; a photo's box
    with a long caption comes first on some layouts, and it is no sapo."""
    assert _item(page(sapo=photo + sapo))["lead"] == (LEAD if sapo else None)


@pytest.mark.parametrize(
    "line",
    [
        "<div class='x1'>Theo dõi Báo Tỉnh Mới trên <a href='https://news.google.com/x'>Google News</a>"
        " để cập nhật tin tức mới nhất mỗi ngày</div>",
        "<div class='x3'>Nghe đọc bài viết này với giọng đọc nữ miền Nam hoặc giọng nam miền Bắc 00:00</div>",
        "<div class='x4'>Thứ Tư, 02/12/2026 08:00 (GMT+7) - Cập nhật: Thứ Năm, 03/12/2026 10:15 (GMT+7)</div>",
    ],
)
@pytest.mark.parametrize("sapo", ["", f"<div class='mo-ta'>{LEAD}</div>"])
def test_a_follow_line_a_listen_line_or_a_date_line_after_the_title_is_no_sapo(line: str, sapo: str):
    assert _item(page(sapo=line + sapo))["lead"] == (LEAD if sapo else None)


@pytest.mark.parametrize(
    "trail",
    [
        "<nav><a href='/'>Trang chủ</a> / <a href='/kinh-te'>Kinh tế</a> / <a href='/kinh-te/nong-nghiep'>"
        "Nông nghiệp</a></nav>",
        f"<nav class='crumbs-nav'><ol>{WHOLE_TRAIL}</ol></nav>",
        f"<nav><ol>{WHOLE_TRAIL}</ol></nav>",
    ],
)
def test_a_trail_in_an_html5_nav_element(trail: str):
    """HTML5 puts a breadcrumb in ``<nav>``, as it does a menu: the trail's own shape tells."""
    assert _item(page(trail=trail), NO_SECTION_URL)["categories"] == ["Kinh tế", "Nông nghiệp"]


def test_a_menu_in_a_nav_element_is_still_no_trail():
    nav = (
        "<nav><a href='/'>Trang chủ</a> <a href='/thoi-su'>Thời sự</a> <a href='/the-thao'>Thể thao</a>"
        " <a href='/giai-tri'>Giải trí</a></nav>"
    )
    assert _item(page(trail=nav), NO_SECTION_URL)["categories"] == []


def test_the_microdata_section_of_the_article():
    above = "<span itemprop='articleSection'>Kinh tế</span>"
    html = page().replace("<h1 class='title-detail'>", above + "<h1 class='title-detail'>")
    assert _item(html, NO_SECTION_URL)["categories"] == ["Kinh tế"]


@pytest.mark.parametrize("last", ["Chi tiết tin", "Chi tiết", "Nội dung", "Xem tin", "Bài viết"])
def test_a_trail_ending_with_the_page_kind_ends_with_its_section(last: str):
    trail = (
        "<div class='breadcrumb'><a href='/'>Trang chủ</a> › <a href='/kinh-te'>Kinh tế</a> › "
        f"<a href='/kinh-te/nong-nghiep'>Nông nghiệp</a> › <a href='#'>{last}</a></div>"
    )
    item = _item(page(trail=trail), NO_SECTION_URL)
    assert (item["category"], item["categories"]) == ("Nông nghiệp", ["Kinh tế", "Nông nghiệp"])


TOOLBAR = (
    "<div class='top-links'><a href='/'>Trang chủ</a> | <a href='/gioi-thieu'>Giới thiệu</a> | "
    "<a href='/lien-he'>Liên hệ</a> | <a href='/quang-cao'>Quảng cáo</a></div>"
)


@pytest.mark.parametrize(
    ("toolbar", "url", "path"),
    [
        (TOOLBAR, URL, ["Kinh tế", "Nông nghiệp"]),  # the menu by the URL's path
        (TOOLBAR, NO_SECTION_URL, []),
        # no page of the paper named, but no link to a section the URL lies in
        (
            TOOLBAR.replace("Giới thiệu", "Video").replace("Liên hệ", "Ảnh").replace("Quảng cáo", "Podcast"),
            URL,
            ["Kinh tế", "Nông nghiệp"],
        ),
    ],
)
def test_a_tool_bar_after_a_home_link_is_no_trail(toolbar: str, url: str, path: list[str]):
    html = page().replace("<div class='logo'>", toolbar + "<div class='logo'>")
    assert _item(html, url)["categories"] == path


def test_a_flat_trail_of_sections_the_url_lies_in_stays_a_trail():
    trail = "<div class='x'><a href='/'>Trang chủ</a> | <a href='/kinh-te'>Kinh tế</a> | <a href='/nong-nghiep'>Nông nghiệp</a></div>"
    assert _item(page(trail=trail))["categories"] == ["Kinh tế", "Nông nghiệp"]


@pytest.mark.parametrize(
    "switch",
    [
        "<ul class='lang'><li class='active'><a href='/vi'>Tiếng Việt</a></li><li><a href='/en'>English</a></li></ul>",
        "<ul class='links'><li class='active'><a href='/gioi-thieu'>Giới thiệu</a></li></ul>",
    ],
)
def test_a_marked_language_or_page_of_the_paper_in_the_header_is_no_section(switch: str):
    html = page().replace("<div class='logo'>", switch + "<div class='logo'>")
    assert _item(html, NO_SECTION_URL)["categories"] == []


def test_a_long_section_name_the_headline_opens_with_stays_the_category():
    """The section "Bảo vệ nền tảng tư tưởng của Đảng" is one whose stories' headlines repeat its words:
    a crumb linked to a section page is the section, however much of the headline it holds."""
    section = "Bảo vệ nền tảng tư tưởng của Đảng"
    headline = f"{section}: nhiệm vụ thường xuyên của cấp ủy cơ sở"
    last = f"<li><a href='/bao-ve-nen-tang'>{section}</a></li>"
    html = page(page_title=headline, heading=headline, trail=TRAIL_TO.format(last))
    assert _item(html, NO_SECTION_URL)["category"] == section


@pytest.mark.parametrize(
    "sapo",
    [
        "Theo dõi sát diễn biến mưa lũ, Ủy ban nhân dân tỉnh yêu cầu các địa phương chủ động sơ tán người dân"
        " khỏi vùng nguy hiểm.",
        "Nghe bài hát về quê hương, nhiều người con xa xứ không cầm được nước mắt khi nhớ về những ngày thơ ấu"
        " bên dòng sông.",
    ],
)
def test_a_sapo_opening_with_follow_or_listen_words_is_still_the_sapo(sapo: str):
    assert _item(page(sapo=f"<div class='mo-ta'>{sapo}</div>"))["lead"] == sapo


def test_a_sapo_telling_the_date_and_hour_of_the_event_is_still_the_sapo():
    sapo = (
        "Vào lúc 14:30 ngày 05/12/2026, tại xã Phước Lộc đã xảy ra vụ cháy làm hư hỏng nhiều tài sản"
        " của người dân."
    )
    assert _item(page(sapo=f"<div class='mo-ta'>{sapo}</div>"))["lead"] == sapo


def test_a_menu_with_separators_in_a_nav_element_is_no_trail():
    nav = (
        "<nav><a href='/'>Trang chủ</a> | <a href='/thoi-su'>Thời sự</a> | <a href='/kinh-te'>Kinh tế</a> | "
        "<a href='/xa-hoi'>Xã hội</a> | <a href='/van-hoa'>Văn hóa</a></nav>"
    )
    assert _item(page(trail=nav))["categories"] == ["Kinh tế", "Nông nghiệp"]  # the menu by the URL
