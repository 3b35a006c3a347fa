"""Category path and tags (``taxonomy.find_categories`` / ``find_tags``) on small written pages:
each source of evidence alone, their order, and the look-alikes that must not be taken (a sidebar
list of sections, a site-wide tag cloud, meta keywords, a share button, a tag link in a sentence).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from crawler.extract import taxonomy
from crawler.extract.body import scope_of
from crawler.extract.dom import HtmlElement
from crawler.extract.families import GENERIC, Family, fck, filehex, mediaupload, onecms, vccorp, zce
from crawler.extract.meta import PageMeta, read_meta
from crawler.extract.parse import parse_html, strip_noise
from crawler.extract.record import FieldSource
from crawler.extract.regions import Regions

URL = "https://baomau.vn/kinh-te/nong-nghiep/gia-lua-tang-manh-123456.html"
TITLE = "Giá lúa tăng mạnh sau đợt mưa trái mùa"
TEXT = "".join(
    f"<p>Đoạn {i}: nông dân ở xã Tân Phú cho biết thương lái đến tận ruộng hỏi mua lúa, "
    f"giá cao hơn vụ trước khoảng năm trăm đồng mỗi ký.</p>"
    for i in range(1, 5)
)


def page(head: str = "", nav: str = "", above: str = "", after: str = "", side: str = "") -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{TITLE}</title>{head}</head><body>"
        f"<header class='site-header'>{nav}</header>"
        f"<div class='container'><div class='main-col'><div class='chi-tiet'>{above}<h1>{TITLE}</h1>"
        f"<div class='noi-dung'>{TEXT}</div>{after}</div></div>"
        f"<div class='cot-phai'>{side}</div></div>"
        f"<footer class='site-footer'><p>Báo Mẫu điện tử</p></footer></body></html>"
    )


@dataclass
class Parsed:
    root: HtmlElement
    meta: PageMeta
    title_el: HtmlElement
    body: HtmlElement
    scope: HtmlElement
    regions: Regions


def parse(html: str) -> Parsed:
    root = parse_html(html)
    meta = read_meta(root)
    strip_noise(root)
    title_el = root.find(".//h1")
    body = root.find(".//div[@class='noi-dung']")
    regions = Regions()
    regions.protect(title_el)
    regions.protect(body)
    return Parsed(root, meta, title_el, body, scope_of(title_el, body, root), regions)


def categories(html: str, family: Family = GENERIC, url: str = URL) -> tuple[list[str], FieldSource | None]:
    p = parse(html)
    selectors = tuple(dict.fromkeys((*family.breadcrumb, *GENERIC.breadcrumb)))
    return taxonomy.find_categories(
        p.root, selectors, p.meta, url, TITLE, p.title_el, p.regions, ("Báo Mẫu", "baomau.vn"), p.body
    )


def tags(html: str, family: Family = GENERIC, url: str = URL) -> tuple[list[str], FieldSource | None]:
    p = parse(html)
    family_tags = family.tags if family is not GENERIC else ()
    return taxonomy.find_tags(
        p.root, family_tags, GENERIC.tags, p.scope, p.title_el, p.body, p.regions, p.meta, url
    )


def ld(obj: str) -> str:
    return f"<script type='application/ld+json'>{obj}</script>"


CRUMBS_LD = ld(
    '{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":['
    '{"@type":"ListItem","position":1,"name":"Trang chủ","item":"https://baomau.vn/"},'
    '{"@type":"ListItem","position":2,"name":"Xã hội","item":"https://baomau.vn/xa-hoi"},'
    '{"@type":"ListItem","position":3,"name":"Giáo dục","item":"https://baomau.vn/xa-hoi/giao-duc"}]}'
)
MENU = (
    "<nav class='main-nav'><ul>"
    "<li><a href='/'>Trang chủ</a></li>"
    "<li><a href='/thoi-su'>Thời sự</a></li>"
    "<li><a href='/kinh-te'>Kinh tế</a><ul>"
    "<li><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a></li>"
    "<li><a href='/kinh-te/nong-nghiep-xanh'>Nông nghiệp xanh</a></li>"
    "<li><a href='/kinh-te/doanh-nghiep'>Doanh nghiệp</a></li></ul></li>"
    "<li><a href='/van-hoa'>Văn hóa</a></li></ul></nav>"
)


# -- categories: visible breadcrumbs of the provincial CMS families -------------------------------


@pytest.mark.parametrize(
    ("family", "crumb", "path", "css"),
    [
        (
            fck.FAMILY,
            "<div class='titlecate'><h1><a href='/thoi-su'>THỜI SỰ</a> &gt; <a href='/thoi-su/tinh-nha'>"
            "Tỉnh nhà</a></h1></div>",
            ["Thời sự", "Tỉnh nhà"],
            "div.titlecate h1 a",
        ),
        (
            mediaupload.FAMILY,
            "<div class='breadcrumbs'><ol class='breadcrumb'><li><a href='/'>Trang chủ</a></li>"
            "<li><a href='/kinh-te'>Kinh tế</a></li><li><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a>"
            "</li></ol></div>",
            ["Kinh tế", "Nông nghiệp"],
            ".breadcrumbs ol.breadcrumb li a",
        ),
        (
            onecms.FAMILY,
            "<div class='c-breadcrumbs'><a href='/'>Trang chủ</a><a href='/xa-hoi'>Xã hội</a></div>",
            ["Xã hội"],
            ".c-breadcrumbs a",
        ),
        (
            filehex.FAMILY,
            "<div class='cate_title_1'><a href='/van-hoa'>Văn hóa - Văn nghệ</a></div>",
            ["Văn hóa - Văn nghệ"],
            ".cate_title_1 a",
        ),
        (
            zce.FAMILY,
            "<div class='breadcrumbs'><a href='/'>Báo Mẫu</a><a href='/du-lich'>Du lịch</a></div>",
            ["Du lịch"],
            "div.breadcrumbs a",
        ),
    ],
)
def test_family_breadcrumb(family: Family, crumb: str, path: list[str], css: str):
    assert categories(page(CRUMBS_LD, MENU, above=crumb), family) == (path, FieldSource("selector", css))


def test_a_longer_trail_that_begins_with_the_first_crumb_wins():
    # vccorp's [data-role=cate-name] names the first crumb only; the trail box has both
    crumb = (
        "<div class='detail-breadcrumb'><ul><li><a data-role='cate-name' href='/chinh-sach'>Chính sách"
        "</a></li><li><a href='/chinh-sach/van-ban-moi'>Văn bản mới</a></li></ul></div>"
    )
    assert categories(page(above=crumb), vccorp.FAMILY) == (
        ["Chính sách", "Văn bản mới"],
        FieldSource("selector", ".detail-breadcrumb a"),
    )


def test_a_drop_down_of_every_section_inside_the_crumb_is_not_the_trail():
    crumb = (
        "<div class='bread-crumb-detail'><ul><li><a href='/'><img src='/home.svg' alt=''></a></li>"
        "<li><a href='/kinh-te'>Kinh tế</a><div class='menu__drop'><ul>"
        + "".join(f"<li><a href='/muc-{i}'>Chuyên mục {i}</a></li>" for i in range(12))
        + "</ul></div></li><li><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a></li></ul></div>"
    )
    path, source = categories(page(above=crumb))
    assert path == ["Kinh tế", "Nông nghiệp"]
    assert source is not None and source.source == "selector"


def test_microdata_breadcrumb_without_a_breadcrumb_class():
    crumb = (
        "<ol class='duong-dan' itemscope itemtype='https://schema.org/BreadcrumbList'>"
        "<li itemprop='itemListElement' itemscope itemtype='https://schema.org/ListItem'>"
        "<a itemprop='item' href='/'><span itemprop='name'>Trang chủ</span></a></li>"
        "<li itemprop='itemListElement' itemscope itemtype='https://schema.org/ListItem'>"
        "<a itemprop='item' href='/phap-luat'><span itemprop='name'>Pháp luật</span></a></li>"
        "<li itemprop='itemListElement' itemscope itemtype='https://schema.org/ListItem'>"
        "<a itemprop='item' href='/phap-luat/an-ninh'><span itemprop='name'>An ninh trật tự</span></a>"
        "</li></ol>"
    )
    assert categories(page(CRUMBS_LD, MENU, above=crumb)) == (
        ["Pháp luật", "An ninh trật tự"],
        FieldSource("generic", "microdata BreadcrumbList"),
    )


def test_breadcrumb_class_in_any_letter_case():
    crumb = "<div class='breadCrumb'><div class='link1'><a href='/doi-song/tam-su'>Tâm sự</a></div></div>"
    assert categories(page(above=crumb)) == (["Tâm sự"], FieldSource("generic", "breadcrumb markup"))


@pytest.mark.parametrize("glue", [" » ", " / ", " > ", " | ", " › "])
def test_a_trail_no_markup_names_is_read_by_its_shape(glue: str):
    """A trail in a box named neither breadcrumb nor anything else ("path", "duong-dan"): the
    home link first, short links, nothing but separators between them. It beats JSON-LD's."""
    crumb = glue.join(
        [
            "<a href='/'>Trang chủ</a>",
            "<a href='/phap-luat'>Pháp luật</a>",
            "<a href='/phap-luat/an-ninh'>An ninh</a>",
        ]
    )
    assert categories(page(CRUMBS_LD, above=f"<div class='path'>{crumb}</div>")) == (
        ["Pháp luật", "An ninh"],
        FieldSource("generic", "trail by its shape"),
    )


def test_a_menu_that_starts_with_the_home_link_is_no_trail():
    """A menu's entries stand apart, with no separators written between them."""
    menu = "".join(f"<li><a href='/{s}'>{t}</a></li>" for s, t in (("", "Trang chủ"), ("xa-hoi", "Xã hội")))
    above = f"<ul class='links'>{menu}</ul>"
    assert categories(page(CRUMBS_LD, above=above)) == (
        ["Xã hội", "Giáo dục"],
        FieldSource("jsonld", "BreadcrumbList"),
    )


# -- categories: metadata ------------------------------------------------------------------------


def test_json_ld_breadcrumb_only():
    assert categories(page(CRUMBS_LD)) == (["Xã hội", "Giáo dục"], FieldSource("jsonld", "BreadcrumbList"))


def test_json_ld_breadcrumb_with_each_item_wrapped_in_a_list():
    head = ld(
        '{"@type":"BreadcrumbList","itemListElement":[[{"@type":"ListItem","position":1,'
        '"name":"Trang chủ"}],[{"@type":"ListItem","position":2,"name":"Thể thao"}]]}'
    )
    assert categories(page(head)) == (["Thể thao"], FieldSource("jsonld", "BreadcrumbList"))


def test_json_ld_article_section_only():
    head = ld(f'{{"@type":"NewsArticle","headline":"{TITLE}","articleSection":"Môi trường"}}')
    assert categories(page(head)) == (["Môi trường"], FieldSource("jsonld", "articleSection"))


def test_article_section_meta_only():
    head = "<meta property='article:section' content='Giáo dục'>"
    assert categories(page(head)) == (["Giáo dục"], FieldSource("meta", "article:section"))


def test_a_placeholder_section_is_no_category():
    head = "<meta property='article:section' content='News'>"
    assert categories(page(head), url="https://baomau.vn/gia-lua-123456.html") == ([], None)


def test_visible_breadcrumb_beats_json_ld_and_the_menu():
    crumb = "<ul class='breadcrumb'><li><a href='/kinh-te/thi-truong'>Thị trường</a></li></ul>"
    assert categories(page(CRUMBS_LD, MENU, above=crumb))[0] == ["Thị trường"]


def test_json_ld_section_beats_the_menu():
    head = ld(f'{{"@type":"NewsArticle","headline":"{TITLE}","articleSection":"Tam nông"}}')
    assert categories(page(head, MENU))[0] == ["Tam nông"]


# -- categories: the site's menu and the article's URL path ---------------------------------------


def test_menu_entry_with_the_longest_prefix_of_the_url_path():
    # "/kinh-te/nong-nghiep-xanh" shares letters, not a path segment, with the article's path
    assert categories(page(nav=MENU)) == (
        ["Kinh tế", "Nông nghiệp"],
        FieldSource("generic", "menu /kinh-te/nong-nghiep"),
    )


def test_menu_entry_of_the_first_level_only():
    url = "https://baomau.vn/kinh-te/gia-lua-tang-manh-123456.html"
    assert categories(page(nav=MENU), url=url) == (["Kinh tế"], FieldSource("generic", "menu /kinh-te"))


def test_menu_links_with_a_page_extension_and_absolute_urls():
    nav = (
        "<div id='menu'><ul><li><a href='https://www.baomau.vn/trang-chu.html'>Trang chủ</a></li>"
        "<li><a href='https://www.baomau.vn/kinh-te.html'>KINH TẾ</a></li></ul></div>"
    )
    url = "https://www.baomau.vn/kinh-te/gia-lua-tang-manh-123456.html"
    assert categories(page(nav=nav), url=url)[0] == ["Kinh tế"]


def test_the_home_link_never_counts():
    nav = "<nav><a href='/'>Trang chủ</a><a href='/index.html'>Báo Mẫu</a><a href='/the-thao'>Thể thao</a></nav>"
    assert categories(page(nav=nav), url="https://baomau.vn/gia-lua-tang-manh-123456.html") == ([], None)


def test_menu_links_to_another_host_are_ignored():
    nav = (
        "<nav class='menu'><a href='https://kinhte.baokhac.vn/kinh-te'>Kinh tế</a>"
        "<a href='https://tv.baomau.vn/kinh-te/nong-nghiep'>Truyền hình</a></nav>"
    )
    assert categories(page(nav=nav)) == ([], None)


def test_a_sidebar_list_of_sections_is_not_the_menu():
    side = (
        "<div class='sidebar'><div class='menu-chuyen-muc'><h3>Chuyên mục</h3><ul>"
        "<li><a href='/kinh-te'>Kinh tế</a></li><li><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a></li>"
        "</ul></div></div>"
    )
    plain = "<ul><li><a href='/kinh-te'>Kinh tế</a></li></ul>"  # a list under the text, no menu
    assert categories(page(side=side, after=plain)) == ([], None)


def test_section_link_beside_the_title_when_the_url_has_no_section():
    above = "<div class='fs16'><a href='/dau-tu-tai-chinh-d6/'>Đầu tư tài chính</a></div>"
    nav = "<nav><a href='/'>Trang chủ</a><a href='/dau-tu-tai-chinh-d6/'>Đầu tư tài chính</a></nav>"
    url = "https://baomau.vn/xu-phat-nha-dau-tu-d538952.html"
    assert categories(page(nav=nav, above=above), url=url) == (
        ["Đầu tư tài chính"],
        FieldSource("generic", "section link by the title"),
    )


def test_a_link_beside_the_title_that_is_no_section_is_not_a_category():
    above = "<div class='fs16'><a href='/bai-khac-123.html'>Bài liên quan</a></div>"
    assert categories(page(nav=MENU, above=above), url="https://baomau.vn/gia-lua-1.html") == ([], None)


def test_a_section_label_without_a_link_in_a_category_box():
    above = "<div class='categories1'><span title='Chính trị'>Chính trị - Xã hội</span></div>"
    assert categories(page(above=above), url="https://baomau.vn/pages/20121219/bai.aspx")[0] == [
        "Chính trị - Xã hội"
    ]


# -- tags ----------------------------------------------------------------------------------------


def _box(label: str, links: str = "") -> str:
    links = links or (
        "<a href='/tim-kiem?q=lua-gao'>lúa gạo</a><a href='/tim-kiem?q=xuat-khau'>xuất khẩu</a>"
    )
    return f"<div class='khung-cuoi'><span>{label}</span>{links}</div>"


@pytest.mark.parametrize(
    "label", ["Từ khóa:", "Từ khoá", "TỪ KHÓA:", "Tags:", "Tag", "Chủ đề:", "Keywords", "Xem thêm chủ đề:"]
)
def test_tag_block_by_its_label(label: str):
    got, source = tags(page(after=_box(label)))
    assert got == ["lúa gạo", "xuất khẩu"]
    assert source == FieldSource("generic", f"tag block {label.rstrip(' :')!r}")


def test_tag_block_whose_label_is_the_box_own_text():
    after = "<p class='cuoi'>Tags: <a href='/t/lua'>lúa</a>, <a href='/t/mua'>mưa trái mùa</a></p>"
    assert tags(page(after=after)) == (["lúa", "mưa trái mùa"], FieldSource("generic", "tag block 'Tags'"))


def test_tag_block_of_plain_text_split_at_commas():
    after = "<div class='cuoi'><b>Từ khóa:</b> lúa gạo, thương lái; Tân Phú</div>"
    assert tags(page(after=after))[0] == ["lúa gạo", "thương lái", "Tân Phú"]


def test_family_tag_selector():
    after = (
        "<div class='block_tag'><div class='txt_tag'>Từ khóa</div><a class='tag_item' href='/tag/a'>"
        "#Lúa gạo</a><a class='tag_item' href='/tag/b'>Thời tiết</a></div>"
    )
    assert tags(page(after=after), fck.FAMILY) == (
        ["Lúa gạo", "Thời tiết"],
        FieldSource("selector", "div.block_tag a.tag_item"),
    )


def test_tag_box_by_class_name():
    after = "<div class='tag-noidung'><ul><li><a href='/lua-gao-tag123.html'>lúa gạo</a></li></ul></div>"
    assert tags(page(after=after))[0] == ["lúa gạo"]


def test_a_site_wide_tag_cloud_is_not_the_article_tags():
    cloud = "".join(f"<a href='/tag/chu-de-{i}'>Chủ đề nóng {i}</a>" for i in range(8))
    side = f"<div class='box-tags'><h3>Tags</h3>{cloud}</div>"  # in the right-hand column
    after = f"<div class='tag-cloud'>{cloud}</div>"  # under the article, but the site's cloud
    trending = f"<div class='tags-hot'>{cloud}</div>"  # a trending bar above the title
    assert tags(page(above=trending, after=after, side=f"<div class='sidebar'>{side}</div>")) == ([], None)


def test_meta_keywords_are_not_tags():
    head = "<meta name='keywords' content='giá lúa, lúa gạo, tin tức, báo mẫu, tin nhanh'>"
    assert tags(page(head)) == ([], None)


def test_metadata_is_not_tags_when_the_page_shows_no_tag_block():
    head = (
        "<meta name='keywords' content='seo, tin nhanh'>"
        "<meta property='article:tag' content='lúa gạo,thương lái,Tin tuc'>"
    )
    assert tags(page(head)) == ([], None)


def test_a_visible_block_beats_article_tag_metas():
    head = "<meta property='article:tag' content='khác'>"
    assert tags(page(head, after=_box("Từ khóa:")))[0] == ["lúa gạo", "xuất khẩu"]


def test_share_buttons_in_a_tag_box_are_not_tags():
    after = (
        "<div class='tag-bar'><a href='https://www.facebook.com/sharer.php?u=x'>Facebook</a>"
        "<a href='https://baomau.vn/tag/lua-gao'>lúa gạo</a></div>"
    )
    assert tags(page(after=after))[0] == ["lúa gạo"]


def test_a_tag_link_inside_a_sentence_is_not_a_tag_block():
    html = page().replace("<p>Đoạn 2:", "<p>Theo <a href='/tag/thuong-lai' rel='tag'>thương lái</a>, Đoạn 2:")
    assert tags(html) == ([], None)


def test_a_tag_box_closing_the_article_text_container():
    html = page().replace(
        "giá cao hơn vụ trước khoảng năm trăm đồng mỗi ký.</p></div>",
        "giá cao hơn vụ trước khoảng năm trăm đồng mỗi ký.</p>"
        "<div class='tags'><p>Xem thêm: <a href='/giang-sinh/tag28312.html'>Giáng sinh</a></p></div></div>",
    )
    assert tags(html)[0] == ["Giáng sinh"]


def test_a_tag_box_in_the_right_hand_column_without_a_sidebar_class():
    cloud = "".join(f"<a href='/tag/chu-de-{i}'>Chủ đề {i}</a>" for i in range(3))
    assert tags(page(side=f"<div class='box-tags'><h3>Tags</h3>{cloud}</div>")) == ([], None)


def test_a_section_list_in_the_right_hand_column_is_not_the_menu():
    side = (
        "<div class='menu-chuyen-muc'><ul><li><a href='/kinh-te'>Kinh tế</a></li>"
        "<li><a href='/kinh-te/nong-nghiep'>Nông nghiệp</a></li></ul></div>"
    )
    assert categories(page(side=side)) == ([], None)
