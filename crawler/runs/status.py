"""Where each paper stands, from its recent runs: the rows of ``scrapy report``.

A paper **needs a look** when one of these holds (most serious first, which is also the order of
the table):

- **failed**: its last run did not finish normally (``finish_reason`` other than ``finished``).
- **drift**: the latest run with a verdict (``ok`` or ``alarm``; ``too_few_pages`` decides
  nothing) raised the drift alarm, or the fill rate of a key field (``KEY_FIELDS``) in the latest
  run with at least ``FILL_MIN_ITEMS`` items is well below its median over the earlier such runs
  (at least ``FILL_DROP_ABS`` lower and at most ``FILL_DROP_REL`` of it).
- **stale**: nothing new for longer than usual. The usual gap is the median number of days
  between the days (+07:00) whose runs brought new items; the paper is stale when its newest
  ``published_at`` is older than ``max(STALE_FLOOR, STALE_GAP_FACTOR x usual gap)`` (the floor
  alone without two such days). That clock only says something about a paper whose newest article
  was fresh when a run found it: for replays and backfills of old pages (found already older than
  the limit) the runs are counted instead, and the paper is stale when its last
  ``DRY_RUNS_MIN`` or more finished runs brought nothing new, more than twice the longest such
  streak before.
- **errors**: its last run logged ERROR lines.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from itertools import pairwise

from crawler.runs.history import Run, runs_by_spider

VN = timezone(timedelta(hours=7))
KEY_FIELDS = ("title", "body", "published_at", "authors")

STALE_FLOOR = timedelta(days=2)
STALE_GAP_FACTOR = 3
DRY_RUNS_MIN = 3
FILL_MIN_ITEMS = 5
FILL_DROP_ABS = 0.2
FILL_DROP_REL = 0.75
FILL_HISTORY = 10  # earlier runs the median of a fill rate is taken over

SEVERITY = ("failed", "drift", "stale", "errors")
LABELS = {"failed": "failed", "drift": "drifting", "stale": "stale", "errors": "with errors"}
SHORT = {"title": "title", "body": "body", "published_at": "pub_at", "authors": "authors"}


@dataclass(frozen=True)
class Problem:
    kind: str  # one of SEVERITY
    text: str


@dataclass
class PaperStatus:
    """One row of the report: a paper's last run and what needs a look."""

    spider: str
    runs: list[Run]
    newest_published_at: datetime | None
    age: timedelta | None
    stale_after: timedelta
    fill_rates: dict[str, float | None]  # of the latest run that emitted items
    drift: str  # status of the deciding drift verdict, "-" without any
    problems: list[Problem] = field(default_factory=list)

    @property
    def last(self) -> Run:
        return self.runs[-1]

    @property
    def needs_look(self) -> bool:
        return bool(self.problems)

    def has(self, kind: str) -> bool:
        return any(p.kind == kind for p in self.problems)

    @property
    def stale(self) -> bool:
        return self.has("stale")

    @property
    def drifting(self) -> bool:
        return self.has("drift")

    @property
    def rank(self) -> int:
        return min((SEVERITY.index(p.kind) for p in self.problems), default=len(SEVERITY))


def paper_statuses(runs: Iterable[Run], *, now: datetime | None = None) -> list[PaperStatus]:
    """One status per spider among ``runs``; papers that need a look first (most serious problem
    first), then by name."""
    now = now or datetime.now(UTC)
    rows = [paper_status(spider, history, now=now) for spider, history in runs_by_spider(runs).items()]
    rows.sort(key=lambda s: (s.rank, s.spider))
    return rows


def paper_status(spider: str, runs: list[Run], *, now: datetime) -> PaperStatus:
    """The status of one spider from its runs (oldest first, at least one)."""
    last = runs[-1]
    problems: list[Problem] = []
    if last.failed:
        problems.append(Problem("failed", f"last run {last.finish_reason or 'has no finish reason'}"))
    drift_word, drift_problems = _drift(runs)
    problems += drift_problems
    newest = max((r.newest_published_at for r in runs if r.newest_published_at), default=None)
    stale_after = stale_limit(runs)
    age = now - newest if newest else None
    stale = _stale(runs, newest, age, stale_after)
    if stale:
        problems.append(Problem("stale", stale))
    if last.errors:
        problems.append(Problem("errors", f"{last.errors} error{'s' * (last.errors != 1)} in the last run"))
    shown = next((r for r in reversed(runs) if r.items), last)
    return PaperStatus(
        spider=spider,
        runs=runs,
        newest_published_at=newest,
        age=age,
        stale_after=stale_after,
        fill_rates={name: shown.fill_rates.get(name) for name in KEY_FIELDS},
        drift=drift_word,
        problems=problems,
    )


# -- stale -----------------------------------------------------------------------------------------


def usual_gap(runs: list[Run]) -> timedelta | None:
    """The median gap between the days (+07:00) on which runs brought new items."""
    days = sorted({r.started_at.astimezone(VN).date() for r in runs if r.new > 0 and r.started_at})
    gaps = [b - a for a, b in pairwise(days)]
    return statistics.median(gaps) if gaps else None


def stale_limit(runs: list[Run]) -> timedelta:
    """How old the newest article may be before the paper counts as stale."""
    gap = usual_gap(runs)
    return max(STALE_FLOOR, STALE_GAP_FACTOR * gap) if gap else STALE_FLOOR


def _stale(runs: list[Run], newest: datetime | None, age: timedelta | None, limit: timedelta) -> str | None:
    if newest is not None and age is not None:
        found = next(r for r in runs if r.newest_published_at == newest)
        seen_fresh = found.started_at is None or found.started_at - newest <= limit
        if seen_fresh:
            if age > limit:
                return f"nothing new for {format_age(age)} (usual: within {format_age(limit)})"
            return None
    # Replays, backfills, papers without a dated article: count the runs that brought nothing new.
    good = [r for r in runs if not r.failed]
    streaks, dry = [], 0
    for run in good:
        if run.new > 0:
            streaks.append(dry)
            dry = 0
        else:
            dry += 1
    longest = max(streaks, default=0)
    if dry >= DRY_RUNS_MIN and dry > 2 * longest:
        usual = f"usually at most {longest}" if streaks else "none brought any"
        return f"nothing new in the last {dry} runs ({usual})"
    return None


# -- drift -----------------------------------------------------------------------------------------


def _drift(runs: list[Run]) -> tuple[str, list[Problem]]:
    problems = []
    decisive = [r for r in runs if r.drift and r.drift.get("status") in ("ok", "alarm")]
    deciding = decisive[-1] if decisive else next((r for r in reversed(runs) if r.drift), None)
    word = str(deciding.drift.get("status")) if deciding and deciding.drift else "-"
    if deciding is not None and deciding.drifting and deciding.drift:
        below = deciding.drift.get("below") or []
        rates = deciding.drift.get("fill_rates") or {}
        fields = ", ".join(f"{name} {_pct(rates.get(name))}" for name in below if isinstance(name, str))
        problems.append(Problem("drift", f"alarm ({fields})" if fields else "alarm"))
    for name, now_rate, before in fill_drops(runs):
        problems.append(Problem("drift", f"{name} filled {_pct(now_rate)} (was {_pct(before)})"))
    return word, problems


def fill_drops(runs: list[Run]) -> list[tuple[str, float, float]]:
    """``(field, rate in the latest run, median before)`` of the key fields that fell well below
    their earlier median."""
    rated = [r for r in runs if r.items >= FILL_MIN_ITEMS]
    if len(rated) < 3:
        return []
    latest, earlier = rated[-1], rated[:-1][-FILL_HISTORY:]
    drops = []
    for name in KEY_FIELDS:
        rate = latest.fill_rates.get(name)
        before = [v for r in earlier if (v := r.fill_rates.get(name)) is not None]
        if rate is None or len(before) < 2:
            continue
        median = statistics.median(before)
        if median - rate >= FILL_DROP_ABS and rate <= FILL_DROP_REL * median:
            drops.append((name, rate, median))
    return drops


# -- the terminal table ----------------------------------------------------------------------------


def format_age(age: timedelta) -> str:
    hours = age.total_seconds() / 3600
    if hours < 0:
        return "future"
    return f"{hours:.0f} h" if hours < 48 else f"{hours / 24:.1f} d"


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def _when(value: datetime | None, tz: timezone = UTC) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else "-"


COLUMNS = (
    ("", "<"),
    ("paper", "<"),
    ("last run (UTC)", "<"),
    ("finish", "<"),
    ("new", ">"),
    ("revised", ">"),
    ("newest (+07:00)", "<"),
    ("age", ">"),
    *((SHORT.get(name, name), ">") for name in KEY_FIELDS),
    ("drift", "<"),
    ("errors", ">"),
    ("needs a look", "<"),
)


def table_rows(statuses: list[PaperStatus]) -> list[list[str]]:
    rows = []
    for s in statuses:
        last = s.last
        rows.append(
            [
                "!" if s.needs_look else "",
                s.spider,
                _when(last.started_at),
                last.finish_reason or "-",
                str(last.new),
                str(last.revised),
                _when(s.newest_published_at, VN),
                format_age(s.age) if s.age is not None else "-",
                *(_pct(s.fill_rates.get(name)) for name in KEY_FIELDS),
                s.drift,
                str(last.errors),
                "; ".join(f"{p.kind}: {p.text}" for p in s.problems) or "ok",
            ]
        )
    return rows


def format_table(statuses: list[PaperStatus]) -> str:
    """The report as a plain-text table, then one summary line."""
    header = [name for name, _ in COLUMNS]
    rows = table_rows(statuses)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            f"{cell:{align}{width}}" if i < len(row) - 1 else cell
            for i, (cell, (_, align), width) in enumerate(zip(row, COLUMNS, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append(summary(statuses))
    return "\n".join(lines) + "\n"


def summary(statuses: list[PaperStatus]) -> str:
    look = sum(s.needs_look for s in statuses)
    counts = ", ".join(
        f"{n} {LABELS[kind]}" for kind in SEVERITY if (n := sum(s.has(kind) for s in statuses))
    )
    paper = "paper" if len(statuses) == 1 else "papers"
    return f"{len(statuses)} {paper}, {look} need{'s' * (look == 1)} a look" + (
        f" ({counts})" if counts else ""
    )
