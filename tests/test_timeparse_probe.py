"""crawler.timeparse on date shapes beyond research/dates.md table (a): one row per shape.

Expected values follow dates.md's rules: day-month order, +07:00 for local times, a date without
a time is midnight, relative forms count back from NOW, None where nothing reliable is written
(time only, year-less, month only, spans, numbers that are not dates, impossible values). A
weekday that contradicts the date keeps the date as written (flagged, see test_timeparse.py).
"""

from __future__ import annotations

from datetime import datetime

import pytest

from crawler.timeparse import VN_TZ, format_iso, parse_date, parse_datetime

NOW = datetime(2026, 12, 7, 21, 0, tzinfo=VN_TZ)  # a Monday evening

D = "2026-12-07T00:00:00+07:00"
T = "2026-12-07T08:15:00+07:00"
E = "2026-12-07T20:15:00+07:00"
PROBES = [
    # weekday + date + time, separators
    ("Thứ hai, 7/12/2026 | 08:15", T),
    ("T2, 07/12/2026 - 08:15", T),
    ("Th2, 07/12/2026 08:15", T),
    ("Th.2, 07/12/2026 08:15", T),
    ("T.2, 07/12/2026 08:15", T),
    ("Thứ 2 ngày 07/12/2026", D),
    ("Thứ hai - 07/12/2026", D),
    ("Thứ Hai,07/12/2026,08:15", T),
    ("THỨ HAI, 07/12/2026", D),
    ("THỨ HAI, 07/12/2026 - 08:15", T),
    ("Thu hai, 07/12/2026 08:15", T),
    ("Thứ hai 07-12-2026 08:15", T),
    ("Thứ Hai, 07/12/2026 08:15 (GMT+7)", T),
    ("Thứ hai, ngày 07/12/2026 08:15 AM (GMT+07:00)", T),
    ("Thứ 2, 7/12/2026, 8:15 (GMT+7)", T),
    ("Thứ hai, 7/12/2026, 08:15 (GMT+7) - Tin mới", T),
    ("Thứ Hai, 07/12/2026 08:15 SA", T),
    ("CN, 06/12/2026", "2026-12-06T00:00:00+07:00"),
    ("CN - 06/12/2026", "2026-12-06T00:00:00+07:00"),
    ("Chủ nhật, 06/12/2026, 20:05 GMT+7", "2026-12-06T20:05:00+07:00"),
    ("Chủ Nhật, 06/12/2026 20:05", "2026-12-06T20:05:00+07:00"),
    ("Thứ hai ngày 7 tháng 12 năm 2026", D),
    ("Thứ Hai, 7/12/2026 | 08:15", T),
    # time first
    ("08:15 AM | 07/12/2026", T),
    ("08:15 PM, 07/12/2026", E),
    ("08:15 CH, 07/12/2026", E),
    ("08:15 ngày 07/12/2026", T),
    ("08:15 07/12/2026 (GMT+7)", T),
    ("Thời gian: 08:15 07/12/2026", T),
    ("Cập nhật lúc: 08:15 - 07/12/2026", T),
    ("Đăng lúc: 08:15 | 07/12/2026", T),
    ("Cập nhật 08:15 07/12/2026 (GMT+7)", T),
    ("12:00 AM 07/12/2026", D),
    ("12:00 PM 07/12/2026", "2026-12-07T12:00:00+07:00"),
    # clock spellings
    ("07/12/2026 8h15", T),
    ("07/12/2026 8h", "2026-12-07T08:00:00+07:00"),
    ("7/12/2026 8h15p", T),
    ("8h15' 7/12/2026", T),
    ("8H15 7/12/2026", T),
    ("15h30' ngày 07-12-2026", "2026-12-07T15:30:00+07:00"),
    ("07/12/2026 08g15", T),
    ("0h30 ngày 7/12/2026", "2026-12-07T00:30:00+07:00"),
    ("8 giờ 15 phút, ngày 7/12/2026", T),
    ("08 giờ 15 phút ngày 07 tháng 12 năm 2026", T),
    ("8 giờ 15, 07/12/2026", T),
    ("7/12/2026 lúc 8 giờ 15 phút", T),
    ("07/12/2026 8 giờ 15", T),
    ("Lúc 8h15 ngày 7/12/2026", T),
    ("Ngày 7/12/2026 lúc 8:15", T),
    ("07/12/2026 lúc 08:15", T),
    ("8 giờ sáng ngày 7/12/2026", "2026-12-07T08:00:00+07:00"),
    ("07/12/2026, 8 giờ sáng", "2026-12-07T08:00:00+07:00"),
    ("9 giờ 30 sáng 7/12/2026", "2026-12-07T09:30:00+07:00"),
    ("7 giờ tối ngày 6/12/2026", "2026-12-06T19:00:00+07:00"),
    ("8:15 tối 7/12/2026", E),
    ("8:15 sáng 7/12/2026", T),
    ("12:30 trưa 7/12/2026", "2026-12-07T12:30:00+07:00"),
    ("12 giờ trưa 7/12/2026", "2026-12-07T12:00:00+07:00"),
    ("1:30 chiều 7/12/2026", "2026-12-07T13:30:00+07:00"),
    ("07/12/2026 08:15 SA", T),
    ("7/12/2026, 8:15 CH", E),
    ("07/12/2026 08:15 PM", E),
    ("07/12/2026 - 08:15 AM", T),
    ("7/12/2026 8:15:30 AM", "2026-12-07T08:15:30+07:00"),
    ("07/12/2026 8:15 a.m.", T),
    ("7/12/2026 - 20:05 PM", "2026-12-07T20:05:00+07:00"),
    ("07/12/2026 08:15:30.123", "2026-12-07T08:15:30+07:00"),
    # labels
    ("Cập nhật: 07/12/2026 08:15:30", "2026-12-07T08:15:30+07:00"),
    ("Đăng ngày: 07/12/2026 | 08:15", T),
    ("Ngày xuất bản: 07/12/2026", D),
    ("Tin đăng ngày 7/12/2026", D),
    ("Published: 07/12/2026 08:15", T),
    ("Posted on December 7, 2026", D),
    ("Ngày cập nhật: 07/12/2026 08:15", T),
    ("(07/12/2026)", D),
    ("[07/12/2026 08:15]", T),
    ("- 07/12/2026 08:15 -", T),
    ("07/12/2026 08:15 | Lượt xem: 1234", T),
    # separators of the date
    ("07.12.2026 | 08:15", T),
    ("7.12.2026 8:15", T),
    ("07-12-2026", D),
    ("ngày 07-12-2026", D),
    ("07 - 12 - 2026", D),
    ("07 / 12 / 2026", D),
    ("2026/12/07 08:15", T),
    ("2026-12-7", D),
    ("2026.12.07", D),
    # ISO / machine
    ("2026-12-07 08:15:00", T),
    ("2026-12-07T01:15:00Z", T),
    ("2026-12-07T01:15:00.000Z", T),
    ("2026-12-07T08:15:00+07:00", T),
    ("2026-12-07T08:15", T),
    ("2026-12-07 08:15:00 +0700", T),
    ("2026-12-07 08:15:00+07", T),
    ("2026-12-07 08:15:00 GMT+7", T),
    ("2026-12-07T08:15:00.000000", T),
    ("20261207", None),
    ("1765070100", None),
    # RFC 822 / English
    ("Mon, 07 Dec 2026 08:15:00 +0700", T),
    ("Mon, 07 Dec 2026 01:15:00 GMT", T),
    ("Mon, 7 Dec 2026 08:15:00 +07:00", T),
    ("Mon, 07 Dec 2026 08:15 +0700", T),
    ("Monday, 07-Dec-26 08:15:00 ICT", T),
    ("Mon Dec 07 2026 08:15:00 GMT+0700 (Indochina Time)", T),
    ("December 7, 2026", D),
    ("Dec 7, 2026 8:15 AM", T),
    ("December 7th, 2026", D),
    ("7th December 2026", D),
    ("Monday, December 7, 2026 8:15 AM", T),
    ("07 December 2026 08:15", T),
    ("07 DEC 2026", D),
    ("Dec. 7, 2026", D),
    ("7-Dec-2026", D),
    ("07-Dec-2026 08:15", T),
    ("Sept. 7, 2026", "2026-09-07T00:00:00+07:00"),
    ("Mon, Dec 7, 2026 at 8:15 AM", T),
    # Vietnamese month words
    ("7 Tháng Mười Hai, 2026", D),
    ("07 Tháng 12, 2026 08:15", T),
    ("ngày 7 tháng Mười hai năm 2026", D),
    ("Ngày 07 tháng 12 năm 2026, 08:15 (GMT+7)", T),
    ("7 tháng 12 2026", D),
    ("7 thg 12, 2026", D),
    ("7 Th12, 2026", D),
    ("Tháng Mười Hai 7, 2026", D),
    ("Tháng 12 07, 2026 08:15", T),
    # month only / year-less / time-only
    ("tháng 12/2026", None),
    ("Tháng 12 năm 2026", None),
    ("12/2026", None),
    ("Năm 2026", None),
    ("7/12", None),
    ("07/12 08:15", None),
    ("Thứ hai, 07/12", None),
    ("08:15", None),
    ("08:15 SA", None),
    ("12 giờ trưa", None),
    ("0h30", None),
    ("25:61", None),
    # relative
    ("5 phút trước", "2026-12-07T20:55:00+07:00"),
    ("2 giờ trước", "2026-12-07T19:00:00+07:00"),
    ("1 tiếng trước", "2026-12-07T20:00:00+07:00"),
    ("2h trước", "2026-12-07T19:00:00+07:00"),
    ("15p trước", "2026-12-07T20:45:00+07:00"),
    ("45 giây trước", "2026-12-07T20:59:15+07:00"),
    ("khoảng 2 giờ trước", "2026-12-07T19:00:00+07:00"),
    ("3 giờ trước đây", "2026-12-07T18:00:00+07:00"),
    ("1 giờ 30 phút trước", "2026-12-07T19:30:00+07:00"),
    ("1 ngày trước", "2026-12-06T00:00:00+07:00"),
    ("3 ngày trước", "2026-12-04T00:00:00+07:00"),
    ("Cách đây 3 ngày", "2026-12-04T00:00:00+07:00"),
    ("1 tuần trước", "2026-11-30T00:00:00+07:00"),
    ("2 tháng trước", "2026-10-07T00:00:00+07:00"),
    ("1 năm trước", "2025-12-07T00:00:00+07:00"),
    ("vừa xong", "2026-12-07T21:00:00+07:00"),
    ("Vừa xong", "2026-12-07T21:00:00+07:00"),
    ("hôm qua", "2026-12-06T00:00:00+07:00"),
    ("hôm qua lúc 20:00", "2026-12-06T20:00:00+07:00"),
    ("Hôm qua, 20:00", "2026-12-06T20:00:00+07:00"),
    ("20:00 hôm qua", "2026-12-06T20:00:00+07:00"),
    ("Hôm nay, 08:15", T),
    ("Hôm nay lúc 8h15", T),
    ("8:15 hôm nay", T),
    ("Hôm kia lúc 10:30", "2026-12-05T10:30:00+07:00"),
    ("sáng nay lúc 8:15", T),
    ("tối qua lúc 20:30", "2026-12-06T20:30:00+07:00"),
    ("vài phút trước", None),
    ("ngày mai", None),
    ("5 minutes ago", "2026-12-07T20:55:00+07:00"),
    ("2 hours ago", "2026-12-07T19:00:00+07:00"),
    ("1 day ago", "2026-12-06T00:00:00+07:00"),
    ("yesterday", "2026-12-06T00:00:00+07:00"),
    ("just now", "2026-12-07T21:00:00+07:00"),
    # two-digit years
    ("07/12/26", D),
    ("07/12/26 08:15", T),
    ("7-12-26", D),
    ("07.12.26", D),
    ("31/12/99", "1999-12-31T00:00:00+07:00"),
    ("01/01/00", "2000-01-01T00:00:00+07:00"),
    # zones
    ("07/12/2026 08:15 GMT+07:00", T),
    ("07/12/2026 01:15 UTC", T),
    ("07/12/2026 08:15 (UTC+07:00)", T),
    ("07/12/2026 08:15 (GMT+7:00)", T),
    ("07/12/2026 08:15 GMT+0700", T),
    ("07/12/2026 08:15 +07", T),
    ("07/12/2026 08:15 (giờ Hà Nội)", T),
    ("07/12/2026 10:15 GMT+9", T),
    # odd characters
    ("07/12/2026\u00a008:15", T),
    ("07/12/2026\u202f08:15", T),
    ("08:15\u202fAM 07/12/2026", T),
    ("07/12/2026\u200b 08:15", T),
    ("\ufeff07/12/2026", D),
    ("07\u200b/12/2026", D),
    ("０７/１２/２０２６ ０８:１５", T),
    ("０７／１２／２０２６", D),
    ("Th&#7913; hai, 07/12/2026", D),
    ("07/12/2026&nbsp;08:15", T),
    ("\n\t07/12/2026\n\t08:15\n", T),
    ("Thứ hai\u300007/12/2026", D),
    # weekday contradicting the date: date as written (flagged)
    ("Thứ Ba, 07/12/2026", D),
    ("Wed, 07 Dec 2026 08:15:00 +0700", T),
    # impossible
    ("31/11/2026", None),
    ("29/02/2026", None),
    ("00/12/2026", None),
    ("07/00/2026", None),
    ("32/12/2026", None),
    ("07/12/2026 25:61", None),
    ("07/12/2026 24:00", None),
    ("07/12/2026 08:60", None),
    ("2026-12-32", None),
    ("2026-02-30T10:00:00", None),
    # month > 12 with day <= 12: month first (flagged)
    ("07/13/2026", "2026-07-13T00:00:00+07:00"),
    # future and old
    ("07/12/2030", "2030-12-07T00:00:00+07:00"),
    ("08/12/2026 10:00", "2026-12-08T10:00:00+07:00"),
    ("15/08/1975", "1975-08-15T00:00:00+07:00"),
    ("02/09/1945 09:00", "1945-09-02T09:00:00+07:00"),
    ("01/01/1800", None),
    # not dates
    ("Nghị định 100/2019/NĐ-CP", None),
    ("Thông tư 12/2026/TT-BTC", None),
    ("Quyết định 1234/QĐ-UBND", None),
    ("ĐT: 0263.3822.449", None),
    ("0912.345.678", None),
    ("0912 345 678", None),
    ("Hotline: 1900 1234", None),
    ("2.000/2.500", None),
    ("1.234.567", None),
    ("192.168.1.1", None),
    ("Lượt xem: 2.026", None),
    ("v1.2.3", None),
    ("10.000 đồng", None),
    ("3/4", None),
    ("Top 10 năm 2026", None),
    # ranges
    ("từ 1/12 đến 5/12/2026", None),
    ("1-5/12/2026", None),
    ("07/12/2026 - 10/12/2026", D),
    # second pass: WordPress/Joomla layouts, English editions, day periods, spans
    ("Thứ Hai, 07/12/2026 08:15:00 (GMT+7)", T),
    ("07/12/2026 08:15:00 SA", T),
    ("Cập nhật ngày: 07/12/2026 - 08:15:00", T),
    ("Ngày 07/12/2026 - Lúc 08:15", T),
    ("08:15:00 | 07/12/2026", T),
    ("Thứ hai, 07 tháng 12, 2026 08:15", T),
    ("Thứ Hai, 07 Tháng Mười Hai 2026 08:15", T),
    ("7 Tháng Mười Hai, 2026 8:15 sáng", T),
    ("7 Tháng Mười Hai, 2026 8:15 chiều", E),
    ("7 Tháng 12, 2026 lúc 8:15 chiều", E),
    ("Tháng Mười Hai 7, 2026 lúc 8:15 sáng", T),
    ("Tháng Mười Hai 7, 2026 8:15 chiều", E),
    ("Th12 7, 2026", D),
    ("07/12/2026 | 8:15 chiều", E),
    ("Đăng lúc 08:15 Thứ Hai, 7 tháng 12, 2026", T),
    ("7 tháng 12 lúc 08:15", None),
    ("7 Tháng 12", None),
    ("Ngày đăng: Thứ hai, 07/12/2026 08:15", T),
    ("07/12/2026 8:15:30 CH", "2026-12-07T20:15:30+07:00"),
    ("Monday, 07/12/2026 08:15", T),
    ("Mon, 07/12/2026", D),
    ("2026-12-07 08:15:00.000", T),
    ("Dec 7, 2026, 8:15 am", T),
    ("December 7, 2026 | 08:15 am GMT+7", T),
    ("December 07, 2026 08:15 AM", T),
    ("07/12/2026 08:15 AM GMT+7", T),
    ("8h sáng 7/12/2026", "2026-12-07T08:00:00+07:00"),
    ("8h tối 7/12/2026", "2026-12-07T20:00:00+07:00"),
    ("7.12.2026 - 8h15", T),
    ("07/12/2026 08:15 (GMT+07)", T),
    ("07/12/2026 08:15 GMT +7", T),
    ("07/12/2026 01:15 +00", T),
    ("07/12/2026 01:15 +00:00", T),
    ("29/02/2028", "2028-02-29T00:00:00+07:00"),
    ("12:15 SA 07/12/2026", "2026-12-07T00:15:00+07:00"),
    ("12:15 CH 07/12/2026", "2026-12-07T12:15:00+07:00"),
    ("THỨ HAI, 07/12/2026 08:15 SÁNG", T),
    ("tối qua", "2026-12-06T00:00:00+07:00"),
    ("chiều nay lúc 3:30", "2026-12-07T15:30:00+07:00"),
    ("2 giờ 15 phút trước", "2026-12-07T18:45:00+07:00"),
    ("từ 7/12/2026 đến 10/12/2026", None),
    ("07-10/12/2026", None),
    ("Thứ Hai, 07/12/2026 - 08:15 (Giờ Việt Nam)", T),
    ("0 giờ 30 phút ngày 7/12/2026", "2026-12-07T00:30:00+07:00"),
    ("12h trưa 7/12/2026", "2026-12-07T12:00:00+07:00"),
    ("Thứ bẩy, 05/12/2026", "2026-12-05T00:00:00+07:00"),
    ("thứ 7, 5/12/2026 - 20:05", "2026-12-05T20:05:00+07:00"),
    ("8:15 | Thứ Hai, 07/12/2026", T),
    ("08:15, Thứ Hai, 07/12/2026 (GMT+7)", T),
    ("Hôm qua 20:00", "2026-12-06T20:00:00+07:00"),
    ("Today, 08:15", T),
    ("Yesterday at 20:00", "2026-12-06T20:00:00+07:00"),
    ("3 days ago", "2026-12-04T00:00:00+07:00"),
    ("1 hour ago", "2026-12-07T20:00:00+07:00"),
    ("an hour ago", "2026-12-07T20:00:00+07:00"),
    # third pass: labels, bylines and numbers around the date
    ("Lúc 20:05 ngày Chủ nhật, 06/12/2026", "2026-12-06T20:05:00+07:00"),
    ("Ngày 06 tháng 12 năm 2026 lúc 20 giờ 05 phút", "2026-12-06T20:05:00+07:00"),
    ("06/12/2026 lúc 20h05'", "2026-12-06T20:05:00+07:00"),
    ("20h05 Chủ nhật 06/12/2026", "2026-12-06T20:05:00+07:00"),
    ("20:05 CN 06/12/2026", "2026-12-06T20:05:00+07:00"),
    ("Chủ nhật, 06/12/2026 | 20:05 GMT+7", "2026-12-06T20:05:00+07:00"),
    ("06/12/2026 20:05:00 +07:00", "2026-12-06T20:05:00+07:00"),
    ("06-12-2026 20:05:00", "2026-12-06T20:05:00+07:00"),
    ("06.12.2026, 20:05", "2026-12-06T20:05:00+07:00"),
    ("7 tháng 12, 2026 - 08:15", T),
    ("T2, 07/12/26", D),
    ("Thứ hai, 07/12/26 08:15", T),
    ("07/12/2026 08:15 am", T),
    ("Cập nhật: 7 giờ trước", "2026-12-07T14:00:00+07:00"),
    ("Đăng 2 ngày trước", "2026-12-05T00:00:00+07:00"),
    ("(2 giờ trước)", "2026-12-07T19:00:00+07:00"),
    ("2 giờ trước | Thời sự", "2026-12-07T19:00:00+07:00"),
    ("hơn 1 giờ trước", "2026-12-07T20:00:00+07:00"),
    ("Thứ 2 - 07/12/2026 - 08:15", T),
    ("07/12/2026 - 08:15 (GMT+07:00)", T),
    ("08:15 GMT+7, Thứ hai, 07/12/2026", T),
    ("Monday 07/12/2026 8:15 AM", T),
    ("Mon 07 Dec 2026", D),
    ("2026-12-07T08:15:00+0700", T),
    ("2026-12-07T08:15:00.123456789+07:00", T),
    ("1765070100000", None),
    ("Hôm nay", D),
    ("Vừa mới", "2026-12-07T21:00:00+07:00"),
    ("60 phút trước", "2026-12-07T20:00:00+07:00"),
    ("90 phút trước", "2026-12-07T19:30:00+07:00"),
    ("24 giờ trước", "2026-12-06T21:00:00+07:00"),
    ("0 phút trước", "2026-12-07T21:00:00+07:00"),
    ("2 giờ sau", None),
    ("Thứ Hai, 08/12/2026", "2026-12-08T00:00:00+07:00"),
    ("30/02/2026 08:15", None),
    ("07/12/2026 8:75", None),
    ("Thứ Hai, 7/12/2026, 8:15 SA (GMT+7)", T),
    ("Last updated: 07/12/2026 08:15", T),
    ("Điện thoại: 0236.3821.234", None),
    ("Fax: (0236) 3 821 234", None),
    ("Mã số thuế: 0401234567", None),
    ("ISSN 1859-1234", None),
    ("Copyright © 2026", None),
    ("© 2003-2026 Báo Lâm Đồng", None),
    ("Kỳ họp thứ 10", None),
    ("Giá vàng 07/12: 150.000", None),
    ("Tỷ số 2-1", None),
    ("Lúc 8:15 sáng nay", T),
    ("1.5.2026", "2026-05-01T00:00:00+07:00"),
    ("Ngày 7-12-2026, lúc 8 giờ 15", T),
    ("Thứ hai ngày 7/12/2026 lúc 8h15 sáng", T),
    ("20:05 06/12/2026 (Chủ nhật)", "2026-12-06T20:05:00+07:00"),
    ("Ngày: 07/12/2026 Giờ: 08:15", T),
    ("07/12/2026 08:15 Giờ VN", T),
    ("2026-12-07 8:15", T),
    ("7/12/2026 8:15 SÁNG", T),
    ("7/12/2026 8:15 Chiều", E),
    ("Thứ hai, 07/12/2026 08:15 CH", E),
    ("Tháng 12 năm 2026", None),
    ("Quý IV/2026", None),
    ("Năm 2026, 08:15", None),
    ("12/12/2026 - 12:12", "2026-12-12T12:12:00+07:00"),
    # fourth pass: clock words, ISO followed by text
    ("2026-12-07T08:15:00+07:00 (cập nhật)", T),
    ("2026-12-07T01:15:00Z | Tin tức", T),
    ("8 giờ 15 phút 30 giây ngày 7/12/2026", "2026-12-07T08:15:30+07:00"),
    ("7/12/2026 12 giờ đêm", D),
    ("7/12/2026 12h đêm", D),
    ("12:30 khuya 7/12/2026", "2026-12-07T00:30:00+07:00"),
    ("11 giờ đêm 6/12/2026", "2026-12-06T23:00:00+07:00"),
    ("Thứ Hai, 07/12/2026, 08:15 [GMT+7]", T),
    ("Thứ Hai, 08:15, 07/12/2026", T),
    ("8:15 SA, Thứ Hai, 07/12/2026", T),
    ("Lượt xem: 1.234 | Ngày đăng: 07/12/2026", D),
    ("07/12/2026 08:15 Lần cập nhật cuối: 07/12/2026 09:00", T),
    ("2 giờ", None),
    ("Nguyễn Văn A - 07/12/2026 08:15", T),
    ("7 - 12 - 2026", D),
    ("12 - 7 - 2026", "2026-07-12T00:00:00+07:00"),
    ("Ngày 7, tháng 12, năm 2026", D),
    # spans whose start has no year: the one full date is the wrong end
    ("7 - 10/12/2026", None),
    ("7 đến 10/12/2026", None),
    ("7/12 - 10/12/2026", None),
    ("Thứ Tư 2/12 tới 8/12/2026", None),
    ("Thứ 2 - 07/12/2026", D),
    ("T7 - 05/12/2026", "2026-12-05T00:00:00+07:00"),
    ("T.2 - 07/12/2026", D),
    ("8h - 07/12/2026", "2026-12-07T08:00:00+07:00"),
    # southern spelling, seconds ago
    ("Chủ nhựt, 06/12/2026 20:05", "2026-12-06T20:05:00+07:00"),
    ("vài giây trước", "2026-12-07T21:00:00+07:00"),
    ("cách đây 1 giờ 30 phút", "2026-12-07T19:30:00+07:00"),
    ("1 tiếng 30 phút trước", "2026-12-07T19:30:00+07:00"),
]


@pytest.mark.parametrize(("text", "expected"), PROBES)
def test_probe_shapes(text: str, expected: str | None) -> None:
    value = parse_datetime(text, NOW)
    assert (format_iso(value) if value else None) == expected


def test_compound_and_english_relative_forms_are_minute_precise() -> None:
    for text in ("1 giờ 30 phút trước", "2 hours ago", "an hour ago", "vừa xong", "just now"):
        parsed = parse_date(text, NOW)
        assert (parsed.has_time, parsed.precision, parsed.path) == (True, "relative-minute", "fast:relative")


def test_day_period_of_a_relative_day_places_a_bare_clock() -> None:
    assert format_iso(parse_datetime("tối qua lúc 8:30", NOW)) == "2026-12-06T20:30:00+07:00"
    assert format_iso(parse_datetime("sáng qua lúc 8:30", NOW)) == "2026-12-06T08:30:00+07:00"
    # a marker written on the clock itself wins over the period word
    assert format_iso(parse_datetime("tối qua lúc 8:30 SA", NOW)) == "2026-12-06T08:30:00+07:00"
    assert parse_date("tối qua", NOW).precision == "relative-day"


def test_full_width_input_reads_like_ascii() -> None:
    ascii_text = "Thứ Hai, 07/12/2026 08:15 (GMT+7)"
    wide = ascii_text.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
    assert wide != ascii_text
    assert parse_datetime(wide, NOW) == parse_datetime(ascii_text, NOW)


def test_a_span_is_not_a_timestamp_but_wednesday_is_not_a_span() -> None:
    assert parse_date("từ 1/12 đến 5/12/2026", NOW) is None
    assert parse_date("Từ ngày 7/12/2026 tới ngày 10/12/2026", NOW) is None
    # "Thứ Tư" folds to "thu tu" ("từ" is "tu" too) and "tối" to "toi" ("tới")
    wednesday_evening = parse_date("Thứ Tư 02/12/2026 tối 20:15", NOW)
    assert wednesday_evening is not None
    assert wednesday_evening.value.date().isoformat() == "2026-12-02"


def test_southern_sunday_is_checked_like_chu_nhat() -> None:
    assert "weekday_mismatch" not in parse_date("Chủ nhựt, 06/12/2026", NOW).flags
    assert "weekday_mismatch" in parse_date("Chủ nhựt, 07/12/2026", NOW).flags


def test_hyphenated_english_date_keeps_its_weekday_check() -> None:
    parsed = parse_date("Monday, 07-Dec-26 08:15:00 ICT", NOW)
    assert {"two_digit_year"} <= parsed.flags
    assert "weekday_mismatch" not in parsed.flags
    assert "weekday_mismatch" in parse_date("Tuesday, 07-Dec-2026", NOW).flags
