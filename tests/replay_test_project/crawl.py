"""One real Scrapy crawl with the project's settings, run in a subprocess by the replay/record tests.

    python -m tests.replay_test_project.crawl OUT.json START_URL [START_URL ...] [-s NAME=VALUE ...]
        [--guard]

The spider follows every ``<a href>`` it sees. OUT.json gets ``responses`` (every response the
engine received, after redirects: url, status, flags, redirect_urls, text), ``stats`` and
``network`` (what reached a download handler or a DNS lookup; with ``--guard`` both are replaced
by tripwires that record the attempt and fail it). Tests call it through :func:`run_crawl`.
"""

from __future__ import annotations

import argparse
import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

import crawler.settings as project_settings

REPO = Path(__file__).resolve().parents[2]
NETWORK: list[str] = []


def _tripwire(name: str) -> Any:
    def wrapper(host: Any, *args: Any, **kwargs: Any) -> Any:
        NETWORK.append(f"{name}:{host}")
        raise OSError(f"test tripwire: {name}({host!r}) in a replay crawl")

    return wrapper


class GuardHandler(BaseDownloadHandler):
    """Download handler that fails every request: in a replay crawl none may get here."""

    async def download_request(self, request: scrapy.Request) -> scrapy.http.Response:
        NETWORK.append(f"download:{request.url}")
        raise OSError(f"test tripwire: {request.url} reached the download handler")


class LinkSpider(scrapy.Spider):
    name = "linktest"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url)

    def parse(self, response):
        if isinstance(response, scrapy.http.TextResponse):
            for href in response.css("a::attr(href)").getall():
                yield response.follow(href)


def settings_for(overrides: dict[str, str], guard: bool) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    # Only the two middlewares under test, at the priorities the project declares; no pipelines.
    ours = {
        k: v for k, v in project_settings.DOWNLOADER_MIDDLEWARES.items() if ".replay." in k or ".record." in k
    }
    settings.set("DOWNLOADER_MIDDLEWARES", ours, priority="project")
    settings.set("ITEM_PIPELINES", {}, priority="project")
    settings.set("SPIDER_MODULES", [], priority="project")
    settings.set("LOG_LEVEL", "INFO", priority="project")
    if guard:
        handler = f"{__name__}.GuardHandler"
        settings.set("DOWNLOAD_HANDLERS", {"http": handler, "https": handler}, priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(out: Path, urls: list[str], *settings: str, guard: bool = False) -> subprocess.CompletedProcess:
    """A fresh process per crawl: Twisted's reactor cannot be restarted inside the test process."""
    cmd = [sys.executable, "-m", "tests.replay_test_project.crawl", str(out), *urls]
    for s in settings:
        cmd += ["-s", s]
    if guard:
        cmd.append("--guard")
    return subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("urls", nargs="+")
    parser.add_argument("-s", dest="settings", action="append", default=[])
    parser.add_argument("--guard", action="store_true")
    args = parser.parse_args(argv)
    if args.guard:
        socket.getaddrinfo = _tripwire("getaddrinfo")
        socket.gethostbyname = _tripwire("gethostbyname")
    overrides = dict(s.split("=", 1) for s in args.settings)

    responses: list[dict[str, Any]] = []

    def on_response(response: scrapy.http.Response, request: scrapy.Request, spider: Any) -> None:
        text = response.text if isinstance(response, scrapy.http.TextResponse) else None
        responses.append(
            {
                "url": response.url,
                "status": response.status,
                "flags": response.flags,
                "redirect_urls": request.meta.get("redirect_urls", []),
                "text": text,
            }
        )

    process = CrawlerProcess(settings_for(overrides, args.guard))
    crawler = process.create_crawler(LinkSpider)
    crawler.signals.connect(on_response, signal=signals.response_received)
    process.crawl(crawler, urls=args.urls)
    process.start()
    if process.bootstrap_failed:  # e.g. a REPLAY path that does not exist: as `scrapy crawl`, exit 1
        return 1
    stats = {k: str(v) if not isinstance(v, int | float) else v for k, v in crawler.stats.get_stats().items()}
    Path(args.out).write_text(
        json.dumps({"responses": responses, "stats": stats, "network": NETWORK}, ensure_ascii=False),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
