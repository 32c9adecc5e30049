"""Tables of the daily digest: who gets it (subscribers) and what was sent (outbox).

They sit on ``review.schema.metadata`` beside the crawler's and the queue's tables. SMTP
credentials never live here (they come from the environment or a config file).

The outbox is what makes sending idempotent and resumable: one row per (recipient, digest
date), written ``pending`` with the full rendered message before anything is sent and marked
``sent`` after the SMTP server accepted it, so a re-run sends nothing twice and a crash half way
loses nothing. ``window_start`` / ``window_end`` (UTC ISO) record which confirmations a digest
covered, so the next day's digest starts exactly where this one ended.
"""

from __future__ import annotations

import sqlalchemy as sa

from review.schema import metadata

OUTBOX_STATUSES = ("pending", "sent", "failed", "skipped")

subscribers = sa.Table(
    "subscribers",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("email", sa.String(320), nullable=False, unique=True),
    # JSON lists; [] means all of Indonesia / every modus
    sa.Column("provinces", sa.Text, nullable=False, default="[]"),
    sa.Column("modus", sa.Text, nullable=False, default="[]"),
    sa.Column("send_time", sa.String(5), nullable=False, default="07:00"),
    sa.Column("tz", sa.String(64), nullable=False, default="Asia/Jakarta"),
    sa.Column("lang", sa.String(2), nullable=False, default="id"),
    sa.Column("send_empty", sa.Boolean, nullable=False, default=True),
    sa.Column("active", sa.Boolean, nullable=False, default=True),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("updated_at", sa.String(40), nullable=False),
)

outbox = sa.Table(
    "outbox",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # keyed by address, not subscriber id: removing and re-adding someone never re-sends a day
    sa.Column("recipient", sa.String(320), nullable=False),
    sa.Column("subscriber_id", sa.Integer),
    sa.Column("digest_date", sa.String(10), nullable=False),
    sa.Column("status", sa.String(10), nullable=False, default="pending"),
    sa.Column("message_id", sa.String(255), nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("from_addr", sa.String(320), nullable=False),
    # the whole RFC 5322 message as rendered once; retries send these exact bytes
    sa.Column("message", sa.LargeBinary),
    sa.Column("incident_count", sa.Integer, nullable=False, default=0),
    sa.Column("window_start", sa.String(40), nullable=False),
    sa.Column("window_end", sa.String(40), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("last_error", sa.Text),
    sa.Column("next_attempt_at", sa.String(40)),
    # a sender's lease on the row, so two overlapping runs never send the same message
    sa.Column("claimed_until", sa.String(40)),
    sa.Column("created_at", sa.String(40), nullable=False),
    sa.Column("sent_at", sa.String(40)),
    # a unique index, not a UniqueConstraint: create_table copies indexes, not constraints
    sa.Index("uq_outbox_recipient_date", "recipient", "digest_date", unique=True),
    sa.Index("ix_outbox_status", "status", "next_attempt_at"),
)

DIGEST_TABLES = (subscribers, outbox)
