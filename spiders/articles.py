"""Article pages: how they are asked for, read and counted.

Every article page a run asks for ends in exactly one of: an item, a refusal counted by its
reason (``page_dropped/not_article/<code>``) and handed to ``KEEP_REJECTED`` through the
``page_rejected`` signal, or a failed download (an HTTP error, counted by Scrapy, or
``page_dropped/download_failed``). Nothing is dropped silently. The crawl also learns each
site's missing-page heading from the pages the site shows as missing (``crawler.extract.notfound``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.discovery import published_in_window
from crawler.extract import extract
from crawler.extract.notfound import NotFoundHeadings, template_reason
from crawler.extract.record import stat_keys
from crawler.frontier import ArticleFrontier
from crawler.items import ArticleItem
from crawler.middlewares.incremental import decision_meta
from crawler.requestmeta import FRONTIER_KEY, INCREMENTAL_DECISION, KIND_ARTICLE, LASTMOD, PAGE_KIND
from crawler.signals import page_rejected
from crawler.urls import normalize_url, site_of

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.store import FetchDecision

logger = logging.getLogger(__name__)


class ArticleMixin:
    """The article half of ``NewsSpider`` (the listing half is ``ListingMixin``)."""

    crawler: Crawler
    frontier: Any
    max_articles: int | None
    since: date | None
    until: date | None
    _articles_emitted: int
    _oldest_day: date | None
    not_found: NotFoundHeadings | None

    if TYPE_CHECKING:

        def article_dated(self, key: str, published_at: str | None) -> Iterator[Any]: ...  # ListingMixin

    def _article_request(
        self, url: str, lastmod: datetime | None, *, decision: FetchDecision | None = None
    ) -> scrapy.Request:
        # The frontier, not Scrapy's dupefilter, decides what is asked twice (see crawler/frontier/local.py);
        # a shared frontier decides in the shared scheduler's filter instead (crawler/frontier/redis.py).
        meta = {PAGE_KIND: KIND_ARTICLE, LASTMOD: lastmod, FRONTIER_KEY: ArticleFrontier.key(url)}
        if decision is not None:
            meta[INCREMENTAL_DECISION] = decision_meta(decision)
        return scrapy.Request(
            normalize_url(url, force_https=False),
            callback=self.parse_article,
            errback=self._article_failed,
            dont_filter=not self.frontier.shared,
            meta=meta,
        )

    def _article_failed(self, failure: Failure) -> Iterator[scrapy.Request]:
        request = failure.request
        key = request.meta.get(FRONTIER_KEY, request.url)
        yield from self.article_dated(key, None)
        # HttpError is an IgnoreRequest too: a 404 was downloaded, not skipped by the incremental
        # filter, and must not be asked for again when a newer lastmod turns up.
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            newer = self.frontier.skipped(key)
            if newer is not None:
                yield self._article_request(request.url, newer)
            return
        self.frontier.fetched(key)  # failed for good (404, retries exhausted): do not ask again
        if failure.check(HttpError):  # counted as http_errors already
            self._learn_not_found(failure.value.response)
        else:
            self.crawler.stats.inc_value("page_dropped/download_failed")
            logger.warning("Article not downloaded: %s (%s)", request.url, failure.getErrorMessage())

    def parse_article(self, response: Response) -> Iterator[Any]:
        key = response.meta.get(FRONTIER_KEY) or self.frontier.key(response.url)
        self.frontier.fetched(key)
        if self.max_articles is not None and self._articles_emitted >= self.max_articles:
            self.crawler.stats.inc_value("page_dropped/over_max_articles")
            return
        # The bytes, not response.text: Scrapy decodes by the declared charset, and old Vietnamese
        # pages declare the wrong one; crawler.extract picks the encoding the bytes really use.
        html = response.body
        try:
            record = extract(html, response.url, fetched_at=datetime.now(UTC))
        except Exception as exc:
            logger.exception("Extraction failed on %s; page skipped", response.url)
            self._rejected(response, "extract_error", f"{type(exc).__name__}: {exc}"[:300])
            yield from self.article_dated(key, None)
            return
        stats = self.crawler.stats
        for stat in stat_keys(record):  # how each page was read: the manifest and drift alarm count it
            stats.inc_value(stat)
        data = record.item
        if data is None:
            if record.refusal == "error_page" and self.not_found is not None:
                self._note_not_found(response.url, html)
            self._rejected(response, record.refusal or "no_body", record.reason or "")
            yield from self.article_dated(key, None)
            return
        heading = self.not_found.match(site_of(response.url), data["title"]) if self.not_found else None
        if heading is not None:
            self._rejected(response, "error_page", template_reason(heading))
            yield from self.article_dated(key, None)
            return
        published_at = data.get("published_at")
        yield from self.article_dated(key, published_at)
        if published_at:
            day = datetime.fromisoformat(published_at).date()
            self._oldest_day = day if self._oldest_day is None else min(day, self._oldest_day)
        if not self._published_in_range(published_at):
            self.crawler.stats.inc_value("page_dropped/out_of_range")
            return
        self._articles_emitted += 1
        yield ArticleItem(**{k: v for k, v in data.items() if k in ArticleItem.fields})

    def _learn_not_found(self, response: Response) -> None:
        """A page the site answered 404/410 at an article URL: when its body is an error notice
        by its structure, its heading is the site's missing-page heading from now on."""
        if self.not_found is None or response.status not in (404, 410) or not response.body:
            return
        record = extract(response.body, response.url)
        if record.refusal == "error_page":
            self._note_not_found(response.url, response.body)

    def _note_not_found(self, url: str, html: bytes) -> None:
        assert self.not_found is not None
        learned = self.not_found.learn(site_of(url), html)
        if learned:
            self.crawler.stats.inc_value("not_found/headings_learned", learned)

    def _rejected(self, response: Response, code: str, reason: str) -> None:
        """Count a refused article page by reason and hand it to whoever keeps such pages."""
        stats = self.crawler.stats
        if code == "extract_error":
            stats.inc_value("page_dropped/extract_error")
        else:
            stats.inc_value("page_dropped/not_article")
            stats.inc_value(f"page_dropped/not_article/{code}")
            logger.info("Not an article [%s]: %s (%s)", code, response.url, reason)
        self.crawler.signals.send_catch_log(page_rejected, response=response, code=code, reason=reason)

    def _published_in_range(self, published_at: str | None) -> bool:
        if published_at is None or (self.since is None and self.until is None):
            return True
        return published_in_window(datetime.fromisoformat(published_at), self.since, self.until)
