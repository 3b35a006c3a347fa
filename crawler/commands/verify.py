"""``scrapy verify SPIDER... [--all] [--articles N] [--json] [--fixtures DIR]``: a small, polite
check of each paper against its live site (or a replayed archive).

For each paper it fetches every seed (feeds, sitemaps, sections of the registry entry), says what
each one is and how many article links it gave, then extracts N articles (default 5) and reports
per-field fill rates and where each field came from. The verdict per paper is ``ok``,
``degraded`` or ``broken``, with the reasons in words. The exit status is 0 when every verdict is
``ok``, 1 otherwise, 2 for a bad command line (one line on stderr). Politeness is the crawl's
(robots.txt, delays, per-host concurrency) and a paper is asked for a few dozen pages at most.

``--json`` prints one JSON array, an object per paper: ``spider``, ``verdict``, ``seeds``,
``articles``, ``fields`` (fill rates), ``sources`` (per field, articles per source) and
``problems``. ``--fixtures DIR`` writes what was fetched as a replay archive and golden fixtures
(see ``crawler.verify.fixtures``); with ``-s RECORD=FILE.warc.gz`` (``%(name)s`` for several
papers) the pages are kept as a WARC too.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from typing import Any, ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.crawler import Crawler
from scrapy.settings import SETTINGS_PRIORITIES

from crawler.commands._common import (
    PreflightError,
    check_replay,
    check_spiders,
    one_line,
    per_spider_settings,
)
from crawler.sites import SITES, get_site
from crawler.verify.checks import REPORTED_FIELDS, Verification
from crawler.verify.spider import VerifySpider

logger = logging.getLogger(__name__)

MAX_ARTICLES = 20  # a verification is a check, not a crawl
# A crawler's own settings must outrank the command line's (the process applies those again).
PER_SPIDER_PRIORITY = SETTINGS_PRIORITIES["cmdline"] + 1


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = True
    default_settings: ClassVar[dict[str, Any]] = {"LOG_LEVEL": "WARNING"}

    def syntax(self) -> str:
        return "SPIDER... | --all [--articles N] [--json] [--fixtures DIR]"

    def short_desc(self) -> str:
        return "Check papers live: seeds, a few articles, fill rates, a verdict per paper"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--all", action="store_true", help="verify every paper of the registry")
        parser.add_argument(
            "--articles", default="5", metavar="N", help="articles extracted per paper (default 5)"
        )
        parser.add_argument("--json", action="store_true", help="print one JSON array instead of the table")
        parser.add_argument(
            "--fixtures", metavar="DIR", help="write what was fetched as replay archive + golden fixtures"
        )

    def process_options(self, args: list[str], opts: argparse.Namespace) -> None:
        super().process_options(args, opts)
        assert self.settings is not None
        if not opts.loglevel and not opts.nolog:  # the report is the output; the log is for -L INFO
            self.settings.set("LOG_LEVEL", "WARNING", priority="cmdline")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        assert self.settings is not None
        try:
            names = self._spiders(args, opts)
            articles = _count(opts.articles)
            check_replay(self.settings)
        except PreflightError as exc:
            print(f"scrapy verify: error: {one_line(exc)}", file=sys.stderr)
            self.exitcode = 2
            return
        results: dict[str, Verification] = {}
        thresholds = {k: float(v) for k, v in self.settings.getdict("DRIFT_THRESHOLDS").items()}
        process = self.crawler_process
        assert process is not None
        progress = Progress(len(names), live=sys.stderr.isatty())
        for name in names:
            settings = self.settings.copy()
            settings.setdict(per_spider_settings(self.settings, name), priority=PER_SPIDER_PRIORITY)
            crawler = Crawler(VerifySpider, settings)
            process.crawl(
                crawler,
                site=get_site(name),
                articles=articles,
                results=results,
                fixtures=opts.fixtures,
                thresholds=thresholds,
                progress=progress,
            )
        process.start()
        progress.end()
        checks = [
            results.get(name) or Verification(name, get_site(name).family, problems=["did not run"])
            for name in names
        ]
        if opts.json:
            sys.stdout.write(json.dumps([c.as_json() for c in checks], ensure_ascii=False, indent=1) + "\n")
        else:
            sys.stdout.write(table(checks))
        sys.stdout.flush()
        self.exitcode = 0 if all(c.verdict == "ok" for c in checks) else 1

    def _spiders(self, args: list[str], opts: argparse.Namespace) -> list[str]:
        known = [site.spider for site in SITES]
        if opts.all:
            if args:
                raise PreflightError("give SPIDER names or --all, not both")
            return known
        if not args:
            raise PreflightError("name the spiders to verify, or --all")
        return check_spiders(args, known)


class Progress:
    """On a terminal, one stderr line updated as pages come in and papers are judged; otherwise a
    log line per paper judged (shown with ``-L INFO``), so cron mail holds only the report."""

    def __init__(self, total: int, *, live: bool) -> None:
        self.total, self.live = total, live
        self.pages = self.done = self.not_ok = 0
        self.started = time.monotonic()

    def __call__(self, judged: Verification | None) -> None:
        if judged is None:
            self.pages += 1
        else:
            self.done += 1
            self.not_ok += judged.verdict != "ok"
            if not self.live:
                logger.info(
                    "verify: %s %s (%d/%d papers)", judged.spider, judged.verdict, self.done, self.total
                )
        if self.live:
            rate = self.pages / max(time.monotonic() - self.started, 1e-9)
            line = (
                f"verify: {self.done}/{self.total} papers judged, {self.not_ok} not ok; "
                f"{self.pages} pages, {rate:.1f} pages/s"
            )
            sys.stderr.write("\r" + line[:200] + "\x1b[K")
            sys.stderr.flush()

    def end(self) -> None:
        if self.live:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise PreflightError(f"--articles must be a whole number, got {value!r}") from None
    if not 1 <= n <= MAX_ARTICLES:
        raise PreflightError(f"--articles must be between 1 and {MAX_ARTICLES}, got {n}")
    return n


def table(checks: list[Verification]) -> str:
    """The verification as text for a person: a line per paper, then its seeds, fields, problems."""
    lines = []
    width = max((len(c.spider) for c in checks), default=8)
    for check in checks:
        done = sum(a.extracted for a in check.articles)
        links = sum(s.links for s in check.seeds)
        answered = sum(s.error is None for s in check.seeds)
        seeds = f"seeds {answered}/{len(check.seeds)} answered, {links} article links"
        lines.append(
            f"{check.spider:<{width}}  {check.verdict.upper():<8}  {seeds}; "
            f"articles {done}/{len(check.articles)} extracted"
        )
        for seed in check.seeds:
            what = seed.error or f"{seed.kind}, {seed.links} article links"
            lines.append(f"  {seed.group:<9} {seed.url}  {what}")
        rates = check.fields()
        sources = check.sources()
        parts = []
        for name in REPORTED_FIELDS:
            rate = rates.get(name)
            if rate is None:
                continue
            where = ", ".join(f"{k} {n}" for k, n in sources.get(name, {}).items())
            parts.append(f"{name} {rate:.0%}" + (f" ({where})" if where else ""))
        if parts:
            lines.append("  fields: " + "; ".join(parts))
        for problem in check.problems:
            lines.append(f"  problem: {problem}")
    return "\n".join(lines) + "\n"
