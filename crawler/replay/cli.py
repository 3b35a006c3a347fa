"""``python -m crawler.replay``: pack a directory (or any archive) into a WARC, or list an archive.

Command line::

    python -m crawler.replay pack DIR OUT.warc[.gz]   # a directory (or any archive) -> WARC
    python -m crawler.replay list ARCHIVE             # url<TAB>status<TAB>content type per record
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from crawler.replay.archive import ArchiveError, ReplayArchive
from crawler.replay.warcwrite import write_warc


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.replay", description="Replay archives.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_pack = sub.add_parser("pack", help="write the pages of DIR (or any archive) into a WARC")
    p_pack.add_argument("source")
    p_pack.add_argument("out")
    p_list = sub.add_parser("list", help="print url, status and content type of every record")
    p_list.add_argument("archive")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    try:
        if args.cmd == "pack":
            archive = ReplayArchive.open(args.source)
            n = write_warc(iter(archive), args.out)
            print(f"{n} records written to {args.out}", file=sys.stderr)
        else:
            archive = ReplayArchive.open(args.archive)
            for info in archive.records():
                print(f"{info.url}\t{info.status}\t{info.content_type or ''}")
    except (ArchiveError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
