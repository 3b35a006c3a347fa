"""Bylines: who wrote the article and which agency it was taken from.

Vietnamese bylines mix role words ("Tin, ảnh:", "Bài và ảnh:"), upper-case names ("DUY NGUYỄN"),
initials ("P.Y", "K. Miên"), several people ("DUY DANH - HOÀNG SA") and agency credits
("Theo TTXVN", "(Theo VnExpress)"). ``parse_byline`` turns one such line into display names and a
source; ``is_person`` rejects what is a paper, a desk or a sentence.
"""

from __future__ import annotations

import re

from crawler.textnorm import clean_text, fold

# Words of role prefixes ("Tin, ảnh:", "Bài và ảnh:", "Đồ họa:", "Thực hiện:"), ASCII-folded.
# fmt: off
_ROLE_WORDS = frozenset({
    "tin", "bai", "anh", "video", "clip", "do", "hoa", "thuc", "hien", "phong", "vien", "pv", "nhom",
    "ctv", "btv", "bien", "tap", "trinh", "bay", "thiet", "ke", "noi", "dung", "the", "ky", "thuat",
    "phim", "quay", "loi", "tranh", "minh", "va", "ghi", "chep", "tac", "gia", "by", "infographic",
    "photo", "text", "design", "viet",
})
# fmt: on
_ROLE_PREFIX = re.compile(r"^\s*([^\W\d][^:]{0,30}?)\s*:\s*")
_SOURCE_RE = re.compile(
    r"^[\(\[]?\s*(?:theo|nguồn|nguon|source)\s*:?\s+(?P<src>[^()\[\]]{2,80}?)\s*[\)\]]?\s*\.?$", re.I
)
_TRAILING_SOURCE = re.compile(
    r"\s*(?:[-–—/|]\s*|\()\s*(?:theo|nguồn)\s*:?\s+(?P<src>[^()]{2,60}?)\)?\s*\.?$", re.I
)
_ROLE_SUFFIX = re.compile(
    r"\s*\((?:tổng hợp|lược dịch|biên dịch|dịch|ghi|thực hiện|tường thuật|ghi chép|tổng thuật)\)\s*$",
    re.I,
)
_NAME_THEN_SOURCE = re.compile(
    r"^(?:theo|nguồn)\s*:?\s+(?P<name>[^()]{2,40}?)\s*\((?P<src>[^()]{2,60})\)$", re.I
)
_SPLIT = re.compile(r"\s+[-–—]\s+|\s*[;/|+&]\s*|\s*,\s*|\s+và\s+|\s+and\s+|\n")
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
    }
)
# Organisation words, matched on lower-case text with diacritics ("báo" is a paper, "Bảo" a name).
_ORG_VI = re.compile(
    r"(?:^|\s)(?:báo|tạp chí|điện tử|truyền hình|phát thanh|đài|tòa soạn|toà soạn|ban biên tập|"
    r"cổng thông tin|thông tấn xã|trung tâm|công ty|sở|bộ|ubnd)(?:\s|$)"
)
_ORG_ASCII = re.compile(
    r"\b(?:online|news|vccorp|channel|corp|media|press|tv|radio)\b|\.(?:vn|com|net|org)\b"
)
_AGENCIES = re.compile(
    r"\b(?:ttxvn|vna|afp|reuters|ap|bloomberg|cnn|bbc|xinhua|tass|sputnik|vov|vtv|vtc|vnexpress|"
    r"dan tri|tuoi tre|thanh nien|tien phong|nhan dan|vietnamplus|chinhphu|qdnd|cand|zing|znews|"
    r"lao dong|nguoi lao dong|cafef|vietnamnet|sggp|guardian|nikkei|yonhap|kyodo|nytimes|"
    r"washington post|wall street journal|ria novosti|al jazeera)\b"
)


def _is_org(text: str) -> bool:
    return bool(_ORG_VI.search(text.lower()) or _ORG_ASCII.search(fold(text)))


def title_case(name: str) -> str:
    """``DUY NGUYỄN`` -> ``Duy Nguyễn``, ``Q.ANH`` -> ``Q.Anh``; initials (``P.Y``) and names
    already in mixed case are kept."""
    if any(c.islower() for c in name):
        return name
    return " ".join(".".join(part.capitalize() for part in w.split(".")) for w in name.split())


def _strip_roles(text: str) -> str:
    while True:
        m = _ROLE_PREFIX.match(text)
        if not m:
            return text
        words = fold(m.group(1)).replace(",", " ").replace("&", " ").replace("+", " ").split()
        if not words or not all(w in _ROLE_WORDS for w in words):
            return text
        text = text[m.end() :]


def is_person(name: str, *, site_names: tuple[str, ...] = ()) -> bool:
    """A plausible person's display name (not a paper, a desk, a URL or a sentence)."""
    if not name or len(name) > 40 or any(ch.isdigit() for ch in name):
        return False
    words = name.split()
    if not 1 <= len(words) <= 6:
        return False
    if not all(_WORD_OK.match(w) and w[0].isupper() for w in words):
        return False
    folded = fold(name)
    if folded in _NOT_NAMES or _is_org(name):
        return False
    return not any(folded and (folded in fold(s) or fold(s) in folded) for s in site_names if s)


def is_agency(text: str) -> bool:
    """A paper or news agency rather than a person ("TTXVN", "VnExpress", "Báo Nhân Dân")."""
    stripped = text.strip().replace(".", "").replace("/", "")
    if " " not in stripped and stripped.isupper() and 2 <= len(stripped) <= 10:
        return True
    return _is_org(text) or bool(_AGENCIES.search(fold(text)))


def is_desk(text: str) -> bool:
    """A byline that names no one: "Nhóm PV", "PV", "Nhóm phóng viên"."""
    return fold(clean_text(text)).strip(" .()") in _NOT_NAMES


def parse_byline(text: str, *, site_names: tuple[str, ...] = ()) -> tuple[list[str], str | None]:
    """Names and agency of one byline line; ([], None) when it is not a byline."""
    text = _ROLE_SUFFIX.sub("", clean_text(text)).strip(" .·•")
    if not text or len(text) > 120:
        return [], None
    m = _NAME_THEN_SOURCE.match(text)
    if m:
        names = [title_case(n) for n in _split(m.group("name"))]
        names = [n for n in names if is_person(n, site_names=site_names)]
        return names, m.group("src").strip()
    m = _SOURCE_RE.match(text)
    if m:
        src = m.group("src").strip(" .")
        if is_agency(src) or text[:1] in "([":
            return [], src
        names = [title_case(n) for n in _split(src) if is_person(title_case(n), site_names=site_names)]
        return names, None
    source = None
    m = _TRAILING_SOURCE.search(text)
    if m and m.start() > 0:
        source = m.group("src").strip(" .")
        text = text[: m.start()]
    text = text.strip("()[] ")
    names: list[str] = []
    for part in _split(_strip_roles(text)):
        name = title_case(_strip_roles(part).strip(" .,:-–"))
        if not name:
            continue
        if not is_person(name, site_names=site_names):
            return [], source
        if name not in names:
            names.append(name)
    return names, source


def _split(text: str) -> list[str]:
    return [p.strip() for p in _SPLIT.split(text) if p and p.strip()]


def clean_author_values(values: list[str], *, site_names: tuple[str, ...] = ()) -> list[str]:
    """Author strings from metadata or a byline element: split, role words off, people only."""
    out: list[str] = []
    for value in values:
        if not value or value.startswith(("http://", "https://", "/")) or "@" in value:
            continue
        names, _ = parse_byline(value, site_names=site_names)
        for n in names:
            if n not in out:
                out.append(n)
    return out
