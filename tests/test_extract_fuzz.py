"""Broken markup never crashes extraction: mutated fixture pages (truncated, tags deleted, chunks
cut out, bytes flipped) either give a schema-valid item or raise NotAnArticle, nothing else."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.extract import NotAnArticle, extract_article
from crawler.items import schema_errors

PAGES = sorted((Path(__file__).resolve().parent / "fixtures" / "pages").glob("*/*.html"))
SOURCES = [p.read_bytes() for p in PAGES]
TAG = re.compile(rb"<[^<>]{0,200}>")
URLS = [
    "https://baolamdong.vn/bai-viet-mau-451230.html",
    "https://baocantho.com.vn/bai-a197345.html",
    "https://baolaocai.vn/bai-post405112.html",
    "https://khongro.vn/bai-viet/",
]


@st.composite
def mutated(draw) -> bytes:
    data = draw(st.sampled_from(SOURCES))
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["truncate", "drop_tags", "cut", "flip", "dup"]))
        if not data:
            break
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind == "drop_tags":
            tags = list(TAG.finditer(data))
            if tags:
                chosen = set(draw(st.lists(st.integers(0, len(tags) - 1), max_size=25)))
                parts, last = [], 0
                for i, m in enumerate(tags):
                    if i in chosen:
                        parts.append(data[last : m.start()])
                        last = m.end()
                data = b"".join(parts) + data[last:]
        elif kind == "cut":
            a = draw(st.integers(0, len(data)))
            data = data[:a] + data[a + draw(st.integers(0, 2000)) :]
        elif kind == "flip":
            a = draw(st.integers(0, len(data) - 1))
            data = data[:a] + bytes([draw(st.integers(0, 255))]) + data[a + 1 :]
        else:
            a = draw(st.integers(0, len(data)))
            data = data[:a] + data[a : a + draw(st.integers(0, 3000))] + data[a:]
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(URLS))
def test_mutated_pages_give_a_valid_item_or_not_an_article(data: bytes, url: str):
    try:
        item = extract_article(data, url, fetched_at=datetime(2026, 6, 30, tzinfo=UTC))
    except NotAnArticle as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert schema_errors(item) == []
    assert item["title"] and len(item["body"]) >= 150


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000))
def test_arbitrary_text_never_crashes(text: str):
    try:
        item = extract_article(text, "https://baomau.vn/a-123.html")
    except NotAnArticle:
        return
    assert schema_errors(item) == []


@pytest.mark.parametrize("control", ["\x01", "\x08", "\x1f", "\x0b"])
def test_a_control_character_in_the_text_never_ends_the_extraction(control: str):
    """libxml2 keeps some stray control characters in the text it parses (\x01, \x08); writing
    such a text back (the space kept after an image) made lxml raise ValueError, and the page was
    lost to a crash the fuzz test above found."""
    paragraphs = "".join(
        f"<p>Đoạn văn thứ {i} của bài viết về mùa thu hoạch cà phê ở vùng cao, người dân phấn khởi vì được"
        " giá.</p>"
        for i in range(4)
    )
    html = (
        '<html><head><meta charset="utf-8"><title>Mùa cà phê</title></head><body><h1>Mùa cà phê</h1>'
        f'<div class="noidung"><figure><img src="/anh/ca-phe.jpg">{control}figcaption lạ</figure>{paragraphs}</div>'
        "</body></html>"
    )
    item = extract_article(html.encode(), "https://baotinh-mau.vn/mua-ca-phe-123456.html")
    assert "Đoạn văn thứ 3" in item["body"]
    assert control not in item["body"]
