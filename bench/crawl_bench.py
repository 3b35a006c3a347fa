"""3. Crawl throughput: ``scrapy crawl baolamdong`` of a generated, replayed site of >= 2,000 articles
through all our components, against a do-nothing spider that downloads the same pages."""

from __future__ import annotations

import json
import pstats
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import (
    Options,
    Section,
    fmt_rate,
    format_stats,
    func_stat,
    table,
    time_by_file,
    total_time,
)
from bench.scrapyrun import CrawlRun, base_settings, run_scrapy
from bench.sitegen import VN_TZ, make_articles, write_site

TARGET_OVERHEAD = 0.30
# Where an article's time goes in our code: (label, file suffix, function) entry points of cProfile.
COMPONENTS = (
    ("extraction: `crawler.extract.extract_article`", "crawler/extract/article.py", "extract_article"),
    ("spider: `NewsSpider.parse_article` minus extraction", "spiders/articles.py", "parse_article"),
    ("spider: sitemap parsing + frontier (`_follow_sitemap`)", "spiders/news.py", "_follow_sitemap"),
    ("incremental middleware `process_request`", "crawler/middlewares/incremental.py", "process_request"),
    ("incremental middleware `process_response`", "crawler/middlewares/incremental.py", "process_response"),
    ("validate pipeline", "pipelines/validate.py", "process_item"),
    ("dedupe pipeline `process_item`", "pipelines/dedupe.py", "process_item"),
    ("  of which `body_fingerprint` (SimHash)", "pipelines/dedupe.py", "body_fingerprint"),
    ("dedupe `item_scraped` (store.record)", "pipelines/dedupe.py", "item_scraped"),
    ("export pipeline", "pipelines/export.py", "process_item"),
)


def _cumtime(stats: pstats.Stats, suffix: str, func: str) -> float:
    return func_stat(stats, suffix, func)[2]


def component_table(ours: pstats.Stats, bare: pstats.Stats, pages: int) -> str:
    total = total_time(ours)
    rows = []
    extraction = _cumtime(ours, "crawler/extract/article.py", "extract_article")
    for label, suffix, func in COMPONENTS:
        seconds = _cumtime(ours, suffix, func)
        if func == "parse_article":
            seconds -= extraction
        rows.append([label, f"{1000 * seconds / pages:.2f}", f"{100 * seconds / total:.1f}%"])
    rows.append(["whole crawl, ours (under cProfile)", f"{1000 * total / pages:.2f}", "100%"])
    rows.append(
        ["whole crawl, do-nothing spider (under cProfile)", f"{1000 * total_time(bare) / pages:.2f}", "–"]
    )
    return table(["component", "ms per article (profiled)", "share of our run"], rows, "lrr")


def isolated_costs(site_dir: Path, n: int = 300) -> list[list[str]]:
    """Our per-article code outside Scrapy, one step at a time, on the generated pages (ms each)."""
    from crawler.extract import extract_article
    from crawler.store import SeenStore
    from pipelines.dedupe import body_fingerprint
    from pipelines.export import encode_line
    from pipelines.validate import drop_reason, normalize

    entries = [json.loads(line) for line in (site_dir / "index.jsonl").read_text("utf-8").splitlines()]
    pages = [((site_dir / e["file"]).read_bytes(), e["url"]) for e in entries if e["file"].startswith("a-")][
        :n
    ]
    fetched = datetime.now(UTC)
    items: list[dict[str, Any]] = []

    def step_extract() -> None:
        items.clear()
        items.extend(extract_article(html, url, fetched_at=fetched) for html, url in pages)

    def step_validate() -> None:
        for item in items:
            data, _ = normalize(item)
            drop_reason(data)

    def step_fingerprint() -> None:
        for item in items:
            body_fingerprint(item["body"])

    def step_export() -> None:
        for item in items:
            encode_line(item)

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = SeenStore(Path(tmp) / "state.sqlite")

        def step_record() -> None:
            for item in items:
                store.record(item, fingerprint=None)

        def step_lookup() -> None:
            for _, url in pages:
                store.fetch_decision(url, now=fetched, recheck=timedelta(days=2))

        steps: list[tuple[str, Callable[[], None]]] = [
            ("extract_article", step_extract),
            ("validate: normalize + schema", step_validate),
            ("dedupe: body_fingerprint (SimHash)", step_fingerprint),
            ("dedupe: SeenStore.record (SQLite, one transaction)", step_record),
            ("incremental: SeenStore.fetch_decision", step_lookup),
            ("export: encode_line (orjson)", step_export),
        ]
        for label, step in steps:
            start = time.perf_counter()
            step()
            rows.append([label, f"{1000 * (time.perf_counter() - start) / len(pages):.3f}"])
        store.close()
        rows += pipeline_chain_costs(items, Path(tmp) / "chain")
    return rows


def pipeline_chain_costs(items: list[dict[str, Any]], output_dir: Path) -> list[list[str]]:
    """The real item pipelines in ITEM_PIPELINES order on ``ArticleItem``s (what the spider yields),
    plus the ``item_scraped`` signal the scraper sends after them (the dedupe pipeline records the
    item in the state store then), with a fresh store: every item is new. ms per article."""
    from scrapy import Spider, signals
    from scrapy.utils.test import get_crawler

    from crawler.items import ArticleItem
    from pipelines.dedupe import DedupePipeline
    from pipelines.export import JsonLinesExportPipeline
    from pipelines.validate import ValidatePipeline

    class ChainSpider(Spider):
        name = "benchchain"

    # CoreStats wants a spider_opened signal that is not sent here.
    settings = {"OUTPUT_DIR": str(output_dir), "EXTENSIONS": {"scrapy.extensions.corestats.CoreStats": None}}
    crawler = get_crawler(ChainSpider, settings)
    crawler.spider = ChainSpider.from_crawler(crawler)
    chain = (ValidatePipeline, DedupePipeline, JsonLinesExportPipeline)
    stages = [cls.from_crawler(crawler) for cls in chain]
    for stage in stages:
        getattr(stage, "open_spider", lambda: None)()
    seconds = [0.0] * (len(stages) + 1)
    for data in items:
        item: Any = ArticleItem(**data)
        for i, stage in enumerate(stages):
            start = time.perf_counter()
            item = stage.process_item(item)
            seconds[i] += time.perf_counter() - start
        start = time.perf_counter()
        crawler.signals.send_catch_log(signals.item_scraped, item=item, response=None, spider=crawler.spider)
        seconds[-1] += time.perf_counter() - start
    stages[-1].close_spider()
    crawler.signals.send_catch_log(signals.spider_closed, spider=crawler.spider, reason="finished")
    labels = [
        "pipelines on ArticleItem: ValidatePipeline.process_item",
        "pipelines on ArticleItem: DedupePipeline.process_item (new items)",
        "pipelines on ArticleItem: JsonLinesExportPipeline.process_item",
        "pipelines on ArticleItem: item_scraped signal (store.record)",
    ]
    rows = [[label, f"{1000 * s / len(items):.3f}"] for label, s in zip(labels, seconds, strict=True)]
    rows.append(["pipelines on ArticleItem: whole chain", f"{1000 * sum(seconds) / len(items):.3f}"])
    return rows


def crawl_analysis(ours: CrawlRun, bare: CrawlRun, ours_few: CrawlRun) -> str:
    per_ours, per_bare = 1000 / ours.pages_per_second, 1000 / bare.pages_per_second
    gain = ours_few.pages_per_second / ours.pages_per_second - 1
    return (
        f"**Analysis.** A replayed download costs {per_bare:.2f} ms of CPU per page, so the target leaves "
        f"{TARGET_OVERHEAD * per_bare:.2f} ms per article for everything we add; we add "
        f"{per_ours - per_bare:.2f} ms. The profile and the isolated steps agree on the order: extraction, "
        "then the dedupe pipeline's SimHash, then the validate pipeline (text normalisation + JSON Schema), "
        "then Scrapy's own per-item machinery (item pipelines chain, signals, ItemAdapter), with the SQLite "
        "store, the incremental check and the export far behind. Done since the first report: SimHash "
        "votes its 64 bits with big-integer AND + `bit_count` and copies a ready blake2b state (same "
        "fingerprints, pinned by `tests/test_dedupe_fingerprint.py`), unchanged items settled before "
        "hashing; validate answers the valid case with the schema compiled once (`crawler/schemacheck.py`, "
        "jsonschema's semantics; jsonschema still names the reason of a drop) and keeps an already clean "
        "body; items become plain dicts once instead of through ItemAdapter in two pipelines; the "
        "incremental check reuses the frontier's normalised URL; `CONCURRENT_ITEMS = 4` (measured above: "
        f"{100 * gain:+.0f}% pages/s for our crawl when set). **What is left:**\n\n"
        "1. Extraction itself (section 2): parsing with lxml alone is a third of it on these light pages.\n"
        "2. Scrapy's per-item machinery (the pipeline chain's Deferreds, one `item_scraped` signal per item "
        "with its receivers, stats), which the do-nothing spider never pays because it yields no item.\n"
        "\n"
        "Our per-article floor (parse + extract + hash + store) stays above 1 ms, several times the "
        "30% allowance against a replayed download, so this target is out of reach by design of the "
        "comparison: a replayed download costs only Scrapy's own bookkeeping. Against live downloads at "
        "polite rates (a few pages per second per site) the crawl is bound by the network, not by this "
        "CPU cost."
    )


def run(options: Options) -> Section:
    section = Section("crawl", "3. Crawl throughput: scrapy crawl vs a do-nothing spider")
    n = 300 if options.quick else 2000
    with tempfile.TemporaryDirectory(prefix="bench-crawl-") as tmp:
        work = Path(tmp)
        newest = datetime.now(VN_TZ) - timedelta(days=3)
        site = write_site(work / "site", make_articles(n, newest=newest), layout="single")
        runs: dict[str, list[CrawlRun]] = {"ours": [], "bare": []}
        for i in (1, 2):
            ours_args = ["crawl", "baolamdong", "-a", f"start_urls={site.seed_url}"]
            runs["ours"].append(
                run_scrapy(f"ours{i}", ours_args, base_settings(site.root, work / f"out-ours{i}"), work)
            )
            bare_args = ["runspider", "bench/bare_spider.py", "-a", f"sitemap={site.seed_url}"]
            bare_settings = {**base_settings(site.root, work / f"out-bare{i}"), "ITEM_PIPELINES": "{}"}
            runs["bare"].append(run_scrapy(f"bare{i}", bare_args, bare_settings, work))
        # Scrapy's per-response fan-out: CONCURRENT_ITEMS asyncio workers per callback output.
        few: dict[str, CrawlRun] = {}
        for who, args, extra in (("ours", ours_args, {}), ("bare", bare_args, {"ITEM_PIPELINES": "{}"})):
            settings = {**base_settings(site.root, work / f"out-{who}-ci4"), **extra, "CONCURRENT_ITEMS": "4"}
            few[who] = run_scrapy(f"{who}-CONCURRENT_ITEMS=4", args, settings, work)
        best_ours = max(runs["ours"], key=lambda r: r.pages_per_second)
        best_bare = max(runs["bare"], key=lambda r: r.pages_per_second)
        overhead = best_bare.pages_per_second / best_ours.pages_per_second - 1
        med_ours = statistics.median(r.pages_per_second for r in runs["ours"])
        med_bare = statistics.median(r.pages_per_second for r in runs["bare"])
        med_overhead = med_bare / med_ours - 1

        rows = [
            [
                r.label,
                fmt_rate(r.pages_per_second),
                r.responses,
                f"{r.elapsed:.2f}",
                f"{r.wall:.2f}",
                r.stat("item_scraped_count"),
                r.requests,
                r.stat("log_count/ERROR"),
            ]
            for r in [*runs["ours"], *runs["bare"], few["ours"], few["bare"]]
        ]
        section.add(
            f"Site: {n:,} generated Báo Lâm Đồng articles (`bench/sitegen.py`: `article_html` of the "
            "mini-site, 5–8 generated paragraphs, 0–3 related links, tags, 60% with a figure; "
            f"{site.bytes / n / 1024:.1f} KiB "
            "per page on average) and one sitemap listing them, in a temporary replay directory "
            "(`index.jsonl`). Real Báo Lâm Đồng pages are 10–30× bigger (menus, sidebars, scripts), so "
            "this is the light-page case, where fixed per-item costs weigh most.\n\n"
            "Commands (from the repository root; each run gets a fresh OUTPUT_DIR, and "
            '`-s EXTENSIONS={"bench.statsdump.StatsDump": 990} -s BENCH_STATS_FILE=... -s LOG_FILE=...` '
            "is added to both to read the final stats):\n\n"
            f"```\n{best_ours.command}\n{best_bare.command}\n```\n\n"
            "pages/s = `response_received_count / elapsed_time_seconds` from the crawl's stats (robots.txt "
            "and the sitemap included, for both). Each spider ran twice, alternating.\n\n"
            + table(
                ["run", "pages/s", "responses", "elapsed s", "process wall s", "items", "requests", "errors"],
                rows,
                "lrrrrrrr",
            )
            + f"\n\n**Overhead of our whole pipeline over the bare download: {100 * overhead:.0f}%** "
            f"(best runs: {fmt_rate(best_ours.pages_per_second)} vs {fmt_rate(best_bare.pages_per_second)} "
            f"pages/s; median of runs: {100 * med_overhead:.0f}%). Per page: "
            f"{1000 / best_ours.pages_per_second:.2f} ms for ours, "
            f"{1000 / best_bare.pages_per_second:.2f} ms "
            f"for the bare download, so our components add "
            f"{1000 / best_ours.pages_per_second - 1000 / best_bare.pages_per_second:.2f} ms per page; the "
            f"target allows {1000 * TARGET_OVERHEAD / best_bare.pages_per_second:.2f} ms."
        )
        few_overhead = few["bare"].pages_per_second / few["ours"].pages_per_second - 1
        section.add(
            "Scrapy 2.19 hands every callback's output to `scrapy.utils.asyncio._parallel_asyncio`, which "
            "starts `CONCURRENT_ITEMS` (default 100) asyncio worker tasks per response, even "
            "for the one item "
            "an article page yields. The last two runs above set `CONCURRENT_ITEMS=4`: ours "
            f"{fmt_rate(best_ours.pages_per_second)} → {fmt_rate(few['ours'].pages_per_second)} "
            "pages/s, bare "
            f"{fmt_rate(best_bare.pages_per_second)} → {fmt_rate(few['bare'].pages_per_second)} pages/s; the "
            f"overhead ratio is then {100 * few_overhead:.0f}% (a cheaper baseline makes the "
            "ratio worse even "
            "though we got faster)."
        )
        section.add(
            "Our per-article steps alone, outside Scrapy (same generated pages, one pass each, ms per "
            "article):\n\n" + table(["step", "ms per article"], isolated_costs(site.root), "lr")
        )
        items_ok = all(r.stat("item_scraped_count") == n for r in runs["ours"])
        section.target(
            "pipeline overhead over bare download",
            "≤ 30%",
            f"{100 * overhead:.0f}%",
            overhead <= TARGET_OVERHEAD,
        )
        section.target("every article emitted", f"{n} items per run", "yes" if items_ok else "no", items_ok)
        if overhead > TARGET_OVERHEAD:
            ours_prof, bare_prof = work / "ours.prof", work / "bare.prof"
            run_scrapy(
                "ours-prof",
                ours_args,
                base_settings(site.root, work / "out-prof-ours"),
                work,
                profile_out=ours_prof,
            )
            run_scrapy(
                "bare-prof",
                bare_args,
                {**base_settings(site.root, work / "out-prof-bare"), "ITEM_PIPELINES": "{}"},
                work,
                profile_out=bare_prof,
            )
            ours_stats, bare_stats = pstats.Stats(str(ours_prof)), pstats.Stats(str(bare_prof))
            section.add(
                "Where the time goes (a third run of each under cProfile, which inflates Python-heavy code; "
                "compare shares, not absolute times):\n\n" + component_table(ours_stats, bare_stats, n)
            )
            section.add(crawl_analysis(best_ours, best_bare, few["ours"]))
            section.profiles.append(
                ("scrapy crawl baolamdong — own time per file", time_by_file(ours_stats, limit=20))
            )
            section.profiles.append(
                ("scrapy crawl baolamdong — top functions by own time", format_stats(ours_stats, limit=20))
            )
    return section
