"""Plain records that cross the store boundary; the crawler writes them, the app reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# the modus ids of the labelling guidelines (GUIDELINES.md), shared by queue, exports and
# digest; the classifier keeps its own copy because it may not import this package
# (tests/review/test_records.py keeps the two equal)
MODUS: tuple[str, ...] = (
    "contract_marriage",
    "irregular_migrant_work",
    "sexual_exploitation",
    "online_scam",
    "fishing_crew",
    "organ_trade",
    "child_trafficking",
    "student_internship",
    "forced_labor",
    "other",
)


@dataclass(frozen=True)
class ArticleRecord:
    """One extracted article as the crawler hands it to the store.

    ``published`` is ISO 8601 with offset (Asia/Jakarta unless the page says WITA/WIT) or None
    when the page gave no date. ``raw_html`` is the undecoded response body, kept compressed so
    an article can be re-extracted when the extractor improves.
    """

    url: str
    canonical_url: str
    outlet: str
    title: str
    text: str
    published: str | None = None
    dateline: str | None = None
    language: str | None = None
    province_hint: str | None = None
    fetched_at: str | None = None
    extraction_method: str | None = None
    raw_html: bytes | None = None
    raw_encoding: str | None = None
    fingerprint: int | None = None
    duplicate_of: int | None = None


@dataclass(frozen=True)
class PredictionRecord:
    """The classifier's verdict on one article, stored beside it, never over reviewer decisions."""

    model_version: str
    tppo_score: float
    is_tppo: bool
    modus: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntitiesRecord:
    """Extracted incident fields (kind, places, counts, dates) as the analyze JSON has them."""

    kind: str | None
    locations: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)
    dates: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredArticle:
    """An article row as read back from the store."""

    id: int
    url: str
    canonical_url: str
    outlet: str
    title: str
    text: str
    published: str | None
    dateline: str | None
    language: str | None
    fetched_at: str | None
    duplicate_of: int | None


@dataclass(frozen=True)
class IncidentSummary:
    """An incident as the digest and exports read it: reviewer corrections already applied.

    ``locations`` items are ``{name, code, level, role, lat, lon}``; ``counts`` maps
    victims / suspects / cases (and extra counts) to ``{value, qualifier}``; ``sources`` items
    are ``{article_id, url, outlet, title, published}``. ``follow_up_of`` names an earlier
    incident this one continues. ``path`` is the incident page in the review app.
    """

    id: int
    headline: str
    status: str
    kind: str | None
    modus: tuple[str, ...]
    locations: tuple[dict[str, Any], ...]
    province_codes: tuple[str, ...]
    counts: dict[str, Any]
    sources: tuple[dict[str, Any], ...]
    first_published: str | None
    confirmed_at: str | None = None
    confirmed_by: str | None = None
    follow_up_of: int | None = None
    path: str = ""
