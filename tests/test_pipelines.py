"""validate -> dedupe -> JSON-lines export, with real Crawler objects and a temporary OUTPUT_DIR."""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy.exceptions import DropItem, NotConfigured

import crawler as crawler_package
from crawler.items import ARTICLE_FIELDS, ArticleItem, schema_errors
from crawler.store import SeenStore
from crawler.textnorm import content_hash
from pipelines import export as export_module
from pipelines.dedupe import DedupePipeline
from pipelines.export import JsonLinesExportPipeline, encode_line, git_commit, recover_killed_runs
from pipelines.validate import ValidatePipeline
from tests.pipeline_helpers import BODY_BORDER, BODY_FLOWERS, BODY_RICE, close, emit, make_crawler, make_item

REPO = Path(__file__).resolve().parents[1]


class Run:
    """One crawl's pipelines over a shared OUTPUT_DIR; ``feed`` does what Scrapy's scraper does."""

    def __init__(self, output_dir: Path, **settings: Any) -> None:
        self.crawler = make_crawler(output_dir, **settings)
        self.validate = ValidatePipeline.from_crawler(self.crawler)
        self.dedupe = DedupePipeline.from_crawler(self.crawler)
        self.export = JsonLinesExportPipeline.from_crawler(self.crawler)
        self.dedupe.open_spider()
        self.export.open_spider()

    @property
    def stats(self) -> dict[str, Any]:
        return self.crawler.stats.get_stats()

    def feed(self, item: Any) -> Any | None:
        """The emitted item, or None when a pipeline dropped it."""
        try:
            for stage in (self.validate, self.dedupe, self.export):
                item = stage.process_item(item)
        except DropItem as exc:
            from scrapy import signals

            self.crawler.signals.send_catch_log(
                signals.item_dropped, item=item, response=None, spider=self.crawler.spider, exception=exc
            )
            return None
        emit(self.crawler, item)
        return item

    def finish(self, reason: str = "finished") -> dict[str, Any]:
        self.export.close_spider()
        close(self.crawler, reason)
        return json.loads(self.export.manifest_path.read_text("utf-8"))

    def lines(self) -> list[dict[str, Any]]:
        path = self.export.final_path if self.export.final_path.exists() else self.export.part_path
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture
def run(tmp_path: Path) -> Iterator[Run]:
    r = Run(tmp_path)
    yield r
    close(r.crawler)


# --- validate ---------------------------------------------------------------------------------


def _validate(item: Any, tmp_path: Path) -> tuple[Any, dict[str, Any]]:
    crawler = make_crawler(tmp_path)
    pipeline = ValidatePipeline.from_crawler(crawler)
    try:
        return pipeline.process_item(item), crawler.stats.get_stats()
    except DropItem:
        return None, crawler.stats.get_stats()


def test_validate_normalises_text_and_recomputes_derived_fields(tmp_path: Path) -> None:
    decomposed = "Đà Lạt".replace("à", "a\u0300").replace("ạ", "a\u0323")  # "tổ hợp" form
    item = ArticleItem(
        **make_item(
            title=f"  {decomposed}\u00a0chuẩn bị\u200b lễ hội  ",
            body="  Đoạn   một\ncòn tiếp.  \n \n\n\n Đoạn\thai. ",
            lead="   ",
            authors=[" Minh  Thư ", "Minh Thư", ""],
            tags="Đà Lạt",
            word_count=999,
            content_hash="0" * 32,
        )
    )
    del item["dateline"]
    out, _ = _validate(item, tmp_path)
    assert out is item
    assert out["title"] == "Đà Lạt chuẩn bị lễ hội"
    assert out["body"] == "Đoạn một còn tiếp.\n\nĐoạn hai."
    assert out["word_count"] == 6
    assert out["content_hash"] == content_hash(out["title"], out["body"])
    assert out["lead"] is None and out["dateline"] is None
    assert out["authors"] == ["Minh Thư"]
    assert out["tags"] == ["Đà Lạt"]
    assert schema_errors(dict(out)) == []


def test_validate_accepts_body_paragraph_lists_and_aware_datetimes(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    item = make_item()
    item["body"] = ["Đoạn một.", "  ", "Đoạn hai."]
    item["published_at"] = datetime(2026, 3, 2, 1, 15, tzinfo=UTC)
    item["crawled_at"] = datetime(2026, 3, 2, 2, 0, 30, 500, tzinfo=UTC)
    out, _ = _validate(item, tmp_path)
    assert out["body"] == "Đoạn một.\n\nĐoạn hai."
    assert out["published_at"] == "2026-03-02T08:15:00+07:00"
    assert out["crawled_at"] == "2026-03-02T02:00:30+00:00"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"title": None}, "no_title"),
        ({"title": " \u200b "}, "no_title"),
        ({"body": ""}, "no_body"),
        ({"body": "\n\n \n"}, "no_body"),
        ({"title": 123}, "schema:title"),
        ({"body": {"text": "x"}}, "schema:body"),
        ({"published_at": "02/03/2026 08:15"}, "schema:published_at"),
        ({"id": "Bao Lam Dong:1"}, "schema:id"),
        ({"url": None}, "schema:url"),
        ({"language": "en"}, "schema:language"),
        ({"authors": 7}, "schema:authors"),
        ({"surprise": True}, "schema:additional_property"),
    ],
)
def test_invalid_items_are_dropped_and_counted_by_reason(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, change: dict, reason: str
) -> None:
    item = {**make_item(), **change}
    with caplog.at_level(logging.WARNING, logger="pipelines.validate"):
        out, stats = _validate(item, tmp_path)
    assert out is None
    assert stats == {f"item_dropped/{reason}": 1}
    warning = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warning) == 1 and reason in warning[0].getMessage()
    if isinstance(item.get("url"), str):
        assert item["url"] in warning[0].getMessage()


def test_missing_required_field_is_named(tmp_path: Path) -> None:
    item = make_item()
    del item["source_name"]
    _, stats = _validate(item, tmp_path)
    assert stats == {"item_dropped/schema:source_name": 1}


@pytest.mark.parametrize("thing", [None, 42, "một chuỗi", ["a", "b"]])
def test_non_items_are_dropped_not_crashed_on(tmp_path: Path, thing: Any) -> None:
    out, stats = _validate(thing, tmp_path)
    assert out is None and stats == {"item_dropped/not_an_item": 1}


def test_malformed_images_are_removed_and_counted(tmp_path: Path) -> None:
    good = {"url": "https://baolamdong.vn/a.jpg", "caption": "  Hoa  "}
    item = make_item(images=[good, dict(good), "x.jpg", {"url": "/relative.jpg"}, {"caption": "?"}, None])
    out, stats = _validate(item, tmp_path)
    assert out["images"] == [{"url": "https://baolamdong.vn/a.jpg", "caption": "Hoa"}]
    assert stats == {"validate/image_removed": 5}


_ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.lists(st.one_of(st.none(), st.text(max_size=10), st.integers()), max_size=3),
    st.dictionaries(st.text(max_size=5), st.one_of(st.none(), st.text(max_size=10)), max_size=2),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=st.dictionaries(st.sampled_from(ARTICLE_FIELDS), _ODD, max_size=4))
def test_odd_values_never_crash_and_never_pass_invalid(tmp_path: Path, changes: dict) -> None:
    out, stats = _validate({**make_item(), **changes}, tmp_path)
    if out is None:
        assert len(stats) == 1 and next(iter(stats)).startswith("item_dropped/")
    else:
        assert schema_errors(dict(out)) == []


# --- dedupe -----------------------------------------------------------------------------------


def test_new_unchanged_revised_across_two_runs(tmp_path: Path) -> None:
    first = Run(tmp_path)
    emitted = first.feed(ArticleItem(**make_item()))
    assert emitted is not None and (emitted["revision"], emitted["near_duplicate_of"]) == (1, None)
    assert first.feed(ArticleItem(**make_item())) is None  # the same article again in this run
    assert first.stats["dedupe/new"] == 1 and first.stats["dedupe/unchanged"] == 1
    first.finish()

    second = Run(tmp_path)
    assert second.feed(ArticleItem(**make_item())) is None
    revised = second.feed(ArticleItem(**make_item(body=BODY_FLOWERS + "\n\nLịch diễn có thay đổi.")))
    assert revised is not None and revised["revision"] == 2
    manifest = second.finish()
    assert (manifest["counts"]["unchanged"], manifest["counts"]["revised"]) == (1, 1)
    assert [x["revision"] for x in second.lines()] == [2]

    third = Run(tmp_path)
    assert third.feed(ArticleItem(**make_item(body=BODY_FLOWERS + "\n\nLịch diễn có thay đổi."))) is None
    third.finish()


def test_two_versions_in_flight_in_one_run(run: Run) -> None:
    """Scrapy processes items concurrently: the store is written only at emission, so in-flight
    items are compared with each other too."""
    a1 = run.dedupe.process_item(run.validate.process_item(ArticleItem(**make_item())))
    with pytest.raises(DropItem):
        run.dedupe.process_item(run.validate.process_item(ArticleItem(**make_item())))
    a2 = run.dedupe.process_item(run.validate.process_item(ArticleItem(**make_item(body=BODY_RICE))))
    assert (a1["revision"], a2["revision"]) == (1, 2)
    emit(run.crawler, a1)
    emit(run.crawler, a2)
    stored = run.dedupe.store.get(a1["id"])
    assert stored is not None and (stored.revision, stored.content_hash) == (2, a2["content_hash"])


def test_an_item_that_was_not_emitted_is_not_remembered(tmp_path: Path) -> None:
    """A later stage failed (e.g. the disk was full): the next run must emit the article again."""
    first = Run(tmp_path)
    item = first.dedupe.process_item(first.validate.process_item(ArticleItem(**make_item())))
    from scrapy import signals

    first.crawler.signals.send_catch_log(
        signals.item_error, item=item, response=None, spider=first.crawler.spider, failure=None
    )
    assert first.feed(ArticleItem(**make_item())) is not None  # not "unchanged" within the run either
    close(first.crawler)
    assert SeenStore(tmp_path / "testsite" / "state.sqlite").get(item["id"]) is not None

    second = Run(tmp_path / "other")
    item = second.dedupe.process_item(second.validate.process_item(ArticleItem(**make_item())))
    second.crawler.signals.send_catch_log(
        signals.item_error, item=item, response=None, spider=second.crawler.spider, failure=None
    )
    close(second.crawler)
    assert SeenStore(tmp_path / "other" / "testsite" / "state.sqlite").get(item["id"]) is None


def test_near_duplicate_is_flagged_not_dropped(run: Run) -> None:
    original = run.feed(ArticleItem(**make_item(1, site="baocantho.com.vn")))
    copy_body = "Theo TTXVN, " + BODY_FLOWERS.replace("mười ngày", "chín ngày")
    copy = run.feed(
        ArticleItem(**make_item(2, site="baolaocai.vn", title="Lễ hội hoa Đà Lạt", body=copy_body))
    )
    unrelated = run.feed(ArticleItem(**make_item(3, body=BODY_BORDER)))
    assert original is not None and original["near_duplicate_of"] is None
    assert copy is not None and copy["near_duplicate_of"] == "baocantho.com.vn:1"
    assert unrelated is not None and unrelated["near_duplicate_of"] is None
    assert run.stats["dedupe/near_duplicate"] == 1


def test_short_bodies_are_never_near_duplicates(run: Run) -> None:
    caption = "Ảnh: Minh Thư. Video: Lâm Đồng."
    run.feed(ArticleItem(**make_item(1, body=caption)))
    second = run.feed(ArticleItem(**make_item(2, body=caption)))
    assert second is not None and second["near_duplicate_of"] is None


def test_unchanged_article_under_a_new_url_remembers_that_url(tmp_path: Path) -> None:
    first = Run(tmp_path)
    first.feed(ArticleItem(**make_item()))
    alias = "https://baolamdong.vn/van-hoa/le-hoi-hoa.html?utm_source=facebook"
    assert first.feed(ArticleItem(**make_item(url=alias))) is None
    assert first.dedupe.store.lookup_url("https://baolamdong.vn/van-hoa/le-hoi-hoa.html") == make_item()["id"]
    first.finish()


def test_dedupe_drops_items_without_identity(run: Run) -> None:
    with pytest.raises(DropItem):
        run.dedupe.process_item({"url": "https://baolamdong.vn/x-1.html"})
    with pytest.raises(DropItem):
        run.dedupe.process_item("không phải item")
    assert run.stats["item_dropped/no_id"] == 2


# --- export -----------------------------------------------------------------------------------


def test_export_lines_are_whole_schema_valid_utf8_json_in_schema_order(run: Run) -> None:
    run.feed(ArticleItem(**make_item(1)))
    run.feed(ArticleItem(**make_item(2, body=BODY_RICE, lead=None, tags=[], authors=[])))
    assert run.export.part_path.exists() and not run.export.final_path.exists()
    run.finish()
    assert not run.export.part_path.exists()
    raw = run.export.final_path.read_bytes()
    assert raw.endswith(b"\n") and b"\\u" not in raw and "Đà Lạt".encode() in raw
    for line in raw.decode("utf-8").splitlines():
        item = json.loads(line)
        assert schema_errors(item) == []
        assert list(item) == [f for f in ARTICLE_FIELDS if f in item]
        assert "revision" in item and "near_duplicate_of" in item


def test_file_names_and_manifest(run: Run) -> None:
    run.feed(ArticleItem(**make_item(1, published_at="2026-03-02T08:15:00+07:00")))
    run.feed(ArticleItem(**make_item(2, body=BODY_RICE, published_at="2026-03-03T06:00:00+07:00", lead=None)))
    run.feed(ArticleItem(**make_item(3, body=BODY_BORDER, published_at=None, tags=[], images=[])))
    run.feed(ArticleItem(**make_item(1)))  # unchanged
    run.feed(make_item(4, title=""))  # no_title
    run.crawler.stats.set_value("downloader/response_count", 7)
    run.crawler.stats.set_value("incremental/skipped", 5)
    run.crawler.stats.set_value("httperror/response_ignored_status_count/404", 2)
    run.crawler.stats.set_value("page_dropped/not_article", 1)
    manifest = run.finish("closespider_itemcount")

    stem = run.export.final_path.name.removesuffix(".jsonl")
    assert re.fullmatch(r"\d{8}T\d{6}Z-[0-9a-f]{8}", stem)
    assert stem.endswith(manifest["run_id"])
    assert run.export.manifest_path.name == f"{stem}.manifest.json"
    assert manifest["spider"] == "testsite"
    assert manifest["finish_reason"] == "closespider_itemcount"
    assert manifest["code_version"]["version"] == crawler_package.__version__
    commit = manifest["code_version"]["git_commit"]
    assert commit is None or re.fullmatch(r"[0-9a-f]{40}", commit)
    assert manifest["started_at"] <= manifest["finished_at"]
    counts = manifest["counts"]
    assert counts["items_emitted"] == 3
    assert counts["items_dropped"] == {"no_title": 1}
    assert (counts["new"], counts["unchanged"], counts["revised"]) == (3, 1, 0)
    assert (counts["pages_downloaded"], counts["incremental_skipped"]) == (7, 5)
    assert counts["http_errors"] == {"404": 2} and counts["pages_dropped"]["not_article"] == 1
    assert manifest["newest_published_at"] == "2026-03-03T06:00:00+07:00"
    assert manifest["files"] == [
        {"path": f"{stem}.jsonl", "lines": 3, "bytes": run.export.final_path.stat().st_size}
    ]
    rates = manifest["fill_rates"]
    assert rates["title"] == 1.0 and rates["body"] == 1.0
    assert rates["lead"] == round(2 / 3, 4) and rates["published_at"] == round(2 / 3, 4)
    assert rates["tags"] == round(2 / 3, 4) and rates["images"] == round(2 / 3, 4)


def test_empty_run_still_has_a_file_and_a_manifest(run: Run) -> None:
    manifest = run.finish()
    assert run.export.final_path.read_bytes() == b""
    assert manifest["counts"]["items_emitted"] == 0
    assert manifest["newest_published_at"] is None
    assert set(manifest["fill_rates"].values()) == {None}


def test_two_runs_in_the_same_second_do_not_collide(tmp_path: Path) -> None:
    a, b = Run(tmp_path), Run(tmp_path)
    assert a.export.part_path != b.export.part_path
    a.finish()
    b.finish()
    assert len(list((tmp_path / "testsite").glob("*.jsonl"))) == 2


@pytest.mark.parametrize("name", ["../../escape", "/tmp/abs", "..", "a/../../b"])
def test_spider_name_cannot_steer_paths_outside_output_dir(tmp_path: Path, name: str) -> None:
    out = tmp_path / "out"
    r = Run(out, spider_name=name)
    r.feed(ArticleItem(**make_item()))
    r.finish()
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written and all(out.resolve() in p.resolve().parents for p in written)
    assert r.export.final_path.parent.parent == out.resolve()


def test_export_can_be_switched_off(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        JsonLinesExportPipeline.from_crawler(make_crawler(tmp_path, JSONL_EXPORT_ENABLED=False))


def test_a_full_disk_leaves_no_half_line_and_stops(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    run.feed(ArticleItem(**make_item(1)))
    real_write = os.write

    def half_then_enospc(fd: int, data: bytes) -> int:
        if fd == run.export._fd:
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(export_module.os, "write", half_then_enospc)
    assert run.feed(ArticleItem(**make_item(2, body=BODY_RICE))) is None
    monkeypatch.setattr(export_module.os, "write", real_write)
    assert run.feed(ArticleItem(**make_item(3, body=BODY_BORDER))) is None  # the export stays stopped
    assert run.stats["item_dropped/export_failed"] == 2
    raw = run.export.part_path.read_bytes()
    assert raw.endswith(b"\n") and [json.loads(x)["id"] for x in raw.splitlines()] == ["baolamdong.vn:1"]
    manifest = run.finish()
    assert manifest["finish_reason"] == "export_error" and "No space left" in manifest["export_error"]
    # the failed items were not recorded as emitted: the next run emits them
    assert run.dedupe._pending == {}
    store = SeenStore(run.export.directory / "state.sqlite")
    assert store.get("baolamdong.vn:2") is None and store.get("baolamdong.vn:1") is not None


def test_short_writes_are_completed(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write
    monkeypatch.setattr(export_module.os, "write", lambda fd, data: real_write(fd, bytes(data[:100])))
    run.feed(ArticleItem(**make_item(1)))
    monkeypatch.setattr(export_module.os, "write", real_write)
    assert run.lines()[0]["id"] == "baolamdong.vn:1"


def test_unserialisable_values_cost_the_item_only(run: Run) -> None:
    item = make_item(1)
    run.crawler.stats.set_value("x", 0)
    with pytest.raises(DropItem):
        run.export.process_item({**item, "images": [{"url": "https://a.vn/x.jpg", "caption": object()}]})
    assert run.stats["item_dropped/export_unserializable"] == 1
    assert run.feed(ArticleItem(**make_item(2))) is not None


def test_encode_line_orders_schema_fields_first() -> None:
    line = encode_line({"zzz": 1, "title": "Tiêu đề", "id": "a.vn:1"})
    assert line == '{"id":"a.vn:1","title":"Tiêu đề","zzz":1}\n'.encode()


def test_git_commit_reads_refs_without_git(tmp_path: Path) -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    (tmp_path / ".git" / "refs" / "heads").mkdir(parents=True)
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / ".git" / "packed-refs").write_text(f"# pack-refs\n{sha} refs/heads/main\n")
    (tmp_path / "pkg").mkdir()
    assert git_commit(tmp_path / "pkg" / "mod.py") == sha
    (tmp_path / ".git" / "refs" / "heads" / "main").write_text(sha.replace("0", "f") + "\n")
    assert git_commit(tmp_path / "pkg" / "mod.py") == sha.replace("0", "f")


# --- crash safety -----------------------------------------------------------------------------


def test_killed_run_leaves_whole_lines_and_an_intact_store(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.pipeline_helpers", "crash-worker", str(tmp_path)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        ready = proc.stdout.readline()
        assert ready.strip() == "ready", proc.stderr.read() if proc.stderr else ""
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    spider_dir = tmp_path / "testsite"
    (part,) = spider_dir.glob("*.jsonl.part")
    assert not list(spider_dir.glob("*.manifest.json"))
    raw = part.read_bytes()
    assert raw.endswith(b"\n")
    ids = []
    for line in raw.splitlines():
        item = json.loads(line)
        assert schema_errors(item) == []
        ids.append(item["id"])
    assert len(ids) >= 40 and len(ids) == len(set(ids))

    db = sqlite3.connect(spider_dir / "state.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    recorded = {row[0] for row in db.execute("SELECT id FROM articles")}
    db.close()
    # the store never claims an article that is not in the output (it records after the write)
    assert recorded <= set(ids) and len(recorded) >= len(ids) - 1

    # the next run finishes the killed run's file so that readers of *.jsonl get its articles
    nxt = Run(tmp_path)
    assert not part.exists()
    recovered = part.with_name(part.name.removesuffix(".part"))
    assert recovered.read_bytes() == raw
    manifest = json.loads(recovered.with_name(recovered.name.replace(".jsonl", ".manifest.json")).read_text())
    assert manifest["finish_reason"] == "killed" and manifest["counts"]["items_emitted"] == len(ids)
    nxt.finish()


def test_recovery_trims_a_torn_last_line_and_leaves_live_files_alone(tmp_path: Path) -> None:
    live = Run(tmp_path)
    live.feed(ArticleItem(**make_item(1)))
    spider_dir = live.export.directory
    assert spider_dir is not None
    dead = spider_dir / "20260101T000000Z-deadbeef.jsonl.part"
    dead.write_bytes(b'{"id":"a"}\n{"id":"b"}\n{"id":"c", "bo')
    assert recover_killed_runs(spider_dir) == [spider_dir / "20260101T000000Z-deadbeef.jsonl"]
    assert (spider_dir / "20260101T000000Z-deadbeef.jsonl").read_bytes() == b'{"id":"a"}\n{"id":"b"}\n'
    assert live.export.part_path.exists()  # locked by its running writer
    live.finish()
    assert live.lines()[0]["id"] == "baolamdong.vn:1"
