"""``scrapy extract --url URL FILE`` in a subprocess, from the project directory."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = REPO / "tests" / "fixtures" / "pages"


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "extract", *args], cwd=REPO, capture_output=True, timeout=120
    )


def test_article_prints_one_json_object():
    fixture = PAGES / "baolaocai.vn" / "zce-article.html"
    expected = json.loads(fixture.with_suffix(".json").read_text("utf-8"))
    proc = run("--url", expected["url"], "--fetched-at", "2026-06-30T00:00:00+00:00", str(fixture))
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode("utf-8").splitlines()
    assert len(lines) == 1
    assert "\\u" not in lines[0] and "Bát Xát" in lines[0]  # UTF-8, not escaped
    item = json.loads(lines[0])
    assert item.pop("crawled_at") == "2026-06-30T00:00:00+00:00"
    assert item == expected


def test_listing_is_a_one_line_error_and_exit_2():
    fixture = PAGES / "baolamdong.vn" / "notarticle-listing.html"
    proc = run("--url", "https://baolamdong.vn/xa-hoi", str(fixture))
    assert proc.returncode == 2
    assert proc.stdout == b""
    err = proc.stderr.decode("utf-8").strip().splitlines()
    assert len(err) == 1 and "not an article" in err[0] and "listing" in err[0]


def test_unreadable_file_and_missing_url():
    proc = run("--url", "https://baomau.vn/a-1.html", str(PAGES / "khong-co-file.html"))
    assert proc.returncode == 2 and b"cannot read" in proc.stderr
    proc = run(str(PAGES / "baolaocai.vn" / "zce-article.html"))
    assert proc.returncode != 0 and b"--url is required" in proc.stderr
