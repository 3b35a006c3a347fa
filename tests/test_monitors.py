"""Alerts with Spidermon (crawler/monitors): each check's logic, the suite run as Spidermon runs it,
and replayed crawls with alerts on whose e-mail and Discord messages reach local receivers on
127.0.0.1 (an aiosmtpd SMTP server, an http.server webhook): one message for a drifting run, none
for a healthy one."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.utils.test import get_crawler

pytest.importorskip("spidermon")
pytest.importorskip("jinja2")

from spidermon.contrib.scrapy.runners import SpiderMonitorRunner

from crawler.extensions.drift import DriftAlarm
from crawler.monitors import monitors as m  # the module, not its classes: pytest would collect them
from crawler.monitors.extension import SpidermonWhenEnabled
from crawler.monitors.monitors import (
    drift_error_lines,
    drift_problem,
    dropped_pages_problem,
    earlier_runs,
    usual_count_problem,
)
from crawler.monitors.suites import SpiderCloseMonitors, configured_channels
from crawler.runs.history import Run
from crawler.sites import get_site
from spiders.registry import spider_class
from tests.crawling import run_crawl
from tests.sites import family_pages as fp
from tests.test_drift import GOOD, HOST, redesigned
from tests.test_drift import run as drift_run

SPIDER = "baolamdong"
NOW = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)


# --- helpers ----------------------------------------------------------------------------------


def project_settings() -> dict[str, Any]:
    import crawler.settings as module

    return {k: getattr(module, k) for k in dir(module) if k.isupper()}


def crawler_for(**settings: Any):
    """A crawler of SPIDER with the project's settings and ``settings`` (the suites are run by hand)."""
    return get_crawler(spider_class(get_site(SPIDER)), {**project_settings(), **settings})


def run_monitors(crawler, stats: dict[str, Any], monitors: list[Any] | None = None):
    """Run a suite on ``stats`` as Spidermon's extension does at spider close; the result."""
    suite = (
        SpiderCloseMonitors(crawler=crawler)
        if monitors is None
        else SpiderCloseMonitors(crawler=crawler, monitors=[])
    )
    if monitors is not None:
        suite._tests = []
        suite.add_monitors(monitors)
    spider = crawler.spidercls.from_crawler(crawler)
    runner = SpiderMonitorRunner(spider=spider)
    return runner.run(
        suite, stats=stats, stats_history=[], crawler=crawler, spider=spider, sc_spider_name=SPIDER, job=None
    )


def failures(result) -> dict[str, str]:
    return {r.monitor.monitor_name: r.reason or r.error for r in result.monitors_failed_results}


def statuses(result) -> dict[str, str]:
    return {r.monitor.monitor_name: r.status for r in result._step_monitors.all_items}


def a_run(items: int, *, days_ago: int, reason: str = "finished") -> Run:
    started = NOW - timedelta(days=days_ago)
    return Run(
        spider=SPIDER,
        path=Path(f"/x/{days_ago}.manifest.json"),
        started_at=started,
        finished_at=started + timedelta(minutes=5),
        finish_reason=reason,
        items=items,
        new=items,
        revised=0,
        errors=0,
    )


def write_manifests(out: Path, counts: list[int]) -> None:
    """Earlier runs of SPIDER as the export pipeline records them (only what history reads)."""
    directory = out / SPIDER
    directory.mkdir(parents=True, exist_ok=True)
    for i, n in enumerate(counts):
        started = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=i)
        manifest = {
            "spider": SPIDER,
            "started_at": started.isoformat(),
            "finished_at": (started + timedelta(minutes=5)).isoformat(),
            "finish_reason": "finished",
            "counts": {"items_emitted": n},
        }
        (directory / f"{started:%Y%m%dT%H%M%S}-{i:08x}.manifest.json").write_text(json.dumps(manifest))


def alarm_verdict() -> dict[str, Any]:
    """A real verdict of the drift extension after a redesign (published_at gone)."""
    ext = DriftAlarm.from_crawler(get_crawler(spider_class(get_site(SPIDER))))
    return drift_run(ext, [redesigned(i) for i in range(3)], [{**GOOD, "published_at": None}] * 21)


HEALTHY = {
    "finish_reason": "finished",
    "item_scraped_count": 25,
    "start_time": NOW,
    "drift/verdict": {"status": "ok", "below": [], "pages": 25, "min_pages": 20},
}


# --- the checks' logic ------------------------------------------------------------------------


def test_usual_count_needs_a_history_of_good_runs() -> None:
    two = [a_run(100, days_ago=2), a_run(100, days_ago=1)]
    assert usual_count_problem(3, two, share=0.3, min_history=3) == (
        None,
        "2 earlier runs finished normally, 3 needed to judge",
    )
    failed = [*two, a_run(0, days_ago=3, reason="shutdown")]
    assert usual_count_problem(3, failed, share=0.3, min_history=3)[0] is None


def test_usual_count_fails_below_the_share_of_the_median() -> None:
    history = [a_run(n, days_ago=d) for n, d in ((90, 4), (100, 3), (400, 2), (110, 1))]
    problem, skip = usual_count_problem(30, history, share=0.3, min_history=3)
    assert skip is None
    assert problem == (
        "30 items, fewer than 30% of the usual 105 (median of the last 4 runs that finished normally, of 4 on record)"
    )
    assert usual_count_problem(32, history, share=0.3, min_history=3) == (None, None)  # 31.5 is the floor


def test_this_runs_own_manifest_is_not_history() -> None:
    runs = [a_run(100, days_ago=1), replace(a_run(5, days_ago=0), finished_at=NOW + timedelta(minutes=9))]
    assert earlier_runs(runs, NOW) == runs[:1]
    assert earlier_runs(runs, NOW.replace(tzinfo=None)) == runs[:1]  # a naive start_time is UTC


def test_drift_message_is_the_drift_alarms_diagnosis() -> None:
    verdict = alarm_verdict()
    problem = drift_problem(verdict)
    assert problem is not None
    assert problem.startswith("Fill rates below DRIFT_THRESHOLDS on 21 article pages:")
    assert "- published_at filled on 0 of 21 article pages (0.0% < 90%)" in problem
    assert "span.sc-longform-header-date" in problem and ".block-sc-publish-time" in problem
    assert drift_problem({**verdict, "status": "ok", "below": []}) is None
    assert drift_problem(None) is None


def test_error_lines_of_the_drift_alarm_are_counted_as_it_logs_them(caplog: pytest.LogCaptureFixture) -> None:
    ext = DriftAlarm.from_crawler(get_crawler(spider_class(get_site(SPIDER))))
    with caplog.at_level(logging.ERROR):
        verdict = drift_run(ext, [redesigned(1)], [{**GOOD, "published_at": None, "body": ""}] * 21)
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(verdict["below"]) == 2
    assert drift_error_lines(verdict) == len(logged) == 3
    assert drift_error_lines({"status": "ok", "below": []}) == 0


def test_dropped_pages_share_with_the_reasons() -> None:
    stats = {
        "item_scraped_count": 8,
        "item_dropped_count": 2,
        "page_dropped/not_article": 12,
        "page_dropped/not_article/no_body": 9,
        "page_dropped/not_article/login_wall": 3,
        "page_dropped/download_failed": 1,
        "page_dropped/out_of_range": 40,  # on purpose: not a failure
    }
    problem = dropped_pages_problem(stats, max_share=0.5, min_pages=20)
    assert problem == (
        "13 of 23 article pages gave no item (57% > 50%): not_article 12 (no_body 9, login_wall 3); download_failed 1"
    )
    assert dropped_pages_problem(stats, max_share=0.6, min_pages=20) is None
    assert dropped_pages_problem(stats, max_share=0.5, min_pages=24) is None  # too few pages to judge
    assert dropped_pages_problem({"item_scraped_count": 30}, max_share=0.5, min_pages=20) is None


# --- the monitors, run by Spidermon's runner --------------------------------------------------


def test_a_healthy_run_passes_every_check(tmp_path: Path) -> None:
    write_manifests(tmp_path, [24, 25, 26])
    result = run_monitors(crawler_for(OUTPUT_DIR=str(tmp_path)), dict(HEALTHY))
    assert result.monitors_failed_results == []
    assert statuses(result) == {
        "Finish Reason Monitor": "OK",
        "Errors": "SKIPPED",  # Spidermon's ErrorCountMonitor skips a run without any ERROR line
        "Items": "OK",
        "Fill rates": "OK",
        "Dropped pages": "OK",
    }


def test_finish_reason_is_spidermons_own_check(tmp_path: Path) -> None:
    result = run_monitors(crawler_for(OUTPUT_DIR=str(tmp_path)), {**HEALTHY, "finish_reason": "shutdown"})
    assert failures(result) == {
        "Finish Reason Monitor": "Finished with \"shutdown\" the expected reasons are ['finished']"
    }


def test_errors_besides_the_drift_alarms_fail(tmp_path: Path) -> None:
    crawler = crawler_for(OUTPUT_DIR=str(tmp_path))
    verdict = {"status": "alarm", "below": ["published_at"]}
    quiet = run_monitors(
        crawler, {**HEALTHY, "log_count/ERROR": 2, "drift/verdict": verdict}, [m.ErrorsMonitor]
    )
    assert quiet.monitors_failed_results == []  # the drift alarm's two lines
    loud = run_monitors(
        crawler, {**HEALTHY, "log_count/ERROR": 3, "drift/verdict": verdict}, [m.ErrorsMonitor]
    )
    assert "Current value: '3.0'" in failures(loud)["Errors"]
    allowed = crawler_for(OUTPUT_DIR=str(tmp_path), SPIDERMON_MAX_ERRORS=5)
    assert (
        run_monitors(allowed, {**HEALTHY, "log_count/ERROR": 5}, [m.ErrorsMonitor]).monitors_failed_results
        == []
    )


def test_too_few_items_against_the_manifests(tmp_path: Path) -> None:
    write_manifests(tmp_path, [80, 100, 120])
    crawler = crawler_for(OUTPUT_DIR=str(tmp_path))
    result = run_monitors(crawler, {**HEALTHY, "item_scraped_count": 20}, [m.UsualItemCountMonitor])
    assert failures(result) == {
        "Items": "20 items, fewer than 30% of the usual 100 (median of the last 3 runs that finished normally, of 3 on record)"
    }
    result = run_monitors(
        crawler,
        {**HEALTHY, "item_scraped_count": 20, "start_time": datetime(2026, 1, 2, 12, tzinfo=UTC)},
        [m.UsualItemCountMonitor],
    )
    assert statuses(result) == {"Items": "SKIPPED"}  # two runs before this one


def test_fill_rates_carry_the_selector_diagnosis(tmp_path: Path) -> None:
    crawler = crawler_for(OUTPUT_DIR=str(tmp_path))
    result = run_monitors(crawler, {**HEALTHY, "drift/verdict": alarm_verdict()}, [m.FillRateMonitor])
    message = failures(result)["Fill rates"]
    assert "published_at filled on 0 of 21 article pages" in message
    assert "span.sc-longform-header-date" in message
    few = {"status": "too_few_pages", "below": [], "pages": 4, "min_pages": 20}
    assert statuses(run_monitors(crawler, {**HEALTHY, "drift/verdict": few}, [m.FillRateMonitor])) == {
        "Fill rates": "SKIPPED"
    }


def test_fill_rates_ask_the_drift_extension_when_its_verdict_is_not_in_the_stats(tmp_path: Path) -> None:
    crawler = crawler_for(OUTPUT_DIR=str(tmp_path))
    crawler._apply_settings()
    alarm = next(e for e in crawler.extensions.middlewares if isinstance(e, DriftAlarm))
    for _ in range(21):
        alarm.item_seen(item={**GOOD, "published_at": None})
    stats = {k: v for k, v in HEALTHY.items() if k != "drift/verdict"}
    message = failures(run_monitors(crawler, stats, [m.FillRateMonitor]))["Fill rates"]
    assert "published_at filled on 0 of 21 article pages" in message


def test_dropped_pages_monitor(tmp_path: Path) -> None:
    stats = {**HEALTHY, "item_scraped_count": 5, "page_dropped/not_article": 20}
    result = run_monitors(crawler_for(OUTPUT_DIR=str(tmp_path)), stats, [m.DroppedPagesMonitor])
    assert failures(result) == {
        "Dropped pages": "20 of 25 article pages gave no item (80% > 50%): not_article 20"
    }


# --- switches and channels --------------------------------------------------------------------


def test_off_by_default() -> None:
    crawler = get_crawler(spider_class(get_site(SPIDER)), project_settings())
    crawler._apply_settings()
    assert not crawler.settings.getbool("SPIDERMON_ENABLED")
    assert configured_channels(crawler.settings) == []
    with pytest.raises(NotConfigured):
        SpidermonWhenEnabled.from_crawler(crawler)
    assert not [e for e in crawler.extensions.middlewares if type(e).__module__.startswith("spidermon")]


def test_channels_follow_spidermons_own_settings() -> None:
    crawler = crawler_for(
        SPIDERMON_EMAIL_TO=["ops@example.org"],
        SPIDERMON_DISCORD_WEBHOOK_URL="http://127.0.0.1:9/hook",
        SPIDERMON_TELEGRAM_FAKE=True,
    )
    assert configured_channels(crawler.settings) == ["email", "telegram", "discord"]


def test_a_half_configured_channel_stops_the_start() -> None:
    crawler = crawler_for(SPIDERMON_EMAIL_TO=["ops@example.org"])  # no SPIDERMON_SMTP_HOST
    with pytest.raises(RuntimeError, match=r"Alerts by email are half configured: .*SPIDERMON_SMTP_HOST"):
        SpiderCloseMonitors(crawler=crawler)


def test_telegram_and_slack_messages(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Both channels in Spidermon's fake mode (the message is logged, not sent): Telegram's text
    is quoted for the URL Spidermon puts it in; Slack's is a code block."""
    pytest.importorskip("slack_sdk")
    pytest.importorskip("requests")
    crawler = crawler_for(
        OUTPUT_DIR=str(tmp_path),
        SPIDERMON_TELEGRAM_FAKE=True,
        SPIDERMON_TELEGRAM_SENDER_TOKEN="t",
        SPIDERMON_TELEGRAM_RECIPIENTS=["1"],
        SPIDERMON_SLACK_FAKE=True,
        SPIDERMON_SLACK_SENDER_TOKEN="t",
        SPIDERMON_SLACK_SENDER_NAME="vnnews",
    )
    with caplog.at_level(logging.INFO, logger="spidermon"):
        run_monitors(crawler, {**HEALTHY, "drift/verdict": alarm_verdict()})
    telegram = next(r.getMessage() for r in caplog.records if "telegram" in r.name)
    assert (
        " " not in telegram and "#" not in telegram and "published_at%20filled%20on%200%20of%2021" in telegram
    )
    slack = next(r.getMessage() for r in caplog.records if "slack" in r.name)
    assert slack.startswith("```") and "span.sc-longform-header-date" in slack


# --- replayed crawls with local receivers -----------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server, session, envelope) -> str:  # aiosmtpd handler hook
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Mailbox]]:
    """An SMTP server on 127.0.0.1 that wants a login, as Spidermon's SMTP action gives one."""
    controller_mod = pytest.importorskip("aiosmtpd.controller")
    from aiosmtpd.smtp import AuthResult

    box = Mailbox()

    def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
        box.logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"secret")

    port = free_port()
    controller = controller_mod.Controller(
        box, hostname="127.0.0.1", port=port, authenticator=authenticator, auth_require_tls=False
    )
    controller.start()
    try:
        yield port, box
    finally:
        controller.stop()


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A Discord-like webhook receiver on 127.0.0.1: every POSTed JSON body."""
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append(json.loads(body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api/webhooks/1/x", received
    finally:
        server.shutdown()
        server.server_close()


def healthy_page(i: int) -> str:
    ctx = fp._ctx(SPIDER, i)
    story = replace(ctx.story, title=f"{ctx.story.title} ({i})")
    return fp.onecms_longform(replace(ctx, story=story, when=ctx.when + timedelta(hours=i)))


def replay_of(tmp_path: Path, pages: list[str]) -> tuple[Path, list[str]]:
    urls = [f"{HOST}/bai-viet-so-{i}-46{i:04d}.html" for i in range(len(pages))]
    replay = tmp_path / "replay"
    replay.mkdir()
    index = [{"url": f"{HOST}/sitemap.xml", "file": "sitemap.xml", "content_type": "application/xml"}]
    urlset = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    (replay / "sitemap.xml").write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urlset}</urlset>',
        "utf-8",
    )
    for i, (url, html) in enumerate(zip(urls, pages, strict=True)):
        (replay / f"{i}.html").write_text(html, "utf-8")
        index.append({"url": url, "file": f"{i}.html", "content_type": "text/html; charset=utf-8"})
    (replay / "index.jsonl").write_text("\n".join(json.dumps(x) for x in index) + "\n", "utf-8")
    return replay, [f"{HOST}/sitemap.xml"]


def alerting_crawl(tmp_path: Path, pages: list[str], smtp_port: int, hook: str):
    replay, seeds = replay_of(tmp_path, pages)
    out, log = tmp_path / "out", tmp_path / "crawl.log"
    proc = run_crawl(
        SPIDER, replay, out,
        "-s", f"LOG_FILE={log}",
        "-s", "SPIDERMON_ENABLED=True",
        "-s", "SPIDERMON_EMAIL_TO=ops@example.org",
        "-s", "SPIDERMON_EMAIL_SENDER=vnnews@example.org",
        "-s", "SPIDERMON_SMTP_HOST=127.0.0.1",
        "-s", f"SPIDERMON_SMTP_PORT={smtp_port}",
        "-s", "SPIDERMON_SMTP_USER=vnnews",
        "-s", "SPIDERMON_SMTP_PASSWORD=secret",
        "-s", f"SPIDERMON_DISCORD_WEBHOOK_URL={hook}",
        start_urls=seeds, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    return log.read_text("utf-8")


def text_of(message: Message) -> str:
    parts = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    return "\n".join(p.get_payload(decode=True).decode(p.get_content_charset() or "utf-8") for p in parts)


def test_a_drifting_run_sends_one_email_and_one_webhook_message(
    tmp_path: Path, smtp: tuple[int, Mailbox], webhook: tuple[str, list[dict[str, Any]]]
) -> None:
    port, box = smtp
    hook, posted = webhook
    log = alerting_crawl(tmp_path, [redesigned(i) for i in range(21)], port, hook)
    assert "Drift alarm for baolamdong: published_at filled on 0 of 21" in log
    assert len(box.messages) == 1, log[-3000:]
    assert box.logins == [(b"vnnews", b"secret")]
    mail = box.messages[0]
    assert mail["Subject"] == "[vnnews] baolamdong: 1 check(s) failed"
    assert mail.get_content_type() == "text/plain" and not mail.is_multipart()  # the text, not MIME source
    body = text_of(mail)
    assert body.startswith(
        "baolamdong: 1 check(s) failed at the end of the run (finish reason: finished, items: 21)."
    )
    assert "published_at filled on 0 of 21 article pages" in body
    assert "span.sc-longform-header-date" in body and ".block-sc-publish-time" in body
    assert len(posted) == 1
    content = posted[0]["content"]
    assert (
        "published_at filled on 0 of 21 article pages" in content
        and "span.sc-longform-header-date" in content
    )


def test_a_healthy_run_sends_nothing(
    tmp_path: Path, smtp: tuple[int, Mailbox], webhook: tuple[str, list[dict[str, Any]]]
) -> None:
    port, box = smtp
    hook, posted = webhook
    log = alerting_crawl(tmp_path, [healthy_page(i) for i in range(21)], port, hook)
    assert "Drift alarm" not in log
    assert "[Spidermon] 5 monitors in" in log and "[Spidermon] FAILED" not in log  # ran, and passed
    assert box.messages == [] and posted == []
