"""A JSON Schema compiled to plain Python checks, for the yes/no the pipelines ask per item.

jsonschema walks the schema for every instance (~150 µs for one article, most of the validate
pipeline). The pipeline only needs a yes/no for the common, valid case, so the schema is compiled
once into plain Python checks with jsonschema's own semantics (Draft 2020-12 type rules, Python
``re.search`` for patterns). Only the keywords our schema uses are compiled; any other keyword
raises ``UnsupportedSchema`` and the caller falls back to jsonschema, so the schema can grow
without this code silently skipping a rule. jsonschema stays the authority for *why* an item is
invalid. (fastjsonschema was measured too, and is as fast, but differs from jsonschema on our
schema: it accepts tuples as arrays and rewrites ``$`` in patterns to ``\\Z``.)
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]
_ANNOTATIONS = frozenset({"$schema", "$id", "$comment", "title", "description", "examples", "default"})


class UnsupportedSchema(ValueError):
    """The schema uses a keyword (or form of one) that ``compile_schema`` does not implement."""


def _is_integer(x: Any) -> bool:
    if isinstance(x, bool):
        return False
    return isinstance(x, int) or (isinstance(x, float) and x.is_integer())


def _is_number(x: Any) -> bool:
    return isinstance(x, numbers.Number) and not isinstance(x, bool)


_PLAIN_TYPES: dict[str, type] = {"string": str, "array": list, "object": dict, "null": type(None)}
_PREDICATE_TYPES: dict[str, Check] = {
    "integer": _is_integer,
    "number": _is_number,
    "boolean": lambda x: isinstance(x, bool),
}


def _type_check(types: list[str]) -> Check:
    unknown = [t for t in types if t not in _PLAIN_TYPES and t not in _PREDICATE_TYPES]
    if unknown:
        raise UnsupportedSchema(f"type {unknown}")
    plain = tuple(_PLAIN_TYPES[t] for t in types if t in _PLAIN_TYPES)
    predicates = [_PREDICATE_TYPES[t] for t in types if t in _PREDICATE_TYPES]
    if not predicates:
        return lambda x: isinstance(x, plain)
    return lambda x: isinstance(x, plain) or any(p(x) for p in predicates)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda x: True
    combined = checks[0]
    for nxt in checks[1:]:
        combined = lambda x, a=combined, b=nxt: a(x) and b(x)  # noqa: E731 - one frame per check
    return combined


def _object_check(schema: dict[str, Any]) -> Check:
    required = tuple(schema.get("required", ()))
    properties = {name: compile_schema(sub) for name, sub in schema.get("properties", {}).items()}
    extras_allowed = schema.get("additionalProperties", True)
    if not isinstance(extras_allowed, bool):
        raise UnsupportedSchema("additionalProperties with a schema")

    def check(x: Any) -> bool:
        if not isinstance(x, dict):
            return True  # object keywords say nothing about other types
        for name in required:
            if name not in x:
                return False
        for name, value in x.items():
            sub = properties.get(name)
            if sub is None:
                if not extras_allowed:
                    return False
            elif not sub(value):
                return False
        return True

    return check


def compile_schema(schema: Any) -> Check:
    """A function telling whether an instance is valid against ``schema`` (the subset of JSON Schema
    2020-12 our item schema uses), with the verdicts of ``jsonschema.Draft202012Validator``.

    Raises ``UnsupportedSchema`` for anything else.
    """
    if schema is True:
        return lambda x: True
    if schema is False:
        return lambda x: False
    if not isinstance(schema, dict):
        raise UnsupportedSchema(f"schema {schema!r}")
    checks: list[Check] = []
    object_keywords = {"required", "properties", "additionalProperties"}
    for keyword, value in schema.items():
        if keyword in _ANNOTATIONS or keyword in object_keywords:
            continue
        if keyword == "type":
            checks.append(_type_check([value] if isinstance(value, str) else list(value)))
        elif keyword == "pattern":
            search = re.compile(value).search
            checks.append(lambda x, search=search: not isinstance(x, str) or search(x) is not None)
        elif keyword == "minLength":
            checks.append(lambda x, n=value: not isinstance(x, str) or len(x) >= n)
        elif keyword == "minimum":
            # ``not x < m`` rather than ``x >= m``: NaN passes, as in jsonschema.
            checks.append(lambda x, m=value: not _is_number(x) or not x < m)
        elif keyword == "const" and isinstance(value, str):
            checks.append(lambda x, c=value: x == c)
        elif keyword == "items" and "prefixItems" not in schema:
            item_check = compile_schema(value)
            checks.append(lambda x, c=item_check: not isinstance(x, list) or all(map(c, x)))
        else:
            raise UnsupportedSchema(f"keyword {keyword!r}")
    if object_keywords & schema.keys():
        checks.append(_object_check(schema))
    return _all(checks)
