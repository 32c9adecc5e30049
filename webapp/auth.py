"""Sessions, CSRF tokens and login rate limiting.

The session is a signed (itsdangerous), timestamped cookie holding the user id, the
user's
session epoch (bumped on password change, so old cookies die) and a random CSRF token.
It is
HttpOnly and SameSite=Lax, Secure when configured. Every unsafe request must carry that
token:
forms as the ``csrf_token`` field, the JSON API as the ``X-CSRF-Token`` header. The
login form,
sent before any session exists, is protected by a short-lived signed pre-session cookie.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "pantau_session"
LOGIN_COOKIE = "pantau_login"


@dataclass(frozen=True)
class User:
    id: int
    email: str
    role: str
    csrf: str


class AuthError(Exception):
    """Not logged in (401 / redirect to the login page)."""


class ForbiddenError(Exception):
    """Logged in, but the role or the CSRF token does not allow this request (403)."""


class Sessions:
    def __init__(self, secret_key: str, max_age_seconds: int) -> None:
        self._session = URLSafeTimedSerializer(secret_key, salt="pantau-session")
        self._login = URLSafeTimedSerializer(secret_key, salt="pantau-login-form")
        self.max_age = max_age_seconds

    def issue(self, user_id: int, epoch: int) -> tuple[str, str]:
        """(cookie value, csrf token) for a fresh login; a new token per login."""
        csrf = secrets.token_urlsafe(32)
        return self._session.dumps({"u": user_id, "e": epoch, "c": csrf}), csrf

    def read(self, cookie: str | None) -> dict[str, Any] | None:
        if not cookie:
            return None
        try:
            data = self._session.loads(cookie, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not {"u", "e", "c"} <= data.keys():
            return None
        return data

    def login_token(self) -> tuple[str, str]:
        token = secrets.token_urlsafe(24)
        return self._login.dumps(token), token

    def check_login_token(self, cookie: str | None, submitted: str | None) -> bool:
        if not cookie or not submitted:
            return False
        try:
            token = self._login.loads(cookie, max_age=3600)
        except BadSignature:
            return False
        return isinstance(token, str) and hmac.compare_digest(token, submitted)


def same_token(expected: str, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(expected, submitted or "")


class RateLimiter:
    """At most ``limit`` failed attempts per key within ``window`` seconds (in-process).

    Keys are the client address and the email tried, so one address cannot spray many
    accounts and many addresses cannot hammer one account. A multi-process deployment
    would
    keep this in the database; one uvicorn process is the supported setup.
    """

    def __init__(self, limit: int, window: float, clock: Any = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _trim(self, key: str, now: float) -> deque[float]:
        q = self._hits[key]
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def blocked_for(self, *keys: str) -> float:
        """Seconds until the first of ``keys`` may try again (0 when none is blocked)."""
        now = self._clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                q = self._trim(key, now)
                if len(q) >= self.limit:
                    wait = max(wait, self.window - (now - q[0]))
        return wait

    def fail(self, *keys: str) -> None:
        now = self._clock()
        with self._lock:
            for key in keys:
                self._trim(key, now).append(now)

    def reset(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._hits.pop(key, None)
