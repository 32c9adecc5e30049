"""Crawl health: per-run figures per outlet, and alerts that flag a silently changed layout.

After each spider run, ``HealthMonitorExtension`` turns Scrapy's stats into a ``RunSummary``
(pages, articles, failures, date and dateline coverage, the share of articles that needed the
generic or trafilatura fallback instead of the outlet's family rules), checks it against
``Thresholds`` and the outlet's previous runs, logs the alerts and stores the run, so
`pantau status` can show each outlet's trend.
"""

from __future__ import annotations

import logging
import statistics
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Thresholds:
    """Alert limits; an outlet crossing one is flagged in the log and in `pantau status`."""

    min_date_coverage: float = 0.8
    max_fallback_share: float = 0.5
    max_error_rate: float = 0.3
    volume_drop: float = 0.3  # articles below this share of the recent median
    min_history: int = 3


@dataclass(frozen=True)
class RunSummary:
    source: str
    started_at: str
    finished_at: str
    finish_reason: str | None
    pages: int
    articles: int
    skipped: int
    failures: int
    coverage_published: float | None
    coverage_dateline: float | None
    fallback_share: float | None


def summarize(source: str, stats: dict[str, Any]) -> RunSummary:
    """The figures of one run from its Scrapy stats."""
    ok = int(stats.get("pantau/validate/ok", 0))
    methods = {k.rsplit("/", 1)[-1]: int(v) for k, v in stats.items()
               if k.startswith("pantau/extract/method/")}
    extracted = sum(methods.values())
    fallback = methods.get("generic", 0) + methods.get("trafilatura", 0)

    def coverage(field: str) -> float | None:
        if not ok:
            return None
        return 1.0 - int(stats.get(f"pantau/field/{field}/missing", 0)) / ok

    def stamp(key: str) -> str:
        value = stats.get(key)
        return value.isoformat() if isinstance(value, datetime) else datetime.now(UTC).isoformat()

    return RunSummary(
        source=source,
        started_at=stamp("start_time"),
        finished_at=stamp("finish_time"),
        finish_reason=stats.get("finish_reason"),
        pages=int(stats.get("response_received_count", 0)),
        articles=int(stats.get("pantau/store/saved", 0)) + int(stats.get("pantau/store/updated", 0)),
        skipped=int(stats.get("pantau/skip/known_url", 0)),
        failures=sum(int(v) for k, v in stats.items() if k.startswith("pantau/fail/")),
        coverage_published=coverage("published"),
        coverage_dateline=coverage("dateline"),
        fallback_share=fallback / extracted if extracted else None,
    )


def assess(run: RunSummary, history: list[dict[str, Any]],
           limits: Thresholds | None = None) -> list[str]:
    """Alerts for one run; ``history`` holds the outlet's earlier runs, newest first."""
    limits = limits or Thresholds()
    alerts: list[str] = []
    if run.articles + run.skipped == 0:
        alerts.append("no_articles: the run stored no article and skipped none")
    if run.coverage_published is not None and run.coverage_published < limits.min_date_coverage:
        alerts.append(f"date_coverage {run.coverage_published:.0%} "
                      f"< {limits.min_date_coverage:.0%}")
    if run.fallback_share is not None and run.fallback_share > limits.max_fallback_share:
        alerts.append(f"layout_changed? {run.fallback_share:.0%} of articles needed the "
                      "generic extractor instead of the family rules")
    attempts = run.articles + run.failures
    if attempts and run.failures / attempts > limits.max_error_rate:
        alerts.append(f"error_rate {run.failures / attempts:.0%} > {limits.max_error_rate:.0%}")
    previous = [h["articles"] + h["skipped"] for h in history[: 5]]
    if len(previous) >= limits.min_history:
        median = statistics.median(previous)
        if median >= 5 and run.articles + run.skipped < limits.volume_drop * median:
            alerts.append(f"volume_drop: {run.articles + run.skipped} articles seen, "
                          f"recent median {median:g}")
    return alerts


class HealthMonitorExtension:
    """Stores each spider run's summary and alerts (needs PANTAU_DATABASE_URL)."""

    def __init__(self, crawler: Crawler, database_url: str) -> None:
        self.crawler = crawler
        self.database_url = database_url

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HealthMonitorExtension:
        url = crawler.settings.get("PANTAU_DATABASE_URL")
        if not url:
            raise NotConfigured("PANTAU_DATABASE_URL is not set")
        ext = cls(crawler, url)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider: Spider, reason: str) -> None:
        from review import Store

        stats = dict(self.crawler.stats.get_stats())
        stats.setdefault("finish_reason", reason)
        stats.setdefault("finish_time", datetime.now(UTC))
        run = summarize(spider.name, stats)
        with Store(self.database_url) as store:
            alerts = assess(run, store.crawl_runs(spider.name, limit=5))
            store.record_crawl_run({**asdict(run), "alerts": alerts})
        for alert in alerts:
            logger.warning("crawl health %s: %s", spider.name, alert)
            self.crawler.stats.inc_value("pantau/health/alerts")
