"""A small Báo Lâm Đồng, written by us, for end-to-end crawls and the bundled sample archive.

The markup follows the structure of the paper's 2025 platform as far as it is known (OneCMS-like:
``/rss/<section>`` feeds with ``+0700`` pubDates, a sitemap index of daily article sitemaps, a
Google News sitemap, ``-<id>.html`` article URLs, ``sc-longform-header`` headers, ``div.entry``
bodies) plus one article of the 2019 archive skin ("Cập nhật lúc ..., Thứ Tư, 02/01/2019 (GMT+7)").
All text is our own.

Two versions of the site exist: ``v2`` differs from ``v1`` in one revised article (new body,
"Cập nhật" time and a newer sitemap ``lastmod``), which is what a second scheduled run must find.

Usage: ``python -m tests.sites.baolamdong_minisite OUT_DIR [--version v1|v2]`` writes the pages and
an ``index.jsonl`` that ``crawler.replay`` serves; ``--warc OUT.warc.gz`` packs them instead.
"""

from __future__ import annotations

import argparse
import html
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

HOST = "https://baolamdong.vn"


@dataclass(frozen=True)
class Article:
    id: int
    slug: str
    section: tuple[str, str]  # (path, name)
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    published: str  # "dd/mm/yyyy HH:MM"
    iso: str  # same instant, ISO with +07:00
    author: str
    tags: tuple[str, ...] = ()
    image: tuple[str, str] | None = None  # (url, caption)
    updated: str | None = None
    related: tuple[tuple[str, str, str], ...] = ()  # (url, title, "dd/mm/yyyy HH:MM")
    aliases: tuple[str, ...] = field(default=())  # other paths that serve the same page

    @property
    def path(self) -> str:
        return f"/{self.slug}-{self.id}.html"

    @property
    def url(self) -> str:
        return HOST + self.path


SECTIONS = {
    "thoi-su": "Thời sự",
    "kinh-te": "Kinh tế",
    "xa-hoi": "Xã hội",
    "van-hoa": "Văn hóa",
}

ARTICLES: tuple[Article, ...] = (
    Article(
        450001,
        "da-lat-mo-rong-tuyen-duong-vanh-dai-phia-dong",
        ("kinh-te", "Kinh tế"),
        "Đà Lạt mở rộng tuyến đường vành đai phía đông",
        "Dự án mở rộng tuyến vành đai phía đông Đà Lạt được khởi công sáng nay, dự kiến hoàn thành trong hai năm.",
        (
            "Tuyến đường dài gần chín cây số nối khu vực Trại Mát với trung tâm phường Lâm Viên, đi qua nhiều vùng trồng rau và hoa.",
            "Theo ban quản lý dự án, mặt đường sẽ được nâng từ hai lên bốn làn xe, kèm vỉa hè và hệ thống thoát nước mới.",
            "Người dân hai bên tuyến đã bàn giao mặt bằng sớm hơn kế hoạch một tháng nhờ công tác vận động được làm kỹ.",
        ),
        "14/08/2025 07:30",
        "2025-08-14T07:30:00+07:00",
        "Minh Khôi",
        tags=("Đà Lạt", "giao thông", "vành đai"),
        image=(
            "https://daknong.1cdn.vn/2025/08/14/vanh-dai-dong.jpg",
            "Lãnh đạo tỉnh bấm nút khởi công dự án",
        ),
        related=(
            ("/lam-dong-don-dau-mua-mua-bao-450090.html", "Lâm Đồng đón đầu mùa mưa bão", "30/07/2025 16:05"),
        ),
    ),
    Article(
        450002,
        "nong-dan-di-linh-thu-hoach-ca-phe-som",
        ("kinh-te", "Kinh tế"),
        "Nông dân Di Linh thu hoạch cà phê sớm",
        "Nhiều hộ ở xã Đinh Trang Thượng bắt đầu hái những trái cà phê chín đầu tiên của niên vụ mới.",
        (
            "Năm nay mưa đến sớm khiến một phần diện tích cà phê chín rải rác từ giữa tháng tám.",
            "Các hộ chỉ hái chọn trái chín để giữ chất lượng, phần còn lại chờ thêm vài tuần mới thu hoạch đồng loạt.",
            "Giá cà phê nhân tại vườn dao động quanh mức cao, giúp bà con có thêm vốn chăm sóc cây sau thu hoạch.",
        ),
        "14/08/2025 09:15",
        "2025-08-14T09:15:00+07:00",
        "Thanh Hà",
        tags=("cà phê", "Di Linh"),
    ),
    Article(
        450003,
        "truong-hoc-vung-sau-san-sang-nam-hoc-moi",
        ("xa-hoi", "Xã hội"),
        "Trường học vùng sâu sẵn sàng cho năm học mới",
        "Các điểm trường ở huyện Lạc Dương đã sửa xong phòng học, kịp đón học sinh tựu trường.",
        (
            "Giáo viên và phụ huynh cùng nhau dọn dẹp lớp học, sơn lại bàn ghế và trồng thêm cây xanh quanh sân trường.",
            "Nhiều điểm trường được trang bị thêm máy chiếu và tủ sách nhờ nguồn vận động từ các doanh nghiệp.",
            "Ngành giáo dục địa phương cho biết tỉ lệ học sinh người đồng bào dân tộc thiểu số đến lớp đạt gần như tuyệt đối.",
        ),
        "14/08/2025 10:40",
        "2025-08-14T10:40:00+07:00",
        "Hoàng Yến",
        tags=("giáo dục", "năm học mới"),
        image=(
            "https://daknong.1cdn.vn/2025/08/14/diem-truong.jpg",
            "Học sinh điểm trường Đạ Sar trong giờ ra chơi",
        ),
    ),
    Article(
        450004,
        "le-hoi-hoa-tam-giac-mach-tren-cao-nguyen",
        ("van-hoa", "Văn hóa"),
        "Mùa hoa tam giác mạch trên cao nguyên",
        "Những cánh đồng tam giác mạch ven hồ Tuyền Lâm thu hút đông khách tham quan dịp cuối tuần.",
        (
            "Hoa được gieo từ đầu tháng sáu, đến nay đã phủ hồng nhiều sườn đồi thoải.",
            "Chủ vườn thu phí vào cửa thấp, khách có thể chụp ảnh và mua bánh làm từ hạt tam giác mạch.",
            "Đơn vị quản lý khu du lịch khuyến cáo du khách không dẫm lên luống hoa và mang rác ra khỏi vườn.",
        ),
        "15/08/2025 06:50",
        "2025-08-15T06:50:00+07:00",
        "Phương Nhi",
        tags=("du lịch", "hoa"),
    ),
    Article(
        450005,
        "bao-lam-dua-vao-van-hanh-tram-y-te-moi",
        ("xa-hoi", "Xã hội"),
        "Bảo Lâm đưa vào vận hành trạm y tế mới",
        "Trạm y tế xã Lộc Bắc vừa được bàn giao, có phòng khám, phòng tiêm chủng và khu lưu bệnh riêng.",
        (
            "Công trình được xây trên nền trạm cũ đã xuống cấp sau hơn hai mươi năm sử dụng.",
            "Trạm có hai bác sĩ và bốn y sĩ thường trực, phục vụ hơn tám nghìn người dân trong xã.",
            "Người dân không còn phải đi hơn ba mươi cây số để tiêm chủng cho trẻ nhỏ như trước đây.",
        ),
        "15/08/2025 08:05",
        "2025-08-15T08:05:00+07:00",
        "Quốc Bảo",
        tags=("y tế",),
    ),
    Article(
        450006,
        "hop-tac-xa-rau-sach-ky-hop-dong-bao-tieu",
        ("kinh-te", "Kinh tế"),
        "Hợp tác xã rau sạch ký hợp đồng bao tiêu",
        "Một hợp tác xã ở Đơn Dương ký hợp đồng cung cấp rau cho chuỗi siêu thị tại thành phố Hồ Chí Minh.",
        (
            "Theo hợp đồng, mỗi ngày hợp tác xã giao khoảng năm tấn rau ăn lá và củ quả các loại.",
            "Thành viên hợp tác xã phải ghi nhật ký sản xuất và tuân thủ quy trình sử dụng phân bón theo hướng dẫn.",
            "Giá thu mua được thỏa thuận theo quý, giúp nhà vườn yên tâm đầu tư nhà màng và tưới nhỏ giọt.",
        ),
        "15/08/2025 09:30",
        "2025-08-15T09:30:00+07:00",
        "Thanh Hà",
        tags=("nông nghiệp", "Đơn Dương"),
    ),
    Article(
        450007,
        "phan-thiet-chuan-bi-mua-du-lich-cuoi-nam",
        ("kinh-te", "Kinh tế"),
        "Phan Thiết chuẩn bị cho mùa du lịch cuối năm",
        "Các khu nghỉ dưỡng ven biển Mũi Né đang sửa sang phòng ốc, đón lượng khách quốc tế dự kiến tăng mạnh.",
        (
            "Nhiều khách sạn tuyển thêm nhân viên biết tiếng Nga và tiếng Hàn để phục vụ các đoàn khách dài ngày.",
            "Chính quyền địa phương tăng cường kiểm tra vệ sinh bãi biển và niêm yết giá dịch vụ.",
        ),
        "15/08/2025 10:10",
        "2025-08-15T10:10:00+07:00",
        "Ngọc Trâm",
        tags=("du lịch", "Mũi Né"),
    ),
    Article(
        450008,
        "gia-nghia-khoi-cong-cong-vien-trung-tam",
        ("thoi-su", "Thời sự"),
        "Gia Nghĩa khởi công công viên trung tâm",
        "Công viên rộng sáu héc-ta nằm cạnh hồ Thiên Nga, có đường đi bộ, sân chơi và khu tập thể dục.",
        (
            "Dự án dùng vốn ngân sách tỉnh, thời gian thi công dự kiến mười tám tháng.",
            "Thiết kế giữ lại hàng thông già và thảm cỏ tự nhiên ven hồ, hạn chế bê tông hóa.",
            "Người dân được lấy ý kiến về vị trí sân chơi trẻ em và bãi đỗ xe trước khi phê duyệt.",
        ),
        "15/08/2025 14:20",
        "2025-08-15T14:20:00+07:00",
        "Hồng Thắm",
    ),
    Article(
        450009,
        "lam-dong-kiem-tra-an-toan-ho-dap-mua-mua",
        ("thoi-su", "Thời sự"),
        "Lâm Đồng kiểm tra an toàn hồ đập mùa mưa",
        "Đoàn kiểm tra liên ngành rà soát hơn hai mươi hồ chứa thủy lợi trước cao điểm mưa lũ.",
        (
            "Đoàn yêu cầu các đơn vị quản lý vận hành hồ đúng quy trình và báo cáo mực nước hằng ngày.",
            "Một số hồ nhỏ có mái đập bị sạt lở cục bộ được yêu cầu gia cố ngay trong tháng.",
            "Người dân vùng hạ du được hướng dẫn cách nhận biết cảnh báo xả lũ qua loa phát thanh xã.",
        ),
        "16/08/2025 07:45",
        "2025-08-16T07:45:00+07:00",
        "Quốc Bảo",
        tags=("phòng chống thiên tai",),
    ),
    # Reachable under two URLs: a listing still links the old slug; both serve the page,
    # whose canonical is the new slug. One article, one output line.
    Article(
        450010,
        "xa-ta-nang-don-nhan-bang-cong-nhan-nong-thon-moi",
        ("thoi-su", "Thời sự"),
        "Xã Tà Năng đón nhận bằng công nhận nông thôn mới",
        "Sau năm năm nỗ lực, xã Tà Năng đạt đủ mười chín tiêu chí nông thôn mới.",
        (
            "Đường vào các thôn đã được bê tông hóa, trường học và trạm y tế đạt chuẩn.",
            "Thu nhập bình quân đầu người của xã tăng gần gấp đôi so với năm năm trước.",
            "Xã đặt mục tiêu tiếp tục xây dựng nông thôn mới nâng cao trong giai đoạn tới.",
        ),
        "16/08/2025 09:00",
        "2025-08-16T09:00:00+07:00",
        "Minh Khôi",
        tags=("nông thôn mới",),
        aliases=("/ta-nang-don-bang-nong-thon-moi-450010.html",),
    ),
    # The revised article: v2 changes its body and shows an update time.
    Article(
        450011,
        "du-bao-mua-lon-dien-rong-cuoi-tuan",
        ("thoi-su", "Thời sự"),
        "Dự báo mưa lớn diện rộng cuối tuần",
        "Đài khí tượng tỉnh cảnh báo mưa vừa đến mưa to tại nhiều khu vực từ chiều thứ bảy.",
        (
            "Lượng mưa phổ biến từ ba mươi đến bảy mươi mi-li-mét, có nơi trên một trăm mi-li-mét.",
            "Người dân được khuyến cáo không đi qua các ngầm tràn khi nước chảy xiết.",
        ),
        "16/08/2025 11:30",
        "2025-08-16T11:30:00+07:00",
        "Hồng Thắm",
        tags=("thời tiết",),
    ),
)

# The 2019 archive skin (F3 family) of the seed article, with our own text.
ARCHIVE_PATH = "/chinh-tri/201901/hoi-nghi-tong-ket-cong-tac-dan-van-nam-2018-3012345/"
ARCHIVE_URL = HOST + ARCHIVE_PATH

REVISED_PARAGRAPHS = (
    "Lượng mưa phổ biến từ ba mươi đến bảy mươi mi-li-mét, có nơi trên một trăm mi-li-mét.",
    "Người dân được khuyến cáo không đi qua các ngầm tràn khi nước chảy xiết.",
    "Bản tin cập nhật lúc trưa cho biết vùng mưa lớn đã mở rộng xuống các xã phía nam của tỉnh.",
)
REVISED_UPDATED = "16/08/2025 12:45"
V2_REGENERATED = "2025-08-17T06:00:00+07:00"  # when v2's sitemaps were written, after every v1 lastmod

NOT_ARTICLE_PATH = "/tong-hop-tin-trong-ngay-100003.html"  # a digest of links at an article-like URL
BROKEN_PATH = "/hoi-thao-chuyen-doi-so-doanh-nghiep-450012.html"  # truncated in transit
MISSING_PATH = "/bai-viet-da-go-450013.html"  # linked from a listing, gone (404)

NAV = "".join(f'<li><a href="/{p}">{html.escape(n)}</a></li>' for p, n in SECTIONS.items())


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _page(head: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{head}\n</head>\n<body>\n"
        '<header class="c-header"><a class="c-logo" href="/"><img src="/images/logo.png" alt="Báo Lâm Đồng"></a>'
        f'<nav class="c-menu"><ul>{NAV}</ul></nav>'
        '<div class="onecms__currentTime">Thứ Bảy, 16/08/2025</div></header>\n'
        f"{body}\n"
        '<footer class="c-footer"><p>Báo Lâm Đồng - Cơ quan của Đảng bộ tỉnh Lâm Đồng.</p>'
        "<p>Giấy phép hoạt động báo chí số 123/GP-BTTTT ngày 05/03/2017.</p></footer>\n"
        "</body>\n</html>\n"
    )


def article_html(a: Article, *, revised: bool = False) -> str:
    paragraphs = REVISED_PARAGRAPHS if revised else a.paragraphs
    updated = REVISED_UPDATED if revised else a.updated
    section_path, section_name = a.section
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.lead,
        "datePublished": a.iso,
        "author": {"@type": "Person", "name": a.author},
        "publisher": {"@type": "Organization", "name": "Báo Lâm Đồng"},
        "mainEntityOfPage": a.url,
    }
    head = (
        f"<title>{_e(a.title)} - Báo Lâm Đồng</title>\n"
        f'<meta name="description" content="{_e(a.lead)}">\n'
        f'<link rel="canonical" href="{a.url}">\n'
        f'<meta property="og:type" content="article">\n<meta property="og:title" content="{_e(a.title)}">\n'
        f'<meta property="og:url" content="{a.url}">\n<meta property="og:site_name" content="Báo Lâm Đồng">\n'
        f'<meta property="article:published_time" content="{a.iso}">\n'
        f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    )
    figure = ""
    if a.image:
        figure = (
            f'<figure class="image"><img src="/images/grey.gif" data-src="{a.image[0]}" alt="{_e(a.title)}">'
            f"<figcaption>{_e(a.image[1])}</figcaption></figure>\n"
        )
    body_paras = [f"<p>{_e(p)}</p>" for p in paragraphs]
    if figure:
        body_paras.insert(1, figure)
    related = ""
    if a.related:
        items = "".join(
            f'<li><h3 class="b-grid__title"><a href="{u}">{_e(t)}</a></h3><time>{d}</time></li>'
            for u, t, d in a.related
        )
        related = f'<div class="c-box"><h2 class="c-box__title">Bài liên quan</h2><ul>{items}</ul></div>'
    tags = ""
    if a.tags:
        links = "".join(f'<a href="/tags/{i}">{_e(t)}</a>' for i, t in enumerate(a.tags, 1))
        tags = f'<div class="c-widget-tags onecms__tags"><span>Từ khóa:</span>{links}</div>'
    updated_html = f'<span class="sc-longform-header-updated">Cập nhật: {updated}</span>' if updated else ""
    body = (
        '<div class="b-maincontent">\n'
        f'<div class="c-breadcrumb"><ul><li><a href="/">Trang chủ</a></li>'
        f'<li><a href="/{section_path}">{_e(section_name)}</a></li></ul></div>\n'
        '<div class="sc-longform-header">\n'
        f'<h1 class="sc-longform-header-title block-sc-title">{_e(a.title)}</h1>\n'
        '<div class="sc-longform-header-meta">'
        f'<span class="sc-longform-header-author block-sc-author">{_e(a.author)}</span> '
        f'<span class="sc-longform-header-date block-sc-publish-time">{a.published}</span>{updated_html}</div>\n'
        '<div class="sc-longform-header-text">'
        f'<p class="sc-longform-header-sapo block-sc-sapo">(LĐ online) - {_e(a.lead)}</p></div>\n'
        "</div>\n"
        '<article class="entry entry-no-padding">\n' + "\n".join(body_paras) + f"\n{related}\n</article>\n"
        f"{tags}\n</div>\n"
        '<aside class="c-sidebar"><div class="c-box"><h2 class="c-box__title">Đọc nhiều</h2><ul>'
        '<li><a href="/lam-dong-don-dau-mua-mua-bao-450090.html">Lâm Đồng đón đầu mùa mưa bão</a>'
        "<time>29/07/2025 08:00</time></li></ul></div></aside>"
    )
    return _page(head, body)


def archive_html() -> str:
    """The 2019 skin: F3 family, visible date only, upper-case byline, related list with dates."""
    head = (
        "<title>Hội nghị tổng kết công tác dân vận năm 2018</title>\n"
        f'<meta property="og:url" content="{ARCHIVE_URL}">\n'
        '<meta property="og:title" content="Hội nghị tổng kết công tác dân vận năm 2018">'
    )
    body = (
        '<div class="container"><div class="breadcrumb"><a href="/">Trang chủ</a> › '
        '<a href="/chinh-tri/">Chính trị</a></div>\n'
        '<div class="main-article">\n'
        '<h1 class="media-heading title5">Hội nghị tổng kết công tác dân vận năm 2018</h1>\n'
        '<div class="date">Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)</div>\n'
        '<div class="article_content"><div class="content" id="content">\n'
        "<p><strong>(LĐ online) - Chiều 2/1/2019, Ban Dân vận Tỉnh ủy tổ chức hội nghị tổng kết công tác dân vận "
        "năm 2018 và triển khai nhiệm vụ năm 2019.</strong></p>\n"
        '<table class="image"><tr><td><img src="/file/e7837c02857c8ca30185a8c39b582c03/dataimages/201901/'
        'original/images2001234_hoi_nghi.jpg" alt=""></td></tr>'
        '<tr><td class="caption">Quang cảnh hội nghị tại hội trường Tỉnh ủy</td></tr></table>\n'
        "<p>Báo cáo tại hội nghị cho biết trong năm qua, các cấp ủy đã quan tâm hơn đến việc lắng nghe ý kiến "
        "của người dân trước khi ban hành các chủ trương lớn.</p>\n"
        "<p>Phong trào thi đua dân vận khéo được triển khai rộng khắp, với hàng trăm mô hình hay ở cơ sở "
        "được biểu dương và nhân rộng.</p>\n"
        "<p>Năm 2019, ngành dân vận tập trung nắm bắt tình hình dư luận xã hội, chủ động tham mưu giải quyết "
        "những vấn đề bức xúc ngay từ cơ sở.</p>\n"
        '<p style="text-align: right;"><strong>THANH TÂM</strong></p>\n'
        "</div></div>\n"
        '<div class="tin-lien-quan"><h3>Tin liên quan</h3><ul>'
        '<li><a href="/chinh-tri/201812/hoi-nghi-dan-van-2011111/">Hội nghị dân vận khu vực</a> (28/12/2018)</li>'
        '<li><a href="/chinh-tri/201901/giao-ban-dan-van-3012399/">Giao ban công tác dân vận</a> (15/01/2019)</li>'
        "</ul></div>\n</div></div>"
    )
    return _page(head, body)


def listing_html(section: str, name: str, links: list[tuple[str, str, str]], next_url: str | None) -> str:
    items = "".join(
        f'<li pid="{i}"><h3 class="b-grid__title"><a href="{u}">{_e(t)}</a></h3><time>{d}</time></li>'
        for i, (u, t, d) in enumerate(links)
    )
    more = (
        f'<div class="c-pagination"><a rel="next" href="{next_url}">Trang sau</a></div>' if next_url else ""
    )
    body = (
        f'<div class="b-maincontent"><h1 class="c-cate-title">{_e(name)}</h1>'
        f'<ul class="onecms__loading">{items}</ul>{more}</div>'
    )
    return _page(f"<title>{_e(name)} - Báo Lâm Đồng</title>", body)


def digest_html() -> str:
    """A page at an article-like URL that is a list of links: not an article."""
    links = [(a.path, a.title, a.published) for a in ARTICLES[:8]]
    return listing_html("tong-hop", "Tổng hợp tin trong ngày", links, None)


def broken_html() -> str:
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>Hội thảo chuyển đổi số doanh '
        'nghiệp</title></head><body><header class="c-header"><nav class="c-menu"><ul>'
    )


def rss_xml(articles: list[Article]) -> str:
    days = {"14": "Thu", "15": "Fri", "16": "Sat"}
    items = []
    for a in articles:
        d, _month, y_time = a.published.split("/")
        y, hm = y_time.split(" ")
        pub = f"{days[d]}, {d} Aug {y} {hm}:00 +0700"
        items.append(
            f"<item><title><![CDATA[{a.title}]]></title><link>{a.url}</link><guid>{a.url}</guid>"
            f'<description><![CDATA[<img src="{HOST}/images/t.jpg"> {a.lead}]]></description>'
            f"<pubDate>{pub}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Thời sự - Báo Lâm Đồng'
        f"</title><link>{HOST}/thoi-su</link><description>Tin thời sự</description>"
        + "".join(items)
        + "</channel></rss>\n"
    )


def sitemap_index(days: list[str], lastmods: dict[str, str] | None = None) -> str:
    """The index of daily sitemaps. A child's lastmod is ``lastmods[day]`` (the newest lastmod in
    the child: the index tells when a child changed, and a revised article moves it), else the
    end of its day."""
    lastmods = lastmods or {}
    return sitemap_index_of(
        [(f"{HOST}/sitemap-article-{d}.xml", lastmods.get(d) or f"{d}T23:59:00+07:00") for d in days]
    )


def sitemap_index_of(children: list[tuple[str, str]]) -> str:
    """A sitemap index of ``(child URL, lastmod)`` entries."""
    entries = "".join(f"<sitemap><loc>{u}</loc><lastmod>{lm}</lastmod></sitemap>" for u, lm in children)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n'
    )


def urlset(entries: list[tuple[str, str]]) -> str:
    urls = "".join(f"<url><loc>{u}</loc><lastmod>{lm}</lastmod></url>" for u, lm in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )


def news_sitemap(articles: list[Article]) -> str:
    urls = "".join(
        f"<url><loc>{a.url}</loc><news:news><news:publication><news:name>Báo Lâm Đồng</news:name>"
        f"<news:language>vi</news:language></news:publication>"
        f"<news:publication_date>{a.iso}</news:publication_date>"
        f"<news:title>{_e(a.title)}</news:title></news:news></url>"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' + urls + "</urlset>\n"
    )


def _lastmod(a: Article, version: str) -> str:
    if version == "v2" and a.id == 450011:
        d, m, rest = REVISED_UPDATED.split("/")
        y, hm = rest.split(" ")
        return f"{y}-{m}-{d}T{hm}:00+07:00"
    return a.iso[:-6] + ":01+07:00"  # OneCMS: publish time + 1 s


def build(version: str = "v1") -> dict[str, tuple[int, str, str]]:
    """URL -> (status, content type, body) of every page of the site in ``version``."""
    by_day: dict[str, list[Article]] = {}
    for a in ARTICLES:
        by_day.setdefault(a.iso[:10], []).append(a)
    pages: dict[str, tuple[int, str, str]] = {}
    html_t, xml_t = "text/html; charset=utf-8", "application/xml; charset=utf-8"
    for a in ARTICLES:
        page = article_html(a, revised=(version == "v2" and a.id == 450011))
        pages[a.url] = (200, html_t, page)
        for alias in a.aliases:
            pages[HOST + alias] = (200, html_t, page)
    pages[ARCHIVE_URL] = (200, html_t, archive_html())
    pages[HOST + NOT_ARTICLE_PATH] = (200, html_t, digest_html())
    pages[HOST + BROKEN_PATH] = (200, html_t, broken_html())

    thoi_su = [a for a in ARTICLES if a.section[0] == "thoi-su"]
    pages[HOST + "/rss/thoi-su"] = (200, "application/rss+xml; charset=utf-8", rss_xml(thoi_su))
    children: dict[str, str] = {}
    for day, day_articles in by_day.items():
        entries = [(a.url, _lastmod(a, version)) for a in day_articles]
        if day == "2025-08-16":
            entries.append((HOST + BROKEN_PATH, "2025-08-16T13:00:01+07:00"))
        pages[f"{HOST}/sitemap-article-{day}.xml"] = (200, xml_t, urlset(entries))
        children[day] = max(entries, key=lambda e: datetime.fromisoformat(e[1]))[1]
        if version == "v2" and any(a.id == 450011 for a in day_articles):
            children[day] = V2_REGENERATED  # the child changed: the index says when
    pages[HOST + "/sitemap.xml"] = (200, xml_t, sitemap_index(sorted(children), children))
    pages[HOST + "/sitemap-news.xml"] = (200, xml_t, news_sitemap(list(ARTICLES[-4:])))

    # Section listings: "Kinh tế" spans two pages; "Chính trị" leads to the 2019 archive page.
    kinh_te = [(a.path, a.title, a.published) for a in ARTICLES if a.section[0] == "kinh-te"]
    pages[HOST + "/kinh-te"] = (
        200,
        html_t,
        listing_html("kinh-te", "Kinh tế", kinh_te[:2], "/kinh-te?page=2"),
    )
    pages[HOST + "/kinh-te?page=2"] = (
        200,
        html_t,
        listing_html("kinh-te", "Kinh tế", [*kinh_te[2:], (MISSING_PATH, "Bài viết đã gỡ", "")], None),
    )
    xa_hoi = [(a.path, a.title, a.published) for a in ARTICLES if a.section[0] in ("xa-hoi", "van-hoa")]
    xa_hoi += [
        (ARTICLES[9].aliases[0], ARTICLES[9].title, ARTICLES[9].published),
        (NOT_ARTICLE_PATH, "Tổng hợp", ""),
    ]
    pages[HOST + "/xa-hoi"] = (200, html_t, listing_html("xa-hoi", "Xã hội", xa_hoi, None))
    pages[HOST + "/chinh-tri"] = (
        200,
        html_t,
        listing_html("chinh-tri", "Chính trị", [(ARCHIVE_PATH, "Hội nghị dân vận", "")], None),
    )
    return pages


def write_directory(out: Path, version: str = "v1") -> Path:
    """Write the pages and ``index.jsonl`` (url, file, status, content_type) under ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    lines = []
    for n, (url, (status, ctype, body)) in enumerate(sorted(build(version).items())):
        name = f"page-{n:03d}" + (".xml" if "xml" in ctype else ".html")
        (out / name).write_text(body, encoding="utf-8")
        lines.append(json.dumps({"url": url, "file": name, "status": status, "content_type": ctype}))
    (out / "index.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def write_warc(path: Path, version: str = "v1") -> Path:
    """Pack the pages of ``version`` into a WARC at ``path`` (what the end-to-end crawls replay)."""
    from crawler.replay import write_warc as pack

    entries = [
        (url, status, [("Content-Type", ctype)], body.encode("utf-8"))
        for url, (status, ctype, body) in sorted(build(version).items())
    ]
    pack(entries, path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--version", choices=("v1", "v2"), default="v1")
    parser.add_argument("--warc", action="store_true", help="write OUT as a .warc.gz instead of a directory")
    args = parser.parse_args()
    if args.warc:
        write_warc(args.out, args.version)
    else:
        write_directory(args.out, args.version)


if __name__ == "__main__":
    main()
