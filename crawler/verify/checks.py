"""What a verification saw, and the verdict on it: ``ok``, ``degraded`` or ``broken``, with the
reasons in words ("published_at missing on 5/5 articles; onecms markup on 0/5 pages").

Pure data and functions: the spider fills a ``Verification``; ``judge`` decides.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

# Fields every article must have; a paper whose articles lack one is at best degraded.
KEY_FIELDS = ("title", "body", "published_at")
# Fields reported with their fill rates (the item fields a user reads first).
REPORTED_FIELDS = ("title", "lead", "body", "published_at", "updated_at", "authors", "category", "tags")
DEFAULT_THRESHOLDS = {"title": 0.95, "body": 0.95, "published_at": 0.9}


@dataclass
class SeedCheck:
    """One seed (feed, sitemap, section page): what it answered and how many article links."""

    url: str
    group: str  # "feeds", "sitemaps", "sections" or "seeds" (given on the command line)
    status: int | None = None
    kind: str | None = None  # sniff_kind's answer: rss, atom, urlset, sitemapindex, html, json
    links: int = 0
    error: str | None = None  # why nothing usable came back ("HTTP 404", "DNS lookup failed", ...)

    @property
    def ok(self) -> bool:
        return self.error is None and self.links > 0


@dataclass
class ArticleCheck:
    """One article page: extracted or refused, how it was read, which fields it filled."""

    url: str
    status: int | None = None
    error: str | None = None  # not downloaded
    refusal: str | None = None  # a REFUSAL_CODES key
    reason: str | None = None
    family: str | None = None
    family_by: str | None = None
    filled: dict[str, bool] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # field -> "family:onecms (h1.title)"
    flags: list[str] = field(default_factory=list)

    @property
    def extracted(self) -> bool:
        return self.error is None and self.refusal is None


@dataclass
class Verification:
    spider: str
    family: str  # the registry's family
    seeds: list[SeedCheck] = field(default_factory=list)
    articles: list[ArticleCheck] = field(default_factory=list)
    verdict: str = "broken"
    problems: list[str] = field(default_factory=list)

    def fields(self) -> dict[str, float | None]:
        done = [a for a in self.articles if a.extracted]
        if not done:
            return {name: None for name in REPORTED_FIELDS}
        return {
            name: round(sum(a.filled.get(name, False) for a in done) / len(done), 3)
            for name in REPORTED_FIELDS
        }

    def sources(self) -> dict[str, dict[str, int]]:
        """Per field, how many articles got it from each source (``family:onecms``, ``jsonld``...)."""
        out: dict[str, Counter[str]] = {}
        for article in self.articles:
            for name, where in article.sources.items():
                out.setdefault(name, Counter())[where.split(" (", 1)[0]] += 1
        return {name: dict(sorted(c.items())) for name, c in out.items()}

    def as_json(self) -> dict[str, Any]:
        return {
            "spider": self.spider,
            "verdict": self.verdict,
            "seeds": [asdict(s) for s in self.seeds],
            "articles": [asdict(a) for a in self.articles],
            "fields": self.fields(),
            "sources": self.sources(),
            "problems": list(self.problems),
        }


def _seed_summary(group: str, seeds: list[SeedCheck]) -> tuple[str, bool]:
    """ "feeds: 3/3 answered 404" or "sections: 4/4 fine", and whether the group is all fine."""
    fine = [s for s in seeds if s.ok]
    if len(fine) == len(seeds):
        return f"{group}: {len(fine)}/{len(seeds)} fine", True
    reasons = Counter(s.error or "no article links" for s in seeds if not s.ok)
    bad = len(seeds) - len(fine)
    if len(reasons) == 1:
        (why,) = reasons
        if why.startswith("HTTP "):  # "feeds: 3/3 answered 404"
            return f"{group}: {bad}/{len(seeds)} answered {why.removeprefix('HTTP ')}", False
        return f"{group}: {bad}/{len(seeds)} failed ({why})", False
    told = ", ".join(f"{n} {why}" for why, n in reasons.most_common())
    return f"{group}: {bad}/{len(seeds)} failed ({told})", False


def judge(check: Verification, thresholds: dict[str, float] | None = None) -> Verification:
    """Set ``verdict`` and ``problems`` (see the module docstring) and return the check."""
    limits = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    problems: list[str] = []
    broken = False
    groups: dict[str, list[SeedCheck]] = {}
    for seed in check.seeds:
        groups.setdefault(seed.group, []).append(seed)
    summaries = [_seed_summary(group, seeds) for group, seeds in groups.items()]
    if not any(s.ok for s in check.seeds):
        broken = True
        problems.append("no seed gave article links: " + "; ".join(text for text, _ in summaries))
    elif not all(fine for _, fine in summaries):
        problems.append("; ".join(text for text, _ in summaries))

    articles = check.articles
    done = [a for a in articles if a.extracted]
    n = len(articles)
    if n and not done:
        broken = True
        refusals = Counter(a.refusal or f"not downloaded ({a.error})" for a in articles)
        told = ", ".join(f"{why} {k}" for why, k in refusals.most_common())
        problems.append(f"no article extracted of {n}: {told}")
    elif n and len(done) < n:
        refusals = Counter(a.refusal or "not downloaded" for a in articles if not a.extracted)
        told = ", ".join(f"{why} {k}" for why, k in refusals.most_common())
        problems.append(f"{n - len(done)}/{n} articles not extracted ({told})")
    if done:
        rates = check.fields()
        for name in KEY_FIELDS:
            filled = sum(a.filled.get(name, False) for a in done)
            if filled == 0 and name in ("title", "body"):
                broken = True
            if (rates.get(name) or 0.0) < limits.get(name, 0.0):
                problems.append(f"{name} missing on {len(done) - filled}/{len(done)} articles")
        field_problems = len(problems)
        family = check.family
        context = []  # how the pages were read: said only beside a field problem, as its likely cause
        if family and family != "generic" and not any(a.family_by == "fingerprint" for a in done):
            context.append(f"{family} markup on 0/{len(done)} pages")
        fallback = sum("generic_fallback" in a.flags for a in done)
        if fallback and family != "generic":
            context.append(f"generic fallback on {fallback}/{len(done)}")
        if any(p.endswith("articles") and " missing on " in p for p in problems[:field_problems]):
            problems.extend(context)
    check.problems = problems
    check.verdict = "broken" if broken else ("degraded" if problems else "ok")
    return check
