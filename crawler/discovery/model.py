"""What discovery hands the spider: links with what the source said about their dates, and the
date-window filter that decides which of them are worth a request."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from crawler.timeparse import VN_TZ


@dataclass(frozen=True)
class Link:
    """A URL found by discovery.

    ``kind``: ``article`` (from a feed or a section listing), ``page`` (a sitemap ``<url>``: not yet
    known to be an article), ``sitemap`` (a child of a sitemap index), ``feed``, ``listing``.
    Datetimes are aware, in +07:00.
    """

    url: str
    kind: str
    lastmod: datetime | None = None
    published: datetime | None = None
    title: str | None = None


def _local_day(dt: datetime) -> date:
    return (dt if dt.tzinfo else dt.replace(tzinfo=VN_TZ)).astimezone(VN_TZ).date()


def published_in_window(published: datetime, since: date | None, until: date | None) -> bool:
    """Whether a publication time falls on a +07:00 day within [since, until] (inclusive; naive
    times are taken as +07:00). The one day test for links before download and articles after."""
    day = _local_day(published)
    return (since is None or day >= since) and (until is None or day <= until)


# Dates that sitemap files carry in their names: OneCMS sitemap-article-2026-05-15.xml (a day),
# bnews news-2026-9.xml (a month, not zero-padded), sitemap-20260515.xml, sitemap-2024.xml (a year).
_NAME_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?!\d)")
_NAME_DAY_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")
_NAME_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})[-_](\d{1,2})(?!\d)")
_NAME_MONTH_COMPACT = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(?!\d)")
_NAME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def sitemap_name_span(url: str) -> tuple[date, date] | None:
    """The days a date-named sitemap file covers, read from its file name (or query)."""
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1] + ("?" + parts.query if parts.query else "")
    span = _span_in(name, (_NAME_DAY, _NAME_DAY_COMPACT), (_NAME_MONTH, _NAME_MONTH_COMPACT), last=False)
    if span is not None:
        return span
    m = _NAME_YEAR.search(name)
    if m:
        return date(int(m[1]), 1, 1), date(int(m[1]), 12, 31)
    return None


def _span_in(
    text: str,
    days: tuple[re.Pattern[str], ...],
    months: tuple[re.Pattern[str], ...],
    *,
    last: bool,
) -> tuple[date, date] | None:
    """The first day pattern that matches ``text`` (its first match, or its last with ``last``)
    gives a day; else the first month pattern a month. Impossible dates are passed over."""
    for pattern in days:
        m = _pick(pattern, text, last)
        if m:
            try:
                day = date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                continue
            return day, day
    for pattern in months:
        m = _pick(pattern, text, last)
        span = _month_span(int(m[1]), int(m[2])) if m else None
        if span is not None:
            return span
    return None


def _pick(pattern: re.Pattern[str], text: str, last: bool) -> re.Match[str] | None:
    if not last:
        return pattern.search(text)
    matches = list(pattern.finditer(text))
    return matches[-1] if matches else None


# Dates that article URLs carry in their path: F3 /chinh-tri/201901/<slug>-<id>/ (a month),
# WordPress-style /2019/01/02/<slug>/ (a day) or /2019/01/<slug>/ (a month), /2019-01-02/ (a day).
_PATH_DAY = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
_PATH_DAY_DASHED = re.compile(r"/((?:19|20)\d{2})-(\d{2})-(\d{2})/")
_PATH_MONTH = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/")
_PATH_MONTH_COMPACT = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])/")


def _month_span(year: int, month: int) -> tuple[date, date] | None:
    if not 1 <= month <= 12:
        return None
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def url_day_span(url: str) -> tuple[date, date] | None:
    """The days an article URL's path says it was published in (``/201901/`` -> all of January
    2019; ``/2019/01/02/`` -> that day), or None. Only whole path segments count, so an id such as
    ``-2019012345`` is never read as a date; the last dated segment wins (a section may be dated)."""
    path = urlsplit(url).path
    if not path.endswith("/"):
        path = path.rsplit("/", 1)[0] + "/"
    return _span_in(path, (_PATH_DAY, _PATH_DAY_DASHED), (_PATH_MONTH_COMPACT, _PATH_MONTH), last=True)


def _in_window(link: Link, since: date | None, until: date | None) -> bool:
    if link.published is not None:
        return published_in_window(link.published, since, until)
    if link.kind == "sitemap":
        span = sitemap_name_span(link.url)
        if span is not None:
            first, last = span
            return (since is None or last >= since) and (until is None or first <= until)
    if link.kind != "sitemap":
        span = url_day_span(link.url)
        if span is not None:
            first, last = span
            if (since is not None and last < since) or (until is not None and first > until):
                return False
    if link.lastmod is not None:
        # lastmod is when the page (or a sitemap file) last changed, which is on or after its
        # publication: it can prove a link too old, never too new (an article edited after
        # ``until`` may have been published before it; a sitemap index's lastmod is often the
        # time the file was generated).
        return since is None or _local_day(link.lastmod) >= since
    return True


def filter_links(links: Iterable[Link], *, since: date | None, until: date | None) -> list[Link]:
    """The links that may hold articles published within [since, until] (inclusive, +07:00 days).

    ``published`` decides when known. A date-named child sitemap is kept when its day/month/year
    overlaps the window, and so is a link whose URL path carries its day or month (``/201901/``).
    ``lastmod`` alone only excludes links last changed before ``since``.
    Undated links are kept: the article's own date is checked after download.
    """
    if since is None and until is None:
        return list(links)
    return [link for link in links if _in_window(link, since, until)]
