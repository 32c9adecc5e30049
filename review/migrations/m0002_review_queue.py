"""Review queue: incidents, their sources and facets, grouping signatures, decisions, users."""

from __future__ import annotations

from typing import TYPE_CHECKING

from review.migrations import create_table
from review.queue_schema import QUEUE_TABLES

if TYPE_CHECKING:
    import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    for table in QUEUE_TABLES:
        create_table(conn, table, __name__.rsplit(".", 1)[-1])
