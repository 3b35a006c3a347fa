"""The dates a page shows next to its headline, and the bylines written into the same line.

A family's date selectors name the line where they know it; a "Cập nhật" line elsewhere is
paired with it, and where the family names none the scored search of ``datesearch`` finds it. A
family's date line may open with the byline ("DUY DANH - HOÀNG SA 19:27, 21/03/2024"), and a
date line near the title may open with one ("Minh Hùng - Thu Trang 15:20, 05/12/2026"):
the names are kept for the author finder, the agency ("THEO TTXVN 08:30, ...") for the credit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from crawler.extract import dates, datesearch, people
from crawler.extract.dom import HtmlElement, text_of
from crawler.extract.families import Family
from crawler.extract.record import FieldSource
from crawler.extract.regions import Regions
from crawler.extract.selectors import INDEX, select
from crawler.timeparse import DateRole, format_iso

# An update label anywhere in the source ("Cập nhật", "cập nhật", "CẬP NHẬT"), in its UTF-8 bytes.
_UPDATE_HINT = re.compile("ập nhật|ẬP NHẬT".encode())


@dataclass
class Shown:
    """Dates shown on the page, where each was read, and bylines found in a date line."""

    stamps: list[dates.Stamp] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    origins: dict[dates.Stamp, FieldSource | None] = field(default_factory=dict)
    authors_from: FieldSource | None = None  # where the first of ``authors`` was read
    source: str | None = None  # an agency a date line credits ("THEO TTXVN 08:30, ...")

    def origin_of(self, value: str) -> FieldSource | None:
        """Where the shown stamp with this ISO value was read."""
        for st in self.stamps:
            if format_iso(st.value) == value:
                return self.origins.get(st)
        return None

    def _byline(self, text: str, site_names: tuple[str, ...], origin: FieldSource) -> bool:
        names, source = people.parse_byline(text, site_names=site_names)
        self.source = self.source or source
        if names:
            self.authors.append(text)
            self.authors_from = self.authors_from or origin
        return bool(names)


def shown_dates(
    root: HtmlElement,
    family: Family,
    regions: Regions,
    site_names: tuple[str, ...],
    now: datetime,
    header: tuple[HtmlElement | None, HtmlElement | None, HtmlElement | None],
    origin: Callable[[FieldSource], FieldSource | None],
) -> Shown:
    """Every family date element, plus labelled ones from the header search (a "Cập nhật" line
    next to the family's date); the header search alone when the family has none. ``header`` is
    (title, first paragraph, body) and ``origin`` names whose selector a date element was."""
    found = Shown()
    seen: set[HtmlElement] = set()
    for css in family.date:
        for el in select(root, css):
            if el in seen or regions.in_related(el):
                continue
            seen.add(el)
            if family.split_date_line is not None:
                line = text_of(el)
                byline, date_text = family.split_date_line(line)
                by_family = FieldSource(f"family:{family.name}", "byline in the date line")
                if not (byline and found._byline(byline, site_names, by_family)):
                    date_text = line  # "Cập nhật lúc 20:47, ...": a label, not a byline
                new = dates.stamps_in(date_text, "visible", now)  # "Đăng: … Cập nhật: …": both
            else:
                new = dates.visible_from([el], now)
            for st in new:
                found.stamps.append(st)
                found.origins.setdefault(st, origin(FieldSource("selector", css)))
    has_update = any(s.role == DateRole.UPDATED for s in found.stamps)
    if found.stamps and (has_update or not _UPDATE_HINT.search(INDEX.get().raw)):
        return found  # no "Cập nhật" line elsewhere to pair with the family's date
    values = {s.value for s in found.stamps}
    had_stamps = bool(found.stamps)
    for st in datesearch.search_header(*header, regions, now):
        if had_stamps and (st.role is None or st.value in values):
            continue
        found.stamps.append(st)
        found.origins.setdefault(st, FieldSource("generic", "date near the title"))
        _date_line_byline(st.line or st.raw, found, site_names)
    return found


def _date_line_byline(line: str, found: Shown, site_names: tuple[str, ...]) -> None:
    """The byline a date line near the title holds (``people.date_line_names``): the names before
    its time ("Minh Hùng - Thu Trang 15:20, 05/12/2026", "Tác giả: Minh Hùng | ..."), or a
    labelled one after it. A section, a place or a day there ("Video", "THỜI SỰ", "Thứ Hai") is
    no name."""
    names, source = people.date_line_names(line, site_names=site_names)
    found.source = found.source or source
    if names:
        found.authors.extend(names)
        found.authors_from = found.authors_from or FieldSource("generic", "byline in the date line")
