"""Tables of the review queue: incidents, their sources, reviewer decisions, users.

They sit on ``review.schema.metadata`` beside the crawler's tables. Machine values stay
in
``predictions`` / ``entities``; a reviewer's corrections are rows in ``decisions`` and
are
overlaid when read, so the machine's output is never overwritten and every change is
audited.
The ``eff_*`` columns of ``incidents`` and the ``incident_facets`` rows are a
denormalised cache
of the effective (corrected) values, rewritten on every decision, so the queue page can
filter
and sort on indexes over 100,000 rows.
"""

from __future__ import annotations

import sqlalchemy as sa

from review.schema import articles, metadata

STATUSES = ("new", "in_review", "confirmed", "rejected", "duplicate")
ROLES = ("reviewer", "coordinator", "admin")

incidents = sa.Table(
    "incidents",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("status", sa.String(20), nullable=False, default="new"),
    # 1 while new or in review: one indexed column serves the default "pending" queue
    sa.Column("is_open", sa.SmallInteger, nullable=False, default=1),
    sa.Column("headline", sa.Text, nullable=False),
    sa.Column("representative_id", sa.Integer, sa.ForeignKey(articles.c.id)),
    # machine score of the best source, and |score - threshold| for "most uncertain
    # first"
    sa.Column("score", sa.Float, nullable=False, default=0.0),
    sa.Column("uncertainty", sa.Float, nullable=False, default=1.0),
    # "" when no source has a date, so keyset paging never compares NULLs
    sa.Column("first_published", sa.String(40), nullable=False, default=""),
    sa.Column("source_count", sa.Integer, nullable=False, default=1),
    sa.Column("follow_up_of", sa.Integer, sa.ForeignKey("incidents.id")),
    sa.Column("duplicate_of", sa.Integer, sa.ForeignKey("incidents.id")),
    # effective values (machine overlaid with decisions); a cache for listing and
    # filters
    sa.Column("eff_kind", sa.String(20)),
    sa.Column("eff_modus", sa.Text, nullable=False, default=""),
    sa.Column("eff_provinces", sa.Text, nullable=False, default=""),
    sa.Column("eff_outlets", sa.Text, nullable=False, default=""),
    sa.Column("eff_victims", sa.Integer),
    sa.Column("version", sa.Integer, nullable=False, default=1),
    sa.Column("status_by", sa.String(200)),
    sa.Column("status_at", sa.String(40)),
    sa.Column("confirmed_by", sa.String(200)),
    sa.Column("confirmed_at", sa.String(40)),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
    sa.Index("ix_incidents_open_score", "is_open", "score", "id"),
    sa.Index("ix_incidents_open_unc", "is_open", "uncertainty", "id"),
    sa.Index("ix_incidents_open_pub", "is_open", "first_published", "id"),
    sa.Index("ix_incidents_status_score", "status", "score", "id"),
    sa.Index("ix_incidents_status_unc", "status", "uncertainty", "id"),
    sa.Index("ix_incidents_status_pub", "status", "first_published", "id"),
    sa.Index("ix_incidents_score", "score", "id"),
    sa.Index("ix_incidents_unc", "uncertainty", "id"),
    sa.Index("ix_incidents_pub", "first_published", "id"),
    sa.Index("ix_incidents_confirmed_at", "confirmed_at"),
)

# which incident each grouped article belongs to, and why it was put there
incident_articles = sa.Table(
    "incident_articles",
    metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey(articles.c.id), primary_key=True),
    sa.Column("incident_id", sa.Integer, sa.ForeignKey(incidents.c.id), nullable=False),
    # original | exact_copy | same_url | near_duplicate | same_event | moved
    sa.Column("relation", sa.String(20), nullable=False),
    sa.Column("similarity", sa.Float),
    sa.Column("added_at", sa.String(40), nullable=False),
    sa.Index("ix_incident_articles_incident", "incident_id"),
)

# facet rows (province / modus / outlet) for indexed filtering; rewritten with eff_*
# columns
incident_facets = sa.Table(
    "incident_facets",
    metadata,
    sa.Column(
        "incident_id", sa.Integer, sa.ForeignKey(incidents.c.id), primary_key=True
    ),
    sa.Column("facet", sa.String(12), primary_key=True),
    sa.Column("value", sa.String(100), primary_key=True),
    sa.Index("ix_incident_facets_value", "facet", "value", "incident_id"),
)

# grouping state: the MinHash signature of each grouped article, so later runs find
# copies
grouping_signatures = sa.Table(
    "grouping_signatures",
    metadata,
    sa.Column("article_id", sa.Integer, sa.ForeignKey(articles.c.id), primary_key=True),
    sa.Column("minhash", sa.LargeBinary, nullable=False),
    sa.Column("published", sa.String(40)),
)

# the audit trail: every status change and every correction, append-only
decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.Integer, sa.ForeignKey(incidents.c.id), nullable=False),
    sa.Column("actor", sa.String(200), nullable=False),
    # edit | review | confirm | reject | duplicate | merge | split | reopen | group
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("from_status", sa.String(20)),
    sa.Column("to_status", sa.String(20)),
    # JSON {field: corrected value} for kind, modus, locations, counts, headline
    sa.Column("changes", sa.Text, nullable=False, default="{}"),
    sa.Column("note", sa.Text),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Index("ix_decisions_incident", "incident_id", "id"),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(200), nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    # bumped on password change / deactivation so old session cookies stop working
    sa.Column("session_epoch", sa.Integer, nullable=False, default=1),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("last_login", sa.String(40)),
)

QUEUE_TABLES = (
    incidents,
    incident_articles,
    incident_facets,
    grouping_signatures,
    decisions,
    users,
)
