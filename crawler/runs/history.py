"""Run manifests (``<OUTPUT_DIR>/<spider>/<start>-<run id>.manifest.json``, written by
``pipelines.export``) read back as ``Run`` records.

A manifest that cannot be read (half written by a killed run, hand-edited, another program's
JSON) is skipped with a warning, never a crash: a report about 40 papers must not fail on one.
"""

from __future__ import annotations

import json
import logging
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

MANIFEST_SUFFIX = ".manifest.json"
# Finish reasons of a run that ended as it should; anything else is a failure to look at.
GOOD_FINISH = frozenset({"finished"})


@dataclass(frozen=True)
class Run:
    """One run of one spider, as its manifest tells it."""

    spider: str
    path: Path
    started_at: datetime | None
    finished_at: datetime | None
    finish_reason: str | None
    items: int
    new: int
    revised: int
    errors: int
    pages_dropped: dict[str, int] = field(default_factory=dict)
    newest_published_at: datetime | None = None
    fill_rates: dict[str, float | None] = field(default_factory=dict)
    drift: dict[str, Any] | None = None
    items_file: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def failed(self) -> bool:
        return self.finish_reason not in GOOD_FINISH

    @property
    def drifting(self) -> bool:
        return bool(self.drift) and self.drift.get("status") == "alarm"

    @property
    def dropped(self) -> int:
        """Article pages that gave no item, by any reason (sum of the top-level counters)."""
        return sum(v for k, v in self.pages_dropped.items() if "/" not in k and isinstance(v, int))


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def read_manifest(path: Path) -> Run | None:
    """The run a manifest file records; None (with a warning) when it cannot be read."""
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        logger.warning("Skipped unreadable manifest %s: %s", path, exc)
        return None
    if not isinstance(data, dict) or not isinstance(data.get("spider"), str):
        logger.warning("Skipped %s: not a run manifest", path)
        return None
    counts = data.get("counts") if isinstance(data.get("counts"), dict) else {}
    dropped = counts.get("pages_dropped") if isinstance(counts.get("pages_dropped"), dict) else {}
    files = data.get("files") if isinstance(data.get("files"), list) else []
    first = files[0] if files and isinstance(files[0], dict) else {}
    rates = data.get("fill_rates") if isinstance(data.get("fill_rates"), dict) else {}
    return Run(
        spider=data["spider"],
        path=path,
        started_at=_time(data.get("started_at")),
        finished_at=_time(data.get("finished_at")),
        finish_reason=data.get("finish_reason") if isinstance(data.get("finish_reason"), str) else None,
        items=_int(counts.get("items_emitted")),
        new=_int(counts.get("new")),
        revised=_int(counts.get("revised")),
        errors=_int(counts.get("errors")),
        pages_dropped={k: v for k, v in dropped.items() if isinstance(v, int)},
        newest_published_at=_time(data.get("newest_published_at")),
        fill_rates={k: v for k, v in rates.items() if v is None or isinstance(v, int | float)},
        drift=data.get("drift") if isinstance(data.get("drift"), dict) else None,
        items_file=path.parent / first["path"] if isinstance(first.get("path"), str) else None,
        raw=data,
    )


def load_runs(
    output_dir: str | Path,
    *,
    spiders: Iterable[str] | None = None,
    days: float | None = None,
    now: datetime | None = None,
) -> list[Run]:
    """Every readable run under ``output_dir`` (oldest first), optionally only some spiders' and
    only those started in the last ``days``."""
    base = Path(output_dir)
    wanted = set(spiders) if spiders is not None else None
    since = (now or datetime.now(UTC)) - timedelta(days=days) if days is not None else None
    runs = []
    for path in sorted(base.glob(f"*/*{MANIFEST_SUFFIX}")):
        if wanted is not None and path.parent.name not in wanted:
            continue
        run = read_manifest(path)
        if run is None or (wanted is not None and run.spider not in wanted):
            continue
        if since is not None and (run.started_at is None or run.started_at < since):
            continue
        runs.append(run)
    runs.sort(key=lambda r: (r.started_at or datetime.min.replace(tzinfo=UTC), r.path.name))
    return runs


def runs_by_spider(runs: Iterable[Run]) -> dict[str, list[Run]]:
    """Runs grouped per spider, each list oldest first."""
    out: dict[str, list[Run]] = {}
    for run in runs:
        out.setdefault(run.spider, []).append(run)
    return out


def usual_items(history: list[Run], *, last: int = 10) -> float | None:
    """The usual number of items of a spider's run: the median of its last ``last`` runs that
    finished normally (None without any). A median, so one odd run does not move it."""
    good = [r.items for r in history if not r.failed][-last:]
    return float(statistics.median(good)) if good else None
