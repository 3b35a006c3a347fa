"""Dedupe: each article is emitted once per version, and syndicated copies are flagged.

Identity is ``item["id"]``. The state lives in the crawl's ``StateStore`` (shared with the
incremental-skip middleware). An item is classified when it passes this pipeline, but the store only
records it once the item has been *emitted* (Scrapy's ``item_scraped`` signal, sent after every
pipeline including the export accepted it). Recording earlier would lose articles for good when a
later stage fails (a full disk): the next run would think they had been written.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, MutableMapping
from dataclasses import dataclass
from functools import cache
from hashlib import blake2b
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import DropItem

from crawler.items import item_fields
from crawler.store import Outcome, StateStore, Status, for_crawler
from crawler.textnorm import clean_text

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

SHINGLE_WORDS = 3
# Below this many shingles a body is too short for a meaningful fingerprint: short photo or video
# captions share most of their words and would all look alike.
MIN_SHINGLES = 25
_WORD = re.compile(r"\w+")
# Punctuation that commonly sits between words; replacing it by a space changes no \w+ word.
_PUNCTUATION = tuple(",.;:!?\"'()[]{}<>«»“”‘’–—…-/\\|%+&*#@=~^`$\n\t\r")


def _words(text: str) -> list[str]:
    r"""The words the fingerprint is made of: ``\w+`` runs of the normalised, case-folded text."""
    return _WORD.findall(clean_text(text).casefold())


def shingles(text: str, size: int = SHINGLE_WORDS) -> list[str]:
    """Overlapping word ``size``-grams of the normalised, case-folded text (punctuation ignored)."""
    words = _words(text)
    return [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]


def _utf8_words(text: str) -> list[bytes]:
    """``_words(text)`` encoded as UTF-8, without a regex pass over most bodies.

    Fast path, for text that is already NFC (as the validate pipeline leaves every body): case-fold,
    turn common punctuation into spaces; if what is left is only alphanumeric characters and spaces,
    the words are exactly the space-separated runs, and ``bytes.split`` finds them in the UTF-8 text
    (no alphanumeric character's encoding contains an ASCII whitespace byte). ``clean_text`` is then
    a no-op for the words (it only collapses whitespace and removes characters that would fail the
    alphanumeric check). Anything else (decomposed or invisible characters, ``_``, rarer
    punctuation) takes the exact definition.
    """
    if unicodedata.is_normalized("NFC", text):
        folded = text.casefold()
        for mark in _PUNCTUATION:
            if mark in folded:
                folded = folded.replace(mark, " ")
        if folded.replace(" ", "").isalnum():
            return folded.encode("utf-8").split()
    return [word.encode("utf-8") for word in _words(text)]


# Copying a ready blake2b state is ~100 ns cheaper per feature than building one with digest_size=8
# (the constructor sets up the parameter block each time); the digests are the same.
_BLAKE2B_8 = blake2b(digest_size=8)


def _digests(features: Iterable[bytes]) -> bytes:
    """The 8-byte blake2b digests of ``features``, concatenated."""
    out: list[bytes] = []
    append, fresh = out.append, _BLAKE2B_8.copy
    for feature in features:
        state = fresh()
        state.update(feature)
        append(state.digest())
    return b"".join(out)


@cache
def _bit_masks(width: int) -> tuple[int, ...]:
    """Masks selecting bit 7, 6, ..., 0 of every byte of a ``width``-byte integer."""
    return tuple(int.from_bytes(bytes([1 << bit]) * width, "big") for bit in range(7, -1, -1))


def _majority_bits(digests: bytes) -> int:
    """SimHash vote over concatenated 8-byte digests: bit k of the value is set when more than half
    of the digests (read big-endian) have bit k set.

    Each of the 8 byte positions is sliced out as one big integer; ANDing it with a per-bit mask and
    ``int.bit_count`` counts one bit over all digests in C, so the vote is 64 big-int operations
    instead of a Python loop over every digest.
    """
    count = len(digests) // 8
    # Masks wider than the column are fine (AND keeps the shorter length); round the width up so
    # that only a few sizes are ever cached.
    masks = _bit_masks(max(4096, 1 << (count - 1).bit_length()))
    value = 0
    for position in range(8):  # the digest's first byte holds bits 63..56 of the value
        column = int.from_bytes(digests[position::8], "big")
        for mask in masks:
            value = (value << 1) | (2 * (column & mask).bit_count() > count)
    return value


def simhash64(features: Iterable[str]) -> int:
    """Charikar's SimHash: 64 bits, each the majority vote of that bit over the features' hashes.

    Similar feature multisets give fingerprints a few bits apart; unrelated ones differ in ~32.
    The hash of a feature is its 8-byte blake2b digest; stored fingerprints depend on exactly that.
    """
    digests = _digests(f.encode("utf-8") for f in features)
    return _majority_bits(digests) if digests else 0


def body_fingerprint(body: Any) -> int | None:
    """SimHash of the body's word 3-shingles, or None when the body is too short to compare.

    Equal to ``simhash64(shingles(body))`` (the tests pin it), computed on UTF-8 words: the shingles
    are joined as bytes, so no shingle string is built and encoded. Hashing the ~600 shingles of an
    article with blake2b is most of what remains.
    """
    if not isinstance(body, str):
        return None
    words = _utf8_words(body)
    if len(words) - SHINGLE_WORDS + 1 < MIN_SHINGLES:
        return None
    grams = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)
    return _majority_bits(_digests(map(b" ".join, grams)))


def _nonempty_str(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


@dataclass(slots=True)
class _Pending:
    """An item classified here but not yet emitted: later copies in this run compare against it."""

    status: Status
    content_hash: str
    revision: int
    fingerprint: int | None
    item: Any


class DedupePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self._store: StateStore | None = None
        self._pending: dict[str, _Pending] = {}
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_not_emitted, signal=signals.item_dropped)
        crawler.signals.connect(self.item_not_emitted, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def store(self) -> StateStore:
        if self._store is None:
            self._store = for_crawler(self.crawler)
        return self._store

    def open_spider(self) -> None:
        _ = self.store

    def process_item(self, item: Any) -> Any:
        try:
            adapter = item_fields(item)
            article_id, content_hash = adapter.get("id"), adapter.get("content_hash")
        except TypeError:
            adapter, article_id, content_hash = None, None, None
        if not (_nonempty_str(article_id) and _nonempty_str(content_hash)):
            url = adapter.get("url") if adapter is not None else None
            self.stats.inc_value("item_dropped/no_id")
            logger.warning("Dropped item without id/content_hash: %s", url)
            raise DropItem(f"no_id: {url}", log_level="DEBUG")
        assert adapter is not None  # typing

        if article_id not in self._pending:
            # Most items of a scheduled run are unchanged: settle those before hashing the body.
            stored = self.store.get(article_id)
            if stored is not None and stored.content_hash == content_hash:
                self._drop_unchanged(adapter, article_id)
        fingerprint = body_fingerprint(adapter.get("body"))
        outcome = self._classify(adapter, article_id, content_hash, fingerprint)
        if outcome.status is Status.UNCHANGED:
            self._drop_unchanged(adapter, article_id)

        adapter["revision"] = outcome.revision
        adapter["near_duplicate_of"] = outcome.near_duplicate_of
        self._pending[article_id] = _Pending(
            outcome.status, content_hash, outcome.revision, fingerprint, item
        )
        return item

    def _drop_unchanged(self, adapter: MutableMapping[str, Any], article_id: str) -> None:
        urls = [u for u in (adapter.get("url"), adapter.get("canonical_url")) if isinstance(u, str) and u]
        for url in dict.fromkeys(urls):
            self.store.mark_fetched(url, article_id)
        self.stats.inc_value("dedupe/unchanged")
        raise DropItem(f"unchanged: {article_id}", log_level="DEBUG")

    def _classify(
        self, adapter: MutableMapping[str, Any], article_id: str, content_hash: str, fingerprint: int | None
    ) -> Outcome:
        pending = self._pending.get(article_id)
        if pending is None:
            return self.store.classify(adapter, fingerprint=fingerprint)
        if pending.content_hash == content_hash:
            return Outcome(Status.UNCHANGED, pending.revision)
        near = None
        if fingerprint is not None:
            near = self.store.near_duplicate(fingerprint, exclude_id=article_id)
        return Outcome(Status.REVISED, pending.revision + 1, near)

    # -- signals ---------------------------------------------------------------------------------

    def item_scraped(self, item: Any) -> None:
        """The item was emitted: only now does the store learn about it."""
        try:
            adapter = item_fields(item)
        except TypeError:
            return
        article_id, content_hash = adapter.get("id"), adapter.get("content_hash")
        if not (isinstance(article_id, str) and isinstance(content_hash, str)):
            return
        pending = self._pending.get(article_id)
        if pending is not None and pending.content_hash == content_hash:
            del self._pending[article_id]
        else:
            pending = None
        fingerprint = pending.fingerprint if pending else body_fingerprint(adapter.get("body"))
        status = pending.status if pending else None
        try:
            status = self.store.record(adapter, fingerprint=fingerprint).status
        except (sqlite3.Error, OSError, ValueError):
            # The item is out; not recording it only means the next run emits it again.
            self.stats.inc_value("dedupe/store_error")
            logger.exception("Could not record %s in the state store", article_id)
        # Counted at emission, so that in the manifest new + revised = items emitted.
        if status is not None and status is not Status.UNCHANGED:
            self.stats.inc_value(f"dedupe/{status.value}")
        if adapter.get("near_duplicate_of"):
            self.stats.inc_value("dedupe/near_duplicate")

    def item_not_emitted(self, item: Any) -> None:
        """Dropped or failed after this pipeline: forget it, so that a later copy is not 'unchanged'."""
        try:
            article_id = item_fields(item).get("id")
        except TypeError:
            return
        pending = self._pending.get(article_id) if isinstance(article_id, str) else None
        if pending is not None and pending.item is item:
            del self._pending[article_id]
