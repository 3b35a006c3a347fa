"""The page index lets ``select`` skip selectors that cannot match; a skip must never hide a
real match, whatever quoting or attribute style the page uses."""

import pytest

from crawler.extract.parse import PageText, parse_html
from crawler.extract.selectors import INDEX, PageIndex, select


def run_select(html: str, css: str) -> list[str]:
    root = parse_html(html)
    token = INDEX.set(PageIndex(root, PageText(html)))
    try:
        return [el.text for el in select(root, css)]
    finally:
        INDEX.reset(token)


@pytest.mark.parametrize(
    "markup",
    [
        '<a rel="tag" href="/t/1">hit</a>',
        "<a rel='tag' href='/t/1'>hit</a>",
        "<a rel=tag href=/t/1>hit</a>",
    ],
)
def test_exact_attribute_selector_matches_every_quoting(markup):
    html = f"<html><body><div class='tags'>{markup}</div></body></html>"
    assert run_select(html, "[rel=tag]") == ["hit"]


def test_exact_attribute_selector_is_skipped_when_only_the_parts_occur():
    # "rel=" and "tag" both occur, but no element has rel="tag": the XPath must not match either.
    html = '<html><body><a rel="nofollow" class="tag">x</a></body></html>'
    assert run_select(html, "[rel=tag]") == []
    assert run_select(html, ".tag") == ["x"]


@pytest.mark.parametrize(
    ("css", "markup"),
    [
        ("[data-role=cate-name]", '<a data-role="cate-name">hit</a>'),
        ("[itemprop=author] [itemprop=name]", "<p itemprop=author><b itemprop='name'>hit</b></p>"),
        ("a[href*='/tac-gia/']", '<a href="https://x.vn/tac-gia/a-1">hit</a>'),
        ("[class*=sapo]", '<p class="detail__sapo">hit</p>'),
        ("#main-content", '<div id="main-content">hit</div>'),
    ],
)
def test_index_never_hides_a_match(css, markup):
    assert run_select(f"<html><body>{markup}</body></html>", css) == ["hit"]


def test_index_skips_absent_tokens():
    html = '<html><body><p class="lead">x</p></body></html>'
    assert run_select(html, ".sapo") == []
    assert run_select(html, "#lead") == []
