"""The outbox: one row per (recipient, digest date), written before sending, marked after.

Row life: ``pending`` (message stored, not yet accepted by SMTP) -> ``sent``; or ``skipped``
(nothing new and the subscriber wants no empty mail; recorded so the day counts as done); or
``failed`` after too many attempts (kept with its message and last error until an operator
re-queues it). A sender first *claims* a row with a short lease, so two overlapping runs never
send the same message; a crashed run's lease simply expires and the next run resumes.
Delivery is at-least-once: a crash after the server accepted a message but before the row is
marked sent re-sends it once, with the same Message-ID, which mail clients treat as one mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from review.digest_schema import outbox

if TYPE_CHECKING:
    from datetime import date


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class OutboxRow:
    id: int
    recipient: str
    digest_date: str
    status: str
    message_id: str
    subject: str
    from_addr: str
    message: bytes | None
    incident_count: int
    window_start: str
    window_end: str
    attempts: int
    last_error: str | None
    next_attempt_at: str | None
    sent_at: str | None


_COLUMNS = [outbox.c[name] for name in OutboxRow.__dataclass_fields__]


def _row(row: Any) -> OutboxRow:
    return OutboxRow(**row._mapping)


class Outbox:
    """Outbox rows; one transaction per call."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def get(self, recipient: str, digest_date: date) -> OutboxRow | None:
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(*_COLUMNS).where(
                    outbox.c.recipient == recipient.lower(),
                    outbox.c.digest_date == digest_date.isoformat(),
                )
            ).first()
        return _row(row) if row else None

    def previous_window_end(self, recipient: str, digest_date: date) -> datetime | None:
        """End of the window of this recipient's latest digest before ``digest_date``."""
        with self.engine.begin() as conn:
            value = conn.execute(
                sa.select(outbox.c.window_end)
                .where(
                    outbox.c.recipient == recipient.lower(),
                    outbox.c.digest_date < digest_date.isoformat(),
                )
                .order_by(outbox.c.digest_date.desc())
                .limit(1)
            ).scalar()
        return datetime.fromisoformat(value) if value else None

    def add(
        self,
        *,
        recipient: str,
        subscriber_id: int | None,
        digest_date: date,
        status: str,
        message_id: str,
        subject: str,
        from_addr: str,
        message: bytes | None,
        incident_count: int,
        window: tuple[datetime, datetime],
        now: datetime,
    ) -> bool:
        """Insert the day's row; False when the recipient already has one for that date."""
        values = {
            "recipient": recipient.lower(),
            "subscriber_id": subscriber_id,
            "digest_date": digest_date.isoformat(),
            "status": status,
            "message_id": message_id,
            "subject": subject,
            "from_addr": from_addr,
            "message": message,
            "incident_count": incident_count,
            "window_start": _iso(window[0]),
            "window_end": _iso(window[1]),
            "attempts": 0,
            "created_at": _iso(now),
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(outbox.insert().values(**values))
        except sa.exc.IntegrityError:
            return False  # another run wrote the day's row first
        return True

    def due(self, now: datetime, *, include_failed: bool = False) -> list[OutboxRow]:
        """Rows to send now: pending ones whose back-off has passed (oldest first)."""
        statuses = ["pending", "failed"] if include_failed else ["pending"]
        with self.engine.begin() as conn:
            rows = conn.execute(
                sa.select(*_COLUMNS)
                .where(
                    outbox.c.status.in_(statuses),
                    sa.or_(
                        outbox.c.next_attempt_at.is_(None),
                        outbox.c.next_attempt_at <= _iso(now),
                    )
                    if not include_failed
                    else sa.true(),
                )
                .order_by(outbox.c.digest_date, outbox.c.id)
            ).all()
        return [_row(r) for r in rows]

    def claim(self, row_id: int, now: datetime, lease: timedelta) -> bool:
        """Take a row for sending until ``now + lease``; False when someone else holds it."""
        with self.engine.begin() as conn:
            done = conn.execute(
                outbox.update()
                .where(
                    outbox.c.id == row_id,
                    outbox.c.status.in_(("pending", "failed")),
                    sa.or_(
                        outbox.c.claimed_until.is_(None),
                        outbox.c.claimed_until < _iso(now),
                    ),
                )
                .values(claimed_until=_iso(now + lease))
            ).rowcount
        return done == 1

    def mark_sent(self, row_id: int, now: datetime, attempts: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                outbox.update()
                .where(outbox.c.id == row_id)
                .values(
                    status="sent",
                    sent_at=_iso(now),
                    attempts=attempts,
                    claimed_until=None,
                    next_attempt_at=None,
                )
            )

    def mark_failure(
        self,
        row_id: int,
        *,
        attempts: int,
        error: str,
        next_attempt_at: datetime | None,
    ) -> None:
        """Record a failed attempt; ``next_attempt_at`` None means give up (status failed)."""
        status = "pending" if next_attempt_at is not None else "failed"
        with self.engine.begin() as conn:
            conn.execute(
                outbox.update()
                .where(outbox.c.id == row_id)
                .values(
                    status=status,
                    attempts=attempts,
                    last_error=error[:2000],
                    next_attempt_at=_iso(next_attempt_at) if next_attempt_at else None,
                    claimed_until=None,
                )
            )

    def rows(self, digest_date: date | None = None) -> list[OutboxRow]:
        query = sa.select(*_COLUMNS).order_by(outbox.c.digest_date, outbox.c.recipient)
        if digest_date is not None:
            query = query.where(outbox.c.digest_date == digest_date.isoformat())
        with self.engine.begin() as conn:
            return [_row(r) for r in conn.execute(query).all()]
