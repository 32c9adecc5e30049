"""Benchmark: queue page latency with 100,000 articles in the store (target p50 < 200
ms).

    .venv/bin/python bench/bench_queue.py [--articles 100000] [--seconds 10] [--db PATH]

Fills a SQLite store (bulk inserts of generated articles, predictions and entities;
incidents
and their cached columns computed by the queue's own ``_cache``), starts ``pantau
serve`` on a
free 127.0.0.1 port, logs in over HTTP and measures the logged-in queue page with
``wrk``
(Debian package; one thread, ``--connections`` connections, default 4) or, without wrk, a bounded httpx loop.
Pages:
first page, most-uncertain-first, a province filter, and a page 1,000 pages deep (keyset
cursor). Not a test.

Baseline, measured in the same run: the same deep page fetched the naive way, with
LIMIT/OFFSET (SQL only), against the keyset query the app uses.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from review.queue import QueueQuery, ReviewQueue  # noqa: E402
from review.queue_schema import incident_articles, incident_facets, incidents  # noqa: E402
from review.schema import articles, entities, predictions  # noqa: E402
from review.store import Store  # noqa: E402
from review.users import Users  # noqa: E402

PROVINCES = [
    "11",
    "12",
    "13",
    "14",
    "16",
    "17",
    "18",
    "21",
    "31",
    "32",
    "33",
    "35",
    "36",
    "51",
    "52",
    "53",
    "61",
    "62",
    "63",
    "64",
    "65",
    "71",
    "73",
    "74",
    "81",
    "94",
]
MODUS = [
    "irregular_migrant_work",
    "sexual_exploitation",
    "online_scam",
    "contract_marriage",
    "fishing_crew",
    "child_trafficking",
    "forced_labor",
    "organ_trade",
]
OUTLETS = [f"outlet_{i:02d}" for i in range(40)]
WORDS = [
    "polisi",
    "menggagalkan",
    "pengiriman",
    "calon",
    "pekerja",
    "migran",
    "ilegal",
    "ke",
    "malaysia",
    "korban",
    "perdagangan",
    "orang",
    "tersangka",
    "perekrut",
    "dijanjikan",
    "gaji",
    "pelabuhan",
    "kapal",
    "bandara",
    "ditahan",
    "diselamatkan",
    "keluarga",
    "desa",
    "kabupaten",
    "kota",
    "provinsi",
    "jaringan",
    "sindikat",
]
SECRET = "bench-" + "Qm7Zr2Lx9Vt4Nc8Hp3Wd6Ks1Bf5Gj0Ya"
PASSWORD = "bench password 123"


def fill(store: Store, n: int, seed: int = 3) -> None:
    rnd = random.Random(seed)
    queue = ReviewQueue(store)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    start = datetime(2023, 1, 1, tzinfo=UTC)
    batch = 5000
    with store.engine.begin() as conn:
        next_id = 1
        while next_id <= n:
            arts, preds, ents, incs, links, facets = [], [], [], [], [], []
            for i in range(next_id, min(n, next_id + batch - 1) + 1):
                published = start + timedelta(minutes=rnd.randrange(0, 60 * 24 * 1400))
                title = (
                    " ".join(rnd.choice(WORDS) for _ in range(9)).capitalize() + f" {i}"
                )
                text = " ".join(rnd.choice(WORDS) for _ in range(120))
                outlet = rnd.choice(OUTLETS)
                score = rnd.random()
                prov = rnd.choice(PROVINCES)
                modus = [rnd.choice(MODUS)]
                url = f"https://{outlet}.example/{i}"
                arts.append(
                    {
                        "id": i,
                        "canonical_url": url,
                        "url": url,
                        "outlet": outlet,
                        "title": title,
                        "text": text,
                        "content_sha256": f"{i:064x}",
                        "published": published.isoformat(timespec="seconds"),
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                preds.append(
                    {
                        "article_id": i,
                        "model_version": "bench",
                        "tppo_score": score,
                        "is_tppo": score >= 0.5,
                        "modus": json.dumps(modus),
                        "evidence": "[]",
                        "created_at": now,
                    }
                )
                loc = [{"name": prov, "code": f"{prov}.01", "role": "origin"}]
                counts = {
                    "victims": {"value": rnd.randint(1, 60), "qualifier": "exact"}
                }
                ents.append(
                    {
                        "article_id": i,
                        "kind": "incident",
                        "locations": json.dumps(loc),
                        "counts": json.dumps(counts),
                        "dates": "{}",
                        "created_at": now,
                    }
                )
                source = {
                    "article_id": i,
                    "url": url,
                    "outlet": outlet,
                    "title": title,
                    "published": arts[-1]["published"],
                    "tppo_score": score,
                    "modus": modus,
                    "evidence": [],
                    "kind": "incident",
                    "locations": loc,
                    "counts": counts,
                }
                values, facet_rows = queue._cache([source], {})
                status = rnd.choices(
                    ["new", "in_review", "confirmed", "rejected"], [70, 5, 15, 10]
                )[0]
                incs.append(
                    {
                        "id": i,
                        "status": status,
                        "is_open": int(status in ("new", "in_review")),
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                        "confirmed_at": now if status == "confirmed" else None,
                        **values,
                    }
                )
                links.append(
                    {
                        "article_id": i,
                        "incident_id": i,
                        "relation": "original",
                        "added_at": now,
                    }
                )
                facets += [
                    {"incident_id": i, "facet": f, "value": v} for f, v in facet_rows
                ]
            conn.execute(articles.insert(), arts)
            conn.execute(predictions.insert(), preds)
            conn.execute(entities.insert(), ents)
            conn.execute(incidents.insert(), incs)
            conn.execute(incident_articles.insert(), links)
            conn.execute(incident_facets.insert(), facets)
            next_id += batch
    with store.engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def login(base: str) -> str:
    with httpx.Client(base_url=base) as c:
        page = c.get("/login")
        token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
        r = c.post(
            "/login",
            data={
                "email": "bench@example.org",
                "password": PASSWORD,
                "login_token": token,
            },
        )
        if r.status_code != 303:
            raise RuntimeError(f"login failed: {r.status_code}")
        return c.cookies["pantau_session"]


LUA = """
done = function(summary, latency, requests)
  io.write(string.format("PCT %f %f %d %d\\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, summary.requests, summary.errors.status))
end
"""


def measure_wrk(
    url: str, cookie: str, seconds: int, script: Path, connections: int = 4
) -> tuple[float, float, int]:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-s",
            str(script),
            "-H",
            f"Cookie: pantau_session={cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = re.search(r"PCT ([\d.]+) ([\d.]+) (\d+) (\d+)", out)
    if not m or int(m.group(4)):
        raise RuntimeError(f"wrk failed or got error statuses:\n{out}")
    return float(m.group(1)), float(m.group(2)), int(m.group(3))


def measure_httpx(url: str, cookie: str, seconds: int) -> tuple[float, float, int]:
    times: list[float] = []
    deadline = time.monotonic() + seconds
    with httpx.Client(cookies={"pantau_session": cookie}) as c:
        while time.monotonic() < deadline and len(times) < 2000:
            t0 = time.perf_counter()
            r = c.get(url)
            r.raise_for_status()
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], len(times)


def sql_baseline(store: Store, depth: int, page: int = 50) -> tuple[float, float]:
    """Median ms of the deep page by OFFSET (naive) and by keyset (what the app does)."""
    queue = ReviewQueue(store)
    q = QueueQuery(limit=page)
    for _ in range(depth):
        q.cursor = queue.list_incidents(q).next_cursor
    cursor = q.cursor
    cols = [incidents.c.id, incidents.c.headline, incidents.c.score]
    naive = (
        sa.select(*cols)
        .where(incidents.c.is_open == 1)
        .order_by(incidents.c.score.desc(), incidents.c.id.desc())
        .offset(depth * page)
        .limit(page)
    )
    offset_ms, keyset_ms = [], []
    with store.engine.connect() as conn:
        for _ in range(15):
            t0 = time.perf_counter()
            conn.execute(naive).all()
            conn.execute(
                sa.select(sa.func.count())
                .select_from(incidents)
                .where(incidents.c.is_open == 1)
            ).scalar()
            offset_ms.append((time.perf_counter() - t0) * 1000)
    for _ in range(15):
        t0 = time.perf_counter()
        queue.list_incidents(QueueQuery(limit=page, cursor=cursor))
        keyset_ms.append((time.perf_counter() - t0) * 1000)
    return statistics.median(offset_ms), statistics.median(keyset_ms)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--seconds", type=int, default=10)
    ap.add_argument("--db", default=None, help="reuse or create this SQLite file")
    ap.add_argument(
        "--connections", type=int, default=4, help="wrk connections (1 = no queueing)"
    )
    ap.add_argument(
        "--depth", type=int, default=1000, help="pages deep for the deep page"
    )
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="pantau-bench-")
    db = Path(args.db or Path(tmp) / "bench.db")
    url = f"sqlite:///{db}"
    store = Store(url)
    if store.article_count() < args.articles:
        t0 = time.perf_counter()
        fill(store, args.articles)
        print(
            f"filled {args.articles} articles + incidents in {time.perf_counter() - t0:.0f}s"
        )
    if not any(u["email"] == "bench@example.org" for u in Users(store).list()):
        Users(store).add("bench@example.org", PASSWORD, "reviewer")
    print(f"store: {store.article_count()} articles at {db}")
    port = free_port()
    env = {**os.environ, "PANTAU_SECRET_KEY": SECRET, "PANTAU_DATABASE_URL": url}
    cmd = [
        sys.executable,
        "-m",
        "pantau.cli",
        "serve",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]  # the server gets one core
    server = subprocess.Popen(cmd, env=env, cwd=tmp)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        cookie = login(base)
        with httpx.Client(base_url=base, cookies={"pantau_session": cookie}) as c:
            cursor = None
            for _ in range(args.depth):
                data = c.get(
                    "/api/incidents",
                    params={"limit": 50, **({"cursor": cursor} if cursor else {})},
                ).json()
                cursor = data["next_cursor"]
            total = data["total"]
        pages = {
            "first page (pending, score)": "/queue",
            "most uncertain first": "/queue?sort=uncertain",
            "province filter (61)": "/queue?province=61",
            f"{args.depth} pages deep (keyset)": f"/queue?cursor={cursor}",
            "all statuses, newest": "/queue?status=all&sort=newest",
        }
        tool = (
            f"wrk -t1 -c{args.connections}"
            if shutil.which("wrk")
            else "httpx loop (1 connection)"
        )
        script = Path(tmp) / "pct.lua"
        script.write_text(LUA)
        print(
            f"pending incidents: {total}; load tool: {tool}, {args.seconds}s per page"
        )
        p50s = []
        for name, path in pages.items():
            if shutil.which("wrk"):
                p50, p95, n = measure_wrk(
                    base + path, cookie, args.seconds, script, args.connections
                )
            else:
                p50, p95, n = measure_httpx(base + path, cookie, args.seconds)
            p50s.append(p50)
            print(f"  {name:<32} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({n} requests)")
        worst = max(p50s)
        print(
            f"target p50 < 200 ms on every page: {'PASS' if worst < 200 else 'FAIL'} "
            f"(worst p50 {worst:.1f} ms)"
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    offset_ms, keyset_ms = sql_baseline(store, args.depth)
    print(
        f"baseline: page {args.depth} by LIMIT/OFFSET {offset_ms:.1f} ms vs keyset "
        f"{keyset_ms:.1f} ms (query + count) -> ratio {offset_ms / keyset_ms:.1f}x"
    )
    store.close()
    if not args.db:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
