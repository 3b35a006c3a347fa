"""Retries that back off and honour ``Retry-After``: Scrapy's RetryMiddleware with a wait.

Scrapy 2.19's ``RetryMiddleware`` sends a retry as soon as the download slot allows (only
``DOWNLOAD_DELAY``/AutoThrottle space it) and ignores ``Retry-After``. A paper's server that
answers 429 or 503 is asking for a pause, and immediate retries are how crawlers get blocked.
Here the n-th retry of a request waits ``RETRY_BACKOFF_BASE * 2**(n-1)`` seconds (x1 to x1.5
jitter, at most ``RETRY_BACKOFF_MAX``), or, when the response carries ``Retry-After`` (seconds or
an HTTP date), at least that long. A ``Retry-After`` beyond ``RETRY_AFTER_MAX`` is not waited
for: the request gives up at once (stat ``retry/retry_after_too_long``), since the next scheduled
run fetches the page anyway.

The wait is an asynchronous sleep inside the middleware: it holds one of ``CONCURRENT_REQUESTS``
but not the host's download slot, so other requests carry on at the normal pace. Which failures
are retried and how often stays Scrapy's (``RETRY_TIMES``, ``RETRY_HTTP_CODES``,
``RETRY_EXCEPTIONS``). Enable it in place of Scrapy's::

    DOWNLOADER_MIDDLEWARES = {
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawler.middlewares.retry_after.BackoffRetryMiddleware": 550,
    }
"""

from __future__ import annotations

import logging
import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.asyncio import sleep
from scrapy.utils.response import response_status_message

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler
    from scrapy.http import Request, Response

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (0 for a past date), or None if unusable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def backoff_seconds(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Wait before retry number ``attempt`` (1-based): exponential, jittered upwards, capped."""
    raw = base * 2 ** max(0, attempt - 1)
    return min(cap, raw * (rng or random).uniform(1.0, 1.5))


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        settings = crawler.settings
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        asked = retry_after_seconds(response.headers.get("Retry-After"))
        if asked is not None and asked > self.retry_after_max:
            self._stat("retry/retry_after_too_long")
            logger.warning(
                "Not retrying %s: the server asks to wait %.0f s (Retry-After), "
                "more than RETRY_AFTER_MAX=%.0f",
                request,
                asked,
                self.retry_after_max,
            )
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        await self._wait(retry, asked)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if request.meta.get("dont_retry", False) or not isinstance(exception, self.exceptions_to_retry):
            return None
        retry = self._retry(request, exception)
        if retry is None:
            return None
        await self._wait(retry, None)
        return retry

    async def _wait(self, retry: Request, asked: float | None) -> None:
        attempt = retry.meta.get("retry_times", 1)
        backoff = backoff_seconds(attempt, self.backoff_base, self.backoff_max)
        seconds = backoff if asked is None else max(asked, min(backoff, asked * 1.1))
        if seconds <= 0:
            return
        self._stat("retry/backoff_count")
        if asked is not None:
            self._stat("retry/retry_after_honoured")
        logger.debug("Waiting %.2f s before retry %d of %s", seconds, attempt, retry)
        await sleep(seconds)

    def _stat(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
