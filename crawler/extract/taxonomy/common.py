"""What the category path and the tags both need to know of a page: which host a link leads to
(a menu entry and a tag link count only on the site's own pages) and which boxes are a side
column (its lists of sections and tags are the site's, not the article's)."""

from __future__ import annotations

import re

# A side column ("sidebar", "col-right", a class that is just "widget"; not "c-widget-tags", the
# OneCMS tag box under the article). A sidebar, widget or aside holds lists of sections too, but
# they are not the site's menu.
SIDE_RE = re.compile(
    r"sidebar|side-bar|(?:^|\s)(?:aside|widgets?)(?:$|\s)|cot-?phai|cot-?trai|col-?right|right-?col"
)


def host_of(netloc: str) -> str:
    """The host of a URL's netloc as links are compared: lower case, without user and port, and
    without "www." (www.vnexpress.net and vnexpress.net are one site)."""
    host = netloc.lower().split("@")[-1].split(":")[0]
    return host[4:] if host.startswith("www.") else host


# A page's file extension in a link's path (".html", ".chn" on cafef, ".vnn" on vietnamnet):
# "/thoi-su.html" and "/thoi-su/" name one section.
PAGE_EXT = re.compile(r"\.(?:html?|aspx?|php|chn|shtml|jsp|vnn)$", re.IGNORECASE)
# Paths that are the home page under another name ("/index.html", "/trang-chu").
HOME_SEGMENTS = frozenset({"index", "default", "home", "trang-chu", "trangchu"})
# A date or a clock: never a section's name, never a crumb.
DATE_BIT = re.compile(r"\d{1,2}[/:.-]\d{1,2}")
