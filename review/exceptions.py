"""Errors raised by the store. Callers catch these, never driver-specific exceptions."""

from __future__ import annotations


class StoreError(Exception):
    """Base class for store errors."""


class MigrationError(StoreError):
    """The database schema cannot be brought to the version this code expects."""


class StoreUnavailable(StoreError):
    """The database cannot be reached or written (server down, disk full, locked)."""


class ConflictError(StoreError):
    """An optimistic-locking check failed: someone else changed the row first."""
