"""The crawl learns a site's missing-page heading from the pages the site itself shows as missing
(a 404 notice, a notice refused by structure), and refuses a later soft 404 with that heading
even when its template carries enough text to pass for an article on its own."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler import settings as project_settings
from crawler.extract import extract
from crawler.extract.notfound import NotFoundHeadings, heading_key, headings_of
from crawler.signals import page_rejected
from crawler.sites import get_site
from spiders.registry import spider_class

HOST = "https://baolamdong.vn"
HEADING = "Không tìm thấy bài viết"
NOTICE = (
    f"<html><head><title>{HEADING} | Báo Lâm Đồng</title></head><body><div class='logo'>Báo Lâm Đồng</div>"
    f"<h1>{HEADING}</h1><p>Bài viết bạn tìm không tồn tại. Quay lại <a href='/'>trang chủ</a>.</p></body></html>"
)
HELP = (
    "Đường dẫn bạn vừa mở có thể đã thay đổi sau khi tòa soạn sắp xếp lại các chuyên mục trên trang điện tử.",
    "Bạn đọc có thể dùng ô tìm kiếm ở đầu trang để tìm lại bài viết theo tiêu đề hoặc theo tên tác giả.",
    "Các chuyên mục Thời sự, Kinh tế, Văn hóa và Du lịch vẫn được cập nhật tin mới hằng giờ trong ngày.",
    "Nếu bạn cho rằng đây là lỗi của hệ thống, xin gửi thư cho ban biên tập kèm đường dẫn đã mở để được hỗ trợ.",
)
# The same template at a missing URL answered 200, with help text a single page cannot tell from
# a short article.
SOFT = (
    f"<html><head><title>{HEADING} | Báo Lâm Đồng</title></head><body><div class='logo'>Báo Lâm Đồng</div>"
    f"<div class='detail'><h1 class='title'>{HEADING.upper()}!</h1><div class='content'>"
    + "".join(f"<p>{p}</p>" for p in HELP)
    + "</div></div></body></html>"
)
ARTICLE = (
    "<html><head><title>Đà Lạt mở thêm tuyến xe buýt nội ô | Báo Lâm Đồng</title></head><body>"
    "<h1 class='title'>Đà Lạt mở thêm tuyến xe buýt nội ô</h1><div class='date'>08:30, 05/12/2026</div>"
    "<div class='content'><p>Sáng 5/12, thành phố đưa vào khai thác tuyến xe buýt số 9 nối chợ Đà Lạt với"
    " khu dân cư phía bắc, mỗi chuyến cách nhau 20 phút.</p><p>Giá vé lượt là 8.000 đồng; học sinh và"
    " người cao tuổi được giảm một nửa giá vé theo quy định của tỉnh.</p><p>Đơn vị vận hành cho biết"
    " sẽ bổ sung thêm xe vào giờ cao điểm nếu số hành khách tăng trong tháng đầu.</p></div></body></html>"
)
# A paper that answers a missing URL with its home page: a list of real headlines, whose top story
# is in an <h1>. It is no notice, so it teaches nothing.
HOME = (
    "<html><head><title>Báo Lâm Đồng - Tin tức Lâm Đồng</title></head><body>"
    "<h1><a href='/da-lat-mo-them-tuyen-xe-buyt-noi-o-460001.html'>Đà Lạt mở thêm tuyến xe buýt nội ô</a></h1>"
    + "".join(
        f"<div class='item'><h3><a href='/tin-so-{i}-46001{i}.html'>Tin số {i} về hoạt động của tỉnh trong tuần</a>"
        f"</h3><p>Tóm tắt tin số {i} của tòa soạn.</p></div>"
        for i in range(12)
    )
    + "</body></html>"
)


def test_the_soft_404_passes_for_an_article_on_its_own():
    """The gap this closes: one page alone cannot refuse this template."""
    assert extract(SOFT, HOST + "/bai-cu-da-doi-duong-dan-459001.html").ok


def test_headings_are_the_h1_and_the_title_without_the_paper():
    assert headings_of(NOTICE) == {heading_key(HEADING)}
    assert heading_key("KHÔNG TÌM THẤY BÀI VIẾT!") == heading_key(HEADING)


def test_a_learned_heading_matches_the_whole_headline_on_the_same_site_only():
    known = NotFoundHeadings()
    assert known.learn("baolamdong.vn", NOTICE) == 1
    assert known.learn("baolamdong.vn", NOTICE) == 0  # known already
    assert known.match("baolamdong.vn", "Không tìm thấy bài viết!") == heading_key(HEADING)
    assert known.match("baolaocai.vn", HEADING) is None
    assert known.match("baolamdong.vn", "Không tìm thấy bài viết nào về vụ tai nạn trên đèo Prenn") is None


def test_a_site_keeps_at_most_its_limit_of_headings():
    known = NotFoundHeadings(max_per_site=2)
    pages = [f"<html><body><h1>Trang lỗi số {i}</h1></body></html>" for i in range(4)]
    assert [known.learn("a.vn", p) for p in pages] == [1, 1, 0, 0]
    assert len(known) == 2


def _spider(**settings: object):
    crawler = get_crawler(
        spider_class(get_site("baolamdong")),
        {
            "ARTICLE_FRONTIER_CLASS": project_settings.ARTICLE_FRONTIER_CLASS,
            "INCREMENTAL_ENABLED": False,
            **settings,
        },
    )
    crawler.spider = crawler._create_spider()
    rejected: list[tuple[str, str]] = []
    crawler.signals.connect(
        lambda response, code, reason: rejected.append((response.url, code)), signal=page_rejected, weak=False
    )
    return crawler.spider, rejected


def _response(url: str, body: str, status: int = 200) -> HtmlResponse:
    return HtmlResponse(url, status=status, body=body.encode(), encoding="utf-8", request=Request(url))


def _missing(spider, url: str, body: str) -> None:
    response = _response(url, body, 404)
    failure = Failure(HttpError(response), HttpError)
    failure.request = response.request  # as Scrapy sets it on an errback's failure
    list(spider._article_failed(failure))


@pytest.mark.parametrize("evidence", ["http_404", "refused_notice"])
def test_after_the_site_shows_a_missing_page_its_soft_404s_are_refused(evidence: str):
    spider, rejected = _spider()
    if evidence == "http_404":
        _missing(spider, HOST + "/tin-da-xoa-459000.html", NOTICE)
    else:  # a notice answered 200, refused by its structure
        assert list(spider.parse_article(_response(HOST + "/tin-da-xoa-459000.html", NOTICE))) == []
    soft_url = HOST + "/bai-cu-da-doi-duong-dan-459001.html"
    assert list(spider.parse_article(_response(soft_url, SOFT))) == []
    assert (soft_url, "error_page") in rejected
    stats = spider.crawler.stats
    assert stats.get_value("not_found/headings_learned") == 1
    items = list(
        spider.parse_article(_response(HOST + "/da-lat-mo-them-tuyen-xe-buyt-noi-o-460001.html", ARTICLE))
    )
    assert [i["title"] for i in items] == ["Đà Lạt mở thêm tuyến xe buýt nội ô"]


def test_a_home_page_answered_at_a_missing_url_teaches_nothing():
    spider, _ = _spider()
    _missing(spider, HOST + "/tin-da-xoa-459000.html", HOME)
    items = list(
        spider.parse_article(_response(HOST + "/da-lat-mo-them-tuyen-xe-buyt-noi-o-460001.html", ARTICLE))
    )
    assert [i["title"] for i in items] == ["Đà Lạt mở thêm tuyến xe buýt nội ô"]
    assert spider.crawler.stats.get_value("not_found/headings_learned") is None


def test_learning_can_be_switched_off():
    spider, _ = _spider(LEARN_NOT_FOUND=False)
    _missing(spider, HOST + "/tin-da-xoa-459000.html", NOTICE)
    items = list(spider.parse_article(_response(HOST + "/bai-cu-da-doi-duong-dan-459001.html", SOFT)))
    assert len(items) == 1


def test_a_missing_article_is_not_asked_for_again_when_a_newer_lastmod_turns_up():
    """Scrapy's HttpError is an IgnoreRequest: a 404 was once filed as skipped by the incremental
    filter, so the same URL listed again with a newer lastmod was downloaded again."""
    spider, _ = _spider()
    url = HOST + "/tin-da-xoa-459000.html"
    assert spider.frontier.offer(url, datetime(2026, 12, 1, tzinfo=UTC))
    _missing(spider, url, NOTICE)
    assert not spider.frontier.offer(url, datetime(2026, 12, 5, tzinfo=UTC))
