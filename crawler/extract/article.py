"""``extract``/``extract_article``: (html, url) -> item, pure functions (no Scrapy, no network).

Order of evidence per field: structured metadata -> CMS-family (and site-registry) selectors ->
generic fallbacks, merged field by field (see ``dates``, ``fields``, ``people``). The page is
parsed once; every step reads the same tree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime

from crawler.extract import body as bodymod
from crawler.extract import dates, fields, people, refusal, taxonomy, walls
from crawler.extract import thresholds as th
from crawler.extract.dom import HtmlElement, lines_of, text_of
from crawler.extract.errors import NotAnArticle
from crawler.extract.families import BY_NAME, GENERIC, resolve
from crawler.extract.images import image_url_of
from crawler.extract.meta import PageMeta, read_meta
from crawler.extract.parse import PageText, flatten_deep, read_page, strip_noise
from crawler.extract.record import Extraction, FieldSource
from crawler.extract.regions import Regions
from crawler.extract.scriptbody import inject_script_bodies
from crawler.extract.selectors import INDEX, PageIndex, select
from crawler.extract.shown import Shown, shown_dates
from crawler.sites import Site, site_for_url
from crawler.textnorm import clean_text, content_hash, word_count
from crawler.timeparse import format_iso
from crawler.urls import (
    absolute_url,
    article_key,
    normalize_url,
    parses,
    site_of,
    under_domain,
    url_article_id,
)


def extract(html: str | bytes, url: str, *, fetched_at: datetime | None = None) -> Extraction:
    """The item of a page with the record of how it was decided (``record.Extraction``); a page
    that is not an article gives a record with the refusal's code and reason instead of an item.
    Never raises ``NotAnArticle``."""
    record = Extraction(url)
    try:
        record.item = _extract_item(html, url, fetched_at, record)
    except NotAnArticle as exc:
        record.item, record.refusal, record.reason = None, exc.code, str(exc)
    return record


def extract_article(html: str | bytes, url: str, *, fetched_at: datetime | None = None) -> dict:
    """The article item of a page (all schema fields but ``revision``/``near_duplicate_of``).

    Raises ``NotAnArticle`` (a ``ValueError``) with a one-line reason and its ``code`` for
    listings, error pages, login walls, empty pages, images/PDFs/other binary payloads, and pages
    without a title or an article body. ``extract`` returns the same with the record of why.
    """
    return _extract_item(html, url, fetched_at, Extraction(url))


def _extract_item(html: str | bytes, url: str, fetched_at: datetime | None, record: Extraction) -> dict:
    if not url or not url.startswith(("http://", "https://")) or not parses(url):
        raise NotAnArticle(f"not an http(s) URL: {url[:200]!r}", "not_http")
    now = _aware(fetched_at)
    root, page = read_page(html)
    try:
        return _from_tree(root, page, url, now, record)
    except RecursionError:  # nested too deep for the tree walks: parse again, flattened
        try:
            record.sources.clear()
            root = read_page(html)[0]
            flatten_deep(root)
            return _from_tree(root, page, url, now, record)
        except RecursionError:
            raise NotAnArticle("page nested too deeply to read", "too_deep") from None


def _from_tree(root: HtmlElement, page: PageText, url: str, now: datetime, record: Extraction) -> dict:
    site = site_for_url(url)
    if site is not None and site.body_script:
        inject_script_bodies(root, page.text, site.body_script)
    meta = read_meta(root)
    strip_noise(root)
    index = PageIndex(root, page)
    token = INDEX.set(index)
    try:
        return _Page(root, meta, index, site, url, now, record).item()
    finally:
        INDEX.reset(token)


class _Page:
    """One page being read: the parsed tree, its metadata, the resolved family and the record."""

    def __init__(
        self,
        root: HtmlElement,
        meta: PageMeta,
        index: PageIndex,
        site: Site | None,
        url: str,
        now: datetime,
        record: Extraction,
    ) -> None:
        self.root, self.meta, self.site = root, meta, site
        self.url, self.now, self.record = url, now, record
        resolution = resolve(index, site)
        self.family = resolution.family
        record.family, record.family_by = resolution.name, resolution.by
        self.base = BY_NAME.get(resolution.name, GENERIC)  # the family without registry overrides
        self.names = _site_names(site, meta, url)
        self.regions = Regions()
        self.byline_source: str | None = None  # an agency named in a byline element
        self.meta_pub: dates.Stamp | None = None  # the publication date of the metadata

    def sel(self, field: str) -> tuple[str, ...]:
        """The family's selectors for a field, then generic ones; a selector both layers name
        (".sapo", ".breadcrumb a") is tried once: same answer twice."""
        layers = (self.family, GENERIC) if self.family is not GENERIC else (GENERIC,)
        return tuple(dict.fromkeys(css for layer in layers for css in getattr(layer, field)))

    def origin(self, field: str, found: FieldSource | None) -> FieldSource | None:
        """A "selector" origin named by whose selector it is: the registry's, the family's, or
        the generic layer's."""
        if found is None or found.source != "selector":
            return found
        css = found.element
        if self.site is not None and css in tuple(self.site.selectors.get(field, ())):
            return FieldSource("site", css)
        if self.base is not GENERIC and css in getattr(self.base, field):
            return FieldSource(f"family:{self.base.name}", css)
        return FieldSource("generic", css)

    def note(self, field: str, value: object, found: FieldSource | None) -> None:
        if found is not None and value not in (None, "", [], ()):
            self.record.sources[field] = found

    def refuse(self, code: str, reason: str) -> NotAnArticle:
        return NotAnArticle(reason, code)

    def item(self) -> dict:
        root, meta, family, regions = self.root, self.meta, self.family, self.regions
        names, url = self.names, self.url
        title, title_el, title_from = fields.find_title(root, family.title, meta.titles, names, regions)
        if not title:
            raise self._no_article("no_title", "no title found", title="")
        self.note("title", title, self.origin("title", title_from))
        regions.protect(title_el)
        found = bodymod.locate(root, family, regions, title_el)
        if found.element is None and not found.saw_listing and title_el is not None:
            # the text may sit in a main column named like a sidebar ("col-left"), the headline
            # outside it: a second look that lifts column names, for this page only; what it
            # finds on a page that shows an error notice is the sidebar's teaser, not a text
            second = bodymod.locate(root, family, regions.columns_only(), title_el)
            if second.saw_listing if second.element is None else not self._shows_error(title):
                found = second
        if found.element is None and title_el is not None:
            brief = bodymod.locate_brief(title_el, regions)
            if brief.element is not None or not found.saw_listing:
                found = brief
        if found.element is None:
            if found.saw_listing:
                raise self._no_article("listing", "listing page: a list of stories, no article body", title)
            raise self._no_article("no_body", "no article body found", title)
        regions.protect(found.element)
        scope = bodymod.scope_of(title_el, found.element, root)
        lead, lead_from = fields.find_lead(self.sel("lead"), title_el, found.element, scope, regions)
        # The marks of the article the URL names: a publication date in the metadata, or a headline
        # that is the URL's slug (the same marks that keep a short page from being an error page).
        self.meta_pub = dates.from_metadata(self.meta.published, self.now)
        marked = self.meta_pub is not None or refusal.names_the_article(title, url)
        datelines = self.site.datelines if self.site else ()
        article = bodymod.assemble(found, url, title, title_el, lead, datelines, names, marked=marked)
        if not article.ok and lead and lead_from is not None and lead_from.source == "generic":
            # a brief's first paragraph, guessed to be its sapo, is its text: read it as such
            lead, lead_from = None, None
            article = bodymod.assemble(found, url, title, title_el, lead, datelines, names, marked=marked)
        if not article.ok:
            raise self._no_article("short_body", article.reason, title, found.element)
        if found.flags and title_el is None and refusal.is_listing_page(root):
            # a notice found as the text of a page full of links is still the error it reports
            raise self._no_article("listing", "listing page: many headline links and no article body", title)
        if (
            found.flags
            and refusal.section_address(url)
            and refusal.story_links(found.element, url) >= th.SECTION_STORY_LINKS
        ):
            # a section's cards without headings or dates, taken by the generic finder for a text:
            # at an address that names no story, links to stories inside the "text" are its list
            raise self._no_article("listing", "listing page: a section's links to stories", title)
        self.note("body", article.body, self.origin("body", found.origin))
        if article.lead:
            from_lead = bool(lead) and article.lead in (lead or "")  # the lead found, less its dateline
            lead_src = lead_from if from_lead else FieldSource("generic", "first paragraph")
            self.note("lead", article.lead, self.origin("lead", lead_src))
        self.note("dateline", article.dateline, FieldSource("generic", "start of the lead"))
        self.note("source_attribution", article.source, FieldSource("generic", "closing credit line"))
        if article.source is None:
            article.source = self._credit_line()
        return self._fields(title, title_el, found, scope, article)

    def _credit_line(self) -> str | None:
        """The agency or paper a story was taken from, when a credit element outside the text
        names it ("Theo Sầm Hoa (Vietnamnet/Reuters)", a bare "Nhịp sống thị trường")."""
        for css in self.sel("source"):
            for el in select(self.root, css):
                if self.regions.in_related(el):
                    continue
                line = next(iter(lines_of(el)), "")
                if not 2 <= len(line) <= 120:
                    continue
                names, source = people.parse_byline(line, site_names=self.names)
                if source is None and not names and len(line) <= 60 and not line[:1].isdigit():
                    source = line.removeprefix("Theo ").removeprefix("Nguồn: ").strip()
                if source:
                    self.note(
                        "source_attribution", source, self.origin("source", FieldSource("selector", css))
                    )
                    return source
        return None

    def _metadata_credit(self) -> str | None:
        """The agency an author value of the metadata credits ("Theo Sầm Hoa (Vietnamnet/Reuters)",
        "Thanh Hà (TTXVN)"), when nothing on the page does; the paper's own name is no credit."""
        for values, origin in (
            (self.meta.meta_authors, FieldSource("meta", "author")),
            (self.meta.ld_authors, FieldSource("jsonld", "author")),
        ):
            for value in values:
                if not _CREDIT_HINT.search(value):
                    continue  # no "Theo", "Nguồn", brackets or slash: a name alone, no agency to find
                source = people.parse_byline(value, site_names=self.names)[1]
                if source:
                    self.note("source_attribution", source, origin)
                    return source
        return None

    def _fields(
        self,
        title: str,
        title_el: HtmlElement | None,
        found: bodymod.Found,
        scope: HtmlElement,
        article: bodymod.Assembled,
    ) -> dict:
        root, meta, family, regions = self.root, self.meta, self.family, self.regions
        names, url, now = self.names, self.url, self.now
        site = self.site
        text_start = article.first_el if article.first_el is not None else found.element
        stamps = shown_dates(
            root,
            family,
            regions,
            names,
            now,
            (title_el, text_start, found.element),
            lambda found_by: self.origin("date", found_by),
        )
        self.byline_source = stamps.source
        meta_pub = self.meta_pub
        meta_mod = dates.from_metadata(meta.modified, now)
        when = dates.merge(meta_pub, meta_mod, stamps.stamps)
        if len(article.body) < th.SHORT_BODY:  # a teaser before a sign-in form, or a 404 notice
            dated = meta_pub is not None  # a date line can be a template's clock: metadata only
            self._short_page(title, article.body, found.element, dated)
        for name, value in (("published_at", when.published_at), ("updated_at", when.updated_at)):
            self.note(name, value, self._date_origin(value, meta_pub, meta_mod, stamps))
        authors = self._authors(scope, stamps, article.byline_names)
        if article.source is None and self.byline_source:  # "Thanh Hà (TTXVN)" in a byline element
            article.source = self.byline_source
            self.note("source_attribution", article.source, self.record.sources.get("authors"))
        if article.source is None:  # last: the metadata's author value ("Theo X (Vietnamnet/Reuters)")
            article.source = self._metadata_credit()
        path, path_from = taxonomy.find_categories(
            root, self.sel("breadcrumb"), meta, url, title, title_el, regions, names, found.element
        )
        tags, tags_from = taxonomy.find_tags(
            root,
            family.tags if family is not GENERIC else (),
            GENERIC.tags,
            scope,
            title_el,
            found.element,
            regions,
            meta,
            url,
        )
        path_src = self.origin("breadcrumb", path_from)
        self.note("category", path, path_src)
        self.note("categories", path, path_src)
        self.note("tags", tags, self.origin("tags", tags_from))
        canonical = _canonical(meta, url)
        site_domain = site.domain if site else site_of(url)
        key_url = canonical if url_article_id(canonical) or not url_article_id(url) else url
        images = [{"url": p.url, "caption": p.caption} for p in article.pictures]
        if images:
            self.note("images", images, FieldSource("generic", "pictures in the body"))
        elif meta.image:  # no picture in the text: the page's share image, unless junk
            cover = image_url_of(meta.image, url)
            images = [{"url": cover, "caption": None}] if cover else []
            self.note("images", images, FieldSource("meta", "og:image"))
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
            "tags": tags,
            "images": images,
            "language": "vi",
            "word_count": word_count(article.body, body_clean=True),
            "content_hash": content_hash(title, article.body, body_clean=True),
            "crawled_at": now.astimezone(UTC).isoformat(),
            "flags": flags,
        }

    # -- refusals -------------------------------------------------------------------------------

    def _no_article(
        self, code: str, reason: str, title: str, body_el: HtmlElement | None = None
    ) -> NotAnArticle:
        """The refusal of a page with no usable article text: an error notice or a login wall
        when the page shows one (outside its header, menus and sidebars), else the specific
        reason (never a guess about the whole page: an article page always has sidebars)."""
        if self._shows_error(title):
            page_title = clean_text(" ".join(self.meta.titles[-1:]))
            return self.refuse("error_page", f"error page: {(title or page_title)[:80]!r}")
        wall = walls.login_wall_after(body_el) if body_el is not None else False
        if wall or walls.login_wall_anywhere(self.root):
            return self.refuse("login_wall", "login wall: the article text is behind a sign-in form")
        if code == "no_title" and refusal.is_listing_page(self.root):
            return self.refuse("listing", "listing page: many headline links and no title")
        if code != "listing" and refusal.is_section_page(self.root, self.url):
            return self.refuse("listing", "listing page: a section's links to stories and no article body")
        return self.refuse(code, reason)

    def _shows_error(self, title: str) -> bool:
        """Whether the page shows an error notice (outside its header, menus and sidebars)."""
        return refusal.is_error_page(
            title=title,
            page_title=clean_text(" ".join(self.meta.titles[-1:])),
            lines=refusal.notice_lines(self.root),
            url=self.url,
            dated=False,  # no article text either way: a notice on the page names the reason
        )

    def _short_page(self, title: str, body: str, body_el: HtmlElement, dated: bool) -> None:
        """A short text is an article unless a sign-in prompt closes it, it is the site's imprint
        (a footer the body finder took for text), or it is nothing but a "not found" notice on a
        page that carries none of an article's marks."""
        if walls.login_wall_after(body_el):
            raise self.refuse("login_wall", "login wall: the article text is behind a sign-in form")
        if refusal.is_imprint(body):  # a footer of unknown class read as the text of a page without one
            raise self._no_article("no_body", "no article body: the text found is the site's imprint", title)
        page_title = clean_text(" ".join(self.meta.titles[-1:]))
        if refusal.is_error_page(
            title=title, page_title=page_title, lines=body.split("\n\n"), url=self.url, dated=dated
        ):
            raise self.refuse("error_page", f"error page: {title[:80]!r}")

    # -- dates and people ---------------------------------------------------------------------

    def _date_origin(
        self, value: str | None, meta_pub: dates.Stamp | None, meta_mod: dates.Stamp | None, seen: Shown
    ) -> FieldSource | None:
        if value is None:
            return None
        for st in (meta_pub, meta_mod):
            if st is not None and format_iso(st.value) == value:
                return FieldSource("jsonld" if st.source == "json-ld" else "meta", st.source)
        return seen.origin_of(value)

    def _authors(self, scope: HtmlElement, shown: Shown, byline: list[str]) -> list[str]:
        root, family, regions, names, meta = self.root, self.family, self.regions, self.names, self.meta

        def from_selectors(node: HtmlElement, selectors: tuple[str, ...]) -> tuple[list[str], str]:
            for css in selectors:
                els = [e for e in select(node, css) if not regions.in_related(e)]
                texts = [t for t in map(text_of, els) if 0 < len(t) <= 120]
                got, source = people.read_bylines(texts, site_names=names)
                # the agency a byline element names, with or without a writer ("Theo TTXVN")
                self.byline_source = self.byline_source or source
                if got:
                    return got, css
            return [], ""

        def selectors_of(node: HtmlElement, css_list: tuple[str, ...]) -> Callable[[], tuple]:
            def run() -> tuple[list[str], FieldSource | None]:
                got, css = from_selectors(node, css_list)
                return got, self.origin("author", FieldSource("selector", css)) if got else None

            return run

        sources: tuple[Callable[[], tuple[list[str], FieldSource | None]], ...] = (
            selectors_of(root, family.author),
            lambda: (people.clean_author_values(shown.authors, site_names=names), shown.authors_from),
            lambda: (byline, FieldSource("generic", "byline line of the body")),
            selectors_of(scope, GENERIC.author),
            lambda: (
                people.clean_author_values(meta.ld_authors, site_names=names),
                FieldSource("jsonld", "author"),
            ),
            lambda: (
                people.clean_author_values(meta.meta_authors, site_names=names),
                FieldSource("meta", "author"),
            ),
        )
        for source in sources:
            found, origin = source()
            if found:
                self.note("authors", found, origin)
                return found
        return []


# What an author value that names an agency holds: "Theo ...", "Nguồn: ...", "X (TTXVN)", "X/TTXVN".
_CREDIT_HINT = re.compile(r"[(/]|^\s*(?:theo|nguồn|nguon)\b", re.I)


def _aware(fetched_at: datetime | None) -> datetime:
    if fetched_at is None:
        return datetime.now(UTC)
    return fetched_at if fetched_at.tzinfo else fetched_at.replace(tzinfo=UTC)


def _site_names(site: Site | None, meta: PageMeta, url: str) -> tuple[str, ...]:
    host = site_of(url)
    stem = host.split(".")[0]
    return tuple(n for n in (site.source_name if site else None, meta.site_name, host, stem) if n)


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
