"""Dates in Indonesian news: the incident period next to the publication date.

Recognised forms: day-of-week with numeric date "Jumat (9/6/2023)" or "(27/6)"; "12 Maret
2024"; "Rabu, 13 November 2024"; month ranges "Januari-Agustus 2019", "Oktober-Desember
2023", "Mei hingga Juli 2023"; day ranges "5-13 Juni 2023"; "sepanjang 2019"/"selama tahun
2019". Missing years are taken from the publication date. The incident period is the first
stated range, else the earliest dated mention not after the publication date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "pebruari": 2, "feb": 2, "maret": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8,
    "agu": 8, "agt": 8, "ags": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12,
}  # fmt: skip
MONTH_NAMES = (
    "januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september",
    "oktober", "november", "desember",
)  # fmt: skip
DAY_NAMES = ("senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "sabtu", "minggu")
_MONTH = "(?:" + "|".join((*MONTH_NAMES, "pebruari", "nopember")) + ")"  # old spellings
_DAY = "(?:" + "|".join((*DAY_NAMES, "ahad")) + ")"

_NUMERIC = re.compile(r"\((\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\)")
_DAY_BEFORE = re.compile(rf"\b{_DAY}\s*,?\s*$")
_MONTH_WORD = re.compile(rf"\b{_MONTH}\b")
_LONG = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b")
_MONTH_RANGE = re.compile(
    rf"\b({_MONTH})(?:\s+(\d{{4}}))?\s*(?:-|–|hingga|sampai(?: dengan)?|s\.?d\.?|"
    rf"s/d)\s*({_MONTH})\s+(\d{{4}})\b",
)
_DAY_RANGE = re.compile(
    rf"\b(\d{{1,2}})\s*(?:-|–|hingga|sampai)\s*(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b"
)
_YEAR_SPAN = re.compile(
    r"\b(?:sepanjang|selama|sejak awal|sepanjang tahun|"
    r"selama tahun)\s+(?:tahun\s+)?(\d{4})\b"
)
_YEAR_RANGE = re.compile(
    r"\b(?:selama|periode|tahun|sejak)\s+(\d{4})\s*(?:-|–|hingga|sampai)\s*(\d{4})\b"
)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A stated date or period. ``text`` is the matched words; ``start``/``end`` offsets."""

    date_from: str
    date_to: str
    precision: str  # day | month | year
    text: str
    start: int
    end: int


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


def _year(raw: str | None, published: date | None) -> int | None:
    if raw:
        y = int(raw)
        return y + 2000 if y < 100 else y
    return published.year if published else None


def parse_published(published: str | None) -> date | None:
    """ISO date or datetime ("2023-06-09", "2023-06-09T10:00:00+07:00", "2020-05") -> date."""
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", published.strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def find_dates(text: str, published: date | None = None) -> list[DateSpan]:
    """Every recognised date or period in ``text``, in text order ([] when none)."""
    original = text
    text = text.lower()
    if len(text) != len(original):  # a few code points change length when lowered
        text = "".join(c.lower() if len(c.lower()) == 1 else c for c in original)
    spans: list[DateSpan] = []
    taken: list[tuple[int, int]] = []

    def add(span: DateSpan) -> None:
        if any(s <= span.start < e or s < span.end <= e for s, e in taken):
            return
        taken.append((span.start, span.end))
        spans.append(span)

    month_at = [m.start() for m in _MONTH_WORD.finditer(text)]
    for m in (x for pos in month_at if (x := _MONTH_RANGE.match(text, pos))):
        y2 = int(m.group(4))
        y1 = int(m.group(2)) if m.group(2) else y2
        m1, m2 = MONTHS[m.group(1).lower()], MONTHS[m.group(3).lower()]
        a, b = _iso(y1, m1, 1), _iso(y2, m2, calendar.monthrange(y2, m2)[1])
        if a and b:
            add(
                DateSpan(
                    a, b, "month", original[m.start() : m.end()], m.start(), m.end()
                )
            )
    for m in _DAY_RANGE.finditer(text):
        y, mo = int(m.group(4)), MONTHS[m.group(3).lower()]
        a, b = _iso(y, mo, int(m.group(1))), _iso(y, mo, int(m.group(2)))
        if a and b:
            add(
                DateSpan(a, b, "day", original[m.start() : m.end()], m.start(), m.end())
            )
    for m in _YEAR_RANGE.finditer(text):
        add(
            DateSpan(
                f"{m.group(1)}-01-01",
                f"{m.group(2)}-12-31",
                "year",
                original[m.start() : m.end()],
                m.start(),
                m.end(),
            )
        )
    for m in _YEAR_SPAN.finditer(text):
        add(
            DateSpan(
                f"{m.group(1)}-01-01",
                f"{m.group(1)}-12-31",
                "year",
                original[m.start() : m.end()],
                m.start(),
                m.end(),
            )
        )
    for m in _NUMERIC.finditer(text):
        day = _DAY_BEFORE.search(text, max(0, m.start() - 12), m.start())
        if day is None:
            continue
        year = _year(m.group(3), published)
        if year is None:
            continue
        iso = _iso(year, int(m.group(2)), int(m.group(1)))
        if iso:
            add(
                DateSpan(
                    iso,
                    iso,
                    "day",
                    original[day.start() : m.end()],
                    day.start(),
                    m.end(),
                )
            )
    for m in _LONG.finditer(text):
        iso = _iso(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
        if iso:
            add(
                DateSpan(
                    iso, iso, "day", original[m.start() : m.end()], m.start(), m.end()
                )
            )
    spans.sort(key=lambda s: s.start)
    return spans


def incident_period(spans: list[DateSpan], published: date | None) -> DateSpan | None:
    """The first stated range, else the earliest single date not after publication."""
    ranges = [s for s in spans if s.date_from != s.date_to]
    if ranges:
        return ranges[0]
    singles = [
        s for s in spans if published is None or s.date_from <= published.isoformat()
    ]
    if not singles:
        return None
    return min(singles, key=lambda s: (s.date_from, s.start))
