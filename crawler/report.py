"""The crawl summary printed after `pantau crawl` / `pantau run`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from crawler.runner import CrawlReport
    from review import Store


def print_report(report: CrawlReport, store: Store, console: Console | None = None) -> None:
    """Articles per outlet (this run and in the store) and failures by reason."""
    console = console or Console(stderr=False)
    table = Table(title="Crawl: articles per outlet")
    for col in ("outlet", "new", "updated", "skipped (known)", "failed", "in store"):
        table.add_column(col, justify="right" if col != "outlet" else "left")
    stored = store.counts_per_outlet()
    for name, stats in sorted(report.stats.items()):
        failed = sum(int(v) for k, v in stats.items() if k.startswith("pantau/fail/"))
        table.add_row(
            name, str(stats.get("pantau/store/saved", 0)), str(stats.get("pantau/store/updated", 0)),
            str(stats.get("pantau/skip/known_url", 0)), str(failed), str(stored.get(name, 0)),
        )
    console.print(table)
    reasons = report.by_prefix("pantau/fail/")
    for reason, n in report.by_prefix("pantau/drop/").items():
        reasons[f"dropped: {reason}"] = reasons.get(f"dropped: {reason}", 0) + n
    if reasons:
        failures = Table(title="Failures by reason (this run)")
        failures.add_column("reason")
        failures.add_column("pages", justify="right")
        for reason, n in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])):
            failures.add_row(reason, str(n))
        console.print(failures)
