"""Shortcuts taken for speed give exactly what the long way gives."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.extract.families import FAMILIES
from crawler.extract.parse import MAX_ATTRIBUTES, PageText, _cut_long_tags, _cut_stretch, parse_html
from crawler.extract.selectors import (
    _TRANSLATOR,
    INDEX,
    PageIndex,
    _attribute_first,
    _substring_first,
    select,
)
from crawler.textnorm import fold

CSS = [
    "[rel=tag]",
    "[class*=tags]",
    ".tags",
    "#main",
    "[itemprop=author] [itemprop=name]",
    "[id^=ads]",
    "a[rel~=category]",
    ".box .tags a",
    "[data-role=content]",
]
PAGE = """<html><body><div id="main" class="box wide"><p rel="tag" class="tags x">a</p>
<div itemprop="author"><span itemprop="name">B</span><i class="tags">c</i></div>
<div class=" tags	box "><a rel="tag category" class="tags" href="/t">d</a></div>
<div id="ads-1" class="xtagsx"><p class="tags">e</p></div></div><p rel="tags">f</p></body></html>"""


@pytest.mark.parametrize("css", CSS)
def test_attribute_first_xpath_selects_the_same_nodes(css: str) -> None:
    import lxml.etree

    root = parse_html(PAGE)
    plain = lxml.etree.XPath(_TRANSLATOR.css_to_xpath(css))
    fast = lxml.etree.XPath(_attribute_first(_TRANSLATOR.css_to_xpath(css)))
    for node in root.iter():
        assert fast(node) == plain(node), (css, node.tag)


def test_attribute_first_leaves_other_steps_alone() -> None:
    for css in ("div.x", "p:nth-child(2)", ":not(.x)", "[href|=x]", "time[datetime]"):
        xpath = _TRANSLATOR.css_to_xpath(css)
        assert _attribute_first(xpath) == xpath


def test_attribute_values_find_entity_written_values() -> None:
    html = '<html><body><a rel="&#116;ag">t</a></body></html>'  # the source never spells "tag"
    root = parse_html(html)
    token = INDEX.set(PageIndex(root, PageText(html)))
    try:
        assert [e.text for e in select(root, "[rel=tag]")] == ["t"]
    finally:
        INDEX.reset(token)


def _fold_by_character(text: str) -> str:
    """The plain form of ``textnorm.fold``: a ``unicodedata.combining`` test per character."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=250) | st.sampled_from(["Thứ Tư", "Đà Nẵng", "Báo Lâm Đồng", "ASCII Only"]))
def test_fold_gives_what_folding_each_character_gives(text: str) -> None:
    first = fold(text)  # short texts: computed, then answered from the cache
    assert first == fold(text) == _fold_by_character(text)


def test_fold_examples() -> None:
    assert fold("Thứ Tư") == "thu tu"
    assert fold("x" * 300 + "ư") == "x" * 300 + "u"  # past the cached length
    assert fold("Đ" + "ắ" * 250) == "d" + "a" * 250


def _cut_long_tags_by_split(data: bytes) -> bytes:
    """The plain form of ``parse._cut_long_tags``: split the page at every ``>``."""
    pieces = data.split(b">")
    for i, piece in enumerate(pieces):
        if len(piece) > 4096:
            pieces[i] = _cut_stretch(piece)
    return b">".join(pieces)


_SEGMENTS = st.one_of(
    st.sampled_from([b">", b"<", b"<div", b"<p>", b"</p>", b"<div class='x'>", b" ", b"text "]),
    st.builds(lambda k: b' a="1"' * k, st.integers(0, 1200)),  # many attributes
    st.builds(lambda k: b"x" * k, st.integers(0, 9000)),  # one long value or a long text
    st.builds(lambda k, c: bytes([c]) * k, st.integers(2040, 2060), st.sampled_from(b"<a ")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SEGMENTS, max_size=12))
def test_long_tag_guard_finds_what_splitting_finds(segments: list[bytes]) -> None:
    data = b"".join(segments)
    assert _cut_long_tags(data) == _cut_long_tags_by_split(data)


def test_long_tag_guard_cuts_a_tag_with_too_many_attributes() -> None:
    tag = b"<div" + b"".join(b' a%d="1"' % i for i in range(2000)) + b">"
    for data in (tag, b"<p>x</p>" * 500 + tag + b"<p>y</p>", b"x" * 3000 + tag):
        cut = _cut_long_tags(data)
        assert cut == _cut_long_tags_by_split(data)
        assert cut.count(b" a") == MAX_ATTRIBUTES


def _every_selector() -> list[str]:
    from crawler.extract.families import FIELDS, GENERIC
    from crawler.extract.scoring import COMMON_BODY
    from crawler.sites import SITES

    found = set(COMMON_BODY) | {"[class*=title]"}
    for family in (*FAMILIES, GENERIC):
        for name in FIELDS:
            found.update(getattr(family, name))
    for site in SITES:
        for name, values in site.selectors.items():
            if name in FIELDS:
                found.update(values)
    return sorted(found)


def test_every_selector_in_use_selects_the_same_nodes_attribute_first() -> None:
    import lxml.etree

    pages = sorted((Path(__file__).resolve().parent / "fixtures" / "pages").glob("*/*.html"))
    roots = [parse_html(p.read_bytes().decode("utf-8", "replace")) for p in pages]
    rewritten = 0
    for css in _every_selector():
        plain_xpath = _TRANSLATOR.css_to_xpath(css)
        fast_xpath = _attribute_first(plain_xpath)
        if fast_xpath == plain_xpath:
            continue
        rewritten += 1
        plain, fast = lxml.etree.XPath(plain_xpath), lxml.etree.XPath(fast_xpath)
        for root in roots:
            body = root.find("body")
            for node in (root, body if body is not None else root):
                assert fast(node) == plain(node), css
    assert rewritten > 50


def test_every_selector_in_use_selects_the_same_nodes_substring_first() -> None:
    """``_substring_first`` (a plain ``contains`` before each class-token test) changes no answer."""
    import lxml.etree

    pages = sorted((Path(__file__).resolve().parent / "fixtures" / "pages").glob("*/*.html"))
    roots = [parse_html(p.read_bytes().decode("utf-8", "replace")) for p in pages]
    roots.append(parse_html(PAGE))
    rewritten = 0
    for css in [*_every_selector(), *CSS]:
        plain_xpath = _TRANSLATOR.css_to_xpath(css)
        fast_xpath = _substring_first(_attribute_first(plain_xpath))
        if fast_xpath == _attribute_first(plain_xpath):
            continue
        rewritten += 1
        plain, fast = lxml.etree.XPath(plain_xpath), lxml.etree.XPath(fast_xpath)
        for root in roots:
            for node in root.iter():
                assert fast(node) == plain(node), css
    assert rewritten > 100


@pytest.mark.parametrize(
    "value",
    ["tags", " tags ", "tags\tbox", "xtags", "tagsx", "ta gs", "tags\xa0box", "tags\u2003", "\ntags\r"],
)
def test_substring_first_keeps_class_token_meaning(value: str) -> None:
    import lxml.etree

    root = parse_html(f'<html><body><p class="{value}">a</p></body></html>')
    plain_xpath = _TRANSLATOR.css_to_xpath(".tags")
    plain, fast = lxml.etree.XPath(plain_xpath), lxml.etree.XPath(_substring_first(plain_xpath))
    assert fast(root) == plain(root)
