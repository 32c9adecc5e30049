"""`pantau crawl` and `pantau extract`: parse arguments, call the library, map to exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    crawl = sub.add_parser("crawl", help="crawl registry sources into the store")
    crawl.add_argument("--source", action="append", default=[],
                       help="registry source name (repeatable; default: all of the chosen kind)")
    where = crawl.add_mutually_exclusive_group()
    where.add_argument("--site-url", help="base URL of a running offline site (`pantau site`)")
    where.add_argument("--offline", action="store_true",
                       help="start the bundled offline site and crawl it")
    crawl.add_argument("--live", action="store_true",
                       help="crawl the real outlets (needs internet)")
    crawl.add_argument("--database", help="database URL (default PANTAU_DATABASE_URL or "
                       "sqlite:///data/pantau.db)")
    crawl.add_argument("--jobdir", type=Path,
                       help="keep request queues here so an interrupted crawl resumes")
    crawl.add_argument("--registry", type=Path, help="source registry TOML")
    crawl.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                       help="override a Scrapy setting")
    crawl.add_argument("--progress", action="store_true", help="print progress to stderr")
    crawl.set_defaults(func=cmd_crawl)

    status = sub.add_parser("status", help="crawl health per outlet (latest run and trend)")
    status.add_argument("--database", help="database URL")
    status.add_argument("--days", type=int, default=7, help="window for articles per day")
    status.add_argument("--json", action="store_true", help="print JSON instead of a table")
    status.add_argument("--fail-on-alert", action="store_true",
                        help="exit 1 when an outlet's latest run raised an alert")
    status.set_defaults(func=cmd_status)

    ext = sub.add_parser("extract", help="extract one saved page and print it as JSON")
    ext.add_argument("page", type=Path, help="saved HTML file ('-' for stdin)")
    ext.add_argument("--url", required=True, help="the page's original URL")
    ext.add_argument("--family", help="extraction family (default: from the URL's domain)")
    ext.add_argument("--timezone", default="Asia/Jakarta")
    ext.set_defaults(func=cmd_extract)


def cmd_extract(args: argparse.Namespace) -> int:
    from crawler.extract import ExtractionHints, extract_article

    try:
        data = sys.stdin.buffer.read() if str(args.page) == "-" else args.page.read_bytes()
    except OSError as exc:
        print(f"pantau extract: cannot read {args.page}: {exc}", file=sys.stderr)
        return 2
    article = extract_article(data, args.url,
                              ExtractionHints(family=args.family, timezone=args.timezone))
    if article is None:
        print(f"pantau extract: no article found in {args.page}", file=sys.stderr)
        return 1
    json.dump(article.to_json(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


def _overrides(pairs: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        out[name.strip()] = value
    return out


def cmd_crawl(args: argparse.Namespace) -> int:
    from crawler.registry import RegistryError, load_registry, select
    from crawler.report import print_report
    from crawler.runner import run_crawl
    from review import Store, database_url

    try:
        sources = load_registry(args.registry)
        chosen = select(sources, args.source,
                        offline=None if args.source else not args.live)
    except RegistryError as exc:
        print(f"pantau crawl: {exc}", file=sys.stderr)
        return 2
    db = args.database or database_url()
    overrides = _overrides(args.set)
    if args.progress:
        overrides["PANTAU_PROGRESS"] = True
    site = None
    site_url = args.site_url
    if any(s.offline for s in chosen) and not site_url:
        from newssite.server import start_site

        site = start_site()
        site_url = site.base_url
        print(f"offline site running at {site_url}", file=sys.stderr)
    try:
        Store(db).close()  # migrate before the spiders open it
        report = run_crawl(chosen, site_url=site_url, database_url=db, jobdir=args.jobdir,
                           overrides=overrides)
    finally:
        if site is not None:
            site.stop()
    with Store(db) as store:
        print_report(report, store)
    aborted = {name: s.get("finish_reason") for name, s in report.stats.items()
               if s.get("finish_reason") != "finished"}
    if aborted:
        print(f"pantau crawl: not finished: {aborted}", file=sys.stderr)
        return 1
    seen = report.total("pantau/store/saved") + report.total("pantau/store/updated") \
        + report.total("pantau/skip/known_url")
    return 0 if seen > 0 else 1


def cmd_status(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime, timedelta

    from rich.console import Console
    from rich.table import Table

    from review import Store, database_url

    since = (datetime.now(UTC) - timedelta(days=args.days)).isoformat()
    with Store(args.database or database_url()) as store:
        latest: dict[str, dict[str, Any]] = {}
        for run in reversed(store.crawl_runs(limit=1000)):
            latest[run["source"]] = run
        per_day = store.articles_per_day(since)
        failures = store.failures_by_reason(since)
    rows = []
    for source, run in sorted(latest.items()):
        fetched = sum(n for (outlet, _), n in per_day.items() if outlet == source)
        rows.append({
            "source": source, "last_run": run["finished_at"], "pages": run["pages"],
            "articles": run["articles"], "skipped": run["skipped"], "failures": run["failures"],
            "articles_per_day": round(fetched / args.days, 2),
            "coverage_published": run["coverage_published"],
            "fallback_share": run["fallback_share"], "alerts": run["alerts"],
        })
    if args.json:
        json.dump({"outlets": rows, "failures_by_reason": failures}, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        table = Table(title=f"Crawl health (articles/day over {args.days} days)")
        for col in ("outlet", "last run", "pages", "articles", "skipped", "failed",
                    "per day", "dated", "fallback", "alerts"):
            table.add_column(col)

        def pct(v: float | None) -> str:
            return "-" if v is None else f"{v:.0%}"

        for r in rows:
            table.add_row(r["source"], r["last_run"][:16], str(r["pages"]), str(r["articles"]),
                          str(r["skipped"]), str(r["failures"]), str(r["articles_per_day"]),
                          pct(r["coverage_published"]), pct(r["fallback_share"]),
                          "; ".join(r["alerts"]) or "ok")
        Console().print(table if rows else "no crawl has run yet")
    if args.fail_on_alert and any(r["alerts"] for r in rows):
        return 1
    return 0
