"""`pantau run` (the quick-start demo) and `pantau daily` (crawl -> analyse -> digest, once)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    run = sub.add_parser("run", help="crawl the bundled offline site end to end into the store")
    run.add_argument("--database", help="database URL (default sqlite:///data/pantau.db)")
    run.add_argument("--out", type=Path, default=Path("out"), help="folder for the digest files")
    run.set_defaults(func=cmd_run)

    daily = sub.add_parser("daily", help="crawl, analyse, group and send the digest once")
    daily.add_argument("--database", help="database URL")
    daily.add_argument("--offline", action="store_true", help="crawl the offline site")
    daily.add_argument("--dry-run", action="store_true", help="write .eml files, do not send")
    daily.add_argument("--out", type=Path, default=Path("out"))
    daily.set_defaults(func=cmd_daily)


def _crawl(database: str, *, offline: bool) -> int:
    from crawler.registry import load_registry, select
    from crawler.report import print_report
    from crawler.runner import run_crawl
    from review import Store

    sources = select(load_registry(), None, offline=offline)
    site = None
    site_url = None
    if offline:
        from newssite.server import start_site

        site = start_site()
        site_url = site.base_url
        print(f"offline news site serving at {site_url}", file=sys.stderr)
    try:
        Store(database).close()
        report = run_crawl(sources, site_url=site_url, database_url=database,
                           jobdir=Path("data/jobs"), overrides={"PANTAU_PROGRESS": True})
    finally:
        if site is not None:
            site.stop()
    with Store(database) as store:
        print_report(report, store)
    return report.total("pantau/store/saved") + report.total("pantau/store/updated")


def cmd_run(args: argparse.Namespace) -> int:
    from review import database_url

    database = args.database or database_url()
    _crawl(database, offline=True)
    print(
        "\nNext: create an account and open the review queue:\n"
        "  .venv/bin/pantau user add you@example.org --role admin\n"
        "  .venv/bin/pantau serve   # then open http://127.0.0.1:8000/\n"
    )
    return 0


def cmd_daily(args: argparse.Namespace) -> int:
    from review import database_url

    database = args.database or database_url()
    _crawl(database, offline=args.offline)
    return 0
