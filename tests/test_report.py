"""``scrapy report``: one row per paper with what needs a look first, and the ``--html`` page, which
is opened in a real browser (headless Chromium) to see that its charts render.

Three papers, ten daily runs each: baolamdong is healthy; baocantho had new articles every day and
then none for six days (stale); baolaocai's last run lost most of its published_at and raised the
drift alarm (drifting).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from crawler.runs import load_runs
from crawler.runs.daily import articles_per_day
from crawler.runs.status import VN, format_table, paper_statuses

REPO = Path(__file__).resolve().parents[1]
NOW = datetime.now(UTC).replace(microsecond=0)
FULL = {"title": 1.0, "lead": 0.9, "body": 1.0, "authors": 0.8, "published_at": 0.98}


def write_run(base: Path, spider: str, started: datetime, items: list[dict], **manifest) -> Path:
    folder = base / spider
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{started:%Y%m%dT%H%M%S}-r{started:%d%H}"
    (folder / f"{stem}.jsonl").write_text(
        "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items), "utf-8"
    )
    dated = [i["published_at"] for i in items if i.get("published_at")]
    data = {
        "spider": spider,
        "run_id": stem,
        "started_at": started.isoformat(),
        "finished_at": (started + timedelta(minutes=5)).isoformat(),
        "finish_reason": "finished",
        "counts": {"items_emitted": len(items), "new": len(items), "revised": 0, "errors": 0},
        "newest_published_at": max(dated) if dated else None,
        "files": [{"path": f"{stem}.jsonl", "lines": len(items)}],
        "fill_rates": dict(FULL) if items else {},
        "drift": {"status": "ok", "below": []} if len(items) >= 5 else {"status": "too_few_pages"},
    }
    for key, value in manifest.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    path = folder / f"{stem}.manifest.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


def articles(spider: str, started: datetime, count: int, *, dated: int | None = None) -> list[dict]:
    """``count`` articles published in the hours before ``started``, the first ``dated`` with a date."""
    out = []
    for n in range(count):
        item = {"id": f"{spider}:{started:%m%d}{n}", "url": f"https://{spider}.vn/a-{started:%m%d}{n}.html"}
        item["title"] = f"Bài {n}"
        if dated is None or n < dated:
            published = (started - timedelta(hours=2 + n)).astimezone(VN)
            item["published_at"] = published.isoformat(timespec="seconds")
        out.append(item)
    return out


def make_history(base: Path, now: datetime = NOW) -> Path:
    for back in range(9, -1, -1):
        started = now - timedelta(days=back, hours=1)
        write_run(base, "baolamdong", started, articles("baolamdong", started, 8))
        stale_items = articles("baocantho", started, 6) if back >= 6 else []
        write_run(base, "baocantho", started, stale_items)
        if back:
            write_run(base, "baolaocai", started, articles("baolaocai", started, 10))
        else:
            write_run(
                base,
                "baolaocai",
                started,
                articles("baolaocai", started, 10, dated=4),
                fill_rates={"published_at": 0.4},
                drift={"status": "alarm", "below": ["published_at"], "fill_rates": {"published_at": 0.4}},
                counts={"errors": 2},
            )
    return base


def report(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "report", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


# -- the rules -------------------------------------------------------------------------------------


def test_stale_and_drifting_papers_are_marked_and_sorted_first(tmp_path: Path) -> None:
    statuses = paper_statuses(load_runs(make_history(tmp_path), now=NOW), now=NOW)
    by_name = {s.spider: s for s in statuses}
    assert [s.spider for s in statuses] == ["baolaocai", "baocantho", "baolamdong"]
    healthy, stale, drifting = by_name["baolamdong"], by_name["baocantho"], by_name["baolaocai"]
    assert not healthy.needs_look and healthy.drift == "ok"
    assert stale.stale and not stale.drifting
    assert stale.stale_after == timedelta(days=3)  # new items daily: 3 x 1 day
    assert timedelta(days=6) < stale.age < timedelta(days=6, hours=6)
    assert drifting.drifting and not drifting.stale and drifting.drift == "alarm"
    texts = [p.text for p in drifting.problems]
    assert "alarm (published_at 40%)" in texts
    assert "published_at filled 40% (was 98%)" in texts
    assert drifting.has("errors")


def test_the_table_lists_each_paper_with_its_problem(tmp_path: Path) -> None:
    statuses = paper_statuses(load_runs(make_history(tmp_path), now=NOW), now=NOW)
    lines = format_table(statuses).splitlines()
    assert lines[0].split()[:3] == ["paper", "last", "run"]
    drift_line, stale_line, healthy_line = lines[1:4]
    assert (
        drift_line.startswith("!")
        and "baolaocai" in drift_line
        and "drift: alarm (published_at 40%)" in drift_line
    )
    assert " 40% " in drift_line and " alarm " in drift_line
    assert stale_line.startswith("!") and "baocantho" in stale_line
    assert re.search(r"stale: nothing new for 6\.\d d \(usual: within 3\.0 d\)", stale_line)
    assert not healthy_line.startswith("!") and healthy_line.rstrip().endswith("ok")
    assert lines[-1] == "3 papers, 2 need a look (1 drifting, 1 stale, 1 with errors)"


def test_a_failed_last_run_comes_first(tmp_path: Path) -> None:
    make_history(tmp_path)
    write_run(tmp_path, "baolamdong", NOW - timedelta(minutes=30), [], finish_reason="shutdown")
    statuses = paper_statuses(load_runs(tmp_path, now=NOW), now=NOW)
    assert statuses[0].spider == "baolamdong"
    assert statuses[0].problems[0].text == "last run shutdown"


def test_replayed_old_pages_are_judged_by_runs_not_by_the_clock(tmp_path: Path) -> None:
    # Pages of 2019 replayed in runs an hour apart: the clock says nothing; six runs without
    # anything new after three that had some do.
    old = datetime(2019, 1, 2, 13, tzinfo=UTC)
    for n in range(9):
        started = NOW - timedelta(hours=9 - n)
        items = articles("baocantho", old + timedelta(days=n), 5) if n < 3 else []
        write_run(tmp_path, "baocantho", started, items)
        write_run(tmp_path, "baolamdong", started, articles("baolamdong", old + timedelta(days=n), 5))
    by_name = {s.spider: s for s in paper_statuses(load_runs(tmp_path, now=NOW), now=NOW)}
    assert by_name["baocantho"].stale
    assert by_name["baocantho"].problems[0].text == "nothing new in the last 6 runs (usually at most 0)"
    assert not by_name["baolamdong"].needs_look


def test_articles_per_day_reads_each_article_once(tmp_path: Path) -> None:
    make_history(tmp_path)
    # A revision of an article comes again in a later run: still one article.
    runs = load_runs(tmp_path, now=NOW)
    mine = [r for r in runs if r.spider == "baolamdong"]
    line = mine[0].items_file.read_text("utf-8").splitlines()[0]
    with mine[-1].items_file.open("a", encoding="utf-8") as out:
        out.write(line + "\n{not json\n")
    today = NOW.astimezone(VN).date()
    daily = articles_per_day(load_runs(tmp_path, now=NOW), since=today - timedelta(days=13), until=today)
    assert sum(daily["baolamdong"].values()) == 80
    assert sum(daily["baocantho"].values()) == 24
    assert sum(daily["baolaocai"].values()) == 94  # the last run: 4 of 10 dated


# -- the command -----------------------------------------------------------------------------------


def test_command_prints_the_table(tmp_path: Path) -> None:
    make_history(tmp_path / "out")
    proc = report("--output-dir", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert [line.split()[1] for line in lines[1:3]] == ["baolaocai", "baocantho"]
    assert "drift: alarm" in lines[1] and "stale: nothing new for 6." in lines[2]
    assert "baolamdong" in lines[3]


def test_unreadable_manifest_does_not_break_the_report(tmp_path: Path) -> None:
    out = make_history(tmp_path / "out")
    (out / "baolamdong" / "20991231T000000-x.manifest.json").write_text('{"spider": "baolam', "utf-8")
    (out / "baolamdong" / "x.jsonl").write_bytes(b"\xff\xfe not json\n")
    proc = report("--output-dir", str(out), "--html", str(tmp_path / "r.html"))
    assert proc.returncode == 0, proc.stderr
    assert "Skipped unreadable manifest" in proc.stderr and "20991231T000000-x" in proc.stderr
    assert len(proc.stdout.splitlines()) == 5
    assert "1 unreadable manifest(s) skipped" in (tmp_path / "r.html").read_text("utf-8")


def test_no_runs_and_bad_command_lines(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    proc = report("--output-dir", str(tmp_path / "empty"))
    assert (proc.returncode, proc.stdout.strip()) == (
        0,
        f"no runs in {tmp_path / 'empty'} in the last 14 days",
    )
    for args, message in (
        (["--output-dir", str(tmp_path / "missing")], "no output folder"),
        (["--output-dir", str(tmp_path / "empty"), "--days", "0"], "--days must be more than 0"),
        (["--output-dir", str(tmp_path / "empty"), "--days", "x"], "--days takes a number"),
        (
            ["--output-dir", str(tmp_path / "empty"), "--html", str(tmp_path / "no" / "r.html")],
            "cannot write",
        ),
    ):
        proc = report(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        err = proc.stderr.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("scrapy report: error: ") and message in err[0], err


def test_output_dir_defaults_to_the_setting(tmp_path: Path) -> None:
    make_history(tmp_path / "elsewhere")
    proc = report("-s", f"OUTPUT_DIR={tmp_path / 'elsewhere'}", "--days", "3")
    assert proc.returncode == 0, proc.stderr
    assert "3 papers, 2 need a look" in proc.stdout


# -- the page --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("report")
    make_history(base / "out")
    target = base / "report.html"
    proc = report("--output-dir", str(base / "out"), "--html", str(target))
    assert proc.returncode == 0, proc.stderr
    return target


def test_page_is_self_contained_with_both_charts(page: Path) -> None:
    text = page.read_text("utf-8")
    # Nothing to fetch: no script, stylesheet, image or font from elsewhere (xmlns are names only).
    assert not re.search(
        r"<script|<link|<img|<iframe|@import|url\(\s*['\"]?https?:|(?:src|href)=\"https?:", text
    )
    assert set(re.findall(r"https?://[^\"]+", text)) <= {
        "http://www.w3.org/2000/svg",
        "http://www.w3.org/1999/xlink",
    }
    assert text.count('<svg class="chart"') == 2
    assert 'id="chart-articles-per-day"' in text and 'id="chart-fill-rates"' in text
    assert "baocantho — STALE" in text and "baolaocai — DRIFT" in text
    assert '<span class="flag stale">stale</span>' in text and '<span class="flag drift">drift</span>' in text
    rows = re.findall(r'<tr class="look" data-paper="([a-z]+)">', text)
    assert rows == ["baolaocai", "baocantho"]
    assert '<tr data-paper="baolamdong">' in text


def find_browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


PROBE = """<script>
document.body.setAttribute("data-probe", JSON.stringify([...document.querySelectorAll("svg.chart")].map(s => {
  const box = s.getBoundingClientRect();
  return {id: s.id, width: box.width, height: box.height, shapes: s.querySelectorAll("path, use").length,
          text: [...s.querySelectorAll("text")].map(t => t.textContent).join(" ")};
})));
</script>"""


def test_charts_render_in_a_real_browser(page: Path, tmp_path: Path) -> None:
    browser = find_browser()
    if browser is None:
        if os.environ.get("VNNEWS_REQUIRE_BROWSER"):
            pytest.fail("no Chromium although VNNEWS_REQUIRE_BROWSER is set (.ci/run installs it)")
        pytest.skip("no Chromium here (Debian: apt-get install chromium; .ci/run installs it)")
    flags = [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1200,2000", "--virtual-time-budget=5000",
    ]  # fmt: skip
    # The page itself has no script: a copy gets a probe that measures the charts as laid out.
    probed = tmp_path / "probed.html"
    probed.write_text(page.read_text("utf-8").replace("</body>", PROBE + "</body>"), "utf-8")
    dom = subprocess.run(
        [*flags, "--dump-dom", probed.as_uri()], capture_output=True, text=True, timeout=60
    ).stdout
    found = re.search(r'data-probe="([^"]*)"', dom)
    assert found, dom[:500]
    charts = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    assert [c["id"] for c in charts] == ["chart-articles-per-day", "chart-fill-rates"]
    for chart in charts:
        assert chart["width"] > 600 and chart["height"] > 150, chart
        assert chart["shapes"] > 20, chart
        for name in ("baolamdong", "baocantho", "baolaocai"):
            assert name in chart["text"]
    assert "STALE" in charts[0]["text"] and "DRIFT" in charts[1]["text"]

    shot = tmp_path / "shot.png"
    subprocess.run([*flags, f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=60)
    assert shot.is_file() and shot.stat().st_size > 10_000
    from PIL import Image

    with Image.open(shot) as image:
        rgb = image.convert("RGB")
        assert rgb.size == (1200, 2000)
        colours = rgb.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 100  # not blank: text, bars, lines, tints
    count = {colour: n for n, colour in colours}
    assert count.get((0x1F, 0x77, 0xB4), 0) > 2000  # the bars of the articles chart
    assert count.get((0xFD, 0xEC, 0xEA), 0) > 2000  # the tint of the stale paper's panel
