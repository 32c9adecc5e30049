"""Per-run crawl statistics for the crawl-health monitors (`pantau status`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from review.migrations import create_table
from review.schema import crawl_runs

if TYPE_CHECKING:
    import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    create_table(conn, crawl_runs, __name__.rsplit(".", 1)[-1])
