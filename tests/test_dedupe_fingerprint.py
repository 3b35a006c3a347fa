"""SimHash fingerprints are stored (the state store compares new bodies against them), so the fast
``body_fingerprint`` must give bit for bit what the first implementation gave.

The pinned values below were computed by that implementation (per-shingle ``blake2b`` hex digests,
per-bit majority vote) before it was optimised; ``_reference_fingerprint`` restates it plainly so
that generated texts are checked too. All text here is written for these tests.
"""

from __future__ import annotations

import re
import unicodedata
from hashlib import blake2b

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.textnorm import clean_text
from pipelines.dedupe import MIN_SHINGLES, _utf8_words, body_fingerprint, shingles, simhash64
from tests.pipeline_helpers import BODY_BORDER, BODY_FLOWERS, BODY_RICE


def _lcg_words(n: int, seed: int, vocab: list[str]) -> list[str]:
    """Deterministic pseudo-random words (no dependence on ``random``'s algorithm)."""
    out, x = [], seed
    for _ in range(n):
        x = (x * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        out.append(vocab[(x >> 33) % len(vocab)])
    return out


VOCAB = ["đà", "lạt", "hoa", "mai", "nông", "dân", "giá", "lúa", "tăng", "mạnh", "tỉnh", "lâm", "đồng",
         "năm", "2024", "người", "dân", "phố", "núi", "hồ", "xuân", "hương", "cà", "phê", "rau"]  # fmt: skip
BASE = (
    "Sáng 12/3, tại thành phố Đà Lạt (tỉnh Lâm Đồng), UBND tỉnh tổ chức lễ khai mạc Lễ hội Hoa "
    "Đà Lạt lần thứ X năm 2024 với chủ đề “Đà Lạt – Kết nối di sản”. Hàng nghìn người dân và du "
    "khách đã đến tham dự; nhiều gian hàng trưng bày hoa, rau, cà phê: đặc sản của địa phương!"
)
TEXTS = {
    "vietnamese_nfc": BASE + "\n\n" + BASE.upper(),
    # Decomposed diacritics, NBSP, a zero-width space and a soft hyphen: the text must be cleaned first.
    "vietnamese_nfd_nbsp_invisible": unicodedata.normalize("NFD", BASE)
    .replace(" ", "\u00a0", 5)
    .replace("Lạt", "L\u200bạt")
    .replace("khai", "kh\u00adai")
    + "\r\n\t"
    + BASE,
    # Case folds that change length or leave a combining mark, underscores, ligatures, numerals.
    "casefold_specials": " ".join(["Straße", "ǰ", "İstanbul", "snake_case", "ΣΊΣΥΦΟΣ", "ﬁle", "x²", "Ⅻ"] * 6)
    + " "
    + BASE,
    "english_upper": ("The QUICK brown fox, jumps over the lazy dog... " * 8).strip(),
    "long_generated": " ".join(_lcg_words(5000, 7, VOCAB)),  # more shingles than any cached bit mask
    "paragraphs_generated": "\n\n".join(" ".join(_lcg_words(40, s, VOCAB)) for s in range(1, 12)),
    "exactly_25_shingles": " ".join(_lcg_words(27, 3, VOCAB)),
    "24_shingles": " ".join(_lcg_words(26, 3, VOCAB)),
    "punctuation_only_words": "a-b-c, d.e.f; (g) [h] 'i' \"j\" k/l m%n o+p q&r s*t u#v w@x y=z " * 3,
    "body_flowers": BODY_FLOWERS,
    "body_rice": BODY_RICE,
    "body_border": BODY_BORDER,
}
PINNED = {
    "vietnamese_nfc": 0xAD5986F87A6AD45A,
    "vietnamese_nfd_nbsp_invisible": 0xAD5986F87A6AD45A,
    "casefold_specials": 0xD218625D1ECB17C7,
    "english_upper": 0x53B17FA87C6062E4,
    "long_generated": 0x91EDAA7BA1AA9086,
    "paragraphs_generated": 0x82A90EA1A0F63856,
    "exactly_25_shingles": 0x79F98C7394FFB56D,
    "24_shingles": None,
    "punctuation_only_words": 0xE6CC8322A1436495,
    "body_flowers": 0x08E0967A2BFEA04F,
    "body_rice": 0xE402DD12D9347B26,
    "body_border": 0x3BAFB8070BDC75E3,
}


def _reference_fingerprint(text: str) -> int | None:
    """The original definition, written for clarity: bit k is set when more than half of the word
    3-shingles' 8-byte blake2b digests (read big-endian) have bit k set."""
    words = re.findall(r"\w+", clean_text(text).casefold())
    features = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    if len(features) < MIN_SHINGLES:
        return None
    hashes = [int.from_bytes(blake2b(f.encode("utf-8"), digest_size=8).digest(), "big") for f in features]
    return sum(1 << k for k in range(64) if 2 * sum(h >> k & 1 for h in hashes) > len(hashes))


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_fingerprints_are_those_already_stored(name: str) -> None:
    assert body_fingerprint(TEXTS[name]) == PINNED[name]
    assert _reference_fingerprint(TEXTS[name]) == PINNED[name]


def test_pinned_texts_cover_short_and_long_bodies() -> None:
    assert len(shingles(TEXTS["exactly_25_shingles"])) == MIN_SHINGLES
    assert len(shingles(TEXTS["24_shingles"])) == MIN_SHINGLES - 1
    assert len(shingles(TEXTS["long_generated"])) > 4096


def test_simhash64_of_features() -> None:
    assert simhash64([]) == 0
    assert simhash64(["a", "b c d", "đà lạt hoa"]) == 0x3AEA9A304A76523A
    assert simhash64(iter(shingles(BODY_FLOWERS))) == PINNED["body_flowers"]


@pytest.mark.parametrize("body", [None, 42, b"bytes body", ["a list"], ""])
def test_non_text_or_empty_bodies_have_no_fingerprint(body: object) -> None:
    assert body_fingerprint(body) is None


_PIECES = st.sampled_from(
    ["đà", "Lạt", "HOA", "mai", "x", "2024", "_", "snake_case", "Straße", "ǰ", "İ", "ﬁ", "ΣΣ", "ạ",
     "a\u0301", "\u0301", "\u200b", "\u00ad", "\ufeff", "日本", "٣", "²", "…", "“", "”", "–", "-", ",", ".",
     ";", "!", "?", "(", ")", "'", '"', "/", "%", "😀", "\U000e0001"]
)  # fmt: skip
_SEPARATORS = st.sampled_from(
    [" ", " ", " ", "  ", "\n\n", "\n", "\t", "\u00a0", "\u3000", "\r\n", "\x1c", ""]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_PIECES, _SEPARATORS), min_size=0, max_size=120))
def test_generated_texts_match_the_reference(parts: list[tuple[str, str]]) -> None:
    text = "".join(piece + sep for piece, sep in parts)
    assert body_fingerprint(text) == _reference_fingerprint(text)


_CLEAN_WORDS = st.sampled_from(
    [*VOCAB, "Đà", "LẠT", "Xuân", "UBND", "COVID", "19", "x²", "٣", "日本", "snake_case", "ﬁ", "Ⅻ"]
)
_CLEAN_SEPARATORS = st.sampled_from(
    [" ", " ", " ", ", ", ". ", " – ", "\n\n", " (", ") ", "/", "-", "…", ": "]
)
_DEFECTS = st.sampled_from(
    [
        "_",
        "\u00a0",
        "\u200b",
        "\u00ad",
        "\u0301",
        "a\u0301",
        "ǰ",
        "İ",
        "ß",
        "\u3000",
        "¿",
        "§",
        "\x1c",
        "😀",
        "\u1100\u1161",
        "\uf900",
    ]
)


@st.composite
def _article_like(draw: st.DrawFn) -> str:
    """Mostly clean text (what the validate pipeline hands on), some with one or two characters the
    fast path must not take: both paths get exercised."""
    parts = draw(st.lists(st.tuples(_CLEAN_WORDS, _CLEAN_SEPARATORS), min_size=20, max_size=150))
    text = "".join(word + sep for word, sep in parts)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw(_DEFECTS) + text[at:]
    return text


@settings(max_examples=300, deadline=None)
@given(_article_like())
def test_clean_article_like_texts_match_the_reference(text: str) -> None:
    assert body_fingerprint(text) == _reference_fingerprint(text)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_article_like(), st.text(max_size=60)))
def test_fast_word_split_is_the_regex_definition(text: str) -> None:
    """A fingerprint survives one wrong shingle (that is its point), so the words are compared too."""
    expected = [w.encode("utf-8") for w in re.findall(r"\w+", clean_text(text).casefold())]
    assert _utf8_words(text) == expected


def test_pinned_values_hold_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    """Clean NFC text never needs the regex definition; decomposed text always does."""
    from pipelines import dedupe

    def no_regex(text: str) -> list[str]:
        raise AssertionError("the fast path should have handled this text")

    monkeypatch.setattr(dedupe, "_words", no_regex)
    for name in ("vietnamese_nfc", "english_upper", "long_generated", "body_flowers", "body_rice"):
        assert body_fingerprint(TEXTS[name]) == PINNED[name]
    with pytest.raises(AssertionError):
        body_fingerprint(TEXTS["vietnamese_nfd_nbsp_invisible"])
