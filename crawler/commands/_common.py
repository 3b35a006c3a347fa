"""What ``scrapy crawl`` and ``scrapy crawlall`` share, as plain functions testable without a reactor.

- **Checks before the reactor starts** (:func:`preflight`): an unknown spider, an invalid ``-a``
  argument or a ``REPLAY`` path that does not exist is one line on stderr and exit status 2,
  instead of a traceback logged by an asyncio task. The spider's own rules are used
  (``NewsSpider.check_arguments``), so each rule lives in one place.
- **Paths of one spider among several** (:func:`per_spider_settings`): settings naming one file
  that every spider of a process would otherwise open and truncate (``RECORD``, ``KEEP_REJECTED``,
  ``JOBDIR``) get the spider's name inserted when they do not already hold ``%(name)s``.
- **The result of a spider** (:class:`SpiderResult`): finish reason, items written, pages dropped
  and errors from its stats, whether that counts as a failure, and the lines printed about it.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.settings import BaseSettings

# Finish reasons for which a command exits with status 1 unless CRAWL_FAILURE_REASONS says others.
DEFAULT_FAILURE_REASONS = ("redis_unavailable", "export_error")

# Settings naming a per-run file or folder: two spiders of one process must not share one.
PER_SPIDER_PATHS = ("RECORD", "KEEP_REJECTED", "JOBDIR")
_NAME = "%(name)s"
_WARC_SUFFIXES = (".warc.gz", ".warc")


class PreflightError(Exception):
    """A command line that cannot run: the message is one line naming what is wrong."""


# --- checks before the reactor starts -------------------------------------------------------


def one_line(text: object) -> str:
    return " ".join(str(text).split())


def parse_spider_arguments(pairs: Sequence[str]) -> dict[str, str]:
    """``-a NAME=VALUE`` pairs as a dict; ``PreflightError`` naming the first malformed one."""
    result: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise PreflightError(f"-a {pair}: use -a NAME=VALUE")
        result[name] = value
    return result


def check_spiders(names: Iterable[str], known: Iterable[str]) -> list[str]:
    """``names`` in order without repeats; ``PreflightError`` for the first that is not a spider."""
    available = set(known)
    chosen: list[str] = []
    for name in names:
        if name not in available:
            raise PreflightError(f"unknown spider {name!r}: `scrapy list` names the {len(available)} spiders")
        if name not in chosen:
            chosen.append(name)
    return chosen


def check_arguments(spidercls: type[Spider], spargs: Mapping[str, Any]) -> None:
    """The spider's own ``check_arguments(**spargs)`` (``NewsSpider``'s rules); a spider class
    without one accepts anything, as Scrapy does."""
    check = getattr(spidercls, "check_arguments", None)
    if check is None:
        return
    try:
        check(**spargs)
    except (ValueError, TypeError) as exc:
        raise PreflightError(one_line(exc)) from None


def check_replay(settings: BaseSettings) -> None:
    """A ``REPLAY`` path that does not exist or cannot be read stops the command before it starts
    (the replay middleware would stop each crawl at open, with a traceback)."""
    value = settings.get("REPLAY")
    if not value:
        return
    path = Path(str(value)).expanduser()
    if not path.exists():
        raise PreflightError(f"REPLAY path not found: {path}")
    if not os.access(path, os.R_OK | (os.X_OK if path.is_dir() else 0)):
        raise PreflightError(f"REPLAY path not readable: {path}")


def preflight(
    settings: BaseSettings,
    loader: Any,
    names: Sequence[str],
    spargs: Mapping[str, Any],
) -> list[str]:
    """Every check a crawl command runs before the reactor: the spiders exist (``names`` empty:
    every spider the loader lists), the arguments are valid for each, the replay archive is there.
    Returns the spiders to run, in order."""
    chosen = check_spiders(names, loader.list()) if names else sorted(loader.list())
    check_replay(settings)
    for name in chosen:
        check_arguments(loader.load(name), spargs)
    return chosen


# --- per-spider paths -----------------------------------------------------------------------


def spider_path(template: str, name: str) -> str:
    """``template`` made the spider's own: unchanged if it holds ``%(name)s``; else a WARC file
    ``run.warc.gz`` becomes ``run-<name>.warc.gz`` (any other file with a suffix likewise), and a
    folder (a path without a suffix, or ending in ``/``) gets a ``<name>`` subfolder."""
    if _NAME in template:
        return template
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", name)
    if template.endswith(("/", os.sep)):
        return template + safe
    head, tail = os.path.split(template)
    lowered = tail.lower()
    for suffix in _WARC_SUFFIXES:
        if lowered.endswith(suffix):
            return os.path.join(head, f"{tail[: -len(suffix)]}-{safe}{tail[-len(suffix) :]}")
    stem, dot, ext = tail.partition(".")
    if dot and stem:
        return os.path.join(head, f"{stem}-{safe}.{ext}")
    return os.path.join(template, safe)


def per_spider_settings(settings: BaseSettings, name: str) -> dict[str, str]:
    """The settings of ``PER_SPIDER_PATHS`` that are set, made the spider's own (see
    :func:`spider_path`); the others are shared as they are."""
    result = {}
    for key in PER_SPIDER_PATHS:
        value = settings.get(key)
        if value:
            result[key] = spider_path(str(value), name)
    return result


# --- results --------------------------------------------------------------------------------


def failure_reasons(settings: BaseSettings) -> list[str]:
    return settings.getlist("CRAWL_FAILURE_REASONS", list(DEFAULT_FAILURE_REASONS))


def pages_dropped(stats: Mapping[str, Any]) -> int:
    """Pages that gave no item, by ``page_dropped/<reason>`` (not the ``/<reason>/<code>`` detail)."""
    return sum(int(v or 0) for k, v in stats.items() if k.startswith("page_dropped/") and k.count("/") == 1)


@dataclass
class SpiderResult:
    """How one spider of a run ended."""

    name: str
    finish_reason: str | None = None
    items: int = 0
    pages: int = 0
    dropped: int = 0
    errors: int = 0
    seconds: float = 0.0
    startup_error: str | None = None  # the crawl raised before or while opening

    @classmethod
    def from_stats(
        cls, name: str, stats: Mapping[str, Any], *, startup_error: str | None = None
    ) -> SpiderResult:
        reason = stats.get("finish_reason")
        return cls(
            name=name,
            finish_reason=str(reason) if reason else None,
            items=int(stats.get("item_scraped_count", 0) or 0),
            pages=int(stats.get("response_received_count", 0) or 0),
            dropped=pages_dropped(stats),
            errors=int(stats.get("log_count/ERROR", 0) or 0) + int(stats.get("log_count/CRITICAL", 0) or 0),
            seconds=float(stats.get("elapsed_time_seconds", 0) or 0),
            startup_error=startup_error,
        )

    def failed(self, reasons: Iterable[str]) -> bool:
        """A failure: the crawl did not start or open, never finished, or finished for one of
        ``reasons``."""
        if self.startup_error is not None or self.finish_reason is None:
            return True
        return self.finish_reason in set(reasons)

    def line(self, width: int = 0) -> str:
        reason = self.finish_reason or "not_started"
        text = (
            f"{self.name:<{width}}  {reason:<17} {self.items:>6,} items  {self.pages:>7,} pages  "
            f"{self.dropped:>6,} dropped  {self.errors:>4,} errors  {self.seconds:>7.1f} s"
        )
        if self.startup_error:
            text += f"  ({one_line(self.startup_error)[:200]})"
        return text


def summary_lines(results: Sequence[SpiderResult], reasons: Iterable[str]) -> list[str]:
    """One line per spider, then a total line: what a scheduler's log shows after a run."""
    reasons = list(reasons)
    width = max((len(r.name) for r in results), default=0)
    lines = [("FAIL " if r.failed(reasons) else "ok   ") + r.line(width) for r in results]
    failed = sum(r.failed(reasons) for r in results)
    lines.append(
        f"{len(results)} spiders, {failed} failed: {sum(r.items for r in results):,} items, "
        f"{sum(r.pages for r in results):,} pages, {sum(r.dropped for r in results):,} dropped, "
        f"{sum(r.errors for r in results):,} errors"
    )
    return lines


@dataclass
class LiveTotals:
    """What the one live progress line counts across the spiders of a run."""

    total: int
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = self.started or time.monotonic()

    def line(self, running: Sequence[Mapping[str, Any]], done: Sequence[SpiderResult], now: float) -> str:
        now_running = [SpiderResult.from_stats("", s) for s in running]
        pages = sum(r.pages for r in (*done, *now_running))
        items = sum(r.items for r in (*done, *now_running))
        errors = sum(r.errors for r in (*done, *now_running))
        elapsed = max(now - self.started, 1e-9)
        waiting = self.total - len(running) - len(done)
        return (
            f"crawlall: {len(running)} running, {len(done)}/{self.total} done"
            + (f", {waiting} starting" if waiting > 0 else "")
            + f"; {pages:,} pages, {items:,} items, {errors:,} errors; "
            f"{pages / elapsed:,.1f} pages/s; {_clock(elapsed)}"
        )


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}"
