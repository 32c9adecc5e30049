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


RUNNING_MARK = "pantau.running"
"""In a source's JOBDIR while its crawl runs; left behind only by a crawl that was killed."""


def _open_jobdir(directory: Path) -> None:
    """Make a source's JOBDIR ready; discard what a killed crawl left in it.

    Scrapy writes its queue's state (``requests.queue/active.json``) only on a clean close,
    but its seen-requests file through a write buffer. After a kill the queue is lost while
    part of the seen file may survive, and the pages it names would never be fetched again.
    Without both, the crawl reads its feeds afresh and the store skips what it already has.
    """
    mark = directory / RUNNING_MARK
    if mark.exists():
        logger.warning(
            "%s: the last crawl was killed; its request queue is discarded and the feeds "
            "are read afresh", directory.name,
        )
        shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    mark.touch()


def _close_jobdirs(crawlers: list[Any], jobdir: Path) -> None:
    """After crawls that closed cleanly: delete the JOBDIR of a finished one (it is for
    resuming, and a finished crawl's seen-requests file would hide tomorrow's pages), keep
    a stopped one's queue for resuming. A crawl that did not close keeps its mark."""
    for crawler in crawlers:
        reason = crawler.stats.get_value("finish_reason")
        if crawler.spider is None or reason is None:
            continue
        directory = jobdir / crawler.spider.name
        if reason == "finished":
            shutil.rmtree(directory, ignore_errors=True)
        else:
            (directory / RUNNING_MARK).unlink(missing_ok=True)


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
            _open_jobdir(jobdir / source.name)
            crawler.settings.frozen = False
            crawler.settings.set("JOBDIR", str(jobdir / source.name), priority="cmdline")
        crawlers.append(crawler)
        process.crawl(crawler, source=source, site_url=site_url)
    try:
        process.start()
    finally:
        analysis.shutdown()
    if jobdir:
        _close_jobdirs(crawlers, jobdir)
    return CrawlReport({c.spider.name if c.spider else "?": c.stats.get_stats() for c in crawlers})
