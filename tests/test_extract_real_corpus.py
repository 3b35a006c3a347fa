"""Real saved pages (shared/corpus/real, read in place; skipped when absent).

Provincial papers with a profile (baocantho, baolaocai) and national sites without one (the
generic path): every article yields a title, a real body, a published time *with a time of day*
that matches a date shown near the title, and no listing is taken for an article. Field fill
rates over all article pages have floors, so a regression in the generic path shows up here.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from crawler.extract import NotAnArticle, extract_article
from crawler.extract.dom import text_content
from crawler.extract.parse import decode_html, parse_html, strip_noise
from crawler.items import schema_errors

REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "real"
MANIFEST = REAL / "MANIFEST.tsv"
pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason="shared/corpus/real is not available")


def _rows(kind: str) -> list[dict[str, str]]:
    if not MANIFEST.exists():
        return []
    with MANIFEST.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    return [r for r in rows if r["file"].endswith(".html") and r["page_kind"] == kind]


def _url(row: dict[str, str]) -> str:
    return row["original_url"].split(" ")[0]


ARTICLES = _rows("article")
LISTINGS = _rows("listing")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})")
_ITEMS: dict[str, dict] = {}


def _item(row: dict[str, str]) -> dict:
    if row["file"] not in _ITEMS:
        _ITEMS[row["file"]] = extract_article((REAL / row["file"]).read_bytes(), _url(row))
    return _ITEMS[row["file"]]


def _dates_near_title(row: dict[str, str], title: str) -> set[date]:
    """Dates written in the page text within a few thousand characters of the title."""
    root = parse_html(decode_html((REAL / row["file"]).read_bytes()))
    strip_noise(root)
    text = " ".join(text_content(root.find("body") if root.find("body") is not None else root).split())
    spots = [m.start() for m in re.finditer(re.escape(title[:40]), text)] or [len(text) // 2]
    window = " ".join(text[max(0, at - 2500) : at + 4000] for at in spots)
    found = set()
    for d, m, y in _DMY.findall(window):
        year = int(y) + (2000 if len(y) == 2 else 0)
        try:
            found.add(date(year, int(m), int(d)))
        except ValueError:
            continue
    return found


@pytest.mark.parametrize("row", ARTICLES, ids=lambda r: r["file"])
def test_article_page(row: dict[str, str]):
    item = _item(row)
    assert schema_errors(item) == []
    assert len(item["title"]) >= 10
    assert len(item["body"]) >= 500
    assert item["published_at"] is not None
    assert "date_without_time" not in item["flags"]
    published = datetime.fromisoformat(item["published_at"]).date()
    shown = _dates_near_title(row, item["title"])
    assert any(abs(published - d) <= timedelta(days=1) for d in shown), (published, sorted(shown))
    assert item["title"] not in item["body"][: len(item["title"]) + 5]


@pytest.mark.parametrize("row", LISTINGS, ids=lambda r: r["file"])
def test_listing_page_is_not_an_article(row: dict[str, str]):
    with pytest.raises(NotAnArticle):
        extract_article((REAL / row["file"]).read_bytes(), _url(row))


@pytest.mark.skipif(not ARTICLES, reason="no article pages")
def test_field_fill_rates():
    items = [_item(r) for r in ARTICLES]

    def rate(pred) -> float:
        return sum(1 for i in items if pred(i)) / len(items)

    assert rate(lambda i: i["lead"]) >= 0.9
    assert rate(lambda i: i["authors"]) >= 0.75
    assert rate(lambda i: i["category"]) >= 0.75
    assert rate(lambda i: i["tags"]) >= 0.8  # three of the pages show no tags (meta keywords are not tags)
    assert rate(lambda i: i["images"]) >= 0.9


def test_provincial_pages_exactly():
    """The two profiled provincial papers, field by field (values read off the saved pages)."""
    by_site = {r["site"]: r for r in ARTICLES}
    if "baocantho.com.vn" not in by_site or "baolaocai.vn" not in by_site:
        pytest.skip("provincial pages missing")
    cantho = _item(by_site["baocantho.com.vn"])
    assert (cantho["dateline"], cantho["authors"], cantho["published_at"]) == (
        "CTO",
        ["P.Y"],
        "2026-01-08T18:21:00+07:00",
    )
    assert cantho["categories"][-1] == "Cần Thơ" and cantho["lead"].startswith("Ngày 8-1")
    assert not cantho["body"].startswith("(CTO)") and "Tin, ảnh" not in cantho["body"]
    assert all(i["url"].startswith("https://baocantho.com.vn/image/") for i in cantho["images"])
    laocai = _item(by_site["baolaocai.vn"])
    assert (laocai["authors"], laocai["published_at"], laocai["category"]) == (
        ["Anh Dũng"],
        "2025-06-17T13:43:02+07:00",
        "Review Lào Cai",
    )
    assert laocai["tags"] == ["Thiếu tá Đoàn Thị Hạnh"]
    assert "Anh Dũng" not in laocai["body"]
