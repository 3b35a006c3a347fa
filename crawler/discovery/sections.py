"""The backfill of one crawl: one ``SectionPlan`` per section listing, kept in the state store.

``backfill.SectionPlan`` decides; this keeps the plans of a crawl together with what they need
around them: how page ``n`` of a section is addressed (the pager's numbered sample, or the next
link of page ``n - 1``), the store that makes a killed backfill resumable, and the coverage of
the whole range. No Scrapy here: the spider turns ``steps`` into requests.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from crawler.sites import Site

from .backfill import SectionPlan, Steps
from .coverage import Coverage, coverage
from .pages import Page
from .pagination import Pager, numbered_page_url

logger = logging.getLogger(__name__)

_META = 0  # the page number under which a section's own record (URL, pager) is kept


def job_key(spider: str, since: date | None, until: date | None) -> str:
    """The name of a backfill's progress in the store: the same command resumes the same job."""
    return f"{spider}:{since or ''}:{until or ''}"


class Backfill:
    """The section plans of one backfill (``since``..``until``) of one spider.

    ``store``: any ``StateStore`` (``save_backfill_page``, ``save_backfill_day``,
    ``backfill_state``, ``drop_backfill``); ``shared``: several workers drive the same plans (Redis),
    so a plan is refreshed from the store before each step.
    """

    def __init__(
        self,
        job: str,
        since: date | None,
        until: date | None,
        store: Any,
        site: Site | None = None,
        *,
        shared: bool = False,
    ) -> None:
        self.job = job
        self.since = since
        self.until = until
        self.store = store
        self.site = site
        self.shared = shared
        self.plans: dict[str, SectionPlan] = {}
        self._urls: dict[str, str] = {}  # section -> the URL of its first page
        self._samples: dict[str, str | None] = {}  # section -> a numbered page URL

    # --- sections ---------------------------------------------------------------------------

    def open(self, section: str, url: str, pager: Pager) -> SectionPlan:
        """Start (or take up) the plan of the section whose first page is ``url``."""
        plan = self.plans.get(section) or self.restore(section)
        if plan is not None:
            return plan
        plan = SectionPlan(self.since, self.until, numbered=pager.numbered)
        self.plans[section] = plan
        self._urls[section] = url
        self._samples[section] = pager.sample
        self.store.save_backfill_page(
            self.job, section, _META, {"number": _META, "url": url, "sample": pager.sample}
        )
        return plan

    def restore(self, section: str) -> SectionPlan | None:
        """The plan of ``section`` as the store has it (a killed run's progress), or None."""
        pages, days = self.store.backfill_state(self.job, section)
        meta = next((p for p in pages if p.get("number") == _META), None)
        if meta is None:
            return None
        plan = self.plans.get(section)
        if plan is None:
            plan = SectionPlan(self.since, self.until, numbered=bool(meta.get("sample")))
            self.plans[section] = plan
            self._urls[section] = meta["url"]
            self._samples[section] = meta.get("sample")
        for data in pages:
            number = int(data["number"])
            if number != _META and number not in plan.pages:
                plan.add_page(Page.from_json(data))
        for url, day in days.items():
            plan.learn(url, day)
        return plan

    def plan(self, section: str) -> SectionPlan | None:
        if self.shared or section not in self.plans:
            return self.restore(section) or self.plans.get(section)
        return self.plans[section]

    def page_url(self, section: str, number: int) -> str | None:
        """How to ask for page ``number`` of ``section``: its first page, the numbered sample with
        the number replaced, or the next link of the page before it."""
        if number == 1:
            return self._urls.get(section)
        sample = self._samples.get(section)
        if sample:
            return numbered_page_url(sample, number, self.site)
        plan = self.plans.get(section)
        above = plan.pages.get(number - 1) if plan else None
        return above.next_url if above else None

    # --- what came back ---------------------------------------------------------------------

    def add_page(self, section: str, page: Page) -> None:
        plan = self.plans[section]
        plan.add_page(page)
        self.store.save_backfill_page(self.job, section, page.number, page.to_json())

    def learn(self, section: str, url: str, day: date | None, *, probe: bool) -> None:
        """A fetched article's day (None: not dated). Probes are kept: the bisection rests on them."""
        plan = self.plans.get(section)
        if plan is None:
            return
        plan.learn(url, day)
        if probe:
            self.store.save_backfill_day(self.job, url, day)

    def steps(self, section: str) -> Steps | None:
        plan = self.plans.get(section)
        return plan.steps() if plan is not None else None

    # --- the whole range --------------------------------------------------------------------

    def coverage(self) -> Coverage:
        return coverage(self.plans.values(), self.since, self.until)

    @property
    def finished(self) -> bool:
        return bool(self.plans) and all(p.finished for p in self.plans.values())

    def finish(self) -> None:
        """Forget the progress of a backfill every section of which is done."""
        if self.finished:
            self.store.drop_backfill(self.job)
