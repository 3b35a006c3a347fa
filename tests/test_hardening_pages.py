"""Broken and odd pages: each gives a correct item or a counted, logged drop with its reason.

First page by page through ``extract_article`` (the pure function every spider calls), then the
same pages through a replayed ``scrapy crawl baolamdong``, where the outcome must show up in the
run manifest's counts and in the log, and the size limit through a crawl of a local server.

Decision on a page without any date: it is an item with ``published_at: null`` and the flag
``no_published_date``; the article exists and the reader decides (the drift alarm watches the
fill rate). A page without any title is dropped (``no title found``): the schema needs one.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import unicodedata
import zlib
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.extract import NotAnArticle, extract_article
from crawler.extract.parse import MAX_ATTRIBUTES, parse_html
from crawler.items import schema_errors
from tests.test_hardening_support import (
    HOST,
    PARAGRAPHS,
    TITLE,
    Reply,
    article_page,
    error_notice_page,
    page,
    replayed_crawl,
    run_local_crawl,
    serving,
    urlset,
    write_replay_dir,
)

REPO = Path(__file__).resolve().parents[1]
URL = "https://baolamdong.vn/nong-dan-hiep-thanh-hoc-trong-ca-phe-460001.html"
NOW = datetime(2026, 1, 9, tzinfo=UTC)
WORDS = ("Hiệp Thạnh", "tập huấn", "kỹ thuật", "cà phê", "hội viên", "bón phân hữu cơ")
MOJIBAKE = re.compile("Ã|Â|á»|áº|Ä|Æ|\ufffd")


def extract(data: str | bytes, url: str = URL) -> dict:
    item = extract_article(data, url, fetched_at=NOW)
    assert schema_errors(item) == []
    return item


def reason(data: str | bytes, url: str = URL) -> str:
    with pytest.raises(NotAnArticle) as info:
        extract_article(data, url, fetched_at=NOW)
    text = str(info.value)
    assert text and "\n" not in text
    return text


def to_cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: base letters with â/ê/ô/ă/ơ/ư/đ precomposed where the code
    page has them, tone marks as separate combining characters (the code page has no ``ệ``)."""
    clusters: list[list[str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if clusters and unicodedata.combining(ch):
            clusters[-1].append(ch)
        else:
            clusters.append([ch])
    out = []
    for base, *marks in clusters:
        for mark in list(marks):
            merged = unicodedata.normalize("NFC", base + mark)
            if len(merged) == 1 and merged.encode("cp1258", "ignore"):
                base = merged
                marks.remove(mark)
                break
        out.append(base + "".join(marks))
    return "".join(out).encode("cp1258")


def assert_clean_vietnamese(item: dict) -> None:
    text = item["title"] + "\n" + (item["lead"] or "") + "\n" + item["body"]
    assert not MOJIBAKE.search(text), MOJIBAKE.search(text)
    assert unicodedata.is_normalized("NFC", text)
    assert not any(unicodedata.combining(c) for c in text)
    for word in (TITLE, *WORDS):
        assert word in text


# --- truncated, empty, not an article --------------------------------------------------------


def test_truncated_inside_the_body_keeps_the_whole_paragraphs() -> None:
    html = article_page().encode()
    cut = html.index(PARAGRAPHS[2].encode()) + 20
    item = extract(html[:cut])
    assert item["title"] == TITLE
    assert item["body"].startswith(PARAGRAPHS[0] + "\n\n" + PARAGRAPHS[1])
    assert PARAGRAPHS[3] not in item["body"]


def test_truncated_inside_a_character_leaves_no_replacement_character() -> None:
    html = article_page().encode()
    end = html.index("Nhiều hộ".encode()) + len("Nhiều h".encode()) + 1  # cuts "ộ" after its first byte
    item = extract(html[:end])
    assert "\ufffd" not in json.dumps(item, ensure_ascii=False)
    assert item["body"].endswith("Nhiều h")


def test_truncated_in_the_head_is_a_drop_with_a_reason() -> None:
    html = article_page().encode()
    assert reason(html[: html.index(b"</head>")]) in ("no title found", "no article body found")


@pytest.mark.parametrize("data", [b"", b"   \n\t ", "", "<html><head></head><body></body></html>"])
def test_empty_pages_are_drops(data: str | bytes) -> None:
    assert reason(data) in ("empty page", "no title found")


def test_error_page_served_with_200() -> None:
    assert reason(error_notice_page()).startswith("error page:")
    # the same notice inside the article template, beside a real lead sentence, is a short text
    # that is refused as such: the lead is not part of a notice
    html = article_page(
        "Không tìm thấy trang",
        paragraphs=("Xin lỗi, trang bạn yêu cầu không tồn tại hoặc đã bị xóa khỏi hệ thống.",),
    )
    assert reason(html).startswith("no article body")


def test_login_wall_served_with_200() -> None:
    wall = (
        '<form class="login" action="/dang-nhap"><p>Bạn cần đăng nhập để đọc tiếp bài viết này.</p>'
        '<input type="text" name="u"><input type="password" name="p"></form>'
    )
    html = article_page(paragraphs=PARAGRAPHS[:1], body_extra=wall)
    assert reason(html).startswith("login wall:")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, "a PNG image"),
        (
            b"%PDF-1.7\n1 0 obj <</Type /Catalog>> endobj\nstream\n" + zlib.compress(b"x" * 9000),
            "a PDF document",
        ),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 40, "a JPEG image"),
        (gzip.compress(article_page().encode()), "gzip-compressed data"),
    ],
)
def test_binary_payload_at_an_article_url_is_named(data: bytes, what: str) -> None:
    assert reason(data) == f"not an HTML page: {what}"


# --- missing or doubled parts ------------------------------------------------------------------


def test_missing_title_is_a_drop() -> None:
    html = article_page("", h1="")  # <title> holds only " - Báo Lâm Đồng"
    assert reason(html) == "no title found"


def test_title_from_og_title_when_there_is_no_heading() -> None:
    og = f'<meta property="og:title" content="{TITLE}">'
    item = extract(article_page("", h1="", head_extra=og))
    assert item["title"] == TITLE


def test_missing_date_is_an_item_with_null_and_a_flag() -> None:
    item = extract(article_page(date=""))
    assert item["published_at"] is None and item["date_raw"] is None
    assert "no_published_date" in item["flags"]


def test_duplicated_head_does_not_change_title_or_date() -> None:
    second = '<head><title>Trang chủ - Báo Lâm Đồng</title><meta charset="utf-8"></head>'
    html = article_page().replace("</head>", "</head>" + second, 1)
    item = extract(html)
    assert item["title"] == TITLE
    assert item["published_at"] == "2026-01-08T18:21:00+07:00"


def test_logo_h1_before_the_article_h1() -> None:
    h1 = (
        '<h1 class="logo"><a href="/">Báo Lâm Đồng</a></h1>'
        f'<h1 class="sc-longform-header-title block-sc-title">{TITLE}</h1>'
    )
    assert extract(article_page(h1=h1))["title"] == TITLE


def test_logo_h1_is_never_the_title_without_metadata() -> None:
    html = article_page(h1='<h1 class="logo">Báo Lâm Đồng</h1>').replace(f"<title>{TITLE} - ", "<title>")
    assert reason(html) == "no title found"


def test_markup_inside_the_date_element() -> None:
    date = '<span>08/01/2026</span><svg viewBox="0 0 8 8"><path d="M0 0h8v8z"/></svg><b>18:21</b>'
    item = extract(article_page(date=date))
    assert item["published_at"] == "2026-01-08T18:21:00+07:00"
    assert "date_without_time" not in item["flags"]


def test_icon_image_between_date_and_time() -> None:
    date = '<span>08/01/2026</span><img src="/i/clock.svg" alt=""><b>18:21</b>'
    assert extract(article_page(date=date))["published_at"] == "2026-01-08T18:21:00+07:00"


# --- encodings and Unicode ---------------------------------------------------------------------


def test_windows_1258_with_its_declaration() -> None:
    data = to_cp1258(article_page(charset="windows-1258"))
    assert "ệ".encode() not in data and b"\xd2" in data  # really cp1258 with combining tone marks
    assert_clean_vietnamese(extract(data))


@pytest.mark.parametrize("declared", ["utf-8", "iso-8859-1", "windows-1252"])
def test_windows_1258_bytes_under_a_wrong_declaration(declared: str) -> None:
    item = extract(to_cp1258(article_page(charset=declared)))
    assert_clean_vietnamese(item)


def test_utf8_bytes_under_a_windows_1258_declaration() -> None:
    assert_clean_vietnamese(extract(article_page(charset="windows-1258").encode("utf-8")))


def test_windows_1258_bytes_after_more_parse_errors_than_libxml2_reports() -> None:
    """UTF-8 bytes are parsed as they stand unless libxml2 reports a byte that is not UTF-8; it
    stops reporting after 100 errors, so a page that noisy is checked by decoding it."""
    html = "</b>" * 200 + article_page(charset="utf-8")  # 200 stray end tags before any letter
    assert_clean_vietnamese(extract(to_cp1258(html)))


@pytest.mark.parametrize("prefix", [b"\xef\xbb\xbf", b"  \n", b""])
def test_utf8_bytes_parsed_as_they_stand_give_what_the_decoded_text_gives(prefix: bytes) -> None:
    page = article_page()
    assert extract(prefix + page.encode("utf-8")) == extract(page)


@pytest.mark.parametrize("blank", ["\u00a0\u3000 \n", "\x1c\u2028", " "])
def test_a_page_of_unicode_spaces_is_empty(blank: str) -> None:
    with pytest.raises(NotAnArticle) as err:
        extract_article(blank.encode("utf-8"), URL)
    assert err.value.code == "empty"


def test_utf8_cut_in_the_middle_of_its_last_character() -> None:
    data = article_page().encode("utf-8")
    cut = data + "ệ".encode()[:2]
    assert_clean_vietnamese(extract(cut))


def test_decomposed_unicode_gives_the_same_item() -> None:
    nfc = extract(article_page())
    nfd = extract(unicodedata.normalize("NFD", article_page()).encode("utf-8"))
    for field in ("title", "lead", "body", "authors", "published_at", "content_hash"):
        assert nfd[field] == nfc[field], field
    assert_clean_vietnamese(nfd)


def test_html_entities_are_decoded() -> None:
    title = "Lễ hội &quot;Hoa Đà Lạt&quot; &amp; chợ phiên &#7913;ng d&#x1EE5;ng"
    body = "Ng&agrave;y h&#7897;i n&ocirc;ng d&acirc;n&nbsp;&nbsp;di&#7877;n ra s&ocirc;i n&#7893;i t&#7841;i Hi&#7879;p Th&#7841;nh."
    item = extract(article_page(title, paragraphs=(body, *PARAGRAPHS)))
    assert item["title"] == 'Lễ hội "Hoa Đà Lạt" & chợ phiên ứng dụng'
    assert item["body"].startswith("Ngày hội nông dân diễn ra sôi nổi tại Hiệp Thạnh.")
    assert "&" not in item["body"]


def test_zero_width_characters_are_removed() -> None:
    zw = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    dirty = "".join(c + zw[i % len(zw)] for i, c in enumerate(TITLE))
    item = extract(article_page(dirty, paragraphs=tuple(p.replace(" ", " \u200b") for p in PARAGRAPHS)))
    assert item["title"] == TITLE
    assert item["body"] == "\n\n".join(PARAGRAPHS)
    assert not set(zw) & set(json.dumps(item, ensure_ascii=False))


# --- hostile shapes ------------------------------------------------------------------------------


def test_attribute_flood_is_cut_before_parsing() -> None:
    """libxml2 is quadratic in the attributes of one tag: 300,000 of them took 150 s to parse."""
    flood = " ".join(f'data-x{i}="{i}"' for i in range(300_000))
    html = article_page().replace("<article ", f"<article {flood} ", 1)
    root = parse_html(html)
    assert max(len(el.attrib) for el in root.iter()) <= MAX_ATTRIBUTES
    assert extract(html)["body"] == "\n\n".join(PARAGRAPHS)


def test_attribute_flood_in_an_unclosed_tag_is_cut_too() -> None:
    """A start tag cut off by the next ``<`` (no ``>``) is still a tag to libxml2."""
    flood = " ".join(f"data-x{i}=v{i}" for i in range(5_000))
    html = article_page().replace("<article ", f"<span {flood} <article ", 1)
    root = parse_html(html)
    # libxml2 may read the next tag's start as one more attribute; the flood itself is cut
    assert max(len(el.attrib) for el in root.iter()) <= MAX_ATTRIBUTES + 2
    assert extract(html)["body"] == "\n\n".join(PARAGRAPHS)


def test_long_tags_with_few_attributes_are_left_whole() -> None:
    """An inline ``data:`` image is a 100 KiB tag with two attributes: nothing to cut."""
    src = "data:image/png;base64," + "QUJD" * 25_000
    html = article_page().replace("<article ", f'<img alt="Ảnh" src="{src}"><article ', 1)
    root = parse_html(html)
    assert [img.get("src") for img in root.iter("img") if img.get("alt") == "Ảnh"] == [src]


def test_nesting_deeper_than_python_recursion() -> None:
    deep = "<div>" * 5000 + "Đoạn lồng rất sâu." + "</div>" * 5000
    item = extract(article_page(body_extra=deep))
    assert item["body"].startswith("\n\n".join(PARAGRAPHS))


_BIG_PAGE = r"""
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from crawler.extract import extract_article
from tests.test_hardening_support import article_page, PARAGRAPHS
extra = "".join(f"<p>{{PARAGRAPHS[i % 4]}} Đoạn số {{i}}.</p>" for i in range({n}))
data = article_page(body_extra=extra).encode()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
item = extract_article(data, {url!r})
print(json.dumps({{"bytes": len(data), "seconds": time.perf_counter() - start, "rss_before_kb": before,
    "rss_after_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "words": item["word_count"]}}))
"""


def test_large_allowed_page_is_extracted_with_bounded_memory(record_property) -> None:
    """A page just under DOWNLOAD_MAXSIZE (16 MiB): measured, not timed (figures in the report)."""
    code = _BIG_PAGE.format(repo=str(REPO), n=75_000, url=URL)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    figures = json.loads(proc.stdout)
    for key, value in figures.items():
        record_property(key, value)
    print("large page:", figures)
    assert 14 * 2**20 < figures["bytes"] < 16 * 2**20
    assert figures["words"] > 2_000_000
    growth_mb = (figures["rss_after_kb"] - figures["rss_before_kb"]) / 1024
    assert growth_mb < 60 * figures["bytes"] / 2**20  # tens of bytes per page byte, never unbounded


# --- the same pages through a crawl ---------------------------------------------------------------

HTML = "text/html; charset=utf-8"


def _variant(n: int) -> tuple[str, ...]:
    return tuple(f"{p} Ghi chú số {n}." for p in PARAGRAPHS)


GOOD = {  # path -> (content type, body, expected title, expected published_at)
    "/bai-binh-thuong-460101.html": (
        HTML,
        article_page(paragraphs=_variant(1)),
        TITLE,
        "2026-01-08T18:21:00+07:00",
    ),
    "/bai-to-hop-460102.html": (
        HTML,
        unicodedata.normalize("NFD", article_page("Bài tổ hợp ở Hiệp Thạnh", paragraphs=_variant(2))),
        "Bài tổ hợp ở Hiệp Thạnh",
        "2026-01-08T18:21:00+07:00",
    ),
    "/bai-thuc-the-460103.html": (
        HTML,
        article_page("Bài &quot;thực thể&quot; &amp; ký tự", paragraphs=_variant(3)),
        'Bài "thực thể" & ký tự',
        "2026-01-08T18:21:00+07:00",
    ),
    "/bai-ky-tu-an-460104.html": (
        HTML,
        article_page("Bài\u200b có ký\u200d tự ẩn", paragraphs=_variant(4)),
        "Bài có ký tự ẩn",
        "2026-01-08T18:21:00+07:00",
    ),
    "/bai-windows-1258-460105.html": (
        "text/html",
        to_cp1258(article_page("Bài mã Windows 1258", charset="windows-1258", paragraphs=_variant(5))),
        "Bài mã Windows 1258",
        "2026-01-08T18:21:00+07:00",
    ),
    "/bai-khong-ngay-460106.html": (
        HTML,
        article_page("Bài không ngày", date="", paragraphs=_variant(6)),
        "Bài không ngày",
        None,
    ),
    "/bai-hai-h1-460107.html": (
        HTML,
        article_page(
            h1=f'<h1 class="logo">Báo Lâm Đồng</h1><h1 class="sc-longform-header-title">{TITLE} hai</h1>',
            paragraphs=_variant(7),
        ),
        f"{TITLE} hai",
        "2026-01-08T18:21:00+07:00",
    ),
    "/bai-ngay-long-the-460108.html": (
        HTML,
        article_page(
            "Bài ngày có thẻ",
            date="<span>08/01/2026</span><svg><path/></svg><b>18:21</b>",
            paragraphs=_variant(8),
        ),
        "Bài ngày có thẻ",
        "2026-01-08T18:21:00+07:00",
    ),
}
BAD = {  # path -> (content type, body, start of the logged reason)
    "/bai-cut-ngan-460201.html": (HTML, article_page()[:300], "no "),
    "/bai-rong-460202.html": (HTML, "", "empty page"),
    "/bai-loi-460203.html": (HTML, error_notice_page(), "error page"),
    "/bai-dang-nhap-460204.html": (
        HTML,
        article_page(
            paragraphs=PARAGRAPHS[:1],
            body_extra='<form><p>Đăng nhập để đọc tiếp.</p><input type="password" name="p"></form>',
        ),
        "login wall",
    ),
    "/bai-khong-tieu-de-460205.html": (HTML, article_page("", h1=""), "no title found"),
    "/bai-anh-460206.html": (
        "image/png",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "not an HTML page: a PNG image",
    ),
    "/bai-pdf-460207.html": (
        "application/pdf",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
        "not an HTML page: a PDF",
    ),
}
# The reason code each refused page is counted under (page_dropped/not_article/<code>).
CODES = {
    "/bai-cut-ngan-460201.html": "no_body",
    "/bai-rong-460202.html": "empty",
    "/bai-loi-460203.html": "error_page",
    "/bai-dang-nhap-460204.html": "login_wall",
    "/bai-khong-tieu-de-460205.html": "no_title",
    "/bai-anh-460206.html": "binary",
    "/bai-pdf-460207.html": "binary",
}


def _replayed_crawl(tmp: Path, pages: dict[str, tuple[str, str | bytes]]) -> tuple[list[dict], dict, str]:
    sitemap = HOST + "/sitemap-hardening.xml"
    site = {**pages, "/sitemap-hardening.xml": ("application/xml", urlset([HOST + p for p in pages]))}
    result = replayed_crawl(tmp, write_replay_dir(tmp / "site", site), [sitemap], "-s", "LOG_LEVEL=INFO")
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.manifest is not None
    return result.items, result.manifest, result.log


@pytest.fixture(scope="module")
def odd_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict], dict, str]:
    pages = {p: (ct, body) for p, (ct, body, *_) in {**GOOD, **BAD}.items()}
    return _replayed_crawl(tmp_path_factory.mktemp("odd"), pages)


def test_crawl_emits_exactly_the_good_pages(odd_crawl: tuple[list[dict], dict, str]) -> None:
    lines, manifest, _ = odd_crawl
    got = {item["url"].removeprefix(HOST): item for item in lines}
    assert set(got) == set(GOOD)
    for path, (_, _, title, published) in GOOD.items():
        assert got[path]["title"] == title, path
        assert got[path]["published_at"] == published, path
        assert schema_errors(got[path]) == []
    assert manifest["counts"]["items_emitted"] == len(GOOD)
    assert manifest["finish_reason"] == "finished"


def test_crawl_output_has_no_mojibake(odd_crawl: tuple[list[dict], dict, str]) -> None:
    lines, _, _ = odd_crawl
    for item in lines:
        text = json.dumps(item, ensure_ascii=False)
        assert not MOJIBAKE.search(text), (item["url"], MOJIBAKE.search(text))
        assert unicodedata.is_normalized("NFC", text)
        assert not set("\u200b\u200c\u200d\u2060\ufeff") & set(text)


def test_crawl_counts_and_logs_every_drop_with_its_reason(odd_crawl: tuple[list[dict], dict, str]) -> None:
    _, manifest, log = odd_crawl
    codes = Counter(CODES[path] for path in BAD)
    expected = {"not_article": len(BAD), **{f"not_article/{code}": n for code, n in codes.items()}}
    assert manifest["counts"]["pages_dropped"] == expected
    logged = {
        url: (code, why)
        for code, url, why in re.findall(r"Not an article \[(\w+)\]: (\S+) \((.*)\)$", log, re.M)
    }
    assert set(logged) == {HOST + p for p in BAD}
    for path, (_, _, why) in BAD.items():
        code, reason = logged[HOST + path]
        assert reason.startswith(why), (path, reason)
        assert code == CODES[path], (path, code)
    assert "Traceback" not in log


def test_crawl_of_windows_1258_bytes_declared_utf8(tmp_path: Path) -> None:
    data = to_cp1258(article_page(charset="utf-8"))
    lines, _, _ = _replayed_crawl(tmp_path, {"/bai-sai-ma-460301.html": (HTML, data)})
    (item,) = lines
    assert_clean_vietnamese(item)


# --- a page over the size limit, through a real download -----------------------------------------


def test_fifty_megabyte_pages_are_cut_off_and_counted(tmp_path: Path) -> None:
    size = 50 * 2**20
    routes = {
        "/robots.txt": lambda n: Reply(200, "User-agent: *\nAllow: /\n", "text/plain"),
        "/bai-lon-460401.html": lambda n: Reply(200, length=size),  # with Content-Length
        "/bai-lon-chunk-460402.html": lambda n: Reply(200, length=size, chunked=True),  # without
        "/bai-nho-460403.html": page(article_page()),
    }
    with serving(routes) as server:
        server.routes["/sitemap.xml"] = page(urlset([server.url(p) for p in routes if p.endswith(".html")]))
        result = run_local_crawl(
            tmp_path, server.base, settings={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}
        )
    rss_mb = result.stats["process/max_rss_kb"] / 1024
    print(f"50 MB pages: peak RSS of the crawl process {rss_mb:.0f} MB")
    assert result.returncode == 0 and result.finish_reason == "finished"
    assert [i["title"] for i in result.items] == [TITLE]
    assert result.stats["downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError"] == 2
    assert "retry/count" not in result.stats  # a size cut-off is final, not retried
    assert re.search(
        r"WARNING: Expected to receive 52428800 bytes which is larger than download max size", result.log
    )
    assert re.search(r"WARNING: Received \d+ bytes which is larger than download max size", result.log)
    assert rss_mb < 400  # the bodies are never held whole (Scrapy alone starts at ~85 MB)


def test_fifty_megabyte_page_is_counted_in_the_manifest(tmp_path: Path) -> None:
    routes = {"/bai-lon-460401.html": lambda n: Reply(200, length=50 * 2**20)}
    with serving(routes) as server:
        server.routes["/sitemap.xml"] = page(urlset([server.url("/bai-lon-460401.html")]))
        result = run_local_crawl(
            tmp_path, server.base, settings={"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}
        )
    assert result.manifest is not None
    assert sum(result.manifest["counts"]["pages_dropped"].values()) == 1
