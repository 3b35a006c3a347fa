"""Field-by-field scoring of one extraction against a hand-made gold record (``tests/gold``).

``score(expected, got)`` returns ``{field: right?}`` for the 11 fields of ``FIELDS``. ``expected`` is
one object of ``tests/gold/real_articles.json``; ``got`` is what a tool returned, in the item's own
shape: ``title``, ``published_at``, ``updated_at``, ``authors``, ``source_attribution``,
``dateline``, ``category``, ``tags``, ``lead`` and the whole ``body`` text (``body_first`` and
``body_last`` are judged on ``body``). Missing keys count as empty. The rules, field by field:

- text normalisation (every text rule): Unicode NFC, no-break/zero-width spaces and BOMs removed,
  curly quotes as straight ones, en/em dashes as ``-``, ``…`` as ``...``, runs of whitespace as one
  space, casefolded;
- ``title``: equal after normalisation, ignoring trailing punctuation (``.:;!?…``); a site name
  left on the title is wrong;
- ``published_at``/``updated_at``: the same instant to the minute after conversion to UTC. A naive
  value (no offset) or a date without a time is wrong, since every gold date has a time. Gold
  ``updated_at`` null accepts an empty value, or a value equal to the published time (no update
  claimed);
- ``authors``: the same set of normalised names (order free);
- ``source_attribution``: equal after normalisation, a leading ``Theo`` and brackets ignored;
- ``dateline``: equal after normalisation, brackets and a trailing dash ignored;
- ``category``: equal after normalisation;
- ``tags``: the same set of normalised tags (a leading ``#`` ignored);
- ``lead``: the normalised lead, less a leading dateline ``(X) -``, starts with the first 80
  characters of the gold lead and is at most 40 characters longer than it (a lead that swallowed
  the body is wrong);
- ``body_first``: the first 80 characters of the gold sentence occur in the body within its first
  200 characters (room for a subheading or a dateline) -- or, when the body starts with the lead
  (a tool that does not split it off), within the lead's length plus 200;
- ``body_last``: the last 80 characters of the gold sentence occur in the last 300 characters of
  the body (captions, bylines and related links after the last paragraph are wrong);
- a null or empty gold value is right only against a null or empty value (``None``, ``""``,
  ``[]``).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, date, datetime
from typing import Any

FIELDS = (
    "title",
    "published_at",
    "updated_at",
    "authors",
    "source_attribution",
    "dateline",
    "category",
    "tags",
    "lead",
    "body_first",
    "body_last",
)
PREFIX = 80  # characters of a gold sentence that must match
BODY_START_WINDOW = 200  # body_first must start within this many characters of the body (or lead)
BODY_END_WINDOW = 300  # body_last must end within the last this many characters
LEAD_SLACK = 40  # a lead may be this much longer than the gold (a trailing credit, a period)

_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"} | {c: "'" for c in "‘’‚‛′"})
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_DATELINE_PREFIX = re.compile(r"^\(\s*[^()]{1,40}?\s*\)\s*-?\s*")
_TRAILING_PUNCT = " .:;!?…,"


def norm(text: Any) -> str:
    """The comparison form of a text (see the module docstring); '' for None."""
    if text is None:
        return ""
    t = unicodedata.normalize("NFC", str(text))
    t = _INVISIBLE.sub("", t).replace("\u00a0", " ").replace("\u202f", " ")
    t = _DASHES.sub("-", t.translate(_QUOTES)).replace("…", "...")
    return _SPACES.sub(" ", t).strip().casefold()


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple | set | frozenset) and not norm_all(value))


def norm_all(value: Any) -> Any:
    if isinstance(value, str):
        return norm(value)
    return [v for v in (norm(x) for x in value) if v]


def parse_when(value: Any) -> datetime | None:
    """An aware datetime, or None for an empty value, a naive one, a date without a time, or junk."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, date):
        return None
    else:
        text = str(value).strip()
        if not re.search(r"\d[T ]\d{1,2}:\d\d", text):
            return None
        try:
            dt = datetime.fromisoformat(text.replace(" +", "+"))
        except ValueError:
            return None
    if dt.tzinfo is None or dt.utcoffset() is None:
        return None
    return dt.astimezone(UTC).replace(second=0, microsecond=0)


def same_minute(expected: Any, got: Any) -> bool:
    want, have = parse_when(expected), parse_when(got)
    return want is not None and have is not None and want == have


def title_ok(expected: str, got: Any) -> bool:
    return bool(got) and norm(expected).rstrip(_TRAILING_PUNCT) == norm(got).rstrip(_TRAILING_PUNCT)


def _strip_dateline(text: str) -> str:
    return _DATELINE_PREFIX.sub("", text, count=1)


def lead_ok(expected: str, got: Any) -> bool:
    want, have = norm(expected), _strip_dateline(norm(got))
    return bool(have) and have.startswith(want[:PREFIX]) and len(have) <= len(want) + LEAD_SLACK


def body_first_ok(expected: dict, body: Any) -> bool:
    text = _strip_dateline(norm(body))
    want = norm(expected["body_first"])[:PREFIX]
    if not text or not want:
        return False
    at = text.find(want)
    if at < 0:
        return False
    window = BODY_START_WINDOW
    lead = norm(expected.get("lead"))
    if lead and text.startswith(lead[:PREFIX]):
        window += len(lead)
    return at <= window


def body_last_ok(expected: dict, body: Any) -> bool:
    text = norm(body)
    want = norm(expected["body_last"])[-PREFIX:]
    return bool(text) and bool(want) and want in text[-max(BODY_END_WINDOW, len(want)) :]


def _label(value: Any) -> str:
    t = norm(value)
    t = re.sub(r"^theo\s+", "", t)
    return t.strip(" ()[]-:.,")


def _set(values: Any) -> set[str]:
    if not values:
        return set()
    if isinstance(values, str):
        values = [values]
    return {v.lstrip("#").strip() for v in norm_all(values)} - {""}


def score(expected: dict, got: dict | None) -> dict[str, bool]:
    """{field: right?} for every field of FIELDS; ``got`` None (a refusal, a crash) is all wrong."""
    if got is None:
        return dict.fromkeys(FIELDS, False)
    result: dict[str, bool] = {}
    for name in FIELDS:
        want = expected.get(name)
        have = got.get("body") if name in ("body_first", "body_last") else got.get(name)
        if name == "updated_at" and want is None:
            result[name] = _empty(have) or same_minute(expected.get("published_at"), have)
        elif want is None or (isinstance(want, list) and not want):
            result[name] = _empty(have) if name not in ("body_first", "body_last") else True
        elif name == "title":
            result[name] = title_ok(want, have)
        elif name in ("published_at", "updated_at"):
            result[name] = same_minute(want, have)
        elif name in ("authors", "tags"):
            result[name] = _set(want) == _set(have)
        elif name in ("source_attribution", "dateline"):
            result[name] = bool(have) and _label(want) == _label(have)
        elif name == "category":
            result[name] = bool(have) and norm(want) == norm(have)
        elif name == "lead":
            result[name] = lead_ok(want, have)
        elif name == "body_first":
            result[name] = body_first_ok(expected, have)
        else:
            result[name] = body_last_ok(expected, have)
    return result


def shown(value: Any, limit: int = 90) -> str:
    """A short printable form of a field value for reports."""
    if value is None:
        return "null"
    if isinstance(value, datetime):
        value = value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        return "[" + ", ".join(shown(v, 40) for v in value) + "]"
    text = _SPACES.sub(" ", str(value)).strip()
    return f"“{text[:limit]}{'…' if len(text) > limit else ''}”" if isinstance(value, str) else text
