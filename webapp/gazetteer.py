"""Place look-ups for the autocomplete and the map, without importing ``classifier``.

Reads the ``gazetteer`` table that ``pantau gazetteer load`` writes (columns code, name,
name_short, level, province_code, lat, lon) when it exists; otherwise falls back to the
38
provinces in webapp/data/provinces.json. Foreign destinations come from a short list of
the
countries the guidelines name, with ISO 3166-1 alpha-2 codes.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import sqlalchemy as sa

COUNTRIES = (
    ("MY", "Malaysia", 4.2, 101.9),
    ("SG", "Singapura", 1.35, 103.8),
    ("KH", "Kamboja", 12.6, 104.9),
    ("MM", "Myanmar", 21.9, 95.9),
    ("LA", "Laos", 19.9, 102.5),
    ("PH", "Filipina", 12.9, 121.8),
    ("TH", "Thailand", 15.9, 100.9),
    ("CN", "China", 35.9, 104.2),
    ("TW", "Taiwan", 23.7, 121.0),
    ("HK", "Hong Kong", 22.3, 114.2),
    ("SA", "Arab Saudi", 23.9, 45.1),
    ("AE", "Uni Emirat Arab", 23.4, 53.8),
    ("QA", "Qatar", 25.4, 51.2),
    ("KR", "Korea Selatan", 35.9, 127.8),
    ("JP", "Jepang", 36.2, 138.3),
    ("DE", "Jerman", 51.2, 10.5),
    ("TL", "Timor Leste", -8.9, 125.7),
    ("BN", "Brunei", 4.5, 114.7),
    ("TR", "Turki", 39.0, 35.2),
    ("JO", "Yordania", 30.6, 36.2),
)
LEVELS = ("provinsi", "kabupaten_kota")
_PROVINCES_FILE = Path(__file__).with_name("data") / "provinces.json"

_table = sa.Table(
    "gazetteer",
    sa.MetaData(),
    sa.Column("code", sa.String(32), primary_key=True),
    sa.Column("name", sa.String(255)),
    sa.Column("name_short", sa.String(255)),
    sa.Column("level", sa.String(32)),
    sa.Column("province_code", sa.String(8)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
)


class Places:
    """Autocomplete over provinces and kabupaten/kota (never finer, as the guidelines ask)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._places: list[dict[str, Any]] | None = None
        self.source = "none"

    def _load(self) -> list[dict[str, Any]]:
        with self._lock:
            if self._places is not None:
                return self._places
            places: list[dict[str, Any]] = []
            try:
                with self.engine.connect() as conn:
                    if sa.inspect(conn).has_table("gazetteer"):
                        rows = conn.execute(
                            sa.select(_table).where(_table.c.level.in_(LEVELS))
                        ).all()
                        places = [
                            {
                                "code": r.code,
                                "name": r.name_short or r.name,
                                "full_name": r.name,
                                "level": r.level,
                                "province": r.province_code or r.code.split(".")[0],
                                "lat": r.lat,
                                "lon": r.lon,
                            }
                            for r in rows
                        ]
            except sa.exc.SQLAlchemyError:
                places = []
            if places:
                self.source = "gazetteer table"
            else:
                data = json.loads(_PROVINCES_FILE.read_text(encoding="utf-8"))
                places = [
                    {
                        "code": p["code"],
                        "name": p["name"],
                        "full_name": p["name"],
                        "level": "provinsi",
                        "province": p["code"],
                        "lat": p["lat"],
                        "lon": p["lon"],
                    }
                    for p in data["provinces"]
                ]
                self.source = "province list"
            places += [
                {
                    "code": c,
                    "name": n,
                    "full_name": n,
                    "level": "negara",
                    "province": None,
                    "lat": lat,
                    "lon": lon,
                }
                for c, n, lat, lon in COUNTRIES
            ]
            for p in places:
                p["_key"] = p["name"].lower()
                p["_full"] = p["full_name"].lower()
            self._places = places
            return places

    def search(self, q: str, limit: int = 15) -> list[dict[str, Any]]:
        """Places whose name starts with ``q`` first, then those containing it; by level."""
        q = q.strip().lower()
        if not q:
            return []
        rank = {"provinsi": 0, "negara": 1, "kabupaten_kota": 2}
        hits = []
        for p in self._load():
            if p["_key"].startswith(q) or p["code"].lower() == q:
                hits.append((0, rank.get(p["level"], 3), p["name"], p))
            elif q in p["_full"]:
                hits.append((1, rank.get(p["level"], 3), p["name"], p))
        hits.sort(key=lambda h: h[:3])
        return [
            {k: v for k, v in h[3].items() if not k.startswith("_")}
            for h in hits[:limit]
        ]

    def land(self) -> list[tuple[float, float]]:
        """Kabupaten/kota centroids (empty without a loaded gazetteer)."""
        return [
            (float(p["lat"]), float(p["lon"]))
            for p in self._load()
            if p["level"] == "kabupaten_kota"
            and p["lat"] is not None
            and p["lon"] is not None
        ]

    def provinces(self) -> dict[str, dict[str, Any]]:
        """Province code -> {name, lat, lon} for the dashboard map and filter labels."""
        out = {p["code"]: p for p in self._load() if p["level"] == "provinsi"}
        if not out:  # a gazetteer table without province rows: use the bundled list
            data = json.loads(_PROVINCES_FILE.read_text(encoding="utf-8"))
            out = {p["code"]: p for p in data["provinces"]}
        return out
