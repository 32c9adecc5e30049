"""Benchmark: the shipped TPPO classifier against a plain TF-IDF + LogisticRegression.

Not a test. Pinned to one CPU core; both models see the same real articles from
../shared/data/news in the same run, and the script prints our figure, the baseline's and the
ratio for: analyze throughput (articles/s, full JSONL path and the classify call alone),
model load time, artifact size. Targets (issue 3): >= 500 articles/s, load <= 2 s, <= 50 MB.

    .venv/bin/python bench/bench_classifier.py [--articles 3000] [--model-dir VERSION]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import gzip  # noqa: E402
import io  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import joblib  # noqa: E402
from sklearn.feature_extraction.text import TfidfVectorizer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from classifier import artifacts  # noqa: E402
from classifier.analyze import analyze_lines  # noqa: E402
from classifier.predict import load_classifier  # noqa: E402
from classifier.text import STRICT_TPPO, join_title_text  # noqa: E402

SHARED = Path(os.environ.get("PANTAU_SHARED_DATA", REPO.parent / "shared" / "data"))


def _articles(n: int) -> list[dict[str, str]]:
    """Real articles, round-robin over the corpora so lengths and outlets are mixed."""
    paths = sorted((SHARED / "news").glob("*.jsonl.gz"))
    if not paths:
        sys.exit(f"no corpora under {SHARED}/news; this benchmark needs ../shared/data")
    streams = [gzip.open(p, "rt", encoding="utf-8") for p in paths]
    out: list[dict[str, str]] = []
    for line in itertools.chain.from_iterable(itertools.zip_longest(*streams)):
        if line is None:
            continue
        rec = json.loads(line)
        out.append({"id": rec["id"], "title": rec["title"], "text": rec["text"]})
        if len(out) >= n:
            break
    for s in streams:
        s.close()
    return out


def _best_of(runs: int, fn) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--model-dir", default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    articles = _articles(args.articles)
    docs = [join_title_text(a["title"], a["text"]) for a in articles]
    jsonl = "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles)
    print(f"{len(articles)} real articles, mean {sum(map(len, docs)) // len(docs)} chars, 1 core")

    # --- ours ---------------------------------------------------------------------------
    model_dir = artifacts.resolve_model_dir(args.model_dir)
    size = (model_dir / artifacts.PIPELINE_FILE).stat().st_size
    load_s = _best_of(args.runs, lambda: load_classifier(args.model_dir))
    clf = load_classifier(args.model_dir)
    pairs = [(a["title"], a["text"]) for a in articles]

    def classify() -> None:
        for i in range(0, len(pairs), 256):
            clf.predict_many(pairs[i : i + 256])

    def analyze() -> None:
        analyze_lines(io.StringIO(jsonl), clf, io.StringIO(), io.StringIO())

    ours_classify = len(pairs) / _best_of(args.runs, classify)
    ours_analyze = len(pairs) / _best_of(args.runs, analyze)

    # --- baseline: plain TfidfVectorizer + LogisticRegression, defaults -----------------
    labels = [bool(STRICT_TPPO.search(d)) for d in docs]  # any labels: only speed/size matter
    if not any(labels):
        labels[0] = True
    baseline = make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000))
    baseline.fit(docs, labels)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "baseline.joblib"
        joblib.dump(baseline, path, compress=3)
        base_size = path.stat().st_size
        base_load_s = _best_of(args.runs, lambda: joblib.load(path))

    def base_classify() -> None:
        for i in range(0, len(docs), 256):
            baseline.predict_proba(docs[i : i + 256])

    lines = jsonl.rstrip("\n").split("\n")  # not splitlines(): U+2028 may sit in a text

    def base_analyze() -> None:
        out = io.StringIO()
        for i in range(0, len(lines), 256):
            chunk = [json.loads(line) for line in lines[i : i + 256]]
            scores = baseline.predict_proba([join_title_text(r["title"], r["text"]) for r in chunk])
            for r, s in zip(chunk, scores[:, 1], strict=True):
                out.write(json.dumps({"id": r["id"], "tppo_score": float(s)}) + "\n")

    base_classify_rate = len(docs) / _best_of(args.runs, base_classify)
    base_analyze_rate = len(docs) / _best_of(args.runs, base_analyze)

    rows = [
        ("analyze, articles/s (JSONL in/out)", ours_analyze, base_analyze_rate, ">= 500"),
        ("classify, articles/s (predict_many)", ours_classify, base_classify_rate, ""),
        ("model load, s", load_s, base_load_s, "<= 2"),
        ("artifact, MB", size / 1e6, base_size / 1e6, "<= 50"),
    ]
    print(f"model {clf.version} ({model_dir})")
    print(f"{'':38} {'ours':>10} {'baseline':>10} {'ratio':>7}  target")
    for name, ours, base, target in rows:
        print(f"{name:38} {ours:>10.2f} {base:>10.2f} {ours / base:>7.2f}  {target}")
    print("baseline = make_pipeline(TfidfVectorizer(), LogisticRegression()) fitted in this run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
