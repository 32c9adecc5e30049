"""Benchmark: end-to-end articles per second on one core, stage by stage.

    .venv/bin/python bench/bench_e2e.py [--rounds 3]

For every article of the offline site (all its pages), in one process pinned to one core,
with the site's server thread on the same core:

    fetch (HTTP on loopback) -> extract (crawler.extract) -> fingerprint (simhash)
    -> classify (models/CURRENT) -> places/counts/dates (classifier.entities) -> store (SQLite)

Baseline, measured in the same run: fetch + store only (the raw page stored as it came, no
extraction, no model), i.e. what a crawler that only archives pages would cost. Prints
articles per CPU-second for both (the site's server thread included; wall-clock rates beside,
which a busy shared machine inflates), the ratio, and each stage's share. Scrapy's scheduling overhead is in
bench_crawl.py / bench_distributed.py, not here. Not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.dedupe import simhash  # noqa: E402
from crawler.extract import ExtractionHints, extract_article, join_pages  # noqa: E402
from crawler.registry import load_registry, select  # noqa: E402
from newssite.content import load_articles  # noqa: E402
from newssite.urls import article_page_paths  # noqa: E402
from review import ArticleRecord, EntitiesRecord, PredictionRecord, Store  # noqa: E402


def _hints_by_prefix(site_url: str) -> dict[str, ExtractionHints]:
    out = {}
    for source in select(load_registry(), None, offline=True):
        src = source.resolve(site_url)
        prefix = "/" + src.start_urls[0].split("/", 3)[-1].split("/", 1)[0] + "/"
        out[prefix] = ExtractionHints(
            family=src.family,
            outlet=src.name,
            timezone=src.timezone,
            now=datetime.now(ZoneInfo(src.timezone)),
            min_body_chars=src.min_body_chars,
        )
    return out


def _save(store, url, art, text, published, raw, fp, pred, incident) -> None:
    """Article, prediction and entities: the StorePipeline's three writes."""
    article_id, _ = store.upsert_article(
        ArticleRecord(
            url=url,
            canonical_url=art.canonical_url,
            outlet=art.outlet,
            title=art.title,
            text=text,
            published=published,
            dateline=art.dateline,
            language=art.language,
            extraction_method=art.method,
            raw_html=raw,
            fingerprint=fp,
        )
    )
    if pred is not None:
        store.save_prediction(
            article_id,
            PredictionRecord(
                model_version=pred.model_version,
                tppo_score=pred.tppo_score,
                is_tppo=pred.is_tppo,
                modus=tuple(getattr(pred, "modus", ()) or ()),
            ),
        )
    e = incident.to_dict()
    store.save_entities(
        article_id,
        EntitiesRecord(
            kind=e.get("kind"),
            locations=e.get("locations", []),
            counts=e.get("counts", {}),
            dates=e.get("dates", {}),
        ),
    )


def run(site_url: str, full: bool, classifier, db: str) -> tuple[int, dict[str, float]]:
    """One pass over every article; returns (articles stored, seconds per stage)."""
    from classifier.entities import extract_incident

    hints = _hints_by_prefix(site_url)
    spent: dict[str, float] = defaultdict(float)
    stored = 0
    store = Store(db)

    def timed(stage, fn, *args, **kwargs):
        t0 = time.process_time()
        result = fn(*args, **kwargs)
        spent[stage] += time.process_time() - t0
        return result

    for article in load_articles():
        paths = article_page_paths(article)
        bodies = [
            timed("fetch", lambda p: urllib.request.urlopen(site_url + p).read(), p)
            for p in paths
        ]
        url = site_url + paths[0]
        if not full:
            timed(
                "store",
                store.upsert_article,
                ArticleRecord(
                    url=url,
                    canonical_url=url,
                    outlet=article.outlet,
                    title=url,
                    text=bodies[0].decode("utf-8", "replace"),
                    raw_html=bodies[0],
                ),
            )
            stored += 1
            continue
        h = next(
            (v for k, v in hints.items() if paths[0].startswith(k)), ExtractionHints()
        )
        pages = [
            timed("extract", extract_article, b, site_url + p, h)
            for b, p in zip(bodies, paths, strict=True)
        ]
        if pages[0] is None:
            continue
        art = timed("extract", join_pages, pages[0], [p for p in pages[1:] if p])
        text = "\n\n".join(art.paragraphs)
        fp = timed("fingerprint", simhash, f"{art.title}\n{text}")
        pred = (
            timed("classify", classifier.predict, art.title, text)
            if classifier
            else None
        )
        published = art.published.isoformat() if art.published else None
        incident = timed(
            "entities", extract_incident, art.title, text, published=published
        )

        timed(
            "store",
            _save,
            store,
            url,
            art,
            text,
            published,
            bodies[0],
            fp,
            pred,
            incident,
        )
        stored += 1
    store.close()
    return stored, dict(spent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--core", type=int, default=0)
    args = parser.parse_args()
    os.sched_setaffinity(0, {args.core})
    from newssite.server import start_site

    try:
        from classifier import load_classifier

        classifier = load_classifier()
    except Exception as exc:  # noqa: BLE001 - reported; the rest still runs
        print(f"no classifier ({exc}); classify stage skipped", file=sys.stderr)
        classifier = None
    from classifier.entities import extract_incident

    extract_incident("", "")  # gazetteer loaded once, as the crawler's warm-up does
    site = start_site(latency=0.0)
    rates: dict[bool, list[float]] = {False: [], True: []}  # articles per CPU-second
    walls: dict[bool, list[float]] = {False: [], True: []}  # articles per wall second
    stages: dict[str, list[float]] = defaultdict(list)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for r in range(args.rounds):
                for full in (False, True):
                    t0, w0 = time.process_time(), time.perf_counter()
                    n, spent = run(
                        site.base_url,
                        full,
                        classifier,
                        f"sqlite:///{tmp}/e2e-{r}-{int(full)}.db",
                    )
                    rates[full].append(n / (time.process_time() - t0))
                    walls[full].append(n / (time.perf_counter() - w0))
                    if full:
                        for stage, s in spent.items():
                            stages[stage].append(s / n)
    finally:
        site.stop()
    base, ours = statistics.median(rates[False]), statistics.median(rates[True])
    print(
        f"fetch + store only (baseline):          {base:7.1f} articles per CPU-second "
        f"({statistics.median(walls[False]):.1f}/s wall)"
    )
    print(
        f"fetch+extract+classify+entities+store:  {ours:7.1f} articles per CPU-second "
        f"({statistics.median(walls[True]):.1f}/s wall; median of {args.rounds}, one core, "
        f"{len(load_articles())} articles)"
    )
    print(f"ratio full / baseline:                  {ours / base:7.3f}x")
    total = sum(statistics.median(v) for v in stages.values())
    for stage, values in sorted(
        stages.items(), key=lambda kv: -statistics.median(kv[1])
    ):
        ms = statistics.median(values) * 1000
        print(f"  {stage:<12} {ms:8.2f} CPU-ms/article  {ms / 10 / total:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
