"""Turn a rendered digest into an RFC 5322 message and hand it to SMTP, or to files for a dry run.

``compose`` is pure: the same digest, addresses, date and Message-ID give the same bytes, which
is what the outbox stores and every retry re-sends. ``SmtpSender`` keeps one connection per run
and reconnects after any failure; it raises ``SendError`` with ``transient`` telling the caller
whether a quick retry makes sense. ``FileSender`` writes ``.eml`` and ``.html`` files instead.
"""

from __future__ import annotations

import hashlib
import logging
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from digest.exceptions import ConfigError, SendError
import contextlib

if TYPE_CHECKING:
    from datetime import date, datetime

    from digest.build import Digest
    from digest.config import SmtpConfig

logger = logging.getLogger(__name__)


def message_id(recipient: str, digest_date: date, from_addr: str) -> str:
    """A Message-ID stable per (recipient, date): a re-sent digest is recognisably the same mail."""
    domain = parseaddr(from_addr)[1].rpartition("@")[2] or "localhost"
    key = f"{recipient.strip().lower()}|{digest_date.isoformat()}".encode()
    return (
        f"<digest.{digest_date:%Y%m%d}.{hashlib.sha256(key).hexdigest()[:24]}@{domain}>"
    )


def compose(
    digest: Digest,
    *,
    from_addr: str,
    to_addr: str,
    date_header: datetime,
    msg_id: str,
    digest_date: date,
) -> bytes:
    """multipart/alternative (text/plain, then text/html), UTF-8, CRLF line ends."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = from_addr
    msg["To"] = to_addr
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(date_header)
    msg["Message-ID"] = msg_id
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Auto-Response-Suppress"] = "All"
    msg["X-Pantau-Digest-Date"] = digest_date.isoformat()
    msg.set_content(digest.text, subtype="plain", charset="utf-8")
    msg.add_alternative(digest.html, subtype="html", charset="utf-8")
    return msg.as_bytes()


class Sender(Protocol):
    def send(self, message: bytes, from_addr: str, to_addrs: list[str]) -> None: ...

    def close(self) -> None: ...


def _reply_text(resp: bytes | str) -> str:
    text = resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)
    return " ".join(text.split())[:300]


class SmtpSender:
    """Sends over one SMTP connection (STARTTLS, implicit TLS, or plain on loopback only).

    ``ssl_context`` defaults to the system trust store; tests pass one that trusts their own
    certificate. Raises ConfigError when STARTTLS is required but the server does not offer it.
    """

    def __init__(
        self, config: SmtpConfig, *, ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self.config = config
        self._context = ssl_context
        self._conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        cfg = self.config
        context = self._context or ssl.create_default_context()
        conn: smtplib.SMTP
        if cfg.security == "tls":
            conn = smtplib.SMTP_SSL(
                cfg.host, cfg.port, timeout=cfg.timeout, context=context
            )
        else:
            conn = smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)
        try:
            conn.ehlo()
            if cfg.security == "starttls":
                if not conn.has_extn("starttls"):
                    raise ConfigError(
                        f"SMTP server {cfg.host}:{cfg.port} does not offer STARTTLS "
                        "(set PANTAU_SMTP_SECURITY=tls for port 465)"
                    )
                conn.starttls(context=context)
                conn.ehlo()
            if cfg.user:
                conn.login(cfg.user, cfg.password or "")
        except BaseException:
            conn.close()
            raise
        logger.debug("connected to SMTP %s:%s (%s)", cfg.host, cfg.port, cfg.security)
        return conn

    def send(self, message: bytes, from_addr: str, to_addrs: list[str]) -> None:
        """Hand one message to the server; raises SendError (and drops the connection) on failure."""
        try:
            if self._conn is None:
                self._conn = self._connect()
            refused = self._conn.sendmail(from_addr, to_addrs, message)
        except smtplib.SMTPRecipientsRefused as exc:
            self._drop()
            codes = [code for code, _ in exc.recipients.values()]
            detail = "; ".join(
                f"{code} {_reply_text(text)}" for code, text in exc.recipients.values()
            )
            raise SendError(
                f"recipient refused: {detail}",
                transient=all(400 <= c < 500 for c in codes),
            ) from exc
        except smtplib.SMTPAuthenticationError as exc:
            self._drop()
            raise SendError(
                f"SMTP login refused: {exc.smtp_code} {_reply_text(exc.smtp_error)}",
                transient=False,
            ) from exc
        except smtplib.SMTPResponseException as exc:
            self._drop()
            raise SendError(
                f"SMTP server replied {exc.smtp_code} {_reply_text(exc.smtp_error)}",
                transient=400 <= exc.smtp_code < 500,
            ) from exc
        except smtplib.SMTPNotSupportedError as exc:
            self._drop()
            raise SendError(
                f"SMTP server {self.config.host}:{self.config.port}: {exc}",
                transient=False,
            ) from exc
        except smtplib.SMTPServerDisconnected as exc:
            self._drop()
            raise SendError(
                f"SMTP server closed the connection: {exc}", transient=True
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            # refused connection, timeout, TLS failure, DNS: all worth another try later
            self._drop()
            raise SendError(
                f"cannot reach SMTP server {self.config.host}:{self.config.port}: {exc}",
                transient=True,
            ) from exc
        if refused:
            detail = "; ".join(f"{rcpt}: {code}" for rcpt, (code, _) in refused.items())
            raise SendError(f"some recipients refused: {detail}", transient=False)

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        with contextlib.suppress(OSError):
            conn.close()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (OSError, smtplib.SMTPException):
            conn.close()

    def __enter__(self) -> SmtpSender:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def file_stem(digest_date: date, recipient: str) -> str:
    """``2026-11-28_ana_at_example.org``: one file name per (date, recipient), safe on any disk."""
    local = _UNSAFE.sub("_", recipient.strip().lower().replace("@", "_at_")).strip("._")
    return f"{digest_date.isoformat()}_{local[:80] or 'recipient'}"


class FileSender:
    """Dry-run sender: writes ``<stem>.eml`` (the exact message) and ``<stem>.html`` (its HTML part)."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)

    def write(self, stem: str, message: bytes, html: str) -> list[Path]:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        eml = self.out_dir / f"{stem}.eml"
        page = self.out_dir / f"{stem}.html"
        eml.write_bytes(message)
        page.write_text(html, encoding="utf-8")
        return [eml, page]
