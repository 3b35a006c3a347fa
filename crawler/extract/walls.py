"""Login walls: a short teaser with a sign-in prompt or form next to its text.

A sign-in box in the site's header, a comment form, or a prompt to vote, save or follow is no
wall (many article pages carry them); a prompt that says the text itself is behind it ("đăng
nhập để đọc") is one on its own, and the everyday sign-in words ("vui lòng đăng nhập", "dành cho
hội viên") make one only with a way to sign in in the same small box. Error notices and listings
are ``refusal``'s.
"""

from __future__ import annotations

import re

from crawler.extract import thresholds as th
from crawler.extract.dom import HtmlElement, class_id, text_content
from crawler.extract.refusal import in_chrome, unlinked_text
from crawler.textnorm import clean_text, fold

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
    "dành cho thuê bao",
    "dành cho tài khoản",
    "tài khoản vip",
    "gói premium",
    "đọc toàn bộ bài viết",
    "đọc toàn bộ nội dung",
    "để đọc tiếp",
    "để tiếp tục đọc",
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
    return any(
        _offers_sign_in(box) or _paywall_box(node, box)
        for node in _prompt_nodes(el)
        if _shown(node, el)
        for box in (_prompt_box(node, el),)
    )


def _paywall_box(node: HtmlElement, box: HtmlElement) -> bool:
    """The prompt sits in a box named as a paywall (``node`` up to its prompt ``box``)."""
    el: HtmlElement | None = node
    while el is not None:
        if _PAYWALL_CLASS.search(class_id(el)):
            return True
        if el is box:
            return False
        el = el.getparent()
    return False


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
        if box is top or parent is None or len(unlinked_text(parent)) > th.PROMPT_BOX_TEXT:
            break
        box = parent
    return box


# A box named as a paywall: its buttons may be gone (the page's <button>s are stripped).
_PAYWALL_CLASS = re.compile(r"paywall|premium|subscri|(?:^|[\s_-])(?:lock|locked|vip)(?:$|[\s_-])")


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
