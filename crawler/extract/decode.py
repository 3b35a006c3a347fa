"""Fetched bytes -> page text: refuse payloads that are not HTML, and pick the encoding that the
bytes really use when the declared one is wrong.

Provincial CMSs lie about their charset in both directions: pages moved to UTF-8 keep a
``windows-1258`` meta (handled by ``dom.load_html``: valid UTF-8 is UTF-8), and old Windows
Vietnamese (cp1258) pages declare ``utf-8`` or ``iso-8859-1``. Decoding the latter as declared
gives U+FFFD or ``Ã``-style mojibake in every word, so the declaration is only trusted when the
bytes fit it.
"""

from __future__ import annotations

from w3lib.encoding import html_body_declared_encoding, html_to_unicode

from crawler.extract.errors import NotAnArticle

# Leading bytes of payloads that servers sometimes send at an article URL (a broken CMS route,
# a PDF edition, a lazy-loaded image). Parsing them as HTML only yields a misleading reason.
# ``.`` stands for a first byte that a text decoding may have replaced (U+FFFD).
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b".PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"......JFIF", "a JPEG image"),
    (b"......Exif", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b\x08", "gzip-compressed data"),
    (b"\x1f.\x08", "gzip-compressed data"),
    (b"\xd0\xcf\x11\xe0", "an old office document"),
    (b"ID3", "an MP3 file"),
)
_WESTERN = frozenset({"cp1252", "latin-1", "latin_1", "iso8859-1", "ascii"})
# cp1258 bytes of the combining tone marks (grave, acute, tilde, hook above, dot below) and of the
# letters Vietnamese has and Western languages lack (Ă ă Đ đ Ơ ơ Ư ư).
_CP1258_VIETNAMESE = b"\xcc\xec\xde\xd2\xf2\xc3\xe3\xd0\xf0\xd5\xf5\xdd\xfd"


def refuse_binary(raw: bytes | str) -> None:
    """Raise NotAnArticle when the payload is an image, PDF or archive rather than a page; also
    on text that a client decoded from such bytes (Scrapy makes an HtmlResponse of any ``.html``
    URL, whatever its Content-Type)."""
    if isinstance(raw, str):
        raw = raw[:1024].encode("latin-1", "replace")
    head = raw[:16].lstrip()
    for magic, what in _MAGIC:
        if len(head) >= len(magic) and all(m in (46, h) for m, h in zip(magic, head, strict=False)):
            raise NotAnArticle(f"not an HTML page: {what}", "binary")
    if raw[:1024].count(b"\x00") >= 4 and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NotAnArticle("not an HTML page: binary data", "binary")


def decode_bytes(raw: bytes) -> str:
    """Text of a page whose bytes are not valid UTF-8 (see the module docstring for the rules)."""
    encoding = _choose(raw)
    return html_to_unicode(f"text/html; charset={encoding}", raw)[1]


def utf8_cut_short(raw: bytes) -> str | None:
    """The text of UTF-8 bytes whose last character was cut in the middle (a truncated page)."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(raw) - 3:
            try:
                return raw[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                return None
    return None


def _choose(raw: bytes) -> str:
    declared = html_body_declared_encoding(raw)
    if declared in (None, "utf-8"):
        if _mostly_utf8(raw):
            return "utf-8"  # a UTF-8 page with a few broken bytes: keep its many good characters
        return _single_byte(raw)
    if declared in _WESTERN and _vietnamese_cp1258(raw):
        return "cp1258"
    return declared


def _mostly_utf8(raw: bytes) -> bool:
    text = raw.decode("utf-8", "replace")
    bad = text.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    ascii_bytes = len(raw) - len(raw.translate(None, bytes(range(128))))
    good = len(text) - ascii_bytes - bad
    return good > bad


def _single_byte(raw: bytes) -> str:
    try:
        raw.decode("cp1258")
    except UnicodeDecodeError:
        return "cp1252"
    return "cp1258"


def _vietnamese_cp1258(raw: bytes) -> bool:
    """Bytes that, read as cp1258, are Vietnamese: tone marks and ă/đ/ơ/ư make up much of the
    non-ASCII text (in Western text the same bytes are rare letters such as Ì, Þ, ò)."""
    try:
        raw.decode("cp1258")
    except UnicodeDecodeError:
        return False
    high = raw.translate(None, bytes(range(128)))
    marks = len(high) - len(high.translate(None, _CP1258_VIETNAMESE))
    return marks >= 3 and marks * 4 >= len(high)
