"""The machine and software a run measured: numbers mean little without them."""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from bench.common import REPO

PACKAGES = (
    "scrapy",
    "twisted",
    "parsel",
    "lxml",
    "w3lib",
    "dateparser",
    "trafilatura",
    "htmldate",
    "orjson",
    "warcio",
    "jsonschema",
)


def _proc_value(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            name, _, value = line.partition(":")
            if name.strip() == key:
                return value.strip()
    except OSError:
        return None
    return None


def cpu_model() -> str:
    return _proc_value("/proc/cpuinfo", "model name") or platform.processor() or "unknown"


def ram_gib() -> float | None:
    total = _proc_value("/proc/meminfo", "MemTotal")
    return int(total.split()[0]) / 1024 / 1024 if total else None


def versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    try:
        import sqlite3

        found["sqlite (library)"] = sqlite3.sqlite_version
    except ImportError:  # pragma: no cover
        pass
    return found


def git_state() -> str:
    """Commit and whether the tree had uncommitted changes (read-only git calls)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    return f"{head}" + (" + uncommitted changes" if dirty else "")


def describe() -> list[tuple[str, str]]:
    ram = ram_gib()
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    return [
        ("CPU", cpu_model()),
        ("cores", f"{cores} logical ({usable} usable by this process)"),
        ("RAM", f"{ram:.1f} GiB" if ram else "unknown"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", f"{platform.python_implementation()} {sys.version.split()[0]}"),
        ("code", git_state()),
        (
            "load average at report time",
            " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)",
        ),
    ]
