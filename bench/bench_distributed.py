"""Benchmark: crawl throughput of the offline site with 1 vs 2 crawler processes on Redis.

    .venv/bin/python bench/bench_distributed.py [--latency 0.2] [--cpu-bound]
        [--redis-url redis://127.0.0.1:56379/0]
        [--database-url postgresql+psycopg://pantau:pantau@127.0.0.1:55432/pantau_test]

Each run crawls the six offline outlets with the default pipeline into a fresh PostgreSQL
schema, with PANTAU_REDIS_URL set (crawler/distributed.py). The workers wait on the store's
migration lock and start together; throughput is pages fetched by all workers over the window
from the first spider's start to the last one's finish.

- network-bound (default): the site answers after ``--latency`` seconds and each worker may
  have two requests in flight per outlet (the live politeness setting). All workers share
  one core. Baseline: one worker.
- ``--cpu-bound``: no latency, the offline concurrency; worker i is pinned to core i, so two
  workers use two cores. Baseline: one worker on one core.

`scrapy bench` (bench/bench_crawl.py's measurement, on one core) is printed beside for scale.
Needs Redis and PostgreSQL (`bash .ci/services.sh start`). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import sqlalchemy as sa  # noqa: E402

from review.store import _MIGRATE_LOCK, Store  # noqa: E402
from tests.scale.services import DATABASE_URL as DEFAULT_PG  # noqa: E402
from tests.scale.services import REDIS_URL as DEFAULT_REDIS  # noqa: E402

_WORKER = r"""
import json, os, sys
os.sched_setaffinity(0, {int(sys.argv[3])})
from crawler.registry import load_registry, select
from crawler.runner import run_crawl
from review import Store
db, site, prefix = sys.argv[1], sys.argv[2], sys.argv[4]
overrides = json.loads(sys.argv[5])
overrides.update({"LOG_LEVEL": "WARNING",
                  "SCHEDULER_QUEUE_KEY": prefix + ":%(spider)s:requests",
                  "SCHEDULER_DUPEFILTER_KEY": prefix + ":%(spider)s:dupefilter"})
Store(db).close()  # waits on the migration lock the benchmark holds
report = run_crawl(select(load_registry(), None, offline=True), site_url=site,
                   database_url=db, overrides=overrides)
print(json.dumps({
    "pages": report.total("response_received_count"),
    "saved": report.total("pantau/store/saved"),
    "start": min(s["start_time"].timestamp() for s in report.stats.values()),
    "finish": max(s["finish_time"].timestamp() for s in report.stats.values()),
}))
"""


def crawl(
    workers: int,
    site_url: str,
    pg: str,
    redis_url: str,
    cores: list[int],
    overrides: dict,
) -> dict[str, float]:
    base = sa.engine.make_url(pg)
    admin = sa.create_engine(base)
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = base.update_query_dict(
        {"options": f"-csearch_path={schema}"}
    ).render_as_string(hide_password=False)
    env = dict(
        os.environ,
        PANTAU_REDIS_URL=redis_url,
        PANTAU_REDIS_WORKER_TTL="5",
        PYTHONPATH=str(REPO),
    )
    prefix = f"bench{uuid.uuid4().hex[:8]}"
    try:
        with tempfile.TemporaryDirectory() as tmp, admin.connect() as lock:
            lock.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": _MIGRATE_LOCK})
            lock.commit()
            procs = [
                subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        _WORKER,
                        url,
                        site_url,
                        str(cores[i % len(cores)]),
                        prefix,
                        json.dumps(overrides),
                    ],
                    cwd=tmp,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for i in range(workers)
            ]
            waiting = sa.text(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND NOT granted"
            )
            deadline = time.monotonic() + 120
            while lock.execute(waiting).scalar_one() < workers:
                lock.commit()
                if time.monotonic() > deadline:
                    raise RuntimeError("workers never reached the store")
                time.sleep(0.05)
            lock.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _MIGRATE_LOCK})
            lock.commit()
            outs = [p.communicate(timeout=900) for p in procs]
        for p, (_, err) in zip(procs, outs, strict=True):
            if p.returncode:
                raise RuntimeError(err[-3000:])
        runs = [json.loads(out.strip().splitlines()[-1]) for out, _ in outs]
        with Store(url) as store:
            stored = store.article_count()
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    window = max(r["finish"] for r in runs) - min(r["start"] for r in runs)
    pages = sum(r["pages"] for r in runs)
    return {
        "pages": pages,
        "seconds": window,
        "rate": pages / window,
        "stored": stored,
        "saved_by_worker": [r["saved"] for r in runs],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.2)
    parser.add_argument("--cpu-bound", action="store_true")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--database-url", default=DEFAULT_PG)
    parser.add_argument("--bench-seconds", type=int, default=10)
    parser.add_argument("--no-scrapy-bench", action="store_true")
    args = parser.parse_args()
    from newssite.server import start_site

    os.sched_setaffinity(0, {0})
    if args.cpu_bound:
        latency, overrides, cores = 0.0, {}, {1: [0], 2: [0, 1]}
        mode = "CPU-bound (no latency; worker i on core i)"
    else:
        latency = args.latency
        overrides = {"CONCURRENT_REQUESTS": 2, "CONCURRENT_REQUESTS_PER_DOMAIN": 2}
        cores = {1: [0], 2: [0]}
        mode = f"network-bound ({latency * 1000:.0f} ms per page, 2 requests/outlet/worker, one core)"
    site = start_site(latency=latency)
    try:
        results = {
            n: crawl(
                n, site.base_url, args.database_url, args.redis_url, cores[n], overrides
            )
            for n in (1, 2)
        }
    finally:
        site.stop()
    print(f"offline site, default pipeline, Redis queue, PostgreSQL store; {mode}")
    for n, r in results.items():
        print(
            f"{n} worker{'s' if n > 1 else ' '}: {r['rate']:7.1f} pages/s  ({r['pages']} pages "
            f"in {r['seconds']:.1f}s, {r['stored']} articles stored, saved per worker "
            f"{r['saved_by_worker']})"
        )
    print(f"ratio 2 workers / 1 worker: {results[2]['rate'] / results[1]['rate']:.2f}x")
    if not args.no_scrapy_bench:
        from bench_crawl import scrapy_bench

        baseline = scrapy_bench(args.bench_seconds)
        print(
            f"scrapy bench (no processing, one core): {baseline:7.1f} pages/s; "
            f"1 worker / scrapy bench {results[1]['rate'] / baseline:.3f}x, "
            f"2 workers / scrapy bench {results[2]['rate'] / baseline:.3f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
