"""The ``wget -x`` mirror layout: which URL each saved file stands for.

A mirror directory (a directory archive without an index file) holds ``<host>/<path>``, e.g.
``baolamdong.vn/kinh-te/gia-ca-phe-359750.html`` is ``https://baolamdong.vn/kinh-te/gia-ca-phe-359750.html``.

- A host directory is named like a host name (``baolamdong.vn``, ``localhost:8080``); other top-level
  entries (README files, hidden files) are ignored.
- ``<dir>/index.html`` is served for ``https://<host>/<dir>/`` (and for ``.../index.html``).
- A query string follows the file name after ``?``, as wget writes it on Unix
  (``tim-kiem?q=lua&page=2``), or after ``@`` (wget's ``--restrict-file-names=windows``) when the
  part after ``@`` contains ``=`` (``tim-kiem@q=lua&page=2``). It is kept as written, so write it
  percent-encoded as in the URL. ``index.html?page=2`` is ``https://<host>/?page=2``.
- Served files: ``.html``, ``.htm``, ``.xml``, ``.rss``, ``.atom``, ``.txt`` (robots.txt) and
  files without an extension; anything else (images, CSS, scripts) is ignored.
- Mirrored URLs are ``https``; a request for the ``http`` or ``www.`` form still finds them
  (see ``lookup_key`` in :mod:`crawler.replay.archive`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from w3lib.url import safe_url_string

MIRROR_EXTENSIONS = frozenset({"", ".html", ".htm", ".xml", ".rss", ".atom", ".txt"})
_HOST_DIR = re.compile(r"^(?:localhost|[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d{1,5})?$", re.IGNORECASE)


def _split_query(name: str) -> tuple[str, str | None]:
    if "?" in name:
        base, query = name.split("?", 1)
        return base, query
    if "@" in name:
        base, query = name.split("@", 1)
        if "=" in query:
            return base, query
    return name, None


def mirror_urls(relpath: str) -> list[str]:
    """The URLs a file of a ``wget -x`` mirror stands for, the preferred first; [] if not served.

    ``example.vn/a/index.html?p=2`` -> ``https://example.vn/a/?p=2``, ``https://example.vn/a/index.html?p=2``.
    """
    host, _, path = relpath.partition("/")
    if not path:
        return []
    *dirs, name = path.split("/")
    base, query = _split_query(name)
    if Path(base).suffix.lower() not in MIRROR_EXTENSIONS:
        return []
    suffix = f"?{query}" if query is not None else ""
    prefix = f"https://{host.lower()}/" + "".join(f"{d}/" for d in dirs)
    urls = [prefix + base + suffix]
    if base == "index.html":
        urls.insert(0, prefix + suffix)
    return [safe_url_string(u) for u in urls]


def mirror_files(root: Path) -> Iterator[tuple[Path, list[str]]]:
    """Every served file under the host directories of ``root`` with its URLs (preferred first),
    in a stable (sorted) order so that the archive's record order does not depend on the disk."""
    for host_dir in sorted(root.iterdir()):
        if not host_dir.is_dir() or not _HOST_DIR.match(host_dir.name):
            continue
        for dirpath, dirnames, filenames in os.walk(host_dir):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                file = Path(dirpath) / name
                urls = mirror_urls(file.relative_to(root).as_posix())
                if urls:
                    yield file, urls
