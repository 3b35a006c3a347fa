"""Fast paths: what each shortcut taken for speed saves, measured against its long way.

Every shortcut in extraction that keeps a second, faster way equal to a plain one is proved equal
by ``tests/test_extract_fastpaths.py``; this section prices it. Each is swapped for its long way
(the plain form the tests compare with) and ``extract`` runs over the same pages: the real corpus
articles (read in place) and our article fixtures, one pass each, in rounds where the baseline and
the long way take turns (so drift of the machine hits both). A shortcut pays for itself when the
long way is slower in at least 3 rounds of 4, by at least ``MIN_SHARE`` of the page time at the
median; one that does not is a second code path kept for nothing.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from bench.common import Options, Section, table
from bench.pages import Page, fixture_articles, real_articles
from crawler import textnorm
from crawler.extract import extract, parse, selectors

MIN_SHARE = 0.01  # of the page time: less is lost in any crawl's noise


@dataclass(frozen=True)
class FastPath:
    name: str
    where: str
    long_way: Callable[[], AbstractContextManager[None]]  # entering it makes extraction take the long way
    # The function whose calls carry the shortcut (owner, attribute): its calls during one extraction
    # of every page are recorded and replayed both ways, which prices a shortcut of 1% without the
    # noise of whole passes. None: the shortcut touches every selector, and whole passes are timed.
    probe: tuple[object, str] | None = None


def _swap(obj: object, name: str, value: object) -> Callable[[], None]:
    old = getattr(obj, name)
    setattr(obj, name, value)
    return lambda: setattr(obj, name, old)


@contextmanager
def _no_page_index() -> Iterator[None]:
    undo = _swap(selectors.PageIndex, "may_match", lambda self, needles: True)
    try:
        yield
    finally:
        undo()


@contextmanager
def _plain_xpath() -> Iterator[None]:
    undo = [
        _swap(selectors, "_attribute_first", lambda x: x),
        _swap(selectors, "_substring_first", lambda x: x),
    ]
    selectors._compiled.cache_clear()
    try:
        yield
    finally:
        for u in undo:
            u()
        selectors._compiled.cache_clear()


@contextmanager
def _fold_by_character() -> Iterator[None]:
    from tests.test_extract_fastpaths import _fold_by_character as plain

    fast = textnorm.fold
    modules = [m for m in list(sys.modules.values()) if getattr(m, "fold", None) is fast]
    undo = [_swap(m, "fold", plain) for m in modules]
    try:
        yield
    finally:
        for u in undo:
            u()


@contextmanager
def _split_long_tags() -> Iterator[None]:
    from tests.test_extract_fastpaths import _cut_long_tags_by_split

    undo = _swap(parse, "_cut_long_tags", _cut_long_tags_by_split)
    try:
        yield
    finally:
        undo()


FAST_PATHS: tuple[FastPath, ...] = (
    FastPath(
        "page index: skip a selector whose class, id or value the page lacks",
        "selectors.PageIndex",
        _no_page_index,
    ),
    FastPath(
        "XPath rewrites: attribute first, substring before class token", "selectors._compiled", _plain_xpath
    ),
    FastPath(
        "fold: ASCII shortcut, cache of short texts, one regex",
        "textnorm.fold",
        _fold_by_character,
        (textnorm, "fold"),
    ),
    FastPath(
        "long-tag guard: 2 KiB blocks instead of a split at every '>'",
        "parse._cut_long_tags",
        _split_long_tags,
        (parse, "_cut_long_tags"),
    ),
)


def _pass(pages: list[Page]) -> float:
    start = time.perf_counter()
    for page in pages:
        extract(page.html, page.url)
    return time.perf_counter() - start


def _outputs(pages: list[Page]) -> list[object]:
    out = []
    for page in pages:
        record = extract(page.html, page.url)
        item = dict(record.item or {})
        item.pop("crawled_at", None)
        out.append((item, record.refusal, {k: str(v) for k, v in record.sources.items()}))
    return out


def measure(fast_path: FastPath, pages: list[Page], rounds: int) -> tuple[list[float], list[float], bool]:
    """Seconds per pass with the shortcut and with the long way (pairs of one round), and whether
    the outputs agree."""
    base, long = [], []
    expected = _outputs(pages)
    with fast_path.long_way():
        same = _outputs(pages) == expected
    for r in range(rounds):
        for slow in (False, True) if r % 2 else (True, False):
            if slow:
                with fast_path.long_way():
                    long.append(_pass(pages))
            else:
                base.append(_pass(pages))
    return base, long, same


Call = tuple[tuple[object, ...], dict[str, object]]


def record_calls(probe: tuple[object, str], pages: list[Page]) -> list[Call]:
    """The calls of the probed function during one extraction of every page (wherever a module
    imported it by name, too)."""
    owner, name = probe
    fn = getattr(owner, name)
    calls: list[Call] = []

    def recording(*args: object, **kwargs: object) -> object:
        calls.append((args, kwargs))
        return fn(*args, **kwargs)

    holders = [
        owner,
        *(m for m in list(sys.modules.values()) if m is not owner and getattr(m, name, None) is fn),
    ]
    undo = [_swap(h, name, recording) for h in holders]
    try:
        for page in pages:
            extract(page.html, page.url)
    finally:
        for u in undo:
            u()
    return calls


def _replay(probe: tuple[object, str], calls: list[Call]) -> float:
    """Seconds to make the recorded calls again. A page index starts each page with an empty memo,
    so each call gets one (or a shortcut that consults it would be timed on warm answers)."""
    fn = getattr(*probe)
    start = time.perf_counter()
    for args, kwargs in calls:
        for arg in args:
            if isinstance(arg, selectors.PageIndex):
                arg._memo.clear()
        fn(*args, **kwargs)
    return time.perf_counter() - start


def measure_calls(fast_path: FastPath, calls: list[Call], rounds: int) -> tuple[list[float], list[float]]:
    """Seconds to replay the calls with the shortcut and with the long way, in turns."""
    assert fast_path.probe is not None
    base, long = [], []
    for r in range(rounds):
        for slow in (False, True) if r % 2 else (True, False):
            if slow:
                with fast_path.long_way():
                    long.append(_replay(fast_path.probe, calls))
            else:
                base.append(_replay(fast_path.probe, calls))
    return base, long


def verdict(base: list[float], long: list[float]) -> tuple[float, float, bool]:
    """Median saving per pass, the share of rounds in which the long way was slower, and whether
    the shortcut pays: slower in at least 3 rounds of 4, by at least ``MIN_SHARE`` at the median."""
    saved = statistics.median(lw - b for b, lw in zip(base, long, strict=True))
    slower = sum(lw > b for b, lw in zip(base, long, strict=True)) / len(base)
    return saved, slower, slower >= 0.75 and saved >= MIN_SHARE * statistics.median(base)


def run(options: Options) -> Section:
    section = Section("fastpaths", "Fast paths: what each shortcut saves against its long way")
    pages = real_articles() + fixture_articles()
    rounds = 4 if options.quick else 12
    for page in pages:  # warm-up: caches, compiled selectors
        extract(page.html, page.url)
    whole = statistics.median(_pass(pages) for _ in range(rounds))  # seconds per pass, shortcuts on
    rows = []
    for fp in FAST_PATHS:
        base, long, same = measure(fp, pages, 2 if fp.probe else rounds)
        if fp.probe is not None:
            calls = record_calls(fp.probe, pages)
            base, long = measure_calls(fp, calls, rounds * 4)
            what = f"{len(calls)} calls of `{getattr(*fp.probe).__qualname__}`"
        else:
            what = "whole passes"
        saved, slower, _ = verdict(base, long)
        pays = slower >= 0.75 and saved >= MIN_SHARE * whole
        per_page = f"{1e6 * saved / len(pages):+.0f} µs ({100 * saved / whole:+.1f}%)"
        rows.append(
            [
                fp.name,
                f"`{fp.where}`",
                what,
                per_page,
                f"{slower:.0%}",
                "yes" if same else "**NO**",
                "pays" if pays else "**does not pay**",
            ]
        )
        section.target(
            f"fast path pays: {fp.where}", f"saves ≥ {MIN_SHARE:.0%}, in ≥ 3/4 rounds", per_page, pays
        )
    section.add(
        f"Pages: {len(pages)} (real corpus articles + article fixtures); extraction takes "
        f"{1000 * whole / len(pages):.2f} ms a page with every shortcut (median of {rounds} passes). "
        "A shortcut that sits in one function is timed on that function's own calls: those made "
        f"during one extraction of every page are recorded, then replayed {rounds * 4} times, with "
        "the shortcut and with its long way in turns. The two that change every selector are timed "
        f"on whole extraction passes ({rounds} rounds, in turns). *Saved*: the median over rounds of "
        "(long way − shortcut), per page, and as a share of the page time; *rounds slower*: the share "
        "of rounds in which the long way took longer. A shortcut pays when it saves at least "
        f"{MIN_SHARE:.0%} of the page time and is slower in at least 3 rounds of 4. *Same output*: "
        "every page's item, refusal and field sources are equal both ways."
    )
    section.add(
        table(
            ["shortcut", "where", "timed on", "saved per page", "rounds slower", "same output", "verdict"],
            rows,
            "lllrrll",
        )
    )
    return section
