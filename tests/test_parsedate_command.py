"""``scrapy parsedate``: run as a user would, in the project directory (scrapy.cfg found)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# A C locale without coercion: Python's own stdin/stdout would be ASCII here.
ASCII_LOCALE = {
    "LC_ALL": "C",
    "LANG": "C",
    "PYTHONCOERCECLOCALE": "0",
    "PYTHONUTF8": "0",
    "PYTHONIOENCODING": "",
}


def scrapy(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "parsedate", *args],
        cwd=REPO,
        input=stdin.encode("utf-8") if stdin is not None else None,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )


def lines(result: subprocess.CompletedProcess) -> list[str]:
    return result.stdout.decode("utf-8").split("\n")[:-1]


def test_arguments_give_one_line_each_and_empty_for_garbage() -> None:
    result = scrapy(
        "Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)",
        "không phải ngày tháng",
        "Sun, 05 Oct 2025 08:39:59 +0000",
        "20:47",
    )
    assert result.returncode == 0, result.stderr
    assert lines(result) == ["2019-01-02T20:47:00+07:00", "", "2025-10-05T15:39:59+07:00", ""]


def test_stdin_lines_in_order_with_a_c_locale() -> None:
    text = "02/01/2019 | 20:47\n\nrác\r\nThứ sáu, 6/8/2021, 01:08 (GMT+7)\nhôm qua\n"
    result = scrapy("--now", "2019-01-02T21:00", stdin=text, env=ASCII_LOCALE)
    assert result.returncode == 0, result.stderr
    assert lines(result) == [
        "2019-01-02T20:47:00+07:00",
        "",
        "",
        "2021-08-06T01:08:00+07:00",
        "2019-01-01T00:00:00+07:00",  # only read right when stdin is decoded as UTF-8
    ]


def test_vietnamese_arguments_with_a_c_locale() -> None:
    result = scrapy("--now", "2019-01-02T21:00", "hôm qua", "Thứ Tư, 02/01/2019", env=ASCII_LOCALE)
    assert result.returncode == 0, result.stderr
    assert lines(result) == ["2019-01-01T00:00:00+07:00", "2019-01-02T00:00:00+07:00"]


def test_now_anchors_relative_forms_naive_or_with_offset() -> None:
    naive = scrapy("--now", "2019-01-02T21:00", "2 giờ trước", "hôm qua")
    assert naive.returncode == 0, naive.stderr
    assert lines(naive) == ["2019-01-02T19:00:00+07:00", "2019-01-01T00:00:00+07:00"]
    utc = scrapy("--now", "2019-01-02T14:00:00+00:00", stdin="2 giờ trước\n")
    assert lines(utc) == ["2019-01-02T19:00:00+07:00"]


def test_bad_now_is_a_usage_error() -> None:
    result = scrapy("--now", "yesterday", "02/01/2019")
    assert result.returncode != 0
    assert b"--now" in result.stderr
    assert result.stdout == b""


def test_shapes_beyond_the_everyday_layouts() -> None:
    result = scrapy(
        "--now",
        "2026-12-07T21:00",
        "Tháng Mười Hai 7, 2026 8:15 chiều",
        "０７／１２／２０２６ ０８：１５",
        "1 giờ 30 phút trước",
        "tối qua lúc 8:30",
        "2 hours ago",
        "Monday, 07-Dec-26 08:15:00 ICT",
        "từ 1/12 đến 5/12/2026",
        "Nghị định 100/2019/NĐ-CP",
    )
    assert result.returncode == 0, result.stderr
    assert lines(result) == [
        "2026-12-07T20:15:00+07:00",
        "2026-12-07T08:15:00+07:00",
        "2026-12-07T19:30:00+07:00",
        "2026-12-06T20:30:00+07:00",
        "2026-12-07T19:00:00+07:00",
        "2026-12-07T08:15:00+07:00",
        "",
        "",
    ]
