"""F3 "/file/<32-hex>/" CMS with ``/<cat>/<YYYYMM>/<slug>-<id>/`` URLs: baokhanhhoa, baodaklak,
baodongnai, baothainguyen, baotuyenquang, baovinhlong, and the baolamdong archive. Old skin
(2019-2020): "Cập nhật lúc HH:MM, Thứ X, dd/mm/yyyy (GMT+7)" (the only time: the publication);
2024 skin: ``div.date`` holds "AUTHOR - AUTHOR HH:MM, dd/mm/yyyy", split by the hook."""

import re

from crawler.extract.dates import split_date_line
from crawler.extract.families.base import Family

FAMILY = Family(
    name="filehex",
    markers=("/dataimages/",),
    marker_res=(re.compile(rb"/file/[0-9a-f]{32}/"),),
    title=("h1.media-heading", "h1.head_title", ".detail-title h1", "h1.title", "h1.article-title"),
    lead=("div.desc", ".sapo", ".sub_first_content strong", ".article_content .content > p > strong"),
    body=(
        "div.content-detail",
        "div.article_content div#content",
        "#content .td-post-content",
        "div#content.content",
        "div.content-news",
        "div.article-content",
        "div#content",
    ),
    drop=(".tinlienquan", ".tin-lien-quan", ".related", "ul.social", ".bd02", ".tags", "div.date"),
    date=("div.date", ".datetime", ".date-time", ".time-post", ".post-date"),
    author=(".author", ".tacgia", ".tac-gia"),
    tags=(".tags a", ".tag a", ".keywords a", ".tu-khoa a"),
    breadcrumb=(".cate_title_1 a", ".breadcrumb a", ".breadcrumbs a"),
    split_date_line=split_date_line,
)
