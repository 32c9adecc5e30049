"""Where the integration tests find Redis and PostgreSQL, and whether they are up.

The defaults are the loopback ports `.ci/services.sh start` uses; set PANTAU_TEST_REDIS_URL /
PANTAU_TEST_DATABASE_URL to point elsewhere. Tests needing a service skip when it is down.
"""

from __future__ import annotations

import os
import shutil
import uuid
from contextlib import suppress

import sqlalchemy as sa

REDIS_URL = os.environ.get("PANTAU_TEST_REDIS_URL", "redis://127.0.0.1:56379/0")
DATABASE_URL = os.environ.get(
    "PANTAU_TEST_DATABASE_URL",
    "postgresql+psycopg://pantau:pantau@127.0.0.1:55432/pantau_test",
)
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def redis_reason() -> str | None:
    """None when Redis answers at REDIS_URL, else why not."""
    try:
        import redis
    except ImportError:
        return "the redis package is not installed (pip install scrapy-redis)"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        return f"no Redis at {REDIS_URL}: {exc}"
    return None


def postgres_reason() -> str | None:
    """None when PostgreSQL answers at DATABASE_URL, else why not."""
    try:
        engine = sa.create_engine(DATABASE_URL, connect_args={"connect_timeout": 2})
    except (ImportError, sa.exc.ArgumentError) as exc:
        return f"cannot use {DATABASE_URL}: {exc}"
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        return f"no PostgreSQL at {DATABASE_URL}: {exc.__class__.__name__}"
    finally:
        engine.dispose()
    return None


class PostgresSchema:
    """A fresh schema in the test database, so concurrent test runs never see each other."""

    def __init__(self, base_url: str = DATABASE_URL) -> None:
        self.base_url = base_url
        self.name = f"t_{uuid.uuid4().hex[:12]}"
        url = sa.engine.make_url(base_url)
        self.url = url.update_query_dict(
            {"options": f"-csearch_path={self.name}"}
        ).render_as_string(hide_password=False)

    def __enter__(self) -> PostgresSchema:
        engine = sa.create_engine(self.base_url)
        with engine.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{self.name}"'))
        engine.dispose()
        return self

    def __exit__(self, *exc: object) -> None:
        engine = sa.create_engine(self.base_url)
        with suppress(sa.exc.SQLAlchemyError), engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{self.name}" CASCADE'))
        engine.dispose()
