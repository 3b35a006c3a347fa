"""CMS families and their detection. Order matters: the most specific fingerprints first."""

from __future__ import annotations

from crawler.extract.families import fck, filehex, generic, mediaupload, onecms, vccorp, zce
from crawler.extract.families.base import FIELDS, Family
from crawler.extract.selectors import PageIndex

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

__all__ = ["BY_NAME", "FAMILIES", "FIELDS", "GENERIC", "Family", "detect"]


def detect(index: PageIndex, registry_family: str | None = None) -> Family:
    """The family whose fingerprint the page carries; else the registry's; else generic."""
    for family in FAMILIES:
        if family.matches(index):
            return family
    if registry_family and registry_family in BY_NAME:
        return BY_NAME[registry_family]
    return GENERIC
