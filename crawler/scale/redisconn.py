"""The Redis connection of a crawl: client with bounded timeouts, key names, a masked URL for logs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import redis
    from scrapy.settings import BaseSettings

DEFAULT_PREFIX = "vnnews"
DEFAULT_TIMEOUT = 5.0  # seconds: a dead server or network is noticed, never waited on forever
# Userinfo runs to the *last* "@": unescaped "@" and ":" in passwords happen, and over-masking is safe.
_USERINFO = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*://)(?P<userinfo>.*)@(?P<rest>[^@]*)$", re.I | re.S)


class RedisUnavailable(OSError):
    """Redis could not be reached (or stopped answering); an OSError so store callers treat it as I/O."""


def mask_url(url: object) -> str:
    """``url`` with its password replaced by ``***``, for logs, stats and manifests.

    >>> mask_url("redis://:s3cret@10.0.0.5:6379/2")
    'redis://:***@10.0.0.5:6379/2'
    """
    text = str(url or "")
    match = _USERINFO.match(text)
    if not match or ":" not in match.group("userinfo"):
        return text
    user = match.group("userinfo").split(":", 1)[0]
    return f"{match.group('scheme')}{user}:***@{match.group('rest')}"


def check_url(url: str) -> str:
    """A clear error for a REDIS_URL that cannot be a Redis address (before anything connects)."""
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix"):
        raise ValueError(f"REDIS_URL must start with redis://, rediss:// or unix://, got {mask_url(url)!r}")
    if parts.scheme != "unix" and not parts.hostname:
        raise ValueError(f"REDIS_URL has no host: {mask_url(url)!r}")
    return url


def redis_errors() -> tuple[type[BaseException], ...]:
    """The exceptions that mean "Redis is not there" (as opposed to a bug in a command)."""
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, RedisUnavailable, OSError)


def client_for(url: str, *, timeout: float = DEFAULT_TIMEOUT, name: str | None = None) -> redis.Redis:
    """A client that fails within seconds: socket timeouts, and two quick retries for a blip."""
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry
    from scrapy_redis.connection import get_redis

    params: dict[str, Any] = {
        "url": check_url(url),
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "retry": Retry(ExponentialBackoff(cap=0.5, base=0.05), retries=2),
        "health_check_interval": 30,
    }
    if name:
        params["client_name"] = re.sub(r"[^A-Za-z0-9._:-]", "_", name)[:100]
    try:  # redis-py 7+: no CLIENT MAINT_NOTIFICATIONS probe (a DEBUG line per connection on Redis 7.0)
        from redis.maint_notifications import MaintNotificationsConfig

        params["maint_notifications_config"] = MaintNotificationsConfig(enabled=False)
    except ImportError:  # pragma: no cover - older redis-py
        pass
    return get_redis(**params)


def client_from_settings(settings: BaseSettings, *, name: str | None = None) -> redis.Redis:
    return client_for(
        str(settings.get("REDIS_URL")),
        timeout=settings.getfloat("REDIS_SOCKET_TIMEOUT", DEFAULT_TIMEOUT),
        name=name,
    )


def url_digest(key: str) -> bytes:
    """12 bytes standing for a normalised URL in Redis hashes: a fifth of the memory of the URL."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=12).digest()


@dataclass(frozen=True)
class CrawlKeys:
    """Key names of one spider's shared crawl: ``<prefix>:<spider>:crawl:*``."""

    base: str  # "<prefix>:<spider>:crawl"

    @classmethod
    def for_spider(cls, prefix: str, spider: str) -> CrawlKeys:
        return cls(f"{prefix or DEFAULT_PREFIX}:{spider}:crawl")

    @property
    def queue(self) -> str:
        return f"{self.base}:requests"

    @property
    def pages(self) -> str:
        return f"{self.base}:pages"

    @property
    def articles(self) -> str:
        return f"{self.base}:articles"

    @property
    def wanted(self) -> str:
        return f"{self.base}:wanted"

    @property
    def workers(self) -> str:
        return f"{self.base}:workers"

    @property
    def claims(self) -> str:
        """Items being written by some worker (see ``crawler.store.redis``): per crawl, like leases."""
        return f"{self.base}:claims"

    @property
    def crawl_id(self) -> str:
        return f"{self.base}:id"

    @property
    def worker_prefix(self) -> str:
        return f"{self.base}:worker:"

    @property
    def inflight_prefix(self) -> str:
        return f"{self.base}:inflight:"

    def heartbeat(self, worker: str) -> str:
        return self.worker_prefix + worker

    def inflight(self, worker: str) -> str:
        return self.inflight_prefix + worker

    @property
    def per_crawl(self) -> tuple[str, ...]:
        """What a finished crawl leaves behind and the next one must not inherit."""
        return (self.pages, self.articles, self.wanted, self.claims, self.crawl_id, self.queue)


def seen_prefix(settings: BaseSettings) -> str:
    return f"{settings.get('REDIS_KEY_PREFIX') or DEFAULT_PREFIX}:seen"
