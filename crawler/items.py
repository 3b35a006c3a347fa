"""The article item: one schema, read from ``schema/article.schema.json``.

The JSON Schema is the single place where the fields are defined; the Scrapy item class is
derived from it so that the two can never drift apart.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import scrapy
from jsonschema import Draft202012Validator


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


ARTICLE_FIELDS: tuple[str, ...] = tuple(article_schema()["properties"])


class ArticleItem(scrapy.Item):
    """A news article. Fields are those of the JSON Schema (see ``article_schema()``)."""

    fields = {name: scrapy.Field() for name in ARTICLE_FIELDS}  # noqa: RUF012
