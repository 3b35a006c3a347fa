"""VCCorp's "data-role" layout (tuoitre, nld, baochinhphu, cafef and many others): stable
``data-role`` attributes for title, sapo, content, publish date, author and category; photos are
``div[type=Photo]`` with ``.PhotoCMS_Caption``; related boxes are typed ``RelatedNewsBox``."""

import re

from crawler.extract.families.base import Family

FAMILY = Family(
    name="vccorp",
    markers=("afcbc-body",),
    marker_res=(re.compile(rb"data-role=[\"'](?:content|publishdate)[\"']"),),
    title=("h1[data-role=title]", "h1.detail-title", "h1.title", "h1.article-title"),
    lead=("[data-role=sapo]", "h2.detail-sapo", "h2.sapo", ".detail-sapo"),
    body=("[data-role=content]", "div.detail-content", "div.afcbc-body"),
    drop=(
        "[type=RelatedNewsBox]",
        "[type=RelatedOneNews]",
        "[type=VideoStream]",
        ".relatednews",
        ".link-content-footer",
        ".detail-author",
        "[data-role=author]",
        "p.author",
        "p.source",
        ".kbwscwl-relatedbox",
    ),
    date=("[data-role=publishdate]", ".detail-time", "span.pdate"),
    author=("[data-role=author]", ".detail-author .name", ".author-info .name", "p.author", ".detail-author"),
    tags=(".detail-tab a", ".tags-container a", ".tagdetail a", ".detail-tags a", ".box-tag a"),
    breadcrumb=("[data-role=cate-name]", ".detail-cate a", ".detail-breadcrumb a"),
)
