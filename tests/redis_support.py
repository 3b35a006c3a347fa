"""Helpers for the shared-crawl (Redis) tests and benchmark: a generated site, Redis checks, workers.

The generated site is Báo Lâm Đồng's markup (``tests/sites/baolamdong_minisite.py``) with any number
of articles whose text is drawn from our own word list, so bodies differ (SimHash fingerprints far
apart, like real articles) and every article is a valid item. One sitemap index, one daily sitemap
per 40 articles; version ``v2`` revises every 50th article (new body, newer sitemap ``lastmod``).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from tests import crawling
from tests.sites.baolamdong_minisite import HOST, SECTIONS, Article, article_html, sitemap_index, urlset

REPO = Path(__file__).resolve().parents[1]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
FIRST_ID = 600000
PER_DAY = 40
REVISE_EVERY = 50

_WORDS = (  # noqa: SIM905 - a sentence of our own words reads better than a list literal
    "người dân xã huyện tỉnh thành phố cán bộ nông dân học sinh giáo viên bác sĩ công nhân doanh nghiệp "
    "hợp tác xã đường giao thông cây cầu trường học trạm y tế chợ phiên cà phê chè hoa rau lúa gạo "
    "sầu riêng bơ mắc ca du lịch thác nước hồ nước rừng thông mùa mưa mùa khô năm nay tháng này "
    "tuần qua sáng nay chiều qua được đã đang sẽ vừa mới tổ chức triển khai hỗ trợ đầu tư xây dựng "
    "sửa chữa nâng cấp kiểm tra hướng dẫn vận động khen thưởng bàn giao thu hoạch xuất khẩu tiêu thụ "
    "bảo vệ phát triển cải thiện thu nhập đời sống an toàn vệ sinh môi trường kinh tế văn hóa xã hội "
    "nhiều hơn trước khoảng gần hơn một trăm nghìn tỷ đồng héc-ta tấn cây số hộ gia đình thôn buôn "
    "đồng bào dân tộc thiểu số vùng sâu vùng xa biên giới cao nguyên ven biển trung tâm phía bắc phía nam"
).split()


def article(n: int, *, revised: bool = False) -> Article:
    """The ``n``-th generated article (0-based); ``revised`` gives its v2 text."""
    rng = random.Random(n * 7919 + (1 if revised else 0))
    day = date(2025, 6, 1) + timedelta(days=n // PER_DAY)
    minute = (n % PER_DAY) * 17 + 6 * 60
    hh, mm = divmod(minute, 60)
    path, name = list(SECTIONS.items())[n % len(SECTIONS)]

    def sentence(words: int) -> str:
        text = " ".join(rng.choice(_WORDS) for _ in range(words))
        return text[0].upper() + text[1:] + "."

    paragraphs = tuple(sentence(rng.randint(24, 34)) for _ in range(3))
    return Article(
        FIRST_ID + n,
        f"bai-viet-so-{n}",
        (path, name),
        f"{name}: {sentence(8)[:-1]}",  # no digits: "404" in a title reads as an error page
        sentence(18),
        paragraphs,
        f"{day:%d/%m/%Y} {hh:02d}:{mm:02d}",
        f"{day.isoformat()}T{hh:02d}:{mm:02d}:00+07:00",
        rng.choice(("Minh Khôi", "Thanh Hà", "Hoàng Yến", "Quốc Bảo")),
    )


def is_revised(n: int, version: str) -> bool:
    return version == "v2" and n % REVISE_EVERY == 0


def build(count: int, version: str = "v1") -> dict[str, tuple[int, str, str]]:
    """URL -> (status, content type, body) for a site of ``count`` articles."""
    html_t, xml_t = "text/html; charset=utf-8", "application/xml; charset=utf-8"
    pages: dict[str, tuple[int, str, str]] = {}
    days: dict[str, list[tuple[str, str]]] = {}
    for n in range(count):
        revised = is_revised(n, version)
        a = article(n, revised=revised)
        pages[a.url] = (200, html_t, article_html(a))
        lastmod = "2025-12-01T10:00:00+07:00" if revised else a.iso[:-6] + ":01+07:00"
        days.setdefault(a.iso[:10], []).append((a.url, lastmod))
    # Each child's lastmod is its newest entry's, as a generated index says when a child changed.
    newest = {day: max(lm for _, lm in entries) for day, entries in days.items()}
    pages[HOST + "/sitemap.xml"] = (200, xml_t, sitemap_index(sorted(days), newest))
    for day, entries in days.items():
        pages[f"{HOST}/sitemap-article-{day}.xml"] = (200, xml_t, urlset(entries))
    return pages


def article_ids(count: int) -> set[str]:
    return {f"baolamdong.vn:{FIRST_ID + n}" for n in range(count)}


def write_warc(path: Path, count: int, version: str = "v1") -> Path:
    from crawler.replay import write_warc as pack

    entries = [
        (url, status, [("Content-Type", ctype)], body.encode("utf-8"))
        for url, (status, ctype, body) in sorted(build(count, version).items())
    ]
    pack(entries, path)
    return path


# --- Redis --------------------------------------------------------------------------------------


def redis_up(host: str = REDIS_HOST, port: int = REDIS_PORT, *, password_set: bool = False) -> bool:
    """Whether a Redis answers PING on ``host:port`` (no redis-py needed)."""
    try:
        with socket.create_connection((host, port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            answer = sock.recv(16)
    except OSError:
        return False
    return answer.startswith(b"+PONG") or (password_set and answer.startswith(b"-NOAUTH"))


def redis_url(db: int) -> str:
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"


# --- workers ------------------------------------------------------------------------------------


def crawl_command(warc: Path, out: Path, db: int | None, *extra: str, prefix: str | None = None) -> list[str]:
    cmd = crawling.crawl_command("baolamdong", warc, out, start_urls=[f"{HOST}/sitemap.xml"])
    if db is not None:
        cmd += ["-s", f"REDIS_URL={redis_url(db)}"]
    if prefix:
        cmd += ["-s", f"REDIS_KEY_PREFIX={prefix}"]
    return cmd + list(extra)


def start_worker(cmd: list[str], log: Path) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    handle = log.open("wb")
    try:
        return subprocess.Popen(cmd, cwd=REPO, stdout=handle, stderr=subprocess.STDOUT, env=env)
    finally:
        handle.close()


def wait(proc: subprocess.Popen, timeout: float) -> int:
    try:
        return proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        raise


def output_lines(out: Path, *, include_parts: bool = True) -> list[dict]:
    """Every JSON line in ``out/baolamdong`` (finished files, and ``.part`` files of killed workers)."""
    files = sorted((out / "baolamdong").glob("*.jsonl"))
    if include_parts:
        files += sorted((out / "baolamdong").glob("*.jsonl.part"))
    lines = []
    for f in files:
        for raw in f.read_bytes().splitlines():
            if raw.strip():
                lines.append(json.loads(raw))
    return lines


def lines_written(out: Path) -> int:
    total = 0
    for f in (out / "baolamdong").glob("*.jsonl*"):
        try:
            total += f.read_bytes().count(b"\n")
        except OSError:
            continue
    return total


def wait_for_lines(out: Path, count: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if lines_written(out) >= count:
            return True
        time.sleep(0.02)
    return False


# --- pytest -------------------------------------------------------------------------------------

REQUIRE_ENV = "VNNEWS_REQUIRE_REDIS"  # .ci/run sets it: in CI a missing Redis fails, never skips


def require_redis() -> None:
    """Skip (or, with VNNEWS_REQUIRE_REDIS=1, fail) when no Redis answers on 127.0.0.1:6379."""
    import pytest

    pytest.importorskip("redis", reason="redis-py is not installed (pip install -e '.[redis]')")
    pytest.importorskip("scrapy_redis", reason="scrapy-redis is not installed (pip install -e '.[redis]')")
    if redis_up():
        return
    message = (
        f"needs a Redis server on {REDIS_HOST}:{REDIS_PORT} (start one with `redis-server --bind 127.0.0.1 "
        "--port 6379 --save '' --appendonly no`; .ci/run does)"
    )
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{REQUIRE_ENV}=1 but the test {message}")
    pytest.skip(message)


def flushed_client(db: int):
    """A redis-py client on an emptied database (for the benchmark, which owns its database)."""
    client = redis_client(db)
    client.flushdb()
    return client


def redis_client(db: int):
    import redis

    return redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db)


def unique_prefix() -> str:
    """A key prefix of one test: test runs that overlap (two checkouts, two helpers) never collide,
    where a FLUSHDB of a shared test database would wipe a crawl running next door."""
    import uuid

    return f"vnnews-test-{uuid.uuid4().hex[:10]}"


def delete_prefix(client, prefix: str) -> None:
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    for start in range(0, len(keys), 500):
        client.delete(*keys[start : start + 500])


@contextmanager
def keyspace(db: int, prefix: str) -> Iterator:
    """A client on database ``db`` for a test that works under ``prefix``: skips (or fails, see
    ``require_redis``) without a Redis, and deletes the prefix's keys and closes the client after."""
    require_redis()
    client = redis_client(db)
    try:
        yield client
    finally:
        delete_prefix(client, prefix)
        client.close()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now (for a server a test starts)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def logged_stats(log: Path) -> dict[str, int]:
    """The integer stats of Scrapy's final stats dump in a worker's log."""
    text = log.read_text("utf-8", errors="replace")
    dump = text[text.rfind("Dumping Scrapy stats:") :]
    return {k: int(v) for k, v in re.findall(r"'([^']+)': (\d+)[,}]", dump)}
