"""Papers of the Southeast (Đông Nam Bộ) after 2025.

Facts from shared/research/sites.md; ``sources`` names its keys, ``evidence`` its weakest link.
"""

from __future__ import annotations

from crawler.sites.common import FCK_ARTICLE, MEDIAUPLOAD_ARTICLE, SKIP_COMMON, ZCE_ARTICLE, ZCE_NOT_ARTICLE
from crawler.sites.model import Site, skip_sections

SITES: tuple[Site, ...] = (
    Site(
        spider="sggp",
        domain="sggp.org.vn",
        source_name="Báo Sài Gòn Giải Phóng",
        province="Hồ Chí Minh",
        family="zce",
        home="https://www.sggp.org.vn/",
        sitemaps=("/sitemap.xml",),
        sections=("/chinhtri/", "/xahoi/", "/phapluat/", "/kinhte/", "/thegioi/", "/giaoduc/"),
        article_patterns=(ZCE_ARTICLE,),
        skip_patterns=(SKIP_COMMON, *ZCE_NOT_ARTICLE),
        selectors={"listing": ("article.story a[href]",)},
        evidence="crawler-config",
        absorbed=("Bình Dương", "Bà Rịa - Vũng Tàu"),
        absorbed_domains=("baobinhduong.vn", "baobariavungtau.com.vn"),
        sample_article_url="https://www.sggp.org.vn/tp-hcm-mo-rong-mang-luoi-xe-buyt-dien-post801234.html",
        sources="TAM, MEGA N-0036, VDW",
        notes="F2 zce. No RSS in Dec 2025 (VDW); sitemap index with /sitemaps/news-<month> children. "
        "That the Bình Dương and Bà Rịa - Vũng Tàu papers folded into SGGP is a guess.",
    ),
    Site(
        spider="baobinhduong",
        domain="baobinhduong.vn",
        source_name="Báo Bình Dương",
        province="Hồ Chí Minh",
        family="fck",
        home="https://baobinhduong.vn/",
        sections=("/chinh-tri/", "/kinh-te/", "/xa-hoi/", "/phap-luat/", "/toi-yeu-binh-duong/"),
        pagination="?page={n}",
        article_patterns=(FCK_ARTICLE,),
        skip_patterns=(SKIP_COMMON, skip_sections("cn")),
        selectors={
            "listing": ("div.box-latestnews div.items-news div.content > h3 > a", ".article-item a"),
        },
        evidence="crawler-config",
        role="archive",
        sample_article_url="https://baobinhduong.vn/thu-dau-mot-khai-truong-tuyen-pho-di-bo-a345678.html",
        sources="TAM, MEGA N-0006",
        notes="F4 newer skin (h1.title, #contentNews .singular-content, ?page=N). A 2026 crawler config "
        "still targets it; the Chinese edition /cn/ is skipped.",
    ),
    Site(
        spider="baodongnai",
        domain="baodongnai.com.vn",
        source_name="Báo Đồng Nai",
        province="Đồng Nai",
        family="filehex",
        home="https://baodongnai.com.vn/",
        sections=("/thoi-su/", "/kinh-te/", "/xa-hoi/", "/van-hoa/"),
        article_patterns=(r"^/[a-z0-9-]+(?:/[a-z0-9-]+)*/\d{6}/[a-z0-9-]+-[a-f0-9]{7}/?$",),
        skip_patterns=(SKIP_COMMON, skip_sections("video-clip", "anh-dep", "common", "file")),
        selectors={
            "body": ("div#content.content-detail .td-post-content",),
            "breadcrumb": ("div.breadcrumb a.title.fleft", ".bread-crumb a"),
            "listing": ("a.title1", "a.title3"),
        },
        evidence="crawler-config",
        absorbed=("Bình Phước",),
        absorbed_domains=("baobinhphuoc.com.vn",),
        sample_article_url="https://baodongnai.com.vn/kinh-te/202506/cao-toc-bien-hoa-vung-tau-thong-xe-3d4e5f6/",
        sources="TAM",
        notes="F3 (#content .td-post-content); inline media only.",
    ),
    Site(
        spider="baotayninh",
        domain="baotayninh.vn",
        source_name="Báo Tây Ninh",
        province="Tây Ninh",
        family="fck",
        home="https://www.baotayninh.vn/",
        feeds=("/rss/news/van-hoa.rss", "/rss/news/du-lich.rss", "/rss/news/van-de-su-kien.rss"),
        sections=("/chinh-tri/", "/kinh-te/", "/xa-hoi/", "/van-hoa/"),
        article_patterns=(FCK_ARTICLE, MEDIAUPLOAD_ARTICLE),
        skip_patterns=(SKIP_COMMON,),
        selectors={
            "lead": ("h4.sapo", "p.sapo"),
            "breadcrumb": ("div.block-header-news-detail div.breadcrumb-news-detail a",),
            "listing": ("a.title[href]",),
        },
        evidence="crawler-config",
        absorbed=("Long An",),
        absorbed_domains=("baolongan.vn",),
        sample_article_url="https://www.baotayninh.vn/nui-ba-den-don-khach-dip-le-a190711.html",
        other_samples=("https://www.baotayninh.vn/lua-he-thu-tan-bien-trung-mua-141537.html",),
        sources="TAM, FS:62982675145, FS:71083182464",
        notes="F4 newer skin per TAM; 2025 URLs (-<id>.html, media.baotayninh.vn/upload, /rss/news/*.rss) "
        "suggest a move to F5, so both URL shapes are accepted and the page's fingerprint decides the "
        "parser. Feeds are [L].",
    ),
)
