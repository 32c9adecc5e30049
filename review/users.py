"""Reviewer accounts: argon2id password hashes, roles, no default account.

``argon2-cffi`` comes with the ``web`` extra; it is imported when a password is hashed
or
checked, so the store works without it.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from review.exceptions import StoreError
from review.queue_schema import ROLES, users

if TYPE_CHECKING:
    from review.store import Store

MIN_PASSWORD = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class UserError(StoreError):
    """A user cannot be created or changed as asked (bad email, weak password, taken)."""


def _hasher() -> Any:
    from argon2 import PasswordHasher

    return (
        PasswordHasher()
    )  # argon2id with the library's current recommended parameters


def _public(row: Any) -> dict[str, Any]:
    m = dict(row._mapping)
    m.pop("password_hash", None)
    return m


class Users:
    def __init__(self, store: Store) -> None:
        self.engine = store.engine
        self._dummy: str | None = None

    def add(self, email: str, password: str, role: str) -> int:
        """Create an account; returns its id. Raises UserError for a bad email or role,
        a
        password shorter than MIN_PASSWORD, or an email already taken."""
        email = email.strip().lower()
        if not _EMAIL.match(email):
            raise UserError(f"not an email address: {email!r}")
        if role not in ROLES:
            raise UserError(f"role must be one of {', '.join(ROLES)}")
        if len(password) < MIN_PASSWORD:
            raise UserError(f"password must have at least {MIN_PASSWORD} characters")
        with self.engine.begin() as conn:
            if conn.execute(
                sa.select(users.c.id).where(users.c.email == email)
            ).first():
                raise UserError(f"{email} already exists")
            return int(
                conn.execute(
                    users.insert()
                    .values(
                        email=email,
                        password_hash=_hasher().hash(password),
                        role=role,
                        active=True,
                        session_epoch=1,
                        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
                    )
                    .returning(users.c.id)
                ).scalar_one()
            )

    def list(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            return [
                _public(r)
                for r in conn.execute(sa.select(users).order_by(users.c.email))
            ]

    def get(self, user_id: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
        return _public(row) if row else None

    def authenticate(self, email: str, password: str) -> dict[str, Any] | None:
        """The active user with this email and password, else None.

        An unknown email still costs one hash verification, so response time does not
        tell
        which emails have accounts.
        """
        from argon2.exceptions import InvalidHashError, VerificationError

        ph = _hasher()
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(users).where(users.c.email == email.strip().lower())
            ).first()
        if row is None or not row.active:
            if self._dummy is None:
                self._dummy = ph.hash("not a real password, timing only")
            try:
                ph.verify(self._dummy, password)
            except VerificationError:
                pass
            return None
        try:
            ph.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        now = datetime.now(UTC).isoformat(timespec="seconds")
        values: dict[str, Any] = {"last_login": now}
        if ph.check_needs_rehash(row.password_hash):
            values["password_hash"] = ph.hash(password)
        with self.engine.begin() as conn:
            conn.execute(users.update().where(users.c.id == row.id).values(**values))
        return _public(row)

    def set_password(self, email: str, password: str) -> None:
        """Change a password; old sessions of that user stop working."""
        if len(password) < MIN_PASSWORD:
            raise UserError(f"password must have at least {MIN_PASSWORD} characters")
        with self.engine.begin() as conn:
            done = conn.execute(
                users.update()
                .where(users.c.email == email.strip().lower())
                .values(
                    password_hash=_hasher().hash(password),
                    session_epoch=users.c.session_epoch + 1,
                )
            ).rowcount
        if not done:
            raise UserError(f"no user {email}")

    def set_active(self, email: str, active: bool) -> None:
        with self.engine.begin() as conn:
            done = conn.execute(
                users.update()
                .where(users.c.email == email.strip().lower())
                .values(active=active, session_epoch=users.c.session_epoch + 1)
            ).rowcount
        if not done:
            raise UserError(f"no user {email}")
