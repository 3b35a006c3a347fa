"""6. Evaluation on real pages: what ``extract_article`` returns for every article page of
``../shared/corpus/real`` (read in place), with automatic sanity checks, and whether listings are
refused. National sites have no site profile there: they show the generic extraction."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bench import pagefacts
from bench.common import REAL_CORPUS, Options, Section, table
from bench.extract_bench import Fields, date_agrees, has_time_of_day, ours_fields, page_date_agrees
from bench.pages import Page, real_articles, real_corpus_available
from crawler.extract import NotAnArticle, extract_article
from crawler.sites import site_for_url

_RELATED_HEADING = re.compile(
    r"^(?:tin|bài)\s+(?:liên quan|cùng chuyên mục|khác|mới|đọc nhiều)|^(?:xem|đọc) thêm\b|^đọc nhiều\b"
    r"|^tin mới nhất\b|^các tin (?:khác|đã đưa)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:tin|bài|ảnh|tin,? ảnh|bài,? ảnh|bài và ảnh|tin và ảnh|video|clip)\s*:"
    r"|^\(?theo\s+[\w.\s]{1,40}\)?\.?$",
    re.IGNORECASE,
)
CHECKS = ("published", "time of day", "weekday", "≤ crawl", "own date", "title = headline", "body clean")


@dataclass
class Checked:
    page: Page
    item: dict | None
    error: str | None
    facts: pagefacts.PageFacts
    results: dict[str, str] = field(default_factory=dict)  # check -> "✔" | "✘ why" | "–"
    notes: list[str] = field(default_factory=list)

    def failed(self) -> list[str]:
        return [name for name, value in self.results.items() if value.startswith("✘")]


def _upper_line(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(text.split()) <= 6 and len(letters) >= 3 and all(c.isupper() for c in letters)


def body_problems(item: dict, facts: pagefacts.PageFacts) -> list[str]:
    """Paragraphs of the body that are navigation or related links, captions, related headings or bylines."""
    paragraphs = [pagefacts.norm(p) for p in (item.get("body") or "").split("\n\n") if p.strip()]
    authors = {pagefacts.norm(a).casefold() for a in item.get("authors") or []}
    captions = {pagefacts.norm(c) for c in facts.captions}
    problems = []
    for p in paragraphs:
        short = p[:50] + ("…" if len(p) > 50 else "")
        if p in facts.link_texts:
            problems.append(f"link text as a paragraph: “{short}”")
        elif any(c == p or (c in p and len(p) <= 1.2 * len(c)) for c in captions):
            problems.append(f"caption: “{short}”")
        elif _RELATED_HEADING.search(p) and len(p.split()) <= 8:
            problems.append(f"related-list heading: “{short}”")
        elif _BYLINE.search(p) and len(p.split()) <= 10:
            problems.append(f"byline/credit: “{short}”")
        elif p.casefold() in authors or _upper_line(p):
            problems.append(f"byline: “{short}”")
    return problems


def check(page: Page, fetched_at: datetime) -> Checked:
    facts = pagefacts.read(page.html)
    try:
        item = extract_article(page.html, page.url, fetched_at=fetched_at)
        error = None
    except NotAnArticle as exc:
        item, error = None, str(exc)
    c = Checked(page, item, error, facts)
    if item is None:
        c.results = {name: "✘ not extracted" for name in CHECKS}
        return c
    fields: Fields = ours_fields(item)
    published = fields.published_dt
    c.results["published"] = "✔" if published else "✘ none"
    c.results["time of day"] = (
        "✔"
        if has_time_of_day(item.get("published_at")) and "date_without_time" not in (item.get("flags") or [])
        else "✘ day only"
    )
    seen = facts.visible_date
    if "weekday_mismatch" in (item.get("flags") or []):
        c.results["weekday"] = "✘ flagged weekday_mismatch"
    elif facts.visible_weekday is not None and seen and published:
        if seen.day != published.astimezone(pagefacts.VN_TZ).date():
            c.results["weekday"] = "– (weekday shown for another date)"
        else:
            ok = published.astimezone(pagefacts.VN_TZ).weekday() == facts.visible_weekday
            c.results["weekday"] = "✔" if ok else "✘ contradicts the weekday shown"
    else:
        c.results["weekday"] = "– (none shown)"
    c.results["≤ crawl"] = "✔" if published and published <= fetched_at else "✘ in the future"
    ref = facts.reference
    agrees = page_date_agrees(fields, facts)
    if agrees is None:
        c.results["own date"] = "– (no reference)"
    elif agrees and not date_agrees(fields, ref):  # 24h.com.vn 2012: shown 24/12 03:04, created 23/12 14:02
        c.results["own date"] = "✔ (the date shown, not the metadata's)"
    else:
        c.results["own date"] = "✔" if agrees else f"✘ page says {ref.value.isoformat() if ref else '?'}"
    if ref is not None:
        c.notes.append(f"reference: {ref.source}")
    title = pagefacts.norm(item.get("title") or "")
    if title in facts.headlines:
        c.results["title = headline"] = "✔ (h1)"
    elif facts.og_title and title == facts.og_title:
        c.results["title = headline"] = "✔ (og:title; no h1 matches)"
    else:
        c.results["title = headline"] = f"✘ h1: {facts.headlines[:1]}"
    problems = body_problems(item, facts)
    c.results["body clean"] = "✔" if not problems else f"✘ {len(problems)}"
    c.notes += problems
    return c


def _trafilatura_body_problems(checked: list[Checked]) -> dict[str, str]:
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    out = {}
    for c in checked:
        doc = trafilatura.bare_extraction(c.page.html, url=c.page.url, with_metadata=True)
        if doc is None or not doc.text:
            out[c.page.file] = "✘ no text"
            continue
        body = "\n\n".join(line for line in doc.text.split("\n") if line.strip())
        authors = [doc.author] if doc.author else []
        problems = body_problems({"body": body, "authors": authors}, c.facts)
        out[c.page.file] = "✔" if not problems else f"✘ {len(problems)}: " + "; ".join(problems[:2])
    return out


def _listings() -> list[tuple[str, str, str]]:
    manifest = REAL_CORPUS / "MANIFEST.tsv"
    with manifest.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r.get("page_kind") == "listing"]
    out = []
    for row in rows:
        path = REAL_CORPUS / row["file"]
        if not path.is_file():
            continue
        try:
            item = extract_article(path.read_bytes(), row["original_url"].split(" ")[0])
            out.append((row["file"], "✘ taken for an article", item.get("title") or ""))
        except NotAnArticle as exc:
            out.append((row["file"], "✔ refused", str(exc)))
    return out


def run(options: Options) -> Section:
    section = Section("realpages", "6. Evaluation on real pages (shared/corpus/real)")
    if not real_corpus_available():
        section.add(
            f"**Skipped: `{REAL_CORPUS}` is absent** (the real corpus lives outside the repository, in "
            "`../shared`). Nothing was measured; run again where it exists."
        )
        section.target("real pages pass every sanity check", "all", "skipped (no ../shared)", None)
        return section
    fetched_at = datetime.now(UTC)
    checked = [check(p, fetched_at) for p in real_articles()]
    values = []
    for c in checked:
        item = c.item or {}
        site = c.page.site
        profile = "profile" if site_for_url(c.page.url) else "generic"
        values.append(
            [
                f"{site} ({profile})",
                c.page.file.split("/", 1)[1],
                (item.get("title") or c.error or "")[:70],
                item.get("published_at"),
                "yes" if has_time_of_day(item.get("published_at")) else "no",
                ", ".join(item.get("authors") or []) or None,
                item.get("category"),
                len(item.get("tags") or []),
                len(item.get("body") or ""),
                ", ".join(item.get("flags") or []) or None,
            ]
        )
    section.add(
        f"{len(checked)} article pages (MANIFEST.tsv `page_kind=article`, read in place; "
        "URL = `original_url`), "
        f"extracted with `fetched_at` = the run's time. Sites with a registry profile say so; the national "
        f"sites have none and go through the generic path.\n\n"
        + table(
            [
                "site",
                "file",
                "title",
                "published_at",
                "time",
                "authors",
                "category",
                "#tags",
                "body chars",
                "flags",
            ],
            values,
            "lllllllrrl",
        )
    )
    calibration = _trafilatura_body_problems(checked)
    check_rows = [
        [c.page.file, *(c.results.get(name, "") for name in CHECKS), calibration[c.page.file]]
        for c in checked
    ]
    section.add(
        "Sanity checks (the last column runs the same body check on trafilatura's text of the page, to show "
        "that the check can fail):\n\n" + table(["page", *CHECKS, "trafilatura body clean"], check_rows)
    )
    notes = [[c.page.file, "; ".join(c.notes)] for c in checked if c.notes]
    section.add(
        "Details (the reference date used, and every body paragraph a check objected to):\n\n"
        + table(["page", "notes"], notes)
    )
    section.add(
        "How the checks work (`bench/pagefacts.py` reads each page with lxml, independently of the "
        "extractor):\n\n"
        "- **published / time of day**: `published_at` present, its time is not 00:00:00 and the item is not "
        "flagged `date_without_time`.\n"
        "- **weekday**: the weekday word written just before the date nearest to the headline "
        "(`Thứ bảy, 07/03/2026`) must be the weekday of `published_at` when that date is the published "
        "day; an item flagged `weekday_mismatch` fails. “–” when the page shows no weekday there.\n"
        "- **≤ crawl**: `published_at` not later than the extraction's `fetched_at`.\n"
        "- **own date (not from a related-news list)**: the page's own date is read as (1) "
        "`article:published_time`, `itemprop=datePublished`, `meta name=pubdate|publishdate`, or JSON-LD "
        "`datePublished` (one with a time preferred; a date-only one gets the time of a visible date of the "
        "same day), else (2) the date written nearest to the `<h1>` text (or `og:title`) in the page text, "
        "within 300 characters, with the time next to it. `published_at` must fall on that day, and on the "
        "same minute when both have a time. A date lifted from a related list, a sidebar or the footer "
        "lands on another day or minute.\n"
        "- **title = headline**: the title equals the text of an `<h1>` (whitespace and NFC normalised), "
        "else `og:title` when no `<h1>` matches.\n"
        "- **body clean**: no body paragraph is (a) exactly the text of a link on the page (menus, related "
        "lists), (b) a caption (`figcaption`, `*caption*` classes, `td.caption`, `image-desc`), (c) a "
        "related-list heading (`Tin liên quan`, `Xem thêm`, …), (d) a byline or credit (`Tin, ảnh: …`, "
        "`Theo …`, an author's name, or a short all-capitals line)."
    )
    listing = _listings()
    section.add(
        "Listing pages of the corpus must be refused (`NotAnArticle`), not taken for articles:\n\n"
        + table(["page", "result", "reason / title"], [list(r) for r in listing])
    )
    failing = [c for c in checked if c.failed()]
    listings_ok = all(r[1].startswith("✔") for r in listing)
    section.target(
        "real article pages pass every sanity check",
        f"{len(checked)}/{len(checked)}",
        f"{len(checked) - len(failing)}/{len(checked)}"
        + (
            f" (failing: {', '.join(c.page.file + ' [' + ', '.join(c.failed()) + ']' for c in failing)})"
            if failing
            else ""
        ),
        not failing,
    )
    section.target(
        "listing pages refused",
        f"{len(listing)}/{len(listing)}",
        f"{sum(r[1].startswith('✔') for r in listing)}/{len(listing)}",
        listings_ok,
    )
    return section
