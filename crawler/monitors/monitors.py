"""Our spider-close monitors: the checks Spidermon has no built-in for (or none that fits).

Each is a Spidermon ``Monitor`` (a ``unittest.TestCase``): a failed check raises with a message
that names what to look at, and Spidermon's actions put that message in the alert. The logic is in
plain functions (``usual_count_problem``, ``drift_problem``, ``dropped_pages_problem``) that return
the message or None, so it is tested without a crawl.

Settings:

* ``MONITOR_MIN_ITEMS_SHARE`` (0.3): a run with fewer items than this share of the paper's usual
  count fails ``UsualItemCountMonitor``;
* ``MONITOR_MIN_HISTORY`` (3): ...judged only once this many earlier runs finished normally;
* ``MONITOR_MAX_DROPPED_SHARE`` (0.5) and ``MONITOR_DROPPED_MIN_PAGES`` (20): a run in which more
  than this share of at least that many article pages gave no item fails ``DroppedPagesMonitor``;
* ``SPIDERMON_MAX_ERRORS`` (0) for ``ErrorsMonitor``, ``SPIDERMON_EXPECTED_FINISH_REASONS``
  for Spidermon's ``FinishReasonMonitor``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from spidermon import monitors
from spidermon.contrib.scrapy.monitors import ErrorCountMonitor
from spidermon.contrib.scrapy.monitors.base import BaseScrapyMonitor

from crawler.extensions.drift import DriftAlarm, describe
from crawler.runs.history import Run, load_runs, usual_items
from crawler.store import spider_name

DEFAULT_MIN_ITEMS_SHARE = 0.3
DEFAULT_MIN_HISTORY = 3
DEFAULT_MAX_DROPPED_SHARE = 0.5
DEFAULT_DROPPED_MIN_PAGES = 20
# Article pages that gave no item because something went wrong; ``out_of_range`` (a backfill's
# date window) and ``over_max_articles`` (the spider's own cap) are dropped on purpose.
FAILED_DROPS = ("not_article", "extract_error", "download_failed")


# --- the checks, as functions -----------------------------------------------------------------


def earlier_runs(history: list[Run], started: datetime | None) -> list[Run]:
    """The runs that finished before this one started (this run's own manifest is not history)."""
    if started is None:
        return history
    if started.tzinfo is None:
        started = started.replace(tzinfo=UTC)
    return [r for r in history if r.finished_at is not None and r.finished_at < started]


def usual_count_problem(
    items: int, history: list[Run], *, share: float, min_history: int
) -> tuple[str | None, str | None]:
    """(failure, skip reason): the failure message when ``items`` is below ``share`` of the usual
    count of the earlier runs; a skip reason when there is not enough history to judge."""
    good = [r for r in history if not r.failed]
    if len(good) < min_history:
        return None, f"{len(good)} earlier runs finished normally, {min_history} needed to judge"
    usual = usual_items(history)
    if not usual:
        return None, "earlier runs emitted no items"
    if items >= share * usual:
        return None, None
    last = min(len(good), 10)
    return (
        f"{items} items, fewer than {share:.0%} of the usual {usual:g} "
        f"(median of the last {last} runs that finished normally, of {len(history)} on record)"
    ), None


def drift_problem(verdict: Mapping[str, Any] | None) -> str | None:
    """The drift alarm's per-selector sentences when its verdict is an alarm."""
    if not verdict or verdict.get("status") != "alarm":
        return None
    lines = [f"Fill rates below DRIFT_THRESHOLDS on {verdict['pages']} article pages:"]
    lines += [f"- {describe(name, dict(verdict))}" for name in verdict["below"]]
    lines.append(
        "The site may have changed its markup: check the registry entry (crawler/sites/) and the "
        "family parser (crawler/extract/families/)."
    )
    return "\n".join(lines)


def drift_error_lines(verdict: Mapping[str, Any] | None) -> int:
    """How many ERROR lines ``DriftAlarm.spider_closed`` logs for this verdict: one per field below
    its threshold and one closing line (tests/test_monitors.py keeps the two in step)."""
    if not verdict or verdict.get("status") != "alarm":
        return 0
    return len(verdict.get("below") or ()) + 1


def dropped_pages_problem(stats: Mapping[str, Any], *, max_share: float, min_pages: int) -> str | None:
    """The failure message when too many article pages gave no item."""
    dropped = {reason: int(stats.get(f"page_dropped/{reason}", 0) or 0) for reason in FAILED_DROPS}
    lost = sum(dropped.values())
    seen = int(stats.get("item_scraped_count", 0) or 0) + int(stats.get("item_dropped_count", 0) or 0)
    pages = seen + lost
    if not lost or pages < min_pages or lost <= max_share * pages:
        return None
    parts = []
    for reason, count in dropped.items():
        if not count:
            continue
        prefix = f"page_dropped/{reason}/"
        codes = sorted(
            ((k.removeprefix(prefix), int(v)) for k, v in stats.items() if k.startswith(prefix)),
            key=lambda kv: (-kv[1], kv[0]),
        )
        detail = f" ({', '.join(f'{code} {n}' for code, n in codes)})" if codes else ""
        parts.append(f"{reason} {count}{detail}")
    return (
        f"{lost} of {pages} article pages gave no item ({lost / pages:.0%} > {max_share:.0%}): "
        + "; ".join(parts)
    )


# --- the monitors -----------------------------------------------------------------------------


@monitors.name("Errors")
class ErrorsMonitor(ErrorCountMonitor):
    """ERROR lines in the log (SPIDERMON_MAX_ERRORS), besides the drift alarm's own."""

    def get_threshold(self) -> float:
        allowed = self.crawler.settings.getint(self.threshold_setting, 0)
        return allowed + drift_error_lines(self.stats.get("drift/verdict"))


@monitors.name("Items")
class UsualItemCountMonitor(BaseScrapyMonitor):
    """Too few items against the paper's usual count from earlier runs."""

    @monitors.name("Items against the usual count of earlier runs")
    def test_items_against_usual_count(self) -> None:
        settings = self.crawler.settings
        name = spider_name(self.crawler)
        history = load_runs(settings.get("OUTPUT_DIR") or "output", spiders=[name]) if name else []
        history = earlier_runs(history, self.stats.get("start_time"))
        problem, skip = usual_count_problem(
            int(self.stats.get("item_scraped_count", 0) or 0),
            history,
            share=settings.getfloat("MONITOR_MIN_ITEMS_SHARE", DEFAULT_MIN_ITEMS_SHARE),
            min_history=settings.getint("MONITOR_MIN_HISTORY", DEFAULT_MIN_HISTORY),
        )
        if skip:
            self.skipTest(skip)
        if problem:
            self.fail(problem)


@monitors.name("Fill rates")
class FillRateMonitor(BaseScrapyMonitor):
    """Field fill rates against DRIFT_THRESHOLDS, with the drift alarm's selector diagnosis."""

    def verdict(self) -> Mapping[str, Any] | None:
        verdict = self.stats.get("drift/verdict")
        if verdict is None:  # the drift extension has not closed yet: ask it
            alarm = next((e for e in self.crawler.extensions.middlewares if isinstance(e, DriftAlarm)), None)
            verdict = alarm.verdict() if alarm is not None else None
        return verdict

    @monitors.name("Fill rates against DRIFT_THRESHOLDS")
    def test_fill_rates(self) -> None:
        verdict = self.verdict()
        if verdict is None:
            self.skipTest("the drift alarm is off (DRIFT_ENABLED)")
        if verdict.get("status") == "too_few_pages":
            self.skipTest(f"{verdict['pages']} article pages, {verdict['min_pages']} needed to judge")
        problem = drift_problem(verdict)
        if problem:
            self.fail(problem)


@monitors.name("Dropped pages")
class DroppedPagesMonitor(BaseScrapyMonitor):
    """Article pages that gave no item (page_dropped/*) against all article pages."""

    @monitors.name("Article pages that gave no item")
    def test_dropped_pages(self) -> None:
        settings = self.crawler.settings
        problem = dropped_pages_problem(
            self.stats,
            max_share=settings.getfloat("MONITOR_MAX_DROPPED_SHARE", DEFAULT_MAX_DROPPED_SHARE),
            min_pages=settings.getint("MONITOR_DROPPED_MIN_PAGES", DEFAULT_DROPPED_MIN_PAGES),
        )
        if problem:
            self.fail(problem)
