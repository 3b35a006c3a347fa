"""Normalise and validate: every emitted item is clean text and valid against the JSON Schema.

Extractors differ in how tidy their output is; this stage is the one place that makes text NFC and
whitespace-collapsed, recomputes the derived fields (``word_count``, ``content_hash``) from the
final text, and refuses what cannot be an article. Refusals are counted per reason in the crawl
stats (``item_dropped/<reason>``) so that a broken extractor shows up in the run manifest.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timezone
from typing import TYPE_CHECKING, Any, NoReturn

from scrapy.exceptions import DropItem

from crawler.items import article_is_valid, article_schema, article_validator, item_fields, item_to_dict
from crawler.textnorm import clean_text, content_hash, word_count
from crawler.timeparse import VN_TZ

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Fields whose absence means the same as null / an empty list, so a missing key is filled in
# rather than costing the article.
NULLABLE_TEXT = (
    "province", "lead", "dateline", "source_attribution", "published_at", "updated_at", "date_raw",
    "category",
)  # fmt: skip
LISTS_OF_TEXT = ("authors", "categories", "tags", "flags")
REQUIRED_LISTS = frozenset({"authors", "categories", "tags"})  # "flags" is optional
UNIQUE_LISTS = frozenset({"authors", "tags", "flags"})
PLAIN_TEXT = ("id", "url", "canonical_url", "site", "source_name", "title", "language", "content_hash")
VN_TIMES = ("published_at", "updated_at")
_MISSING = object()


def _clean_flat(body: str) -> str | None:
    """``clean_text(body)`` when ``body`` is already in the item's body format, else None.

    The extractors hand over bodies that are already clean paragraphs joined by blank lines. For
    those, one ``clean_text`` of the whole body equals the body with each blank line read as a
    space; conversely that equality leaves no room for anything ``clean_text`` would change in a
    paragraph (no invisible or non-NFC character, no whitespace but single spaces inside and lone
    blank lines between, none at either end). One pass over the body instead of a regex split and
    one ``clean_text`` per paragraph; the result also gives the word count.
    """
    flat = clean_text(body)
    return flat if flat and flat == body.replace("\n\n", " ") else None


def _paragraphs(body: Any) -> Any:
    if isinstance(body, (list, tuple)):
        parts = [p for p in body if isinstance(p, str)]
    elif isinstance(body, str):
        parts = _PARAGRAPH_BREAK.split(body)
    else:
        return body
    return "\n\n".join(p for p in (clean_text(p) for p in parts) if p)


def normalize_body(body: Any) -> Any:
    """Clean each paragraph, keep the blank line between paragraphs (the item's body format)."""
    if isinstance(body, str) and _clean_flat(body) is not None:
        return body
    return _paragraphs(body)


def _text_list(value: Any, *, unique: bool) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)):
        return value  # left for the schema to reject
    cleaned = [clean_text(v) if isinstance(v, str) else v for v in value]
    cleaned = [v for v in cleaned if v != ""]
    if unique:
        cleaned = list(dict.fromkeys(v for v in cleaned if isinstance(v, str))) + [
            v for v in cleaned if not isinstance(v, str)
        ]
    return cleaned


def _images(value: Any) -> tuple[Any, int]:
    """Well-formed images, de-duplicated by URL, and how many entries were removed."""
    if value is None:
        return [], 0
    if not isinstance(value, (list, tuple)):
        return value, 0
    images: dict[str, dict[str, Any]] = {}
    for entry in value:
        if not isinstance(entry, dict):
            continue
        url = entry.get("url")
        if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
            continue
        caption = entry.get("caption")
        caption = (clean_text(caption) or None) if isinstance(caption, str) else None
        images.setdefault(url.strip(), {"url": url.strip(), "caption": caption})
    return list(images.values()), len(value) - len(images)


def _time_text(value: Any, tz: timezone) -> Any:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(tz).isoformat(timespec="seconds")
    return value


def normalize(data: dict[str, Any], *, now: datetime | None = None) -> tuple[dict[str, Any], int]:
    """The normalised item (a new dict) and the number of malformed image entries removed."""
    out = dict(data)
    for name in PLAIN_TEXT:
        if isinstance(out.get(name), str):
            out[name] = clean_text(out[name])
    for name in NULLABLE_TEXT:
        value = _time_text(out.get(name), VN_TZ) if name in VN_TIMES else out.get(name)
        out[name] = (clean_text(value) or None) if isinstance(value, str) or value is None else value
    for name in LISTS_OF_TEXT:
        if name in out or name in REQUIRED_LISTS:
            out[name] = _text_list(out.get(name), unique=name in UNIQUE_LISTS)
    out["images"], removed = _images(out.get("images"))
    body = out.get("body")
    flat = _clean_flat(body) if isinstance(body, str) else None
    out["body"] = body if flat is not None else _paragraphs(body)
    if out.get("language") is None:
        out["language"] = "vi"
    crawled = _time_text(out.get("crawled_at"), UTC)
    out["crawled_at"] = crawled if crawled else (now or datetime.now(UTC)).isoformat(timespec="seconds")
    if isinstance(out["body"], str):
        # A clean body's words are separated by exactly one space in ``flat``, and ``flat`` is the
        # body's ``clean_text``, so the hash need not clean the whole body a second time.
        out["word_count"] = flat.count(" ") + 1 if flat is not None else word_count(out["body"])
        if isinstance(out.get("title"), str):
            out["content_hash"] = content_hash(out["title"], out["body"], body_clean=flat is not None)
    return out, removed


def drop_reason(data: dict[str, Any]) -> str | None:
    """Why a normalised item cannot be emitted (``no_title``, ``no_body``, ``schema:<field>``), or None."""
    if data.get("title") in (None, ""):
        return "no_title"
    if data.get("body") in (None, ""):
        return "no_body"
    if article_is_valid(data):
        return None
    errors = sorted(article_validator().iter_errors(data), key=lambda e: [str(p) for p in e.path])
    if not errors:
        return None
    error = errors[0]
    if error.path:
        return f"schema:{error.path[0]}"
    if error.validator == "required":
        missing = [name for name in article_schema()["required"] if name not in data]
        return f"schema:{missing[0]}" if missing else "schema:required"
    if error.validator == "additionalProperties":
        return "schema:additional_property"
    return f"schema:{error.validator}"


class ValidatePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        try:
            adapter = item_fields(item)
        except TypeError:
            self._drop("not_an_item", repr(item)[:200])
        try:
            data, removed = normalize(item_to_dict(item))
            reason = drop_reason(data)
        except Exception:  # odd values must cost the item, never the crawl
            logger.exception("Could not normalise item from %s", adapter.get("url"))
            data, removed, reason = {}, 0, "invalid"
        if reason is not None:
            self._drop(reason, adapter.get("url"))
        if removed:
            self.stats.inc_value("validate/image_removed", removed)
        for name, value in data.items():
            current = adapter.get(name, _MISSING)
            if current is _MISSING or current != value:
                adapter[name] = value
        return item

    def _drop(self, reason: str, url: Any) -> NoReturn:
        self.stats.inc_value(f"item_dropped/{reason}")
        logger.warning("Dropped item (%s): %s", reason, url)
        # Scrapy logs the drop again with the whole item; keep that at DEBUG, the line above is enough.
        raise DropItem(f"{reason}: {url}", log_level="DEBUG")
