"""Typed app configuration, built once in the entrypoint and passed down (never a global)."""

from __future__ import annotations

import os
from dataclasses import dataclass

_PLACEHOLDERS = (
    "change",
    "changeme",
    "secret",
    "example",
    "xxx",
    "todo",
    "placeholder",
)


class ConfigError(ValueError):
    """The configuration is missing or unsafe; the message names the variable to set."""


@dataclass(frozen=True)
class AppConfig:
    """What the web app needs. ``secret_key`` signs session cookies and CSRF tokens."""

    database_url: str | None
    secret_key: str
    cookie_secure: bool = False
    session_hours: float = 12.0
    threshold: float = 0.5
    login_attempts: int = 5
    login_window_seconds: int = 300
    page_size: int = 50

    def __post_init__(self) -> None:
        key = self.secret_key or ""
        if len(key) < 32:
            raise ConfigError(
                "PANTAU_SECRET_KEY must be at least 32 characters; make one with: "
                "python -c 'import secrets; print(secrets.token_urlsafe(32))'"
            )
        if any(p in key.lower() for p in _PLACEHOLDERS) or len(set(key)) < 8:
            raise ConfigError(
                "PANTAU_SECRET_KEY looks like a placeholder; use a random value"
            )
        if not 0.0 <= self.threshold <= 1.0:
            raise ConfigError("threshold must be between 0 and 1")

    @classmethod
    def from_env(
        cls, environ: dict[str, str] | None = None, **overrides: object
    ) -> AppConfig:
        """Read PANTAU_DATABASE_URL, PANTAU_SECRET_KEY, PANTAU_COOKIE_SECURE,
        PANTAU_SESSION_HOURS; raises ConfigError when the secret is missing or weak."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {
            "database_url": env.get("PANTAU_DATABASE_URL") or None,
            "secret_key": env.get("PANTAU_SECRET_KEY", ""),
            "cookie_secure": env.get("PANTAU_COOKIE_SECURE", "").lower()
            in ("1", "true", "yes"),
            "session_hours": float(env.get("PANTAU_SESSION_HOURS") or 12),
        }
        values.update(overrides)
        return cls(**values)  # type: ignore[arg-type]
