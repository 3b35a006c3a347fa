"""Which parts of a page are not the article: related lists, sidebars, footers, comments, ads.

Two strengths of "not the article". ``RELATED`` regions (related/other/most-read news, sidebars,
footers, comments, menus) never give a date, a body paragraph or an author. ``NOISE`` (ads, share
bars, tag boxes, toolbars) is dropped from the body but may hold the article's own date bar
(baocantho's ``span.pubdate`` sits in a ``detail-fb-like-share`` bar).

A region test walks up from an element but stops at the ancestors of the title and of the body:
those contain the article itself, whatever their class says (VnExpress's title sits in a
``sidebar-1`` column).
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.extract.dom import HtmlElement, class_id, text_upto
from crawler.textnorm import fold

RELATED_RE = re.compile(
    r"relat(?!ive)|lien-?quan|lienquan|tin-?khac|tinkhac|other-?(?:news|post|article)|more-?news|"
    r"same-?(?:cat|zone)|cung-?chuyen-?muc|cungchuyenmuc|sidebar|side-?bar|col-?right|"
    r"col-?left|footer|comment|binh-?luan|binhluan|most-?(?:read|view|popular)|doc-?nhieu|"
    r"docnhieu|xem-?nhieu|tin-?moi|tinmoi|latest|popular|trending|hot-?news|readmore|read-?more|"
    r"see-?also|xem-?them|recommend|suggest|de-?xuat|timeline|news-?list|list-?news|box-?news|"
    r"newsletter|menu|navbar|mega-?nav|(?:^|[\s_-])(?:nav|aside|widget|footer)(?:$|[\s_-])|"
    r"(?:^|\s)(?:story|stories)(?:$|\s|--)"  # zce/F2 story cards; not "story-body"
)
NOISE_RE = re.compile(
    r"(?:^|[\s_-])(?:ads?|qc|adv|advert\w*|banner\w*|quang-?cao|sponsor\w*|share\w*|social\w*|"
    r"sharing|toolbar|tool|tools|print|rating|vote|like|fb|zalo|facebook|twitter|breadcrumbs?|"
    r"tags?|tag-?list|keywords?|tu-?khoa|author\w*|byline|rennab|sda_\w+|sda|adsbygoogle|"
    r"player|jwplayer|video-?player|vjs\w*|subscribe|print-?only|"
    r"google-?news|gg-?news|follow\w*|audio\w*|podcast|listen\w*|toc|table-?of-?contents)(?:$|[\s_-])|"
    r"(?:^|\s)(?:hidden|hide|d-none|sr-only|visually-hidden)(?:$|\s)"  # whole tokens: not "hidden-xs"
)
_SKIP_TAGS = frozenset({"aside", "footer", "nav"})

# Headings of boxes that list other stories (folded to ASCII, lower case).
RELATED_HEADINGS = (
    "tin lien quan",
    "bai lien quan",
    "tin bai lien quan",
    "bai viet lien quan",
    "tin tuc lien quan",
    "tin khac",
    "cac tin khac",
    "tin bai khac",
    "cac bai khac",
    "bai viet khac",
    "tin cung chuyen muc",
    "cung chuyen muc",
    "tin cung muc",
    "doc them",
    "xem them",
    "tin moi",
    "doc nhieu",
    "xem nhieu",
    "tin xem nhieu",
    "tin noi bat",
    "noi bat",
    "co the ban quan tam",
    "ban co the quan tam",
    "co the ban chua doc",
    "bai doc tiep",
    "doc tiep",
    "tin nong",
    "tin hay",
    "tin da dang",
    "y kien ban doc",
    "binh luan",
    "tin gan day",
    "tin cu hon",
    "tin moi hon",
    "tin dia phuong",
    "doc bao in",
    "tin tuc khac",
    "tin tuc gan day",
    "bai gan day",
    "tin da dua",
    "cac tin da dua",
    "tin cung loai",
    "tin cung su kien",
    "tin cung chu de",
    "bai cung chu de",
    "bai viet cung chuyen muc",
    "cac tin cu hon",
    "tin bai cung chuyen muc",
)
_HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "strong", "b", "span", "div", "p", "a", "header"})


_HEADING_RE = re.compile("^(?:" + "|".join(map(re.escape, RELATED_HEADINGS)) + ")(?: |$)")


@lru_cache(maxsize=8192)
def related_class(ci: str) -> bool:
    """Whether a class/id string names a related/sidebar/footer box (cached: class strings repeat)."""
    return bool(ci and RELATED_RE.search(ci))


@lru_cache(maxsize=8192)
def noise_class(ci: str) -> bool:
    """Whether a class/id string names an ad, share bar, tag box or the like."""
    return bool(ci and NOISE_RE.search(ci))


def is_related_heading(text: str) -> bool:
    """True for a short heading such as "Tin liên quan:" or "ĐỌC THÊM"."""
    if not text or len(text) > 40:
        return False
    return bool(_HEADING_RE.match(fold(text).strip(" :>»-–|.").strip()))


def _heading_of(el: HtmlElement) -> str:
    for child in el[:2]:
        if isinstance(child.tag, str) and child.tag in _HEADING_TAGS and "bread" not in class_id(child):
            text = text_upto(child, 60)
            if text:
                return " ".join(text.split())
    return ""


# Class words that name a page's column rather than a box of other stories: usually the sidebar,
# but some templates call their main column so ("col-left" beside a "col-right" sidebar, a
# "layout-with-sidebar" wrapper). ``Regions.columns_only`` lifts them, for a second look at a page
# whose text no finder took.
_COLUMN_RE = re.compile(r"col-?left|left-?col|column-?left|(?:with|has|layout)-?side-?bar")


@lru_cache(maxsize=4096)
def _related_beside_columns(ci: str) -> bool:
    """``related_class`` of a class string once its column words are taken out."""
    return related_class(_COLUMN_RE.sub(" ", ci)) if _COLUMN_RE.search(ci) else related_class(ci)


class Regions:
    """Memoised region tests for one page; ``protected`` are ancestors of the title and body."""

    def __init__(self, protected: set[HtmlElement] | None = None, *, columns: bool = True) -> None:
        self.protected = protected if protected is not None else set()
        self._related: dict[HtmlElement, bool] = {}
        self._columns = columns  # whether a column's class ("col-left") makes it related

    def columns_only(self) -> Regions:
        """The same page's regions with the main-column words lifted (see ``_COLUMN_RE``); the
        protected title shared, so what the new one protects the first one protects too."""
        return Regions(self.protected, columns=False)

    def protect(self, el: HtmlElement | None) -> None:
        self._related.clear()  # answers given before may have crossed what is now protected
        while el is not None:
            self.protected.add(el)
            el = el.getparent()

    def own_related(self, el: HtmlElement) -> bool:
        """Whether this element itself (not its ancestors) is a related/sidebar/footer box."""
        if el.tag in _SKIP_TAGS:
            # an article's own <footer> (HTML5 "entry-footer": tags, byline) is part of it
            return not (el.tag == "footer" and any(a.tag == "article" for a in el.iterancestors()))
        ci = class_id(el)
        if related_class(ci) if self._columns else _related_beside_columns(ci):
            return True
        return is_related_heading(_heading_of(el))

    def in_related(self, el: HtmlElement) -> bool:
        """Whether the element lies in a related/sidebar/footer/comment region."""
        path = []
        node = el
        result = False
        while node is not None and node not in self.protected:
            if node in self._related:
                result = self._related[node]
                break
            path.append(node)
            if self.own_related(node):
                result = True
                break
            node = node.getparent()
        for n in path:
            self._related[n] = result
        return result


# Boxes that an article sets inside its own text to point at other stories ("Tin liên quan",
# "Đọc thêm"): named so by their class or their heading. Narrower than RELATED_RE and
# RELATED_HEADINGS, which also name a section page's own lists ("Tin mới", "Tin khác",
# "list-news"): a listing's stories must still count as a listing.
_INLINE_RELATED_RE = re.compile(
    r"relat(?!ive)|lien-?quan|lienquan|xem-?them|xemthem|doc-?them|docthem|read-?more|see-?also"
)
_INLINE_RELATED_HEADINGS = re.compile(
    r"^(?:(?:cac )?(?:tin|bai|tin bai|bai viet|tin tuc) lien quan|doc them|xem them|doc tiep|bai doc tiep"
    r"|co the ban quan tam|ban co the quan tam)(?: |$)"
)


def inline_related(el: HtmlElement) -> bool:
    """Whether a box is named, by its class or its heading, as a list of related stories."""
    return bool(_INLINE_RELATED_RE.search(class_id(el))) or inline_related_heading(_heading_of(el))


def inline_related_heading(text: str) -> bool:
    """Whether a short line is the heading of related stories ("Tin liên quan:", "ĐỌC THÊM")."""
    if not text or len(text) > 40:
        return False
    return _INLINE_RELATED_HEADINGS.match(fold(text).strip(" :>»-–|.").strip()) is not None


def is_noise(el: HtmlElement) -> bool:
    """Ads, share bars, tag boxes and the like (dropped from the body, not from the header)."""
    ci = class_id(el)
    return noise_class(ci)
