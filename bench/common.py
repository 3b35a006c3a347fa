"""What every benchmark section shares: result records, timing, profiles, paths."""

from __future__ import annotations

import cProfile
import io
import pstats
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"
REAL_CORPUS = SHARED / "corpus" / "real"
FIXTURE_PAGES = REPO / "tests" / "fixtures" / "pages"


@dataclass
class Target:
    """One target of the issue and where we stand (``ok`` None: not measured in this run)."""

    name: str
    goal: str
    measured: str
    ok: bool | None

    @property
    def verdict(self) -> str:
        return "n/a" if self.ok is None else "PASS" if self.ok else "MISS"


@dataclass
class Section:
    """A benchmark's contribution to the report: Markdown blocks, targets, an optional profile."""

    key: str
    title: str
    blocks: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    profiles: list[tuple[str, str]] = field(default_factory=list)  # (caption, text)
    seconds: float = 0.0

    def add(self, text: str) -> None:
        self.blocks.append(text.strip("\n"))

    def target(self, name: str, goal: str, measured: str, ok: bool | None) -> None:
        self.targets.append(Target(name, goal, measured, ok))


@dataclass(frozen=True)
class Options:
    quick: bool = False


def table(header: list[str], rows: list[list[object]], align: str | None = None) -> str:
    """A Markdown table; ``align`` is one char per column (l/r), default: left."""
    align = align or "l" * len(header)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
    return "\n".join(lines)


def _cell(value: object) -> str:
    text = "–" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def repeat_median(fn: Callable[[], object], repeats: int) -> tuple[float, list[float]]:
    """Median wall time of ``repeats`` calls of ``fn`` (timeit-style: the GC stays on, as in a crawl)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def profile_top(fn: Callable[[], object], *, limit: int = 25, sort: str = "tottime") -> str:
    """cProfile of one call of ``fn``: the ``limit`` heaviest functions, as plain text."""
    return format_stats(profile_stats(fn), limit=limit, sort=sort)


def format_stats(stats: pstats.Stats, *, limit: int = 25, sort: str = "tottime") -> str:
    out = io.StringIO()
    stats.stream = out  # type: ignore[attr-defined]
    stats.strip_dirs().sort_stats(sort).print_stats(limit)
    lines = out.getvalue().splitlines()
    # Drop pstats' preamble up to the column header; keep the totals line.
    total = next((line.strip() for line in lines if "function calls" in line), "")
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    body = [line.rstrip() for line in lines[start:] if line.strip()]
    return "\n".join([total, *body])


def fmt_rate(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if value >= 10 else f"{value:,.2f}"


def pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def profile_stats(fn: Callable[[], object]) -> pstats.Stats:
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        fn()
    finally:
        profiler.disable()
    return pstats.Stats(profiler)


def time_by_file(stats: pstats.Stats, *, limit: int = 15, root: Path = REPO) -> str:
    """Own time (tottime) summed per source file: which module the time is spent in."""
    per_file: dict[str, float] = {}
    total = 0.0
    for (filename, _line, func), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        total += tottime
        if filename == "~":
            key = f"built-in: {func}"
        else:
            path = Path(filename)
            try:
                key = str(path.resolve().relative_to(root))
            except ValueError:
                parts = path.parts
                key = (
                    "/".join(parts[parts.index("site-packages") + 1 :])
                    if "site-packages" in parts
                    else path.name
                )
        per_file[key] = per_file.get(key, 0.0) + tottime
    rows = sorted(per_file.items(), key=lambda kv: -kv[1])[:limit]
    width = max(len(k) for k, _ in rows) if rows else 10
    lines = [f"{'own time by file':<{width}}  seconds   share"]
    lines += [f"{k:<{width}}  {v:7.3f}  {100 * v / total:5.1f}%" for k, v in rows]
    return "\n".join(lines)


def func_stat(stats: pstats.Stats, suffix: str, func: str) -> tuple[int, float, float]:
    """(calls, own time, cumulative time) of functions named ``func`` in files ending with ``suffix``
    (``suffix`` "~" selects built-ins, e.g. ``<method 'sub' of 're.Pattern' objects>``)."""
    calls, own, cum = 0, 0.0, 0.0
    for (filename, _line, name), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name == func and filename.replace("\\", "/").endswith(suffix):
            calls, own, cum = calls + nc, own + tt, cum + ct
    return calls, own, cum


def total_time(stats: pstats.Stats) -> float:
    return float(stats.total_tt)  # type: ignore[attr-defined]
