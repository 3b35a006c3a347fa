"""``scrapy merge``: the workers' JSON-lines files of a crawl -> one file, one line per article."""

from __future__ import annotations

import fcntl
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.commands.merge import parse_since
from crawler.scale.merge import collect_files, merge, run_started

REPO = Path(__file__).resolve().parents[1]


def _line(
    article: int, revision: int = 1, crawled: str = "2026-11-27T10:00:00+00:00", **extra: object
) -> bytes:
    record = {"id": f"baolamdong.vn:{article}", "title": f"Tin số {article} về Đà Lạt", "revision": revision}
    record.update(crawled_at=crawled, **extra)
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"


def _write(path: Path, *lines: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"".join(lines))
    return path


def _merged(files: list[Path]) -> tuple[list[dict], object]:
    out = io.BytesIO()
    report = merge(files, out)
    return [json.loads(x) for x in out.getvalue().splitlines()], report


def test_one_line_per_article_across_workers(tmp_path: Path) -> None:
    a = _write(tmp_path / "20261127T100000Z-aaaa.jsonl", _line(1), _line(2))
    b = _write(tmp_path / "20261127T100001Z-bbbb.jsonl", _line(3), _line(2))  # 2 written twice
    lines, report = _merged(collect_files([tmp_path]))
    assert [x["id"] for x in lines] == ["baolamdong.vn:1", "baolamdong.vn:2", "baolamdong.vn:3"]
    assert (report.lines, report.written, report.duplicates, report.superseded) == (4, 3, 1, 0)
    assert report.files == [a, b]


def test_highest_revision_wins_then_latest_crawl(tmp_path: Path) -> None:
    _write(tmp_path / "20261127T100000Z-a.jsonl", _line(7, 2, body="bản sửa lần hai"), _line(8, 1, body="cũ"))
    _write(
        tmp_path / "20261128T100000Z-b.jsonl",
        _line(7, 1, body="bản đầu"),  # an older revision read later still loses
        _line(8, 1, "2026-11-28T10:00:00+00:00", body="mới"),
    )
    lines, report = _merged(collect_files([tmp_path]))
    bodies = {x["id"]: x["body"] for x in lines}
    assert bodies == {"baolamdong.vn:7": "bản sửa lần hai", "baolamdong.vn:8": "mới"}
    assert (report.superseded, report.duplicates) == (1, 1)


def test_lines_are_copied_byte_for_byte_in_utf8(tmp_path: Path) -> None:
    raw = _line(5, body="Người dân Lâm Đồng đón mùa hoa dã quỳ")
    _write(tmp_path / "20261127T100000Z-a.jsonl", raw)
    out = io.BytesIO()
    merge(collect_files([tmp_path]), out)
    assert out.getvalue() == raw
    assert b"\\u" not in out.getvalue()


def test_killed_workers_part_file_counts_up_to_its_last_whole_line(tmp_path: Path) -> None:
    _write(
        tmp_path / "20261127T100000Z-dead.jsonl.part", _line(1), _line(2), b'{"id": "baolamdong.vn:3", "ti'
    )
    lines, report = _merged(collect_files([tmp_path]))
    assert [x["id"] for x in lines] == ["baolamdong.vn:1", "baolamdong.vn:2"]
    assert report.bad_lines == 0


def test_part_file_of_a_running_worker_is_skipped_and_reported(tmp_path: Path) -> None:
    live = _write(tmp_path / "20261127T100000Z-live.jsonl.part", _line(1))
    _write(tmp_path / "20261127T100000Z-done.jsonl", _line(2))
    fd = os.open(live, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the export pipeline holds it
        lines, report = _merged(collect_files([tmp_path]))
    finally:
        os.close(fd)
    assert [x["id"] for x in lines] == ["baolamdong.vn:2"]
    assert report.skipped_live == [live]


def test_unreadable_lines_are_skipped_and_counted(tmp_path: Path) -> None:
    _write(
        tmp_path / "20261127T100000Z-a.jsonl",
        _line(1),
        b"not json\n",
        b'{"title": "no id"}\n',
        b"\n",
        b"[1]\n",
    )
    lines, report = _merged(collect_files([tmp_path]))
    assert [x["id"] for x in lines] == ["baolamdong.vn:1"]
    assert report.bad_lines == 3 and len(report.bad_examples) == 3


def test_since_keeps_runs_started_then_or_later(tmp_path: Path) -> None:
    _write(tmp_path / "20261126T230000Z-old.jsonl", _line(1))
    new = _write(tmp_path / "20261127T010000Z-new.jsonl", _line(2))
    assert collect_files([tmp_path], since=parse_since("20261127T000000Z")) == [new]
    assert collect_files([tmp_path], since=parse_since("2026-11-27")) == [new]
    assert run_started(new).isoformat() == "2026-11-27T01:00:00+00:00"


def test_manifests_and_other_files_are_not_merged(tmp_path: Path) -> None:
    _write(tmp_path / "x" / "20261127T100000Z-a.jsonl", _line(1))
    _write(tmp_path / "x" / "20261127T100000Z-a.manifest.json", b"{}\n")
    _write(tmp_path / "x" / "state.sqlite", b"SQLite format 3\x00")
    assert [f.name for f in collect_files([tmp_path])] == ["20261127T100000Z-a.jsonl"]


@pytest.mark.parametrize("bad", ["yesterday", "2026-13-01", "27/11/2026"])
def test_since_refuses_what_it_cannot_read(bad: str) -> None:
    from scrapy.exceptions import UsageError

    with pytest.raises(UsageError, match="--since"):
        parse_since(bad)


def test_scrapy_merge_command(tmp_path: Path) -> None:
    out_dir = tmp_path / "output"
    _write(out_dir / "baolamdong" / "20261127T100000Z-a.jsonl", _line(1), _line(2))
    _write(out_dir / "baolamdong" / "20261127T100002Z-b.jsonl", _line(2), _line(3))
    _write(out_dir / "baocantho" / "20261127T100000Z-c.jsonl", _line(9))
    merged = tmp_path / "merged.jsonl"
    cmd = [sys.executable, "-m", "scrapy", "merge", "--spider", "baolamdong", "-s", f"OUTPUT_DIR={out_dir}"]
    proc = subprocess.run([*cmd, "-o", str(merged)], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["id"] for x in merged.read_text("utf-8").splitlines()] == [
        "baolamdong.vn:1",
        "baolamdong.vn:2",
        "baolamdong.vn:3",
    ]
    assert "4 lines read, 3 articles written, 1 duplicate lines" in proc.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "scrapy", "merge", str(tmp_path / "nowhere")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "no such file or directory" in missing.stderr
