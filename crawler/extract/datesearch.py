"""The date line near the headline, found by a scored search where no family selector names it.

Every element around the title whose short text shows a date is a candidate, except what is
inside the body text (a body mentions other days), in a related list or another story's card, or
in the site's chrome (the masthead's clock, "today's date" boxes). Candidates are ranked by
what their markup says (a class naming a date or time), a time of day, a label, and their
distance from the headline.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from crawler.extract.dates import MAX_TEXT, Stamp, has_date, stamp, visible_from
from crawler.extract.dom import HtmlElement, class_id, text_content, text_upto
from crawler.extract.regions import Regions

_HINT_RE = re.compile(r"date|time|pub|ngay|gio|creat|post|meta|info|detail-?head|byline")


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
    lines: dict[HtmlElement, str] = {}  # an element that alone says a date -> the line around it
    title_end = -1
    for pos, el in enumerate(container.iter()):
        if el is title:
            title_pos = pos
            title_end = pos + sum(1 for _ in title.iter()) - 1 if title is not body else pos
        if el is body:
            body_end = pos + sum(1 for _ in body.iter()) - 1
        if el is text_start or (el is body and body is not title and not _contains(body, title)):
            body_start = pos
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "head", "title"):
            continue
        if body_start is not None and body_start <= pos <= (body_end or pos):
            continue
        if title_pos is not None and pos <= title_end:
            continue  # the headline itself: "Hội nghị ngày 5/12/2026 ..." names an event's day
        if not (el.tag == "time" and el.get("datetime")):
            if el.getparent() in dateless:
                if len(el):
                    dateless.add(el)
                continue
            text = text_upto(el, MAX_TEXT * 2)
            if text is None:
                continue
            if not has_date(text):
                if len(el):
                    dateless.add(el)
                continue
        if any(t is el or _contains(t, el) for t in taken) or _contains(el, title):
            continue  # a descendant of an element already taken, or a wrapper of the title
        if regions.in_related(el) or _in_foreign_card(el, title) or _page_chrome(el, title):
            continue
        found = visible_from([el], now)
        if not found:
            continue
        # a line of two labelled times ("Đăng lúc <span>…</span> | Cập nhật <span>…</span>") is
        # read whole: each child alone has its time without the label that gives its role
        child = _child_says_it(el, found[0], now) if len(found) == 1 else None
        if child is not None:
            lines[child] = lines.get(el, found[0].raw)  # the whole line, for a byline beside the date
            continue
        if el in lines:
            found = [replace(st, line=lines[el]) for st in found]
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


def _child_says_it(el: HtmlElement, st: Stamp, now: datetime) -> HtmlElement | None:
    """A child element that alone gives the same instant: take the child, the smallest holder."""
    for child in el:
        if not isinstance(child.tag, str):
            continue
        text = text_upto(child, MAX_TEXT * 2)
        if text and has_date(text):
            sub = stamp(text, "visible", now)
            if sub is not None and sub.value == st.value and sub.has_time == st.has_time:
                return child
    return None


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
