"""Fuzzing with hypothesis: URL identity, discovery's link resolution, and ``extract_article`` on
mutated real markup.

The time parser already has its property tests in ``test_timeparse.py`` (never raises, always
+07:00, round trips of every template); ``test_extract_fuzz.py`` mutates our own fixtures. Here the
mutations run over the real saved pages of ``shared/corpus/real`` (read in place, skipped when
absent), with markup-aware edits: tag ranges deleted, duplicated or cut off, attributes swapped
between tags, entities (valid, invalid, out of range) injected.
"""

from __future__ import annotations

import csv
import re
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.discovery.common import resolve
from crawler.extract import NotAnArticle, extract_article
from crawler.items import article_schema, schema_errors
from crawler.urls import article_key, normalize_url, site_of, url_article_id

ID_PATTERN = re.compile(article_schema()["properties"]["id"]["pattern"])
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- URL strategies ---------------------------------------------------------------------------

_HOST_LABEL = st.text(string.ascii_lowercase + string.digits + "-", min_size=1, max_size=12)
_PATH_CHARS = string.ascii_letters + string.digits + "-._~/%?&=#+!$,;:@ " + "àáảãạăắđêếệôơướự\u0301\u200b\t\n"


@st.composite
def http_urls(draw: st.DrawFn, hosts: st.SearchStrategy[str] | None = None) -> str:
    scheme = draw(st.sampled_from(["http", "https", "HTTP", "Https"]))
    if hosts is None:
        hosts = st.lists(_HOST_LABEL, min_size=1, max_size=3).map(lambda labels: ".".join(labels) + ".vn")
    host = draw(hosts)
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    www = draw(st.sampled_from(["", "www."]))
    path = draw(st.text(_PATH_CHARS, max_size=60))
    tail = draw(
        st.sampled_from(["", "-451230.html", "-a196670.html", "-post405112.html", "/202401/x-3012345/"])
    )
    query = draw(
        st.sampled_from(["", "?utm_source=fb", "?page=2&utm_medium=x", "?b=2&a=1", "?fbclid=abc#top"])
    )
    return f"{scheme}://{www}{host}{port}/{path.lstrip('/')}{tail}{query}"


any_text = st.text(max_size=300) | st.text(string.printable + "\x00\x7f[]:@%", max_size=300)


def _parseable(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        _ = parts.port
    except ValueError:
        return False
    return True


@FAST
@given(any_text)
@example("http://[::1/bai-451230.html")
@example("https://baolamdong.vn:99999/bai-451230.html")
@example("https://baolamdong.vn:abc/")
@example("http://" + "a" * 70_000 + ".vn/x-1.html")
def test_url_functions_never_raise_on_any_string(text: str) -> None:
    """Parseable or not (an unclosed ``[``, a port out of range), a string gets an answer of the
    right form: one malformed href must cost its own link only."""
    assert isinstance(normalize_url(text), str)
    found = url_article_id(text)
    assert found is None or ID_PATTERN.match(f"baolamdong.vn:{found}")
    assert re.fullmatch(r"[a-z0-9.-]*", site_of(text))
    assert ID_PATTERN.match(article_key("baolamdong.vn", text))


@FAST
@given(http_urls())
def test_normalize_url_is_idempotent(url: str) -> None:
    once = normalize_url(url)
    assert normalize_url(once) == once
    assert once.startswith("https://") and "#" not in once


@FAST
@given(http_urls())
def test_article_key_of_an_ascii_host_always_matches_the_schema(url: str) -> None:
    key = article_key(site_of(url), url)
    assert ID_PATTERN.match(key), key
    assert article_key(site_of(url), normalize_url(url)) == key or url_article_id(url) is None


@FAST
@given(http_urls(hosts=st.sampled_from(["báo-mẫu.vn", "tin_tuc.vn", "BAOMAU.VN", "xn--bo-mu-2sa.vn"])))
def test_article_key_of_any_host_matches_the_schema(url: str) -> None:
    assert ID_PATTERN.match(article_key(site_of(url), url))


@FAST
@given(any_text, http_urls())
@example("http://[::1/bai-451230.html", "https://baolamdong.vn/")
@example("https://baolamdong.vn:99999/a-451230.html", "https://baolamdong.vn/")
@example("//[::1]:99999/x", "https://baolamdong.vn/")
def test_discovery_resolve_gives_a_usable_url_or_none(href: str, base: str) -> None:
    """A bad href on a listing or in a sitemap must cost that link only, never the page."""
    url = resolve(href, base)
    if url is not None:
        assert url.startswith(("http://", "https://"))
        assert _parseable(url)
        site_of(url)
        normalize_url(url)


# --- extract_article on mutated real markup ----------------------------------------------------

REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "real"
MANIFEST = REAL / "MANIFEST.tsv"


def _real_articles() -> list[tuple[bytes, str]]:
    if not MANIFEST.exists():
        return []
    with MANIFEST.open(encoding="utf-8") as fh:
        rows = [
            r for r in csv.DictReader(fh, delimiter="\t") if re.search(r"(^|/)article-\d+\.html$", r["file"])
        ]
    return [((REAL / r["file"]).read_bytes(), r["original_url"].split(" ")[0]) for r in rows]


PAGES = _real_articles()
TAG = re.compile(rb"<[A-Za-z][^<>]{0,300}>")
ATTR = re.compile(rb"""\s[\w:-]+="[^"<>]{0,200}\"""")
ENTITIES = [
    b"&amp;", b"&nbsp;", b"&#7841;", b"&#x1EA1;", b"&#0;", b"&#xD800;", b"&#99999999;", b"&bogus;",
    b"&#x110000;", b"&", b"&#", b"&#x;", b"&lt;script&gt;", b"\xe2\x80\x8b", b"\xef\xbb\xbf", b"\x00",
]  # fmt: skip


@st.composite
def mutated_real_page(draw: st.DrawFn) -> tuple[bytes, str]:
    data, url = draw(st.sampled_from(PAGES))
    for _ in range(draw(st.integers(1, 5))):
        tags = list(TAG.finditer(data))
        kind = draw(st.sampled_from(["delete", "duplicate", "truncate", "swap_attrs", "entity", "unclose"]))
        if kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
        elif kind in ("delete", "duplicate") and len(tags) > 2:
            i = draw(st.integers(0, len(tags) - 2))
            j = draw(st.integers(i + 1, min(len(tags) - 1, i + 200)))
            a, b = tags[i].start(), tags[j].end()
            data = data[:a] + data[b:] if kind == "delete" else data[:b] + data[a:b] + data[b:]
        elif kind == "swap_attrs":
            attrs = list(ATTR.finditer(data))
            if len(attrs) > 1:
                x, y = sorted(
                    draw(st.lists(st.integers(0, len(attrs) - 1), min_size=2, max_size=2, unique=True))
                )
                ax, ay = attrs[x], attrs[y]
                data = (
                    data[: ax.start()]
                    + ay.group()
                    + data[ax.end() : ay.start()]
                    + ax.group()
                    + data[ay.end() :]
                )
        elif kind == "entity":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from(ENTITIES)) * draw(st.integers(1, 50)) + data[at:]
        elif kind == "unclose" and tags:  # a run of unclosed inline tags, as broken CMS output has
            at = tags[draw(st.integers(0, len(tags) - 1))].end()
            data = data[:at] + b"<font><b>" * draw(st.integers(1, 1500)) + data[at:]
    return data, url


@pytest.mark.skipif(not PAGES, reason="shared/corpus/real is not available")
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(mutated_real_page())
def test_mutated_real_pages_give_a_valid_item_or_not_an_article(case: tuple[bytes, str]) -> None:
    data, url = case
    try:
        item = extract_article(data, url, fetched_at=datetime(2026, 6, 30, tzinfo=UTC))
    except NotAnArticle as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert schema_errors(item) == []
    assert "\ufffd" not in item["title"]


@pytest.mark.skipif(not PAGES, reason="shared/corpus/real is not available")
def test_hostile_urls_in_metadata_do_not_escape_extraction() -> None:
    data, url = next((d, u) for d, u in PAGES if b"<head" in d)
    hostile = (
        b'<link rel="canonical" href="http://[::1/x"><meta property="og:url" content="https://a.vn:99999/">'
        b'<meta property="og:image" content="http://[bad/img.jpg">'
    )
    data = data.replace(b"<head>", b"<head>" + hostile, 1)
    try:
        item = extract_article(data, url)
    except NotAnArticle:
        return
    assert schema_errors(item) == []
