"""A listing page as the backfill planner reads it: its items, each with the article id its URL
carries and the days the listing or the URL say it was published in. Kept apart from the planner
because the store keeps these pages (``Page.to_json``) so a killed backfill can go on."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a listing page: its URL, numeric article id (if the URL has one) and the
    days the listing or its URL say it was published in (``lo``..``hi``, inclusive)."""

    url: str
    key: int | None = None
    lo: date | None = None
    hi: date | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """What the planner keeps of one listing page. ``beyond``: past the end of the section (404,
    no articles, or a page served again under another number)."""

    number: int
    items: tuple[Item, ...] = ()
    beyond: bool = False
    next_url: str | None = None
    last: int | None = None  # the highest page number the pager links to
    read_at: float = 0.0  # when it was read (epoch seconds): pages of one snapshot compare by position

    def to_json(self) -> dict:
        return {
            "number": self.number,
            "items": [[i.url, i.key, _iso(i.lo), _iso(i.hi)] for i in self.items],
            "beyond": self.beyond,
            "next_url": self.next_url,
            "last": self.last,
            "read_at": self.read_at,
        }

    @classmethod
    def from_json(cls, data: dict) -> Page:
        items = tuple(Item(u, k, _day(lo), _day(hi)) for u, k, lo, hi in data.get("items", ()))
        return cls(
            number=int(data["number"]),
            items=items,
            beyond=bool(data.get("beyond")),
            next_url=data.get("next_url"),
            last=data.get("last"),
            read_at=float(data.get("read_at") or 0.0),
        )


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def same_items(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two pages list the same articles (a CMS serving page 1 for any number past the end)."""
    first, second = set(a), set(b)
    return bool(first) and first == second


def listed_page(
    number: int,
    items: Iterable[tuple[str, date | None]],
    *,
    key_of: Callable[[str], str | None],
    span_of: Callable[[str], tuple[date, date] | None],
    stored: Mapping[str, date] | None = None,
    next_url: str | None = None,
    last: int | None = None,
    read_at: float = 0.0,
) -> Page:
    """A listing page as the planner reads it: each item's numeric id (``key_of``: the id in its
    URL), the day shown beside it or known from the store, else the days its URL names
    (``span_of``). A page with no items is beyond (and so is one that lists exactly the items of
    another page: ``SectionPlan.add_page`` sees that)."""
    stored = stored or {}
    out = []
    for url, shown in items:
        raw = key_of(url)
        key = int(raw) if raw is not None and raw.isdigit() and len(raw) <= 18 else None
        day = stored.get(url) or shown
        if day is not None:
            out.append(Item(url, key, day, day))
            continue
        span = span_of(url)
        out.append(Item(url, key, *(span or (None, None))))
    return Page(number, tuple(out), beyond=not out, next_url=next_url, last=last, read_at=read_at)
