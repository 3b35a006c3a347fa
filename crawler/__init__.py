"""Crawler for Vietnamese provincial news (Scrapy project package)."""

__version__ = "0.1.0"
