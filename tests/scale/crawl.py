"""Run `pantau crawl` subprocesses against the offline site, Redis and PostgreSQL."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from review import Store

REPO = Path(__file__).resolve().parents[2]


def crawl_env(redis_url: str | None = None, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PANTAU_DATABASE_URL", None)
    env.pop("PANTAU_REDIS_URL", None)
    env["PANTAU_LOG_LEVEL"] = env.get("PANTAU_SCALE_LOG_LEVEL", "WARNING")
    env["PYTHONPATH"] = str(REPO)
    if redis_url:
        env["PANTAU_REDIS_URL"] = redis_url
        env.setdefault("PANTAU_REDIS_WORKER_TTL", "2")
    env.update(extra)
    return env


def redis_keys_args(prefix: str) -> list[str]:
    """Per-test Redis key names, so test runs sharing one Redis never meet."""
    return [
        "--set",
        f"SCHEDULER_QUEUE_KEY={prefix}:%(spider)s:requests",
        "--set",
        f"SCHEDULER_DUPEFILTER_KEY={prefix}:%(spider)s:dupefilter",
    ]


def new_prefix() -> str:
    return f"t{uuid.uuid4().hex[:10]}"


def crawl_command(site_url: str, database: str, *extra: str) -> list[str]:
    # PANTAU_SCALE_CRAWL_ARGS: extra arguments for local runs (e.g. a --set of ITEM_PIPELINES)
    more = shlex.split(os.environ.get("PANTAU_SCALE_CRAWL_ARGS", ""))
    return [
        sys.executable,
        "-m",
        "pantau.cli",
        "crawl",
        "--site-url",
        site_url,
        "--database",
        database,
        *more,
        *extra,
    ]


def start(
    site_url: str,
    database: str,
    cwd: Path,
    env: dict[str, str],
    *extra: str,
    log: Path | None = None,
) -> subprocess.Popen[Any]:
    out = log.open("w") if log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
    return subprocess.Popen(
        crawl_command(site_url, database, *extra),
        cwd=cwd,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
    )


def run(
    site_url: str,
    database: str,
    cwd: Path,
    env: dict[str, str],
    *extra: str,
    timeout: float = 240,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_command(site_url, database, *extra),
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def stored_count(database: str) -> int:
    try:
        with Store(database, migrate=False) as store:
            return store.article_count()
    except Exception:  # noqa: BLE001 - tables not created yet
        return 0


def wait_for_articles(
    database: str, n: int, proc: subprocess.Popen[Any], timeout: float = 120
) -> int:
    """Poll the store until it holds ``n`` articles; returns the count seen."""
    deadline = time.monotonic() + timeout
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        stored = stored_count(database)
        if stored >= n:
            break
        time.sleep(0.2)
    return stored


def canonical_urls(database: str) -> list[str]:
    with Store(database, migrate=False) as store:
        return [a.canonical_url for a in store.iter_articles()]


# two outlets (one with paginated articles) keep the fault tests short
SUBSET = {
    "offline_antara_kalbar": "/antara-kalbar/",
    "offline_kompas_regional": "/kompas-regional/",
}


def subset_args() -> list[str]:
    return [arg for name in SUBSET for arg in ("--source", name)]


def subset_expected() -> int:
    """Articles a crawl of SUBSET stores: the outlets' articles and their broken pages that
    still hold one (see tests/crawler/test_crawl_offline.py)."""
    from newssite import broken
    from newssite.content import load_articles
    from newssite.urls import article_path

    with_article = (broken.TRUNCATED, broken.LATIN1_DECLARED, broken.CP1252_BYTES)
    paths = [article_path(a) for a in load_articles()] + list(with_article)
    return sum(1 for p in paths if p.startswith(tuple(SUBSET.values())))
