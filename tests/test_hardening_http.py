"""HTTP faults on a local server (127.0.0.1 only): the crawl retries with backoff, honours
Retry-After, stops redirect loops, obeys robots.txt, never leaves the allowed domains, and finishes.

One crawl of a scripted server with the project's spider and settings (timeouts and delays made
small); the server records when each request arrived and left, so waits are checked as lower
bounds (a sleep can only be longer than asked, so these checks cannot be flaky).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from itertools import pairwise
from random import Random

import pytest
from scrapy.utils.project import get_project_settings

from crawler.middlewares.retry_after import backoff_seconds, retry_after_seconds
from tests.test_hardening_support import (
    PARAGRAPHS,
    CrawlResult,
    LocalServer,
    Reply,
    article_page,
    page,
    run_local_crawl,
    serving,
    urlset,
)

BACKOFF = "crawler.middlewares.retry_after.BackoffRetryMiddleware"
STOCK_RETRY = "scrapy.downloadermiddlewares.retry.RetryMiddleware"
TIMEOUT = 1.0
BASE = 0.5  # RETRY_BACKOFF_BASE in this crawl
RETRY_AFTER = 2
REDIRECT_MAX = 5


def _article(title: str, n: int) -> Reply:
    return Reply(200, article_page(title, paragraphs=tuple(f"{p} Bản số {n}." for p in PARAGRAPHS)))


def _fails_then_ok(statuses: list[int], title: str, n_id: int, headers: dict[str, str] | None = None):
    def route(n: int) -> Reply:
        if n <= len(statuses):
            return Reply(statuses[n - 1], "<html><body>Lỗi tạm thời</body></html>", headers=headers or {})
        return _article(title, n_id)

    return route


ROUTES = {
    "/robots.txt": lambda n: Reply(200, "User-agent: *\nDisallow: /cam/\n", "text/plain"),
    "/bai-binh-thuong-1001.html": lambda n: _article("Bài bình thường ở Hiệp Thạnh", 1),
    "/bai-qua-cham-1002.html": lambda n: Reply(200, article_page("Bài quá chậm"), delay=TIMEOUT + 2),
    "/bai-ngat-ket-noi-1003.html": lambda n: Reply(reset=True),
    "/bai-qua-tai-1004.html": _fails_then_ok(
        [429], "Bài sau khi máy chủ quá tải", 4, {"Retry-After": str(RETRY_AFTER)}
    ),
    "/bai-loi-may-chu-1005.html": _fails_then_ok([500, 500], "Bài sau hai lần lỗi máy chủ", 5),
    "/bai-vong-lap-1006.html": lambda n: Reply(302, headers={"Location": f"/bai-vong-lap-1006.html?lan={n}"}),
    "/cam/bai-bi-cam-1008.html": lambda n: _article("Bài bị robots.txt cấm", 8),
    "/bai-cho-mot-gio-1009.html": _fails_then_ok([503], "Bài bắt chờ một giờ", 9, {"Retry-After": "3600"}),
}
for _n in range(1, REDIRECT_MAX + 3):
    ROUTES[f"/bai-vong-lap-1006.html?lan={_n}"] = ROUTES["/bai-vong-lap-1006.html"]
FOREIGN = "/bai-ten-mien-khac-1011.html"


def _backoff_enabled(settings: dict) -> dict:
    """The backoff middleware in place of Scrapy's retry, unless the project settings have it."""
    project = get_project_settings().getdict("DOWNLOADER_MIDDLEWARES")
    if BACKOFF in project:
        return settings
    return {**settings, "DOWNLOADER_MIDDLEWARES": {STOCK_RETRY: None, BACKOFF: 550}}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalServer, CrawlResult]:
    tmp = tmp_path_factory.mktemp("faults")
    with serving(ROUTES) as server:
        # Another host name for the same server: "localhost" is not in allowed_domains (127.0.0.1).
        server.routes["/bai-sang-ten-mien-khac-1007.html"] = lambda n: Reply(
            302, headers={"Location": f"http://localhost:{server.port}{FOREIGN}"}
        )
        server.routes[FOREIGN] = lambda n: _article("Bài ở tên miền không được phép", 11)
        articles = [p for p in server.routes if p.endswith(".html") and p != FOREIGN]
        server.routes["/sitemap.xml"] = page(urlset([server.url(p) for p in articles]))
        settings = {
            "DOWNLOAD_TIMEOUT": TIMEOUT,
            "DOWNLOAD_DELAY": 0.05,
            "AUTOTHROTTLE_START_DELAY": 0.05,
            "AUTOTHROTTLE_MAX_DELAY": 1.0,
            "RETRY_TIMES": 2,
            "RETRY_BACKOFF_BASE": BASE,
            "REDIRECT_MAX_TIMES": REDIRECT_MAX,
        }
        result = run_local_crawl(tmp, server.base, settings=_backoff_enabled(settings), timeout=90)
        return server, result


def _gaps(server: LocalServer, path: str) -> list[float]:
    """Seconds between the server answering one attempt and the next attempt arriving: the
    client cannot have seen the answer before it was sent, so this is at most its real wait."""
    hits = server.hits_to(path)
    return [b.start - a.answered for a, b in pairwise(hits)]


def test_crawl_finishes(crawl: tuple[LocalServer, CrawlResult]) -> None:
    _, result = crawl
    assert result.returncode == 0
    assert result.finish_reason == "finished"
    assert "Traceback" not in result.log


def test_only_the_recoverable_articles_are_emitted(crawl: tuple[LocalServer, CrawlResult]) -> None:
    _, result = crawl
    titles = sorted(i["title"] for i in result.items)
    assert "Bài bình thường ở Hiệp Thạnh" in titles
    assert "Bài sau khi máy chủ quá tải" in titles
    assert "Bài sau hai lần lỗi máy chủ" in titles
    assert "Bài bị robots.txt cấm" not in titles
    assert "Bài quá chậm" not in titles


def test_timeouts_are_retried_with_growing_waits_then_given_up(
    crawl: tuple[LocalServer, CrawlResult],
) -> None:
    server, result = crawl
    hits = server.hits_to("/bai-qua-cham-1002.html")
    assert len(hits) == 3  # the first attempt and RETRY_TIMES=2 retries
    starts = [h.start for h in hits]
    # each attempt waits DOWNLOAD_TIMEOUT, then the retry waits 0.5 s, then 1 s; the client's
    # timeout clock starts before the server sees the request, hence 0.25 s of slack (without
    # backoff the gaps would be TIMEOUT + DOWNLOAD_DELAY = 1.05 s)
    assert starts[1] - starts[0] >= TIMEOUT + BASE - 0.25
    assert starts[2] - starts[1] >= TIMEOUT + 2 * BASE - 0.25
    assert result.stats["retry/reason_count/scrapy.exceptions.DownloadTimeoutError"] == 2
    assert "Gave up retrying <GET " + server.url("/bai-qua-cham-1002.html") in result.log


def test_connection_resets_are_retried_with_backoff(crawl: tuple[LocalServer, CrawlResult]) -> None:
    server, _ = crawl
    assert len(server.hits_to("/bai-ngat-ket-noi-1003.html")) == 3
    first, second = _gaps(server, "/bai-ngat-ket-noi-1003.html")
    assert first >= BASE and second >= 2 * BASE


def test_server_errors_back_off_exponentially(crawl: tuple[LocalServer, CrawlResult]) -> None:
    server, result = crawl
    assert [h.status for h in server.hits_to("/bai-loi-may-chu-1005.html")] == [500, 500, 200]
    first, second = _gaps(server, "/bai-loi-may-chu-1005.html")
    assert first >= BASE and second >= 2 * BASE
    assert result.stats["retry/reason_count/500 Internal Server Error"] == 2


def test_retry_after_is_honoured(crawl: tuple[LocalServer, CrawlResult]) -> None:
    server, result = crawl
    assert [h.status for h in server.hits_to("/bai-qua-tai-1004.html")] == [429, 200]
    (gap,) = _gaps(server, "/bai-qua-tai-1004.html")
    assert gap >= RETRY_AFTER
    assert result.stats["retry/retry_after_honoured"] == 1


def test_a_retry_after_of_an_hour_is_not_waited_for(crawl: tuple[LocalServer, CrawlResult]) -> None:
    server, result = crawl
    assert [h.status for h in server.hits_to("/bai-cho-mot-gio-1009.html")] == [503]
    assert result.stats["retry/retry_after_too_long"] == 1
    assert "Retry-After), more than RETRY_AFTER_MAX" in result.log


def test_redirect_loop_stops_at_the_limit(crawl: tuple[LocalServer, CrawlResult]) -> None:
    server, result = crawl
    loop = [h for h in server.hits if h.path.startswith("/bai-vong-lap-1006.html")]
    assert len(loop) == 1 + REDIRECT_MAX
    assert "max redirections reached" in result.log


def test_robots_txt_forbidden_section_is_never_fetched(crawl: tuple[LocalServer, CrawlResult]) -> None:
    server, result = crawl
    assert server.hits_to("/cam/bai-bi-cam-1008.html") == []
    assert result.stats["robotstxt/forbidden"] == 1


def test_every_request_is_accounted_for(crawl: tuple[LocalServer, CrawlResult]) -> None:
    """Nothing loops: the server saw exactly the requests the policies allow."""
    server, _ = crawl
    local = [h for h in server.hits if h.host == "127.0.0.1"]
    # robots, sitemap, ok, 3 timeouts, 3 resets, 2 (429), 3 (500), 6 loop, 1 foreign redirect, 1 (503)
    assert len(local) == 1 + 1 + 1 + 3 + 3 + 2 + 3 + (1 + REDIRECT_MAX) + 1 + 1


def test_redirect_to_another_domain_is_not_followed(crawl: tuple[LocalServer, CrawlResult]) -> None:
    server, result = crawl
    assert [h for h in server.hits if h.host != "127.0.0.1"] == []
    assert all(i["site"] == "127.0.0.1" for i in result.items)


def test_project_settings_use_the_backoff_retry() -> None:
    middlewares = get_project_settings().getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares.get(STOCK_RETRY, "absent") is None
    assert BACKOFF in middlewares


# --- the pieces of the backoff -----------------------------------------------------------------


NOW = datetime(2026, 1, 8, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (b"120", 120.0),
        (" 7 ", 7.0),
        (format_datetime(NOW + timedelta(seconds=90), usegmt=True), 90.0),
        (format_datetime(NOW - timedelta(days=1), usegmt=True), 0.0),
        ("Wed, 08 Jan 2026 12:00:30", 30.0),  # no zone: GMT
        ("-5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("Thu, 99 Foo 2026 99:99:99 GMT", None),
    ],
)
def test_retry_after_values(value: str | bytes | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, now=NOW) == seconds


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    rng = Random(7)
    for attempt in range(1, 12):
        wait = backoff_seconds(attempt, 0.5, 60.0, rng)
        raw = 0.5 * 2 ** (attempt - 1)
        assert min(raw, 60.0) <= wait <= min(raw * 1.5, 60.0)
