"""F2 "zce / cms-body" platform: baolaocai, sggp, baogialai, baohatinh; nationally nhandan,
tienphong, vietnamplus. The date is ``time.time[datetime]`` in ``div.article__meta`` (related
cards use the same markup, hence the scoped selector); the author comes after the body as
``div.t1 > span.t2`` on baolaocai."""

from crawler.extract.families.base import Family

FAMILY = Family(
    name="zce",
    markers=("zce-content-body", "article__body", "cms-body"),
    title=("h1.article__title", "h1.cms-title", ".article__header h1"),
    lead=("div.article__sapo", ".article__sapo", ".cms-desc"),
    body=("div.article__body", "[itemprop=articleBody].cms-body", "div[data-field=body]", "div.cms-body"),
    drop=(
        "div.t1",
        ".sda_middle",
        ".rennab",
        ".article__author",
        ".box-related",
        ".story--related",
        ".article__tags",
    ),
    date=(
        "div.article__meta time.time[datetime]",
        "div.article__meta time[datetime]",
        ".article__meta .time",
        "meta.cms-date",
    ),
    author=(
        ".article__author .name",
        ".article__author",
        "div.t1 > span.t2",
        "div.t1 .t2",
        ".article__body .author",
    ),
    tags=("div.article__tags a", ".article__tag a", ".article__tags .box-content a", ".tags a"),
    breadcrumb=("div.breadcrumbs a", ".breadcrumb a"),
)
