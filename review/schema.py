"""Table definitions (SQLAlchemy Core), shared by SQLite and PostgreSQL.

Migrations in ``review/migrations/`` create these tables; queries import them from here.
JSON-shaped columns are TEXT holding JSON so both backends store them the same way.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

schema_migrations = sa.Table(
    "schema_migrations",
    metadata,
    sa.Column("version", sa.String(64), primary_key=True),
    sa.Column("applied_at", sa.String(40), nullable=False),
)

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("canonical_url", sa.Text, nullable=False, unique=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("outlet", sa.String(100), nullable=False),
    sa.Column("province_hint", sa.String(100)),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("published", sa.String(40)),
    sa.Column("dateline", sa.String(100)),
    sa.Column("language", sa.String(8)),
    sa.Column("fetched_at", sa.String(40)),
    sa.Column("extraction_method", sa.String(40)),
    sa.Column("raw_html", sa.LargeBinary),
    sa.Column("raw_encoding", sa.String(40)),
    sa.Column("content_sha256", sa.String(64), nullable=False),
    sa.Column("fingerprint", sa.BigInteger),
    sa.Column("duplicate_of", sa.Integer, sa.ForeignKey("articles.id")),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Index("ix_articles_outlet", "outlet"),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_sha", "content_sha256"),
)

# every URL that led to an article (redirects, syndication links, pagination's first page)
article_urls = sa.Table(
    "article_urls",
    metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), nullable=False),
)

predictions = sa.Table(
    "predictions",
    metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("model_version", sa.String(100), nullable=False),
    sa.Column("tppo_score", sa.Float, nullable=False),
    sa.Column("is_tppo", sa.Boolean, nullable=False),
    sa.Column("modus", sa.Text, nullable=False),
    sa.Column("evidence", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Index("ix_predictions_score", "tppo_score"),
)

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("kind", sa.String(20)),
    sa.Column("locations", sa.Text, nullable=False),
    sa.Column("counts", sa.Text, nullable=False),
    sa.Column("dates", sa.Text, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
)

crawl_failures = sa.Table(
    "crawl_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("outlet", sa.String(100)),
    sa.Column("reason", sa.String(60), nullable=False),
    sa.Column("detail", sa.Text),
    sa.Column("seen_at", sa.String(40), nullable=False),
    sa.Index("ix_crawl_failures_reason", "reason"),
)

# one row per spider run: what the crawl-health monitors compare across runs
crawl_runs = sa.Table(
    "crawl_runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("started_at", sa.String(40), nullable=False),
    sa.Column("finished_at", sa.String(40), nullable=False),
    sa.Column("finish_reason", sa.String(60)),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("articles", sa.Integer, nullable=False),
    sa.Column("skipped", sa.Integer, nullable=False),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("coverage_published", sa.Float),
    sa.Column("coverage_dateline", sa.Float),
    sa.Column("fallback_share", sa.Float),
    sa.Column("alerts", sa.Text, nullable=False),
    sa.Index("ix_crawl_runs_source", "source", "finished_at"),
)
