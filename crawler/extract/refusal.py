"""Whether a page that is not plainly an article is an error page or a listing.

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

Login walls are decided in ``walls``, which shares the page-chrome test (``in_chrome``).
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
# A story's headline has at least this many words ("Xem thêm", "Tin mới", "Trang 2" have fewer).
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
    if not dated and is_service_notice(title, text) and not names_the_article(title, url):
        return True  # "Website đang bảo trì": the site down for maintenance, suspended or for sale
    if not notice_words(title, page_title, *lines[:40]) and _notice_count(text) < 2:
        return False  # no word of a missing page, nor a text that only points elsewhere ("Oops!")
    marked = dated or names_the_article(title, url)
    if not marked and not reads_vietnamese(text):
        return True  # the web server's or a proxy's page (IIS, Cloudflare), in English, not a story
    if real_sentences(text) > 0:
        return False
    return not marked or says_this_page_is_gone(text)


# A notice that the site itself is down: the site (website, trang web, hệ thống, tên miền ...) and
# its state (bảo trì, nâng cấp, tạm ngừng, rao bán ...), or an apology for the wait. Folded text.
_SITE_WORDS = re.compile(
    r"\b(?:website|web ?site|trang web|trang thong tin|trang tin|he thong|chuyen trang|ten mien|"
    r"bao dien tu|trang nay)\b"
)
_DOWN_WORDS = re.compile(
    r"\b(?:bao tri|nang cap|tam ngung|ngung hoat dong|gian doan|rao ban|chuyen nhuong|"
    r"(?:khong|chua) the truy cap|maintenance|under construction)\b"
)
_WAIT_WORDS = re.compile(r"\b(?:quay lai sau|tro lai sau|som tro lai|thong cam|bat tien|kien nhan)\b")
_THIS_SITE = re.compile(_SITE_WORDS.pattern + r"(?: \w+){0,3} nay\b")
_SERVICE_HEADLINE_WORDS = 5  # "Tạm ngừng hoạt động" alone names no story's subject


def is_service_notice(title: str, lines: list[str]) -> bool:
    """A page that says the site itself is down (maintenance, suspended, a domain for sale): its
    heading says so (the site and its state, or the state alone in a few words) and its sentences
    say so or apologise for the wait at least as often as they say anything else. Asked of a page
    without a metadata date whose headline is not its URL's slug: a brief on a portal's maintenance
    ("Cổng dịch vụ công tạm ngừng để bảo trì") has its date, slug and sentences of its own."""
    head = fold(title)
    if not _DOWN_WORDS.search(head):
        return False
    if not _SITE_WORDS.search(head) and len(head.split()) > _SERVICE_HEADLINE_WORDS:
        return False
    down = other = 0
    # "trang thông tin điện tử này", "tên miền này", "mong quý độc giả thông cảm": the page speaks of
    # its own site, or to its reader about the wait
    itself = False
    for line in lines[:8]:
        for sentence in _sentences(line):
            words = fold(sentence)
            waits = _WAIT_WORDS.search(words) is not None
            if waits or (_SITE_WORDS.search(words) and _DOWN_WORDS.search(words)):
                down += 1
                itself = itself or waits or bool(_THIS_SITE.search(words))
            elif len(sentence.split()) >= _SENTENCE_WORDS:
                other += 1
    # more sentences about the site being down than about anything else; as many when the page
    # speaks of its own site or of the wait (a brief names whose website is down: "Website của Sở
    # Y tế", and what to do meanwhile)
    return down > other or (down >= 1 and down == other and itself)


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
            if len(unlinked_text(parent)) > th.NOTICE_BOX_TEXT:
                break
            box = parent
        links = {clean_text(text_content(a)) for a in box.iter("a")}
        return [line for line in lines_of(box) if line not in links]  # link lists are not text
    return []


def unlinked_text(el: HtmlElement) -> str:
    """Text of an element outside its links (a notice box's size without its link lists)."""
    size = text_content(el)
    for a in el.iter("a"):
        size = size.replace(text_content(a), "", 1)
    return size.strip()


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
        if len(text) < th.HEADLINE_WORDS:
            continue
        try:
            target = absolute_url(href, url)
        except ValueError:
            continue
        if url_article_id(target) is not None:
            seen.add(href)
    return len(seen)
