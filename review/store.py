"""The article store: SQLite by default, PostgreSQL by URL, one transaction per call.

The crawler writes articles, predictions and entities here; the review app and the digest read
them. Writes are idempotent: an article is keyed by its canonical URL, and storing it again
updates it in place, so a crawl that is killed and re-run neither loses nor duplicates rows.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from review import migrations
from review.exceptions import StoreError, StoreUnavailable
from review.records import (
    ArticleRecord,
    EntitiesRecord,
    PredictionRecord,
    StoredArticle,
)
from review.schema import (
    article_urls,
    articles,
    crawl_failures,
    crawl_runs,
    predictions,
)
from review.schema import entities as entities_table

logger = logging.getLogger(__name__)

DEFAULT_DATABASE_URL = "sqlite:///data/pantau.db"
_MIGRATE_LOCK = 0x70616E746175  # PostgreSQL advisory lock key held while migrating ("pantau")


# The per-article write path's statements, built once with bound parameters: building them
# per call (``.values(**row)``) cost more CPU than running them (bench/bench_crawl.py).
_ARTICLE_BY_CANONICAL = sa.select(articles.c.id).where(
    articles.c.canonical_url == sa.bindparam("key"))
_INSERT_ARTICLE = articles.insert().returning(articles.c.id)
_UPDATE_ARTICLE = articles.update().where(articles.c.id == sa.bindparam("key"))
_URL_SEEN = sa.select(article_urls.c.url).where(article_urls.c.url == sa.bindparam("key"))
_INSERT_URL = article_urls.insert()
_REPLACE = {
    table.name: (table.update().where(table.c.article_id == sa.bindparam("key")),
                 table.insert())
    for table in (predictions, entities_table)
}


def database_url(environ: dict[str, str] | None = None) -> str:
    """PANTAU_DATABASE_URL, or the SQLite file data/pantau.db under the working directory."""
    env = os.environ if environ is None else environ
    return env.get("PANTAU_DATABASE_URL") or DEFAULT_DATABASE_URL


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets the web app read while a crawl writes; busy_timeout rides out short locks.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> sa.Engine:
    """An engine for ``url``; creates the parent folder of a SQLite file."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(url, pool_pre_ping=True)


class Store:
    """Persistence for articles and what the machine derived from them.

    Every method runs in its own transaction. Database errors surface as ``StoreUnavailable``
    (cannot reach or write the database) so callers can retry or fail loudly.
    """

    def __init__(self, url: str | None = None, *, migrate: bool = True) -> None:
        self.url = url or database_url()
        self.engine = make_engine(self.url)
        if migrate:
            self.migrate()

    def migrate(self) -> list[str]:
        try:
            if self.engine.dialect.name != "postgresql":
                return migrations.migrate(self.engine)
            # several crawler processes may open a fresh database at once (distributed
            # mode, issue 7): one migrates, the others wait for it on an advisory lock
            with self.engine.connect() as lock:
                lock.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": _MIGRATE_LOCK})
                try:
                    return migrations.migrate(self.engine)
                finally:
                    lock.execute(sa.text("SELECT pg_advisory_unlock(:key)"),
                                 {"key": _MIGRATE_LOCK})
                    lock.commit()
        except sa.exc.OperationalError as exc:
            raise StoreUnavailable(f"cannot open database {self.safe_url}: {exc}") from exc

    @property
    def safe_url(self) -> str:
        """The URL with any password masked, for logs and messages."""
        return sa.engine.make_url(self.url).render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _begin(self) -> Any:
        return _Transaction(self.engine)

    # -- articles -------------------------------------------------------------------------

    def has_url(self, url: str) -> bool:
        """True when ``url`` (as fetched or canonical) already led to a stored article."""
        with self._begin() as conn:
            hit = conn.execute(
                sa.select(article_urls.c.article_id).where(article_urls.c.url == url)
            ).first()
        return hit is not None

    def known_urls(self) -> set[str]:
        """Every URL that led to a stored article; loaded once per crawl to skip them."""
        with self._begin() as conn:
            return set(conn.execute(sa.select(article_urls.c.url)).scalars())

    def upsert_article(self, rec: ArticleRecord, *, also_urls: tuple[str, ...] = (),
                       prediction: PredictionRecord | None = None,
                       entities: EntitiesRecord | None = None) -> tuple[int, bool]:
        """Insert or update the article keyed by canonical URL; returns (id, created).

        ``prediction`` and ``entities``, when given, are written in the same transaction, so
        an article is never stored without what the machine derived from it.
        """
        now = _now()
        values: dict[str, Any] = {
            "canonical_url": rec.canonical_url,
            "url": rec.url,
            "outlet": rec.outlet,
            "province_hint": rec.province_hint,
            "title": rec.title,
            "text": rec.text,
            "published": rec.published,
            "dateline": rec.dateline,
            "language": rec.language,
            "fetched_at": rec.fetched_at or now,
            "extraction_method": rec.extraction_method,
            # level 1: a third of level 6's CPU for most of its ratio on HTML
            "raw_html": zlib.compress(rec.raw_html, 1) if rec.raw_html is not None else None,
            "raw_encoding": rec.raw_encoding,
            "content_sha256": hashlib.sha256(rec.text.encode("utf-8")).hexdigest(),
            "fingerprint": _signed64(rec.fingerprint),
            "duplicate_of": rec.duplicate_of,
            "updated_at": now,
        }
        urls = tuple(dict.fromkeys((rec.url, rec.canonical_url, *also_urls)))
        for attempt in range(1, 4):
            try:
                with self._begin() as conn:
                    article_id, created = self._upsert_in(
                        conn, rec.canonical_url, values, urls, now)
                    if prediction is not None:
                        _replace_in(conn, predictions, article_id, _prediction_values(prediction))
                    if entities is not None:
                        _replace_in(conn, entities_table, article_id, _entities_values(entities))
                    return article_id, created
            except StoreError as exc:
                # several crawler processes (distributed mode, issue 7): another one inserted
                # this canonical URL or URL between our SELECT and INSERT; the next attempt
                # sees its row and updates it
                if attempt == 3 or not isinstance(exc.__cause__, sa.exc.IntegrityError):
                    raise
                logger.debug("upsert of %s raced another writer, retrying", rec.canonical_url)
        raise AssertionError("unreachable")

    @staticmethod
    def _upsert_in(conn: sa.Connection, canonical_url: str, values: dict[str, Any],
                   urls: tuple[str, ...], now: str) -> tuple[int, bool]:
        existing = conn.execute(_ARTICLE_BY_CANONICAL, {"key": canonical_url}).scalar()
        if existing is None:
            article_id = conn.execute(_INSERT_ARTICLE, {"created_at": now, **values}).scalar_one()
            created = True
        else:
            article_id = existing
            # a re-crawl without the raw page or fingerprint keeps the stored ones
            kept = {"raw_html", "raw_encoding", "fingerprint"}
            update = {k: v for k, v in values.items() if v is not None or k not in kept}
            conn.execute(_UPDATE_ARTICLE, {"key": existing, **update})
            created = False
        for url in urls:
            if conn.execute(_URL_SEEN, {"key": url}).first() is None:
                conn.execute(_INSERT_URL, {"url": url, "article_id": article_id})
        return article_id, created

    def article_id_for_url(self, url: str) -> int | None:
        """The article a URL (fetched, canonical or a later page) led to, if stored."""
        with self._begin() as conn:
            return conn.execute(
                sa.select(article_urls.c.article_id).where(article_urls.c.url == url)
            ).scalar()

    def find_by_sha256(self, text: str) -> int | None:
        """The id of an article with exactly this body text, if any (exact syndication)."""
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        with self._begin() as conn:
            return conn.execute(
                sa.select(articles.c.id)
                .where(articles.c.content_sha256 == digest)
                .order_by(articles.c.id)
                .limit(1)
            ).scalar()

    def fingerprints(self) -> list[tuple[int, int]]:
        """(article id, 64-bit fingerprint) for near-duplicate lookups."""
        with self._begin() as conn:
            rows = conn.execute(
                sa.select(articles.c.id, articles.c.fingerprint).where(
                    articles.c.fingerprint.is_not(None)
                )
            ).all()
        return [(r[0], r[1] & 0xFFFFFFFFFFFFFFFF) for r in rows]

    def get_article(self, article_id: int) -> StoredArticle | None:
        with self._begin() as conn:
            row = conn.execute(
                sa.select(*_ARTICLE_COLUMNS).where(articles.c.id == article_id)
            ).first()
        return StoredArticle(**row._mapping) if row else None

    def iter_articles(self, batch: int = 500) -> Iterator[StoredArticle]:
        """All articles in id order, read in batches so memory stays flat."""
        last = 0
        while True:
            with self._begin() as conn:
                rows = conn.execute(
                    sa.select(*_ARTICLE_COLUMNS)
                    .where(articles.c.id > last)
                    .order_by(articles.c.id)
                    .limit(batch)
                ).all()
            if not rows:
                return
            for row in rows:
                yield StoredArticle(**row._mapping)
            last = rows[-1].id

    def raw_html(self, article_id: int) -> bytes | None:
        """The original response body of an article, decompressed."""
        with self._begin() as conn:
            blob = conn.execute(
                sa.select(articles.c.raw_html).where(articles.c.id == article_id)
            ).scalar()
        return zlib.decompress(blob) if blob is not None else None

    # -- machine outputs ------------------------------------------------------------------

    def save_prediction(self, article_id: int, pred: PredictionRecord) -> None:
        with self._begin() as conn:
            _replace_in(conn, predictions, article_id, _prediction_values(pred))

    def save_entities(self, article_id: int, ents: EntitiesRecord) -> None:
        with self._begin() as conn:
            _replace_in(conn, entities_table, article_id, _entities_values(ents))

    def prediction(self, article_id: int) -> dict[str, Any] | None:
        with self._begin() as conn:
            row = conn.execute(
                sa.select(predictions).where(predictions.c.article_id == article_id)
            ).first()
        if row is None:
            return None
        out = dict(row._mapping)
        out["modus"] = json.loads(out["modus"])
        out["evidence"] = json.loads(out["evidence"])
        return out

    def entities(self, article_id: int) -> dict[str, Any] | None:
        with self._begin() as conn:
            row = conn.execute(
                sa.select(entities_table).where(entities_table.c.article_id == article_id)
            ).first()
        if row is None:
            return None
        out = dict(row._mapping)
        for key in ("locations", "counts", "dates"):
            out[key] = json.loads(out[key])
        return out

    # -- crawl bookkeeping ----------------------------------------------------------------

    def record_failure(self, url: str, reason: str, *, outlet: str | None = None,
                       detail: str | None = None) -> None:
        with self._begin() as conn:
            conn.execute(
                crawl_failures.insert().values(
                    url=url, outlet=outlet, reason=reason, detail=(detail or "")[:2000],
                    seen_at=_now(),
                )
            )

    def counts_per_outlet(self) -> dict[str, int]:
        with self._begin() as conn:
            rows = conn.execute(
                sa.select(articles.c.outlet, sa.func.count()).group_by(articles.c.outlet)
            ).all()
        return dict(sorted(rows))

    def failures_by_reason(self, since: str | None = None) -> dict[str, int]:
        query = sa.select(crawl_failures.c.reason, sa.func.count()).group_by(
            crawl_failures.c.reason
        )
        if since:
            query = query.where(crawl_failures.c.seen_at >= since)
        with self._begin() as conn:
            rows = conn.execute(query).all()
        return dict(sorted(rows))

    def record_crawl_run(self, run: dict[str, Any]) -> None:
        """One spider run's figures (see crawler.monitors.RunSummary)."""
        values = dict(run)
        values["alerts"] = json.dumps(values.get("alerts", []), ensure_ascii=False)
        with self._begin() as conn:
            conn.execute(crawl_runs.insert().values(**values))

    def crawl_runs(self, source: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Most recent runs first."""
        query = sa.select(crawl_runs).order_by(crawl_runs.c.id.desc()).limit(limit)
        if source:
            query = query.where(crawl_runs.c.source == source)
        with self._begin() as conn:
            rows = conn.execute(query).all()
        out = []
        for row in rows:
            item = dict(row._mapping)
            item["alerts"] = json.loads(item["alerts"])
            out.append(item)
        return out

    def articles_per_day(self, since: str) -> dict[tuple[str, str], int]:
        """(outlet, YYYY-MM-DD of fetch) -> articles fetched that day, since an ISO instant."""
        day = sa.func.substr(articles.c.fetched_at, 1, 10)
        with self._begin() as conn:
            rows = conn.execute(
                sa.select(articles.c.outlet, day, sa.func.count())
                .where(articles.c.fetched_at >= since)
                .group_by(articles.c.outlet, day)
            ).all()
        return {(outlet, d): n for outlet, d, n in rows}

    def article_count(self) -> int:
        with self._begin() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one())


_ARTICLE_COLUMNS = (
    articles.c.id, articles.c.url, articles.c.canonical_url, articles.c.outlet,
    articles.c.title, articles.c.text, articles.c.published, articles.c.dateline,
    articles.c.language, articles.c.fetched_at, articles.c.duplicate_of,
)


def _prediction_values(pred: PredictionRecord) -> dict[str, Any]:
    return {
        "model_version": pred.model_version,
        "tppo_score": float(pred.tppo_score),
        "is_tppo": bool(pred.is_tppo),
        "modus": json.dumps(list(pred.modus)),
        "evidence": json.dumps(list(pred.evidence), ensure_ascii=False),
        "created_at": _now(),
    }


def _entities_values(ents: EntitiesRecord) -> dict[str, Any]:
    return {
        "kind": ents.kind,
        "locations": json.dumps(ents.locations, ensure_ascii=False),
        "counts": json.dumps(ents.counts, ensure_ascii=False),
        "dates": json.dumps(ents.dates, ensure_ascii=False),
        "created_at": _now(),
    }


def _replace_in(conn: sa.Connection, table: sa.Table, article_id: int,
                values: dict[str, Any]) -> None:
    """Update the row of ``article_id`` in a one-row-per-article table, or insert it."""
    update, insert = _REPLACE[table.name]
    if not conn.execute(update, {"key": article_id, **values}).rowcount:
        conn.execute(insert, {"article_id": article_id, **values})


def _signed64(value: int | None) -> int | None:
    """Fingerprints are unsigned 64-bit; BIGINT is signed, so store the two's complement."""
    if value is None:
        return None
    return value - (1 << 64) if value >= (1 << 63) else value


class _Transaction:
    """engine.begin() that turns driver failures into StoreUnavailable / StoreError."""

    def __init__(self, engine: sa.Engine) -> None:
        self._cm = engine.begin()

    def __enter__(self) -> sa.Connection:
        try:
            return self._cm.__enter__()
        except sa.exc.OperationalError as exc:
            raise StoreUnavailable(str(exc)) from exc

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> bool:
        try:
            self._cm.__exit__(exc_type, exc, tb)
        except sa.exc.OperationalError as err:
            raise StoreUnavailable(str(err)) from err
        if isinstance(exc, sa.exc.OperationalError):
            raise StoreUnavailable(str(exc)) from exc
        if isinstance(exc, sa.exc.SQLAlchemyError):
            raise StoreError(str(exc)) from exc
        return False
