"""Politeness against a local server that counts concurrent requests per host.

Every article answer takes 0.2 s (robots.txt and the sitemap answer at once). With the project's settings (delays shortened so the test is
quick) the server must never see more than CONCURRENT_REQUESTS_PER_DOMAIN requests at once, and
with AutoThrottle aiming at one request in flight the mean concurrency stays near 1.

Why the bounds cannot be flaky:
- the per-domain cap is enforced by Scrapy's download slot before a request is sent, so the count
  the server sees can only be lower (a slow machine makes overlaps rarer, never more frequent);
- mean concurrency is measured with Little's law, (sum of the time each request spent at the
  server) / (span from the first article request to the last answer). AutoThrottle sets the
  host's delay to at least latency / AUTOTHROTTLE_TARGET_CONCURRENCY, and the latency Scrapy
  measures includes the server's 0.2 s, so requests are spaced at least as far apart, on average,
  as each one lasts: the mean is at most 1, plus the first requests sent before any latency was
  known. The bound asserted is 1.5; the control crawl without AutoThrottle measures about 2,
  so the check does tell the two apart.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.utils.project import get_project_settings

from tests.test_hardening_support import (
    CrawlResult,
    LocalServer,
    Reply,
    article_route,
    run_local_crawl,
    serving,
    urlset,
)

ARTICLES = 30
LATENCY = 0.2
PER_DOMAIN = get_project_settings().getint("CONCURRENT_REQUESTS_PER_DOMAIN")


def _crawl(tmp: Path, settings: dict) -> tuple[LocalServer, CrawlResult]:
    routes = {
        f"/bai-lich-su-{6000 + i}.html": article_route(f"Bài lịch sự số {i}", i, delay=LATENCY)
        for i in range(ARTICLES)
    }
    with serving(routes) as server:
        server.routes["/robots.txt"] = lambda _: Reply(200, "User-agent: *\nAllow: /\n", "text/plain")
        server.routes["/sitemap.xml"] = lambda _: Reply(200, urlset([server.url(p) for p in routes]))
        result = run_local_crawl(tmp, server.base, settings={"DOWNLOAD_DELAY": 0.05, **settings}, timeout=120)
    assert result.returncode == 0 and result.finish_reason == "finished"
    assert len(result.items) == ARTICLES
    return server, result


def _article_hits(server: LocalServer) -> list:
    return [h for h in server.hits if h.path.startswith("/bai-lich-su-")]


def mean_concurrency(server: LocalServer) -> float:
    """Little's law over the article requests: busy time / elapsed time."""
    hits = _article_hits(server)
    busy = sum(h.end - h.start for h in hits)
    span = max(h.end for h in hits) - min(h.start for h in hits)
    return busy / span


@pytest.fixture(scope="module")
def autothrottled(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalServer, CrawlResult]:
    return _crawl(
        tmp_path_factory.mktemp("autothrottle"),
        {
            "AUTOTHROTTLE_ENABLED": True,
            "AUTOTHROTTLE_START_DELAY": 0.05,
            "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        },
    )


@pytest.fixture(scope="module")
def unthrottled(tmp_path_factory: pytest.TempPathFactory) -> tuple[LocalServer, CrawlResult]:
    return _crawl(tmp_path_factory.mktemp("plain"), {"AUTOTHROTTLE_ENABLED": False})


def test_per_domain_concurrency_is_never_exceeded(unthrottled: tuple[LocalServer, CrawlResult]) -> None:
    server, _ = unthrottled
    assert PER_DOMAIN == 2
    print(f"without AutoThrottle: max in flight {server.max_in_flight['127.0.0.1']}")
    assert max(h.in_flight for h in server.hits) <= PER_DOMAIN
    assert server.max_in_flight["127.0.0.1"] == PER_DOMAIN  # the cap is reached, so it is what limits


def test_autothrottle_keeps_about_one_request_in_flight(
    autothrottled: tuple[LocalServer, CrawlResult],
) -> None:
    server, _ = autothrottled
    mean = mean_concurrency(server)
    print(f"AutoThrottle target 1: mean concurrency {mean:.2f}, max {server.max_in_flight['127.0.0.1']}")
    assert server.max_in_flight["127.0.0.1"] <= PER_DOMAIN
    assert mean <= 1.5


def test_without_autothrottle_the_same_measure_is_about_two(
    unthrottled: tuple[LocalServer, CrawlResult],
) -> None:
    """Control: the measure above does see the difference AutoThrottle makes."""
    server, _ = unthrottled
    mean = mean_concurrency(server)
    print(f"without AutoThrottle: mean concurrency {mean:.2f}")
    assert mean > 1.5


def test_every_request_names_the_project(autothrottled: tuple[LocalServer, CrawlResult]) -> None:
    server, _ = autothrottled
    assert {h.user_agent.split(" ")[0].split("/")[0] for h in server.hits} == {"vnnews-crawler"}
    assert server.hits[0].path == "/robots.txt"
