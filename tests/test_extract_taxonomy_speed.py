"""The tag search's Python matching finds what the XPath predicates it replaced found: every
label and tag box, in document order."""

from __future__ import annotations

import lxml.etree

from crawler.extract.parse import parse_html
from crawler.extract.taxonomy import tags

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
