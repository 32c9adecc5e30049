"""Exports of reviewed incidents: CSV, JSON, GeoJSON, and labelled articles for
training.

All read :class:`review.records.IncidentSummary` (corrections applied). The labels JSONL
is the
file ``pantau train`` reads: one line per article of a confirmed (tppo true) or rejected
(tppo
false) incident, in the shape of ../shared/data/labels/GUIDELINES.md plus title and
text, so
reviewer decisions flow back into the classifier as a file, not an import.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from review.queue_schema import incident_articles, incidents
from review.schema import articles

if TYPE_CHECKING:
    from review.queue import ReviewQueue
    from review.records import IncidentSummary

FORMATS = ("csv", "json", "geojson", "labels")

CSV_COLUMNS = (
    "id",
    "status",
    "headline",
    "kind",
    "modus",
    "province_codes",
    "locations",
    "victims",
    "victims_qualifier",
    "suspects",
    "suspects_qualifier",
    "cases",
    "cases_qualifier",
    "first_published",
    "confirmed_at",
    "confirmed_by",
    "follow_up_of",
    "source_count",
    "outlets",
    "source_urls",
    "path",
)


def _cell(value: Any) -> str:
    """Text for a spreadsheet cell; a leading = + - @ is quoted so Excel does not run it."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _row(s: IncidentSummary) -> dict[str, str]:
    counts = s.counts or {}

    def count(key: str, part: str) -> Any:
        return (counts.get(key) or {}).get(part)

    locs = "; ".join(
        f"{loc.get('name')}"
        + (f" [{loc['code']}]" if loc.get("code") else "")
        + (f" ({loc['role']})" if loc.get("role") else "")
        for loc in s.locations
    )
    row = {
        "id": s.id,
        "status": s.status,
        "headline": s.headline,
        "kind": s.kind,
        "modus": ";".join(s.modus),
        "province_codes": ";".join(s.province_codes),
        "locations": locs,
        "victims": count("victims", "value"),
        "victims_qualifier": count("victims", "qualifier"),
        "suspects": count("suspects", "value"),
        "suspects_qualifier": count("suspects", "qualifier"),
        "cases": count("cases", "value"),
        "cases_qualifier": count("cases", "qualifier"),
        "first_published": s.first_published,
        "confirmed_at": s.confirmed_at,
        "confirmed_by": s.confirmed_by,
        "follow_up_of": s.follow_up_of,
        "source_count": len(s.sources),
        "outlets": ";".join(sorted({src["outlet"] for src in s.sources})),
        "source_urls": " ".join(src["url"] for src in s.sources),
        "path": s.path,
    }
    return {k: _cell(row[k]) for k in CSV_COLUMNS}


def to_csv(summaries: Iterable[IncidentSummary]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for s in summaries:
        writer.writerow(_row(s))
    return buf.getvalue()


def summary_dict(s: IncidentSummary) -> dict[str, Any]:
    return {
        "id": s.id,
        "headline": s.headline,
        "status": s.status,
        "kind": s.kind,
        "modus": list(s.modus),
        "locations": [dict(loc) for loc in s.locations],
        "province_codes": list(s.province_codes),
        "counts": s.counts,
        "sources": [dict(src) for src in s.sources],
        "first_published": s.first_published,
        "confirmed_at": s.confirmed_at,
        "confirmed_by": s.confirmed_by,
        "follow_up_of": s.follow_up_of,
        "path": s.path,
    }


def to_json(summaries: Iterable[IncidentSummary]) -> str:
    return json.dumps(
        {"incidents": [summary_dict(s) for s in summaries]},
        ensure_ascii=False,
        indent=1,
    )


def to_geojson(summaries: Iterable[IncidentSummary]) -> str:
    """One Point feature per located place of each incident (places without lat/lon skipped)."""
    features = []
    for s in summaries:
        for loc in s.locations:
            lat, lon = loc.get("lat"), loc.get("lon")
            if lat is None or lon is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [float(lon), float(lat)],
                    },
                    "properties": {
                        "incident_id": s.id,
                        "headline": s.headline,
                        "place": loc.get("name"),
                        "code": loc.get("code"),
                        "role": loc.get("role"),
                        "modus": list(s.modus),
                        "victims": (s.counts.get("victims") or {}).get("value"),
                        "first_published": s.first_published,
                        "confirmed_at": s.confirmed_at,
                        "sources": len(s.sources),
                        "path": s.path,
                    },
                }
            )
    return json.dumps(
        {"type": "FeatureCollection", "features": features}, ensure_ascii=False
    )


def iter_labels(queue: ReviewQueue) -> Iterator[dict[str, Any]]:
    """Labelled articles from reviewed incidents: confirmed -> tppo true with the
    corrected
    fields; rejected -> tppo false. Duplicates are skipped (their sources moved or repeat)."""
    for status in ("confirmed", "rejected"):
        for s in queue.incident_summaries(status):
            with queue.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(
                        articles.c.id,
                        articles.c.title,
                        articles.c.text,
                        articles.c.outlet,
                        articles.c.url,
                    )
                    .join(
                        incident_articles,
                        incident_articles.c.article_id == articles.c.id,
                    )
                    .join(incidents, incidents.c.id == incident_articles.c.incident_id)
                    .where(incidents.c.id == s.id)
                    .order_by(articles.c.id)
                ).all()
            tppo = status == "confirmed"
            for r in rows:
                yield {
                    "id": f"pantau:{r.id}",
                    "title": r.title,
                    "text": r.text,
                    "tppo": tppo,
                    "kind": s.kind if tppo else None,
                    "modus": list(s.modus) if tppo else [],
                    "locations": [
                        {k: loc.get(k) for k in ("name", "code", "role")}
                        for loc in s.locations
                    ]
                    if tppo
                    else [],
                    "counts": {
                        k: {"value": v.get("value"), "qualifier": v.get("qualifier")}
                        for k, v in s.counts.items()
                    }
                    if tppo
                    else {},
                    "outlet": r.outlet,
                    # classifier.dataset splits by ``source`` and keeps a ``story`` together
                    "source": r.outlet,
                    "story": f"incident:{s.id}",
                    "url": r.url,
                    "incident_id": s.id,
                    "note": f"reviewed in pantau: incident {s.id} {status}"
                    + (f" by {s.confirmed_by}" if s.confirmed_by else ""),
                }


def to_labels(queue: ReviewQueue) -> str:
    return "".join(
        json.dumps(rec, ensure_ascii=False) + "\n" for rec in iter_labels(queue)
    )


def export(queue: ReviewQueue, fmt: str, status: str | None = "confirmed") -> str:
    """The export of ``fmt`` (one of FORMATS) as text; CSV/JSON/GeoJSON cover ``status``."""
    if fmt == "labels":
        return to_labels(queue)
    summaries = queue.incident_summaries(status)
    if fmt == "csv":
        return to_csv(summaries)
    if fmt == "json":
        return to_json(summaries)
    if fmt == "geojson":
        return to_geojson(summaries)
    raise ValueError(f"unknown export format {fmt!r}; choose from {', '.join(FORMATS)}")
