"""Where a date range lies in a section listing, found by asking the server as little as possible.

A backfill (``-a since= -a until=``) of a paper that publishes only through section listings must
find, among hundreds or thousands of listing pages, the few that hold the range, and among their
items the articles of the range, without downloading the years in between. Listings are newest
first, so "page ``p`` already reaches back to ``until``" is monotone in ``p``: with numbered pages
the first such page is found by galloping (1, 2, 4, ...) and bisection, then the range is walked
page by page until its oldest item is older than ``since``. With next-link-only pagination there
is nothing to bisect, so pages are walked from the top, but only their oldest item is asked for
until the range begins.

What dates a listing item, strongest first: the day learned for it (an article fetched as a
*probe*, or the store's ``published_at``), the day the listing shows beside it, the day or month in
its URL, its position (papers list newest first: an item lies between the days of the items
around it, on its page, and across pages read in this run), and, where article ids grow with time,
its id (between the days of the nearest ids whose days are known; ``MODEL_SLACK`` wide, because a
draft can get its id days before it is published). An item whose days may meet the range is
fetched; one that certainly misses it is not; an uncertain one at the range's edge is settled by
probing the middle of the uncertain run, so a boundary costs a few probes, not a page of articles.

This module is pure: the spider feeds it pages and learned days and turns its ``Steps`` into
requests. Its state is the pages it was given, so it can be rebuilt from the state store after a
kill (``Page.to_json``) and go on where it stopped.
"""

from __future__ import annotations

import bisect
import enum
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .pages import Item, Page, same_items

# How far a day inferred from article ids may be off: ids are given when a draft is saved.
MODEL_SLACK = timedelta(days=2)
# Pages read more than this many seconds apart are not compared by position: the listing shifts
# as new articles arrive (a day's articles push every item down), ids and dates do not.
SNAPSHOT_SECONDS = 3600.0
# Probes that fail (404, not an article) before a page is taken as reaching the range anyway.
MAX_FAILED_PROBES = 3
MAX_PAGE = 1_000_000  # no CMS numbers pages beyond this; a guard against a runaway gallop
# Next-link-only listings: pages read between two probes at most, once far from the range.
MAX_GAP = 8
# Pages looked at on each side for a day that bounds an item by position (a farther one bounds
# it less tightly, and looking further would make each step cost the whole walk).
NEIGHBOURS = 4


class Phase(enum.StrEnum):
    SEARCH = "search"  # finding the first page that reaches back to ``until``
    WALK = "walk"  # reading the pages of the range
    DONE = "done"


@dataclass(frozen=True)
class Steps:
    """What to ask for next. ``page``: the listing page to fetch (one at a time); ``probe``: an
    article to fetch for its date before going on; ``articles``: article URLs of the range, to
    fetch now (the caller de-duplicates across calls)."""

    phase: Phase
    page: int | None = None
    probe: str | None = None
    articles: tuple[str, ...] = ()


@dataclass
class _Known:
    """Days learned for items (probes, the store): ``None`` for a probe that could not date it."""

    days: dict[str, date | None] = field(default_factory=dict)


class SectionPlan:
    """The backfill of one section listing for the days ``since``..``until`` (either may be None).

    ``numbered``: pages can be asked for by number (a pager or a registry template); otherwise
    page ``n + 1`` is only reachable through page ``n``'s next link.
    """

    def __init__(self, since: date | None, until: date | None, *, numbered: bool) -> None:
        self.since = since
        self.until = until
        self.numbered = numbered
        self.pages: dict[int, Page] = {}
        self._numbers: list[int] = []  # sorted keys of ``pages``
        self._known = _Known()
        self._failed: dict[int, int] = {}  # page -> failed probes on it
        self._ids: list[tuple[int, date]] = []  # (article id, day): the id model, sorted
        self._id_pairs = [0, 0]  # adjacent ids on pages: [descending, ascending]
        self._where: dict[str, int] = {}  # item URL -> its page
        self._first: int | None = None  # the first page that reaches ``until``, once found
        self._cursor: int | None = None  # the walk goes on from here: pages above are settled
        self._finished = False

    # --- input ------------------------------------------------------------------------------

    def add_page(self, page: Page) -> None:
        """A listing page read. One that lists exactly the items of another page already read is
        beyond the end: CMSs serve page 1, or the last page, for any number past it."""
        if not page.beyond and page.items:
            urls = [i.url for i in page.items]
            if any(
                other.number != page.number
                and len(other.items) == len(page.items)  # walked pages keep one item: cheap to pass
                and same_items(urls, (i.url for i in other.items))
                for other in self.pages.values()
            ):
                page = Page(page.number, beyond=True, next_url=None, last=page.last, read_at=page.read_at)
        if page.number not in self.pages:
            bisect.insort(self._numbers, page.number)
        else:
            self._forget_pairs(self.pages[page.number])
        self.pages[page.number] = page
        for item in page.items:
            self._where.setdefault(item.url, page.number)
        keys = [i.key for i in page.items if i.key is not None]
        for a, b in itertools.pairwise(keys):
            self._id_pairs[0 if a > b else 1] += a != b
        for item in page.items:
            if item.lo is not None and item.lo == item.hi:
                self._add_point(item, item.lo)

    def _forget_pairs(self, page: Page) -> None:
        keys = [i.key for i in page.items if i.key is not None]
        for a, b in itertools.pairwise(keys):
            self._id_pairs[0 if a > b else 1] -= a != b

    def learn(self, url: str, day: date | None) -> None:
        """The day an item was published (a fetched article), or None: it could not be dated."""
        if self._known.days.get(url) is not None:
            return
        self._known.days[url] = day
        number = self._where.get(url)
        if number is None:
            return
        if day is None:
            self._failed[number] = self._failed.get(number, 0) + 1
            return
        for item in self.pages[number].items:
            if item.url == url:
                self._add_point(item, day)
                return

    def _add_point(self, item: Item, day: date) -> None:
        if item.key is not None:
            bisect.insort(self._ids, (item.key, day))

    # --- dating items -----------------------------------------------------------------------

    @property
    def ids_grow_with_time(self) -> bool:
        """Whether ids on the pages read so far fall as the list goes back (9 pairs in 10)."""
        down, up = self._id_pairs
        return down >= 3 and down >= 9 * up

    def span(self, number: int, index: int) -> tuple[date | None, date | None]:
        """The days item ``index`` of page ``number`` may have been published in."""
        page = self.pages[number]
        item = page.items[index]
        day = self._known.days.get(item.url)
        if day is not None:
            return day, day
        lo, hi = item.lo, item.hi
        if lo is not None and lo == hi:
            return lo, hi
        # Position on the page, then on the neighbouring pages of the same snapshot. An item listed
        # twice on a page is pinned in one of its places: neither place says anything by position.
        twice = _listed_twice(page.items)
        newer = self._first_exact(i for i in reversed(page.items[:index]) if i.url not in twice)
        older = self._first_exact(i for i in page.items[index + 1 :] if i.url not in twice)
        hi = _min(hi, newer if newer else self._neighbour_day(number, page.read_at, above=True))
        lo = _max(lo, older if older else self._neighbour_day(number, page.read_at, above=False))
        if item.key is not None and self.ids_grow_with_time and self._ids:
            at = bisect.bisect_left(self._ids, (item.key, date.min))
            if at < len(self._ids) and self._ids[at][0] == item.key:
                return self._ids[at][1], self._ids[at][1]
            if at > 0:
                lo = _max(lo, self._ids[at - 1][1] - MODEL_SLACK)
            if at < len(self._ids):
                hi = _min(hi, self._ids[at][1] + MODEL_SLACK)
        if lo is not None and hi is not None and lo > hi:
            return item.lo, item.hi  # the hints disagree (a pinned item, a late draft): trust none
        return lo, hi

    def _first_exact(self, items: Iterable[Item]) -> date | None:
        return next((d for item in items if (d := self._exact(item)) is not None), None)

    def _exact(self, item: Item) -> date | None:
        day = self._known.days.get(item.url)
        if day is not None:
            return day
        return item.lo if item.lo is not None and item.lo == item.hi else None

    def _neighbour_day(self, number: int, read_at: float, *, above: bool) -> date | None:
        """The nearest known day on the pages above (newer) or below (older) ``number`` that were
        read in the same snapshot: the lowest day of the page above, the highest of the page below."""
        at = bisect.bisect_left(self._numbers, number)
        others = (
            self._numbers[max(0, at - NEIGHBOURS) : at][::-1]
            if above
            else self._numbers[at + 1 : at + 1 + NEIGHBOURS]
        )
        for other in others:
            page = self.pages[other]
            if page.beyond or abs(page.read_at - read_at) > SNAPSHOT_SECONDS:
                continue
            d = self._first_exact(reversed(page.items) if above else page.items)
            if d is not None:
                return d
        return None

    def _in_range(self, lo: date | None, hi: date | None) -> bool | None:
        """True: within since..until; False: certainly outside; None: cannot tell yet."""
        if (self.until is not None and lo is not None and lo > self.until) or (
            self.since is not None and hi is not None and hi < self.since
        ):
            return False
        lo_ok = self.since is None or (lo is not None and lo >= self.since)
        hi_ok = self.until is None or (hi is not None and hi <= self.until)
        return True if lo_ok and hi_ok else None

    # --- page verdicts ----------------------------------------------------------------------

    def _reaches(self, number: int) -> bool | None:
        """Whether page ``number`` reaches back to ``until`` (its oldest item is not newer than
        ``until``); None: its oldest item must be probed first."""
        page = self.pages[number]
        if page.beyond or not page.items or self.until is None:
            return True
        if self._gave_up(number):
            return True
        lo, hi = self.span(number, len(page.items) - 1)
        if lo is not None and lo > self.until:
            return False
        if hi is not None and hi <= self.until:
            return True
        return None

    def _goes_on(self, number: int) -> bool | None:
        """Whether the range may go on past page ``number`` (its oldest item is not older than
        ``since``); None: probe first."""
        page = self.pages[number]
        if page.beyond or not page.items:
            return False
        if self.since is None or self._gave_up(number):
            return True
        lo, hi = self.span(number, len(page.items) - 1)
        if hi is not None and hi < self.since:
            return False
        if lo is not None and lo >= self.since:
            return True
        return None

    def _gave_up(self, number: int) -> bool:
        """Probes of page ``number`` failed ``MAX_FAILED_PROBES`` times, or no item of it is left
        to try: it is taken as reaching the range (walked, not skipped: nothing is lost, a little
        is spent)."""
        return self._failed.get(number, 0) >= MAX_FAILED_PROBES or self._oldest_probe(number) is None

    def _probe_target(self, number: int, indexes: Sequence[int]) -> str | None:
        """The item to fetch next to settle ``indexes`` of page ``number``: the middle one not
        yet tried (its day bounds the others by position)."""
        page = self.pages[number]
        untried = [i for i in indexes if page.items[i].url not in self._known.days]
        if not untried:
            return None
        return page.items[untried[len(untried) // 2]].url

    def _oldest_probe(self, number: int) -> str | None:
        page = self.pages[number]
        for item in reversed(page.items):
            if item.url not in self._known.days:
                return item.url
        return None

    # --- the plan ---------------------------------------------------------------------------

    def first_page(self) -> tuple[int, int | None]:
        """``(last page known not to reach until, first page known to reach it)``."""
        if self._first is not None:
            return self._first - 1, self._first
        lo, hi = 0, None
        for number in self._numbers:
            reached = self._reaches(number)
            if reached is False:
                lo = max(lo, number)
        for number in self._numbers:
            if number > lo and self._reaches(number) is True:
                hi = number
                break
        if hi is not None and hi == lo + 1:
            self._first = hi  # pages are only added below it from now on: settled for good
        return lo, hi

    @property
    def finished(self) -> bool:
        return self._finished

    def steps(self) -> Steps:
        """What to ask for next, from everything learned so far."""
        lo, hi = self.first_page()
        steps = self._search(lo, hi) if hi is None or hi > lo + 1 else self._walk(hi)
        self._finished = steps.phase is Phase.DONE
        return steps

    def _search(self, lo: int, hi: int | None) -> Steps:
        unsettled = [
            n for n in self._numbers if n > lo and (hi is None or n < hi) and self._reaches(n) is None
        ]
        if not self.numbered:
            return self._search_by_next_links(lo, hi, unsettled)
        # An unsettled page between the bounds is settled before any other page is fetched.
        for number in unsettled:
            probe = self._oldest_probe(number)
            if probe is not None:
                return Steps(Phase.SEARCH, probe=probe)
        if hi is None:
            last = max((p.last or 0 for p in self.pages.values()), default=0)
            target = 1 if lo == 0 else max(2 * lo, last if last > lo else 0)
            if target in self.pages:  # the pager's last page was read and does not reach: gallop
                target = 2 * lo
        else:
            target = (lo + hi) // 2
        if target > MAX_PAGE:
            return Steps(Phase.DONE)
        return Steps(Phase.SEARCH, page=target)

    def _search_by_next_links(self, lo: int, hi: int | None, unsettled: list[int]) -> Steps:
        """Walk down the next links, but probe only every few pages (1, 2, 4, then every
        ``MAX_GAP``): a page whose oldest item is still newer than ``until`` settles every page
        above it. Once a probed page reaches the range, the pages read since are bisected by probes."""
        if hi is not None and unsettled:
            probe = self._oldest_probe(unsettled[len(unsettled) // 2])
            if probe is not None:
                return Steps(Phase.SEARCH, probe=probe)
        last = self._numbers[-1] if self._numbers else 0
        page = self.pages.get(last)
        more = page is not None and page.next_url and not page.beyond
        gap = min(MAX_GAP, 1 << min(len(self._known.days), 3))
        if last in unsettled and (last - lo >= gap or not more):
            probe = self._oldest_probe(last)
            if probe is not None:
                return Steps(Phase.SEARCH, probe=probe)
        if last and not more:
            return Steps(Phase.DONE)  # the chain of next links ends before the range
        return Steps(Phase.SEARCH, page=last + 1)

    def _walk(self, first: int) -> Steps:
        articles: list[str] = []
        number = self._cursor or first
        while True:
            page = self.pages.get(number)
            if page is None:
                if not self.numbered and (
                    number - 1 not in self.pages or not self.pages[number - 1].next_url
                ):
                    return Steps(Phase.DONE, articles=tuple(articles))
                return Steps(Phase.WALK, page=number, articles=tuple(articles))
            if page.beyond or not page.items:
                return Steps(Phase.DONE, articles=tuple(articles))
            verdicts = [self._in_range(*self.span(number, i)) for i in range(len(page.items))]
            articles.extend(page.items[i].url for i, v in enumerate(verdicts) if v is True)
            unsure = [i for i, v in enumerate(verdicts) if v is None]
            if unsure:
                probe = self._probe_target(number, unsure)
                if probe is not None:
                    return Steps(Phase.WALK, probe=probe, articles=tuple(articles))
                articles.extend(page.items[i].url for i in unsure)  # probes failed: fetch them all
            more = self._goes_on(number)
            if more is None:
                # Unsure items left are fetched above (probing them failed): go on, never probe them.
                probe = None if unsure else self._oldest_probe(number)
                if probe is not None:
                    return Steps(Phase.WALK, probe=probe, articles=tuple(articles))
                more = True
            if not more:
                return Steps(Phase.DONE, articles=tuple(articles))
            number += 1
            self._cursor = number  # this page is settled: later calls start below it
            self._compact(number - 3)

    @property
    def items_held(self) -> int:
        """Listing items the plan holds in memory (walked pages keep one each)."""
        return sum(len(p.items) for p in self.pages.values())

    def _compact(self, number: int) -> None:
        """Keep of a walked page only what dates the pages below it: its oldest item with a known
        day. A backfill of years walks thousands of pages; the plan's memory must not grow with
        them (the store keeps every page for a resume)."""
        page = self.pages.get(number)
        if page is None or len(page.items) <= 1:
            return
        kept = next((i for i in reversed(page.items) if self._exact(i) is not None), None)
        for item in page.items:
            if item is kept:
                continue
            self._where.pop(item.url, None)
            day = self._known.days.get(item.url)  # kept: probes are few, and an item listed twice
            # (pinned on page 1 and in its place below) must not be probed again
            if item.key is not None:
                for point in {(item.key, d) for d in (day, item.lo if item.lo == item.hi else None) if d}:
                    at = bisect.bisect_left(self._ids, point)
                    if at < len(self._ids) and self._ids[at] == point:
                        del self._ids[at]
        if kept is not None:
            day = self._exact(kept)
            kept = Item(kept.url, kept.key, day, day)
        self._forget_pairs(page)
        self.pages[number] = Page(
            number, (kept,) if kept else (), page.beyond, page.next_url, page.last, page.read_at
        )

    # --- what was covered -------------------------------------------------------------------

    def reached_day(self) -> date | None:
        """The oldest day the walk has read down to (for progress and the manifest)."""
        if self._first is None:
            return None
        number = (self._cursor or self._first + 1) - 1
        page = self.pages.get(number)
        if page is None or page.beyond or not page.items:
            return None
        return self.span(number, len(page.items) - 1)[0]


def _min(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else min(a, b)


def _max(a: date | None, b: date | None) -> date | None:
    return b if a is None else a if b is None else max(a, b)


def _listed_twice(items: Sequence[Item]) -> frozenset[str]:
    seen: set[str] = set()
    twice = {item.url for item in items if item.url in seen or seen.add(item.url)}
    return frozenset(twice)
