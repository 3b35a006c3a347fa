"""Word tables and precompiled patterns for ``crawler.timeparse``.

Every pattern runs over the *folded* copy of a timestamp (lower-case ASCII, ``Thứ Tư`` ->
``thu tu``), so one pattern covers precomposed, decomposed and diacritic-less spellings. Kept
apart from the parser so that the parsing steps stay readable; nothing here has behaviour.
"""

from __future__ import annotations

import re

# Python weekday numbers (Monday = 0) for the folded weekday words.
WEEKDAYS: dict[str, int] = {
    "hai": 0, "2": 0, "ba": 1, "3": 1, "tu": 2, "4": 2, "nam": 3, "5": 3,
    "sau": 4, "6": 4, "bay": 5, "7": 5, "chunhat": 6, "cn": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}  # fmt: skip

# Month names after "tháng": numerals in words plus the lunar-style giêng (1) and chạp (12).
MONTH_WORDS: dict[str, int] = {
    "mot": 1, "gieng": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5, "sau": 6,
    "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoimot": 11, "muoihai": 12, "chap": 12,
}  # fmt: skip

EN_MONTHS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

# Named zones of RFC 822 / RSS, plus ICT (Indochina Time); minutes east of UTC.
ZONE_NAMES: dict[str, int] = {
    "gmt": 0, "ut": 0, "utc": 0, "z": 0, "ict": 420,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
}  # fmt: skip

# Day-period words after a time. AM/PM and SA/CH are 12-hour markers; the Vietnamese words
# shift only the hours that the word makes unambiguous (see parser._apply_marker).
# Every spelling TIME_RE's marker group can capture, "8:15 PM." at a sentence's end included.
AM_MARKERS = frozenset({"am", "am.", "a.m.", "a.m", "sa"})
PM_MARKERS = frozenset({"pm", "pm.", "p.m.", "p.m", "ch"})
# word -> hours that get +12 ("2 giờ chiều" = 14:00, "1 giờ trưa" = 13:00, "9 giờ đêm" = 21:00).
PERIOD_SHIFT: dict[str, range] = {
    "chieu": range(1, 12),
    "toi": range(1, 12),
    "trua": range(1, 5),
    "dem": range(7, 12),
    "khuya": range(9, 12),
    "sang": range(0),
}
# "12 giờ đêm" is midnight, as "12 AM" is.
MIDNIGHT_PERIODS = frozenset({"dem", "khuya"})
PERIOD_WORDS = ("sang", "trua", "chieu", "toi", "dem", "khuya")
# A day period written before the date or before the clock rather than after it ("Chiều 7/12/2026
# lúc 3:15", "7/12/2026, chiều lúc 3:15"): over the masked text, ending where the part begins.
PERIOD_BEFORE_RE = re.compile(r"(?<![a-z])(?P<p>sang|trua|chieu|toi|dem|khuya)(?: ngay| luc)?[ ,]*$")

_EN_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)"
)
_VI_MONTH = r"(?:[0-9]{1,2}|muoi ?mot|muoi ?hai|muoi|mot|gieng|hai|ba|tu|bon|nam|sau|bay|tam|chin|chap)"

# Explicit zone words anywhere in the string: GMT+7, (GMT+07:00), UTC+7, GMT, UTC, ICT.
ZONE_WORDS = ("gmt", "utc", "ict")
ZONE_RE = re.compile(
    r"(?=[gui])(?<![a-z])(?P<name>gmt|utc|ict)"
    r"(?:\s?(?P<sign>[+-])\s?(?P<hh>[0-9]{1,2})(?::?(?P<mm>[0-9]{2}))?)?(?![a-z0-9])"
)

# "tháng", its short form "thg" and the ICU abbreviation glued to the number ("Th12").
_VI_MONTH_WORD = r"(?:thang|thg|th(?=[0-9]))"

# Dates with a year. Alternatives: ISO Y-M-D; D/M/Y (one separator, used twice; a dash after the
# year only before a clock, "07/12/2026-08:15"); "D - M - YYYY" and "D . M . YYYY" spaced alike on
# both sides, four-digit year only (spaced slashes are left to dateparser, as the tests pin); "D
# tháng M[,] [năm] Y"; English "D Mon Y" and "D-Mon-Y" (Apache logs, RFC 850 "07-Dec-26").
DATE_RE = re.compile(
    r"(?=[0-9])(?<![0-9])(?:"
    r"(?P<iy>[0-9]{4})(?P<isep>[-/.])(?P<im>[0-9]{1,2})(?P=isep)(?P<id>[0-9]{1,2})(?![0-9])"
    r"|(?<![0-9][/.-])(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})"
    r"(?![0-9]|[/.-][0-9](?![0-9]?[:hg]))"
    r"|(?P<sd>[0-9]{1,2}) (?P<ssep>[.-]) (?P<sm>[0-9]{1,2}) (?P=ssep) (?P<sy>[0-9]{4})"
    r"(?![0-9]|[.-][0-9])"
    rf"|(?P<vd>[0-9]{{1,2}}) ?{_VI_MONTH_WORD} ?(?P<vm>{_VI_MONTH}) ?,? ?(?:nam )?(?P<vy>[0-9]{{4}})(?![0-9])"
    rf"|(?P<ed>[0-9]{{1,2}})(?:st|nd|rd|th)? (?P<em>{_EN_MONTH})\.?,? (?P<ey>[0-9]{{4}})(?![0-9])"
    rf"|(?P<hd>[0-9]{{1,2}})-(?P<hm>{_EN_MONTH})-(?P<hy>[0-9]{{4}}|[0-9]{{2}})(?![0-9])"
    r")"
)
# Month before day: "Jan 2, 2019" and WordPress's Vietnamese "F j, Y" ("Tháng Mười Hai 7, 2026",
# "Th12 7, 2026"). A pattern that starts with a letter is slow to try at every position, so it
# runs only when DATE_RE found nothing.
MONTH_FIRST_RE = re.compile(
    rf"(?=[adfjmnost])(?<![a-z])(?:(?P<fm>{_EN_MONTH})\.?|{_VI_MONTH_WORD} ?(?P<wm>{_VI_MONTH}))"
    r" (?P<fd>[0-9]{1,2})(?:st|nd|rd|th)?,? (?P<fy>[0-9]{4})(?![0-9])"
)

# Weekdays. The English short forms ("Mon,", "Thu 03 Dec") count only before a comma or the date
# and not right after another word but "on": "Hoài Thu, 07/12/2026" and "Minh Tuệ 07/12/2026" are
# bylines, and a name read as a weekday would raise a false weekday_mismatch.
WEEKDAY_RE = re.compile(
    r"(?=[tcmwfs])(?<![a-z0-9])(?:thu ?(?P<vi>hai|ba|tu|nam|sau|bay|[2-7])|(?P<cn>chu ?nh[au]t|cn)"
    r"|t(?P<t>[2-7])|th\.? ?(?P<th>[2-7])"
    r"|(?P<en>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
    r"|(?:(?<![a-z] )|(?<=(?<![a-z])on ))(?P<en3>mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)"
    r"(?=\.?(?:,| [0-9\x00])))"
    r"(?![a-z0-9])"
)

# Times: 20:47[:05[.000]], 20h47 / 8h / 20g47, 20 giờ [47 phút [5 giây]], and 5.30 only before a
# 12-hour marker ("5.30 PM": a dotted pair alone may be a count or a price); then a day-period
# marker and an offset glued to the time (+07:00, +0700, +07, Z). "2 giờ trước" is relative; "tối"
# and "tới" (until) fold alike, and "tới" before another clock ("08:00 tới 10:00") is no marker.
TIME_RE = re.compile(
    r"(?=[0-9])(?<![0-9+:.])(?:"
    r"(?P<h1>[0-9]{1,2}):(?P<m1>[0-9]{2})(?::(?P<s1>[0-9]{2})(?:[.,](?P<f1>[0-9]{1,9}))?)?(?![0-9])"
    r"|(?P<h2>[0-9]{1,2}) ?(?:h ?(?P<m2>[0-9]{2})?|g ?(?P<m3>[0-9]{2}))(?: ?(?:phut|p|'))?(?![0-9a-z])"
    r"|(?P<h4>[0-9]{1,2}) ?gio(?: ?(?P<m4>[0-9]{1,2})(?: ?phut(?: ?(?P<s4>[0-9]{1,2}) ?giay)?)?)?(?![0-9a-z])"
    r"(?! ?(?:truoc|qua|nua|sau|dong ho))"
    r"|(?P<h5>[0-9]{1,2})\.(?P<m5>[0-9]{2})(?= ?(?:a\.?m|p\.?m|sa|ch)(?![a-z]))"
    r")"
    r"(?: ?(?P<mk>a\.?m\.?|p\.?m\.?|sang|sa|chieu|ch|trua|toi(?! ?[0-9]{1,2} ?[:hg])|dem|khuya)(?![a-z]))?"
    r"(?: ?(?P<off>z|[+-][0-9]{2}(?::?[0-9]{2}|(?![:0-9])))(?![0-9a-z]))?"
)

# The two layouts that most timestamps use, as anchored whole-string patterns: "[label] [weekday,]
# [ngày] D/M/YYYY [sep time] [(GMT+7)]" and "[label] time sep [weekday sep] [ngày] D/M/YYYY [(GMT+7)]".
# One anchored match is several times cheaper than the component scan; anything else (other
# zones, two-digit years, several dates, words) goes to the scan.
_C_LABEL = r"(?:(?:cap nhat|ngay dang|dang|xuat ban)(?: luc)?:? )?"
_C_WD = r"(?P<wd>thu ?(?:hai|ba|tu|nam|sau|bay|[2-7])|chu ?nh[au]t|cn|t[2-7]|th\.? ?[2-7])"
_C_DATE = r"(?:ngay )?(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})"
_C_TIME = r"(?:luc )?(?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})(?::(?P<s>[0-9]{2}))?(?: (?P<mk>am|pm|sa|ch))?"
_C_SEP = r"(?: ?[,|-] ?| )"
_C_ZONE = r"(?: ?\(?(?:gmt|utc) ?\+ ?0?7(?::?00)?\)?)?"
COMMON_RES = (
    re.compile(rf"{_C_LABEL}(?:{_C_WD},? )?{_C_DATE}(?:{_C_SEP}{_C_TIME})?{_C_ZONE}"),
    re.compile(rf"{_C_LABEL}{_C_TIME}{_C_SEP}(?:{_C_WD}{_C_SEP})?{_C_DATE}{_C_ZONE}"),
)
# Compact weekday spellings ("thutu", "t4", "th.4", "chunhat") -> Monday = 0.
WEEKDAY_KEYS: dict[str, int] = {
    **{f"{p}{n}": n - 2 for p in ("thu", "t", "th", "th.") for n in range(2, 8)},
    **{f"thu{w}": WEEKDAYS[w] for w in ("hai", "ba", "tu", "nam", "sau", "bay")},
    "chunhat": 6,
    "chunhut": 6,  # the southern "Chủ nhựt"
    "cn": 6,
}

# Whole-string machine formats, tried before the component scan.
ISO_RE = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?:[t ](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?)?"
    r" ?(?P<off>z|[+-][0-9]{2}(?::?[0-9]{2})?)?"
)
RFC822_RE = re.compile(
    r"(?:(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*,? ?)?"
    rf"(?P<d>[0-9]{{1,2}}) (?P<mon>{_EN_MONTH})\.? (?P<y>[0-9]{{4}}|[0-9]{{2}})"
    r" (?P<H>[0-9]{1,2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2}))?"
    r"(?: ?(?:(?P<num>[+-][0-9]{4})|(?P<zone>gmt|utc|ut|z|ict|[ecmp][sd]t)))?"
)

# Relative forms ("2 giờ trước", "3 tiếng đồng hồ trước", "1 giờ 30 phút trước", "7' trước",
# "cách đây [khoảng] 2 giờ", "hôm qua", "vừa xong"), and the English ones of the sites' English
# editions ("2 hours ago", "yesterday").
_UNITS = r"giay|phut|p|'|gio|tieng|h|ngay|tuan|thang|nam"
_EN_UNITS = r"seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?"
# The hours of "1 giờ 30 phút" before its minutes; {} is the group's name.
_HOURS_THEN = r"(?:(?P<{}>[0-9]{{1,2}}) ?(?:gio|tieng|h) ?(?=[0-9]{{1,2}} ?(?:phut|p|')))?"
AGO_RE = re.compile(
    rf"(?=[0-9ca])(?:(?<![0-9]){_HOURS_THEN.format('nh')}"
    rf"(?P<n>[0-9]{{1,4}}) ?(?P<unit>{_UNITS})(?: dong ho)? ?(?:truoc|qua)(?![a-z])"
    rf"|(?<![a-z])cach day (?:khoang |hon |gan )?{_HOURS_THEN.format('nh2')}"
    rf"(?P<n2>[0-9]{{1,4}}) ?(?P<unit2>{_UNITS})(?![a-z])"
    rf"|(?<![0-9a-z])(?P<n3>[0-9]{{1,4}}|an?) (?P<unit3>{_EN_UNITS}) ago(?![a-z]))"
)
EN_UNITS = {
    "second": "giay", "sec": "giay", "minute": "phut", "min": "phut", "hour": "gio", "hr": "gio",
    "day": "ngay", "week": "tuan", "month": "thang", "year": "nam",
}  # fmt: skip
# A day word, "now" ("vừa xong", "vài giây trước": seconds are below the minute we report), or a
# day period of a relative day ("sáng nay" this morning, "tối qua" last night); the period turns
# the clock next to it ("tối qua lúc 8:30") into 20:30.
RELATIVE_WORD_RE = re.compile(
    r"(?=[hvmjtysckd])(?<![a-z])(?P<w>hom nay|hom qua|hom kia|vua xong|moi day|vua moi|vai giay truoc"
    r"|just now|today|yesterday"
    r"|(?P<p>sang|trua|chieu|toi|dem|khuya) (?P<pd>hom nay|hom qua|hom kia|nay|qua))(?![a-z])"
)
RELATIVE_DAYS = {"hom nay": 0, "hom qua": 1, "hom kia": 2, "today": 0, "yesterday": 1, "nay": 0, "qua": 1}
UNIT_MINUTES = {"giay": 0, "phut": 1, "p": 1, "'": 1, "gio": 60, "tieng": 60, "h": 60}
UNIT_DAYS = {"ngay": 1, "tuan": 7}
UNIT_MONTHS = {"thang": 1, "nam": 12}

# Between a date and its time (or weekday) only punctuation and these connectors may stand
# ("Ngày: 07/12/2026 Giờ: 08:15", "Ngày đăng: 07/12/2026 - Giờ đăng: 08:15", a day period as in
# "02/12/2026 tối 20:15", English "Dec 7, 2026 at 8:15 AM", ISO's "T" when text follows it); \x01
# marks an already consumed weekday/time/zone token, \x00 (a date) never counts as glue.
_PUNCT = r"[ \x01,;|/()\[\].:*#_~-]*"
_GLUE_WORDS = r"luc|ngay|vao|hoi|mung|mong|gio|dang|thoi gian|sang|trua|chieu|toi|dem|khuya|at|on|t"
GLUE_RE = re.compile(rf"{_PUNCT}(?:(?:{_GLUE_WORDS}){_PUNCT})*")
MAX_GAP = 40

# Label and connector words that may stay around a timestamp without it being suspicious.
LABEL_WORDS = frozenset({
    "cap", "nhat", "ngay", "dang", "tai", "xuat", "ban", "published", "updated", "posted", "modified",
    "last", "on", "at", "luc", "vao", "hoi", "mung", "mong", "gio", "viet", "nam", "thoi", "gian", "t",
})  # fmt: skip
# The words and numbers left over once the parts are masked (``Scan.remainder``).
WORD_RE = re.compile(r"[a-z0-9]+")

# A span "từ <date or time> đến/tới <date or time>" (an event's dates, not a timestamp); "tu" after
# "thu" is the weekday Thứ Tư. Gated by GATE words, as "tu" alone is common.
SPAN_RE = re.compile(r"(?<![a-z])(?<!thu )tu (?:ngay )?[0-9][0-9/.:h-]* (?:den|toi) (?:ngay )?[0-9]")
SPAN_GATE = (" den ", " toi ")
# Over the scan's masked text, right before the first date: a year-less day joined to it by a dash,
# đến/tới, "và", "hoặc" or "&" ("1 - 5/12/2026", "1/12 đến 5/12/2026", "Ngày 7 và 8/12/2026"), by
# a comma without a space ("7,8/12/2026") or a comma after "ngày"/"mùng" ("Ngày 7, 8/12/2026"), so
# that date ends a span or a list of days. "Số 45, 8/12/2026" and "Kỳ 2 - 07/12/2026" are an issue
# and a part number, not a first day. Times and weekdays ("Thứ 2 - 07/12/2026", "20:47 -
# 02/01/2019", "Thứ 7, 8/12/2026") are masked by then and never match.
SPAN_START_RE = re.compile(
    r"(?<![0-9/.\x00\x01])(?<!ky )(?<!so )(?<!bai )(?<!phan )(?<!tap )"
    r"(?:[0-9]{1,2}(?:[/.][0-9]{1,2})?(?: ?(?:-|den|toi|va|hoac|&) ?|,)"
    r"|(?<![a-z])(?:ngay|mung|mong) [0-9]{1,2} ?, ?)(?:ngay |mung |mong )?$"
)

# A lunar-calendar date ("28/10/2026 âm lịch", "Âm lịch: 28/10/2026", "28/10/2026 (ÂL)") is not the
# Gregorian date it looks like: the scan drops it. Markers right after the date or right before it;
# a marker after a date that labels the next one ("07/12/2026 (Âm lịch: 28/10)") is not its own.
# "AL" counts only where no word follows it (after a date) or before a colon (before one), so that
# "07/12/2026 Al Jazeera" keeps its date. LUNAR_GATE keeps the check off the common path.
LUNAR_GATE = ("am lich", "al")
LUNAR_RE = re.compile(r"(?<![a-z])(?:am lich|al)(?![a-z])")
LUNAR_AFTER_RE = re.compile(
    r"[ ,;:(\[-]*(?:am lich|al(?! ?[a-z]))(?![a-z]|[ :]*(?:ngay |mung |mong )?[0-9]{1,2}[/.-])"
)
LUNAR_BEFORE_RE = re.compile(r"(?<![a-z])(?:am lich|al(?= ?:))[ ,;:(\[-]*(?:ngay |mung |mong )?$")

# An update label right before a clock, over the masked text: in "Đăng lúc 08:15 - Cập nhật lúc
# 09:30 ngày 07/12/2026" the clock glued to the date is the update's, and the one before the label
# is the post's.
UPDATE_LABEL_RE = re.compile(
    r"(?<![a-z])(?:cap nhat|chinh sua|sua|updated?)(?: lan cuoi)?(?: (?:luc|ngay|vao))*(?: ?:)? ?$"
)

# Between two clocks of a range ("08:00 - 10:00", "8h đến 10h"), over the scan's masked text.
CLOCK_RANGE_RE = re.compile(r" ?(?:-|~|den|toi) ?")

# Something that looks like a year: the gate for the dateparser fallback.
YEAR_RE = re.compile(r"(?<![0-9])(?:1[89][0-9]{2}|20[0-9]{2})(?![0-9])")

# Role of a date label. Matched on lower-case NFC text: "đăng" (posted) vs "đang" (currently)
# differ only by a diacritic, so only multi-word forms are accepted without diacritics.
ROLE_RE = re.compile(
    r"(?<!\w)(?:(?P<updated>cập nhật|cap nhat|updated?|last modified|modified|chỉnh sửa)"
    r"|(?P<published>ngày đăng|ngay dang|đăng|xuất bản|xuat ban|published|posted|date published))(?!\w)"
)
