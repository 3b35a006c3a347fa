"""Category path (breadcrumb) and tags.

Categories come from the page's breadcrumb (family selectors, then common breadcrumb markup, then
JSON-LD ``BreadcrumbList``, then ``article:section``), without "Trang chủ" and without the paper's
own name. Tags are the visible tag box first; ``article:tag`` metas next; meta keywords split at
commas only as a last resort. Every tag is its own string, without a leading "#".
"""

from __future__ import annotations

import re

from crawler.extract.dom import HtmlElement, ancestors, is_inside, text_of
from crawler.extract.regions import Regions
from crawler.extract.selectors import select
from crawler.textnorm import clean_text, fold

_HOME = frozenset(
    {
        "trang chu",
        "home",
        "trang nhat",
        "homepage",
        "trang chinh",
        "news",
        "tin tuc",
        "article",
        "bai viet",
        "tin",
    }
)
# Loose breadcrumb selectors (class contains "category"): accepted only when short and few.
_LOOSE = frozenset({"[class*=category] a", "[class*=-cate] a"})
_TAG_LABELS = frozenset({"tu khoa", "tags", "tag", "tu khoa lien quan", "chu de", "keywords"})


def _sentence_case(text: str) -> str:
    if any(c.islower() for c in text) or "." in text or len(text) <= 4:
        return text
    return text[:1] + text[1:].lower()


def breadcrumb(
    root: HtmlElement,
    selectors: tuple[str, ...],
    ld_path: list[str],
    section: str | None,
    title: str,
    regions: Regions,
    site_names: tuple[str, ...] = (),
) -> list[str]:
    path: list[str] = []
    for css in selectors:
        els = select(root, css)
        if css in _LOOSE:
            els = [el for el in els if not regions.in_related(el)]
            if len(els) > 3 or any(len(text_of(el)) > 40 for el in els):
                continue
        found = [t for t in (text_of(el) for el in els) if t]
        if 0 < len(found) <= 8:
            path = found
            break
    if not path:
        path = list(ld_path)
    out: list[str] = []
    for item in path:
        item = clean_text(item).strip(" >»/|›")
        if not item or len(item) > 60 or fold(item) in _HOME or fold(item) == fold(title):
            continue
        if fold(item).replace(" ", "") in {fold(n).replace(" ", "") for n in site_names if n}:
            continue  # the paper's own name as a crumb ("Dân trí" on dantri.com.vn)
        item = _sentence_case(item)
        if item not in out:
            out.append(item)
    if not out and section and fold(section) not in _HOME:
        out = [_sentence_case(section)]
    return out


def _clean_tag(tag: str) -> str:
    return clean_text(tag).lstrip("#").strip(" ,;")


_TAG_ITEMS = ("a", "span", "li", "strong", "b")


def _tag_items(el: HtmlElement) -> list[str]:
    """Tags of one hit: a link is one tag; a box gives its links/spans/items (leaves only)."""
    if el.tag == "a":
        return [text_of(el)]
    items = [
        x
        for x in el.iter(*_TAG_ITEMS)
        if x is not el and not any(c.tag in _TAG_ITEMS for c in x.iterdescendants())
    ]
    if items:
        return [text_of(x) for x in items]
    return re.split(r"\s*[,;]\s*", text_of(el))


def follows(el: HtmlElement, ref: HtmlElement) -> bool:
    """Whether ``el`` comes after ``ref`` in document order."""
    chain_ref = [ref, *ancestors(ref)]
    ids = {id(n): i for i, n in enumerate(chain_ref)}
    prev, node = el, el.getparent()
    if id(el) in ids:
        return False
    while node is not None and id(node) not in ids:
        prev, node = node, node.getparent()
    if node is None:
        return False
    ref_child = chain_ref[ids[id(node)] - 1] if ids[id(node)] > 0 else node
    if ref_child is node:  # el is inside ref
        return True
    return node.index(prev) > node.index(ref_child)


def tags(
    root: HtmlElement,
    family_selectors: tuple[str, ...],
    generic_selectors: tuple[str, ...],
    scope: HtmlElement,
    title: HtmlElement | None,
    body: HtmlElement | None,
    regions: Regions,
    meta_tags: list[str],
    keywords: str | None,
) -> list[str]:
    """Visible tags (family selectors, then generic boxes after the title, never inside the body
    text or a related box), else ``article:tag`` metas, else meta keywords split at commas."""
    found: list[str] = []
    passes = (
        (root, family_selectors, False),
        (scope, generic_selectors, True),
        (root, generic_selectors, True),
    )
    for node, selectors, strict in passes:
        for css in selectors:
            els = [
                el
                for el in select(node, css)
                if not (body is not None and is_inside(el, body))
                and not (
                    strict and (regions.in_related(el) or (title is not None and not follows(el, title)))
                )
            ]
            texts = [_clean_tag(t) for el in els for t in _tag_items(el)]
            texts = [t for t in texts if t and len(t) <= 80 and fold(t).strip(" :") not in _TAG_LABELS]
            if 0 < len(texts) <= 40:
                found = texts
                break
        if found:
            break
    if not found and meta_tags:
        found = meta_tags if len(meta_tags) > 1 else re.split(r"\s*[,;]\s*", meta_tags[0])
    if not found and keywords:
        found = re.split(r"\s*[,;]\s*", keywords)
    out: list[str] = []
    seen: set[str] = set()
    for t in found:
        t = _clean_tag(t)
        key = t.casefold()
        if t and key not in seen and len(t) <= 80:
            seen.add(key)
            out.append(t)
    return out
