"""Ground truth for the time-parsing benchmark: table (a) of research/dates.md and strings generated
over its 42 shapes.

Table (a) is the 42 real formats collected in ``shared/research/dates.md`` with the expected instant
of each (R31, a time without a date, must give None; R6 is relative to ``NOW``). The generator writes
each shape again around random instants between 2010 and 2026, with the weekday that really goes
with the date, so that the truth of every string is known by construction.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))
UTC = UTC
# The crawl time of dates.md: relative strings ("1 giờ trước") are measured back from it.
NOW = datetime(2019, 1, 2, 21, 0, tzinfo=VN_TZ)


@dataclass(frozen=True)
class Case:
    row: str  # "R1" .. "R42": the shape of table (a)
    text: str
    truth: datetime | None  # aware, or None where no reliable instant exists
    now: datetime = NOW


def _vn(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=VN_TZ)


# (row, exact string as scraped, expected instant): research/dates.md table (a), all 42 rows.
TABLE_A: tuple[Case, ...] = tuple(
    Case(row, text, truth)
    for row, text, truth in (
        ("R1", "Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)", _vn(2019, 1, 2, 20, 47)),
        ("R2", "Thứ ba, 21/4/2026, 00:00 (GMT+7)", _vn(2026, 4, 21, 0, 0)),
        ("R3", "Thứ sáu, 6/8/2021, 01:08 (GMT+7)", _vn(2021, 8, 6, 1, 8)),
        ("R4", "Thứ bảy, 27/1/2024 13:00 (GMT+7)", _vn(2024, 1, 27, 13, 0)),
        ("R5", "Thứ 4, 6/11/2024 03:07 (GMT+7)", _vn(2024, 11, 6, 3, 7)),
        ("R6", "1 giờ trước", _vn(2019, 1, 2, 20, 0)),
        ("R7", "Thứ Năm, ngày 18/06/2020 17:58 PM (GMT+7)", _vn(2020, 6, 18, 17, 58)),
        ("R8", "Thứ sáu, ngày 23/02/2024 12:52 PM (GMT+7)", _vn(2024, 2, 23, 12, 52)),
        ("R9", "Thứ sáu, ngày 23/02/2024 18:36 PM (GMT+7)", _vn(2024, 2, 23, 18, 36)),
        ("R10", "Thứ sáu, ngày 25/04/2025 - 11:39", _vn(2025, 4, 25, 11, 39)),
        ("R11", "Thứ 2, 06/07/2026, 00:00", _vn(2026, 7, 6, 0, 0)),
        ("R12", "Thứ Bảy, 11/07/2026 - 08:30", _vn(2026, 7, 11, 8, 30)),
        ("R13", "16-07-2026 - 00:01 AM", _vn(2026, 7, 16, 0, 1)),
        ("R14", "Chủ nhật, 03/08/2025 16:05", _vn(2025, 8, 3, 16, 5)),
        ("R15", "20/07/2025 14:47", _vn(2025, 7, 20, 14, 47)),
        ("R16", "25/07/2025 19:15", _vn(2025, 7, 25, 19, 15)),
        ("R17", "02/03/2021, 11:56", _vn(2021, 3, 2, 11, 56)),
        ("R18", "15:22 30/04/2017", _vn(2017, 4, 30, 15, 22)),
        ("R19", "22:26 11/04/2018", _vn(2018, 4, 11, 22, 26)),
        ("R20", "11:17 25/12/2017", _vn(2017, 12, 25, 11, 17)),
        ("R21", "09/10/2019", _vn(2019, 10, 9)),
        ("R22", "2021-07-24 09:12:31", _vn(2021, 7, 24, 9, 12, 31)),
        ("R23", "24 Tháng 9, 2025", _vn(2025, 9, 24)),
        ("R24", "4 Tháng Tư, 2025", _vn(2025, 4, 4)),
        ("R25", "Thứ Bảy, 8 tháng 3, 2014", _vn(2014, 3, 8)),
        ("R26", "21 thg 5, 2008", _vn(2008, 5, 21)),
        ("R27", "2/27/2018", _vn(2018, 2, 27)),
        ("R28", "9-3-2021", _vn(2021, 3, 9)),
        ("R29", "Ngày đăng: 24/09/2018", _vn(2018, 9, 24)),
        ("R30", "Sun, 05 Oct 2025 08:39:59 +0000", _vn(2025, 10, 5, 15, 39, 59)),
        ("R31", "2:28 am", None),
        ("R32", "20:47, 02/01/2019", _vn(2019, 1, 2, 20, 47)),
        ("R33", "02/01/2019 | 20:47", _vn(2019, 1, 2, 20, 47)),
        ("R34", "02/01/2019 08:47 PM", _vn(2019, 1, 2, 20, 47)),
        ("R35", "02-01-2019 - 20:47", _vn(2019, 1, 2, 20, 47)),
        ("R36", "Thứ Tư, 02/01/2019 - 20:47", _vn(2019, 1, 2, 20, 47)),
        ("R37", "02/01/2019  20:47", _vn(2019, 1, 2, 20, 47)),
        ("R38", "02/01/2019, 20:47", _vn(2019, 1, 2, 20, 47)),
        ("R39", "20:47 - 02/01/2019", _vn(2019, 1, 2, 20, 47)),
        ("R40", "20:47 02/01/2019", _vn(2019, 1, 2, 20, 47)),
        ("R41", "2019-01-02T20:47", _vn(2019, 1, 2, 20, 47)),
        ("R42", "2019-01-02 20:47", _vn(2019, 1, 2, 20, 47)),
    )
)
ROWS = tuple(case.row for case in TABLE_A)


def is_correct(result: datetime | None, truth: datetime | None) -> bool:
    """Right means: None where the truth is None, else an aware datetime at the same instant *and*
    in +07:00 (a naive wall time or the right instant in UTC is not what the item needs)."""
    if truth is None or result is None:
        return result is None and truth is None
    if result.tzinfo is None or result.utcoffset() != timedelta(hours=7):
        return False
    return result == truth


# --- generated strings -------------------------------------------------------------------------

# Monday = 0. Three spellings that the real rows use: title case, lower case, digits.
_WD_TITLE = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
_WD_LOWER = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")
_WD_DIGIT = ("Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật")
_MONTH_WORDS = ("Một", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Mười Một", "Mười Hai")
_EN_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

Render = Callable[[datetime], str]


def _dmy(t: datetime) -> str:
    return f"{t.day:02d}/{t.month:02d}/{t.year}"


def _hm(t: datetime) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def _marked(t: datetime) -> str:
    """24-hour time followed by AM/PM, as 24h.com.vn, Dân Việt and a CafeF-style site write it."""
    return f"{_hm(t)} {'AM' if t.hour < 12 else 'PM'}"


def _twelve(t: datetime) -> str:
    return f"{(t.hour % 12) or 12:02d}:{t.minute:02d} {'AM' if t.hour < 12 else 'PM'}"


# Shape -> (renderer, what the truth keeps: "minute", "second" or "day").
SHAPES: dict[str, tuple[Render, str]] = {
    "R1": (lambda t: f"Cập nhật lúc {_hm(t)}, {_WD_TITLE[t.weekday()]}, {_dmy(t)} (GMT+7)", "minute"),
    "R2": (lambda t: f"{_WD_LOWER[t.weekday()]}, {t.day}/{t.month}/{t.year}, {_hm(t)} (GMT+7)", "minute"),
    "R3": (lambda t: f"{_WD_LOWER[t.weekday()]}, {t.day}/{t.month}/{t.year}, {_hm(t)} (GMT+7)", "minute"),
    "R4": (lambda t: f"{_WD_LOWER[t.weekday()]}, {t.day}/{t.month}/{t.year} {_hm(t)} (GMT+7)", "minute"),
    "R5": (lambda t: f"{_WD_DIGIT[t.weekday()]}, {t.day}/{t.month}/{t.year} {_hm(t)} (GMT+7)", "minute"),
    "R6": (lambda t: "", "relative"),  # rendered by _relative_case
    "R7": (lambda t: f"{_WD_TITLE[t.weekday()]}, ngày {_dmy(t)} {_marked(t)} (GMT+7)", "minute"),
    "R8": (lambda t: f"{_WD_LOWER[t.weekday()]}, ngày {_dmy(t)} {_marked(t)} (GMT+7)", "minute"),
    "R9": (lambda t: f"{_WD_LOWER[t.weekday()]}, ngày {_dmy(t)} {_marked(t)} (GMT+7)", "minute"),
    "R10": (lambda t: f"{_WD_LOWER[t.weekday()]}, ngày {_dmy(t)} - {_hm(t)}", "minute"),
    "R11": (lambda t: f"{_WD_DIGIT[t.weekday()]}, {_dmy(t)}, {_hm(t)}", "minute"),
    "R12": (lambda t: f"{_WD_TITLE[t.weekday()]}, {_dmy(t)} - {_hm(t)}", "minute"),
    "R13": (lambda t: f"{t.day:02d}-{t.month:02d}-{t.year} - {_marked(t)}", "minute"),
    "R14": (lambda t: f"{_WD_LOWER[t.weekday()]}, {_dmy(t)} {_hm(t)}", "minute"),
    "R15": (lambda t: f"{_dmy(t)} {_hm(t)}", "minute"),
    "R16": (lambda t: f"{_dmy(t)} {_hm(t)}", "minute"),
    "R17": (lambda t: f"{_dmy(t)}, {_hm(t)}", "minute"),
    "R18": (lambda t: f"{_hm(t)} {_dmy(t)}", "minute"),
    "R19": (lambda t: f"{_hm(t)} {_dmy(t)}", "minute"),
    "R20": (lambda t: f"{_hm(t)} {_dmy(t)}", "minute"),
    "R21": (_dmy, "day"),
    "R22": (lambda t: f"{t:%Y-%m-%d %H:%M:%S}", "second"),
    "R23": (lambda t: f"{t.day} Tháng {t.month}, {t.year}", "day"),
    "R24": (lambda t: f"{t.day} Tháng {_MONTH_WORDS[t.month - 1]}, {t.year}", "day"),
    "R25": (lambda t: f"{_WD_TITLE[t.weekday()]}, {t.day} tháng {t.month}, {t.year}", "day"),
    "R26": (lambda t: f"{t.day} thg {t.month}, {t.year}", "day"),
    "R27": (lambda t: f"{t.month}/{t.day}/{t.year}", "day"),  # only drawn with day > 12
    "R28": (lambda t: f"{t.day}-{t.month}-{t.year}", "day"),
    "R29": (lambda t: f"Ngày đăng: {_dmy(t)}", "day"),
    "R30": (lambda t: "", "rfc822"),  # rendered by _rfc822_case
    "R31": (lambda t: f"{(t.hour % 12) or 12}:{t.minute:02d} {'am' if t.hour < 12 else 'pm'}", "none"),
    "R32": (lambda t: f"{_hm(t)}, {_dmy(t)}", "minute"),
    "R33": (lambda t: f"{_dmy(t)} | {_hm(t)}", "minute"),
    "R34": (lambda t: f"{_dmy(t)} {_twelve(t)}", "minute"),
    "R35": (lambda t: f"{t.day:02d}-{t.month:02d}-{t.year} - {_hm(t)}", "minute"),
    "R36": (lambda t: f"{_WD_TITLE[t.weekday()]}, {_dmy(t)} - {_hm(t)}", "minute"),
    "R37": (lambda t: f"{_dmy(t)}  {_hm(t)}", "minute"),
    "R38": (lambda t: f"{_dmy(t)}, {_hm(t)}", "minute"),
    "R39": (lambda t: f"{_hm(t)} - {_dmy(t)}", "minute"),
    "R40": (lambda t: f"{_hm(t)} {_dmy(t)}", "minute"),
    "R41": (lambda t: f"{t:%Y-%m-%dT%H:%M}", "minute"),
    "R42": (lambda t: f"{t:%Y-%m-%d %H:%M}", "minute"),
}
assert tuple(SHAPES) == ROWS

_START = datetime(2010, 1, 1, tzinfo=VN_TZ)
_SPAN_SECONDS = int((datetime(2026, 6, 30, tzinfo=VN_TZ) - _START).total_seconds())


def _random_instant(rng: random.Random) -> datetime:
    return _START + timedelta(seconds=rng.randrange(_SPAN_SECONDS))


def _truth(t: datetime, keep: str) -> datetime | None:
    if keep == "second":
        return t
    if keep == "minute":
        return t.replace(second=0)
    if keep == "day":
        return t.replace(hour=0, minute=0, second=0)
    return None


def _relative_case(rng: random.Random) -> Case:
    hours = rng.randint(1, 23)
    return Case("R6", f"{hours} giờ trước", NOW - timedelta(hours=hours))


def _rfc822_case(t: datetime) -> Case:
    u = t.astimezone(UTC)
    text = (
        f"{_EN_DAYS[u.weekday()]}, {u.day:02d} {_EN_MONTHS[u.month - 1]} {u.year} "
        f"{u.hour:02d}:{u.minute:02d}:{u.second:02d} +0000"
    )
    return Case("R30", text, t)


def generate(per_shape: int = 500, seed: int = 20190102) -> list[Case]:
    """``per_shape`` strings for each of the 42 shapes (default 21,000), shuffled, truth known."""
    rng = random.Random(seed)
    cases: list[Case] = []
    for row, (render, keep) in SHAPES.items():
        for _ in range(per_shape):
            t = _random_instant(rng)
            if row == "R6":
                cases.append(_relative_case(rng))
            elif row == "R30":
                cases.append(_rfc822_case(t))
            else:
                if row == "R27":  # month/day order is only knowable when the day cannot be a month
                    t = t.replace(day=rng.randint(13, 28))
                cases.append(Case(row, render(t), _truth(t, keep)))
    rng.shuffle(cases)
    return cases
