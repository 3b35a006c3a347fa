"""Which URL an ``<img>`` really shows, and whether it is an article picture at all.

Lazy loaders put the picture in ``data-src``/``data-original`` and a grey GIF in ``src``; icons,
logos, tracking pixels and ad banners are not article images. URLs are resolved against the page
URL, never against ``<base href>`` (baocantho's base points into its template directory).
"""

from __future__ import annotations

import re

from crawler.extract.dom import HtmlElement
from crawler.urls import absolute_url, parses

_LAZY_ATTRS = (
    "data-src",
    "data-original",
    "data-lazy-src",
    "data-lazy",
    "data-url",
    "data-img",
    "data-image",
    "data-full",
    "data-large",
    "src",
)
_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")
_JUNK = re.compile(
    r"(?:^|[/_.-])(?:logo|icon|icons|ico|avatar|favicon|blank|spacer|pixel|1x1|loading|loader|"
    r"placeholder|grey|gray|transparent|emoji|sprite|banner|ads?|adv|qc|quangcao|tracking|"
    r"no-?image|default|share|zalo|facebook|twitter|gg-news|rss)(?:[/_.-]|\d|$)",
    re.I,
)
_PLACEHOLDER = re.compile(r"^(?:data:|about:|javascript:)|\.(?:svg)(?:\?|$)", re.I)


def _first_src(srcset: str) -> str:
    first = srcset.split(",")[0].strip()
    return first.split(" ")[0] if first else ""


def image_url(img: HtmlElement, page_url: str) -> str | None:
    """Absolute URL of the real picture of an ``<img>`` (or ``<source>``), or None for junk."""
    candidates = [img.get(a) for a in _LAZY_ATTRS]
    candidates += [_first_src(img.get(a) or "") for a in _SRCSET_ATTRS]
    for raw in candidates:
        if not raw or not raw.strip() or _PLACEHOLDER.search(raw.strip()):
            continue
        return None if _tiny(img) else image_url_of(raw, page_url)
    return None


def image_url_of(raw: str, page_url: str) -> str | None:
    """``raw`` made absolute against the page URL; None for non-http URLs, icons, logos, pixels,
    and URLs that do not parse (an unclosed ``[``, a port out of range)."""
    try:
        url = absolute_url(raw, page_url)
    except ValueError:  # urljoin itself refuses an unclosed "[" in the host
        return None
    if not parses(url):  # a port out of range, or no host at all ("http:///x.jpg")
        return None
    if not url.startswith(("http://", "https://")) or _PLACEHOLDER.search(raw.strip()):
        return None
    path = url.split("?")[0].split("#")[0]
    tail = "/".join(path.rsplit("/", 2)[-2:])  # last directory and file name
    return None if _JUNK.search(tail) else url


def _tiny(img: HtmlElement) -> bool:
    for attr in ("width", "height"):
        value = (img.get(attr) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) < 60:
            return True
    return False
