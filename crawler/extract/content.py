"""The article body as paragraphs, with its pictures and their captions kept apart.

One walk over the body element: block elements and ``<br>`` end a paragraph; boilerplate (ads,
share bars, related-news boxes and the list after a "Tin liên quan" heading, video players) is
skipped; a caption (``figcaption``, ``.PhotoCMS_Caption``, the text cell of an image table, a short
centred or italic line right under a picture) goes to the picture, never to the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from crawler.extract import thresholds as th
from crawler.extract.dom import BLOCK_TAGS, HtmlElement, class_id, lines_of, text_content, text_of
from crawler.extract.images import image_url
from crawler.extract.regions import is_related_heading, noise_class, related_class
from crawler.extract.selectors import select
from crawler.textnorm import clean_text

_CAPTION_RE = re.compile(
    r"caption|chu-?thich|chuthich|figcaption|img-?desc|image-?desc|desc-?img|photo-?desc|"
    r"pic-?desc|imgcaption|image_desc|lg-caption|(?:^|\s)note(?:$|\s)|expcaption|ctpt|fig-?title"
)
_VIDEO_RE = re.compile(r"video|player|jwplayer|vjs|youtube|embed|audio|podcast|vcsortableinpreviewmode-video")


# Class/id strings repeat on a page (every paragraph of a body has the same one) and across pages
# of a site: each is classified once.
@lru_cache(maxsize=8192)
def _caption_class(ci: str) -> bool:
    return bool(_CAPTION_RE.search(ci))


# Tool bars, share bars, listen-to-the-article players and ad slots named in Vietnamese or by an
# ad network, which the page-wide noise names do not cover: inside a text they hold no paragraph.
_TOOL_RE = re.compile(
    r"(?:^|[\s_-])(?:chia-?se|chiase|mxh|tien-?ich|tienich|cong-?cu|congcu|nghe-?doc|nghedoc|"
    r"doc-?bai|adsense|adsbox|ads-\w+|inread|in-?read|quangcao\w*|qc-\w+|box-?qc|font-?size\w*|"
    r"co-?chu|tai-?tro|taitro|danh-?gia|binh-?chon)(?:$|[\s_-])"
)


@lru_cache(maxsize=8192)
def _skipped_class(ci: str) -> bool:
    """Related, noise (ads, share bars...), a tool bar or a video/audio player."""
    return related_class(ci) or noise_class(ci) or bool(_VIDEO_RE.search(ci)) or bool(_TOOL_RE.search(ci))


# A line that is nothing but the labels of a tool bar, a share bar or an ad slot ("Chia sẻ bài
# viết", "Cỡ chữ In bài Gửi email", "- Quảng cáo -", "Nghe đọc bài viết 00:00").
_TOOL_LABELS = re.compile(
    r"quảng cáo|advertisement|chia sẻ(?: bài viết| lên mạng xã hội| bài)?|nghe (?:đọc )?bài viết|nghe đọc|"
    r"cỡ chữ|in bài(?: viết)?|gửi (?:email|bài viết)|lưu (?:bài viết|bài|tin)|sao chép liên kết|copy link|"
    r"facebook|zalo|twitter|email|a\+|a-",
    re.I,
)
_TOOL_LINE = 60
# The paper asking to be followed on a platform: "Theo dõi Báo X trên Google News", "Mời bạn đọc
# quan tâm Zalo OA của Báo X để nhận tin nóng".
_FOLLOW_US = re.compile(
    r"^\W*(?:(?:mời )?(?:bạn|quý) (?:đọc|độc giả) |mời bạn |hãy )?"
    r"(?:theo dõi|quan tâm|đăng ký|follow|tải ứng dụng)\b.{0,100}"
    r"\b(?:google news|zalo|facebook|youtube|tiktok|fanpage|app)\b",
    re.I,
)


def _tool_line(text: str) -> bool:
    rest = _TOOL_LABELS.sub("", text)
    return rest != text and not any(c.isalpha() for c in rest)


# A photo credit marks a caption even without styling: "... Ảnh: N.A", "(Ảnh minh họa)".
_PHOTO_CREDIT = re.compile(
    r"(?:^|[\s(])(?:ảnh|nguồn ảnh|photo)\s*:|\(ảnh[^)]{0,40}\)\s*\.?$|ảnh minh họa", re.I
)
# A paragraph that is nothing but a date/time: a story card's stamp, not text.
_ONLY_DATE = re.compile(r"^\W*(?:\d{1,2}:\d{2}\W*)?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?:\W*\d{1,2}:\d{2})?\W*$")
_ITALIC = frozenset({"em", "i", "cite"})
_BOLD = frozenset({"strong", "b"})
_ALIGN_RE = re.compile(r"text-align\s*:\s*(right|center)", re.I)
_ITALIC_STYLE = re.compile(r"font-style\s*:\s*italic", re.I)
_LINK_PREFIX = re.compile(r"^\s*(?:>>|»|›|xem thêm|đọc thêm|xem tiếp|tin liên quan|bài liên quan)", re.I)


@dataclass(slots=True)
class Para:
    text: str
    align: str | None = None  # "right" / "center"
    bold: bool = False  # every character bold
    italic: bool = False
    link_ratio: float = 0.0
    heading: bool = False
    el: HtmlElement | None = None  # the block element the paragraph came from


@dataclass(slots=True)
class Picture:
    url: str
    caption: str | None = None


@dataclass(slots=True)
class Content:
    paras: list[Para] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    caption_texts: list[str] = field(default_factory=list)
    date_first: bool = False  # a line that is only a date came before the first paragraph


# A client-side template placeholder left in the served HTML.
_TEMPLATE_LEAK = re.compile(r"\{\{[^{}]{0,200}\}\}")


class _Walker:
    def __init__(
        self,
        page_url: str,
        drop: set[HtmlElement],
        start_after: HtmlElement | None,
        stop_at: HtmlElement | None = None,
    ) -> None:
        self.page_url = page_url
        self.drop = drop
        self.start_after = start_after  # the title, when the body element also holds the header
        self.started = start_after is None
        self.stop_at = stop_at  # the first story card after the text (a flat layout): the text ends there
        self.stopped = False
        self.blocks: list[HtmlElement | None] = [None]
        self.out = Content()
        self.buf: list[tuple[str, bool, bool, bool]] = []  # (text, bold, italic, link)
        self.bold = self.italic = self.link = 0
        self.align: list[str | None] = [None]
        self.heading = 0
        self.last_was_picture = False
        self.last_was_video = False  # a video player came last: a styled line under it is its caption
        self.skip_links = False
        self.seen_urls: set[str] = set()

    # -- output -----------------------------------------------------------------------------
    def flush(self) -> None:
        if not self.buf:
            return
        buf = self.buf
        self.buf = []
        text = clean_text("".join([piece[0] for piece in buf]))
        if _CELL_SEPARATOR in buf:  # empty cells (a picture, a blank) leave no "| |"
            text = " | ".join(cell for cell in _CELL_SPLIT.split(text) if cell)
        if not text:
            return
        # over the pieces with visible text: their size, linked size, and whether all are bold/italic
        total = linked = 0
        bold = italic = True
        for t, b, i, li in buf:
            size = len(t.strip())
            if size:
                total += size
                linked += size if li else 0
                bold = bold and b
                italic = italic and i
        link = linked / (total or 1)
        para = Para(
            text,
            align=self.align[-1],
            bold=bold,
            italic=italic,
            link_ratio=link,
            heading=self.heading > 0,
            el=self.blocks[-1],
        )
        if self.skip_links and link > th.AFTER_RELATED_HEADING:
            return
        self.skip_links = False
        if link > th.LINKED_PARAGRAPH and (_LINK_PREFIX.match(text) or len(text) < th.SHORT_LINKED_PARAGRAPH):
            return  # "Xem thêm: ..." and bare links to other stories
        if _LINK_PREFIX.match(text) and link > th.LINKED_PREFIX_SHARE:
            return
        if is_related_heading(text):
            self.skip_links = True
            return
        if len(text) <= _TOOL_LINE and _tool_line(text):
            return  # a tool bar's or an ad slot's labels
        if len(text) <= 160 and _FOLLOW_US.match(text) and (link or para.italic or para.bold or para.align):
            return  # "Theo dõi Báo X trên Google News": the paper's promotion, set apart or linked
        if len(text) <= 40 and _ONLY_DATE.match(text):
            self.out.date_first = self.out.date_first or not self.out.paras
            return
        if _TEMPLATE_LEAK.search(text):
            return  # unrendered "{{ ... }}" template text (baolangson)
        if self.last_was_picture and self._caption_like(para):
            self._caption(text)
            return
        if (self.last_was_video and self._caption_like(para)) or _video_caption(para):
            self.last_was_video = False
            return  # the caption of a video player (the player itself is no text)
        self.last_was_picture = self.last_was_video = False
        self.out.paras.append(para)

    def _caption_like(self, para: Para) -> bool:
        """Right under a picture: centred or italic, or carrying a photo credit (not a bold
        sub-heading, which often follows a picture too)."""
        if len(para.text) > 300 or para.heading:
            return False
        styled = para.align == "center" or para.italic
        return styled or (len(para.text) <= 200 and bool(_PHOTO_CREDIT.search(para.text)))

    def _caption(self, text: str) -> None:
        text = clean_text(text)
        if not text:
            return
        self.out.caption_texts.append(text)
        for pic in reversed(self.out.pictures):
            if pic.caption is None:
                pic.caption = text
                break
            if pic.caption == text:
                break
        self.last_was_picture = False

    def picture(self, img: HtmlElement, caption: str | None = None) -> bool:
        url = image_url(img, self.page_url)
        if not url or url in self.seen_urls:
            return False
        self.seen_urls.add(url)
        self.out.pictures.append(Picture(url, caption or None))
        self.last_was_picture = caption is None
        return True

    # -- walking ----------------------------------------------------------------------------
    def walk(self, el: HtmlElement) -> None:
        tag = el.tag
        if not isinstance(tag, str) or self.stopped:
            return
        if el is self.stop_at:
            self.flush()
            self.stopped = True  # the other stories' cards begin: nothing after is text
            return
        if el in self.drop:
            if not self.started and _contains(el, self.start_after):
                self.started = True  # the dropped header held the title: the text starts after it
            return
        if not self.started:
            if el is self.start_after:
                self.buf = []
                self.started = True
                return
            if el.find(".//img") is None and not _contains(el, self.start_after):
                return  # header material before the title (breadcrumb, date bar)
        if tag in ("img", "source") or (tag == "picture"):
            self.flush()
            for img in [el] if tag != "picture" else el.iter("img"):
                self.picture(img)
            return
        ci = class_id(el)
        if ci and _caption_class(ci) and tag not in ("img",):
            self.flush()
            if el.find(".//img") is not None:
                self.image_box(el)
            else:
                self._caption(text_of(el))
            return
        if tag == "figcaption":
            self.flush()
            self._caption(text_of(el))
            return
        if tag == "figure" or (tag == "table" and self._image_table(el)):
            self.flush()
            self.image_box(el)
            return
        if tag in ("video", "audio") or (ci and _skipped_class(ci) and _VIDEO_RE.search(ci)):
            self.flush()
            self.last_was_video = True
            return
        if (ci and _skipped_class(ci)) or tag in (
            "aside",
            "nav",
            "footer",
        ):
            return
        kind = el.get("type")
        if kind and ("relat" in kind.lower() or "video" in kind.lower()):
            return  # VCCorp's typed boxes: RelatedNewsBox, RelatedOneNews, VideoStream
        if tag == "br":
            self.flush()
            return
        block = tag in BLOCK_TAGS
        if tag in _CELLS and _inline_cell(el):  # a data table's row reads as one line: "a | b"
            block = False
            if self.buf and self.started:
                self.buf.append(_CELL_SEPARATOR)
        style = el.get("style") or ""
        if block:
            self.flush()
            m = _ALIGN_RE.search(style) if style else None
            align = (m.group(1).lower() if m else None) or (el.get("align") or "").lower() or None
            self.align.append(align if align in ("right", "center") else self.align[-1])
            self.blocks.append(el)
        italic = tag in _ITALIC or (bool(style) and bool(_ITALIC_STYLE.search(style)))
        bold = tag in _BOLD
        heading = tag in ("h2", "h3", "h4", "h5", "h6")
        self.italic += italic
        self.bold += bold
        self.link += tag == "a"
        self.heading += heading
        text = el.text
        if text and self.started:
            self.buf.append((text, self.bold > 0, self.italic > 0, self.link > 0))
        for child in el:
            self.walk(child)
            tail = child.tail
            if tail and self.started and not self.stopped:
                self.buf.append((tail, self.bold > 0, self.italic > 0, self.link > 0))
        self.italic -= italic
        self.bold -= bold
        self.link -= tag == "a"
        if block:
            self.flush()
            self.align.pop()
            self.blocks.pop()
        self.heading -= heading

    @staticmethod
    def _image_table(el: HtmlElement) -> bool:
        imgs = el.findall(".//img")
        return 0 < len(imgs) <= 4 and len(text_content(el)) <= 500

    def image_box(self, box: HtmlElement) -> None:
        """A figure / image table / photo div: its pictures, and its text as their caption."""
        caption_el = None
        for cand in box.iter():
            if cand is box or not isinstance(cand.tag, str):
                continue
            if cand.tag == "figcaption" or _caption_class(class_id(cand)):
                caption_el = cand
                break
        if caption_el is not None:
            caption = text_of(caption_el)
        elif box.tag == "figure" or box.find(".//p") is None:
            caption = " ".join(lines_of(box))
        else:  # a table/figure that also holds real paragraphs: walk them as text
            caption = ""
            for img in box.iter("img"):
                self.picture(img)
            for child in box:
                if child.find(".//img") is None and child.tag != "img":
                    self.walk(child)
            return
        caption = clean_text(caption) or None
        added = 0
        for img in box.iter("img"):
            if self.picture(img, caption if added == 0 else None):
                added += 1
        if caption:
            self.out.caption_texts.append(caption)
        self.last_was_picture = added > 0 and caption is None


# A video's caption names itself: "Video: ...", "Clip: ...", "(Video: ...)".
_VIDEO_LABEL = re.compile(r"^\W{0,2}(?:video|clip)\s*[:\-–]", re.I)


def _video_caption(para: Para) -> bool:
    """A short line set apart (centred or italic) that says it is a video's caption: the player
    above it is stripped with the page's iframes, so the label is what is left to know it by."""
    styled = para.italic or para.align == "center"
    return len(para.text) <= 200 and styled and bool(_VIDEO_LABEL.match(para.text))


def _contains(outer: HtmlElement, inner: HtmlElement | None) -> bool:
    node = inner
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def walk_body(
    body: HtmlElement,
    page_url: str,
    drop_selectors: tuple[str, ...] = (),
    title: HtmlElement | None = None,
    stop_at: HtmlElement | None = None,
) -> Content:
    """Paragraphs and pictures of a body element (``drop_selectors`` are family boilerplate).

    When the body element also holds the title (a generic container around the whole story),
    text before the title is header material and skipped; ``stop_at`` (the first card of other
    stories that a flat layout sets in the same container) and all after it are not the text."""
    drop: set[HtmlElement] = set()
    for css in drop_selectors:
        drop.update(select(body, css))
    start = title if title is not None and title is not body and _contains(body, title) else None
    walker = _Walker(page_url, drop, start, stop_at)
    walker.blocks = [body]
    if body.text and walker.started:
        walker.buf.append((body.text, False, False, False))
    for child in body:
        walker.walk(child)
        if child.tail and walker.started and not walker.stopped:
            walker.buf.append((child.tail, False, False, False))
    walker.flush()
    return walker.out


_CELLS = ("td", "th")
_CELL_SEPARATOR = (" | ", False, False, False)  # a piece of text: (text, bold, italic, link)
_CELL_SPLIT = re.compile(r"\s*\|\s*")


def _inline_cell(cell: HtmlElement) -> bool:
    """A table cell holding only inline text (a figure, a name, a price): a data cell, read on
    its row's line. A cell with paragraphs or boxes inside is a layout cell, read as a block."""
    return not any(
        isinstance(d.tag, str) and d.tag in BLOCK_TAGS and d.tag != "br" for d in cell.iterdescendants()
    )
