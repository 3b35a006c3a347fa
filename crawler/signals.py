"""The project's own Scrapy signals (sent through ``crawler.signals.send_catch_log``)."""

from __future__ import annotations

# An article page that produced no item: ``response``, ``code`` (a ``REFUSAL_CODES`` key, or
# ``"extract_error"`` when extraction raised something else) and ``reason`` (one line for people).
# Components keep such pages for inspection (``KEEP_REJECTED``) so nothing is lost silently.
page_rejected = object()
