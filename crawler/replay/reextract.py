"""Re-extraction: today's extraction, validation and dedupe over recorded archives, no download.

When a parser is fixed, every page crawled before gets the fix from its recording (a WARC written by
``-s RECORD=...``, or any archive ``ReplayArchive.open`` reads). ``scrapy reextract`` is the command
(:mod:`crawler.commands.reextract`); this module is its logic, free of Scrapy's engine:

1. :func:`archive_pages`: every record of an archive in archive order, as a :class:`Page` (a 2xx
   HTML response, with its body and the record's ``WARC-Date``) or a :class:`Skipped` (a redirect,
   an HTTP error, a non-HTML payload; with the reason).
2. :func:`process_page`: the per-page work, pure and picklable, run in worker processes: the
   spider's ``extract_article`` call (``NotAnArticle`` -> refused by its code, anything else ->
   ``extract_error``), then the validate pipeline's ``normalize`` + ``drop_reason``, then the dedupe
   pipeline's ``body_fingerprint``.
3. Dedupe: the crawl's own state store (``SeenStore``) in memory for the run, so its rules
   (identity by ``id``, unchanged by ``content_hash``, revisions, SimHash near-duplicates) are the
   ones a crawl applies; applied in input order after the parallel part, so that the output does
   not depend on the number of processes.
4. :func:`reextract`: the whole run, writing one JSON line per item exactly as the export pipeline
   encodes it (``pipelines.export.encode_line``).

What a line holds is what a crawl of the same pages in the same order with a fresh state store
exports, with two differences that only the state store's clock makes: ``crawled_at`` is the
record's ``WARC-Date`` (the fetch time, as the crawl's is), or the run's start for an archive
without dates (a directory); and when a body is near several earlier articles, the crawl's store
names the one with the earliest ``first_seen``: here that is the order of the input (each item is
recorded one second after the previous, on a clock of the run's own). ``revision`` counts within
the run: an article captured twice with different text is
revision 2 here, whatever earlier crawls emitted.

Not imported by ``crawler.replay`` itself: it uses the pipelines' functions, which import Scrapy.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from crawler.extract import NotAnArticle, extract_article
from crawler.extract.notfound import NotFoundHeadings, headings_of, template_reason
from crawler.items import ARTICLE_FIELDS
from crawler.replay.archive import ReplayArchive, WarcArchive
from crawler.store.rules import Status
from crawler.store.sqlite import SeenStore
from crawler.urls import site_of
from pipelines.dedupe import body_fingerprint
from pipelines.export import encode_line
from pipelines.validate import drop_reason, normalize

logger = logging.getLogger(__name__)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_ITEM_FIELDS = frozenset(ARTICLE_FIELDS)

# --- archive entries ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Page:
    """A 2xx HTML response of an archive: what the worker extracts; or a 404/410 one (``status``),
    read only for the site's missing-page heading (``crawler.extract.notfound``)."""

    url: str
    body: bytes
    fetched_at: datetime
    status: int = 200


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record that is not a candidate article page, and why (``redirect``, ``http_404``, ``not_html``)."""

    url: str
    reason: str


def skip_reason(status: int, content_type: str | None) -> str | None:
    """Why a record with this status and type is not extracted, or None for a candidate.

    A record without a type is a candidate: the extractor itself refuses a binary payload
    (``binary``), as it does when a crawl's article request gets one."""
    if 300 <= status < 400:
        return "redirect"
    if not 200 <= status < 300:
        return f"http_{status}"
    if content_type is not None:
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime and mime not in _HTML_TYPES:
            return "not_html"
    return None


def _parse_warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _warc_date(archive: WarcArchive, offset: int) -> datetime | None:
    """The ``WARC-Date`` of the record at ``offset`` (only its headers are read)."""
    with archive.path.open("rb") as fh:
        fh.seek(offset)
        record = next(iter(ArchiveIterator(fh)))
        return _parse_warc_date(record.rec_headers.get_header("WARC-Date"))


def archive_pages(archive: ReplayArchive, *, now: datetime) -> Iterator[Page | Skipped]:
    """Every record of ``archive`` in archive order (a URL captured twice comes twice).

    The archive class serves records by URL and iterates them without their WARC headers; this
    walks its entries (the same records, in the same order, as ``iter(archive)``), loads each body
    through the archive's own reader (decoded from its ``Content-Encoding``, as replay serves it)
    and adds the ``WARC-Date``. Bodies of skipped records are not read. ``now`` is the fetch time
    of records without a date."""
    for entry in archive._entries:
        reason = skip_reason(entry.status, entry.content_type)
        if reason is not None and not _missing_page(entry.status, entry.content_type):
            yield Skipped(entry.url, reason)
            continue
        recorded = archive._load(entry)
        reason = skip_reason(recorded.status, recorded.content_type)
        missing = _missing_page(recorded.status, recorded.content_type)
        if reason is not None and not missing:
            yield Skipped(entry.url, reason)
            continue
        fetched_at = None
        if isinstance(archive, WarcArchive) and isinstance(entry.loc, int):
            fetched_at = _warc_date(archive, entry.loc)
        yield Page(recorded.url, recorded.body, fetched_at or now, recorded.status)


def _missing_page(status: int, content_type: str | None) -> bool:
    """A 404/410 HTML answer: skipped, but read for the site's missing-page heading, as a crawl does."""
    return status in (404, 410) and skip_reason(200, content_type) is None


# --- the per-page work --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageResult:
    """What one page gave. ``kind``: ``item`` (``item`` and ``fingerprint`` set), ``not_article``
    (``code`` a ``REFUSAL_CODES`` key), ``extract_error`` or ``invalid`` (``code`` the validate
    pipeline's drop reason); ``message`` says why for the log."""

    url: str
    kind: str
    code: str | None = None
    message: str | None = None
    item: dict[str, Any] | None = None
    fingerprint: int | None = None
    not_found_headings: frozenset[str] = frozenset()  # of an error notice: the site's missing page


def _missing_result(page: Page) -> Skipped | PageResult:
    """A 404/410 page: skipped as before, with its headings when it is an error notice."""
    skipped = Skipped(page.url, f"http_{page.status}")
    try:
        extract_article(page.body, page.url, fetched_at=page.fetched_at)
    except NotAnArticle as exc:
        if exc.code == "error_page":
            return PageResult(page.url, "missing", f"http_{page.status}", not_found_headings=_headings(page))
    except Exception:  # a parser bug costs the heading, never the run
        logger.debug("Could not read the missing page %s", page.url, exc_info=True)
    return skipped


def _headings(page: Page) -> frozenset[str]:
    return frozenset(headings_of(page.body))


def process_page(page: Page) -> PageResult:
    """Extract, normalise, validate and fingerprint one page, as the spider and the validate
    pipeline do in a crawl. Never raises for a bad page."""
    try:
        data = extract_article(page.body, page.url, fetched_at=page.fetched_at)
    except NotAnArticle as exc:
        headings = _headings(page) if exc.code == "error_page" else frozenset()
        return PageResult(page.url, "not_article", exc.code, str(exc), not_found_headings=headings)
    except Exception as exc:  # a parser bug costs the page, never the run
        return PageResult(page.url, "extract_error", message=f"{type(exc).__name__}: {exc}"[:300])
    # The spider yields ArticleItem(**{fields of the schema}); the pipelines see that dict.
    fields = {k: v for k, v in data.items() if k in _ITEM_FIELDS}
    try:
        item, _removed = normalize(fields)
        reason = drop_reason(item)
    except Exception:  # as the validate pipeline: odd values cost the item
        logger.debug("Could not normalise item from %s", page.url, exc_info=True)
        return PageResult(page.url, "invalid", "invalid", "could not normalise")
    if reason is not None:
        return PageResult(page.url, "invalid", reason)
    return PageResult(page.url, "item", item=item, fingerprint=body_fingerprint(item.get("body")))


def _process(entry: Page | Skipped) -> Skipped | PageResult:
    if not isinstance(entry, Page):
        return entry
    return process_page(entry) if entry.status == 200 else _missing_result(entry)


def _process_chunk(chunk: list[Page | Skipped]) -> list[Skipped | PageResult]:
    return [_process(e) for e in chunk]


def ordered_results(
    entries: Iterable[Page | Skipped], *, jobs: int, chunk_size: int = 16, window: int | None = None
) -> Iterator[Skipped | PageResult]:
    """``process_page`` over ``entries``, results in input order. ``jobs`` 1: in this process, no
    pool. Otherwise a process pool gets chunks of ``chunk_size`` entries, at most ``window`` chunks
    in flight (default ``4 * jobs``), so a large archive is never held in memory whole."""
    if jobs <= 1:
        for entry in entries:
            yield _process(entry)
        return
    window = window or 4 * jobs
    it = iter(entries)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[list[Skipped | PageResult]]] = deque()
        try:
            while chunk := list(islice(it, chunk_size)):
                pending.append(pool.submit(_process_chunk, chunk))
                if len(pending) >= window:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for future in pending:  # a consumer that stopped early (an error, Ctrl-C)
                future.cancel()


# --- the run ------------------------------------------------------------------------------------


@dataclass
class Report:
    """Counts of one run; ``stats()`` names them as the crawl's stats do."""

    pages: int = 0  # records read
    items: int = 0  # lines written
    skipped: Counter[str] = field(default_factory=Counter)
    refused: Counter[str] = field(default_factory=Counter)  # by REFUSAL_CODES key
    errors: int = 0  # extract_error
    invalid: Counter[str] = field(default_factory=Counter)  # by the validate pipeline's reason
    new: int = 0
    revised: int = 0
    unchanged: int = 0  # duplicates dropped
    near_duplicates: int = 0  # emitted with near_duplicate_of set
    seconds: float = 0.0

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0

    def stats(self) -> dict[str, int]:
        out = {"pages": self.pages, "items": self.items}
        out.update({f"skipped/{k}": v for k, v in sorted(self.skipped.items())})
        out.update({f"not_article/{k}": v for k, v in sorted(self.refused.items())})
        if self.errors:
            out["extract_error"] = self.errors
        out.update({f"item_dropped/{k}": v for k, v in sorted(self.invalid.items())})
        out.update(
            {
                "dedupe/new": self.new,
                "dedupe/revised": self.revised,
                "dedupe/unchanged": self.unchanged,
                "dedupe/near_duplicate": self.near_duplicates,
            }
        )
        return out

    def summary(self) -> str:
        def by(counter: Counter[str]) -> str:
            inner = ", ".join(f"{k} {v}" for k, v in sorted(counter.items()))
            return f" ({inner})" if inner else ""

        return (
            f"{self.pages} pages read, {self.items} items written, "
            f"{sum(self.refused.values())} refused{by(self.refused)}, {self.errors} errors, "
            f"{sum(self.invalid.values())} invalid{by(self.invalid)}, "
            f"{self.unchanged} duplicates dropped, {self.near_duplicates} near-duplicates flagged, "
            f"{sum(self.skipped.values())} skipped{by(self.skipped)}, "
            f"{self.pages_per_second:.1f} pages/s"
        )


def reextract(
    archives: Sequence[ReplayArchive],
    out: BinaryIO,
    *,
    jobs: int = 1,
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_size: int | None = None,
) -> Report:
    """Re-extract every record of ``archives`` (in order) and write the items to ``out`` as JSON
    lines; ``progress(pages_done)`` is called after each record. ``now``: the fetch time of
    records without a ``WARC-Date`` (default: the run's start). ``chunk_size``: records per task
    sent to a worker (default: 16, fewer for a small archive so that every worker gets some)."""
    now = now or datetime.now(UTC)
    if chunk_size is None:
        chunk_size = max(1, min(16, sum(len(a) for a in archives) // (4 * max(jobs, 1))))
    report = Report()
    dedupe = SeenStore(":memory:")  # the crawl's dedupe rules, for this run only
    started = time.perf_counter()
    entries = (e for archive in archives for e in archive_pages(archive, now=now))
    not_found = NotFoundHeadings()  # as the crawl learns it (spiders/articles.py)
    for result in ordered_results(entries, jobs=jobs, chunk_size=chunk_size):
        report.pages += 1
        if isinstance(result, PageResult) and result.not_found_headings:
            not_found.learn_headings(site_of(result.url), result.not_found_headings)
        if isinstance(result, PageResult) and result.kind == "item":
            result = _as_missing_template(result, not_found)
        if isinstance(result, Skipped):
            report.skipped[result.reason] += 1
        elif result.kind == "missing":
            report.skipped[result.code or "http_404"] += 1
        elif result.kind == "not_article":
            report.refused[result.code or "no_body"] += 1
            logger.info("Not an article [%s]: %s (%s)", result.code, result.url, result.message)
        elif result.kind == "extract_error":
            report.errors += 1
            logger.error("Extraction failed on %s; page skipped: %s", result.url, result.message)
        elif result.kind == "invalid":
            report.invalid[result.code or "invalid"] += 1
            logger.warning("Dropped item (%s): %s", result.code, result.url)
        else:
            _emit(result, dedupe, report, out)
        if progress is not None:
            progress(report.pages)
    report.seconds = time.perf_counter() - started
    dedupe.close()
    return report


def _as_missing_template(result: PageResult, not_found: NotFoundHeadings) -> PageResult:
    """An item whose headline is the heading of its site's missing pages is refused, as in a crawl."""
    title = (result.item or {}).get("title")
    heading = not_found.match(site_of(result.url), title) if isinstance(title, str) else None
    if heading is None:
        return result
    return PageResult(result.url, "not_article", "error_page", template_reason(heading))


# The store's "first seen" clock for a run: one second per item recorded, so that of several near
# matches the earliest in the input is named.
_CLOCK_START = datetime(2000, 1, 1, tzinfo=UTC)


def _emit(result: PageResult, dedupe: SeenStore, report: Report, out: BinaryIO) -> None:
    item = result.item
    assert item is not None
    article_id, content_hash = item.get("id"), item.get("content_hash")
    if not (isinstance(article_id, str) and article_id and isinstance(content_hash, str) and content_hash):
        report.invalid["no_id"] += 1
        logger.warning("Dropped item without id/content_hash: %s", result.url)
        return
    outcome = dedupe.record(
        item, fingerprint=result.fingerprint, now=_CLOCK_START + timedelta(seconds=report.items)
    )
    if outcome.status is Status.UNCHANGED:
        report.unchanged += 1
        logger.debug("Duplicate of %s dropped: %s", article_id, result.url)
        return
    item["revision"] = outcome.revision
    item["near_duplicate_of"] = outcome.near_duplicate_of
    out.write(encode_line(item))
    report.items += 1
    if outcome.status is Status.NEW:
        report.new += 1
    else:
        report.revised += 1
    if outcome.near_duplicate_of:
        report.near_duplicates += 1
