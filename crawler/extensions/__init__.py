"""Scrapy extensions of the project (enabled in ``crawler/settings.py`` ``EXTENSIONS``)."""
