"""Article bodies that a page ships only inside a script string.

Some provincial CMSs (baoquangngai) serve an empty ``#content`` and fill it from JavaScript:
``var outputData = "<p>...</p>";``. The registry names such variables (``Site.body_script``);
their JSON/JS string literal is decoded and parsed into the empty container before extraction, so
the rest of the extractor sees the page as a browser would.
"""

from __future__ import annotations

import json
import re
from functools import cache

import lxml.html

from crawler.extract.dom import HtmlElement, settable, text_content

# The containers such scripts fill, most specific first.
_TARGETS = ("content", "content-detail", "content_detail", "body")


@cache
def _literal(name: str) -> re.Pattern[str]:
    return re.compile(rf"""\b{re.escape(name)}\s*=\s*("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')""")


def _decode(literal: str) -> str | None:
    if literal.startswith("'"):  # a JS single-quoted string: same escapes, other quote
        literal = '"' + literal[1:-1].replace('\\"', '"').replace('"', '\\"').replace("\\'", "'") + '"'
    try:
        value = json.loads(literal)
    except ValueError:
        return None
    return value if isinstance(value, str) else None


def inject_script_bodies(root: HtmlElement, source: str, names: tuple[str, ...]) -> bool:
    """Fill an empty body container from the first named script string found; True if filled."""
    target = next((el for el in (root.find(f".//*[@id='{t}']") for t in _TARGETS) if el is not None), None)
    if target is None or text_content(target).strip():
        return False
    for name in names:
        m = _literal(name).search(source)
        fragment = _decode(m.group(1)) if m else None
        if not fragment or not fragment.strip():
            continue
        try:
            parts = lxml.html.fragments_fromstring(fragment)
        except (lxml.etree.ParserError, ValueError):
            continue
        for part in parts:
            if isinstance(part, str):
                target.text = settable((target.text or "") + part)
            else:
                target.append(part)
        return True
    return False
