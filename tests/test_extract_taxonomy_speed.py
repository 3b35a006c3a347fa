"""The cheap tests the taxonomy takes before its costly ones must never turn away what the costly
ones would take: a link the menu would read, a label or tag box an XPath predicate would find."""

from __future__ import annotations

import lxml.etree
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract.parse import parse_html
from crawler.extract.taxonomy import categories, tags

BASES = (
    "https://baomau.vn/kinh-te/nong-nghiep/gia-lua-123456.html",
    "http://www.baomau.vn/pages/20121219/gia-lua.aspx",
    "https://baomau.vn/",
)
# Pieces of links, odd ones included: escapes, dot segments, params, controls, schemes alone.
PIECES = (
    "/",
    "//",
    ".",
    "..",
    ".html",
    ".aspx",
    "%2F",
    "%41",
    ";",
    ";x",
    "#",
    "?",
    ":",
    " ",
    "\t",
    "\x01",
    "\\",
    "http:",
    "HTTPS:",
    "https://",
    "x:",
    "https://baomau.vn",
    "//baomau.vn",
    "kinh-te",
    "Kinh-Te",
    "a",
    "x.y",
    "İ",
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=8), st.sampled_from(BASES))
def test_a_link_whose_last_segment_is_a_key_is_never_ruled_out(pieces: list[str], base: str) -> None:
    href = "".join(pieces)
    seg = categories._segments(href, base)
    if seg is not None and seg[1]:
        assert categories._may_end_in(href, (seg[1][-1],))


def test_story_links_through_a_section_are_ruled_out() -> None:
    keys = ("thoi-su",)
    assert not categories._may_end_in("/thoi-su/mot-bai-viet-123.html", keys)
    assert categories._may_end_in("/thoi-su.html#top", keys)
    assert categories._may_end_in("https://baomau.vn/thoi-su/", keys)


# The XPath predicates the Python matching replaced, kept here as the reference.
LABELS = lxml.etree.XPath(
    ".//text()[string-length(.) < 60][contains(., 'khóa') or contains(., 'khoá')"
    " or contains(., 'KHÓA') or contains(., 'KHOÁ')"
    " or contains(., 'ag') or contains(., 'AG') or contains(., 'eyword') or contains(., 'EYWORD')"
    " or contains(., 'đề') or contains(., 'ĐỀ')]/parent::*"
)
TAG_CLASSES = lxml.etree.XPath(
    ".//@class[contains(., 'tag') or contains(., 'Tag') or contains(., 'keyword') or contains(., 'Keyword')"
    " or contains(., 'khoa') or contains(., 'Khoa')]/parent::*"
)
PAGE = """<html><body><div class="main"><article>
<h1>Tiêu đề</h1><p>Đoạn văn dài về nông nghiệp và giá lúa ở miền Tây trong mùa mưa năm nay.</p>
<div id="box"><b>Chủ đề</b> Tags: <!-- c --> Từ khóa <span>TAG</span></div>
<div class="tags-box"><span>Từ khoá:</span><a href="/tag/lua">lúa</a>, <a href="/tag/gao">gạo</a></div>
<div class="Keyword"><strong>KEYWORDS</strong><i>x</i>keyword</div>
<p class="c-tag">Tags<em>a</em>tag line that is far too long to be a label of any tag block at all</p>
</article><aside class="sidebar"><ul class="tag-cloud"><li>Chủ đề hot</li></ul></aside></div></body></html>"""


def test_label_and_tag_class_candidates_are_the_xpath_ones_in_document_order() -> None:
    root = parse_html(PAGE)
    for node in root.iter():
        if isinstance(node.tag, str):
            assert tags._label_candidates(node) == LABELS(node)
            assert tags._tag_class_boxes(node) == TAG_CLASSES(node)
    # a box found by its text after a child's, yet standing before that child
    box = root.xpath("//*[@id='box']")[0]
    assert tags._label_candidates(box)[:2] == [box, box[0]]
