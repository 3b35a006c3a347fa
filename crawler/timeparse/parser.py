"""Vietnamese news timestamps -> aware datetimes in +07:00.

Why a hand-written fast path: dateparser (even with ``languages=['vi']``) fails on label
prefixes ("Cập nhật lúc ..."), ``T4``, ``20h47``, ``sáng/chiều``, ``hôm kia``; it invents dates for
time-only strings and epochs, ignores contradicting weekdays and costs ~0.5 ms per call (see
shared/research/dates.md). The steps, all over a folded ASCII copy (``Thứ Tư`` -> ``thu tu``):
whole-string ISO 8601 / RFC 822; the two everyday layouts as anchored patterns; otherwise a scan
(:mod:`.parts`) that pulls out dates, zones, weekdays and times, where the first date wins
and takes the time, weekday and zone glued to it; relative forms against ``now``. dateparser,
strict and built lazily, sees only strings that still contain a year after all that found
nothing. Word tables and patterns live in :mod:`.vocab`.

Policy: day-month-year; naive times are +07:00 (fixed offset, never Asia/Ho_Chi_Minh, which is
+08:00 before 1975); explicit offsets are honoured and converted; a year-less or time-only string
is not a date. "2/27/2018" (second field > 12) is read as month/day with flag ``mdy_swapped``:
no day-first reading exists, and English-language blog templates do write it.
"""

from __future__ import annotations

import calendar
import html
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import StrEnum
from typing import Any

from crawler.textnorm import clean_text
from crawler.timeparse import parts as P
from crawler.timeparse import vocab as V

# Named for the package, not this module: users (bench/__main__.py, log filters) address the time
# parser's logger as "crawler.timeparse", the name it had as one module.
logger = logging.getLogger("crawler.timeparse")

VN_TZ = timezone(timedelta(hours=7))
MAX_INPUT = 1000  # longer input is body text, not a timestamp field
_ONE_DAY = timedelta(days=1)

FALLBACK_SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "PREFER_DATES_FROM": "past",
    "TIMEZONE": "+0700",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
}


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """A parsed timestamp plus what the extractor needs to trust it (time given? how? doubts?)."""

    value: datetime  # aware, +07:00
    has_time: bool
    precision: str  # second | minute | day | relative-minute | relative-day
    path: str  # fast | fast:relative | iso | rfc822 | dateparser
    flags: frozenset[str] = frozenset()


class DateRole(StrEnum):
    PUBLISHED = "published"
    UPDATED = "updated"


def parse_datetime(text: str, now: datetime | None = None) -> datetime | None:
    """The instant in +07:00, or None where nothing reliable was found."""
    parsed = parse_date(text, now)
    return parsed.value if parsed else None


def parse_date(text: str, now: datetime | None = None) -> ParsedDate | None:
    """Parse one timestamp field; ``now`` (naive = +07:00 wall time) anchors relative forms."""
    try:
        return _parse_date(text, now)
    except Exception:  # a crawl must not die on one odd string; the log shows the bug
        logger.exception("timestamp parser failed on %r", text)
        return None


def format_iso(dt: datetime) -> str:
    """``2019-01-02T20:47:00+07:00``: seconds precision, always +07:00 (naive means +07:00)."""
    aware = dt.replace(tzinfo=VN_TZ) if dt.tzinfo is None else dt.astimezone(VN_TZ)
    return aware.isoformat(timespec="seconds")


def date_role(label_text: str) -> DateRole | None:
    """Classify a date label by its first role word: "Cập nhật" -> updated, "Đăng"/"Xuất bản" ->
    published, anything else None (the extractor decides what an unlabelled date is)."""
    match = V.ROLE_RE.search(clean_text(label_text, unescape=True).lower())
    if not match:
        return None
    return DateRole.UPDATED if match["updated"] else DateRole.PUBLISHED


_stats = {"fallback_calls": 0, "fallback_hits": 0}


def fallback_stats() -> dict[str, int]:
    """How often dateparser was asked and how often it answered: every hit is a format to add."""
    return dict(_stats)


# --- normalisation ---------------------------------------------------------------------------

# After NFD, anything that is neither ASCII, a combining mark nor an invisible character is a
# symbol or another script: it becomes a space (or its ASCII look-alike) so digits never merge.
_ODD = re.compile("[^\x00-\x7f\u0300-\u036f\u200b-\u200d\u2060\ufeff\u00ad]")
_ODD_MAP = {"’": "'", "‘": "'", "′": "'", "–": "-", "—": "-", "−": "-"}


def _odd(match: re.Match[str]) -> str:
    return _ODD_MAP.get(match.group(), " ")


def _fold(text: str) -> str:
    """Lower-case ASCII copy (``Thứ Tư`` -> ``thu tu``) with single spaces. NFKD, not NFD: CJK
    input methods type full-width digits and punctuation (``０７／１２／２０２６``) that must read as
    ASCII ones rather than become spaces."""
    if "&" in text:
        text = html.unescape(text)
    text = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    if not text.isascii():
        if _ODD.search(text):
            text = _ODD.sub(_odd, text)
        text = text.encode("ascii", "ignore").decode("ascii")  # drops marks and invisibles
    return " ".join(text.split())


def _base_now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(VN_TZ)
    return now.replace(tzinfo=VN_TZ) if now.tzinfo is None else now.astimezone(VN_TZ)


# --- entry ----------------------------------------------------------------------------------


def _parse_date(text: str, now: datetime | None) -> ParsedDate | None:
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    base = _base_now(now)
    folded = _fold(text)
    if not folded:
        return None
    if ago := V.AGO_RE.fullmatch(folded):  # listing pages: nothing but "2 giờ trước"
        return _ago(ago, base)
    if _is_span(folded):
        return None
    parsed = _parse_whole(folded, base)
    if parsed is _REJECT:
        return None
    if parsed is None:
        parsed = _parse_common(folded)
    if parsed is None:
        scan = P.Scan(folded)
        if scan.dates:
            parsed = _assemble(scan, base)
        else:
            parsed = _relative(scan, base)
            if parsed is None and not scan.lunar and V.YEAR_RE.search(folded):
                scan.finish()
                parsed = _fallback(clean_text(text, unescape=True), scan)
    if parsed is None:
        return None
    if "weekday_mismatch" in parsed.flags:
        logger.warning("weekday contradicts the date in %r (read as %s)", text, parsed.value.date())
    if parsed.value > base + _ONE_DAY:
        parsed = ParsedDate(parsed.value, parsed.has_time, parsed.precision, parsed.path,
                            parsed.flags | {"in_future"})  # fmt: skip
    return parsed


def _is_span(folded: str) -> bool:
    """A span ("từ 1/12 đến 5/12/2026") is not a moment: its one full date is the end (the start
    has no year), and no single instant of it is the page's timestamp."""
    return any(gate in folded for gate in V.SPAN_GATE) and V.SPAN_RE.search(folded) is not None


# --- whole-string machine formats ----------------------------------------------------------


def _build(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, us: int = 0,
           tz: timezone | None = None) -> datetime | None:  # fmt: skip
    if not 1900 <= y <= 2100:
        return None
    try:
        return datetime(y, mo, d, h, mi, s, us, tzinfo=tz or VN_TZ).astimezone(VN_TZ)
    except ValueError:
        return None


def _parse_whole(s: str, base: datetime) -> ParsedDate | None:
    """ISO 8601 (meta, JSON-LD, <time datetime>) and RFC 822 (RSS pubDate) when they are all there is."""
    if s[:1].isdigit() and (m := V.ISO_RE.fullmatch(s)):
        try:
            tz = P.offset(m["off"])
        except ValueError:
            return _REJECT
        value = _build(int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0),
                       int(m["S"] or 0), P.fraction(m["f"]), tz)  # fmt: skip
        if value is None:
            return _REJECT
        precision = "second" if m["S"] else "minute" if m["H"] else "day"
        return ParsedDate(value, m["H"] is not None, precision, "iso")
    if s[-1:].isalnum() and (m := V.RFC822_RE.fullmatch(s)):
        flags: set[str] = set()
        try:
            zone = V.ZONE_NAMES.get(m["zone"], 420)
            tz = P.offset(m["num"]) if m["num"] else timezone(timedelta(minutes=zone))
        except ValueError:
            return _REJECT
        month = V.EN_MONTHS[m["mon"][:3] if m["mon"] != "sept" else "sep"]
        year = P.year_of(m["y"], base, flags)
        value = _build(year, month, int(m["d"]), int(m["H"]), int(m["M"]), int(m["S"] or 0), 0, tz)
        if value is None:
            return _REJECT
        if m["wd"] and V.WEEKDAYS[m["wd"]] != date(year, month, int(m["d"])).weekday():
            flags.add("weekday_mismatch")
        return ParsedDate(value, True, "second" if m["S"] else "minute", "rfc822", frozenset(flags))
    return None


def _parse_common(s: str) -> ParsedDate | None:
    """The two everyday layouts in one anchored match each; None sends the text to the scan."""
    for pattern in V.COMMON_RES:
        m = pattern.fullmatch(s)
        if m is None:
            continue
        day, month, year = int(m["d"]), int(m["m"]), int(m["y"])
        if month > 12:
            return None  # maybe month-first: the scan decides and flags it
        flags: set[str] = set()
        hour = minute = second = 0
        if m["h"]:
            hour, minute, second = P.twelve_hour(int(m["h"]), m["mk"], flags), int(m["mi"]), int(m["s"] or 0)
        value = _build(year, month, day, hour, minute, second)
        if value is None:
            return None
        if m["wd"] and V.WEEKDAY_KEYS[m["wd"].replace(" ", "")] != value.weekday():
            return None  # the scan flags the mismatch (and whether swapping D/M would fit)
        precision = "second" if m["s"] else "minute" if m["h"] else "day"
        return ParsedDate(value, m["h"] is not None, precision, "fast", frozenset(flags))
    return None


# --- component scan --------------------------------------------------------------------------


_REJECT: Any = object()  # the string holds an impossible date: no other reading may be tried


def _assemble(scan: P.Scan, base: datetime) -> ParsedDate | None:
    scan.finish()
    if scan.ends_span():
        return None
    flags: set[str] = set()
    y, mo, d = P.date_of(scan.dates[0], base, flags)
    time = scan.attached(scan.times)
    if time is not None and len(scan.times) > 1:
        if scan.in_range(time):
            return None
        time = scan.posted_before_update(time) or time
    h, mi, s, us = P.clock_of(time, flags) if time else (0, 0, 0, 0)
    if time is not None and not time["mk"] and (period := scan.period_before(time)):
        h = P.twelve_hour(h, period, flags)
    try:
        tz = P.zone_of(scan, time)
    except ValueError:
        return None
    value = _build(y, mo, d, h, mi, s, us, tz)
    if value is None:
        return None
    weekday = scan.attached(scan.weekdays)
    if weekday is not None:
        key = weekday["vi"] or weekday["t"] or weekday["th"] or weekday["en"] or (weekday["en3"] or "cn")[:3]
        written = date(y, mo, d)
        if V.WEEKDAYS[key] != written.weekday():
            flags.add("weekday_mismatch")
            if mo <= 12 and d <= 12 and date(y, d, mo).weekday() == V.WEEKDAYS[key]:
                flags.add("weekday_matches_swapped_dm")
    if scan.remainder():
        flags.add("unparsed_remainder")
    precision = "day" if time is None else "second" if time["s1"] or time["s4"] else "minute"
    return ParsedDate(value, time is not None, precision, "fast", frozenset(flags))


# --- relative forms --------------------------------------------------------------------------


def _months_back(base: datetime, months: int) -> datetime:
    total = base.year * 12 + base.month - 1 - months
    year, month = divmod(total, 12)
    day = min(base.day, calendar.monthrange(year, month + 1)[1])
    return base.replace(year=year, month=month + 1, day=day)


def _relative(scan: P.Scan, base: datetime) -> ParsedDate | None:
    """Relative forms ("2 giờ trước", "hôm qua lúc 20:47", "vừa xong") measured back from ``base``."""
    ago = V.AGO_RE.search(scan.folded)
    if ago:
        return _ago(ago, base)
    word = V.RELATIVE_WORD_RE.search(scan.folded)
    if word is None:
        return None
    days = V.RELATIVE_DAYS.get(word["pd"] or word["w"])
    if days is None:  # "vừa xong": now
        return ParsedDate(base.replace(microsecond=0), True, "relative-minute", "fast:relative")
    scan.finish()
    clock = scan.times[0] if scan.times else None
    return _day_result(base - timedelta(days=days), clock, word["p"])


def _ago(ago: re.Match[str], base: datetime) -> ParsedDate | None:
    n, unit = _ago_amount(ago)
    if unit in V.UNIT_MINUTES:
        step = timedelta(minutes=n * V.UNIT_MINUTES[unit]) if unit != "giay" else timedelta(seconds=n)
        if hours := ago["nh"] or ago["nh2"]:  # "1 giờ 30 phút trước", "cách đây 1 giờ 30 phút"
            step += timedelta(hours=int(hours))
        return ParsedDate((base - step).replace(microsecond=0), True, "relative-minute", "fast:relative")
    if unit in V.UNIT_DAYS:
        return _day_result(base - timedelta(days=n * V.UNIT_DAYS[unit]), None)
    return _day_result(_months_back(base, n * V.UNIT_MONTHS[unit]), None)


def _ago_amount(ago: re.Match[str]) -> tuple[int, str]:
    """How many of which unit, English units ("2 hours ago", "an hour ago") mapped to ours."""
    if ago["unit3"]:
        n = ago["n3"]
        return (int(n) if n.isdigit() else 1), V.EN_UNITS[ago["unit3"].rstrip("s")]
    return int(ago["n"] or ago["n2"]), ago["unit"] or ago["unit2"]


def _day_result(day: datetime, clock: re.Match[str] | None, period: str | None = None) -> ParsedDate | None:
    """A relative day at midnight, or at the clock time written next to it ("hôm qua lúc 20:47");
    a day period ("tối qua lúc 8:30") places a clock that has no marker of its own."""
    midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
    if clock is None:
        return ParsedDate(midnight, False, "relative-day", "fast:relative")
    flags: set[str] = set()
    h, mi, s, _ = P.clock_of(clock, flags)
    if period and not clock["mk"]:
        h = P.twelve_hour(h, period, flags)
    if h > 23 or mi > 59 or s > 59:
        return None
    value = midnight.replace(hour=h, minute=mi, second=s)
    return ParsedDate(value, True, "minute", "fast:relative", frozenset(flags))


# --- dateparser fallback ---------------------------------------------------------------------

_LABEL_PREFIX = re.compile(r"^(?:cập nhật|ngày đăng|đăng|xuất bản)(?: lúc)?\s*:?\s*", re.IGNORECASE)
# "8h15" / "8g15" / "8h" as dateparser's "8:15" / "8:00" (it reads neither; dates.md part d).
_H_CLOCK = re.compile(r"(?<![0-9])([0-9]{1,2}) ?[hg] ?([0-5][0-9])?(?![0-9a-zà-ỹđ])", re.IGNORECASE)
_date_data_parser: Any = None


def _dateparser() -> Any:
    """The one DateDataParser, built on first need: importing dateparser costs ~60 ms."""
    global _date_data_parser
    if _date_data_parser is None:
        from dateparser.date import DateDataParser

        _date_data_parser = DateDataParser(languages=["vi"], settings=FALLBACK_SETTINGS)
    return _date_data_parser


def _fallback(clean: str, scan: P.Scan) -> ParsedDate | None:
    _stats["fallback_calls"] += 1
    text = _LABEL_PREFIX.sub("", clean)
    if scan.times:
        text = _H_CLOCK.sub(lambda m: f"{m[1]}:{m[2] or '00'}", text)
    found = _dateparser().get_date_data(text).date_obj
    if found is None:
        logger.debug("no date in %r (fast path and dateparser)", clean)
        return None
    _stats["fallback_hits"] += 1
    logger.info("dateparser fallback read %r as %s", clean, found.isoformat())
    value = (found if found.tzinfo else found.replace(tzinfo=VN_TZ)).astimezone(VN_TZ)
    has_time = bool(scan.times) or value.time() != datetime.min.time()
    return ParsedDate(value, has_time, "minute" if has_time else "day", "dateparser")
