"""Shared test fixtures: the optional ../shared data folder, a tmp SQLite store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from review.store import Store

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("PANTAU_SHARED_DATA", REPO.parent / "shared" / "data"))

requires_shared = pytest.mark.skipif(
    not (SHARED_DATA / "labels").is_dir(), reason=f"{SHARED_DATA} is absent"
)


@pytest.fixture
def shared_data() -> Path:
    """Path of ../shared/data; skips the test when the folder is absent (a user's fresh clone)."""
    if not (SHARED_DATA / "labels").is_dir():
        pytest.skip(f"{SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """A migrated SQLite store in the test's tmp folder."""
    s = Store(f"sqlite:///{tmp_path / 'pantau.db'}")
    yield s
    s.close()
