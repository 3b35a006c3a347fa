"""How much of a backfill's range a crawl has covered: the progress line and the manifest."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .backfill import SectionPlan
from .pages import _iso


@dataclass(frozen=True)
class Coverage:
    """How much of a backfill's range a crawl has covered, for the progress line and the manifest:
    ``sections`` complete, and the oldest day the unfinished ones have read down to."""

    since: date | None
    until: date | None
    sections: int
    done: int
    reached: date | None  # the newest of the unfinished sections' oldest days: all is covered from here up

    def share(self, today: date) -> float | None:
        """The share of the range covered (1.0 when every section is done), if it can be told."""
        if self.sections and self.done == self.sections:
            return 1.0
        if self.since is None or self.reached is None:
            return None
        top = self.until or today
        total = (top - self.since).days + 1
        covered = (top - max(self.reached, self.since)).days + 1
        return max(0.0, min(1.0, covered / total)) if total > 0 else None

    def to_json(self, today: date) -> dict:
        complete = bool(self.sections) and self.done == self.sections
        low = self.since if complete else self.reached
        return {
            "since": _iso(self.since),
            "until": _iso(self.until),
            "sections": self.sections,
            "sections_done": self.done,
            "covered_from": _iso(low),
            "covered_to": _iso(self.until or today),
            "complete": complete,
            "share": self.share(today),
        }


def coverage(plans: Iterable[SectionPlan], since: date | None, until: date | None) -> Coverage:
    plans = list(plans)
    done = [p for p in plans if p.finished]
    reached = [p.reached_day() for p in plans if not p.finished]
    known = [d for d in reached if d is not None]
    low = max(known) if known and len(known) == len(reached) else None
    return Coverage(since, until, len(plans), len(done), low)
