"""Digest subscribers in the database: who gets which provinces and modus, when, in which language."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from digest.exceptions import SubscriberError
from digest.regions import modus_id, province_code, send_time, timezone_name
from review.digest_schema import subscribers

if TYPE_CHECKING:
    from collections.abc import Iterable

_EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$"
)


@dataclass(frozen=True)
class Subscriber:
    """One subscription. Empty ``provinces`` means all of Indonesia; empty ``modus`` every modus."""

    email: str
    provinces: tuple[str, ...] = ()
    modus: tuple[str, ...] = ()
    send_time: str = "07:00"
    tz: str = "Asia/Jakarta"
    lang: str = "id"
    send_empty: bool = True
    id: int | None = None


def normalise_email(value: str) -> str:
    """The address trimmed, domain lower-cased; raises SubscriberError when it is not one."""
    value = value.strip()
    if len(value) > 254 or not _EMAIL.match(value):
        raise SubscriberError(f"{value!r} is not an email address")
    local, _, domain = value.rpartition("@")
    return f"{local}@{domain.lower()}"


def make_subscriber(
    email: str,
    *,
    provinces: Iterable[str] = (),
    modus: Iterable[str] = (),
    time: str = "07:00",
    tz: str = "Asia/Jakarta",
    lang: str = "id",
    send_empty: bool = True,
) -> Subscriber:
    """A validated Subscriber; province names/short forms become codes, WIB/WITA/WIT zones.

    Raises SubscriberError naming the bad value.
    """
    try:
        province_list = [
            p for item in provinces for p in str(item).split(",") if p.strip()
        ]
        if any(
            p.strip().lower() in ("all", "semua", "indonesia") for p in province_list
        ):
            province_list = []
        codes = tuple(sorted(dict.fromkeys(province_code(p) for p in province_list)))
        modus_list = [m for item in modus for m in str(item).split(",") if m.strip()]
        modus_ids = tuple(sorted(dict.fromkeys(modus_id(m) for m in modus_list)))
        when = send_time(time)
        zone = timezone_name(tz)
    except ValueError as exc:
        raise SubscriberError(str(exc)) from exc
    if lang not in ("id", "en"):
        raise SubscriberError(f"language {lang!r} is not id or en")
    return Subscriber(
        normalise_email(email), codes, modus_ids, when, zone, lang, send_empty
    )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _from_row(row: Any) -> Subscriber:
    return Subscriber(
        email=row.email,
        provinces=tuple(json.loads(row.provinces)),
        modus=tuple(json.loads(row.modus)),
        send_time=row.send_time,
        tz=row.tz,
        lang=row.lang,
        send_empty=bool(row.send_empty),
        id=row.id,
    )


class Subscriptions:
    """Subscriber rows; one transaction per call. Addresses compare case-insensitively."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    def upsert(self, sub: Subscriber) -> tuple[Subscriber, bool]:
        """Add ``sub`` or replace the settings of the same address; returns (stored, created)."""
        values = {
            "email": sub.email,
            "provinces": json.dumps(list(sub.provinces)),
            "modus": json.dumps(list(sub.modus)),
            "send_time": sub.send_time,
            "tz": sub.tz,
            "lang": sub.lang,
            "send_empty": sub.send_empty,
            "active": True,
            "updated_at": _now(),
        }
        with self.engine.begin() as conn:
            existing = conn.execute(
                sa.select(subscribers.c.id).where(
                    sa.func.lower(subscribers.c.email) == sub.email.lower()
                )
            ).scalar()
            if existing is None:
                new_id = conn.execute(
                    subscribers.insert()
                    .values(created_at=values["updated_at"], **values)
                    .returning(subscribers.c.id)
                ).scalar_one()
                created = True
            else:
                conn.execute(
                    subscribers.update()
                    .where(subscribers.c.id == existing)
                    .values(**values)
                )
                new_id, created = existing, False
        return Subscriber(**{**sub.__dict__, "id": new_id}), created

    def remove(self, email: str) -> bool:
        """Delete the subscription; True when there was one. Sent-mail history stays in the outbox."""
        with self.engine.begin() as conn:
            done = conn.execute(
                subscribers.delete().where(
                    sa.func.lower(subscribers.c.email) == email.strip().lower()
                )
            ).rowcount
        return bool(done)

    def all(self) -> list[Subscriber]:
        """Active subscribers ordered by address."""
        with self.engine.begin() as conn:
            rows = conn.execute(
                sa.select(subscribers)
                .where(subscribers.c.active.is_(True))
                .order_by(subscribers.c.email)
            ).all()
        return [_from_row(r) for r in rows]

    def get(self, email: str) -> Subscriber | None:
        with self.engine.begin() as conn:
            row = conn.execute(
                sa.select(subscribers).where(
                    sa.func.lower(subscribers.c.email) == email.strip().lower()
                )
            ).first()
        return _from_row(row) if row else None
