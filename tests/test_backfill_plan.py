"""The backfill planner against simulated section listings: it must find every article of the
range, and ask for about 2*log2(pages) listing pages plus the pages of the range, and for the
range's articles plus a few probes."""

from __future__ import annotations

import json
import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crawler.discovery.backfill import Phase, SectionPlan
from crawler.discovery.pages import Item, Page
from crawler.discovery.pagination import Pager
from crawler.discovery.sections import Backfill

START = date(2019, 1, 1)


@dataclass
class Section:
    """A listing, newest first: ``days[i]`` is the day of the i-th newest article."""

    days: list[date]
    per_page: int = 20
    ids: bool = True  # URLs carry ids that grow with time
    shown: bool = False  # the listing shows each item's day
    past_end: str = "404"  # or "page1": page 1 served for any number past the end
    pinned: bool = False  # page 1 starts with an old article pinned on top

    @property
    def pages(self) -> int:
        return math.ceil(len(self.days) / self.per_page)

    def url(self, i: int) -> str:
        n = len(self.days) - i  # the oldest article has id 1
        return (
            f"https://bao.example.vn/tin-{n}.html"
            if self.ids
            else f"https://bao.example.vn/bai/{n * 7919 % 100003:x}"
        )

    def day_of(self, url: str) -> date:
        return self.days[self._index[url]]

    def __post_init__(self) -> None:
        self._index = {self.url(i): i for i in range(len(self.days))}

    def page(self, number: int, read_at: float = 0.0) -> Page:
        if number > self.pages:
            if self.past_end == "page1":
                return Page(number, self.page(1).items, read_at=read_at)
            return Page(number, beyond=True, read_at=read_at)
        first = (number - 1) * self.per_page
        indexes = list(range(first, min(first + self.per_page, len(self.days))))
        if self.pinned and number == 1:
            indexes = [len(self.days) - 1, *indexes]  # the pinned one on top; nothing else moves
        items = []
        for i in indexes:
            url = self.url(i)
            key = len(self.days) - i if self.ids else None
            day = self.days[i] if self.shown else None
            items.append(Item(url, key, day, day))
        nxt = f"https://bao.example.vn/next/{number + 1}" if number < self.pages else None
        return Page(number, tuple(items), next_url=nxt, read_at=read_at)


def make_days(count: int, start: date = START, per_day: float = 8.0, seed: int = 1) -> list[date]:
    rng = random.Random(seed)
    days, day = [], start
    while len(days) < count:
        for _ in range(max(0, int(rng.gauss(per_day, per_day / 3)))):
            days.append(day)
        day += timedelta(days=1)
    return sorted(days[:count], reverse=True)


@dataclass
class Run:
    listing: int = 0
    probes: int = 0
    fetched: set[str] = field(default_factory=set)


def drive(plan: SectionPlan, section: Section, *, limit: int = 20_000, fail_every: int = 0) -> Run:
    """Play the spider: fetch what the plan asks for, feed back what was learned (every
    ``fail_every``-th probe fails: a 404, a page that is not an article)."""
    run = Run()
    for _ in range(limit):
        steps = plan.steps()
        for url in steps.articles:
            if url not in run.fetched:
                run.fetched.add(url)
                plan.learn(url, section.day_of(url))
        if steps.phase is Phase.DONE:
            return run
        if steps.page is not None:
            assert steps.page not in plan.pages, f"page {steps.page} asked twice"
            run.listing += 1
            if not plan.numbered and steps.page > 1:
                assert plan.pages[steps.page - 1].next_url, "walked past the last next link"
            plan.add_page(section.page(steps.page))
        elif steps.probe is not None:
            assert steps.probe not in run.fetched, "probed an article already fetched"
            run.probes += 1
            run.fetched.add(steps.probe)
            failed = fail_every and run.probes % fail_every == 0
            plan.learn(steps.probe, None if failed else section.day_of(steps.probe))
        else:
            raise AssertionError(f"no progress: {steps}")
    raise AssertionError("the plan did not finish")


def truth(section: Section, since: date | None, until: date | None) -> set[str]:
    return {
        section.url(i)
        for i, d in enumerate(section.days)
        if (since is None or d >= since) and (until is None or d <= until)
    }


def pages_holding(section: Section, wanted: set[str]) -> int:
    return len({i // section.per_page for i in range(len(section.days)) if section.url(i) in wanted})


@pytest.mark.parametrize("shown", [False, True])
@pytest.mark.parametrize("ids", [True, False])
def test_narrow_range_deep_in_a_thousand_pages(ids, shown):
    section = Section(make_days(20_000), ids=ids, shown=shown)
    since, until = date(2019, 3, 10), date(2019, 3, 12)
    plan = SectionPlan(since, until, numbered=True)
    run = drive(plan, section)
    wanted = truth(section, since, until)
    assert wanted <= run.fetched, "an article of the range was not fetched"
    in_pages = pages_holding(section, wanted)
    assert run.listing <= 2 * math.log2(section.pages) + in_pages + 5
    assert len(run.fetched) <= len(wanted) + 2 * run.listing
    if shown:  # the listing dates every item: nothing outside the range is fetched
        assert run.fetched == wanted


def test_range_at_the_top_walks_from_page_one():
    section = Section(make_days(2_000, start=date(2025, 1, 1)))
    until = section.days[0]
    since = until - timedelta(days=3)
    plan = SectionPlan(since, until, numbered=True)
    run = drive(plan, section)
    wanted = truth(section, since, until)
    assert wanted <= run.fetched
    assert run.listing <= pages_holding(section, wanted) + 2


def test_range_older_than_the_section_costs_a_search_and_nothing_more():
    section = Section(make_days(4_000, start=date(2020, 1, 1)))
    plan = SectionPlan(date(2019, 1, 1), date(2019, 1, 31), numbered=True)
    run = drive(plan, section)
    assert run.listing <= 2 * math.log2(section.pages) + 3
    assert len(run.fetched) <= 2 * run.listing


def test_since_only_walks_down_to_since():
    section = Section(make_days(3_000))
    since = section.days[700]
    plan = SectionPlan(since, None, numbered=True)
    run = drive(plan, section)
    wanted = truth(section, since, None)
    assert wanted <= run.fetched
    assert run.listing <= pages_holding(section, wanted) + 2


def test_until_only_walks_to_the_end():
    section = Section(make_days(2_000))
    until = section.days[1_500]
    plan = SectionPlan(None, until, numbered=True)
    run = drive(plan, section)
    assert truth(section, None, until) <= run.fetched


@pytest.mark.parametrize("ids", [True, False])
def test_next_links_only_walk_but_probe_one_article_per_page(ids):
    section = Section(make_days(2_000), ids=ids)
    since, until = section.days[1_210], section.days[1_190]
    plan = SectionPlan(since, until, numbered=False)
    run = drive(plan, section)
    wanted = truth(section, since, until)
    assert wanted <= run.fetched
    assert run.listing <= pages_holding(section, wanted) + 62  # the walk to the range, then one more
    assert len(run.fetched) <= len(wanted) + run.listing + 12


def test_page_one_served_past_the_end_counts_as_beyond():
    section = Section(make_days(3_000), past_end="page1")
    plan = SectionPlan(date(2018, 1, 1), date(2018, 12, 31), numbered=True)
    run = drive(plan, section)  # older than everything: must still end
    assert run.fetched <= {section.url(i) for i in range(len(section.days))}
    assert run.listing <= 2 * math.log2(section.pages) + 6


def test_a_pinned_old_article_on_page_one_does_not_mislead():
    section = Section(make_days(4_000), pinned=True)
    since, until = date(2019, 6, 1), date(2019, 6, 3)
    plan = SectionPlan(since, until, numbered=True)
    run = drive(plan, section)
    assert truth(section, since, until) <= run.fetched


class MemoryStore:
    """The backfill half of a ``StateStore``, in memory (the SQLite and Redis stores run the same
    calls in tests/test_store.py)."""

    def __init__(self) -> None:
        self.pages: dict[tuple[str, str], dict[int, dict]] = {}
        self.days: dict[str, dict[str, date | None]] = {}

    def save_backfill_page(self, job: str, section: str, number: int, data: dict) -> None:
        self.pages.setdefault((job, section), {})[number] = json.loads(json.dumps(data))

    def save_backfill_day(self, job: str, url: str, day: date | None) -> None:
        self.days.setdefault(job, {})[url] = day

    def backfill_state(self, job: str, section: str) -> tuple[list[dict], dict[str, date | None]]:
        pages = self.pages.get((job, section), {})
        return [pages[n] for n in sorted(pages)], dict(self.days.get(job, {}))

    def drop_backfill(self, job: str) -> None:
        self.pages = {k: v for k, v in self.pages.items() if k[0] != job}
        self.days.pop(job, None)


def test_a_killed_backfill_goes_on_from_the_store_without_asking_again():
    """What the spider keeps (pages as read, probed days) rebuilds the plan after a kill: the pages
    read are not asked for again and the range is still found whole."""
    section = Section(make_days(6_000))
    since, until = date(2019, 5, 1), date(2019, 5, 20)
    store, key, url = MemoryStore(), "https://bao.example.vn/thoi-su", "https://bao.example.vn/thoi-su"
    first = Backfill("job", since, until, store)
    first.open(key, url, Pager(sample="https://bao.example.vn/thoi-su?page=2"))
    fetched: set[str] = set()
    for _ in range(25):  # stop half way, as a killed crawl would
        steps = first.steps(key)
        fetched.update(steps.articles)
        if steps.page is not None:
            first.add_page(key, section.page(steps.page))
        elif steps.probe is not None:
            fetched.add(steps.probe)
            first.learn(key, steps.probe, section.day_of(steps.probe), probe=True)
    read_before = set(first.plans[key].pages)
    second = Backfill("job", since, until, store)
    plan = second.restore(key)
    assert plan is not None and set(plan.pages) == read_before
    assert second.page_url(key, 7) == "https://bao.example.vn/thoi-su?page=7"
    run = drive(plan, section)
    assert truth(section, since, until) <= run.fetched | fetched
    assert run.listing <= pages_holding(section, truth(section, since, until)) + 3
    assert plan.finished
    second.finish()
    assert store.backfill_state("job", key) == ([], {})  # a finished backfill forgets its progress


def test_page_json_round_trip():
    page = Page(
        3, (Item("https://a.vn/x-1.html", 1, date(2019, 1, 2), date(2019, 1, 2)),), next_url="u", last=9
    )
    assert Page.from_json(page.to_json()) == page


@settings(max_examples=150, deadline=None)
@given(
    count=st.integers(30, 3_000),
    per_page=st.integers(2, 30),
    start=st.integers(0, 2_000),
    width=st.integers(0, 60),
    ids=st.booleans(),
    shown=st.booleans(),
    numbered=st.booleans(),
    seed=st.integers(0, 1_000),
    fail_every=st.sampled_from([0, 0, 2, 3, 7]),
    per_day=st.sampled_from([1.0, 3.0, 10.0]),
    pinned=st.booleans(),
    past_end=st.sampled_from(["404", "page1"]),
)
# One page whose oldest article is also pinned on top: its copy there bounded nothing.
@example(30, 30, 1, 0, False, False, False, 0, 0, 3.0, True, "404")
def test_never_loses_an_article_of_the_range(
    count, per_page, start, width, ids, shown, numbered, seed, fail_every, per_day, pinned, past_end
):
    """Whatever the section (dated or not, ids or not, pinned items, page 1 served past the end)
    and however often probes fail, every article of the range is fetched."""
    days = make_days(count, per_day=per_day, seed=seed)
    section = Section(days, per_page=per_page, ids=ids, shown=shown, pinned=pinned, past_end=past_end)
    since = START + timedelta(days=start % 400)
    until = since + timedelta(days=width)
    plan = SectionPlan(since, until, numbered=numbered)
    run = drive(plan, section, fail_every=fail_every)
    assert truth(section, since, until) <= run.fetched


def test_a_long_walk_holds_one_item_per_walked_page() -> None:
    section = Section(make_days(30_000, per_day=20.0))
    since = section.days[-1]
    plan = SectionPlan(since, None, numbered=True)
    run = drive(plan, section)
    assert len(run.fetched) == len(section.days)  # every article of the range, as before
    assert plan.items_held <= section.pages + 3 * section.per_page
    assert plan.items_held < len(section.days) / 10


def test_pages_whose_probes_all_fail_are_walked_not_asked_for_again() -> None:
    """A short page whose every article fails to date (404, not an article): the plan takes it as
    reaching the range and walks on, instead of asking for the same page again."""
    section = Section(make_days(400), per_page=2)
    since, until = section.days[150], section.days[100]
    plan = SectionPlan(since, until, numbered=True)
    fetched: set[str] = set()
    for _ in range(5_000):
        steps = plan.steps()
        fetched.update(steps.articles)
        if steps.phase is Phase.DONE:
            break
        if steps.page is not None:
            assert steps.page not in plan.pages, f"page {steps.page} asked twice"
            plan.add_page(section.page(steps.page))
        elif steps.probe is not None:
            fetched.add(steps.probe)
            plan.learn(steps.probe, None)  # every probe fails
    else:
        raise AssertionError("the plan did not finish")
    assert truth(section, since, until) <= fetched
