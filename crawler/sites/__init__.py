"""The site registry: one small declarative entry per paper, grouped by region.

A spider, the extractor and the incremental filter all look a site up here; adding a paper is
adding a ``Site`` entry to a region module (``spiders/registry.py`` turns each entry into a
``scrapy crawl`` name). Facts come from ``shared/research/sites.md``; ``evidence`` says how sure we
are of them: ``real-page`` (checked against a saved real page), ``crawler-config`` (a third-party
crawler that ran against the site), ``guess``.

The 2025 merger is data too: each paper entry lists the provinces it absorbed, so
``province_for("Bến Tre")`` is ``"Vĩnh Long"``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crawler.sites import central_coast, highlands, mekong, northern_mountains, red_river, southeast
from crawler.sites.model import EVIDENCE, ROLES, Site
from crawler.textnorm import fold
from crawler.urls import site_of

__all__ = [
    "EVIDENCE",
    "PROVINCES",
    "ROLES",
    "SITES",
    "Site",
    "get_site",
    "papers",
    "province_for",
    "site_for_url",
]

SITES: tuple[Site, ...] = (
    *red_river.SITES,
    *northern_mountains.SITES,
    *central_coast.SITES,
    *highlands.SITES,
    *southeast.SITES,
    *mekong.SITES,
)

_BY_SPIDER = {s.spider: s for s in SITES}


def papers() -> tuple[Site, ...]:
    """The one paper of each 2025 province (no archives or sub-sites)."""
    return tuple(s for s in SITES if s.role == "paper")


# The 34 provinces and cities of 1 July 2025, in registry order.
PROVINCES: tuple[str, ...] = tuple(s.province for s in papers())


def get_site(spider: str) -> Site:
    try:
        return _BY_SPIDER[spider]
    except KeyError:
        raise KeyError(f"no site named {spider!r}; known: {', '.join(sorted(_BY_SPIDER))}") from None


def site_for_url(url: str) -> Site | None:
    """The registry entry whose domains include the URL's host, if any; of several (a sub-site
    such as ``bbk.baothainguyen.vn`` and its parent), the one with the most specific domain."""
    return _site_for_host(site_of(url))


_BY_DOMAIN: dict[str, Site] = {}
for _site in SITES:
    for _domain in _site.domains:
        _BY_DOMAIN.setdefault(_domain, _site)


@lru_cache(maxsize=4096)
def _site_for_host(host: str) -> Site | None:
    # The host itself, then each parent domain: the first hit is the most specific one.
    labels = host.split(".")
    for i in range(len(labels) - 1):
        site = _BY_DOMAIN.get(".".join(labels[i:]))
        if site is not None:
            return site
    return None


# Other names in use for units that kept their identity (renamed or commonly abbreviated).
_ALIASES = {
    "Thừa Thiên Huế": "Huế",
    "Thừa Thiên - Huế": "Huế",
    "TP.HCM": "Hồ Chí Minh",
    "TPHCM": "Hồ Chí Minh",
    "HCM": "Hồ Chí Minh",
    "Sài Gòn": "Hồ Chí Minh",
    "Bà Rịa Vũng Tàu": "Hồ Chí Minh",
    "BRVT": "Hồ Chí Minh",
}
_PREFIX = re.compile(r"^(?:tinh|thanh pho|tp)\b\.?\s*")


def _key(name: str) -> str:
    folded = fold(name).replace(".", " ").strip()
    folded = _PREFIX.sub("", folded)
    return re.sub(r"[^a-z0-9]+", "", folded)


def _province_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for site in papers():
        index[_key(site.province)] = site.province
        for old in site.absorbed:
            index[_key(old)] = site.province
    for alias, unit in _ALIASES.items():
        index.setdefault(_key(alias), unit)
    return index


_PROVINCE_INDEX = _province_index()


def province_for(name: str) -> str | None:
    """The 2025 province of a province name from before or after the merger ("Đắk Nông",
    "dak nong", "Tỉnh Bến Tre", "TP.HCM"), or None when the name is not a province."""
    if not name or not name.strip():
        return None
    return _PROVINCE_INDEX.get(_key(name))
