"""URL shapes shared by the papers of one CMS family, so entries name them instead of copying.

All patterns are regexes on the URL path (``Site.article_patterns`` / ``skip_patterns``).
"""

from __future__ import annotations

from crawler.sites.model import skip_sections

# F1 OneCMS: /<slug>-<id>.html; /<slug>-event<id>.html are topic hubs.
ONECMS_ARTICLE = r"^/[a-z0-9-]+-\d{4,}\.html$"
ONECMS_EVENT = r"-event\d+\.html$"
# F2 zce: /<slug>-post<id>.html; tag and author pages share the host.
ZCE_ARTICLE = r"-post\d+\.html$"
ZCE_NOT_ARTICLE = (r"-tag\d+\.html$", r"^/tac-gia/")
# Legacy "channel" URLs of 2010-2019 (baodanang, baogialai): /channel/<cat>/<YYYYMM>/<slug>-<id>/
CHANNEL_ARTICLE = r"^/channel/\d+/\d{6}/[a-z0-9-]+-\d+/?$"
# F3 /file/<hex>/ CMS: /<cat>[/<sub>]/<YYYYMM>/<slug>-<id>/, id 7 hex (2021+) or numeric.
FILEHEX_ARTICLE = r"^/[a-z0-9-]+(?:/[a-z0-9-]+)*/\d{6}/[a-z0-9-]+-(?:[0-9a-f]{7}|\d+)/?$"
# F4 FCK: /<slug>-a<id>.html
FCK_ARTICLE = r"-a\d+\.html$"
# F5 media/upload: /<slug>-<7-digit id>.html
MEDIAUPLOAD_ARTICLE = r"^/[a-z0-9-]+-\d{5,}\.html$"

# Sections that no news spider follows: media, e-papers, search, login, the English edition.
SKIP_COMMON = skip_sections(
    "video", "videos", "short-video", "clip", "podcast", "multimedia", "emagazine", "e-magazine",
    "infographic", "infographics", "photo", "media", "truyen-hinh", "phat-thanh", "an-pham",
    "xem-bao", "bao-in", "doc-bao-in", "epaper", "tim-kiem", "search", "dang-nhap", "en", "english",
)  # fmt: skip
