"""Small helpers the feed, sitemap and listing parsers share."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urldefrag

from crawler.textnorm import clean_text
from crawler.timeparse import parse_datetime
from crawler.urls import absolute_url, parses

from .safexml import unwrap_text

# An absolute URL with nothing that safe_url_string would escape: the shape of nearly every
# sitemap <loc>, worth a fast path when a sitemap holds 50,000 of them.
_SAFE_ABSOLUTE = re.compile(r"https?://[A-Za-z0-9\-._~:/?\[\]@!$&'()*+,;=%]+")


def resolve(href: str | None, base_url: str) -> str | None:
    """An http(s) URL for ``href`` resolved against ``base_url``, without fragment; None for
    empty, ``javascript:``, ``mailto:`` and other non-web references."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return None
    if _SAFE_ABSOLUTE.fullmatch(href):
        return href if parses(href) else None
    try:
        url = urldefrag(absolute_url(href, base_url))[0]
    except ValueError:
        return None
    return url if url.startswith(("http://", "https://")) and parses(url) else None


def clean_title(raw: str | None) -> str | None:
    title = clean_text(unwrap_text(raw or ""))
    return title or None


def parse_date(raw: str | None) -> datetime | None:
    text = clean_text(raw)
    if not text:
        return None
    try:
        return parse_datetime(text)
    except Exception:  # a date parser bug must not lose the link
        return None
