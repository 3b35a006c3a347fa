"""Generated Báo Lâm Đồng sites for the crawl and incremental benchmarks.

Articles are ``tests.sites.baolamdong_minisite.Article`` objects rendered by its ``article_html``
(the paper's 2025 platform markup), with titles, leads and 5–8 paragraphs composed at random from
a pool of Vietnamese phrases written for this benchmark. A site is written as a replay directory
(``index.jsonl`` + files, served by ``crawler.replay``) with either one sitemap of every article or
the OneCMS layout: a sitemap index of one ``sitemap-article-YYYY-MM-DD.xml`` per day.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from crawler.textnorm import fold
from tests.sites.baolamdong_minisite import HOST, SECTIONS, Article, article_html, sitemap_index, urlset

VN_TZ = timezone(timedelta(hours=7))
HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"

SUBJECTS = (
    "Ủy ban nhân dân tỉnh",
    "Sở Nông nghiệp và Môi trường",
    "Người dân xã Hiệp Thạnh",
    "Ban quản lý dự án",
    "Các hợp tác xã cà phê",
    "Ngành giáo dục địa phương",
    "Đoàn kiểm tra liên ngành",
    "Bệnh viện đa khoa khu vực",
    "Hội Nông dân huyện",
    "Công an phường Xuân Hương",
    "Trung tâm y tế huyện",
    "Nhiều hộ gia đình ở vùng ven",
    "Lãnh đạo phường Lâm Viên",
    "Các doanh nghiệp du lịch",
    "Học sinh các trường vùng sâu",
    "Đoàn thanh niên xã",
    "Chi cục Kiểm lâm",
    "Ban chỉ huy quân sự huyện",
    "Hội Liên hiệp Phụ nữ tỉnh",
    "Sở Xây dựng",
    "Các nhà vườn trồng hoa",
    "Điện lực Lâm Đồng",
    "Trường cao đẳng nghề",
    "Mặt trận Tổ quốc xã",
)
ACTIONS = (
    "đã tổ chức sơ kết",
    "đang triển khai kế hoạch nâng cấp",
    "vừa hoàn thành việc sửa chữa",
    "tiếp tục hỗ trợ",
    "đề xuất bổ sung kinh phí cho",
    "kiểm tra tiến độ",
    "phối hợp tuyên truyền về",
    "ra quân dọn dẹp",
    "bàn giao",
    "khánh thành",
    "khảo sát hiện trạng",
    "lấy ý kiến người dân về",
    "đầu tư mới",
    "rà soát hồ sơ",
    "mở lớp tập huấn về",
    "trao tặng kinh phí xây dựng",
    "đưa vào sử dụng",
    "nghiệm thu",
)
OBJECTS = (
    "tuyến đường liên xã",
    "hệ thống tưới nhỏ giọt",
    "mô hình trồng rau trong nhà kính",
    "chương trình chuyển đổi số",
    "công trình thủy lợi",
    "điểm trường mầm non",
    "dự án nhà ở xã hội",
    "vùng nguyên liệu chè",
    "khu du lịch sinh thái",
    "chợ nông sản đầu mối",
    "trạm bơm điện",
    "cây cầu dân sinh",
    "nhà văn hóa thôn",
    "vườn ươm cây giống",
    "bãi đỗ xe tập trung",
    "kho lạnh bảo quản nông sản",
    "lớp học tình thương",
    "tuyến kênh nội đồng",
    "hệ thống chiếu sáng công cộng",
    "điểm cấp nước sạch",
)
PLACES = (
    "tại huyện Đức Trọng",
    "ở phường Lâm Viên",
    "trên địa bàn thành phố Bảo Lộc",
    "ở xã Tà Nung",
    "dọc quốc lộ 20",
    "tại khu vực hồ Tuyền Lâm",
    "ở vùng cao Lạc Dương",
    "tại xã Đạ Sar",
    "ở thị trấn Di Linh",
    "tại phường Phan Thiết",
    "ở huyện Đơn Dương",
    "trên cao nguyên Lâm Viên",
    "tại xã Lộc Bắc",
    "ở Gia Nghĩa",
)
TIMES = (
    "trong tháng này",
    "từ đầu năm đến nay",
    "trong quý tới",
    "sáng nay",
    "cuối tuần qua",
    "trước mùa mưa",
    "trong hai năm gần đây",
    "ngay sau Tết",
    "trong đợt cao điểm",
    "vào đầu niên vụ",
)
TAILS = (
    "nhằm nâng cao đời sống người dân",
    "với tổng kinh phí hơn mười hai tỷ đồng",
    "theo đúng kế hoạch đã đề ra",
    "góp phần phát triển kinh tế địa phương",
    "và nhận được sự đồng tình của bà con",
    "để kịp phục vụ năm học mới",
    "sau nhiều lần kiến nghị của cử tri",
    "bằng nguồn vốn xã hội hóa",
    "giúp giảm chi phí vận chuyển nông sản",
    "trước sự chứng kiến của đông đảo người dân",
)
QUOTES = (
    "cho biết đơn vị sẽ tiếp tục theo dõi sát tình hình",
    "khẳng định công trình được giám sát chặt chẽ",
    "chia sẻ rằng bà con rất phấn khởi",
    "đề nghị các ngành liên quan sớm tháo gỡ vướng mắc",
    "nhấn mạnh vai trò của cộng đồng trong việc giữ gìn công trình",
    "cho hay kết quả bước đầu khá khả quan",
)
NAMES = (
    "Minh Khôi",
    "Thanh Hà",
    "Hoàng Yến",
    "Phương Nhi",
    "Quốc Bảo",
    "Ngọc Trâm",
    "Hồng Thắm",
    "Văn Quế",
    "Duy Nguyễn",
    "Khánh Linh",
    "Thu Sương",
    "Đức Thắng",
    "Mai Anh",
    "Trọng Nhân",
)
ROLES = ("Chủ tịch UBND xã", "Phó Giám đốc sở", "trưởng thôn", "Giám đốc hợp tác xã", "Bí thư Đảng ủy phường")
TAGS = (
    "nông nghiệp",
    "giao thông",
    "giáo dục",
    "y tế",
    "du lịch",
    "môi trường",
    "chuyển đổi số",
    "cà phê",
    "Đà Lạt",
    "Bảo Lộc",
    "nông thôn mới",
    "thủy lợi",
    "an sinh xã hội",
    "văn hóa",
)


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return (
            f"Ông {rng.choice(NAMES)}, {rng.choice(ROLES)}, {rng.choice(QUOTES)} "
            f"{rng.choice(PLACES)} {rng.choice(TIMES)}."
        )
    text = (
        f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)} "
        f"{rng.choice(TIMES)}, {rng.choice(TAILS)}."
    )
    return text


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:80]


def make_articles(
    n: int, *, newest: datetime, per_day: int = 40, start_id: int = 500000, seed: int = 3
) -> list[Article]:
    """``n`` articles, ``per_day`` of them per day going back from ``newest`` (aware), oldest first."""
    rng = random.Random(seed)
    step = timedelta(days=1) / per_day
    articles = []
    for i in range(n):
        when = (newest - (n - 1 - i) * step).astimezone(VN_TZ).replace(second=0, microsecond=0)
        aid = start_id + i
        title = f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
        paragraphs = tuple(
            " ".join(_sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(5, 8))
        )
        section = rng.choice(list(SECTIONS.items()))
        image = None
        if rng.random() < 0.6:
            image = (f"https://daknong.1cdn.vn/{when:%Y/%m/%d}/anh-{aid}.jpg", _sentence(rng)[:-1])
        earlier = rng.sample(articles, min(len(articles), rng.randint(0, 3)))
        related = tuple((b.path, b.title, b.published) for b in earlier)
        articles.append(
            Article(
                aid,
                _slug(title),
                section,
                title,
                _sentence(rng),
                paragraphs,
                f"{when:%d/%m/%Y %H:%M}",
                when.isoformat(),
                rng.choice(NAMES),
                tags=tuple(rng.sample(TAGS, rng.randint(1, 4))),
                image=image,
                related=related,
            )
        )
    return articles


def _lastmod(a: Article) -> str:
    return a.iso[:-6][:16] + ":01+07:00"  # OneCMS: publish time + 1 s


@dataclass(frozen=True)
class SiteFiles:
    root: Path
    seed_url: str  # what to pass as -a start_urls=
    pages: int  # article pages
    bytes: int  # HTML bytes of the article pages


def write_site(out: Path, articles: list[Article], *, layout: str = "single") -> SiteFiles:
    """A replay directory: article pages + sitemaps + ``index.jsonl``. ``layout``: ``single`` (one
    urlset of every article) or ``daily`` (a sitemap index of one urlset per publication day)."""
    out.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, str]] = []
    total = 0

    def put(url: str, name: str, body: str, ctype: str) -> None:
        nonlocal total
        data = body.encode("utf-8")
        (out / name).write_bytes(data)
        index.append({"url": url, "file": name, "content_type": ctype})
        if ctype == HTML_TYPE:
            total += len(data)

    for a in articles:
        put(a.url, f"a-{a.id}.html", article_html(a), HTML_TYPE)
    if layout == "single":
        seed = f"{HOST}/sitemap-bench.xml"
        put(seed, "sitemap-bench.xml", urlset([(a.url, _lastmod(a)) for a in articles]), XML_TYPE)
    elif layout == "daily":
        by_day: dict[str, list[Article]] = {}
        for a in articles:
            by_day.setdefault(a.iso[:10], []).append(a)
        for day, items in by_day.items():
            put(
                f"{HOST}/sitemap-article-{day}.xml",
                f"sitemap-{day}.xml",
                urlset([(a.url, _lastmod(a)) for a in items]),
                XML_TYPE,
            )
        seed = f"{HOST}/sitemap.xml"
        # Each child's lastmod is its newest entry's, as a generated index says when a child changed
        # (the crawl skips children whose lastmod did not move since a run read them whole).
        newest = {day: max(_lastmod(a) for a in items) for day, items in by_day.items()}
        put(seed, "sitemap.xml", sitemap_index(sorted(by_day), newest), XML_TYPE)
    else:
        raise ValueError(f"unknown layout {layout!r}")
    with (out / "index.jsonl").open("w", encoding="utf-8") as fh:
        for entry in index:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return SiteFiles(out, seed, len(articles), total)
