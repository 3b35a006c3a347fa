"""The fast paths of the validate and export pipelines give the answers of the slow, obvious code.

* ``article_is_valid`` (the schema compiled to Python checks) against jsonschema's verdict;
* ``item_to_dict`` against ``ItemAdapter(item).asdict()``;
* ``normalize_body`` / ``normalize`` on already-clean bodies against cleaning paragraph by paragraph.

All text here is written for these tests.
"""

from __future__ import annotations

import dataclasses
import math
import unicodedata
from typing import Any

import orjson
import pytest
import scrapy
from hypothesis import example, given, settings
from hypothesis import strategies as st
from itemadapter import ItemAdapter

from crawler.items import ARTICLE_FIELDS, ArticleItem, article_is_valid, article_validator, item_to_dict
from crawler.schemacheck import UnsupportedSchema, compile_schema
from crawler.textnorm import content_hash, word_count
from pipelines.export import encode_line
from pipelines.validate import _paragraphs, normalize, normalize_body
from tests.pipeline_helpers import BODY_BORDER, BODY_FLOWERS, make_item

# --- compiled schema check ------------------------------------------------------------------------

_DATES = st.sampled_from(
    [
        "2026-03-02T08:15:00+07:00",
        "2026-03-02T08:15:00+07:00\n",  # Python's $ matches before a final newline, as jsonschema's
        "2026-03-02T08:15:00+00:00",
        "2026-03-02T08:15:00.5+00:00",
        "２０２６-03-02T08:15:00+07:00",  # fullwidth digits are \d in Python regexes
        "02/03/2026",
        "",
    ]
)
_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, 1.0, -1.0, 2.5]),
    st.text(max_size=8),
    _DATES,
    st.sampled_from(["vi", "en", "https://a.vn/x", "ftp://a.vn", "baolamdong.vn:123", "ab" * 8, "AB" * 8]),
    st.lists(st.one_of(st.none(), st.text(max_size=5), st.integers()), max_size=3),
    st.tuples(st.text(max_size=5)),
    st.lists(
        st.dictionaries(
            st.sampled_from(["url", "caption", "alt"]),
            st.one_of(st.none(), st.text(max_size=5), st.just("https://a.vn/i.jpg"), st.integers()),
            max_size=3,
        ),
        max_size=2,
    ),
    st.dictionaries(st.text(max_size=3), st.none(), max_size=2),
)
_FIELDS = st.sampled_from([*ARTICLE_FIELDS, "extra_field"])


@settings(max_examples=600, deadline=None)
@given(
    changes=st.dictionaries(_FIELDS, _VALUES, max_size=4),
    removed=st.lists(st.sampled_from(ARTICLE_FIELDS), max_size=2),
)
def test_compiled_check_gives_jsonschemas_verdict(changes: dict[str, Any], removed: list[str]) -> None:
    item = {**make_item(), **changes}
    for name in removed:
        item.pop(name, None)
    assert article_is_valid(item) == article_validator().is_valid(item)


def test_compiled_check_accepts_a_valid_item_and_rejects_each_kind_of_fault() -> None:
    assert article_is_valid(make_item())
    assert article_is_valid(make_item(word_count=3.0, revision=1, near_duplicate_of=None, flags=[]))
    faults: list[dict[str, Any]] = [
        {"word_count": True},
        {"word_count": -1},
        {"revision": 0},
        {"language": "en"},
        {"title": ""},
        {"tags": ("a",)},
        {"tags": [""]},
        {"images": [{"url": "https://a.vn/i.jpg"}]},
        {"images": [{"url": "https://a.vn/i.jpg", "caption": None, "alt": "x"}]},
        {"published_at": "2026-03-02 08:15"},
        {"content_hash": "XYZ"},
        {"id": "no colon"},
        {"extra_field": 1},
    ]
    for fault in faults:
        item = {**make_item(), **fault}
        assert not article_validator().is_valid(item), fault
        assert not article_is_valid(item), fault
    missing = make_item()
    del missing["source_name"]
    assert not article_is_valid(missing)
    assert article_is_valid(["not", "an", "object"]) is False


@pytest.mark.parametrize(
    ("schema", "instance", "valid"),
    [
        ({"type": "integer"}, 1.0, True),
        ({"type": "integer"}, True, False),
        ({"type": "integer"}, 1.5, False),
        ({"minimum": 0}, math.nan, True),
        ({"minimum": 0}, "not a number", True),
        ({"minimum": 0}, -1, False),
        ({"type": ["string", "null"]}, None, True),
        ({"type": "array", "items": {"type": "string"}}, ["a", 1], False),
        ({"pattern": "^a$"}, 5, True),
        ({"const": "vi"}, "vi", True),
        (True, object(), True),
        (False, None, False),
    ],
)
def test_compiled_keywords_follow_jsonschema(schema: Any, instance: Any, valid: bool) -> None:
    from jsonschema import Draft202012Validator

    assert Draft202012Validator(schema).is_valid(instance) is valid
    assert compile_schema(schema)(instance) is valid


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "string", "format": "date"},
        {"anyOf": [{"type": "string"}]},
        {"type": "object", "additionalProperties": {"type": "string"}},
        {"const": 1},
        {"prefixItems": [{"type": "string"}], "items": False},
    ],
)
def test_unknown_keywords_are_refused_not_ignored(schema: dict[str, Any]) -> None:
    with pytest.raises(UnsupportedSchema):
        compile_schema(schema)


# --- item_to_dict ---------------------------------------------------------------------------------


class ImageItem(scrapy.Item):
    url = scrapy.Field()
    caption = scrapy.Field()


@dataclasses.dataclass
class Note:
    text: str
    tags: tuple[str, ...] = ()


class Tags(list):
    pass


def _nested_item() -> ArticleItem:
    item = ArticleItem(**make_item())
    item["images"] = [ImageItem(url="https://a.vn/i.jpg", caption=None), {"url": "https://a.vn/j.jpg"}]
    item["tags"] = Tags(["a", "b"])
    item["flags"] = ("x", frozenset({"y"}), {"z"})
    item["lead"] = Note("n", ("t",))  # type: ignore[assignment]
    return item


@pytest.mark.parametrize(
    "item",
    [
        make_item(),
        ArticleItem(**make_item()),
        _nested_item(),
        {"a": [{"b": [1, 2.5, None, True]}]},
        Note("x"),
    ],
)
def test_item_to_dict_is_itemadapters_asdict(item: Any) -> None:
    expected = ItemAdapter(item).asdict()
    got = item_to_dict(item)
    assert got == expected
    assert [type(v) for v in got.values()] == [type(v) for v in expected.values()]
    assert list(got) == list(expected)


def test_item_to_dict_copies_containers() -> None:
    item = ArticleItem(**make_item())
    got = item_to_dict(item)
    got["tags"].append("mới")
    got["images"][0]["caption"] = "đổi"
    assert item["tags"] == ["Đà Lạt", "lễ hội hoa"]
    assert item["images"][0]["caption"] == "Hoa cẩm tú cầu"


@pytest.mark.parametrize("thing", [None, 42, "chuỗi", ["a"]])
def test_item_to_dict_refuses_non_items(thing: Any) -> None:
    with pytest.raises(TypeError):
        item_to_dict(thing)


def test_encode_line_is_unchanged_for_plain_and_scrapy_items() -> None:
    for item in (make_item(revision=2), ArticleItem(**make_item(near_duplicate_of=None)), _nested_item()):
        data = ItemAdapter(item).asdict()
        ordered = {name: data[name] for name in ARTICLE_FIELDS if name in data}
        ordered.update((k, v) for k, v in data.items() if k not in ordered)
        try:
            expected: Any = orjson.dumps(ordered, option=orjson.OPT_APPEND_NEWLINE)
        except TypeError:
            expected = TypeError
        if expected is TypeError:
            with pytest.raises(TypeError):
                encode_line(item)
        else:
            assert encode_line(item) == expected


# --- clean bodies ---------------------------------------------------------------------------------

_WORDS = st.sampled_from(["Đà", "Lạt", "hoa", "x", "2026", "ﬁ", "“trích”", "–", "a,", "b."])
_DEFECTS = st.sampled_from(
    [
        "\n",
        "  ",
        "\n\n\n",
        " \n\n",
        "\n\n ",
        "\t",
        "\u00a0",
        "\u2000",
        "\u200b",
        "\u00ad",
        "\u0301",
        "a\u0301",
        "\u1100\u1161",  # Hangul jamo: letters that NFC composes
        "\uf900",  # a CJK compatibility ideograph: NFC replaces it
    ]
)


@st.composite
def _bodies(draw: st.DrawFn) -> str:
    """Mostly clean bodies (paragraphs of single-spaced words, blank lines between), some with one
    or two defects inserted anywhere: both sides of the fast path's test get exercised."""
    paragraphs = draw(st.lists(st.lists(_WORDS, min_size=1, max_size=6), min_size=1, max_size=4))
    body = "\n\n".join(" ".join(words) for words in paragraphs)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        at = draw(st.integers(min_value=0, max_value=len(body)))
        body = body[:at] + draw(_DEFECTS) + body[at:]
    return body


@settings(max_examples=500, deadline=None)
@given(_bodies())
@example("Đà Lạt\nhoa")
@example("Đà  Lạt")
@example("Đà Lạt\n\n\n\nhoa")
@example("Đà Lạt \n\nhoa")
@example("\n\nĐà Lạt")
@example("Đà\u200b Lạt")
@example("Đa\u0300 Lạt")
@example("")
def test_normalize_body_fast_path_changes_nothing_the_paragraph_cleaning_would_not(body: str) -> None:
    assert normalize_body(body) == _paragraphs(body)


@pytest.mark.parametrize(
    "body",
    [
        BODY_FLOWERS,
        BODY_FLOWERS + "\n\n" + BODY_BORDER,
        unicodedata.normalize("NFD", BODY_FLOWERS),
        BODY_FLOWERS.replace("\n\n", "\n \n"),
        BODY_FLOWERS.replace(" ", "\u00a0", 3),
        "Một đoạn.",
        "",
        " \n\n ",
    ],
)
def test_normalize_derives_word_count_and_hash_as_before(body: str) -> None:
    out, _ = normalize(make_item(body=body))
    assert out["body"] == _paragraphs(body)
    assert out["word_count"] == word_count(out["body"])
    assert out["content_hash"] == content_hash(out["title"], out["body"])
