"""Vietnamese timestamp parsing (TEMPORARY STUB: minimal shapes only; being replaced).

Interface (stable): parse_datetime(text, now=None) -> aware datetime in +07:00 or None.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

VN_TZ = timezone(timedelta(hours=7))

_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\D+(\d{1,2}):(\d{2}))?")
_HM_DMY = re.compile(r"(\d{1,2}):(\d{2})\D+(\d{1,2})/(\d{1,2})/(\d{4})")


def parse_datetime(text: str, now: datetime | None = None) -> datetime | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text.replace(" +", "+"))
        return (dt if dt.tzinfo else dt.replace(tzinfo=VN_TZ)).astimezone(VN_TZ)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).astimezone(VN_TZ)
    except (TypeError, ValueError, IndexError):
        pass
    m = _HM_DMY.search(text)
    if m:
        hh, mm, d, mo, y = map(int, m.groups())
        return datetime(y, mo, d, hh, mm, tzinfo=VN_TZ)
    m = _DMY.search(text)
    if m:
        d, mo, y = int(m[1]), int(m[2]), int(m[3])
        hh, mm = (int(m[4]), int(m[5])) if m[4] else (0, 0)
        try:
            return datetime(y, mo, d, hh, mm, tzinfo=VN_TZ)
        except ValueError:
            return None
    return None
