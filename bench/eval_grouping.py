"""Grouping precision / recall on stories reported by several outlets (not a test).

    .venv/bin/python bench/eval_grouping.py [--shared ../shared/data] [--site
    newssite/content]

1. ``pages_tppo_excerpts``: hand-checked cross-outlet stories listed (by id) in
   tests/fixtures/grouping/pages_tppo_stories.json; every other excerpt is its own
   story.
2. The offline site: ``syndicated_from`` in newssite/content/articles/*.json is ground
truth.
3. Hand-checked cross-outlet stories in the 2025 bulk corpora
   (tests/fixtures/grouping/bulk_cross_outlet_stories.json) among all their ~10k
   articles.
4. False merges in bulk news: the share of articles of a day-ordered bulk corpus sample
put
   together with another one (pairs are printed for a hand check).

Pairwise precision and recall over article pairs in the same group; follow-ups must not
join.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from review.grouping import Doc, Grouper, pair_scores, site_documents  # noqa: E402


def _group(docs: list[Doc]) -> tuple[dict[int, int], dict[int, object]]:
    g = Grouper()
    g.observe(docs)
    matches = {}
    for d in sorted(docs, key=lambda d: (d.published is None, d.published or 0, d.id)):
        matches[d.id] = g.place(d)
    return dict(g.group_of), matches


def pages(shared: Path) -> None:
    truth_file = json.loads(
        (REPO / "tests/fixtures/grouping/pages_tppo_stories.json").read_text()
    )
    recs = [
        json.loads(line)
        for line in gzip.open(shared / "news/pages_tppo_excerpts.jsonl.gz", "rt")
    ]
    suffix = {r["id"][-8:]: i for i, r in enumerate(recs)}
    truth = {i: i for i in range(len(recs))}
    for k, members in enumerate(truth_file["stories"].values()):
        for m in members:
            truth[suffix[m.lstrip("*")]] = -1 - k
    docs = [Doc.from_news_record(i, r) for i, r in enumerate(recs)]
    predicted, matches = _group(docs)
    p, r, tp, npred, ntrue = pair_scores(predicted, truth)
    print(
        f"pages_tppo_excerpts: {len(recs)} articles, {len(set(truth.values()))} stories; "
        f"pairs predicted {npred}, true {ntrue}, correct {tp}: precision {p:.3f} recall {r:.3f}"
    )
    for fid, story in truth_file["follow_ups"].items():
        i = suffix[fid.lstrip("*")]
        print(f"  follow-up {fid}: {matches[i]}")
    wrong = defaultdict(list)
    for i, gkey in predicted.items():
        wrong[gkey].append(i)
    for members in wrong.values():
        if len(members) > 1 and len({truth[m] for m in members}) > 1:
            print("  merged:", " | ".join(recs[m]["title"][:50] for m in members))


def site(content: Path) -> None:
    files = sorted((content / "articles").glob("*.json"))
    if not files:
        print(f"offline site: no articles under {content}")
        return
    arts = [json.loads(f.read_text()) for f in files]
    docs, truth = site_documents(arts)
    predicted, _ = _group(docs)
    p, r, tp, npred, ntrue = pair_scores(predicted, truth)
    print(
        f"offline site: {len(arts)} articles, {sum(1 for a in arts if a.get('syndicated_from'))} "
        f"syndicated; pairs predicted {npred}, true {ntrue}, correct {tp}: "
        f"precision {p:.3f} recall {r:.3f}"
    )
    by = defaultdict(list)
    for i, gk in predicted.items():
        by[gk].append(i)
    for members in by.values():
        if len(members) > 1 and len({truth[m] for m in members}) > 1:
            print(
                "  merged (not syndication; check by hand):",
                " | ".join(arts[m]["id"] for m in members),
            )


def bulk_stories(shared: Path) -> None:
    """Hand-checked cross-outlet stories in the 2025 bulk corpora, grouped among all
    ~10k
    articles of those corpora; P/R over the labelled articles (a partial labelling)."""
    spec = json.loads(
        (REPO / "tests/fixtures/grouping/bulk_cross_outlet_stories.json").read_text()
    )
    recs = []
    for corpus in spec["corpora"]:
        with gzip.open(shared / f"news/{corpus}.jsonl.gz", "rt") as fh:
            recs += [json.loads(line) for line in fh]
    suffix = {r["id"][-16:]: i for i, r in enumerate(recs)}
    truth = {}
    for k, members in enumerate(spec["stories"].values()):
        for m in members:
            truth[suffix[m.lstrip("*")]] = k
    docs = [Doc.from_news_record(i, r) for i, r in enumerate(recs)]
    t0 = time.perf_counter()
    predicted, _ = _group(docs)
    dt = time.perf_counter() - t0
    p, r, tp, npred, ntrue = pair_scores({i: predicted[i] for i in truth}, truth)
    print(
        f"bulk cross-outlet stories: {len(truth)} labelled articles in {len(spec['stories'])} "
        f"stories among {len(recs)} articles ({dt:.0f}s); pairs predicted {npred}, true "
        f"{ntrue}, correct {tp}: precision {p:.3f} recall {r:.3f}"
    )
    by = defaultdict(list)
    for i in truth:
        by[truth[i]].append(i)
    groups = defaultdict(set)
    for i in truth:
        groups[predicted[i]].add(truth[i])
    names = list(spec["stories"])
    for stories_in_group in groups.values():
        if len(stories_in_group) > 1:
            print("  merged:", " + ".join(names[k] for k in sorted(stories_in_group)))
    for k, members in by.items():
        if len({predicted[m] for m in members}) > 1:
            print(
                "  split:",
                " | ".join(
                    f"{recs[m]['source']}: {recs[m]['title'][:45]}" for m in members
                ),
            )


def bulk(shared: Path, corpus: str, n: int) -> None:
    path = shared / f"news/{corpus}.jsonl.gz"
    recs = []
    with gzip.open(path, "rt") as fh:
        for line in fh:
            recs.append(json.loads(line))
            if len(recs) >= n:
                break
    docs = [Doc.from_news_record(i, r) for i, r in enumerate(recs)]
    t0 = time.perf_counter()
    predicted, matches = _group(docs)
    dt = time.perf_counter() - t0
    by = defaultdict(list)
    for i, gk in predicted.items():
        by[gk].append(i)
    multi = [m for m in by.values() if len(m) > 1]
    print(
        f"{corpus} first {len(recs)}: {len(multi)} groups with >1 article "
        f"({sum(len(m) for m in multi)} articles) in {dt:.1f}s; relations "
        f"{dict(__import__('collections').Counter(m.relation for m in matches.values()))}"
    )
    for members in multi[:40]:
        print(
            "  ",
            " || ".join(
                f"{recs[m]['source']}: {recs[m]['title'][:60]}" for m in members
            ),
        )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--site", type=Path, default=REPO / "newssite" / "content")
    ap.add_argument("--bulk", default="indonews_scrapper_2025")
    ap.add_argument("--bulk-n", type=int, default=3000)
    ap.add_argument("--no-bulk-stories", action="store_true")
    args = ap.parse_args()
    if (args.shared / "news").is_dir():
        pages(args.shared)
    site(args.site)
    if (args.shared / "news").is_dir() and not args.no_bulk_stories:
        bulk_stories(args.shared)
    if args.bulk and (args.shared / "news").is_dir():
        bulk(args.shared, args.bulk, args.bulk_n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
