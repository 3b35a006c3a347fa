"""The REDIS_URL switch, without a Redis server: what changes when it is set, and what never leaks.

Nothing here connects anywhere: building the components must not (a worker reports an unreachable
Redis once, when the crawl opens; see tests/test_redis_crawl.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

pytest.importorskip("scrapy_redis", reason="scrapy-redis is not installed (pip install -e '.[redis]')")

from crawler.scale.addon import RedisGuardPipeline, RedisScaleOut, RedisWrittenPipeline
from crawler.scale.redisconn import check_url, mask_url


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("redis://:s3cret@10.0.0.5:6379/2", "redis://:***@10.0.0.5:6379/2"),
        ("redis://crawler:p@ss:w0rd@redis.lan:6380/0", "redis://crawler:***@redis.lan:6380/0"),
        ("rediss://default:tok@h:6379", "rediss://default:***@h:6379"),
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("redis://user@host/1", "redis://user@host/1"),
        (None, ""),
    ],
)
def test_passwords_never_reach_logs(url: str | None, masked: str) -> None:
    assert mask_url(url) == masked


@pytest.mark.parametrize("url", ["127.0.0.1:6379", "http://127.0.0.1:6379/0", "redis:///0", "redis://:pw@/0"])
def test_an_unusable_redis_url_is_a_clear_error(url: str) -> None:
    with pytest.raises(ValueError, match="REDIS_URL") as info:
        check_url(url)
    assert "pw" not in str(info.value)


def _settings(**overrides: object) -> Settings:
    settings = get_project_settings().copy()
    for name, value in overrides.items():
        settings.set(name, value, "cmdline")
    return settings


def test_without_redis_url_nothing_changes() -> None:
    settings = _settings(REDIS_URL=None)
    before = {name: settings.get(name) for name in ("SCHEDULER", "DUPEFILTER_CLASS")}
    RedisScaleOut().update_settings(settings)
    assert {name: settings.get(name) for name in before} == before
    pipelines = settings.getdict("ITEM_PIPELINES")
    assert RedisGuardPipeline not in pipelines and RedisWrittenPipeline not in pipelines


def test_redis_url_from_the_command_line_switches_scheduler_dupefilter_and_pipelines() -> None:
    settings = _settings(REDIS_URL="redis://127.0.0.1:6379/3")
    RedisScaleOut().update_settings(settings)
    assert settings["SCHEDULER"] == "crawler.scale.scheduler.LeaseScheduler"
    assert settings["DUPEFILTER_CLASS"] == "crawler.scale.scheduler.RedisDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST") is True
    pipelines = settings.getdict("ITEM_PIPELINES")
    export = pipelines["pipelines.export.JsonLinesExportPipeline"]
    assert pipelines[RedisGuardPipeline] < pipelines["pipelines.dedupe.DedupePipeline"]
    assert pipelines[RedisWrittenPipeline] > export  # right after the line is written


def test_redis_url_switches_the_state_classes() -> None:
    classes = ("STATE_STORE_CLASS", "ARTICLE_FRONTIER_CLASS")
    settings = _settings(REDIS_URL=None)
    RedisScaleOut().update_settings(settings)
    assert [settings[name] for name in classes] == [
        "crawler.store.sqlite.SeenStore",
        "crawler.frontier.local.ArticleFrontier",
    ]
    settings = _settings(REDIS_URL="redis://127.0.0.1:6379/3")
    RedisScaleOut().update_settings(settings)
    assert [settings[name] for name in classes] == [
        "crawler.store.redis.RedisSeenStore",
        "crawler.frontier.redis.RedisFrontier",
    ]
    settings = _settings(REDIS_URL="redis://127.0.0.1:6379/3", STATE_STORE_CLASS="my.Store")
    RedisScaleOut().update_settings(settings)
    assert settings["STATE_STORE_CLASS"] == "my.Store"  # a user's own class wins, as for SCHEDULER


def test_a_users_own_scheduler_wins_over_the_add_on() -> None:
    settings = _settings(REDIS_URL="redis://127.0.0.1:6379/3", SCHEDULER="my.Scheduler")
    RedisScaleOut().update_settings(settings)
    assert settings["SCHEDULER"] == "my.Scheduler"


def test_project_registers_the_add_on() -> None:
    assert "crawler.scale.addon.RedisScaleOut" in get_project_settings().getdict("ADDONS")


def _spider(tmp_path: Path, **settings: object):
    from spiders.registry import BaolamdongSpider

    # The project's add-on turns REDIS_URL into the frontier class; a bare get_crawler has no ADDONS.
    addons = get_project_settings().getdict("ADDONS")
    crawler = get_crawler(BaolamdongSpider, {"OUTPUT_DIR": str(tmp_path), "ADDONS": addons, **settings})
    return BaolamdongSpider.from_crawler(crawler)


def test_single_process_spider_keeps_its_own_frontier(tmp_path: Path) -> None:
    from crawler.frontier import ArticleFrontier

    spider = _spider(tmp_path)
    assert type(spider.frontier) is ArticleFrontier
    assert spider._article_request("https://baolamdong.vn/a-450001.html", None).dont_filter is True


def test_shared_crawl_spider_sends_articles_through_the_shared_filter(tmp_path: Path) -> None:
    from crawler.frontier.redis import RedisFrontier

    spider = _spider(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3", REDIS_KEY_PREFIX="t")
    assert isinstance(spider.frontier, RedisFrontier)
    request = spider._article_request("https://baolamdong.vn/a-450001.html", None)
    assert request.dont_filter is False and request.meta["page_kind"] == "article"


def test_max_articles_is_a_per_worker_budget(tmp_path: Path) -> None:
    spider = _spider(tmp_path, REDIS_URL="redis://127.0.0.1:6379/3")
    spider.frontier.limit = 2
    urls = [f"https://baolamdong.vn/a-{n}.html" for n in (450001, 450002, 450003)]
    assert [spider.frontier.offer(u, None) for u in urls] == [True, True, False]
    assert spider.frontier.offer(urls[0], None) is True  # a URL already offered is not counted twice
