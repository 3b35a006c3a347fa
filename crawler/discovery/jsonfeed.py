"""Article links from the JSON APIs of client-rendered sites (baodienbienphu).

Such a site's section pages are empty shells; the article lists come from a JSON API whose
field names we know only from third-party crawlers. So the reader is tolerant: it walks the
whole document and takes (a) every string under a key that names a link (``url``, ``link``,
``href``, ``path``...) and (b) where the site's registry entry gives a ``json_link`` template such
as ``/tin-bai/{category_slug}/{slug}``, that template filled from each object having those keys.
Relative links resolve against the site's home, not the API host. The spider keeps only links
that match the site's article patterns.
"""

from __future__ import annotations

import json
import logging
import string
from collections.abc import Iterator
from typing import Any

from .common import resolve
from .model import Link
from .safexml import MAX_ENTRIES, decompress

logger = logging.getLogger(__name__)

MAX_JSON_BYTES = 20 * 1024 * 1024
_LINK_KEYS = ("url", "link", "href", "path", "share_url", "canonical")


def _fields(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def _objects(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 32:
        return
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _objects(child, depth + 1)
    elif isinstance(value, list):
        for child in value:
            yield from _objects(child, depth + 1)


def parse_json_links(
    body: bytes, base_url: str, *, home: str | None = None, template: str | None = None
) -> list[Link]:
    """Links to pages found in a JSON document (kind ``"article"``), in document order, unique."""
    data = decompress(body, max_size=MAX_JSON_BYTES, source=base_url)
    try:
        document = json.loads(data)
    except (ValueError, RecursionError):
        logger.warning("Not readable as JSON: %s", base_url)
        return []
    root = home or base_url
    needed = _fields(template) if template else ()
    links: dict[str, Link] = {}
    for obj in _objects(document):
        candidates = [v for k, v in obj.items() if isinstance(v, str) and k.lower() in _LINK_KEYS]
        if needed and all(isinstance(obj.get(n), str | int) and str(obj.get(n)) for n in needed):
            candidates.append(template.format(**{n: obj[n] for n in needed}))
        for raw in candidates:
            url = resolve(raw.strip(), root) if raw.strip().startswith(("/", "http")) else None
            if url and url not in links:
                title = obj.get("title") if isinstance(obj.get("title"), str) else None
                links[url] = Link(url=url, kind="article", title=title)
                if len(links) >= MAX_ENTRIES:
                    logger.warning(
                        "JSON document %s lists over %d links; the rest ignored", base_url, MAX_ENTRIES
                    )
                    return list(links.values())
    return list(links.values())
