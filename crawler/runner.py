"""Run crawls of registry sources in one Scrapy process."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from crawler import analysis
from crawler.pipelines import start_analysis, warm_up
from crawler.registry import Source
from crawler.spiders import SPIDERS, NewsSpider

logger = logging.getLogger(__name__)


@dataclass
class CrawlReport:
    """Per-source crawl stats, as Scrapy's stats collector left them."""

    stats: dict[str, dict[str, Any]] = field(default_factory=dict)

    def total(self, key: str) -> int:
        return sum(int(s.get(key, 0)) for s in self.stats.values())

    def by_prefix(self, prefix: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for s in self.stats.values():
            for k, v in s.items():
                if k.startswith(prefix):
                    name = k[len(prefix):]
                    out[name] = out.get(name, 0) + int(v)
        return out


def spider_class_for(source: Source, local_settings: dict[str, Any]) -> type[NewsSpider]:
    """A thin per-outlet subclass of the discovery spider: its own name and politeness."""
    base = SPIDERS[source.discovery]
    custom = dict(local_settings) if not source.polite else {}
    return type(
        f"{base.__name__}_{source.name}", (base,),
        {"name": source.name, "custom_settings": custom or None},
    )


def _forget_finished(crawlers: list[Any], jobdir: Path) -> None:
    """Delete the request queues of crawls that finished: JOBDIR is for resuming an
    interrupted crawl, and a finished one's seen-requests file would hide tomorrow's pages."""
    for crawler in crawlers:
        stats = crawler.stats.get_stats()
        if crawler.spider is not None and stats.get("finish_reason") == "finished":
            shutil.rmtree(jobdir / crawler.spider.name, ignore_errors=True)


def crawl_settings(database_url: str | None = None, jobdir: Path | None = None,
                   overrides: dict[str, Any] | None = None) -> Settings:
    settings = get_project_settings()
    if not settings.get("BOT_NAME") or settings.get("BOT_NAME") == "scrapybot":
        settings.setmodule("crawler.settings", priority="project")
    if database_url:
        settings.set("PANTAU_DATABASE_URL", database_url, priority="cmdline")
    if jobdir:
        settings.set("JOBDIR", str(jobdir), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(sources: list[Source], *, site_url: str | None = None,
              database_url: str | None = None, jobdir: Path | None = None,
              overrides: dict[str, Any] | None = None) -> CrawlReport:
    """Crawl the sources concurrently and block until done (once per process: Twisted's
    reactor cannot restart). ``jobdir`` keeps per-source request queues for resuming.

    Analysis workers are spawned processes that import the caller's main module, so a
    script that calls this must do so under ``if __name__ == "__main__":``.
    """
    settings = crawl_settings(database_url, None, overrides)
    process = CrawlerProcess(settings, install_root_handler=True)
    if settings.get("TWISTED_REACTOR", "").endswith("AsyncioSelectorReactor"):
        start_analysis(settings)  # workers are awaited through asyncio futures
    warm_up(settings)  # meanwhile the workers load theirs
    analysis.wait_ready()
    local = settings.getdict("PANTAU_LOCAL_SETTINGS")
    crawlers = []
    for source in sources:
        cls = spider_class_for(source, local)
        crawler = process.create_crawler(cls)
        if jobdir:
            crawler.settings.frozen = False
            crawler.settings.set("JOBDIR", str(jobdir / source.name), priority="cmdline")
        crawlers.append(crawler)
        process.crawl(crawler, source=source, site_url=site_url)
    try:
        process.start()
    finally:
        analysis.shutdown()
    if jobdir:
        _forget_finished(crawlers, jobdir)
    return CrawlReport({c.spider.name if c.spider else "?": c.stats.get_stats() for c in crawlers})
