"""F5 "media.<domain>/upload" platform: baoquangninh, baohungyen (and probably baotayninh
since 2025). ``h1.name``; body ``#content-detail`` inside ``.content-article``; breadcrumb
``.breadcrumbs ol.breadcrumb``; a "Từ khóa" box and "Tin liên quan" after the body."""

import re

from crawler.extract.families.base import Family

FAMILY = Family(
    name="mediaupload",
    markers=("#content-detail",),
    marker_res=(re.compile(rb"//media\.[a-z0-9.-]+/upload/image/\d{6}/"),),
    title=(".content-article h1.name", "h1.name", ".content-article h1"),
    lead=(".content-article .sapo", ".content-article .summary", "h2.sapo", ".sapo", ".summary"),
    body=("#content-detail", ".content-article .content"),
    drop=(".tags", ".keywords", ".related", ".tin-lien-quan", ".box-comment"),
    date=(".content-article .date", ".content-article .time", ".post-date", ".date-time", ".publish-date"),
    author=(".content-article .author", ".author"),
    tags=(".tags a", ".keywords a", ".tag-list a", ".box-tags a"),
    breadcrumb=(".breadcrumbs ol.breadcrumb li a", "ol.breadcrumb li a", ".breadcrumbs a"),
)
