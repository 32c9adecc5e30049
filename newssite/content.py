"""Load and validate the offline site's article JSON files (schema in
newssite/CONTENT.md).

The articles are the ground truth the crawler, extractor and classifier are measured
against, so a malformed file fails loudly with its file name instead of rendering a
half-broken page."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "articles"

# outlet key (as written in the JSON) -> URL path prefix of that outlet on the site
OUTLET_PREFIXES: dict[str, str] = {
    "antara_kalbar": "antara-kalbar",
    "antara_ntt": "antara-ntt",
    "kompas_regional": "kompas-regional",
    "detik_news": "detik-news",
    "tribun_batam": "tribun-batam",
    "warta_perbatasan": "warta-perbatasan",
}

# UTC offset (hours) -> the Indonesian zone label printed next to times
ZONE_LABELS: dict[int, str] = {7: "WIB", 8: "WITA", 9: "WIT"}

EARLIEST = datetime(2023, 1, 1, tzinfo=timezone(timedelta(hours=14)))
LATEST = datetime(2026, 11, 20, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12)))

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*[a-z0-9]$")
_FIELDS = (
    "id",
    "outlet",
    "section",
    "title",
    "published",
    "dateline",
    "author",
    "editor",
    "caption",
    "paragraphs",
    "tags",
    "related",
    "syndicated_from",
    "label",
)


class ContentError(ValueError):
    """A content file does not follow newssite/CONTENT.md; the message starts with the
    file."""


def numeric_id(article_id: str) -> int:
    """Stable 7-digit number for URLs, derived from the article id (not from file
    order)."""
    digest = hashlib.sha256(article_id.encode("utf-8")).digest()
    return 1_000_000 + int.from_bytes(digest[:8], "big") % 8_000_000


def slugify(text: str, max_length: int = 90) -> str:
    """URL slug the way Indonesian CMSs make them: ASCII, lower case, words joined by
    '-'."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug or "berita"


@dataclass
class SiteArticle:
    """One article of the offline site, as written in its JSON file."""

    id: str
    outlet: str
    section: str
    title: str
    published: datetime
    dateline: str
    author: str
    editor: str
    caption: str | None
    paragraphs: list[str]
    tags: list[str]
    related: list[str]
    syndicated_from: str | None
    label: dict[str, Any]
    source: Path | None = field(default=None, compare=False, repr=False)

    @property
    def numeric_id(self) -> int:
        return numeric_id(self.id)

    @property
    def slug(self) -> str:
        return slugify(self.title)

    @property
    def prefix(self) -> str:
        """URL path prefix of the article's outlet, e.g. 'antara-kalbar'."""
        return OUTLET_PREFIXES[self.outlet]

    @property
    def utc_offset_hours(self) -> int:
        offset = self.published.utcoffset()
        assert offset is not None
        return int(offset.total_seconds() // 3600)

    @property
    def zone(self) -> str:
        """'WIB', 'WITA' or 'WIT' from the published offset."""
        return ZONE_LABELS[self.utc_offset_hours]

    @property
    def published_iso(self) -> str:
        return self.published.isoformat()


def _fail(path: Path | str, message: str) -> ContentError:
    return ContentError(f"{path}: {message}")


def _str(
    data: dict[str, Any], key: str, path: Path | str, *, nullable: bool = False
) -> Any:
    value = data.get(key)
    if value is None and nullable:
        return None
    if not isinstance(value, str) or not value.strip():
        kind = "a non-empty string or null" if nullable else "a non-empty string"
        raise _fail(path, f"field {key!r} must be {kind}, got {value!r}")
    return value.strip()


def _str_list(data: dict[str, Any], key: str, path: Path | str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(
        isinstance(v, str) and v.strip() for v in value
    ):
        raise _fail(path, f"field {key!r} must be a list of non-empty strings")
    return [v.strip() for v in value]


def _parse_published(value: Any, path: Path | str) -> datetime:
    if not isinstance(value, str):
        raise _fail(
            path, f"field 'published' must be an ISO 8601 string, got {value!r}"
        )
    try:
        published = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _fail(path, f"field 'published' is not ISO 8601: {value!r}") from exc
    offset = published.utcoffset()
    if offset is None:
        raise _fail(
            path,
            f"field 'published' needs a UTC offset (+07:00, +08:00, +09:00): {value!r}",
        )
    if (
        offset.total_seconds() % 3600
        or int(offset.total_seconds() // 3600) not in ZONE_LABELS
    ):
        raise _fail(
            path,
            f"field 'published' offset must be +07:00, +08:00 or +09:00: {value!r}",
        )
    if not EARLIEST <= published <= LATEST:
        raise _fail(
            path, f"field 'published' {value!r} is outside 2023-01-01..2026-11-20"
        )
    return published


def _check_label(label: Any, path: Path | str) -> dict[str, Any]:
    if not isinstance(label, dict):
        raise _fail(path, "field 'label' must be an object")
    if not isinstance(label.get("tppo"), bool):
        raise _fail(path, "label.tppo must be true or false")
    kind = label.get("kind")
    if kind is not None and not isinstance(kind, str):
        raise _fail(path, "label.kind must be a string or null")
    if label["tppo"] and not kind:
        raise _fail(path, "label.kind is required when label.tppo is true")
    modus = label.get("modus", [])
    if not isinstance(modus, list) or not all(isinstance(m, str) for m in modus):
        raise _fail(path, "label.modus must be a list of strings")
    locations = label.get("locations", [])
    if not isinstance(locations, list) or not all(
        isinstance(loc, dict) and isinstance(loc.get("name"), str) for loc in locations
    ):
        raise _fail(path, "label.locations must be a list of objects with a 'name'")
    counts = label.get("counts", {})
    if not isinstance(counts, dict):
        raise _fail(path, "label.counts must be an object")
    return label


def parse_article(data: Any, path: Path | str = "<memory>") -> SiteArticle:
    """Validate one decoded JSON object; raises ContentError naming `path`."""
    if not isinstance(data, dict):
        raise _fail(path, "top level must be a JSON object")
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise _fail(
            path, f"unknown field(s) {unknown}; the schema is in newssite/CONTENT.md"
        )
    missing = [k for k in _FIELDS if k not in data]
    if missing:
        raise _fail(path, f"missing field(s) {missing}")
    article_id = _str(data, "id", path)
    if not _ID_RE.match(article_id):
        raise _fail(
            path, f"id {article_id!r} must be lower-case letters, digits and '-'"
        )
    if isinstance(path, Path) and path.stem != article_id:
        raise _fail(path, f"file name must be the id: expected {article_id}.json")
    outlet = _str(data, "outlet", path)
    if outlet not in OUTLET_PREFIXES:
        raise _fail(
            path, f"unknown outlet {outlet!r}; one of {sorted(OUTLET_PREFIXES)}"
        )
    paragraphs = _str_list(data, "paragraphs", path)
    if not paragraphs:
        raise _fail(path, "field 'paragraphs' is empty")
    related = _str_list(data, "related", path)
    if article_id in related:
        raise _fail(path, "an article cannot be related to itself")
    syndicated_from = _str(data, "syndicated_from", path, nullable=True)
    if syndicated_from == article_id:
        raise _fail(path, "an article cannot be syndicated from itself")
    return SiteArticle(
        id=article_id,
        outlet=outlet,
        section=_str(data, "section", path),
        title=_str(data, "title", path),
        published=_parse_published(data.get("published"), path),
        dateline=_str(data, "dateline", path),
        author=_str(data, "author", path),
        editor=_str(data, "editor", path),
        caption=_str(data, "caption", path, nullable=True),
        paragraphs=paragraphs,
        tags=_str_list(data, "tags", path),
        related=related,
        syndicated_from=syndicated_from,
        label=_check_label(data.get("label"), path),
        source=path if isinstance(path, Path) else None,
    )


def load_article(path: Path) -> SiteArticle:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 ({exc})") from exc
    except json.JSONDecodeError as exc:
        raise _fail(
            path, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from exc
    return parse_article(data, path)


def check_collection(articles: list[SiteArticle]) -> None:
    """Cross-file rules: references resolve and generated URLs do not collide."""
    by_id = {a.id: a for a in articles}
    seen_numeric: dict[int, SiteArticle] = {}
    seen_url_keys: dict[tuple[str, ...], SiteArticle] = {}
    for article in articles:
        where = article.source or article.id
        for ref in article.related:
            if ref not in by_id:
                raise _fail(where, f"related id {ref!r} does not exist")
        if article.syndicated_from and article.syndicated_from not in by_id:
            raise _fail(
                where, f"syndicated_from id {article.syndicated_from!r} does not exist"
            )
        other = seen_numeric.setdefault(article.numeric_id, article)
        if other is not article:
            raise _fail(
                where,
                f"numeric URL id collides with {other.id}; change the id slightly",
            )
        local = article.published
        # Tribun and WordPress URLs carry only the date and the slug
        key = (article.outlet, local.strftime("%Y-%m-%d"), article.slug)
        other = seen_url_keys.setdefault(key, article)
        if other is not article:
            raise _fail(
                where,
                f"same outlet, date and title slug as {other.id}; change the title",
            )


def load_articles(content_dir: Path | str | None = None) -> list[SiteArticle]:
    """All articles of `content_dir` (default newssite/content/articles), sorted by id.

    Raises ContentError naming the offending file on the first invalid one."""
    directory = Path(content_dir) if content_dir is not None else CONTENT_DIR
    if not directory.is_dir():
        raise ContentError(f"{directory}: content directory does not exist")
    articles = [load_article(p) for p in sorted(directory.glob("*.json"))]
    check_collection(articles)
    return sorted(articles, key=lambda a: a.id)


def style_warnings(article: SiteArticle) -> list[str]:
    """Soft rules of CONTENT.md (sizes, no dateline in the text) that do not block
    rendering."""
    warnings = []
    if not 6 <= len(article.paragraphs) <= 14:
        warnings.append(f"{len(article.paragraphs)} paragraphs (expected 6-14)")
    for i, para in enumerate(article.paragraphs):
        words = len(para.split())
        if not 40 <= words <= 120:
            warnings.append(f"paragraph {i + 1} has {words} words (expected 40-120)")
    first = article.paragraphs[0]
    dateline = re.escape(article.dateline)
    if re.match(rf"^{dateline}\s*(\(|,|-|–)", first, re.IGNORECASE) or re.match(
        r"^[A-Z][A-Z .]{2,}(,[^-–]*)? ?[-–] ", first
    ):
        warnings.append(
            "first paragraph seems to start with a dateline; the renderer adds it"
        )
    return warnings
