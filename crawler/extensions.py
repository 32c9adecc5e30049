"""A one-line progress display for long crawls (PANTAU_PROGRESS=1)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy import signals
from twisted.internet import task

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler


class ProgressExtension:
    """Prints pages fetched, articles stored and failures every second to stderr."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressExtension:
        ext = cls(crawler)
        # connected only when asked for: NotConfigured would log a warning on every crawl
        if crawler.settings.getbool("PANTAU_PROGRESS"):
            crawler.signals.connect(ext.opened, signal=signals.spider_opened)
            crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def line(self, spider: Spider) -> str:
        stats = self.crawler.stats.get_stats()
        failures = sum(v for k, v in stats.items() if k.startswith("pantau/fail/"))
        return (
            f"[{spider.name}] pages {stats.get('response_received_count', 0)}"
            f" | articles {stats.get('pantau/store/saved', 0)}"
            f" | skipped {stats.get('pantau/skip/known_url', 0)}"
            f" | failures {failures}"
        )

    def opened(self, spider: Spider) -> None:
        self.loop = task.LoopingCall(lambda: print(self.line(spider), file=sys.stderr))
        self.loop.start(2.0, now=False)

    def closed(self, spider: Spider) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        print(self.line(spider) + " (done)", file=sys.stderr)
