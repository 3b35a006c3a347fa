"""``scrapy verify``: the verdict per paper on replayed sites, the reasons in words, the JSON,
fixtures from a verification, and one-line errors for bad command lines."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.extract import extract_article
from crawler.sites import get_site
from crawler.verify.checks import ArticleCheck, SeedCheck, Verification, judge
from tests.sites.verify_sites import paper_pages, write_archive

REPO = Path(__file__).resolve().parents[1]
FAST = ("-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False")


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "verify", *args, *FAST],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    papers = {
        "baolaocai": paper_pages("baolaocai"),
        "baocantho": paper_pages("baocantho", dead_feeds=True),
        "baolamdong": paper_pages("baolamdong", redesigned=True),
    }  # huengaynay is not in the archive: every URL of it answers 404
    return write_archive(tmp_path_factory.mktemp("verify") / "site", papers)


@pytest.fixture(scope="module")
def verdicts(archive: Path) -> tuple[dict[str, dict], int]:
    proc = verify("baolaocai", "baocantho", "baolamdong", "huengaynay", "--json", "-s", f"REPLAY={archive}")
    assert proc.stderr.strip() == "", proc.stderr[-2000:]
    return {v["spider"]: v for v in json.loads(proc.stdout)}, proc.returncode


def test_a_healthy_paper_is_ok(verdicts: tuple[dict[str, dict], int]) -> None:
    laocai = verdicts[0]["baolaocai"]
    assert laocai["verdict"] == "ok" and laocai["problems"] == []
    assert len(laocai["articles"]) == 5 and all(a["refusal"] is None for a in laocai["articles"])
    assert laocai["fields"]["title"] == laocai["fields"]["published_at"] == 1.0
    assert laocai["sources"]["title"] == {"family:zce": 5}
    kinds = {s["group"]: s["kind"] for s in laocai["seeds"]}
    assert kinds == {"feeds": "rss", "sitemaps": "urlset", "sections": "html"}
    assert all(s["links"] == 6 for s in laocai["seeds"])


def test_dead_feeds_with_working_sections_are_degraded_and_say_so(
    verdicts: tuple[dict[str, dict], int],
) -> None:
    cantho = verdicts[0]["baocantho"]
    assert cantho["verdict"] == "degraded"
    assert cantho["problems"] == ["feeds: 1/1 answered 404; sections: 4/4 fine"]
    assert cantho["fields"]["body"] == 1.0


def test_a_redesign_names_the_missing_field_and_the_lost_markup(
    verdicts: tuple[dict[str, dict], int],
) -> None:
    lamdong = verdicts[0]["baolamdong"]
    assert lamdong["verdict"] == "degraded"
    assert "published_at missing on 5/5 articles" in lamdong["problems"]
    assert "onecms markup on 0/5 pages" in lamdong["problems"]
    assert lamdong["sources"]["title"] == {"generic": 5}


def test_a_paper_that_answers_nothing_is_broken_and_the_exit_status_is_1(
    verdicts: tuple[dict[str, dict], int],
) -> None:
    hue, status = verdicts[0]["huengaynay"], verdicts[1]
    assert hue["verdict"] == "broken" and hue["articles"] == []
    assert hue["problems"][0].startswith("no seed gave article links")
    assert status == 1


def test_only_ok_papers_exit_0_and_the_table_tells_each_seed(archive: Path) -> None:
    proc = verify("baolaocai", "-s", f"REPLAY={archive}")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].split()[:2] == ["baolaocai", "OK"]
    assert any("rss/home.rss  rss, 6 article links" in line for line in lines)
    assert any(line.startswith("  fields: title 100% (family:zce 5)") for line in lines)


def test_fixtures_from_a_verification_replay_it_and_extract_to_their_json(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "fx"
    assert (
        verify("baolaocai", "--articles", "2", "--fixtures", str(out), "-s", f"REPLAY={archive}").returncode
        == 0
    )
    base = out / "baolaocai"
    index = [json.loads(line) for line in (base / "index.jsonl").read_text("utf-8").splitlines()]
    site = get_site("baolaocai")
    assert len(index) == len(site.feeds) + len(site.sitemaps) + len(site.sections) + 2  # a few dozen at most
    goldens = sorted((base / "golden" / "baolaocai.vn").glob("*.html"))
    assert len(goldens) == 2 and all(p.name.startswith("zce-verify-") for p in goldens)
    for page in goldens:
        expected = json.loads(page.with_suffix(".json").read_text("utf-8"))
        item = extract_article(page.read_bytes(), expected["url"])
        item.pop("crawled_at")
        assert item == expected
    again = verify("baolaocai", "--articles", "2", "--json", "-s", f"REPLAY={base}")
    assert again.returncode == 0 and json.loads(again.stdout)[0]["verdict"] == "ok"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("khongco",), "unknown spider 'khongco'"),
        ((), "name the spiders to verify, or --all"),
        (("--all", "baolaocai"), "give SPIDER names or --all, not both"),
        (("baolaocai", "--articles", "0"), "--articles must be between 1 and 20"),
        (("baolaocai", "--articles", "năm"), "--articles must be a whole number"),
        (("baolaocai", "-s", "REPLAY=/khong/co/thu/muc"), "REPLAY path not found"),
    ],
)
def test_bad_command_lines_are_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    proc = verify(*args)
    assert proc.returncode == 2
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("scrapy verify: error: ") and message in err[0]


def test_a_missing_child_of_a_sitemap_index_is_no_failure_when_another_lists_articles(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "site", {"baolaocai": paper_pages("baolaocai", sitemap_index=True)})
    proc = verify("baolaocai", "--json", "-s", f"REPLAY={archive}")
    (laocai,) = json.loads(proc.stdout)
    sitemap = next(s for s in laocai["seeds"] if s["group"] == "sitemaps")
    assert (sitemap["kind"], sitemap["links"], sitemap["error"]) == ("sitemapindex", 6, None)
    assert laocai["verdict"] == "ok" and proc.returncode == 0


# --- the verdict alone ------------------------------------------------------------------------


def _article(**filled: bool) -> ArticleCheck:
    fields = {"title": True, "body": True, "published_at": True, **filled}
    return ArticleCheck(
        "https://baomau.vn/a-1.html", status=200, family="onecms", family_by="fingerprint", filled=fields
    )


def test_judge_ok_degraded_and_broken() -> None:
    seeds = [SeedCheck("https://baomau.vn/rss", "feeds", 200, "rss", links=4)]
    ok = judge(Verification("baomau", "onecms", seeds, [_article() for _ in range(5)]))
    assert (ok.verdict, ok.problems) == ("ok", [])

    undated = [_article(published_at=False) for _ in range(4)] + [_article()]
    for a in undated[:4]:
        a.family_by, a.flags = "registry", ["generic_fallback"]
    degraded = judge(Verification("baomau", "onecms", seeds, undated))
    assert degraded.verdict == "degraded"
    assert degraded.problems == ["published_at missing on 4/5 articles", "generic fallback on 4/5"]

    refused = [ArticleCheck("https://baomau.vn/a-2.html", refusal="error_page") for _ in range(3)]
    broken = judge(Verification("baomau", "onecms", seeds, refused))
    assert broken.verdict == "broken" and broken.problems == ["no article extracted of 3: error_page 3"]

    untitled = judge(Verification("baomau", "onecms", seeds, [_article(title=False) for _ in range(2)]))
    assert untitled.verdict == "broken" and "title missing on 2/2 articles" in untitled.problems


def test_seed_groups_in_words() -> None:
    def seed(group: str, error: str | None, links: int = 0) -> SeedCheck:
        return SeedCheck(f"https://baomau.vn/{group}", group, error=error, links=links)

    seeds = [seed("feeds", "HTTP 404") for _ in range(3)] + [seed("sections", None, 5) for _ in range(4)]
    check = judge(Verification("baomau", "onecms", seeds, [_article()]))
    assert check.problems == ["feeds: 3/3 answered 404; sections: 4/4 fine"]
    mixed = [seed("feeds", "timeout"), seed("feeds", "HTTP 503"), seed("feeds", None, 2)]
    check = judge(Verification("baomau", "onecms", mixed, [_article()]))
    assert check.problems == ["feeds: 2/3 failed (1 timeout, 1 HTTP 503)"]
    dead = judge(Verification("baomau", "onecms", [seed("sections", "DNS lookup failed")], []))
    assert dead.problems == ["no seed gave article links: sections: 1/1 failed (DNS lookup failed)"]


def test_judge_markup_lost_is_said_only_beside_a_field_problem() -> None:
    seeds = [SeedCheck("https://baomau.vn/", "sections", 200, "html", links=3)]
    articles = [_article() for _ in range(3)]
    for a in articles:
        a.family_by = "registry"
    assert judge(Verification("baomau", "onecms", seeds, articles)).verdict == "ok"


def test_a_terminal_gets_a_live_progress_line(archive: Path) -> None:
    """stderr is a terminal (a pseudo-terminal here): one line, rewritten as pages come in."""
    import os
    import pty

    command = [
        sys.executable,
        "-m",
        "scrapy",
        "verify",
        "baolaocai",
        "huengaynay",
        "-s",
        f"REPLAY={archive}",
        *FAST,
    ]
    leader, follower = pty.openpty()
    proc = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, stderr=follower, timeout=120)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(leader)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 1
    assert "\rverify: 2/2 papers judged, 1 not ok; " in err
    assert err.count("\n") <= 2  # rewritten in place, not one line per page


def test_robots_txt_is_obeyed_and_said(tmp_path: Path) -> None:
    pages = paper_pages("baolaocai")
    pages["https://baolaocai.vn/robots.txt"] = ("text/plain", "User-agent: *\nDisallow: /rss/\n")
    archive = write_archive(tmp_path / "site", {"baolaocai": pages})
    proc = verify("baolaocai", "--json", "-s", f"REPLAY={archive}")
    (laocai,) = json.loads(proc.stdout)
    feeds = [s for s in laocai["seeds"] if s["group"] == "feeds"]
    assert feeds and all(s["error"] == "forbidden by robots.txt" and s["status"] is None for s in feeds)
    assert laocai["verdict"] == "degraded" and laocai["problems"][0].startswith("feeds: 3/3 failed")
    assert all("/rss/" not in a["url"] for a in laocai["articles"]) and len(laocai["articles"]) == 5
