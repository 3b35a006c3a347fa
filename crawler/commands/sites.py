"""``scrapy sites``: the site registry as a table, as JSON (``--json``) or Markdown (``--markdown``).

Lets a user see which papers are supported, with which CMS family and how well checked, without
reading Python; scripts take ``--json`` (a list of objects with at least spider, site,
source_name, province, family, evidence).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from crawler.sites.docs import markdown, records, text_table


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, Any]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "[--json | --markdown]"

    def short_desc(self) -> str:
        return "List the supported papers (site registry) with family and evidence level"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--json", action="store_true", help="print a JSON list of site objects")
        parser.add_argument("--markdown", action="store_true", help="print the docs/SITES.md table")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args:
            raise UsageError(f"unexpected arguments: {' '.join(args)}", print_help=False)
        if opts.json and opts.markdown:
            raise UsageError("--json and --markdown exclude each other", print_help=False)
        if opts.json:
            text = json.dumps(records(), ensure_ascii=False, indent=2) + "\n"
        elif opts.markdown:
            text = markdown()
        else:
            text = text_table()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
