"""``scrapy sites`` as a user runs it (subprocess in the project directory), and the generated
docs/SITES.md, which must be exactly what the registry says today."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from crawler.sites import SITES
from crawler.sites.docs import markdown

REPO = Path(__file__).resolve().parents[1]
# Python's own stdout would be ASCII under this locale; the command must still write UTF-8.
C_LOCALE = {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""}


def sites(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "sites", *args],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        env={**os.environ, **C_LOCALE},
    )


def test_table_has_one_aligned_row_per_spider() -> None:
    proc = sites()
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode("utf-8").splitlines()
    assert lines[0].split() == ["spider", "site", "source_name", "province", "family", "evidence"]
    assert len(lines) == len(SITES) + 1
    province_col = lines[0].index("province")
    row = next(line for line in lines if line.startswith("baolamdong "))
    assert row[province_col:].startswith("Lâm Đồng ")
    assert "Báo Lâm Đồng" in row and "onecms" in row and row.endswith("crawler-config")
    assert {line.split()[0] for line in lines[1:]} == {s.spider for s in SITES}


def test_json_lists_every_site_with_the_documented_keys() -> None:
    proc = sites("--json")
    assert proc.returncode == 0, proc.stderr
    assert b"\\u" not in proc.stdout  # UTF-8, not escapes
    data = json.loads(proc.stdout.decode("utf-8"))
    assert [d["spider"] for d in data] == [s.spider for s in SITES]
    for d in data:
        assert {"spider", "site", "source_name", "province", "family", "evidence"} <= d.keys()
    cantho = next(d for d in data if d["spider"] == "baocantho")
    assert cantho["site"] == "baocantho.com.vn" and cantho["evidence"] == "real-page"
    assert cantho["absorbed"] == ["Sóc Trăng", "Hậu Giang"]
    assert cantho["feeds"] == ["https://baocantho.com.vn/rss/thoi-su.rss"]
    dongkhoi = next(d for d in data if d["spider"] == "baodongkhoi")
    assert (dongkhoi["role"], dongkhoi["province"]) == ("archive", "Vĩnh Long")
    assert "baodongkhoi.vn" in dongkhoi["domains"]


def test_markdown_option_prints_the_docs_page() -> None:
    proc = sites("--markdown")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode("utf-8") == markdown()


def test_bad_arguments_are_a_usage_error() -> None:
    proc = sites("--json", "--markdown")
    assert proc.returncode != 0 and b"exclude" in proc.stderr


def test_committed_docs_page_is_the_generated_one() -> None:
    committed = (REPO / "docs" / "SITES.md").read_text("utf-8")
    assert committed == markdown(), "run: python -m crawler.sites.docs > docs/SITES.md"


def test_docs_page_has_every_spider_and_its_evidence() -> None:
    page = markdown()
    for site in SITES:
        row = next(line for line in page.splitlines() if line.startswith(f"| `{site.spider}` |"))
        assert f"| {site.province} |" in row and f"| {site.evidence} |" in row
    assert "| real-page | 2 |" in page
