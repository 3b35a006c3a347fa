"""``scrapy report [--output-dir DIR] [--days N] [--html FILE]``: how each paper's crawls are going,
from the run manifests under ``OUTPUT_DIR``.

On stdout, one row per paper (papers that need a look first): its last run and finish reason, new
and revised items, newest ``published_at`` and its age, fill rates of the key fields, the drift
verdict, errors and what needs a look (failed, drift, stale, errors; the rules are in
:mod:`crawler.runs.status`). ``--html FILE`` also writes one self-contained page with charts
(:mod:`crawler.runs.charts`, needs matplotlib: the ``report`` extra), reading the runs' JSON lines
for articles per day.

Only runs started in the last ``--days`` (default 14) are read. An output folder without runs is
one line, "no runs", and exit status 0; a folder that does not exist, a bad ``--days`` or a page
that cannot be written is a one-line error and exit status 2. Unreadable manifests are skipped with
a line on stderr each.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand

from crawler.runs import history
from crawler.runs.history import Run, load_runs
from crawler.runs.status import VN, format_table, paper_statuses

DEFAULT_DAYS = 14


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--output-dir DIR] [--days N] [--html FILE]"

    def short_desc(self) -> str:
        return "Report each paper's recent runs: freshness, fill rates, drift, failures"

    def long_desc(self) -> str:
        return __doc__ or self.short_desc()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--output-dir", metavar="DIR", help="where the runs are (default: OUTPUT_DIR)")
        parser.add_argument(
            "--days",
            metavar="N",
            default=str(DEFAULT_DAYS),
            help=f"runs of the last N days (default {DEFAULT_DAYS})",
        )
        parser.add_argument(
            "--html", metavar="FILE", help="also write a self-contained HTML page with charts"
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if args:
            self._fail(f"unexpected argument {args[0]!r} (the output folder is --output-dir DIR)")
            return
        days = _parse_days(opts.days)
        if isinstance(days, str):
            self._fail(days)
            return
        base = Path(opts.output_dir or self.settings.get("OUTPUT_DIR") or "output")
        if not base.is_dir():
            self._fail(f"no output folder {base} (give --output-dir DIR or set OUTPUT_DIR)")
            return
        now = datetime.now(UTC)
        with _skipped_manifests() as skipped:
            runs = load_runs(base, days=days, now=now)
        for line in skipped:
            print(f"scrapy report: {line}", file=sys.stderr)
        statuses = paper_statuses(runs, now=now)
        if statuses:
            sys.stdout.write(format_table(statuses))
        else:
            print(f"no runs in {base} in the last {days:g} days")
        if opts.html:
            notes = [f"{len(skipped)} unreadable manifest(s) skipped."] if skipped else []
            try:
                page = _page(statuses, runs, days=days, now=now, source=str(base), notes=notes)
            except ImportError as exc:
                self._fail(f"--html needs matplotlib (pip install 'vnnews-crawler[report]'): {exc}")
                return
            try:
                _write_atomically(Path(opts.html), page)
            except OSError as exc:
                self._fail(f"cannot write {opts.html}: {exc.strerror or exc}")
                return
            print(f"report: wrote {opts.html}", file=sys.stderr)

    def _fail(self, message: str) -> None:
        print(f"scrapy report: error: {' '.join(message.split())}", file=sys.stderr)
        self.exitcode = 2


def _page(
    statuses: list, runs: list[Run], *, days: float, now: datetime, source: str, notes: list[str]
) -> str:
    from crawler.runs.charts import render_page
    from crawler.runs.daily import articles_per_day

    today = now.astimezone(VN).date()
    daily = articles_per_day(runs, since=today - timedelta(days=math.ceil(days) - 1), until=today)
    return render_page(statuses, daily, days=days, now=now, source=source, notes=notes)


def _parse_days(value: str) -> float | str:
    """The ``--days`` number, or the error message."""
    try:
        days = float(value)
    except ValueError:
        return f"--days takes a number of days, got {value!r}"
    if not math.isfinite(days) or days <= 0:
        return f"--days must be more than 0, got {value!r}"
    return days


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(" ".join(record.getMessage().split()))


@contextlib.contextmanager
def _skipped_manifests() -> Iterator[list[str]]:
    """The warnings of :mod:`crawler.runs.history` (skipped manifests), collected to be printed
    as plain lines instead of going through logging."""
    handler = _Collect()
    logger = history.logger
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.lines
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _write_atomically(target: Path, text: str) -> None:
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
