"""A generated listing-only paper, written as a replay directory, and the truth about it.

For the discovery-over-time tests and benchmark: section listings of any depth (thousands of pages),
article ids that grow with publication time, pagination of several styles, and what a server answers
past the last page. Nothing here needs Scrapy.

``write_site(out, ListingSiteOptions(...))`` writes ``index.jsonl`` + files (what ``crawler.replay``
serves; unknown URLs answer 404) and returns a ``ListingSite``: every article (url, id, item id,
``published_at`` with +07:00, section, listing page), the listing page URLs and the seeds.

Sites imitated (``spider``):

- ``baodaklak``: filehex family, registry pagination ``?paged={n}``, article URLs
  ``/<section>/<YYYYMM>/<slug>-<7 digits>/``, listing selector ``a.title5``;
- ``baolamdong``: the paper's OLD platform: ``/<section>/<YYYYMM>/<slug>-<id>/`` articles in the 2019
  skin ("Cập nhật lúc 20:47, Thứ Tư, 02/01/2019 (GMT+7)"), no registry pagination; the family
  (onecms) list selector only matches with ``markup="family"``;
- ``hanoimoi``: onecms family, ``/<slug>-<id>.html`` articles, NO pagination in its registry entry
  (page URLs must be learned from the pager).

Article pages use the family templates of ``tests/sites/family_pages.py`` with text composed from
the phrase pools of ``bench/sitegen.py`` (our own Vietnamese), so every body differs.

``python -m tests.sites.listing_site OUT [--spider S] [--per-section N] ...`` writes one from the
command line.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from bench.sitegen import ACTIONS, NAMES, OBJECTS, PLACES, SUBJECTS, TAGS, TAILS, TIMES
from crawler.sites import Site, get_site
from crawler.urls import article_key
from tests.sites.baolamdong_minisite import sitemap_index_of, urlset
from tests.sites.family_pages import VN, Ctx, Story, filehex_article_content, onecms_longform, slug

HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"

SECTION_NAMES = {
    "thoi-su": "Thời sự",
    "chinh-tri": "Chính trị",
    "kinh-te": "Kinh tế",
    "xa-hoi": "Xã hội",
    "giao-duc": "Giáo dục",
    "phap-luat": "Pháp luật",
    "doi-song": "Đời sống",
    "van-hoa-giai-tri": "Văn hóa - Giải trí",
    "van-hoa": "Văn hóa",
    "do-thi": "Đô thị",
}

PAGINATIONS = ("query", "path", "next_only")
PAST_END = ("404", "empty", "page1")
MARKUPS = ("family", "generic")


@dataclass(frozen=True)
class ListingSiteOptions:
    """What to generate. Sizes are per section; the date span is shared by all sections."""

    spider: str = "baodaklak"  # baodaklak | baolamdong (old platform) | hanoimoi
    sections: int = 1  # the first N sections of the registry entry
    per_section: int = 600  # articles per section (before ``new_articles``)
    per_page: int = 20  # articles per listing page
    start: date = date(2019, 1, 1)  # first publication day (+07:00)
    end: date = date(2025, 12, 31)  # last publication day of the base articles
    listing_dates: bool = False  # listing items show "dd/mm/yyyy HH:MM"
    pagination: str = "query"  # query | path (/trang-N.html) | next_only (opaque "Trang sau" token)
    page_template: str | None = None  # query style: default the registry's pagination, else "?page={n}"
    pager: bool = True  # numbered pager block (neighbouring numbers, "Trang sau", "Trang cuối")
    past_end: str = "404"  # 404 | empty (a listing page without articles) | page1 (page 1 again)
    markup: str = "family"  # family (the family's/registry's list selector matches) | generic
    new_articles: int = 0  # this version has k newer articles on top (published the day after ``end``)
    sitemap: str | None = None  # None (sitemaps 404) | "monthly" (index of sitemap-YYYY-MM.xml)
    first_id: int | None = None  # id of the oldest article (default per spider)
    seed: int = 7

    def __post_init__(self) -> None:
        if self.spider not in SPIDERS:
            raise ValueError(f"spider must be one of {sorted(SPIDERS)}, got {self.spider!r}")
        if self.pagination not in PAGINATIONS:
            raise ValueError(f"pagination must be one of {PAGINATIONS}")
        if self.past_end not in PAST_END:
            raise ValueError(f"past_end must be one of {PAST_END}")
        if self.markup not in MARKUPS:
            raise ValueError(f"markup must be one of {MARKUPS}")
        if self.sitemap not in (None, "monthly"):
            raise ValueError("sitemap must be None or 'monthly'")
        if self.end < self.start or self.per_page < 1 or self.per_section < 0 or self.sections < 1:
            raise ValueError("bad sizes or date span")


@dataclass(frozen=True)
class TruthArticle:
    url: str
    id: int  # the CMS id in the URL (grows with publication time)
    item_id: str  # the ``id`` field of the item the crawler emits ("baodaklak.vn:3001234")
    published_at: str  # ISO 8601 with +07:00, as the extractor must give it
    section: str  # section slug
    title: str
    page: int  # listing page of its section that shows it (1 = newest), in this version
    new: bool  # one of the ``new_articles`` of this version

    @property
    def day(self) -> date:
        return date.fromisoformat(self.published_at[:10])


@dataclass
class ListingSite:
    """A written site and its truth."""

    root: Path
    options: ListingSiteOptions
    site: Site
    articles: list[TruthArticle]  # oldest first (ids ascending)
    section_urls: dict[str, str]  # slug -> page 1 URL
    listing_pages: dict[str, list[str]]  # slug -> URLs of pages 1..N
    past_end_urls: set[str] = field(default_factory=set)  # URLs served for pages past the end
    sitemap_index: str | None = None
    sitemap_children: dict[str, str] = field(default_factory=dict)  # "YYYY-MM" -> child URL
    robots_url: str = ""

    @property
    def host(self) -> str:
        return self.site.home.rstrip("/")

    def pages(self, section: str | None = None) -> int:
        sec = section or next(iter(self.listing_pages))
        return len(self.listing_pages[sec])

    def in_range(self, since: date, until: date) -> list[TruthArticle]:
        return [a for a in self.articles if since <= a.day <= until]

    def by_url(self) -> dict[str, TruthArticle]:
        return {a.url: a for a in self.articles}

    def listing_urls(self) -> set[str]:
        return {u for pages in self.listing_pages.values() for u in pages} | self.past_end_urls

    def pages_holding(self, since: date, until: date) -> set[tuple[str, int]]:
        """(section, page) pairs that list an article of [since, until]."""
        return {(a.section, a.page) for a in self.in_range(since, until)}


# --- per-site shapes ------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    first_id: int
    article_path: Callable[[str, str, datetime, int], str]  # (section, slug, when, id) -> path
    render: Callable[[Ctx], str]
    dateline: str  # printed before the lead
    family_item: str  # listing item matching the family/registry list selector ({url} {title} {date})
    family_wrapper: str  # the list around the items


def _dated_dir(sec: str, s: str, when: datetime, aid: int) -> str:
    return f"/{sec}/{when:%Y%m}/{s}-{aid}/"


def _onecms_path(sec: str, s: str, when: datetime, aid: int) -> str:
    return f"/{s}-{aid}.html"


_ONECMS_ITEM = '<li pid="{id}"><h3 class="b-grid__title"><a href="{url}">{title}</a></h3>{date}</li>'
SPIDERS: dict[str, Shape] = {
    "baodaklak": Shape(
        2_100_000,
        _dated_dir,
        lambda ctx: filehex_article_content(ctx, title_class="media-heading"),
        "",
        '<div class="item"><a class="title5" href="{url}">{title}</a>{date}</div>',
        '<div class="list-news">{}</div>',
    ),
    "baolamdong": Shape(
        3_000_000,
        _dated_dir,
        lambda ctx: filehex_article_content(ctx, skin="2020"),
        "(LĐ online) - ",
        _ONECMS_ITEM,
        '<ul class="onecms__loading">{}</ul>',
    ),
    "hanoimoi": Shape(
        600_000,
        _onecms_path,
        onecms_longform,
        "",
        _ONECMS_ITEM,
        '<ul class="onecms__loading">{}</ul>',
    ),
}
GENERIC_ITEM = '<li><h3><a href="{url}">{title}</a></h3>{date}</li>'
GENERIC_WRAPPER = '<ul class="list-news">{}</ul>'


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# --- articles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Gen:
    aid: int
    when: datetime
    section: str
    title: str
    new: bool


def _sentence(rng: random.Random) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)} "
        f"{rng.choice(TIMES)}, {rng.choice(TAILS)}."
    )


def _times(n: int, start: date, end: date, rng: random.Random) -> list[datetime]:
    """``n`` increasing publication times spread over [start, end], several a day where n allows,
    between 06:00 and 22:00 +07:00."""
    days = (end - start).days + 1
    per_day: dict[int, int] = {}
    day_of = [i * days // n for i in range(n)] if n else []
    for d in day_of:
        per_day[d] = per_day.get(d, 0) + 1
    out: list[datetime] = []
    rank = 0
    for i, d in enumerate(day_of):
        rank = rank + 1 if i and day_of[i - 1] == d else 0
        slot = 16 * 60 / per_day[d]
        minute = 6 * 60 + int((rank + rng.random() * 0.9) * slot)
        base = datetime(start.year, start.month, start.day, tzinfo=VN) + timedelta(days=d)
        out.append(base + timedelta(minutes=minute))
    return out


def _articles(opts: ListingSiteOptions, sections: list[str]) -> list[_Gen]:
    rng = random.Random(opts.seed)
    base = opts.per_section * len(sections)
    times = _times(base, opts.start, opts.end, rng)
    after = datetime(opts.end.year, opts.end.month, opts.end.day, 8, 0, tzinfo=VN) + timedelta(days=1)
    times += [after + timedelta(minutes=37 * j) for j in range(opts.new_articles * len(sections))]
    shape = SPIDERS[opts.spider]
    aid = opts.first_id if opts.first_id is not None else shape.first_id
    out = []
    for i, when in enumerate(times):
        aid += 1 + rng.randrange(3)  # gaps: ids of other sections, drafts
        title = f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}"
        out.append(_Gen(aid, when, sections[i % len(sections)], title, i >= base))
    return out


def _story(g: _Gen) -> Story:
    rng = random.Random(g.aid * 7919)
    paragraphs = tuple(" ".join(_sentence(rng) for _ in range(rng.randint(2, 3))) for _ in range(4))
    return Story(
        g.title,
        _sentence(rng),
        paragraphs,
        rng.choice(NAMES),
        tuple(rng.sample(TAGS, 2)),
        (g.section, SECTION_NAMES.get(g.section, g.section.replace("-", " ").title())),
    )


# --- listing pages --------------------------------------------------------------------------


def _page_url(section_url: str, n: int, opts: ListingSiteOptions, site: Site) -> str:
    if n == 1:
        return section_url
    if opts.pagination == "path":
        return section_url.rstrip("/") + f"/trang-{n}.html"
    if opts.pagination == "next_only":
        token = hashlib.blake2b(f"{section_url}#{n}".encode(), digest_size=5).hexdigest()
        return f"{section_url}?before=k{token}"
    template = opts.page_template or site.pagination or "?page={n}"
    if not template.startswith("?"):
        raise ValueError(f"query pagination needs a ?name={{n}} template, got {template!r}")
    return section_url + template.replace("{n}", str(n))


def _pager(urls: list[str], n: int, opts: ListingSiteOptions) -> str:
    """The pager block of page ``n`` (1-based) of a listing whose pages are ``urls``."""
    last = len(urls)
    parts = []
    if opts.pagination == "next_only":
        if n < last:
            parts.append(f'<a class="next" href="{urls[n]}">Trang sau</a>')
    elif opts.pager:
        if n > 1:
            parts.append(f'<a href="{urls[0]}">Trang đầu</a>')
        for k in range(max(1, n - 2), min(last, n + 2) + 1):
            parts.append(
                f'<span class="current">{k}</span>' if k == n else f'<a href="{urls[k - 1]}">{k}</a>'
            )
        if n < last:
            parts.append(f'<a class="next" href="{urls[n]}">Trang sau</a>')
            parts.append(f'<a class="last" href="{urls[-1]}">Trang cuối</a>')
    return f'<div class="pagination">{" ".join(parts)}</div>' if parts else ""


def _listing_html(
    site: Site,
    opts: ListingSiteOptions,
    name: str,
    items: list[_Gen],
    urls: dict[int, str],
    pager: str,
    nav: str,
) -> str:
    shape = SPIDERS[opts.spider]
    item = shape.family_item if opts.markup == "family" else GENERIC_ITEM
    wrapper = shape.family_wrapper if opts.markup == "family" else GENERIC_WRAPPER
    rows = []
    for g in items:
        shown = f' <span class="time">{g.when:%d/%m/%Y %H:%M}</span>' if opts.listing_dates else ""
        rows.append(item.format(id=g.aid, url=urls[g.aid], title=_e(g.title), date=shown))
    return (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
        f"<title>{_e(name)} - {_e(site.source_name)}</title></head><body>\n"
        f'<header class="site-header"><nav class="menu"><ul>{nav}</ul></nav></header>\n'
        f'<div class="main"><h1 class="cate-title">{_e(name)}</h1>\n{wrapper.format("".join(rows))}\n'
        f"{pager}</div>\n"
        f'<div class="footer"><p>{_e(site.source_name)}. Giấy phép hoạt động báo chí điện tử.</p></div>\n'
        "</body></html>\n"
    )


def _past_end_numbers(pages: int) -> list[int]:
    """Page numbers answered past the end (``empty``/``page1``): the next ``pages + 64``, and powers
    of two and of ten beyond (where a galloping search probes). Others answer 404."""
    numbers = set(range(pages + 1, 2 * pages + 65))
    numbers |= {2**k for k in range(1, 21) if 2**k > pages}
    numbers |= {m * 10**k for k in range(1, 7) for m in (1, 2, 5) if m * 10**k > pages}
    return sorted(numbers)


# --- sitemaps -------------------------------------------------------------------------------


class _Writer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.lines: list[str] = []
        root.mkdir(parents=True, exist_ok=True)

    def put(self, url: str, name: str, body: str | None, ctype: str, status: int = 200) -> None:
        if body is not None:
            (self.root / name).write_text(body, encoding="utf-8")
        self.lines.append(
            json.dumps(
                {"url": url, "file": name, "status": status, "content_type": ctype}, ensure_ascii=False
            )
        )

    def close(self) -> None:
        (self.root / "index.jsonl").write_text("\n".join(self.lines) + "\n", encoding="utf-8")


def write_site(out: Path, opts: ListingSiteOptions) -> ListingSite:
    """Write the site of ``opts`` under ``out`` (a replay directory) and return it with its truth."""
    site = get_site(opts.spider)
    shape = SPIDERS[opts.spider]
    host = site.home.rstrip("/")
    paths = list(site.sections[: opts.sections])
    if len(paths) < opts.sections:
        paths += [f"/chuyen-muc-{k}" for k in range(len(paths), opts.sections)]
    sections = [p.strip("/") for p in paths]
    section_urls = {s: host + p for s, p in zip(sections, paths, strict=True)}
    gens = _articles(opts, sections)
    urls = {
        g.aid: host + shape.article_path(g.section, slug(g.title)[:60].strip("-"), g.when, g.aid)
        for g in gens
    }

    w = _Writer(out)
    w.put(f"{host}/robots.txt", "robots.txt", "User-agent: *\nAllow: /\n", TEXT_TYPE)

    # Article pages: the family template of the spider, our own text.
    previous: str | None = None
    for g in gens:
        url = urls[g.aid]
        ctx = Ctx(site, url, _story(g), g.when, shape.dateline, previous or f"{host}{paths[0]}")
        w.put(url, f"a{g.aid}.html", shape.render(ctx), HTML_TYPE)
        previous = url

    # Listings, newest first.
    nav = "".join(f'<li><a href="{section_urls[s]}">{_e(SECTION_NAMES.get(s, s))}</a></li>' for s in sections)
    page_of: dict[int, int] = {}
    listing_pages: dict[str, list[str]] = {}
    past_end_urls: set[str] = set()
    for s in sections:
        name = SECTION_NAMES.get(s, s)
        own = [g for g in reversed(gens) if g.section == s]
        count = max(1, math.ceil(len(own) / opts.per_page))
        page_urls = [_page_url(section_urls[s], n, opts, site) for n in range(1, count + 1)]
        listing_pages[s] = page_urls
        for n in range(1, count + 1):
            chunk = own[(n - 1) * opts.per_page : n * opts.per_page]
            for g in chunk:
                page_of[g.aid] = n
            body = _listing_html(site, opts, name, chunk, urls, _pager(page_urls, n, opts), nav)
            w.put(page_urls[n - 1], f"l-{s.replace('/', '_')}-{n}.html", body, HTML_TYPE)
        if opts.past_end != "404" and opts.pagination != "next_only":
            empty_name = f"l-{s.replace('/', '_')}-empty.html"
            if opts.past_end == "empty":
                pager = f'<div class="pagination"><a href="{page_urls[0]}">Trang đầu</a></div>'
                (out / empty_name).write_text(
                    _listing_html(site, opts, name, [], urls, pager, nav), encoding="utf-8"
                )
            target = empty_name if opts.past_end == "empty" else f"l-{s.replace('/', '_')}-1.html"
            for n in _past_end_numbers(count):
                url = _page_url(section_urls[s], n, opts, site)
                past_end_urls.add(url)
                w.put(url, target, None, HTML_TYPE)

    truth = [
        TruthArticle(
            urls[g.aid],
            g.aid,
            article_key(site.domain, urls[g.aid]),
            g.when.isoformat(),
            g.section,
            g.title,
            page_of[g.aid],
            g.new,
        )
        for g in gens
    ]

    result = ListingSite(out, opts, site, truth, section_urls, listing_pages, past_end_urls)
    result.robots_url = f"{host}/robots.txt"
    if opts.sitemap == "monthly":
        months: dict[str, list[_Gen]] = {}
        for g in gens:
            months.setdefault(f"{g.when:%Y-%m}", []).append(g)
        children = []
        for month, items in sorted(months.items()):
            child = f"{host}/sitemap-{month}.xml"
            entries = [(urls[g.aid], g.when.isoformat()) for g in items]
            w.put(child, f"sitemap-{month}.xml", urlset(entries), XML_TYPE)
            children.append((child, max(g.when for g in items).isoformat()))
            result.sitemap_children[month] = child
        result.sitemap_index = f"{host}/sitemap.xml"
        w.put(result.sitemap_index, "sitemap.xml", sitemap_index_of(children), XML_TYPE)
    w.close()
    return result


def write_versions(out: Path, opts: ListingSiteOptions, new_articles: int) -> tuple[ListingSite, ListingSite]:
    """Two versions of one site: ``opts`` as given under ``out/v1`` and the same site with
    ``new_articles`` more per section on top under ``out/v2``."""
    v1 = write_site(out / "v1", replace(opts, new_articles=0))
    v2 = write_site(out / "v2", replace(opts, new_articles=new_articles))
    return v1, v2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--spider", default="baodaklak", choices=sorted(SPIDERS))
    parser.add_argument("--sections", type=int, default=1)
    parser.add_argument("--per-section", type=int, default=600)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--pagination", default="query", choices=PAGINATIONS)
    parser.add_argument("--past-end", default="404", choices=PAST_END)
    parser.add_argument("--markup", default="family", choices=MARKUPS)
    parser.add_argument("--listing-dates", action="store_true")
    parser.add_argument("--new-articles", type=int, default=0)
    parser.add_argument("--sitemap", choices=("monthly",), default=None)
    args = parser.parse_args()
    site = write_site(
        args.out,
        ListingSiteOptions(
            spider=args.spider,
            sections=args.sections,
            per_section=args.per_section,
            per_page=args.per_page,
            pagination=args.pagination,
            past_end=args.past_end,
            markup=args.markup,
            listing_dates=args.listing_dates,
            new_articles=args.new_articles,
            sitemap=args.sitemap,
        ),
    )
    print(f"{len(site.articles)} articles, {sum(len(p) for p in site.listing_pages.values())} listing pages")


if __name__ == "__main__":
    main()
