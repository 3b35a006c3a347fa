"""CMS families and their detection. Order matters: the most specific fingerprints first."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from crawler.extract.families import fck, filehex, generic, mediaupload, onecms, vccorp, zce
from crawler.extract.families.base import FIELDS, Family
from crawler.extract.selectors import PageIndex

if TYPE_CHECKING:
    from crawler.sites import Site

FAMILIES: tuple[Family, ...] = (
    onecms.FAMILY,
    zce.FAMILY,
    fck.FAMILY,
    vccorp.FAMILY,
    mediaupload.FAMILY,
    filehex.FAMILY,
)
BY_NAME = {f.name: f for f in FAMILIES}
GENERIC = generic.FAMILY

__all__ = ["BY_NAME", "FAMILIES", "FIELDS", "GENERIC", "Family", "Resolution", "detect", "resolve"]


def detect(index: PageIndex, registry_family: str | None = None) -> Family:
    """The family whose fingerprint the page carries; else the registry's; else generic."""
    for family in FAMILIES:
        if family.matches(index):
            return family
    if registry_family and registry_family in BY_NAME:
        return BY_NAME[registry_family]
    return GENERIC


class Resolution(NamedTuple):
    """The selectors a page is read with, and why: ``by`` is "fingerprint" (the page carries the
    family's markers), "registry" (the site's entry names it) or "none" (generic only)."""

    family: Family
    by: str

    @property
    def name(self) -> str:
        return self.family.name


def resolve(index: PageIndex, site: Site | None = None) -> Resolution:
    """The one decision of which family reads a page, shared by extraction, listing discovery and
    the drift alarm: the page's own fingerprint first (an old-platform page of a migrated paper
    still carries the old CMS), then the registry's family, then generic; the site's registry
    selectors go in front of the family's."""
    by = "none"
    family = GENERIC
    for candidate in FAMILIES:
        if candidate.matches(index):
            family, by = candidate, "fingerprint"
            break
    else:
        if site is not None and site.family in BY_NAME:
            family, by = BY_NAME[site.family], "registry"
    if site is not None and site.selectors:
        family = family.with_overrides(site.selectors)
    return Resolution(family, by)
