"""The boundary between an article and a page that is none, probed on layouts nobody here wrote a
parser for: each shape failed once, and is kept as a compact page with our own Vietnamese text.

Flat layouts: the headline, a date line, a brief of one to three paragraphs and then the cards of
other stories ("Tin cùng chuyên mục", or no heading at all, with teasers) all sit in one container,
which as a whole looks like a list of stories. The text between the headline and the first card
is the article; a section's heading over its list, a topic's heading over its introduction and a
section's featured story stay refused. A footer of unknown class that outscores a one-paragraph
brief is the site's imprint, not the text.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime

import pytest

from crawler.extract import extract
from crawler.textnorm import fold

NOW = datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
DOMAIN = "baomiennui-moi.vn"
NAME = "Báo Miền Núi Mới"

BRIEF = (
    "Bắt giữ đối tượng trộm cắp xe máy tại chợ phiên Bắc Hà",
    (
        "Chiều 4/12, Công an xã Bắc Hà đã bắt giữ một người đàn ông 32 tuổi, trú tại xã lân cận, khi người"
        " này đang dắt chiếc xe máy lấy trộm ra khỏi bãi giữ xe của chợ phiên.",
        "Tại cơ quan công an, đối tượng khai nhận đã thực hiện ba vụ trộm cắp tương tự trong tháng 11. Vụ"
        " việc đang được tiếp tục điều tra, xử lý theo quy định.",
    ),
)
ONE_PARAGRAPH = (
    "Tỉnh hỗ trợ 500 triệu đồng khắc phục hậu quả mưa đá",
    (
        "Ngày 5/12, Ủy ban nhân dân tỉnh quyết định trích ngân sách dự phòng 500 triệu đồng hỗ trợ các hộ dân"
        " xã Tả Van khắc phục hậu quả trận mưa đá chiều 2/12, làm tốc mái hơn 80 ngôi nhà và hư hại gần 20 ha"
        " lúa, rau màu; số tiền được chuyển ngay cho xã để cấp phát trước ngày 10/12.",
    ),
)
NOT_FOUND_HEADLINE = (
    "Không tìm thấy thi thể nạn nhân sau ba ngày tìm kiếm trên sông Lô",
    (
        "Đến chiều 6/12, lực lượng cứu hộ vẫn chưa tìm thấy thi thể nam thanh niên bị đuối nước khi tắm trên"
        " sông Lô đoạn qua xã Phú Lâm hôm 3/12.",
        "Công an xã đã huy động hơn 40 người cùng ca nô, thuyền máy rà soát khu vực dài gần 5 km, đồng thời"
        " đề nghị người dân ven sông thông báo ngay khi phát hiện dấu vết.",
    ),
)
OTHERS = (
    "Nông dân Mường Khương trúng mùa gừng",
    "Khởi công cầu dân sinh nối hai thôn bên suối",
    "Trường tiểu học vùng cao có phòng học mới",
    "Hội chợ hàng nông sản thu hút đông khách cuối tuần",
    "Bệnh viện đa khoa tỉnh triển khai khám bệnh ngày thứ Bảy",
    "Xã biên giới hoàn thành xóa nhà tạm cho hộ nghèo",
    "Mùa hoa tam giác mạch nở rộ trên cao nguyên",
    "Đoàn viên thanh niên ra quân làm đường giao thông nông thôn",
    "Giá chè búp tươi tăng nhẹ đầu vụ đông",
    "Đội bóng đá trẻ tỉnh giành vé vào vòng chung kết",
)
TEASER = (
    "Theo ghi nhận của phóng viên, hoạt động này thu hút đông đảo người dân tham gia, chính quyền địa"
    " phương đã có nhiều hỗ trợ cụ thể."
)
DATE = '<div class="ngay">Thứ Bảy, 05/12/2026 08:30</div>'


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", fold(text)))


def article_url(title: str) -> str:
    return f"https://{DOMAIN}/xa-hoi/{slug(title)}-71234.html"


def paragraphs(texts: tuple[str, ...]) -> str:
    return "".join(f"<p>{esc(t)}</p>" for t in texts)


def cards(n: int = 6, *, tag: str = "h3", wrap: str = "item", teaser: bool = True) -> str:
    """Other stories' cards: a picture, a linked headline, a date stamp and a teaser."""
    out = []
    for i in range(n):
        head = OTHERS[i % len(OTHERS)]
        href = f"/xa-hoi/{slug(head)}-{71200 + i}.html"
        card = (
            f'<a href="{href}"><img src="/img/{71200 + i}.jpg"></a><{tag}><a href="{href}">{esc(head)}</a></{tag}>'
            f'<span class="date">0{1 + i % 8}/12/2026</span>' + (f"<p>{esc(TEASER)}</p>" if teaser else "")
        )
        out.append(f'<div class="{wrap}">{card}</div>' if wrap else card)
    return "".join(out)


def page(main: str, title_tag: str, *, meta_date: bool = True, og_title: str | None = None) -> str:
    head = f'<meta charset="utf-8"><title>{esc(title_tag)}</title><meta property="og:site_name" content="{NAME}">'
    if og_title:
        head += (
            f'<meta property="og:title" content="{esc(og_title)}"><meta property="og:type" content="article">'
        )
    if meta_date:
        head += '<meta property="article:published_time" content="2026-12-05T08:30:00+07:00">'
    menu = "".join(f'<li><a href="/{slug(m)}/">{m}</a></li>' for m in ("Thời sự", "Kinh tế", "Xã hội"))
    side = "".join(
        f'<li><a href="/thoi-su/{slug(h)}-{70100 + i}.html">{esc(h)}</a></li>' for i, h in enumerate(OTHERS)
    )
    return (
        f"<!DOCTYPE html><html lang='vi'><head>{head}</head><body>"
        f'<div id="top"><ul class="mainmenu"><li><a href="/">Trang chủ</a></li>{menu}</ul></div>'
        f'<div id="wrap"><div class="khung-chinh">{main}</div>'
        f'<div class="col-right"><h2>Tin mới nhất</h2><ul>{side}</ul></div></div>'
        f'<div id="bottom"><p>© 2026 {NAME}. Giấy phép số 22/GP-BTTTT. Tổng biên tập: Lê Văn Sơn.</p>'
        "<p>Địa chỉ tòa soạn: 5 Hoàng Liên, phường Cốc Lếu.</p></div></body></html>"
    )


def story_page(main: str, title: str, **kw) -> str:
    return page(main, f"{title} - {NAME}", og_title=title, **kw)


# -- flat layouts: the brief and then other stories' cards in one container ------------------------


def _related_heading(t: str, ps: tuple[str, ...]) -> str:
    return f'<div class="detail"><h1>{esc(t)}</h1>{DATE}{paragraphs(ps)}<h3>Tin cùng chuyên mục</h3>{cards()}</div>'


def _no_heading(t: str, ps: tuple[str, ...]) -> str:
    return f'<div class="detail"><h1>{esc(t)}</h1>{DATE}{paragraphs(ps)}{cards()}</div>'


def _bare_column(t: str, ps: tuple[str, ...]) -> str:
    return f"<h1>{esc(t)}</h1>{DATE}{paragraphs(ps)}{cards(8, wrap='')}"


def _bold_line_and_link_paragraphs(t: str, ps: tuple[str, ...]) -> str:
    links = "".join(
        f'<p><a href="/xa-hoi/{slug(h)}-{71500 + i}.html"><b>{esc(h)}</b></a></p><p>{esc(TEASER)}</p>'
        for i, h in enumerate(OTHERS[:6])
    )
    return f"<div><h1>{esc(t)}</h1>{DATE}{paragraphs(ps)}<p><b>TIN CÙNG CHUYÊN MỤC</b></p>{links}</div>"


def _html5_article(t: str, ps: tuple[str, ...]) -> str:
    return (
        f'<article><header><h1>{esc(t)}</h1><time datetime="2026-12-05T08:30">05/12/2026</time></header>'
        f"{paragraphs(ps)}<footer>Tin cùng chuyên mục: {cards(5)}</footer></article>"
    )


def _link_list(t: str, ps: tuple[str, ...]) -> str:
    items = "".join(
        f'<li><a href="/xa-hoi/{slug(h)}-{71300 + i}.html">{esc(h)}</a> <i>(0{1 + i}/12)</i></li>'
        for i, h in enumerate(OTHERS[:8])
    )
    return f'<div class="detail"><h1>{esc(t)}</h1>{DATE}{paragraphs(ps)}<div class="other"><ul>{items}</ul></div></div>'


def _related_box_inside_the_text(t: str, ps: tuple[str, ...]) -> str:
    box = '<div class="box"><b>Tin liên quan</b><ul>' + "".join(
        f'<li><a href="/x/{slug(h)}-{73000 + i}.html">{esc(h)}</a></li>' for i, h in enumerate(OTHERS[:3])
    )
    box += "</ul></div>"
    return f'<div class="detail"><h1>{esc(t)}</h1>{DATE}<p>{esc(ps[0])}</p>{box}{paragraphs(ps[1:])}<h3>Tin khác</h3>{cards()}</div>'


FLAT = {
    "related-heading": _related_heading,
    "no-heading": _no_heading,
    "bare-column": _bare_column,
    "bold-line-and-link-paragraphs": _bold_line_and_link_paragraphs,
    "html5-article-footer": _html5_article,
    "link-list": _link_list,
    "related-box-inside-the-text": _related_box_inside_the_text,
}


@pytest.mark.parametrize(
    "brief", [BRIEF, ONE_PARAGRAPH, NOT_FOUND_HEADLINE], ids=["two", "one", "notfound-words"]
)
@pytest.mark.parametrize("shape", list(FLAT))
def test_a_brief_followed_by_other_stories_cards_in_its_container_is_an_article(shape: str, brief):
    title, paras = brief
    record = extract(story_page(FLAT[shape](title, paras), title), article_url(title), fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"
    item = record.item
    assert "\n\n".join(p for p in (item["lead"], item["body"]) if p) == "\n\n".join(paras)
    assert item["published_at"] == "2026-12-05T08:30:00+07:00"


@pytest.mark.parametrize("shape", ["related-heading", "no-heading", "html5-article-footer"])
def test_a_flat_brief_at_an_address_without_a_slug_or_a_metadata_date_is_dated_by_its_date_line(shape: str):
    title, paras = BRIEF
    url = f"https://{DOMAIN}/tin-tuc/chi-tiet.aspx?id=71234"
    record = extract(story_page(FLAT[shape](title, paras), title, meta_date=False), url, fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"
    assert record.item["body"].endswith(paras[-1])


INTRO = (
    "Tổng hợp tin tức, bài viết về chuyển đổi số tại các xã, phường trên địa bàn tỉnh, cập nhật liên tục các"
    " mô hình hay, cách làm sáng tạo của người dân và chính quyền cơ sở trong hành trình đổi mới."
)
FEATURED = (
    '<div class="hot"><img src="/f.jpg"><div class="hot-title">Xã biên giới hoàn thành xóa nhà tạm cho hộ'
    f' nghèo</div>{paragraphs(BRIEF[1])}<a href="/xa-hoi/xa-bien-gioi-72300.html">Xem tiếp</a></div>'
)


@pytest.mark.parametrize(
    ("main", "title_tag", "og_title", "url"),
    [
        (f"<div><h1>Thời sự</h1>{cards(10, wrap='')}</div>", "Thời sự", None, "/thoi-su/"),
        (f"<div><h1>Thời sự</h1>{cards(10, wrap='')}</div>", "Thời sự", None, "/xa-hoi/nong-dan-71234.html"),
        (f"<div><h1>Chuyển đổi số</h1><p>{INTRO}</p>{cards(10, wrap='')}</div>", "Chuyển đổi số", "Chuyển đổi số",
         "/chu-de/chuyen-doi-so-1234.html"),
        (f"<div><h1>Chuyển đổi số</h1><p>{INTRO}</p><p>{INTRO}</p>{cards(10, wrap='')}</div>", "Chuyển đổi số", None,
         "/tag/chuyen-doi-so.html"),
        (f"<div><h1>Xã hội</h1>{FEATURED}{cards(10, wrap='')}</div>", "Xã hội", None, "/xa-hoi/nong-dan-71234.html"),
    ],
    ids=["section", "section-at-an-article-address", "topic-introduction-at-its-slug", "tag-introduction",
         "section-featured-story-at-an-article-address"],
)  # fmt: skip
@pytest.mark.parametrize("dated", [False, True], ids=["", "date-under-the-heading"])
def test_a_heading_over_a_list_of_stories_is_no_article(
    main: str, title_tag: str, og_title: str | None, url: str, dated: bool
):
    if dated:  # "Cập nhật" under a section's or a topic's name: no mark of a story
        main = main.replace("</h1>", "</h1>" + DATE, 1)
    record = extract(
        page(main, title_tag, meta_date=False, og_title=og_title), f"https://{DOMAIN}{url}", fetched_at=NOW
    )
    assert record.item is None, record.item["body"][:200]


def test_links_set_inside_a_flat_text_that_goes_on_after_them_make_no_cut():
    """Two paragraphs, four long links of no named box, three more paragraphs: text resumes after
    the links, so they are no list closing the text, and the page is judged whole (a listing)."""
    title, paras = BRIEF
    links = "".join(
        f'<li><a href="/xa-hoi/{slug(h)}-{71600 + i}.html">{esc(h)}</a></li>'
        for i, h in enumerate(OTHERS[:4])
    )
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}{paragraphs(paras)}<ul>{links}</ul>{paragraphs((TEASER, INTRO, TEASER))}</div>'
    record = extract(story_page(main, title), article_url(title), fetched_at=NOW)
    assert record.refusal == "listing"


# -- a footer of unknown class outscoring a one-paragraph brief --------------------------------


@pytest.mark.parametrize(
    "shape",
    [
        lambda t, ps: f'<div class="box1"><div class="tt"><h1>{esc(t)}</h1></div>{DATE}<div class="ct"><div>{esc(ps[0])}</div></div></div>',
        lambda t, ps: f"<table><tr><td><h1>{esc(t)}</h1><span>05/12/2026 08:30</span></td></tr><tr><td>{paragraphs(ps)}</td></tr></table>",
        lambda t, ps: f'<div class="detail"><h1>{esc(t)}</h1>{DATE}<div class="noi-dung"><video src="/v/1.mp4"></video>{paragraphs(ps)}</div></div>',
    ],
    ids=["div-soup", "table", "video-first"],
)  # fmt: skip
def test_a_one_paragraph_brief_is_not_lost_to_the_sites_imprint(shape):
    title, paras = ONE_PARAGRAPH
    record = extract(story_page(shape(title, paras), title), article_url(title), fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"
    assert record.item["body"] == paras[0]


# -- captions: a photo's under a one-paragraph brief, a video's -------------------------------------

FIGURE = '<figure><img src="/img/anh1.jpg"><figcaption>Lực lượng chức năng tại hiện trường. Ảnh: Minh Khôi</figcaption></figure>'
IMAGE_TABLE = '<table class="image"><tr><td><img src="/img/a2.jpg"></td></tr><tr><td>Quang cảnh buổi lễ. Ảnh: T.H</td></tr></table>'


@pytest.mark.parametrize("picture", [FIGURE, IMAGE_TABLE], ids=["figure", "image-table"])
def test_the_photo_caption_of_a_one_paragraph_brief_stays_out_of_its_text(picture: str):
    """The text is short of 300 characters, and the captions used to be added to it as if the page
    were a photo story: a paragraph that is an article on its own keeps its caption a caption."""
    title, paras = ONE_PARAGRAPH
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{picture}{paragraphs(paras)}</div></div>'
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert item["body"] == paras[0]
    assert item["images"][0]["caption"] is not None


def test_a_photo_story_whose_text_is_its_captions_keeps_them():
    title = "Sắc màu chợ phiên vùng cao ngày cuối tuần"
    captions = [
        "Từ sáng sớm, đồng bào các dân tộc từ khắp các bản làng đổ về chợ phiên mua bán nông sản.",
        "Những sạp hàng thổ cẩm rực rỡ sắc màu thu hút đông đảo du khách trong và ngoài nước.",
        "Món thắng cố nóng hổi là đặc sản không thể thiếu mỗi phiên chợ của người vùng cao.",
        "Phiên chợ còn là nơi gặp gỡ, giao lưu của thanh niên các bản sau một tuần lao động vất vả.",
    ]
    figures = "".join(
        f'<figure><img src="/img/cho{i}.jpg"><figcaption>{esc(c)}</figcaption></figure>'
        for i, c in enumerate(captions)
    )
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung"><p>Chợ phiên Bắc Hà họp vào Chủ nhật hằng tuần.</p>{figures}</div></div>'
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert all(c in item["body"] for c in captions)


@pytest.mark.parametrize(
    "player",
    [
        '<div class="vd"><iframe src="https://www.youtube.com/embed/abc123"></iframe></div>'
        '<p style="text-align:center"><em>Video: Hiện trường vụ việc</em></p>',
        '<video controls src="/v/1.mp4"></video><p style="text-align:center">Lực lượng cứu hộ tìm kiếm trên sông</p>',
        '<div class="box-video-player"><div class="inner"></div></div><p><i>Clip: người dân cung cấp</i></p>',
    ],
    ids=["iframe-labelled", "video-tag", "player-box"],
)
def test_the_caption_of_a_video_in_the_text_is_not_a_paragraph(player: str):
    title, paras = BRIEF
    main = (
        f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">'
        f"<p>{esc(paras[0])}</p>{player}<p>{esc(paras[1])}</p></div></div>"
    )
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert item["body"] == "\n\n".join(paras)


def test_a_paragraph_that_opens_with_the_word_video_stays_text():
    title, paras = BRIEF
    line = (
        "Video: đoạn phim do camera an ninh ghi lại cho thấy đối tượng dắt xe ra khỏi bãi giữ xe lúc 15 giờ."
    )
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{paragraphs((*paras, line))}</div></div>'
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert item["body"].endswith(line)


# -- a one-paragraph brief whose date line heads its text -------------------------------------------


def _headed_by_its_date(title: str, text: str) -> str:
    return f'<div class="news"><h1>{esc(title)}</h1>{DATE}<div id="noidung">{text}</div></div>'


def test_a_one_paragraph_brief_headed_by_its_date_line_at_an_address_with_an_id_is_an_article():
    """No metadata date and no slug to match the headline, but the date line stands between the
    headline and the paragraph, inside the text's container: the page is that story."""
    title, paras = ONE_PARAGRAPH
    main = _headed_by_its_date(title, esc(paras[0]))
    url = f"https://{DOMAIN}/tin-tuc/chi-tiet.aspx?id=71234"
    record = extract(story_page(main, title, meta_date=False), url, fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"
    assert record.item["body"] == paras[0]


def test_a_dated_teaser_under_a_sections_heading_at_the_sections_address_is_no_brief():
    teaser = f"{TEASER} Đây là tin nổi bật nhất của chuyên mục trong ngày, được nhiều bạn đọc quan tâm."
    main = _headed_by_its_date("Thị trường", esc(teaser))
    record = extract(
        page(main, "Thị trường", meta_date=False), f"https://{DOMAIN}/thi-truong.htm", fetched_at=NOW
    )
    assert record.item is None


# -- a featured story's teaser beside a one-paragraph brief ------------------------------------------

HOT_BOX = (
    '<div class="box-hot"><h3>Tiêu điểm</h3><div class="hot-item"><a href="/x/le-hoi-74800.html">'
    '<img src="/h.jpg"></a><p>Lễ hội mùa vàng trên ruộng bậc thang năm nay diễn ra trong ba ngày, với nhiều'
    " hoạt động văn hóa, thể thao, ẩm thực đặc sắc của đồng bào các dân tộc, thu hút hàng nghìn du khách"
    " trong và ngoài nước đến tham quan, trải nghiệm.</p></div></div>"
)


@pytest.mark.parametrize("meta_date", [True, False])
def test_a_featured_teaser_in_a_box_of_unknown_class_is_not_taken_for_a_one_paragraph_brief(meta_date: bool):
    """The teaser's commas outscore the brief's one paragraph: the text at the headline, with as
    much text, is the article."""
    title, paras = ONE_PARAGRAPH
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{paragraphs(paras)}</div></div>{HOT_BOX}'
    item = extract(story_page(main, title, meta_date=meta_date), article_url(title), fetched_at=NOW).item
    assert item["body"] == paras[0]


# -- paywalls in other words ------------------------------------------------------------------------

TEASER_TEXT = (
    "Sáng 6/12, tại Trung tâm Văn hóa tỉnh, Tỉnh đoàn khai mạc hội thi tay nghề thợ may trẻ với sự tham gia"
    " của 46 thí sinh đến từ các doanh nghiệp dệt may.",
    "Các thí sinh thi hai phần lý thuyết và thực hành, trong đó phần thực hành yêu cầu hoàn thiện một chiếc"
    " áo sơ mi trong 120 phút.",
)
WALLS = {
    "subscribers": '<div class="box-lock"><p>Bài viết dành cho thuê bao. <a href="/dang-ky-thue-bao">Đăng ký thuê bao'
    "</a> để đọc toàn bộ nội dung.</p></div>",
    "vip": '<div class="vip-only"><h4>Nội dung chỉ dành cho tài khoản VIP</h4><a class="btn" href="/nang-cap">'
    "Nâng cấp VIP</a></div>",
    "premium-box-whose-button-is-stripped": '<div class="premium"><p>Đọc toàn bộ bài viết với gói Premium chỉ'
    " 2.000 đồng/ngày.</p><button>Mua gói</button></div>",
}


@pytest.mark.parametrize("paras", [1, 2])
@pytest.mark.parametrize("wall", list(WALLS))
def test_a_teaser_closed_by_a_paywall_in_other_words_is_a_login_wall(wall: str, paras: int):
    title = "Khai mạc hội thi tay nghề thợ may trẻ lần thứ nhất"
    main = (
        f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{paragraphs(TEASER_TEXT[:paras])}'
        f"</div>{WALLS[wall]}</div>"
    )
    record = extract(story_page(main, title), article_url(title), fetched_at=NOW)
    assert record.refusal == "login_wall", f"{record.refusal}: {record.reason}"


def test_a_brief_about_a_telecom_offer_for_subscribers_is_no_wall():
    title = "Nhà mạng tặng dung lượng cho thuê bao vùng lũ"
    paras = (
        "Từ ngày 5/12, các nhà mạng tặng 5 GB dữ liệu tốc độ cao dành cho thuê bao di động tại các xã bị ảnh"
        " hưởng bởi mưa lũ trên địa bàn tỉnh.",
        "Người dân không cần đăng ký, dung lượng được cộng tự động và có hiệu lực trong 30 ngày kể từ ngày nhận"
        " tin nhắn thông báo.",
    )
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{paragraphs(paras)}</div></div>'
    record = extract(story_page(main, title), article_url(title), fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"


# -- the site itself down: maintenance, suspension, a domain for sale --------------------------------


def _bare(title: str, inner: str) -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title></head><body>{inner}</body></html>"


SITE_DOWN = {
    "maintenance": _bare(
        "Bảo trì hệ thống",
        '<div class="wrap"><h1>Website đang bảo trì</h1><p>Chúng tôi đang tiến hành nâng cấp hệ thống máy chủ để'
        " phục vụ quý độc giả được tốt hơn trong thời gian tới.</p><p>Thời gian dự kiến hoàn thành là 6 giờ sáng"
        " ngày 6/12/2026, mong quý độc giả thông cảm vì sự bất tiện này.</p><p>Mọi thông tin xin liên hệ đường"
        " dây nóng của tòa soạn: 0214 3840 123.</p></div>",
    ),
    "maintenance-in-english-and-vietnamese": _bare(
        "Under maintenance",
        "<div><h1>Under maintenance</h1><p>Hệ thống đang được bảo trì định kỳ để nâng cao chất lượng dịch vụ cho"
        " bạn đọc trên cả nước.</p><p>Chúng tôi sẽ sớm trở lại, xin cảm ơn sự kiên nhẫn và đồng hành của quý vị"
        " trong thời gian qua.</p></div>",
    ),
    "suspended": _bare(
        "Tạm ngừng",
        "<div class='box'><h1>Tạm ngừng hoạt động</h1><p>Trang thông tin điện tử này tạm ngừng hoạt động theo"
        " quyết định của cơ quan chủ quản để sắp xếp lại bộ máy sau sáp nhập tỉnh.</p><p>Bạn đọc vui lòng truy"
        " cập trang thông tin điện tử mới của tỉnh để cập nhật tin tức, xin trân trọng cảm ơn.</p></div>",
    ),
    "domain-for-sale": _bare(
        DOMAIN,
        f"<div><h1>Tên miền {DOMAIN} đang được rao bán</h1><p>Liên hệ chủ sở hữu tên miền để biết thêm thông tin"
        " chi tiết về giá và thủ tục chuyển nhượng tên miền này.</p><p>Nhà đăng ký tên miền được ủy quyền bởi"
        " Trung tâm Internet Việt Nam, hỗ trợ khách hàng 24/7 qua tổng đài.</p></div>",
    ),
}


@pytest.mark.parametrize("name", list(SITE_DOWN))
def test_a_notice_that_the_site_is_down_is_an_error_page_whatever_its_length(name: str):
    url = f"https://{DOMAIN}/xa-hoi/nong-dan-thu-hoach-che-dong-som-71234.html"
    record = extract(SITE_DOWN[name], url, fetched_at=NOW)
    assert record.refusal == "error_page", f"{record.refusal}: {record.reason}"


MAINTENANCE_BRIEFS = [
    (
        "Cổng dịch vụ công tỉnh tạm ngừng hoạt động để bảo trì hệ thống",
        (
            "Từ 22 giờ ngày 12/12 đến 6 giờ ngày 13/12, Cổng dịch vụ công của tỉnh tạm ngừng hoạt động để bảo trì,"
            " nâng cấp máy chủ và đường truyền.",
            "Trong thời gian bảo trì, người dân và doanh nghiệp chưa thể nộp hồ sơ trực tuyến; các hồ sơ đã nộp"
            " trước đó vẫn được xử lý bình thường.",
        ),
    ),
    (
        "Website Sở Y tế bảo trì",
        (
            "Website của Sở Y tế tạm ngừng hoạt động từ ngày 8/12 để nâng cấp giao diện và cơ sở dữ liệu.",
            "Trong thời gian này, người dân tra cứu thủ tục hành chính tại bộ phận một cửa của Sở hoặc gọi tổng"
            " đài 1900 9095 để được hướng dẫn.",
        ),
    ),
]


@pytest.mark.parametrize(("title", "paras"), MAINTENANCE_BRIEFS, ids=["portal", "website"])
@pytest.mark.parametrize("marked", [True, False])
def test_a_brief_on_a_portals_maintenance_is_an_article(title: str, paras: tuple[str, ...], marked: bool):
    url = article_url(title) if marked else f"https://{DOMAIN}/tin-tuc/chi-tiet.aspx?id=71234"
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{paragraphs(paras)}</div></div>'
    record = extract(story_page(main, title, meta_date=marked), url, fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"


# -- tool bars, share bars and ad slots inside the text ---------------------------------------------

TOOLS = {
    "share-bar-in-vietnamese": '<div class="chiase"><span>Chia sẻ bài viết</span></div>',
    "social-bar": '<div class="mxh"><span>Chia sẻ lên mạng xã hội</span></div>',
    "utility-bar": '<div class="tienich"><span>Cỡ chữ</span> <span>In bài</span> <span>Gửi email</span></div>',
    "listen-player": '<div class="nghe-doc"><span>Nghe đọc bài viết</span> <span>00:00</span></div>',
    "ad-network-slot": '<div class="adsense-box"><span>Quảng cáo</span></div>',
    "sponsor-box": '<div class="tai-tro"><p>Nội dung do nhà tài trợ cung cấp.</p></div>',
    "ad-label-line": '<p style="text-align:center">- Quảng cáo -</p>',
    "tool-labels-in-a-plain-box": "<div><span>Lưu bài viết</span> | <span>Sao chép liên kết</span></div>",
    "rating-box": '<div class="danh-gia"><p>Bạn thấy bài viết này thế nào?</p><span>Hay</span> <span>Chưa hay</span></div>',
}


@pytest.mark.parametrize("where", ["top", "middle", "end"])
@pytest.mark.parametrize("tool", list(TOOLS))
def test_a_tool_share_or_ad_box_inside_the_text_is_no_paragraph(tool: str, where: str):
    title = "Khai mạc hội thi tay nghề thợ may trẻ lần thứ nhất"
    paras = TEASER_TEXT
    box = TOOLS[tool]
    text = {
        "top": box + paragraphs(paras),
        "middle": f"<p>{esc(paras[0])}</p>{box}<p>{esc(paras[1])}</p>",
        "end": paragraphs(paras) + box,
    }[where]
    sapo = (
        '<p class="sapo">Hội thi do Tỉnh đoàn tổ chức lần đầu tiên dành cho công nhân trẻ ngành dệt may.</p>'
    )
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}{sapo}<div class="noi-dung">{text}</div></div>'
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert item["body"] == "\n\n".join(paras)


def test_a_short_paragraph_that_speaks_of_sharing_stays_text():
    title = "Khai mạc hội thi tay nghề thợ may trẻ lần thứ nhất"
    line = "Chia sẻ kinh nghiệm làm nghề may."
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{paragraphs((*TEASER_TEXT, line))}</div></div>'
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert item["body"].endswith(line)


# -- a brief whose first paragraph opens with the paper's dateline ----------------------------------

DATELINED = (
    "Tặng 200 suất quà cho học sinh vùng khó",
    (
        "(MNM) - Ngày 5/12, Hội Chữ thập đỏ tỉnh trao 200 suất quà, mỗi suất trị giá 500 nghìn đồng, cho học sinh"
        " nghèo ở hai xã vùng cao.",
        "Quà gồm áo ấm, sách vở và một phần tiền mặt để các em trang trải chi phí học tập trong mùa đông.",
    ),
)


@pytest.mark.parametrize("bold", [False, True])
def test_a_short_brief_whose_first_paragraph_carries_the_dateline_keeps_it_in_the_text(bold: bool):
    """The first paragraph read as the lead (for its "(MNM) -") left too little text, and the brief
    was refused: the paragraph stays in the text, the dateline is still read."""
    title, paras = DATELINED
    first = f"<strong>{esc(paras[0])}</strong>" if bold else esc(paras[0])
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung"><p>{first}</p><p>{esc(paras[1])}</p></div></div>'
    record = extract(story_page(main, title), article_url(title), fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"
    assert record.item["dateline"] == "MNM"
    assert record.item["body"] == "\n\n".join([paras[0].removeprefix("(MNM) - "), paras[1]])


# -- lists whose headline link and teaser share one block -------------------------------------------


def _teased(shape: str, n: int = 10) -> str:
    def href(i: int) -> str:
        return f"/xa-hoi/{slug(OTHERS[i % len(OTHERS)])}-{75000 + i}.html"

    heads = [esc(OTHERS[i % len(OTHERS)]) for i in range(n)]
    if shape == "teaser-after-the-link":
        return "".join(
            f'<p><a href="{href(i)}"><b>{h}</b></a> - {esc(TEASER)}</p>' for i, h in enumerate(heads)
        )
    if shape == "line-break":
        return "".join(
            f'<div class="item"><a class="title" href="{href(i)}">{h}</a><br>{esc(TEASER)}</div>'
            for i, h in enumerate(heads)
        )
    if shape == "table-rows":
        rows = "".join(
            f'<tr><td><img src="/i{i}.jpg"></td><td><a href="{href(i)}"><b>{h}</b></a><br>{esc(TEASER)}</td></tr>'
            for i, h in enumerate(heads)
        )
        return f"<table>{rows}</table>"
    return (
        "<ul>"
        + "".join(f'<li><a href="{href(i)}">{h}</a><p>{esc(TEASER)}</p></li>' for i, h in enumerate(heads))
        + "</ul>"
    )


TEASED = ["teaser-after-the-link", "line-break", "table-rows", "list-items"]


@pytest.mark.parametrize("heading", ["<h1>Xã hội</h1>", ""], ids=["section-heading", "no-heading"])
@pytest.mark.parametrize(
    "url", ["/xa-hoi/", "/xa-hoi/nong-dan-thu-hoach-che-71234.html", "/tin-tuc/chi-tiet.aspx?id=71234"]
)
@pytest.mark.parametrize("shape", TEASED)
def test_a_list_of_headline_links_each_with_its_teaser_in_one_block_is_no_article(
    shape: str, url: str, heading: str
):
    main = f'<div class="list">{heading}{_teased(shape)}</div>'
    record = extract(page(main, "Xã hội", meta_date=False), f"https://{DOMAIN}{url}", fetched_at=NOW)
    assert record.item is None, record.item["body"][:200]


@pytest.mark.parametrize("shape", TEASED)
def test_a_brief_followed_by_such_a_list_is_read_up_to_it(shape: str):
    title, paras = BRIEF
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}{paragraphs(paras)}{_teased(shape, 8)}</div>'
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert "\n\n".join(p for p in (item["lead"], item["body"]) if p) == "\n\n".join(paras)


def test_a_brief_with_a_few_links_to_other_stories_in_its_sentences_is_an_article():
    title, paras = BRIEF
    linked = (
        f'{esc(paras[0])} Trước đó, <a href="/phap-luat/cong-an-triet-pha-duong-day-ca-do-bong-da-qua-mang-70110.html">'
        "Công an triệt phá đường dây cá độ bóng đá qua mạng</a> cũng tại xã này."
    )
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung"><p>{linked}</p><p>{esc(paras[1])}</p></div></div>'
    record = extract(story_page(main, title), article_url(title), fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"


# -- cards whose heading is not a link ---------------------------------------------------------------


def _unlinked_heading_cards(n: int = 8) -> str:
    return "".join(
        f'<div class="item"><a href="/xa-hoi/{slug(h)}-{76000 + i}.html"><img src="/i{i}.jpg"></a><h3>{esc(h)}</h3>'
        f'<p>{esc(TEASER)}</p><a href="/xa-hoi/{slug(h)}-{76000 + i}.html">Xem tiếp</a></div>'
        for i, h in enumerate(OTHERS[:n])
    )


@pytest.mark.parametrize("url", ["/xa-hoi/", "/xa-hoi/nong-dan-thu-hoach-che-71234.html"])
def test_cards_whose_headings_are_unlinked_but_whose_picture_links_a_story_make_a_listing(url: str):
    main = f'<div class="list"><h1>Xã hội</h1>{_unlinked_heading_cards()}</div>'
    record = extract(page(main, "Xã hội", meta_date=False), f"https://{DOMAIN}{url}", fetched_at=NOW)
    assert record.item is None, record.item["body"][:200]


def test_a_brief_followed_by_cards_with_unlinked_headings_is_read_up_to_them():
    title, paras = BRIEF
    main = (
        f'<div class="detail"><h1>{esc(title)}</h1>{DATE}{paragraphs(paras)}{_unlinked_heading_cards()}</div>'
    )
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert "\n\n".join(p for p in (item["lead"], item["body"]) if p) == "\n\n".join(paras)


def test_an_article_with_subheadings_and_links_to_stories_in_its_text_is_no_listing():
    title = "Hành trình đưa nước sạch về các bản vùng cao"
    sections = []
    for i, head in enumerate(
        ["Khởi đầu gian nan", "Chung sức", "Nước về bản", "Giữ nguồn nước", "Kỳ vọng mới"]
    ):
        link = f'<a href="/xa-hoi/{slug(OTHERS[i])}-{70300 + i}.html">{esc(OTHERS[i])}</a>'
        sections.append(
            f"<h3>{head}</h3><p>Theo người dân, công trình nước sạch số {i + 1} được khởi công từ đầu năm, với sự chung tay"
            f" của chính quyền và bà con các bản. Xem thêm bài {link} để biết thêm chi tiết.</p>"
        )
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{"".join(sections)}</div></div>'
    record = extract(story_page(main, title), article_url(title), fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"
    assert "Kỳ vọng mới" in record.item["body"]


def test_a_brief_followed_by_cards_of_two_lines_each_is_read_up_to_them():
    """Each card brings its teaser and an update line under its linked heading: no text resumes."""
    title, paras = BRIEF
    cards_html = "".join(
        f'<h3><a href="/xa-hoi/{slug(h)}-{77000 + i}.html">{esc(h)}</a></h3><p>{esc(TEASER)}</p>'
        f"<p>Cập nhật lúc 08:00 ngày 0{1 + i}/12 bởi phóng viên thường trú tại địa phương.</p>"
        for i, h in enumerate(OTHERS[:6])
    )
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}{paragraphs(paras)}{cards_html}</div>'
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert "\n\n".join(p for p in (item["lead"], item["body"]) if p) == "\n\n".join(paras)


# -- a home page whose top story's headline is the page's only <h1> ----------------------------------


@pytest.mark.parametrize("teaser", [ONE_PARAGRAPH[1][0], " ".join(BRIEF[1])], ids=["one-paragraph", "longer"])
def test_a_home_page_whose_h1_links_to_its_top_story_is_no_article(teaser: str):
    head = OTHERS[3]
    top = (
        f'<div class="top"><h1><a href="/xa-hoi/{slug(head)}-72100.html">{esc(head)}</a></h1>'
        f'<span class="time">05/12/2026 08:30</span><p>{esc(teaser)}</p></div>'
    )
    main = f'<div class="home">{top}{cards(10, wrap="")}</div>'
    url = f"https://{DOMAIN}/xa-hoi/nong-dan-thu-hoach-che-71234.html"
    record = extract(page(main, NAME, meta_date=False, og_title=NAME), url, fetched_at=NOW)
    assert record.item is None, record.item["body"][:200]


def test_a_headline_that_links_to_its_own_page_is_still_the_article():
    title, paras = BRIEF
    url = article_url(title)
    main = (
        f'<div class="detail"><h1><a href="{url}">{esc(title)}</a></h1>{DATE}'
        f'<div class="noi-dung">{paragraphs(paras)}</div></div>'
    )
    record = extract(story_page(main, title), url, fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"


@pytest.mark.parametrize(
    "promo",
    [
        '<p><em>Theo dõi Báo Miền Núi Mới trên <a href="https://news.google.com/x">Google News</a></em></p>',
        '<p style="text-align:center"><em>Quan tâm Zalo OA của Báo Miền Núi Mới để nhận tin nóng mỗi ngày.</em></p>',
    ],
    ids=["google-news", "zalo"],
)
def test_the_papers_follow_us_line_inside_the_text_is_no_paragraph(promo: str):
    title = "Khai mạc hội thi tay nghề thợ may trẻ lần thứ nhất"
    text = f"<p>{esc(TEASER_TEXT[0])}</p>{promo}<p>{esc(TEASER_TEXT[1])}</p>"
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{text}</div></div>'
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert "\n\n".join(p for p in (item["lead"], item["body"]) if p) == "\n\n".join(TEASER_TEXT)


def test_a_sentence_that_starts_with_following_a_platform_stays_text():
    title = "Khai mạc hội thi tay nghề thợ may trẻ lần thứ nhất"
    line = "Theo dõi diễn biến trên Facebook, nhiều phụ huynh cho biết rất mong chờ kết quả hội thi năm nay."
    main = f'<div class="detail"><h1>{esc(title)}</h1>{DATE}<div class="noi-dung">{paragraphs((*TEASER_TEXT, line))}</div></div>'
    item = extract(story_page(main, title), article_url(title), fetched_at=NOW).item
    assert item["body"].endswith(line)


def test_a_flat_one_paragraph_brief_whose_date_bar_stands_above_the_headline_is_an_article():
    """The date bar above the headline marks the story as the date line under it does (the
    metadata date cannot be told from the slug once the text is cut before the cards)."""
    title, paras = ONE_PARAGRAPH
    main = f'<div class="detail">{DATE}<h1>{esc(title)}</h1>{paragraphs(paras)}<h3>Tin cùng chuyên mục</h3>{cards()}</div>'
    record = extract(story_page(main, title), article_url(title), fetched_at=NOW)
    assert record.refusal is None, f"{record.refusal}: {record.reason}"
    assert record.item["body"] == paras[0]
