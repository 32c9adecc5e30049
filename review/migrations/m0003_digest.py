"""Digest subscribers and the outbox of digest emails."""

from __future__ import annotations

from typing import TYPE_CHECKING

from review.digest_schema import DIGEST_TABLES
from review.migrations import create_table

if TYPE_CHECKING:
    import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    for table in DIGEST_TABLES:
        create_table(conn, table, __name__.rsplit(".", 1)[-1])
