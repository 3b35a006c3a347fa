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

import re
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from bench.common import Options, Section, table
from bench.pages import Page, fixture_articles, real_articles
from crawler import textnorm
from crawler.extract import extract, images, parse, selectors
from crawler.extract.families import FAMILIES
from crawler.extract.taxonomy import categories

MIN_SHARE = 0.01  # of the page time: less is lost in any crawl's noise


@dataclass(frozen=True)
class FastPath:
    name: str
    where: str
    long_way: Callable[[], AbstractContextManager[None]]  # entering it makes extraction take the long way


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


@contextmanager
def _parse_every_menu_link() -> Iterator[None]:
    undo = _swap(categories, "_may_end_in", lambda href, keys: True)
    try:
        yield
    finally:
        undo()


@contextmanager
def _no_marker_hints() -> Iterator[None]:
    hinted = [(f, f.marker_hint) for f in FAMILIES if f.marker_hint]
    for family, _ in hinted:
        object.__setattr__(family, "marker_hint", "")  # frozen dataclass: the bench's own swap
    try:
        yield
    finally:
        for family, hint in hinted:
            object.__setattr__(family, "marker_hint", hint)


@contextmanager
def _resolve_every_image() -> Iterator[None]:
    undo = _swap(images, "_PLAIN_ABSOLUTE", re.compile(r"(?!)"))
    try:
        yield
    finally:
        undo()


FAST_PATHS = (
    FastPath(
        "page index: skip a selector whose class, id or value the page lacks",
        "selectors.PageIndex",
        _no_page_index,
    ),
    FastPath(
        "XPath rewrites: attribute first, substring before class token", "selectors._compiled", _plain_xpath
    ),
    FastPath("fold: ASCII shortcut, cache of short texts, one regex", "textnorm.fold", _fold_by_character),
    FastPath(
        "long-tag guard: 2 KiB blocks instead of a split at every '>'",
        "parse._cut_long_tags",
        _split_long_tags,
    ),
    FastPath("family marker hint before the marker regexes", "Family.marker_hint", _no_marker_hints),
    FastPath(
        "menu links: a string test before parsing each link", "categories._may_end_in", _parse_every_menu_link
    ),
    FastPath(
        "plain absolute image URLs are not resolved again", "images._PLAIN_ABSOLUTE", _resolve_every_image
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
    rows = []
    for fp in FAST_PATHS:
        base, long, same = measure(fp, pages, rounds)
        b = statistics.median(base)
        saved, slower, pays = verdict(base, long)
        per_page = f"{1000 * saved / len(pages):+.3f} ({100 * saved / b:+.1f}%)"
        rows.append(
            [
                fp.name,
                f"`{fp.where}`",
                f"{1000 * b / len(pages):.2f}",
                f"{1000 * statistics.median(long) / len(pages):.2f}",
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
        f"Pages: {len(pages)} (real corpus articles + article fixtures). {rounds} rounds; in each, one pass "
        "over every page with the shortcut and one with its long way, in turns. *Saved*: the median "
        "over rounds of (long way - shortcut), per page; *rounds slower*: the share of rounds in which "
        "the long way took longer. It pays when it is slower in at least 3 rounds of 4 and saves at "
        f"least {MIN_SHARE:.0%} of the page time."
    )
    section.add(
        table(
            [
                "shortcut",
                "where",
                "ms/page",
                "long way",
                "saved per page",
                "rounds slower",
                "same output",
                "verdict",
            ],
            rows,
            "llrrrrll",
        )
    )
    return section
