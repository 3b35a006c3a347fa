"""The verification spider: each seed of a paper once, then a few of the articles they list.

Politeness is the project's (robots.txt, delays, per-host concurrency): the spider adds no
requests of its own beyond the seeds, at most ``CHILD_SITEMAPS`` children of a sitemap index,
and ``articles`` article pages, so a paper is asked for a few dozen pages at most. Nothing is
stored: no items, no state store, no incremental skipping. What it saw goes into a
``Verification`` handed to ``results``; with ``fixtures`` set, every page it fetched is written
there as well (see ``crawler.verify.fixtures``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawler.discovery import Link
from crawler.discovery.documents import read_document
from crawler.discovery.listing import parse_listing
from crawler.extract import extract
from crawler.sites import Site
from crawler.urls import absolute_url, normalize_url
from crawler.verify.checks import REPORTED_FIELDS, ArticleCheck, SeedCheck, Verification, judge
from crawler.verify.fixtures import FixtureWriter

CHILD_SITEMAPS = 2  # the newest children of a sitemap index that are read for article links
SEED = "verify_seed"
CHILD = "verify_child"  # a child sitemap of a seed that is an index


def failure_text(failure: Failure) -> str:
    """A failed download in a few words: "HTTP 404", "DNS lookup failed", "timeout"."""
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    if failure.check(DNSLookupError):
        return "DNS lookup failed"
    if failure.check(TimeoutError, TCPTimedOutError):
        return "timeout"
    if failure.check(IgnoreRequest):
        text = str(failure.value) or "request dropped"
        return "forbidden by robots.txt" if "robots" in text.lower() else " ".join(text.split())[:80]
    return " ".join(str(failure.getErrorMessage()).split())[:80] or failure.type.__name__


class VerifySpider(scrapy.Spider):
    """Arguments (given by ``scrapy verify``): ``site``, ``articles``, ``results`` (a dict the
    verification is stored in under the spider's name), ``fixtures`` (a folder, or None),
    ``thresholds`` (fill-rate limits) and ``seeds`` (URLs replacing the registry's)."""

    name = "verify"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ITEM_PIPELINES": {},
        "INCREMENTAL_ENABLED": False,
        "DRIFT_ENABLED": False,
        "JSONL_EXPORT_ENABLED": False,
        "PROGRESS_INTERVAL": 0,
        "RETRY_TIMES": 1,  # a verification reports a dead seed; it does not insist on it
    }

    def __init__(
        self,
        site: Site,
        *,
        articles: int = 5,
        results: dict[str, Verification] | None = None,
        fixtures: str | None = None,
        thresholds: dict[str, float] | None = None,
        seeds: list[str] | None = None,
        progress: Callable[[Verification | None], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(name=f"verify_{site.spider}", **kwargs)
        self.site = site
        self.allowed_domains = list(site.domains)
        self.wanted = articles
        self.results = results if results is not None else {}
        self.thresholds = thresholds
        self.check = Verification(site.spider, site.family)
        self.seed_urls = seeds
        self.fixtures = FixtureWriter(fixtures, site.spider) if fixtures else None
        self.progress = progress or (lambda done: None)  # told of each page, and of the verdict
        self._pending = 0
        self._found: dict[str, list[str]] = {}  # seed URL -> article URLs in its order
        self._articles_asked = False
        self._failed_children: dict[str, str] = {}  # seed URL -> why its child sitemaps failed

    # --- seeds --------------------------------------------------------------------------------

    def seeds(self) -> list[tuple[str, str]]:
        if self.seed_urls:
            return [("seeds", url) for url in self.seed_urls]
        site = self.site
        out = [("feeds", p) for p in site.feeds] + [("sitemaps", p) for p in site.sitemaps]
        out += [("sections", p) for p in site.sections]
        return [(group, absolute_url(p, site.home)) for group, p in out] or [("sections", site.home)]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for group, url in self.seeds():
            seed = SeedCheck(url, group)
            self.check.seeds.append(seed)
            yield self._request(url, self.parse_seed, seed)

    def _request(self, url: str, callback: Any, seed: SeedCheck, *, child: bool = False) -> scrapy.Request:
        self._pending += 1
        return scrapy.Request(
            url,
            callback=callback,
            errback=self.seed_failed,
            meta={SEED: seed, CHILD: child},
            dont_filter=True,
        )

    def parse_seed(self, response: Response) -> Iterator[scrapy.Request]:
        self.progress(None)
        seed: SeedCheck = response.meta[SEED]
        seed.status = seed.status or response.status
        doc = read_document(
            response.body,
            response.url,
            response.headers.get("Content-Type", b"").decode("latin-1"),
            home=self.site.home,
            json_template=self.site.json_link,
        )
        seed.kind = seed.kind or doc.kind
        if self.fixtures is not None:
            self.fixtures.discovery(response)
        links: list[Link] = doc.links
        if doc.sitemaps:
            children = sorted(
                doc.sitemaps, key=lambda link: link.lastmod or datetime.min.replace(tzinfo=UTC), reverse=True
            )
            for child in children[:CHILD_SITEMAPS]:
                yield self._request(child.url, self.parse_seed, seed, child=True)
        elif doc.kind == "html":
            links = parse_listing(response.body, response.url, self.site).links
        elif doc.kind == "unknown":
            seed.error = seed.error or f"not a feed, sitemap or page ({doc.kind})"
        found = self._found.setdefault(seed.url, [])
        for link in links:
            if self.site.owns(link.url) and self.site.is_article_url(link.url) and link.url not in found:
                found.append(link.url)
        seed.links = len(found)
        yield from self._done()

    def seed_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        seed: SeedCheck = failure.request.meta[SEED]
        if failure.request.meta.get(CHILD):  # the index answered: a failed child is a failure
            self._failed_children.setdefault(seed.url, failure_text(failure))  # only if none gave links
        else:
            seed.error = seed.error or failure_text(failure)
            if failure.check(HttpError):
                seed.status = failure.value.response.status
        yield from self._done()

    def _done(self) -> Iterator[scrapy.Request]:
        """One seed request answered: once all are, ask for the articles (spread over the seeds
        that gave links, so a verification reads each kind of seed's articles)."""
        self._pending -= 1
        if self._pending > 0 or self._articles_asked:
            return
        self._articles_asked = True
        for seed in self.check.seeds:
            if seed.url in self._failed_children and not seed.links and seed.error is None:
                seed.error = f"child sitemaps failed ({self._failed_children[seed.url]})"
        for url in self._pick():
            article = ArticleCheck(url)
            self.check.articles.append(article)
            yield scrapy.Request(
                url,
                callback=self.parse_article,
                errback=self.article_failed,
                meta={SEED: article},
                dont_filter=True,
            )

    def _pick(self) -> list[str]:
        lists = [urls for urls in self._found.values() if urls]
        chosen: list[str] = []
        seen: set[str] = set()
        depth = 0
        while len(chosen) < self.wanted and any(depth < len(urls) for urls in lists):
            for urls in lists:
                if depth < len(urls) and len(chosen) < self.wanted:
                    key = normalize_url(urls[depth])
                    if key not in seen:
                        seen.add(key)
                        chosen.append(urls[depth])
            depth += 1
        return chosen

    # --- articles -----------------------------------------------------------------------------

    def parse_article(self, response: Response) -> None:
        self.progress(None)
        article: ArticleCheck = response.meta[SEED]
        article.status = response.status
        record = extract(response.body, response.url)
        article.family, article.family_by = record.family, record.family_by
        article.refusal, article.reason = record.refusal, record.reason
        if record.item is not None:
            item = record.item
            article.filled = {name: bool(item.get(name)) for name in REPORTED_FIELDS}
            article.sources = {name: str(found) for name, found in record.sources.items()}
            article.flags = list(item.get("flags") or [])
        if self.fixtures is not None:
            self.fixtures.article(response, record)

    def article_failed(self, failure: Failure) -> None:
        article: ArticleCheck = failure.request.meta[SEED]
        article.error = failure_text(failure)
        if failure.check(HttpError):
            article.status = failure.value.response.status

    def closed(self, reason: str) -> None:
        self.results[self.site.spider] = judge(self.check, self.thresholds)
        self.progress(self.results[self.site.spider])
        if self.fixtures is not None:
            self.fixtures.close()
