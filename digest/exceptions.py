"""Errors raised by the digest package."""

from __future__ import annotations


class DigestError(Exception):
    """Base class for digest errors."""


class ConfigError(DigestError):
    """The digest or SMTP configuration is missing or wrong; the message names the setting."""


class SendError(DigestError):
    """A message could not be handed to the SMTP server.

    ``transient`` is True for errors worth retrying soon (4xx replies, dropped or refused
    connections, timeouts) and False for permanent refusals (5xx replies).
    """

    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


class SubscriberError(DigestError):
    """A subscription cannot be stored as given (bad address, unknown province or modus)."""
