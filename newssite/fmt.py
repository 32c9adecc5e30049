"""Date formats of the Indonesian outlets the layouts imitate (the extractor must parse
them)."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

from newssite.content import ZONE_LABELS

DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)


def zone(dt: datetime) -> str:
    offset = dt.utcoffset()
    hours = int(offset.total_seconds() // 3600) if offset is not None else 7
    return ZONE_LABELS.get(hours, "WIB")


def long_date(dt: datetime) -> str:
    """ANTARA and Tribun: 'Jumat, 15 Maret 2024 14:20 WIB'."""
    day = f"{DAYS[dt.weekday()]}, {dt.day} {MONTHS[dt.month - 1]} {dt.year}"
    return f"{day} {dt:%H:%M} {zone(dt)}"


def day_date(dt: datetime) -> str:
    """'15 Maret 2024' (WordPress entry date, listing teasers)."""
    return f"{dt.day} {MONTHS[dt.month - 1]} {dt.year}"


def detik_date(dt: datetime) -> str:
    """Detik: 'Jumat, 15 Mar 2024 14:20 WIB' (two-digit day)."""
    day = f"{DAYS[dt.weekday()]}, {dt:%d} {MONTHS_SHORT[dt.month - 1]} {dt.year}"
    return f"{day} {dt:%H:%M} {zone(dt)}"


def kompas_date(dt: datetime) -> str:
    """Kompas: '15/03/2024, 14:20 WIB'."""
    return f"{dt:%d/%m/%Y, %H:%M} {zone(dt)}"


def header_today(dt: datetime) -> str:
    """The date in a masthead: 'Jumat, 15 Maret 2024'."""
    return f"{DAYS[dt.weekday()]}, {dt.day} {MONTHS[dt.month - 1]} {dt.year}"


def utc_iso(dt: datetime) -> str:
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def rfc822(dt: datetime) -> str:
    """RSS pubDate."""
    return format_datetime(dt)


def http_date(dt: datetime) -> str:
    """Last-Modified header value."""
    return format_datetime(dt.astimezone(UTC), usegmt=True)


def ago(dt: datetime, now: datetime) -> str:
    """Relative time like Tribun's sidebars ('3 jam lalu'), relative to the page's own
    date."""
    seconds = (now - dt).total_seconds()
    if seconds < 0:
        return day_date(dt)
    if seconds < 3600:
        return f"{max(1, int(seconds // 60))} menit lalu"
    if seconds < 86400:
        return f"{int(seconds // 3600)} jam lalu"
    if seconds < 86400 * 30:
        return f"{int(seconds // 86400)} hari lalu"
    return day_date(dt)
