"""Papers of the Central Highlands (Tây Nguyên) after 2025, each now reaching the coast.

Facts from shared/research/sites.md; ``sources`` names its keys, ``evidence`` its weakest link.
"""

from __future__ import annotations

from crawler.sites.common import CHANNEL_ARTICLE, ONECMS_EVENT, SKIP_COMMON, ZCE_ARTICLE, ZCE_NOT_ARTICLE
from crawler.sites.model import Site, skip_sections

SITES: tuple[Site, ...] = (
    Site(
        spider="baogialai",
        domain="baogialai.com.vn",
        source_name="Báo Gia Lai",
        province="Gia Lai",
        family="zce",
        home="https://baogialai.com.vn/",
        feeds=("/rss/home.rss",),
        sitemaps=("/sitemap.xml",),
        sections=("/thoi-su-su-kien/", "/chinh-tri/", "/kinh-te/", "/giao-duc/", "/phap-luat/"),
        article_patterns=(ZCE_ARTICLE, CHANNEL_ARTICLE),
        skip_patterns=(
            SKIP_COMMON,
            *ZCE_NOT_ARTICLE,
            skip_sections("bao-anh", "thong-tin-quang-cao", "chu-de"),
        ),
        datelines=("GLO",),
        selectors={"listing": ("article a[href]",)},
        evidence="crawler-config",
        absorbed=("Bình Định",),
        absorbed_domains=("baobinhdinh.vn",),
        sample_article_url="https://baogialai.com.vn/pleiku-mo-rong-vung-trong-ca-phe-sach-post579869.html",
        other_samples=("https://baogialai.com.vn/channel/8161/201705/mua-hoa-da-quy-2512345/",),
        sources="TAM, VDW feed_state, PAGE",
        notes="F2 zce; feeds answered in Dec 2025. Lead marker '(GLO)-'. Legacy /channel/ URLs (2017).",
    ),
    Site(
        spider="baolamdong",
        domain="baolamdong.vn",
        source_name="Báo Lâm Đồng",
        province="Lâm Đồng",
        family="onecms",
        home="https://baolamdong.vn/",
        feeds=(
            "/rss/thoi-su",
            "/rss/chinh-tri",
            "/rss/kinh-te",
            "/rss/doi-song",
            "/rss/phap-luat",
            "/rss/chinh-sach",
        ),
        sitemaps=("/sitemap.xml", "/sitemap-news.xml"),
        sections=("/thoi-su", "/chinh-tri", "/kinh-te", "/doi-song", "/phap-luat", "/van-hoa-giai-tri"),
        article_patterns=(
            r"^/(?:bbt/)?[a-z0-9-]+-\d{4,}\.html$",  # 2025 platform: /<slug>-359750.html
            r"^/[a-z0-9-]+(?:/[a-z0-9-]+)?/\d{6}/[a-z0-9-]+-(?:[0-9a-f]{7}|\d{4,})/?$",  # archive
        ),
        skip_patterns=(SKIP_COMMON, skip_sections("news", "khmer"), ONECMS_EVENT),
        datelines=("LĐ online", "LĐO", "Lâm Đồng online"),
        evidence="crawler-config",
        notes="2025 platform assumed OneCMS-like (RSS /rss/<cat>, -<id>.html); archive pages F3 with "
        "'Cập nhật lúc HH:MM, Thứ X, dd/mm/yyyy (GMT+7)'. Đắk Nông and Bình Thuận archives merged in.",
        absorbed=("Đắk Nông", "Bình Thuận"),
        absorbed_domains=("baodaknong.vn", "baodaknong.org.vn", "baobinhthuan.com.vn"),
        sample_article_url="https://baolamdong.vn/viettel-post-dat-giai-vang-it-world-awards-149977.html",
        sample_seen=True,
        other_samples=("https://baolamdong.vn/chinh-tri/202403/hoi-nghi-ban-chap-hanh-dang-bo-f6224d3",),
        sources="TAM, FS:69741051899, FS:54906016041, corpus/real sitemap-derived URL list",
    ),
    Site(
        spider="baodaklak",
        domain="baodaklak.vn",
        source_name="Báo Đắk Lắk",
        province="Đắk Lắk",
        family="filehex",
        home="https://baodaklak.vn/",
        sections=("/thoi-su/", "/chinh-tri/", "/kinh-te/", "/xa-hoi/", "/giao-duc/", "/phap-luat/"),
        pagination="?paged={n}",
        article_patterns=(r"^/[a-z0-9-]+(?:/[a-z0-9-]+)?/\d{6}/[a-z0-9-]+-(?:[0-9a-f]{7}|\d{7})/?$",),
        skip_patterns=(SKIP_COMMON,),
        selectors={
            "drop": ("h1.media-heading",),
            "breadcrumb": ("a.maincatetitle",),
            "tags": ("div.tag_list a",),
            "listing": ("a.title5[href]",),
        },
        evidence="crawler-config",
        absorbed=("Phú Yên",),
        absorbed_domains=("baophuyen.vn", "baophuyen.com.vn"),
        sample_article_url="https://baodaklak.vn/kinh-te/202601/ca-phe-dak-lak-duoc-mua-2887253/",
        other_samples=("https://baodaklak.vn/xa-hoi/202207/mua-nuoc-tren-song-serepok-ac645ab/",),
        sources="TAM, FS:6690975121",
        notes="F3 (div.article_content div#content); ids 7 hex (2022) or 7 digits (2026). "
        "Older listings paged with ?paged=N.",
    ),
)
