"""Title, lead and dateline.

The title is the article's ``h1`` (matched against the metadata headline, because the first ``h1``
of a page is often a logo or a section header); ``og:title``/``<title>`` only when no heading fits,
with the site-name suffix removed. The lead loses its dateline prefix ("(LĐ online) -", "(CTO)-").
"""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.etree

from crawler.extract.dom import HtmlElement, ancestors, class_id, is_inside, text_content, text_of
from crawler.extract.record import FieldSource
from crawler.extract.regions import Regions, is_noise, related_class
from crawler.extract.selectors import select
from crawler.textnorm import clean_text, fold

_TITLE_SEP = re.compile(r"\s+[-|–—:»]+\s+|\s*\|\s*")
_SITE_WORDS = re.compile(r"\b(?:bao|online|news|dien tu|tin tuc|tap chi|vn|com|net|\w+\.vn)\b")
_WORDS = re.compile(r"\w+")
_DATELINE = re.compile(r"^\s*[\(\[]\s*(?P<d>[^()\[\]\d]{2,40}?|[^()\[\]]{2,20}\.vn)\s*[\)\]]\s*[-–—:]+\s*")
_PAREN_ACRONYM = re.compile(r"^\s*\((?P<d>[A-ZĐ][A-ZĐ0-9&.+/]{1,11})\)\s+(?=\w)")
_BARE_DATELINE = re.compile(
    r"^\s*(?P<d>[A-ZĐ][A-ZĐ0-9&]{1,9}(?:\.VN|\.vn| [Oo]nline| ONLINE)?"  # "BTM Online - "
    r"|[A-ZĐ][a-zđ]+\.(?:vn|VN|com\.vn))\s*[-–—]+\s+"
)

# An upper-case place name of one to four words before a dash ("ĐÀ LẠT - ", "TP.HCM - ").
# (Letters of any case here; ``_place_dateline`` wants them all upper-case.)
_PLACE_DATELINE = re.compile(r"^\s*(?P<d>[^\W\d_][^\W\d_.]*\.?(?: ?[^\W\d_]{2,}){0,3})\s*[-–—]+\s+(?=\S)")


def _place_dateline(text: str) -> re.Match[str] | None:
    m = _PLACE_DATELINE.match(text)
    return m if m and len(m.group("d")) >= 2 and m.group("d").isupper() else None


# Classes that say "title" on pages without a heading element ("tieude": Vietnamese for it), in
# the PascalCase of CSS modules too ("ArticleTitle_root__x1").
_TITLE_CLASSES = (
    "[class*=title]",
    "[class*=Title]",
    "[class*=tieude]",
    "[class*=tieu-de]",
    "[class*=tieu_de]",
    "[class*=TieuDe]",
)


def _tokens(text: str) -> set[str]:
    return set(_WORDS.findall(text.lower()))


def strip_site_suffix(title: str, site_names: tuple[str, ...]) -> str:
    """``"Tiêu đề - Báo Lâm Đồng"`` -> ``"Tiêu đề"`` (repeatedly; never down to nothing)."""
    folded_names = [fold(s) for s in site_names if s]
    while True:
        parts = _TITLE_SEP.split(title)
        if len(parts) < 2:
            return title
        head_end = title.rfind(parts[-1])
        suffix = fold(parts[-1])
        head = _TITLE_SEP.sub(" - ", title[:head_end]).rstrip(" -|–—:»")
        site_like = any(n and (n in suffix or suffix in n) for n in folded_names) or _SITE_WORDS.search(
            suffix
        )
        if not site_like or len(head) < 10:
            return title
        title = title[:head_end].rstrip(" -|–—:»")


def strip_site_prefix(title: str, site_names: tuple[str, ...]) -> str:
    """``"Báo Tỉnh X - Tiêu đề"`` -> ``"Tiêu đề"``: old ASP.NET and table templates put the paper's
    name first. Only a head that is the paper's name (its domain stem or its own name, spaces
    and tones aside) goes, never a head that merely sounds like one ("Báo động - ...")."""
    parts = _TITLE_SEP.split(title, maxsplit=1)
    if len(parts) < 2 or len(parts[0]) > 40 or len(parts[1]) < 10:
        return title
    head = fold(parts[0]).replace(" ", "")
    names = {fold(n).replace(" ", "") for n in site_names if n}
    if head and any(len(n) >= 4 and (head == n or (n in head and "." not in n)) for n in names):
        return parts[1]
    return title


def is_site_name(text: str, site_names: tuple[str, ...]) -> bool:
    """Nothing but the paper's name and separators (``"- Báo Lâm Đồng"``, a logo ``h1``)."""
    core = fold(text).strip(" -|–—:»")
    return not core or any(core == fold(n) for n in site_names if n)


# Words around a paper's name in a page title that names only the paper ("Báo X điện tử",
# "Trang tin điện tử X", "X Online - Tin tức"), folded.
_SITE_TITLE_WORDS = frozenset(
    {"bao", "dien", "tu", "trang", "tin", "tuc", "online", "cong", "thong", "chinh", "thuc", "news"}
    | {"su", "kien", "cua", "va", "the"}
)


@lru_cache(maxsize=256)
def _name_keys(site_names: tuple[str, ...]) -> tuple[str, ...]:
    """The paper's names folded, without spaces or dots, six letters or more ("baotinhmoi")."""
    keys = ("".join(_WORDS.findall(fold(name))) for name in site_names if name)
    return tuple(k for k in keys if len(k) >= 6)


def _names_the_site(text: str, site_names: tuple[str, ...]) -> bool:
    """A page title that is the paper's name, spaces and tones aside, with at most the words
    such titles wrap it in ("BÁO TỈNH MỚI ĐIỆN TỬ" on baotinhmoi.vn): the title every page of an
    old template carries, not a headline."""
    if len(text) > 80:
        return False  # such titles are short: a headline's length is no name
    words = _WORDS.findall(fold(text))
    joined = "".join(words)
    for key in _name_keys(site_names):
        if key not in joined:
            continue
        for i in range(len(words)):  # the words that spell the name, the others site words
            if not key.startswith(words[i]):
                continue
            j, spelled = i, ""
            while j < len(words) and len(spelled) < len(key):
                spelled, j = spelled + words[j], j + 1
            if spelled == key and all(w in _SITE_TITLE_WORDS for w in words[:i] + words[j:]):
                return True
    return False


def find_title(
    root: HtmlElement,
    family_selectors: tuple[str, ...],
    meta_titles: list[str],
    site_names: tuple[str, ...],
    regions: Regions,
) -> tuple[str, HtmlElement | None, FieldSource | None]:
    """The headline, its element, and where it was found (``selector`` with the CSS for a family
    or registry selector; the caller names whose)."""
    for css in family_selectors:
        for el in select(root, css):
            text = text_of(el)
            if 3 <= len(text) <= 400 and not is_site_name(text, site_names):
                # only a heading with elements inside has a label or a subtitle to leave out
                title = _trimmed(el, text, _headlines(meta_titles, site_names)) if len(el) else text
                return title, el, FieldSource("selector", css)
    refs = _headlines(meta_titles, site_names)
    ref_tokens = [_tokens(r) for r in refs[:3]]
    best, best_score = None, 0.0
    for h in root.iter("h1", "h2"):
        text = clean_text(text_content(h))
        if not 5 <= len(text) <= 400 or is_site_name(text, site_names) or _names_the_site(text, site_names):
            continue
        tokens = _tokens(text)
        sim = max((len(tokens & rt) / (len(tokens | rt) or 1) for rt in ref_tokens), default=0)
        score = sim + (0.3 if h.tag == "h1" else 0) + (0.1 if "title" in class_id(h) else 0)
        if score <= best_score or (h.tag == "h2" and sim < 0.6):
            continue
        if regions.in_related(h):
            score -= 0.5
        if score > best_score:
            best, best_score = h, score
    if best is not None and (best_score >= 0.6 or (best.tag == "h1" and _no_headline(refs, best, regions))):
        matched = best_score >= 0.6 or not refs
        title = _trimmed(best, text_of(best), refs if matched else [])
        how = "matching the metadata headline" if matched else "(no headline in the metadata)"
        return title, best, FieldSource("generic", f"{best.tag} {how}")
    if ref_tokens:  # no heading: an element whose class says title and whose text is the headline
        for css in _TITLE_CLASSES:
            for el in select(root, css):
                text = text_of(el)
                if 5 <= len(text) <= 400 and not regions.in_related(el):
                    tokens = _tokens(text)
                    if max(len(tokens & rt) / (len(tokens | rt) or 1) for rt in ref_tokens) >= 0.85:
                        return text, el, FieldSource("generic", f"{css} matching the metadata headline")
    if not refs and meta_titles:  # the metadata names the paper only, and no h1 is the headline
        found = _headline_by_place(root, site_names, regions)
        if found is not None:
            return text_of(found), found, FieldSource("generic", f"{found.tag} heading the article")
    if refs:
        return refs[0], None, FieldSource("meta", "og:title / <title>")
    return "", None, None


_HEADING_CANDIDATES = lxml.etree.XPath(
    "//h2 | //h3 | //*[contains(@class, 'title') or contains(@class, 'Title') or contains(@class, 'tieude')"
    " or contains(@class, 'tieu-de') or contains(@class, 'headline')]"
)
_OUTSIDE_ARTICLE = re.compile(r"(?:^|[\s_-])(?:header|nav|menu|logo|footer|banner)(?:$|[\s_-])")


def _headline_by_place(
    root: HtmlElement, site_names: tuple[str, ...], regions: Regions
) -> HtmlElement | None:
    """A page whose metadata names only the paper and which has no fitting ``h1``: the first ``h2``,
    ``h3`` or element whose class says title that reads like a headline (five words or more, no
    link to another story in it), outside the header, menus, footer and related boxes."""
    for el in _HEADING_CANDIDATES(root):
        text = text_of(el)
        if not 20 <= len(text) <= 300 or len(_WORDS.findall(text)) < 5 or el.find(".//a") is not None:
            continue
        if is_site_name(text, site_names) or _names_the_site(text, site_names) or regions.in_related(el):
            continue
        if el.find(".//h2") is not None or el.find(".//h3") is not None or el.find(".//p") is not None:
            continue  # a box holding headings or paragraphs, not a heading
        if any(
            a.tag in ("header", "nav", "footer") or _OUTSIDE_ARTICLE.search(class_id(a))
            for a in ancestors(el)
        ):
            continue
        return el
    return None


def _headlines(meta_titles: list[str], site_names: tuple[str, ...]) -> list[str]:
    """The metadata's titles as headlines: without the paper's name around them, and none that
    names only the paper."""
    refs = [strip_site_prefix(strip_site_suffix(t, site_names), site_names) for t in meta_titles if t]
    return [r for r in refs if not (is_site_name(r, site_names) or _names_the_site(r, site_names))]


def _no_headline(refs: list[str], h1: HtmlElement, regions: Regions) -> bool:
    """Whether the metadata names no headline an ``h1`` could be checked against: none at all, or
    only a page title of a few words ("Chi tiết tin", "Tin tức - Sự kiện") that an old template
    gives every page, beside an ``h1`` of a headline's length outside any related box."""
    if not refs:
        return True
    if any(len(_WORDS.findall(r)) > 4 for r in refs) or regions.in_related(h1):
        return False
    return len(_WORDS.findall(text_of(h1))) >= 6


def _trimmed(el: HtmlElement, text: str, refs: list[str]) -> str:
    """The heading's text without a label in front of it or a subtitle set after it."""
    return _without_subtitle(el, _without_kicker(el, text, refs), refs)


def _without_subtitle(el: HtmlElement, text: str, refs: list[str]) -> str:
    """The headline without a subtitle closing the heading ("... <small>Năng suất tăng gấp
    đôi</small>", "... <br><span class=subtitle>...</span>"), when the metadata's headline is the
    rest; without a headline in the metadata, a subtitle known by its tag or class only."""
    last = next((c for c in reversed(el) if isinstance(c.tag, str) and c.tag != "br"), None)
    if last is None or (last.tail or "").strip() or last.tag == "a":
        return text
    sub = text_of(last)
    if not sub or not text.endswith(sub) or len(text) - len(sub) < 10:
        return text
    rest = text[: len(text) - len(sub)].strip(" :-–|")
    if refs:
        return rest if any(fold(rest) == fold(r) for r in refs) else text
    marked = last.tag == "small" or _SUBTITLE_CLASS.search(class_id(last))
    return rest if marked else text


_SUBTITLE_CLASS = re.compile(r"sub|desc|phu-?de")


def _without_kicker(el: HtmlElement, text: str, refs: list[str]) -> str:
    """The headline without a label set in front of it inside the heading ("<span>Video</span>
    Lễ hội ...", "<b>Infographic:</b> ..."), when the metadata's headline is the rest: the label
    is the page's decoration, the metadata says what the story is called. Without a headline in
    the metadata, a label known by its class ("kicker", "cate", "label") only."""
    first = next((c for c in el if isinstance(c.tag, str)), None)
    if first is None or (el.text or "").strip():
        return text  # the label must open the heading
    label = text_of(first)
    if not label or len(label) > 30 or not text.startswith(label):
        return text
    rest = text[len(label) :].strip(" :-–|")
    if not refs:  # nothing to check the rest against: a label only by its class ("kicker", "cate")
        labelled = first.tag != "a" and _KICKER_CLASS.search(class_id(first))
        return rest if labelled and len(rest) >= 10 else text
    return rest if any(fold(rest) == fold(r) for r in refs) else text


_KICKER_CLASS = re.compile(r"kicker|label|badge|cate|chuyen-?muc|tag|type|loai")


def find_lead(
    selectors: tuple[str, ...],
    title: HtmlElement | None,
    body: HtmlElement | None,
    scope: HtmlElement,
    regions: Regions,
) -> tuple[str | None, FieldSource | None]:
    """The sapo: a lead selector near the title, else the first substantial block after it;
    and where it was found."""
    for css in selectors:
        for el in select(scope, css):
            if el is body or (body is not None and is_inside(body, el)) or regions.in_related(el):
                continue  # the body itself, or a wrapper of it
            if body is not None and is_inside(el, body) and not _near_start(el, body):
                continue  # something inside the text (a figure caption with itemprop=description)
            if el.tag == "figcaption" or any(a.tag == "figure" for a in ancestors(el)):
                continue
            if title is not None and (el is title or is_inside(el, title) or is_inside(title, el)):
                continue
            text = lead_text(el)
            if 30 <= len(text) <= 1500:
                return text, FieldSource("selector", css)
    after = _block_after_title(title, body)
    return after, FieldSource("generic", "block after the title") if after else None


def _near_start(el: HtmlElement, body: HtmlElement) -> bool:
    """Among the first two children of the body (a sapo kept at the top of the text)."""
    children = [c for c in body if isinstance(c.tag, str)][:2]
    return any(c is el or is_inside(el, c) for c in children)


def _block_after_title(title: HtmlElement | None, body: HtmlElement | None) -> str | None:
    """The first substantial block right after the title (old templates: ``h2``/``h3`` sapo),
    or the text that precedes the body inside a wrapper ("(VTC News) - " + ``h2``)."""
    if title is None:
        return None
    node, steps = title, 0
    while node is not None and steps < 8:
        sibling = node.getnext()
        if sibling is None:
            node = node.getparent()
            if node is None or node.tag == "body" or (body is not None and is_inside(body, node)):
                return None  # climbed out to a wrapper of the text
            steps += 1
            continue
        node = sibling
        steps += 1
        if not isinstance(node.tag, str):
            continue
        if body is not None and node is body:
            return None
        if body is not None and is_inside(body, node):
            return _text_before(node, body)
        if is_noise(node) or related_class(class_id(node)):
            continue  # an ad slot or share bar between the title and the text
        if _picture_box(node):
            continue  # a photo and its caption above the text
        text = lead_text(node)
        if _meta_row(node, text):
            continue
        if 60 <= len(text) <= 1200 and node.tag in ("h2", "h3", "h4", "p", "div", "strong", "b"):
            if body is not None and is_inside(node, body) and _most_of(text, body):
                return None  # the text itself (a short one, in a body found around the title)
            return text
    return None


_PICTURES = lxml.etree.XPath(".//img | .//picture | .//video | .//iframe")


def _picture_box(node: HtmlElement) -> bool:
    """A box holding a picture (or a video), not an icon: a photo with its caption, no sapo."""
    for pic in _PICTURES(node):
        width = pic.get("width") or ""
        if not (width.isdigit() and int(width) <= 40):
            return True
    return False


# A date at the head of a block ("17/06/2025 13:43 Chia sẻ ..."): the header's date line.
_DATE_HEAD = re.compile(r"^\W{0,3}(?:\d{1,2}:\d{2}\W{1,3})?\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}")


_DATE_ANY = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{4}")
_CLOCK = re.compile(r"\b\d{1,2}[:h]\d{2}\b")
_DATE_WORDS = re.compile(
    r"thứ (?:hai|ba|tư|năm|sáu|bảy)|chủ nhật|cập nhật|đăng|ngày|lúc|gmt|giờ|sáng|chiều|tối|bởi",
    re.I,
)
_FOLLOW = re.compile(
    r"(?:(?:theo dõi|follow)\b.{0,60}\b(?:google news|zalo|facebook|youtube|tiktok|fanpage|kênh)"
    r"|nghe (?:đọc )?(?:bài viết|bài báo|tin bài|bản tin|audio)\b|nghe đọc\b.{0,40}\bgiọng)",
    re.I,
)


def _meta_row(node: HtmlElement, text: str) -> bool:
    """The header's meta row, not a sapo: a block that opens with its date, a short line with a
    date and a clock in it ("Cập nhật lúc 09:15 ngày 05/12/2026 ..."), a line asking to follow
    the paper or to listen to the story, or a block whose text is mostly links (share buttons,
    "follow us on Google News"); a sapo is prose."""
    if _DATE_HEAD.match(text) or next(node.iter("time"), None) is not None or _FOLLOW.match(text):
        return True
    if len(text) < 140 and _DATE_ANY.search(text) and _CLOCK.search(text):
        rest = _DATE_WORDS.sub(" ", _CLOCK.sub(" ", _DATE_ANY.sub(" ", text)))
        if len(re.sub(r"[\W\d_]+", "", rest)) <= 30:
            return True  # the date line: dates, clocks and their words, little else
    linked = sum(len(text_of(a)) for a in node.iter("a"))
    return linked * 2 > len(text)


def _most_of(text: str, body: HtmlElement) -> bool:
    """Whether ``text`` is more than half of the body's text: the article, not its sapo."""
    return len(text) * 2 > len(text_of(body))


def _text_before(wrapper: HtmlElement, body: HtmlElement, depth: int = 0) -> str | None:
    """The text before the body inside a wrapper of both, without the header's meta rows (date,
    byline with its time, share buttons); down into the child that holds the body when nothing
    stands before it (the sapo sits next to the text, a level or two below the title's box)."""
    parts = []
    for child in wrapper:
        if child is body or is_inside(body, child):
            if not clean_text(" ".join(parts)) and child is not body and depth < 3:
                return _text_before(child, body, depth + 1)
            break
        if isinstance(child.tag, str):
            text = text_of(child)
            if not (is_noise(child) or _meta_row(child, text)):
                parts.append(text)
        if child.tail:
            parts.append(child.tail)
    text = clean_text(" ".join(parts))
    return text if 60 <= len(text) <= 1200 else None


def lead_text(el: HtmlElement) -> str:
    """Lead text without trailing "» related story" links (dantri 2012 appends one)."""
    text = text_of(el)
    for a in el.iter("a"):
        link = text_of(a)
        if link.startswith((">>", "»", "›")):
            text = text.replace(link, "").strip()
    return text


def split_dateline(text: str, known: tuple[str, ...] = (), *, places: bool = False) -> tuple[str | None, str]:
    """("LĐ online", rest) from "(LĐ online) - rest"; (None, text) when there is no dateline.

    With ``places`` (a text already known to be the sapo), an upper-case place of a few words is a
    dateline too ("LÂM ĐỒNG - ", "TP HỒ CHÍ MINH - "); not at the head of the body's first
    paragraph, where such a line can be the text's own first words."""
    m = _DATELINE.match(text)
    if m and not text[m.end() :].startswith(")"):
        return clean_text(m.group("d")), text[m.end() :].strip()
    for d in known:
        if text.startswith(d):
            rest = text[len(d) :]
            m2 = re.match(r"\s*[-–—:]+\s+", rest)
            if m2:
                return d, rest[m2.end() :].strip()
    m = _BARE_DATELINE.match(text) or _PAREN_ACRONYM.match(text) or (places and _place_dateline(text))
    if m:
        return m.group("d"), text[m.end() :].strip()
    return None, text
