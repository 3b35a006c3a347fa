"""The article item: one schema, read from ``schema/article.schema.json``.

The JSON Schema is the single place where the fields are defined; the Scrapy item class is
derived from it so that the two can never drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, MutableMapping
from functools import cache
from importlib import resources
from typing import Any

import scrapy
from itemadapter import ItemAdapter
from jsonschema import Draft202012Validator

from crawler.schemacheck import Check, UnsupportedSchema, compile_schema


@cache
def article_schema() -> dict[str, Any]:
    """The JSON Schema of one output line."""
    text = resources.files("crawler").joinpath("schema/article.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def article_validator() -> Draft202012Validator:
    return Draft202012Validator(article_schema())


def schema_errors(item: dict[str, Any]) -> list[str]:
    """Human-readable schema violations of ``item`` (empty when it is valid)."""
    errors = sorted(article_validator().iter_errors(item), key=lambda e: list(e.path))
    return [f"{'/'.join(map(str, e.path)) or '<item>'}: {e.message}" for e in errors]


@cache
def _compiled_article_check() -> Check:
    try:
        return compile_schema(article_schema())
    except UnsupportedSchema:
        return article_validator().is_valid


def article_is_valid(item: dict[str, Any]) -> bool:
    """Whether ``item`` is valid against the article schema: the verdict of ``schema_errors``, fast."""
    return _compiled_article_check()(item)


# --- items as plain dicts -------------------------------------------------------------------------

_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """``ItemAdapter._asdict`` for one value, without its per-value adapter look-ups for scalars."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is list:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if isinstance(value, dict):
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in value.items()}
    if isinstance(value, (list, set, tuple)):
        return value.__class__(_plain(v) for v in value)
    if isinstance(value, ItemAdapter):
        return value.asdict()
    if ItemAdapter.is_item(value):
        return ItemAdapter(value).asdict()
    return value


def item_to_dict(item: Any) -> dict[str, Any]:
    """``ItemAdapter(item).asdict()`` (a new dict, nested items and containers copied), ~10x faster
    for dicts and Scrapy items: ``asdict`` asks every adapter class about every value, ~60 µs per
    article, and the validate and export pipelines each need one copy per article.

    Raises ``TypeError`` for what is not an item, as ``ItemAdapter`` does.
    """
    if isinstance(item, (dict, scrapy.Item)):
        return {k: v if type(v) in _SCALARS else _plain(v) for k, v in item.items()}
    return ItemAdapter(item).asdict()


def item_fields(item: Any) -> MutableMapping[str, Any]:
    """The item as a mutable mapping: itself when it is a dict or a Scrapy item (both are mappings
    with the same reads and writes as their ItemAdapter, one call deep instead of three), else an
    ``ItemAdapter``. Raises ``TypeError`` for what is not an item, as ``ItemAdapter`` does."""
    if isinstance(item, (dict, scrapy.Item)):
        return item
    return ItemAdapter(item)


ARTICLE_FIELDS: tuple[str, ...] = tuple(article_schema()["properties"])

# --- fill rates -----------------------------------------------------------------------------------

# The fields whose fill rate a run reports: the manifest (``pipelines.export``) over the items
# emitted, the drift alarm (``crawler.extensions.drift``) over every article page.
FILL_RATE_FIELDS = ("title", "lead", "body", "authors", "published_at", "category", "tags", "images")


def is_filled(value: Any) -> bool:
    """Whether a field counts as filled: present and not empty."""
    return value not in (None, "", [], {}, ())


def fill_rates(filled: Mapping[str, int], total: int) -> dict[str, float | None]:
    """``filled[name] / total`` per ``FILL_RATE_FIELDS`` entry, to 4 places; None when ``total`` is 0."""
    return {name: (round(filled.get(name, 0) / total, 4) if total else None) for name in FILL_RATE_FIELDS}


class ArticleItem(scrapy.Item):
    """A news article. Fields are those of the JSON Schema (see ``article_schema()``)."""

    fields = {name: scrapy.Field() for name in ARTICLE_FIELDS}  # noqa: RUF012
