"""Benchmark: group 10,000 new articles into incidents (target < 30 s). Not a test.

    .venv/bin/python bench/bench_grouping.py [--n 10000] [--baseline-n 1000]

Articles are real bulk news from ../shared/data/news when present (read in place,
written only
to a temporary SQLite store), else generated text with planted syndicated copies. The
timed run
is ``ReviewQueue.group_new()`` end to end: reading candidates, MinHash + LSH, same-event
matching, writing incidents, sources, signatures and facets.

Baseline, measured in the same run: the naive approach that compares every new article
with
every earlier one by exact shingle Jaccard. It is timed on ``--baseline-n`` articles and
scaled quadratically to ``--n`` (its cost is pairs); the grouper is also timed on the
same
``--baseline-n`` articles for a like-for-like ratio.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from review.grouping import SHINGLE, Doc, Grouper, tokens  # noqa: E402
from review.queue import Candidate, ReviewQueue  # noqa: E402
from review.records import ArticleRecord, EntitiesRecord, PredictionRecord  # noqa: E402
from review.store import Store  # noqa: E402

SHARED = REPO.parent / "shared" / "data" / "news"
CORPORA = (
    "indonews_scrapper_2025",
    "kompas_trending_2025",
    "detik_summ_2025",
    "clickid_2019",
)


def load_articles(n: int, seed: int = 1) -> tuple[list[dict], str]:
    rows: list[dict] = []
    if SHARED.is_dir():
        for corpus in CORPORA:
            path = SHARED / f"{corpus}.jsonl.gz"
            if not path.exists():
                continue
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                for line in fh:
                    r = json.loads(line)
                    rows.append(
                        {
                            "title": r["title"],
                            "text": r["text"],
                            "url": r["url"] or f"https://{r['source']}/{r['id']}",
                            "outlet": r["source"],
                            "published": r["published"] or None,
                        }
                    )
                    if len(rows) >= n:
                        return rows, "shared bulk news"
    rnd = random.Random(seed)
    vocab = [f"kata{i}" for i in range(5000)]
    while len(rows) < n:
        i = len(rows)
        if i > 10 and rnd.random() < 0.1:
            src = rows[rnd.randrange(len(rows))]
            rows.append(
                {
                    **src,
                    "title": "Salinan " + src["title"],
                    "url": f"https://copy/{i}",
                    "outlet": "copy",
                }
            )
            continue
        words = [rnd.choice(vocab) for _ in range(rnd.randint(150, 500))]
        rows.append(
            {
                "title": " ".join(words[:8]),
                "text": " ".join(words),
                "url": f"https://gen/{i}",
                "outlet": f"o{i % 9}",
                "published": f"2025-06-{1 + i % 28:02d}",
            }
        )
    return rows, "generated text"


def fill_store(store: Store, rows: list[dict]) -> None:
    rnd = random.Random(2)
    queue = ReviewQueue(store)
    cands = []
    for i, r in enumerate(rows):
        url = f"{r['url']}#{i}" if not r["url"].startswith("http") else r["url"]
        score = rnd.random()
        cands.append(
            Candidate(
                ArticleRecord(
                    url=url,
                    canonical_url=f"{url}?bench={i}",
                    outlet=r["outlet"],
                    title=r["title"],
                    text=r["text"],
                    published=r["published"],
                ),
                PredictionRecord(
                    "bench", score, score >= 0.5, ("irregular_migrant_work",), ()
                ),
                EntitiesRecord("incident", [], {}),
            )
        )
    queue.add_candidates(cands)


def naive_pairs(rows: list[dict]) -> float:
    """Compare each article with every earlier one by exact shingle Jaccard (the baseline)."""
    start = time.perf_counter()
    sets = []
    for r in rows:
        w = tokens(r["title"] + "\n" + r["text"])
        sets.append(
            {tuple(w[i : i + SHINGLE]) for i in range(max(1, len(w) - SHINGLE + 1))}
        )
    for i, a in enumerate(sets):
        for b in sets[:i]:
            inter = len(a & b)
            _ = inter / (len(a) + len(b) - inter or 1)
    return time.perf_counter() - start


def grouper_only(rows: list[dict]) -> float:
    start = time.perf_counter()
    docs = [Doc(i, r["title"], r["text"], r["url"]) for i, r in enumerate(rows)]
    g = Grouper()
    g.observe(docs)
    for d in docs:
        g.place(d)
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--baseline-n", type=int, default=1_000)
    args = ap.parse_args()
    rows, source = load_articles(args.n)
    print(f"{len(rows)} articles from {source}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        t0 = time.perf_counter()
        fill_store(store, rows)
        print(f"store filled in {time.perf_counter() - t0:.1f}s (not timed below)")
        queue = ReviewQueue(store, min_score=0.0)
        t0 = time.perf_counter()
        report = queue.group_new()
        took = time.perf_counter() - t0
        store.close()
    print(
        f"group_new: {report.articles} articles -> {report.new_incidents} incidents "
        f"in {took:.2f}s ({report.articles / took:.0f} articles/s); relations "
        f"{report.relations}; target < 30 s: {'PASS' if took < 30 else 'FAIL'}"
    )
    sub = rows[: args.baseline_n]
    naive = naive_pairs(sub)
    ours = grouper_only(sub)
    scaled = naive * (len(rows) / len(sub)) ** 2
    print(
        f"baseline (all pairs, exact Jaccard) on {len(sub)}: {naive:.2f}s; grouper on the "
        f"same {len(sub)}: {ours:.2f}s -> ratio {naive / ours:.1f}x"
    )
    print(
        f"baseline scaled to {len(rows)} (x{(len(rows) / len(sub)) ** 2:.0f} pairs): "
        f"~{scaled:.0f}s vs group_new {took:.1f}s -> ratio ~{scaled / took:.0f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
