"""Articles per day per paper, from the JSON-lines files of the runs (``published_at``, +07:00).

The files can be large, so they are read line by line and only ``id``/``url`` and
``published_at`` are kept. An article counts once, on the day it was published, however many runs
emitted it (revisions come again); lines that are not JSON objects are skipped, and so are files
that are gone.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

import orjson

from crawler.runs.history import Run
from crawler.runs.status import VN

logger = logging.getLogger(__name__)


def articles_per_day(runs: Iterable[Run], *, since: date, until: date) -> dict[str, Counter[date]]:
    """``{spider: Counter({day: articles published that day})}`` for the days from ``since`` to
    ``until`` (inclusive, +07:00), over the items files of ``runs``."""
    counts: dict[str, Counter[date]] = {}
    seen: dict[str, set[str]] = {}
    for run in runs:
        per_day = counts.setdefault(run.spider, Counter())
        ids = seen.setdefault(run.spider, set())
        path = _items_file(run)
        if path is None:
            continue
        for key, day in _read(path):
            if since <= day <= until and key not in ids:
                ids.add(key)
                per_day[day] += 1
    return counts


def _items_file(run: Run) -> Path | None:
    path = run.items_file
    if path is None:
        return None
    for candidate in (
        path,
        path.with_name(path.name + ".part"),
        path.with_name(path.name.removesuffix(".part")),
    ):
        if candidate.is_file():
            return candidate
    return None


def _read(path: Path) -> Iterable[tuple[str, date]]:
    """``(id or url, published day)`` of each dated line of a JSON-lines file."""
    try:
        with path.open("rb") as lines:
            for line in lines:
                if b'"published_at"' not in line:
                    continue
                try:
                    item = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                if not isinstance(item, dict):
                    continue
                key = item.get("id") or item.get("url")
                day = published_day(item.get("published_at"))
                if isinstance(key, str) and day is not None:
                    yield key, day
    except OSError as exc:
        logger.warning("Skipped items file %s: %s", path, exc)


def published_day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=VN)
    return parsed.astimezone(VN).date()
