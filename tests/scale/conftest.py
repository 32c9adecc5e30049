"""Fixtures for the scale and fault tests: Redis and PostgreSQL from .ci/services.sh."""

from __future__ import annotations

import pytest

from tests.scale import services


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """The test database URL; skips when PostgreSQL is not reachable."""
    reason = services.postgres_reason()
    if reason:
        pytest.skip(reason)
    return services.DATABASE_URL


@pytest.fixture
def pg_schema_url(postgres_url: str):
    """A URL whose search_path is a fresh, empty schema, dropped after the test."""
    with services.PostgresSchema(postgres_url) as schema:
        yield schema.url


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The test Redis URL; skips when Redis is not reachable."""
    reason = services.redis_reason()
    if reason:
        pytest.skip(reason)
    return services.REDIS_URL
