"""``python -m bench [--only a,b] [--quick] [--out FILE]``: run the benchmarks, write the report."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

from bench.common import REPO, Options, Section
from bench.report import render

# Section key -> module with ``run(options) -> Section``, in report order.
SECTIONS = {
    "timeparse": "bench.timeparse_bench",
    "extract": "bench.extract_bench",
    "fastpaths": "bench.fastpath_bench",
    "crawl": "bench.crawl_bench",
    "dedupe": "bench.dedupe_bench",
    "incremental": "bench.incremental_bench",
    "discovery": "bench.discovery_bench",
    "realpages": "bench.realpages",
    "accuracy": "bench.accuracy_bench",
    "reextract": "bench.reextract_bench",
    "crawlall": "bench.crawlall_bench",
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--only", default="", help=f"comma-separated sections to run (default: all of {', '.join(SECTIONS)})"
    )
    parser.add_argument("--quick", action="store_true", help="smaller sizes: a smoke run, not a measurement")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "REPORT.md", help="report path")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()] or list(SECTIONS)
    unknown = [s for s in chosen if s not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}")
    args.sections = chosen
    return args


def _failed(key: str, error: str) -> Section:
    section = Section(key, f"{key}: FAILED")
    section.add("The section raised an error; its figures are missing:\n\n```\n" + error.rstrip() + "\n```")
    section.target(key, "section runs", "error", False)
    return section


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("crawler.timeparse").setLevel(logging.ERROR)
    options = Options(quick=args.quick)
    command = "python -m bench" + "".join(f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    started, t0 = datetime.now(UTC), time.perf_counter()
    load_start = os.getloadavg()
    sections = []
    for key in args.sections:
        print(f"[bench] {key} ...", file=sys.stderr, flush=True)
        t = time.perf_counter()
        try:
            section = importlib.import_module(SECTIONS[key]).run(options)
        except Exception:
            section = _failed(key, traceback.format_exc())
        section.seconds = time.perf_counter() - t
        sections.append(section)
        verdicts = ", ".join(f"{x.name}: {x.verdict}" for x in section.targets) or "no targets"
        print(f"[bench] {key} done in {section.seconds:.0f} s ({verdicts})", file=sys.stderr, flush=True)
    report = render(
        sections, command=command, started=started, seconds=time.perf_counter() - t0, load_start=load_start
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(f"[bench] report written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
