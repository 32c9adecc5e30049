"""Fixtures for crawler tests: the offline site on a free loopback port, and a crawl runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site():
    from newssite.server import start_site

    server = start_site()
    yield server
    server.stop()


def crawl_command(site_url: str, database: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pantau.cli", "crawl", "--site-url", site_url,
            "--database", database, *extra]


def crawl_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PANTAU_LOG_LEVEL"] = "WARNING"
    env.pop("PANTAU_DATABASE_URL", None)
    return env


@pytest.fixture
def run_crawl(tmp_path):
    """Runs `pantau crawl` in a subprocess (Twisted's reactor runs once per process)."""

    def run(site_url: str, database: str, *extra: str, timeout: float = 300):
        return subprocess.run(crawl_command(site_url, database, *extra), cwd=tmp_path,
                              env=crawl_env(), capture_output=True, text=True, timeout=timeout)

    return run
