"""A CMS family: a declarative set of selectors, shared by every paper that runs that CMS.

Fields are tuples of CSS selectors tried in order; ``markers`` are substrings of the raw HTML
that identify the family on any domain (a fingerprint, not a site list). A family may add one
small hook; everything else is data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from crawler.extract.selectors import PageIndex

FIELDS = ("title", "lead", "body", "drop", "date", "author", "tags", "breadcrumb", "source")


@dataclass(frozen=True)
class Family:
    name: str
    markers: tuple[str, ...] = ()  # substrings of the page's class/id values; "#x" = exactly id x
    marker_res: tuple[re.Pattern[bytes], ...] = ()  # or regexes over the HTML source (UTF-8 bytes)
    title: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()  # boilerplate inside the body
    date: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    breadcrumb: tuple[str, ...] = ()
    source: tuple[str, ...] = ()  # the credit line naming where the story was taken from
    # Optional hook: split a date line into (byline text, date text), e.g. F3's
    # "DUY DANH - HOÀNG SA 19:27, 21/03/2024".
    split_date_line: Callable[[str], tuple[str, str]] | None = field(default=None, compare=False)

    def matches(self, index: PageIndex) -> bool:
        for m in self.markers:
            if (m[1:] in index.ids) if m.startswith("#") else (m in index.joined):
                return True
        return any(r.search(index.raw) for r in self.marker_res)

    def with_overrides(self, overrides: dict[str, tuple[str, ...]]) -> Family:
        """Site-registry selectors (``Site.selectors``) go first, the family's after them."""
        changes = {
            k: tuple(v) + getattr(self, k)
            for k, v in overrides.items()
            if k in FIELDS and isinstance(v, tuple | list)
        }
        return replace(self, **changes) if changes else self
