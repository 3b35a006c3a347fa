"""No silent loss: whether a page is an error page, a login wall or a listing is decided from its
structure, never from one word of a real headline.

Golden pages (tests/refusal_pages.py) wrap our own Vietnamese text in each provincial CMS
family's markup and in an unknown site's plain markup, with the chrome every real page carries:
logo, menu, search box, sometimes a sign-in form in the header, "Tin mới"/"Đọc nhiều" sidebars of
headline links, a footer. Briefs whose headlines hold the words of error pages must be read as
articles; real error pages, soft 404s, login walls, listings, empty and binary payloads must be
refused with their code and a one-line reason. The error pages here are the sites' bare 404
templates (header and notice); the same templates inside the full chrome are refused as
``no_body``/``listing``/``login_wall`` today and are kept out of this file until that is fixed.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import NotAnArticle, extract_article
from crawler.extract.article import extract
from crawler.extract.errors import REFUSAL_CODES
from crawler.textnorm import clean_text
from tests.refusal_pages import (
    CANTHO,
    DAKLAK,
    LAMDONG,
    LAOCAI,
    LAYOUTS,
    QUANGNINH,
    SHOWN_DATE,
    SIDE_NEWS,
    TINNHANH,
    XOMNHO,
    Site,
    Story,
    document,
    error_page,
    esc,
    footer,
    header,
    listing,
    paragraphs,
    slug,
    teaser,
)

# -- helpers ----------------------------------------------------------------------------------------


def assert_article(page: str | bytes, url: str, story: Story) -> dict:
    record = extract(page, url)
    assert record.refusal is None, f"refused as {record.refusal}: {record.reason}"
    item = record.item
    assert item is not None
    assert item["title"] == clean_text(story.title)
    text = f"{item['lead'] or ''} {item['body']}"
    assert story.paras[0][:40] in text
    assert story.paras[-1][:40] in item["body"]
    assert extract_article(page, url)["body"] == item["body"]
    return item


def assert_refused(page: str | bytes, url: str, code: str) -> None:
    assert code in REFUSAL_CODES
    record = extract(page, url)
    assert record.item is None
    assert record.refusal == code, f"{record.refusal}: {record.reason}"
    assert record.reason and "\n" not in record.reason and record.reason == record.reason.strip()
    with pytest.raises(NotAnArticle) as info:
        extract_article(page, url)
    assert info.value.code == code
    assert str(info.value) == record.reason


def url_for(site: Site, title: str, kind: str) -> str:
    """An article URL of the site: with the headline's slug, id-only, or a query id."""
    if kind == "slug":
        return f"https://{site.domain}/{slug(title)}-a451230.html"
    if kind == "id":
        return f"https://{site.domain}/a451230.html"
    return f"https://{site.domain}/tin-tuc/chi-tiet?id=5"


# -- briefs whose headlines hold error-page words ------------------------------------------------

# (headline, paragraphs): 200-700 characters, two to four sentences, error words repeated.
BRIEFS: dict[str, tuple[str, tuple[str, ...]]] = {
    "thi-the": (
        "Phát hiện thi thể không tìm thấy giấy tờ tùy thân",
        (
            "Sáng 13-5, người dân thôn Đạ Nghịt, xã Lát phát hiện thi thể một người đàn ông mắc vào bụi cây "
            "ven suối Đạ Sar. Nạn nhân khoảng 45 tuổi, mặc áo khoác màu xám, trên người không tìm thấy giấy tờ "
            "tùy thân.",
            "Công an xã đã phong tỏa hiện trường, phối hợp cơ quan chuyên môn khám nghiệm tử thi và đang xác minh "
            "danh tính nạn nhân.",
        ),
    ),
    "so-do": (
        "Thu hồi 404 sổ đỏ cấp sai quy định",
        (
            "UBND huyện Bảo Lâm vừa ban hành quyết định thu hồi 404 giấy chứng nhận quyền sử dụng đất cấp sai "
            "đối tượng trong giai đoạn 2015-2020. Qua thanh tra, đoàn kiểm tra phát hiện nhiều thửa đất nằm "
            "trong quy hoạch rừng phòng hộ nhưng vẫn được cấp sổ.",
            "Huyện yêu cầu các hộ dân nộp lại bản gốc trước ngày 30-6 để làm thủ tục điều chỉnh, đồng thời kiểm "
            "điểm trách nhiệm cán bộ có liên quan.",
        ),
    ),
    "clip": (
        "Hàng loạt clip xuyên tạc đã bị gỡ",
        (
            "Sau khi Sở Văn hóa và Thể thao có văn bản đề nghị, hơn 30 clip xuyên tạc về lễ hội truyền thống "
            "của đồng bào Khmer đã bị gỡ khỏi các nền tảng mạng xã hội. Các tài khoản đăng tải bị xác định "
            "cắt ghép hình ảnh, thêm lời bình sai sự thật.",
            "Cơ quan chức năng đang tiếp tục xác minh chủ tài khoản để xử lý theo quy định của pháp luật.",
        ),
    ),
    "trang-trai": (
        "Trang trại không tồn tại trên bản đồ quy hoạch",
        (
            "Một trang trại nuôi heo quy mô hai nghìn con tại xã Phước Vĩnh được cấp phép xây dựng dù vị trí "
            "này không tồn tại trên bản đồ quy hoạch chăn nuôi của tỉnh. Người dân xung quanh nhiều lần phản "
            "ánh mùi hôi và nước thải chảy ra kênh nội đồng.",
            "Sở Nông nghiệp và Môi trường cho biết sẽ lập đoàn kiểm tra toàn bộ hồ sơ cấp phép trong tháng này.",
        ),
    ),
    "loi-404": (
        "Lỗi 404 khiến cổng dịch vụ công tê liệt",
        (
            "Từ 7 giờ đến gần 11 giờ sáng 13-5, người dân truy cập cổng dịch vụ công của tỉnh đều nhận thông báo "
            "lỗi 404, không thể nộp hồ sơ trực tuyến. Trung tâm Chuyển đổi số cho biết sự cố phát sinh khi nâng "
            "cấp máy chủ và đã được khắc phục.",
            "Các hồ sơ bị trễ hạn do sự cố sẽ được gia hạn xử lý thêm hai ngày làm việc.",
        ),
    ),
    "da-bi-xoa": (
        "Hơn 200 tài khoản lừa đảo bán vé máy bay đã bị xóa",
        (
            "Công an tỉnh phối hợp với các nền tảng mạng xã hội xác minh và đề nghị khóa hơn 200 tài khoản giả "
            "danh đại lý bán vé máy bay giá rẻ. Đến nay, toàn bộ các trang này đã bị xóa.",
            "Thời gian qua, nhiều người dân chuyển khoản đặt vé dịp hè nhưng sau đó bị chặn liên lạc, thiệt hại "
            "từ vài triệu đến hàng chục triệu đồng.",
        ),
    ),
}

# The families' layouts, each paired with a brief; every brief is read in every layout below too.
BRIEF_CASES = [
    pytest.param(layout, brief, kind, dated, id=f"{layout}-{brief}-{kind}-{'dated' if dated else 'undated'}")
    for layout in LAYOUTS
    for brief in BRIEFS
    for kind, dated in (("slug", True), ("id", True), ("slug", False), ("query", False))
]


@pytest.mark.parametrize(("layout", "brief", "kind", "dated"), BRIEF_CASES)
def test_a_brief_whose_headline_holds_error_words_is_an_article(
    layout: str, brief: str, kind: str, dated: bool
):
    build, site = LAYOUTS[layout]
    title, paras = BRIEFS[brief]
    url = url_for(site, title, kind)
    # onecms pages always carry a sapo in the header (the block after the header is the lead)
    sapo = "Tin vắn trong ngày từ phóng viên thường trú tại địa phương." if layout == "onecms" else None
    story = Story(title, paras, url, meta_date=dated, shown_date=dated, sapo=sapo)
    item = assert_article(build(story, site), url, story)
    assert 200 <= len(" ".join(paras)) <= 700
    assert "Tin mới" not in item["body"] and "Đọc nhiều" not in item["body"]


@pytest.mark.parametrize(("kind", "dated"), [("slug", False), ("id", True)])
@pytest.mark.parametrize("brief", ["thi-the", "so-do", "da-bi-xoa"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_one_paragraph_brief_with_the_marks_of_an_article_is_an_article(
    layout: str, brief: str, kind: str, dated: bool
):
    """A brief of one paragraph (150-300 characters) is an article when the page is the one its
    URL names: a headline that is the slug of the article URL, or a date in the metadata."""
    build, site = LAYOUTS[layout]
    title, paras = BRIEFS[brief]
    url = url_for(site, title, kind)
    story = Story(title, paras[:1], url, meta_date=dated, shown_date=True, sapo=_sapo(layout))
    assert 150 <= len(paras[0]) < 300
    assert_article(build(story, site), url, story)


REMOVED_PARAGRAPH = (
    "Nội dung bài viết này đã bị gỡ bỏ theo yêu cầu của tòa soạn. Mời bạn đọc quay lại trang chủ để xem "
    "các tin bài khác. Xin cảm ơn quý độc giả đã quan tâm theo dõi."
)


@pytest.mark.parametrize(
    ("paragraph", "kind", "dated"),
    [
        # no mark of the article (an id URL, no metadata date): a teaser or a caption, maybe
        (BRIEFS["thi-the"][1][0], "id", False),
        # the article template kept its headline and date, but the text is a notice: no real sentence
        (REMOVED_PARAGRAPH, "slug", True),
    ],
    ids=["unmarked-brief", "removed-story-notice"],
)
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_one_paragraph_that_is_not_a_brief_is_refused(layout: str, paragraph: str, kind: str, dated: bool):
    build, site = LAYOUTS[layout]
    title, _ = BRIEFS["thi-the"]
    url = url_for(site, title, kind)
    story = Story(title, (paragraph,), url, meta_date=dated, shown_date=True, sapo=_sapo(layout))
    assert extract(build(story, site), url).refusal in ("short_body", "no_body", "error_page")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_brief_with_only_a_visible_date_and_an_id_url_is_an_article(layout: str):
    build, site = LAYOUTS[layout]
    title, paras = BRIEFS["loi-404"]
    url = url_for(site, title, "id")
    sapo = (
        "Sự cố kỹ thuật làm gián đoạn việc nộp hồ sơ trực tuyến trong buổi sáng."
        if layout == "onecms"
        else None
    )
    story = Story(title, paras, url, meta_date=False, shown_date=True, sapo=sapo)
    assert_article(build(story, site), url, story)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_short_brief_next_to_a_sidebar_of_headlines_is_not_a_listing(layout: str):
    build, site = LAYOUTS[layout]
    title, paras = BRIEFS["clip"]
    url = url_for(site, title, "slug")
    sapo = (
        "Nhiều video cắt ghép về lễ hội truyền thống bị phát hiện trên mạng xã hội."
        if layout == "onecms"
        else None
    )
    story = Story(title, paras, url, sidebar_n=12, sapo=sapo)
    assert_article(build(story, site), url, story)


def _brief_beside_teasers(story: Story, site: Site) -> str:
    """An unknown theme: ``main`` holds the story's ``article`` and an ``aside`` of story cards,
    each a headline and a teaser, so the whole-page score rises to ``main`` itself."""
    cards = "".join(
        f'<div class="item"><h3><a href="https://{site.domain}/tin-{i}-{5000 + i}.html">{esc(h)}</a></h3>'
        f'<p class="sapo">{esc(teaser(h))}</p></div>'
        for i, h in enumerate(SIDE_NEWS[:8])
    )
    main = (
        f'<main class="container"><div class="main-col"><article><h1>{esc(story.title)}</h1>'
        f'<div class="date">Thứ Năm, {SHOWN_DATE}</div><div class="content">{paragraphs(story.paras)}</div>'
        f'</article></div><aside class="col-right"><h2>Tin mới</h2>{cards}</aside></main>'
    )
    return document(site, story.title, "", header(site) + main + footer(site))


@pytest.mark.parametrize("brief", ["so-do", "thi-the", "clip"])
def test_a_brief_beside_a_column_of_teasers_is_an_article(brief: str):
    """The page's best-scored block is then the column of story cards (a listing); the headline's
    own box still holds the brief, and it is read from there: an article is never refused for
    what its sidebar looks like."""
    title, paras = BRIEFS[brief]
    url = url_for(XOMNHO, title, "slug")
    story = Story(title, paras, url, meta_date=False)
    assert_article(_brief_beside_teasers(story, XOMNHO), url, story)


# -- error pages and soft 404s ---------------------------------------------------------------------

NOT_FOUND = (
    '<h1 class="title-404">Không tìm thấy trang</h1>'
    "<p>Xin lỗi, trang bạn yêu cầu không tồn tại hoặc đã được chuyển sang địa chỉ khác.</p>"
    '<p><a class="btn-home" href="/">Quay lại trang chủ</a></p>'
)
NOT_EXIST_WITH_SEARCH = (
    '<div class="error-code">404</div><h1>404 - Trang không tồn tại</h1>'
    "<p>Đường dẫn bạn truy cập không đúng hoặc nội dung đã bị xóa.</p>"
    '<p>Bạn có thể tìm bài viết khác:</p><form class="search-404" action="/tim-kiem">'
    '<input type="text" name="q" placeholder="Nhập từ khóa"><button type="submit">Tìm</button></form>'
)
REMOVED = (
    "<h1>Bài viết đã bị gỡ hoặc không tồn tại</h1>"
    "<p>Rất tiếc, liên kết bạn nhấn vào đã hết hạn hoặc bài viết đã được gỡ bỏ.</p>"
    '<p>Mời bạn <a href="/">quay lại trang chủ</a> để đọc những tin mới nhất.</p>'
)
ENGLISH = (
    "<h1>Page not found</h1><p>Sorry, the page you are looking for does not exist.</p>"
    '<p><a href="/">Go back to the homepage</a></p>'
)
DIV_ONLY = (
    '<div class="notfound"><img src="/assets/404.png" alt="">'
    '<div class="msg">Rất tiếc, nội dung bạn tìm không tồn tại.</div>'
    '<div class="back"><a href="/">Về trang chủ</a></div></div>'
)

# (site, notice, <title>, URL): the site's 404 template, served at a missing URL (often a
# real-looking article slug: a soft 404 with status 200).
ERROR_TEMPLATES = [
    pytest.param(
        LAMDONG,
        NOT_FOUND,
        "Không tìm thấy trang - Báo Lâm Đồng",
        "https://baolamdong.vn/khong-ton-tai-999999.html",
        id="onecms-site-not-found",
    ),
    pytest.param(
        LAOCAI,
        NOT_EXIST_WITH_SEARCH,
        "404 - Trang không tồn tại | Báo Lào Cai điện tử",
        "https://baolaocai.vn/404.html",
        id="zce-404-with-search-box",
    ),
    pytest.param(
        CANTHO,
        REMOVED,
        "Báo Cần Thơ Online",
        "https://baocantho.com.vn/khanh-thanh-cau-treo-noi-hai-ap-vung-sau-a197999.html",
        id="fck-soft404-at-article-slug",
    ),
    pytest.param(
        XOMNHO,
        ENGLISH,
        "Page not found - Tin Tức Xóm Nhỏ",
        "https://tintuc-xomnho.net/tin-tuc/chi-tiet?id=5",
        id="unknown-english-page-not-found",
    ),
    pytest.param(
        # the <title> is just the site name and the notice only a <div>
        QUANGNINH,
        DIV_ONLY,
        "Báo Quảng Ninh",
        "https://baoquangninh.vn/ngu-dan-vuon-khoi-dau-nam-3391234.html",
        id="mediaupload-soft404-div-only",
    ),
    pytest.param(
        DAKLAK,
        NOT_FOUND,
        "Báo Đắk Lắk điện tử",
        "https://baodaklak.vn/xa-hoi/202605/nong-dan-thu-hoach-ca-phe-som-b41c7e2/",
        id="filehex-soft404-at-article-url",
    ),
    pytest.param(
        TINNHANH,
        NOT_EXIST_WITH_SEARCH,
        "Tin Nhanh Miền Trung",
        "https://tinnhanh-mientrung.vn/gia-rau-xanh-tang-manh-20260418064510123.htm",
        id="vccorp-soft404-with-search-box",
    ),
    pytest.param(
        XOMNHO,
        NOT_FOUND,
        "Tin Tức Xóm Nhỏ",
        "https://tintuc-xomnho.net/a123.html",
        id="unknown-soft404-id-only-url",
    ),
]


@pytest.mark.parametrize(("site", "notice", "title_tag", "url"), ERROR_TEMPLATES)
def test_bare_error_pages_and_soft_404s_are_refused(site: Site, notice: str, title_tag: str, url: str):
    """The 404 template with the site's header (logo, menu, search box) and no sidebars."""
    assert_refused(error_page(site, notice, title_tag=title_tag, chrome=False), url, "error_page")


@pytest.mark.parametrize(
    "url",
    [
        "https://baolamdong.vn/da-lat-mo-rong-duong-hoa-binh-451001.html",
        "https://baolamdong.vn/nong-dan-duc-trong-trung-mua-dau-tay-451002.html",
        "https://baolamdong.vn/451003.html",
    ],
)
def test_the_same_bare_404_template_is_refused_at_every_missing_url(url: str):
    # the heading repeats across the site's missing pages; the URL names a story the page lacks
    page = error_page(LAMDONG, NOT_FOUND, title_tag="Báo Lâm Đồng", chrome=False)
    assert_refused(page, url, "error_page")


SOFT404_IN_ARTICLE_TEMPLATE = (
    "Xin lỗi, bài viết bạn tìm không tồn tại hoặc đã bị xóa.",
    "Vui lòng quay lại trang chủ hoặc dùng ô tìm kiếm.",
)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_bare_soft_404_in_the_article_template_is_refused(layout: str):
    """Some CMSs render a missing story in the article template: the notice as its heading and
    text, with no date."""
    build, site = LAYOUTS[layout]
    url = f"https://{site.domain}/nong-dan-thu-hoach-ca-phe-som-a451230.html"
    story = Story(
        "Không tìm thấy bài viết",
        SOFT404_IN_ARTICLE_TEMPLATE,
        url,
        meta_date=False,
        shown_date=False,
        chrome=False,
    )
    assert_refused(build(story, site), url, "error_page")


# -- login walls -----------------------------------------------------------------------------------

TEASER = (
    "Thị trường bất động sản nghỉ dưỡng ở Đà Lạt ghi nhận nhiều tín hiệu trái chiều trong quý II, khi "
    "lượng giao dịch căn hộ giảm nhưng đất nền ven đô lại tăng giá.",
    "Bài phân tích dưới đây tổng hợp số liệu từ các sàn giao dịch và ý kiến của giới đầu tư.",
)
WALL_FORM = (
    '<div class="paywall"><p class="paywall-title">Nội dung dành cho hội viên</p>'
    "<p>Đăng nhập để đọc tiếp toàn bộ bài viết.</p>"
    '<form action="/dang-nhap" method="post"><input type="email" name="email" placeholder="Email">'
    '<input type="password" name="password" placeholder="Mật khẩu"><button type="submit">Đăng nhập</button></form></div>'
)
WALL_BOX = (
    '<div class="locked-box"><p>Bạn đã đọc hết phần miễn phí. Đăng nhập để đọc tiếp bài viết này.</p>'
    '<p><a class="btn" href="/dang-nhap">Đăng nhập</a> <a class="btn" href="/dang-ky">Đăng ký tài khoản</a></p></div>'
)


# fck wraps its text twice (#newscontents > .content-fck) and a wall after the outer wrapper is
# not seen yet: that case is left out until it is.
@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name != "fck"])
@pytest.mark.parametrize("wall", [WALL_FORM, WALL_BOX], ids=["password-form", "prompt-box"])
def test_a_teaser_before_a_sign_in_prompt_is_a_login_wall(layout: str, wall: str):
    build, site = LAYOUTS[layout]
    title = "Bất động sản nghỉ dưỡng Đà Lạt quý II: tín hiệu trái chiều"
    url = url_for(site, title, "slug")
    story = Story(title, TEASER, url, after_body=wall)
    assert_refused(build(story, site), url, "login_wall")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_teaser_with_the_prompt_inside_the_text_is_a_login_wall(layout: str):
    build, site = LAYOUTS[layout]
    title = "Bất động sản nghỉ dưỡng Đà Lạt quý II: tín hiệu trái chiều"
    url = url_for(site, title, "slug")
    body_html = "".join(f"<p>{esc(t)}</p>" for t in TEASER) + WALL_FORM
    story = Story(title, TEASER, url, body_html=body_html)
    assert_refused(build(story, site), url, "login_wall")


LONG_ARTICLE = (
    "Sáng 14-5, UBND tỉnh tổ chức hội nghị đánh giá kết quả thực hiện chương trình xây dựng nông thôn mới "
    "giai đoạn 2021-2025, với sự tham gia của lãnh đạo các sở, ngành và các huyện, thành phố.",
    "Theo báo cáo, đến nay toàn tỉnh có 112 xã đạt chuẩn nông thôn mới, trong đó 38 xã đạt chuẩn nâng cao và "
    "11 xã đạt chuẩn kiểu mẫu. Thu nhập bình quân đầu người ở khu vực nông thôn tăng gần gấp đôi so với đầu kỳ.",
    "Tuy vậy, một số tiêu chí như môi trường, quy hoạch và tổ chức sản xuất vẫn chưa bền vững; nhiều công trình "
    "hạ tầng xuống cấp sau thời gian dài sử dụng nhưng chưa có kinh phí duy tu.",
    "Phát biểu chỉ đạo, Phó Chủ tịch UBND tỉnh đề nghị các địa phương rà soát lại từng tiêu chí, không chạy theo "
    "thành tích, tập trung nâng cao đời sống vật chất và tinh thần của người dân.",
    "Dịp này, UBND tỉnh tặng bằng khen cho 24 tập thể và 36 cá nhân có thành tích xuất sắc trong phong trào.",
)
COMMENT_BOX_FORM = (
    '<div class="box-comment"><h3>Bình luận</h3><p>Vui lòng đăng nhập để bình luận.</p>'
    '<form action="/dang-nhap" method="post"><input type="text" name="user"><input type="password" name="pass">'
    '<button type="submit">Đăng nhập</button></form><textarea name="comment"></textarea></div>'
)
COMMENT_PROMPT = (
    '<div class="box-comment"><h3>Ý kiến bạn đọc</h3>'
    '<p><a href="/dang-nhap">Đăng nhập để bình luận</a> hoặc <a href="/dang-ky">đăng ký</a> tài khoản mới.</p></div>'
)


NOT_A_WALL = [
    # (text, URL kind, what surrounds it): a login form in the site's header, or a sign-in form or
    # prompt for the comments under the text, is no wall in front of it
    pytest.param("long", "slug", {"header_login": True}, id="article-under-header-login"),
    pytest.param("so-do", "id", {"header_login": True}, id="brief-under-header-login"),
    pytest.param("long", "slug", {"after_body": COMMENT_BOX_FORM}, id="article-above-comment-form"),
    pytest.param("trang-trai", "slug", {"after_body": COMMENT_BOX_FORM}, id="brief-above-comment-form"),
    pytest.param("trang-trai", "slug", {"after_body": COMMENT_PROMPT}, id="brief-above-comment-prompt"),
]


@pytest.mark.parametrize(("text", "kind", "around"), NOT_A_WALL)
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_sign_in_form_that_guards_no_text_leaves_an_article(
    layout: str, text: str, kind: str, around: dict
):
    build, site = LAYOUTS[layout]
    if text == "long":
        title, paras = "Toàn tỉnh có 112 xã đạt chuẩn nông thôn mới", LONG_ARTICLE
    else:
        title, paras = BRIEFS[text]
    url = url_for(site, title, kind)
    story = Story(title, paras, url, sapo=_sapo(layout), **around)
    assert_article(build(story, site), url, story)


def _sapo(layout: str) -> str | None:
    """onecms pages carry a sapo in the header (else the first paragraph is taken as the lead)."""
    return (
        "Toàn tỉnh hoàn thành sớm nhiều chỉ tiêu của chương trình nông thôn mới."
        if layout == "onecms"
        else None
    )


# -- listings, empty and binary payloads -------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "url"),
    [
        (LAMDONG, "https://baolamdong.vn/xa-hoi"),
        (LAOCAI, "https://baolaocai.vn/thoi-su/"),
        (CANTHO, "https://baocantho.com.vn/xa-hoi/?p=2"),
        (XOMNHO, "https://tintuc-xomnho.net/chuyen-muc/doi-song"),
    ],
    ids=["onecms-site", "zce-site", "fck-site", "unknown-site"],
)
def test_a_section_page_is_a_listing(site: Site, url: str):
    assert_refused(listing(site, "Xã hội"), url, "listing")


@pytest.mark.parametrize(
    "raw", [b"", "", b"   \n\t  ", "\n\n"], ids=["bytes", "str", "blank-bytes", "blank-str"]
)
def test_an_empty_page_is_refused(raw: str | bytes):
    assert_refused(raw, "https://baolamdong.vn/da-lat-mo-rong-duong-451001.html", "empty")


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00"
        + bytes(200),
        b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(200),
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04" + bytes(50),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
    ],
    ids=["png", "jpeg", "gif", "pdf"],
)
def test_an_image_or_pdf_is_binary(raw: bytes):
    assert_refused(raw, "https://baocantho.com.vn/image/news/2026/20260514/anh-a197345.html", "binary")


# -- captions inside paragraphs ------------------------------------------------------------------------

CAPTION = "Người dân đi trên cây cầu mới trong ngày khánh thành."
CAPTIONED_PARAS = (
    "Sau bốn tháng thi công, cây cầu dài 86 mét bắc qua suối Đạ Sar đã chính thức đưa vào sử dụng, giúp hơn "
    "200 hộ đồng bào Cơ Ho đi lại an toàn trong mùa mưa.",
    "Trước đây, mỗi khi nước suối dâng cao, học sinh hai bản phải nghỉ học nhiều ngày liền, còn bà con không thể "
    "mang nông sản ra chợ.",
    "Công trình do các nhà hảo tâm và chính quyền địa phương cùng đóng góp kinh phí xây dựng.",
)


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize(
    "picture",
    [
        '<p><img src="https://{d}/images/2026/05/cau-treo.jpg" alt=""><br><em>{c}</em></p>',
        '<p style="text-align:center"><img src="https://{d}/images/2026/05/cau-treo.jpg" alt=""><i>{c}</i></p>',
    ],
    ids=["img-br-em", "img-i"],
)
def test_a_caption_inside_a_paragraph_is_not_body_text(layout: str, picture: str):
    build, site = LAYOUTS[layout]
    title = "Khánh thành cầu treo nối hai bản vùng sâu"
    url = url_for(site, title, "slug")
    p = [f"<p>{esc(t)}</p>" for t in CAPTIONED_PARAS]
    body_html = p[0] + picture.format(d=site.domain, c=esc(CAPTION)) + p[1] + p[2]
    sapo = "Cây cầu mới giúp hơn 200 hộ dân đi lại an toàn trong mùa mưa." if layout == "onecms" else None
    story = Story(title, CAPTIONED_PARAS, url, body_html=body_html, sapo=sapo)
    item = assert_article(build(story, site), url, story)
    assert "khánh thành" not in item["body"]
    assert CAPTION not in item["body"]


# -- properties: the headline alone never flips the decision ------------------------------------------

ERROR_WORDS = ("404", "không tìm thấy", "đã bị gỡ", "không tồn tại", "Lỗi", "not found", "đã bị xóa")
ORDINARY = (
    "Thu hồi",
    "sổ đỏ",
    "nông dân",
    "cà phê",
    "xã biên giới",
    "trường học",
    "mùa mưa",
    "Công an",
    "tài khoản",
    "cầu treo",
    "giá lúa",
    "hồ sơ",
    "clip",
    "người dân",
    "thôn",
    "trang trại",
    "bản đồ",
)
HEADLINES = (
    st.lists(st.sampled_from(ERROR_WORDS + ORDINARY), min_size=3, max_size=9)
    .filter(lambda ws: any(w in ERROR_WORDS for w in ws))
    .map(lambda ws: " ".join(ws).capitalize())
)

# A fixed body of real sentences (with an error word of its own), and a fixed not-found notice.
BRIEF_BODY = BRIEFS["thi-the"][1]
NOTICE_BODY = (
    "Xin lỗi, trang bạn yêu cầu không tồn tại hoặc đã bị xóa.",
    "Vui lòng quay lại trang chủ.",
)
# URLs whose slug names another story (or no story at all): never the random headline's.
OTHER_URL = {
    "zce": "https://baolaocai.vn/ba-xa-vung-cao-khanh-thanh-nha-van-hoa-post405999.html",
    "plain": "https://tintuc-xomnho.net/tin-tuc/chi-tiet?id=5",
    "fck": "https://baocantho.com.vn/a197999.html",
}
_FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _page(layout: str, headline: str, paras: tuple[str, ...]) -> tuple[str, str]:
    build: Callable[..., str]
    build, site = LAYOUTS[layout]
    url = OTHER_URL[layout]
    return build(Story(headline, paras, url, meta_date=False, shown_date=False), site), url


@_FAST
@given(headline=HEADLINES, layout=st.sampled_from(sorted(OTHER_URL)))
def test_property_a_brief_is_never_refused_whatever_its_headline(headline: str, layout: str):
    page, url = _page(layout, headline, BRIEF_BODY)
    record = extract(page, url)
    assert record.refusal is None, f"{headline!r} on {layout}: {record.refusal} ({record.reason})"
    assert record.item is not None and record.item["body"].startswith(BRIEF_BODY[0][:40])


NOTICE_HEADLINES = HEADLINES | st.sampled_from(ORDINARY).map(lambda w: f"{w} hôm nay")


@_FAST
@given(headline=NOTICE_HEADLINES, layout=st.sampled_from(sorted(OTHER_URL)))
def test_property_a_bare_notice_is_always_refused_whatever_its_headline(headline: str, layout: str):
    build, site = LAYOUTS[layout]
    url = OTHER_URL[layout]
    page = build(Story(headline, NOTICE_BODY, url, meta_date=False, shown_date=False, chrome=False), site)
    record = extract(page, url)
    assert record.refusal == "error_page", f"{headline!r} on {layout}: {record.refusal} ({record.reason})"


@_FAST
@given(headline=NOTICE_HEADLINES, layout=st.sampled_from(sorted(OTHER_URL)))
def test_property_the_headline_never_flips_the_decision_on_a_notice(headline: str, layout: str):
    """On the full page (sidebars, footer) the decision is the one made for the site's own 404
    heading: the headline does not change it, whatever words it holds."""
    page, url = _page(layout, headline, NOTICE_BODY)
    reference, _ = _page(layout, "Không tìm thấy trang", NOTICE_BODY)
    assert extract(page, url).refusal == extract(reference, url).refusal


# -- refusals of pages with the full site chrome, login forms and everyday notice words ----------


@pytest.mark.parametrize(("site", "notice", "title_tag", "url"), ERROR_TEMPLATES)
def test_error_pages_and_soft_404s_with_the_site_chrome_are_refused(
    site: Site, notice: str, title_tag: str, url: str
):
    """The same 404 templates with the sidebars ("Tin mới", "Đọc nhiều") and the footer every
    page of the site carries."""
    assert_refused(error_page(site, notice, title_tag=title_tag), url, "error_page")


@pytest.mark.parametrize("chrome", [False, True], ids=["bare", "chrome"])
def test_a_soft_404_under_a_header_login_form_is_an_error_page(chrome: bool):
    page = error_page(LAOCAI, NOT_FOUND, title_tag="Báo Lào Cai điện tử", header_login=True, chrome=chrome)
    assert_refused(
        page, "https://baolaocai.vn/le-hoi-xuong-dong-cua-nguoi-giay-post404990.html", "error_page"
    )


@pytest.mark.parametrize(
    "url",
    [
        "https://baolamdong.vn/da-lat-mo-rong-duong-hoa-binh-451001.html",
        "https://baolamdong.vn/nong-dan-duc-trong-trung-mua-dau-tay-451002.html",
        "https://baolamdong.vn/451003.html",
    ],
)
def test_the_same_404_template_with_the_site_chrome_is_refused_at_every_missing_url(url: str):
    assert_refused(error_page(LAMDONG, NOT_FOUND, title_tag="Báo Lâm Đồng"), url, "error_page")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_soft_404_in_the_article_template_with_the_site_chrome_is_refused(layout: str):
    build, site = LAYOUTS[layout]
    url = f"https://{site.domain}/nong-dan-thu-hoach-ca-phe-som-a451230.html"
    story = Story(
        "Không tìm thấy bài viết", SOFT404_IN_ARTICLE_TEMPLATE, url, meta_date=False, shown_date=False
    )
    assert_refused(build(story, site), url, "error_page")


@pytest.mark.parametrize("wall", [WALL_FORM, WALL_BOX], ids=["password-form", "prompt-box"])
def test_a_fck_teaser_before_a_sign_in_prompt_is_a_login_wall(wall: str):
    # the wall follows #newscontents, the wrapper of .content-fck
    build, site = LAYOUTS["fck"]
    title = "Bất động sản nghỉ dưỡng Đà Lạt quý II: tín hiệu trái chiều"
    url = url_for(site, title, "slug")
    assert_refused(build(Story(title, TEASER, url, after_body=wall), site), url, "login_wall")


# Briefs whose other sentences hold everyday words that error notices also use ("tìm kiếm" of a
# search and rescue, "liên hệ" of a police appeal).
NAV_WORD_BRIEFS = {
    "police-appeal": (
        "Phát hiện thi thể không tìm thấy giấy tờ tùy thân",
        (
            "Sáng 13-5, người dân thôn Đạ Nghịt, xã Lát phát hiện thi thể một người đàn ông mắc vào bụi cây "
            "ven suối Đạ Sar. Nạn nhân khoảng 45 tuổi, mặc áo khoác màu xám, trên người không tìm thấy giấy tờ "
            "tùy thân.",
            "Ai biết thông tin về nạn nhân xin liên hệ Công an xã Lát qua số điện thoại 0263 3500 113.",
        ),
    ),
    "search-and-rescue": (
        "Tìm kiếm xuyên đêm vẫn không tìm thấy hai ngư dân mất tích",
        (
            "Đến chiều 13-5, các lực lượng tìm kiếm cứu nạn vẫn chưa tìm thấy hai ngư dân bị sóng đánh rơi xuống "
            "biển khi tàu cá đang hành nghề cách bờ khoảng 20 hải lý.",
            "Bộ đội Biên phòng tỉnh đã điều thêm một tàu và huy động tàu cá của ngư dân trong khu vực mở rộng phạm "
            "vi tìm kiếm.",
            "Gia đình các nạn nhân đang rất lo lắng, chính quyền xã đã đến thăm hỏi, động viên.",
        ),
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("brief", list(NAV_WORD_BRIEFS))
@pytest.mark.parametrize("shown_date", [True, False], ids=["visible-date", "no-date"])
def test_an_undated_brief_at_an_id_url_with_everyday_notice_words_is_an_article(
    layout: str, brief: str, shown_date: bool
):
    build, site = LAYOUTS[layout]
    title, paras = NAV_WORD_BRIEFS[brief]
    url = url_for(site, title, "id")
    sapo = "Tin vắn trong ngày từ phóng viên thường trú tại địa phương." if layout == "onecms" else None
    story = Story(title, paras, url, meta_date=False, shown_date=shown_date, sapo=sapo)
    assert_article(build(story, site), url, story)


@_FAST
@given(headline=NOTICE_HEADLINES, layout=st.sampled_from(sorted(OTHER_URL)))
def test_property_a_notice_with_the_site_chrome_is_always_refused_whatever_its_headline(
    headline: str, layout: str
):
    page, url = _page(layout, headline, NOTICE_BODY)
    record = extract(page, url)
    assert record.refusal == "error_page", f"{headline!r} on {layout}: {record.refusal} ({record.reason})"


# -- a two-paragraph brief in markup no finder knows, and a soft 404 beside story summaries --------

_LATEST = "".join(
    f'<div class="item"><h3><a href="/tin-{i}-12345{i}.html">Tiêu đề tin số {i} về tình hình địa phương</a></h3>'
    f"<p>Sáng nay, UBND tỉnh tổ chức hội nghị đánh giá kết quả thực hiện nhiệm vụ, với nhiều sở ngành số {i}.</p>"
    "</div>"
    for i in range(8)
)


@pytest.mark.parametrize("date", ['<div class="date">06/12/2026 09:15</div>', ""], ids=["dated", "undated"])
@pytest.mark.parametrize("header_login", [False, True], ids=["plain", "header-login"])
def test_a_two_paragraph_brief_in_an_unknown_layout_is_an_article(date: str, header_login: bool):
    login = (
        '<form class="login"><input name="u"><input type="password" name="p"></form>' if header_login else ""
    )
    page = (
        "<html><head><title>Lỗi 404 khiến cổng dịch vụ công tê liệt | Báo Tỉnh Mẫu</title></head><body>"
        f'<header class="top">{login}<a href="/">Báo Tỉnh Mẫu</a></header><div class="main"><article>'
        f"<h1>Lỗi 404 khiến cổng dịch vụ công tê liệt</h1>{date}<div class='content'>"
        "<p>Sáng 6-12, nhiều người dân phản ánh không truy cập được cổng dịch vụ công của tỉnh do lỗi 404 kéo"
        " dài gần ba giờ.</p><p>Sở Khoa học và Công nghệ cho biết sự cố do nâng cấp máy chủ và đã được khắc"
        " phục trước 11 giờ cùng ngày.</p></div></article></div></body></html>"
    )
    record = extract(page, "https://baotinhmau.vn/a123.html")
    assert record.refusal is None, record.reason
    assert record.item["body"].startswith("Sáng 6-12, nhiều người dân")
    assert record.item["body"].endswith("trước 11 giờ cùng ngày.")
    assert record.sources["body"].source == "generic"


def test_a_soft_404_beside_a_list_of_story_summaries_is_refused():
    page = (
        "<html><head><title>Báo Tỉnh Mẫu</title></head><body><header class='header'><a href='/'>Báo Tỉnh Mẫu</a>"
        "</header><div class='main'><div class='notfound'><p>Rất tiếc, nội dung bạn tìm không tồn tại hoặc đã bị"
        f" gỡ bỏ.</p><a href='/'>Về trang chủ</a></div><div class='latest'><h2>Tin mới nhất</h2>{_LATEST}</div>"
        "</div><footer class='footer'>Giấy phép số 12/GP-BTTTT cấp ngày 1/1/2020. Tổng biên tập: Nguyễn Văn A."
        "</footer></body></html>"
    )
    assert extract(page, "https://baotinhmau.vn/bai-viet-cu-da-xoa-998877.html").refusal == "error_page"


def test_a_soft_404_whose_template_shows_a_clock_and_a_date_line_is_refused():
    """A date line with a time is no mark of an article: a template's clock shows one too."""
    side = "".join(
        f'<li><a href="/tin-{i}-5555{i}.html">Tin mới số {i} về hoạt động của tỉnh</a></li>'
        for i in range(10)
    )
    page = (
        "<html><head><title>Không tìm thấy trang - Báo Tỉnh Mẫu</title></head><body>"
        '<div class="topbar"><span class="clock">Thứ Hai, 07/12/2026 14:30</span></div>'
        '<header class="site-header"><a href="/">Báo Tỉnh Mẫu</a></header><div class="container">'
        '<div class="main-col"><h1 class="title">Không tìm thấy trang</h1><div class="date">07/12/2026 14:30</div>'
        '<div class="content"><p>Xin lỗi quý độc giả, trang bạn yêu cầu không tồn tại, đã bị xóa hoặc đường dẫn đã'
        " thay đổi trong quá trình nâng cấp hệ thống.</p><p>Vui lòng quay lại trang chủ hoặc sử dụng chức năng tìm"
        " kiếm để tìm những bài viết mà quý độc giả quan tâm.</p></div></div>"
        f'<div class="sidebar"><h3>Tin mới</h3><ul>{side}</ul></div></div>'
        '<footer class="footer">Giấy phép số 45/GP-BTTTT. Tổng biên tập: Trần Văn B.</footer></body></html>'
    )
    for url in ("https://baotinhmau.vn/bai-cu-da-xoa-123456.html", "https://baotinhmau.vn/a123456.html"):
        assert extract(page, url).refusal == "error_page", url


def test_a_brief_whose_every_sentence_says_something_is_gone_is_news_not_a_notice():
    """Things other than a page are removed, deleted, not found: only a missing page is a notice."""
    page = (
        "<html><head><title>Hàng loạt clip xuyên tạc đã bị gỡ</title></head><body><div class='main'><article>"
        "<h1>Hàng loạt clip xuyên tạc đã bị gỡ</h1><div class='content'><p>Hàng loạt clip xuyên tạc về lãnh đạo"
        " tỉnh đã bị gỡ khỏi các nền tảng mạng xã hội trong tuần qua.</p><p>Cơ quan chức năng cho biết các tài"
        " khoản đăng tải những clip này cũng đã bị xóa theo quy định.</p></div></article></div></body></html>"
    )
    record = extract(page, "https://baotinhmau.vn/a765432.html")
    assert record.refusal is None, record.reason
    assert record.item["body"].startswith("Hàng loạt clip xuyên tạc về lãnh đạo")


@pytest.mark.parametrize(
    ("sentence", "notice"),
    [
        ("Tỉnh đẩy mạnh liên kết sản xuất lúa gạo với các doanh nghiệp trong vùng.", False),
        ("Công an khuyến cáo người dân không bấm vào đường dẫn lạ gửi qua tin nhắn.", False),
        ("Đường dẫn bạn truy cập không tồn tại hoặc đã bị xóa.", True),
        ("Liên kết đã hết hạn, vui lòng thử lại sau.", True),
        ("Mời bạn quay lại trang chủ để đọc các tin khác.", True),
        ("Xin lỗi, bài viết bạn tìm không còn tồn tại.", True),
    ],
)
def test_a_notice_sentence_says_a_page_is_gone_not_only_that_there_is_a_link(sentence: str, notice: bool):
    """'liên kết' and 'đường dẫn' are everyday news words (regional links, scam links): alone
    they make no notice; a broken link's notice says that it is broken or gone."""
    from crawler.extract.refusal import is_notice_sentence, real_sentences

    assert is_notice_sentence(sentence) is notice
    assert real_sentences([sentence]) == (0 if notice else 1)
