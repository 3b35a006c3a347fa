"""``scrapy merge [--spider NAME] [--since WHEN] [-o OUT] [PATH ...]``: one de-duplicated JSON-lines file.

Merges the output files of a crawl's workers (and of earlier runs, if included) into one file with
one line per article ``id``: the highest ``revision`` wins (``crawler.scale.merge``). PATHs are
files or directories (searched recursively); without PATH, ``<OUTPUT_DIR>/<spider>`` (``--spider``)
or all of ``OUTPUT_DIR``. Output is UTF-8, to ``-o`` (written whole, then renamed) or stdout; the
counts go to stderr. Exit status 2 on a usage or read error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.scale.merge import collect_files, merge
from crawler.store import spider_output_dir


def parse_since(text: str) -> datetime:
    """A run start: ``20261127T235812Z`` (as in file names), an ISO datetime, or a date (UTC)."""
    text = text.strip()
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y%m%d"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            pass
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"--since takes a run start like 20261127T235812Z or an ISO date, got {text!r}"
        ) from None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--spider NAME] [--since WHEN] [-o OUT] [PATH ...]"

    def short_desc(self) -> str:
        return "Merge the JSON-lines outputs of a crawl's workers into one file, one line per article"

    def long_desc(self) -> str:
        return __doc__ or self.short_desc()

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--spider", metavar="NAME", help="merge <OUTPUT_DIR>/NAME (default: all spiders)")
        parser.add_argument(
            "--since",
            "--since-run",
            dest="since",
            metavar="WHEN",
            help="only runs started at or after WHEN (20261127T235812Z, an ISO datetime or a date, UTC)",
        )
        parser.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        since = parse_since(opts.since) if opts.since else None
        if args:
            paths = [Path(a) for a in args]
        else:
            output_dir = Path(self.settings.get("OUTPUT_DIR") or "output")
            paths = [spider_output_dir(output_dir, opts.spider) if opts.spider else output_dir]
        try:
            files = collect_files(paths, since=since)
        except FileNotFoundError as exc:
            print(f"merge: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        if opts.output:
            files = [f for f in files if f.resolve() != Path(opts.output).resolve()]
        try:
            report = self._write(files, opts.output)
        except OSError as exc:
            print(f"merge: {exc}", file=sys.stderr)
            self.exitcode = 2
            return
        print(f"merge: {report.summary()}", file=sys.stderr)
        for path in report.skipped_live:
            print(f"merge: skipped {path} (its worker is still writing it)", file=sys.stderr)
        if report.bad_examples:
            print(f"merge: unreadable lines at {', '.join(report.bad_examples)}", file=sys.stderr)

    @staticmethod
    def _write(files: list[Path], output: str | None):  # -> MergeReport
        if not output:
            report = merge(files, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return report
        target = Path(output)
        tmp = target.with_name(target.name + ".tmp")
        try:
            with tmp.open("wb") as out:
                report = merge(files, out)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        return report
