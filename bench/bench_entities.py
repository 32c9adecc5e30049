"""Benchmark (not a test): incident extraction speed and gazetteer load time, on one core.

    .venv/bin/python bench/bench_entities.py [--csv ../shared/data/gazetteer/wilayah_indonesia.csv]

Figures, each with a baseline measured in the same run:

* gazetteer load: ``load_gazetteer(url)`` from a SQLite file filled by ``pantau gazetteer
  load``, versus just parsing the same CSV with ``csv.DictReader`` (the least any loader does).
* extraction: ``extract_incident`` articles/s with that full gazetteer, versus a naive matcher
  that runs one compiled regex per gazetteer name (the loop the issue forbids), timed on a
  sample and reported as articles/s.

Articles: the labelled real articles in ../shared/data (read only), else the offline-site
content; repeated to at least 1,000 extractions.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from classifier.entities import extract_incident  # noqa: E402
from classifier.gazetteer import load_gazetteer  # noqa: E402
from classifier.gazetteer_cli import load_csv_into_database  # noqa: E402

SHARED = Path(os.environ.get("PANTAU_SHARED_DATA", REPO.parent / "shared" / "data"))


def articles() -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    ids: set[str] = set()
    labels = SHARED / "labels"
    if labels.is_dir():
        for path in labels.glob("*.labels.jsonl"):
            ids |= {
                json.loads(x)["id"]
                for x in path.read_text(encoding="utf-8").splitlines()
                if x
            }
        for path in sorted((SHARED / "news").glob("*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    if row["id"] in ids:
                        out.append(
                            (
                                row.get("title") or "",
                                row.get("text") or "",
                                row.get("published"),
                            )
                        )
    if not out:
        for path in sorted((REPO / "newssite" / "content" / "articles").glob("*.json")):
            doc = json.loads(path.read_text(encoding="utf-8"))
            out.append(
                (
                    doc.get("title", ""),
                    "\n\n".join(doc.get("paragraphs", [])),
                    doc.get("published"),
                )
            )
    return out


def naive_names(gaz) -> list[re.Pattern[str]]:
    names = {p.name_short or p.name for p in gaz.places.values()}
    names |= {row[1] for row in gaz.desa_rows.values()}
    return [re.compile(r"\b" + re.escape(n) + r"\b") for n in names if n]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--csv", type=Path, default=SHARED / "gazetteer" / "wilayah_indonesia.csv"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    import sqlalchemy  # noqa: F401  (imported by the app anyway; not part of the load figure)

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'pantau.db'}"
        if args.csv.is_file():
            rows = load_csv_into_database(args.csv, url)
            t0 = time.perf_counter()
            with args.csv.open(encoding="utf-8", newline="") as fh:
                parsed = sum(1 for _ in csv.DictReader(fh))
            csv_s = time.perf_counter() - t0
        else:
            rows, parsed, csv_s = 0, 0, float("nan")
        loads, load_cpu = [], []
        for _ in range(3):
            load_gazetteer.cache_clear()
            t0, c0 = time.perf_counter(), time.process_time()
            gaz = load_gazetteer(url)
            loads.append(time.perf_counter() - t0)
            load_cpu.append(time.process_time() - c0)
        load_s = min(loads)
        print(f"gazetteer: source={gaz.source} rows={rows} (csv rows {parsed})")
        print(
            f"gazetteer load: {load_s:.3f} s (best of 3; runs {', '.join(f'{x:.3f}' for x in loads)}); "
            f"baseline csv.DictReader parse only: {csv_s:.3f} s; ratio load/baseline = {load_s / csv_s:.2f}"
        )
        print(
            f"gazetteer load CPU time: {min(load_cpu):.3f} s (wall time above includes waiting for the CPU)"
        )

        docs = articles()
        reps = max(1, -(-1000 // max(len(docs), 1)))
        work = (docs * reps)[: max(1000, len(docs))]
        for title, text, pub in docs[:20]:  # warm caches
            extract_incident(title, text, published=pub, gazetteer=gaz)
        t0, c0 = time.perf_counter(), time.process_time()
        for title, text, pub in work:
            extract_incident(title, text, published=pub, gazetteer=gaz)
        fast = len(work) / (time.perf_counter() - t0)
        fast_cpu = len(work) / (time.process_time() - c0)
        chars = sum(len(t) + len(x) for t, x, _ in work) / len(work)

        patterns = naive_names(gaz)
        sample = docs[:5]
        t0, c0 = time.perf_counter(), time.process_time()
        for title, text, _ in sample:
            full = f"{title}\n{text}"
            for pat in patterns:
                pat.search(full)
        naive = len(sample) / (time.perf_counter() - t0)
        naive_cpu = len(sample) / (time.process_time() - c0)
        print(
            f"extraction: {fast:.0f} articles/s over {len(work)} articles (mean {chars:.0f} chars, "
            f"one core); baseline naive regex loop over {len(patterns)} names: {naive:.2f} articles/s; "
            f"ratio = {fast / naive:.0f}x"
        )
        print(
            f"extraction per CPU second: {fast_cpu:.0f} articles/s; baseline {naive_cpu:.2f} "
            f"articles/s; ratio = {fast_cpu / naive_cpu:.0f}x"
        )
        print(
            f"machine load average while running: {os.getloadavg()[0]:.1f} (cores: {os.cpu_count()})"
        )
        load_gazetteer.cache_clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
