"""The one exception of extraction, and the reason codes a refusal carries.

A code is short and stable (it names a stat, ``page_dropped/not_article/<code>``, and a folder of
kept pages); the message beside it is for people and may change."""

from __future__ import annotations

# Every code a refusal can carry, with what it means.
REFUSAL_CODES: dict[str, str] = {
    "not_http": "the URL is not an http(s) URL",
    "binary": "the payload is an image, a PDF or other binary data, not HTML",
    "empty": "the page is empty",
    "unparseable": "the HTML cannot be parsed",
    "too_deep": "the page is nested too deeply to read",
    "error_page": "a short notice that the page does not exist (a 404 or soft 404)",
    "login_wall": "the text is behind a sign-in form",
    "listing": "a list of stories, no article body",
    "no_title": "no headline found",
    "no_body": "no element with article text found",
    "short_body": "the text found is too short to be an article",
}


class NotAnArticle(ValueError):
    """The page is not a news article (listing, error page, login wall, empty); the message is the
    reason and ``code`` its stable name (a key of ``REFUSAL_CODES``)."""

    def __init__(self, reason: str, code: str = "no_body") -> None:
        super().__init__(reason)
        self.code = code if code in REFUSAL_CODES else "no_body"
