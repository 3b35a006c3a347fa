"""F4 "-a<id>.html" / FCKeditor platform. Classic skin (baocantho, baoangiang, dongkhoi and
travinh.baovinhlong): body ``#newscontents .content-fck``, date ``span.pubdate`` "dd/mm/yyyy -
HH:MM", no sapo element (the lead is the first paragraph, "(CTO) - ..."), the byline is the last
right-aligned paragraph, a ``<base href>`` into the template directory. The first ``h1`` is the
section header, so the title selector names the real one. Newer skin (baobinhduong,
baodongthap): ``h1.title``, ``#contentNews .singular-content``."""

import re

from crawler.extract.families.base import Family

FAMILY = Family(
    name="fck",
    markers=("content-fck", "singular-content"),
    marker_res=(re.compile(rb"/static/templates/version\d+/"),),
    title=("#colcate1 h1.fw700", "h1.margintopbot10", "h1.title", ".singular-title h1", "h1.detail-title"),
    lead=(".detail-desc p", ".detail-desc", "h4.sapo", ".sapo", ".singular-sapo"),
    body=(
        "#newscontents .content-fck",
        "div.content-fck",
        "#contentNews .singular-content",
        "div.singular-content",
        "#newscontents",
    ),
    drop=("div.tinlienquan", "ul.tinlienquan", ".block_tag", "#linkshare", ".sharelike"),
    date=("span.pubdate", "div.pubdate", ".ngaycapnhat", ".singular-date", ".post-date", ".date-time"),
    author=(".author", ".singular-author"),
    tags=("div.block_tag a.tag_item", ".block_tag a", ".box-tags a", ".singular-tags a"),
    breadcrumb=("div.titlecate h1 a", "div.breadcrumb-news-detail a", "h2.catename-h1 a"),
)
