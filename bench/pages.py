"""The article pages the extraction benchmarks run on: the real corpus (read in place from
``../shared``, when present) and our own golden fixtures."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from bench.common import FIXTURE_PAGES, REAL_CORPUS


@dataclass(frozen=True)
class Page:
    source: str  # "real" | "fixture"
    site: str
    file: str  # relative to its corpus root
    url: str
    html: bytes
    expected: dict | None = None  # the golden item of a fixture

    @property
    def label(self) -> str:
        return self.file


def real_corpus_available() -> bool:
    return (REAL_CORPUS / "MANIFEST.tsv").is_file()


def real_articles(root: Path | None = None) -> list[Page]:
    """Every ``page_kind == article`` HTML file of the manifest; [] when the corpus is absent."""
    root = root or REAL_CORPUS
    manifest = root / "MANIFEST.tsv"
    if not manifest.is_file():
        return []
    with manifest.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    pages = []
    for row in rows:
        if row.get("page_kind") != "article" or not row["file"].endswith((".html", ".htm")):
            continue
        path = root / row["file"]
        if not path.is_file():
            continue
        url = row["original_url"].split(" ")[0]  # some rows add "(from repo test code)"
        pages.append(Page("real", row["site"], row["file"], url, path.read_bytes()))
    return pages


def fixture_articles(root: Path = FIXTURE_PAGES) -> list[Page]:
    """Golden fixtures that are articles (the JSON is the expected item, not a refusal)."""
    pages = []
    for path in sorted(root.glob("*/*.html")):
        expected_path = path.with_suffix(".json")
        if not expected_path.is_file():
            continue
        expected = json.loads(expected_path.read_text("utf-8"))
        if "not_an_article" in expected or "url" not in expected or "title" not in expected:
            continue
        rel = f"{path.parent.name}/{path.name}"
        pages.append(Page("fixture", path.parent.name, rel, expected["url"], path.read_bytes(), expected))
    return pages
