"""The bundled sample archive (README's first command) is the v1 mini-site, and it crawls."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.replay import ReplayArchive
from tests.crawling import run_crawl
from tests.sites import baolamdong_minisite as site

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "tests" / "sites" / "baolamdong.warc.gz"


def test_sample_archive_matches_the_generator() -> None:
    """Regenerate with: python -m tests.sites.baolamdong_minisite tests/sites/baolamdong.warc.gz --warc"""
    archive = ReplayArchive.open(SAMPLE)
    pages = site.build("v1")
    assert len(archive) == len(pages)
    for url, (status, _ctype, body) in pages.items():
        recorded = archive.get(url)
        assert recorded is not None, url
        assert (recorded.status, recorded.body.decode("utf-8")) == (status, body)


def test_readme_crawl_replays_the_sample_with_default_seeds(tmp_path: Path) -> None:
    proc = run_crawl("baolamdong", SAMPLE, tmp_path, log_level="WARNING", timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    (out,) = tmp_path.glob("baolamdong/*.jsonl")
    ids = {json.loads(line)["id"] for line in out.read_text("utf-8").splitlines()}
    # Default seeds: the feed, the sitemaps and the section pages the sample has.
    assert {f"baolamdong.vn:{a.id}" for a in site.ARTICLES} <= ids
