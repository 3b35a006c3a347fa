"""Published and updated time of an article, and where they came from.

Evidence: metadata (JSON-LD, ``article:*``, ``itemprop``, ``meta.cms-date``), then the date the
page shows in its header (family selectors, else ``datesearch``: a scored search near the title that
never looks inside the body, related lists, sidebars, footers or other stories' cards). Merge rules:

* a metadata time with an explicit offset wins, unless the page shows another publication time
  within two days of it: the shown one is what readers are told (``_shown_otherwise``);
* a visible time of day beats a naive metadata time and a date-only metadata date of the same day
  (baocantho's JSON-LD says only ``2026-01-08``; ``span.pubdate`` says ``08/01/2026 - 18:21``);
* "Cập nhật" labels an update, "Đăng"/"Xuất bản" a publication; a lone time is the publication.

One element may hold both ("Đăng lúc: 10:00 02/01/2019 Cập nhật lúc: 11:30 02/01/2019", "Ngày
đăng: 02/01/2019 08:00 | Cập nhật: 03/01/2019 10:15", "Đăng: ... - Sửa: ..."): the line is cut at
each label and each piece read with its own role (``stamps_in``); a piece with only a clock takes
the date of the other ("Đăng lúc 08:00 - Cập nhật lúc 10:15 ngày 02/01/2019").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from crawler.extract import thresholds as th
from crawler.extract.dom import HtmlElement, class_id, text_of
from crawler.textnorm import clean_text
from crawler.timeparse import DateRole, date_role, format_iso, parse_date

# A calendar date in a text: "12/11/2025", "12-11-25", "2025-11-12", "12 tháng 11 năm 2025",
# "12 THÁNG MƯỜI MỘT, 2025", "November 12, 2025", "12 Nov 2025" (what the time parser reads).
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DATE_RE = re.compile(
    r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}|\d{4}-\d{2}-\d{2}"
    r"|(?i:\d{1,2}\s+tháng\s+[\w ]{1,12}?[\s,]*(?:năm\s+)?\d{4}"
    rf"|{_MONTH_NAME}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH_NAME},?\s+\d{{4}})"
)
_DIGIT_RE = re.compile(r"\d")
_OFFSET_RE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
MAX_TEXT = 160  # a date line is short: a longer text is a paragraph that mentions a date
# Date labels, matched on lower-case NFC text, with or without diacritics. "đăng" (posted) and
# "đang" (currently) differ only by a diacritic, and "sửa" is also "to repair": the bare ASCII
# "dang" and either "sửa"/"sua" count only right in front of a number.
_BEFORE_NUMBER = r"(?=\s*:?\s*(?:lúc|luc|ngày|ngay|vào|vao)?\s*:?\s*\d)"
_LABEL_RE = re.compile(
    r"(?<!\w)(?:(?P<updated>"
    r"(?:ngày |ngay |thời gian |thoi gian |lần |lan )?"
    r"(?:cập nhật|cap nhat|chỉnh sửa|chinh sua|hiệu chỉnh|hieu chinh|sửa đổi|sua doi)"
    r"(?: lần cuối| lan cuoi)?(?: lúc| luc| ngày| ngay| vào| vao)?"
    rf"|(?:sửa|sua)(?: lúc| luc| ngày| ngay| vào| vao)?{_BEFORE_NUMBER}"
    r"|last updated|last modified|updated(?: on| at)?|modified(?: on| at)?|edited(?: on| at)?"
    r")|(?P<published>"
    r"(?:ngày |thời gian )?(?:đăng tải|đăng|xuất bản|phát hành)(?: lúc| ngày| vào)?"
    r"|(?:ngay |thoi gian )?(?:dang tai|xuat ban|phat hanh)(?: luc| ngay| vao)?"
    rf"|ngay dang|dang (?:luc|ngay|vao)|dang{_BEFORE_NUMBER}"
    r"|ngày tạo|tạo lúc|date published|published(?: on| at)?|posted(?: on| at)?"
    r"))(?!\w)\s*:?"
)
_CLOCK_RE = re.compile(r"\d{1,2}\s*(?::|h|g|giờ)\s*\d{2}")
_SEPARATORS = " |-–—,;/·•"
_PIECE_STRIP = _SEPARATORS + "()[]"


@dataclass(frozen=True, slots=True)
class Stamp:
    value: datetime
    raw: str
    has_time: bool
    explicit_zone: bool
    role: DateRole | None
    source: str  # json-ld, article:published_time, ..., visible
    flags: frozenset[str]
    # The short line around the element the stamp was read from, when that element is only its
    # date ("<span>Minh Hùng</span> - <span>15:20 05/12/2026</span>"): where a byline may stand.
    line: str | None = None


@dataclass(slots=True)
class Dates:
    published_at: str | None
    updated_at: str | None
    date_raw: str | None
    flags: list[str]


def stamp(raw: str, source: str, now: datetime, label: str | None = None) -> Stamp | None:
    """Parse one raw value; None when unparseable, before 1990 or in the future. Of a line with
    two labelled times, the first one with its own role (``stamps_in`` gives them all)."""
    raw = raw.strip()
    if label is None and len(_labelled_pieces(raw)) >= 2:
        both = stamps_in(raw, source, now)
        if len(both) >= 2:
            return both[0]
    return _stamp_one(raw, source, now, label)


def _stamp_one(raw: str, source: str, now: datetime, label: str | None) -> Stamp | None:
    if not raw or len(raw) > MAX_TEXT * 2:
        return None
    parsed = parse_date(raw, now)
    if parsed is None or "in_future" in parsed.flags:
        return None
    if parsed.value.year < 1990 or parsed.value > now + timedelta(days=1):
        return None
    iso_like = raw[:4].isdigit() and raw[4:5] == "-"
    explicit = bool(_OFFSET_RE.search(raw.replace(" ", ""))) if iso_like else False
    role = label_role(label if label is not None else raw)
    return Stamp(parsed.value, raw, parsed.has_time, explicit, role, source, parsed.flags)


def label_role(text: str) -> DateRole | None:
    """The role of a date's label: its first label word ("Cập nhật", "Sửa:", "Đăng lúc", "Xuất
    bản"), with or without diacritics, in any case."""
    if not text:
        return None
    m = _LABEL_RE.search(clean_text(text).lower())
    if m is None:
        return date_role(text)
    return DateRole.UPDATED if m["updated"] else DateRole.PUBLISHED


def stamps_in(text: str, source: str, now: datetime) -> list[Stamp]:
    """Every labelled time of one line ("Ngày đăng: 02/01/2019 08:00 | Cập nhật: 03/01/2019
    10:15" gives two stamps, each with its role); the one stamp of a line with one label or none."""
    text = text.strip()
    pieces = _labelled_pieces(text) if len(text) <= MAX_TEXT * 2 else []
    if len(pieces) >= 2:
        out: list[Stamp] = []
        for i, (role, raw, value) in enumerate(pieces):
            st = _stamp_one(value, source, now, "")
            if st is None and _CLOCK_RE.search(value) and not _DATE_RE.search(value):
                # "Đăng lúc 08:00 - Cập nhật lúc 10:15 ngày 02/01/2019": the clock takes the
                # date of the nearest other piece that has one
                others = sorted(range(len(pieces)), key=lambda j: abs(j - i))
                day = next((m for j in others if (m := _DATE_RE.search(pieces[j][2]))), None)
                st = _stamp_one(f"{value} {day.group()}", source, now, "") if day else None
            if st is not None:
                out.append(Stamp(st.value, raw, st.has_time, st.explicit_zone, role, source, st.flags))
        if len(out) >= 2:
            return out
    st = _stamp_one(text, source, now, None)
    return [st] if st is not None else []


def _labelled_pieces(text: str) -> list[tuple[DateRole | None, str, str]]:
    """(role, labelled text, value text) for each labelled piece of a line with a time in it; a
    dated piece in front of the first label counts, unlabelled. Fewer than two: not cut."""
    clean = clean_text(text)
    low = clean.lower()
    if len(low) != len(clean):  # a character whose lower case is longer: positions would shift
        return []
    labels = list(_LABEL_RE.finditer(low))
    if not labels:
        return []
    pieces: list[tuple[DateRole | None, str, str]] = []
    head = clean[: labels[0].start()].strip(_PIECE_STRIP)
    if any(ch.isdigit() for ch in head):
        pieces.append((None, _raw_piece(clean[: labels[0].start()]), head))
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(clean)
        value = clean[m.end() : end].strip(_PIECE_STRIP)
        if not any(ch.isdigit() for ch in value):
            continue  # "Đăng bởi Minh Thu": a label without a time
        role = DateRole.UPDATED if m["updated"] else DateRole.PUBLISHED
        pieces.append((role, _raw_piece(clean[m.start() : end]), value))
    return pieces


def _raw_piece(text: str) -> str:
    """A piece as shown, without the separators around it, nor a bracket left unpaired by the cut."""
    text = text.rstrip("([" + _SEPARATORS).lstrip(")]" + _SEPARATORS)
    opened, closed = text.count("(") + text.count("["), text.count(")") + text.count("]")
    if text.endswith((")", "]")) and closed > opened:
        text = text[:-1].rstrip(_SEPARATORS)
    elif text.startswith(("(", "[")) and opened > closed:
        text = text[1:].lstrip(_SEPARATORS)
    return text


def from_metadata(pairs: list[tuple[str, str]], now: datetime) -> Stamp | None:
    for raw, source in pairs:
        if raw.strip().isdigit():  # epoch values: too ambiguous (ms or s, which zone)
            continue
        st = stamp(raw, source, now, label="")
        if st is not None:
            return st
    return None


def visible_from(elements: list[HtmlElement], now: datetime) -> list[Stamp]:
    """Stamps from elements a family selector points at (text, or a ``datetime`` attribute)."""
    out = []
    for el in elements:
        text = text_of(el)
        short = bool(text) and len(text) <= MAX_TEXT * 2
        labelled = short and _LABEL_RE.search(text.lower()) is not None
        found = stamps_in(text, "visible", now) if labelled else []
        if len(found) >= 2:  # "Đăng: ... | Cập nhật: ...": each with its role
            out.extend(found)
            continue
        attr = el.get("datetime") or (el.get("content") if el.tag == "meta" else None)
        st = None
        if attr:
            st = stamp(attr, "visible", now, label=text)
            if st is not None and text and _DATE_RE.search(text):
                st = Stamp(st.value, text, st.has_time, st.explicit_zone, st.role, st.source, st.flags)
        if st is None and short:
            found = found if labelled else stamps_in(text, "visible", now)
            st = found[0] if found else None
        if st is not None and st.role is None:
            role = _class_role(class_id(el))  # WordPress: <time class="updated" datetime=...>
            st = replace(st, role=role) if role is not None else st
        if st is not None:
            out.append(st)
    return out


# The role a date element's class names, when its text has no label: WordPress themes write
# <time class="entry-date published"> and <time class="updated"> (both on one element before any
# edit: then it is the publication).
_PUBLISHED_CLASS = re.compile(r"(?:^|[\s_-])(?:published|date-?published|pubdate|publish-?date)(?:$|[\s_-])")
_UPDATED_CLASS = re.compile(r"(?:^|[\s_-])(?:updated|modified|date-?modified|update-?time)(?:$|[\s_-])")


def _class_role(ci: str) -> DateRole | None:
    if not ci:
        return None
    if _PUBLISHED_CLASS.search(ci):
        return DateRole.PUBLISHED
    return DateRole.UPDATED if _UPDATED_CLASS.search(ci) else None


def split_date_line(text: str) -> tuple[str, str]:
    """What a date line holds before its first clock or date, and the rest: ("DUY DANH - HOÀNG
    SA", "19:27, 21/03/2024"), ("Tác giả: Minh Hùng", "05-12-2026 15h20"); ("", text) when the
    line opens with one."""
    starts = [m.start() for m in (_CLOCK_RE.search(text), _DATE_RE.search(text)) if m]
    cut = min(starts, default=0)
    if cut == 0:
        return "", text
    return text[:cut].strip(" -–|,"), text[cut:].strip()


def has_date(text: str) -> bool:
    """Whether a text shows a calendar date. Every ``_DATE_RE`` alternative needs a digit and most
    texts near a title (menus, headlines, captions) have none: the scan for a digit costs a tenth
    of the date search, which tries its month names at every position."""
    return _DIGIT_RE.search(text) is not None and _DATE_RE.search(text) is not None


def merge(meta_pub: Stamp | None, meta_mod: Stamp | None, visible: list[Stamp]) -> Dates:
    """The published/updated decision (see module docstring)."""
    flags: list[str] = []
    vis_pub = next((s for s in visible if s.role == DateRole.PUBLISHED), None)
    vis_upd = next((s for s in visible if s.role == DateRole.UPDATED), None)
    if vis_pub is None and visible:
        vis_pub = next((s for s in visible if s.role is None), None)
        if vis_pub is None:  # only "Cập nhật ..." on the page: the one time shown is the publication,
            vis_pub = vis_upd  # unless the metadata's exact time is (then it is the update it says)
    published = _pick_published(meta_pub, vis_pub)
    if published is None:
        return Dates(None, None, None, ["no_published_date"])
    if not published.has_time:
        flags.append("date_without_time")
    if "weekday_mismatch" in published.flags:
        flags.append("weekday_mismatch")
    updated = None
    for cand in (meta_mod, vis_upd):
        if cand is not None and cand.value > published.value and cand.has_time:
            updated = cand
            break
    return Dates(
        format_iso(published.value),
        format_iso(updated.value) if updated else None,
        clean_text(published.raw),
        flags,
    )


def _pick_published(meta: Stamp | None, vis: Stamp | None) -> Stamp | None:
    if meta is None or vis is None:
        return meta or vis
    if meta.has_time and meta.explicit_zone:
        return vis if _shown_otherwise(meta, vis) else meta
    if vis.has_time and (meta.value.date() == vis.value.date() or meta.has_time):
        return vis
    return meta


def _shown_otherwise(meta: Stamp, vis: Stamp) -> bool:
    """Whether the page shows another publication time than its exact metadata, near enough to be
    the same story's: then the shown one is the date, since it is what readers are told. A time
    that differs by seconds only (the page shows minutes) is the same; a time shown under an
    update label alone stays an update, never the publication."""
    return (
        vis.has_time
        and vis.role != DateRole.UPDATED
        and timedelta(minutes=1) <= abs(vis.value - meta.value) <= th.RESTAMPED
    )
