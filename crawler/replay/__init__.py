"""Saved pages served instead of the network: WARC files and directories of pages, read and written.

Scrapy-free, so that tests, the ``python -m crawler.replay`` tool and the replay middleware
(:mod:`crawler.middlewares.replay`) share it. One job per module:

- :mod:`~crawler.replay.archive`: the archive formats ``ReplayArchive.open(path)`` reads (WARC,
  a directory with ``index.jsonl``/``urls.tsv``, a ``wget -x`` mirror) and URL lookup;
- :mod:`~crawler.replay.payload`: stored bodies made ready to serve (de-chunked, decoded from
  their ``Content-Encoding``) and the content type of pages saved without headers;
- :mod:`~crawler.replay.mirror`: which URL each file of a ``wget -x`` mirror stands for;
- :mod:`~crawler.replay.warcwrite`: WARC files written (``write_warc``, ``WarcRecorder``);
- :mod:`~crawler.replay.cli`: ``python -m crawler.replay pack|list``.
- :mod:`~crawler.replay.reextract`: recorded pages through today's extraction, validation and
  dedupe (``scrapy reextract``); not imported here, as it uses the pipelines (and so Scrapy).

The names below are the public interface; import them from ``crawler.replay``.
"""

from crawler.replay.archive import (
    ArchiveError,
    DirectoryArchive,
    Recorded,
    RecordInfo,
    ReplayArchive,
    WarcArchive,
    lookup_key,
)
from crawler.replay.cli import main
from crawler.replay.mirror import MIRROR_EXTENSIONS, mirror_urls
from crawler.replay.payload import MAX_DECODED_BYTES, decode_payload, guess_content_type, sniff_content_type
from crawler.replay.warcwrite import Entry, WarcRecorder, write_warc

__all__ = [
    "MAX_DECODED_BYTES",
    "MIRROR_EXTENSIONS",
    "ArchiveError",
    "DirectoryArchive",
    "Entry",
    "RecordInfo",
    "Recorded",
    "ReplayArchive",
    "WarcArchive",
    "WarcRecorder",
    "decode_payload",
    "guess_content_type",
    "lookup_key",
    "main",
    "mirror_urls",
    "sniff_content_type",
    "write_warc",
]
