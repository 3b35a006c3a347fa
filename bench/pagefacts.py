"""Facts read straight from a page's HTML with lxml, independently of ``crawler.extract``: the
date the page declares (metadata, or the date written next to the headline), the headline, caption
texts, link texts and weekday labels. The real-page sanity checks and the extraction benchmark
compare what the extractors return against these."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

import lxml.html

VN_TZ = timezone(timedelta(hours=7))
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
_DMY = re.compile(
    r"(?<!\d)(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})(?![\d/])(?:[,\s-]+(\d{1,2})[:h](\d{2})"
    r"(?:\s*(pm|chiều|tối|đêm|ch)\b)?)?",
    re.IGNORECASE,
)
_HM_BEFORE = re.compile(r"(\d{1,2})[:h](\d{2})\D{0,24}$")
_WEEKDAYS = {
    "thu hai": 0,
    "thu 2": 0,
    "thu ba": 1,
    "thu 3": 1,
    "thu tu": 2,
    "thu 4": 2,
    "thu nam": 3,
    "thu 5": 3,
    "thu sau": 4,
    "thu 6": 4,
    "thu bay": 5,
    "thu 7": 5,
    "chu nhat": 6,
}
_WEEKDAY_BEFORE = re.compile(r"(thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat)\W{1,4}(?:ngay\s+)?$")
_META_DATES = (
    "//meta[@property='article:published_time']/@content",
    "//meta[@itemprop='datePublished']/@content",
    "//meta[@name='pubdate']/@content",
    "//meta[@name='publishdate']/@content",
    "//meta[@property='og:published_time']/@content",
)
CAPTION_XPATH = (
    "//figcaption | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
    " | //*[contains(@class, 'Caption') or contains(@class, '_caption') or contains(@class, 'caption_')]"
    " | //td[contains(@class, 'caption')]"
    " | //*[contains(@class, 'image-desc') or contains(@class, 'img-desc')]"
)


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """ASCII lower-case copy: ``Thứ Tư`` -> ``thu tu``."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


@dataclass(frozen=True)
class Stamp:
    value: datetime  # aware, +07:00
    has_time: bool
    source: str

    @property
    def day(self) -> date:
        return self.value.date()


@dataclass
class PageFacts:
    meta_date: Stamp | None
    visible_date: Stamp | None
    visible_weekday: int | None  # the weekday written before the visible date, Monday = 0
    headlines: list[str]  # h1 texts
    og_title: str | None
    captions: list[str]
    link_texts: set[str]

    @property
    def reference(self) -> Stamp | None:
        """The date the page itself declares for the article: metadata first, else the date shown
        next to the headline (a related-news list is never that close to it)."""
        meta, seen = self.meta_date, self.visible_date
        if meta and not meta.has_time and seen and seen.has_time and seen.day == meta.day:
            return Stamp(seen.value, True, f"{meta.source} (day) + visible time")
        return meta or seen


def _iso_stamp(value: str, source: str) -> Stamp | None:
    m = _ISO.search(value or "")
    if not m:
        return None
    y, mo, d, hh, mi, ss, off = m.groups()
    tz = VN_TZ
    if off:
        if off == "Z":
            tz = UTC
        else:
            sign = -1 if off[0] == "-" else 1
            digits = off[1:].replace(":", "")
            tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))
    try:
        value_dt = datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0), tzinfo=tz)
    except ValueError:
        return None
    return Stamp(value_dt.astimezone(VN_TZ), hh is not None, source)


def _json_ld_dates(root: lxml.html.HtmlElement) -> list[str]:
    found = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content() or "null", strict=False)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                if isinstance(node.get("datePublished"), str):
                    found.append(node["datePublished"])
                stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
    return found


def _meta_date(root: lxml.html.HtmlElement) -> Stamp | None:
    candidates = [(v, x.split("@")[1].split("]")[0]) for x in _META_DATES for v in root.xpath(x)]
    candidates += [(v, "JSON-LD datePublished") for v in _json_ld_dates(root)]
    stamps = [s for v, src in candidates if (s := _iso_stamp(v, src.replace("'", "")))]
    # Prefer one with a time of day; the first source in the order above otherwise.
    return next((s for s in stamps if s.has_time), stamps[0] if stamps else None)


def _visible(text: str, title: str | None) -> tuple[Stamp | None, int | None]:
    """The date written nearest to the headline in the page text (within 300 characters)."""
    if not title:
        return None, None
    spots = [m.start() for m in re.finditer(re.escape(title[:50]), text)]
    best: tuple[int, re.Match[str]] | None = None
    for at in spots:
        lo = max(0, at - 300)
        window = text[lo : at + len(title) + 300]
        for m in _DMY.finditer(window):
            start, end = lo + m.start(), lo + m.end()
            distance = at - end if end <= at else start - (at + len(title)) if start >= at + len(title) else 0
            if distance >= 0 and (best is None or distance < best[0]):
                best = (distance, m)
    if best is None:
        return None, None
    m = best[1]
    d, mo, y, hh, mi, later = m.groups()
    prefix = m.string[: m.start()]
    if hh is None and (hm := _HM_BEFORE.search(prefix)):  # "10:18 | 20/12/2012"
        hh, mi = hm.groups()
    hour = int(hh or 0) + (12 if later and hh and int(hh) < 12 else 0)
    year = int(y) + (2000 if len(y) == 2 else 0)
    try:
        value = datetime(year, int(mo), int(d), hour, int(mi or 0), tzinfo=VN_TZ)
    except ValueError:
        return None, None
    wd = _WEEKDAY_BEFORE.search(fold(prefix[-30:]))
    return Stamp(value, hh is not None, "visible date next to the headline"), (
        _WEEKDAYS[wd.group(1)] if wd else None
    )


def read(html: bytes) -> PageFacts:
    try:
        root = lxml.html.document_fromstring(html.decode("utf-8"))
    except UnicodeDecodeError:  # a legacy charset: let libxml2 follow the page's <meta charset>
        root = lxml.html.document_fromstring(html)
    for junk in root.xpath("//script[not(@type='application/ld+json')] | //style | //noscript"):
        junk.drop_tree()
    meta = _meta_date(root)
    headlines = [t for h in root.iter("h1") if (t := norm(h.text_content()))]
    og = root.xpath("string(//meta[@property='og:title']/@content)") or None
    og = norm(og) if og else None
    captions = [t for el in root.xpath(CAPTION_XPATH) if len(t := norm(el.text_content())) >= 15]
    links = {t for a in root.iter("a") if len((t := norm(a.text_content())).split()) >= 4}
    for script in root.xpath("//script"):
        script.drop_tree()
    text = norm(root.text_content())
    title = next((h for h in headlines if len(h) >= 10), og)
    visible, weekday = _visible(text, title)
    if visible is None and og and og != title:
        visible, weekday = _visible(text, og)
    return PageFacts(meta, visible, weekday, headlines, og, captions, links)
