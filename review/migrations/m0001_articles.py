"""Articles, the URLs that led to them, predictions, extracted entities, crawl failures."""

from __future__ import annotations

from typing import TYPE_CHECKING

from review.migrations import create_table
from review.schema import article_urls, articles, crawl_failures, entities, predictions

if TYPE_CHECKING:
    import sqlalchemy as sa


def upgrade(conn: sa.Connection) -> None:
    for table in (articles, article_urls, predictions, entities, crawl_failures):
        create_table(conn, table, __name__.rsplit(".", 1)[-1])
