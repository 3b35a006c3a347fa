"""``scrapy reextract ARCHIVE... [-o OUT.jsonl] [--jobs N]``: today's extraction over recorded pages.

When a parser is fixed, every page crawled before gets the fix without being downloaded again:
every 2xx HTML response of the archives (WARC files written by ``-s RECORD=...``, or any archive
``-s REPLAY=`` reads) goes through the spider's extraction, the validate pipeline and the dedupe
rules (in memory, for this run), and the items are written as the crawl exports them, one JSON line
each, in archive order whatever ``--jobs`` is. The logic is :mod:`crawler.replay.reextract`.

Output goes to ``-o`` (written to a temporary file, then renamed: a killed run leaves no half file)
or stdout. A progress bar goes to stderr when it is a terminal; a one-line summary always. A
missing or unreadable archive, or a bad ``--jobs``, gives a one-line error and exit status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, ClassVar, TextIO

from scrapy.commands import ScrapyCommand
from scrapy.settings import SETTINGS_PRIORITIES
from scrapy.utils.log import configure_logging

from crawler.replay.archive import ArchiveError, ReplayArchive
from crawler.replay.reextract import Report, reextract


class ProgressBar:
    """``pages done / total``, a bar and pages/s on one terminal line, redrawn at most 10 times a second."""

    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total, self.stream, self.width = total, stream, width
        self.started = time.perf_counter()
        self._drawn = 0.0

    def __call__(self, done: int) -> None:
        now = time.perf_counter()
        if done < self.total and now - self._drawn < 0.1:
            return
        self._drawn = now
        share = done / self.total if self.total else 1.0
        filled = int(share * self.width)
        rate = done / (now - self.started) if now > self.started else 0.0
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r\033[K[{bar}] {done}/{self.total} pages, {rate:.0f} pages/s")
        self.stream.flush()

    def finish(self) -> None:
        self.stream.write("\r\033[K")
        self.stream.flush()


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {}

    def syntax(self) -> str:
        return "ARCHIVE... [-o OUT.jsonl] [--jobs N]"

    def short_desc(self) -> str:
        return "Re-extract the articles of recorded archives (WARC, saved folders) without downloading"

    def long_desc(self) -> str:
        return __doc__ or self.short_desc()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "-o", "--output", metavar="OUT", help="write the JSON lines here instead of stdout"
        )
        parser.add_argument(
            "--jobs",
            metavar="N",
            default=None,
            help=f"worker processes (default: the number of CPUs, here {os.cpu_count() or 1}); 1: no pool",
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        # Warnings and errors only (dropped items, extraction errors), unless -L/-s LOG_LEVEL says
        # otherwise: the project's INFO would log every refused page.
        if self.settings.getpriority("LOG_LEVEL") < SETTINGS_PRIORITIES["cmdline"]:
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        if not args:
            self._fail("give at least one ARCHIVE (a WARC file or a saved folder)")
            return
        jobs = _parse_jobs(opts.jobs)
        if isinstance(jobs, str):
            self._fail(jobs)
            return
        configure_logging(self.settings)
        archives = []
        for path in args:
            try:
                archives.append(ReplayArchive.open(path))
            except ArchiveError as exc:
                self._fail(str(exc))
                return
            except OSError as exc:
                self._fail(f"cannot read {path}: {exc.strerror or exc}")
                return
        total = sum(len(a) for a in archives)
        bar = ProgressBar(total, sys.stderr) if sys.stderr.isatty() else None
        try:
            report = self._write(archives, opts.output, jobs, bar)
        except OSError as exc:
            if bar is not None:
                bar.finish()
            self._fail(f"cannot write {opts.output or 'stdout'}: {exc.strerror or exc}")
            return
        if bar is not None:
            bar.finish()
        print(f"reextract: {report.summary()}", file=sys.stderr)

    @staticmethod
    def _write(
        archives: list[ReplayArchive], output: str | None, jobs: int, bar: ProgressBar | None
    ) -> Report:
        if not output:
            report = reextract(archives, sys.stdout.buffer, jobs=jobs, progress=bar)
            sys.stdout.buffer.flush()
            return report
        target = Path(output)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                report = reextract(archives, out, jobs=jobs, progress=bar)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return report

    def _fail(self, message: str) -> None:
        print(f"scrapy reextract: error: {' '.join(message.split())}", file=sys.stderr)
        self.exitcode = 2


def _parse_jobs(value: str | None) -> int | str:
    """The ``--jobs`` number, or the error message."""
    if value is None:
        return os.cpu_count() or 1
    try:
        jobs = int(value)
    except ValueError:
        return f"--jobs takes a whole number of processes, got {value!r}"
    if jobs < 1:
        return f"--jobs must be at least 1, got {jobs}"
    return jobs
