"""Downloader middleware: skip article URLs the store already has (incremental crawls)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.urls import canonicalize_url

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class SkipKnownUrlsMiddleware:
    """Drops article requests whose URL already led to a stored article.

    Only requests the spiders mark ``pantau_role = "article"`` are checked: feeds, sitemaps and
    listing pages must be fetched every run to find what is new. The known set is read once
    when the spider opens, so the check costs a set lookup, not a query.
    """

    def __init__(self, crawler: Crawler, database_url: str) -> None:
        self.crawler = crawler
        self.database_url = database_url
        self.known: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipKnownUrlsMiddleware:
        url = crawler.settings.get("PANTAU_DATABASE_URL")
        if not url:
            raise NotConfigured("PANTAU_DATABASE_URL is not set")
        mw = cls(crawler, url)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        from review import Store

        with Store(self.database_url) as store:
            self.known = store.known_urls()
        logger.info("%d URLs already stored will not be fetched again", len(self.known))

    def process_request(self, request: Request, spider: Spider | None = None) -> Any:
        if request.meta.get("pantau_role") != "article":
            return None
        if request.url in self.known or canonicalize_url(request.url) in self.known:
            self.crawler.stats.inc_value("pantau/skip/known_url")
            request.meta["pantau_skip"] = True
            raise IgnoreRequest("already stored")
        return None


class RedirectLoopMiddleware:
    """Turns a redirect back to a URL already visited into a counted ``redirect loop`` failure.

    Scrapy's duplicate filter would otherwise drop the looping request silently, so the page
    would vanish from the crawl report. Sits above RedirectMiddleware (600) so it sees the
    3xx response first.
    """

    def process_response(self, request: Request, response: Any, spider: Spider | None = None
                         ) -> Any:
        if response.status in (301, 302, 303, 307, 308) and "Location" in response.headers:
            target = response.urljoin(response.headers["Location"].decode("latin-1"))
            visited = {*request.meta.get("redirect_urls", []), request.url}
            if target in visited:
                raise IgnoreRequest(f"redirect loop back to {target}")
        return response
