"""F1 OneCMS ("Tòa soạn hội tụ"): hanoimoi, baodanang, baonghean, baohaiphong, old baodaknong;
new baolamdong is assumed to be one. Two templates: the longform header (``sc-longform-header`` /
``block-sc-*``) and the older ``c-detail-head``; the body is ``div.entry`` in ``div.b-maincontent``,
which in the new template also contains the header, so the header is dropped from the body."""

from crawler.extract.families.base import Family

FAMILY = Family(
    name="onecms",
    markers=("sc-longform-header", "c-detail-head__", "b-maincontent", "onecms__", "block-sc-title"),
    title=(
        "h1.sc-longform-header-title",
        "h1.block-sc-title",
        "h1.c-detail-head__title",
        ".c-detail-head__title",
    ),
    lead=(
        "p.sc-longform-header-sapo",
        ".block-sc-sapo",
        ".sc-longform-header-sapo",
        ".c-detail-head__sapo",
        "div.b-maincontent h2.desc",
        "div.b-maincontent p.desc",
        "h2.desc",
        "p.desc",
    ),
    body=(
        "div.b-maincontent div.entry",
        "div.b-maincontent article.entry",
        "article.entry",
        "div.entry",
        "div.b-maincontent",
    ),
    drop=(
        ".sc-longform-header",
        ".sc-empty-layer",
        ".c-box",
        ".c-widget-tags",
        ".onecms__tags",
        ".c-author-page",
        ".c-detail-head",
        ".c-related",
        ".b-related",
    ),
    date=(
        "span.sc-longform-header-date",
        ".block-sc-publish-time",
        "span.c-detail-head__time",
        ".c-detail-head__time",
    ),
    author=(
        "span.sc-longform-header-author",
        ".block-sc-author",
        "span.c-detail-head__author",
        ".c-detail-head__author",
        ".c-author-page .c-author-page__name",
    ),
    tags=("div.c-widget-tags a", ".onecms__tags a"),
    breadcrumb=(
        "a.c-detail-head__cat",
        ".c-breadcrumbs a",
        ".b-breadcrumb a",
        "ul.breadcrumb a",
        ".breadcrumb a",
    ),
)
