"""``scrapy crawlall [SPIDER ...] [-a NAME=VALUE ...] [-s NAME=VALUE ...]``: several papers in one
process, concurrently; every spider ``scrapy list`` prints when none is named.

Each spider is its own Scrapy crawler (``AsyncCrawlerProcess.crawl`` once per spider), so each
keeps what ``scrapy crawl`` gives it: its downloader with its per-host slots (politeness is per
host, as before), its output file, manifest, state store and stats. What several spiders of one
process would otherwise share is made per spider (see ``crawler/commands/_common.py``):
``RECORD``, ``KEEP_REJECTED`` and ``JOBDIR`` without ``%(name)s`` get the spider's name
inserted (``run.warc.gz`` -> ``run-baolamdong.warc.gz``, ``rejected/`` -> ``rejected/baolamdong``).
A ``REPLAY`` archive is opened once and served to every spider (one index in memory, not forty).

A spider that fails (an exception while opening, an export error, a dead site) does not stop the
others. At the end one line per spider goes to stdout (finish reason, items written, pages,
pages dropped, errors), then a total; the exit status is 1 if any spider did not start or
finished for one of ``CRAWL_FAILURE_REASONS``, 2 for a bad command line (unknown spider, invalid
``-a`` argument, missing ``REPLAY`` path: one line on stderr, before anything starts), else 0.

While it runs: on a terminal, one line on stderr updated every second (spiders running and done,
pages, items, errors, rate); otherwise a log line every ``CRAWLALL_PROGRESS_INTERVAL`` seconds
(default 60, 0: none) and one when each spider finishes.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import shutil
import sys
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.extensions.logcount import LogCount
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.spiderloader import get_spider_loader
from scrapy.utils.log import get_scrapy_root_handler

from crawler.commands._common import (
    LiveTotals,
    PreflightError,
    SpiderResult,
    failure_reasons,
    one_line,
    parse_spider_arguments,
    per_spider_settings,
    preflight,
    summary_lines,
)
from crawler.middlewares.record import RecordPathError
from crawler.middlewares.replay import ReplayMiddleware, ReplayPathError, open_replay_archive

if TYPE_CHECKING:
    import argparse

    from scrapy.settings import BaseSettings

    from crawler.replay import ReplayArchive

logger = logging.getLogger(__name__)

REPLAY_MIDDLEWARE = "crawler.middlewares.replay.ReplayMiddleware"
SHARED_REPLAY_MIDDLEWARE = "crawler.commands.crawlall.SharedReplayMiddleware"
TTY_REFRESH_SECONDS = 1.0
# A crawler's own settings must outrank the command line: ``AsyncCrawlerProcess.crawl(crawler)``
# updates the crawler's settings with the process's, and an equal priority is overwritten.
PER_SPIDER_PRIORITY = SETTINGS_PRIORITIES["cmdline"] + 1
# Failures whose cause the failing component has already logged in one line.
_EXPLAINED = (ReplayPathError, RecordPathError)


LOG_COUNT = "scrapy.extensions.logcount.LogCount"
SPIDER_LOG_COUNT = "crawler.commands.crawlall.SpiderLogCount"

# The spider whose crawl is running: set in the context its asyncio task is created in, so that
# everything that crawl schedules (reactor calls, downloads, callbacks) runs with it.
current_spider: contextvars.ContextVar[str | None] = contextvars.ContextVar("crawlall_spider", default=None)


class SpiderLogCount(LogCount):
    """Scrapy's ``log_count/<level>`` stats, counting only the records logged by this crawler's
    own crawl. Scrapy's ``LogCount`` puts a handler on the root logger per crawler, so with several
    crawlers in a process every crawler counts every crawler's errors."""

    def spider_opened(self, spider: Any) -> None:
        super().spider_opened(spider)
        if self.handler is not None:
            name = self.crawler.spidercls.name
            self.handler.addFilter(lambda record: current_spider.get() == name)


class SharedReplayMiddleware(ReplayMiddleware):
    """The replay middleware with one archive per path and process: forty spiders replaying one
    archive share its URL index instead of building it forty times."""

    archives: ClassVar[dict[str, ReplayArchive]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedReplayMiddleware:
        path = crawler.settings.get("REPLAY")
        if not path:
            raise NotConfigured
        key = str(Path(str(path)).expanduser().resolve())
        archive = cls.archives.get(key)
        if archive is None:
            try:
                archive = open_replay_archive(str(path))
            except ReplayPathError as exc:
                logger.critical("%s", exc)
                raise
            cls.archives[key] = archive
            logger.info("Replaying %d records from %s; no request goes to the network", len(archive), path)
        return cls(crawler, archive)


def share_replay(settings: BaseSettings) -> None:
    """Put :class:`SharedReplayMiddleware` where the replay middleware is enabled in ``settings``."""
    middlewares = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    order = middlewares.get(REPLAY_MIDDLEWARE)
    if order is None:
        return
    middlewares.update({REPLAY_MIDDLEWARE: None, SHARED_REPLAY_MIDDLEWARE: order})
    settings.set("DOWNLOADER_MIDDLEWARES", middlewares, priority=PER_SPIDER_PRIORITY)


def count_own_logs(settings: BaseSettings) -> None:
    """Put :class:`SpiderLogCount` in place of Scrapy's ``LogCount`` in ``settings``."""
    extensions = dict(settings.getdict("EXTENSIONS"))
    order = extensions.get(LOG_COUNT, settings.getdict("EXTENSIONS_BASE").get(LOG_COUNT, 0))
    if order is None:
        return
    extensions.update({LOG_COUNT: None, SPIDER_LOG_COUNT: order})
    settings.set("EXTENSIONS", extensions, priority=PER_SPIDER_PRIORITY)


@dataclass
class _Run:
    name: str
    crawler: Crawler
    started: float = field(default_factory=time.monotonic)
    result: SpiderResult | None = None

    def stats(self) -> dict[str, Any]:
        stats = getattr(self.crawler, "_stats", None)
        return stats.get_stats() if stats is not None else {}


class _LiveLine:
    """One line on a terminal, redrawn in place; log records first clear it (a logging filter on
    Scrapy's root handler), so that log lines and the live line never share a row."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.shown = False
        self.handler = get_scrapy_root_handler()
        if self.handler is not None:
            self.handler.addFilter(self._clear_before_log)

    def _clear_before_log(self, record: logging.LogRecord) -> bool:
        self.clear()
        return True

    def show(self, text: str) -> None:
        width = max(20, shutil.get_terminal_size((120, 24)).columns - 1)
        self.stream.write("\r\x1b[K" + text[:width])
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False

    def close(self) -> None:
        self.clear()
        if self.handler is not None:
            self.handler.removeFilter(self._clear_before_log)


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = True

    _preflight_error: str | None = None
    _spiders: ClassVar[list[str]] = []

    def syntax(self) -> str:
        return "[SPIDER ...] [-a NAME=VALUE ...] [-s NAME=VALUE ...]"

    def short_desc(self) -> str:
        return "Run several spiders (default: all) in one process, concurrently"

    def long_desc(self) -> str:
        return (
            "Run the named spiders, or every spider `scrapy list` prints, in one process, each with "
            "its own output, manifest and state, as `scrapy crawl` would. Prints one summary line per "
            "spider; exits 1 if any spider failed, 2 for a bad command line."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-a",
            dest="spargs",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="set a spider argument for every spider (may be repeated)",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        try:
            opts.spargs = parse_spider_arguments(opts.spargs)
            self._spiders = preflight(self.settings, get_spider_loader(self.settings), args, opts.spargs)
        except PreflightError as exc:
            # Decided before scrapy.cmdline makes the crawler process, whose start-up logs lines.
            self._preflight_error = str(exc)
            self.requires_crawler_process = False

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if self._preflight_error is not None:
            print(f"scrapy crawlall: error: {self._preflight_error}", file=sys.stderr)
            self.exitcode = 2
            return
        process = self.crawler_process
        assert process is not None and self.settings is not None
        runs = [self._start(name, opts.spargs) for name in self._spiders]
        live = self._watch(runs)
        try:
            process.start()
        finally:
            live()
        results = [run.result or self._result(run, "the crawl never ended") for run in runs]
        reasons = failure_reasons(self.settings)
        sys.stdout.write("\n".join(summary_lines(results, reasons)) + "\n")
        sys.stdout.flush()
        if any(r.failed(reasons) for r in results):
            self.exitcode = 1

    # --- one crawler per spider ---------------------------------------------------------------

    def _start(self, name: str, spargs: dict[str, str]) -> _Run:
        process = self.crawler_process
        assert process is not None and self.settings is not None
        settings = self.settings.copy()
        settings.setdict(per_spider_settings(self.settings, name), priority=PER_SPIDER_PRIORITY)
        if settings.get("REPLAY"):
            share_replay(settings)
        count_own_logs(settings)
        crawler = Crawler(process.spider_loader.load(name), settings)
        run = _Run(name, crawler)
        # The task copies the context it is created in: the crawl's logs are counted as its own.
        task = contextvars.copy_context().run(self._crawl_as, name, crawler, spargs)
        task.add_done_callback(partial(self._finished, run))
        return run

    def _crawl_as(self, name: str, crawler: Crawler, spargs: dict[str, str]) -> asyncio.Task[None]:
        assert self.crawler_process is not None
        current_spider.set(name)
        return self.crawler_process.crawl(crawler, **spargs)

    def _finished(self, run: _Run, task: asyncio.Task[None]) -> None:
        # Retrieved here: no "Task exception was never retrieved" traceback from asyncio.
        error = asyncio.CancelledError("cancelled") if task.cancelled() else task.exception()
        if error is not None:
            if isinstance(error, _EXPLAINED):
                logger.error("Spider %s could not start: %s", run.name, one_line(error))
            else:
                message = one_line(error) or type(error).__name__
                logger.error("Spider %s failed: %s", run.name, message, exc_info=error)
        run.result = self._result(run, None if error is None else one_line(error) or type(error).__name__)
        if error is None:
            r = run.result
            logger.info(
                "Spider %s done (%s): %d items, %d pages, %d dropped, %d errors",
                run.name, r.finish_reason, r.items, r.pages, r.dropped, r.errors,
            )  # fmt: skip

    @staticmethod
    def _result(run: _Run, error: str | None) -> SpiderResult:
        result = SpiderResult.from_stats(run.name, run.stats(), startup_error=error)
        if not result.seconds:
            result.seconds = time.monotonic() - run.started
        return result

    # --- progress -----------------------------------------------------------------------------

    def _watch(self, runs: list[_Run]) -> Any:
        """Start the live line (terminal) or the periodic log line; return what stops it."""
        assert self.settings is not None
        totals = LiveTotals(len(runs))
        tty = sys.stderr.isatty()
        interval = TTY_REFRESH_SECONDS if tty else self.settings.getfloat("CRAWLALL_PROGRESS_INTERVAL", 60.0)
        if interval <= 0:
            return lambda: None
        line = _LiveLine(sys.stderr) if tty else None
        loop = asyncio.get_event_loop()
        handle: list[asyncio.TimerHandle] = []

        def tick() -> None:
            started = [run for run in runs if run.result is None and getattr(run.crawler, "_started", True)]
            running = [run.stats() for run in started]
            done = [run.result for run in runs if run.result is not None]
            text = totals.line(running, done, time.monotonic())
            if line is not None:
                line.show(text)
            else:
                logger.info("%s", text)
            if len(done) < len(runs):
                handle[:] = [loop.call_later(interval, tick)]

        handle.append(loop.call_later(interval, tick))

        def stop() -> None:
            for h in handle:
                h.cancel()
            if line is not None:
                line.close()

        return stop
