"""Which page of a section listing a URL is, and the URL of the next one.

A listing is followed page by page only while pages still list articles, and never past
``max_pages``: archives of provincial papers run to thousands of pages, and a site that answers
any ``?p=N`` with the last page would otherwise be walked forever.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import html as lxml_html

from crawler.sites import Site
from crawler.textnorm import clean_text, fold
from crawler.urls import normalize_url, site_of, under_domain

from .common import resolve

# Query parameters and path shapes that carry a page number on Vietnamese CMSs.
_PAGE_PARAMS = ("p", "page", "paged", "trang", "pg", "pageindex", "page_no", "pagenum", "pagenumber")
_PAGE_PATHS = (
    re.compile(r"/(?:page|trang)[/-]?(\d{1,6})(?:\.html?)?/?$", re.I),
    re.compile(r"[/-]p(\d{1,6})(?:\.html?)?/?$", re.I),
)
# Link labels that mean "next page" (folded: lower-case ASCII). "»" and ">>" often mean "last"
# or "next block of pages" (baocantho: "»" -> ?p=5 from page 1), so they only count when the
# URL they point to is page N+1.
_NEXT_LABELS = frozenset(
    {"trang sau", "sau", "tiep", "trang tiep", "tiep theo", "next", "next page", "›", ">", "→"}
)
_WEAK_NEXT_LABELS = frozenset({"»", ">>", "xem them", "more"})


def _template_parts(template: str) -> tuple[str, str] | None:
    """``("p", "{n}")``-style (name, value template) for a query template such as ``?p={n}``."""
    if template.startswith(("?", "&")) and "=" in template:
        name, _, value = template[1:].partition("=")
        return name, value
    return None


def page_number(url: str, site: Site | None = None) -> int | None:
    """The listing page number in ``url`` (``?p=3`` -> 3), None when the URL does not say."""
    parts = urlsplit(url)
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    template = site.pagination if site is not None else None
    if template:
        q = _template_parts(template)
        if q is not None:
            name, value = q
            pattern = re.escape(value).replace(re.escape("{n}"), r"(\d{1,6})")
            m = re.fullmatch(pattern, query.get(name.lower(), ""))
            if m:
                return int(m.group(1))
        else:
            pattern = re.escape(template.rstrip("/")).replace(re.escape("{n}"), r"(\d{1,6})") + "/?$"
            m = re.search(pattern, parts.path)
            if m:
                return int(m.group(1))
    for name in _PAGE_PARAMS:
        value = query.get(name, "")
        if value.isdigit() and len(value) <= 6:
            return int(value)
    for pattern in _PAGE_PATHS:
        m = pattern.search(parts.path)
        if m:
            return int(m.group(1))
    return None


def template_url(page_url: str, template: str, n: int, current: int) -> str:
    """Page ``n`` of the listing at ``page_url`` (page ``current``) built from a site template."""
    parts = urlsplit(page_url)
    q = _template_parts(template)
    if q is not None:
        name, value = q
        query = parse_qsl(parts.query, keep_blank_values=True)
        pairs = [(k, v) for k, v in query if k.lower() != name.lower()]
        pairs.append((name, value.replace("{n}", str(n))))
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(pairs), ""))
    suffix = template.replace("{n}", str(n))
    path = parts.path
    if current > 1:
        pattern = re.escape(template.rstrip("/")).replace(re.escape("{n}"), r"\d{1,6}") + "/?$"
        path = re.sub(pattern, "", path)
    path = path.rstrip("/") + suffix if suffix.startswith("/") else path + suffix
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _same_site(url: str, page_url: str, site: Site | None) -> bool:
    if site is not None and site.owns(page_url):
        return site.owns(url)
    return under_domain(site_of(url), site_of(page_url))


def _label(a: lxml_html.HtmlElement) -> str:
    text = clean_text(a.text_content()) or clean_text(a.get("title")) or clean_text(a.get("aria-label"))
    return fold(text)


def next_page_url(
    doc: lxml_html.HtmlElement,
    page_url: str,
    site: Site | None,
    *,
    current: int,
    is_article: Callable[[str], bool],
) -> str | None:
    """The next listing page: ``rel=next``, then a pagination link to page ``current + 1``
    (by number or by a "next" label), then the site's pagination template."""
    here = normalize_url(page_url)

    def usable(href: str | None) -> str | None:
        url = resolve(href, page_url)
        if url is None or not _same_site(url, page_url, site) or normalize_url(url) == here:
            return None
        if is_article(url):
            return None
        return url

    for el in doc.xpath("//link[@href and @rel] | //a[@href and @rel]"):
        if "next" in (el.get("rel") or "").lower().split():
            url = usable(el.get("href"))
            if url:
                return url
    wanted = str(current + 1)
    unnumbered: str | None = None
    for a in doc.iter("a"):
        href = a.get("href")
        if not href:
            continue
        label = _label(a)
        if label != wanted and label not in _NEXT_LABELS and label not in _WEAK_NEXT_LABELS:
            continue
        url = usable(href)
        if url is None:
            continue
        number = page_number(url, site)
        if number == current + 1:
            return url
        if number is None and label in _NEXT_LABELS and unnumbered is None:
            unnumbered = url
    if unnumbered:
        return unnumbered
    if site is not None and site.pagination and site.owns(page_url):
        return template_url(page_url, site.pagination, current + 1, current)
    return None


@dataclass(frozen=True, slots=True)
class Pager:
    """What a listing page's pager says: a URL of a numbered page (from which page ``n`` is built by
    ``numbered_page_url``) and the highest page number it links to ("Trang cuối")."""

    sample: str | None = None
    last: int | None = None

    @property
    def numbered(self) -> bool:
        return self.sample is not None


def _number_location(url: str, site: Site | None) -> tuple[str, str | tuple[int, int]] | None:
    """Where ``page_number`` found the number in ``url``: ``("query", name)`` or ``("path", span)``."""
    parts = urlsplit(url)
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    template = site.pagination if site is not None else None
    if template:
        q = _template_parts(template)
        if q is not None and q[0].lower() in query:
            pattern = re.escape(q[1]).replace(re.escape("{n}"), r"(\d{1,6})")
            if re.fullmatch(pattern, query[q[0].lower()]):
                return "query", q[0].lower()
        elif q is None:
            pattern = re.escape(template.rstrip("/")).replace(re.escape("{n}"), r"(\d{1,6})") + "/?$"
            m = re.search(pattern, parts.path)
            if m:
                return "path", m.span(1)
    for name in _PAGE_PARAMS:
        value = query.get(name, "")
        if value.isdigit() and len(value) <= 6:
            return "query", name
    for pattern in _PAGE_PATHS:
        m = pattern.search(parts.path)
        if m:
            return "path", m.span(1)
    return None


def numbered_page_url(sample: str, n: int, site: Site | None = None) -> str:
    """Page ``n`` of the listing whose page ``k`` is ``sample``: the number replaced where
    ``page_number`` reads it (a query parameter or a path segment such as ``/trang-2.html``)."""
    where = _number_location(sample, site)
    if where is None:
        raise ValueError(f"no page number in {sample!r}")
    parts = urlsplit(sample)
    kind, loc = where
    if kind == "query":
        template = site.pagination if site is not None and site.pagination else ""
        q = _template_parts(template)
        value = q[1].replace("{n}", str(n)) if q is not None and q[0].lower() == loc else str(n)
        query = parse_qsl(parts.query, keep_blank_values=True)
        pairs = [(k, value if k.lower() == loc else v) for k, v in query]
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(pairs), ""))
    start, end = loc  # type: ignore[misc]
    path = parts.path[:start] + str(n) + parts.path[end:]
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def _section_of(url: str, site: Site | None) -> str | None:
    """The listing a numbered page URL belongs to: the URL without its page number."""
    where = _number_location(url, site)
    if where is None:
        return None
    parts = urlsplit(url)
    kind, loc = where
    if kind == "query":
        pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() != loc]
        return urlunsplit(("", parts.netloc, parts.path.rstrip("/"), urlencode(pairs), ""))
    start, _ = loc  # type: ignore[misc]
    head = re.sub(r"[/-]?(?:page|trang|p)[/-]?$", "", parts.path[:start], flags=re.I)
    return urlunsplit(("", parts.netloc, head.rstrip("/"), parts.query, ""))


def read_pager(
    doc: lxml_html.HtmlElement, page_url: str, site: Site | None, *, is_article: Callable[[str], bool]
) -> Pager:
    """The numbered pages this page links to, as one sample URL and the highest number.

    Only links to pages of the same listing count (same path, or the same path with a page
    segment): a sidebar link to another section's ``?page=3`` must not teach the section's pager.
    The registry's ``pagination`` template, when the site has one, gives a sample even when the
    page shows no pager (page 1 of a section often links only "next").
    """
    here = _section_of(page_url, site) or urlunsplit(("", *urlsplit(page_url)[1:3], "", "")).rstrip("/")
    sample: str | None = None
    last: int | None = None
    for a in doc.iter("a"):
        url = resolve(a.get("href"), page_url)
        if url is None or not _same_site(url, page_url, site) or is_article(url):
            continue
        number = page_number(url, site)
        if number is None or _section_of(url, site) != here:
            continue
        if sample is None:
            sample = url
        last = number if last is None else max(last, number)
    if sample is None and site is not None and site.pagination and site.owns(page_url):
        current = page_number(page_url, site) or 1
        sample = template_url(page_url, site.pagination, current + 1, current)
    return Pager(sample=sample, last=last)
