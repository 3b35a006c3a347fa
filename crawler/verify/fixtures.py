"""Fixtures from a verification: a redesign seen in the wild becomes a regression test in one step.

``scrapy verify SPIDER --fixtures DIR`` writes, per paper, ``DIR/<spider>/``:

- ``index.jsonl`` and ``pages/``: every page the verification fetched (seeds, child sitemaps,
  articles), a replay archive (``-s REPLAY=DIR/<spider>``) of exactly that verification;
- ``golden/<domain>/<family>-<id>.html`` and ``.json``: each article page with what extraction
  gives for it today (the item without ``crawled_at``, or ``{"url", "not_an_article"}`` for a
  refusal), in the format of ``tests/fixtures/pages``. A person checks the JSON, fixes what is
  wrong, and copies the pair there: ``tests/test_extract_golden.py`` picks it up.

The same works offline from a recording: ``scrapy verify SPIDER -s REPLAY=verify.warc.gz
--fixtures DIR`` replays a verification recorded with ``-s RECORD=verify.warc.gz``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import orjson
from scrapy.http import Response

from crawler.extract.record import Extraction
from crawler.store.paths import safe_path_component
from crawler.urls import site_of

_EXTENSIONS = {"html": ".html", "xml": ".xml", "rss": ".xml", "json": ".json"}
_SLUG = re.compile(r"[^a-z0-9]+")


class FixtureWriter:
    """Writes one paper's verification into ``root/<spider>/`` (see the module docstring)."""

    def __init__(self, root: str | Path, spider: str) -> None:
        self.base = Path(root) / safe_path_component(spider)
        (self.base / "pages").mkdir(parents=True, exist_ok=True)
        self._index = (self.base / "index.jsonl").open("a", encoding="utf-8")
        self._written: set[str] = set()

    def _page(self, response: Response, kind: str) -> str | None:
        if response.url in self._written:
            return None
        self._written.add(response.url)
        content_type = response.headers.get("Content-Type", b"").decode("latin-1") or None
        ext = next((e for k, e in _EXTENSIONS.items() if content_type and k in content_type), ".html")
        name = f"pages/{kind}-{hashlib.sha1(response.url.encode()).hexdigest()[:12]}{ext}"
        (self.base / name).write_bytes(response.body)
        entry = {"url": response.url, "file": name, "status": response.status}
        if content_type:
            entry["content_type"] = content_type
        self._index.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._index.flush()
        return name

    def discovery(self, response: Response) -> None:
        self._page(response, "seed")

    def article(self, response: Response, record: Extraction) -> None:
        if self._page(response, "article") is None:
            return
        stem = _SLUG.sub("-", response.url.rsplit("/", 1)[-1].lower()).strip("-")[:60] or "page"
        folder = self.base / "golden" / safe_path_component(site_of(response.url))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{record.family}-verify-{stem}"
        path.with_suffix(".html").write_bytes(response.body)
        if record.item is not None:
            expected = {k: v for k, v in record.item.items() if k != "crawled_at"}
        else:
            expected = {"url": response.url, "not_an_article": (record.reason or "")[:60]}
        path.with_suffix(".json").write_bytes(orjson.dumps(expected, option=orjson.OPT_INDENT_2) + b"\n")

    def close(self) -> None:
        self._index.close()
