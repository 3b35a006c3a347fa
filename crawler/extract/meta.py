"""Structured metadata of a page: JSON-LD, OpenGraph, ``article:*``, ``itemprop`` and named metas.

Read once, before the noise is stripped, into a plain ``PageMeta``. Values stay raw strings; the
decisions (which date wins, whether an author is a person) are made by the field modules.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from crawler.extract.dom import HtmlElement, text_content
from crawler.textnorm import clean_text

_ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "livebloposting",
        "liveblogposting",
        "backgroundnewsarticle",
        "report",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")

# (meta key, role) in order of trust; keys are lower-cased property/name/itemprop values.
_PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "dc.date.issued",
    "dcterms.created",
    "date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
)
_MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "lastmod",
    "dcterms.modified",
    "article.updated",
)


@dataclass(slots=True)
class PageMeta:
    titles: list[str] = field(default_factory=list)  # ld headline, og:title, twitter:title, <title>
    description: str | None = None
    site_name: str | None = None
    canonical: str | None = None
    og_url: str | None = None
    og_type: str | None = None
    image: str | None = None
    published: list[tuple[str, str]] = field(default_factory=list)  # (raw, source)
    modified: list[tuple[str, str]] = field(default_factory=list)
    ld_authors: list[str] = field(default_factory=list)  # JSON-LD Person names
    meta_authors: list[str] = field(default_factory=list)  # article:author, dable:author, author
    section: str | None = None
    # where ``section`` was read: "articleSection" (JSON-LD), "article:section" or "articleSection
    # (itemprop)" (a meta)
    section_source: str | None = None
    breadcrumb: list[str] = field(default_factory=list)  # JSON-LD BreadcrumbList names
    tags: list[str] = field(default_factory=list)  # article:tag values
    keywords: str | None = None
    is_article: bool = False  # JSON-LD article type, og:type article or article:published_time


def _load_json(text: str) -> Any:
    text = _CONTROL.sub(" ", text.strip())
    for candidate in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            return json.loads(candidate, strict=False)
        except ValueError:
            continue
    # Wrapped for old XHTML templates or commented by an SEO plugin ("//<![CDATA[ {...} //]]>",
    # "<!-- {...} -->", "/* seo */ {...}"): the object (or list) between its outer brackets.
    for opening, closing in ("{}", "[]"):
        start, end = text.find(opening), text.rfind(closing)
        if not 0 <= start < end or (start == 0 and end == len(text) - 1):
            continue
        inner = text[start : end + 1]
        for candidate in (inner, _TRAILING_COMMA.sub(r"\1", inner)):
            try:
                return json.loads(candidate, strict=False)
            except ValueError:
                continue
    return None


def _nodes(data: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object, flattening lists and ``@graph``."""
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
    return out


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("@type")
    if isinstance(t, str):
        return {t.lower()}
    if isinstance(t, list):
        return {x.lower() for x in t if isinstance(x, str)}
    return set()


def _s(value: Any) -> str:
    """A JSON-LD value as clean text (entity-decoded: some CMSs escape names twice)."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or ""
    if isinstance(value, list):
        value = value[0] if value else ""
    return clean_text(html.unescape(str(value))) if value else ""


def _people(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        if isinstance(item, dict) and "organization" in str(item.get("@type", "")).lower():
            continue
        name = _s(item)
        if name:
            names.append(name)
    return names


def _read_ld(pm: PageMeta, node: dict[str, Any]) -> None:
    types = _types(node)
    if types & _ARTICLE_TYPES:
        pm.is_article = True
        if headline := _s(node.get("headline") or node.get("name")):
            pm.titles.append(headline)
        if raw := _s(node.get("datePublished")):
            pm.published.append((raw, "json-ld"))
        if raw := _s(node.get("dateModified")):
            pm.modified.append((raw, "json-ld"))
        pm.ld_authors.extend(_people(node.get("author")))
        if not pm.section and (section := _s(node.get("articleSection"))):
            pm.section = section
            pm.section_source = "articleSection"
        if not pm.keywords and isinstance(node.get("keywords"), str | list):
            kw = node["keywords"]
            pm.keywords = ", ".join(kw) if isinstance(kw, list) else kw
    elif "breadcrumblist" in types and not pm.breadcrumb:
        elements = node.get("itemListElement") or []
        if isinstance(elements, dict):
            elements = [elements]
        # some CMSs wrap each ListItem in its own list: [[{...}], [{...}]] (dantri)
        elements = [x for e in elements for x in (e if isinstance(e, list) else [e])]
        ordered = sorted(
            (e for e in elements if isinstance(e, dict)),
            key=lambda e: int(e.get("position") or 0) if str(e.get("position") or "0").isdigit() else 0,
        )
        pm.breadcrumb = [n for n in (_s(e.get("name") or e.get("item")) for e in ordered) if n]


def read_meta(root: HtmlElement) -> PageMeta:
    """All structured metadata of the page (call before ``strip_noise``)."""
    pm = PageMeta()
    metas: dict[str, list[str]] = {}
    # One walk over the tree (in C) for the four tags read here, rather than one walk per tag.
    scripts: list[HtmlElement] = []
    links: list[HtmlElement] = []
    title_el = None
    for m in root.iter("meta", "script", "title", "link"):
        tag = m.tag
        if tag == "script":
            scripts.append(m)
            continue
        if tag == "link":
            links.append(m)
            continue
        if tag == "title":
            title_el = m if title_el is None else title_el
            continue
        key = m.get("property") or m.get("name") or m.get("itemprop")
        content = m.get("content")
        if key and content is not None and content.strip():
            metas.setdefault(key.strip().lower(), []).append(content.strip())
        elif "cms-date" in (m.get("class") or "") and content:
            metas.setdefault("datepublished", []).append(content.strip())
    for script in scripts:
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            for node in _nodes(_load_json(script.text)):
                _read_ld(pm, node)

    def first(*keys: str) -> str | None:
        for k in keys:
            if k in metas:
                return clean_text(metas[k][0], unescape=True)
        return None

    for key in ("og:title", "twitter:title"):
        if v := first(key):
            pm.titles.append(v)
    if title_el is not None and text_content(title_el).strip():
        pm.titles.append(clean_text(text_content(title_el)))
    pm.description = first("og:description", "description", "twitter:description")
    pm.site_name = first("og:site_name", "application-name", "apple-mobile-web-app-title")
    pm.og_url = first("og:url")
    pm.og_type = (first("og:type") or "").lower() or None
    pm.image = first("og:image", "twitter:image", "og:image:url")
    for key, name in (
        ("article:section", "article:section"),
        ("articlesection", "articleSection (itemprop)"),
    ):
        if not pm.section and (section := first(key)):
            pm.section, pm.section_source = section, name
    for key in _PUBLISHED_KEYS:
        pm.published.extend((v, key) for v in metas.get(key, ()))
    for key in _MODIFIED_KEYS:
        pm.modified.extend((v, key) for v in metas.get(key, ()))
    for key in ("article:author", "dable:author", "author", "dc.creator", "byl"):
        pm.meta_authors.extend(clean_text(v, unescape=True) for v in metas.get(key, ()))
    pm.tags = [clean_text(v, unescape=True) for v in metas.get("article:tag", ())]
    pm.keywords = pm.keywords or first("keywords", "news_keywords")
    for link in links:
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            pm.canonical = link.get("href").strip()
            break
    if pm.og_type == "article" or "article:published_time" in metas:
        pm.is_article = True
    return pm
