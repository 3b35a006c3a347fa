"""Where the body is, and the body text with lead, dateline, byline and source separated out.

``locate`` tries the family's body selectors, then common body containers, then the scored
finder (``scoring``). ``assemble`` walks the chosen element and applies the Vietnamese rules: a
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

import lxml.etree

from crawler.extract import people, refusal
from crawler.extract import thresholds as th
from crawler.extract.content import Para, Picture, walk_body
from crawler.extract.dom import (
    BLOCK_TAGS,
    HtmlElement,
    ancestors,
    class_id,
    is_inside,
    text_content,
    text_upto,
)
from crawler.extract.families import Family
from crawler.extract.fields import split_dateline
from crawler.extract.record import FieldSource
from crawler.extract.regions import Regions, inline_related, inline_related_heading, is_related_heading
from crawler.extract.scoring import find_body, known_body
from crawler.extract.selectors import select
from crawler.extract.taxonomy.tags import tag_line
from crawler.textnorm import clean_text, fold
from crawler.urls import url_article_id

_SOURCE_START = re.compile(r"^[\(\[]?\s*(?:theo|nguồn|nguon|source)\b", re.I)
# A series' closing note: "(Còn nữa)", "(Còn tiếp)", "(Hết)", "Kỳ sau: ...", "Bài 2: ..." (the next
# part's title, set apart in italics or on the right), and a role after the byline ("(CTV)").
_SERIES_NOTE = re.compile(
    r"^[\(\[]\s*(?:còn nữa|còn tiếp|hết|kỳ tới|kỳ sau|cộng tác viên|ctv|tổng hợp)\s*[\)\]]\.?$"
    r"|^(?:kỳ|bài) (?:sau|tới|cuối|\d{1,2})\s*:",
    re.I,
)


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
_SHORT_DATE = re.compile(r"^\D{0,20}\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\D{0,3}\d{1,2}:\d{2})?\D{0,8}$")
# In every text _SHORT_DATE matches. One leading digit finds the same texts as ``\d{1,2}`` (a
# second digit before it only widens a match) at half the cost of the scan over a whole body.
_DATE_PART = re.compile(r"\d[/.-]\d{1,2}[/.-]\d{2}")


def _looks_like_listing(el: HtmlElement) -> bool:
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
        blk = a.getparent()
        while blk is not None and blk.tag not in BLOCK_TAGS:
            blk = blk.getparent()
        if blk is not None and n >= th.LINK_BLOCK_SHARE * len(text_content(blk).strip()):
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
            if _looks_like_listing(el):
                saw_listing = True
                continue
            return Found(el, family.drop, origin=FieldSource("selector", css))
    for finder, rule in ((known_body, "common body container"), (find_body, "scored text block")):
        el = finder(root, regions)
        if el is None or (finder is find_body and refusal.is_imprint(text_content(el))):
            continue  # a footer of unknown class outscoring a one-paragraph brief: the brief is at the title
        if _looks_like_listing(el):
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
        if _looks_like_listing(el):
            # a flat layout: the headline, the text and then other stories' cards in one container
            container = el if is_inside(title, el) else box
            stop = _cards_start(container, title)
            if stop is None:
                return Found(None, saw_listing=True)
            rule = "text at the title, before the cards of other stories"
            return Found(container, (), ["generic_fallback"], origin=FieldSource("generic", rule), stop=stop)
        return Found(el, (), ["generic_fallback"], origin=FieldSource("generic", "short text at the title"))
    return Found(None)


_CARD_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
# Text before a headline inside its card (a date stamp, a section label): more is a paragraph.
_CARD_LEAD_IN = 30


def _cards_start(container: HtmlElement, title: HtmlElement) -> HtmlElement | None:
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
        blk = el.getparent()
        while blk is not None and blk.tag not in BLOCK_TAGS:
            blk = blk.getparent()
        if blk is None:
            return None
        if n >= th.LINK_BLOCK_SHARE * len(text_content(blk).strip()):
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


_HEADLINE_WORDS = 5  # a story's headline has this many words at least ("Xem thêm", "Trang 2" fewer)
# The page's own headline, when a date line is its only mark: a section's or a topic's name has
# fewer words ("Xã hội", "Chuyển đổi số"); a short headline four ("Tặng quà học sinh nghèo").
_STORY_HEADLINE_WORDS = 4


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
    return len(text_content(a).split()) >= _HEADLINE_WORDS and url_article_id(href) is not None


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


def _upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _byline_like(p: Para) -> bool:
    """Styled like a byline, or a bare line of two to four capitalised words ("Minh Thu"), of
    several such names ("Thu Trang - Minh Hà", "Lan Anh và Hoàng Nam"), or of one with where the
    writer works in brackets ("Thu Trang (Báo Tin Tức)")."""
    if p.align == "right" or p.bold or p.italic or _upper(p.text) or ":" in p.text[:30]:
        return True
    words = p.text.split()
    if len(p.text) <= 30 and 2 <= len(words) <= 4:
        return True
    if len(p.text) > 60:
        return False
    names = _NAME_SEPARATORS.split(_BRACKET_END.sub("", p.text))
    return len(names) <= 3 and all(1 <= len(n.split()) <= 4 for n in names)


_NAME_SEPARATORS = re.compile(r"\s+[-–—&]\s+|\s*[,;/]\s*|\s+và\s+")
_BRACKET_END = re.compile(r"\s*\([^()]{2,40}\)\s*$")


def take_byline(paras: list[Para], site_names: tuple[str, ...]) -> tuple[list[str], str | None]:
    """Remove closing byline/source lines from ``paras``; return (names, source)."""
    names: list[str] = []
    source = None
    byline: Para | None = None  # the closing line the names were read from
    makers: list[str] = []  # "Thiết kế: Lê Hoa": authors only where no line names a writer
    while paras and not any(c.isalpha() for c in paras[-1].text):
        paras.pop()  # share counters, stray punctuation
    for _ in range(6):
        if not paras or len(paras[-1].text) > 120:
            break
        last = paras[-1]
        found, src = people.parse_byline(last.text, site_names=site_names)
        if people.is_desk(last.text) or _series_note(last) or people.is_photo_credit(last.text):
            pass  # "Nhóm PV": a byline without a name; "(Còn nữa)": a series' note; "Ảnh: X": the photos
        elif tag_line(last.text):
            pass  # "Từ khóa: rau sạch, hợp tác xã": the tags, read by the tag finder
        elif found and not src and people.is_production_credit(last.text):
            makers = found + makers  # "Thiết kế: Lê Hoa", "Đồ họa: ...": who made the page
        elif _SOURCE_START.match(last.text) and len(last.text) <= 80 and (src or found):
            if src and found and not names:  # "Theo Minh Anh (Báo Tin Tức)": the writer, and the paper
                names = found
            source = source or src or " ".join(found)  # a closing "Theo X" credits a source
        elif found and not names and _byline_like(last):
            names, source, byline = found, source or src, last
        elif found and byline is not None and _same_style(last, byline) and not src:
            names = found + names  # a byline on two lines, set apart alike ("LÊ HOA" / "QUANG MINH")
        else:
            break
        paras.pop()
    names = names or makers
    if paras and (not names or source is None):
        names, source = _closing_credit(paras, names, source, site_names)
    if paras and len(paras) > 1 and len(paras[0].text) <= 80 and ":" in paras[0].text[:25]:
        found, src = people.parse_byline(paras[0].text, site_names=site_names)
        if found and not names and not people.is_photo_credit(paras[0].text):
            names, source = found, source or src
            paras.pop(0)
    return names, source


def _closing_credit(
    paras: list[Para], names: list[str], source: str | None, site_names: tuple[str, ...]
) -> tuple[list[str], str | None]:
    """A credit glued to the end of the last paragraph instead of on a line of its own: "...
    năm tới. (Theo TTXVN)", "... nông nghiệp. MINH KHANG", "... ổn định. Ảnh: Minh Hà". Cut
    from the text when it reads as one: a bracketed "Theo"/"Nguồn" credit, a photo credit after
    the last sentence (no author), or upper-case words there that name a person."""
    last = paras[-1]
    text = last.text
    m = _GLUED_SOURCE.search(text) if source is None else None
    if m and m.start() > 0:
        found, src = people.parse_byline(m.group().strip(" ."), site_names=site_names)
        if src or found:
            source = src or " ".join(found)
            text = text[: m.start()].rstrip()
            if m.group().endswith(".") and not text.endswith((".", "!", "?", "…")):
                text += "."  # "... nông nghiệp (Theo VOV)." ends its sentence after the credit
    head, sep, tail = text.rpartition(". ")
    tail = tail.strip()
    if sep and head and ":" in tail and people.is_photo_credit(tail):
        text = head + "."  # "... còn dài. Ảnh: Minh Hà": who took the photos, no author
    elif not names and sep and head and 2 <= len(tail) <= 40 and tail.isupper():
        found, src = people.parse_byline(tail, site_names=site_names)
        if found:
            names, source = found, source or src
            text = head + "."
    if text != last.text:
        paras[-1] = replace(last, text=text)
    return names, source


# "(Theo TTXVN)", "[Nguồn: VOV]" at the very end of a paragraph (the full stop inside or after).
_GLUED_SOURCE = re.compile(r"\s*[\(\[]\s*(?:theo|nguồn|nguon)\b[^()\[\]]{2,60}[\)\]]\s*\.?$", re.I)


def _same_style(a: Para, b: Para) -> bool:
    """Two closing lines set apart the same way (both right-aligned, both bold or both upper case),
    so the one above continues the byline below rather than ending the text."""
    styled = a.align == "right" or a.bold or _upper(a.text)
    return styled and (a.align, a.bold, _upper(a.text)) == (b.align, b.bold, _upper(b.text))


def _series_note(p: Para) -> bool:
    """A closing note of a series, not text: "(Còn nữa)" anywhere, a next part's title ("Bài 2:
    ...") only when set apart (italic, bold or aligned), since "Bài 2: ..." can open a paragraph."""
    if not _SERIES_NOTE.match(p.text):
        return False
    return p.text[0] in "([" or p.italic or p.bold or p.align is not None


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
        names = _byline_after(found.element, site_names) or head_names
    body = "\n\n".join(t for t in texts if t)  # paragraphs and captions are clean_text'ed already
    real = [t for t in texts if len(t) >= th.MIN_REAL_PARAGRAPH]
    # a date line heads a story's text; under a section's or a topic's name (a few words) it is no mark
    head_marked = (
        found.stop is not None
        and len(title.split()) >= _STORY_HEADLINE_WORDS
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


def _byline_after(body: HtmlElement, site_names: tuple[str, ...]) -> list[str]:
    """A short right-aligned/bold/author line right after the body element (nld 2012, F-CMSs)."""
    node = body
    for _ in range(2):
        node = node.getnext()
        while node is not None and not isinstance(node.tag, str):
            node = node.getnext()
        if node is None:
            return []
        text = clean_text(text_content(node))
        if not text:
            continue
        style = (node.get("style") or "").replace(" ", "").lower()
        marked = "text-align:right" in style or "bold" in style or "author" in (node.get("class") or "")
        if len(text) <= 60 and (marked or _upper(text)):
            if people.is_photo_credit(text):
                continue  # "Ảnh: Minh Hà": who took the photos, not who wrote; the writer may follow
            names, _ = people.parse_byline(text, site_names=site_names)
            return names
        return []
    return []


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
