"""Golden article pages and discovery documents for every spider, from one template per CMS family.

Each template reproduces the structure that ``shared/research/sites.md`` §2-3 and
``shared/research/corpus.md`` §3-4 give for a family or a singleton site (class names, date text,
URL shapes, where the lead and byline sit, the boxes around the body); the text is our own and is
filled in per site, so that 40 spiders need 8 stories, not 40 hand-copied pages.

``golden(spider)`` is the article page with what extraction must find on it; ``discovery(spider)``
is the feed, sitemap or listing that leads to it (in the site's own style), plus a page the spider
must *not* follow (a video page that would extract as an article if it were fetched).

Where the sources give no date markup for a site (most singletons), the template shows the time in
a plausible element and also in ``article:published_time`` or JSON-LD; those parts are our
assumption, not the site's known structure.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from crawler.sites import SITES, Site, get_site
from crawler.textnorm import fold

VN = timezone(timedelta(hours=7))
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


@dataclass(frozen=True)
class Story:
    title: str
    lead: str
    paragraphs: tuple[str, ...]
    author: str
    tags: tuple[str, ...]
    section: tuple[str, str]  # (slug, name)

    def at(self, place: str) -> Story:
        def fill(text: str) -> str:
            return text.replace("{place}", place)

        return Story(
            fill(self.title),
            fill(self.lead),
            tuple(fill(p) for p in self.paragraphs),
            self.author,
            tuple(fill(t) for t in self.tags),
            self.section,
        )


STORIES: tuple[Story, ...] = (
    Story(
        "Nông dân {place} thu hoạch lúa hè thu sớm nửa tháng",
        "Nhờ thời tiết thuận lợi và giống lúa ngắn ngày, nhiều cánh đồng ở {place} cho thu hoạch sớm, năng suất cao hơn vụ trước.",
        (
            "Tại các xã ven sông, máy gặt đập liên hợp hoạt động từ sáng sớm đến chiều tối. Bà con cho biết mỗi héc-ta đạt khoảng sáu tấn rưỡi, cao hơn vụ trước gần nửa tấn.",
            "Ngành nông nghiệp khuyến cáo nông dân phơi sấy kỹ, bảo quản lúa nơi khô ráo và theo dõi giá thu mua để bán vào thời điểm có lợi nhất.",
            "Sau thu hoạch, nhiều hợp tác xã chuẩn bị đất cho vụ rau màu ngắn ngày, tận dụng lượng rơm rạ để ủ phân hữu cơ cho vụ sau.",
        ),
        "Minh Tâm",
        ("lúa hè thu", "nông nghiệp"),
        ("kinh-te", "Kinh tế"),
    ),
    Story(
        "{place} khánh thành cây cầu nối hai bờ sông sau mười tháng thi công",
        "Cây cầu dài hơn hai trăm mét được đưa vào sử dụng, rút ngắn quãng đường đi lại của người dân hai xã từ mười cây số xuống còn một cây số.",
        (
            "Công trình có tổng vốn đầu tư gần một trăm tỷ đồng, mặt cầu rộng chín mét với hai làn xe và lề đi bộ. Đơn vị thi công hoàn thành sớm hơn kế hoạch gần một tháng.",
            "Trước đây, học sinh và người dân phải đi đò hoặc vòng qua quốc lộ mỗi khi sang bờ bên kia. Mùa mưa lũ, bến đò thường phải tạm dừng nhiều ngày liền.",
            "Chính quyền địa phương cho biết sẽ tiếp tục nâng cấp các tuyến đường dẫn vào cầu và lắp đặt hệ thống chiếu sáng trong quý tới.",
        ),
        "Hoàng Long",
        ("giao thông", "cầu mới"),
        ("xa-hoi", "Xã hội"),
    ),
    Story(
        "{place} đưa ba trường học mới vào sử dụng trước năm học",
        "Ba ngôi trường với gần năm mươi phòng học kiên cố đã sẵn sàng đón học sinh, giảm tình trạng học ca ba ở các khu dân cư mới.",
        (
            "Các trường đều có thư viện, phòng tin học, sân thể thao và khu bán trú. Bàn ghế, bảng tương tác được lắp đặt đồng bộ ngay trong tháng này.",
            "Ngành giáo dục đã tuyển dụng đủ giáo viên cho các lớp mới, đồng thời điều chuyển một số cán bộ quản lý có kinh nghiệm về phụ trách.",
            "Phụ huynh trong khu vực bày tỏ vui mừng vì con em được học gần nhà, không còn phải đưa đón xa mỗi ngày như những năm trước.",
        ),
        "Thu Hà",
        ("giáo dục", "trường học"),
        ("giao-duc", "Giáo dục"),
    ),
    Story(
        "Lượng khách du lịch đến {place} tăng mạnh dịp cuối tuần",
        "Các điểm tham quan, khu nghỉ dưỡng ở {place} kín phòng trong hai ngày cuối tuần, doanh thu dịch vụ tăng gần một phần ba so với cùng kỳ.",
        (
            "Nhiều cơ sở lưu trú cho biết khách đặt phòng từ hai tuần trước. Các tour trải nghiệm làng nghề và ẩm thực địa phương được du khách lựa chọn nhiều nhất.",
            "Lực lượng chức năng tăng cường kiểm tra giá cả, vệ sinh an toàn thực phẩm và bố trí người hướng dẫn tại các điểm đông khách.",
            "Ngành du lịch dự kiến tổ chức thêm chuỗi sự kiện văn hóa vào các tối thứ bảy để kéo dài thời gian lưu trú của du khách.",
        ),
        "Ngọc Lan",
        ("du lịch", "cuối tuần"),
        ("du-lich", "Du lịch"),
    ),
    Story(
        "Trạm y tế xã ở {place} được trang bị máy siêu âm mới",
        "Hai mươi trạm y tế xã vừa nhận máy siêu âm và máy xét nghiệm sinh hóa, giúp người dân khám bệnh ban đầu ngay tại địa phương.",
        (
            "Trang thiết bị được mua từ nguồn ngân sách tỉnh và vốn hỗ trợ của chương trình mục tiêu y tế. Nhân viên các trạm đã được tập huấn sử dụng trong một tuần.",
            "Trước đây, thai phụ và người cao tuổi phải lên bệnh viện tuyến trên để siêu âm, tốn thời gian và chi phí đi lại, nhất là vào mùa mưa.",
            "Sở Y tế cho biết sẽ theo dõi hiệu quả sử dụng máy trong sáu tháng để mở rộng mô hình cho các trạm còn lại vào năm sau.",
        ),
        "Bảo Trân",
        ("y tế", "trạm y tế xã"),
        ("xa-hoi", "Xã hội"),
    ),
    Story(
        "{place} triển khai dịch vụ công trực tuyến toàn trình cho người dân",
        "Hơn ba trăm thủ tục hành chính đã được đưa lên cổng dịch vụ công, người dân có thể nộp hồ sơ và nhận kết quả mà không cần đến cơ quan nhà nước.",
        (
            "Tại bộ phận một cửa của các phường, xã, đoàn viên thanh niên hướng dẫn người dân tạo tài khoản định danh điện tử và nộp hồ sơ qua điện thoại.",
            "Thời gian giải quyết nhiều thủ tục như cấp bản sao, đăng ký hộ kinh doanh được rút ngắn còn một đến hai ngày làm việc.",
            "Lãnh đạo tỉnh yêu cầu các sở, ngành công khai tiến độ giải quyết hồ sơ và xử lý nghiêm việc chậm trễ, gây phiền hà cho người dân.",
        ),
        "Quốc Việt",
        ("chuyển đổi số", "dịch vụ công"),
        ("chinh-tri", "Chính trị"),
    ),
    Story(
        "Thanh niên {place} ra quân làm sạch bờ kênh",
        "Gần năm trăm đoàn viên, thanh niên đã thu gom hàng chục tấn rác, phát quang bờ kênh và trồng thêm cây xanh dọc tuyến đường ven sông.",
        (
            "Từ sáng sớm, các đội hình tình nguyện chia nhau dọn dẹp từng đoạn kênh, vớt lục bình và rác thải nhựa tồn đọng sau nhiều tháng.",
            "Người dân sống ven kênh cũng tham gia cùng, mang theo dụng cụ và nước uống cho các bạn trẻ. Nhiều hộ cam kết không xả rác xuống dòng nước.",
            "Tỉnh đoàn cho biết hoạt động sẽ được duy trì hằng tháng, kết hợp tuyên truyền phân loại rác tại nguồn ở các khu dân cư.",
        ),
        "Thanh Tùng",
        ("môi trường", "thanh niên"),
        ("xa-hoi", "Xã hội"),
    ),
    Story(
        "{place} phục dựng lễ hội truyền thống sau nhiều năm gián đoạn",
        "Lễ hội làng với các nghi thức rước nước, đua thuyền và hát đối đáp được tổ chức trở lại, thu hút hàng nghìn người dân và du khách.",
        (
            "Ban tổ chức đã tham khảo ý kiến các bậc cao niên để phục dựng đúng trình tự nghi lễ, trang phục và nhạc cụ như xưa.",
            "Phần hội có thi nấu cơm, kéo co và trình diễn nghề thủ công, giúp lớp trẻ hiểu thêm về nếp sống của cha ông.",
            "Ngành văn hóa dự kiến lập hồ sơ đề nghị đưa lễ hội vào danh mục di sản văn hóa phi vật thể cấp quốc gia.",
        ),
        "Khánh Linh",
        ("lễ hội", "văn hóa"),
        ("van-hoa", "Văn hóa"),
    ),
)

# Text of boxes around the body that must never reach it.
RELATED_TITLE = "Hội nghị sơ kết công tác sáu tháng đầu năm của ngành"
FOOTER_TEXT = "Giấy phép hoạt động báo chí điện tử do Bộ Văn hóa, Thể thao và Du lịch cấp."


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def vn_weekday(when: datetime) -> str:
    return WEEKDAYS[when.weekday()]


@dataclass(frozen=True)
class Ctx:
    """Everything a template needs to write one article page of one site."""

    site: Site
    url: str
    story: Story
    when: datetime
    dateline: str  # as printed before the lead, "" for none
    related_url: str

    @property
    def dmy(self) -> str:
        return self.when.strftime("%d/%m/%Y")

    @property
    def hm(self) -> str:
        return self.when.strftime("%H:%M")

    @property
    def iso(self) -> str:
        return self.when.isoformat()

    @property
    def host(self) -> str:
        return self.site.home.rstrip("/")

    @property
    def lead_text(self) -> str:
        return f"{self.dateline}{self.story.lead}"

    def paras(self, tag: str = "p") -> str:
        return "\n".join(f"<{tag}>{_e(p)}</{tag}>" for p in self.story.paragraphs)


def _doc(ctx: Ctx, body: str, *, meta_time: bool = False, ld: str | None = None, base: str = "") -> str:
    s = ctx.story
    extra = f'<meta property="article:published_time" content="{ctx.iso}">\n' if meta_time else ""
    if ld is not None:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": s.title,
            "datePublished": ld,
            "publisher": {"@type": "Organization", "name": ctx.site.source_name},
        }
        extra += f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>\n'
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"{base}<title>{_e(s.title)} - {_e(ctx.site.source_name)}</title>\n"
        f'<meta name="description" content="{_e(s.lead)}">\n'
        f'<link rel="canonical" href="{ctx.url}">\n'
        f'<meta property="og:type" content="article">\n<meta property="og:url" content="{ctx.url}">\n'
        f'<meta property="og:title" content="{_e(s.title)}">\n'
        f'<meta property="og:site_name" content="{_e(ctx.site.source_name)}">\n'
        f"{extra}</head>\n<body>\n"
        f'<div class="header"><a href="{ctx.host}/"><img src="{ctx.host}/images/logo.png" alt="logo"></a></div>\n'
        f"{body}\n"
        f'<div class="footer"><p>{_e(ctx.site.source_name)}. {FOOTER_TEXT}</p></div>\n'
        "</body>\n</html>\n"
    )


def _tags(ctx: Ctx, box: str, link: str = "") -> str:
    links = "".join(f'<a{link} href="{ctx.host}/tag/{slug(t)}">{_e(t)}</a> ' for t in ctx.story.tags)
    return box.format(links=links)


def _related(ctx: Ctx, box: str) -> str:
    return box.format(url=ctx.related_url, title=_e(RELATED_TITLE), date=f"{ctx.dmy} 07:00")


# --- F1 OneCMS ------------------------------------------------------------------------------


def onecms_longform(ctx: Ctx) -> str:
    """New template: sc-longform-header inside b-maincontent, body article.entry, related c-box."""
    s = ctx.story
    body = (
        '<div class="b-maincontent">\n'
        f'<div class="c-breadcrumbs"><a href="{ctx.host}/">Trang chủ</a> <a href="{ctx.host}/{s.section[0]}">{_e(s.section[1])}</a></div>\n'
        '<div class="sc-longform-header">\n'
        f'<h1 class="sc-longform-header-title block-sc-title">{_e(s.title)}</h1>\n'
        '<div class="sc-longform-header-meta">'
        f'<span class="sc-longform-header-author block-sc-author">{_e(s.author)}</span> '
        f'<span class="sc-longform-header-date block-sc-publish-time">{ctx.dmy} {ctx.hm}</span></div>\n'
        '<div class="sc-longform-header-text">'
        f'<p class="sc-longform-header-sapo block-sc-sapo">{_e(ctx.lead_text)}</p></div>\n'
        "</div>\n"
        f'<article class="entry entry-no-padding">\n{ctx.paras()}\n'
        + _related(
            ctx,
            '<div class="c-box"><h2 class="c-box__title">Bài liên quan</h2><ul><li>'
            '<h3 class="b-grid__title"><a href="{url}">{title}</a></h3><time>{date}</time></li></ul></div>',
        )
        + "\n</article>\n"
        + _tags(ctx, '<div class="c-widget-tags onecms__tags"><span>Từ khóa:</span>{links}</div>')
        + "\n</div>"
    )
    return _doc(ctx, body, ld=ctx.iso)


def onecms_standard(ctx: Ctx) -> str:
    """Older template: c-detail-head with "HH:MM dd/mm/yyyy", h2.desc sapo, div.entry body."""
    s = ctx.story
    body = (
        '<div class="b-maincontent">\n<div class="c-detail-head">\n'
        f'<div class="c-detail-head__row"><a class="c-detail-head__cat" href="{ctx.host}/{s.section[0]}">{_e(s.section[1])}</a></div>\n'
        f'<h1 class="c-detail-head__title">{_e(s.title)}</h1>\n'
        f'<div class="c-detail-head__row"><span class="c-detail-head__author">{_e(s.author.upper())}</span> '
        f'<span class="c-detail-head__time">{ctx.hm} {ctx.dmy}</span></div>\n</div>\n'
        f'<h2 class="desc">{_e(ctx.lead_text)}</h2>\n'
        f'<div class="entry">\n{ctx.paras()}\n</div>\n'
        + _related(
            ctx,
            '<div class="c-box"><div class="c-box__title">Bài đọc tiếp</div>'
            '<h3 class="b-grid__title"><a href="{url}">{title}</a></h3><time>{date}</time></div>',
        )
        + _tags(ctx, '<div class="c-widget-tags onecms__tags">{links}</div>')
        + "\n</div>"
    )
    return _doc(ctx, body)


# --- F2 zce ---------------------------------------------------------------------------------


def zce(ctx: Ctx) -> str:
    """baolaocai's real layout: cms-title/cms-desc/cms-body, time.time[datetime] "+0700", the
    author after the body in div.t1 > span.t2, related story cards with the same time markup."""
    s = ctx.story
    offset = ctx.when.strftime("%Y-%m-%dT%H:%M:%S+0700")
    body = (
        '<div class="container">\n'
        f'<div class="breadcrumbs"><a href="{ctx.host}/">Trang chủ</a><a class="active" href="{ctx.host}/{s.section[0]}/">{_e(s.section[1])}</a></div>\n'
        '<article class="article">\n<div class="article__header">\n'
        f'<h1 class="article__title cms-title">{_e(s.title)}</h1>\n'
        f'<div class="article__meta"><time class="time" datetime="{offset}"><i class="ic-calendar"></i>'
        f'<span data-format="long">{ctx.dmy} {ctx.hm}</span></time></div>\n</div>\n'
        f'<div class="article__sapo cms-desc">{_e(ctx.lead_text)}</div>\n'
        f'<div class="article__body zce-content-body cms-body" itemprop="articleBody">\n{ctx.paras()}\n</div>\n'
        f'<div class="t1"><span class="t2">{_e(s.author)}</span></div>\n'
        + _tags(ctx, '<div class="article__tags">{links}</div>')
        + "\n</article>\n"
        + _related(
            ctx,
            '<div class="box-related"><article class="story"><h3 class="story__heading">'
            '<a class="cms-link" href="{url}">{title}</a></h3>'
            '<time class="time" datetime="2020-01-01T07:00:00+0700">{date}</time></article></div>',
        )
        + "\n</div>"
    )
    doc = _doc(ctx, body)
    return doc.replace(
        "</head>", f'<meta class="cms-date" itemprop="datePublished" content="{offset}">\n</head>', 1
    )


# --- F3 /file/<hex>/ ------------------------------------------------------------------------

_HEX = "e7837c02857c8ca30185a8c39b582c03"


def _f3_image(ctx: Ctx) -> str:
    stamp = ctx.when.strftime("%Y%m%d%H%M%S")
    month = ctx.when.strftime("%m%Y")
    return f'<p><img src="{ctx.host}/file/{_HEX}/{month}/anh_minh_hoa_{stamp}.jpg" alt=""></p>'


def _f3_date(ctx: Ctx, skin: str) -> str:
    if skin == "2020":
        return f"Cập nhật lúc {ctx.hm}, {vn_weekday(ctx.when)}, {ctx.dmy} (GMT+7)"
    return f"{ctx.story.author.upper()} {ctx.hm}, {ctx.dmy}"  # 2024 skin: byline and time on one line


def _f3_related(ctx: Ctx) -> str:
    return _related(
        ctx,
        '<div class="tin-lien-quan"><h3>Tin liên quan</h3><ul><li><a href="{url}">{title}</a> ({date})</li></ul></div>',
    )


def filehex_article_content(
    ctx: Ctx, *, skin: str = "2024", title_class: str = "media-heading title5"
) -> str:
    """baodaklak / baotuyenquang: h1.media-heading, div.date, lead the first p > strong inside
    div.article_content div.content#content."""
    s = ctx.story
    body = (
        f'<div class="cate_title_1"><h2><a href="{ctx.host}/{s.section[0]}/">{_e(s.section[1])}</a></h2></div>\n'
        '<div class="main-article">\n'
        f'<h1 class="{title_class}">{_e(s.title)}</h1>\n'
        f'<div class="date">{_e(_f3_date(ctx, skin))}</div>\n'
        '<ul class="social"><li><a href="#">Chia sẻ</a></li></ul>\n'
        '<div class="article_content"><div class="content" id="content">\n'
        f"<p><strong>{_e(ctx.lead_text)}</strong></p>\n{_f3_image(ctx)}\n{ctx.paras()}\n"
        + (
            f'<p style="text-align: right;"><strong>{_e(s.author.upper())}</strong></p>\n'
            if skin == "2020"
            else ""
        )
        + "</div></div>\n"
        + _tags(ctx, '<div class="tag_list">{links}</div>')
        + _f3_related(ctx)
        + "\n</div>"
    )
    return _doc(ctx, body)


def filehex_content_detail(ctx: Ctx, *, skin: str = "2024", title_class: str = "head_title") -> str:
    """baothainguyen / baokhanhhoa: div.desc (or the first p strong) lead, div.content-detail body."""
    s = ctx.story
    body = (
        f'<div class="breadcrumb"><a class="title color1" href="{ctx.host}/{s.section[0]}/">{_e(s.section[1])}</a></div>\n'
        '<div class="detail">\n'
        f'<h1 class="{title_class}">{_e(s.title)}</h1>\n'
        f'<div class="date">{_e(_f3_date(ctx, skin))}</div>\n'
        f'<div class="desc">{_e(ctx.lead_text)}</div>\n'
        f'<div class="content-detail">\n{_f3_image(ctx)}\n{ctx.paras()}\n</div>\n'
        + _f3_related(ctx)
        + "\n</div>"
    )
    return _doc(ctx, body)


def filehex_td_post(ctx: Ctx, *, skin: str = "2024") -> str:
    """baovinhlong / baodongnai: #content .td-post-content, lead .sub_first_content strong."""
    s = ctx.story
    body = (
        f'<div class="breadcrumb"><a class="title fleft" href="{ctx.host}/{s.section[0]}/">{_e(s.section[1])}</a></div>\n'
        f'<h1 class="media-heading">{_e(s.title)}</h1>\n'
        f'<div class="date">{_e(_f3_date(ctx, skin))}</div>\n'
        f'<div class="sub_first_content"><strong>{_e(ctx.lead_text)}</strong></div>\n'
        '<div id="content" class="content-detail"><div class="td-post-content">\n'
        f"{_f3_image(ctx)}\n{ctx.paras()}\n</div></div>\n" + _f3_related(ctx)
    )
    return _doc(ctx, body)


def filehex_plain(ctx: Ctx, *, skin: str = "2024") -> str:
    """baoquangtri: div#content body, lead the first p > strong, category from the URL path."""
    s = ctx.story
    body = (
        f'<h1 class="media-heading">{_e(s.title)}</h1>\n'
        f'<div class="date">{_e(_f3_date(ctx, skin))}</div>\n'
        f'<div id="content" class="content">\n<p><strong>{_e(ctx.lead_text)}</strong></p>\n'
        f"{_f3_image(ctx)}\n{ctx.paras()}\n</div>\n" + _f3_related(ctx)
    )
    return _doc(ctx, body)


# --- F4 -a<id>.html / FCK -------------------------------------------------------------------


def fck_classic(ctx: Ctx, *, detail_desc: bool = False) -> str:
    """baocantho's real layout: a section h1 first, the title h1 after the meta bar, span.pubdate
    "dd/mm/yyyy - HH:MM", the lead as the first body paragraph "(CTO) - ...", the byline as the last
    right-aligned paragraph, a <base href> into the template folder, JSON-LD with a date only.
    ``detail_desc``: the lead in .detail-desc p instead (dongkhoi/travinh)."""
    s = ctx.story
    base = f'<base href="{ctx.host}/static/templates/version1/homepage/">\n'
    lead_block = (
        f'<div class="col-xs-12 detail-desc"><p>{_e(ctx.lead_text)}</p></div>\n' if detail_desc else ""
    )
    first = "" if detail_desc else f"<p><strong>{_e(ctx.lead_text)}</strong></p>\n"
    body = (
        f'<div class="titlecate"><h1><a href="{ctx.host}/{s.section[0]}/">{_e(s.section[1].upper())}</a></h1></div>\n'
        f'<h2 class="catename-h1"><a href="{ctx.host}/{s.section[0]}/">{_e(s.section[1])}</a></h2>\n'
        f'<input type="hidden" id="txtnewscate" value="{_e(s.section[1])}">\n'
        '<div id="colcate1">\n'
        f'<div class="meta"><span class="pubdate 128">{ctx.dmy} - {ctx.hm}</span></div>\n'
        f'<h1 class="margintopbot10 fw700">{_e(s.title)}&nbsp;<span class="sprite icophoto"></span></h1>\n'
        f"{lead_block}"
        '<div id="newscontents"><div class="content-fck slider-jsgallery">\n'
        f"{first}{ctx.paras()}\n"
        f'<p style="text-align: right;"><strong>Tin, ảnh: {_e(s.author)}</strong></p>\n'
        "</div></div>\n"
        + _tags(ctx, '<div class="block_tag"><span>Từ khóa</span> {links}</div>', ' class="tag_item"')
        + _related(
            ctx,
            '<ul class="tinlienquan"><li><a href="{url}">{title}</a></li></ul>',
        )
        + "\n</div>"
    )
    return _doc(ctx, body, ld=ctx.when.strftime("%Y-%m-%d"), base=base)


def fck_singular(ctx: Ctx, *, body_class: str = "singular-content") -> str:
    """Newer skin (baobinhduong, baodongthap, baotayninh): h1.title, h4.sapo, #contentNews
    .singular-content, div.breadcrumb-news-detail. ``body_class`` "post-content": baocamau."""
    s = ctx.story
    base = f'<base href="{ctx.host}/static/templates/version2/homepage/">\n'
    container = (
        f'<div id="contentNews"><div class="{body_class}">\n{ctx.paras()}\n'
        f'<p style="text-align: right;"><strong>Bài, ảnh: {_e(s.author.upper())}</strong></p>\n</div></div>\n'
        if body_class == "singular-content"
        else f'<div class="post-content">\n{ctx.paras()}\n'
        f'<p style="text-align: right;"><strong>{_e(s.author.upper())}</strong></p>\n</div>\n'
    )
    body = (
        '<div class="block-header-news-detail"><div class="breadcrumb-news-detail">'
        f'<a href="{ctx.host}/">Trang chủ</a> <a href="{ctx.host}/{s.section[0]}/">{_e(s.section[1])}</a></div></div>\n'
        f'<div class="category-title-box"><a href="{ctx.host}/{s.section[0]}/">{_e(s.section[1])}</a></div>\n'
        f'<h1 class="title">{_e(s.title)}</h1>\n'
        f'<div class="singular-meta"><span class="post-date">{ctx.dmy} {ctx.hm}</span></div>\n'
        f'<h4 class="sapo">{_e(ctx.lead_text)}</h4>\n'
        f"{container}"
        + _tags(ctx, '<div class="singular-tags">{links}</div>')
        + _related(ctx, '<div class="tinlienquan"><a href="{url}">{title}</a> <span>{date}</span></div>')
    )
    return _doc(ctx, body, base=base)


# --- F5 media/upload ------------------------------------------------------------------------


def mediaupload(ctx: Ctx) -> str:
    """baoquangninh / baohungyen: .content-article h1.name, #content-detail, breadcrumbs
    ol.breadcrumb, "Từ khóa" and "Tin liên quan" boxes after the body."""
    s = ctx.story
    host = ctx.site.domain
    month = ctx.when.strftime("%Y%m")
    body = (
        '<div class="main"><div class="content-article">\n'
        f'<div class="breadcrumbs"><ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/{s.section[0]}/">{_e(s.section[1])}</a></li></ol></div>\n'
        f'<h1 class="name">{_e(s.title)}</h1>\n'
        f'<div class="info"><span class="date">{vn_weekday(ctx.when)}, {ctx.dmy} - {ctx.hm}</span></div>\n'
        f'<div class="sapo">{_e(ctx.lead_text)}</div>\n'
        f'<div id="content-detail">\n<p><img src="https://media.{host}/upload/image/{month}/medium/2390114_anh.jpg" alt=""></p>\n'
        f'{ctx.paras()}\n<p style="text-align: right;"><strong>{_e(s.author)}</strong></p>\n</div>\n'
        + _tags(ctx, '<div class="tags"><span>Từ khóa:</span> {links}</div>')
        + _related(
            ctx,
            '<div class="tin-lien-quan"><h3>Tin liên quan</h3><ul><li><a href="{url}">{title}</a> '
            '<span class="date">{date}</span></li></ul></div>',
        )
        + "\n</div></div>"
    )
    return _doc(ctx, body)


# --- singletons -----------------------------------------------------------------------------


def bacninhtv(ctx: Ctx) -> str:
    s = ctx.story
    body = (
        f'<div class="post-meta-wrap"><a class="post-meta" href="{ctx.host}/{s.section[0]}">{_e(s.section[1])}</a></div>\n'
        f'<h1 class="news-details__title">{_e(s.title)}</h1>\n'
        f'<div class="news-details__date">{ctx.hm} {ctx.dmy}</div>\n'
        f'<div class="news_detail_sapo"><p>{_e(ctx.lead_text)}</p></div>\n'
        f'<div class="news-details__content link_content">\n{ctx.paras()}\n'
        f'<p style="text-align: right;"><strong>{_e(s.author)}</strong></p>\n</div>\n'
        + _related(ctx, '<ul class="news-related__list"><li><a href="{url}">{title}</a></li></ul>')
    )
    return _doc(ctx, body, meta_time=True)


def ninhbinh(ctx: Ctx) -> str:
    s = ctx.story
    body = (
        f'<h1 class="header-title">{_e(s.title)}</h1>\n'
        f'<div class="header-date">{vn_weekday(ctx.when)}, {ctx.dmy} {ctx.hm}</div>\n'
        '<div class="content-detail">\n'
        f'<p class="font-bold">{_e(ctx.lead_text)}</p>\n'
        f'<div id="content_detail">\n{ctx.paras()}\n<p class="text-right"><strong>{_e(s.author)}</strong></p>\n</div>\n'
        "</div>\n" + _related(ctx, '<div class="related"><a href="{url}">{title}</a></div>')
    )
    return _doc(ctx, body, meta_time=True)


def thanhhoa(ctx: Ctx) -> str:
    s = ctx.story
    body = (
        '<div class="article">\n'
        f'<div class="article__cate"><a href="{ctx.host}/{s.section[0]}">{_e(s.section[1])}</a></div>\n'
        f'<h1 class="article__title">{_e(s.title)}</h1>\n'
        f'<div class="article__meta"><span class="article__date">{ctx.hm} {ctx.dmy}</span></div>\n'
        f'<div class="article__sapo">{_e(ctx.lead_text)}</div>\n'
        f'<div class="article__content">\n{ctx.paras()}\n<p class="author">{_e(s.author)}</p>\n</div>\n'
        "</div>\n"
        + _related(ctx, '<div class="related-news"><a href="{url}">{title}</a> <span>{date}</span></div>')
    )
    return _doc(ctx, body)


def quangngai(ctx: Ctx, *, script_body: bool = False) -> str:
    """h1.title, p.sapo, #content; ``script_body``: the body only as the ``outputData`` string of a
    script, as some baoquangngai pages are served."""
    s = ctx.story
    paras = ctx.paras()
    content = (
        '<div id="content"></div>\n<script>var outputData = '
        + json.dumps(paras, ensure_ascii=False)
        + ";</script>\n"
        if script_body
        else f'<div id="content">\n{paras}\n<p class="author"><strong>{_e(s.author)}</strong></p>\n</div>\n'
    )
    body = (
        f'<p class="category"><a href="{ctx.host}/{s.section[0]}">{_e(s.section[1])}</a></p>\n'
        f'<h1 class="title">{_e(s.title)}</h1>\n'
        f'<div class="date">{vn_weekday(ctx.when)}, {ctx.dmy} - {ctx.hm}</div>\n'
        f'<div id="body"><p class="sapo">{_e(ctx.lead_text)}</p>\n{content}</div>\n'
        + _related(ctx, '<div class="same"><a href="{url}">{title}</a></div>')
    )
    return _doc(ctx, body, meta_time=True)


def phutho(ctx: Ctx) -> str:
    s = ctx.story
    body = (
        f'<h1 class="pTitle">{_e(s.title)}</h1>\n'
        f'<div class="pt-post-detail__time">{ctx.dmy} {ctx.hm}</div>\n'
        f'<p class="pHead">{_e(ctx.lead_text)}</p>\n'
        f'<div id="dcontent">\n{ctx.paras()}\n<p class="pAuthor">{_e(s.author)}</p>\n</div>\n'
        + _related(ctx, '<div class="tinlienquan"><a href="{url}">{title}</a></div>')
    )
    return _doc(ctx, body, meta_time=True)


def dienbienphu(ctx: Ctx) -> str:
    """A server-rendered page of the SPA: #detail-news with the category link, div.editor-content."""
    s = ctx.story
    body = (
        '<div id="__nuxt"><div id="detail-news">\n'
        f'<a href="{ctx.host}/tin-tuc/{s.section[0]}">{_e(s.section[1])}</a>\n'
        f"<h1>{_e(s.title)}</h1>\n"
        f'<div class="detail-time">{ctx.hm} {ctx.dmy}</div>\n'
        f'<div class="detail-sapo">{_e(ctx.lead_text)}</div>\n'
        f'<div class="editor-content">\n{ctx.paras()}\n</div>\n'
        "</div></div>\n" + _related(ctx, '<div class="related-news"><a href="{url}">{title}</a></div>')
    )
    return _doc(ctx, body, ld=ctx.iso)


def laichau(ctx: Ctx) -> str:
    s = ctx.story
    body = (
        '<div id="post-content"><div class="post-detail"><div class="post-info">\n'
        f'<h1 class="title">{_e(s.title)}</h1>\n'
        f'<span class="text-muted">{ctx.hm} {ctx.dmy}</span>\n'
        f'<div class="sapo">{_e(ctx.lead_text)}</div>\n'
        f'<div class="body">\n{ctx.paras()}\n<p style="text-align:right"><strong>{_e(s.author)}</strong></p>\n</div>\n'
        "</div></div></div>\n" + _related(ctx, '<div class="blc-related"><a href="{url}">{title}</a></div>')
    )
    return _doc(ctx, body, meta_time=True)


def haugiang(ctx: Ctx) -> str:
    s = ctx.story
    body = (
        f'<div class="box-breadcrumb"><a href="{ctx.host}/">Trang chủ</a> <a href="{ctx.host}/{s.section[0]}-215.html">{_e(s.section[1])}</a></div>\n'
        '<div class="news-details-content">\n'
        f"<h1>{_e(s.title)}</h1>\n"
        f'<div class="date">{ctx.dmy} {ctx.hm}</div>\n'
        f'<div class="contentView">\n<p><strong>{_e(ctx.lead_text)}</strong></p>\n{ctx.paras()}\n'
        f'<p style="text-align: right;"><strong>{_e(s.author.upper())}</strong></p>\n</div>\n'
        "</div>\n" + _related(ctx, '<div class="tinlienquan"><a href="{url}">{title}</a></div>')
    )
    return _doc(ctx, body, meta_time=True)


def sonla(ctx: Ctx) -> str:
    s = ctx.story
    body = (
        f'<ul class="breadcrumb"><li><a href="{ctx.host}/">Trang chủ</a></li><li><a class="active" href="{ctx.host}/{s.section[0]}.html">{_e(s.section[1])}</a></li></ul>\n'
        f'<h1 class="detail-title">{_e(s.title)}</h1>\n'
        f'<div class="detail-time">{ctx.dmy} | {ctx.hm}</div>\n'
        '<div class="audio-article">Nghe đọc bài viết</div>\n'
        '<div class="fulltext">\n'
        f'<p class="font-bold">{_e(ctx.lead_text)}</p>\n'
        f'<div id="editor-detail">\n{ctx.paras()}\n</div>\n'
        f'<p class="text-end"><strong>{_e(s.author)}</strong></p>\n</div>\n'
        + _related(ctx, '<div class="related"><a class="cms-link" href="{url}">{title}</a></div>')
    )
    return _doc(ctx, body, meta_time=True)


def content_detail_own(ctx: Ctx, *, lead: str) -> str:
    """baolangson (lead #content-detail h2) and baocaobang (lead #content-detail > p > strong)."""
    s = ctx.story
    lead_html = (
        f"<h2>{_e(ctx.lead_text)}</h2>" if lead == "h2" else f"<p><strong>{_e(ctx.lead_text)}</strong></p>"
    )
    body = (
        f'<div class="breadcrumbs"><a href="{ctx.host}/">Trang chủ</a> <a href="{ctx.host}/{s.section[0]}">{_e(s.section[1])}</a></div>\n'
        f'<h1 class="detail-title">{_e(s.title)}</h1>\n'
        f'<div class="detail-date">{ctx.dmy} {ctx.hm}</div>\n'
        f'<div id="content-detail">\n{lead_html}\n{ctx.paras()}\n'
        f'<p style="text-align: right;"><strong>{_e(s.author)}</strong></p>\n</div>\n'
        + _related(ctx, '<div class="related"><h3>Cùng chuyên mục</h3><a href="{url}">{title}</a></div>')
    )
    return _doc(ctx, body, meta_time=True)


def generic_page(ctx: Ctx) -> str:
    """A paper whose CMS is unknown (huengaynay): article:published_time and an article element."""
    s = ctx.story
    body = (
        f'<nav class="breadcrumb"><a href="{ctx.host}/">Trang chủ</a> <a href="{ctx.host}/{s.section[0]}">{_e(s.section[1])}</a></nav>\n'
        f'<article class="detail">\n<h1 class="detail-title">{_e(s.title)}</h1>\n'
        f'<div class="detail-meta"><span class="author">{_e(s.author)}</span> <span class="time">{ctx.dmy} {ctx.hm}</span></div>\n'
        f'<h2 class="detail-sapo">{_e(ctx.lead_text)}</h2>\n'
        f'<div class="detail-content">\n{ctx.paras()}\n</div>\n</article>\n'
        + _related(ctx, '<div class="related-news"><a href="{url}">{title}</a></div>')
    )
    return _doc(ctx, body, meta_time=True)


# --- one fixture per spider -----------------------------------------------------------------

Template = Callable[[Ctx], str]


def _with(template: Callable[..., str], **kwargs: object) -> Template:
    return lambda ctx: template(ctx, **kwargs)


# URL path shapes: (section slug, title slug, number) -> path
Shape = Callable[[str, str, int], str]
SHAPES: dict[str, Shape] = {
    "onecms": lambda sec, s, n: f"/{s}-{450000 + n}.html",
    "zce": lambda sec, s, n: f"/{s}-post{390000 + n}.html",
    "filehex": lambda sec, s, n: f"/{sec}/202601/{s}-{(0xA1B2C00 + n):07x}/",
    "filehex_num": lambda sec, s, n: f"/{sec}/202601/{s}-{2887000 + n}/",
    "fck": lambda sec, s, n: f"/{s}-a{196000 + n}.html",
    "mediaupload": lambda sec, s, n: f"/{s}-{3349000 + n}.html",
    "bbg": lambda sec, s, n: f"/{s}-postid{409000 + n}.bbg",
    "id15": lambda sec, s, n: f"/{s}-{250101090000000 + n}.html",
    "htm": lambda sec, s, n: f"/{s}-{244000 + n}.htm",
    "cat_htm": lambda sec, s, n: f"/{sec}/{s}-{54000 + n}.htm",
    "tin_bai": lambda sec, s, n: f"/tin-bai/{sec}/{s}",
    "noext": lambda sec, s, n: f"/{sec}/{s}-{12000 + n}",
    "cat_html": lambda sec, s, n: f"/{sec}/{s}-{163000 + n}.html",
}

# spider -> (template, URL shape, dateline as printed, dateline as extracted)
SPEC: dict[str, tuple[Template, str, str, str | None]] = {
    "hanoimoi": (onecms_longform, "onecms", "", None),
    "baohaiphong": (onecms_longform, "onecms", "", None),
    "baobacninhtv": (bacninhtv, "bbg", "", None),
    "baohungyen": (mediaupload, "mediaupload", "", None),
    "baoninhbinh": (ninhbinh, "id15", "", None),
    "baoquangninh": (mediaupload, "mediaupload", "", None),
    "baotuyenquang": (filehex_article_content, "filehex", "", None),
    "baolaocai": (zce, "zce", "(BLC) - ", "BLC"),
    "baothainguyen": (_with(filehex_content_detail, title_class="media-heading"), "filehex", "", None),
    "baobackan": (
        _with(filehex_content_detail, skin="2020", title_class="media-heading"),
        "filehex",
        "",
        None,
    ),
    "baophutho": (phutho, "htm", "", None),
    "baocaobang": (_with(content_detail_own, lead="strong"), "onecms", "", None),
    "baolaichau": (laichau, "noext", "", None),
    "baodienbienphu": (dienbienphu, "tin_bai", "", None),
    "baosonla": (sonla, "cat_html", "", None),
    "baolangson": (_with(content_detail_own, lead="h2"), "onecms", "", None),
    "baothanhhoa": (thanhhoa, "htm", "", None),
    "baonghean": (onecms_longform, "onecms", "(Baonghean.vn) - ", "Baonghean.vn"),
    "baohatinh": (zce, "zce", "", None),
    "baoquangtri": (_with(filehex_plain, skin="2020"), "filehex", "", None),
    "huengaynay": (generic_page, "cat_html", "", None),
    "baodanang": (onecms_standard, "onecms", "", None),
    "baoquangngai": (quangngai, "cat_htm", "", None),
    "baokhanhhoa": (filehex_content_detail, "filehex", "", None),
    "baogialai": (zce, "zce", "(GLO)-", "GLO"),
    "baolamdong": (onecms_longform, "onecms", "(LĐ online) - ", "LĐ online"),
    "baodaklak": (_with(filehex_article_content, title_class="media-heading"), "filehex_num", "", None),
    "sggp": (zce, "zce", "", None),
    "baobinhduong": (fck_singular, "fck", "", None),
    "baodongnai": (filehex_td_post, "filehex", "", None),
    "baotayninh": (fck_singular, "fck", "", None),
    "baocantho": (fck_classic, "fck", "(CTO) - ", "CTO"),
    "baohaugiang": (haugiang, "cat_html", "", None),
    "baovinhlong": (_with(filehex_td_post, skin="2020"), "filehex", "", None),
    "baodongkhoi": (_with(fck_classic, detail_desc=True), "fck", "", None),
    "baotravinh": (_with(fck_classic, detail_desc=True), "fck", "", None),
    "baodongthap": (fck_singular, "fck", "", None),
    "baocamau": (_with(fck_singular, body_class="post-content"), "fck", "", None),
    "baoangiang": (fck_classic, "fck", "", None),
    "tintucmientay": (fck_classic, "fck", "", None),
}

# Pages whose template shows no author the extractor can take: the old F3 skin, the SPA page, and
# baosonla, whose registry drops the ".text-end" line that holds the byline.
AUTHORLESS = frozenset({"baobackan", "baovinhlong", "baoquangtri", "baodienbienphu", "baosonla"})

# Archives and sub-sites write about the place they always covered.
PLACE = {
    "baobackan": "Bắc Kạn",
    "baobinhduong": "Bình Dương",
    "baohaugiang": "Hậu Giang",
    "baodongkhoi": "Bến Tre",
    "baotravinh": "Trà Vinh",
    "tintucmientay": "Kiên Giang",
}


@dataclass(frozen=True)
class Golden:
    """An article page of one spider's site and what extraction must find on it."""

    spider: str
    url: str
    html: str
    story: Story
    published_at: str
    dateline: str | None


def _number(spider: str) -> int:
    return [s.spider for s in SITES].index(spider)


def _ctx(spider: str, story_index: int | None = None, *, path_prefix: str = "") -> Ctx:
    site = get_site(spider)
    n = _number(spider)
    story = STORIES[(n if story_index is None else story_index) % len(STORIES)].at(
        PLACE.get(spider, site.province)
    )
    _, shape, printed, _ = SPEC[spider]
    section = story.section[0]
    path = path_prefix + SHAPES[shape](section, slug(story.title)[:60].strip("-"), n)
    when = datetime(2026, 1, 5, 6, 10, tzinfo=VN) + timedelta(days=n, minutes=37 * n)
    related = site.home.rstrip("/") + SHAPES[shape](section, "hoi-nghi-so-ket-cong-tac-sau-thang", n + 500)
    return Ctx(site, site.home.rstrip("/") + path, story, when, printed, related)


def golden(spider: str) -> Golden:
    template, _, _, expected_dateline = SPEC[spider]
    ctx = _ctx(spider)
    return Golden(spider, ctx.url, template(ctx), ctx.story, ctx.iso, expected_dateline)


def quangngai_script_golden() -> Golden:
    """The baoquangngai page whose body exists only in the ``outputData`` script string."""
    ctx = _ctx("baoquangngai", 3)
    return Golden("baoquangngai", ctx.url, quangngai(ctx, script_body=True), ctx.story, ctx.iso, None)


def onecms_standard_golden() -> Golden:
    """The OneCMS older template on a site whose spider uses the longform one (baonghean)."""
    ctx = _ctx("baonghean", 5)
    return Golden("baonghean", ctx.url, onecms_standard(ctx), ctx.story, ctx.iso, "Baonghean.vn")


# --- discovery documents --------------------------------------------------------------------


@dataclass(frozen=True)
class Discovery:
    """The pages one spider's replayed crawl needs: url -> (content type, body)."""

    spider: str
    start_url: str
    article: Golden
    skipped_url: str  # a page the spider must not follow
    pages: dict[str, tuple[str, str]]


def _rfc822(when: datetime) -> str:
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{days[when.weekday()]}, {when.day:02d} {months[when.month - 1]} {when:%Y %H:%M:%S} +0700"


def rss(site: Site, feed_url: str, entries: list[tuple[str, str, datetime]]) -> str:
    items = "".join(
        f"<item><title>{_e(title)}</title><link>{url}</link><guid>{url}</guid>"
        f"<pubDate>{_rfc822(when)}</pubDate>"
        f'<description><![CDATA[<a href="{url}"><img src="{site.home}images/thumb.jpg"></a>{_e(title)}]]></description></item>\n'
        for url, title, when in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>\n'
        f"<title>{_e(site.source_name)}</title><link>{site.home}</link><description>Tin mới</description>\n"
        f"{items}</channel></rss>\n"
    )


def urlset(entries: list[tuple[str, datetime]]) -> str:
    urls = "".join(f"<url><loc>{u}</loc><lastmod>{w.isoformat()}</lastmod></url>\n" for u, w in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + urls + "</urlset>\n"
    )


def sitemap_index(children: list[str]) -> str:
    items = "".join(f"<sitemap><loc>{u}</loc></sitemap>\n" for u in children)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + items + "</sitemapindex>\n"
    )


def news_sitemap(site: Site, entries: list[tuple[str, str, datetime]]) -> str:
    """Google News sitemap (baodanang's /sitemap-news.xml): the title entity-escaped in CDATA."""
    urls = "".join(
        f"<url><loc>{u}</loc><news:news><news:publication><news:name>{_e(site.source_name)}</news:name>"
        f"<news:language>vi</news:language></news:publication>"
        f"<news:publication_date>{w.isoformat()}</news:publication_date>"
        f"<news:title><![CDATA[{_e(t)}]]></news:title></news:news></url>\n"
        for u, t, w in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + urls + "</urlset>\n"
    )


_H3 = '<h3><a href="{url}">{title}</a></h3>'
LISTING_ITEM: dict[str, str] = {
    "onecms": '<li pid="1"><h3 class="b-grid__title"><a href="{url}">{title}</a></h3><time>{date}</time></li>',
    "fck": '<li class="news-img-left"><a class="b-title" href="{url}"><h3>{title}</h3></a></li>',
    "baobacninhtv": '<div class="item"><a class="font-tin-doc" href="{url}">{title}</a></div>',
    "baoninhbinh": '<div class="item"><a href="{url}">{title}</a></div>',
    "baotuyenquang": '<div class="item"><a class="title3" href="{url}">{title}</a></div>',
    "baothainguyen": '<div class="item"><a class="title2" href="{url}">{title}</a></div>',
    "baocaobang": '<article class="card"><h3 class="card-title"><a href="{url}">{title}</a></h3></article>',
    "baolaichau": '<div class="blc-post"><a class="blc-post__link" href="{url}">{title}</a></div>',
    "baoquangtri": '<div class="item"><a class="h3" href="{url}">{title}</a></div>',
    "baoquangngai": '<article class="story"><a href="{url}">{title}</a></article>',
    "baokhanhhoa": '<div class="item"><a href="{url}">{title}</a></div>',
    "baodaklak": '<div class="item"><a class="title5" href="{url}">{title}</a></div>',
    "baobinhduong": '<div class="box-latestnews"><div class="items-news"><div class="content">'
    '<h3><a href="{url}">{title}</a></h3></div></div></div>',
    "baodongnai": '<div class="item"><a class="title1" href="{url}">{title}</a></div>',
    "baodongthap": '<div class="item"><a class="news-title" href="{url}">{title}</a></div>',
}


def listing(site: Site, page_url: str, entries: list[tuple[str, str, datetime]]) -> str:
    item = LISTING_ITEM.get(site.spider) or LISTING_ITEM.get(site.family, _H3)
    items = "".join(item.format(url=u, title=_e(t), date=w.strftime("%d/%m/%Y %H:%M")) for u, t, w in entries)
    wrapper = (
        '<ul class="onecms__loading">{}</ul>'
        if "<li pid" in item
        else '<ul class="list-block">{}</ul>'
        if "<li" in item
        else '<div class="list-news">{}</div>'
    )
    host = site.home.rstrip("/")
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>Tin tức - {_e(site.source_name)}</title></head><body>\n"
        f'<nav class="menu"><a href="{host}/">Trang chủ</a> <a href="{host}/video/">Video</a></nav>\n'
        f'<div class="main">{wrapper.format(items)}</div>\n'
        f'<div class="footer">{FOOTER_TEXT}</div>\n</body></html>\n'
    )


def discovery(spider: str) -> Discovery:
    """The start page of a replayed crawl of ``spider``: its first feed, else its first sitemap (a
    sitemap index for hanoimoi, a Google News sitemap for baodanang), else its first section
    listing; it lists the golden article and a video page that the registry says to skip."""
    site = get_site(spider)
    article = golden(spider)
    template = SPEC[spider][0]
    video_ctx = _ctx(spider, _number(spider) + 4, path_prefix="/video")
    video_html = template(video_ctx)
    entries = [(article.url, article.story.title, datetime.fromisoformat(article.published_at))]
    entries.append((video_ctx.url, video_ctx.story.title, video_ctx.when))
    host = site.home.rstrip("/")
    pages: dict[str, tuple[str, str]] = {
        article.url: ("text/html; charset=utf-8", article.html),
        video_ctx.url: ("text/html; charset=utf-8", video_html),
    }
    if spider == "hanoimoi":
        start = host + site.sitemaps[0]
        child = f"{host}/sitemap-article-{entries[0][2]:%Y-%m-%d}.xml"
        pages[start] = ("application/xml", sitemap_index([child]))
        pages[child] = ("application/xml", urlset([(u, w) for u, _, w in entries]))
    elif site.json_link:  # a client-rendered site: its article API answers JSON
        start = site.feeds[0]
        pages[start] = ("application/json", json_api(host, entries))
    elif site.feeds:
        start = host + site.feeds[0]
        pages[start] = ("application/rss+xml", rss(site, start, entries))
    elif spider == "baodanang":
        start = host + site.sitemaps[0]
        pages[start] = ("application/xml", news_sitemap(site, entries))
    elif site.sitemaps:
        start = host + site.sitemaps[0]
        pages[start] = ("application/xml", urlset([(u, w) for u, _, w in entries]))
    else:
        start = host + site.sections[0]
        pages[start] = ("text/html; charset=utf-8", listing(site, start, entries))
    return Discovery(spider, start, article, video_ctx.url, pages)


def json_api(host: str, entries: list[tuple[str, str, datetime]]) -> str:
    """An article-list answer of a JSON API: slugs for /tin-bai/ articles, a plain url otherwise."""
    items = []
    for url, title, when in entries:
        parts = url.removeprefix(host).strip("/").split("/")
        if len(parts) == 3 and parts[0] == "tin-bai":
            items.append({"title": title, "category_slug": parts[1], "slug": parts[2]})
        else:
            items.append({"title": title, "url": url, "publish_time": f"{when:%Y-%m-%d %H:%M:%S}"})
    return json.dumps({"status": 1, "data": {"list": items}}, ensure_ascii=False)


def write_replay(directory: object, discoveries: list[Discovery]) -> None:
    """Write the pages of ``discoveries`` and the ``index.jsonl`` that ``crawler.replay`` serves."""
    from pathlib import Path

    root = Path(str(directory))
    root.mkdir(parents=True, exist_ok=True)
    lines = []
    for d in discoveries:
        for i, (url, (ctype, body)) in enumerate(sorted(d.pages.items())):
            name = f"{d.spider}-{i}.txt"
            (root / name).write_text(body, "utf-8")
            lines.append(json.dumps({"url": url, "file": name, "status": 200, "content_type": ctype}))
    (root / "index.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
