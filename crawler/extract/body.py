"""Where the body is, and the body text with lead, dateline, byline and source separated out.

``locate`` tries the family's body selectors, then common body containers, then the scored
finder (``scoring``), passing over candidates that are lists of stories (``listing``).
``assemble`` walks the chosen element and applies the Vietnamese rules (the closing lines are
read by ``closing``): a
first paragraph "(CTO) - ..." is the lead (baocantho has no sapo element), closing lines such as
"DUY NGUYỄN", "Tin, ảnh: P.Y" or "Theo TTXVN" are the byline/source and leave the body, and a
photo story whose only text is captions keeps them as its body. A closing photo credit ("Ảnh:
Minh Hà") and a tag line ("Từ khóa: a, b") leave the body too but name no author; a credits
block names the writer before whoever designed or filmed the page; a date line at the top of the
text box gives the names it opens with ("Lan Anh • 06/12/2026 08:30").

A flat layout sets the headline, the date line, the text and then other stories' cards in one
container, which as a whole looks like a listing: the text at the headline is then read up to
the first card (``locate_brief``), when a date line heads it or the page is marked as the story
its URL names; a section's heading over its list has no text before its first card.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from crawler.extract import people, refusal
from crawler.extract import thresholds as th
from crawler.extract.closing import byline_after, take_byline
from crawler.extract.content import Para, Picture, walk_body
from crawler.extract.dom import (
    HtmlElement,
    ancestors,
    class_id,
    is_inside,
    text_content,
    text_upto,
)
from crawler.extract.families import Family
from crawler.extract.fields import split_dateline
from crawler.extract.listing import STORY_HEADLINE_WORDS, cards_start, looks_like_listing
from crawler.extract.record import FieldSource
from crawler.extract.regions import Regions
from crawler.extract.scoring import find_body, known_body
from crawler.extract.selectors import select
from crawler.textnorm import fold
from crawler.urls import url_article_id


@dataclass(slots=True)
class Found:
    element: HtmlElement | None
    drop: tuple[str, ...] = ()
    flags: list[str] = field(default_factory=list)
    saw_listing: bool = False  # a candidate body was rejected because it is a list of stories
    origin: FieldSource | None = None  # the selector or rule that found the element
    stop: HtmlElement | None = None  # the first card of other stories after the text (a flat layout)


@dataclass(slots=True)
class Assembled:
    ok: bool
    reason: str = ""
    lead: str | None = None
    dateline: str | None = None
    body: str = ""
    pictures: list[Picture] = field(default_factory=list)
    byline_names: list[str] = field(default_factory=list)
    source: str | None = None
    flags: list[str] = field(default_factory=list)
    first_el: HtmlElement | None = None  # where the body text starts (dates are never read after it)


_DATE_LINE = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")


def locate(root: HtmlElement, family: Family, regions: Regions, title: HtmlElement | None = None) -> Found:
    """The article text's element: the family's body selectors, then the common body containers,
    then the scored text block (or the brief at ``title``, the headline, when a short text
    elsewhere outscores it). A candidate that reads as a list of stories is passed over, and
    ``saw_listing`` says so."""
    saw_listing = False
    for css in family.body:
        for el in select(root, css):
            if len(text_content(el).strip()) < th.MIN_CANDIDATE_TEXT or regions.in_related(el):
                continue
            if looks_like_listing(el):
                saw_listing = True
                continue
            return Found(el, family.drop, origin=FieldSource("selector", css))
    for finder, rule in ((known_body, "common body container"), (find_body, "scored text block")):
        el = finder(root, regions)
        if el is None or (finder is find_body and refusal.is_imprint(text_content(el))):
            continue  # a footer of unknown class outscoring a one-paragraph brief: the brief is at the title
        if looks_like_listing(el):
            saw_listing = True
            continue
        if finder is find_body and title is not None:
            brief = _brief_beside(el, regions, title)
            if brief is not None:
                return brief
        return Found(el, (), ["generic_fallback"], origin=FieldSource("generic", rule))
    return Found(None, saw_listing=saw_listing)


def _brief_beside(el: HtmlElement, regions: Regions, title: HtmlElement) -> Found | None:
    """The brief at the headline, when the scored block is a short text elsewhere (a featured
    story's teaser in a box of unknown class outscores a one-paragraph brief by its commas): a
    block at the title, apart from ``el`` and with at least as much text, is the article."""
    if is_inside(title, el):
        return None
    size = len(text_content(el).strip())
    if size >= th.SHORT_BODY:
        return None
    brief = locate_brief(title, regions)
    found = brief.element
    if found is None or brief.stop is not None or is_inside(el, found) or is_inside(found, el):
        return None
    return brief if len(text_content(found).strip()) >= size else None


def locate_brief(title: HtmlElement, regions: Regions) -> Found:
    """A short text at the headline, for a page whose body no finder took: the best scored block
    of the title's article box (up to three levels above it) that follows the title or holds it
    (the text walk then starts after the title), scored against the lower ``MIN_BRIEF_SCORE``. A
    brief of two paragraphs in a layout we do not know is an article, not a page without a body."""
    box = title
    for _ in range(3):
        parent = box.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        box = parent
        el = find_body(box, regions, min_score=th.MIN_BRIEF_SCORE, whole=False)
        if el is None or el is title or not (is_inside(title, el) or _after(el, title)):
            continue
        if looks_like_listing(el):
            # a flat layout: the headline, the text and then other stories' cards in one container
            container = el if is_inside(title, el) else box
            stop = cards_start(container, title)
            if stop is None:
                return Found(None, saw_listing=True)
            rule = "text at the title, before the cards of other stories"
            return Found(container, (), ["generic_fallback"], origin=FieldSource("generic", rule), stop=stop)
        return Found(el, (), ["generic_fallback"], origin=FieldSource("generic", "short text at the title"))
    return Found(None)


def _after(el: HtmlElement, title: HtmlElement) -> bool:
    """Whether ``el`` comes after ``title`` in document order (a following sibling of the title
    or of one of its ancestors, or inside one)."""
    node: HtmlElement | None = title
    while node is not None and node.tag not in ("body", "html"):
        for sibling in node.itersiblings():
            if sibling is el or is_inside(el, sibling):
                return True
        node = node.getparent()
    return False


def scope_of(title: HtmlElement | None, body: HtmlElement | None, root: HtmlElement) -> HtmlElement:
    """The smallest element holding both title and body (the article), else a sensible default."""
    if title is not None and body is not None:
        chain = {id(a) for a in ancestors(title)} | {id(title)}
        for node in [body, *ancestors(body)]:
            if id(node) in chain:
                return node
    anchor = body if body is not None else title
    if anchor is not None and anchor.getparent() is not None:
        return anchor.getparent()
    found = root.find("body")
    return found if found is not None else root


def _same(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 3 and (len(b) <= 40 or a[:20].casefold() != b[:20].casefold()):
        return False  # cheap rejection: most paragraphs are nothing like the title or lead
    fa, fb = a.casefold().strip(" .…"), b.casefold().strip(" .…")
    return fa == fb or (len(fb) > 40 and (fa.startswith(fb) or fb.startswith(fa)))


def assemble(
    found: Found,
    url: str,
    title: str,
    title_el: HtmlElement | None,
    lead: str | None,
    datelines: tuple[str, ...],
    site_names: tuple[str, ...],
    *,
    marked: bool = False,
) -> Assembled:
    """The text of the body element with its lead, dateline, byline and source taken out.

    A text shorter than ``MIN_BODY`` needs two real paragraphs, unless the page is ``marked`` as
    the article its URL names (a publication date in its metadata, or a headline that is the
    URL's slug): then one paragraph of at least ``MIN_BRIEF`` characters with a real sentence in it
    (not a "removed" or "go home" notice) is a one-paragraph brief, as provincial papers publish
    every day."""
    if found.stop is not None and not marked and refusal.section_address(url):
        # text cut before a list of stories, at an address that names no story: a section's intro
        return Assembled(False, "listing page: a heading and an introduction before a list of stories")
    content = walk_body(found.element, url, found.drop, title_el, found.stop)
    paras = [p for p in content.paras if not _same(p.text, title)]
    head_names: list[str] = []  # a byline that such a date line opens with ("Lan Anh • 06/12/2026")
    head_dated = content.date_first
    while paras and len(paras[0].text) <= 80 and _DATE_LINE.search(paras[0].text):
        line = paras.pop(0).text  # a date line of the header, inside a container that also holds the header
        head_dated = True
        head_names = head_names or people.date_line_names(line, site_names=site_names)[0]
    dateline = None
    opened: Para | None = None  # a first paragraph read as the lead for its dateline ("(CTO) - ...")
    if lead:
        dateline, lead = split_dateline(lead, datelines, places=True)
        paras = [
            p for i, p in enumerate(paras) if i > 2 or not (_same(p.text, lead) or _dl_same(p.text, lead))
        ]
    elif paras:
        dl, rest = split_dateline(paras[0].text, datelines)
        if dl and len(rest) >= 20:
            dateline, lead = dl, rest
            opened = replace(paras.pop(0), text=rest)
        elif paras[0].bold and 60 <= len(paras[0].text) <= 800 and len(paras) > 2:
            dateline, lead = split_dateline(paras.pop(0).text, datelines, places=True)
    _drop_self_promotion(paras, found.element, site_names)
    names, source = take_byline(paras, site_names)
    flags: list[str] = []
    texts = [p.text for p in paras]
    if sum(map(len, texts)) < th.MIN_BODY and content.caption_texts:
        captions = list(dict.fromkeys(content.caption_texts))
        size = sum(map(len, texts))
        # a photo story's text is its captions; a brief of a paragraph under its photo is no photo story
        if size + sum(map(len, captions)) >= th.MIN_BODY and (
            sum(map(len, captions)) >= size or not _text_suffices(texts, marked)
        ):
            texts, flags = texts + captions, ["photo_story"]
    if not names:
        names = byline_after(found.element, site_names) or head_names
    body = "\n\n".join(t for t in texts if t)  # paragraphs and captions are clean_text'ed already
    real = [t for t in texts if len(t) >= th.MIN_REAL_PARAGRAPH]
    # a date line heads a story's text; under a section's or a topic's name (a few words) it is no mark
    head_marked = (
        found.stop is not None
        and len(title.split()) >= STORY_HEADLINE_WORDS
        and (head_dated or _date_beside(title_el))
    )
    if found.stop is not None and not head_marked and not _cut_text_marked(real, marked, title, url):
        return Assembled(False, "listing page: a heading and a text before a list of stories, and no date")
    # a date line heading the text marks a brief too, at an address that names a story (a section's
    # list shows a date over each teaser)
    dated = marked or (head_dated and len(real) == 1 and not refusal.section_address(url))
    short = _too_short(body, real, dated)
    if not short and len(body) < th.SHORT_BODY and _links_elsewhere(title_el, url):
        # the heading links to another story: a home page's top story and its teaser, not this page
        return Assembled(False, "listing page: the headline found links to another story")
    if short and opened is not None:
        # the paragraph read as the lead for its dateline is most of a brief: it stays in the text
        paras.insert(0, opened)
        texts = [opened.text, *texts]
        lead, body = None, "\n\n".join(t for t in texts if t)
        real = [t for t in texts if len(t) >= th.MIN_REAL_PARAGRAPH]
        short = _too_short(body, real, dated)
    if not short and len(body) < th.SHORT_BODY and _links_elsewhere(title_el, url):
        # the heading links to another story: a home page's top story and its teaser, not this page
        return Assembled(False, "listing page: the headline found links to another story")
    if short:
        return Assembled(False, f"no article body (only {len(body)} characters of text)")
    first_el = next((p.el for p in paras if p.el is not None), None)
    return Assembled(True, "", lead or None, dateline, body, content.pictures, names, source, flags, first_el)


_BOX_CLASS = re.compile(r"box|note|promo|banner|quang-?cao")


def _drop_self_promotion(paras: list[Para], body: HtmlElement, site_names: tuple[str, ...]) -> None:
    """Remove a closing box in which the paper advertises itself ("Tri Thức - Znews giới thiệu
    độc giả Tủ sách ..."): the last paragraphs, inside one styled box of the text, that name the
    paper. A box that does not name the paper (a fact box, a note) stays."""
    if len(paras) < 3:
        return
    last = paras[-1].el
    box = _closing_box(last, body) if last is not None else None
    if box is None:
        return
    inside = [p for p in paras if p.el is not None and (p.el is box or is_inside(p.el, box))]
    if len(inside) >= len(paras) - 1:
        return  # the box is most of the text: not a box at its end
    names = [fold(n).replace(" ", "") for n in site_names if n and len(n) >= 4]
    text = fold(" ".join(p.text for p in inside)).replace(" ", "")
    if any(n in text for n in names):
        del paras[len(paras) - len(inside) :]


def _closing_box(el: HtmlElement, body: HtmlElement) -> HtmlElement | None:
    node = el
    while node is not None and node is not body:
        if _BOX_CLASS.search(class_id(node)):
            return node
        node = node.getparent()
    return None


def _links_elsewhere(title: HtmlElement | None, url: str) -> bool:
    """Whether the headline is a link to a story other than the page (a card's headline)."""
    if title is None:
        return False
    link = title.find(".//a[@href]")
    if link is None:
        link = next((a for a in title.iterancestors("a") if a.get("href")), None)
    if link is None:
        return False
    target = url_article_id(link.get("href") or "")
    return target is not None and target != url_article_id(url)


def _date_beside(title: HtmlElement | None) -> bool:
    """A date line beside the headline: one of the two boxes before or after it, or before or
    after the box that holds only the headline (a date bar above it, a meta row under it)."""
    node = title
    for _ in range(2):
        if node is None:
            return False
        for siblings in (node.itersiblings(), node.itersiblings(preceding=True)):
            seen = 0
            for sibling in siblings:
                if not isinstance(sibling.tag, str):
                    continue
                seen += 1
                line = text_upto(sibling, 80)
                if line and _DATE_LINE.search(line):
                    return True
                if seen >= 2:
                    break
        parent = node.getparent()
        if parent is None or len(text_content(parent).strip()) > len(text_content(node).strip()) + 2:
            return False  # the headline's box holds more than the headline: no wrapper to look past
        node = parent
    return False


def _too_short(body: str, real: list[str], dated: bool) -> bool:
    """Too little text for an article: under ``MIN_BRIEF``, or under ``MIN_BODY`` without two real
    paragraphs unless it is a one-paragraph brief of a marked page."""
    return len(body) < th.MIN_BRIEF or (len(real) < 2 and len(body) < th.MIN_BODY and not _brief(real, dated))


def _text_suffices(texts: list[str], marked: bool) -> bool:
    """Whether the paragraphs alone make an article (the test ``assemble`` ends with)."""
    size = sum(map(len, texts)) + 2 * max(0, len(texts) - 1)
    real = [t for t in texts if len(t) >= th.MIN_REAL_PARAGRAPH]
    return size >= th.MIN_BRIEF and (len(real) >= 2 or size >= th.MIN_BODY or _brief(real, marked))


def _cut_text_marked(real: list[str], marked: bool, title: str, url: str) -> bool:
    """Whether a text cut before a list of stories, with no date line at its head, is the story
    the page is: a section's heading over its featured story, or a topic page's heading over its
    introduction, stand there just as well. The page must be marked as the article its URL names,
    and a text of one paragraph by more than its slug (a topic is named by its slug too)."""
    if not marked:
        return False
    return len(real) >= 2 or not refusal.names_the_article(title, url)


def _brief(real: list[str], marked: bool) -> bool:
    """A one-paragraph brief: asked only of a short text, since reading its sentences (folding
    each and matching the notice words) was 40% of ``assemble`` when done for every page."""
    return marked and bool(real) and refusal.reads_as_news(real)


def _dl_same(paragraph: str, lead: str) -> bool:
    """The lead repeated in the text with its dateline ("ĐÀ LẠT - " + the sapo)."""
    return _same(split_dateline(paragraph, places=True)[1], lead)
