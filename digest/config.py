"""Digest configuration: SMTP server, sender address and review-app URL, built once per run.

Read from the environment (``PANTAU_SMTP_*``, ``PANTAU_DIGEST_FROM``, ``PANTAU_APP_URL``) and,
for anything the environment leaves unset, from a TOML file named by ``PANTAU_DIGEST_CONFIG``::

    app_url = "https://pantau.example.org"
    from = "Pantau <pantau@example.org>"
    [smtp]
    host = "smtp.example.org"
    port = 587
    security = "starttls"      # starttls | tls | none (none only for a loopback host)
    user = "pantau"
    password_file = "/etc/pantau/smtp-password"   # or password = "..."

The password never reaches the database, a log line or a ``repr``.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from digest.exceptions import ConfigError

SECURITY = ("starttls", "tls", "none")
DEFAULT_FROM = "Pantau <pantau@localhost>"
DEFAULT_APP_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class SmtpConfig:
    """Where and how to send. ``password`` is hidden from ``repr`` so it never reaches a log."""

    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0

    def __post_init__(self) -> None:
        if self.security not in SECURITY:
            raise ConfigError(
                f"PANTAU_SMTP_SECURITY must be one of {SECURITY}, not {self.security!r}"
            )
        if not 0 < self.port < 65536:
            raise ConfigError(f"PANTAU_SMTP_PORT {self.port} is not a port number")
        if self.security == "none" and not _is_loopback(self.host):
            raise ConfigError(
                f"PANTAU_SMTP_SECURITY=none is only allowed for a loopback host, not {self.host!r}"
            )
        if self.user and self.password is None:
            raise ConfigError(
                "PANTAU_SMTP_USER is set but PANTAU_SMTP_PASSWORD(_FILE) is not"
            )


@dataclass(frozen=True)
class DigestConfig:
    """The digest job's settings; ``smtp`` is None when no SMTP host is configured."""

    from_addr: str = DEFAULT_FROM
    app_url: str = DEFAULT_APP_URL
    smtp: SmtpConfig | None = None

    @property
    def sender_address(self) -> str:
        return parseaddr(self.from_addr)[1]


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _read_file(path: str | None) -> dict[str, Any]:
    if not path:
        return {}
    try:
        with Path(path).open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(
            f"cannot read PANTAU_DIGEST_CONFIG {path}: {exc.strerror}"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"PANTAU_DIGEST_CONFIG {path} is not valid TOML: {exc}"
        ) from exc


def load_config(environ: dict[str, str] | None = None) -> DigestConfig:
    """Build the config from ``environ`` (default os.environ) and the optional TOML file.

    Raises ConfigError naming the setting that is wrong.
    """
    env = dict(os.environ if environ is None else environ)
    data = _read_file(env.get("PANTAU_DIGEST_CONFIG"))
    smtp_file = data.get("smtp", {}) if isinstance(data.get("smtp"), dict) else {}

    def pick(env_key: str, file_value: Any) -> Any:
        value = env.get(env_key)
        return value if value not in (None, "") else file_value

    from_addr = str(pick("PANTAU_DIGEST_FROM", data.get("from")) or DEFAULT_FROM)
    if "@" not in parseaddr(from_addr)[1] or "\n" in from_addr or "\r" in from_addr:
        raise ConfigError(f"PANTAU_DIGEST_FROM {from_addr!r} is not an email address")
    app_url = str(pick("PANTAU_APP_URL", data.get("app_url")) or DEFAULT_APP_URL)
    if not app_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"PANTAU_APP_URL {app_url!r} must start with http:// or https://"
        )

    host = pick("PANTAU_SMTP_HOST", smtp_file.get("host"))
    smtp = None
    if host:
        security = str(
            pick("PANTAU_SMTP_SECURITY", smtp_file.get("security")) or ""
        ).lower()
        port_raw = pick("PANTAU_SMTP_PORT", smtp_file.get("port"))
        if not security:
            security = "tls" if str(port_raw) == "465" else "starttls"
        try:
            port = (
                int(port_raw)
                if port_raw not in (None, "")
                else (465 if security == "tls" else 587)
            )
        except ValueError as exc:
            raise ConfigError(f"PANTAU_SMTP_PORT {port_raw!r} is not a number") from exc
        password = pick("PANTAU_SMTP_PASSWORD", smtp_file.get("password"))
        password_file = pick(
            "PANTAU_SMTP_PASSWORD_FILE", smtp_file.get("password_file")
        )
        if password is None and password_file:
            try:
                password = (
                    Path(password_file).read_text(encoding="utf-8").rstrip("\r\n")
                )
            except OSError as exc:
                raise ConfigError(
                    f"cannot read PANTAU_SMTP_PASSWORD_FILE {password_file}: {exc.strerror}"
                ) from exc
        timeout_raw = pick("PANTAU_SMTP_TIMEOUT", smtp_file.get("timeout")) or 30
        try:
            timeout = float(timeout_raw)
        except ValueError as exc:
            raise ConfigError(
                f"PANTAU_SMTP_TIMEOUT {timeout_raw!r} is not a number"
            ) from exc
        smtp = SmtpConfig(
            host=str(host),
            port=port,
            security=security,
            user=pick("PANTAU_SMTP_USER", smtp_file.get("user")) or None,
            password=password,
            timeout=timeout,
        )
    return DigestConfig(from_addr=from_addr, app_url=app_url.rstrip("/"), smtp=smtp)
