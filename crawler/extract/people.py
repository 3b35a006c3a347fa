"""Bylines: who wrote the article and which agency it was taken from.

Vietnamese bylines mix role words ("Tin, ảnh:", "Bài và ảnh:"), upper-case names ("DUY NGUYỄN"),
initials ("P.Y", "K. Miên"), several people ("DUY DANH - HOÀNG SA") and agency credits
("Theo TTXVN", "(Theo VnExpress)"). ``parse_byline`` turns one such line into display names and a
source; ``is_person`` rejects what is a paper, a desk, a sentence, a day or a place.

What is never a name, whatever the layout puts it next to (the word lists are in ``notnames``):
weekday phrases ("Thứ Bảy", "Chủ Nhật", "CN", "Monday"), dates and times (anything with a digit,
"GMT", "hôm qua", "tháng Chạp"), and the places datelines name (the 34 provinces of 2025, the
absorbed ones, the big cities: "ĐÀ LẠT", "TP.HCM"). Words are compared with their diacritics, so
"Thứ Ba" (Tuesday) is refused and "Thu Ba" (a woman's name) is not (only in a text without a
single diacritic, where the two cannot be told apart, is "Thu Ba" read as the weekday), and only
whole phrases are: "Bảy", "Hai", "Năm" or "Đăng" alone are real given names and stay names. A
one-word place that is also a given name ("Huế", "Vinh") is kept after an explicit role label
("Tin, ảnh: Huế"), where it can only be a person.

Desks name no one: "PV", "CTV", "Nhóm PV", "Nhóm phóng viên" give no author; "CTV Minh Thu" or
"Minh Thu (PV)" give "Minh Thu". "(Theo TTXVN)" is a source, not an author; "Thanh Hà (TTXVN)"
names the reporter and the agency she writes for. "Theo Minh Anh (Báo
Tin Tức)" names both: the person who wrote the piece (an author, credited as such by the paper
that reprints it) and the paper it was taken from (the source). "Theo Ngọc Ánh - Báo Tin Tức"
says the same with a dash.

Where a writer works is neither a person nor a source: "Lê Văn Hòa (Trung tâm Y tế huyện)" and
"Trần Hoa - Trung tâm VH-TT&TT huyện" give the name alone; only a news outlet in that place
("HOÀNG LAN - TTXVN") is the source. Titles are roles, as "Tin, ảnh:" is: "ThS. Nguyễn Văn
Bình", "Bác sĩ CKII Trần Thị Cúc" give the name, and so do "Bởi", "By", "Đăng bởi:".

A photo credit ("Ảnh: Minh Hà", "Minh Hà (ảnh)") names who took the pictures: ``is_photo_credit``
tells such a closing line from a byline ("Bài, ảnh: Minh Hà" credits the text too). What a date
line holds before its time on an unknown layout (``date_line_names``: "Minh Hùng - Thu Trang
15:20, 05/12/2026") is a byline only when every part is a name of two words or more: sections
("Video", "THỜI SỰ"), places and days stand there as often.
"""

from __future__ import annotations

import re
from itertools import pairwise

from crawler.extract.dates import split_date_line
from crawler.extract.notnames import (
    WORKPLACE,
    cut_trailing_time,
    is_agency,
    is_news_outlet,
    is_org,
    is_place,
    is_section,
    is_time_word,
    names_outlet,
)
from crawler.textnorm import clean_text, fold

# Words of role prefixes ("Tin, ảnh:", "Bài và ảnh:", "Đồ họa:", "Thực hiện:"), ASCII-folded.
# fmt: off
_ROLE_WORDS = frozenset({
    "tin", "bai", "anh", "video", "clip", "do", "hoa", "thuc", "hien", "phong", "vien", "pv", "nhom",
    "ctv", "btv", "bien", "tap", "trinh", "bay", "thiet", "ke", "noi", "dung", "the", "ky", "thuat",
    "phim", "quay", "loi", "tranh", "minh", "va", "ghi", "chep", "tac", "gia", "by", "infographic",
    "photo", "text", "design", "viet",
    # "Người viết:", "Người dịch:", "Lược dịch:", "Tổng hợp:", "Ký sự:", "Phóng sự:", "Bút ký:",
    # "Tường thuật:" (a narrator, "Giọng đọc:", wrote nothing)
    "nguoi", "dich", "luoc", "tong", "hop", "su", "but", "tuong",
})
# fmt: on
_ROLE_GLUE = str.maketrans(",&+/-–", "      ")  # "Tin, ảnh", "Bài & ảnh", "Tin - ảnh", "Bài/ảnh"
_ROLE_PREFIX = re.compile(r"^\s*([^\W\d][^:]{0,30}?)\s*:\s*")
# "Theo dõi" is "follow" ("Theo dõi Báo Lâm Đồng trên Zalo"), no credit.
_SOURCE_RE = re.compile(
    r"^[\(\[]?\s*(?:theo|(?:nguồn|nguon)(?: tin| bài| bai)?|source)\s*:?\s+(?!dõi\b)"
    r"(?P<src>[^()\[\]]{2,80}?)\s*[\)\]]?\s*\.?$",
    re.I,
)
_TRAILING_SOURCE = re.compile(
    r"\s*(?:[-–—/|]\s*|\()\s*(?:theo|nguồn|(?:tổng hợp|lược dịch|biên dịch|dịch)\s+(?:từ|theo))\s*:?\s+"
    r"(?P<src>[^()]{2,60}?)\)?\s*\.?$",
    re.I,
)
# A bracket that credits a source rather than naming one: "(theo TTXVN)", "(tổng hợp từ VOV)".
_CREDIT_START = re.compile(r"(?:theo|nguồn|tổng hợp|lược dịch|biên dịch|dịch)\b", re.I)
_ROLE_SUFFIX = re.compile(
    r"\s*\((?:tổng hợp|lược dịch|biên dịch|dịch|ghi|thực hiện|tường thuật|ghi chép|tổng thuật|"
    r"pv|ctv|btv|phóng viên|cộng tác viên|biên tập viên|t/h|th|t\.h|"
    r"(?:bài|tin|ảnh|hình ảnh|video|clip)(?:\s*(?:,|và|&|/|-)\s*(?:bài|tin|ảnh|video|clip))*)\)\s*$",
    re.I,
)
# "Minh Hà (ảnh)": who took the photos, and no more.
_PHOTO_SUFFIX = re.compile(r"^(?P<name>[^()]{2,40}?)\s*\((?:ảnh|hình ảnh|hình|photo)\)\.?$", re.I)
# The same work words after a name without brackets ("Thanh Hà tổng hợp", "MINH THU LƯỢC DỊCH"):
# those no name holds in any case, and "ghi"/"dịch" in lower case only ("Minh Dịch" is a name).
_BARE_ROLE_SUFFIX = re.compile(
    r"(?<=[^\W\d_])\s+(?:(?i:tổng hợp|lược dịch|biên dịch|thực hiện|ghi chép)|ghi|dịch)\s*$"
)
# What else a byline may carry that is no part of a name: an e-mail address, a phone number.
_CONTACT = re.compile(
    r"\s*(?:[-–—|,]\s*)?\(?\s*(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:(?:đt|sđt|điện thoại|tel)\s*:?\s*)?"
    r"\+?\d[\d .]{7,}\d)\s*\)?\s*$",
    re.I,
)
# A desk word in front of a name: "CTV Minh Thu", "Phóng viên Hoàng Lan", "Nhóm PV Ban Thời sự".
_DESK_PREFIX = re.compile(
    r"^(?:nhóm\s+)?(?:pv|ctv|btv|phóng viên|cộng tác viên|biên tập viên)\s+(?=[^\W\d_])", re.I
)
# Academic, professional and military titles in front of a name: "ThS. Nguyễn Văn Bình", "PGS.TS
# Lê Quang Vinh", "Bác sĩ CKII Trần Thị Cúc", "Luật sư Trần Văn Tài", "Thượng tá Lê Hùng". The
# name is the person's; the title is a role, as "Tin, ảnh:" is.
_TITLE_PREFIX = re.compile(
    r"^(?:(?:(?:P?GS|TS|ThS|Ths|BS|BSCK(?:I{1,2}|[12])?|CK(?:I{1,2}|[12])|DS|KS|LS|NSND|NSƯT|NGND|NGƯT|"
    r"TTND|TTƯT)(?:\.\s*|\s+)(?=[^\W\d_])|(?i:bác sĩ|bác sỹ|thạc sĩ|thạc sỹ|tiến sĩ|tiến sỹ|"
    r"phó giáo sư|giáo sư|luật sư|kỹ sư|kĩ sư|dược sĩ|điều dưỡng|nhà báo|nhà văn|nhà thơ|nhà giáo|"
    r"nghệ sĩ|đại tá|thượng tá|trung tá|thiếu tá|đại úy|đại uý|thượng úy|thượng uý|trung úy|"
    r"trung uý|thiếu úy|thiếu uý|thiếu tướng|trung tướng|thượng tướng)\s+))+"
)
_NAME_THEN_SOURCE = re.compile(
    r"^(?:theo|nguồn)\s*:?\s+(?P<name>[^()]{2,40}?)\s*\((?P<src>[^()]{2,60})\)$", re.I
)
# A name with the agency it writes for in brackets: "Thanh Hà (TTXVN)", "MINH THU (Vietnam+)".
_NAME_THEN_AGENCY = re.compile(r"^(?P<name>[^()\[\]]{2,60}?)\s*[\(\[](?P<src>[^()\[\]]{2,60})[\)\]]$")
# Parts of a byline: names joined by dashes, commas, "và"; role credits after a full stop ("Bài:
# Thu Trang. Ảnh: Minh Hà"; not the dot of an initial, "K. Miên").
_SPLIT = re.compile(r"\s+[-–—]\s+|\s*[;/|+&]\s*|\s*,\s*|\s+(?i:và|and)\s+|\n|\.\s+(?=[^\W\d_][^:.]{0,20}:)")
_WORD_OK = re.compile(r"^(?:[^\W\d_][\w'’-]*|(?:[^\W\d_]{1,3}\.){1,3}[^\W\d_]*\.?)$")
_NOT_NAMES = frozenset(
    {
        "pv",
        "ptv",
        "btv",
        "ctv",
        "nhom pv",
        "nhom phong vien",
        "phong vien",
        "bien tap vien",
        "ban bien tap",
        "toa soan",
        "admin",
        "administrator",
        "quan tri vien",
        "khach",
        "ban doc",
        "het",  # "HẾT": the end of a series' part
        "nguon",  # "Nguồn", "Theo", "Bởi" before a time, their credit cut off
        "theo",
        "boi",
        "by",
        "internet",  # "Ảnh: Internet"
    }
)
# What a "Nguồn:" line names when it names no outlet: "Nguồn: Tổng hợp", "Ảnh: Internet".
_NOT_SOURCES = frozenset({"tong hop", "internet", "suu tam", "st", "tu lieu", "nhieu nguon", "mang xa hoi"})


def title_case(name: str) -> str:
    """``DUY NGUYỄN`` -> ``Duy Nguyễn``, ``Q.ANH`` -> ``Q.Anh``, ``K'BRỬU`` -> ``K'Brửu``; initials
    (``P.Y``) and names already in mixed case are kept."""
    if any(c.islower() for c in name):
        return name
    return " ".join(_capitalize(w) for w in name.split())


_NAME_JOINS = re.compile(r"([.'’])")


def _capitalize(word: str) -> str:
    """``Q.ANH`` -> ``Q.Anh``, ``K'BRỬU`` -> ``K'Brửu`` (the Central Highlands' K' names)."""
    return "".join(part.capitalize() for part in _NAME_JOINS.split(word))


# A reportage's credit written as a phrase, without a colon: "Ghi chép của Lan Hương".
_WORK_OF = re.compile(r"^\s*(?:ghi chép|bút ký|ký sự|phóng sự|tùy bút|tuỳ bút|bài viết)\s+của\s+", re.I)


# "Bởi Minh Hùng", "Đăng bởi: ...", "Posted by ...", "Người đăng: ...", "Tác giả Minh Hùng": a
# label without the colon of "Tin, ảnh:" or with words no role list holds. No name starts so.
_BY_PREFIX = re.compile(
    r"^\s*(?:(?:(?:đăng|viết|gửi|posted|written)\s+)?(?:bởi|by)|người\s+(?:đăng|viết|gửi|đưa tin)|"
    r"tác\s+giả|author)\s*:?\s+(?=[^\W\d_])",
    re.I,
)


def _strip_roles(text: str) -> str:
    text = _WORK_OF.sub("", text, count=1)
    text = _BY_PREFIX.sub("", text, count=1)
    while True:
        m = _ROLE_PREFIX.match(text)
        if not m:
            return text
        words = fold(m.group(1)).translate(_ROLE_GLUE).split()
        if not words or not all(w in _ROLE_WORDS for w in words):
            return text
        text = text[m.end() :]


# Labels that credit the pictures alone (folded): "Ảnh:", "Ảnh minh họa:", "Hình ảnh:", "Ảnh tư
# liệu:", "Nguồn ảnh:", "Ảnh trong bài:", "Ảnh và video:", "Minh họa:". "Bài, ảnh:" and "Tin,
# ảnh:" credit the text too.
_PHOTO_LABEL_WORDS = re.compile(
    r"(?:nguon |tac gia )?(?:anh|hinh|hinh anh|photo|photos)(?: (?:minh hoa|tu lieu|chup|trong bai|"
    r"bai viet|(?:va )?video|(?:va )?clip))?|(?:video|clip)(?: va)? anh|minh hoa|do hoa minh hoa"
)
_PHOTO_LABEL = re.compile(r"^[\(\[]?\s*([^\W\d][^:]{0,24}?)\s*:\s*(?=\S)")
# With its diacritics: "Anh:" is how an interview marks a man's answer.
_PHOTO_WORD = re.compile(r"ảnh|hình|photo|minh họa|minh hoạ")
# Who gave the photos, when no photographer is named: "Ảnh: nhân vật cung cấp", "Ảnh: Sở Y tế
# cung cấp", "Ảnh: chụp màn hình", "Ảnh: Facebook nhân vật" (folded).
_PHOTO_GIVER = re.compile(r".{0,40}\bcung cap|(?:anh )?chup man hinh.{0,30}|(?:facebook|fb)\b.{0,30}")


def is_photo_credit(text: str) -> bool:
    """A line that credits only the pictures ("Ảnh: Minh Hà", "(Ảnh minh họa: TTXVN)", "Nguồn
    ảnh: Internet", "Ảnh: nhân vật cung cấp"): not text, and whoever it names took the photos,
    not wrote the story (the writer is credited elsewhere, or not at all). "Bài, ảnh: Minh Hà"
    credits both and is a byline; "Ảnh: Lan - Bài: Hà" names a writer after it and is one too."""
    if len(text) > 80:
        return False
    m = _PHOTO_LABEL.match(text)
    if m is None:
        byline = _PHOTO_SUFFIX.match(text.strip())
        return byline is not None and bool(parse_byline(byline["name"])[0])
    label = m.group(1).lower()
    if not _PHOTO_WORD.search(label) or not _PHOTO_LABEL_WORDS.fullmatch(
        " ".join(fold(label).translate(_ROLE_GLUE).split())
    ):
        return False
    rest = text[m.end() :].strip(" .")
    if text[0] in "([" and rest[-1:] in ")]":
        rest = rest[:-1].rstrip(" .")  # "(Ảnh: Minh Hà)"
    if not rest or len(rest) > 60 or ":" in rest:
        return False  # "Ảnh: Lan - Bài: Hà" credits a writer too
    folded = fold(rest)
    if folded in _NOT_SOURCES or folded in _NOT_NAMES or is_agency(rest) or _PHOTO_GIVER.fullmatch(folded):
        return True  # "Ảnh: Internet", "Ảnh: Tư liệu", "Ảnh: TTXVN", "Ảnh: nhân vật cung cấp"
    names, source = parse_byline(rest)
    return bool(names or source)


# Words of labels that credit the making of a page, not its text: "Thiết kế:", "Đồ họa:",
# "Trình bày:", "Kỹ thuật:", "Biên tập:", "Video:", "Quay phim:", "Dựng phim:" (folded).
_PRODUCTION_WORDS = frozenset({
    "thiet", "ke", "do", "hoa", "trinh", "bay", "ky", "thuat", "bien", "tap", "video", "clip", "quay",
    "dung", "phim", "infographic", "design", "graphic", "graphics", "am", "thanh", "san", "xuat", "va",
})  # fmt: skip


def is_production_credit(text: str) -> bool:
    """A closing line that credits only the making of the page ("Thiết kế: Lê Hoa", "Đồ họa:
    ...", "Video: ..."), not its text: its names are the authors only where no line names a
    writer. A photo credit (``is_photo_credit``) names no author at all."""
    m = _ROLE_PREFIX.match(text) if len(text) <= 80 else None
    if m is None:
        return False
    words = fold(m.group(1)).translate(_ROLE_GLUE).split()
    return bool(words) and set(words) <= _PRODUCTION_WORDS and ":" not in text[m.end() :]


def date_line_byline(head: str, *, site_names: tuple[str, ...] = ()) -> tuple[list[str], str | None]:
    """The names and agency of what a date line holds before its time ("Minh Hùng - Thu Trang
    15:20, 05/12/2026", "NGUYỄN VĂN A | 08:30 ...", "Lan Anh • 06/12/2026", "Tác giả: Minh Hùng
    | ..."), on a layout nobody described. A labelled head is read as any byline; an unlabelled
    one stands where a section ("Video", "THỜI SỰ"), a place ("ĐÀ LẠT") or a weekday stands as
    often, so it gives names only when every part of it is a name of two words or more (no
    section, place, day or tool is; "Video" alone, a one-word pen name, is not told apart)."""
    head = clean_text(head).strip(" -–—|,;•·")
    if not head or len(head) > 80:
        return [], None
    if has_role_label(head):
        return parse_byline(head, site_names=site_names)
    parts = _DATE_LINE_PARTS.split(head)
    if len(parts) > 1:  # "Minh Hùng | Thời sự", "Lan Anh - 1.204 lượt xem": the name alone
        head = " - ".join(
            p
            for p in parts
            if p and not _DATE_LINE_EXTRA.search(p) and not is_section(p) and not is_time_word(p)
        )
    if not head or len(head) > 60 or any(c.isdigit() or c in ':!?"“”' for c in head):
        return [], None  # "Lượt xem: 120", a sentence: no byline
    names, source = parse_byline(head, site_names=site_names)
    if not names or any(len(n.split()) < 2 for n in names):
        return [], source
    return names, source


def date_line_names(line: str, *, site_names: tuple[str, ...] = ()) -> tuple[list[str], str | None]:
    """The byline a date line holds: before its first time or date (``date_line_byline``), else
    a labelled one after its last ("15:20 05/12/2026 | Tác giả: Minh Hùng", "... - Bởi Lan
    Anh"); after the time an unlabelled text is as often a view count or a section as a name."""
    head, rest = split_date_line(line)
    if head:
        names, source = date_line_byline(head, site_names=site_names)
        if names or source:
            return names, source
    ends = [m.end() for m in _TIME_OR_DATE.finditer(rest)]
    tail = rest[ends[-1] :].strip(" |-–—,;/·•().") if ends else ""
    if tail and has_role_label(tail):
        return parse_byline(tail, site_names=site_names)
    return [], None


_TIME_OR_DATE = re.compile(
    r"\d{1,2}\s*(?::|h|g|giờ)\s*\d{2}|\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\(?\s*(?:GMT|UTC)\s*[+-]?\s*\d*\s*\)?",
    re.I,
)
_DATE_LINE_PARTS = re.compile(r"\s*[|•·,]\s*|\s+[-–—]\s+")
# A part of a date line that is a counter or a label, not a name: "1.204 lượt xem", "Lượt xem: 12".
_DATE_LINE_EXTRA = re.compile(r"\d|:")


def has_role_label(text: str) -> bool:
    """Whether a text opens with a role label ("Tác giả:", "PV:", "Tin, ảnh:"), as a byline
    does and a section name or a view count next to a date does not."""
    return _strip_roles(text) != text


def is_person(name: str, *, site_names: tuple[str, ...] = (), labelled: bool = False) -> bool:
    """A plausible person's display name (not a paper, a desk, a URL, a sentence, a day or a place).

    ``labelled``: the name follows a role label ("Tin, ảnh:"), so a one-word place that is also a
    given name ("Huế") is a person there."""
    if not name or len(name) > 40 or any(ch.isdigit() for ch in name):
        return False
    words = name.split()
    if not 1 <= len(words) <= 6:
        return False
    if not all(_WORD_OK.match(w) and w[0].isupper() for w in words):
        return False
    if any("." not in w and not _VOWEL.search(fold(w)) for w in words):
        return False  # "BLĐ", "P V": initials of a paper or a desk (every Vietnamese syllable has a vowel)
    if _mixed_case(words) or any(_glued(w) for w in words):
        return False  # "MINH THU Thu Hai", "Đầu TưThứ Tư": two texts run together, not one name
    folded = fold(name)
    if folded in _NOT_NAMES or is_org(name) or is_time_word(name) or is_section(name):
        return False
    if is_place(name) and not (labelled and len(words) == 1 and "." not in name):
        return False
    return not _names_site(folded, site_names)


_VOWEL = re.compile(r"[aeiouy]")


def _glued(word: str) -> bool:
    """A lower-case letter right before an upper-case one inside a word ("TưThứ"): the texts of
    two elements written side by side without a space (a section link and a weekday), which no
    Vietnamese name has."""
    return any(a.islower() and b.isupper() for a, b in pairwise(word))


def _mixed_case(words: list[str]) -> bool:
    """Some words all upper case ("MINH", "THU") and some not ("Thu"): two texts run together, not
    one name (initials and one-letter words, "Q.", "A", do not count)."""
    cased = [w.isupper() for w in words if len(w) > 1 and "." not in w]
    return any(cased) and not all(cased)


def _names_site(folded: str, site_names: tuple[str, ...]) -> bool:
    """The name is the site's ("Lâm Đồng" on baolamdong.vn, "Báo Lâm Đồng online"). A one-word
    name must equal a site name: "Hai" is a given name, not a piece of "baohaiphong"."""
    for site in site_names:
        fs = fold(site)
        if not fs or not folded:
            continue
        if folded == fs or fs in folded:
            return True
        if " " in folded and (f" {folded} " in f" {fs} " or folded.replace(" ", "") in fs.replace(" ", "")):
            return True
    return False


_AFFILIATION_CUT = re.compile(r"\s+[-–—]\s+|\s*[,/]\s*")


def _affiliation(text: str) -> bool:
    """Where a writer works or reports from, in brackets after the name: an office ("CDC Lâm
    Đồng": led by an upper-case acronym), an organisation ("Hội Nông dân tỉnh", as after a dash)
    or a place ("Lâm Đồng")."""
    first = text.split()[0] if text.split() else ""
    acronym = len(first) >= 2 and first.isalpha() and first.isupper() and " " in text.strip()
    return acronym or is_place(text) or is_org(text) or bool(WORKPLACE.match(text))


def _reads_as_name(text: str) -> bool:
    """A proper name (an outlet's, an office's): a capital first, no comma, a few words, most of
    them capitalised; not a sentence ("dự báo, thời tiết sẽ tốt")."""
    words = text.split()
    if not words or "," in text or len(words) > 7 or not text[0].isupper():
        return False
    return sum(w[0].isupper() or not w[0].isalpha() for w in words) * 2 >= len(words)


def _credit_part(text: str) -> bool:
    """One name in a "Theo" credit: a proper name or an outlet's ("baochinhphu.vn")."""
    return _reads_as_name(text.strip()) or names_outlet(text)


def _other_outlet(name: str, site_names: tuple[str, ...]) -> str | None:
    """``name`` when it is a news outlet other than the site's own paper (a writer of the paper
    itself, "Minh Thu (Báo Lâm Đồng)" on baolamdong.vn, names no source)."""
    return name if is_news_outlet(name) and not _names_site(fold(name), site_names) else None


def _split_affiliation(text: str, site_names: tuple[str, ...] = ()) -> tuple[str, str | None]:
    """A byline without what follows its names after a dash, a comma or a slash: a news outlet
    there is the source ("HOÀNG LAN - TTXVN", "Thanh Hà/Báo Tin tức"; the site's own paper names
    none), another organisation the writer's workplace ("Trần Hoa - Trung tâm VH-TT&TT huyện");
    neither is a person."""
    for m in _AFFILIATION_CUT.finditer(text):
        rest = text[m.end() :].strip(" .")
        alone = len(rest) <= 40 and not _AFFILIATION_CUT.search(rest)  # not "Minh Thu - Hoàng Lan/VOV"
        if alone and names_outlet(rest):
            return text[: m.start()], None if _names_site(fold(rest), site_names) else rest
        if is_org(rest) or WORKPLACE.match(rest):
            return text[: m.start()], None
    return text, None


def _writer_and_outlet(src: str, site_names: tuple[str, ...]) -> tuple[list[str], str] | None:
    """The writer and the outlet of a "Theo" credit ("Ngọc Ánh - Báo Tin Tức"), or None."""
    parts = [p.strip() for p in _AFFILIATION_CUT.split(src) if p.strip()]
    if len(parts) < 2 or not is_news_outlet(parts[-1]):
        return None
    if any(is_agency(p) for p in parts[:-1]):
        return None  # "AFP, Reuters": two agencies, no writer
    names = [title_case(p) for p in parts[:-1]]
    if not all(is_person(n, site_names=site_names) for n in names):
        return None
    return names, parts[-1]


def is_desk(text: str) -> bool:
    """A closing credit line that names no one: "Nhóm PV", "PV", "Nhóm phóng viên", "Tin, ảnh:
    CTV", and the paper's "follow us" line after the byline ("Theo dõi Báo X trên Google News"),
    which is neither a source nor text."""
    text = clean_text(text)
    if fold(_strip_roles(text)).strip(" .()") in _NOT_NAMES or fold(text).strip(" .()") in _NOT_NAMES:
        return True
    return _desk_team(_strip_roles(text)) or bool(_FOLLOW_US.match(text))


_FOLLOW_US = re.compile(
    r"\W*theo dõi\b.{0,60}\b(?:trên|tại|qua)\s+(?:google news|zalo|facebook|youtube|tiktok|fanpage|kênh|"
    r"ứng dụng|app|mạng xã hội)\b.{0,30}$",
    re.I,
)


def _desk_team(text: str) -> bool:
    """A team named after its desk ("Nhóm PV Thời sự", "Nhóm phóng viên Ban Kinh tế"): no one."""
    desk = _DESK_PREFIX.match(text)
    return desk is not None and desk.group().lower().startswith("nhóm")


def parse_byline(text: str, *, site_names: tuple[str, ...] = ()) -> tuple[list[str], str | None]:
    """Names and agency of one byline line; ([], None) when it is not a byline."""
    text = clean_text(text)
    if (bare := _CONTACT.sub("", text)) != text and len(bare.split()) < 2:
        return [], None  # "Số 0912 345 678", "ĐT: ...": a contact line, not a name and a number
    text = _ROLE_SUFFIX.sub("", bare).strip(" .·•")
    if not text or len(text) > 120:
        return [], None
    text = cut_trailing_time(text)  # "Thanh Hà, Chủ nhật 06/12/2026 (GMT+7)": "(GMT+7)" is no agency
    if not text:
        return [], None
    m = _NAME_THEN_SOURCE.match(text)
    if m:
        names = [title_case(n) for n in _split(m.group("name"))]
        names = [n for n in names if is_person(n, site_names=site_names)]
        return names, m.group("src").strip()
    m = _SOURCE_RE.match(text)
    if m:
        src = m.group("src").strip(" .")
        if (both := _writer_and_outlet(src, site_names)) is not None:
            return both
        if (is_agency(src) or text[:1] in "([") and all(_credit_part(p) for p in src.split(",")):
            return [], src  # "(Theo TTXVN)", "Theo AFP, Reuters"; not "Theo Bộ Y tế, số ca mắc giảm"
        parts = [title_case(n) for n in _split(src)]
        if parts and all(is_person(n, site_names=site_names) for n in parts):
            return parts, None  # "Theo Minh Anh": the writer, as the paper credits her
        if not _reads_as_name(src) or _names_site(fold(src), site_names) or fold(src) in _NOT_SOURCES:
            return [], None  # "Theo dự báo, trời sẽ nắng": a sentence, not a credit
        return [], src  # "Theo Kinh tế & Đô thị", "Theo Cổng TTĐT Chính phủ"
    m = _NAME_THEN_AGENCY.match(text)
    if m and not _CREDIT_START.match(m.group("src")):
        src = m.group("src").strip()
        if is_agency(src) or _affiliation(src):
            names, _ = parse_byline(m.group("name"), site_names=site_names)
            return names, _other_outlet(src, site_names)  # "(Trung tâm Y tế huyện)": a workplace
    source = None
    m = _TRAILING_SOURCE.search(text)
    if m and m.start() > 0:
        source = m.group("src").strip(" .")
        text = text[: m.start()]
    text = text.strip("()[] ")
    if text.endswith(":"):
        return [], source  # a label with nothing after it ("Đăng:", "Tin, ảnh:") names no one
    unlabelled, text = text, _strip_roles(text)
    line_labelled = text != unlabelled
    text, outlet = _split_affiliation(text, site_names)  # after the labels: "Bài, ảnh: MINH THU/TTXVN"
    source = source or outlet
    names: list[str] = []
    for part in _split(text):
        stripped = _strip_roles(part)
        labelled = line_labelled or stripped != part
        if _desk_team(stripped):
            continue  # "Nhóm PV Thời sự": a team named after its desk, no one's name
        cleaned = _ROLE_SUFFIX.sub("", _DESK_PREFIX.sub("", stripped)).strip(" .,:-–")
        cleaned = _BARE_ROLE_SUFFIX.sub("", cleaned)
        cleaned = _TITLE_PREFIX.sub("", cleaned)  # "ThS. Nguyễn Văn Bình": the person, not the degree
        if not cleaned or is_desk(cleaned):
            continue  # "MINH THU - PV": the desk names no one, the name stays
        name = title_case(cleaned)
        if is_place(name) and not (labelled and " " not in name):
            continue  # a dateline ("ĐÀ LẠT - HOÀNG LAN") or where the reporter was, not a name
        if not is_person(name, site_names=site_names, labelled=labelled):
            return [], source
        if name not in names:
            names.append(name)
    return names, source


def _split(text: str) -> list[str]:
    return [p.strip() for p in _SPLIT.split(text) if p and p.strip()]


def clean_author_values(values: list[str], *, site_names: tuple[str, ...] = ()) -> list[str]:
    """Author strings from metadata or a byline element: split, role words off, people only."""
    return read_bylines(values, site_names=site_names)[0]


def read_bylines(values: list[str], *, site_names: tuple[str, ...] = ()) -> tuple[list[str], str | None]:
    """The people of several byline strings, and the first agency one of them names ("Theo
    TTXVN" in a byline element names no one but is the story's source)."""
    out: list[str] = []
    source = None
    for value in values:
        if not value or value.startswith(("http://", "https://", "/")):
            continue
        names, src = parse_byline(value, site_names=site_names)
        source = source or src
        for n in names:
            if n not in out:
                out.append(n)
    return out, source
