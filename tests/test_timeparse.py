"""crawler.timeparse: the real formats of research/dates.md table (a), the pitfalls, properties."""

from __future__ import annotations

import logging
import subprocess
import sys
import unicodedata
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler import timeparse
from crawler.timeparse import (
    VN_TZ,
    DateRole,
    ParsedDate,
    date_role,
    format_iso,
    parse_date,
    parse_datetime,
    parser,
)

REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2019, 1, 2, 21, 0, tzinfo=VN_TZ)  # the crawl time used in dates.md

# dates.md table (a): 42 real formats (31 exact strings, 11 site shapes) and the expected values.
TABLE_A = [
    ("R1", "Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)", "2019-01-02T20:47:00+07:00"),
    ("R2", "Thứ ba, 21/4/2026, 00:00 (GMT+7)", "2026-04-21T00:00:00+07:00"),
    ("R3", "Thứ sáu, 6/8/2021, 01:08 (GMT+7)", "2021-08-06T01:08:00+07:00"),
    ("R4", "Thứ bảy, 27/1/2024 13:00 (GMT+7)", "2024-01-27T13:00:00+07:00"),
    ("R5", "Thứ 4, 6/11/2024 03:07 (GMT+7)", "2024-11-06T03:07:00+07:00"),
    ("R6", "1 giờ trước", "2019-01-02T20:00:00+07:00"),
    ("R7", "Thứ Năm, ngày 18/06/2020 17:58 PM (GMT+7)", "2020-06-18T17:58:00+07:00"),
    ("R8", "Thứ sáu, ngày 23/02/2024 12:52 PM (GMT+7)", "2024-02-23T12:52:00+07:00"),
    ("R9", "Thứ sáu, ngày 23/02/2024 18:36 PM (GMT+7)", "2024-02-23T18:36:00+07:00"),
    ("R10", "Thứ sáu, ngày 25/04/2025 - 11:39", "2025-04-25T11:39:00+07:00"),
    ("R11", "Thứ 2, 06/07/2026, 00:00", "2026-07-06T00:00:00+07:00"),
    ("R12", "Thứ Bảy, 11/07/2026 - 08:30", "2026-07-11T08:30:00+07:00"),
    ("R13", "16-07-2026 - 00:01 AM", "2026-07-16T00:01:00+07:00"),
    ("R14", "Chủ nhật, 03/08/2025 16:05", "2025-08-03T16:05:00+07:00"),
    ("R15", "20/07/2025 14:47", "2025-07-20T14:47:00+07:00"),
    ("R16", "25/07/2025 19:15", "2025-07-25T19:15:00+07:00"),
    ("R17", "02/03/2021, 11:56", "2021-03-02T11:56:00+07:00"),
    ("R18", "15:22 30/04/2017", "2017-04-30T15:22:00+07:00"),
    ("R19", "22:26 11/04/2018", "2018-04-11T22:26:00+07:00"),
    ("R20", "11:17 25/12/2017", "2017-12-25T11:17:00+07:00"),
    ("R21", "09/10/2019", "2019-10-09T00:00:00+07:00"),
    ("R22", "2021-07-24 09:12:31", "2021-07-24T09:12:31+07:00"),
    ("R23", "24 Tháng 9, 2025", "2025-09-24T00:00:00+07:00"),
    ("R24", "4 Tháng Tư, 2025", "2025-04-04T00:00:00+07:00"),
    ("R25", "Thứ Bảy, 8 tháng 3, 2014", "2014-03-08T00:00:00+07:00"),
    ("R26", "21 thg 5, 2008", "2008-05-21T00:00:00+07:00"),
    ("R27", "2/27/2018", "2018-02-27T00:00:00+07:00"),
    ("R28", "9-3-2021", "2021-03-09T00:00:00+07:00"),
    ("R29", "Ngày đăng: 24/09/2018", "2018-09-24T00:00:00+07:00"),
    ("R30", "Sun, 05 Oct 2025 08:39:59 +0000", "2025-10-05T15:39:59+07:00"),
    ("R31", "2:28 am", None),
    ("R32", "20:47, 02/01/2019", "2019-01-02T20:47:00+07:00"),
    ("R33", "02/01/2019 | 20:47", "2019-01-02T20:47:00+07:00"),
    ("R34", "02/01/2019 08:47 PM", "2019-01-02T20:47:00+07:00"),
    ("R35", "02-01-2019 - 20:47", "2019-01-02T20:47:00+07:00"),
    ("R36", "Thứ Tư, 02/01/2019 - 20:47", "2019-01-02T20:47:00+07:00"),
    ("R37", "02/01/2019  20:47", "2019-01-02T20:47:00+07:00"),
    ("R38", "02/01/2019, 20:47", "2019-01-02T20:47:00+07:00"),
    ("R39", "20:47 - 02/01/2019", "2019-01-02T20:47:00+07:00"),
    ("R40", "20:47 02/01/2019", "2019-01-02T20:47:00+07:00"),
    ("R41", "2019-01-02T20:47", "2019-01-02T20:47:00+07:00"),
    ("R42", "2019-01-02 20:47", "2019-01-02T20:47:00+07:00"),
]


def iso(text: str, now: datetime = NOW) -> str | None:
    value = parse_datetime(text, now)
    return format_iso(value) if value else None


@pytest.mark.parametrize(("row", "text", "expected"), TABLE_A, ids=[r[0] for r in TABLE_A])
def test_real_formats_of_table_a(row: str, text: str, expected: str | None) -> None:
    assert iso(text) == expected
    parsed = parse_date(text, NOW)
    if parsed is not None:  # every real format has a weekday that matches its date
        assert "weekday_mismatch" not in parsed.flags


@pytest.mark.parametrize(("row", "text", "expected"), TABLE_A, ids=[r[0] for r in TABLE_A])
def test_decomposed_unicode_and_nbsp_read_like_the_plain_string(row: str, text: str, expected: str) -> None:
    odd = unicodedata.normalize("NFD", text).replace(" ", "\u00a0")
    assert iso(odd) == expected


TRICKY = [
    # the seed string, labels, times before/after the date with any separator
    ("Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)", "2019-01-02T20:47:00+07:00"),
    ("Ngày đăng: 02/01/2019 20:47", "2019-01-02T20:47:00+07:00"),
    ("Đăng lúc 20:47 02/01/2019", "2019-01-02T20:47:00+07:00"),
    ("Xuất bản: 02/01/2019", "2019-01-02T00:00:00+07:00"),
    ("Cập nhật: 02/01/2019 | 20:47", "2019-01-02T20:47:00+07:00"),
    ("lúc 20:47 ngày 02/01/2019", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019-20:47", "2019-01-02T20:47:00+07:00"),
    ("20:47|02/01/2019", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 20:47:05", "2019-01-02T20:47:05+07:00"),
    ("2.1.2019 20:47", "2019-01-02T20:47:00+07:00"),
    # weekday words and abbreviations, in any case
    ("thứ tư, 02/01/2019 20:47", "2019-01-02T20:47:00+07:00"),
    ("THỨ TƯ 02/01/2019", "2019-01-02T00:00:00+07:00"),
    ("T4, 02/01/2019 20:47", "2019-01-02T20:47:00+07:00"),
    ("Th 4 - 02/01/2019", "2019-01-02T00:00:00+07:00"),
    ("CN, 06/01/2019", "2019-01-06T00:00:00+07:00"),
    ("chủ NHẬT, 06/01/2019", "2019-01-06T00:00:00+07:00"),
    # clock spellings and day periods
    ("20h47 ngày 2/1/2019", "2019-01-02T20:47:00+07:00"),
    ("20g47, 02/01/2019", "2019-01-02T20:47:00+07:00"),
    ("8h 02/01/2019", "2019-01-02T08:00:00+07:00"),
    ("20 giờ 47 phút ngày 2/1/2019", "2019-01-02T20:47:00+07:00"),
    ("8 giờ sáng 02/01/2019", "2019-01-02T08:00:00+07:00"),
    ("12 giờ trưa 02/01/2019", "2019-01-02T12:00:00+07:00"),
    ("1 giờ trưa 02/01/2019", "2019-01-02T13:00:00+07:00"),
    ("2 giờ chiều 02/01/2019", "2019-01-02T14:00:00+07:00"),
    ("8 giờ tối 02/01/2019", "2019-01-02T20:00:00+07:00"),
    ("11 giờ đêm 02/01/2019", "2019-01-02T23:00:00+07:00"),
    ("2 giờ đêm 02/01/2019", "2019-01-02T02:00:00+07:00"),
    ("11 giờ khuya 02/01/2019", "2019-01-02T23:00:00+07:00"),
    ("8:30 SA 02/01/2019", "2019-01-02T08:30:00+07:00"),
    ("8:30 CH 02/01/2019", "2019-01-02T20:30:00+07:00"),
    ("02/01/2019 20:47 PM", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 00:01 AM", "2019-01-02T00:01:00+07:00"),
    ("02/01/2019 12:05 AM", "2019-01-02T00:05:00+07:00"),
    ("02/01/2019 12:05 PM", "2019-01-02T12:05:00+07:00"),
    ("02/01/2019 08:47 PM", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 8:47 p.m.", "2019-01-02T20:47:00+07:00"),
    # explicit offsets, honoured and converted
    ("02/01/2019 13:47 GMT", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 20:47 ICT", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 20:47 UTC+7", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 20:47 (GMT+07:00)", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 22:47 (GMT+9)", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 08:47 GMT-5", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 13:47 +0000", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 20:47 +07:00", "2019-01-02T20:47:00+07:00"),
    ("2026-03-07T08:52:11.000 +07:00", "2026-03-07T08:52:11+07:00"),
    ("2019-01-02T13:47:00Z", "2019-01-02T20:47:00+07:00"),
    ("2019-01-02T13:47:00.123456+00:00", "2019-01-02T20:47:00+07:00"),
    ("2019-01-02T22:47:00+0900", "2019-01-02T20:47:00+07:00"),
    ("2019-01-02", "2019-01-02T00:00:00+07:00"),
    ("2019-01-01T23:30:00-05:00", "2019-01-02T11:30:00+07:00"),
    # RFC 822 (RSS pubDate)
    ("Wed, 02 Jan 2019 13:47:00 GMT", "2019-01-02T20:47:00+07:00"),
    ("Wed, 2 Jan 2019 20:47:00 +0700", "2019-01-02T20:47:00+07:00"),
    ("Wed, 02 Jan 2019 08:47:00 EST", "2019-01-02T20:47:00+07:00"),
    # words for months, English months
    ("ngày 2 tháng 1 năm 2019", "2019-01-02T00:00:00+07:00"),
    ("02 tháng 01 năm 2019 20:47", "2019-01-02T20:47:00+07:00"),
    ("2 tháng giêng năm 2019", "2019-01-02T00:00:00+07:00"),
    ("15 tháng chạp, 2018", "2018-12-15T00:00:00+07:00"),
    ("1 tháng mười hai, 2018", "2018-12-01T00:00:00+07:00"),
    ("Jan 2, 2019 20:47", "2019-01-02T20:47:00+07:00"),
    ("2 January 2019", "2019-01-02T00:00:00+07:00"),
    # entities, odd whitespace, bylines in front
    ("Th&#7913; Hai, 31/12/2018", "2018-12-31T00:00:00+07:00"),
    ("Thứ Tư, ng&agrave;y 02/01/2019 - 20:47", "2019-01-02T20:47:00+07:00"),
    ("\n\t\t01/03/2026\n \n\u00a0\t 09:51\u200b \n", "2026-03-01T09:51:00+07:00"),
    ("DUY DANH - HOÀNG SA 19:27, 21/03/2024", "2024-03-21T19:27:00+07:00"),
    ("02/01/2019\u00a0·\u00a020:47", "2019-01-02T20:47:00+07:00"),
    # two datetimes: the first one (published) wins, each with its own time
    ("Đăng lúc 08:00 02/01/2019, cập nhật lúc 20:47 03/01/2019", "2019-01-02T08:00:00+07:00"),
    ("02/01/2019 08:00 | Cập nhật: 03/01/2019 20:47", "2019-01-02T08:00:00+07:00"),
    ("20:47, 02/01/2019 - 08:00, 03/01/2019", "2019-01-02T20:47:00+07:00"),
    ("02/01/2019 (cập nhật 03/01/2019 08:00)", "2019-01-02T00:00:00+07:00"),
    # relative forms against NOW = 2019-01-02 21:00
    ("2 giờ trước", "2019-01-02T19:00:00+07:00"),
    ("2 tiếng trước", "2019-01-02T19:00:00+07:00"),
    ("5 phút trước", "2019-01-02T20:55:00+07:00"),
    ("7' trước", "2019-01-02T20:53:00+07:00"),
    ("7’ trước", "2019-01-02T20:53:00+07:00"),
    ("30 giây trước", "2019-01-02T20:59:30+07:00"),
    ("cách đây 2 giờ", "2019-01-02T19:00:00+07:00"),
    ("Cập nhật 3 giờ trước", "2019-01-02T18:00:00+07:00"),
    ("1 ngày trước", "2019-01-01T00:00:00+07:00"),
    ("2 tuần trước", "2018-12-19T00:00:00+07:00"),
    ("1 tháng trước", "2018-12-02T00:00:00+07:00"),
    ("hôm nay", "2019-01-02T00:00:00+07:00"),
    ("hôm qua", "2019-01-01T00:00:00+07:00"),
    ("hôm kia", "2018-12-31T00:00:00+07:00"),
    ("HÔM QUA lúc 20:47", "2019-01-01T20:47:00+07:00"),
    ("vừa xong", "2019-01-02T21:00:00+07:00"),
    ("mới đây", "2019-01-02T21:00:00+07:00"),
    # nothing reliable
    ("20:47", None),
    ("2:28 am", None),
    ("Thứ Tư", None),
    ("Thứ Tư, 20:47", None),
    ("1546436820", None),
    ("02/01", None),
    ("02/01 20:47", None),
    ("tháng 1 năm 2019", None),
    ("2019", None),
    ("Tin tức mới nhất", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("text", "expected"), TRICKY)
def test_tricky_inputs(text: str, expected: str | None) -> None:
    assert iso(text) == expected


@pytest.mark.parametrize(
    "text",
    ["31/02/2019", "29/02/2019", "32/01/2019", "13/13/2019", "02/01/2019 25:00", "02/01/2019 20:60",
     "2019-02-29T10:00", "2019-13-01", "Thứ Tư, 30/02/2019 20:47", "02/01/2019 20:47 GMT+15",
     "Mon, 31 Feb 2019 10:00:00 +0000"],
)  # fmt: skip
def test_impossible_dates_give_none(text: str) -> None:
    assert parse_datetime(text, NOW) is None


def test_29_february_of_a_leap_year_is_fine() -> None:
    assert iso("29/02/2020") == "2020-02-29T00:00:00+07:00"


def test_parsed_date_fields() -> None:
    p = parse_date("Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)", NOW)
    assert p == ParsedDate(datetime(2019, 1, 2, 20, 47, tzinfo=VN_TZ), True, "minute", "fast", frozenset())
    assert p.value.utcoffset() == timedelta(hours=7)
    assert parse_date("09/10/2019", NOW).precision == "day"
    assert parse_date("09/10/2019", NOW).has_time is False
    assert parse_date("2021-07-24 09:12:31", NOW).precision == "second"
    assert parse_date("2021-07-24 09:12:31", NOW).path == "iso"
    assert parse_date("Sun, 05 Oct 2025 08:39:59 +0000", NOW).path == "rfc822"
    assert parse_date("02/01/2019 00:00", NOW).has_time is True


def test_relative_precision() -> None:
    yesterday = parse_date("hôm qua", NOW)
    assert (yesterday.has_time, yesterday.precision, yesterday.path) == (
        False,
        "relative-day",
        "fast:relative",
    )
    hours = parse_date("2 giờ trước", NOW)
    assert (hours.has_time, hours.precision) == (True, "relative-minute")
    assert hours.value == NOW - timedelta(hours=2)


def test_now_naive_means_vietnam_and_aware_now_is_converted() -> None:
    naive = datetime(2019, 1, 2, 21, 0)
    utc = datetime(2019, 1, 2, 14, 0, tzinfo=UTC)
    assert iso("1 giờ trước", naive) == "2019-01-02T20:00:00+07:00"
    assert iso("1 giờ trước", utc) == "2019-01-02T20:00:00+07:00"
    assert iso("hôm qua", datetime(2019, 1, 1, 18, 0, tzinfo=UTC)) == "2019-01-01T00:00:00+07:00"


def test_default_now_is_the_current_vietnam_day() -> None:
    before = datetime.now(VN_TZ).date()
    value = parse_datetime("hôm nay")
    after = datetime.now(VN_TZ).date()
    assert value.date() in {before, after}
    assert value.utcoffset() == timedelta(hours=7)


def test_weekday_mismatch_is_flagged_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="crawler.timeparse"):
        p = parse_date("Thứ Năm, 02/01/2019 20:47", NOW)  # 2 Jan 2019 was a Wednesday
    assert format_iso(p.value) == "2019-01-02T20:47:00+07:00"
    assert "weekday_mismatch" in p.flags
    assert any("weekday" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


def test_weekday_that_fits_swapped_day_and_month_says_so() -> None:
    p = parse_date("Thứ Tư, 01/02/2019", NOW)  # 1 Feb 2019 is a Friday; 2 Jan 2019 a Wednesday
    assert p.value.date().isoformat() == "2019-02-01"
    assert {"weekday_mismatch", "weekday_matches_swapped_dm"} <= p.flags


def test_abbreviated_weekday_mismatch_is_flagged_too() -> None:
    assert "weekday_mismatch" in parse_date("T5, 02/01/2019", NOW).flags
    assert "weekday_mismatch" in parse_date("Wed, 03 Jan 2019 10:00:00 +0700", NOW).flags
    assert "weekday_mismatch" not in parse_date("T4, 02/01/2019", NOW).flags


def test_month_first_only_when_unambiguous_and_flagged() -> None:
    assert "mdy_swapped" in parse_date("2/27/2018", NOW).flags
    p = parse_date("02/03/2018", NOW)
    assert p.value.date().isoformat() == "2018-03-02"
    assert "mdy_swapped" not in p.flags


def test_two_digit_year_pivots_on_the_year_of_now() -> None:
    assert iso("02/01/19 20:47") == "2019-01-02T20:47:00+07:00"
    assert iso("02/01/20") == "2020-01-02T00:00:00+07:00"  # now.year + 1 is still this century
    assert iso("02/01/21") == "1921-01-02T00:00:00+07:00"
    assert iso("02/01/69") == "1969-01-02T00:00:00+07:00"
    later = datetime(2030, 6, 1, tzinfo=VN_TZ)
    assert iso("02/01/31", later) == "2031-01-02T00:00:00+07:00"
    assert iso("02/01/68", later) == "1968-01-02T00:00:00+07:00"
    assert "two_digit_year" in parse_date("02/01/19", NOW).flags


def test_pm_on_24_hour_clock_is_kept_and_flagged() -> None:
    p = parse_date("02/01/2019 20:47 PM", NOW)
    assert p.value.hour == 20
    assert "pm_on_24h_clock" in p.flags
    assert "pm_on_24h_clock" not in parse_date("02/01/2019 08:47 PM", NOW).flags


def test_in_future_flag() -> None:
    assert "in_future" in parse_date("05/01/2019 10:00", NOW).flags
    assert "in_future" not in parse_date("03/01/2019 10:00", NOW).flags  # within a day
    assert "in_future" not in parse_date("02/01/2019 20:47", NOW).flags


def test_byline_and_labels_left_over_are_reported() -> None:
    assert "unparsed_remainder" in parse_date("DUY DANH - HOÀNG SA 19:27, 21/03/2024", NOW).flags
    assert "unparsed_remainder" not in parse_date("Cập nhật lúc 20:47 ngày 02/01/2019", NOW).flags


def test_non_strings_and_huge_text_give_none() -> None:
    assert parse_date(None, NOW) is None  # type: ignore[arg-type]
    assert parse_date(20190102, NOW) is None  # type: ignore[arg-type]
    assert parse_date("02/01/2019 " + "x" * 5000, NOW) is None
    assert parse_date("02/01/2019", now="yesterday") is None  # type: ignore[arg-type]


def test_format_iso() -> None:
    assert format_iso(datetime(2019, 1, 2, 13, 47, 0, 999, tzinfo=UTC)) == "2019-01-02T20:47:00+07:00"
    assert format_iso(datetime(2019, 1, 2, 20, 47)) == "2019-01-02T20:47:00+07:00"
    # a fixed offset: Asia/Ho_Chi_Minh would say +08:00 for 1969
    assert format_iso(parse_datetime("02/01/1969 20:47", NOW)) == "1969-01-02T20:47:00+07:00"


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)", "updated"),
        ("cập nhật:", "updated"),
        ("Updated", "updated"),
        ("Cap nhat luc", "updated"),
        ("Đăng lúc", "published"),
        ("Ngày đăng:", "published"),
        ("Đăng", "published"),
        ("Xuất bản", "published"),
        ("Published", "published"),
        ("Đăng lúc 08:00, cập nhật lúc 09:00", "published"),
        ("Đang cập nhật", "updated"),  # "đang" (now, in progress) is not "đăng" (posted)
        ("Thứ Tư, 02/01/2019", None),
        ("", None),
    ],
)
def test_date_role(label: str, role: str | None) -> None:
    assert date_role(label) == role
    if role:
        assert date_role(label) is DateRole(role)


class _FakeParser:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def get_date_data(self, text: str) -> object:
        self.seen.append(text)

        class _Data:
            date_obj = datetime(2019, 1, 2, tzinfo=timezone(timedelta(hours=7)))

        return _Data()


@pytest.fixture
def fake_dateparser(monkeypatch: pytest.MonkeyPatch) -> _FakeParser:
    fake = _FakeParser()
    monkeypatch.setattr(parser, "_dateparser", lambda: fake)  # where the parser looks it up
    return fake


@pytest.mark.parametrize(
    "text",
    ["20:47", "2:28 am", "Thứ Tư", "1546436820", "31/02/2019", "02/01 20:47", "hôm qua", "2 giờ trước",
     "02/01/2019 20:47", "random words", "Sun, 31 Feb 2019 08:00:00 +0000"],
)  # fmt: skip
def test_dateparser_never_sees_what_the_fast_path_handled_or_rejected(
    text: str, fake_dateparser: _FakeParser
) -> None:
    parse_date(text, NOW)
    assert fake_dateparser.seen == []


def test_dateparser_fallback_for_leftover_dated_text(fake_dateparser: _FakeParser) -> None:
    before = timeparse.fallback_stats()
    p = parse_date("Cập nhật: 2 / 1 / 2019", NOW)  # spaced separators: not a fast-path shape
    assert fake_dateparser.seen == ["2 / 1 / 2019"]  # label stripped
    assert p.path == "dateparser"
    after = timeparse.fallback_stats()
    assert after["fallback_hits"] == before["fallback_hits"] + 1


def test_real_dateparser_fallback() -> None:
    p = parse_date("2 / 1 / 2019", NOW)
    assert (format_iso(p.value), p.path, p.has_time) == ("2019-01-02T00:00:00+07:00", "dateparser", False)


def test_importing_the_parser_does_not_import_dateparser() -> None:
    code = (
        "import sys, crawler.timeparse as t; t.parse_datetime('02/01/2019 20:47');"
        "print('dateparser' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- properties -------------------------------------------------------------------------------

_FRAGMENTS = ["02/01/2019", "20:47", "Thứ Tư", "T4", "(GMT+7)", "+07:00", "Z", "giờ", "trước", "hôm qua",
              "tháng", "năm", "2019", "31", "12", "PM", "sáng", "&#7913;", "&amp;", "\u0301", "\u00a0", ",",
              "-", "|", "/", ":", " ", "cách đây", "ngày", "Cập nhật lúc", "9999-99-99T99:99"]  # fmt: skip


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.one_of(st.text(max_size=80), st.lists(st.sampled_from(_FRAGMENTS) | st.text(max_size=4)).map("".join))
)
def test_never_raises_and_returns_none_or_vietnam_time(text: str) -> None:
    result = parser._parse_date(text, NOW)  # the unguarded core: a bug here must fail the test
    assert result is None or result.value.utcoffset() == timedelta(hours=7)
    value = parse_datetime(text, NOW)
    assert value is None or (value.tzinfo is not None and value.utcoffset() == timedelta(hours=7))


_WEEKDAYS = {
    0: ["Thứ Hai", "thứ hai", "Thứ 2", "T2", "Th 2"],
    1: ["Thứ Ba", "thứ ba", "Thứ 3", "T3", "Th 3"],
    2: ["Thứ Tư", "thứ tư", "Thứ 4", "T4", "Th 4"],
    3: ["Thứ Năm", "thứ năm", "Thứ 5", "T5", "Th 5"],
    4: ["Thứ Sáu", "thứ sáu", "Thứ 6", "T6", "Th 6"],
    5: ["Thứ Bảy", "thứ bảy", "Thứ 7", "T7", "Th 7"],
    6: ["Chủ nhật", "Chủ Nhật", "CN", "chủ nhật"],
}
_EN_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_EN_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _twelve(dt: datetime, am: str, pm: str) -> str:
    return f"{dt.hour % 12 or 12:02}:{dt.minute:02} {am if dt.hour < 12 else pm}"


_TEMPLATES = [
    lambda d, w: f"Cập nhật lúc {d:%H:%M}, {w}, {d:%d/%m/%Y} (GMT+7)",
    lambda d, w: f"{w}, {d.day}/{d.month}/{d.year}, {d:%H:%M} (GMT+7)",
    lambda d, w: f"{w}, ngày {d:%d/%m/%Y} - {d:%H:%M}",
    lambda d, w: f"{d.hour}h{d:%M} ngày {d.day}/{d.month}/{d.year}",
    lambda d, w: f"{d.hour} giờ {d.minute} phút, {w}, ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d, w: f"{d:%d-%m-%Y} - {_twelve(d, 'AM', 'PM')}",
    lambda d, w: f"{d:%d/%m/%Y} {_twelve(d, 'SA', 'CH')}",
    lambda d, w: f"Ngày đăng: {d:%d/%m/%Y} | {d:%H:%M}",
    lambda d, w: f"{d:%H:%M} {w} {d:%d/%m/%Y}",
    lambda d, w: f"Đăng lúc {d:%H:%M} ngày {d.day} tháng {d.month} năm {d.year}",
    lambda d, w: f"{d:%d.%m.%Y} {d.hour}g{d:%M}",
    lambda d, w: d.strftime("%Y-%m-%dT%H:%M:%S"),
    lambda d, w: d.astimezone(timezone(timedelta(hours=-3, minutes=-30))).isoformat(),
    lambda d, w: (
        (u := d.astimezone(UTC))
        and f"{_EN_DAYS[u.weekday()]}, {u:%d} {_EN_MONTHS[u.month - 1]} {u.year} {u:%H:%M:%S} +0000"
    ),
]
_WITH_SECONDS = {11, 12, 13}


@settings(max_examples=500, deadline=None)
@given(
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31, 23, 59, 59)),
    st.integers(0, len(_TEMPLATES) - 1),
    st.data(),
)
def test_round_trip_of_vietnamese_templates(naive: datetime, which: int, data: st.DataObject) -> None:
    dt = naive.replace(microsecond=0, tzinfo=VN_TZ)
    if which not in _WITH_SECONDS:
        dt = dt.replace(second=0)
    weekday = data.draw(st.sampled_from(_WEEKDAYS[dt.weekday()]))
    text = _TEMPLATES[which](dt, weekday)
    text = data.draw(st.sampled_from([text, text.upper(), text.lower(), unicodedata.normalize("NFD", text)]))
    parsed = parse_date(text, NOW)
    assert parsed is not None, text
    assert parsed.value == dt, text
    assert parsed.value.utcoffset() == timedelta(hours=7)
    assert "weekday_mismatch" not in parsed.flags, text
