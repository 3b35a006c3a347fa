"""Shared by the ``test_hardening_*`` files: a scripted HTTP server on 127.0.0.1 and a crawl runner.

No tests here. ``LocalServer`` answers each path with a route the test writes (a page, a delay,
a reset connection, a redirect ...) and records every request it saw: path, ``Host``, start and end
time, and how many requests were in flight on that host at once. ``run_local_crawl`` crawls it in a
subprocess with the project's own spider (``NewsSpider`` through ``spiders.registry.spider_class``)
and the project's settings, so that the crawl-level outcome (stats, manifest, output lines) is what
``scrapy crawl`` would give::

    python -m tests.test_hardening_support CONFIG.json

CONFIG.json: ``base`` (http://127.0.0.1:PORT), ``spider`` (name), ``seeds``, ``settings`` (merged
over the project settings; ``DOWNLOADER_MIDDLEWARES`` merged key by key), ``args`` (spider
arguments) and ``stats`` (where the final stats, the finish reason and the process's peak RSS
``process/max_rss_kb`` are written as JSON).

``replayed_crawl`` runs the real ``scrapy crawl baolamdong`` against a replay directory written by
``write_replay_dir`` and reports the crawl's peak RSS too. Article text is written for these tests.
(The file is named ``test_*`` only so that it may live beside the tests it serves.)
"""

from __future__ import annotations

import json
import re
import resource
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]

PARAGRAPHS = (
    "Sáng nay, hội nông dân xã Hiệp Thạnh tổ chức buổi tập huấn kỹ thuật trồng cà phê cho hơn một trăm "
    "hội viên đến từ các thôn trong xã.",
    "Các kỹ sư hướng dẫn cách cắt tỉa cành, bón phân hữu cơ và giữ ẩm cho vườn trong mùa khô kéo dài, "
    "kèm những buổi thực hành ngay tại vườn mẫu.",
    "Nhiều hộ cho biết sau khi áp dụng, năng suất vườn tăng rõ rệt và chi phí phân bón giảm gần một "
    "phần tư so với cách làm cũ.",
    "Hội nông dân xã dự kiến mở thêm hai lớp tập huấn nữa trước khi bước vào vụ thu hoạch cuối năm, ưu "
    "tiên các hộ mới chuyển sang trồng cà phê.",
)
TITLE = "Nông dân Hiệp Thạnh học cách trồng cà phê bền vững"
LEAD = "Hội viên được hướng dẫn cách chăm sóc vườn cà phê trong mùa khô."


def article_page(
    title: str = TITLE,
    *,
    date: str = "08/01/2026 18:21",
    charset: str = "utf-8",
    h1: str | None = None,
    head_extra: str = "",
    body_extra: str = "",
    paragraphs: tuple[str, ...] = PARAGRAPHS,
) -> str:
    """An article in the markup of Báo Lâm Đồng's 2025 platform (OneCMS-like header and body)."""
    heading = h1 if h1 is not None else f'<h1 class="sc-longform-header-title block-sc-title">{title}</h1>'
    text = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="{charset}">'
        f"<title>{title} - Báo Lâm Đồng</title>{head_extra}</head>\n"
        '<body><header class="c-header"><a class="c-logo" href="/">Báo Lâm Đồng</a></header>\n'
        f'<div class="b-maincontent"><div class="sc-longform-header">{heading}\n'
        '<div class="sc-longform-header-meta"><span class="sc-longform-header-author block-sc-author">'
        "Minh Khôi</span>\n"
        f'<span class="sc-longform-header-date block-sc-publish-time">{date}</span></div>\n'
        f'<p class="sc-longform-header-sapo block-sc-sapo">(LĐ online) - {LEAD}</p></div>\n'
        f'<article class="entry entry-no-padding">{text}{body_extra}</article></div></body></html>\n'
    )


def urlset(urls: list[str]) -> str:
    entries = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>\n'
    )


def sitemap_index(urls: list[str]) -> str:
    entries = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in urls)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n'
    )


# --- the server -------------------------------------------------------------------------------


@dataclass
class Hit:
    path: str
    host: str
    start: float
    end: float = 0.0
    answered: float = 0.0  # just before the first byte of the answer (or the reset) left
    status: int | None = None
    in_flight: int = 0  # requests in flight on this host when this one arrived, itself included
    user_agent: str = ""


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering
    reset: bool = False  # close the connection with a TCP RST instead of answering
    length: int | None = None  # stream this many filler bytes as the body (a huge page)
    chunked: bool = False  # ... without a Content-Length


Route = Callable[[int], Reply]  # the n-th request (1-based) to the path -> what to answer


def page(html: str, status: int = 200) -> Route:
    return lambda n: Reply(status, html)


def article_route(title: str, number: int, delay: float = 0.0) -> Route:
    """An article whose text differs from its siblings' (no near-duplicate flags), after ``delay``."""
    html = article_page(title, paragraphs=(*PARAGRAPHS, f"Bài số {number} trong loạt thử nghiệm."))
    return lambda n: Reply(200, html, delay=delay)


class LocalServer:
    """A threaded HTTP/1.0 server on 127.0.0.1 with scripted routes; unknown paths are 404."""

    def __init__(self, routes: dict[str, Route] | None = None, *, delay: float = 0.0) -> None:
        self.routes: dict[str, Route] = dict(routes or {})
        self.delay = delay  # added to every answer (politeness tests)
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()
        self._counts: Counter[str] = Counter()
        self.max_in_flight: dict[str, int] = defaultdict(int)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits_to(self, path: str) -> list[Hit]:
        with self._lock:
            return [h for h in self.hits if h.path == path]

    def _enter(self, path: str, host: str) -> tuple[Hit, int]:
        with self._lock:
            self._counts[path] += 1
            self._in_flight[host] += 1
            hit = Hit(path, host, time.monotonic(), in_flight=self._in_flight[host])
            self.max_in_flight[host] = max(self.max_in_flight[host], self._in_flight[host])
            self.hits.append(hit)
            return hit, self._counts[path]

    def _leave(self, hit: Hit) -> None:
        with self._lock:
            self._in_flight[hit.host] -= 1
            hit.end = time.monotonic()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
                hit, n = server._enter(self.path, host)
                hit.user_agent = self.headers.get("User-Agent") or ""
                try:
                    route = server.routes.get(self.path)
                    reply = route(n) if route else Reply(404, "<html><body>Không có</body></html>")
                    hit.status = reply.status
                    time.sleep(reply.delay + server.delay)
                    hit.answered = time.monotonic()
                    self._answer(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (size limit, timeout): expected
                finally:
                    server._leave(hit)

            def _answer(self, reply: Reply) -> None:
                if reply.reset:
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                    return
                body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if reply.length is None:
                    self.send_header("Content-Length", str(len(body)))
                elif not reply.chunked:
                    self.send_header("Content-Length", str(reply.length))
                self.end_headers()
                if reply.length is None:
                    self.wfile.write(body)
                    return
                chunk = (b"<p>" + "Đoạn văn lặp lại để trang thật lớn. ".encode() * 200 + b"</p>\n")[:65536]
                sent = 0
                while sent < reply.length:
                    self.wfile.write(chunk[: reply.length - sent])
                    sent += len(chunk)

        return Handler

    def __enter__(self) -> LocalServer:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- the crawl runner -------------------------------------------------------------------------


@dataclass
class CrawlResult:
    returncode: int
    stats: dict[str, Any]
    log: str
    items: list[dict[str, Any]]
    manifest: dict[str, Any] | None
    output_files: list[Path]

    @property
    def finish_reason(self) -> str | None:
        return self.stats.get("finish_reason")


def local_site(base: str, spider: str = "lokal") -> Any:
    """A registry entry for the local server: one host, ``<slug>-<id>.html`` articles."""
    from crawler.sites import Site

    return Site(
        spider=spider,
        domain="127.0.0.1",
        source_name="Báo Thử Nghiệm",
        province="Lâm Đồng",
        family="onecms",
        home=base + "/",
        sitemaps=("/sitemap.xml",),
        article_patterns=(r"^/(?:[a-z0-9-]+/)*[a-z0-9-]+-\d{4,}\.html$",),
    )


class LocalCrawl:
    """A crawl of the local server running in a subprocess (``run_local_crawl`` waits for it)."""

    def __init__(
        self,
        tmp: Path,
        base: str,
        *,
        seeds: list[str] | None = None,
        settings: dict[str, Any] | None = None,
        args: dict[str, str] | None = None,
        spider: str = "lokal",
    ) -> None:
        tmp.mkdir(parents=True, exist_ok=True)
        self.out = tmp / "out"
        self.log = tmp / f"crawl-{time.monotonic_ns()}.log"
        self.stats = self.log.with_suffix(".stats.json")
        config = {
            "base": base,
            "spider": spider,
            "seeds": seeds or [base + "/sitemap.xml"],
            "settings": {
                "OUTPUT_DIR": str(self.out),
                "LOG_FILE": str(self.log),
                "LOG_LEVEL": "DEBUG",
                **(settings or {}),
            },
            "args": args or {},
            "stats": str(self.stats),
        }
        cfg = self.log.with_suffix(".config.json")
        cfg.write_text(json.dumps(config), "utf-8")
        self._before = set(self.out.rglob("*.jsonl"))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.test_hardening_support", str(cfg)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait(self, timeout: float = 120) -> CrawlResult:
        try:
            _, stderr = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        files = sorted(set(self.out.rglob("*.jsonl")) - self._before)
        items = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines()]
        manifests = [f.with_name(f.name.removesuffix(".jsonl") + ".manifest.json") for f in files]
        manifest = (
            json.loads(manifests[0].read_text("utf-8")) if manifests and manifests[0].exists() else None
        )
        text = (self.log.read_text("utf-8") if self.log.exists() else "") + stderr
        data = json.loads(self.stats.read_text("utf-8")) if self.stats.exists() else {}
        return CrawlResult(self.proc.returncode, data, text, items, manifest, files)


def run_local_crawl(tmp: Path, base: str, *, timeout: float = 120, **kwargs: Any) -> CrawlResult:
    """Crawl the local server with the project's spider and settings in a subprocess."""
    return LocalCrawl(tmp, base, **kwargs).wait(timeout)


# --- replayed crawls of ``scrapy crawl baolamdong`` -----------------------------------------------

HOST = "https://baolamdong.vn"
Pages = dict[str, tuple[str, str | bytes]]  # path -> (content type, body)


def write_replay_dir(root: Path, pages: Pages, host: str = HOST) -> Path:
    """A directory archive (``index.jsonl`` + files) that ``-s REPLAY=`` serves."""
    root.mkdir(parents=True, exist_ok=True)
    index = []
    for n, (path, (ctype, body)) in enumerate(sorted(pages.items())):
        name = f"p{n:05d}.bin"
        (root / name).write_bytes(body.encode("utf-8") if isinstance(body, str) else body)
        index.append({"url": host + path, "file": name, "status": 200, "content_type": ctype})
    (root / "index.jsonl").write_text("\n".join(json.dumps(x) for x in index) + "\n", "utf-8")
    return root


# ``python -m scrapy`` that reports its peak RSS on the way out (atexit runs on sys.exit too).
_SCRAPY_WITH_RSS = (
    "import atexit, resource, runpy, sys\n"
    "atexit.register(lambda: sys.stderr.write("
    "f'\\nMAX_RSS_KB={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
    "sys.argv[0] = 'scrapy'\n"
    "runpy.run_module('scrapy', run_name='__main__', alter_sys=True)\n"
)


@dataclass
class ReplayedCrawl:
    returncode: int
    items: list[dict[str, Any]]
    manifest: dict[str, Any] | None
    log: str
    stderr: str

    def crawled(self, contains: str = "") -> list[str]:
        """URLs of the responses the engine received, in order (from the DEBUG log)."""
        return [u for u in re.findall(r"Crawled \(\d+\) <GET ([^>]+)>", self.log) if contains in u]

    @property
    def max_rss_mb(self) -> float:
        """Peak resident memory of the crawl process."""
        found = re.findall(r"^MAX_RSS_KB=(\d+)$", self.stderr, re.M)
        assert found, "the crawl did not report its memory"
        return int(found[-1]) / 1024


def scrapy_command(*args: str) -> list[str]:
    """``python -m scrapy ARGS`` that also reports its peak RSS on stderr (``MAX_RSS_KB=``)."""
    return [sys.executable, "-c", _SCRAPY_WITH_RSS, *args]


def replayed_crawl(
    tmp: Path, archive: Path, seeds: list[str], *extra: str, timeout: float = 180
) -> ReplayedCrawl:
    """``scrapy crawl baolamdong`` against a replay archive, with a fresh OUTPUT_DIR under ``tmp``."""
    out, log = tmp / "out", tmp / f"crawl-{time.monotonic_ns()}.log"
    cmd = scrapy_command(
        "crawl", "baolamdong", "-a", "start_urls=" + ",".join(seeds),
        "-s", f"REPLAY={archive}", "-s", f"OUTPUT_DIR={out}", "-s", "LOG_LEVEL=DEBUG", "-s", f"LOG_FILE={log}",
        *extra,
    )  # fmt: skip
    before = set(out.glob("baolamdong/*.jsonl"))
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=timeout)
    files = sorted(set(out.glob("baolamdong/*.jsonl")) - before)
    items = [json.loads(line) for f in files for line in f.read_text("utf-8").splitlines()]
    manifest = None
    if files:
        path = files[0].with_name(files[0].name.removesuffix(".jsonl") + ".manifest.json")
        manifest = json.loads(path.read_text("utf-8")) if path.exists() else None
    text = log.read_text("utf-8") if log.exists() else ""
    return ReplayedCrawl(proc.returncode, items, manifest, text, proc.stderr)


@contextmanager
def serving(routes: dict[str, Route], *, delay: float = 0.0) -> Iterator[LocalServer]:
    with LocalServer(routes, delay=delay) as server:
        yield server


def _merge_settings(project: Any, overrides: dict[str, Any]) -> None:
    for name, value in overrides.items():
        if isinstance(value, dict) and name.endswith(("MIDDLEWARES", "PIPELINES", "EXTENSIONS")):
            merged = dict(project.getdict(name))
            merged.update(value)
            project.set(name, merged, priority="cmdline")
        else:
            project.set(name, value, priority="cmdline")


def _main(config_path: str) -> None:
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from spiders.registry import spider_class

    config = json.loads(Path(config_path).read_text("utf-8"))
    settings = get_project_settings()
    _merge_settings(settings, config["settings"])
    spidercls = spider_class(local_site(config["base"], config["spider"]))
    process = CrawlerProcess(settings, install_root_handler=True)
    crawler = process.create_crawler(spidercls)

    def closed(spider: Any, reason: str) -> None:
        stats = {
            k: str(v) if not isinstance(v, int | float) else v for k, v in crawler.stats.get_stats().items()
        }
        stats["finish_reason"] = reason
        stats["process/max_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        Path(config["stats"]).write_text(json.dumps(stats, ensure_ascii=False), "utf-8")

    crawler.signals.connect(closed, signal=signals.spider_closed)
    args = dict(config["args"])
    args.setdefault("start_urls", ",".join(config["seeds"]))
    process.crawl(crawler, **args)
    process.start()


if __name__ == "__main__":
    _main(sys.argv[1])


def error_notice_page(heading: str = "Không tìm thấy trang") -> str:
    """A soft 404 of the same site: its header, a notice and a link home, served with status 200."""
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{heading} - Báo Lâm Đồng</title></head>\n"
        '<body><header class="c-header"><a class="c-logo" href="/">Báo Lâm Đồng</a></header>\n'
        f'<div class="b-maincontent"><div class="c-notfound"><h1>{heading}</h1>'
        "<p>Xin lỗi, trang bạn yêu cầu không tồn tại hoặc đã bị xóa khỏi hệ thống.</p>"
        '<p><a href="/">Quay lại trang chủ</a></p></div></div></body></html>\n'
    )
