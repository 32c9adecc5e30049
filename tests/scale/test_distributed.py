"""Distributed crawl on Redis + PostgreSQL: two workers share the work, a killed worker's
requests are recovered, a Redis restart mid-crawl loses nothing (issue 7)."""

from __future__ import annotations

import contextlib
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from newssite import broken
from newssite.content import load_articles
from newssite.urls import article_path, page_count
from tests.scale import crawl
from tests.scale.services import REDIS_SERVER

redis = pytest.importorskip("redis")

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis]

ARTICLE_BEARING_BROKEN_PAGES = {
    broken.TRUNCATED,
    broken.LATIN1_DECLARED,
    broken.CP1252_BYTES,
}


@pytest.fixture(scope="module")
def expected_paths() -> set[str]:
    """Every article of the offline site (the broken pages that still hold one come on top)."""
    return {article_path(a) for a in load_articles()}


@pytest.fixture(scope="module")
def slow_site():
    """The offline site answering each page after 50 ms, so a crawl can be caught mid-way."""
    from newssite.server import start_site

    site = start_site(latency=0.05)
    yield site
    site.stop()


def _paths(database: str) -> list[str]:
    return ["/" + url.split("/", 3)[-1] for url in crawl.canonical_urls(database)]


def _assert_all_stored_once(database: str, expected: set[str]) -> None:
    paths = _paths(database)
    assert len(paths) == len(set(paths)), "an article was stored twice"
    assert expected <= set(paths), expected - set(paths)
    assert len(paths) == len(expected) + len(ARTICLE_BEARING_BROKEN_PAGES)


def _new_per_outlet(report: str) -> int:
    """Sum of the 'new' column of a `pantau crawl` report."""
    rows = re.findall(r"^\u2502 (\S+)\s.*?\u2502\s+(\d+) \u2502", report, flags=re.M)
    return sum(int(n) for outlet, n in rows if outlet.startswith("offline_"))


@contextlib.contextmanager
def _migration_lock_held(url: str):
    """Hold the advisory lock Store.migrate takes on PostgreSQL; yields wait(n): block until
    n other sessions queue behind it."""
    from review.store import _MIGRATE_LOCK

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATE_LOCK})
        conn.commit()

        def wait(n: int, timeout: float = 60) -> None:
            deadline = time.monotonic() + timeout
            query = sa.text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND NOT granted"
            )
            while conn.execute(query).scalar_one() < n:
                conn.commit()
                assert time.monotonic() < deadline, "workers never reached the store"
                time.sleep(0.1)

        try:
            yield wait
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATE_LOCK})
            conn.commit()
    engine.dispose()


def _leftover_keys(url: str, prefix: str) -> list[bytes]:
    return list(redis.Redis.from_url(url).scan_iter(f"{prefix}:*"))


def test_scheduler_relies_on_an_engine_internal_that_exists():
    """RedisScheduler acknowledges requests by reading the engine's in-progress set."""
    import inspect

    from scrapy.core import engine

    assert "self.inprogress" in inspect.getsource(engine._Slot)
    assert "self._slot.add_request(request)" in inspect.getsource(
        engine.ExecutionEngine
    )


def test_two_workers_share_one_crawl(
    redis_url, pg_schema_url, expected_paths, tmp_path
):
    from newssite.server import start_site

    site = start_site(latency=0.1)
    prefix = crawl.new_prefix()
    env = crawl.crawl_env(redis_url)
    # two requests at a time per worker, as for a live outlet; more would let one worker
    # hoard what the other could fetch
    args = [
        *crawl.redis_keys_args(prefix),
        "--set",
        "CONCURRENT_REQUESTS_PER_DOMAIN=2",
        "--set",
        "CONCURRENT_REQUESTS=2",
    ]
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    try:
        # both workers wait on the store's migration lock, so they start crawling together
        with _migration_lock_held(pg_schema_url) as waiting:
            procs = [
                crawl.start(site.base_url, pg_schema_url, tmp_path, env, *args, log=log)
                for log in logs
            ]
            waiting(2)
        codes = [p.wait(timeout=240) for p in procs]
    finally:
        site.stop()
    reports = [log.read_text() for log in logs]
    assert codes == [0, 0], [r[-3000:] for r in reports]
    _assert_all_stored_once(pg_schema_url, expected_paths)
    new = [_new_per_outlet(r) for r in reports]
    assert min(new) > 0, new  # both workers stored articles ...
    assert sum(new) == len(crawl.canonical_urls(pg_schema_url))  # ... and none twice
    # every page of every article was fetched once, by one of the two workers
    pages = {article_path(a): page_count(a) for a in load_articles()}
    fetched = {p: n for p, n in site.hits.items() if p in pages}
    assert fetched == pages
    assert (
        _leftover_keys(redis_url, prefix) == []
    )  # the last worker out cleared the crawl


def test_killed_worker_is_recovered_without_loss_or_duplicates(
    slow_site, redis_url, pg_schema_url, expected_paths, tmp_path
):
    prefix = crawl.new_prefix()
    env = crawl.crawl_env(redis_url)
    args = crawl.redis_keys_args(prefix)
    first = crawl.start(
        slow_site.base_url,
        pg_schema_url,
        tmp_path,
        env,
        *args,
        log=tmp_path / "first.log",
    )
    stored = crawl.wait_for_articles(pg_schema_url, 10, first)
    assert first.poll() is None, "crawl finished before it could be killed"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert 10 <= stored < len(expected_paths)
    server = redis.Redis.from_url(redis_url)
    in_flight = sum(server.hlen(k) for k in server.scan_iter(f"{prefix}:*:inflight:*"))
    assert in_flight > 0, "nothing in flight to recover"

    again = crawl.run(slow_site.base_url, pg_schema_url, tmp_path, env, *args)
    assert again.returncode == 0, again.stderr[-3000:]
    _assert_all_stored_once(pg_schema_url, expected_paths)
    assert _leftover_keys(redis_url, prefix) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_redis(port: int, workdir: Path) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [
            REDIS_SERVER,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(workdir),
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            return proc
        except redis.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("private redis-server did not start")


@pytest.mark.skipif(
    not Path(REDIS_SERVER).exists(), reason="redis-server is not installed"
)
def test_redis_killed_and_restarted_mid_crawl_loses_nothing(
    slow_site, pg_schema_url, expected_paths, tmp_path
):
    """Redis dies (SIGKILL) mid-crawl and comes back on its append-only file 2 s later."""
    port = _free_port()
    server = _start_redis(port, tmp_path)
    url = f"redis://127.0.0.1:{port}/0"
    env = crawl.crawl_env(url)
    log = tmp_path / "crawl.log"
    proc = crawl.start(slow_site.base_url, pg_schema_url, tmp_path, env, log=log)
    try:
        stored = crawl.wait_for_articles(pg_schema_url, 10, proc)
        assert proc.poll() is None, "crawl finished before Redis could be restarted"
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        time.sleep(2)
        server = _start_redis(port, tmp_path)
        assert proc.wait(timeout=240) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
        server.terminate()
        server.wait(timeout=10)
    assert stored < len(expected_paths)
    _assert_all_stored_once(pg_schema_url, expected_paths)
    text = log.read_text()
    assert "Redis unreachable" in text
    assert "Redis reachable again" in text
