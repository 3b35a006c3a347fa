"""Published and updated time of an article, and where they came from.

Evidence: metadata (JSON-LD, ``article:*``, ``itemprop``, ``meta.cms-date``), then the date the
page shows in its header (family selectors, else a scored search near the title that never looks
inside the body, related lists, sidebars, footers or other stories' cards). Merge rules:

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
from dataclasses import dataclass
from datetime import datetime, timedelta

from crawler.extract.dom import HtmlElement, class_id, text_content, text_of, text_upto
from crawler.extract.regions import Regions
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
_HINT_RE = re.compile(r"date|time|pub|ngay|gio|creat|post|meta|info|detail-?head|byline")
_MAX_TEXT = 160
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
    if not raw or len(raw) > _MAX_TEXT * 2:
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
    pieces = _labelled_pieces(text) if len(text) <= _MAX_TEXT * 2 else []
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
        short = bool(text) and len(text) <= _MAX_TEXT * 2
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
        if st is not None:
            out.append(st)
    return out


def split_date_line(text: str) -> tuple[str, str]:
    """What a date line holds before its first clock or date, and the rest: ("DUY DANH - HOÀNG
    SA", "19:27, 21/03/2024"), ("Tác giả: Minh Hùng", "05-12-2026 15h20"); ("", text) when the
    line opens with one."""
    starts = [m.start() for m in (_CLOCK_RE.search(text), _DATE_RE.search(text)) if m]
    cut = min(starts, default=0)
    if cut == 0:
        return "", text
    return text[:cut].strip(" -–|,"), text[cut:].strip()


def search_header(
    title: HtmlElement | None,
    text_start: HtmlElement | None,
    body: HtmlElement | None,
    regions: Regions,
    now: datetime,
) -> list[Stamp]:
    """Scored date candidates around the title, outside the body text and any related region.

    ``text_start`` is the first paragraph of the body: nothing from there to the end of ``body``
    is a candidate (a body mentions other days), but a generic container may hold the header too.
    """
    if title is None:
        if body is None:
            return []
        # No headline element (a <div class="tieude"> the title search did not take, the title
        # read from <title>): the date line is looked for around the text instead, before it.
        title = body
    container = _common_ancestor(title, body) if body is not None and body is not title else _up(title, 3)
    for _ in range(3):
        stamps = _candidates(container, title, text_start, body, regions, now)
        if stamps or container.getparent() is None:
            return stamps
        container = container.getparent()
    return []


def _up(el: HtmlElement, levels: int) -> HtmlElement:
    for _ in range(levels):
        parent = el.getparent()
        if parent is None or parent.tag == "body":
            break
        el = parent
    return el


def _common_ancestor(a: HtmlElement, b: HtmlElement) -> HtmlElement:
    chain = {id(a): a}
    node = a
    while node is not None:
        chain[id(node)] = node
        node = node.getparent()
    node = b
    while node is not None:
        if id(node) in chain:
            return node if node.tag not in ("html",) else _up(a, 3)
        node = node.getparent()
    return _up(a, 3)


def _candidates(
    container: HtmlElement,
    title: HtmlElement,
    text_start: HtmlElement | None,
    body: HtmlElement | None,
    regions: Regions,
    now: datetime,
) -> list[Stamp]:
    scored: list[tuple[float, int, Stamp]] = []
    title_pos = None
    body_start = body_end = None
    taken: list[HtmlElement] = []
    # Elements whose whole text is short and holds no date: their descendants' texts are pieces
    # of it, so hold none either (and need not be read: the walk is pre-order, parents first).
    dateless: set[HtmlElement] = set()
    for pos, el in enumerate(container.iter()):
        if el is title:
            title_pos = pos
        if el is body:
            body_end = pos + sum(1 for _ in body.iter()) - 1
        if el is text_start or (el is body and not _contains(body, title)):
            body_start = pos
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "head"):
            continue
        if body_start is not None and body_start <= pos <= (body_end or pos):
            continue
        if not (el.tag == "time" and el.get("datetime")):
            if el.getparent() in dateless:
                if len(el):
                    dateless.add(el)
                continue
            text = text_upto(el, _MAX_TEXT * 2)
            if text is None:
                continue
            if not _has_date(text):
                if len(el):
                    dateless.add(el)
                continue
        if any(t is el or _contains(t, el) for t in taken) or _contains(el, title):
            continue  # a descendant of an element already taken, or a wrapper of the title
        if regions.in_related(el) or _in_foreign_card(el, title) or _page_chrome(el, title):
            continue
        found = visible_from([el], now)
        if not found or _child_says_it(el, found[0], now):
            continue
        taken.append(el)
        scored.extend((_score(el, st), pos, st) for st in found)  # two with one line of two labels
    if not scored:
        return []
    tp = title_pos if title_pos is not None else 0
    after_body = body_end if body_end is not None else 10**9
    ranked = sorted(
        scored,
        key=lambda x: -(x[0] - abs(x[1] - tp) / 25 - (4 if x[1] > after_body else 0)),
    )
    return [st for _, _, st in ranked]


def _child_says_it(el: HtmlElement, st: Stamp, now: datetime) -> bool:
    """A child element alone gives the same instant: take the child, the smallest holder."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        text = text_upto(child, _MAX_TEXT * 2)
        if text and _has_date(text):
            sub = stamp(text, "visible", now)
            if sub is not None and sub.value == st.value and sub.has_time == st.has_time:
                return True
    return False


def _has_date(text: str) -> bool:
    """Whether a text shows a calendar date. Every ``_DATE_RE`` alternative needs a digit and most
    texts near a title (menus, headlines, captions) have none: the scan for a digit costs a tenth
    of the date search, which tries its month names at every position."""
    return _DIGIT_RE.search(text) is not None and _DATE_RE.search(text) is not None


def _contains(outer: HtmlElement, inner: HtmlElement) -> bool:
    node = inner.getparent()
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


# A box whose class or id says it shows the current date: the site header's clock ("Thứ Hai,
# 07/12/2026"), OneCMS's ``onecms__currentTime``.
_PAGE_CLOCK_RE = re.compile(
    r"today|current-?(?:date|time)|date-?now|now-?date|hom-?nay|ngay-?hien-?tai|clock"
)


def _page_chrome(el: HtmlElement, title: HtmlElement) -> bool:
    """In the site's chrome, not the article's header: a box named as today's date or clock, or
    a ``header`` element outside any ``article``/``main`` that does not hold the title (the
    masthead, with the day's date)."""
    node: HtmlElement | None = el
    masthead = False
    for _ in range(12):
        if node is None:
            break
        if node.tag in ("article", "main"):
            return False
        if node.tag == "header" and node is not title and not _contains(node, title):
            masthead = True
        ci = class_id(node)
        if ci and _PAGE_CLOCK_RE.search(ci):
            return True
        node = node.getparent()
    return masthead


def _in_foreign_card(el: HtmlElement, title: HtmlElement) -> bool:
    """Inside an ``li``/``article`` card that links elsewhere and is not the article itself."""
    node = el.getparent()
    depth = 0
    while node is not None and depth < 6:
        if node.tag in ("li", "article") and not _contains(node, title):
            # a story card has a headline link; an author link ("Thu Hà") is not one
            return any(len(text_content(a).strip()) >= 20 for a in node.iterfind(".//a[@href]"))
        node = node.getparent()
        depth += 1
    return False


def _score(el: HtmlElement, st: Stamp) -> float:
    score = 0.0
    if _HINT_RE.search(class_id(el)) or (
        el.getparent() is not None and _HINT_RE.search(class_id(el.getparent()))
    ):
        score += 3
    if st.has_time:
        score += 3
    if st.role is not None:
        score += 1
    if el.tag == "time":
        score += 1
    if len(st.raw) > 80:
        score -= 2
    return score


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


# How far the shown publication time may lie from the metadata's and still be this story's: a CMS
# stamps its metadata when the draft is created or saved (24h.com.vn, 2012: created 14:02, shown
# 03:04 the next morning), or writes local time with a UTC offset (seven hours off). A date
# further away is more likely something else on the page than this story's time.
_RESTAMPED = timedelta(days=2)


def _shown_otherwise(meta: Stamp, vis: Stamp) -> bool:
    """Whether the page shows another publication time than its exact metadata, near enough to be
    the same story's: then the shown one is the date, since it is what readers are told. A time
    that differs by seconds only (the page shows minutes) is the same; a time shown under an
    update label alone stays an update, never the publication."""
    return (
        vis.has_time
        and vis.role != DateRole.UPDATED
        and timedelta(minutes=1) <= abs(vis.value - meta.value) <= _RESTAMPED
    )
