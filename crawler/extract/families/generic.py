"""Selectors that work across unknown Vietnamese CMSs (schema.org, common class names, URL
patterns of tag and author pages). They are tried after a family's own selectors, inside the
article's scope first, and every hit is checked (length, region) by the field code."""

from crawler.extract.families.base import Family

# The PascalCase substrings closing some lists are class names as CSS modules write them
# (``ArticleTags_list__x1``, ``Author_name__k9``): attribute selectors match case-sensitively, so
# the lower-case ones miss them. They come last, to answer only where no usual name did.

FAMILY = Family(
    name="generic",
    lead=(
        "[itemprop=description]",
        "[data-role=sapo]",
        "h2.sapo",
        ".sapo",
        ".article-sapo",
        ".detail-sapo",
        ".article__sapo",
        ".sapo_detail",
        "p.description",
        ".article-description",
        ".lead",
        ".article-lead",
        ".article__lead",
        ".summary",
        ".article-summary",
        ".the-article-summary",
        ".chapeau",
        ".excerpt",
        ".intro",
        ".tomtat",
        "[class*=sapo]",
        "[class*=summary]",
        "[class*=-desc]",
        "h2.description",
        "[class*=Sapo]",
        "[class*=Summary]",
        "[class*=Description]",  # CSS modules
    ),
    date=("[itemprop=datePublished]", "time[datetime]", "[data-role=publishdate]"),
    author=(
        "[itemprop=author] [itemprop=name]",
        "[itemprop=author]",
        "[rel=author]",
        "[data-role=author]",
        "[class*=author] .name",
        "[class*=author] a[href*=tac-gia]",
        "a[href*='/tac-gia/']",
        "a[href*='/author/']",
        ".author",
        ".byline",
        ".tacgia",
        ".tac-gia",
        "[class*=author]",
        ".field--name-uid",  # Drupal 8+: the node's author field
        "[class*=Author]",
        "[class*=Byline]",  # CSS modules
    ),
    # Tag boxes (their links, spans or list items are the tags) and tag links found by URL.
    tags=(
        "a[data-content-name*=tag]",
        "[rel=tag]",
        ".tags",
        ".tag-list",
        ".article-tags",
        ".post-tags",
        ".keywords",
        ".tu-khoa",
        ".box-tag",
        "[class*=tags]",
        "[class*=tag_]",
        "[class*=-tag]",
        "[class*=keyword]",
        "a[href*='/tag/']",
        "a[href*='/tags/']",
        "a[href*='/tu-khoa/']",
        "a[href*='/chu-de/']",
        "a[href*='/tieu-diem/']",  # "tiêu điểm", a topic page (VTC News, Znews)
        "[class*=Tags]",
        "[class*=Tag_]",
        "[class*=TagList]",
        "[class*=Keyword]",  # CSS modules
    ),
    # Credit lines outside the text ("Theo TTXVN", a paper's name in p.source).
    source=(
        ".nguontin",
        ".nguon-tin",
        ".news-source",
        ".article-source",
        ".source-news",
        "p.source",
        "[data-field=source]",
    ),
    breadcrumb=(
        "a[data-content-name*=breadcrumb]",
        "[itemprop=breadcrumb] a",
        "nav[aria-label=breadcrumb] a",
        ".breadcrumb a",
        ".breadcrumbs a",
        "[class*=breadcrumb] a",
        "[class*=bread-crumb] a",
        "[data-role=cate-name]",
        "a[rel~=category]",
        "[class*=category] a",
        "[class*=-cate] a",
        "[class*=Breadcrumb] a",
        "[class*=Category] a",  # CSS modules
    ),
)
