"""The one exception of extraction."""

from __future__ import annotations


class NotAnArticle(ValueError):
    """The page is not a news article (listing, error page, login wall, empty); the message is the reason."""
