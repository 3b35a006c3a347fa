"""Golden pages: every fixture under tests/fixtures/pages/<site>/ extracts exactly to its JSON.

The HTML reproduces each CMS family's real markup (from shared/corpus and research/sites.md)
with our own text. An article's JSON is the expected item minus ``crawled_at``; a non-article's
JSON names the URL and a substring of the NotAnArticle reason.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.extract import NotAnArticle, extract_article
from crawler.items import ARTICLE_FIELDS, schema_errors

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
FETCHED_AT = datetime(2026, 6, 30, tzinfo=UTC)
CASES = sorted(p for p in PAGES.glob("*/*.html") if p.with_suffix(".json").exists())
ARTICLES = [p for p in CASES if "not_an_article" not in json.loads(p.with_suffix(".json").read_text("utf-8"))]
NON_ARTICLES = [p for p in CASES if p not in ARTICLES]


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def _expected(path: Path) -> dict:
    return json.loads(path.with_suffix(".json").read_text("utf-8"))


def test_fixture_set_covers_every_family_and_the_non_articles():
    families = {p.stem.split("-")[0] for p in ARTICLES}
    assert {"onecms", "zce", "filehex", "fck", "mediaupload", "vccorp", "wordpress", "legacy"} <= families
    assert len(NON_ARTICLES) >= 4


@pytest.mark.parametrize("path", ARTICLES, ids=_id)
def test_golden_item(path: Path):
    expected = _expected(path)
    item = extract_article(path.read_bytes(), expected["url"], fetched_at=FETCHED_AT)
    assert item.pop("crawled_at") == "2026-06-30T00:00:00+00:00"
    for field in expected:
        assert item[field] == expected[field], field
    assert item.keys() == expected.keys()


@pytest.mark.parametrize("path", ARTICLES, ids=_id)
def test_golden_item_is_schema_valid_and_complete(path: Path):
    item = extract_article(path.read_bytes(), _expected(path)["url"], fetched_at=FETCHED_AT)
    assert schema_errors(item) == []
    assert set(ARTICLE_FIELDS) - set(item) == {"revision", "near_duplicate_of"}


@pytest.mark.parametrize("path", ARTICLES, ids=_id)
def test_str_and_bytes_input_agree(path: Path):
    url = _expected(path)["url"]
    from_bytes = extract_article(path.read_bytes(), url, fetched_at=FETCHED_AT)
    from crawler.extract.parse import decode_html

    from_text = extract_article(decode_html(path.read_bytes()), url, fetched_at=FETCHED_AT)
    assert from_text == from_bytes


@pytest.mark.parametrize("path", NON_ARTICLES, ids=_id)
def test_non_article_pages_raise(path: Path):
    expected = _expected(path)
    with pytest.raises(NotAnArticle) as info:
        extract_article(path.read_bytes(), expected["url"], fetched_at=FETCHED_AT)
    message = str(info.value)
    assert expected["not_an_article"] in message
    assert "\n" not in message
