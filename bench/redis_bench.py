"""``python -m bench.redis_bench``: shared-crawl throughput (1, 2, 4 workers) and Redis memory per article.

Throughput: a generated Báo Lâm Đồng site of ``--articles`` articles (default 2,000) replayed from a
WARC, crawled from its sitemap by ``scrapy crawl`` processes: the embedded single-process mode
(SQLite store, no Redis) and 1, 2 and 4 workers sharing one crawl through Redis, in the same run,
each configuration ``--repeats`` times (the median is reported). The crawl span is the first worker's
Scrapy ``start_time`` to the last one's ``finish_time`` (process start-up excluded; wall time is
shown too). Every run is checked: every article exactly once in the union of the outputs.

Memory: ``--million`` (default 1,000,000) articles recorded into the Redis seen store of an empty
database through ``RedisSeenStore.record_many`` (the ``record`` script, pipelined), with a SimHash
fingerprint and one URL each, plus one sitemap lastmod per article; ``INFO memory`` before and
after, ``MEMORY USAGE`` per structure. Then the per-crawl state for as many article URLs (article
states, newest lastmods) and the queue cost of a pickled article request.

Needs Redis on 127.0.0.1:6379; uses database ``--db`` (default 12), flushed before and after.
Writes ``bench/REDIS_REPORT.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script too
    sys.path.insert(0, str(REPO))

from tests import redis_support as rs  # noqa: E402 - the generated site and the worker launcher

_STAT_TIME = r"'{name}': datetime\.datetime\((\d+), (\d+), (\d+), (\d+), (\d+), (\d+)(?:, (\d+))?"


@dataclass
class Run:
    mode: str
    workers: int
    span: float  # first Scrapy start_time .. last finish_time, seconds
    wall: float  # first process launched .. last process exited
    items: int
    exact: bool
    cpu: float  # user + sys seconds of the worker processes
    redis_commands: int = 0
    redis_scripts: int = 0  # EVALSHA calls: the client's own round trips, with the pipelined reads
    redis_cpu: float = 0.0
    per_worker: list[int] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.items / self.span if self.span > 0 else 0.0


def _stat_time(log: str, name: str) -> datetime | None:
    match = re.search(_STAT_TIME.format(name=name), log)
    if not match:
        return None
    parts = [int(p) if p else 0 for p in match.groups()]
    return datetime(*parts[:6], parts[6], tzinfo=UTC)


def _redis_counters(client) -> tuple[int, int, float]:
    stats, cpu = client.info("stats"), client.info("cpu")
    scripts = int(client.info("commandstats").get("cmdstat_evalsha", {}).get("calls", 0))
    used = float(cpu["used_cpu_user"]) + float(cpu["used_cpu_sys"])
    return int(stats["total_commands_processed"]), scripts, used


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl(warc: Path, articles: int, workers: int, db: int | None, tmp: Path) -> Run:
    """One measured crawl: ``workers`` processes (``db`` None: the embedded mode, one process)."""
    client = rs.flushed_client(db) if db is not None else None
    out = tmp / "out"
    commands0, scripts0, redis_cpu0 = _redis_counters(client) if client else (0, 0, 0.0)
    cpu0 = _children_cpu()
    logs = [tmp / f"worker-{n}.log" for n in range(workers)]
    t0 = time.perf_counter()
    procs = [rs.start_worker(rs.crawl_command(warc, out, db), log) for log in logs]
    codes = [rs.wait(p, 1800) for p in procs]
    wall = time.perf_counter() - t0
    cpu = _children_cpu() - cpu0
    commands1, scripts1, redis_cpu1 = _redis_counters(client) if client else (0, 0, 0.0)
    if any(codes):
        raise RuntimeError(f"a worker failed ({codes}); see {logs}")
    texts = [log.read_text("utf-8", errors="replace") for log in logs]
    starts = [t for t in (_stat_time(x, "start_time") for x in texts) if t]
    ends = [t for t in (_stat_time(x, "finish_time") for x in texts) if t]
    span = (max(ends) - min(starts)).total_seconds()
    ids = [line["id"] for line in rs.output_lines(out)]
    per_worker = [len(f.read_bytes().splitlines()) for f in sorted((out / "baolamdong").glob("*.jsonl"))]
    if client is not None:
        client.flushdb()
        client.close()
    return Run(
        mode="embedded" if db is None else "redis",
        workers=workers,
        span=span,
        wall=wall,
        items=len(ids),
        exact=len(ids) == len(set(ids)) and set(ids) == rs.article_ids(articles),
        cpu=cpu,
        redis_commands=commands1 - commands0,
        redis_scripts=scripts1 - scripts0,
        redis_cpu=redis_cpu1 - redis_cpu0,
        per_worker=per_worker,
    )


# --- memory -------------------------------------------------------------------------------------


def _articles(count: int, seed: int = 1):
    rng = random.Random(seed)
    for n in range(count):
        slug = "kinh-te/nong-dan-lam-dong-thu-hoach-ca-phe-som-nien-vu-moi"
        url = f"https://baolamdong.vn/{slug}-{700000 + n}.html"
        item = {
            "id": f"baolamdong.vn:{700000 + n}",
            "content_hash": f"{rng.getrandbits(128):032x}",
            "url": url,
            "canonical_url": url,
            "published_at": "2025-08-14T07:30:00+07:00",
        }
        yield item, rng.getrandbits(64)


def _used(client) -> int:
    return int(client.info("memory")["used_memory"])


def memory(count: int, db: int) -> dict[str, float]:
    """Bytes per article of the seen store and of the per-crawl state, measured on ``count`` articles."""
    from crawler.scale.crawlstate import CrawlState
    from crawler.scale.redisconn import CrawlKeys, url_digest
    from crawler.store.redis import RedisSeenStore

    client = rs.flushed_client(db)
    found: dict[str, float] = {"articles": count}
    try:
        before = _used(client)
        store = RedisSeenStore.from_url(rs.redis_url(db), prefix="vnnews:seen")
        t = time.perf_counter()
        store.record_many(_articles(count))
        found["record_seconds"] = time.perf_counter() - t
        after_store = _used(client)
        pipe = client.pipeline(transaction=False)
        for n, (item, _) in enumerate(_articles(count)):
            pipe.hset(store.lastmods_key, url_digest(item["url"]), repr(1755135001.0 + n))
            if n % 5000 == 4999:
                pipe.execute()
        pipe.execute()
        after_lastmods = _used(client)
        found["seen_total"] = (after_lastmods - before) / count
        found["seen_without_lastmods"] = (after_store - before) / count
        for name, key in (
            ("articles_hash", store.articles_key),
            ("urls_hash", store.urls_key),
            ("lastmods_hash", store.lastmods_key),
            ("fingerprints_hash", store.fingerprints_key),
        ):
            found[name] = client.memory_usage(key, samples=0) / count
        found["bands"] = (
            found["seen_total"]
            - found["articles_hash"]
            - found["urls_hash"]
            - found["lastmods_hash"]
            - found["fingerprints_hash"]
        )
        found["band_keys"] = len(client.keys(f"{store.band_prefix}*"))
        store.close()

        # Per-crawl state of an archive crawl: one state and one newest lastmod per article URL.
        keys = CrawlKeys.for_spider("vnnews", "baolamdong")
        before = _used(client)
        pipe = client.pipeline(transaction=False)
        for n, (item, _) in enumerate(_articles(count)):
            digest = url_digest(item["url"])
            pipe.hset(keys.articles, digest, "f")
            pipe.hset(keys.wanted, digest, repr(1755135001.0 + n))
            if n % 5000 == 4999:
                pipe.execute()
        pipe.execute()
        found["crawl_state"] = (_used(client) - before) / count

        # A queued request: the pickled article request, as the scheduler stores it.
        from scrapy import Request

        from crawler.requestmeta import FRONTIER_KEY, KIND_ARTICLE, LASTMOD, PAGE_KIND

        state = CrawlState(client, keys, url=rs.redis_url(db), worker="bench")
        request = Request(
            next(_articles(1))[0]["url"],
            meta={
                PAGE_KIND: KIND_ARTICLE,
                LASTMOD: datetime(2025, 8, 14, tzinfo=UTC),
                FRONTIER_KEY: "x" * 90,
            },
        )
        from scrapy_redis import picklecompat

        sample = 100_000 if count >= 100_000 else count
        found["queued_request_bytes"] = len(picklecompat.dumps(request.to_dict()))
        before = _used(client)
        pipe = client.pipeline(transaction=False)
        for n in range(sample):
            pipe.zadd(
                keys.queue, {picklecompat.dumps(request.replace(url=f"{request.url}?n={n}").to_dict()): 0}
            )
            if n % 5000 == 4999:
                pipe.execute()
        pipe.execute()
        found["queue_per_request"] = (_used(client) - before) / sample
        del state
    finally:
        client.flushdb()
        client.close()
    return found


# --- report -------------------------------------------------------------------------------------


def _median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda r: r.span)[len(runs) // 2]


def render(
    results: dict[tuple[str, int], list[Run]], mem: dict[str, float] | None, args, seconds: float
) -> str:
    from bench.machine import cpu_model, git_state, ram_gib

    try:
        import redis as redis_py

        server = redis_py.Redis(host=rs.REDIS_HOST, port=rs.REDIS_PORT).info("server")["redis_version"]
        client_version = redis_py.__version__
    except Exception:  # pragma: no cover - reported, not fatal
        server, client_version = "unknown", "unknown"
    from importlib.metadata import version

    lines = [
        "# Shared crawl (Redis): throughput and memory",
        "",
        f"Command: `{' '.join(['python -m bench.redis_bench', *sys.argv[1:]])}`",
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {seconds:.0f} s in all. Code: {git_state()}.",
        f"Machine: {os.cpu_count()} cores ({cpu_model()}), {ram_gib() or 0:.1f} GiB RAM, "
        f"Python {platform.python_version()}; Redis server {server} on 127.0.0.1, redis-py {client_version}, "
        f"scrapy-redis {version('scrapy-redis')}, Scrapy {version('scrapy')}.",
        f"Load average (1 min) at the start and end: {args.load_before:.2f} and {os.getloadavg()[0]:.2f} "
        "(other processes on the machine share its cores; the configurations are interleaved so that "
        "such noise hits them alike).",
        "",
        "## Throughput",
        "",
        f"A generated site of {args.articles:,} articles (Báo Lâm Đồng markup, our own text), "
        "replayed from a "
        "WARC, crawled from its sitemap index: 1 sitemap index, "
        f"{-(-args.articles // rs.PER_DAY)} daily sitemaps, {args.articles:,} article pages. Every "
        "worker runs "
        "the full stack (extraction, validation, dedupe against the seen store, JSON-lines export). "
        f"Median of {args.repeats} runs per configuration by crawl span (first `start_time` to last "
        "`finish_time`); wall time includes Python and Scrapy start-up (about 1 s per process).",
        "",
        "| mode | workers | articles/s | crawl span | wall | speed-up vs embedded | worker CPU s | "
        "CPU ms / article | Redis commands / article (of which Lua scripts) | Redis CPU ms / article | "
        "items per worker | exactly once |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    base = _median_run(results[("embedded", 1)]).rate if ("embedded", 1) in results else None
    for (mode, workers), runs in results.items():
        run = _median_run(runs)
        speedup = f"{run.rate / base:.2f}x" if base else "n/a"
        redis_cmds = (
            f"{run.redis_commands / run.items:.1f} ({run.redis_scripts / run.items:.1f})"
            if mode == "redis"
            else "-"
        )
        redis_cpu = f"{1000 * run.redis_cpu / run.items:.3f}" if mode == "redis" else "-"
        lines.append(
            f"| {mode} | {workers} | {run.rate:,.0f} | {run.span:.2f} s | {run.wall:.2f} s | {speedup} | "
            f"{run.cpu:.1f} | {1000 * run.cpu / run.items:.2f} | {redis_cmds} | {redis_cpu} | "
            f"{' + '.join(map(str, run.per_worker))} | {'yes' if all(r.exact for r in runs) else 'NO'} |"
        )
    lines += [
        "",
        "All runs (articles/s): "
        + "; ".join(
            f"{mode} x{workers}: " + ", ".join(f"{r.rate:,.0f}" for r in runs)
            for (mode, workers), runs in results.items()
        )
        + ".",
    ]
    if mem:
        n = int(mem["articles"])
        per_million = mem["seen_total"] * 1_000_000 / 2**20
        lines += [
            "",
            "## Redis memory per million seen articles",
            "",
            f"{n:,} articles recorded into an empty database with `RedisSeenStore.record_many` (the `record` "
            f"Lua script, pipelined; {mem['record_seconds']:.0f} s, "
            f"{n / mem['record_seconds']:,.0f} records/s), "
            "each with a 64-bit SimHash fingerprint, one URL (= canonical URL, ~95 characters) and one noted "
            "sitemap lastmod; `INFO memory` `used_memory` before and after, `MEMORY USAGE ... "
            "SAMPLES 0` per hash.",
            "",
            "| structure | bytes per article |",
            "|---|---|",
            f"| `seen:articles` (id -> JSON record with hash, revision, dates, canonical URL) | "
            f"{mem['articles_hash']:.0f} |",
            f"| `seen:urls` (12-byte URL digest -> id) | {mem['urls_hash']:.0f} |",
            f"| `seen:lastmods` (URL digest -> lastmod) | {mem['lastmods_hash']:.0f} |",
            f"| `seen:fingerprints` (seq -> SimHash + id) | {mem['fingerprints_hash']:.0f} |",
            f"| `seen:band:*` ({int(mem['band_keys']):,} intsets of seqs; the remainder) | "
            f"{mem['bands']:.0f} |",
            f"| **seen store, total** | **{mem['seen_total']:.0f}** (without lastmods "
            f"{mem['seen_without_lastmods']:.0f}) |",
            "",
            f"**{per_million:,.0f} MiB of Redis per million seen articles** ({per_million / 1024:.2f} GiB; "
            f"{mem['seen_total'] * 10_000_000 / 2**30:.1f} GiB for 10 million). The per-crawl state "
            "of a crawl "
            f"that discovers that many article URLs adds {mem['crawl_state']:.0f} bytes per URL "
            "(article state "
            f"and newest lastmod, both keyed by the 12-byte digest; deleted when the crawl is drained), and "
            f"every request waiting in the queue {mem['queue_per_request']:.0f} bytes (a pickled article "
            f"request is {mem['queued_request_bytes']:.0f} bytes): a full-archive crawl whose queue holds a "
            f"million requests needs {mem['queue_per_request'] * 1e6 / 2**30:.2f} GiB more while they wait.",
        ]
    lines += ["", "## What limits the scaling", "", *analysis(results, mem)]
    return "\n".join(lines) + "\n"


def analysis(results: dict[tuple[str, int], list[Run]], mem: dict[str, float] | None) -> list[str]:
    cores = os.cpu_count() or 1
    runs = {key: _median_run(v) for key, v in results.items()}
    out: list[str] = []
    emb, one = runs.get(("embedded", 1)), runs.get(("redis", 1))
    if emb and one:
        out.append(
            f"- **One worker costs what one process costs, plus Redis round trips.** The embedded mode "
            f"crawls {emb.rate:,.0f} articles/s and uses {1000 * emb.cpu / emb.items:.1f} ms of CPU per "
            "article: one process is CPU-bound on one core (extraction, validation, dedupe, export). One "
            f"Redis worker crawls {one.rate:,.0f} articles/s with {1000 * one.cpu / one.items:.1f} ms of CPU "
            f"per article. Redis executes {one.redis_commands / one.items:.0f} commands per article, but "
            f"the worker sends only about {one.redis_scripts / one.items:.0f} Lua scripts (push, pop with "
            "lease, ack, claim, confirm, record, lastmod note) and one pipelined read (the fetch decision): "
            "about 8 synchronous loopback round trips in the reactor thread, each costing the client "
            "~0.1-0.2 ms of system calls and waiting. That, not the Redis server, is the gap to the "
            "embedded mode."
        )
    best = max((r for (m, _), r in runs.items() if m == "redis"), key=lambda r: r.rate, default=None)
    if best and emb:
        out.append(
            f"- **On this {cores}-core machine** the best is {best.workers} workers at {best.rate:,.0f} "
            f"articles/s ({best.rate / emb.rate:.2f}x the embedded mode). Each worker needs a whole "
            "core: two "
            "workers use both cores, and four workers only share the same two (plus the Redis server, the "
            "kernel and four Python start-ups), so four are no faster than two and can be slower. The "
            "limit here is CPU, not Redis: the Redis server used "
            f"{1000 * best.redis_cpu / best.items:.2f} ms of CPU per article."
        )
    if best:
        per_article = best.redis_commands / best.items
        redis_ms = 1000 * best.redis_cpu / best.items
        ceiling = 1000 / redis_ms if redis_ms > 0 else float("inf")
        out.append(
            f"- **On many cores or machines** throughput grows with workers until the single-threaded Redis "
            f"server saturates: at {redis_ms:.3f} ms of Redis CPU per article (about {per_article:.0f} "
            f"commands, several of them Lua scripts) one Redis core serves roughly {ceiling:,.0f} "
            "articles/s, "
            f"the work of about {ceiling / (best.rate / best.workers):.0f} workers like these. Over "
            "a LAN each "
            "synchronous round trip costs 0.2-1 ms instead of ~0.1 ms, which lowers each worker's rate (the "
            "reactor waits) but not the Redis ceiling; more workers per machine then hide the latency."
        )
    out.append(
        "- **In a real crawl the first limit is politeness**, not CPU or Redis: with "
        "`CONCURRENT_REQUESTS_PER_DOMAIN = 2`, `DOWNLOAD_DELAY = 0.5` and AutoThrottle, one paper yields a "
        "few pages per second whatever the number of workers. Workers pay off across papers (34 spiders, "
        "each with its own queue and frontier, share one Redis and one seen store) and for full-archive "
        "crawls whose queues hold millions of requests; the replayed site here removes the network to "
        "show the crawler's own ceiling."
    )
    if mem:
        out.append(
            f"- **Memory** grows with the seen store ({mem['seen_total']:.0f} bytes per article) "
            "and with the "
            "queue while it is long; the per-crawl keys disappear when a crawl is drained."
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.redis_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="articles of the generated site (>= 2000)")
    parser.add_argument("--workers", default="1,2,4", help="Redis worker counts to measure")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--million", type=int, default=1_000_000, help="articles for the memory figure (0: skip)"
    )
    parser.add_argument("--db", type=int, default=12, help="Redis database to use (flushed)")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "REDIS_REPORT.md")
    parser.add_argument("--quick", action="store_true", help="300 articles, 1 repeat, 20,000 for memory")
    args = parser.parse_args(argv)
    if args.quick:
        args.articles, args.repeats, args.million = 300, 1, 20_000
    if not rs.redis_up():
        print("redis_bench: needs Redis on 127.0.0.1:6379", file=sys.stderr)
        return 2
    started = time.perf_counter()
    args.load_before = os.getloadavg()[0]
    results: dict[tuple[str, int], list[Run]] = {}
    with tempfile.TemporaryDirectory(prefix="redis-bench-") as tmp_name:
        tmp = Path(tmp_name)
        warc = rs.write_warc(tmp / "site.warc.gz", args.articles)
        configs = [("embedded", 1)] + [("redis", int(w)) for w in args.workers.split(",") if w.strip()]
        for repeat in range(args.repeats):
            for mode, workers in configs:  # interleaved, so that drift hits every configuration alike
                work = tmp / f"{mode}-{workers}-{repeat}"
                work.mkdir()
                run = crawl(warc, args.articles, workers, None if mode == "embedded" else args.db, work)
                results.setdefault((mode, workers), []).append(run)
                print(
                    f"[redis_bench] {mode} x{workers} #{repeat + 1}: {run.rate:,.0f} articles/s, "
                    f"span {run.span:.2f} s, exactly once: {run.exact}",
                    file=sys.stderr,
                    flush=True,
                )
    mem = memory(args.million, args.db) if args.million else None
    if mem:
        print(
            f"[redis_bench] memory: {json.dumps({k: round(v, 1) for k, v in mem.items()})}", file=sys.stderr
        )
    report = render(results, mem, args, time.perf_counter() - started)
    args.out.write_text(report, encoding="utf-8")
    print(f"[redis_bench] report written to {args.out}", file=sys.stderr)
    return 0 if all(r.exact for runs in results.values() for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
