"""``clean_text`` is the one definition of clean text: it must keep meaning exactly what its
docstring says however it is implemented (the fast path avoids regexes)."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from crawler.textnorm import clean_text, content_hash, fold, word_count

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")


def reference_clean(text: str) -> str:
    """The definition: drop invisible characters, NFC, collapse every ``\\s`` run, strip."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    return _SPACES.sub(" ", text).strip()


# Letters with and without diacritics (precomposed and combining), every kind of Unicode space
# and the invisible characters CMS editors leave behind.
_ALPHABET = "aeđĐươ ếệ\u0301\u0323\n\t\r\x0b\x0c\x1c\x1f\x85\xa0\u2003\u2028\u202f\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad"


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_clean_text_matches_its_definition(text):
    assert clean_text(text) == reference_clean(text)


@given(st.text(max_size=40))
def test_clean_text_matches_its_definition_on_any_text(text):
    assert clean_text(text) == reference_clean(text)


def test_clean_text_examples():
    assert clean_text("  Đà\u00a0Lạt\u200b  đón\n\n mùa hoa ") == "Đà Lạt đón mùa hoa"
    assert clean_text("Le\u0302\u0323 ho\u0302\u0323i") == "Lệ hội"  # decomposed -> precomposed
    assert clean_text("A &amp; B", unescape=True) == "A & B"
    assert clean_text(None) == "" and clean_text(" \u200b ") == ""


def test_content_hash_ignores_whitespace_and_case_only():
    base = content_hash("Tiêu đề", "Đoạn một.\n\nĐoạn hai.")
    assert content_hash("  tiêu  ĐỀ ", "Đoạn một. Đoạn hai.") == base
    assert content_hash("Tiêu đề", "Đoạn một. Đoạn ba.") != base


def test_fold_strips_diacritics_and_case():
    assert fold("Cập nhật lúc 20:47, Thứ Tư") == "cap nhat luc 20:47, thu tu"
    assert fold("ĐÀ LẠT") == "da lat"


def reference_fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


@given(st.text(max_size=30))
def test_fold_matches_its_definition(text):
    assert fold(text) == reference_fold(text)


@given(st.text(alphabet="aAđĐơƯếỆ\u0301\u0323\u0345\u1dc0\u20d0\ufe20\U0001d165 ", max_size=20))
def test_fold_drops_every_combining_mark(text):
    assert fold(text) == reference_fold(text)


@given(st.lists(st.text(), max_size=6), st.text(max_size=20))
def test_content_hash_of_a_clean_body_equals_the_general_path(raw_paras, title):
    # The extractor's body: clean_text'ed paragraphs joined by blank lines (decomposed
    # diacritics, NBSP, zero-width characters and whitespace runs are all cleaned first).
    body = "\n\n".join(t for t in map(clean_text, raw_paras) if t)
    assert content_hash(title, body, body_clean=True) == content_hash(title, body)
    assert word_count(body, body_clean=True) == word_count(body)


def test_content_hash_clean_body_of_decomposed_vietnamese():
    body = "\n\n".join(
        clean_text(p) for p in ["Ha\u0300 No\u0302\u0323i\u200b  mu\u0300a", "\u0301 đầu\u00a0dòng"]
    )
    assert content_hash("T", body, body_clean=True) == content_hash("T", body)
