"""Which URLs a replayed crawl asked for, and what kind of page each was (robots, listing, article,
sitemap, feed), judged by the truth of a generated site (``tests/sites/listing_site.py``).

``RECORD`` cannot do this under ``REPLAY``: it leaves out responses flagged ``replay`` (see
``crawler/middlewares/record.py``), and the replay middleware answers before the downloader, so
``request_reached_downloader`` never fires either. ``RequestLog`` (a Scrapy extension, enabled with
``request_log_args(path)``) writes one line per response the engine receives (``response_received``:
replayed ones, robots.txt and 404s included), flushed at once, so a crawl killed with SIGKILL still
leaves the list of what it fetched.
"""

from __future__ import annotations

import json
import subprocess
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import settings as project_settings
from crawler.urls import normalize_url
from tests import crawling

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from tests.sites.listing_site import ListingSite

KINDS = ("robots", "listing", "article", "sitemap", "feed", "other")
# The project's own extension stays on next to ours (a -s EXTENSIONS= replaces the whole dict).
# The project's own extensions stay on (a -s EXTENSIONS= replaces the whole dict), plus the log.
_EXTENSIONS = {**project_settings.EXTENSIONS, "tests.request_counting.RequestLog": 10}


class RequestLog:
    """Append ``{"url", "status"}`` lines to ``REQUEST_LOG_FILE`` for every response received."""

    def __init__(self, path: Path) -> None:
        self.fh = path.open("a", encoding="utf-8", buffering=1)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequestLog:
        path = crawler.settings.get("REQUEST_LOG_FILE")
        if not path:
            raise NotConfigured
        ext = cls(Path(path))
        crawler.signals.connect(ext.response_received, signal=signals.response_received)
        crawler.signals.connect(ext.close, signal=signals.engine_stopped)
        return ext

    def response_received(self, response: Any, request: Any, **kwargs: Any) -> None:
        self.fh.write(json.dumps({"url": request.url, "status": response.status}) + "\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()


def request_log_args(path: Path) -> list[str]:
    """The ``-s`` arguments that make a crawl log its requests to ``path``."""
    return ["-s", f"EXTENSIONS={json.dumps(_EXTENSIONS)}", "-s", f"REQUEST_LOG_FILE={path}"]


def read_log(path: Path) -> list[str]:
    """The requested URLs in order (a torn last line of a killed crawl is left out)."""
    if not path.exists():
        return []
    urls = []
    for line in path.read_text("utf-8").splitlines():
        try:
            urls.append(json.loads(line)["url"])
        except (ValueError, KeyError):
            continue
    return urls


@dataclass
class RequestCounts:
    """Requests of one crawl by kind; ``urls[kind]`` lists them."""

    urls: dict[str, list[str]] = field(default_factory=lambda: {k: [] for k in KINDS})

    def __getattr__(self, kind: str) -> int:
        if kind in KINDS:
            return len(self.urls[kind])
        raise AttributeError(kind)

    @property
    def total(self) -> int:
        return sum(len(v) for v in self.urls.values())

    def duplicates(self, kind: str) -> dict[str, int]:
        return {u: c for u, c in Counter(self.urls[kind]).items() if c > 1}

    def summary(self) -> str:
        return ", ".join(f"{k} {len(self.urls[k])}" for k in KINDS if self.urls[k]) + f" (total {self.total})"


def classify(urls: Iterable[str], site: ListingSite) -> RequestCounts:
    """Sort requested URLs into kinds by the truth of ``site``."""
    articles = {normalize_url(a.url) for a in site.articles}
    listings = {normalize_url(u) for u in site.listing_urls()}
    sections = [urlsplit(u).path.rstrip("/") for u in site.section_urls.values()]
    counts = RequestCounts()
    for url in urls:
        key = normalize_url(url)
        path = urlsplit(url).path
        if path == "/robots.txt":
            kind = "robots"
        elif key in articles or site.site.is_article_url(url):
            kind = "article"
        elif key in listings or any(path.rstrip("/") == s or path.startswith(s + "/") for s in sections):
            kind = "listing"
        elif "sitemap" in path.lower() or path.lower().endswith((".xml", ".xml.gz")):
            kind = "sitemap"
        elif "/rss" in path.lower() or "feed" in path.lower():
            kind = "feed"
        else:
            kind = "other"
        counts.urls[kind].append(url)
    return counts


def count_requests(log: Path, site: ListingSite) -> RequestCounts:
    return classify(read_log(log), site)


@dataclass
class CountedCrawl:
    proc: subprocess.CompletedProcess[str]
    counts: RequestCounts
    log: Path

    def check(self) -> None:
        """Fail with the crawl's stderr tail when the crawl itself failed (a harness error, not a
        count or output mismatch)."""
        assert self.proc.returncode == 0, f"scrapy exited {self.proc.returncode}:\n{self.proc.stderr[-3000:]}"


def counted_crawl(
    site: ListingSite,
    out: Path,
    log: Path,
    *extra: str,
    start_urls: Sequence[str] = (),
    timeout: float = 180,
    env: dict[str, str] | None = None,
) -> CountedCrawl:
    """``scrapy crawl <site's spider>`` replaying ``site.root`` into ``out``, requests logged to
    ``log`` (appended) and counted."""
    before = len(read_log(log))
    proc = crawling.run_crawl(
        site.options.spider,
        site.root,
        out,
        *request_log_args(log),
        *extra,
        start_urls=start_urls,
        timeout=timeout,
        env=env,
    )
    return CountedCrawl(proc, classify(read_log(log)[before:], site), log)
