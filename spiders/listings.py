"""Section listings: where a scheduled run stops, and how a backfill reaches its range.

A scheduled run walks a section's pages only until a page lists nothing it does not know
(``LISTING_STOP_AFTER_KNOWN_PAGES``, default 1: stored, or taken in this run, and at least one
stored), and never past
``LISTING_MAX_PAGES``. A backfill (``since``/``until``) has no page cap: each section gets a
``crawler.discovery.backfill.SectionPlan`` that bisects numbered pages and probes a few articles
for their dates, and this mixin turns its steps into requests, one listing page or probe at a
time per section, with the range's articles requested as soon as the plan is sure of them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.exceptions import DontCloseSpider
from twisted.python.failure import Failure

from crawler.discovery import Link, parse_listing
from crawler.discovery.backfill import Phase
from crawler.discovery.model import url_day_span
from crawler.discovery.pages import Page, listed_page
from crawler.discovery.sections import Backfill, job_key
from crawler.frontier import BudgetedFrontier
from crawler.requestmeta import (
    KIND_LISTING,
    KIND_SEED,
    LISTING_KNOWN,
    LISTING_PAGE,
    LISTING_PREVIOUS,
    PAGE_KIND,
    SECTION,
)
from crawler.timeparse import VN_TZ
from crawler.urls import normalize_url, url_article_id

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import Response

    from crawler.discovery.listing import ListingPage
    from crawler.store import StateStore

logger = logging.getLogger(__name__)

# Days of the articles this run fetched, kept for probes that ask for one of them (the latest only:
# a backfill of years must not hold a day per article).
DAYS_SEEN_KEPT = 4096


def _day(value: datetime | None) -> date | None:
    if value is None:
        return None
    return (value if value.tzinfo else value.replace(tzinfo=VN_TZ)).astimezone(VN_TZ).date()


class ListingMixin:
    """The listing half of ``NewsSpider``, which provides what the ``TYPE_CHECKING`` block names."""

    _backfill: Backfill | None = None
    _waiting: dict[str, str]  # section -> the page ("page:N") or probe URL its plan waits for

    if TYPE_CHECKING:  # what NewsSpider provides
        name: str
        crawler: Crawler
        since: date | None
        until: date | None
        frontier: BudgetedFrontier
        store: StateStore
        _days_seen: dict[str, date | None]
        _probe_waiters: dict[str, dict[str, str]]
        _oldest_day: date | None

        def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]: ...

        def parse_article(self, response: Response) -> Iterator[Any]: ...

        def _plan_links(
            self, links: list[Link], *, section: str | None = None, probe: bool = False
        ) -> tuple[list[scrapy.Request], int, int]: ...

    @property
    def is_backfill(self) -> bool:
        return self.since is not None or self.until is not None

    @property
    def backfill(self) -> Backfill:
        if self._backfill is None:
            spider = self.name
            self._backfill = Backfill(
                job_key(spider, self.since, self.until),
                self.since,
                self.until,
                self.store,
                getattr(self, "site", None),
                shared=self.frontier.shared,
            )
            self._waiting = {}
        return self._backfill

    # --- every listing page -----------------------------------------------------------------

    def parse_listing(self, response: Response) -> Iterator[Any]:
        settings = self.crawler.settings
        stats = self.crawler.stats
        number = response.meta.get(LISTING_PAGE, 1)
        cap = None if self.is_backfill else settings.getint("LISTING_MAX_PAGES", 50)
        listing = parse_listing(
            response.body, response.url, getattr(self, "site", None), max_pages=cap, page=number
        )
        if not listing.links and response.meta.get(PAGE_KIND) == KIND_SEED:
            # A seed page with no article links may itself be an article at an unusual URL.
            yield from self.parse_article(response)
            return
        stats.inc_value("listing/pages")
        if listing.main_list is False and listing.links:
            stats.inc_value("listing/family_list_missed")  # the drift alarm's sign of a redesign
        if self.is_backfill:
            section = response.meta.get(SECTION) or normalize_url(response.url)
            yield from self._backfill_page(section, number, response, listing)
        else:
            yield from self._scheduled_page(number, response, listing)

    def _scheduled_page(self, number: int, response: Response, listing: ListingPage) -> Iterator[Any]:
        requests, unknown, stored = self._plan_links(listing.links)
        yield from requests
        keys = frozenset(BudgetedFrontier.key(link.url) for link in listing.links)
        # Known: every link stored or taken in this run, and at least one stored (the store reached
        # what an earlier run walked; a first run whose feeds gave page 1 goes on down the section).
        known = bool(listing.links) and not unknown and stored > 0
        known_run = response.meta.get(LISTING_KNOWN, 0) + 1 if known else 0
        stop_after = self.crawler.settings.getint("LISTING_STOP_AFTER_KNOWN_PAGES", 1)
        if stop_after > 0 and known_run >= stop_after:
            self.crawler.stats.inc_value("listing/stopped_at_known")
            logger.debug("Listing %s lists only known articles; not going further", response.url)
            return
        # Stop where a page repeats the previous one: some CMSs serve page 1 for any ?page=N.
        if listing.next_url and keys and not keys <= response.meta.get(LISTING_PREVIOUS, frozenset()):
            yield scrapy.Request(
                listing.next_url,
                callback=self.parse,
                meta={
                    PAGE_KIND: KIND_LISTING,
                    LISTING_PAGE: number + 1,
                    LISTING_PREVIOUS: keys,
                    LISTING_KNOWN: known_run,
                },
            )

    # --- backfill -----------------------------------------------------------------------------

    def resume_backfill(self, section: str) -> Iterator[Any]:
        """Requests that take up a killed backfill of ``section`` where it stopped (none if it has
        no saved progress: its first page is then fetched as a seed)."""
        if self.backfill.restore(section) is None:
            return
        self.crawler.stats.inc_value("backfill/sections_resumed")
        yield from self._drive(section)

    def _backfill_page(
        self, section: str, number: int, response: Response, listing: ListingPage
    ) -> Iterator[Any]:
        backfill = self.backfill
        plan = backfill.plan(section)
        if plan is None:
            plan = backfill.open(section, response.url, listing.pager)
        items = [(link.url, _day(link.published)) for link in listing.items or listing.links]
        refs = self.store.lookup_many([url for url, _ in items])
        stored = {
            url: d for (url, _), ref in zip(items, refs, strict=True) if ref and (d := _day(ref.published))
        }
        page = listed_page(
            number,
            items,
            key_of=url_article_id,
            span_of=url_day_span,
            stored=stored,
            next_url=listing.next_url,
            last=listing.pager.last,
            read_at=time.time(),
        )
        backfill.add_page(section, page)
        if plan.pages[number].beyond:
            self.crawler.stats.inc_value("backfill/pages_beyond")
        self._settle(section, f"page:{number}")
        yield from self._drive(section)

    def _listing_failed(self, failure: Failure) -> Iterator[Any]:
        """A listing page that cannot be had (404, gone) is past the end of its section."""
        request = failure.request
        section, number = request.meta.get(SECTION), request.meta.get(LISTING_PAGE)
        if section is None or number is None or self.backfill.plan(section) is None:
            return
        self.crawler.stats.inc_value("backfill/pages_beyond")
        self.backfill.add_page(section, Page(number, beyond=True, read_at=time.time()))
        self._settle(section, f"page:{number}")
        yield from self._drive(section)

    def article_dated(self, key: str, published_at: str | None) -> Iterator[Any]:
        """An article came back (or failed: ``published_at`` None): a plan that probed it learns
        its day and goes on. Any article counts, whoever asked for it first."""
        if not self.is_backfill:
            return
        day = _day(datetime.fromisoformat(published_at)) if published_at else None
        self._days_seen[key] = day
        if len(self._days_seen) > DAYS_SEEN_KEPT:  # a probe of an older one counts as undatable
            del self._days_seen[next(iter(self._days_seen))]
        for section, listed in self._probe_waiters.pop(key, {}).items():
            self.backfill.learn(section, listed, day, probe=True)
            if self._settle(section, listed):
                yield from self._drive(section)

    def _settle(self, section: str, what: str) -> bool:
        """The plan of ``section`` got what it waited for (or something else): it may go on."""
        waiting = self._waiting.get(section)
        if waiting == what or waiting is None:
            self._waiting.pop(section, None)
            return True
        return False

    def _drive(self, section: str) -> Iterator[Any]:
        """Turn the plan's next steps into requests: the range's articles, then the one listing
        page or probe it needs next (unless one is already on its way)."""
        backfill = self.backfill
        if backfill.plan(section) is None:
            return
        steps = backfill.steps(section)
        if steps is None:
            return
        if steps.articles:
            links = [Link(url=url, kind="article") for url in steps.articles]
            requests, _, _ = self._plan_links(links, section=section)
            yield from requests
        if section in self._waiting:
            return
        if steps.page is not None:
            plan = backfill.plans[section]
            if steps.page in plan.pages:  # a planner fault must never loop on a small server
                logger.error("Backfill of %s asked for page %d again; section stopped", section, steps.page)
                self.crawler.stats.inc_value("backfill/plan_errors")
                return
            url = backfill.page_url(section, steps.page)
            if url is None:
                return
            self._waiting[section] = f"page:{steps.page}"
            self.crawler.stats.inc_value("backfill/listing_requests")
            yield scrapy.Request(
                url,
                callback=self.parse,
                errback=self._listing_failed,
                meta={PAGE_KIND: KIND_LISTING, LISTING_PAGE: steps.page, SECTION: section},
            )
        elif steps.probe is not None:
            yield from self._probe(section, steps.probe)
        elif steps.phase is Phase.DONE:
            logger.info("Backfill of %s done", section)

    def _probe(self, section: str, url: str) -> Iterator[Any]:
        """Fetch ``url`` for its date. One this run fetched already needs no request; one whose
        request is on its way is waited for; one the store skips (stored, so dated on its page if
        the store had a date) is taken as undatable."""
        key = BudgetedFrontier.key(url)
        days_seen = self._days_seen
        if key in days_seen:
            self.backfill.learn(section, url, days_seen[key], probe=True)
            yield from self._drive(section)
            return
        self._waiting[section] = url
        self._probe_waiters.setdefault(key, {})[section] = url
        if self.frontier.in_flight(url):
            return  # its response will be handed to the plan (article_dated)
        self.crawler.stats.inc_value("backfill/probes")
        requests, _, _ = self._plan_links([Link(url=url, kind="article")], section=section, probe=True)
        if requests:
            yield from requests
            return
        yield from self.article_dated(key, None)

    def on_idle(self) -> None:
        """Nothing left to download while a plan still waits (its request was dropped on the way:
        a filter, a budget): it is taken as failed, so the plan goes on instead of stalling."""
        if self._backfill is None or not self._waiting:
            return
        engine = self.crawler.engine
        requests: list[scrapy.Request] = []
        for section, what in list(self._waiting.items()):
            self._waiting.pop(section, None)
            self.crawler.stats.inc_value("backfill/stalled")
            if what.startswith("page:"):
                number = int(what.split(":", 1)[1])
                self.backfill.add_page(section, Page(number, beyond=True, read_at=time.time()))
                requests.extend(self._drive(section))
            else:
                key = BudgetedFrontier.key(what)
                self._probe_waiters.pop(key, None)
                self.backfill.learn(section, what, None, probe=True)
                requests.extend(self._drive(section))
        for request in requests:
            if isinstance(request, scrapy.Request):
                engine.crawl(request)
        if requests:
            raise DontCloseSpider

    def close_backfill(self, reason: str) -> None:
        if self._backfill is None:
            return
        if reason == "finished":
            self._backfill.finish()
        self.crawler.stats.set_value("backfill/coverage", self.coverage_report())

    def progress(self) -> dict[str, Any]:
        """Where the crawl is, for the progress line (``crawler.extensions.progress``)."""
        report: dict[str, Any] = {"articles_found": len(self.frontier)}  # distinct article URLs taken
        if self._backfill is not None:
            cov = self._backfill.coverage()
            report["reached"] = cov.reached
            report["coverage"] = self.coverage_report()
        else:
            report["reached"] = self._oldest_day
        return report

    def coverage_report(self) -> dict[str, Any] | None:
        """The range this backfill covered, for the manifest and the progress line."""
        if self._backfill is None:
            return None
        return self._backfill.coverage().to_json(datetime.now(UTC).astimezone(VN_TZ).date())
