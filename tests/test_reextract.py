"""``scrapy reextract``: recorded pages through today's extraction, validation and dedupe.

The archive is built here with ``write_warc`` from pages written for these tests (rendered with the
mini-site's Báo Lâm Đồng markup): three articles, the first captured a second time under another
URL (same article id: a duplicate) and once more later with a corrected paragraph (a revision), a
syndicated copy of the second under its own id (a near-duplicate), a soft error page, a listing, an
empty page, an image, a 404 and a redirect.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.commands.reextract import Command, ProgressBar
from crawler.extract import NotAnArticle, extract_article
from crawler.extract.errors import REFUSAL_CODES
from crawler.items import schema_errors
from crawler.replay import ReplayArchive, write_warc
from crawler.replay import reextract as rx
from tests.served_archive import HANDLERS
from tests.sites import baolamdong_minisite as site
from tests.sites.baolamdong_minisite import HOST, Article, article_html, listing_html

REPO = Path(__file__).resolve().parents[1]
SCRAPY = [sys.executable, "-m", "scrapy"]
HTML = [("Content-Type", "text/html; charset=utf-8")]

RAIN = (
    "Mưa lớn kéo dài từ chiều hôm qua khiến nhiều tuyến đường ở phường Xuân Hương ngập sâu, "
    "người dân phải dắt xe máy qua những đoạn nước chảy xiết.",
    "Lực lượng công an và dân quân được huy động túc trực tại các điểm trũng, cắm biển cảnh báo "
    "và hướng dẫn phương tiện đi đường vòng qua đồi Cù.",
    "Theo đài khí tượng thủy văn tỉnh, lượng mưa đo được tại Đà Lạt vượt tám mươi mi-li-mét, cao "
    "nhất kể từ đầu mùa mưa năm nay.",
)
COFFEE = (
    "Các hợp tác xã cà phê ở Di Linh bắt đầu thu hoạch vụ mới sớm hơn mọi năm chừng hai tuần nhờ "
    "thời tiết nắng ráo trong tháng mười.",
    "Giá cà phê nhân xô tại vườn dao động quanh mức một trăm mười nghìn đồng mỗi ký, giúp nhiều hộ "
    "trồng cà phê có lãi sau nhiều năm khó khăn.",
    "Ngành nông nghiệp khuyến cáo nông dân chỉ hái quả chín để giữ chất lượng hạt và tránh bị ép giá "
    "khi bán cho các đại lý thu mua.",
)
SCHOOL = (
    "Trường tiểu học ở xã Đạ Tông vừa khánh thành dãy phòng học mới gồm tám phòng, thay cho các "
    "phòng học tạm bằng gỗ đã xuống cấp.",
    "Công trình do tỉnh và các nhà hảo tâm cùng góp vốn, được xây dựng trong năm tháng và bàn giao "
    "kịp trước ngày khai giảng năm học mới.",
    "Thầy hiệu trưởng cho biết học sinh người Cơ Ho ở các buôn xa nay có thêm phòng đọc sách và "
    "phòng máy tính để học tập.",
)


def _article(
    aid: int, slug: str, title: str, paragraphs: tuple[str, ...], published: str, iso: str
) -> Article:
    return Article(
        aid,
        slug,
        ("xa-hoi", "Xã hội"),
        title,
        f"{title}: tin từ phóng viên thường trú của báo tại địa phương.",
        paragraphs,
        published,
        iso,
        "Thu Hà",
        tags=("Lâm Đồng",),
    )


A_RAIN = _article(
    470001, "mua-lon-ngap-duong-da-lat", "Mưa lớn gây ngập nhiều tuyến đường ở Đà Lạt", RAIN,
    "03/11/2025 18:20", "2025-11-03T18:20:00+07:00",
)  # fmt: skip
A_COFFEE = _article(
    470002, "di-linh-thu-hoach-ca-phe-som", "Di Linh thu hoạch cà phê sớm", COFFEE,
    "04/11/2025 07:05", "2025-11-04T07:05:00+07:00",
)  # fmt: skip
A_SCHOOL = _article(
    470003, "da-tong-khanh-thanh-truong-hoc", "Đạ Tông khánh thành trường học mới", SCHOOL,
    "05/11/2025 09:40", "2025-11-05T09:40:00+07:00",
)  # fmt: skip
# The coffee story syndicated under another id and headline: same body, so a near-duplicate.
A_COFFEE_COPY = _article(
    470099, "ca-phe-di-linh-vao-mua", "Cà phê Di Linh vào mùa thu hoạch", COFFEE,
    "04/11/2025 10:00", "2025-11-04T10:00:00+07:00",
)  # fmt: skip
RAIN_FIXED = (*RAIN[:2], "Đài khí tượng thủy văn tỉnh cho biết mưa sẽ giảm dần từ chiều mai.")

ERROR_PAGE = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Không tìm thấy trang</title></head>'
    "<body><h1>Lỗi 404</h1><p>Trang bạn tìm không tồn tại hoặc đã bị xóa.</p>"
    '<a href="/">Về trang chủ</a></body></html>'
)
LISTING = listing_html(
    "xa-hoi",
    "Xã hội",
    [(a.path, a.title, a.published) for a in (A_RAIN, A_COFFEE, A_SCHOOL, *site.ARTICLES[:6])],
    "/xa-hoi?page=2",
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

ENTRIES = [
    (A_RAIN.url, 200, HTML, article_html(A_RAIN).encode()),
    (f"{HOST}/xa-hoi", 200, HTML, LISTING.encode()),
    (A_COFFEE.url, 200, HTML, article_html(A_COFFEE).encode()),
    (f"{HOST}/trang-loi.html", 200, HTML, ERROR_PAGE.encode()),
    (f"{HOST}/images/logo.png", 200, [("Content-Type", "image/png")], PNG),
    (A_SCHOOL.url, 200, HTML, article_html(A_SCHOOL).encode()),
    (f"{HOST}/bai-da-go-470050.html", 404, HTML, b"<html><body>Not found</body></html>"),
    (f"{HOST}/trong.html", 200, HTML, b""),
    (f"{HOST}/cu-470001.html", 301, [("Location", A_RAIN.url)], b""),
    # the rain article again under an old slug: same id, same text -> dropped as a duplicate
    (f"{HOST}/mua-lon-da-lat-470001.html", 200, HTML, article_html(A_RAIN).encode()),
    (A_COFFEE_COPY.url, 200, HTML, article_html(A_COFFEE_COPY).encode()),
    # the rain article recaptured after the paper corrected it -> revision 2
    (A_RAIN.url, 200, HTML, article_html(Article(**{**A_RAIN.__dict__, "paragraphs": RAIN_FIXED})).encode()),
]
REFUSED_URLS = [f"{HOST}/xa-hoi", f"{HOST}/trang-loi.html", f"{HOST}/trong.html"]


def _expected_refusals() -> Counter[str]:
    """The code the extractor gives each refused page, called directly."""
    codes: Counter[str] = Counter()
    for url, _, _, body in ENTRIES:
        if url in REFUSED_URLS:
            with pytest.raises(NotAnArticle) as refused:
                extract_article(body, url)
            codes[refused.value.code] += 1
    return codes


@pytest.fixture(scope="module")
def warc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("reextract") / "recorded.warc.gz"
    write_warc(ENTRIES, path)
    return path


def _run(*args: object, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SCRAPY, "reextract", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=180
    )


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _without(items: list[dict], *names: str) -> list[dict]:
    return [{k: v for k, v in x.items() if k not in names} for x in items]


@pytest.fixture(scope="module")
def command_runs(warc: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("runs")
    out = {}
    for jobs in (1, 2):
        target = tmp / f"jobs{jobs}.jsonl"
        proc = _run(warc, "-o", target, "--jobs", jobs)
        assert proc.returncode == 0, proc.stderr[-3000:]
        out[jobs] = (target, proc.stderr)
    return out


# --- the command on a WARC ---------------------------------------------------------------------


def test_items_are_the_articles_with_their_dates(command_runs: dict) -> None:
    target, _ = command_runs[1]
    items = _lines(target)
    assert [(x["id"], x["title"], x["published_at"]) for x in items] == [
        ("baolamdong.vn:470001", A_RAIN.title, "2025-11-03T18:20:00+07:00"),
        ("baolamdong.vn:470002", A_COFFEE.title, "2025-11-04T07:05:00+07:00"),
        ("baolamdong.vn:470003", A_SCHOOL.title, "2025-11-05T09:40:00+07:00"),
        ("baolamdong.vn:470099", A_COFFEE_COPY.title, "2025-11-04T10:00:00+07:00"),
        ("baolamdong.vn:470001", A_RAIN.title, "2025-11-03T18:20:00+07:00"),
    ]
    for item in items:
        assert schema_errors(item) == []
        assert item["site"] == "baolamdong.vn" and item["province"] == "Lâm Đồng"
    assert items[0]["body"] == "\n\n".join(RAIN)
    # export shape: the schema's key order, dedupe's fields last, UTF-8 without escapes
    raw = target.read_text("utf-8").splitlines()[0]
    assert list(json.loads(raw))[:3] == ["id", "url", "canonical_url"]
    assert "Mưa lớn" in raw and "\\u" not in raw


def test_duplicates_revisions_and_near_duplicates(command_runs: dict) -> None:
    items = _lines(command_runs[1][0])
    by_url = [(x["url"], x["revision"], x["near_duplicate_of"]) for x in items]
    assert by_url == [
        (A_RAIN.url, 1, None),
        (A_COFFEE.url, 1, None),
        (A_SCHOOL.url, 1, None),
        (A_COFFEE_COPY.url, 1, "baolamdong.vn:470002"),  # same body, other id: flagged, kept
        (A_RAIN.url, 2, None),  # the corrected recapture
    ]
    assert items[-1]["body"] == "\n\n".join(RAIN_FIXED)
    # the old-slug capture of 470001 (same text) is not written
    assert all(x["url"] != f"{HOST}/mua-lon-da-lat-470001.html" for x in items)


def test_summary_counts_by_reason(command_runs: dict) -> None:
    _, stderr = command_runs[1]
    summary = [line for line in stderr.splitlines() if line.startswith("reextract: ")]
    assert len(summary) == 1, stderr
    line = summary[0]
    assert "12 pages read, 5 items written" in line
    refused = _expected_refusals()
    assert refused == Counter({"listing": 1, "error_page": 1, "empty": 1})
    assert (
        f"{sum(refused.values())} refused ({', '.join(f'{k} {v}' for k, v in sorted(refused.items()))})"
        in line
    )
    assert "0 errors" in line and "0 invalid" in line
    assert "1 duplicates dropped, 1 near-duplicates flagged" in line
    assert "3 skipped (http_404 1, not_html 1, redirect 1)" in line
    assert "pages/s" in line
    assert "\r" not in stderr  # stderr is not a terminal: no progress bar


def test_jobs_do_not_change_the_output(command_runs: dict) -> None:
    one, two = command_runs[1][0].read_bytes(), command_runs[2][0].read_bytes()
    assert one and one == two
    assert (
        command_runs[1][1].split("pages read")[1].rsplit(",", 1)[0]
        == (command_runs[2][1].split("pages read")[1].rsplit(",", 1)[0])
    )


def test_crawled_at_is_the_recording_time(warc: Path, command_runs: dict) -> None:
    with warc.open("rb") as fh:
        dates = {
            r.rec_headers.get_header("WARC-Target-URI"): r.rec_headers.get_header("WARC-Date")
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        }
    for item in _lines(command_runs[1][0]):
        recorded = datetime.fromisoformat(dates[item["url"]])
        assert datetime.fromisoformat(item["crawled_at"]) == recorded


def test_stdout_when_no_output_file(warc: Path) -> None:
    proc = _run(warc, "--jobs", "1")
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()][:3] == [
        "baolamdong.vn:470001",
        "baolamdong.vn:470002",
        "baolamdong.vn:470003",
    ]


# --- other inputs ------------------------------------------------------------------------------


def test_folder_archive_gives_the_same_items(tmp_path: Path, command_runs: dict) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    lines = []
    for n, (url, status, headers, body) in enumerate(ENTRIES):
        if status >= 300 and status < 400:
            lines.append({"url": url, "status": status, "location": dict(headers)["Location"]})
            continue
        name = f"p{n:02d}.bin"
        (folder / name).write_bytes(body)
        lines.append(
            {"url": url, "file": name, "status": status, "content_type": dict(headers)["Content-Type"]}
        )
    (folder / "index.jsonl").write_text("\n".join(json.dumps(x) for x in lines), "utf-8")
    target = tmp_path / "folder.jsonl"
    proc = _run(folder, "-o", target, "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert _without(_lines(target), "crawled_at") == _without(_lines(command_runs[1][0]), "crawled_at")
    assert "12 pages read, 5 items written" in proc.stderr


def test_several_archives_in_order(warc: Path, tmp_path: Path) -> None:
    """Two archives are one run: the second copy of everything is a duplicate."""
    target = tmp_path / "twice.jsonl"
    proc = _run(warc, warc, "-o", target, "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    # The second copy: the rain story's first text differs from its last (revision 3), the old slug
    # then repeats it, coffee, school and the syndicated copy are unchanged, the fix is revision 4.
    assert "24 pages read, 7 items written" in proc.stderr
    assert "5 duplicates dropped" in proc.stderr
    assert [x["revision"] for x in _lines(target) if x["id"] == "baolamdong.vn:470001"] == [1, 2, 3, 4]


def test_bad_arguments_one_line_exit_2(warc: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nope.warc.gz"
    not_warc = tmp_path / "notes.txt"
    not_warc.write_text("không phải WARC\n", "utf-8")
    for args in (
        [missing, "-o", tmp_path / "x.jsonl"],
        [not_warc],
        [warc, "--jobs", "0"],
        [warc, "--jobs", "hai"],
        [],
    ):
        proc = _run(*args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("scrapy reextract: error: "), (
            proc.stderr
        )
        assert "Traceback" not in proc.stderr
    assert "archive not found" in _run(missing).stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_output_dir_missing_is_an_error(warc: Path, tmp_path: Path) -> None:
    proc = _run(warc, "-o", tmp_path / "no" / "such" / "dir.jsonl", "--jobs", "1")
    assert proc.returncode == 2
    assert proc.stderr.startswith("scrapy reextract: error: cannot write") and proc.stderr.count("\n") == 1


# --- the pure function -------------------------------------------------------------------------


def _pure(warc: Path, jobs: int = 1) -> tuple[rx.Report, list[dict]]:
    out = io.BytesIO()
    report = rx.reextract([ReplayArchive.open(warc)], out, jobs=jobs)
    return report, [json.loads(line) for line in out.getvalue().splitlines()]


def test_pure_function_matches_the_command(warc: Path, command_runs: dict) -> None:
    report, items = _pure(warc, jobs=2)
    assert items == _lines(command_runs[1][0])
    stats = report.stats()
    assert stats["pages"] == 12 and stats["items"] == 5
    assert {
        k.removeprefix("not_article/"): v for k, v in stats.items() if k.startswith("not_article/")
    } == dict(_expected_refusals())
    assert all(k.removeprefix("not_article/") in REFUSAL_CODES for k in stats if k.startswith("not_article/"))
    assert stats["skipped/http_404"] == stats["skipped/not_html"] == stats["skipped/redirect"] == 1
    assert stats["dedupe/new"] == 4 and stats["dedupe/revised"] == 1
    assert stats["dedupe/unchanged"] == 1 and stats["dedupe/near_duplicate"] == 1


def test_extraction_error_is_counted_not_fatal(warc: Path, monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    real = rx.extract_article

    def flaky(body: bytes, url: str, **kwargs: object) -> dict:
        if url == A_SCHOOL.url:
            raise RuntimeError("parser bug")
        return real(body, url, **kwargs)

    monkeypatch.setattr(rx, "extract_article", flaky)
    report, items = _pure(warc)
    assert report.errors == 1 and report.stats()["extract_error"] == 1
    assert [x["id"].split(":")[1] for x in items] == ["470001", "470002", "470099", "470001"]
    assert any(A_SCHOOL.url in r.getMessage() and "parser bug" in r.getMessage() for r in caplog.records)


def test_invalid_items_are_dropped_with_the_pipeline_reason(
    warc: Path, monkeypatch: pytest.MonkeyPatch, caplog
) -> None:
    real = rx.extract_article

    def damaged(body: bytes, url: str, **kwargs: object) -> dict:
        data = real(body, url, **kwargs)
        if url == A_COFFEE.url:
            data["title"] = "   "  # normalised to "" -> the validate pipeline's no_title
        if url == A_SCHOOL.url:
            data["word_count"] = "many"  # recomputed by normalize: still valid
            data["language"] = 7  # a schema violation
        return data

    monkeypatch.setattr(rx, "extract_article", damaged)
    report, items = _pure(warc)
    assert report.invalid == Counter({"no_title": 1, "schema:language": 1})
    assert A_COFFEE.url not in {x["url"] for x in items} and A_SCHOOL.url not in {x["url"] for x in items}
    assert any("Dropped item (no_title)" in r.getMessage() for r in caplog.records)
    # the copy of the coffee story is no longer near an emitted article
    copy = next(x for x in items if x["url"] == A_COFFEE_COPY.url)
    assert copy["near_duplicate_of"] is None


def test_skip_reasons() -> None:
    assert rx.skip_reason(200, "text/html; charset=utf-8") is None
    assert rx.skip_reason(200, "application/xhtml+xml") is None
    assert rx.skip_reason(200, None) is None  # the extractor refuses binary itself
    assert rx.skip_reason(200, "application/rss+xml") == "not_html"
    assert rx.skip_reason(302, "text/html") == "redirect"
    assert rx.skip_reason(410, "text/html") == "http_410"
    assert rx.skip_reason(503, None) == "http_503"


def test_write_is_atomic(warc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that dies half-way leaves neither the output nor a temporary file."""
    import crawler.commands.reextract as command

    def dies(archives, out, **kwargs):
        out.write(b'{"id": "half"}\n')
        raise KeyboardInterrupt

    monkeypatch.setattr(command, "reextract", dies)
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(KeyboardInterrupt):
        Command._write([ReplayArchive.open(warc)], str(target), 1, None)
    assert target.read_text() == "old\n"
    assert sorted(os.listdir(tmp_path)) == ["out.jsonl"]


def test_progress_bar() -> None:
    stream = io.StringIO()
    bar = ProgressBar(40, stream)  # type: ignore[arg-type]
    bar(1)
    bar(2)  # within 0.1 s of the last draw: not redrawn
    bar(40)  # the last one always is
    text = stream.getvalue()
    assert text.count("\r") == 2
    assert "1/40 pages" in text and "40/40 pages" in text and "pages/s" in text
    assert "2/40" not in text


# --- a recorded crawl ---------------------------------------------------------------------------

SEEDS = [
    HOST + "/rss/thoi-su",
    HOST + "/sitemap.xml",
    HOST + "/sitemap-news.xml",
    HOST + "/kinh-te",
    HOST + "/xa-hoi",
    HOST + "/chinh-tri",
]


def test_recorded_crawl_reextracts_to_what_it_exported(tmp_path: Path) -> None:
    """``scrapy crawl baolamdong -s RECORD=...`` over the mini-site (served by a download handler, as
    the network would be: replayed responses are not recorded), then ``scrapy reextract`` of the
    recording: the same lines, in the same order, but for ``crawled_at``."""
    site_warc = site.write_warc(tmp_path / "site.warc.gz")
    recording = tmp_path / "recorded.warc.gz"
    out = tmp_path / "out"
    crawl = subprocess.run(
        [
            *SCRAPY, "crawl", "baolamdong",
            "-a", f"start_urls={','.join(SEEDS)}",
            "-s", f"SERVED_ARCHIVE={site_warc}",
            "-s", f"DOWNLOAD_HANDLERS={HANDLERS}",
            "-s", f"RECORD={recording}",
            "-s", f"OUTPUT_DIR={out}",
            "-s", "DOWNLOAD_DELAY=0",
            "-s", "AUTOTHROTTLE_ENABLED=False",
            "-s", "LOG_LEVEL=WARNING",
        ],
        cwd=REPO, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    (exported,) = sorted((out / "baolamdong").glob("*.jsonl"))
    crawled = _lines(exported)
    assert len(crawled) == len(site.ARTICLES) + 1  # every article once, and the 2019 archive page

    target = tmp_path / "again.jsonl"
    proc = _run(recording, "-o", target)
    assert proc.returncode == 0, proc.stderr
    again = _lines(target)
    assert _without(again, "crawled_at") == _without(crawled, "crawled_at")
    # crawled_at: the crawl's clock at extraction, here the recording's WARC-Date (whole seconds)
    for a, b in zip(again, crawled, strict=True):
        delta = datetime.fromisoformat(b["crawled_at"]) - datetime.fromisoformat(a["crawled_at"])
        assert abs(delta.total_seconds()) < 60
        assert datetime.fromisoformat(a["crawled_at"]).tzinfo == UTC


def test_a_soft_404_after_the_sites_missing_page_is_refused_as_in_a_crawl(tmp_path: Path) -> None:
    """The crawl learns a site's missing-page heading from a 404 notice (spiders/articles.py);
    re-extracting its recording does the same, in archive order."""
    from tests.test_not_found_learning import NOTICE, SOFT

    soft = f"{HOST}/bai-cu-da-doi-duong-dan-459001.html"
    records = [
        (f"{HOST}/tin-da-xoa-459000.html", 404, HTML, NOTICE.encode()),
        (soft, 200, HTML, SOFT.encode()),
    ]
    path = tmp_path / "missing.warc.gz"
    write_warc(records, path)
    report = rx.reextract([ReplayArchive.open(path)], io.BytesIO())
    assert (report.items, dict(report.refused), dict(report.skipped)) == (
        0,
        {"error_page": 1},
        {"http_404": 1},
    )
    # the soft 404 alone is an article (the order matters, as in a crawl)
    write_warc(records[1:], path)
    assert rx.reextract([ReplayArchive.open(path)], io.BytesIO()).items == 1
