"""The generic body finder: which element holds the article text, on a page we know nothing about.

Readability's idea, kept small and fast: one pass over the tree gives every block element its own
text (text directly inside it or inside inline children, never inside nested blocks); blocks with
a sentence's worth of text score by length and commas, and pass the score to their parent (full)
and grandparent (half). The best container wins after a link-density penalty and a penalty for
sidebars/related boxes. A container full of headline links is a listing, not an article.
"""

from __future__ import annotations

from dataclasses import dataclass

import lxml.etree

from crawler.extract import thresholds as th
from crawler.extract.dom import BLOCK_TAGS, HtmlElement, text_content
from crawler.extract.regions import Regions
from crawler.extract.selectors import select

# Widely used article-body containers (WordPress, schema.org, common VN CMS skins); validated by text.
COMMON_BODY = (
    "[itemprop=articleBody]",
    "[data-role=content]",
    "[data-slot=content]",
    "div.entry-content",
    "div.article-content",
    "div.article__content",
    "div.article-body",
    "div.article__body",
    "div.post-content",
    "div.post-body",
    "div.news-content",
    "div.content-news",
    "div.detail-content",
    "div.content-detail",
    "div.detail__content",
    "div.detail-content-body",
    "article.fck_detail",
    "div.fck_detail",
    "div.story-body",
    "div.entry",
    "article.entry",
    "div.singular-content",
    "div.content-fck",
    "div#content-detail",
    "div.the-article-body",
    "div.cms-body",
    "div.main-content-detail",
    "div.td-post-content",
    "div.news-detail-content",
)


@dataclass(slots=True)
class BlockStats:
    chars: int = 0
    commas: int = 0
    link_chars: int = 0


_TEXTS = lxml.etree.XPath(".//text()[normalize-space()]")


def _block_stats(root: HtmlElement) -> dict[HtmlElement, BlockStats]:
    """Own text of every block element: each non-blank text node (found by XPath, in C) is
    charged to its nearest block ancestor, and counted as link text under an ``<a>``."""
    holder: dict[HtmlElement, tuple[HtmlElement, bool]] = {}  # element -> (block, inside a link)
    stats: dict[HtmlElement, BlockStats] = {}
    for text in _TEXTS(root):
        el = text.getparent()
        if text.is_tail:
            el = el.getparent()
        if el is None:
            continue
        found = holder.get(el)
        if found is None:
            node, link = el, False
            while node is not None and node.tag not in BLOCK_TAGS and node is not root:
                link = link or node.tag == "a"
                node = node.getparent()
            found = (node if node is not None else root, link)
            holder[el] = found
        blk, in_link = found
        st = stats.get(blk)
        if st is None:
            st = stats[blk] = BlockStats()
        n = len(text.strip())
        st.chars += n
        st.commas += text.count(",") + text.count(".")
        if in_link:
            st.link_chars += n
    return stats


def _link_density(el: HtmlElement, link_sizes: dict[HtmlElement, int] | None = None) -> float:
    """Share of the element's text inside links. ``link_sizes`` memoises each link's text length
    across the candidates of one page: they nest, and the outer ones hold every link."""
    total = len(text_content(el).strip()) or 1
    if link_sizes is None:
        links = sum(len(text_content(a).strip()) for a in el.iter("a"))
    else:
        links = 0
        for a in el.iter("a"):
            size = link_sizes.get(a)
            if size is None:
                size = link_sizes[a] = len(text_content(a).strip())
            links += size
    return min(links / total, 1.0)


def headline_links(el: HtmlElement) -> int:
    """Links that are headlines of other stories (``h2 a``, ``h3 a``...): many means a listing."""
    return sum(1 for h in el.iter("h2", "h3", "h4", "h5") if h.find(".//a[@href]") is not None)


def find_body(
    root: HtmlElement, regions: Regions, *, min_score: float = th.MIN_BODY_SCORE, whole: bool = True
) -> HtmlElement | None:
    """The element that most likely holds the article text, or None. ``whole``: look in the
    page's ``<body>``; else in ``root`` itself (a part of the page, such as the article box)."""
    doc = root.find("body") if whole else None
    doc = doc if doc is not None else root
    stats = _block_stats(doc)
    scores: dict[HtmlElement, float] = {}
    for blk, st in stats.items():
        if st.chars < th.MIN_SCORED_BLOCK or st.link_chars > st.chars * th.MAX_BLOCK_LINK_SHARE:
            continue
        score = 1 + min(st.commas, 12) + min(st.chars / 100, 3)
        if st.chars >= th.SELF_CONTAINED_BLOCK:  # text broken only by <br>: the block is its own container
            scores[blk] = scores.get(blk, 0) + score
        node = blk.getparent()
        for share in (1.0, 0.5, 0.34):  # parent, grandparent, great-grandparent (wrapped paragraphs)
            if node is None:
                break
            scores[node] = scores.get(node, 0) + score * share
            node = node.getparent()
    best, best_score = None, 0.0
    link_sizes: dict[HtmlElement, int] = {}
    for cand, score in sorted(scores.items(), key=lambda kv: -kv[1])[:12]:
        if cand.tag in ("body", "html"):
            score *= 0.5
        if score <= best_score:
            continue  # the penalties below only lower a score: this one cannot win
        score *= 1 - _link_density(cand, link_sizes)
        if regions.in_related(cand):
            score *= 0.1
        if score > best_score:
            best, best_score = cand, score
    if best is None or best_score < min_score:
        return None
    return _whole_text(best, scores, regions)


def _whole_text(best: HtmlElement, scores: dict[HtmlElement, float], regions: Regions) -> HtmlElement:
    """The box of the whole text when the best block is one of its parts: a longform article cut
    into sibling boxes of one kind (``<div class="doan">``, a figure, ``<div class="doan">``;
    ``<section>`` after ``<section>``) scores each part alone, and the best part alone would lose
    the others, the closing one with its last sentence among them."""
    parent = best.getparent()
    if best.tag == "p" or parent is None or parent.tag in ("body", "html") or regions.in_related(parent):
        return best
    kind = (best.tag, best.get("class"))
    parts = [
        sibling
        for sibling in parent
        if sibling is not best and scores.get(sibling, 0) >= 1 and (sibling.tag, sibling.get("class")) == kind
    ]
    # a part of a text has no headline link: story cards of one kind (a section page) do
    if not parts or any(headline_links(el) for el in (best, *parts)):
        return best
    return parent


def known_body(root: HtmlElement, regions: Regions) -> HtmlElement | None:
    """A common body container that really holds text (checked, since names are reused)."""
    for css in COMMON_BODY:
        for el in select(root, css):
            text = text_content(el)
            if (
                len(text.strip()) >= th.MIN_KNOWN_BODY_TEXT
                and not regions.in_related(el)
                and _link_density(el) < th.MAX_KNOWN_BODY_LINK_SHARE
            ):
                return el
    return None
