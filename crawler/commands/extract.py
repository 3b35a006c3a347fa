"""``scrapy extract --url URL FILE [--explain]``: the item of a saved page, as one JSON object on
stdout; with ``--explain``, how it was read: the CMS family and why, each field's source and
element, or the refusal's code and reason.

The same pure function the spiders call (``crawler.extract.extract_article``), so a saved page can
be checked without a crawl. A page that is not an article, or a file that cannot be read, gives a
one-line error on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

import orjson
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.extract import extract
from crawler.extract.record import explain


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "--url URL FILE [--explain]"

    def short_desc(self) -> str:
        return "Extract the article item of a saved HTML page and print it as JSON"

    def long_desc(self) -> str:
        return (
            "Read FILE (raw HTML bytes as fetched from URL), extract the article and print the item "
            "as one UTF-8 JSON object. Exit 2 with a one-line error when the page is not an article."
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", metavar="URL", help="the URL the page was fetched from (required)")
        parser.add_argument(
            "--fetched-at",
            metavar="ISO",
            help="when the page was fetched (ISO 8601; default now); sets crawled_at",
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="print how the page was read (family, each field's source and element, or the "
            "refusal's code) instead of the item",
        )

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not opts.url:
            raise UsageError("--url is required: the URL the saved page was fetched from")
        if len(args) != 1:
            raise UsageError("give exactly one FILE (the saved HTML page)")
        fetched_at = _parse_fetched_at(opts.fetched_at)
        path = Path(args[0])
        try:
            html = path.read_bytes()
        except OSError as exc:
            self._fail(f"cannot read {path}: {exc.strerror or exc}")
            return
        record = extract(html, opts.url, fetched_at=fetched_at)
        if opts.explain:
            sys.stdout.write(explain(record))
            sys.stdout.flush()
        if record.item is None:
            self._fail(f"not an article [{record.refusal}]: {record.reason}")
            return
        if not opts.explain:
            sys.stdout.buffer.write(orjson.dumps(record.item) + b"\n")
        sys.stdout.flush()

    def _fail(self, message: str) -> None:
        print(f"scrapy extract: error: {' '.join(message.split())}", file=sys.stderr)
        self.exitcode = 2


def _parse_fetched_at(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--fetched-at: not an ISO 8601 datetime: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
