"""Vietnamese news timestamps -> aware datetimes in +07:00 (see :mod:`.parser` for how and why).

One job per module:

- :mod:`.parser`: the steps from a raw string to a ``ParsedDate`` (whole-string formats, the
  everyday layouts, the scan's assembly, relative forms, the lazy dateparser fallback);
- :mod:`.parts`: the masking scan and the decoders of one matched piece (date, clock, zone);
- :mod:`.vocab`: the word tables and precompiled patterns, without behaviour.

This package re-exports the parser's public names, so callers import from ``crawler.timeparse``
as they did when it was one module. Importing it never imports dateparser (built on first need).
"""

from __future__ import annotations

from crawler.timeparse.parser import (
    FALLBACK_SETTINGS,
    MAX_INPUT,
    VN_TZ,
    DateRole,
    ParsedDate,
    date_role,
    fallback_stats,
    format_iso,
    parse_date,
    parse_datetime,
)

__all__ = [
    "FALLBACK_SETTINGS",
    "MAX_INPUT",
    "VN_TZ",
    "DateRole",
    "ParsedDate",
    "date_role",
    "fallback_stats",
    "format_iso",
    "parse_date",
    "parse_datetime",
]
