"""Pure helpers for the pages: highlighted article text, form parsing, chart geometry.

Nothing here builds HTML strings: templates receive plain values and Jinja2 escapes
them.
"""

from __future__ import annotations

import math
import re
from typing import Any

from review.queue import COUNT_KEYS
from review.records import MODUS

MODUS_LABELS = {
    "contract_marriage": "Kawin kontrak / pengantin pesanan",
    "irregular_migrant_work": "PMI non-prosedural",
    "sexual_exploitation": "Eksploitasi seksual",
    "online_scam": "Online scam compound",
    "fishing_crew": "ABK kapal ikan",
    "organ_trade": "Perdagangan organ",
    "child_trafficking": "Perdagangan bayi / anak",
    "student_internship": "Magang / ferienjob",
    "forced_labor": "Kerja paksa",
    "other": "Lainnya",
}
assert set(MODUS_LABELS) == set(MODUS)


def joined_text(title: str, text: str) -> str:
    """The string entity offsets refer to (the extractor's convention): the body when it
    already starts with the title, else title + newline + body."""
    title = (title or "").strip()
    body = text or ""
    if not title or body.lstrip()[: len(title)] == title:
        return body
    return f"{title}\n{body}"


def _span(
    text: str, item: dict[str, Any], needle: str | None
) -> tuple[int, int] | None:
    start, end = item.get("start"), item.get("end")
    if (
        isinstance(start, int)
        and isinstance(end, int)
        and 0 <= start < end <= len(text)
    ):
        if (
            not needle
            or needle.lower()[:4] in text[start:end].lower()
            or not needle.strip()
        ):
            return start, end
    if needle:
        i = text.lower().find(needle.lower())
        if i >= 0:
            return i, i + len(needle)
    return None


def highlight(
    title: str,
    text: str,
    *,
    evidence: list[str],
    locations: list[dict[str, Any]],
    counts: dict[str, Any],
) -> list[dict[str, str]]:
    """Split the article into segments ``{"text", "kind", "label"}``; kind is ""
    (plain),
    "evidence", "place" or "count". Overlaps keep the earlier, then longer, span."""
    full = joined_text(title, text)
    spans: list[tuple[int, int, str, str]] = []
    for loc in locations:
        s = _span(full, loc, loc.get("name"))
        if s:
            label = (
                f"{loc.get('name')} {loc.get('code') or ''} ({loc.get('role') or '?'})"
            )
            spans.append((s[0], s[1], "place", label))
    for name, c in counts.items():
        if isinstance(c, dict):
            s = _span(full, c, None)
            if s:
                spans.append(
                    (
                        s[0],
                        s[1],
                        "count",
                        f"{name}: {c.get('value')} ({c.get('qualifier') or 'exact'})",
                    )
                )
    for term in evidence:
        term = str(term).strip()
        if len(term) < 3:
            continue
        for m in re.finditer(re.escape(term), full, flags=re.IGNORECASE):
            spans.append((m.start(), m.end(), "evidence", f"evidence: {term}"))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[dict[str, str]] = []
    pos = 0
    for start, end, kind, label in spans:
        if start < pos:
            continue
        if start > pos:
            out.append({"text": full[pos:start], "kind": "", "label": ""})
        out.append({"text": full[start:end], "kind": kind, "label": label})
        pos = end
    if pos < len(full):
        out.append({"text": full[pos:], "kind": "", "label": ""})
    return out


def changes_from_form(form: Any, effective: dict[str, Any]) -> dict[str, Any]:
    """Corrections a submitted incident form makes, relative to the current effective
    values.

    Fields the reviewer did not change are left out, so confirming without edits records
    a
    status change only. Values are validated later by ``review.queue.validate_changes``.
    """
    changes: dict[str, Any] = {}
    if "headline" in form:
        headline = str(form.get("headline") or "").strip()
        if headline and headline != (effective.get("headline") or ""):
            changes["headline"] = headline
    if "kind" in form:
        kind = form.get("kind") or None
        if kind != effective.get("kind"):
            changes["kind"] = kind
    if "modus_present" in form:
        modus = [m for m in form.getlist("modus") if m]
        if sorted(modus) != sorted(effective.get("modus") or []):
            changes["modus"] = modus
    if "counts_present" in form:
        counts: dict[str, Any] = {}
        for key in COUNT_KEYS:
            raw = str(form.get(f"count_{key}") or "").strip()
            if raw:
                value: Any = int(raw) if raw.isdigit() else raw
                counts[key] = {
                    "value": value,
                    "qualifier": form.get(f"qual_{key}") or "exact",
                }
        current = {
            k: {"value": v.get("value"), "qualifier": v.get("qualifier") or "exact"}
            for k, v in (effective.get("counts") or {}).items()
            if k in COUNT_KEYS
        }
        if counts != current:
            changes["counts"] = counts
    if "locations_present" in form:
        names = form.getlist("loc_name")
        codes = form.getlist("loc_code")
        roles = form.getlist("loc_role")
        lats = form.getlist("loc_lat")
        lons = form.getlist("loc_lon")
        locs = []
        for i, name in enumerate(names):
            if not str(name).strip():
                continue
            loc = {
                "name": str(name).strip(),
                "code": (codes[i] if i < len(codes) else "") or None,
                "role": (roles[i] if i < len(roles) else "") or "event",
            }
            for k, values in (("lat", lats), ("lon", lons)):
                if i < len(values) and str(values[i]).strip():
                    loc[k] = values[i]
            locs.append(loc)
        current_locs = [
            {
                "name": loc.get("name"),
                "code": loc.get("code") or None,
                "role": loc.get("role") or "event",
            }
            for loc in effective.get("locations") or []
        ]
        if [
            {k: loc[k] for k in ("name", "code", "role")} for loc in locs
        ] != current_locs:
            changes["locations"] = locs
    return changes


def bars(
    rows: list[dict[str, Any]],
    key: str,
    value: str,
    *,
    width: int = 640,
    height: int = 160,
) -> dict[str, Any]:
    """Bar geometry for an SVG chart (x, y, w, h per bar, plus labels)."""
    n = max(len(rows), 1)
    top = max([r[value] for r in rows] + [1])
    bw = width / n
    out = []
    w = min(max(bw - 2, 1), 56)
    for i, r in enumerate(rows):
        h = (r[value] / top) * (height - 20)
        out.append(
            {
                "x": round(i * bw + (bw - w) / 2, 1),
                "y": round(height - h, 1),
                "w": round(w, 1),
                "h": round(h, 1),
                "label": str(r[key]),
                "value": r[value],
            }
        )
    return {"width": width, "height": height, "bars": out, "max": top}


# Indonesia's bounding box in degrees, projected equirectangularly onto the map
_LON0, _LON1, _LAT0, _LAT1 = 94.5, 141.5, -11.5, 6.5


def map_points(
    provinces: dict[str, dict[str, Any]],
    by_province: list[dict[str, Any]],
    *,
    land: list[tuple[float, float]] = (),
    width: int = 760,
    height: int = 300,
) -> dict[str, Any]:
    """Circles for the province map: every province faint, confirmed ones sized by
    count.

    ``land`` (kabupaten/kota centroids, when the gazetteer is loaded) is drawn as tiny
    dots
    that trace the archipelago, so the map needs no tiles or outlines from elsewhere."""
    counts = {r["code"]: r for r in by_province}
    top = max([r["incidents"] for r in by_province] + [1])

    def xy(lat: float, lon: float) -> tuple[float, float]:
        x = (lon - _LON0) / (_LON1 - _LON0) * width
        y = (_LAT1 - lat) / (_LAT1 - _LAT0) * height
        return round(x, 1), round(y, 1)

    points = []
    for code, p in sorted(provinces.items()):
        if p.get("lat") is None or p.get("lon") is None:
            continue
        x, y = xy(float(p["lat"]), float(p["lon"]))
        row = counts.get(code)
        n = row["incidents"] if row else 0
        points.append(
            {
                "code": code,
                "name": p.get("name", code),
                "x": x,
                "y": y,
                "r": round(4 + 18 * math.sqrt(n / top), 1) if n else 3,
                "incidents": n,
                "victims": row["victims"] if row else 0,
            }
        )
    # name only the six largest: labels of neighbouring Java provinces would overlap
    ranked = sorted((p for p in points if p["incidents"]), key=lambda p: -p["incidents"])
    for p in points:
        p["label"] = p in ranked[:6]
    dots = [xy(lat, lon) for lat, lon in land]
    return {"width": width, "height": height, "points": points, "land": dots}
