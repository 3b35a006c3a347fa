"""Politeness and safety defaults hold in the project settings a crawl actually uses."""

from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from crawler.sites import get_site
from spiders.registry import spider_class


def settings() -> Settings:
    """The settings of ``scrapy crawl baolamdong``: project settings plus the spider's own."""
    s = get_project_settings()
    spider_class(get_site("baolamdong")).update_settings(s)
    return s


def test_safety_defaults() -> None:
    s = settings()
    assert s.getbool("TELNETCONSOLE_ENABLED") is False
    assert s.getbool("REMOTE_CONTROL_ENABLED") is False
    assert s.getbool("COOKIES_ENABLED") is False


def test_politeness_defaults() -> None:
    s = settings()
    assert s.getbool("ROBOTSTXT_OBEY") is True
    assert s.getbool("AUTOTHROTTLE_ENABLED") is True
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 2
    assert s.getfloat("DOWNLOAD_DELAY") >= 0.5
    assert s.getint("RETRY_TIMES") >= 2 and 429 in s.getlist("RETRY_HTTP_CODES")
    assert 0 < s.getint("DOWNLOAD_MAXSIZE") <= 64 * 1024 * 1024
    assert "vnnews-crawler/" in s.get("USER_AGENT")


def test_feed_exports_are_utf8() -> None:
    assert settings().get("FEED_EXPORT_ENCODING") == "utf-8"
