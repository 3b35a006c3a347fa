"""The one news spider: discovery -> article pages -> items, driven by a ``Site`` entry.

Every paper is the same spider with a different registry entry (``spiders/registry.py``): the
site's feeds, sitemaps and section listings are the default seeds, and any URL a user passes
with ``-a start_urls=`` is recognised from its content (feed, sitemap, listing or article).
Extraction itself is ``crawler.extract.extract_article``, a pure function.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar

import scrapy
from scrapy import signals
from scrapy.http import Response
from scrapy.utils.misc import load_object

from crawler import settings as project_settings
from crawler.discovery import Link, filter_links
from crawler.discovery.documents import FEED_KINDS, SITEMAP_KINDS, Document, read_document
from crawler.extract.notfound import NotFoundHeadings
from crawler.frontier import ArticleFrontier
from crawler.middlewares.incremental import recheck_window
from crawler.requestmeta import (
    DEPTH_SITEMAP,
    KIND_ARTICLE,
    KIND_SEED,
    KIND_SITEMAP,
    PAGE_KIND,
    PROBE,
    SECTION,
)
from crawler.sites import Site
from crawler.store import FetchDecision, StateStore, for_crawler
from crawler.urls import absolute_url, normalize_url, url_article_id
from spiders.articles import ArticleMixin
from spiders.listings import ListingMixin

logger = logging.getLogger(__name__)

MAX_SITEMAP_DEPTH = 5


def _parse_day(value: str | None, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"-a {name}= must be a date YYYY-MM-DD, got {value!r}") from None


def _parse_limit(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        limit = int(value)
    except (TypeError, ValueError):
        raise ValueError(f"-a max_articles= must be a whole number, got {value!r}") from None
    if limit < 1:
        raise ValueError(f"-a max_articles= must be at least 1, got {limit}")
    return limit


def _split_urls(value: str | Iterable[str] | None) -> list[str]:
    if not value:
        return []
    parts = value.split(",") if isinstance(value, str) else list(value)
    return [p.strip() for p in parts if p and p.strip()]


_ARGUMENTS = ("since", "until", "max_articles", "start_urls")


@dataclass(frozen=True)
class SpiderArguments:
    since: date | None
    until: date | None
    max_articles: int | None
    start_urls: tuple[str, ...]


def parse_arguments(
    *,
    since: str | None = None,
    until: str | None = None,
    max_articles: str | int | None = None,
    start_urls: str | Iterable[str] | None = None,
) -> SpiderArguments:
    """The spider's ``-a`` arguments, checked: ``ValueError`` with a one-line message naming the
    argument when one is invalid. The one place of each rule, for ``__init__`` and the commands."""
    first = _parse_day(since, "since")
    last = _parse_day(until, "until")
    if first and last and first > last:
        raise ValueError(f"-a since={first} is after -a until={last}")
    limit = _parse_limit(max_articles)
    seeds = _split_urls(start_urls)
    for url in seeds:
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"-a start_urls= takes absolute http(s) URLs, got {url!r}")
    return SpiderArguments(first, last, limit, tuple(seeds))


class NewsSpider(ArticleMixin, ListingMixin, scrapy.Spider):
    """Crawl one paper. Arguments: ``since``, ``until`` (YYYY-MM-DD, +07:00 days),
    ``max_articles`` (article pages fetched at most) and ``start_urls`` (comma-separated seeds)."""

    site: ClassVar[Site]

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        until: str | None = None,
        max_articles: str | int | None = None,
        start_urls: str | list[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        parsed = parse_arguments(since=since, until=until, max_articles=max_articles, start_urls=start_urls)
        self.since, self.until = parsed.since, parsed.until
        self.max_articles = parsed.max_articles
        self.seed_urls = list(parsed.start_urls)
        self.start_urls = self.seed_urls
        self.frontier = ArticleFrontier(limit=self.max_articles)
        self._articles_emitted = 0
        self._sitemaps_seen: set[str] = set()
        # Child sitemaps read in this run, with their lastmod: noted in the store when the run
        # finishes whole, so the next run skips those that did not change.
        self._sitemaps_read: dict[str, datetime] = {}
        self._store: StateStore | None = None
        self._days_seen: dict[str, date | None] = {}  # backfill: frontier key -> day of a fetched article
        self._probe_waiters: dict[str, dict[str, str]] = {}  # frontier key -> {section: listed URL}
        self._oldest_day: date | None = None  # the oldest publication day of this run's articles
        self.not_found: NotFoundHeadings | None = NotFoundHeadings()  # see crawler/extract/notfound.py

    @classmethod
    def check_arguments(cls, **kwargs: Any) -> None:
        """Raise ``ValueError`` (one line naming the argument) if ``-a`` arguments are invalid: the
        check ``scrapy crawl``/``crawlall`` run before the reactor starts, with the rules
        ``__init__`` applies (:func:`parse_arguments`); other arguments are left alone."""
        parse_arguments(**{k: v for k, v in kwargs.items() if k in _ARGUMENTS})

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The frontier's class is a setting: in-process by default; the scale-out add-on names the
        # shared Redis one (crawler/frontier/redis.py) when several workers share the crawl. A
        # crawler built without the project settings gets the project's default.
        path = crawler.settings.get("ARTICLE_FRONTIER_CLASS") or project_settings.ARTICLE_FRONTIER_CLASS
        spider.frontier = load_object(path).for_crawler(crawler, limit=spider.max_articles)
        spider._incremental = crawler.settings.getbool("INCREMENTAL_ENABLED", True)
        spider._recheck = recheck_window(crawler.settings)
        spider._skip_unchanged_sitemaps = spider._incremental and crawler.settings.getbool(
            "SITEMAP_SKIP_UNCHANGED", True
        )
        if not crawler.settings.getbool("LEARN_NOT_FOUND", True):
            spider.not_found = None
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    @property
    def store(self) -> StateStore:
        """The crawl's seen store (the one the incremental middleware and the pipelines use)."""
        if self._store is None:
            self._store = for_crawler(self.crawler)
        return self._store

    # --- seeds --------------------------------------------------------------------------------

    def default_seeds(self) -> list[str]:
        site = self.site
        paths = (*site.feeds, *site.sitemaps, *site.sections)
        return [absolute_url(p, site.home) for p in paths]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.seed_urls or self.default_seeds():
            meta: dict[str, Any] = {PAGE_KIND: KIND_SEED, DEPTH_SITEMAP: 0}
            if self.is_backfill:
                # A killed backfill goes on from its saved pages, without asking for the seed again.
                section = normalize_url(url)
                resumed = list(self.resume_backfill(section))
                if resumed:
                    for request in resumed:
                        yield request
                    continue
                meta[SECTION] = section
            yield scrapy.Request(url, callback=self.parse, meta=meta)

    # --- routing ------------------------------------------------------------------------------

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Any page: decide from its content what it is, then handle it as such."""
        site = getattr(self, "site", None)
        doc = read_document(
            response.body,
            response.url,
            response.headers.get("Content-Type", b"").decode("latin-1"),
            home=site.home if site else None,
            json_template=site.json_link if site else None,
        )
        self.crawler.stats.inc_value(f"pages/{doc.kind}")
        if doc.kind in SITEMAP_KINDS:
            yield from self._follow_sitemap(response, doc)
        elif doc.kind in FEED_KINDS or doc.kind == "json":  # json: a client-rendered site's API
            yield from self._follow(doc.links)
        elif doc.kind == "html":
            if response.meta.get(PAGE_KIND) == KIND_ARTICLE or self._looks_like_article(response.url):
                yield from self.parse_article(response)
            else:
                yield from self.parse_listing(response)
        else:
            logger.warning("Unrecognised content at %s (%s); skipped", response.url, doc.kind)

    def _looks_like_article(self, url: str) -> bool:
        site = getattr(self, "site", None)
        if site is not None and site.owns(url):
            return site.is_article_url(url)
        return url_article_id(url) is not None

    def _follow_sitemap(self, response: Response, doc: Document) -> Iterator[scrapy.Request]:
        depth = response.meta.get(DEPTH_SITEMAP, 0)
        children, pages = doc.sitemaps, doc.links
        if children and depth >= MAX_SITEMAP_DEPTH:
            logger.warning(
                "Sitemap index nested deeper than %d at %s; not followed", MAX_SITEMAP_DEPTH, response.url
            )
            children = []
        wanted = [
            link for link in self._in_range(children) if normalize_url(link.url) not in self._sitemaps_seen
        ]
        noted: list[datetime | None] = [None] * len(wanted)
        settled_before = datetime.now(UTC) - max(self._recheck[0], timedelta(days=1))
        if wanted and self._skip_unchanged_sitemaps and not self.is_backfill:
            noted = self.store.noted_lastmods([link.url for link in wanted])
        for link, read in zip(wanted, noted, strict=True):
            key = normalize_url(link.url)
            if key in self._sitemaps_seen:
                continue
            self._sitemaps_seen.add(key)
            if link.lastmod is not None and read is not None and read >= link.lastmod < settled_before:
                # Read whole by an earlier run that finished, not changed since, and not young: a
                # child of the last days is read anyway (a date-only or end-of-day lastmod does not
                # move while the day's articles are still being added to it).
                self.crawler.stats.inc_value("sitemaps/unchanged_skipped")
                continue
            if link.lastmod is not None:
                self._sitemaps_read[link.url] = link.lastmod
            yield scrapy.Request(
                link.url, callback=self.parse, meta={PAGE_KIND: KIND_SITEMAP, DEPTH_SITEMAP: depth + 1}
            )
        yield from self._follow(pages)

    def _in_range(self, links: list[Link]) -> list[Link]:
        return filter_links(links, since=self.since, until=self.until)

    def _follow(self, links: list[Link]) -> Iterator[scrapy.Request]:
        yield from self._plan_links(links)[0]

    def _plan_links(
        self, links: list[Link], *, section: str | None = None, probe: bool = False
    ) -> tuple[list[scrapy.Request], int, int]:
        """The article requests for ``links``, how many of them neither the store nor this run
        knew, and how many the store knew. The store answers for all the links of a page in one
        query (``lookup_many``): a stored, old, unchanged article gets no request at all, and the
        others carry the decision, so the incremental middleware need not ask again."""
        site = getattr(self, "site", None)
        stats = self.crawler.stats
        candidates: list[Link] = []
        for link in self._in_range(links):
            if link.kind == "sitemap":
                continue
            if site is not None and (not site.owns(link.url) or not site.is_article_url(link.url)):
                stats.inc_value("links/not_article")
                continue
            candidates.append(link)
        fresh = [link for link in candidates if not self.frontier.knows(link.url)]
        decisions: dict[str, FetchDecision] = {}
        unknown, stored = len(fresh), 0
        if fresh and self._incremental:
            keys = [self.frontier.key(link.url) for link in fresh]
            with_lastmod = any(link.lastmod is not None for link in fresh)
            refs = self.store.lookup_many([link.url for link in fresh], keys, with_lastmod=with_lastmod)
            now = datetime.now(UTC)
            recheck, every = self._recheck
            unknown = 0
            for link, ref in zip(fresh, refs, strict=True):
                if ref is None:
                    unknown += 1
                    decisions[link.url] = FetchDecision.NEW
                else:
                    stored += 1
                    decisions[link.url] = ref.decision(
                        lastmod=link.lastmod, now=now, recheck=recheck, recheck_every=every
                    )
        requests = []
        for link in candidates:
            decision = decisions.get(link.url)
            if decision is FetchDecision.SKIP:
                self.frontier.note_skipped(link.url, link.lastmod)
                stats.inc_value("incremental/skipped")
                continue
            if self.frontier.offer(link.url, link.lastmod):
                request = self._article_request(link.url, link.lastmod, decision=decision)
                if section is not None:
                    request.meta[SECTION] = section
                if probe:
                    request.meta[PROBE] = link.url
                    request.dont_filter = True  # a probe must come back, even past a shared filter
                requests.append(request)
            elif self.frontier.full:
                stats.inc_value("links/over_max_articles")
        return requests, unknown, stored

    # --- the end of a run ---------------------------------------------------------------------

    def closed(self, reason: str) -> None:
        """A run that finished whole notes the lastmod of each child sitemap it read, so the next
        one skips the children that did not change; a finished backfill forgets its progress."""
        stats = self.crawler.stats
        whole = (
            reason == "finished"
            and not self.is_backfill
            and not self.frontier.full
            and not stats.get_value("page_dropped/download_failed")  # an article may be missing
        )
        try:
            if whole and self._sitemaps_read and self._skip_unchanged_sitemaps:
                for url, lastmod in self._sitemaps_read.items():
                    self.store.note_lastmod(url, lastmod)
            self.close_backfill(reason)
        except Exception:  # the store may be gone (Redis down): the run's own end must still happen
            logger.exception("Could not record the end of the run in the state store")
