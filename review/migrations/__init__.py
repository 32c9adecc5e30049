"""Ordered, named schema migrations, the same for SQLite and PostgreSQL.

Each module ``mNNNN_<name>.py`` in this folder defines ``upgrade(conn)``; they run in file-name
order, each in its own transaction, and the applied versions are recorded in
``schema_migrations``. New features add a module; they never edit an applied one.

Tables live in ``review/schema.py`` in their current shape. A column added to an existing table
later carries ``info={"added_in": "mNNNN_name"}`` and is added by that migration with
``add_column``; ``create_table`` leaves such columns out when an older migration creates the
table, so a fresh database and an upgraded one end with the same schema.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa

from review.exceptions import MigrationError
from review.schema import schema_migrations

if TYPE_CHECKING:
    from types import ModuleType


def available() -> list[tuple[str, ModuleType]]:
    """All migration modules in order, as (version, module)."""
    names = sorted(
        m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("m")
    )
    return [(name, importlib.import_module(f"{__name__}.{name}")) for name in names]


def applied(engine: sa.Engine) -> set[str]:
    with engine.connect() as conn:
        if not sa.inspect(conn).has_table("schema_migrations"):
            return set()
        return {row[0] for row in conn.execute(sa.select(schema_migrations.c.version))}


def migrate(engine: sa.Engine) -> list[str]:
    """Apply pending migrations; returns the versions applied now."""
    with engine.begin() as conn:
        schema_migrations.create(conn, checkfirst=True)
    done = applied(engine)
    ran: list[str] = []
    for version, module in available():
        if version in done:
            continue
        try:
            with engine.begin() as conn:
                module.upgrade(conn)
                conn.execute(
                    schema_migrations.insert().values(
                        version=version, applied_at=datetime.now(UTC).isoformat()
                    )
                )
        except sa.exc.SQLAlchemyError as exc:
            raise MigrationError(f"migration {version} failed: {exc}") from exc
        ran.append(version)
    return ran


def create_table(conn: sa.Connection, table: sa.Table, version: str) -> None:
    """Create ``table`` as it was at migration ``version`` (columns added later left out)."""
    columns = [
        c._copy() for c in table.columns if c.info.get("added_in", version) <= version
    ]
    # primary keys, unique flags and foreign keys travel with the copied columns
    snapshot = sa.Table(table.name, sa.MetaData(), *columns)
    for index in table.indexes:
        if all(col.info.get("added_in", version) <= version for col in index.columns):
            sa.Index(index.name, *[snapshot.c[col.name] for col in index.columns],
                     unique=index.unique)
    snapshot.create(conn)


def add_column(conn: sa.Connection, table: sa.Table, column_name: str) -> None:
    """ALTER TABLE ... ADD COLUMN for a column defined in schema.py with ``added_in``."""
    column = table.c[column_name]
    ddl = sa.schema.CreateColumn(column).compile(dialect=conn.dialect)
    conn.execute(sa.text(f"ALTER TABLE {table.name} ADD COLUMN {ddl}"))
