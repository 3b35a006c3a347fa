"""crawler.timeparse on timestamp shapes of Vietnamese news sites beyond test_timeparse_probe.py.

English weekdays (RSS pubDate, English editions), spaced separators, lists of days, lunar-calendar
mentions, then a pass over date lines, feeds, JSON-LD, sitemaps and relative stamps. Expected values
are a Vietnamese reader's: day-month-year, +07:00 unless an offset is written, a date alone is
midnight, None where nothing reliable is written. NOW is a Monday evening.
"""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from crawler.timeparse import VN_TZ, format_iso, parse_date, parse_datetime, parser

NOW = datetime(2026, 12, 7, 21, 0, tzinfo=VN_TZ)  # Monday 7 December 2026, 21:00

D = "2026-12-07T00:00:00+07:00"
T = "2026-12-07T08:15:00+07:00"
E = "2026-12-07T20:15:00+07:00"
THU = "2026-12-03T08:15:00+07:00"  # Thursday 3 December
SAT = "2026-12-05T17:30:00+07:00"  # Saturday 5 December


def iso(text: str) -> str | None:
    value = parse_datetime(text, NOW)
    return format_iso(value) if value else None


# --- English three-letter weekdays: read, and checked against the date like Vietnamese ones ---

ENGLISH_WEEKDAYS = [
    ("Mon, 07/12/2026 08:15", T),
    ("Mon 7 Dec 2026 08:15", T),
    ("Mon, 07/12/2026", D),
    ("Mon, 07 Dec 2026", D),
    ("Mon 7 Dec 2026", D),
    ("Mon., Dec. 7, 2026", D),
    ("08:15, Mon, 07/12/2026", T),
    ("08:15 Mon, 07/12/2026", T),
    ("Posted on Mon, Dec 7, 2026", D),
    ("Mon, 07 Dec 2026 08:15:00 GMT+7", T),
    ("Mon, 07 Dec 2026 08:15:00 +0700 (ICT)", T),
    ("Thu, 03 Dec 2026 08:15:00 +0700", THU),
    ("Thu, 03 Dec 2026 01:15:00 GMT", THU),
    ("Thu, 3 Dec 2026 08:15:00 GMT+07:00", THU),
    ("Thu, 03/12/2026 08:15", THU),
    ("Thu 03/12/2026 08:15", THU),
    ("Thurs, 3 Dec 2026 08:15", THU),
    ("Thu., 03 Dec. 2026 08:15", THU),
    ("Thu, 03 Dec 2026 08:15:00 +0700 - Tin mới", THU),
    ("Thu Dec 03 2026 08:15:00 GMT+0700 (Giờ Đông Dương)", THU),
    ("Tues, 8 Dec 2026", "2026-12-08T00:00:00+07:00"),
    ("Wed., 02 Dec 2026", "2026-12-02T00:00:00+07:00"),
    ("Fri, 04 Dec 2026 08:15:00 +0700", "2026-12-04T08:15:00+07:00"),
    ("Sat 05/12/2026 17:30", SAT),
    ("Sun., Dec. 6, 2026, 5:30 p.m.", "2026-12-06T17:30:00+07:00"),
]


@pytest.mark.parametrize(("text", "expected"), ENGLISH_WEEKDAYS)
def test_english_short_weekday_is_read_and_fits_its_date(text: str, expected: str) -> None:
    parsed = parse_date(text, NOW)
    assert parsed is not None
    assert format_iso(parsed.value) == expected
    assert "weekday_mismatch" not in parsed.flags


@pytest.mark.parametrize(
    "text", ["Mon, 07/12/2026 08:15", "Thu, 03/12/2026", "Mon 7 Dec 2026", "Tues, 8 Dec 2026"]
)
def test_english_short_weekday_is_no_leftover(text: str) -> None:
    assert "unparsed_remainder" not in parse_date(text, NOW).flags


@pytest.mark.parametrize(
    "text",
    ["Tue, 07/12/2026 08:15", "Tue 7 Dec 2026 08:15", "Sun, 07/12/2026", "Thu, 07/12/2026", "Fri., Dec. 7, 2026",
     "Wed, 07 Dec 2026 08:15:00 +0700", "Sat, 7 Dec 2026 08:15:00 GMT+07:00"],
)  # fmt: skip
def test_contradicting_english_weekday_keeps_the_date_and_is_flagged(
    text: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="crawler.timeparse"):
        parsed = parse_date(text, NOW)
    assert parsed.value.date().isoformat() == "2026-12-07"
    assert "weekday_mismatch" in parsed.flags
    assert any("weekday" in r.getMessage() for r in caplog.records)


def test_english_weekday_that_fits_swapped_day_and_month_says_so() -> None:
    parsed = parse_date("Sun, 07/12/2026", NOW)  # 12 July 2026 is a Sunday
    assert {"weekday_mismatch", "weekday_matches_swapped_dm"} <= parsed.flags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hoài Thu, 07/12/2026", D),
        ("Tác giả: Hoài Thu - 07/12/2026 08:15", T),
        ("Thu Hà - 07/12/2026 08:15", T),
        ("Minh Tuệ 07/12/2026", D),
        ("mùa thu 07/12/2026", D),
        ("Món ngon 07/12/2026", D),
    ],
)
def test_a_name_or_word_that_folds_to_an_english_weekday_is_no_weekday(text: str, expected: str) -> None:
    parsed = parse_date(text, NOW)
    assert format_iso(parsed.value) == expected
    assert "weekday_mismatch" not in parsed.flags


# --- spaced separators, and a dash between the year and the clock ------------------------------

SPACED = [
    ("07 - 12 - 2026 8h15", T),
    ("07 - 12 - 2026 | 08:15", T),
    ("07 - 12 - 2026", D),
    ("Thứ Hai, 07 - 12 - 2026 08:15", T),
    ("Ngày 7 - 12 - 2026 lúc 8 giờ 15", T),
    ("07 . 12 . 2026 08:15", T),
    ("08:15 - 07 - 12 - 2026", T),
    ("2 - 1 - 2026", "2026-01-02T00:00:00+07:00"),
    ("Thứ Hai,07/12/2026-08:15", T),
    ("07/12/2026-8h15", T),
    ("07-12-2026-08:15:30", "2026-12-07T08:15:30+07:00"),
    # numbers with spaced dashes that are no date
    ("Tỷ số 2 - 1", None),
    ("0263 - 3822 - 449", None),
    ("1 - 800 - 1234", None),
    ("Văn bản 12-2026-1234", None),
]


@pytest.mark.parametrize(("text", "expected"), SPACED)
def test_spaced_separators(text: str, expected: str | None) -> None:
    assert iso(text) == expected


def test_spaced_dashes_take_the_fast_path_and_keep_the_weekday_check() -> None:
    assert parse_date("07 - 12 - 2026 8h15", NOW).path == "fast"
    parsed = parse_date("Thứ Ba, 07 - 12 - 2026 08:15", NOW)
    assert (parsed.path, format_iso(parsed.value)) == ("fast", T)
    assert "weekday_mismatch" in parsed.flags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07 / 12 / 2026 8h15", T),
        ("07 / 12 / 2026 20g15", E),
        ("07 / 12 / 2026 8h", "2026-12-07T08:00:00+07:00"),
    ],
)
def test_spaced_slashes_stay_with_dateparser_which_is_given_their_clock(text: str, expected: str) -> None:
    # test_timeparse.py pins "2 / 1 / 2019" as a dateparser shape; it reads "8:15", not "8h15"
    parsed = parse_date(text, NOW)
    assert (format_iso(parsed.value), parsed.path) == (expected, "dateparser")


# --- lists and spans of days: no single moment, refused (see parts.Scan.ends_span) -------------

DAY_LISTS = [
    ("Ngày 7 và 8/12/2026", None),
    ("7 và 8/12/2026", None),
    ("Ngày 7 và ngày 8/12/2026", None),
    ("mùng 7 và mùng 8/12/2026", None),
    ("Ngày 7 & 8/12/2026", None),
    ("Ngày 7 hoặc 8/12/2026", None),
    ("Ngày 7, 8/12/2026", None),
    ("7,8/12/2026", None),
    ("Ngày 7/12 và 8/12/2026", None),
    ("08:15 ngày 7 và 8/12/2026", None),
    ("7 và 8 tháng 12 năm 2026", None),
    ("Hai ngày 7 - 8/12/2026", None),
    # two full dates: the first, as for "07/12/2026 - 10/12/2026"
    ("Ngày 7/12/2026 và 8/12/2026", D),
    # a number before the date that is no first day
    ("Thứ 7, 5/12/2026", "2026-12-05T00:00:00+07:00"),
    ("T7, 5/12/2026 - 17:30", SAT),
    ("Số 45, 7/12/2026", D),
    ("Kỳ 2 - 07/12/2026", D),
    ("Bài 3 - 07/12/2026 08:15", T),
    ("Tập 2 - 07/12/2026", D),
]


@pytest.mark.parametrize(("text", "expected"), DAY_LISTS)
def test_lists_of_days(text: str, expected: str | None) -> None:
    assert iso(text) == expected


# --- lunar-calendar dates are not the Gregorian date they look like ----------------------------

LUNAR = [
    ("28/10/2026 (âm lịch)", None),
    ("Ngày 28/10/2026 Âm lịch", None),
    ("28 tháng 10 năm 2026 âm lịch", None),
    ("28/10/2026 AL", None),
    ("28/10/2026 (ÂL)", None),
    ("ngày 28/10/2026 ÂL", None),
    ("Âm lịch 28/10/2026", None),
    ("ÂL: 28/10/2026", None),
    ("07/12/2026 ÂL 08:15", None),
    ("Mùng 8 tháng 11 âm lịch năm 2026", None),
    ("Ngày 15 tháng 7 âm lịch năm 2026", None),
    ("Ngày 28 tháng 10 năm Bính Ngọ", None),
    ("28/10 Âm lịch", None),
    # the Gregorian date next to a lunar one
    ("Âm lịch: 28/10/2026; Dương lịch: 07/12/2026", D),
    ("28-10-2026 âm lịch, tức 07/12/2026 dương lịch", D),
    ("Ngày 28/10 âm lịch (tức 07/12/2026)", D),
    ("Thứ Hai, 07/12/2026 (28/10/2026 âm lịch)", D),
    ("Thứ Hai, 07/12/2026 (Âm lịch: 28/10/Bính Ngọ)", D),
    ("Thứ Hai, 07/12/2026 08:15 (AL: 28/10)", T),
    ("07/12/2026 (âm lịch 28/10)", D),
    ("Ngày 28 tháng 10 năm Bính Ngọ (07/12/2026)", D),
    ("Mùng 1 Tết (17/2/2026)", "2026-02-17T00:00:00+07:00"),
    ("Dương lịch 07/12/2026", D),
    # "al" that is no lunar marker
    ("07/12/2026 Al Jazeera", D),
    ("Đăng bởi Al - 07/12/2026", D),
]


@pytest.mark.parametrize(("text", "expected"), LUNAR)
def test_lunar_dates(text: str, expected: str | None) -> None:
    assert iso(text) == expected


class _NoDateparser:
    def get_date_data(self, text: str) -> object:
        raise AssertionError(f"dateparser asked about {text!r}")


@pytest.mark.parametrize(
    "text", ["Mùng 8 tháng 11 âm lịch năm 2026", "28/10/2026 (âm lịch)", "Rằm tháng Giêng âm lịch năm 2026"]
)
def test_lunar_text_never_reaches_dateparser(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parser, "_dateparser", _NoDateparser)
    assert parser._parse_date(text, NOW) is None


# --- smaller shapes: "đồng hồ", "cách đây khoảng", "Giờ đăng", "5.30 PM", "PM." ----------------

SMALL = [
    ("3 tiếng đồng hồ trước", "2026-12-07T18:00:00+07:00"),
    ("2 giờ đồng hồ trước", "2026-12-07T19:00:00+07:00"),
    ("Cách đây khoảng 2 giờ", "2026-12-07T19:00:00+07:00"),
    ("Cách đây hơn 30 phút", "2026-12-07T20:30:00+07:00"),
    ("Giờ đăng: 08:15 - Ngày đăng: 07/12/2026", T),
    ("Ngày đăng: 07/12/2026 - Giờ đăng: 08:15", T),
    ("05/12/2026 5.30 PM", SAT),
    ("07/12/2026 8.15 SA", T),
    ("7/12/2026 8.15 CH", E),
    ("07/12/2026 08.15", D),  # a dotted pair alone may be a count: not read as a clock
    ("Thứ Hai, 07/12/2026 08:15 PM.", E),
    ("Đăng lúc 8:15 a.m. ngày 7/12/2026", T),
    ("07/12/2026 8:15 AM.", T),
]


@pytest.mark.parametrize(("text", "expected"), SMALL)
def test_smaller_shapes(text: str, expected: str | None) -> None:
    assert iso(text) == expected


def test_a_marker_with_a_full_stop_is_no_crash(caplog: pytest.LogCaptureFixture) -> None:
    # "PM." made the marker lookup raise; parse_date caught it, logged it and returned None
    with caplog.at_level(logging.ERROR, logger="crawler.timeparse"):
        assert format_iso(parser._parse_date("Thứ Hai, 07/12/2026 08:15 PM.", NOW).value) == E
        assert iso("07/12/2026 8:15 am.") == T
    assert not caplog.records


# --- a pass over realistic shapes: date lines, feeds, machine formats, relative stamps ---------

SHAPES = [
    # date lines of Vietnamese CMSs
    ("Thứ Hai, 07/12/2026, 08:15 (GMT+7)", T),
    ("Thứ hai, 07/12/2026 | 08:15 GMT+7", T),
    ("Cập nhật: 08:15 Thứ Hai, 07/12/2026", T),
    ("Đăng lúc: 07/12/2026 08:15 (GMT+07:00)", T),
    ("Thứ Hai, ngày 07 tháng 12 năm 2026 08:15", T),
    ("Ngày 07/12/2026 | 08:15 GMT+7", T),
    ("Thứ 2, ngày 7/12/2026 - 8:15 sáng", T),
    ("THỨ HAI | 07/12/2026 | 08:15", T),
    ("Thứ hai, 07 tháng 12 năm 2026 - 08:15 (GMT+7)", T),
    ("Ngày 07.12.2026 lúc 08h15", T),
    ("Cập nhật ngày 07/12/2026 lúc 08:15:00 GMT+7", "2026-12-07T08:15:00+07:00"),
    ("Thứ Hai, 7 Tháng Mười Hai 2026, 08:15 SA", T),
    ("thứ hai 7 tháng 12 năm 2026 8 giờ 15 phút", T),
    ("Vào lúc 08:15 ngày 07/12/2026", T),
    ("Ngày 06/12/2026 vào lúc 17:30", "2026-12-06T17:30:00+07:00"),
    ("Chủ nhật, 6/12/2026 - 17:30 (GMT+7)", "2026-12-06T17:30:00+07:00"),
    ("Chủ Nhật, ngày 6 tháng 12 năm 2026", "2026-12-06T00:00:00+07:00"),
    ("Thứ 7 ngày 05/12/2026 lúc 17h30", SAT),
    ("Thứ bảy, 05/12/2026, 17:30 (GMT+7)", SAT),
    ("Thứ năm, 03/12/2026 08:15", THU),
    ("Thứ Năm ngày 3 tháng 12 năm 2026", "2026-12-03T00:00:00+07:00"),
    ("Xuất bản lúc 17:30 ngày 5/12/2026", SAT),
    ("Thời gian đăng: 05/12/2026 17:30", SAT),
    ("Đăng ngày 05.12.2026 lúc 17 giờ 30", SAT),
    ("Đăng: 05/12/2026 17:30 | Sửa: 06/12/2026 08:00", SAT),
    ("Thứ Hai, 07/12/2026 - 08:15 (GMT+7) - Cập nhật: 09:00", T),
    ("Cập nhật lúc 08:15 - 07/12/2026 | Đăng lúc 07:00 - 07/12/2026", T),
    ("7/12/2026 (Thứ Hai)", D),
    ("Thứ Hai (07/12/2026)", D),
    ("07/12/2026 (T2)", D),
    ("ngày 07 tháng 12 năm 2026 (thứ Hai)", D),
    ("Hôm nay, 07/12/2026", D),
    ("Sáng 7/12/2026, 8:15", T),
    ("Tối 6/12/2026, 20:30", "2026-12-06T20:30:00+07:00"),
    ("07/12/2026 – 8:15", T),
    ("07/12/2026 • 08:15", T),
    ("📅 07/12/2026 🕐 08:15", T),
    ("Ngày 07/12/2026, lúc 08:15 (giờ địa phương)", T),
    # RSS pubDate and English editions
    ("Mon, 07 Dec 2026 08:15", T),
    ("Mon, 07 Dec 2026 08:15:00 -0500", "2026-12-07T20:15:00+07:00"),
    ("Mon, 07 Dec 2026 08:15:00 EST", "2026-12-07T20:15:00+07:00"),
    ("Mon,  07 Dec 2026  08:15:00  +0700", T),
    ("Mon, 07 December 2026 08:15:00 +0700", T),
    ("Mon, 07 Dec 2026 01:15:00 UT", T),
    ("Mon, 07 Dec 26 08:15:00 +0700", T),
    ("Mon, 07 Dec 2026 08:15:00 +0700 GMT", T),
    ("07 Dec 2026 08:15:00 +0700", T),
    ("T2, 07 Dec 2026 08:15:00 +0700", T),
    ("T2, 07 Th12 2026 08:15:00 +0700", T),
    ("Thứ 2, 07 Tháng 12 2026 08:15:00 +0700", T),
    ("Sat, 05 Dec 2026 17:30:00 +07:00", SAT),
    ("Sun, 06 Dec 2026 10:30:00 Z", "2026-12-06T17:30:00+07:00"),
    ("Sun Dec 6 2026 17:30:00 GMT+0700", "2026-12-06T17:30:00+07:00"),
    ("Friday, 04-Dec-26 08:15:00 ICT", "2026-12-04T08:15:00+07:00"),
    ("Saturday, December 5, 2026", "2026-12-05T00:00:00+07:00"),
    ("Saturday 5 December 2026 17:30", SAT),
    ("December 5th, 2026 5:30 PM", SAT),
    ("5:30 PM, December 5, 2026", SAT),
    ("Dec 7 2026 08:15", T),
    ("7 Dec, 2026", D),
    ("07-Dec-2026 08:15:00", T),
    ("Tháng 12 7, 2026 8:15 SA", T),
    ("07 Tháng Mười Hai 2026 lúc 08:15 CH", E),
    # JSON-LD, meta, sitemap lastmod, <time datetime>
    ("2026-12-07T08:15:00.000+07:00", T),
    ("2026-12-07T01:15:00.000Z", T),
    ("2026-12-07T01:15Z", T),
    ("2026-12-07T08:15+07:00", T),
    ("2026-12-07T08:15:00 +07:00", T),
    ("2026-12-07 08:15:00+07:00", T),
    ("2026-12-07T01:15:00+00:00", T),
    ("2026-12-07T01:15:00-00:00", T),
    ("2026-12-07T01:15:00.000+0000", T),
    ("2026-12-07T08:15:00.1234567+07:00", T),
    ("2026-12-07T08:15:00", T),
    ("2026-12-07 08:15:00.0", T),
    ("2026-12-07T8:15:00+07:00", T),
    ("2026-12-07T08:15:00+07:00[Asia/Ho_Chi_Minh]", T),
    ("2026-12-07 08:15:00 ICT", T),
    ("2026-12-07, 08:15", T),
    ("2026.12.07 08:15", T),
    ("08:15 2026/12/07", T),
    ("2026-12-07", D),
    ("2026-12-07T24:00:00", None),
    ("2026-W50-1", None),
    ("/Date(1765070100000)/", None),
    # relative stamps of listing pages
    ("Cập nhật: 2 giờ trước", "2026-12-07T19:00:00+07:00"),
    ("Cập nhật 10 phút trước", "2026-12-07T20:50:00+07:00"),
    ("Đăng 3 giờ trước", "2026-12-07T18:00:00+07:00"),
    ("Khoảng 1 giờ trước", "2026-12-07T20:00:00+07:00"),
    ("Cách đây 15 phút", "2026-12-07T20:45:00+07:00"),
    ("Cách đây 2 tuần", "2026-11-23T00:00:00+07:00"),
    ("15 phút trước | Thời sự", "2026-12-07T20:45:00+07:00"),
    ("2 giờ trước · 1.234 lượt xem", "2026-12-07T19:00:00+07:00"),
    ("Hôm qua lúc 23:59", "2026-12-06T23:59:00+07:00"),
    ("Hôm qua lúc 8:15 CH", "2026-12-06T20:15:00+07:00"),
    ("Hôm kia 10:30", "2026-12-05T10:30:00+07:00"),
    ("Hôm nay lúc 08:15 SA", T),
    ("3 năm trước", "2023-12-07T00:00:00+07:00"),
    ("Updated 2 hours ago", "2026-12-07T19:00:00+07:00"),
    ("5 mins ago", "2026-12-07T20:55:00+07:00"),
    ("Sáng nay", D),
    ("Vài giờ trước", None),
    ("5 phút", None),
    ("Mới cập nhật", None),
    # zones
    ("07/12/2026 08:15:30 (UTC+07:00)", "2026-12-07T08:15:30+07:00"),
    ("(UTC+07:00) 07/12/2026 08:15", T),
    ("GMT+7 | 08:15 | 07/12/2026", T),
    ("08:15 (GMT+7) 07/12/2026", T),
    ("08:15 GMT+7 ngày 07/12/2026", T),
    ("07/12/2026 08:15 (GMT +7)", T),
    ("07/12/2026 08:15 (UTC+7)", T),
    ("07/12/2026 08:15 GMT+07", T),
    ("07/12/2026 08:15 GMT+7:00", T),
    ("07/12/2026 08:15 UTC+07:00", T),
    ("07/12/2026 08:15 (Giờ GMT+7)", T),
    ("07/12/2026 08:15 (Giờ Hà Nội, GMT+7)", T),
    ("07/12/2026 08:15 (UTC +07:00) Bangkok, Hanoi, Jakarta", T),
    ("07/12/2026 01:15 (GMT)", T),
    ("07/12/2026 1:15 UTC", T),
    ("07/12/2026 08:15 (ICT)", T),
    ("07/12/2026 08:15 giờ Việt Nam", T),
    ("07/12/2026 08:15 +0700", T),
    ("Thứ Hai, 07/12/2026 08:15:00 GMT+0700", T),
    ("06/12/2026 17:30 GMT+0700 (Indochina Time)", "2026-12-06T17:30:00+07:00"),
    ("7/12/2026 8:15:00 SA +07:00", T),
    # SA/CH, AM/PM, day periods
    ("07/12/2026 - 8:15 SA", T),
    ("8:15 SA - 07/12/2026", T),
    ("8:15 SA Thứ Hai, 07/12/2026", T),
    ("Thứ hai, 07/12/2026 - 08:15 CH", E),
    ("8:15 CH 07/12/2026", E),
    ("07/12/2026 12:05 SA", "2026-12-07T00:05:00+07:00"),
    ("07/12/2026 12:05 CH", "2026-12-07T12:05:00+07:00"),
    ("12:30 SA 07/12/2026", "2026-12-07T00:30:00+07:00"),
    ("07/12/2026 8:15 sa", T),
    ("7/12/2026 8:15:45 CH", "2026-12-07T20:15:45+07:00"),
    ("07/12/2026 20:15:00 CH", E),
    ("07/12/2026 08:15:00 SA (GMT+7)", T),
    ("Thứ hai, 07/12/2026 08:15:00 SA", T),
    ("08:15 AM, Thứ Hai, 07/12/2026", T),
    ("Thứ hai, ngày 07/12/2026, 08:15 AM GMT+7", T),
    ("05/12/2026 5:30PM", SAT),
    ("05/12/2026 17:30 PM", SAT),
    ("07/12/2026 8h15 CH", E),
    ("7/12/2026 8 giờ 15 tối", E),
    ("8 giờ 15 phút tối ngày 7/12/2026", E),
    ("07/12/2026, 8:15 tối", E),
    ("Thứ hai, 07/12/2026, 8 giờ 15 phút sáng", T),
    ("7/12/2026, 8h sáng", "2026-12-07T08:00:00+07:00"),
    ("7/12/2026 lúc 0h15", "2026-12-07T00:15:00+07:00"),
    # two-digit years
    ("07-12-26 8h15", T),
    ("07.12.26 | 08:15", T),
    ("Thứ Hai, 07/12/26", D),
    ("7/12/26 - 8:15 SA", T),
    ("08:15 07/12/26", T),
    ("T2, 07/12/26 08:15 SA", T),
    ("06/12/26 17:30", "2026-12-06T17:30:00+07:00"),
    # time before the date
    ("08h15 07-12-2026", T),
    ("08:15:30 07/12/2026", "2026-12-07T08:15:30+07:00"),
    ("8 giờ 15, Thứ Hai, 7/12/2026", T),
    ("08:15 - Thứ Hai, 07/12/2026", T),
    ("08:15 CN, 06/12/2026", "2026-12-06T08:15:00+07:00"),
    ("17h30 ngày 6/12/2026", "2026-12-06T17:30:00+07:00"),
    ("Lúc 08:15 (GMT+7) ngày 07/12/2026", T),
    ("Phát hành lúc: 17:30 05/12/2026", SAT),
    # stray words around the stamp
    ("Bởi Nguyễn Văn A | 07/12/2026 08:15", T),
    ("Thời sự - 07/12/2026 08:15", T),
    ("07/12/2026 08:15 - 0 bình luận", T),
    ("Nguồn: TTXVN | 07/12/2026 08:15", T),
    ("07/12/2026 08:15 | In bài", T),
    ("Thứ Hai, 07/12/2026 08:15 | Lượt xem: 123", T),
    ("Ngày 07/12/2026 | Lượt đọc: 1.234 | Bình luận: 0", D),
    ("(Baolamdong.vn) 07/12/2026 08:15", T),
    ("Nguyễn Văn A - 07/12/2026 08:15 - 3 bình luận", T),
    ("Số 1234 - 07/12/2026", D),
    ("Ngày phát hành: 05/12/2026", "2026-12-05T00:00:00+07:00"),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES)
def test_realistic_shapes(text: str, expected: str | None) -> None:
    assert iso(text) == expected


# --- a range of clocks is an event's hours, refused like "Từ 8h đến 10h ngày 7/12/2026" ---------

CLOCK_RANGES = [
    ("08:00 - 10:00 ngày 7/12/2026", None),
    ("8h - 10h30, 7/12/2026", None),
    ("07/12/2026 08:15 - 09:30", None),
    ("Thời gian: 8h đến 10h, ngày 7/12/2026", None),
    # two clocks that are no range: a posted and an updated time
    ("07/12/2026 08:15 | Cập nhật 09:30", T),
    ("Thứ Hai, 07/12/2026 08:15 (Cập nhật: 09:30)", T),
    ("08:15, 07/12/2026 - 09:30, 08/12/2026", T),
]

POSTED_THEN_UPDATED = [
    # one date for both clocks: the first clock is the post's, as when each has its own date
    ("Đăng lúc 08:15 - Cập nhật lúc 09:30 ngày 07/12/2026", T),
    ("08:15 | Cập nhật: 09:30 | 07/12/2026", T),
    ("Đăng 08:15, sửa 09:30, 07/12/2026", T),
    ("08:15 Cập nhật lần cuối lúc 09:30 07/12/2026", T),
    # an update label with one clock keeps it
    ("Cập nhật lúc 09:30 ngày 07/12/2026", "2026-12-07T09:30:00+07:00"),
    ("Cập nhật lúc 20:15, Thứ Hai, 07/12/2026 (GMT+7)", E),
]


@pytest.mark.parametrize(("text", "expected"), CLOCK_RANGES)
def test_clock_ranges(text: str, expected: str | None) -> None:
    assert iso(text) == expected


@pytest.mark.parametrize(("text", "expected"), POSTED_THEN_UPDATED)
def test_posted_clock_before_an_update_label_sharing_one_date(text: str, expected: str) -> None:
    assert iso(text) == expected


# --- a day period written before the date or the clock places a bare clock ---------------------

PERIOD_FIRST = [
    ("Chiều 7/12/2026 lúc 3:15", "2026-12-07T15:15:00+07:00"),
    ("Chiều ngày 7/12/2026 lúc 3h15", "2026-12-07T15:15:00+07:00"),
    ("Tối 7/12/2026, lúc 8 giờ", "2026-12-07T20:00:00+07:00"),
    ("7/12/2026, chiều lúc 3:15", "2026-12-07T15:15:00+07:00"),
    ("Thứ Tư 02/12/2026 tối 20:15", "2026-12-02T20:15:00+07:00"),
    ("Đêm 6/12/2026 lúc 11 giờ", "2026-12-06T23:00:00+07:00"),
    ("Trưa 7/12/2026 lúc 1:30", "2026-12-07T13:30:00+07:00"),
    ("Trưa 7/12/2026 lúc 12:30", "2026-12-07T12:30:00+07:00"),
    ("Sáng 7/12/2026, 8:15", T),
    ("Tối 6/12/2026, 20:30", "2026-12-06T20:30:00+07:00"),
    # a marker on the clock itself wins over the period word
    ("Chiều 7/12/2026 lúc 3:15 SA", "2026-12-07T03:15:00+07:00"),
    ("Sáng 7/12/2026 lúc 9:15 CH", "2026-12-07T21:15:00+07:00"),
    # "tới" (until) folds like "tối" (evening): before another clock it makes a range
    ("07/12/2026 08:00 tới 10:00", None),
    ("07/12/2026 8h tới 10h", None),
    ("8 giờ tối 7/12/2026", "2026-12-07T20:00:00+07:00"),
]


@pytest.mark.parametrize(("text", "expected"), PERIOD_FIRST)
def test_day_period_before_the_date_or_the_clock(text: str, expected: str | None) -> None:
    assert iso(text) == expected
