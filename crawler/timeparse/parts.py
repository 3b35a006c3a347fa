"""The pieces of a timestamp for ``crawler.timeparse``: the masking scan and the decoders.

``Scan`` finds dates, zones, weekdays and times in the folded text; the functions below turn one
matched piece into numbers (date_of, clock_of, zone_of). Nothing here builds the result or
knows about relative forms, so each step can be read and tested on its own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

from crawler.timeparse import vocab as V


def offset(text: str | None) -> timezone | None:
    """``+07:00`` / ``+0700`` / ``+07`` / ``z`` -> tz; None when absent; ValueError when absurd."""
    if not text:
        return None
    if text == "z":
        return UTC
    digits = text[1:].replace(":", "")
    return tz_of(text[0], digits[:2], digits[2:4])


def tz_of(sign: str, hours: str, minutes: str | None) -> timezone:
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m > 59:
        raise ValueError("offset out of range")
    return timezone(timedelta(minutes=(h * 60 + m) * (-1 if sign == "-" else 1)))


def fraction(digits: str | None) -> int:
    return int((digits or "0")[:6].ljust(6, "0"))


def year_of(text: str, base: datetime, flags: set[str]) -> int:
    """Four digits as written; two digits pivot at base year + 1 (never 68/69)."""
    year = int(text)
    if len(text) == 2:
        flags.add("two_digit_year")
        year += 2000
        if year > base.year + 1:
            year -= 100
    return year


class Scan:
    """Zones, dates, weekdays and times found in the folded text, each masked once found.

    Masking keeps positions: a date becomes \\x00s (never glue), the other parts \\x01s (glue),
    so the text between two parts tells whether they belong together.
    """

    __slots__ = ("complete", "dates", "folded", "lunar", "masked", "times", "weekdays", "zones")

    def __init__(self, folded: str) -> None:
        self.folded = folded
        self.zones: list[re.Match[str]] = []
        self.dates: list[re.Match[str]] = []
        self.weekdays: list[re.Match[str]] = []
        self.times: list[re.Match[str]] = []
        masked = V.DATE_RE.sub(self._keep(self.dates, "\x00"), folded)
        if not self.dates and " " in masked:
            masked = V.MONTH_FIRST_RE.sub(self._keep(self.dates, "\x00"), masked)
        self.masked = masked
        self.complete = False
        self.lunar = any(word in folded for word in V.LUNAR_GATE) and self._drop_lunar()

    def _drop_lunar(self) -> bool:
        """Drop the dates marked as lunar (they stay masked: never glue); True when the text names
        the lunar calendar at all, so that dateparser never sees it either."""
        folded = self.folded
        if V.LUNAR_RE.search(folded) is None:  # no marker at all ("al" inside a word)
            return False
        after, before = V.LUNAR_AFTER_RE.match, V.LUNAR_BEFORE_RE.search
        self.dates = [
            d for d in self.dates if not after(folded, d.end()) and not before(folded, 0, d.start())
        ]
        return True

    def finish(self) -> None:
        """Find the zones, weekdays and times too (the relative path usually needs none of it)."""
        if self.complete:
            return
        self.complete = True
        masked = self.masked
        if any(word in masked for word in V.ZONE_WORDS):
            masked = V.ZONE_RE.sub(self._keep(self.zones, "\x01"), masked)
        masked = V.WEEKDAY_RE.sub(self._keep(self.weekdays, "\x01"), masked)
        self.masked = V.TIME_RE.sub(self._keep(self.times, "\x01"), masked)

    @staticmethod
    def _keep(store: list[re.Match[str]], fill: str) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            store.append(match)
            return fill * (match.end() - match.start())

        return replace

    def gap(self, part: re.Match[str], anchor: re.Match[str]) -> int | None:
        """Length of the glue between two parts, or None when something else stands between."""
        if part.end() <= anchor.start():
            between = self.masked[part.end() : anchor.start()]
        else:
            between = self.masked[anchor.end() : part.start()]
        if len(between) > V.MAX_GAP or not V.GLUE_RE.fullmatch(between):
            return None
        return len(between)

    def attached(self, parts: list[re.Match[str]]) -> re.Match[str] | None:
        """The part that belongs to the first date: glued to it, and not closer to a later date."""
        best, best_gap = None, None
        for part in parts:
            gaps = [self.gap(part, d) for d in self.dates[:3]]
            first = gaps[0]
            if first is None or any(g is not None and g < first for g in gaps[1:]):
                continue
            if best_gap is None or first < best_gap:
                best, best_gap = part, first
        return best

    def ends_span(self) -> bool:
        """True when the first date closes a span or a list of days whose first day has no year
        of its own ("7 - 10/12/2026", "Ngày 7 và 8/12/2026", "7,8/12/2026"): the caller refuses it.

        Why refuse rather than read the first day (7 Dec)? Two days are an event's dates (a
        meeting, a festival, a campaign) that leaked into a date field from a title or a summary,
        not the moment a story was posted: a story is posted once. Either day would be a confident
        published_at that is wrong as often as not, and the sentinel that is None lets the
        extractor fall back to the page's metadata or its date line. The full date is the wrong end
        besides: reading it would give 8 Dec for an event that began on the 7th. Two full dates
        ("07/12/2026 - 10/12/2026", "07/12/2026 và 08/12/2026") keep the first: it is written out,
        and a line with a posted and an updated time looks just like it."""
        before = self.masked[: self.dates[0].start()]
        return bool(before) and V.SPAN_START_RE.search(before) is not None

    def posted_before_update(self, time: re.Match[str]) -> re.Match[str] | None:
        """The clock before an update label that stands right before ``time`` ("Đăng lúc 08:15 -
        Cập nhật lúc 09:30 ngày 07/12/2026" gives 08:15): both share the one date, and the first
        moment of a date line is its post's, as when each clock has its own date."""
        label = V.UPDATE_LABEL_RE.search(self.masked, 0, time.start())
        if label is None:
            return None
        posted = None
        for other in self.times:
            if other.end() <= label.start() and V.GLUE_RE.fullmatch(self.masked, other.end(), label.start()):
                posted = other
        return posted

    def period_before(self, time: re.Match[str]) -> str | None:
        """A day-period word right before the first date or right before ``time`` ("Chiều
        7/12/2026 lúc 3:15" is 15:15), for a clock that has no marker of its own."""
        if not any(word in self.folded for word in V.PERIOD_WORDS):
            return None
        for end in (self.dates[0].start(), time.start()):
            found = V.PERIOD_BEFORE_RE.search(self.masked, 0, end)
            if found:
                return found["p"]
        return None

    def in_range(self, time: re.Match[str]) -> bool:
        """True when another clock is joined to this one by a dash or đến/tới ("08:00 - 10:00 ngày
        7/12/2026"): two clocks are an event's hours, not the moment of a post, and the nearer one
        (the range's end) is the wrong one besides. Refused like "Từ 8h đến 10h ngày 7/12/2026"
        and like a span of days (see ends_span)."""
        for other in self.times:
            if other is not time:
                lo, hi = (other, time) if other.end() <= time.start() else (time, other)
                if V.CLOCK_RANGE_RE.fullmatch(self.masked, lo.end(), hi.start()):
                    return True
        return False

    def remainder(self) -> bool:
        """True when words or digits outside the parts and the usual labels are left over."""
        words = V.WORD_RE.findall(self.masked)
        return not V.LABEL_WORDS.issuperset(words)


def date_of(m: re.Match[str], base: datetime, flags: set[str]) -> tuple[int, int, int]:
    """Year, month, day of a date token; day-month order unless the month field cannot be one."""
    if m.re is V.MONTH_FIRST_RE:
        return int(m["fy"]), month_number(m["wm"]) if m["wm"] else V.EN_MONTHS[m["fm"][:3]], int(m["fd"])
    if m["iy"]:
        return int(m["iy"]), int(m["im"]), int(m["id"])
    if m["d"] or m["sd"]:
        day, month = int(m["d"] or m["sd"]), int(m["m"] or m["sm"])
        if month > 12 and day <= 12:
            day, month = month, day
            flags.add("mdy_swapped")
        return year_of(m["y"] or m["sy"], base, flags), month, day
    if m["vd"]:
        return int(m["vy"]), month_number(m["vm"]), int(m["vd"])
    if m["hd"]:
        return year_of(m["hy"], base, flags), V.EN_MONTHS[m["hm"][:3]], int(m["hd"])
    return int(m["ey"]), V.EN_MONTHS[m["em"][:3]], int(m["ed"])


def month_number(text: str) -> int:
    """The month after "tháng": a numeral ("12") or a word ("mười hai", "chạp"), folded."""
    word = text.replace(" ", "")
    return int(word) if word.isdigit() else V.MONTH_WORDS[word]


def clock_of(t: re.Match[str], flags: set[str]) -> tuple[int, int, int, int]:
    """Hour, minute, second, microsecond of a time token, day-period marker applied."""
    hour = int(t["h1"] or t["h2"] or t["h4"] or t["h5"])
    minute = int(t["m1"] or t["m2"] or t["m3"] or t["m4"] or t["m5"] or 0)
    return twelve_hour(hour, t["mk"], flags), minute, int(t["s1"] or t["s4"] or 0), fraction(t["f1"])


def twelve_hour(hour: int, marker: str | None, flags: set[str]) -> int:
    """Apply AM/PM, SA/CH or a day-period word; a 24-hour clock with a marker keeps its hour."""
    if not marker:
        return hour
    if marker in V.AM_MARKERS:
        if hour == 12:
            return 0
        if hour > 12:
            flags.add("am_on_24h_clock")
    elif marker in V.PM_MARKERS:
        if 1 <= hour <= 11:
            return hour + 12
        if hour != 12:
            flags.add("pm_on_24h_clock")  # "20:47 PM": the clock is 24-hour, keep it
    elif hour in V.PERIOD_SHIFT[marker]:
        return hour + 12
    elif hour == 12 and marker in V.MIDNIGHT_PERIODS:
        return 0
    return hour


def zone_of(scan: Scan, time: re.Match[str] | None) -> timezone | None:
    """The offset written for the first date: glued to its time, else the first zone word before
    the next date; None when none is written (the caller's +07:00). ValueError when absurd."""
    if time is not None and time["off"]:
        return offset(time["off"])
    limit = scan.dates[1].start() if len(scan.dates) > 1 else len(scan.masked)
    for z in scan.zones:
        if z.start() < limit:
            if z["sign"]:
                return tz_of(z["sign"], z["hh"], z["mm"])
            return timezone(timedelta(minutes=V.ZONE_NAMES[z["name"]]))
    return None
