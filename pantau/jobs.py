"""`pantau run` (the quick-start demo) and `pantau daily` (crawl -> analyse -> group -> digest).

Both are compositions of the packages' public functions; each stage can also be run on its own
(`pantau crawl`, `pantau group`, `pantau digest send`).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console

console = Console()
OFFLINE_SITE_PORT = 8088


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="the quick start: crawl the bundled offline site end to "
                         "end, group candidates into the review queue, write the day's digest")
    run.add_argument("--database", help="database URL (default sqlite:///data/pantau.db)")
    run.add_argument("--out", type=Path, default=Path("out"), help="folder for the digest files")
    run.set_defaults(func=cmd_run)

    daily = sub.add_parser("daily", help="crawl, analyse, group and send the digest once")
    daily.add_argument("--database", help="database URL")
    daily.add_argument("--offline", action="store_true",
                       help="crawl the bundled offline site instead of the live outlets")
    daily.add_argument("--dry-run", action="store_true",
                       help="write the digests as .eml files under --out instead of sending")
    daily.add_argument("--out", type=Path, default=Path("out"))
    daily.set_defaults(func=cmd_daily)


def crawl(database: str, *, offline: bool) -> int:
    """Crawl all offline (or all live) registry sources; returns the articles seen (saved,
    updated or already stored), or -1 when a spider closed early (database or Redis down)."""
    from crawler.registry import load_registry, select
    from crawler.report import print_report
    from crawler.runner import run_crawl
    from review import Store

    sources = select(load_registry(), None, offline=offline)
    site = None
    site_url = None
    if offline:
        from newssite.server import start_site

        try:
            # a fixed port keeps URLs stable, so a second run skips what the first stored
            site = start_site(port=OFFLINE_SITE_PORT)
        except OSError:
            console.print(f"port {OFFLINE_SITE_PORT} is busy: serving on a free port")
            site = start_site()
        site_url = site.base_url
        console.print(f"offline news site serving at {site_url}")
    try:
        Store(database).close()
        report = run_crawl(sources, site_url=site_url, database_url=database,
                           jobdir=Path("data/jobs/offline" if offline else "data/jobs/live"),
                           overrides={"PANTAU_PROGRESS": True, "LOG_LEVEL": "WARNING"})
    finally:
        if site is not None:
            site.stop()
    with Store(database) as store:
        print_report(report, store, console)
    aborted = [n for n, st in report.stats.items() if st.get("finish_reason") != "finished"]
    if aborted:
        console.print(f"[red]crawl did not finish for: {', '.join(aborted)}[/red]")
        return -1
    return sum(report.total(f"pantau/{k}") for k in ("store/saved", "store/updated",
                                                      "skip/known_url"))


def model_threshold() -> float:
    """The shipped model's operating threshold (the queue orders by distance to it)."""
    from classifier.artifacts import read_card, resolve_model_dir

    return float(read_card(resolve_model_dir())["threshold"])


def group(database: str) -> dict[str, Any]:
    """Fold new candidate articles into incidents; prints what happened."""
    from review import Store
    from review.queue import ReviewQueue

    with Store(database) as store:
        queue = ReviewQueue(store, threshold=model_threshold())
        report = queue.group_new()
        stats = queue.stats()
    copies = report.articles - report.new_incidents - report.joined_existing
    console.print(
        f"review queue: {report.articles} candidate articles -> {report.new_incidents} new "
        f"incidents, {report.joined_existing} joined earlier ones "
        f"({', '.join(f'{n} {k}' for k, n in sorted(report.relations.items())) or 'none'}; "
        f"{copies} folded into another new incident) in {report.seconds:.2f} s"
    )
    status = ", ".join(f"{n} {s}" for s, n in sorted(stats["status_counts"].items()))
    console.print(f"incidents by status: {status or 'none'}")
    return stats


def digest(database: str, out: Path | None) -> int:
    from digest.jobs import run_digest

    report = run_digest(database, dry_run_dir=out)
    console.print(report.summary())
    return report.exit_code


def cmd_run(args: argparse.Namespace) -> int:
    from review import database_url

    database = args.database or database_url()
    stored = crawl(database, offline=True)
    if stored <= 0:
        console.print("[red]the crawl found no article; see the failures above[/red]")
        return 1
    group(database)
    out = args.out / "digest"
    code = digest(database, out)
    console.print(
        f"\nDigest written to {out.resolve()} (.eml and .html).\n"
        "Next: create an account and open the review queue:\n"
        "  .venv/bin/pantau user add you@example.org --role admin\n"
        "  .venv/bin/pantau serve          # then open http://127.0.0.1:8000/ and log in\n"
    )
    return code


def cmd_daily(args: argparse.Namespace) -> int:
    from review import database_url

    database = args.database or database_url()
    crawled = crawl(database, offline=args.offline)
    group(database)  # what did get stored still reaches the queue and the digest
    code = digest(database, args.out / "digest" if args.dry_run else None)
    return max(code, 1 if crawled < 0 else 0)
