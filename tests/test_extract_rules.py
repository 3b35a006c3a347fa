"""The individual rules other extractors get wrong, each on a minimal page or string."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.extract import NotAnArticle, extract_article
from crawler.extract.fields import split_dateline, strip_site_suffix
from crawler.extract.people import parse_byline, title_case

NOW = datetime(2026, 6, 30, tzinfo=UTC)
PARA_LIST = [
    f"<p>Đoạn văn thứ {i} kể lại diễn biến của sự việc, với đủ câu chữ, dấu phẩy và dấu chấm "
    f"để trở thành một đoạn văn thật sự trong bài báo.</p>"
    for i in range(1, 5)
]
PARAS = "".join(PARA_LIST)
PARAS_LAST = "để trở thành một đoạn văn thật sự trong bài báo."


def page(
    head: str = "", header: str = "", body: str = PARAS, after: str = "", title: str = "Tiêu đề bài viết mẫu"
) -> str:
    return (
        f"<html><head><meta charset='utf-8'><title>{title} - Báo Mẫu</title>{head}</head><body>"
        f"<div class='wrap'><div class='article'><h1>{title}</h1>{header}"
        f"<div class='article-content'>{body}</div>{after}</div></div></body></html>"
    )


def extract(html: str, url: str = "https://baomau.vn/tieu-de-bai-viet-mau-123456.html") -> dict:
    return extract_article(html, url, fetched_at=NOW)


# -- bylines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "names", "source"),
    [
        ("DUY NGUYỄN", ["Duy Nguyễn"], None),
        ("DUY DANH - HOÀNG SA", ["Duy Danh", "Hoàng Sa"], None),
        ("Tin, ảnh: P.Y", ["P.Y"], None),
        ("Bài, ảnh: NGỌC TRÂM", ["Ngọc Trâm"], None),
        ("Bài và ảnh: Lê Hoa, Trần Minh", ["Lê Hoa", "Trần Minh"], None),
        ("Ảnh: K. MIÊN", ["K. Miên"], None),
        ("Q.ANH - T.NHƯ", ["Q.Anh", "T.Như"], None),
        ("Theo TTXVN", [], "TTXVN"),
        ("(Theo VnExpress)", [], "VnExpress"),
        ("HÀ THU (theo Reuters)", ["Hà Thu"], "Reuters"),
        ("Hà Thu (tổng hợp)", ["Hà Thu"], None),
        ("Theo Sầm Hoa (Vietnamnet/Reuters)", ["Sầm Hoa"], "Vietnamnet/Reuters"),
    ],
)
def test_byline_lines(line: str, names: list[str], source: str | None):
    assert parse_byline(line) == (names, source)


@pytest.mark.parametrize(
    "line",
    [
        "Báo Lâm Đồng",
        "Ban Biên tập",
        "Theo quy định của pháp luật hiện hành thì",
        "Ngày 12/3/2026",
        "https://baomau.vn/tac-gia",
    ],
)
def test_not_bylines(line: str):
    assert parse_byline(line)[0] == []


def test_title_case_keeps_initials_and_mixed_case():
    assert title_case("NGUYỄN VĂN ĐẠI") == "Nguyễn Văn Đại"
    assert title_case("P.Y") == "P.Y"
    assert title_case("Hồ Hương") == "Hồ Hương"


def test_closing_byline_and_source_leave_the_body():
    html = page(
        body=PARAS + "<p style='text-align:right'><strong>DUY NGUYỄN</strong></p><p><em>Theo TTXVN</em></p>"
    )
    item = extract(html)
    assert item["authors"] == ["Duy Nguyễn"]
    assert item["source_attribution"] == "TTXVN"
    assert "NGUYỄN" not in item["body"] and "TTXVN" not in item["body"]


def test_an_upper_case_subheading_inside_the_text_stays():
    html = page(body="<p><strong>I. BỐI CẢNH CHUNG</strong></p>" + PARAS)
    assert extract(html)["body"].startswith("I. BỐI CẢNH CHUNG")


# -- dateline and lead -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "dateline", "rest"),
    [
        ("(LĐ online) - Chiều 2/1, hội nghị khai mạc.", "LĐ online", "Chiều 2/1, hội nghị khai mạc."),
        ("(CTO)- Sáng 8-1, đoàn công tác đến thăm.", "CTO", "Sáng 8-1, đoàn công tác đến thăm."),
        ("(GLO)-Tỉnh tổ chức hội thảo.", "GLO", "Tỉnh tổ chức hội thảo."),
        ("(Baonghean.vn) - Ngày 5/3, tỉnh họp.", "Baonghean.vn", "Ngày 5/3, tỉnh họp."),
        ("TPO - Sáng nay, trường khai giảng.", "TPO", "Sáng nay, trường khai giảng."),
        ("(TNO) Tòa án xét xử vụ án.", "TNO", "Tòa án xét xử vụ án."),
        ("Ngày 8-1 (theo lịch), đoàn đến - rồi về.", None, "Ngày 8-1 (theo lịch), đoàn đến - rồi về."),
    ],
)
def test_dateline_split(text: str, dateline: str | None, rest: str):
    assert split_dateline(text) == (dateline, rest)


def test_lead_in_the_first_paragraph_with_a_dateline_leaves_the_body():
    html = page(
        body="<p><strong>(CTO)</strong> - Sáng 14-5, hơn 600 người tham gia làm sạch kênh rạch.</p>" + PARAS
    )
    item = extract(html)
    assert item["dateline"] == "CTO"
    assert item["lead"] == "Sáng 14-5, hơn 600 người tham gia làm sạch kênh rạch."
    assert "600 người" not in item["body"]


def test_site_suffix_removed_from_metadata_titles():
    assert strip_site_suffix("Tiêu đề bài báo - Báo Lâm Đồng", ("Báo Lâm Đồng",)) == "Tiêu đề bài báo"
    assert strip_site_suffix("Tiêu đề bài báo | Báo Lào Cai điện tử", ()) == "Tiêu đề bài báo"
    assert strip_site_suffix("Hà Nội - Hải Phòng nối cao tốc", ()) == "Hà Nội - Hải Phòng nối cao tốc"


# -- dates -------------------------------------------------------------------------------------

RELATED_FIRST = (
    "<div class='tin-moi'><h3>Tin mới</h3><ul>"
    "<li><a href='/a-1.html'>Tin khác một</a> <span class='date'>Cập nhật lúc 09:10, Thứ Ba, 15/01/2019</span></li>"
    "</ul></div>"
)
RELATED_AFTER = (
    "<div class='box'><h3>Tin liên quan</h3><ul>"
    "<li><a href='/b-2.html'>Tin khác hai</a> (31/12/2018)</li><li><a href='/c-3.html'>Tin ba</a> (28/12/2018)</li>"
    "</ul></div>"
)


def test_related_news_dates_are_never_the_article_date():
    html = page(
        header="<div class='date'>Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)</div>", after=RELATED_AFTER
    )
    html = html.replace("<div class='wrap'>", "<div class='wrap'>" + RELATED_FIRST)
    item = extract(html)
    assert item["published_at"] == "2019-01-02T20:47:00+07:00"
    assert item["updated_at"] is None
    assert item["date_raw"] == "Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)"


def test_only_related_dates_means_no_date():
    item = extract(page(after=RELATED_AFTER))
    assert item["published_at"] is None and "no_published_date" in item["flags"]


def test_zce_related_cards_with_time_markup_do_not_win():
    card = (
        "<article class='story'><h2 class='story__heading'><a href='/x-post1.html'>Khác</a></h2>"
        "<time class='time' datetime='2025-06-30T07:05:00+0700'>30/06/2025 07:05</time></article>"
    )
    html = (
        "<html><head><meta charset='utf-8'><title>Tin zce</title></head><body>"
        + card
        + "<div class='article'><h1 class='article__title cms-title'>Tin zce mẫu đủ dài</h1>"
        "<div class='article__meta'><time class='time' datetime='2025-07-02T09:12:40+0700'>02/07/2025 09:12</time></div>"
        "<div class='article__body zce-content-body cms-body'>"
        + PARAS
        + "</div></div>"
        + card
        + "</body></html>"
    )
    item = extract(html, "https://baolaocai.vn/tin-zce-mau-post405999.html")
    assert item["published_at"] == "2025-07-02T09:12:40+07:00"


def test_date_only_metadata_loses_to_a_visible_time_of_the_same_day():
    ld = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-01-08"}</script>'
    item = extract(page(head=ld, header="<span class='pubdate'>08/01/2026 - 18:21</span>"))
    assert item["published_at"] == "2026-01-08T18:21:00+07:00"
    assert item["date_raw"] == "08/01/2026 - 18:21"


@pytest.mark.parametrize(
    ("meta_time", "shown", "published", "updated"),
    [
        # the page shows another time than its metadata (a draft's creation, a UTC time written
        # as local): readers are told the shown one
        ("2026-03-07T01:05:00+00:00", "07/03/2026 09:00", "2026-03-07T09:00:00+07:00", None),
        ("2026-03-07T09:00:00+00:00", "08/03/2026 01:00", "2026-03-08T01:00:00+07:00", None),
        # the same instant, or the same minute: the metadata's exact value
        ("2026-03-07T01:05:00+00:00", "07/03/2026 08:05", "2026-03-07T08:05:00+07:00", None),
        ("2026-03-07T08:05:37+07:00", "07/03/2026 08:05", "2026-03-07T08:05:37+07:00", None),
        # days away: something else on the page, not this story's time
        ("2026-03-07T01:05:00+00:00", "02/03/2026 09:00", "2026-03-07T08:05:00+07:00", None),
        # a time shown only under an update label stays the update
        (
            "2026-03-07T01:05:00+00:00",
            "Cập nhật: 07/03/2026 11:00",
            "2026-03-07T08:05:00+07:00",
            "2026-03-07T11:00:00+07:00",
        ),
    ],
)
def test_an_exact_metadata_time_against_the_time_the_page_shows(
    meta_time: str, shown: str, published: str, updated: str | None
):
    meta = f'<meta property="article:published_time" content="{meta_time}">'
    item = extract(page(head=meta, header=f"<div class='time'>{shown}</div>"))
    assert (item["published_at"], item["updated_at"]) == (published, updated)


def test_published_and_updated_by_label():
    header = "<span class='date'>Cập nhật: 12/05/2026 08:15</span> <span class='date'>Đăng: 11/05/2026 17:40</span>"
    item = extract(page(header=header))
    assert (item["published_at"], item["updated_at"]) == (
        "2026-05-11T17:40:00+07:00",
        "2026-05-12T08:15:00+07:00",
    )


def test_weekday_contradicting_the_date_is_flagged():
    item = extract(page(header="<div class='date'>Thứ Năm, 02/01/2019 20:47</div>"))
    assert item["published_at"] == "2019-01-02T20:47:00+07:00"
    assert "weekday_mismatch" in item["flags"]


def test_date_without_time_is_flagged():
    item = extract(page(header="<div class='date'>02/01/2019</div>"))
    assert item["published_at"] == "2019-01-02T00:00:00+07:00"
    assert "date_without_time" in item["flags"]


def test_dates_mentioned_in_the_text_are_not_the_publication_date():
    body = (
        "<p>Ngày 15/03/2020, đoàn công tác đã đến thăm và làm việc với địa phương trong nhiều giờ liền.</p>"
        + PARAS
    )
    assert extract(page(body=body))["published_at"] is None


# -- links, images, captions -------------------------------------------------------------------


def test_relative_links_resolve_against_the_page_url_not_base_href():
    base = '<base href="https://baomau.vn/static/templates/version1/homepage/">'
    body = (
        PARAS
        + "<p><img src='image/news/2026/a.jpg'></p><p style='text-align:center'><em>Chú thích ảnh</em></p>"
    )
    item = extract(page(head=base, body=body))
    assert item["images"] == [{"url": "https://baomau.vn/image/news/2026/a.jpg", "caption": "Chú thích ảnh"}]


@pytest.mark.parametrize(
    "block",
    [
        "<figure><img src='/a.jpg'><figcaption>Chú thích ảnh</figcaption></figure>",
        "<table class='image'><tr><td><img src='/a.jpg'></td></tr><tr><td class='image_desc'>Chú thích ảnh</td></tr></table>",
        "<div type='Photo'><img src='/a.jpg'><div class='PhotoCMS_Caption'><p>Chú thích ảnh</p></div></div>",
        "<p><img src='/a.jpg'></p><p class='note'>Chú thích ảnh</p>",
        "<p><img src='/a.jpg'><br><em>Chú thích ảnh</em></p>",
        "<div align='center'><img src='/a.jpg'></div><div align='center'><font size='2'>Chú thích ảnh</font></div>",
    ],
)
def test_captions_stay_with_their_image_and_out_of_the_body(block: str):
    item = extract(page(body="".join(PARA_LIST[:2]) + block + "".join(PARA_LIST[2:])))
    assert item["images"] == [{"url": "https://baomau.vn/a.jpg", "caption": "Chú thích ảnh"}]
    assert "Chú thích" not in item["body"]


def test_lazy_images_prefer_the_real_source_and_skip_junk():
    body = (
        PARAS + "<img src='data:image/gif;base64,R0lGOD' data-src='/that/anh-that.jpg'>"
        "<img src='/images/grey.gif' data-original='/x/anh-2.jpg'><img src='/icons/share.png'>"
        "<img src='/x/pixel.gif' width='1' height='1'>"
    )
    urls = [i["url"] for i in extract(page(body=body))["images"]]
    assert urls == ["https://baomau.vn/that/anh-that.jpg", "https://baomau.vn/x/anh-2.jpg"]


def test_images_whose_url_does_not_parse_are_dropped():
    body = (
        PARAS + "<img src='http:///khong-host.jpg'><img src='https://cdn.baomau.vn:99999/cong-sai.jpg'>"
        "<img src='/x/anh-that.jpg'>"
    )
    urls = [i["url"] for i in extract(page(body=body))["images"]]
    assert urls == ["https://baomau.vn/x/anh-that.jpg"]


def test_related_list_inside_the_body_is_dropped():
    body = (
        PARAS
        + "<p><strong>Tin liên quan:</strong></p><ul><li><a href='/x-1.html'>Một tin khác hẳn</a></li></ul>"
    )
    item = extract(page(body=body))
    assert "Tin liên quan" not in item["body"] and "tin khác hẳn" not in item["body"]


# -- tags and categories -----------------------------------------------------------------------


def test_tags_are_separate_strings():
    after = "<div class='tags'>Từ khóa: <a href='/tag/a'>#Đà Lạt</a> <a href='/tag/b'>#du lịch</a></div>"
    assert extract(page(after=after))["tags"] == ["Đà Lạt", "du lịch"]


def test_metadata_is_never_tags():
    """An SEO list in meta keywords or article:tag is not what the page shows as tags."""
    head = '<meta name="keywords" content="Đà Lạt, hồ Xuân Hương; khởi công">'
    assert extract(page(head=head))["tags"] == []
    head += '<meta property="article:tag" content="Lâm Đồng"><meta property="article:tag" content="đầu tư">'
    assert extract(page(head=head))["tags"] == []


def test_breadcrumb_path_without_home():
    header = (
        "<ul class='breadcrumb'><li><a href='/'>Trang chủ</a></li><li><a href='/kinh-te'>KINH TẾ</a></li>"
        "<li><a href='/kinh-te/dau-tu'>Đầu tư</a></li></ul>"
    )
    item = extract(page(header=header))
    assert (item["categories"], item["category"]) == (["Kinh tế", "Đầu tư"], "Đầu tư")


# -- identity and input ------------------------------------------------------------------------


def test_canonical_on_a_foreign_domain_is_ignored():
    head = '<link rel="canonical" href="https://khac.example.com/bai">'
    item = extract(page(head=head), "http://www.baomau.vn/tieu-de-bai-viet-mau-123456.html?utm_source=fb#top")
    assert item["canonical_url"] == "https://www.baomau.vn/tieu-de-bai-viet-mau-123456.html"
    assert item["id"] == "baomau.vn:123456"


def test_unknown_site_identity():
    item = extract(page(head='<meta property="og:site_name" content="Báo Mẫu">'))
    assert (item["site"], item["source_name"], item["province"]) == ("baomau.vn", "Báo Mẫu", None)


@pytest.mark.parametrize(
    "raw",
    [
        "\ufeff".encode() + page().encode("utf-8"),
        b'<?xml version="1.0" encoding="utf-8"?>' + page().encode("utf-8"),
        page().replace("charset='utf-8'", "charset='windows-1258'").encode("utf-8"),
    ],
)
def test_encodings(raw: bytes):
    assert extract(raw)["title"] == "Tiêu đề bài viết mẫu"


@pytest.mark.parametrize(
    "raw", ["", "   ", b"\x00\x01\x02", "<html><body></body></html>", "plain text, no markup"]
)
def test_empty_or_garbage_is_not_an_article(raw):
    with pytest.raises(NotAnArticle):
        extract(raw)


def test_a_non_http_url_is_refused():
    with pytest.raises(NotAnArticle, match="URL"):
        extract_article(page(), "file:///tmp/a.html")


# -- what is (not) an article ------------------------------------------------------------------


def test_a_short_brief_of_two_real_paragraphs_is_an_article():
    body = "".join(PARA_LIST[:2])
    assert len(extract(page(body=body))["body"]) < 300


def test_one_short_paragraph_is_not_an_article():
    with pytest.raises(NotAnArticle, match="no article body"):
        extract(page(body=PARA_LIST[0]))


def test_a_teaser_before_a_sign_in_form_is_a_login_wall():
    body = "".join(PARA_LIST[:2]) + "<p>Vui lòng đăng nhập để đọc toàn bộ bài viết.</p>"
    with pytest.raises(NotAnArticle, match="login wall"):
        extract(page(body=body))


def test_site_registry_selector_overrides_come_first(monkeypatch):
    from crawler.extract import article
    from crawler.sites import Site

    special = Site(
        spider="mau",
        domain="baomau.vn",
        source_name="Báo Mẫu",
        province="Lâm Đồng",
        family="fck",
        home="https://baomau.vn/",
        selectors={"title": ("h2.tieu-de",), "body": ("div.noi-dung",)},
    )
    monkeypatch.setattr(article, "site_for_url", lambda url: special)
    html = (
        "<html><body><h1>Chuyên mục Xã hội</h1><h2 class='tieu-de'>Tiêu đề thật của bài</h2>"
        "<div class='quang-cao'>"
        + PARA_LIST[0]
        + "</div><div class='noi-dung'>"
        + PARAS
        + "</div></body></html>"
    )
    item = extract(html)
    assert item["title"] == "Tiêu đề thật của bài"
    assert item["body"].startswith("Đoạn văn thứ 1") and item["body"].count("Đoạn văn") == 4
    assert (item["source_name"], item["province"]) == ("Báo Mẫu", "Lâm Đồng")


def test_a_date_in_a_meta_list_item_with_an_author_link_is_kept():
    header = "<ul class='meta'><li><a href='/tac-gia/thu-ha'>Thu Hà</a> - 12/03/2026 10:15</li></ul>"
    assert extract(page(header=header))["published_at"] == "2026-03-12T10:15:00+07:00"


def test_a_bold_subheading_after_a_picture_stays_in_the_body():
    body = PARA_LIST[0] + "<p><img src='/a.jpg'></p><p><strong>Nông dân phấn khởi</strong></p>" + PARA_LIST[1]
    item = extract(page(body=body))
    assert "Nông dân phấn khởi" in item["body"]
    assert item["images"] == [{"url": "https://baomau.vn/a.jpg", "caption": None}]


def test_unrendered_template_text_is_not_body() -> None:
    paras = "".join(
        f"<p>Đoạn văn thứ {i} kể về mùa gặt trên cánh đồng lúa vàng của xã miền núi, bà con phấn khởi.</p>"
        for i in range(1, 5)
    )
    html = (
        '<html><head><meta property="og:type" content="article"></head><body>'
        "<h1>Mùa gặt ở vùng cao</h1><div class='date'>08/01/2026 18:21</div>"
        f"<div id='content-detail'>{paras}<p>{{{{ item.author_name }}}} - {{{{ item.source }}}}</p></div>"
        "</body></html>"
    )
    item = extract_article(html, "https://baolangson.vn/mua-gat-o-vung-cao-123456.html")
    assert "{{" not in item["body"]
    assert item["body"].count("\n\n") == 3


# -- credit lines and closing boxes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("credit", "source"),
    [
        ("<div class='nguontin'>Theo Minh Anh (Thông tấn xã Việt Nam)<div>(12 bình chọn)</div></div>", None),
        (
            "<div class='content_source'><p class='source'> Tạp chí Nông thôn mới</p></div>",
            "Tạp chí Nông thôn mới",
        ),
        ("<div class='nguontin'>Theo VOV</div>", "VOV"),
    ],
)
def test_a_credit_element_after_the_text_is_the_source(credit: str, source: str | None):
    item = extract(page(after=credit))
    expected = source or "Thông tấn xã Việt Nam"
    assert item["source_attribution"] == expected
    assert expected not in item["body"]


def test_no_credit_element_no_source():
    assert (
        extract(page(after="<div class='article-footer'><p>Chia sẻ bài viết</p></div>"))["source_attribution"]
        is None
    )


def test_a_closing_box_that_advertises_the_paper_leaves_the_body_a_fact_box_stays():
    promo = (
        "<div class='notebox'><p><em>Báo Mẫu</em> giới thiệu tới bạn đọc tủ sách nông nghiệp với những cuốn sách"
        " hay về kinh nghiệm trồng trọt.</p><p>Mời bạn đọc đặt mua qua trang của báo.</p></div>"
    )
    item = extract(page(body=PARAS + promo))
    assert "tủ sách" not in item["body"] and item["body"].endswith(PARAS_LAST)
    facts = "<div class='notebox'><p>Dự án có tổng vốn 120 tỷ đồng, dài 12 km, hoàn thành trong năm tới.</p></div>"
    item = extract(page(body=PARAS + facts))
    assert item["body"].endswith("hoàn thành trong năm tới.")
