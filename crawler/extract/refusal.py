"""Whether a page that is not plainly an article is an error page, a login wall or a listing.

The decision is made from the page's structure, never from one word of its headline. Provincial
papers publish short briefs every day whose headlines hold the very words error pages use
("Thu hồi 404 sổ đỏ", "Hàng loạt clip xuyên tạc đã bị gỡ", "... không tìm thấy giấy tờ"). What sets
an error page apart is what it lacks: its text is a short notice (every sentence says the page is
missing or points home), its heading is not the story the URL names, and it carries no
publication date. A brief has sentences about something else, a headline that matches its URL's
slug, and a date. So a short page is an error page only when it has the notice *and* none of the
marks of an article; words alone only say where to look. One exception: a removed story keeps its
headline and date, and its whole text says that this page is gone ("Nội dung bài viết này đã bị
gỡ bỏ"); a notice about the page being read, with no other sentence, is an error page whatever
marks the page carries.

A login wall is a short teaser with a sign-in prompt or form next to the text, not a login box
in the site's header (which many article pages carry).
"""

from __future__ import annotations

import re

import lxml.etree

from crawler.extract import thresholds as th
from crawler.extract.dom import HtmlElement, class_id, lines_of, text_content
from crawler.extract.scoring import headline_links
from crawler.textnorm import clean_text, fold
from crawler.urls import absolute_url, url_article_id

# Words of "not found" notices, matched on folded text (no diacritics, lower case).
ERROR_WORDS = re.compile(
    r"\b404\b|\b410\b|not found|page error|khong tim thay|khong ton tai|trang loi|"
    r"da bi xoa|da bi go|bi go bo|da ngung|da het han|khong con ton tai|khong truy cap duoc|"
    r"duong dan (?:khong|da)|lien ket (?:khong|da|bi)|khong con hieu luc|no longer available|does not exist|"
    r"has been removed|temporarily unavailable|been blocked|access denied|\bforbidden\b|server error|"
    r"bad gateway|service unavailable"
)
# Sentences of a notice that point elsewhere. Only phrases a notice uses: "tìm kiếm", "liên hệ",
# "liên kết" and "đường dẫn" are everyday news words (a search and rescue, a police appeal, "liên
# kết vùng", a scam link) and are not here (a broken link's notice says so: ERROR_WORDS).
_NAV_WORDS = re.compile(
    r"trang chu|quay (?:lai|ve)|tro (?:lai|ve) trang|xin loi|rat tiec|nhan vao day|bam vao day|"
    r"click|home ?page|go back|vui long thu lai|vui long kiem tra|ban co the (?:tim|quay|thu)|"
    r"\bo tim kiem|\bthanh dia chi|kiem tra lai (?:dia chi|duong dan|url)|"
    r"(?:doc|xem) (?:cac )?(?:tin bai|bai viet|tin) khac"
)
# What a notice says is missing: the page itself.
_PAGE_WORDS = re.compile(
    r"\btrang\b|bai viet|noi dung|duong dan|lien ket|\burl\b|\bpage\b|\blink\b|tin bai|bai bao"
)
# A notice's sentence that the page's address moved or is wrong: "Đường dẫn có thể đã bị thay
# đổi", "Liên kết không chính xác". Only with the page as its subject: "thay đổi" is everyday news.
_MOVED = re.compile(
    r"^\W*(?:(?:co the|rat tiec|xin loi)\W+)?(?:trang|bai viet|noi dung|duong dan|lien ket|url|dia chi)"
    r"(?: (?:nay|ban(?: vua| dang)? (?:tim|can tim|truy cap|yeu cau)))?\W+(?:co the |co le )?(?:da )?"
    r"(?:bi |duoc )?(?:thay doi|di chuyen|doi ten|chuyen sang|khong (?:chinh xac|dung|hop le|con hieu luc)|"
    r"het hieu luc)"
)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# A web address quoted in a notice ("Không tìm thấy https://.../bai-123.html"): read as the word
# "url" (it names the page), not as sentences cut at each of its dots.
_WEB_ADDRESS = re.compile(r"(?:https?://|www\.)\S+", re.I)
# A sentence of real text has at least this many words (a notice's leftovers are fragments:
# "Trang chủ", "Lỗi", the paper's name).
_SENTENCE_WORDS = 6
# Page chrome, where neither a notice nor a sign-in prompt of the article is: header, menus,
# sidebars, footers, pop-ups.
_CHROME_TAGS = frozenset({"header", "nav", "footer", "aside"})
_CHROME_CLASS = re.compile(
    r"header|footer|menu|(?:^|[\s_-])nav|sidebar|side-bar|topbar|top-bar|modal|popup|"
    r"(?:^|[\s_-])(?:col-?right|cot-?phai|widget)(?:$|[\s_-])"
)
_COMMENT_CLASS = re.compile(r"comment|binh-?luan|binhluan|fb-comments|y-kien|ykien")
# Sign-in prompts that say the text itself is behind them ("đăng nhập để đọc"): a wall alone.
_LOGIN_TO_READ = (
    "đăng nhập để đọc",
    "đăng ký để đọc",
    "đăng ký tài khoản để đọc",
    "log in to read",
    "sign in to read",
)
# Sign-in prompts, these first; the others are everyday words too ("vui lòng đăng nhập lại sau 6
# giờ" in a brief on a portal's maintenance, "ưu đãi dành cho hội viên", "thí sinh đăng nhập để
# xem điểm") and make a wall only with a way to sign in beside them.
_LOGIN = (
    *_LOGIN_TO_READ,
    "vui lòng đăng nhập",
    "bạn cần đăng nhập",
    "đăng nhập để tiếp tục",
    "đăng nhập để xem",
    "dành cho thành viên",
    "dành cho hội viên",
    "hết lượt đọc",
    "tài khoản trả phí",
    "nâng cấp tài khoản",
    "gói đọc",
    "sign in to continue",
    "log in to continue",
    "subscribe to continue",
)
# A sign-in prompt for anything but reading (to comment, vote, save, follow) is not a wall in
# front of the text: "Bạn cần đăng nhập để bình chọn" under a brief.
_NOT_READING_LOGIN = re.compile(
    r"(?:đăng nhập|đăng ký)(?: tài khoản)? để (?!đọc|xem|tiếp)[^.!?\n]*|to (?:comment|vote|like|save)", re.I
)
# Where a sign-in form waits unseen (a modal the header's button opens): no wall in front of text.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
# What a sign-in, sign-up or subscription link or button starts with (its folded text, short) or
# where it points (a path segment: "/dang-nhap", "/goi-hoi-vien?ref=1", not "/dang-ky-xe-may-123").
_SIGN_IN_TEXT = re.compile(
    r"\W*(?:dang nhap|dang ky|log ?in|sign ?(?:in|up)|register|subscri|mua goi|nang cap|premium|"
    r"tro thanh (?:hoi|thanh) vien)"
)
_BUTTON_TEXT = 25  # a button says "Đăng ký gói đọc"; a story's headline is longer
_SIGN_IN_HREF = re.compile(
    r"(?:^|/)(?:dang-?nhap|dang-?ky|login|signin|sign-in|signup|register|subscribe|premium|"
    r"(?:mua|dang-ky)-goi[\w-]*|goi-(?:hoi-vien|thanh-vien|doc|cuoc)[\w-]*)(?:[/?.#]|$)"
)
# A story's headline has at least this many words ("Xem thêm", "Tin mới", "Trang 2" have fewer).
_HEADLINE_WORDS = 5
_SLUG_WORDS = re.compile(r"[a-z0-9]+")
_SLUG_STOP = frozenset({"html", "htm", "aspx", "php", "shtml", "amp", "www", "news", "tin", "bai"})


def notice_words(*texts: str) -> bool:
    """Whether any of the texts holds the words of a "not found" notice (a hint, not a verdict)."""
    return any(ERROR_WORDS.search(fold(t)) for t in texts if t)


def is_notice_sentence(sentence: str) -> bool:
    """A sentence of a "not found" notice: it says that a page (trang, bài viết, nội dung, đường
    dẫn ...) is missing, gone or moved, or it points home. "Hàng loạt clip xuyên tạc đã bị gỡ" says
    something is gone, but not a page: it is news."""
    words = fold(sentence)
    if _NAV_WORDS.search(words) or _MOVED.search(words):
        return True
    return bool(ERROR_WORDS.search(words)) and bool(_PAGE_WORDS.search(words))


def _sentences(line: str) -> list[str]:
    """The sentences of a line, a quoted web address counting as the one word "url"."""
    if "://" in line or "www." in line:
        line = _WEB_ADDRESS.sub("url", line)
    return _SENTENCE.findall(line)


def real_sentences(lines: list[str]) -> int:
    """Sentences of at least six words that are no notice sentence: a brief has some, a notice
    has none."""
    count = 0
    for line in lines:
        for sentence in _sentences(line):
            if len(sentence.split()) < _SENTENCE_WORDS or is_notice_sentence(sentence):
                continue
            count += 1
    return count


def reads_as_news(lines: list[str]) -> bool:
    """At least one real sentence, and no fewer than the notice sentences: a one-paragraph brief
    ("... Đến nay, toàn bộ các trang này đã bị xóa.") rather than a removed story's notice with a
    word of thanks ("Nội dung đã bị gỡ bỏ. Mời bạn quay lại trang chủ. Xin cảm ơn quý độc giả.")."""
    real = notice = 0
    for line in lines:
        for sentence in _sentences(line):
            if is_notice_sentence(sentence):
                notice += 1
            elif len(sentence.split()) >= _SENTENCE_WORDS:
                real += 1
    return real >= max(1, notice)


# The site's imprint (the footer's licence, editor-in-chief, copyright and address lines): what a
# page with no article shows as its only sentences, when its footer's class is not a known one.
# Matched on lower-case text with its diacritics (no folding: this is asked of every short text).
_IMPRINT = re.compile(
    r"giấy phép (?:số|hoạt động|thiết lập)|tổng biên tập|chịu trách nhiệm (?:nội dung|xuất bản|chính)|"
    r"bản quyền|copyright|©|ghi rõ nguồn|cơ quan chủ quản|địa chỉ to[àa] soạn|cơ quan của đảng bộ"
)


def is_imprint(text: str) -> bool:
    """A short text that is the site's imprint (two of its marks: licence, editor-in-chief,
    copyright, "ghi rõ nguồn"), with less than a brief besides: no story names its paper's
    licence, and a brief that a footer line was glued to is still a brief."""
    lower = text.lower()
    if len(set(_IMPRINT.findall(lower))) < 2:
        return False
    rest = [p for p in lower.split("\n\n") if not _IMPRINT.search(p)]
    return sum(map(len, rest)) < th.MIN_BRIEF


def names_the_article(title: str, url: str) -> bool:
    """The page is the story its URL names: an article URL (one with the CMS's id; a section's
    heading is its URL's slug too) whose slug the headline matches."""
    return url_article_id(url) is not None and headline_matches_url(title, url)


def headline_matches_url(title: str, url: str) -> bool:
    """Whether the headline is the story the URL's slug names (most article URLs carry one): a
    soft 404 served at an article's URL shows its own heading, never the missing story's."""
    path = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    slug = [w for w in _SLUG_WORDS.findall(path) if not w.isdigit() and w not in _SLUG_STOP]
    slug = [w for w in slug if not (len(w) > 6 and any(c.isdigit() for c in w))]  # "a196670" ids
    if len(slug) < 3:
        return False  # no slug to compare with ("/a123.html", "?id=5")
    words = set(_SLUG_WORDS.findall(fold(title)))
    return sum(w in words for w in slug) >= 0.6 * len(slug)


def is_error_page(
    *,
    title: str,
    page_title: str,
    lines: list[str],
    url: str,
    dated: bool,
) -> bool:
    """An error page or soft 404: the notice words are shown (headline, page title or the notice
    text ``lines``) and the text has no real sentence. A page marked as the article its URL names
    (``dated``: a publication date in the page's metadata, a date line alone can be a template's
    clock; or a headline that is the URL's slug) is one only when its text is the notice itself,
    sentences that say this very page is gone ("bài viết này đã bị gỡ bỏ", "trang bạn tìm không
    tồn tại"): a removed story keeps its headline and date, while a brief may say that a link
    expired and point readers to a portal's home page."""
    text = [line for line in lines if line != title]  # the heading is no sentence
    if not notice_words(title, page_title, *lines[:40]) and _notice_count(text) < 2:
        return False  # no word of a missing page, nor a text that only points elsewhere ("Oops!")
    marked = dated or names_the_article(title, url)
    if not marked and not reads_vietnamese(text):
        return True  # the web server's or a proxy's page (IIS, Cloudflare), in English, not a story
    if real_sentences(text) > 0:
        return False
    return not marked or says_this_page_is_gone(text)


def reads_vietnamese(lines: list[str]) -> bool:
    """Text in Vietnamese: letters with diacritics, at least one word in ten or so. A server's or a
    proxy's error page speaks English, and so do the sentences of its notice, which the Vietnamese
    notice words do not read."""
    text = " ".join(lines[:20])
    marked = len(_NON_ASCII_LETTER.findall(text))
    return marked >= 3 and marked * 50 >= marked + len(_ASCII_LETTER.findall(text))


_NON_ASCII_LETTER = re.compile(r"[^\W\d_a-zA-Z]")
_ASCII_LETTER = re.compile(r"[a-zA-Z]")


def _notice_count(lines: list[str]) -> int:
    """Notice sentences in the first lines of a text (a notice is short; a brief is not read on)."""
    return sum(is_notice_sentence(s) for line in lines[:8] for s in _sentences(line))


# "This page" in a notice: a page word that "này" or the reader ("bạn tìm", "bạn yêu cầu") points at.
_THIS_PAGE = re.compile(
    r"\b(?:trang|bai viet|noi dung|duong dan|lien ket|tin bai|bai bao)(?: \w+){0,2} "
    r"(?:nay|ban (?:vua |dang |can )?(?:tim|yeu cau|truy cap|muon))\b"
)


def says_this_page_is_gone(lines: list[str]) -> bool:
    """A notice sentence about the page being read ("Nội dung bài viết này đã bị gỡ bỏ")."""
    return any(
        is_notice_sentence(s) and _THIS_PAGE.search(fold(s)) for line in lines for s in _sentences(line)
    )


_TEXT_NODES = lxml.etree.XPath(".//text()[normalize-space()]")


def in_chrome(el: HtmlElement) -> bool:
    """Inside the page's header, menus, sidebars, footer or a pop-up."""
    node: HtmlElement | None = el
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in _CHROME_TAGS:
            return True
        ci = class_id(node)
        if ci and _CHROME_CLASS.search(ci):
            return True
        node = node.getparent()
    return False


def notice_lines(root: HtmlElement) -> list[str]:
    """The lines of the block that holds a "not found" notice, outside the page chrome: the
    element of the first text that says so, widened to its box while that stays small (a notice
    box holds a heading, a sentence or two and a link home, not the site's columns)."""
    body = root.find("body")
    for text in _TEXT_NODES(body if body is not None else root):
        if not ERROR_WORDS.search(fold(str(text))):
            continue
        el = text.getparent()
        if text.is_tail and el is not None:
            el = el.getparent()
        if el is None or in_chrome(el):
            continue
        box = el
        for _ in range(3):
            parent = box.getparent()
            if parent is None or parent.tag in ("body", "html") or in_chrome(parent):
                break
            if len(_unlinked(parent)) > th.NOTICE_BOX_TEXT:
                break
            box = parent
        links = {clean_text(text_content(a)) for a in box.iter("a")}
        return [line for line in lines_of(box) if line not in links]  # link lists are not text
    return []


def _unlinked(el: HtmlElement) -> str:
    """Text of an element outside its links (a notice box's size without its link lists)."""
    size = text_content(el)
    for a in el.iter("a"):
        size = size.replace(text_content(a), "", 1)
    return size.strip()


def _prompt_in(el: HtmlElement) -> bool:
    """A password field in ``el``, a prompt that says the text is behind a sign-in ("đăng nhập
    để đọc tiếp"), or another sign-in prompt with a way to sign in (a form, or a sign-in, sign-up
    or subscription link or button) in its own small box; never in a comment box. Those other
    words alone are news as often as a wall (see ``_LOGIN``)."""
    if _hidden(el):
        return False
    if el.tag == "input" and el.get("type") == "password":
        return not _in_comments(el)
    for field in el.iter("input"):
        if field.get("type") == "password" and not _in_comments(field) and _shown(field, el):
            return True
    text = _NOT_READING_LOGIN.sub(" ", clean_text(text_content(el)).lower())
    if any(p in text for p in _LOGIN_TO_READ):
        return True
    if not any(p in text for p in _LOGIN):
        return False
    return any(_offers_sign_in(_prompt_box(node, el)) for node in _prompt_nodes(el) if _shown(node, el))


def _hidden(el: HtmlElement) -> bool:
    """An element the reader does not see until a script shows it: a modal, a dialog, a template."""
    if el.tag in ("dialog", "template") or el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    style = el.get("style")
    return bool(style and _HIDDEN_STYLE.search(style.lower()))


def _shown(node: HtmlElement, top: HtmlElement) -> bool:
    """Neither ``node`` nor any of its wrappers up to ``top`` is hidden."""
    el: HtmlElement | None = node
    while el is not None:
        if _hidden(el):
            return False
        if el is top:
            return True
        el = el.getparent()
    return True


def _prompt_nodes(el: HtmlElement) -> list[HtmlElement]:
    """The elements whose own text (or tail) holds a sign-in prompt (few: asked only once the
    words are known to be in ``el``)."""
    found = []
    for node in el.iter():
        if not isinstance(node.tag, str):
            continue
        own = _NOT_READING_LOGIN.sub(" ", f"{node.text or ''} {node.tail or ''}".lower())
        if any(p in clean_text(own) for p in _LOGIN):
            found.append(node)
    return found or [el]


def _prompt_box(node: HtmlElement, top: HtmlElement) -> HtmlElement:
    """The prompt's box: its element widened, at most three levels and never past ``top``, while
    it stays the size of a prompt (a line or two and its buttons, not the article's text)."""
    box = node
    for _ in range(3):
        parent = box.getparent()
        if box is top or parent is None or len(_unlinked(parent)) > th.PROMPT_BOX_TEXT:
            break
        box = parent
    return box


def _offers_sign_in(box: HtmlElement) -> bool:
    """A form, or a link or button that signs in, signs up or subscribes, in ``box``."""
    for el in box.iter("form", "a", "button", "input"):
        if el.tag == "form":
            return True
        said = fold(f"{el.get('value') or ''} {text_content(el)}").strip()
        if len(said) <= _BUTTON_TEXT and _SIGN_IN_TEXT.match(said):
            return True
        if _SIGN_IN_HREF.search(el.get("href") or el.get("action") or ""):
            return True
    return False


def _in_comments(el: HtmlElement) -> bool:
    node: HtmlElement | None = el
    while node is not None and node.tag not in ("body", "html"):
        ci = class_id(node)
        if ci and _COMMENT_CLASS.search(ci):
            return True
        if node.tag == "form" and _NOT_READING_LOGIN.search(clean_text(text_content(node))):
            return True
        node = node.getparent()
    return False


def login_wall_after(body_el: HtmlElement) -> bool:
    """A sign-in prompt or password form in the text or right after it: the text element and
    the first two boxes that follow it or any of its three nearest wrappers (the wall closes the
    teaser, however deep the CMS wraps it), never the header or a comment box."""
    if _prompt_in(body_el):
        return True
    node: HtmlElement | None = body_el
    for _ in range(4):
        if node is None or node.tag in ("body", "html"):
            return False
        sibling = node.getnext()
        seen = 0
        while sibling is not None and seen < 2:
            if isinstance(sibling.tag, str):
                seen += 1
                if not in_chrome(sibling) and _prompt_in(sibling):
                    return True
            sibling = sibling.getnext()
        node = node.getparent()
    return False


def login_wall_anywhere(root: HtmlElement) -> bool:
    """For a page with no article text at all: a sign-in form or prompt that the reader sees,
    outside the page chrome and comment boxes, explains it."""
    body = root.find("body")
    for el in (body if body is not None else root).iter("input", "form", "div", "p", "section"):
        if el.tag == "input":
            if el.get("type") == "password" and _wall_part(el, root):
                return True
            continue
        if len(el) > 12 or in_chrome(el):
            continue  # a container of the whole page; its parts are looked at one by one
        text = _NOT_READING_LOGIN.sub(" ", clean_text(text_content(el)).lower())
        if len(text) < 400 and any(p in text for p in _LOGIN) and _prompt_in(el) and _shown(el, root):
            return True  # a prompt, with a way to sign in unless it says the text is behind it
    return False


def _wall_part(field: HtmlElement, root: HtmlElement) -> bool:
    """A sign-in field the reader sees, outside the page chrome and comment boxes."""
    return not in_chrome(field) and not _in_comments(field) and _shown(field, root)


def is_listing_page(root: HtmlElement) -> bool:
    """Many headline links on a page without an article body: a section page."""
    return headline_links(root) >= th.PAGE_LISTING_HEADLINES


def is_section_page(root: HtmlElement, url: str) -> bool:
    """A page at an address that names no story (a section, a tag, a search) whose
    links are story headlines, many of them: the section's list, whatever markup its cards use
    (many lists put no heading around their links). Asked only of a page without article text:
    an article's own sidebars hold as many."""
    return section_address(url) and story_links(root, url) >= th.SECTION_STORY_LINKS


_LONG_NUMBER = re.compile(r"\d{4,}")
_ID_QUERY = re.compile(r"[?&][\w-]*id=\d", re.I)


def section_address(url: str) -> bool:
    """An address that names no story: no CMS id, no long number in its path, no id in its query
    ("/thoi-su/", "/kinh-doanh.htm", "/tag/nong-thon-moi.html"; not "/a451230.html", not
    "/tin-tuc/chi-tiet?id=5")."""
    path = url.split("?", 1)[0].split("#", 1)[0].split("://", 1)[-1].partition("/")[2]
    if _ID_QUERY.search(url):
        return False
    return url_article_id(url) is None and not _LONG_NUMBER.search(path)


def story_links(root: HtmlElement, url: str) -> int:
    """Distinct links to article addresses (with a CMS id) whose text reads as a headline."""
    seen: set[str] = set()
    for a in root.iter("a"):
        href = a.get("href")
        if not href or href in seen or href.startswith(("#", "javascript:", "mailto:")):
            continue
        text = text_content(a).split()
        if len(text) < _HEADLINE_WORDS:
            continue
        try:
            target = absolute_url(href, url)
        except ValueError:
            continue
        if url_article_id(target) is not None:
            seen.add(href)
    return len(seen)
