"""Benchmark: review-queue page latency on PostgreSQL at 10k, 30k and 100k articles.

    .venv/bin/python bench/bench_queue_pg.py [--sizes 10000,30000,100000]
        [--database-url postgresql+psycopg://pantau:pantau@127.0.0.1:55432/pantau_test]

Fills a fresh PostgreSQL schema and a SQLite file with the same synthetic queue
(bench_queue.fill: articles, predictions, entities, incidents), then times the queue's own
query (ReviewQueue.list_incidents, what the web app's queue page runs) for the first page,
most-uncertain-first, a province filter and a page 1,000 pages deep (keyset cursor).
Baseline, measured in the same run: the same pages on SQLite. bench_queue.py measures the
page over HTTP on SQLite; this one isolates the database. The client is pinned to one core;
the PostgreSQL server (started by .ci/services.sh) is not. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import sqlalchemy as sa  # noqa: E402
from bench_queue import fill, sql_baseline  # noqa: E402

from review.queue import QueueQuery, ReviewQueue  # noqa: E402
from review.store import Store  # noqa: E402
from tests.scale.services import DATABASE_URL as DEFAULT_PG  # noqa: E402


def median_ms(fn, repeat: int = 15) -> float:
    fn()  # warm the cache, as a page the reviewer reloads
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def pages(store: Store, depth: int) -> dict[str, float]:
    queue = ReviewQueue(store)
    q = QueueQuery(limit=50)
    for _ in range(depth):
        q.cursor = queue.list_incidents(q).next_cursor
    deep = q.cursor
    return {
        "first page": median_ms(lambda: queue.list_incidents(QueueQuery())),
        "most uncertain": median_ms(
            lambda: queue.list_incidents(QueueQuery(sort="uncertain"))
        ),
        "province 61": median_ms(
            lambda: queue.list_incidents(QueueQuery(province="61"))
        ),
        f"{depth} pages deep": median_ms(
            lambda: queue.list_incidents(QueueQuery(limit=50, cursor=deep))
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--database-url", default=DEFAULT_PG)
    parser.add_argument("--core", type=int, default=0)
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.core})
    tmp = tempfile.TemporaryDirectory()
    base = sa.engine.make_url(args.database_url)
    admin = sa.create_engine(base)
    print(
        f"{'articles':>9} {'page':<18} {'PostgreSQL ms':>13} {'SQLite ms':>10} {'PG/SQLite':>9}"
    )
    for n in [int(s) for s in args.sizes.split(",")]:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        try:
            pg_url = base.update_query_dict({"options": f"-csearch_path={schema}"})
            pg = Store(pg_url.render_as_string(hide_password=False))
            lite = Store(f"sqlite:///{tmp.name}/q{n}.db")
            for store in (pg, lite):
                t0 = time.perf_counter()
                fill(store, n)
                print(
                    f"  filled {store.engine.dialect.name} with {n:,} in "
                    f"{time.perf_counter() - t0:.0f}s",
                    file=sys.stderr,
                    flush=True,
                )
            depth = min(1000, int(n * 0.7) // 50 - 2)
            on_pg, on_lite = pages(pg, depth), pages(lite, depth)
            for name, ms in on_pg.items():
                print(
                    f"{n:>9,} {name:<18} {ms:13.1f} {on_lite[name]:10.1f} "
                    f"{ms / on_lite[name]:9.2f}"
                )
            offset_ms, keyset_ms = sql_baseline(pg, depth)
            print(
                f"{n:>9,} PostgreSQL, {depth} pages deep: OFFSET {offset_ms:.1f} ms vs "
                f"keyset {keyset_ms:.1f} ms ({offset_ms / keyset_ms:.2f}x)"
            )
            pg.close()
            lite.close()
        finally:
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    return 0


if __name__ == "__main__":
    sys.exit(main())
