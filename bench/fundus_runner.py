"""Run Fundus on saved pages, in Fundus's own interpreter (``python bench/fundus_runner.py``).

Fundus pins ``lxml<6`` and this project needs ``lxml>=6``, so Fundus cannot live in the project's
venv: it is installed in a venv of its own (``python -m venv ../fundus-venv &&
../fundus-venv/bin/pip install 'fundus>=0.5,<0.6' 'curl_cffi<0.14'``; Fundus 0.5.7 breaks with
curl_cffi 0.14+) and the accuracy bench calls this script there (``FUNDUS_PYTHON``). Standard
library and Fundus only: nothing of the project is imported.

stdin: a JSON list of ``{"path": ..., "url": ...}``. stdout: a JSON list, one object per page:
``{"supported": false}`` when no Fundus publisher has the URL's host, ``{"supported": true,
"error": "..."}`` when parsing raised, else the item-shaped fields (``title``, ``published_at``,
``authors``, ``tags``, ``lead``, ``body``).
"""

from __future__ import annotations

import json
import sys
import traceback
from urllib.parse import urlsplit


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def main() -> int:
    from fundus import PublisherCollection

    publishers = {_host(p.domain): p for p in PublisherCollection}
    out = []
    for job in json.load(sys.stdin):
        publisher = publishers.get(_host(job["url"]))
        if publisher is None:
            out.append({"supported": False})
            continue
        try:
            with open(job["path"], encoding="utf-8", errors="replace") as fh:
                html = fh.read()
            parsed = publisher.parser().parse(html, "catch")
            body = parsed.get("body")
            paragraphs = [str(p) for s in (body.sections if body else []) for p in s.paragraphs]
            when = parsed.get("publishing_date")
            out.append(
                {
                    "supported": True,
                    "publisher": publisher.name,
                    "title": parsed.get("title"),
                    "published_at": when.isoformat() if when else None,
                    "authors": list(parsed.get("authors") or []),
                    "tags": list(parsed.get("topics") or []),
                    "lead": str(body.summary) if body and body.summary else None,
                    "body": "\n\n".join(paragraphs),
                }
            )
        except Exception:
            out.append({"supported": True, "error": traceback.format_exc(limit=2).strip().splitlines()[-1]})
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
