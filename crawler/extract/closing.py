"""The lines that close an article's text: the byline ("MINH KHOA", "Tin, ảnh: P.Y", two
names on two lines set alike), the credit ("Theo TTXVN", a source glued to the last sentence)
and a series' note ("(Còn nữa)"). ``body.assemble`` takes them off the text and reads them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from crawler.extract import people
from crawler.extract.content import Para
from crawler.extract.dom import HtmlElement, text_content
from crawler.extract.taxonomy.tags import tag_line
from crawler.textnorm import clean_text

_SOURCE_START = re.compile(r"^[\(\[]?\s*(?:theo|nguồn|nguon|source)\b", re.I)


# A series' closing note: "(Còn nữa)", "(Còn tiếp)", "(Hết)", "Kỳ sau: ...", "Bài 2: ..." (the next
# part's title, set apart in italics or on the right), and a role after the byline ("(CTV)").
_SERIES_NOTE = re.compile(
    r"^[\(\[]\s*(?:còn nữa|còn tiếp|hết|kỳ tới|kỳ sau|cộng tác viên|ctv|tổng hợp)\s*[\)\]]\.?$"
    r"|^(?:kỳ|bài) (?:sau|tới|cuối|\d{1,2})\s*:",
    re.I,
)


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


def byline_after(body: HtmlElement, site_names: tuple[str, ...]) -> list[str]:
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
