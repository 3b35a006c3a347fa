"""The numbers extraction decides with, in one place, each with the reason it has its value.

Lengths are characters of cleaned text; Vietnamese runs ~4.5 characters a word, so 300 characters
is about 65 words: two short paragraphs of a news brief.
"""

from __future__ import annotations

from datetime import timedelta

# --- is there an article body? ---------------------------------------------------------------
# A candidate body element shorter than this is not looked at: a caption, a teaser, a byline box.
MIN_CANDIDATE_TEXT = 150
# Fewer characters than this is never an article, however it is laid out (a photo caption alone).
MIN_BRIEF = 150
# Below this a body needs at least two real paragraphs (MIN_REAL_PARAGRAPH long) to count: a
# provincial brief is two or three short paragraphs.
MIN_BODY = 300
MIN_REAL_PARAGRAPH = 40
# A body shorter than this is checked for the signs of a login wall or an error notice: longer
# texts are articles whatever the page around them says.
SHORT_BODY = 800

# --- error pages and soft 404s (refusal.py) -----------------------------------------------------
# A notice box (heading, a sentence or two, a link home) holds at most this much text outside
# its links; the box around it that holds more is the page's main column.
NOTICE_BOX_TEXT = 600
# A sign-in prompt's box (a line or two of prompt, its buttons) holds at most this much text
# outside its links; the box around it that holds more is the article's text.
PROMPT_BOX_TEXT = 300

# --- listings ----------------------------------------------------------------------------------
# Headline links (an h2-h5 holding a link) in a candidate body: this many, with this little text
# per headline, is a list of stories (a real article may link two or three related stories).
LISTING_HEADLINES = 5
LISTING_CHARS_PER_HEADLINE = 400
# Blocks that are nothing but one long link (a story card's title): this many, this short.
LISTING_LINK_BLOCKS = 4
LISTING_CHARS_PER_LINK_BLOCK = 600
LINK_BLOCK_MIN_TEXT = 25  # a shorter link is a menu entry or a "more" button, not a headline
LINK_BLOCK_SHARE = 0.8  # the link's share of its block's text for the block to be "just a link"
# Date stamps (an element that is only a date) in a candidate body: one per story card.
LISTING_DATE_STAMPS = 4
# Headline links on a whole page without an article body: a section page, not a broken article.
PAGE_LISTING_HEADLINES = 8
# Links to stories (headline text, an article address) on a page at a section's address (no
# article id) and without an article body: a listing. Real section pages hold 15 to 90.
SECTION_STORY_LINKS = 8
# A link to a story reads as its headline: this many words at least ("Xem thêm", "Trang 2" have fewer).
HEADLINE_WORDS = 5

# --- paragraphs inside a body (content.py) -------------------------------------------------------
# A paragraph mostly made of links is a link to another story, not text: above LINKED_PARAGRAPH
# when it is short (SHORT_LINKED_PARAGRAPH) or starts "Xem thêm"; after a "Tin liên quan" heading
# any paragraph above AFTER_RELATED_HEADING; a "Xem thêm" paragraph above LINKED_PREFIX_SHARE.
LINKED_PARAGRAPH = 0.6
SHORT_LINKED_PARAGRAPH = 160
AFTER_RELATED_HEADING = 0.5
LINKED_PREFIX_SHARE = 0.3

# --- the generic body finder (scoring.py) --------------------------------------------------------
MIN_SCORED_BLOCK = 25  # a block with less own text is a label or a button, not a paragraph
# A block whose own text is mostly links is navigation and gives its parents no score.
MAX_BLOCK_LINK_SHARE = 0.5
# A block this long with no inner blocks (text broken only by <br>) is its own container.
SELF_CONTAINED_BLOCK = 400
# The best container needs this score (about two paragraphs with a few sentences each) to be
# taken as a body; less is a page with no article (a notice, a gallery with one-line captions).
MIN_BODY_SCORE = 8
# Next to the headline a lower score is enough: a brief of two short paragraphs right after the
# title (about 4 each) is the article; nowhere else on the page would so little be trusted.
MIN_BRIEF_SCORE = 4
# A known body container (COMMON_BODY) must hold this much text, with less than this link share:
# class names such as "entry" or "post-content" are reused for lists and widgets.
MIN_KNOWN_BODY_TEXT = 250
MAX_KNOWN_BODY_LINK_SHARE = 0.5

# --- dates (dates.py) ----------------------------------------------------------------------------
# How far the shown publication time may lie from the metadata's and still be this story's: a CMS
# stamps its metadata when the draft is created or saved (24h.com.vn, 2012: created 14:02, shown
# 03:04 the next morning), or writes local time with a UTC offset (seven hours off). A date
# further away is more likely something else on the page than this story's time.
RESTAMPED = timedelta(days=2)
