"""Shared helpers for the store, pipeline and incremental tests: items, crawlers, a crash worker.

All article text here is written for these tests.

``python -m tests.pipeline_helpers crash-worker OUTPUT_DIR`` pushes items through the real pipelines
forever, printing ``ready`` after the first 40, so that a test can SIGKILL it mid-run.
``python -m tests.pipeline_helpers crawl OUTPUT_DIR BASE_URL RECHECK_DAYS`` runs a real crawl of a
local test site (list page + article pages) with the project's settings.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from crawler.textnorm import content_hash

SITE = "baolamdong.vn"

BODY_FLOWERS = (
    "Sáng nay, Ủy ban nhân dân thành phố Đà Lạt tổ chức họp báo giới thiệu chương trình lễ hội hoa "
    "xuân năm nay với nhiều hoạt động mới. Theo ban tổ chức, lễ hội kéo dài mười ngày, diễn ra tại "
    "quảng trường Lâm Viên và khu vực quanh hồ Xuân Hương.\n\n"
    "Bên cạnh các gian trưng bày hoa của nông dân địa phương, du khách có thể tham gia tour tham quan "
    "vườn hoa công nghệ cao, thưởng thức ẩm thực vùng cao và xem biểu diễn nghệ thuật cồng chiêng của "
    "đồng bào dân tộc thiểu số."
)
BODY_RICE = (
    "Nông dân huyện Cờ Đỏ đang khẩn trương thu hoạch lúa vụ đông xuân khi thời tiết thuận lợi. Năng "
    "suất bình quân đạt khoảng bảy tấn mỗi héc-ta, cao hơn vụ trước gần nửa tấn nhờ áp dụng giống mới "
    "và giảm lượng phân bón hóa học.\n\n"
    "Cán bộ khuyến nông cho biết giá lúa tươi tại ruộng dao động quanh mức bảy nghìn đồng mỗi ký, "
    "thương lái thu mua ổn định nên bà con yên tâm sản xuất vụ tiếp theo."
)
BODY_BORDER = (
    "Hoạt động xuất nhập khẩu qua cửa khẩu quốc tế Lào Cai trong quý đầu năm tăng mạnh so với cùng kỳ. "
    "Mặt hàng chủ lực vẫn là trái cây tươi, nông sản chế biến và máy móc phục vụ sản xuất công nghiệp.\n\n"
    "Cơ quan hải quan đã rút ngắn thời gian thông quan nhờ triển khai hệ thống khai báo điện tử, giúp "
    "doanh nghiệp giảm chi phí lưu kho và vận chuyển."
)


def make_item(
    article_id: int | str = 359750,
    *,
    site: str = SITE,
    title: str = "Đà Lạt chuẩn bị lễ hội hoa xuân",
    body: str = BODY_FLOWERS,
    **overrides: Any,
) -> dict[str, Any]:
    """A complete, schema-valid item as a plain dict (``ArticleItem(**make_item())`` works too)."""
    url = f"https://{site}/le-hoi-hoa-{article_id}.html"
    item: dict[str, Any] = {
        "id": f"{site}:{article_id}",
        "url": url,
        "canonical_url": url,
        "site": site,
        "source_name": "Báo Lâm Đồng",
        "province": "Lâm Đồng",
        "title": title,
        "lead": "Lễ hội năm nay có nhiều hoạt động mới dành cho du khách.",
        "dateline": "LĐ online",
        "body": body,
        "authors": ["Minh Thư"],
        "source_attribution": None,
        "published_at": "2026-03-02T08:15:00+07:00",
        "updated_at": None,
        "date_raw": "08:15, 02/03/2026",
        "category": "Văn hóa",
        "categories": ["Văn hóa"],
        "tags": ["Đà Lạt", "lễ hội hoa"],
        "images": [{"url": f"https://{site}/images/hoa-{article_id}.jpg", "caption": "Hoa cẩm tú cầu"}],
        "language": "vi",
        "word_count": len(body.split()),
        "content_hash": content_hash(title, body),
        "crawled_at": "2026-03-02T02:00:00+00:00",
    }
    item.update(overrides)
    if "body" in overrides or "title" in overrides:
        item["content_hash"] = content_hash(item["title"] or "", item["body"] or "")
    return item


class PipelineTestSpider(scrapy.Spider):
    name = "testsite"


def make_crawler(output_dir: Path, *, spider_name: str = "testsite", **settings: Any) -> Crawler:
    """A configured Crawler with a spider attached, as the engine would have it; no reactor needed."""
    spidercls = type("NamedTestSpider", (PipelineTestSpider,), {"name": spider_name})
    # CoreStats expects a spider_opened signal these unit tests do not send.
    defaults = {"OUTPUT_DIR": str(output_dir), "EXTENSIONS": {"scrapy.extensions.corestats.CoreStats": None}}
    crawler = get_crawler(spidercls, {**defaults, **settings})
    crawler.spider = spidercls.from_crawler(crawler)
    return crawler


def emit(crawler: Crawler, item: Any) -> None:
    """What the scraper does once every pipeline accepted the item."""
    crawler.signals.send_catch_log(signals.item_scraped, item=item, response=None, spider=crawler.spider)


def close(crawler: Crawler, reason: str = "finished") -> None:
    crawler.signals.send_catch_log(signals.spider_closed, spider=crawler.spider, reason=reason)


# --- subprocess entry points ------------------------------------------------------------------


def _crash_worker(output_dir: str) -> None:
    from pipelines.dedupe import DedupePipeline
    from pipelines.export import JsonLinesExportPipeline
    from pipelines.validate import ValidatePipeline

    crawler = make_crawler(Path(output_dir))
    stages = [
        cls.from_crawler(crawler) for cls in (ValidatePipeline, DedupePipeline, JsonLinesExportPipeline)
    ]
    for stage in stages:
        if hasattr(stage, "open_spider"):
            stage.open_spider()
    bodies = (BODY_FLOWERS, BODY_RICE, BODY_BORDER)
    i = 0
    while True:
        body = "\n\n".join([bodies[i % 3]] * 20) + f"\n\nSố thứ tự bản tin: {i}."
        item: Any = ArticleItem(**make_item(100000 + i, body=body, title=f"Bản tin số {i}"))
        for stage in stages:
            item = stage.process_item(item)
        emit(crawler, item)
        i += 1
        if i == 40:
            print("ready", flush=True)


class LocalSiteSpider(scrapy.Spider):
    """Fetches ``/list.html`` and the article pages it links, as a provincial spider would."""

    name = "localsite"

    def __init__(self, base_url: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base_url = base_url

    async def start(self):
        yield scrapy.Request(self.base_url + "/list.html", meta={"page_kind": "listing"})

    def parse(self, response: scrapy.http.Response):
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_article, meta={"page_kind": "article"})

    def parse_article(self, response: scrapy.http.Response):
        number = response.url.rsplit("-", 1)[1].split(".")[0]
        title = response.css("h1::text").get()
        body = "\n\n".join(response.css("p::text").getall())
        item = make_item(number, site="localsite.test", title=title, body=body)
        item.update(url=response.url, canonical_url=response.url)
        yield ArticleItem(**item)


def _crawl(output_dir: str, base_url: str, recheck_days: str) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.setdict(
        {
            "SPIDER_MODULES": [],
            "OUTPUT_DIR": output_dir,
            "RECHECK_DAYS": float(recheck_days),
            "RECHECK_EVERY_HOURS": 0,  # these runs follow each other within seconds: the window alone
            "ROBOTSTXT_OBEY": False,
            "AUTOTHROTTLE_ENABLED": False,
            "DOWNLOAD_DELAY": 0,
            "RETRY_ENABLED": False,
            "LOG_LEVEL": "WARNING",
            "DOWNLOADER_MIDDLEWARES": {"crawler.middlewares.incremental.IncrementalSkipMiddleware": 50},
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    process.crawl(LocalSiteSpider, base_url=base_url)
    process.start()


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"crash-worker": _crash_worker, "crawl": _crawl}[command](*args)
