"""Whether a page that is not plainly an article is an error page, a login wall or a listing.

The decision is made from the page's structure, never from one word of its headline. Provincial
papers publish short briefs every day whose headlines hold the very words error pages use
("Thu hồi 404 sổ đỏ", "Hàng loạt clip xuyên tạc đã bị gỡ", "... không tìm thấy giấy tờ"). What sets
an error page apart is what it lacks: its text is a short notice (every sentence says the page is
missing or points home), its heading is not the story the URL names, and it carries no
publication date. A brief has sentences about something else, a headline that matches its URL's
slug, and a date. So a short page is an error page only when it has the notice *and* none of the
marks of an article; words alone only say where to look.

A login wall is a short teaser with a sign-in prompt or form next to the text, not a login box
in the site's header (which many article pages carry).
"""

from __future__ import annotations

import re

from crawler.extract import thresholds as th
from crawler.extract.dom import HtmlElement, text_content
from crawler.extract.scoring import headline_links
from crawler.textnorm import clean_text, fold

# Words of "not found" notices, matched on folded text (no diacritics, lower case).
ERROR_WORDS = re.compile(
    r"\b404\b|\b410\b|not found|page error|khong tim thay|khong ton tai|trang loi|"
    r"da bi xoa|da bi go|bi go bo|da ngung|da het han|khong con ton tai|khong truy cap duoc|"
    r"duong dan (?:khong|da)|lien ket (?:khong|da|bi)|no longer available|does not exist"
)
# Sentences of a notice that point elsewhere rather than say anything.
_NAV_WORDS = re.compile(
    r"trang chu|quay (?:lai|ve)|tro (?:lai|ve)|tim kiem|lien he|nhan vao|bam vao|click|"
    r"home ?page|go back|search|xin loi|rat tiec|vui long|ban co the"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
_LOGIN = (
    "đăng nhập để đọc",
    "vui lòng đăng nhập",
    "bạn cần đăng nhập",
    "đăng nhập để tiếp tục",
    "đăng nhập để xem",
    "dành cho thành viên",
    "dành cho hội viên",
    "đăng ký để đọc",
    "đăng ký tài khoản để đọc",
    "sign in to continue",
    "log in to continue",
    "log in to read",
    "subscribe to continue",
)
# A sign-in prompt about comments is not a wall in front of the text.
_COMMENT_LOGIN = re.compile(r"đăng nhập để (?:bình luận|gửi bình luận|comment)|to comment", re.I)
_SLUG_WORDS = re.compile(r"[a-z0-9]+")
_SLUG_STOP = frozenset({"html", "htm", "aspx", "php", "shtml", "amp", "www", "news", "tin", "bai"})


def notice_words(*texts: str) -> bool:
    """Whether any of the texts holds the words of a "not found" notice (a hint, not a verdict)."""
    return any(ERROR_WORDS.search(fold(t)) for t in texts if t)


def rest_of_notice(text: str) -> int:
    """Characters of ``text`` left once the sentences that say "not found" or point elsewhere are
    taken out: a real brief keeps its sentences about something else, a notice keeps nothing."""
    rest = 0
    for sentence in _SENTENCE.findall(text):
        words = fold(sentence)
        if ERROR_WORDS.search(words) or _NAV_WORDS.search(words):
            continue
        rest += len(sentence.strip())
    return rest


def headline_matches_url(title: str, url: str) -> bool:
    """Whether the headline is the story the URL's slug names (most article URLs carry one): a
    soft 404 served at an article's URL shows its own heading, never the missing story's."""
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    slug = [w for w in _SLUG_WORDS.findall(path) if not w.isdigit() and w not in _SLUG_STOP]
    slug = [w for w in slug if not (len(w) > 6 and any(c.isdigit() for c in w))]  # "a196670" ids
    if len(slug) < 3:
        return False  # no slug to compare with ("/a123.html", "?id=5")
    words = set(_SLUG_WORDS.findall(fold(title)))
    return sum(w in words for w in slug) >= 0.6 * len(slug)


def is_error_page(
    *,
    title: str,
    page_title: str,
    text: str,
    url: str,
    has_metadata_date: bool,
) -> bool:
    """An error page or soft 404: the notice words are shown (headline, page title or text), the
    text is nothing but the notice, and nothing marks the page as the article its URL names."""
    if not notice_words(title, page_title, text[: th.NOTICE_WINDOW]):
        return False
    if has_metadata_date or headline_matches_url(title, url):
        return False
    return rest_of_notice(text[: th.NOTICE_WINDOW]) <= th.MAX_NOTICE_REST


def page_text(root: HtmlElement) -> str:
    """The visible text of the page's ``<body>`` (what a notice is looked for in when no body
    element was found), cut to the notice window."""
    body = root.find("body")
    return clean_text(text_content(body if body is not None else root)[: th.NOTICE_WINDOW * 3])


def login_prompt(near: HtmlElement) -> bool:
    """A password field or a "sign in to read" prompt inside ``near`` (the element around the
    text), not counting prompts to sign in for comments."""
    if near.find(".//input[@type='password']") is not None:
        return True
    text = clean_text(text_content(near)).lower()
    text = _COMMENT_LOGIN.sub(" ", text)
    return any(p in text for p in _LOGIN)


def login_wall_anywhere(root: HtmlElement, has_password: bool) -> bool:
    """For a page with no article text at all: any sign-in form or prompt explains it."""
    body = root.find("body")
    return has_password or login_prompt(body if body is not None else root)


def is_listing_page(root: HtmlElement) -> bool:
    """Many headline links on a page without an article body: a section page."""
    return headline_links(root) >= th.PAGE_LISTING_HEADLINES
