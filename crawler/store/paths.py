"""Where a crawl's files live: one directory per spider under OUTPUT_DIR, the SQLite state in it.

Kept apart from the stores because the export pipeline and ``scrapy merge`` need the same
directory without needing a store. Spider names come from code or ``scrapy crawl`` arguments, so
every path built from one is sanitised and checked to stay inside OUTPUT_DIR.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_path_component(name: object, *, default: str = "spider") -> str:
    """``name`` as a single harmless path component: no separators, no leading dots, bounded length.

    Spider names come from code or ``scrapy crawl`` arguments; they must never steer a path out
    of OUTPUT_DIR (``../../etc``) or into a hidden file.
    """
    text = _UNSAFE.sub("_", str(name or "")).lstrip("._")[:100].rstrip("_")
    return text or default


def spider_name(crawler: Crawler) -> str | None:
    """The crawl's spider name: the running spider's (``scrapy crawl -a`` may set it), else the
    class's (components opened before the spider exists)."""
    spider = getattr(crawler, "spider", None)
    return getattr(spider, "name", None) or getattr(crawler.spidercls, "name", None)


def spider_output_dir(output_dir: str | Path, spider_name: object) -> Path:
    """``<OUTPUT_DIR>/<sanitised spider name>``, guaranteed to lie inside OUTPUT_DIR."""
    base = Path(output_dir).resolve()
    path = (base / safe_path_component(spider_name)).resolve()
    if path.parent != base:  # pragma: no cover - defended by safe_path_component; kept as a guard
        raise ValueError(f"spider directory {path} escapes {base}")
    return path


def state_db_path(settings: BaseSettings, spider_name: object) -> Path:
    """STATE_DB if set, else ``<OUTPUT_DIR>/<spider>/state.sqlite``."""
    explicit = settings.get("STATE_DB")
    if explicit:
        return Path(explicit)
    return spider_output_dir(settings.get("OUTPUT_DIR") or "output", spider_name) / "state.sqlite"
