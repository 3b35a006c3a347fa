"""What a byline may hold that names no person: weekday phrases and time words, the places of
datelines, organisations, workplaces and news outlets. ``people`` reads bylines with these; they
are word lists and tests on one text each, so they live apart from the byline grammar.

Words are compared with their diacritics ("Thứ Ba" is a weekday, "Thu Ba" a woman's name) and
only as whole phrases ("Bảy", "Hai", "Năm" alone are given names).
"""

from __future__ import annotations

import re
import unicodedata

from crawler.sites import PROVINCES
from crawler.textnorm import clean_text, fold

# Organisation words, matched on lower-case text with diacritics ("báo" is a paper, "Bảo" a name).
_ORG_VI = re.compile(
    r"(?:^|\s)(?:báo|tạp chí|điện tử|truyền hình|phát thanh|đài|tòa soạn|toà soạn|ban biên tập|"
    r"cổng thông tin|thông tấn xã|trung tâm|công ty|sở|bộ|ubnd)(?:\s|$)"
)
_ORG_ASCII = re.compile(
    r"\b(?:online|news|vccorp|channel|corp|media|press|tv|radio)\b|\.(?:vn|com|net|org)\b"
)
# What only a news outlet is called (a paper, a broadcaster, an agency): "Trung tâm Y tế huyện" or
# "Sở Nông nghiệp" next to a name is where the writer works, not where the story was taken from.
_NEWS_VI = re.compile(
    r"(?:^|\s)(?:báo|tạp chí|điện tử|truyền hình|phát thanh|đài|tòa soạn|toà soạn|ban biên tập|"
    r"cổng thông tin|thông tấn xã)(?:\s|$)"
)
_AGENCIES = re.compile(
    r"\b(?:ttxvn|vna|afp|reuters|ap|bloomberg|cnn|bbc|xinhua|tass|sputnik|vov|vtv|vtc|vnexpress|"
    r"dan tri|tuoi tre|thanh nien|tien phong|nhan dan|vietnamplus|chinhphu|qdnd|cand|zing|znews|"
    r"lao dong|nguoi lao dong|cafef|vietnamnet|sggp|guardian|nikkei|yonhap|kyodo|nytimes|"
    r"washington post|wall street journal|ria novosti|al jazeera)\b|\bvietnam ?\+"
)


# Tone marks (grave, acute, tilde, hook above, dot below). Where a syllable carries its tone varies
# ("Hoà"/"Hòa", "Thuỷ"/"Thủy"): ``_key`` moves it to the end of the syllable.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_KEY_SPLIT = re.compile(r"[\s.,;:\-–—_/()|]+")


def _key(text: str) -> str:
    """Lower-case key that keeps diacritics ("thứ bảy" is not "thu bay", "huế" is not "huệ") but
    not the place of a tone mark, nor the punctuation between words ("TP.HCM" -> "tp hcm")."""
    words = _KEY_SPLIT.split(unicodedata.normalize("NFD", text.lower()))
    return " ".join(
        "".join(c for c in w if c not in _TONE_MARKS) + "".join(c for c in w if c in _TONE_MARKS)
        for w in words
        if w
    )


# Weekday phrases and time words: what a date line puts where a byline could stand. Only whole
# phrases: "Bảy", "Hai", "Năm", "Sáu" alone are given names.
_MONTH_WORDS = ("giêng", "hai", "ba", "tư", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
                "mười một", "mười hai", "chạp")  # fmt: skip
_TIME_WORDS = frozenset(
    _key(w)
    for w in (
        "thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "thứ bẩy", "chủ nhật", "cn",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "gmt", "utc", "ict", "am", "pm", "hôm nay", "hôm qua", "hôm kia", "sáng nay", "trưa nay",
        "chiều nay", "tối nay", "đêm nay", "sáng qua", "chiều qua", "tối qua", "đêm qua", "vừa xong",
        "mới đây", "mới cập nhật",
        # date labels: "ĐĂNG LÚC 10:00 ..." split before its clock leaves "ĐĂNG LÚC" (a bare
        # "Đăng" is a given name too: kept; "Đăng:" with its colon is refused by parse_byline)
        "đăng lúc", "đăng ngày", "ngày đăng", "đăng tải", "cập nhật", "cập nhật lúc",
        "ngày cập nhật", "xuất bản", "xuất bản lúc", "ngày xuất bản", "sửa lúc", "chỉnh sửa",
        "published", "updated", "posted", "last updated",
        # what stands alone before a time: "Lúc 15:20", "Ngày 05/12", "Sáng 05/12" (no one is
        # called so alone; "Minh Sáng" is a name, whole phrases only)
        "lúc", "vào lúc", "ngày", "vào ngày", "giờ", "sáng", "trưa", "chiều", "tối", "đêm", "khuya",
        *(f"tháng {m}" for m in _MONTH_WORDS),
    )
)  # fmt: skip
# The same weekday phrases and labels without diacritics: refused only in a text with no
# diacritics at all (there "Thu Ba" cannot be told from "Thứ Ba"; in a text with them it is a
# woman's name).
_ASCII_WEEKDAYS = frozenset(
    {"thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat", "chunhat",
     "dang luc", "ngay dang", "cap nhat", "cap nhat luc", "xuat ban", "sua luc"}
)  # fmt: skip

# Sections, media types and page tools a date line or a byline element shows where a name could
# stand ("Video | 05/12/2026", "THỜI SỰ 15:20", "Chia sẻ"): compared as whole phrases with their
# diacritics, so no given name is among them ("Thời Sự" is a section, no one is called so).
_SECTIONS = frozenset(
    _key(w)
    for w in (
        "video", "videos", "clip", "ảnh", "hình ảnh", "tin ảnh", "phóng sự ảnh", "photo", "photos",
        "podcast", "audio", "emagazine", "e-magazine", "magazine", "megastory", "longform",
        "long form", "infographic", "infographics", "multimedia", "interactive", "trực tuyến",
        "thời sự", "chính trị", "kinh tế", "xã hội", "văn hóa", "văn hoá", "giáo dục", "y tế",
        "sức khỏe", "sức khoẻ", "thể thao", "pháp luật", "quốc tế", "thế giới", "du lịch",
        "giải trí", "công nghệ", "khoa học", "đời sống", "nông nghiệp", "nông thôn", "nông thôn mới",
        "môi trường", "doanh nghiệp", "tài chính", "bất động sản", "an ninh", "quốc phòng",
        "an ninh trật tự", "quốc phòng an ninh", "xây dựng đảng", "dân tộc miền núi", "biển đảo",
        "giao thông", "thời tiết", "văn nghệ", "văn học", "nghệ thuật", "bạn đọc", "chuyên đề",
        "tiêu điểm", "sự kiện", "nổi bật", "tin tức", "tin mới", "tin nóng", "tin vắn",
        "tin trong tỉnh", "trong tỉnh", "trong nước", "địa phương", "phóng sự", "ký sự", "bút ký",
        "tản văn", "bình luận", "góc nhìn", "ý kiến", "diễn đàn", "hỏi đáp", "tư vấn", "nhịp sống",
        "chia sẻ", "bản in", "in bài", "lượt xem", "theo dõi", "nghe đọc", "nghe bài", "trang chủ",
        "home", "news", "blog",
        "đảng", "đoàn thể", "mặt trận", "chính quyền", "công đoàn", "phụ nữ", "nông dân",
        "cựu chiến binh", "quân sự", "công an", "đối ngoại", "hội nhập", "đầu tư", "thị trường",
        "chứng khoán", "ngân hàng", "giá cả", "tiêu dùng", "việc làm", "lao động việc làm",
        "an sinh xã hội", "chuyển đổi số", "cải cách hành chính", "khoa giáo", "gia đình",
        "ẩm thực", "âm nhạc", "điện ảnh", "sân khấu", "bóng đá", "học đường", "tuyển sinh",
        "nhà đất", "quy hoạch", "đô thị", "dân sinh", "điều tra", "nhân vật", "gương sáng",
        "người tốt việc tốt", "hoạt động", "thông báo", "thông cáo báo chí", "tin tổng hợp",
        "tin tức sự kiện", "sự kiện bình luận", "an toàn giao thông", "kiều bào", "biên giới",
    )
)  # fmt: skip


def is_section(text: str) -> bool:
    """A section, media type or page tool ("Video", "THỜI SỰ", "Tin ảnh", "Chia sẻ"), not a name."""
    return _key(clean_text(text).strip(" .,:;-–—|()[]•·")) in _SECTIONS


# Places of datelines: the 34 provinces and cities of 1 July 2025 (the registry's PROVINCES), the
# absorbed provinces, other names of the big cities, and the cities and towns datelines use. Left
# out on purpose: absorbed provinces that are common given names ("Hà Giang", "Hải Dương", "Thái
# Bình", "Hòa Bình", "Vĩnh Phúc", "Bình Dương", "Bình Định", "Quảng Bình", "Quảng Nam", "Hà Nam",
# "Long An", "Kiên Giang", "Bình Thuận", "Bình Phước", "Phú Yên"), and "Hoàng Sa"/"Trường Sa" (a
# byline "DUY DANH - HOÀNG SA" names two people).
_OTHER_PLACES = (
    # absorbed in 2025 (but see above) and the big cities' other names
    "Bà Rịa", "Vũng Tàu", "Bà Rịa Vũng Tàu", "BRVT", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bến Tre",
    "Hậu Giang", "Kon Tum", "Nam Định", "Ninh Thuận", "Sóc Trăng", "Tiền Giang", "Trà Vinh",
    "Yên Bái", "Đắk Nông", "Đắc Lắc", "Thừa Thiên Huế", "Thừa Thiên", "HCM", "TPHCM", "TP HCM",
    "Sài Gòn", "Thủ đô", "Hà Tây",
    # cities and towns of datelines
    "Đà Lạt", "Bảo Lộc", "Nha Trang", "Cam Ranh", "Phan Thiết", "Phan Rang", "Phan Rang Tháp Chàm",
    "Tuy Hòa", "Quy Nhơn", "Pleiku", "Buôn Ma Thuột", "Gia Nghĩa", "Hội An", "Tam Kỳ", "Đông Hà",
    "Đồng Hới", "Vinh", "Hạ Long", "Móng Cái", "Cẩm Phả", "Uông Bí", "Việt Trì", "Sa Pa", "Sapa",
    "Điện Biên Phủ", "Mộc Châu", "Biên Hòa", "Long Khánh", "Thủ Dầu Một", "Thủ Đức", "Dĩ An",
    "Thuận An", "Đồng Xoài", "Mỹ Tho", "Long Xuyên", "Châu Đốc", "Rạch Giá", "Phú Quốc", "Hà Tiên",
    "Cao Lãnh", "Sa Đéc", "Vị Thanh", "Tân An", "Phủ Lý", "Sơn Tây", "Hà Đông", "Sầm Sơn", "Cửa Lò",
    "Côn Đảo", "Lý Sơn", "Cát Bà", "Tây Nguyên", "Đồng bằng sông Cửu Long", "Miền Tây",
)  # fmt: skip
_PLACES = frozenset(_key(p) for p in (*PROVINCES, *_OTHER_PLACES))
_PLACE_PREFIXES = tuple(
    _key(w) + " " for w in ("tp", "thành phố", "tỉnh", "thị xã", "tx", "huyện", "xã", "phường", "đặc khu")
)
# Administrative units that no name starts with: "Huyện Đức Trọng", "Phường Xuân Hương", "Xã Lát",
# "Thôn Tân Lập" are places whatever follows ("TP" and "Tỉnh" only before a known place: see above).
_UNIT_PREFIXES = tuple(
    _key(w) + " "
    for w in ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "xã", "phường", "đặc khu", "thôn", "ấp",
              "buôn", "khu phố", "tổ dân phố")
)  # fmt: skip


# Those that no name holds either: "MINH THU Thứ Bảy" is a byline glued to a date line.
_TIME_INSIDE = tuple(
    f" {w} " for w in _TIME_WORDS if " " in w or w in {"gmt", "utc", "ict"} or w.endswith("day")
)
# A weekday phrase closing a byline ("MINH THU Thứ Bảy", "Hoàng Lan, Chủ nhật"): cut off.
_TRAILING_WEEKDAY = re.compile(
    r"[\s,;|–—-]+(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật|cn|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)[\s,;|–—-]*$",
    re.I,
)


# A date or time closing a byline ("MINH ĐỨC - 05/12/2026", "Thanh Tâm, Chủ nhật 06/12/2026 09:10
# (GMT+7)"): cut off. Only date and time shapes, never a bare number.
_TRAILING_DATE = re.compile(
    r"(?:^|[\s,;|–—(-]+)(?:(?:lúc|ngày|ngay|cập nhật|xuất bản|đăng lúc|ngày đăng)\s*:?\s*)?"
    r"(?:\d{1,2}[:h]\d{2}|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d{4}-\d{2}-\d{2}|"
    r"\(?\s*(?:GMT|UTC)\s*[+-]?\s*\d*\s*\)?)\)?\s*$",
    re.I,
)


def cut_trailing_time(text: str) -> str:
    """A byline without the weekday phrases, dates and times a date line glued to its end; empty
    when one word is all that is left before a date ("Đăng 12/3/2026", "Ngày 5/12": a label)."""
    dated = False
    while True:
        undated = _TRAILING_DATE.sub("", text)
        dated = dated or undated != text
        cut = _TRAILING_WEEKDAY.sub("", undated)
        if cut == text:
            break
        text = cut  # "MINH THU CN Thứ Hai 05/12/2026 09:10": all of them go
    return "" if dated and len(text.split()) < 2 else text


def is_time_word(text: str) -> bool:
    """A weekday phrase or time word ("Thứ Bảy", "CN", "Sunday", "GMT", "hôm qua"), or a text with
    one of them inside ("Minh Thu Thứ Bảy"), or a text without diacritics that ends with one
    ("MINH THU THU HAI"): not a name. "Bảy" or "Hai" alone are names."""
    key = _key(clean_text(text).strip(" .,:;-–—|()[]"))
    if key in _TIME_WORDS or any(w in f" {key} " for w in _TIME_INSIDE):
        return True
    if not text.isascii():
        return False
    words = fold(text).replace(".", " ").split()
    # "MINH THU THU HAI": without diacritics a closing "Thu Hai" is the weekday too
    return any(" ".join(words[i:]) in _ASCII_WEEKDAYS for i in range(max(0, len(words) - 3), len(words)))


def is_place(text: str) -> bool:
    """A province or city of a dateline ("ĐÀ LẠT", "TP.HCM", "Tỉnh Lâm Đồng"), not a name."""
    key = _key(clean_text(text).strip(" .,:;-–—|()[]"))
    if key in _PLACES:
        return True
    if key.startswith(_UNIT_PREFIXES):
        return True
    return any(key.startswith(p) and key[len(p) :] in _PLACES for p in _PLACE_PREFIXES)


def is_org(text: str) -> bool:
    return bool(_ORG_VI.search(text.lower()) or _ORG_ASCII.search(fold(text)))


def is_agency(text: str) -> bool:
    """A paper or news agency rather than a person ("TTXVN", "VnExpress", "Báo Nhân Dân")."""
    stripped = text.strip().replace(".", "").replace("/", "")
    if " " not in stripped and stripped.isupper() and 2 <= len(stripped) <= 10:
        return True
    return is_org(text) or bool(_AGENCIES.search(fold(text)))


def names_outlet(text: str) -> bool:
    """Named as a news outlet ("TTXVN", "Báo Tin tức", "Đài PT-TH Nghệ An"), not merely upper-case
    ("PV" after a name is a desk)."""
    folded = fold(text)
    return bool(_AGENCIES.search(folded) or _NEWS_VI.search(text.lower()) or _ORG_ASCII.search(folded))


def is_news_outlet(text: str) -> bool:
    """A paper, broadcaster or news agency ("TTXVN", "Báo Tin Tức", "VTV"): a source a story can
    be taken from, unlike an office, a company or a school."""
    stripped = text.strip().replace(".", "").replace("/", "")
    if " " not in stripped and stripped.isupper() and 2 <= len(stripped) <= 10:
        return True
    return names_outlet(text)


# Offices, associations and schools that follow a writer's name after a dash or a comma ("Lê Hà -
# Hội Phụ nữ xã Lát", "Trần An, Trường THCS Lát"). Words that start names too ("Trường Giang",
# "Đoàn Văn Hậu", "Ban Mai") count only with what makes them a place of work.
WORKPLACE = re.compile(
    r"(?:hội|liên đoàn|hợp tác xã|htx|bệnh viện|ubnd|ủy ban|uỷ ban|phòng|chi cục|cục|viện|công an|"
    r"đồn|trạm|bộ chỉ huy|ngân hàng|chi nhánh|kho bạc|văn phòng|hạt kiểm lâm|vườn quốc gia|"
    r"ban (?:quản lý|chỉ đạo|chỉ huy|tuyên giáo|dân vận|tổ chức|nội chính|thời sự|kinh tế|văn hóa)|"
    r"trường (?:thcs|thpt|th|tiểu học|mầm non|đại học|cao đẳng|trung cấp)|đoàn (?:thanh niên|tncs|xã|phường))"
    r"\s+\S",
    re.I,
)
