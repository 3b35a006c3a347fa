"""What extraction decided and why: the record returned beside the item.

``extract(html, url)`` returns an ``Extraction``: the item (or the refusal's code and reason), the
CMS family the page was read with and how that was decided (once, ``families.resolve``), and for
every filled field where its value came from. The spider counts the sources in its stats, the run
manifest and the drift alarm read those counts, and ``scrapy extract --explain`` prints them, so
nobody has to parse a page a second time to learn how it was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

# Where a value came from, strongest evidence first. "family:<name>" is written with the family.
SOURCES = ("jsonld", "meta", "family", "site", "generic")


class FieldSource(NamedTuple):
    """One field's origin: ``source`` is ``jsonld``, ``meta``, ``family:<name>``, ``site`` (a
    registry override) or ``generic``; ``element`` names the selector, meta property or rule."""

    source: str
    element: str

    def __str__(self) -> str:
        return f"{self.source} ({self.element})" if self.element else self.source


@dataclass(slots=True)
class Extraction:
    """The item of an article page, or why there is none, and how either was decided."""

    url: str
    item: dict | None = None
    refusal: str | None = None  # a ``REFUSAL_CODES`` key when the page is not an article
    reason: str | None = None  # the refusal in one line, for people
    family: str = "generic"  # the CMS family whose selectors were used
    family_by: str = "none"  # "fingerprint", "registry" or "none" (generic)
    sources: dict[str, FieldSource] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.item is not None


STATS_PREFIX = "extract/"


def stat_keys(record: Extraction) -> list[str]:
    """The counters one page adds to a run's stats: the family it was read with (and how that
    was decided), and per filled field its source and, for a selector, which one. The manifest
    and the drift alarm read these back with ``counts_from_stats``."""
    keys = [f"{STATS_PREFIX}family/{record.family}", f"{STATS_PREFIX}family_by/{record.family_by}"]
    for name, found in record.sources.items():
        keys.append(f"{STATS_PREFIX}source/{name}/{found.source}")
        if found.source.startswith("family:") or found.source in ("site", "generic"):
            keys.append(f"{STATS_PREFIX}selector/{name}/{found.element}")
    return keys


def counts_from_stats(stats: dict) -> dict[str, dict]:
    """``{"families": {name: n}, "family_by": {...}, "sources": {field: {source: n}},
    "selectors": {field: {selector: n}}}`` from the counters ``stat_keys`` wrote."""
    out: dict[str, dict] = {"families": {}, "family_by": {}, "sources": {}, "selectors": {}}
    for key, value in sorted(stats.items()):
        if not key.startswith(STATS_PREFIX) or not isinstance(value, int):
            continue
        kind, _, rest = key.removeprefix(STATS_PREFIX).partition("/")
        if kind == "family":
            out["families"][rest] = value
        elif kind == "family_by":
            out["family_by"][rest] = value
        elif kind in ("source", "selector"):
            name, _, what = rest.partition("/")
            out[f"{kind}s"].setdefault(name, {})[what] = value
    return out


# The item fields an explanation lists, in the order a reader checks them.
EXPLAINED_FIELDS = (
    "title",
    "published_at",
    "updated_at",
    "authors",
    "source_attribution",
    "dateline",
    "category",
    "tags",
    "lead",
    "body",
    "images",
)


def explain(record: Extraction) -> str:
    """The record as lines for a person: the family and how it was chosen, then each field with
    its source, the element that filled it and the start of its value; or the refusal."""
    lines = [f"url: {record.url}", f"family: {record.family} (decided by: {record.family_by})"]
    if record.item is None:
        lines.append(f"refused: {record.refusal}: {record.reason}")
        return "\n".join(lines) + "\n"
    width = max(map(len, EXPLAINED_FIELDS))
    for name in EXPLAINED_FIELDS:
        value = record.item.get(name)
        found = record.sources.get(name)
        where = f"{found.source} [{found.element}]" if found else "-"
        lines.append(f"{name:<{width}}  {where:<48}  {_short(value)}")
    flags = record.item.get("flags") or []
    lines.append(f"{'flags':<{width}}  {', '.join(flags) if flags else '-'}")
    return "\n".join(lines) + "\n"


def _short(value: object, size: int = 70) -> str:
    if value in (None, "", [], ()):
        return "(empty)"
    if isinstance(value, list):
        text = " | ".join(str(v.get("url") if isinstance(v, dict) else v) for v in value)
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= size else text[: size - 1] + "…"
