"""The benchmark's own yardsticks: its ground truth and its checks must be right, or its figures mean
nothing. (No timing here: benchmarks are run with ``python -m bench``, not asserted.)"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bench.__main__ import SECTIONS, parse_args
from bench.datetruth import NOW, TABLE_A, generate, is_correct
from bench.extract_bench import Fields, date_agrees, has_time_of_day
from bench.pagefacts import read
from bench.realpages import body_problems

VN = timezone(timedelta(hours=7))


def test_table_a_is_the_42_rows_of_dates_md():
    assert [c.row for c in TABLE_A] == [f"R{i}" for i in range(1, 43)]
    assert [c.row for c in TABLE_A if c.truth is None] == ["R31"]
    r6 = next(c for c in TABLE_A if c.row == "R6")
    assert r6.now == NOW and r6.truth == NOW - timedelta(hours=1)
    r30 = next(c for c in TABLE_A if c.row == "R30")
    assert r30.truth == datetime(2025, 10, 5, 8, 39, 59, tzinfo=UTC)


def test_accuracy_scores_wrong_answers_as_wrong():
    truth = datetime(2019, 1, 2, 20, 47, tzinfo=VN)
    assert is_correct(truth, truth)
    assert is_correct(None, None)
    assert not is_correct(truth.replace(tzinfo=None), truth)  # naive wall time
    assert not is_correct(truth.astimezone(UTC), truth)  # right instant, not in +07:00
    assert not is_correct(truth.replace(day=1, month=2), truth)  # day and month swapped
    assert not is_correct(None, truth)
    assert not is_correct(truth, None)  # a date invented for "2:28 am"


def test_generated_strings_cover_every_shape_with_true_weekdays():
    cases = generate()
    assert len(cases) >= 20_000
    assert {c.row for c in cases} == {c.row for c in TABLE_A}
    weekdays = {"Hai": 0, "Ba": 1, "Tư": 2, "Năm": 3, "Sáu": 4, "Bảy": 5}
    for case in (c for c in cases if c.row == "R36"):  # "Thứ Tư, 02/01/2019 - 20:47"
        m = re.match(r"(?:Thứ (\w+)|Chủ Nhật), (\d\d)/(\d\d)/(\d{4})", case.text)
        assert m, case.text
        shown = weekdays[m[1]] if m[1] else 6
        assert date(int(m[4]), int(m[3]), int(m[2])).weekday() == shown == case.truth.weekday()
    assert all(c.truth.day > 12 for c in cases if c.row == "R27")  # month/day order knowable


PAGE = """<html><head><title>x</title></head><body>
<nav><a href="/kinh-te">Kinh tế</a> <a href="/xa-hoi">Xã hội</a></nav>
<h1>Hội nghị tổng kết công tác dân vận năm 2018</h1>
<div class="date">Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)</div>
<figure><img src="a.jpg"><figcaption>Quang cảnh hội nghị tại hội trường tỉnh</figcaption></figure>
<p>Nội dung bài viết về công tác dân vận trong năm qua của các cấp ủy.</p>
<div class="related"><h3>Tin liên quan</h3>
<a href="/hoi-nghi-dan-van-khu-vuc-2011111.html">Hội nghị dân vận khu vực phía nam</a> (28/12/2018)</div>
</body></html>"""


def test_page_reference_is_the_date_next_to_the_headline_not_the_related_list():
    facts = read(PAGE.encode("utf-8"))
    assert facts.meta_date is None
    assert facts.reference.value == datetime(2019, 1, 2, 20, 47, tzinfo=VN)
    assert facts.visible_weekday == 2  # Thứ Tư
    with_meta = PAGE.replace(
        "<title>x</title>", '<meta property="article:published_time" content="2019-01-02T20:47:00+0700">'
    )
    assert read(with_meta.encode()).reference.source == "property=article:published_time"


def test_date_agreement_needs_the_same_day_and_minute():
    ref = read(PAGE.encode("utf-8")).reference
    assert date_agrees(Fields(published="2019-01-02T20:47:00+07:00"), ref)
    assert not date_agrees(Fields(published="2018-12-28T00:00:00+07:00"), ref)  # the related item's day
    assert not date_agrees(Fields(published="2019-01-02T08:47:00+07:00"), ref)  # same day, wrong time
    assert not date_agrees(Fields(), ref)
    assert not has_time_of_day("2019-01-02T00:00:00+07:00")
    assert has_time_of_day("2019-01-02T20:47:00+07:00")


def test_body_check_flags_captions_links_bylines_and_passes_clean_text():
    facts = read(PAGE.encode("utf-8"))
    clean = {
        "body": "Nội dung bài viết về công tác dân vận trong năm qua của các cấp ủy.",
        "authors": ["Thanh Tâm"],
    }
    assert body_problems(clean, facts) == []
    dirty = {
        "body": "\n\n".join(
            [
                clean["body"],
                "Quang cảnh hội nghị tại hội trường tỉnh",
                "Hội nghị dân vận khu vực phía nam",
                "Tin liên quan",
                "THANH TÂM",
                "Tin, ảnh: P.Y",
            ]
        ),
        "authors": ["Thanh Tâm"],
    }
    kinds = [p.split(":")[0] for p in body_problems(dirty, facts)]
    assert kinds == ["caption", "link text as a paragraph", "related-list heading", "byline", "byline/credit"]


def test_command_line_sections():
    assert parse_args(["--only", "timeparse,dedupe", "--quick"]).sections == ["timeparse", "dedupe"]
    assert parse_args([]).sections == list(SECTIONS)  # every section, in report order
    assert "discovery" in SECTIONS
    with pytest.raises(SystemExit):
        parse_args(["--only", "nonsense"])
