"""Benchmark: peak memory and time of the store operations at 10k, 30k and 100k articles.

    .venv/bin/python bench/bench_memory.py [--sizes 10000,30000,100000] [--db-dir DIR]

Synthesises articles, predictions, entities and incidents with bench_queue.fill (plus the URL
table and 64-bit fingerprints the crawler reads), then runs each operation in a fresh process
pinned to one core and reports its peak RSS (VmHWM, reset after start-up) and wall time:

- crawl start-up: ``known_urls()`` (SkipKnownUrlsMiddleware) and ``fingerprints()`` into a
  FingerprintIndex (DedupePipeline), both loaded once per crawl;
- ``iter_articles()`` over every article (exports), in batches;
- the review queue's first page and a province-filtered page (ReviewQueue.list_incidents);
- storing 1,000 more articles through ``upsert_article`` (the StorePipeline's work).

Baseline, measured in the same run: the same process with the store opened and no operation
(imports + engine + migrations check). Ratios are peak / baseline. Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

_PROBE = r"""
import json, os, sys, time
os.sched_setaffinity(0, {int(sys.argv[3])})
sys.path.insert(0, sys.argv[4])

def rss_kib(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1])

from crawler.dedupe import FingerprintIndex
from review.queue import QueueQuery, ReviewQueue
from review.records import ArticleRecord
from review.store import Store
store = Store(sys.argv[1])
store.article_count()
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak to what start-up left resident
before = rss_kib("VmRSS:")
op = sys.argv[2]
t0 = time.perf_counter()
if op == "known_urls":
    n = len(store.known_urls())
elif op == "fingerprints":
    index = FingerprintIndex()
    fps = store.fingerprints()
    for article_id, fp in fps:
        index.add(fp, f"id:{article_id}")
    n = len(fps)
elif op == "iter_articles":
    n = sum(1 for _ in store.iter_articles())
elif op == "queue_page":
    page = ReviewQueue(store).list_incidents(QueueQuery())
    n = len(page.items)
elif op == "queue_province":
    page = ReviewQueue(store).list_incidents(QueueQuery(province="61"))
    n = len(page.items)
elif op == "upsert_1000":
    base = store.article_count() + 10_000_000
    for i in range(1000):
        url = f"https://bench.example/{base + i}"
        store.upsert_article(ArticleRecord(url=url, canonical_url=url, outlet="bench",
                                           title=f"judul {i}", text="isi berita " * 300,
                                           raw_html=os.urandom(2000) + b"<p>x</p>" * 3000))
    n = 1000
else:
    n = 0
elapsed = time.perf_counter() - t0
print(json.dumps({"op": op, "n": n, "seconds": elapsed, "rss_before_kib": before,
                  "peak_kib": rss_kib("VmHWM:")}))
"""

OPS = [
    "baseline",
    "known_urls",
    "fingerprints",
    "iter_articles",
    "queue_page",
    "queue_province",
    "upsert_1000",
]


def build(url: str, n: int) -> float:
    """Fill a store with n synthetic articles; returns seconds taken."""
    import sqlalchemy as sa
    from bench_queue import fill

    from review.schema import article_urls, articles
    from review.store import Store

    t0 = time.perf_counter()
    store = Store(url)
    fill(store, n)
    rnd = random.Random(7)
    with store.engine.begin() as conn:
        urls = conn.execute(sa.select(articles.c.id, articles.c.url)).all()
        ids = [i for i, _ in urls]
        conn.execute(
            article_urls.insert(), [{"url": u, "article_id": i} for i, u in urls]
        )
        conn.execute(
            articles.update()
            .where(articles.c.id == sa.bindparam("aid"))
            .values(fingerprint=sa.bindparam("fp")),
            [{"aid": i, "fp": rnd.getrandbits(63)} for i in ids],
        )
    store.close()
    return time.perf_counter() - t0


def probe(url: str, op: str, core: int) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, url, op, str(core), str(REPO)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=900,
    )
    if out.returncode:
        raise RuntimeError(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,30000,100000")
    parser.add_argument("--db-dir", default=None, help="keep the SQLite files here")
    parser.add_argument("--core", type=int, default=0, help="CPU to pin the probes to")
    parser.add_argument("--json", default=None, help="also write the figures here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    os.sched_setaffinity(0, {args.core})
    tmp = tempfile.TemporaryDirectory()
    folder = Path(args.db_dir or tmp.name)
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, dict[str, float]]] = {}
    for n in sizes:
        path = folder / f"memory_{n}.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            print(f"filling {n:,} articles ...", file=sys.stderr, flush=True)
            print(f"  {build(url, n):.1f}s", file=sys.stderr)
        results[n] = {op: probe(url, op, args.core) for op in OPS}
        results[n]["_db_bytes"] = {"bytes": path.stat().st_size}
    print(
        f"{'articles':>9} {'operation':<15} {'peak MiB':>9} {'x base':>7} {'+MiB':>7} "
        f"{'seconds':>8} {'rows':>8}"
    )
    for n, ops in results.items():
        base = ops["baseline"]["peak_kib"]
        for op in OPS:
            r = ops[op]
            print(
                f"{n:>9,} {op:<15} {r['peak_kib'] / 1024:9.1f} {r['peak_kib'] / base:7.2f} "
                f"{(r['peak_kib'] - base) / 1024:7.1f} {r['seconds']:8.3f} {r['n']:>8,}"
            )
        print(
            f"{n:>9,} {'sqlite file':<15} {ops['_db_bytes']['bytes'] / 2**20:9.1f} MiB "
            f"(no raw HTML)"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
