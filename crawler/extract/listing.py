"""Whether a candidate text is a list of stories, and where a flat layout's cards begin.

A body finder's candidate that is mostly headline links, story cards or date stamps is a section
or home page, not an article; but a brief carries boxes of related stories ("Tin liên quan") and
a flat layout puts the headline, the text and then other stories' cards in one container. These
are the tests ``body.locate`` and ``body.locate_brief`` ask, on suspected candidates only.
"""

from __future__ import annotations

import re

import lxml.etree

from crawler.extract import thresholds as th
from crawler.extract.dom import BLOCK_TAGS, HtmlElement, is_inside, text_content, text_upto
from crawler.extract.regions import inline_related, inline_related_heading, is_related_heading
from crawler.textnorm import clean_text
from crawler.urls import url_article_id

_SHORT_DATE = re.compile(r"^\D{0,20}\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\D{0,3}\d{1,2}:\d{2})?\D{0,8}$")


# In every text _SHORT_DATE matches. One leading digit finds the same texts as ``\d{1,2}`` (a
# second digit before it only widens a match) at half the cost of the scan over a whole body.
_DATE_PART = re.compile(r"\d[/.-]\d{1,2}[/.-]\d{2}")


def looks_like_listing(el: HtmlElement) -> bool:
    """Many headline links (a block that is nothing but a long link) or many date stamps, not
    counting a box of related stories the text carries ("Tin liên quan" with four links inside
    a brief of five paragraphs is an article): such boxes are left out, and the rest judged
    again, only when the whole looks like a listing."""
    if not _listing_shape(el, frozenset()):
        return False
    boxes = _inline_related(el)
    if not boxes:
        return True
    inside = frozenset(e for box in boxes for e in box.iter())
    outside = len(text_content(el)) - sum(len(text_content(e)) for e in boxes if e.getparent() not in inside)
    # the boxes are the whole of it (a tag page's one list, named "Tin liên quan"): a listing
    return outside < th.MIN_BODY or _listing_shape(el, inside)


_BOX_TAGS = ("div", "ul", "ol", "section", "aside", "table", "p")


def _inline_related(el: HtmlElement) -> list[HtmlElement]:
    """The related-stories boxes inside a text: a box named so, or a "Tin liên quan:" line and
    the lines of links right after it (an editor's list pasted into the text)."""
    found: dict[HtmlElement, None] = {}
    for box in el.iter(*_BOX_TAGS):
        if box is el or box in found:
            continue
        if inline_related_heading(text_upto(box, 60) or ""):  # the line is the heading alone
            found[box] = None
            for line in box.itersiblings():
                if not isinstance(line.tag, str) or not _link_line(line):
                    break
                found[line] = None
        elif inline_related(box):
            found[box] = None
    return list(found)


def _link_line(el: HtmlElement) -> bool:
    """A line (or list) that is nothing but links: its links hold most of its text."""
    text = len(text_content(el).strip())
    links = sum(len(text_content(a).strip()) for a in el.iter("a"))
    return text > 0 and links >= th.LINK_BLOCK_SHARE * text


def _listing_shape(el: HtmlElement, skip: frozenset[HtmlElement]) -> bool:
    text = text_content(el)
    size = len(text) - sum(len(text_content(e)) for e in skip if e.getparent() not in skip)  # the boxes' tops
    heads = sum(1 for h in el.iter("h2", "h3", "h4", "h5") if h not in skip and _card_heading(h, el))
    if heads >= th.LISTING_HEADLINES and size / heads < th.LISTING_CHARS_PER_HEADLINE:
        return True
    link_blocks = teased = 0
    for a in el.iter("a"):
        if a in skip:
            continue
        n = len(text_content(a).strip())
        if n < th.LINK_BLOCK_MIN_TEXT:
            continue
        blk = _block_of(a)
        if blk is not None and _link_fills(n, blk):
            link_blocks += 1
        elif blk is not None and _story_link(a) and _opens(blk, a):
            teased += 1  # a headline link with its teaser in one block ("<a>...</a><br>teaser")
    if link_blocks >= th.LISTING_LINK_BLOCKS and size / link_blocks < th.LISTING_CHARS_PER_LINK_BLOCK:
        return True
    cards = link_blocks + teased
    if teased and cards >= th.LISTING_HEADLINES and size / cards < th.LISTING_CHARS_PER_LINK_BLOCK:
        return True
    if not _DATE_PART.search(text):
        return False  # every element's text is a piece of ``text``: none can be a date stamp
    stamps = 0
    for e in el.iter():
        if (
            isinstance(e.tag, str)
            and e not in skip
            and len(e) <= 3
            and _SHORT_DATE.match((text_content(e) or "").strip()[:40])
        ):
            stamps += 1
            if stamps >= th.LISTING_DATE_STAMPS:
                return True
    return False


_CARD_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


# Text before a headline inside its card (a date stamp, a section label): more is a paragraph.
_CARD_LEAD_IN = 30


def cards_start(container: HtmlElement, title: HtmlElement) -> HtmlElement | None:
    """Where the cards of other stories begin after the title in ``container`` (a flat layout
    sets them right after the text): the first headline link (an h2-h6 holding a link, or a
    block that is nothing but one long link) or heading of a box of other stories ("Tin khác")
    of the run of cards that closes the container, widened to its card. None when text resumes
    after the last of them (links set inside a text, not a list after it) or when less than a
    brief's text stands between the title and the cards (a section's heading over its list).
    Asked only of a container that looks like a listing. A related box the text carries inside
    it ("Tin liên quan" and its links) is no start of the cards."""
    inside = frozenset(e for box in _inline_related(container) for e in box.iter())
    title_part = frozenset(title.iter())
    passed = False
    start: HtmlElement | None = None  # the first card of the current run of cards
    card: HtmlElement | None = None  # the card being read (its teaser is no text of the story)
    run = 0  # text paragraphs in a row since the last card
    allowed = 2  # paragraphs in a row after a card that say the text goes on
    for el in container.iter():
        if not isinstance(el.tag, str):
            continue
        if el in title_part:
            passed = True
            continue
        if not passed or el in inside or (card is not None and is_inside(el, card)):
            continue
        mark = _card_mark(el)
        if mark is not None:
            card = _card_root(mark, container, title)
            start = start if start is not None else card
            run = 0
            # a card's heading brings its teaser and a line more; a bare link line brings nothing
            allowed = 3 if mark.tag in _CARD_HEADINGS else 2
        elif start is not None and _text_paragraph(el):
            run += 1
            if run >= allowed:  # paragraphs in a row after the cards: the text goes on
                start = card = None
    if start is None:
        return None
    return start if _text_between(container, title, start) >= th.MIN_BRIEF else None


def _block_of(a: HtmlElement) -> HtmlElement | None:
    """The block a link stands in (its nearest block ancestor)."""
    blk = a.getparent()
    while blk is not None and blk.tag not in BLOCK_TAGS:
        blk = blk.getparent()
    return blk


def _link_fills(link_chars: int, blk: HtmlElement) -> bool:
    """Whether a link of ``link_chars`` characters is (nearly) all of its block: a block that is
    nothing but one long link, a story card's headline."""
    return link_chars >= th.LINK_BLOCK_SHARE * len(text_content(blk).strip())


def _text_paragraph(el: HtmlElement) -> bool:
    """A paragraph of text: a block with no block inside, a sentence long, with no link."""
    if el.tag not in BLOCK_TAGS or el.find(".//a") is not None:
        return False
    if any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el):
        return False
    return len(text_content(el).strip()) >= th.MIN_REAL_PARAGRAPH


def _text_between(container: HtmlElement, title: HtmlElement, start: HtmlElement) -> int:
    """Characters of text in ``container`` after the title and before ``start``."""
    size = 0
    after = False
    for event, el in lxml.etree.iterwalk(container, events=("start", "end")):
        if not after:
            if event == "end" and el is title:
                after = True
                size += len((el.tail or "").strip())
            continue
        if event == "start":
            if el is start:
                break
            if isinstance(el.tag, str):
                size += len((el.text or "").strip())
        else:
            size += len((el.tail or "").strip())
    return size


def _card_mark(el: HtmlElement) -> HtmlElement | None:
    """The element that marks a story card, if ``el`` is one: a headline link, a block that is
    nothing but one long link or that opens with a story's headline link (its teaser after it),
    or the heading of a box of other stories."""
    tag = el.tag
    if tag in _CARD_HEADINGS and _card_heading(el, el):
        return el
    if tag == "a" and el.get("href"):
        n = len(text_content(el).strip())
        if n < th.LINK_BLOCK_MIN_TEXT:
            return None
        blk = _block_of(el)
        if blk is None:
            return None
        if _link_fills(n, blk):
            return blk
        if not _story_link(el):
            return None
        if any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in el.iterdescendants()):
            return el  # a card that is one link around its picture, headline and teaser
        return blk if _opens(blk, el) else None
    if tag in BLOCK_TAGS:
        label = text_upto(el, 40)
        if label and is_related_heading(clean_text(label)):
            return el
    return None


# The page's own headline, when a date line is its only mark: a section's or a topic's name has
# fewer words ("Xã hội", "Chuyển đổi số"); a short headline four ("Tặng quà học sinh nghèo").
STORY_HEADLINE_WORDS = 4


def _opens(blk: HtmlElement, a: HtmlElement) -> bool:
    """Whether the link's text opens its block (a card's headline before its teaser; a story
    named in a sentence stands inside it)."""
    return text_content(blk).lstrip().startswith(text_content(a).strip()[:20])


def _card_heading(h: HtmlElement, top: HtmlElement) -> bool:
    """A story card's heading: it holds a link, or it is unlinked in a small box (a card, not the
    text around a subheading) whose picture or "Xem tiếp" link goes to a story."""
    if h.find(".//a[@href]") is not None:
        return True
    card = h.getparent()
    if card is None or card is top or len(text_content(card)) >= th.LISTING_CHARS_PER_HEADLINE:
        return False
    return any(url_article_id(a.get("href") or "") is not None for a in card.iter("a"))


def _story_link(a: HtmlElement) -> bool:
    """A link whose text reads as a headline and whose address is a story's (with a CMS id)."""
    href = a.get("href") or ""
    return len(text_content(a).split()) >= th.HEADLINE_WORDS and url_article_id(href) is not None


def _card_root(card: HtmlElement, container: HtmlElement, title: HtmlElement) -> HtmlElement:
    """The card's outermost box below ``container`` that holds nothing before the card but a
    stamp or a label, and never the title; with its thumbnail link when that stands just before."""
    node = card
    parent = node.getparent()
    while parent is not None and parent is not container and not is_inside(title, parent):
        if _text_before(node, parent) >= _CARD_LEAD_IN:
            break
        node, parent = parent, parent.getparent()
    prev = node.getprevious()
    if (
        prev is not None
        and isinstance(prev.tag, str)
        and not (prev.tail or "").strip()
        and not text_content(prev).strip()
        and (prev.tag == "img" or prev.find(".//img") is not None)
    ):
        return prev  # the card's picture, set before its headline
    return node


def _text_before(node: HtmlElement, parent: HtmlElement) -> int:
    """Characters of text in ``parent`` before its child ``node``."""
    size = len((parent.text or "").strip())
    for sib in parent:
        if sib is node:
            break
        if isinstance(sib.tag, str):
            size += len(text_content(sib).strip())
        size += len((sib.tail or "").strip())
    return size
