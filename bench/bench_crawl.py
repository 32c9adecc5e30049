"""Crawl throughput of the bundled offline site with the whole pipeline vs `scrapy bench`.

Both run on this machine in the same invocation. `scrapy bench` crawls Scrapy's own local
link farm with no item processing and reports its steady-state rate; ours fetches feeds,
sitemaps, listings and articles, then extracts, deduplicates, classifies, extracts places and
counts, and writes to SQLite. The bundled site has only ~110 pages, where start-up and the
idle-close check dominate, so ``--scale N`` serves every article N times (as distinct stories)
to measure a steady state too.

The crawl runs as `pantau crawl` would: with ``PANTAU_ANALYSIS_WORKERS=auto`` (two analysis
worker processes on a machine with two or more cores, crawler/analysis.py), and again with all work in the one crawl
process for reference. The offline site's server runs in this process, so the crawl, its
worker and the server share the machine's cores, as `scrapy bench` shares them with its own
server. An untimed first crawl fills the site's page cache.

    .venv/bin/python bench/bench_crawl.py [--runs 3] [--scale 8]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

_CRAWL = """
import json, sys
from crawler.registry import load_registry, select
from crawler.runner import run_crawl
from review import Store
db, site = sys.argv[1], sys.argv[2]
Store(db).close()
report = run_crawl(select(load_registry(), None, offline=True), site_url=site, database_url=db,
                   overrides={"LOG_LEVEL": "WARNING"})
pages = report.total("response_received_count")
elapsed = max(float(s.get("elapsed_time_seconds", 0)) for s in report.stats.values())
print(json.dumps({"pages": pages, "elapsed": elapsed,
                  "articles": report.total("pantau/store/saved")}))
"""


def scrapy_bench(seconds: int) -> float:
    """Pages/s of `scrapy bench` at steady state (median of its per-interval rates)."""
    out = subprocess.run(
        [str(REPO / ".venv/bin/scrapy"), "bench", "-s", "LOGSTATS_INTERVAL=1",
         "-s", f"CLOSESPIDER_TIMEOUT={seconds}"],
        capture_output=True, text=True, cwd=tempfile.gettempdir(), timeout=seconds + 60,
    )
    rates = [int(m) for m in re.findall(r"\(at (\d+) pages/min\)", out.stderr)]
    rates = [r for r in rates[2:] if r > 0] or rates
    if not rates:
        raise RuntimeError("scrapy bench printed no rate:\n" + out.stderr[-2000:])
    return statistics.median(rates) / 60.0


def pantau_crawl(site_url: str, workers: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/bench.db"
        env = {**os.environ, "PANTAU_ANALYSIS_WORKERS": workers}
        out = subprocess.run([sys.executable, "-c", _CRAWL, db, site_url], capture_output=True,
                             text=True, cwd=tmp, timeout=600, env=env)
        if out.returncode:
            raise RuntimeError(out.stderr[-3000:])
        return json.loads(out.stdout.strip().splitlines()[-1])


def scaled_content(n: int, into: Path) -> Path:
    """A content folder with every bundled article n times under distinct ids."""
    from newssite.content import CONTENT_DIR

    for path in CONTENT_DIR.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        for k in range(n):
            copy = dict(data, id=f"{data['id']}-{k}" if k else data["id"])
            if k:
                copy["title"] = f"Seri {k}: {data['title']}"
            (into / f"{copy['id']}.json").write_text(json.dumps(copy), encoding="utf-8")
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--bench-seconds", type=int, default=10)
    parser.add_argument("--scale", type=int, default=1,
                        help="serve every bundled article this many times")
    args = parser.parse_args()
    from crawler.analysis import usable_cores, worker_count
    from newssite.server import start_site

    baseline = scrapy_bench(args.bench_seconds)
    results: dict[str, list[dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as content:
        folder = scaled_content(args.scale, Path(content)) if args.scale > 1 else None
        site = start_site(content_dir=folder)
        try:
            # untimed: renders every page into the server's cache, so that the timed runs
            # measure the crawler rather than the site's template engine
            pantau_crawl(site.base_url, "0")
            for workers in ("auto", "0"):
                results[workers] = [pantau_crawl(site.base_url, workers) for _ in range(args.runs)]
        finally:
            site.stop()

    def rate(runs: list[dict[str, float]]) -> float:
        return statistics.median(r["pages"] / r["elapsed"] for r in runs if r["elapsed"])

    ours, in_process = rate(results["auto"]), rate(results["0"])
    first = results["auto"][0]
    print(f"machine: {usable_cores()} usable cores; analysis workers (auto): "
          f"{worker_count('auto')}")
    print(f"scrapy bench (baseline, no processing): {baseline:8.1f} pages/s")
    print(f"pantau crawl, whole pipeline:           {ours:8.1f} pages/s "
          f"({first['pages']} pages, {first['articles']} articles per run, "
          f"median of {args.runs})")
    print(f"  same, all in the crawl process:       {in_process:8.1f} pages/s")
    print(f"ratio pantau / scrapy bench:            {ours / baseline:8.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
