"""Full pages for the refusal tests: site chrome (logo, menu, search box, optional header login
form, "Tin mới"/"Đọc nhiều" sidebars, footer) around an article, a notice or a listing, in the
markup of each provincial CMS family and of an unknown site.

Every text here is written for the tests; the markup follows the families' selectors
(crawler/extract/families/*.py) and the layouts of the golden fixtures.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from crawler.textnorm import fold


@dataclass(frozen=True)
class Site:
    domain: str
    name: str


LAMDONG = Site("baolamdong.vn", "Báo Lâm Đồng")  # onecms
LAOCAI = Site("baolaocai.vn", "Báo Lào Cai điện tử")  # zce
CANTHO = Site("baocantho.com.vn", "Báo Cần Thơ Online")  # fck
QUANGNINH = Site("baoquangninh.vn", "Báo Quảng Ninh")  # mediaupload
DAKLAK = Site("baodaklak.vn", "Báo Đắk Lắk điện tử")  # filehex
TINNHANH = Site("tinnhanh-mientrung.vn", "Tin Nhanh Miền Trung")  # vccorp markup, not in the registry
XOMNHO = Site("tintuc-xomnho.net", "Tin Tức Xóm Nhỏ")  # plain markup, not in the registry

MENU = ("Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Văn hóa", "Thể thao", "Pháp luật", "Du lịch")

# Headlines of other stories for the sidebars (our own text).
SIDE_NEWS = (
    "Nông dân Đơn Dương trúng mùa cà chua bi",
    "Khởi công tuyến đường liên xã dài 12 km",
    "Trường vùng cao đón học sinh trở lại sau lũ",
    "Hội chợ nông sản cuối tuần thu hút đông khách",
    "Bệnh viện tỉnh ra mắt phòng khám ngoài giờ",
    "Xã biên giới hoàn thành xây nhà cho hộ nghèo",
    "Mùa hoa cà phê trắng rẫy trên cao nguyên",
    "Tỉnh đoàn phát động chiến dịch mùa hè xanh",
    "Giá sầu riêng đầu vụ giảm nhẹ tại vườn",
    "Đội tuyển bóng chuyền nữ giành vé vào bán kết",
)
SIDE_READ = (
    "Công an huyện triệt phá đường dây đánh bạc qua mạng",
    "Thêm 300 hộ dân được cấp nước sạch sinh hoạt",
    "Ngư dân trúng đậm cá cơm ngày đầu tháng",
    "Sạt lở bờ sông uy hiếp hàng chục căn nhà",
    "Lễ hội đua ghe ngo thu hút hàng nghìn người xem",
    "Doanh nghiệp địa phương xuất khẩu lô chanh dây đầu tiên",
    "Hơn 1.000 thí sinh dự kỳ thi tuyển sinh lớp 10",
    "Khánh thành nhà văn hóa cộng đồng thôn Tân Lập",
    "Ra mắt hợp tác xã nuôi ong lấy mật",
)


def slug(text: str) -> str:
    """The URL slug a CMS makes of a headline: folded, words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def paragraphs(texts: tuple[str, ...] | list[str]) -> str:
    return "\n".join(f"<p>{esc(t)}</p>" for t in texts)


# -- chrome --------------------------------------------------------------------------------------

LOGIN_FORM = (
    '<form class="header-login" action="/dang-nhap" method="post">'
    '<input type="text" name="username" placeholder="Tên đăng nhập">'
    '<input type="password" name="password" placeholder="Mật khẩu">'
    '<button type="submit">Đăng nhập</button> <a href="/dang-ky">Đăng ký</a></form>'
)


def header(site: Site, *, login: bool = False) -> str:
    menu = "".join(f'<li><a href="https://{site.domain}/{slug(m)}/">{m}</a></li>' for m in MENU)
    return (
        f'<header class="site-header"><div class="topbar"><span class="today">Thứ Năm, 14/05/2026</span>'
        f"{LOGIN_FORM if login else ''}</div>"
        f'<a class="logo" href="https://{site.domain}/"><img src="https://{site.domain}/assets/logo.png" '
        f'alt="{esc(site.name)}"></a>'
        f'<nav class="main-menu"><ul><li><a href="https://{site.domain}/">Trang chủ</a></li>{menu}</ul></nav>'
        f'<form class="search-box" action="https://{site.domain}/tim-kiem" method="get">'
        '<input type="text" name="q" placeholder="Nhập từ khóa..."><button type="submit">Tìm kiếm</button>'
        "</form></header>"
    )


def teaser(headline: str) -> str:
    """A story card's teaser: a sentence with commas, as long as a short brief's paragraph."""
    return (
        f"Theo ghi nhận của phóng viên, sự việc “{headline.lower()}” thu hút sự quan tâm của nhiều "
        "người dân, chính quyền địa phương đã có hướng dẫn cụ thể, đồng thời cử cán bộ theo dõi sát."
    )


def sidebar(site: Site, n: int = 10, *, headings: bool = True) -> str:
    """A "Tin mới" box of ``n`` headline links (h3 > a, as most CMSs do) and a "Đọc nhiều" list."""
    news = (SIDE_NEWS * 2)[:n]
    if headings:
        items = "".join(
            f'<div class="story"><h3 class="story__heading"><a href="https://{site.domain}/{slug(h)}-{3900 + i}.html">'
            f'{esc(h)}</a></h3><span class="time">13/05/2026 {8 + i % 10:02d}:15</span></div>'
            for i, h in enumerate(news)
        )
    else:
        items = "".join(
            f'<li><a href="https://{site.domain}/{slug(h)}-{3900 + i}.html">{esc(h)}</a></li>'
            for i, h in enumerate(news)
        )
        items = f"<ul>{items}</ul>"
    read = "".join(
        f'<li><a href="https://{site.domain}/{slug(h)}-{3800 + i}.html">{esc(h)}</a></li>'
        for i, h in enumerate(SIDE_READ)
    )
    return (
        f'<aside class="sidebar"><section class="box box-latest"><h2 class="box-title">Tin mới</h2>{items}</section>'
        f'<section class="box box-mostread"><h2 class="box-title">Đọc nhiều</h2><ol>{read}</ol></section></aside>'
    )


def footer(site: Site) -> str:
    return (
        f'<footer class="site-footer"><p>© 2026 {esc(site.name)}. Giấy phép hoạt động báo điện tử số 58/GP-BTTTT.</p>'
        "<p>Tổng biên tập: Nguyễn Văn Bình. Địa chỉ: 12 Trần Phú, phường 1. Điện thoại: 0263 3822 111.</p>"
        f'<p><a href="https://{site.domain}/lien-he">Liên hệ</a> | <a href="https://{site.domain}/quang-cao">Quảng cáo</a></p>'
        "</footer>"
    )


def document(site: Site, title_tag: str, head_extra: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title_tag)}</title>\n"
        f'<meta property="og:site_name" content="{esc(site.name)}">\n{head_extra}\n</head>\n'
        f"<body>\n{body}\n</body>\n</html>\n"
    )


# -- articles -------------------------------------------------------------------------------------

META_DATE = "2026-05-14T08:30:00+07:00"
SHOWN_DATE = "14/05/2026 08:30"


@dataclass(frozen=True)
class Story:
    """What an article page shows: headline, paragraphs and what marks it as an article."""

    title: str
    paras: tuple[str, ...]
    url: str
    meta_date: bool = True  # article:published_time in the head
    shown_date: bool = True  # the date line under the headline
    header_login: bool = False  # a sign-in form with a password field in the site header
    after_body: str = ""  # HTML right after the text (a comment box, a login prompt)
    body_html: str | None = None  # the text's markup, when not plain paragraphs
    sidebar_n: int = 10
    sapo: str | None = None  # the lead in the family's sapo element
    chrome: bool = True  # the sidebars and the footer (the header is always there)


def _head(story: Story, site: Site) -> str:
    parts = [
        f'<meta property="og:title" content="{esc(story.title)}">',
        '<meta property="og:type" content="article">',
        f'<meta name="description" content="{esc((story.sapo or story.paras[0])[:150])}">',
    ]
    if story.meta_date:
        parts.append(f'<meta property="article:published_time" content="{META_DATE}">')
    return "\n".join(parts)


def _text(story: Story) -> str:
    return story.body_html if story.body_html is not None else paragraphs(story.paras)


def _side(story: Story, site: Site, *, headings: bool = True) -> str:
    return sidebar(site, story.sidebar_n, headings=headings) if story.chrome else ""


def _sapo(story: Story, tag: str, attrs: str) -> str:
    return f"<{tag} {attrs}>{esc(story.sapo)}</{tag}>" if story.sapo else ""


def onecms(story: Story, site: Site = LAMDONG) -> str:
    date = (
        f'<span class="sc-longform-header-date block-sc-publish-time">{SHOWN_DATE}</span>'
        if story.shown_date
        else ""
    )
    sapo = _sapo(story, "p", 'class="sc-longform-header-sapo block-sc-sapo"')
    main = (
        '<div class="c-news-detail"><div class="b-maincontent">'
        f'<ul class="c-breadcrumbs"><li><a href="https://{site.domain}/">Trang chủ</a></li>'
        f'<li><a href="https://{site.domain}/xa-hoi">Xã hội</a></li></ul>'
        '<div class="entry"><div class="sc-longform-header"><div class="sc-longform-header-text">'
        f'<h1 class="sc-longform-header-title block-sc-title">{esc(story.title)}</h1>'
        f'<div class="sc-longform-header-meta"><span class="sc-longform-header-author block-sc-author">Minh Anh</span>'
        f"{date}</div>{sapo}</div></div>"
        f"{_text(story)}</div>{story.after_body}</div>"
        f"{_side(story, site, headings=False)}</div>"
    )
    body = header(site, login=story.header_login) + main + (footer(site) if story.chrome else "")
    return document(site, f"{story.title} - {site.name}", _head(story, site), body)


def zce(story: Story, site: Site = LAOCAI) -> str:
    date = (
        f'<div class="article__meta"><time class="time" datetime="{META_DATE}">{SHOWN_DATE}</time></div>'
        if story.shown_date
        else '<div class="article__meta"></div>'
    )
    sapo = _sapo(story, "div", 'class="article__sapo cms-desc"')
    main = (
        '<div class="site-body"><div class="container detail"><div class="col"><div class="main-col content-col">'
        f'<div class="article"><h1 class="article__title cms-title">{esc(story.title)}</h1>{date}'
        f"{sapo}"
        f'<div class="article__body zce-content-body cms-body" itemprop="articleBody">{_text(story)}'
        '<div class="t1"><span class="t2">Thu Hà</span></div></div>'
        f"{story.after_body}</div></div>"
        f'<div class="sub-col sidebar-right">{_side(story, site)}</div></div></div></div>'
    )
    body = header(site, login=story.header_login) + main + (footer(site) if story.chrome else "")
    return document(site, f"{story.title} | {site.name}", _head(story, site), body)


def fck(story: Story, site: Site = CANTHO) -> str:
    date = f'<span class="pubdate">{SHOWN_DATE.replace(" ", " - ")}</span>' if story.shown_date else ""
    sapo = _sapo(story, "p", "")
    main = (
        '<div class="wappercontainer"><div class="container"><div class="row"><div id="content"><div id="colcate1">'
        f'<div class="titlecate"><h1><a href="https://{site.domain}/xa-hoi/">XÃ HỘI</a></h1></div>'
        f'<div class="sharemxh">{date}</div>'
        f'<h1 class="margintopbot10 fw700">{esc(story.title)}</h1>'
        f'<div id="newscontents"><div class="content-fck">{sapo}{_text(story)}</div></div>'
        f"{story.after_body}</div></div>"
        f'<div id="colcate2">{_side(story, site)}</div></div></div></div>'
    )
    head = _head(story, site) + f'\n<base href="https://{site.domain}/static/templates/version1/homepage/" />'
    body = header(site, login=story.header_login) + main + (footer(site) if story.chrome else "")
    return document(site, f"{story.title} - {site.name}", head, body)


def mediaupload(story: Story, site: Site = QUANGNINH) -> str:
    date = (
        f'<div class="info"><span class="date">Thứ Năm, {SHOWN_DATE.replace(" ", " - ")}</span></div>'
        if story.shown_date
        else ""
    )
    sapo = _sapo(story, "div", 'class="sapo"')
    main = (
        '<div class="main"><div class="content-article">'
        '<div class="breadcrumbs"><ol class="breadcrumb"><li><a href="/">Trang chủ</a></li>'
        '<li><a href="/xa-hoi/">Xã hội</a></li></ol></div>'
        f'<h1 class="name">{esc(story.title)}</h1>{date}'
        f"{sapo}"
        f'<div id="content-detail">{_text(story)}</div>{story.after_body}</div>'
        f"{_side(story, site)}</div>"
    )
    head = _head(story, site) + (
        '\n<meta property="og:image" content="https://media.baoquangninh.vn/upload/image/202605/medium/2391000_anh.jpg">'
    )
    body = header(site, login=story.header_login) + main + (footer(site) if story.chrome else "")
    return document(site, story.title, head, body)


def filehex(story: Story, site: Site = DAKLAK) -> str:
    date = (
        f'<div class="date">NGỌC LAN {SHOWN_DATE[-5:]}, {SHOWN_DATE[:10]}</div>' if story.shown_date else ""
    )
    sapo = _sapo(story, "div", 'class="desc"')
    main = (
        '<div class="container detail"><div class="cate_title_1"><h2>'
        f'<a href="https://{site.domain}/xa-hoi/">Xã hội</a></h2></div>'
        f'<div class="article_content"><h1 class="media-heading">{esc(story.title)}</h1>{date}'
        f"{sapo}"
        f'<div class="content" id="content">{_text(story)}</div>{story.after_body}</div>'
        f"{_side(story, site)}</div>"
    )
    head = _head(story, site) + (
        f'\n<meta property="og:image" content="https://{site.domain}/file/e7837c02845ffd04018473e6df282e92/052026/anh.jpg">'
    )
    body = header(site, login=story.header_login) + main + (footer(site) if story.chrome else "")
    return document(site, f"{story.title} - {site.name}", head, body)


def vccorp(story: Story, site: Site = TINNHANH) -> str:
    date = (
        f'<div class="detail-time"><div data-role="publishdate">{SHOWN_DATE} GMT+7</div></div>'
        if story.shown_date
        else ""
    )
    sapo = _sapo(story, "h2", 'class="detail-sapo" data-role="sapo"')
    main = (
        '<div class="detail-container">'
        '<div class="detail-cate"><a data-role="cate-name" href="/xa-hoi.htm">Xã hội</a></div>'
        f'<h1 class="detail-title" data-role="title">{esc(story.title)}</h1>{date}'
        f"{sapo}"
        f'<div class="detail-content afcbc-body" data-role="content">{_text(story)}</div>'
        f"{story.after_body}</div>{_side(story, site)}"
    )
    body = header(site, login=story.header_login) + main + (footer(site) if story.chrome else "")
    return document(site, f"{story.title} - {site.name}", _head(story, site), body)


def plain(story: Story, site: Site = XOMNHO) -> str:
    """An unknown site's own markup: no family class names."""
    date = f'<div class="ngay-dang">Đăng lúc {SHOWN_DATE}</div>' if story.shown_date else ""
    sapo = _sapo(story, "p", 'class="tom-tat"')
    main = (
        '<div id="wrapper"><div class="left-col">'
        f'<div class="tin-chi-tiet"><h1 class="tieu-de">{esc(story.title)}</h1>{date}'
        f"{sapo}"
        f'<div class="noi-dung">{_text(story)}</div>{story.after_body}</div></div>'
        f'<div class="right-col">{_side(story, site)}</div></div>'
    )
    body = header(site, login=story.header_login) + main + (footer(site) if story.chrome else "")
    return document(site, f"{story.title} - {site.name}", _head(story, site), body)


LAYOUTS = {
    "onecms": (onecms, LAMDONG),
    "zce": (zce, LAOCAI),
    "fck": (fck, CANTHO),
    "mediaupload": (mediaupload, QUANGNINH),
    "filehex": (filehex, DAKLAK),
    "vccorp": (vccorp, TINNHANH),
    "plain": (plain, XOMNHO),
}


# -- error pages: each site's 404 template inside its chrome ----------------------------------------


def error_page(
    site: Site,
    notice_html: str,
    *,
    title_tag: str | None = None,
    header_login: bool = False,
    sidebar_n: int = 10,
    main_class: str = "page-404",
    chrome: bool = True,
) -> str:
    """The site's 404 template: the notice in its own block, with the sidebars and the footer
    unless ``chrome`` is false (a bare template: header and notice only)."""
    side = sidebar(site, sidebar_n) if chrome else ""
    body = (
        header(site, login=header_login)
        + f'<div class="site-body"><div class="{main_class}">{notice_html}</div>{side}</div>'
        + (footer(site) if chrome else "")
    )
    return document(site, title_tag if title_tag is not None else site.name, "", body)


# -- listings ---------------------------------------------------------------------------------------


def listing(site: Site, section: str, n: int = 12) -> str:
    heads = (SIDE_NEWS + SIDE_READ)[:n]
    cards = "".join(
        f'<article class="story"><a class="thumb" href="https://{site.domain}/{slug(h)}-{4100 + i}.html">'
        f'<img src="https://{site.domain}/images/{4100 + i}.jpg" alt=""></a>'
        f'<h3 class="story__title"><a href="https://{site.domain}/{slug(h)}-{4100 + i}.html">{esc(h)}</a></h3>'
        f'<span class="time">1{i % 3}/05/2026 0{i % 9}:30</span>'
        f'<p class="sapo">Bản tin ngắn về {esc(h.lower())}, theo ghi nhận của phóng viên tại địa phương.</p></article>'
        for i, h in enumerate(heads)
    )
    body = (
        header(site)
        + f'<div class="site-body"><h1 class="cate-title">{esc(section)}</h1><div class="list-news">{cards}</div>'
        + '<div class="pagination"><a href="?page=2">2</a> <a href="?page=3">3</a> <a href="?page=2">Sau</a></div>'
        + f"{sidebar(site, 8, headings=False)}</div>"
        + footer(site)
    )
    return document(site, f"{section} - {site.name}", "", body)
