"""``extract_article``: (html, url) -> item dict, a pure function (no Scrapy, no network).

Order of evidence per field: structured metadata -> CMS-family (and site-registry) selectors ->
generic fallbacks, merged field by field (see ``dates``, ``fields``, ``people``). The page is
parsed once; every step reads the same tree.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from crawler.extract import body as bodymod
from crawler.extract import dates, fields, people, taxonomy
from crawler.extract.dom import HtmlElement, text_of
from crawler.extract.errors import NotAnArticle
from crawler.extract.families import GENERIC, Family, detect
from crawler.extract.images import image_url_of
from crawler.extract.meta import PageMeta, read_meta
from crawler.extract.parse import flatten_deep, load_html, parse_html, strip_noise
from crawler.extract.regions import Regions
from crawler.extract.scriptbody import inject_script_bodies
from crawler.extract.selectors import INDEX, PageIndex, select
from crawler.sites import Site, site_for_url
from crawler.textnorm import clean_text, content_hash, word_count
from crawler.timeparse import DateRole
from crawler.urls import (
    absolute_url,
    article_key,
    normalize_url,
    parses,
    site_of,
    under_domain,
    url_article_id,
)

# An update label anywhere in the source ("Cập nhật", "cập nhật", "CẬP NHẬT"): "ập nhật|ẬP NHẬT"
# in UTF-8, written with the two bytes "ậ" and "Ậ" share in front, since a regex with a literal
# prefix is searched for it in C (the plain alternation is tried at every byte: twice the time).
_UPDATE_HINT = re.compile(rb"\xe1\xba(?:\xadp nh\xe1\xba\xadt|\xacP NH\xe1\xba\xacT)")


def extract_article(html: str | bytes, url: str, *, fetched_at: datetime | None = None) -> dict:
    """The article item of a page (all schema fields but ``revision``/``near_duplicate_of``).

    Raises ``NotAnArticle`` (a ``ValueError``) with a one-line reason for listings, error pages,
    login walls, empty pages, images/PDFs/other binary payloads, and pages without a title or an
    article body.
    """
    if not url or not url.startswith(("http://", "https://")) or not parses(url):
        raise NotAnArticle(f"not an http(s) URL: {url[:200]!r}", "not_http")
    text, utf8 = load_html(html)
    now = _aware(fetched_at)
    try:
        return _from_text(text, utf8, url, now, flatten=False)
    except RecursionError:  # nested too deep for the tree walks: parse again, flattened
        try:
            return _from_text(text, utf8, url, now, flatten=True)
        except RecursionError:
            raise NotAnArticle("page nested too deeply to read", "too_deep") from None


def _from_text(text: str, utf8: bytes | None, url: str, now: datetime, *, flatten: bool) -> dict:
    root = parse_html(text, utf8)
    if flatten:
        flatten_deep(root)
    site = site_for_url(url)
    if site is not None and site.body_script:
        inject_script_bodies(root, text, site.body_script)
    meta = read_meta(root)
    has_password = root.find(".//input[@type='password']") is not None
    strip_noise(root)
    index = PageIndex(root, text, utf8)
    token = INDEX.set(index)
    try:
        return _extract(root, meta, has_password, index, site, url, now)
    finally:
        INDEX.reset(token)


def _extract(
    root: HtmlElement,
    meta: PageMeta,
    has_password: bool,
    index: PageIndex,
    site: Site | None,
    url: str,
    now: datetime,
) -> dict:
    names = _site_names(site, meta, url)
    family = detect(index, site.family if site else None)
    if site and site.selectors:
        family = family.with_overrides(site.selectors)
    layers = (family, GENERIC) if family is not GENERIC else (GENERIC,)

    def sel(field: str) -> tuple[str, ...]:
        # a selector both layers name (".sapo", ".breadcrumb a") is tried once: same answer twice
        return tuple(dict.fromkeys(css for layer in layers for css in getattr(layer, field)))

    regions = Regions()
    title, title_el = fields.find_title(root, family.title, meta.titles, names, regions)
    if not title:
        raise NotAnArticle(_why_not(root, meta, has_password, "no title found"))
    regions.protect(title_el)
    found = bodymod.locate(root, family, regions)
    if found.element is not None:
        regions.protect(found.element)
    scope = bodymod.scope_of(title_el, found.element, root)
    lead = fields.find_lead(sel("lead"), title_el, found.element, scope, regions)

    if found.element is None:
        default = (
            "listing page: a list of stories, no article body"
            if found.saw_listing
            else "no article body found"
        )
        raise NotAnArticle(_why_not(root, meta, has_password, default))
    article = bodymod.assemble(found, url, title, title_el, lead, site.datelines if site else (), names)
    if not article.ok:
        raise NotAnArticle(_why_not(root, meta, has_password, article.reason))
    if found.flags and title_el is None and bodymod.is_listing(root):
        raise NotAnArticle("listing page: many headline links and no article body")
    if len(article.body) < 800:  # a short text may be a teaser before a sign-in form or a 404 notice
        reason = _why_not(root, meta, has_password, "")
        if reason.startswith(("login wall", "error page")):
            raise NotAnArticle(reason)

    text_start = article.first_el if article.first_el is not None else found.element
    stamps = _visible_dates(root, family, title_el, text_start, found.element, regions, now)
    date_authors = stamps.authors
    when = dates.merge(
        dates.from_metadata(meta.published, now),
        dates.from_metadata(meta.modified, now),
        stamps.stamps,
    )
    authors = _authors(root, family, scope, regions, names, date_authors, article.byline_names, meta)
    path = taxonomy.breadcrumb(root, sel("breadcrumb"), meta.breadcrumb, meta.section, title, regions, names)
    canonical = _canonical(meta, url)
    site_domain = site.domain if site else site_of(url)
    key_url = canonical if url_article_id(canonical) or not url_article_id(url) else url
    images = [{"url": p.url, "caption": p.caption} for p in article.pictures]
    if not images and meta.image:  # no picture in the text: the page's share image, unless junk
        cover = image_url_of(meta.image, url)
        images = [{"url": cover, "caption": None}] if cover else []
    flags = [*when.flags, *found.flags, *article.flags]
    return {
        "id": article_key(site_domain, key_url),
        "url": url,
        "canonical_url": canonical,
        "site": site_domain,
        "source_name": site.source_name if site else (meta.site_name or site_of(url)),
        "province": site.province if site else None,
        "title": title,
        "lead": article.lead,
        "dateline": article.dateline,
        "body": article.body,
        "authors": authors,
        "source_attribution": article.source,
        "published_at": when.published_at,
        "updated_at": when.updated_at,
        "date_raw": when.date_raw,
        "category": path[-1] if path else None,
        "categories": path,
        "tags": taxonomy.tags(
            root,
            family.tags if family is not GENERIC else (),
            GENERIC.tags,
            scope,
            title_el,
            found.element,
            regions,
            meta.tags,
            meta.keywords,
        ),
        "images": images,
        "language": "vi",
        "word_count": word_count(article.body, body_clean=True),
        "content_hash": content_hash(title, article.body, body_clean=True),
        "crawled_at": now.astimezone(UTC).isoformat(),
        "flags": flags,
    }


def _aware(fetched_at: datetime | None) -> datetime:
    if fetched_at is None:
        return datetime.now(UTC)
    return fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)


def _site_names(site: Site | None, meta: PageMeta, url: str) -> tuple[str, ...]:
    host = site_of(url)
    stem = host.split(".")[0]
    return tuple(n for n in (site.source_name if site else None, meta.site_name, host, stem) if n)


class _Visible:
    def __init__(self, stamps: list[dates.Stamp], authors: list[str]) -> None:
        self.stamps = stamps
        self.authors = authors


def _visible_dates(
    root: HtmlElement,
    family: Family,
    title_el: HtmlElement | None,
    text_start: HtmlElement | None,
    body_el: HtmlElement | None,
    regions: Regions,
    now: datetime,
) -> _Visible:
    """Dates the page shows: every family date element, plus labelled ones from the header search
    (a "Cập nhật" line next to the family's date); the header search alone when the family has none."""
    authors: list[str] = []
    stamps: list[dates.Stamp] = []
    seen: set[HtmlElement] = set()
    for css in family.date:
        for el in select(root, css):
            if el in seen or regions.in_related(el):
                continue
            seen.add(el)
            if family.split_date_line is not None:
                line = text_of(el)
                byline, date_text = family.split_date_line(line)
                if byline and people.parse_byline(byline)[0]:
                    authors.append(byline)
                else:  # "Cập nhật lúc 20:47, ...": a label, not a byline
                    date_text = line
                st = dates.stamp(date_text, "visible", now)
                stamps.extend([st] if st is not None else [])
            else:
                stamps.extend(dates.visible_from([el], now))
    has_update = any(s.role == DateRole.UPDATED for s in stamps)
    if stamps and (has_update or not _UPDATE_HINT.search(INDEX.get().raw)):
        return _Visible(stamps, authors)  # no "Cập nhật" line elsewhere to pair with the family's date
    found = dates.search_header(title_el, text_start, body_el, regions, now)
    if not stamps:
        return _Visible(found, authors)
    values = {s.value for s in stamps}
    stamps.extend(s for s in found if s.role is not None and s.value not in values)
    return _Visible(stamps, authors)


def _authors(
    root: HtmlElement,
    family: Family,
    scope: HtmlElement,
    regions: Regions,
    names: tuple[str, ...],
    date_authors: list[str],
    byline: list[str],
    meta: PageMeta,
) -> list[str]:
    def from_selectors(node: HtmlElement, selectors: tuple[str, ...]) -> list[str]:
        for css in selectors:
            els = [e for e in select(node, css) if not regions.in_related(e)]
            texts = [t for t in map(text_of, els) if 0 < len(t) <= 120]
            got = people.clean_author_values(texts, site_names=names)
            if got:
                return got
        return []

    sources = (
        lambda: from_selectors(root, family.author),
        lambda: people.clean_author_values(date_authors, site_names=names),
        lambda: byline,
        lambda: from_selectors(scope, GENERIC.author),
        lambda: people.clean_author_values(meta.ld_authors, site_names=names),
        lambda: people.clean_author_values(meta.meta_authors, site_names=names),
    )
    for source in sources:
        found = source()
        if found:
            return found
    return []


def _canonical(meta: PageMeta, url: str) -> str:
    host = site_of(url)
    for cand in (meta.canonical, meta.og_url):
        if not cand:
            continue
        try:
            absolute = absolute_url(cand, url)
        except ValueError:
            continue
        if not parses(absolute):
            continue
        other = site_of(absolute)
        if absolute.startswith(("http://", "https://")) and (
            under_domain(other, host) or under_domain(host, other)
        ):
            return normalize_url(absolute)
    return normalize_url(url)


def _why_not(root: HtmlElement, meta: PageMeta, has_password: bool, default: str) -> str:
    page_title = clean_text(" ".join(meta.titles[-1:]))
    if has_password or bodymod.login_wall(root):
        return "login wall: the article text is behind a sign-in form"
    if bodymod.error_page(page_title, root):
        return f"error page: {page_title[:80]!r}"
    if bodymod.is_listing(root):
        return "listing page: many headline links and no article body"
    return default
