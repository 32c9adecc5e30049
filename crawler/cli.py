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
    return 0 if report.total("pantau/store/saved") + report.total("pantau/store/updated") \
        + report.total("pantau/skip/known_url") > 0 else 1
