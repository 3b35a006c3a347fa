"""Article extraction: a pure function of (html, url), shared by spiders, ``scrapy extract``,
tests and benchmarks."""

from crawler.extract.article import extract, extract_article
from crawler.extract.errors import NotAnArticle

__all__ = ["NotAnArticle", "extract", "extract_article"]
