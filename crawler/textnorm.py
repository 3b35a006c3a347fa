"""Text normalisation shared by every extractor: one definition of "clean text".

Vietnamese pages mix precomposed and decomposed diacritics (old provincial CMSs emit the
"tổ hợp" form), NBSP and zero-width characters; all output text goes through here.
"""

from __future__ import annotations

import hashlib
import html
import unicodedata

# Zero-width and formatting characters that survive copy-paste from Word and CMS editors.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE))


def clean_text(text: str | None, *, unescape: bool = False) -> str:
    """NFC, no invisible characters, all whitespace runs collapsed to one space, stripped.

    Runs on every text node an extraction reads, so it avoids regexes: ``str.split()`` splits on
    exactly the characters ``\\s`` matches (``Py_UNICODE_ISSPACE``), and the invisible characters
    are rare enough that testing for each (memchr-fast) beats translating every string."""
    if not text:
        return ""
    if unescape:
        text = html.unescape(text)
    for ch in _INVISIBLE:
        if ch in text:
            text = text.translate(_DROP_INVISIBLE)
            break
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_paragraphs(paragraphs: list[str]) -> str:
    """Join cleaned, non-empty paragraphs with a blank line, the body format of the item."""
    return "\n\n".join(p for p in (clean_text(p) for p in paragraphs) if p)


def word_count(text: str) -> int:
    return len(text.split())


def fold(text: str) -> str:
    """Lower-case ASCII skeleton of Vietnamese text (``Thứ Tư`` -> ``thu tu``) for matching."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def content_hash(title: str, body: str) -> str:
    """Change-detection hash of the normalised title and body (32 hex chars of SHA-256)."""
    text = clean_text(title).casefold() + "\n" + clean_text(body).casefold()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]
