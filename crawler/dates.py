"""Publication dates as Indonesian outlets print them, normalised to aware datetimes.

Handles ISO stamps from meta tags (``2023-11-02T14:34:19+00:00``, ``2015-11-05
T10:08:58Z``, detik's ``2023-11-02T20-59-53Z``), Indonesian and English month names
(``Jumat, 15 Maret 2024 14:20 WIB``, ``Sen 5 Feb 2024``, ``Wednesday, 04 November, 2015
| 07:28 WIB``), numeric forms (``15/03/2024, 14:20 WIB``, ``2023/11/02 20:59:53``), the
zones WIB / WITA / WIT, and relative times (``2 jam lalu``, ``kemarin``) against a given
"now". Everything is returned in the zone the page states, defaulting to Asia/Jakarta.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo

JAKARTA = ZoneInfo("Asia/Jakarta")
ZONES = {
    "WIB": timezone(timedelta(hours=7)),
    "WITA": timezone(timedelta(hours=8)),
    "WIT": timezone(timedelta(hours=9)),
}

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2, "peb": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8, "agust": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11, "nop": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip

Precision = Literal["day", "minute", "second", "relative"]


class ParsedDate(NamedTuple):
    """A parsed date and how precise the source was: a page showing ``14:20 WIB`` gives
    a minute, a meta stamp usually a second, ``2 jam lalu`` a relative guess."""

    value: datetime
    precision: Precision
    zoned: bool = False  # the text named its zone (WIB, +07:00, Z)


_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_ZONE_RE = r"(?P<zone>WITA|WIB|WIT|GMT\s*[+-]\s*\d{1,2})"
_TIME_RE = (
    r"(?:(?:pukul|jam|at|pkl\.?)\s*)?(?P<hh>\d{1,2})[:.](?P<mm>\d{2})(?![\d/])"
    r"(?:[:.](?P<ss>\d{2}))?"
)

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:\s*T\s*|\s+)(?P<hh>\d{1,2})(?P<sep>[:.-])(?P<mm>\d{2})"
    r"(?:(?P=sep)(?P<ss>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?)?",
)
_NAMED = re.compile(
    rf"(?<![\w])(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH_RE})\.?,?\s+(?P<y>\d{{4}})"
    rf"(?:\s*[,|\-\u2013\u2014]?\s*{_TIME_RE})?(?:\s*{_ZONE_RE})?",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    rf"(?<![\d/])(?P<a>\d{{1,4}})[/-](?P<b>\d{{1,2}})[/-](?P<c>\d{{2,4}})"
    rf"(?:\s*[,|\-\u2013\u2014]?\s*{_TIME_RE})?(?:\s*{_ZONE_RE})?",
    re.IGNORECASE,
)
_RELATIVE = re.compile(
    r"(?P<n>\d+|se)\s*(?P<unit>detik|menit|jam|hari|minggu|pekan|bulan)\s+(?:yang\s+)?lalu",
    re.IGNORECASE,
)
_UNITS = {
    "detik": timedelta(seconds=1), "menit": timedelta(minutes=1),
    "jam": timedelta(hours=1), "hari": timedelta(days=1), "minggu": timedelta(weeks=1),
    "pekan": timedelta(weeks=1), "bulan": timedelta(days=30),
}  # fmt: skip


def _zone(name: str | None, default: timezone | ZoneInfo) -> timezone | ZoneInfo:
    if not name:
        return default
    name = name.upper().replace(" ", "")
    if name in ZONES:
        return ZONES[name]
    m = re.match(r"GMT([+-])(\d{1,2})", name)
    if m:
        hours = int(m.group(2)) * (1 if m.group(1) == "+" else -1)
        return timezone(timedelta(hours=hours))
    return default


def _build(
    y: int, mo: int, d: int, hh: str | None, mm: str | None, ss: str | None,
    tz: timezone | ZoneInfo, zoned: bool = False,
) -> ParsedDate | None:  # fmt: skip
    try:
        value = datetime(y, mo, d, int(hh or 0), int(mm or 0), int(ss or 0), tzinfo=tz)
    except ValueError:
        return None
    precision: Precision = "second" if ss else "minute" if hh else "day"
    return ParsedDate(value, precision, zoned)


def _iso(value: str, default_tz: timezone | ZoneInfo) -> ParsedDate | None:
    m = _ISO.search(value)
    if not m:
        return None
    tzs = m.group("tz")
    if tzs == "Z":
        tz: timezone | ZoneInfo = UTC
    elif tzs:
        sign = 1 if tzs[0] == "+" else -1
        digits = tzs[1:].replace(":", "")
        tz = timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))
    else:
        tz = default_tz
    found = _build(
        int(m["y"]), int(m["m"]), int(m["d"]), m["hh"], m["mm"], m["ss"], tz, bool(tzs)
    )
    if found is None or found.value.utcoffset() != timedelta(0):
        return found
    return found._replace(value=found.value.astimezone(default_tz))


def parse_iso(value: str, default_tz: timezone | ZoneInfo = JAKARTA) -> datetime | None:
    """An ISO-like stamp from a meta tag; a UTC stamp is converted to ``default_tz``.

    Outlets write UTC stamps for pages whose readers see local time, so ``Z`` and
    ``+00:00`` become Asia/Jakarta; a stated Indonesian offset (+08:00 WITA) is kept. A
    stamp without an offset is read in ``default_tz``.
    """
    found = _iso(value, default_tz)
    return found.value if found else None


def _indonesian(text: str, default_tz: timezone | ZoneInfo) -> ParsedDate | None:
    m = _NAMED.search(text)
    if m:
        tz = _zone(m["zone"], default_tz)
        month = MONTHS[m["mon"].lower()]
        return _build(
            int(m["y"]),
            month,
            int(m["d"]),
            m["hh"],
            m["mm"],
            m["ss"],
            tz,
            bool(m["zone"]),
        )
    m = _NUMERIC.search(text)
    if m:
        a, b, c = m["a"], m["b"], m["c"]
        if len(a) == 4:  # 2023/11/02
            y, mo, d = int(a), int(b), int(c)
        elif len(c) == 4:  # 15/03/2024 (Indonesian order: day first)
            y, mo, d = int(c), int(b), int(a)
        else:
            return None
        zone = _zone(m["zone"], default_tz)
        return _build(y, mo, d, m["hh"], m["mm"], m["ss"], zone, bool(m["zone"]))
    return None


def parse_indonesian(
    text: str, default_tz: timezone | ZoneInfo = JAKARTA
) -> datetime | None:
    """The first date written the Indonesian way in ``text`` (named month or d/m/y)."""
    found = _indonesian(text, default_tz)
    return found.value if found else None


def parse_relative(text: str, now: datetime) -> datetime | None:
    """``2 jam lalu`` / ``kemarin`` / ``baru saja`` relative to ``now`` (aware)."""
    lowered = text.lower()
    m = _RELATIVE.search(lowered)
    if m:
        n = 1 if m["n"] == "se" else int(m["n"])
        return now - n * _UNITS[m["unit"]]
    if "kemarin" in lowered:
        return now - timedelta(days=1)
    if "baru saja" in lowered:
        return now
    return None


def parse_date_precise(
    text: str, *, now: datetime | None = None, default_tz: timezone | ZoneInfo = JAKARTA
) -> ParsedDate | None:
    """Like ``parse_date``, and says how precise the text was (see ``ParsedDate``)."""
    text = text.strip()
    if not text:
        return None
    if re.match(r"\s*\d{4}-\d{1,2}-\d{1,2}", text):
        return _iso(text, default_tz)
    found = _indonesian(text, default_tz)
    if found is None and now is not None:
        relative = parse_relative(text, now.astimezone(default_tz))
        if relative is not None:
            found = ParsedDate(relative, "relative")
    return found


def parse_date(
    text: str, *, now: datetime | None = None, default_tz: timezone | ZoneInfo = JAKARTA
) -> datetime | None:
    """Any of the supported forms; ISO first, then Indonesian, then relative (needs
    ``now``).

    Returns None when ``text`` holds no date, or only a relative one and ``now`` is
    None.
    """
    found = parse_date_precise(text, now=now, default_tz=default_tz)
    return found.value if found else None
