"""1. Time parsing: ``crawler.timeparse.parse_datetime`` against dateparser 1.5 (strict Vietnamese
settings) on table (a) of research/dates.md and on >= 20,000 generated strings of the same shapes."""

from __future__ import annotations

import time
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import datetime

from bench.common import Options, Section, fmt_rate, profile_top, repeat_median, table
from bench.datetruth import NOW, ROWS, TABLE_A, Case, generate, is_correct
from crawler import timeparse

# dates.md's recommended strict Vietnamese configuration for dateparser. RELATIVE_BASE is naive
# (wall time in +07:00 through TIMEZONE): an aware one makes "20:47" return None (dateparser#1213).
DATEPARSER_SETTINGS = {
    "DATE_ORDER": "DMY",
    "TIMEZONE": "+0700",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DATES_FROM": "past",
    "RELATIVE_BASE": NOW.replace(tzinfo=None),
}
# What our own fallback uses: no epochs, no relative forms, no date without day, month and year.
DATEPARSER_STRICTER = {
    **DATEPARSER_SETTINGS,
    "PARSERS": ["absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
}

Parser = Callable[[str], datetime | None]


def ours(case: Case) -> datetime | None:
    return timeparse.parse_datetime(case.text, case.now)


def dateparser_parsers() -> dict[str, Parser]:
    """The two ways to call dateparser; the faster one is benchmarked (it is the fairer anchor)."""
    import dateparser
    from dateparser.date import DateDataParser

    warnings.filterwarnings("ignore", category=DeprecationWarning, module="dateparser")
    reused = DateDataParser(languages=["vi"], settings=DATEPARSER_SETTINGS)

    def parse(text: str) -> datetime | None:
        return dateparser.parse(text, languages=["vi"], settings=DATEPARSER_SETTINGS)

    def data_parser(text: str) -> datetime | None:
        return reused.get_date_data(text).date_obj

    return {
        "dateparser.parse(languages=['vi'])": parse,
        "reused DateDataParser(languages=['vi'])": data_parser,
    }


def _accuracy(results: list[datetime | None], cases: list[Case]) -> tuple[int, Counter[str], Counter[str]]:
    right, per_row_right, per_row_total = 0, Counter(), Counter()
    for result, case in zip(results, cases, strict=True):
        per_row_total[case.row] += 1
        if is_correct(result, case.truth):
            right += 1
            per_row_right[case.row] += 1
    return right, per_row_right, per_row_total


def _iso(value: datetime | None) -> str:
    return "None" if value is None else value.isoformat()


def run(options: Options) -> Section:
    section = Section("timeparse", "1. Time parsing: parse_datetime vs dateparser 1.5")
    per_shape = 50 if options.quick else 500
    cases = generate(per_shape)
    texts = [c.text for c in cases]

    # --- table (a) ------------------------------------------------------------------------------
    parsers = dateparser_parsers()
    strict_dp = _strict_parser()
    rows, ours_right, dp_right, strict_right = [], 0, 0, 0
    dp_parse = parsers["dateparser.parse(languages=['vi'])"]
    for case in TABLE_A:
        mine, theirs, strict = ours(case), dp_parse(case.text), strict_dp(case.text)
        ok_mine, ok_theirs = is_correct(mine, case.truth), is_correct(theirs, case.truth)
        ours_right += ok_mine
        dp_right += ok_theirs
        strict_right += is_correct(strict, case.truth)
        rows.append(
            [
                case.row,
                f"`{case.text}`",
                _iso(case.truth),
                "✔" if ok_mine else f"✘ {_iso(mine)}",
                "✔" if ok_theirs else f"✘ {_iso(theirs)}",
            ]
        )

    # --- throughput -------------------------------------------------------------------------------
    before = timeparse.fallback_stats()["fallback_calls"]
    ours_results = [ours(c) for c in cases]  # warm-up pass, also the accuracy run
    fallback_calls = timeparse.fallback_stats()["fallback_calls"] - before
    repeats = 3 if options.quick else 5
    ours_time, ours_times = repeat_median(lambda: [ours(c) for c in cases], repeats)

    sample = texts[: 300 if options.quick else 1000]
    choice_rows, best_name, best_rate = [], "", 0.0
    for name, parser in parsers.items():
        parser(sample[0])  # load the language data outside the timing
        start = time.perf_counter()
        for text in sample:
            parser(text)
        rate = len(sample) / (time.perf_counter() - start)
        choice_rows.append([name, f"{1e6 / rate:,.0f}", fmt_rate(rate)])
        if rate > best_rate:
            best_name, best_rate = name, rate
    dp = parsers[best_name]
    start = time.perf_counter()
    dp_results = [dp(t) for t in texts]
    dp_time = time.perf_counter() - start

    ours_rate, dp_rate = len(cases) / ours_time, len(cases) / dp_time
    ratio = ours_rate / dp_rate
    g_ours, ours_rows_ok, totals = _accuracy(ours_results, cases)
    g_dp, dp_rows_ok, _ = _accuracy(dp_results, cases)

    section.add(
        f"Inputs: table (a) of `shared/research/dates.md` (42 real formats; R31 must be None; R6 relative "
        f"to {NOW.isoformat()}), and {len(cases):,} generated strings ({per_shape} per shape, random "
        "instants 2010–2026 with their true weekday; `bench/datetruth.py`). Correct = an aware datetime at "
        "the right instant **in +07:00**, or None where the truth is None."
    )
    section.add(
        "dateparser settings (dates.md's strict Vietnamese set): `languages=['vi']`, "
        f"`{DATEPARSER_SETTINGS | {'RELATIVE_BASE': 'datetime(2019, 1, 2, 21, 0)'}}`. "
        f"Two ways of calling it were timed on {len(sample):,} strings and the faster one, **{best_name}**, "
        "is the anchor below:\n\n" + table(["call", "µs/string", "strings/s"], choice_rows, "lrr")
    )
    section.add(
        table(
            ["", "table (a) correct", "generated correct", "strings/s (1 core)", "µs/string"],
            [
                [
                    "ours `parse_datetime`",
                    f"{ours_right}/42",
                    f"{g_ours:,}/{len(cases):,} ({100 * g_ours / len(cases):.2f}%)",
                    fmt_rate(ours_rate),
                    f"{1e6 / ours_rate:.1f}",
                ],
                [
                    f"dateparser ({best_name})",
                    f"{dp_right}/42",
                    f"{g_dp:,}/{len(cases):,} ({100 * g_dp / len(cases):.2f}%)",
                    fmt_rate(dp_rate),
                    f"{1e6 / dp_rate:.1f}",
                ],
                [
                    "dateparser + `PARSERS=['absolute-time']`, `REQUIRE_PARTS=[day,month,year]`",
                    f"{strict_right}/42",
                    "– (table (a) only)",
                    "–",
                    "–",
                ],
            ],
            "lrrrr",
        )
        + f"\n\n**Throughput ratio: {ratio:,.0f}×** (ours: median of {repeats} passes over all strings, "
        f"passes {', '.join(f'{t:.3f}' for t in ours_times)} s; dateparser: one pass, {dp_time:.1f} s). "
        f"dateparser fallback calls made by our parser during its pass: **{fallback_calls}**."
    )
    section.add("Table (a), row by row:\n\n" + table(["#", "string", "expected", "ours", "dateparser"], rows))
    per_row = [
        [row, f"{ours_rows_ok[row]}/{totals[row]}", f"{dp_rows_ok[row]}/{totals[row]}"] for row in ROWS
    ]
    section.add(
        "Generated strings, correct per shape (same shapes as table (a)):\n\n"
        + table(["shape", "ours", "dateparser"], per_row, "lrr")
    )

    section.target("table (a) accuracy", "100% (42/42)", f"{ours_right}/42", ours_right == len(TABLE_A))
    section.target("throughput vs dateparser", "≥ 50×", f"{ratio:,.0f}×", ratio >= 50)
    if ours_right < len(TABLE_A) or ratio < 50:
        section.profiles.append(
            (
                "cProfile of parse_datetime over the generated strings",
                profile_top(lambda: [ours(c) for c in cases]),
            )
        )
    return section


def _strict_parser() -> Parser:
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["vi"], settings=DATEPARSER_STRICTER)
    return lambda text: parser.get_date_data(text).date_obj
