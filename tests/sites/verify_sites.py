"""Replayed papers for ``scrapy verify``: every seed of a registry entry answers (feeds, sitemaps,
section pages) and lists a few articles of the paper's own family markup; variants drop the feeds,
strip the articles' dates and family markup (a redesign), or leave the paper out entirely."""

from __future__ import annotations

import html
import json
from datetime import timedelta
from pathlib import Path

from crawler.sites import get_site
from crawler.urls import absolute_url
from tests.sites import family_pages as fp

HTML = "text/html; charset=utf-8"


def _redesigned(ctx: fp.Ctx) -> str:
    """The same story after an imagined redesign: new class names and no date anywhere."""
    story = ctx.story
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in story.paragraphs)
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{html.escape(story.title)}</title></head><body><div class='page-v2'>"
        f"<h1 class='headline-v2'>{html.escape(story.title)}</h1>"
        f"<div class='summary-v2'>{html.escape(story.lead)}</div><div class='story-v2'>{paras}</div>"
        "</div></body></html>"
    )


def paper_pages(
    spider: str,
    *,
    articles: int = 6,
    dead_feeds: bool = False,
    redesigned: bool = False,
    sitemap_index: bool = False,
) -> dict[str, tuple[str, str]]:
    """url -> (content type, body) for every seed of ``spider`` and ``articles`` articles;
    ``sitemap_index``: each sitemap is an index of a missing child and one that lists them."""
    site = get_site(spider)
    template = fp.SPEC[spider][0]
    pages: dict[str, tuple[str, str]] = {}
    entries = []
    for i in range(articles):
        ctx = fp._ctx(spider, i)
        body = _redesigned(ctx) if redesigned else template(ctx)
        pages[ctx.url] = (HTML, body)
        entries.append((ctx.url, ctx.story.title, ctx.when - timedelta(hours=i)))
    for path in site.feeds:
        if not dead_feeds:
            url = absolute_url(path, site.home)
            pages[url] = ("application/rss+xml", fp.rss(site, url, entries))
    for path in site.sitemaps:
        url = absolute_url(path, site.home)
        pages[url] = ("application/xml", fp.urlset([(u, w) for u, _, w in entries]))
        if sitemap_index:
            child = url.replace(".xml", "-1.xml")
            pages[child] = pages[url]
            pages[url] = ("application/xml", fp.sitemap_index([url.replace(".xml", "-2.xml"), child]))
    for path in site.sections:
        url = absolute_url(path, site.home)
        pages[url] = (HTML, fp.listing(site, url, entries))
    return pages


def write_archive(directory: Path, papers: dict[str, dict[str, tuple[str, str]]]) -> Path:
    """One replay folder (``index.jsonl``) holding the pages of several papers."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = []
    for spider, pages in papers.items():
        for i, (url, (ctype, body)) in enumerate(sorted(pages.items())):
            name = f"{spider}-{i}.txt"
            (directory / name).write_text(body, "utf-8")
            lines.append(json.dumps({"url": url, "file": name, "status": 200, "content_type": ctype}))
    (directory / "index.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return directory
