"""Pages nobody on the project wrote the extractor for: shapes found by probing, each a failure
once, kept here as compact pages with our own Vietnamese text.

Refusals: a brief whose last sentence asks readers to sign in again after maintenance is news, a
"dành cho hội viên" brief too, while a teaser closed by a members-only box with a subscribe link is
a wall; a 404 notice that quotes the missing address and says the link may have changed is an
error page, also when the page around it is full of headline links. Bylines: titles ("Bác sĩ
CKII", "Luật sư", "ThS."), a date glued to the byline, a team named after its desk, a writer and
an outlet after "Theo", a workplace after the name, Central Highlands names ("K'BRỬU").
"""

from __future__ import annotations

import pytest

from crawler.extract import extract_article
from crawler.extract.article import extract
from crawler.extract.people import parse_byline
from crawler.extract.refusal import is_notice_sentence, real_sentences
from tests.refusal_pages import (
    LAYOUTS,
    SIDE_NEWS,
    SIDE_READ,
    XOMNHO,
    Story,
    document,
    error_page,
    esc,
    footer,
    header,
    sidebar,
    slug,
)

# -- sign-in words in news, and a members-only wall ----------------------------------------------

PORTAL = (
    "Cổng dịch vụ công tạm dừng để nâng cấp máy chủ",
    (
        "Từ 18 giờ ngày 5/12, Cổng dịch vụ công của tỉnh tạm dừng hoạt động để nâng cấp hệ thống máy chủ và "
        "đường truyền dữ liệu.",
        "Trong thời gian này người dân chưa thể nộp hồ sơ trực tuyến, vui lòng đăng nhập lại sau 6 giờ sáng 6/12.",
    ),
)
MEMBERS = (
    "Hội Nông dân giảm giá phân bón cho hội viên",
    (
        "Từ nay đến hết tháng 12, Hội Nông dân tỉnh phối hợp với các đại lý vật tư giảm 10% giá phân bón hữu cơ "
        "cho nông dân vùng cao.",
        "Chương trình ưu đãi dành cho hội viên có thẻ, mỗi hộ được mua tối đa hai tấn trong một vụ.",
    ),
)


@pytest.mark.parametrize("brief", [PORTAL, MEMBERS], ids=["sign-in-again", "for-members"])
@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_brief_that_speaks_of_signing_in_is_an_article(layout: str, brief: tuple[str, tuple[str, ...]]):
    build, site = LAYOUTS[layout]
    title, paras = brief
    url = f"https://{site.domain}/{slug(title)}-a451230.html"
    # onecms reads the first paragraph as the lead when the header has no sapo: give it one
    sapo = "Người dân chú ý lịch tạm dừng và các ưu đãi trong tháng." if layout == "onecms" else None
    record = extract(build(Story(title, paras, url, meta_date=False, sapo=sapo), site), url)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"
    assert paras[-1][:40] in record.item["body"]


NOT_A_WALL = {
    "hidden-modal": '<div id="dang-nhap" style="display:none"><h3>Đăng nhập</h3><form><input name="u">'
    '<input type="password" name="p"><button>Đăng nhập</button></form></div>',
    "aria-hidden": '<div class="box-user" aria-hidden="true"><form action="/login"><input name="u">'
    '<input type="password" name="p"></form></div>',
    "dialog": '<dialog id="login"><form><input type="password" name="p"></form></dialog>',
    "vote": '<div class="vote"><p>Bạn cần đăng nhập để bình chọn.</p><a href="/dang-nhap">Đăng nhập</a></div>',
}
CLEANUP = (
    "Xã Lát ra quân dọn vệ sinh môi trường",
    (
        "Sáng 6/12, UBND xã Lát tổ chức ra quân dọn vệ sinh môi trường dọc tuyến đường liên thôn, thu hút hơn "
        "200 người dân tham gia.",
        "Dịp này, xã cũng phát động phong trào trồng hoa ven đường để xây dựng cảnh quan xanh, sạch, đẹp.",
    ),
)


@pytest.mark.parametrize("box", list(NOT_A_WALL.values()), ids=list(NOT_A_WALL))
@pytest.mark.parametrize("layout", ["zce", "plain", "vccorp", "mediaupload"])
def test_an_unseen_sign_in_form_or_a_prompt_to_vote_after_a_brief_is_no_wall(layout: str, box: str):
    build, site = LAYOUTS[layout]
    title, paras = CLEANUP
    url = f"https://{site.domain}/{slug(title)}-a451230.html"
    record = extract(build(Story(title, paras, url, after_body=box), site), url)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"


@pytest.mark.parametrize("brief", [PORTAL, MEMBERS, CLEANUP], ids=["portal", "members", "cleanup"])
def test_a_two_paragraph_brief_without_a_sapo_is_not_read_as_a_lead_and_too_little_text(
    brief: tuple[str, tuple[str, ...]],
):
    """onecms takes the block after the headline for the sapo when the header has none; of a
    brief that leaves a paragraph too short to be an article: the guess is dropped instead."""
    build, site = LAYOUTS["onecms"]
    title, paras = brief
    url = f"https://{site.domain}/{slug(title)}-a451230.html"
    record = extract(build(Story(title, paras, url, meta_date=False), site), url)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"
    assert record.item["body"].startswith(paras[0][:40])


MEMBERS_BOX = (
    '<div class="premium-lock"><h3>Nội dung dành cho thành viên</h3>'
    "<p>Mua gói Hội viên để đọc toàn bộ bài viết và nhiều bài chuyên sâu khác.</p>"
    '<a class="btn" href="/goi-hoi-vien">Mua gói ngay</a></div>'
)
TEASER = (
    "Năm nay các doanh nghiệp nhỏ trên địa bàn tỉnh đối mặt với chi phí đầu vào tăng cao, thị trường xuất "
    "khẩu thu hẹp và lãi vay chưa giảm như kỳ vọng.",
    "Trao đổi với phóng viên, đại diện hiệp hội doanh nghiệp cho biết nhiều giải pháp đang được đề xuất.",
)


PAYWALLS = [
    '<div class="paywall-overlay"><p>Bạn đã hết lượt đọc miễn phí trong tháng.</p>'
    '<a href="/dang-ky-goi" class="btn">Đăng ký gói đọc</a></div>',
    '<div class="box-premium"><p>Nâng cấp tài khoản để đọc tiếp bài viết.</p><a href="/premium">Nâng cấp</a></div>',
    '<div class="locked"><p>Bài viết dành cho tài khoản trả phí.</p><a href="/mua-goi">Mua gói</a></div>',
]
RELATED_READ_ON = (
    '<p class="related">Đọc tiếp: <a href="/dang-ky-xe-may-cho-hoc-sinh-451200.html">'
    "Hướng dẫn đăng ký xe máy cho học sinh</a></p>"
)


@pytest.mark.parametrize("wall", PAYWALLS, ids=["no-free-reads", "upgrade", "paid-accounts"])
@pytest.mark.parametrize("layout", ["zce", "plain"])
def test_paywall_prompts_in_other_words_are_login_walls(layout: str, wall: str):
    build, site = LAYOUTS[layout]
    title = "Tháo gỡ khó khăn cho doanh nghiệp nhỏ"
    url = f"https://{site.domain}/{slug(title)}-a451230.html"
    record = extract(build(Story(title, TEASER, url, after_body=wall), site), url)
    assert record.refusal == "login_wall", f"{record.refusal}: {record.reason}"


@pytest.mark.parametrize("layout", ["zce", "plain"])
def test_a_read_on_link_to_another_story_is_no_wall(layout: str):
    build, site = LAYOUTS[layout]
    title, paras = MEMBERS
    url = f"https://{site.domain}/{slug(title)}-a451230.html"
    record = extract(build(Story(title, paras, url, after_body=RELATED_READ_ON), site), url)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"


# fck wraps its text twice and a box after the outer wrapper is not looked at (as in
# test_extract_refusals).
@pytest.mark.parametrize("layout", [name for name in LAYOUTS if name != "fck"])
def test_a_teaser_closed_by_a_members_box_with_a_subscribe_link_is_a_login_wall(layout: str):
    build, site = LAYOUTS[layout]
    title = "Tháo gỡ khó khăn cho doanh nghiệp nhỏ"
    url = f"https://{site.domain}/{slug(title)}-a451230.html"
    record = extract(build(Story(title, TEASER, url, after_body=MEMBERS_BOX), site), url)
    assert record.refusal == "login_wall", f"{record.refusal}: {record.reason}"


# -- a 404 that quotes the missing address ------------------------------------------------------

MISSING = "https://tintuc-xomnho.net/kinh-te/gia-rau-tang-manh-81200.html"
QUOTING_NOTICE = (
    f"<h2>Lỗi 404</h2><p>Không tìm thấy địa chỉ {MISSING} trên hệ thống.</p>"
    "<p>Đường dẫn có thể đã bị thay đổi. Vui lòng kiểm tra lại hoặc dùng ô tìm kiếm phía trên.</p>"
)


@pytest.mark.parametrize("side", [0, 10], ids=["bare", "headline-sidebar"])
def test_a_404_that_quotes_the_missing_address_is_an_error_page(side: int):
    page = error_page(XOMNHO, QUOTING_NOTICE, title_tag="404 - Tin Tức Xóm Nhỏ", sidebar_n=side or 1)
    if side:  # a second column of headline links, as many templates show beside the notice
        page = page.replace("</footer>", f"</footer>{sidebar(XOMNHO, side)}")
    record = extract(page, MISSING)
    assert record.refusal == "error_page", f"{record.refusal}: {record.reason}"


HELP_LIST_NOTICE = (
    "<h1>Không tìm thấy trang</h1><p>Trang bạn đang tìm kiếm có thể đã bị xóa, đổi tên hoặc tạm thời không "
    "truy cập được.</p><p>Hãy thử các cách sau:</p><ul><li>Kiểm tra lại địa chỉ trang web trên thanh địa chỉ</li>"
    "<li>Quay về trang chủ và tìm bài viết theo chuyên mục</li><li>Dùng ô tìm kiếm ở đầu trang</li></ul>"
)
EXPIRED_LINK_NOTICE = (
    "<h1>Xin lỗi!</h1><p>Liên kết bạn vừa truy cập không còn hiệu lực hoặc bài viết đã được chuyển sang địa "
    "chỉ khác. Chúng tôi rất tiếc vì sự bất tiện này.</p><p>Mời bạn đọc các tin bài khác của Tin Tức Xóm Nhỏ.</p>"
)


@pytest.mark.parametrize("notice", [HELP_LIST_NOTICE, EXPIRED_LINK_NOTICE], ids=["help-list", "expired-link"])
def test_a_404_that_helps_the_reader_on_is_still_an_error_page(notice: str):
    url = "https://tintuc-xomnho.net/abc-def-ghi-5999.html"
    record = extract(error_page(XOMNHO, notice, title_tag="Tin Tức Xóm Nhỏ"), url)
    assert record.refusal == "error_page", f"{record.refusal}: {record.reason}"


IMPRINT = (
    "<p>Tin Tức Xóm Nhỏ - Cơ quan của Đảng bộ tỉnh. Giấy phép số 12/GP-BTTTT cấp ngày 05/01/2024.</p>"
    "<p>Chịu trách nhiệm nội dung: Tổng biên tập Trần Quang Huy. Địa chỉ: 38 Lê Hồng Phong.</p>"
    "<p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>"
)
NOT_FOUND = "<h1>Trang bạn tìm không tồn tại</h1><p>Có thể đường dẫn đã thay đổi hoặc bài viết đã bị xóa.</p>"


@pytest.mark.parametrize("footer_class", ["bottom", "copyright", "site-info", "ft"])
def test_a_soft_404_whose_footer_class_is_unknown_is_not_its_imprint_read_as_text(footer_class: str):
    """Without a known footer class the body finder takes the imprint's sentences for the text."""
    page = error_page(XOMNHO, NOT_FOUND, title_tag="Không tìm thấy trang", chrome=False)
    page = page.replace("</body>", f'<div class="{footer_class}">{IMPRINT}</div></body>')
    record = extract(page, "https://tintuc-xomnho.net/nong-dan-thu-hoach-ca-phe-som-5999.html")
    assert record.refusal == "error_page", f"{record.refusal}: {record.reason}"


def test_a_brief_with_a_copyright_line_glued_to_it_is_still_an_article():
    build, site = LAYOUTS["plain"]
    title, paras = MEMBERS
    url = f"https://{site.domain}/{slug(title)}-a451230.html"
    closing = "<p>© Tin Tức Xóm Nhỏ. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>"
    body = "".join(f"<p>{esc(p)}</p>" for p in paras) + closing
    record = extract(build(Story(title, paras, url, body_html=body), site), url)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"


@pytest.mark.parametrize(
    ("sentence", "notice"),
    [
        ("Dùng ô tìm kiếm ở đầu trang.", True),
        ("Lực lượng cứu hộ tìm kiếm suốt đêm nhưng chưa thấy người mất tích.", False),  # "hộ tìm kiếm"
        ("Văn bản này không còn hiệu lực từ ngày 1/7 theo quy định mới.", False),
        ("Liên kết bạn vừa truy cập không còn hiệu lực.", True),
        ("Đường dẫn có thể đã bị thay đổi.", True),
        ("Rất tiếc, liên kết không chính xác hoặc đã bị di chuyển.", True),
        ("Giá điện bán lẻ thay đổi từ ngày 1/12 theo quyết định mới của Bộ Công Thương.", False),
        ("Nội dung chương trình năm nay có nhiều thay đổi so với các mùa trước.", False),
    ],
)
def test_a_notice_sentence_may_say_the_address_moved(sentence: str, notice: bool):
    assert is_notice_sentence(sentence) is notice


def test_a_quoted_address_is_one_word_not_sentences_cut_at_its_dots():
    assert real_sentences([f"Không tìm thấy trang {MISSING} trên hệ thống của chúng tôi."]) == 0


# -- a removed story in its own template -----------------------------------------------------------

REMOVED = (
    "Rất tiếc, nội dung bài viết này đã bị gỡ bỏ theo yêu cầu của cơ quan chức năng.",
    "Có thể đường dẫn bạn truy cập không chính xác. Vui lòng quay lại trang chủ để đọc các tin bài mới nhất.",
)
EXPIRED_LINK_BRIEF = (
    "Đường dẫn đăng ký tiêm chủng đã hết hạn",
    (
        "Nhiều phụ huynh phản ánh đường link đăng ký tiêm chủng cho trẻ đã hết hạn dù chưa đến thời điểm thông báo.",
        "Trung tâm Y tế cho biết đường dẫn cũ đã được thay đổi, người dân vui lòng truy cập trang chủ để lấy đường dẫn mới.",
    ),
)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_removed_story_that_kept_its_headline_and_date_is_an_error_page(layout: str):
    """Two paragraphs, both the notice: the marks of the article (its slug, its date) stay, the story is gone."""
    build, site = LAYOUTS[layout]
    title = "Nông dân thu hoạch cà phê sớm"
    url = f"https://{site.domain}/{slug(title)}-a451230.html"
    record = extract(build(Story(title, REMOVED, url), site), url)
    assert record.refusal == "error_page", f"{record.refusal}: {record.reason}"


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_dated_brief_made_of_notice_like_sentences_about_another_link_is_an_article(layout: str):
    build, site = LAYOUTS[layout]
    title, paras = EXPIRED_LINK_BRIEF
    url = f"https://{site.domain}/{slug(title)}-a451230.html"
    sapo = "Phụ huynh lúng túng khi đăng ký tiêm chủng trực tuyến." if layout == "onecms" else None
    record = extract(build(Story(title, paras, url, sapo=sapo), site), url)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"


POINTS_ELSEWHERE = (
    "Vui lòng kiểm tra lại đường dẫn hoặc quay về trang chủ.",
    "Mời bạn quay lại trang chủ để đọc các tin bài mới nhất.",
    "Chúng tôi rất tiếc về sự bất tiện này.",
)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_notice_that_only_points_elsewhere_is_refused(layout: str):
    """No word of a missing page ("Oops!"), but every sentence sends the reader away."""
    build, site = LAYOUTS[layout]
    url = f"https://{site.domain}/nong-dan-thu-hoach-ca-phe-som-a451230.html"
    record = extract(build(Story("Oops!", POINTS_ELSEWHERE, url, meta_date=False), site), url)
    assert record.refusal is not None


# -- the web server's own pages, in English -----------------------------------------------------

SERVER_404 = (
    "<html><head><title>Web server error 404 - Not Found</title></head><body><div id='content'>"
    "<h3>Error 404 - Not Found</h3><h4>The item you asked for has been removed, renamed, or is out of reach "
    "for now.</h4><fieldset><h4>Likely reasons:</h4><ul><li>The folder or file you named is missing from "
    "this machine and cannot be served.</li><li>The address was typed with a small mistake somewhere in it.</li>"
    "</ul></fieldset><fieldset><h4>What you might do:</h4><ul><li>Put the missing content back on the server.</li>"
    "<li>Read the address in the browser bar once more.</li><li>Turn on request tracing for failed calls to "
    "learn which module set this status code and why it did so.</li></ul></fieldset></div></body></html>"
)
PROXY_BLOCK = (
    "<html><head><title>Request blocked | Edge shield</title></head><body><div id='wrapper'>"
    "<h1>Sorry, you have been blocked</h1><h2>You cannot reach this website right now</h2>"
    "<p>This website uses a protection service against online attacks, and something in your last request "
    "set it off. Many things can do that, among them a certain word or phrase, a database command or "
    "broken data.</p><p>You may write to the owner of the website to say you were blocked, with what you "
    "were doing and the reference number shown at the foot of this page.</p></div></body></html>"
)


@pytest.mark.parametrize("page", [SERVER_404, PROXY_BLOCK], ids=["server-404", "proxy-block"])
def test_the_servers_or_a_proxys_english_error_page_is_refused(page: str):
    """Their sentences are English: the Vietnamese notice words cannot read them, but a page in
    English with an error's words, no date and no headline from its URL is no Vietnamese story."""
    record = extract(page, "https://tintuc-xomnho.net/gia-ca-phe-tang-manh-dau-vu-81234.html")
    assert record.refusal == "error_page", f"{record.refusal}: {record.reason}"


# -- listings whose cards carry no heading -----------------------------------------------------


def _headingless_section(section: str) -> str:
    """A section page whose story cards are a picture, a linked headline and a date: no h2-h5."""
    cards = "".join(
        f'<li class="news-item"><a href="https://{XOMNHO.domain}/{slug(h)}-{6100 + i}.html">'
        f'<img src="https://{XOMNHO.domain}/img/{6100 + i}.jpg" alt=""></a>'
        f'<a class="news-title" href="https://{XOMNHO.domain}/{slug(h)}-{6100 + i}.html">{esc(h)}</a>'
        f'<span class="news-date">0{1 + i % 6}/12/2026</span></li>'
        for i, h in enumerate(SIDE_NEWS + SIDE_READ)
    )
    main = f'<div class="site-body"><div class="cat-name">{esc(section)}</div><ul class="news-list">{cards}</ul></div>'
    return document(XOMNHO, f"{section} - {XOMNHO.name}", "", header(XOMNHO) + main + footer(XOMNHO))


@pytest.mark.parametrize(
    "url",
    [
        "https://tintuc-xomnho.net/thoi-su/",
        "https://tintuc-xomnho.net/tag/nong-thon-moi.html",
        "https://tintuc-xomnho.net/tim-kiem?q=lu+quet",
    ],
)
def test_a_section_whose_cards_have_no_heading_is_a_listing(url: str):
    record = extract(_headingless_section("Thời sự"), url)
    assert record.refusal == "listing", f"{record.refusal}: {record.reason}"


def test_an_address_with_an_id_in_its_query_names_a_story_not_a_section():
    from crawler.extract.refusal import section_address

    assert section_address("https://tintuc-xomnho.net/thoi-su/")
    assert not section_address("https://tintuc-xomnho.net/tin-tuc/chi-tiet?id=5")
    assert not section_address("https://tintuc-xomnho.net/a451230.html")


# -- bylines ---------------------------------------------------------------------------------------

PARAS = (
    "Sáng 5/12, Hội Nông dân tỉnh phối hợp với Trung tâm Khuyến nông tổ chức hội thảo chuyển giao kỹ thuật "
    "trồng cà phê xen canh sầu riêng cho hơn 150 hội viên.",
    "Tại hội thảo, các chuyên gia hướng dẫn quy trình bón phân hữu cơ, tưới nước tiết kiệm và phòng trừ sâu "
    "bệnh theo hướng an toàn.",
    "Nhiều nông dân cho biết mô hình xen canh giúp tăng thu nhập đáng kể trên cùng một diện tích đất.",
)
TITLE = "Hội thảo trồng cà phê xen canh sầu riêng"
URL = f"https://tintuc-xomnho.net/{slug(TITLE)}-81500.html"


def _closing(line_html: str) -> dict:
    build, site = LAYOUTS["plain"]
    body = "".join(f"<p>{esc(p)}</p>" for p in PARAS) + line_html
    return extract_article(build(Story(TITLE, PARAS, URL, body_html=body), site), URL)


RIGHT = '<p style="text-align:right"><strong>{}</strong></p>'


@pytest.mark.parametrize(
    ("closing", "authors", "source"),
    [
        (RIGHT.format("Bác sĩ CKII Trần Thị Cúc"), ["Trần Thị Cúc"], None),
        (RIGHT.format("Luật sư Trần Văn Tài"), ["Trần Văn Tài"], None),
        (RIGHT.format("ThS. Nguyễn Văn Bình"), ["Nguyễn Văn Bình"], None),
        (RIGHT.format("Thanh Tâm, Chủ nhật 06/12/2026"), ["Thanh Tâm"], None),
        (RIGHT.format("MINH ĐỨC - 05/12/2026"), ["Minh Đức"], None),
        (RIGHT.format("NHÓM PV THỜI SỰ"), [], None),
        (RIGHT.format("K'BRỬU"), ["K'Brửu"], None),
        (RIGHT.format("Lê Văn Hòa (Trung tâm Y tế huyện Đức Trọng)"), ["Lê Văn Hòa"], None),
        ("<p style='text-align:right'><em>Theo Ngọc Ánh - Báo Tin Tức</em></p>", ["Ngọc Ánh"], "Báo Tin Tức"),
        (RIGHT.format("HOÀNG LAN - TTXVN"), ["Hoàng Lan"], "TTXVN"),
        (RIGHT.format("Thanh Hà tổng hợp"), ["Thanh Hà"], None),
        (RIGHT.format("Hồng Nhung (t/h)"), ["Hồng Nhung"], None),
        (RIGHT.format("Minh Thu (tổng hợp từ TTXVN)"), ["Minh Thu"], "TTXVN"),
        (RIGHT.format("Minh Thu (minhthu@tintuc-xomnho.net)"), ["Minh Thu"], None),
        (RIGHT.format("Minh Thu - 0912 345 678"), ["Minh Thu"], None),
        (RIGHT.format("Hoàng Lan (Lâm Đồng)"), ["Hoàng Lan"], None),
        (RIGHT.format("Bích Ngọc (CDC Lâm Đồng)"), ["Bích Ngọc"], None),
        (RIGHT.format("VĂN MINH VÀ HÀ ANH"), ["Văn Minh", "Hà Anh"], None),
        (RIGHT.format("MINH THU") + "<p><em>Theo dõi Tin Tức Xóm Nhỏ trên Google News</em></p>", ["Minh Thu"], None),
    ],
    ids=["doctor", "lawyer", "master", "weekday-date", "date", "desk-team", "k-name", "workplace",
         "theo-writer-outlet", "name-agency", "compiled", "t-h", "compiled-from-agency", "e-mail", "phone",
         "place-in-brackets", "office-in-brackets", "upper-va", "follow-us-after-byline"],
)  # fmt: skip
def test_closing_bylines_of_unwritten_shapes(closing: str, authors: list[str], source: str | None):
    item = _closing(closing)
    assert item["authors"] == authors
    assert item["source_attribution"] == source
    assert item["body"].endswith(PARAS[-1])


def test_a_workplace_after_the_name_in_a_byline_element():
    build, site = LAYOUTS["plain"]
    page = build(Story(TITLE, PARAS, URL), site).replace(
        '<div class="noi-dung">',
        '<div class="tac-gia">Trần Hoa - Trung tâm VH-TT&amp;TT huyện</div><div class="noi-dung">',
    )
    assert extract_article(page, URL)["authors"] == ["Trần Hoa"]


@pytest.mark.parametrize(
    ("byline", "authors", "source"),
    [("THEO TTXVN", [], "TTXVN"), ("NGỌC LAN (TTXVN)", ["Ngọc Lan"], "TTXVN")],
    ids=["agency-only", "writer-and-agency"],
)
def test_an_agency_in_a_date_line_byline_is_the_source(byline: str, authors: list[str], source: str):
    """filehex puts the byline in front of the time: "NGỌC LAN 08:30, 14/05/2026"."""
    build, site = LAYOUTS["filehex"]
    url = f"https://{site.domain}/{slug(TITLE)}-a451230.html"
    page = build(Story(TITLE, PARAS, url), site).replace("NGỌC LAN ", f"{byline} ")
    item = extract_article(page, url)
    assert (item["authors"], item["source_attribution"]) == (authors, source)


@pytest.mark.parametrize(
    ("element", "authors", "source"),
    [
        ("Theo TTXVN", [], "TTXVN"),
        ("Minh Thu (minhthu@tintuc-xomnho.net)", ["Minh Thu"], None),
    ],
    ids=["agency-only", "e-mail"],
)
def test_a_byline_element_may_name_only_the_agency_or_carry_an_address(
    element: str, authors: list[str], source: str | None
):
    build, site = LAYOUTS["zce"]
    url = f"https://{site.domain}/{slug(TITLE)}-post451230.html"
    page = build(Story(TITLE, PARAS, url), site).replace(
        '<span class="t2">Thu Hà</span>', f'<span class="t2">{esc(element)}</span>'
    )
    item = extract_article(page, url)
    assert (item["authors"], item["source_attribution"]) == (authors, source)


@pytest.mark.parametrize(
    ("line", "names", "source"),
    [
        ("Minh Thu/Báo Lâm Đồng", ["Minh Thu"], None),
        ("MINH THU (Báo Lâm Đồng)", ["Minh Thu"], None),
        ("Minh Thu, Báo Lâm Đồng", ["Minh Thu"], None),
        ("Minh Thu - Báo Lâm Đồng", ["Minh Thu"], None),
        ("Minh Thu (TTXVN)", ["Minh Thu"], "TTXVN"),
    ],
)
def test_the_papers_own_name_after_a_writer_is_no_source(line: str, names: list[str], source: str | None):
    site = ("Báo Lâm Đồng", "baolamdong.vn", "baolamdong")
    assert parse_byline(line, site_names=site) == (names, source)


@pytest.mark.parametrize(
    ("line", "names", "source"),
    [
        ("Lê Hà - Hội Phụ nữ xã Lát", ["Lê Hà"], None),
        ("Bài, ảnh: MINH THU/TTXVN", ["Minh Thu"], "TTXVN"),
        ("Minh Thu - Hoàng Lan/VOV", ["Minh Thu", "Hoàng Lan"], "VOV"),
        ("Thanh Hà/Báo Tin tức", ["Thanh Hà"], "Báo Tin tức"),
        ("Theo Kinh tế & Đô thị", [], "Kinh tế & Đô thị"),
        ("Theo AFP, Reuters", [], "AFP, Reuters"),
        ("(Theo baochinhphu.vn)", [], "baochinhphu.vn"),
        ("Theo dự báo, trời sẽ nắng.", [], None),  # a sentence, not a credit
        ("Theo Bộ Y tế, số ca mắc giảm", [], None),
        ("Nguồn: Tổng hợp", [], None),
        ("HẾT", [], None),
        ("Ảnh: Internet", [], None),
        ("BLĐ", [], None),  # a paper's initials: no syllable without a vowel is a name
        ("Ngọc Hà - Phường Xuân Hương", ["Ngọc Hà"], None),  # where she reported from, not a second writer
        ("Huyện Đức Trọng, HOÀNG LAN", ["Hoàng Lan"], None),
        ("Thôn Tân Lập", [], None),
        ("Người viết: Minh Thu", ["Minh Thu"], None),
        ("Phóng sự: Minh Thu - Hoàng Lan", ["Minh Thu", "Hoàng Lan"], None),
        ("Lược dịch: Hoàng Lan", ["Hoàng Lan"], None),
        ("Người dân: Minh Thu", [], None),  # a label that is no role
        ("Đại úy Trần Văn Hùng - Công an huyện Đức Trọng", ["Trần Văn Hùng"], None),
        ("Lê Na - Đồn Biên phòng Lộc An", ["Lê Na"], None),
        ("Trần An, Trường THCS Lát", ["Trần An"], None),
        ("Minh Thu - Trường Giang", ["Minh Thu", "Trường Giang"], None),  # a name, not a school
        ("Minh Thu - Ban Mai", ["Minh Thu", "Ban Mai"], None),
        ("PGS.TS Lê Quang Vinh", ["Lê Quang Vinh"], None),
        ("BS.CKII Lê Anh", ["Lê Anh"], None),
        ("Đại tá Trần Hùng", ["Trần Hùng"], None),
        ("Theo Ngọc Ánh, Báo Tin Tức", ["Ngọc Ánh"], "Báo Tin Tức"),
        ("Trần Hoa, Sở Y tế", ["Trần Hoa"], None),
        ("MINH THU CN Thứ Hai 05/12/2026 09:10 (GMT+7)", ["Minh Thu"], None),
        ("Ngày 12/3/2026", [], None),
        ("Đăng 12/3/2026", [], None),
        ("Hải Đăng 12/3/2026", ["Hải Đăng"], None),
        ("MINH THU Thu Hai Thứ Hai", [], None),
        ("MINH THU THU HAI Thứ Hai", [], None),
        ("Thanh Hà (TTXVN)", ["Thanh Hà"], "TTXVN"),
        ("MINH THU TỔNG HỢP", ["Minh Thu"], None),
        ("Minh Dịch", ["Minh Dịch"], None),  # "dịch" is a work word in lower case only
        ("HỒNG NHUNG (TH)", ["Hồng Nhung"], None),
        ("Số 0912 345 678", [], None),
    ],
)
def test_parse_byline_titles_dates_and_workplaces(line: str, names: list[str], source: str | None):
    assert parse_byline(line) == (names, source)
