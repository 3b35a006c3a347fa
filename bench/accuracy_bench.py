"""7. Field accuracy on the real corpus: every article page of ``../shared/corpus/real`` against the
hand-made gold of ``tests/gold/real_articles.json`` (annotated from the HTML, not from our output),
field by field (``bench.fieldscore``), for ``extract_article`` and the peers: trafilatura,
newspaper4k, news-please, and Fundus on the publishers it supports."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.common import REAL_CORPUS, REPO, Options, Section, pct, table
from bench.extract_bench import ISO_WITH_TIME
from bench.fieldscore import FIELDS, score, shown
from bench.pages import Page, real_articles, real_corpus_available

GOLD = REPO / "tests" / "gold" / "real_articles.json"
FUNDUS_RUNNER = REPO / "bench" / "fundus_runner.py"
# Fundus needs lxml<6 (the project needs lxml>=6): it runs in a venv of its own, see fundus_runner.py.
FUNDUS_PYTHONS = (REPO / ".." / "fundus-venv" / "bin" / "python", REPO / ".venv-fundus" / "bin" / "python")
TARGET = 0.97


def load_gold(path: Path = GOLD) -> list[dict]:
    return json.loads(path.read_text("utf-8"))


# --- the tools: each returns an item-shaped dict for a page, or raises -------------------------


def run_ours(page: Page) -> dict:
    from crawler.extract import extract_article

    return extract_article(page.html, page.url, fetched_at=datetime.now(UTC))


def make_trafilatura() -> Callable[[Page], dict]:
    import trafilatura

    params = {
        "original_date": True,
        "extensive_search": True,
        "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
        "outputformat": ISO_WITH_TIME,
    }

    def run(page: Page) -> dict:
        doc = trafilatura.bare_extraction(
            page.html, url=page.url, with_metadata=True, date_extraction_params=params
        )
        if doc is None:
            raise ValueError("bare_extraction returned None")
        authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
        return {
            "title": doc.title,
            "published_at": doc.date,
            "authors": authors,
            "category": (doc.categories or [None])[0],
            "tags": [t.strip() for t in (doc.tags or []) if t and t.strip()],
            "lead": doc.description,
            "body": doc.text,
        }

    return run


def make_newspaper() -> Callable[[Page], dict]:
    from newspaper import Article

    def run(page: Page) -> dict:
        article = Article(page.url, language="vi", fetch_images=False)  # no network
        article.download(input_html=page.html.decode("utf-8", "replace"))
        article.parse()
        return {
            "title": article.title,
            "published_at": article.publish_date,
            "authors": list(article.authors or []),
            "tags": sorted(article.tags or []),
            "lead": article.meta_description or None,
            "body": article.text,
        }

    return run


def make_newsplease() -> Callable[[Page], dict]:
    from newsplease import NewsPlease

    def run(page: Page) -> dict:
        article = NewsPlease.from_html(
            page.html.decode("utf-8", "replace"), url=page.url, fetch_images=False
        )  # fetch_images=False: no network
        return {
            "title": article.title,
            "published_at": article.date_publish,
            "updated_at": article.date_modify,
            "authors": list(article.authors or []),
            "lead": article.description,
            "body": article.maintext,
        }

    return run


def fundus_python() -> str | None:
    configured = os.environ.get("FUNDUS_PYTHON")
    if configured:
        return configured
    return next((str(p) for p in FUNDUS_PYTHONS if p.is_file()), None)


def run_fundus(pages: list[Page]) -> tuple[list[dict | None], str | None]:
    """Fundus's result per page ({"supported": False} outside its publishers), or a reason it did not run."""
    python = fundus_python()
    if python is None:
        return [None] * len(pages), "no Fundus venv (set FUNDUS_PYTHON; see bench/fundus_runner.py)"
    jobs = [{"path": str(REAL_CORPUS / p.file), "url": p.url} for p in pages]
    try:
        done = subprocess.run(
            [python, str(FUNDUS_RUNNER)],
            input=json.dumps(jobs),
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
        return json.loads(done.stdout), None
    except (OSError, subprocess.SubprocessError, ValueError) as exc:
        tail = getattr(exc, "stderr", "") or ""
        return [None] * len(pages), f"Fundus failed: {type(exc).__name__} {tail.strip()[-300:]}"


# --- scoring -------------------------------------------------------------------------------------


@dataclass
class Scored:
    name: str
    per_page: dict[str, dict[str, bool]] = field(default_factory=dict)  # file -> field -> right
    got: dict[str, dict | None] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # file -> why all wrong

    def add(self, gold: dict, got: dict | None, error: str | None = None) -> None:
        self.per_page[gold["file"]] = score(gold, got)
        self.got[gold["file"]] = got
        if error:
            self.errors[gold["file"]] = error

    def right(self, name: str | None = None) -> int:
        return sum(v for page in self.per_page.values() for f, v in page.items() if name in (None, f))

    def total(self, name: str | None = None) -> int:
        return sum(1 for page in self.per_page.values() for f in page if name in (None, f))

    @property
    def accuracy(self) -> float:
        return self.right() / self.total() if self.total() else 0.0


def score_tool(name: str, run: Callable[[Page], dict], golds: list[dict], pages: dict[str, Page]) -> Scored:
    scored = Scored(name)
    for gold in golds:
        page = pages.get(gold["file"])
        if page is None:
            scored.add(gold, None, "page missing from the corpus")
            continue
        try:
            scored.add(gold, run(page))
        except Exception as exc:
            scored.add(gold, None, f"{type(exc).__name__}: {str(exc)[:120]}")
    return scored


def score_all(golds: list[dict], pages: dict[str, Page]) -> tuple[list[Scored], Scored, str | None]:
    """(ours and the in-venv peers on every page, Fundus on its publishers, why Fundus did not run)."""
    tools: list[tuple[str, Callable[[], Callable[[Page], dict]]]] = [
        ("ours", lambda: run_ours),
        ("trafilatura", make_trafilatura),
        ("newspaper4k", make_newspaper),
        ("news-please", make_newsplease),
    ]
    results = []
    for name, factory in tools:
        try:
            run = factory()
        except Exception as exc:  # not installed: all wrong on every page
            run = _raiser(f"{name} unavailable: {type(exc).__name__}: {exc}")
        results.append(score_tool(name, run, golds, pages))
    fundus = Scored("Fundus")
    ordered = [g for g in golds if g["file"] in pages]
    outcomes, why = run_fundus([pages[g["file"]] for g in ordered])
    for gold, outcome in zip(ordered, outcomes, strict=True):
        if outcome is None or not outcome.get("supported"):
            continue
        fundus.add(gold, None if "error" in outcome else outcome, outcome.get("error"))
    return results, fundus, why


def _raiser(message: str) -> Callable[[Page], dict]:
    def run(page: Page) -> dict:
        raise RuntimeError(message)

    return run


def wrong_fields(scored: Scored, golds: list[dict]) -> list[tuple[str, str, str, str]]:
    """(file, field, got, expected) of every wrong field, in gold order."""
    rows = []
    for gold in golds:
        got = scored.got.get(gold["file"])
        for name, right in scored.per_page.get(gold["file"], {}).items():
            if right:
                continue
            if got is None:
                rows.append((gold["file"], name, scored.errors.get(gold["file"], "no item"), ""))
                continue
            value = got.get(name)
            if name == "body_first":
                value = (got.get("body") or "")[:160]
            elif name == "body_last":
                value = "…" + (got.get("body") or "")[-160:]
            rows.append((gold["file"], name, shown(value, 160), shown(gold.get(name), 160)))
    return rows


def _cell(scored: Scored, name: str | None) -> str:
    return f"{scored.right(name)}/{scored.total(name)}" if scored.total(name) else "–"


def run(options: Options) -> Section:
    section = Section("accuracy", "7. Field accuracy against the hand-made gold (shared/corpus/real)")
    if not real_corpus_available():
        section.add(
            f"**Skipped: `{REAL_CORPUS}` is absent** (the real corpus lives outside the repository, in "
            "`../shared`). Nothing was measured; run again where it exists."
        )
        section.target("field accuracy vs gold (ours)", f"≥ {TARGET:.0%}", "skipped (no ../shared)", None)
        return section
    warnings.filterwarnings("ignore")
    for name in ("trafilatura", "htmldate", "courlan", "newspaper", "newsplease", "readability"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    golds = load_gold()
    pages = {p.file: p for p in real_articles()}
    results, fundus, fundus_why = score_all(golds, pages)
    ours = results[0]
    subset = [f for f in fundus.per_page]
    ours_subset = Scored("ours (Fundus subset)")
    for gold in golds:
        if gold["file"] in subset:
            ours_subset.add(gold, ours.got[gold["file"]], ours.errors.get(gold["file"]))
    columns = [*results, fundus, ours_subset]
    header = [
        "field",
        *[s.name for s in results],
        f"Fundus ({len(subset)} pages)",
        f"ours on those {len(subset)}",
    ]
    rows = [[name, *[_cell(s, name) for s in columns]] for name in FIELDS]
    rows.append(["**all fields**", *[f"**{_cell(s, None)}**" for s in columns]])
    rows.append(["**accuracy**", *[f"**{pct(s.right(), s.total())}**" for s in columns]])
    section.add(
        f"Gold: `tests/gold/real_articles.json`, {len(golds)} article pages of "
        f"`shared/corpus/real/MANIFEST.tsv` annotated by reading each page's HTML (conventions and "
        "comparison rules: `tests/gold/README.md`, `bench/fieldscore.py`). Each cell is right/total. "
        "A refusal (NotAnArticle) or a crash counts every field of the page wrong. Peers get the page's "
        "bytes and URL: trafilatura `bare_extraction(with_metadata=True)` with its date search and an "
        "output format with a time; newspaper4k `Article(url, language='vi', fetch_images=False)` "
        "with `input_html`; news-please `NewsPlease.from_html(html, url=url, fetch_images=False)` "
        "(no image downloads, so no network). Fields a peer has no notion of (dateline, "
        "source attribution, often category, updated time, tags) are scored like any other: right "
        "only where the gold is empty too.\n\n" + table(header, rows, "l" + "r" * len(columns))
    )
    fundus_note = (
        f"Fundus ran on the pages of the publishers it supports: "
        f"{', '.join(sorted(set(f.split('/')[0] for f in subset))) or 'none'} "
        f"({len(subset)} of {len(golds)} pages; its only Vietnamese publisher is VnExpress). It runs "
        "in its own venv (it pins lxml<6; see `bench/fundus_runner.py`) and reports no updated time, "
        "dateline, source attribution or category."
    )
    if fundus_why:
        fundus_note = f"**Fundus did not run: {fundus_why}.**"
    notes = [fundus_note]
    for s in [*results, fundus]:
        for file, error in s.errors.items():
            notes.append(f"{s.name} on `{file}`: {error} (all fields wrong)")
    section.add("\n".join(f"- {n}" for n in notes))
    wrong = wrong_fields(ours, golds)
    by_page: dict[str, list[str]] = {}
    for file, name, _got, _want in wrong:
        by_page.setdefault(file, []).append(name)
    section.add(
        f"**Our wrong fields per page** ({len(wrong)} of {ours.total()}; "
        f"{sum(1 for g in golds if g['file'] not in by_page)} of {len(golds)} pages all right):\n\n"
        + table(["page", "wrong fields"], [[f, ", ".join(n)] for f, n in by_page.items()])
    )
    if wrong:
        section.add(
            "What we returned against the gold (body_first: the start of our body; body_last: its "
            "end):\n\n" + table(["page", "field", "ours", "gold"], [list(r) for r in wrong])
        )
    section.target(
        "field accuracy vs gold (ours)",
        f"≥ {TARGET:.0%}",
        f"{pct(ours.right(), ours.total())} ({ours.right()}/{ours.total()})",
        ours.accuracy >= TARGET,
    )
    best_peer = max(results[1:], key=lambda s: s.accuracy)
    section.target(
        "field accuracy above every peer",
        "ours > best peer",
        f"ours {pct(ours.right(), ours.total())}, best peer {best_peer.name} "
        f"{pct(best_peer.right(), best_peer.total())}",
        ours.accuracy > best_peer.accuracy,
    )
    return section


if __name__ == "__main__":  # quick look without the report: python -m bench.accuracy_bench
    print("\n\n".join(run(Options()).blocks), file=sys.stdout)
