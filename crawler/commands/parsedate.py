"""``scrapy parsedate``: the project's timestamp parser from the shell.

Lets a developer check how a date string from a new site will be read, and lets scripts convert
a column of scraped strings (one per stdin line) without writing Python. Output lines match the
input lines one to one, an empty line standing for "nothing reliable", so the result can be
pasted next to the input.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.timeparse import VN_TZ, format_iso, parse_datetime


def parse_now(value: str) -> datetime:
    """``--now`` value: ISO 8601; naive means +07:00 wall time."""
    try:
        now = datetime.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"--now must be an ISO 8601 datetime, got {value!r}", print_help=False) from None
    return now.replace(tzinfo=VN_TZ) if now.tzinfo is None else now


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--now ISO] [TEXT ...]"

    def short_desc(self) -> str:
        return "Parse Vietnamese timestamps and print them as ISO 8601 in +07:00"

    def long_desc(self) -> str:
        return (
            "Parse each TEXT (or, without TEXT, each line of stdin) as a Vietnamese news timestamp "
            "and print one line per input: the ISO 8601 datetime in +07:00, or an empty line where "
            "nothing reliable was found. Relative forms ('2 giờ trước', 'hôm qua') count back from --now."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument(
            "--now",
            metavar="ISO",
            default=None,
            help="base time for relative forms, ISO 8601 (naive = +07:00); default: the current time",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        now = parse_now(opts.now) if opts.now else datetime.now(VN_TZ)
        out = sys.stdout
        if hasattr(out, "reconfigure"):
            out.reconfigure(encoding="utf-8")
        if args:
            # Under a C/POSIX locale argv arrives ASCII-decoded with surrogates: recover the UTF-8.
            lines: Any = [os.fsencode(arg).decode("utf-8", "replace") for arg in args]
        else:
            stdin = sys.stdin
            if hasattr(stdin, "reconfigure"):
                stdin.reconfigure(encoding="utf-8", errors="replace")
            lines = stdin
        for line in lines:
            parsed = parse_datetime(line.rstrip("\r\n"), now)
            out.write((format_iso(parsed) if parsed else "") + "\n")
            out.flush()
