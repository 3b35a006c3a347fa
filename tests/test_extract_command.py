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


def test_explain_prints_each_field_with_its_source_and_element():
    fixture = PAGES / "baolaocai.vn" / "zce-article.html"
    expected = json.loads(fixture.with_suffix(".json").read_text("utf-8"))
    proc = run("--url", expected["url"], "--explain", str(fixture))
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode("utf-8").splitlines()
    assert lines[0] == f"url: {expected['url']}"
    assert lines[1] == "family: zce (decided by: fingerprint)"
    rows = {line.split()[0]: line for line in lines[2:]}
    assert expected["title"][:40] in rows["title"]
    assert rows["title"].split()[1].startswith(("family:zce", "site", "generic", "meta"))
    assert rows["body"].split()[1] in ("family:zce", "site", "generic")
    for name in ("title", "body", "published_at"):
        assert rows[name].split()[1] != "-", rows[name]  # a filled field always says where from
    assert "(empty)" in rows["updated_at"] and rows["updated_at"].split()[1] == "-"


def test_explain_of_a_refusal_gives_its_code_and_exit_2():
    fixture = PAGES / "baolamdong.vn" / "notarticle-listing.html"
    proc = run("--url", "https://baolamdong.vn/xa-hoi", "--explain", str(fixture))
    assert proc.returncode == 2
    out = proc.stdout.decode("utf-8").splitlines()
    assert out[-1].startswith("refused: listing: ")
    assert proc.stderr.decode("utf-8").strip().startswith("scrapy extract: error: not an article [listing]")
