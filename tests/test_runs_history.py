"""Run manifests read back: order, filters, the usual item count, and bad files skipped."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from crawler.runs import load_runs, runs_by_spider, usual_items

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def write(base: Path, spider: str, day: int, items: int, reason: str = "finished", **extra) -> Path:
    folder = base / spider
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"202612{day:02d}T010000-r{day}.manifest.json"
    data = {
        "spider": spider,
        "started_at": f"2026-12-{day:02d}T01:00:00+00:00",
        "finished_at": f"2026-12-{day:02d}T01:10:00+00:00",
        "finish_reason": reason,
        "counts": {
            "items_emitted": items,
            "new": items,
            "revised": 0,
            "errors": 0,
            "pages_dropped": {"not_article": 2, "not_article/listing": 2},
        },
        "files": [{"path": path.name.replace(".manifest.json", ".jsonl"), "lines": items}],
        "fill_rates": {"title": 1.0, "published_at": 0.5},
        **extra,
    }
    path.write_text(json.dumps(data), "utf-8")
    return path


def test_runs_are_read_oldest_first_and_filtered(tmp_path: Path) -> None:
    write(tmp_path, "baolamdong", 5, 30)
    write(tmp_path, "baolamdong", 3, 20)
    write(tmp_path, "baocantho", 4, 10, reason="shutdown", drift={"status": "alarm"})
    runs = load_runs(tmp_path)
    assert [(r.spider, r.items) for r in runs] == [("baolamdong", 20), ("baocantho", 10), ("baolamdong", 30)]
    cantho = runs[1]
    assert cantho.failed and cantho.drifting and cantho.dropped == 2
    assert cantho.items_file == tmp_path / "baocantho" / "20261204T010000-r4.jsonl"
    assert [r.items for r in load_runs(tmp_path, spiders=["baolamdong"])] == [20, 30]
    assert [r.items for r in load_runs(tmp_path, days=3, now=NOW)] == [30]
    assert set(runs_by_spider(runs)) == {"baolamdong", "baocantho"}


def test_usual_items_is_the_median_of_good_runs(tmp_path: Path) -> None:
    for day, items in ((1, 20), (2, 22), (3, 0), (4, 400)):
        write(tmp_path, "baolamdong", day, items, reason="finished" if day != 3 else "shutdown")
    history = load_runs(tmp_path)
    assert usual_items(history) == 22.0  # the failed run (0) is left out; 400 does not drag it
    assert usual_items([]) is None


def test_unreadable_manifests_are_skipped(tmp_path: Path, caplog) -> None:
    write(tmp_path, "baolamdong", 1, 5)
    (tmp_path / "baolamdong" / "broken.manifest.json").write_text("{half", "utf-8")
    (tmp_path / "baolamdong" / "other.manifest.json").write_text("[1, 2]", "utf-8")
    runs = load_runs(tmp_path)
    assert [r.items for r in runs] == [5]
    assert sum("Skipped" in r.getMessage() for r in caplog.records) == 2
