"""Turn a subscriber's confirmed incidents into an email body: pure, no I/O, no clock.

``build_digest(DigestRequest) -> Digest(subject, text, html)``. Everything the email shows is
decided here and in the two templates beside this module (``templates/digest.html.jinja``,
``templates/digest.txt.jinja``); sending lives in ``send.py`` and the daily job in ``jobs.py``.

Article text is untrusted: headlines and titles go through ``privacy.safe_headline`` (names
masked, control characters dropped, length cut), the HTML template autoescapes everything, and
only http(s) URLs become links.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import jinja2

from digest.privacy import clean_text, coarse_places, safe_headline
from digest.regions import PROVINCES

if TYPE_CHECKING:
    from collections.abc import Iterable

    from review.records import IncidentSummary

TEMPLATES = Path(__file__).with_name("templates")

# incidents shown in full; the rest are counted with a link to the app
MAX_INCIDENTS = 50
# every source is linked; this bound only keeps a runaway cluster from bloating the mail
MAX_SOURCES = 100

_DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": (
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ),
}
_MONTHS = {
    "id": (
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
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
_TZ_ABBR = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

MODUS_LABELS: dict[str, dict[str, str]] = {
    "id": {
        "contract_marriage": "Kawin kontrak / pengantin pesanan",
        "irregular_migrant_work": "PMI non-prosedural",
        "sexual_exploitation": "Eksploitasi seksual",
        "online_scam": "Kerja paksa penipuan daring",
        "fishing_crew": "ABK kapal ikan",
        "organ_trade": "Perdagangan organ",
        "child_trafficking": "Perdagangan anak / bayi",
        "student_internship": "Magang / studi palsu",
        "forced_labor": "Kerja paksa",
        "other": "Lainnya",
    },
    "en": {
        "contract_marriage": "Contract marriage / mail-order brides",
        "irregular_migrant_work": "Irregular migrant work",
        "sexual_exploitation": "Sexual exploitation",
        "online_scam": "Forced work in online scams",
        "fishing_crew": "Fishing crew",
        "organ_trade": "Organ trade",
        "child_trafficking": "Child / baby trafficking",
        "student_internship": "Fake study / internship",
        "forced_labor": "Forced labour",
        "other": "Other",
    },
}

ROLE_LABELS = {
    "id": {
        "origin": "asal",
        "transit": "transit",
        "destination": "tujuan",
        "event": "lokasi kejadian",
        "dateline": "lokasi berita",
    },
    "en": {
        "origin": "origin",
        "transit": "transit",
        "destination": "destination",
        "event": "where it happened",
        "dateline": "dateline",
    },
}

STRINGS: dict[str, dict[str, str]] = {
    "id": {
        "title": "Ringkasan harian TPPO",
        "subject_new": "{n} insiden TPPO baru terkonfirmasi",
        "subject_one": "1 insiden TPPO baru terkonfirmasi",
        "subject_none": "Tidak ada insiden baru",
        "scope": "Wilayah",
        "all_indonesia": "Seluruh Indonesia",
        "modus": "Modus",
        "all_modus": "semua",
        "window": "Dikonfirmasi {start} – {end}",
        "new_incidents": "Insiden baru",
        "follow_ups": "Perkembangan kasus sebelumnya",
        "follow_up_badge": "LANJUTAN",
        "follow_up_of": "lanjutan dari insiden #{id}",
        "nothing_new": "Tidak ada insiden baru yang dikonfirmasi untuk wilayah dan modus Anda "
        "dalam periode ini.",
        "date": "Tanggal",
        "places": "Tempat",
        "victims": "Korban",
        "suspects": "Tersangka",
        "not_stated": "tidak disebut",
        "sources": "Sumber",
        "more_sources": "dan {n} sumber lain di aplikasi",
        "open_incident": "Buka insiden",
        "more_incidents": "{n} insiden lain tidak ditampilkan; lihat semuanya di aplikasi.",
        "month_totals": "Total {month}",
        "month_line": "{incidents} insiden · {victims} korban · {suspects} tersangka",
        "month_note": "sejak awal bulan, dengan filter Anda",
        "pending": "Antrean tinjauan",
        "pending_line": "{n} insiden menunggu tinjauan",
        "open_queue": "Buka antrean",
        "at_least": "sedikitnya {n}",
        "approx": "sekitar {n}",
        "privacy": "Nama korban dan detail yang dapat mengidentifikasi anak tidak dicantumkan; "
        "nama dalam judul disamarkan.",
        "why": "Anda menerima email ini karena berlangganan ringkasan Pantau ({scope}). "
        "Untuk berhenti atau mengubah langganan, hubungi admin Pantau.",
        "incident_no": "Insiden #{id}",
    },
    "en": {
        "title": "Daily TPPO digest",
        "subject_new": "{n} newly confirmed TPPO incidents",
        "subject_one": "1 newly confirmed TPPO incident",
        "subject_none": "Nothing new",
        "scope": "Area",
        "all_indonesia": "All of Indonesia",
        "modus": "Modus",
        "all_modus": "all",
        "window": "Confirmed {start} – {end}",
        "new_incidents": "New incidents",
        "follow_ups": "Follow-ups of earlier cases",
        "follow_up_badge": "FOLLOW-UP",
        "follow_up_of": "follow-up of incident #{id}",
        "nothing_new": "No new incidents were confirmed for your area and modus in this period.",
        "date": "Date",
        "places": "Places",
        "victims": "Victims",
        "suspects": "Suspects",
        "not_stated": "not stated",
        "sources": "Sources",
        "more_sources": "and {n} more sources in the app",
        "open_incident": "Open incident",
        "more_incidents": "{n} more incidents not shown; see them all in the app.",
        "month_totals": "Totals for {month}",
        "month_line": "{incidents} incidents · {victims} victims · {suspects} suspects",
        "month_note": "since the start of the month, with your filters",
        "pending": "Review queue",
        "pending_line": "{n} incidents waiting for review",
        "open_queue": "Open the queue",
        "at_least": "at least {n}",
        "approx": "about {n}",
        "privacy": "Victims' names and details that could identify children are left out; "
        "names in headlines are masked.",
        "why": "You get this email because you subscribed to the Pantau digest ({scope}). "
        "To stop or change it, contact your Pantau admin.",
        "incident_no": "Incident #{id}",
    },
}


@dataclass(frozen=True)
class MonthTotals:
    """Confirmed incidents of one month matching a subscriber's filters, with summed counts.

    ``*_at_least`` is True when any summed count was not exact, so the total is a floor.
    """

    year: int
    month: int
    incidents: int = 0
    victims: int = 0
    victims_at_least: bool = False
    suspects: int = 0
    suspects_at_least: bool = False


@dataclass(frozen=True)
class DigestRequest:
    """Everything one subscriber's digest for one day shows; built by the job, rendered here.

    ``incidents`` are already filtered to the subscriber's provinces and modus and to the
    window; ``provinces`` / ``modus`` empty mean "all". ``incident_paths`` may name the app
    page of incidents a follow-up points at. Rendering never reads a clock.
    """

    recipient: str
    digest_date: date
    lang: str
    tz: str
    provinces: tuple[str, ...]
    modus: tuple[str, ...]
    window_start: datetime
    window_end: datetime
    incidents: tuple[IncidentSummary, ...]
    month: MonthTotals
    pending_count: int | None
    app_url: str
    incident_paths: dict[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Digest:
    """A rendered digest: subject line, plain-text part and HTML part."""

    subject: str
    text: str
    html: str
    incident_count: int = 0


def matches(
    incident: IncidentSummary, provinces: Iterable[str], modus: Iterable[str]
) -> bool:
    """True when the incident lies in one of ``provinces`` and has one of ``modus``.

    An empty filter matches everything.
    """
    provinces = set(provinces)
    modus = set(modus)
    if provinces and not provinces & {str(c)[:2] for c in incident.province_codes}:
        return False
    return not (modus and not modus & set(incident.modus))


def month_totals(
    incidents: Iterable[IncidentSummary], year: int, month: int
) -> MonthTotals:
    """Sum incidents and victim / suspect counts; the caller picks the incidents of the month."""
    n = victims = suspects = 0
    victims_floor = suspects_floor = False
    for inc in incidents:
        n += 1
        v = _count(inc.counts, "victims")
        if v is not None:
            victims += v[0]
            victims_floor = victims_floor or v[1] != "exact"
        s = _count(inc.counts, "suspects")
        if s is not None:
            suspects += s[0]
            suspects_floor = suspects_floor or s[1] != "exact"
    return MonthTotals(year, month, n, victims, victims_floor, suspects, suspects_floor)


def _count(counts: dict[str, Any], key: str) -> tuple[int, str] | None:
    item = counts.get(key) if isinstance(counts, dict) else None
    if isinstance(item, dict):
        value, qualifier = item.get("value"), str(item.get("qualifier") or "exact")
    else:
        value, qualifier = item, "exact"
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return int(value), qualifier


def format_date(day: date, lang: str, weekday: bool = False) -> str:
    text = f"{day.day} {_MONTHS[lang][day.month - 1]} {day.year}"
    return f"{_DAYS[lang][day.weekday()]}, {text}" if weekday else text


def _short_date(day: date, lang: str) -> str:
    return f"{day.day} {_MONTHS[lang][day.month - 1][:3]} {day.year}"


def _local_stamp(moment: datetime, tz: ZoneInfo, lang: str) -> str:
    local = moment.astimezone(tz)
    abbr = _TZ_ABBR.get(str(tz.key), local.strftime("%Z"))
    return f"{_DAYS[lang][local.weekday()][:3]} {_short_date(local.date(), lang)} {local:%H:%M} {abbr}"


def safe_url(url: Any) -> str | None:
    """``url`` when it is an absolute http(s) URL without spaces or quotes, else None."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    if (
        len(url) > 2000
        or any(ch in url for ch in " \t\r\n\"'<>\\`")
        or not url.isprintable()
    ):
        return None
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return str(url)


def app_link(app_url: str, path: str) -> str | None:
    """The review app URL for ``path`` (absolute path or full URL), or None when unusable."""
    if not path:
        return None
    if path.startswith(("http://", "https://")):
        return safe_url(path)
    if not path.startswith("/") or path.startswith("//"):
        return None
    base = app_url.rstrip("/")
    return (
        safe_url(f"{base}/{quote(path.lstrip('/'), safe='/?=&%#:')}") if base else None
    )


def _count_text(counts: dict[str, Any], key: str, lang: str) -> str:
    found = _count(counts, key)
    s = STRINGS[lang]
    if found is None:
        return s["not_stated"]
    value, qualifier = found
    if qualifier == "at_least":
        return s["at_least"].format(n=value)
    if qualifier == "approx":
        return s["approx"].format(n=value)
    return str(value)


def _total_text(value: int, floor: bool, lang: str) -> str:
    return STRINGS[lang]["at_least"].format(n=value) if floor else str(value)


def _published(incident: IncidentSummary, tz: ZoneInfo, lang: str) -> str:
    raw = incident.first_published or incident.confirmed_at
    if not raw:
        return "—"
    try:
        moment = datetime.fromisoformat(raw)
    except ValueError:
        try:
            return format_date(date.fromisoformat(raw[:10]), lang)
        except ValueError:
            return "—"
    if moment.tzinfo is not None:
        moment = moment.astimezone(tz)
    return format_date(moment.date(), lang)


def _incident_path(incident_id: int, paths: dict[int, str], like: str) -> str:
    """Path of another incident: known from the caller, or ``like`` with its id swapped."""
    if incident_id in paths:
        return paths[incident_id]
    head, sep, tail = like.rstrip("/").rpartition("/")
    if sep and tail.isdigit():
        return f"{head}/{incident_id}"
    return f"/incidents/{incident_id}"


def _incident_view(
    inc: IncidentSummary, req: DigestRequest, tz: ZoneInfo
) -> dict[str, Any]:
    lang = req.lang
    roles = ROLE_LABELS[lang]
    places = [
        {"name": p["name"], "role": roles.get(p["role"], clean_text(p["role"], 20))}
        for p in coarse_places(inc.locations)
    ]
    sources = []
    for src in inc.sources:
        title = safe_headline(src.get("title"), lang, 160)
        outlet = clean_text(src.get("outlet"), 60)
        sources.append(
            {"outlet": outlet, "title": title, "url": safe_url(src.get("url"))}
        )
    path = inc.path or req.incident_paths.get(inc.id) or ""
    if not app_link(req.app_url, path):
        path = f"/incidents/{inc.id}"
    follow = None
    if inc.follow_up_of is not None:
        follow_path = _incident_path(inc.follow_up_of, req.incident_paths, path)
        follow = {
            "id": inc.follow_up_of,
            "label": STRINGS[lang]["follow_up_of"].format(id=inc.follow_up_of),
            "url": app_link(req.app_url, follow_path),
        }
    return {
        "id": inc.id,
        "headline": safe_headline(inc.headline, lang, 200)
        or STRINGS[lang]["incident_no"].format(id=inc.id),
        "date": _published(inc, tz, lang),
        "places": places,
        "victims": _count_text(inc.counts, "victims", lang),
        "suspects": _count_text(inc.counts, "suspects", lang),
        "modus": [MODUS_LABELS[lang].get(m, clean_text(m, 40)) for m in inc.modus],
        "sources": sources[:MAX_SOURCES],
        "more_sources": max(0, len(sources) - MAX_SOURCES),
        "url": app_link(req.app_url, path),
        "follow_up": follow,
    }


def scope_text(provinces: tuple[str, ...], lang: str) -> str:
    if not provinces:
        return STRINGS[lang]["all_indonesia"]
    return ", ".join(PROVINCES.get(code, code) for code in provinces)


def build_digest(req: DigestRequest) -> Digest:
    """Render one subscriber's digest; raises ValueError for an unknown language."""
    if req.lang not in STRINGS:
        raise ValueError(f"unknown digest language {req.lang!r} (id or en)")
    lang = req.lang
    s = STRINGS[lang]
    tz = ZoneInfo(req.tz)
    shown = req.incidents[:MAX_INCIDENTS]
    views = [_incident_view(inc, req, tz) for inc in shown]
    new = [v for v in views if v["follow_up"] is None]
    follow_ups = [v for v in views if v["follow_up"] is not None]
    n = len(req.incidents)
    day = format_date(req.digest_date, lang, weekday=True)
    if n == 0:
        headline = s["subject_none"]
    elif n == 1:
        headline = s["subject_one"]
    else:
        headline = s["subject_new"].format(n=n)
    month_name = f"{_MONTHS[lang][req.month.month - 1]} {req.month.year}"
    context = {
        "s": s,
        "lang": lang,
        "title": s["title"],
        "day": day,
        "summary": headline,
        "scope": scope_text(req.provinces, lang),
        "modus": ", ".join(MODUS_LABELS[lang].get(m, m) for m in req.modus)
        or s["all_modus"],
        "window": s["window"].format(
            start=_local_stamp(req.window_start, tz, lang),
            end=_local_stamp(req.window_end, tz, lang),
        ),
        "new": new,
        "follow_ups": follow_ups,
        "hidden": n - len(shown),
        "month_title": s["month_totals"].format(month=month_name),
        "month_line": s["month_line"].format(
            incidents=req.month.incidents,
            victims=_total_text(req.month.victims, req.month.victims_at_least, lang),
            suspects=_total_text(req.month.suspects, req.month.suspects_at_least, lang),
        ),
        "pending_line": (
            s["pending_line"].format(n=req.pending_count)
            if req.pending_count is not None
            else None
        ),
        "queue_url": app_link(req.app_url, "/queue"),
        "app_url": safe_url(req.app_url.rstrip("/") + "/") if req.app_url else None,
        "why": s["why"].format(scope=scope_text(req.provinces, lang)),
    }
    subject = clean_text(f"Pantau · {headline} · {day}", 200)
    html = _env(True).get_template("digest.html.jinja").render(context)
    text = _env(False).get_template("digest.txt.jinja").render(context)
    return Digest(subject=subject, text=_tidy_text(text), html=html, incident_count=n)


def _tidy_text(text: str) -> str:
    """Collapse the blank-line runs Jinja blocks leave behind; end with one newline."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return "\n".join(out).strip() + "\n"


@cache
def _env(html: bool) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def month_window(digest_date: date, tz: str) -> tuple[datetime, datetime, int, int]:
    """Start and end (local, aware) of the month the digest reports on, with (year, month).

    That is the month of the day before ``digest_date``: the 1 December morning email closes
    November.
    """
    reported = digest_date - timedelta(days=1)
    zone = ZoneInfo(tz)
    start = datetime(reported.year, reported.month, 1, tzinfo=zone)
    nxt = datetime(
        reported.year + reported.month // 12, reported.month % 12 + 1, 1, tzinfo=zone
    )
    return start, nxt, reported.year, reported.month
