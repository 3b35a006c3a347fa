"""A site's "page not found", learned from the site itself during a crawl.

One page alone is judged by its structure (``refusal``): a short notice with no body of real
sentences. Some soft 404s pass that test: the missing-page template of a paper wraps its notice
in paragraphs of help text, a site map or a search box, and answers 200. What gives them away is
the crawl, not the page: the same heading comes back on every missing URL of the site, and the
site's real 404 answers (or the notices refused by structure) show that heading. So the crawl
remembers the headings of the pages a site itself calls missing, and a later page of that site
whose headline *is* one of them is the same template, however much text it carries.

Only pages that are error notices by structure teach a heading: a paper that answers a missing URL
with its home page (a list of real headlines, refused as a listing) teaches nothing, so the top
story's own page can never be taken for the missing-page template. The whole headline must match,
never a word of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from crawler.extract.dom import text_of
from crawler.extract.errors import NotAnArticle
from crawler.extract.fields import strip_site_suffix
from crawler.extract.parse import read_page
from crawler.textnorm import clean_text

MAX_HEADINGS_PER_SITE = 20  # a site has one or two missing-page templates; more is not a template
_MAX_HEADING = 200  # characters: longer is a paragraph, not a heading


def heading_key(text: str) -> str:
    """The form two headlines are compared in: clean, case-folded, without closing punctuation
    ("Không tìm thấy trang!" and "KHÔNG TÌM THẤY TRANG" are one heading)."""
    return clean_text(text).casefold().rstrip(" .!?:;…")


def headings_of(html: str | bytes) -> set[str]:
    """The heading keys a page shows its readers: each ``<h1>`` and the ``<title>`` without the
    paper's name (``404 - Không tìm thấy trang | Báo X`` → ``404 - không tìm thấy trang``)."""
    try:
        root, _ = read_page(html)
    except NotAnArticle:
        return set()
    texts = [text_of(h1) for h1 in root.iter("h1")]
    title = root.find(".//title")
    if title is not None:
        texts.append(strip_site_suffix(text_of(title), ()))
    keys = {heading_key(t) for t in texts}
    return {k for k in keys if k and len(k) <= _MAX_HEADING}


def template_reason(heading: str) -> str:
    """The refusal reason of a page headlined like its site's missing pages (crawl and reextract)."""
    return f"error page: its headline {heading!r} is the heading of the site's missing pages"


class NotFoundHeadings:
    """Per site, the headings of the pages the site showed as missing in this crawl."""

    def __init__(self, max_per_site: int = MAX_HEADINGS_PER_SITE) -> None:
        self.max_per_site = max_per_site
        self._by_site: dict[str, set[str]] = {}

    def learn(self, site: str, html: str | bytes) -> int:
        """Remember the headings of an error notice of ``site``; the number of new ones."""
        return self.learn_headings(site, headings_of(html))

    def learn_headings(self, site: str, keys: Iterable[str]) -> int:
        """``learn`` for headings already read (``headings_of``, in a worker process)."""
        known = self._by_site.setdefault(site, set())
        new = [k for k in sorted(set(keys)) if k not in known]
        room = max(0, self.max_per_site - len(known))
        known.update(new[:room])
        return min(len(new), room)

    def match(self, site: str, headline: str) -> str | None:
        """The learned heading that ``headline`` is, on the same site; None for any other."""
        key = heading_key(headline)
        return key if key and key in self._by_site.get(site, ()) else None

    def __len__(self) -> int:
        return sum(len(v) for v in self._by_site.values())
