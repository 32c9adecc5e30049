"""The review store and queue: persistence and queue rules; knows nothing of Scrapy or HTTP."""

from __future__ import annotations

from review.exceptions import ConflictError, MigrationError, StoreError, StoreUnavailable
from review.records import ArticleRecord, EntitiesRecord, PredictionRecord, StoredArticle
from review.store import Store, database_url

__all__ = [
    "ArticleRecord",
    "ConflictError",
    "EntitiesRecord",
    "MigrationError",
    "PredictionRecord",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "StoredArticle",
    "database_url",
]
