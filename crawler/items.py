"""The records that move through the item pipelines: one article, or one failure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    """An extracted article on its way to the store; later stages fill the optional fields."""

    url: str
    canonical_url: str
    outlet: str
    title: str
    text: str
    published: str | None
    dateline: str | None
    language: str
    method: str
    fetched_at: str
    province: str | None = None
    raw_html: bytes | None = None
    raw_encoding: str | None = None
    also_urls: tuple[str, ...] = ()
    pages: int = 1
    fingerprint: int | None = None
    duplicate_of_key: str | None = None  # 'id:<article id>' or 'url:<canonical url>'
    prediction: dict[str, Any] | None = None
    entities: dict[str, Any] | None = None
    article_id: int | None = None


@dataclass
class FailureItem:
    """A page that yielded no article, with the reason counted in the crawl report."""

    url: str
    outlet: str
    reason: str
    detail: str = ""
    status: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
