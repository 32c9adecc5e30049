"""Generic news spiders: discovery differs per outlet, article handling is shared.

A spider is built for one registry ``Source`` (``-a source=NAME``). Subclasses implement only
discovery (``parse_discovery``) and yield article requests through ``article_request``; this
base turns each article page into an ``ArticleItem`` (following pagination) and every failure
into a ``FailureItem`` with a reason, so a crawl never loses track of what went wrong.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import scrapy
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.internet.error import (
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure

from crawler import analysis
from crawler.extract import Article, ExtractionHints, extract_article, join_pages
from crawler.items import ArticleItem, FailureItem
from crawler.registry import RegistryError, Source, load_registry

MAX_PAGES = 6  # pagination guard: an article split over more pages than this is cut


class NewsSpider(scrapy.Spider):
    """Base for the discovery spiders. Required: a ``source`` (registry name or Source)."""

    name = "news"
    discovery: str = ""

    def __init__(self, source: str | Source | None = None, site_url: str | None = None,
                 registry: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if source is None:
            raise RegistryError(f"spider {self.name} needs -a source=NAME")
        if isinstance(source, str):
            from pathlib import Path

            sources = load_registry(Path(registry) if registry else None)
            if source not in sources:
                raise RegistryError(f"unknown source {source!r}")
            source = sources[source]
        self.source: Source = source.resolve(site_url)
        if self.discovery and self.source.discovery != self.discovery:
            raise RegistryError(
                f"source {self.source.name} uses {self.source.discovery}, not {self.discovery}"
            )
        self.name = self.source.name
        self.allowed_domains = list(self.source.allowed_domains)
        self._article_re = re.compile(self.source.article_pattern or ".")

    # -- discovery ------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.start_urls:
            # feeds change between runs: never let a persisted dupefilter skip them
            yield scrapy.Request(url, callback=self.parse_discovery, errback=self.on_error,
                                 meta={"pantau_role": "discovery"}, dont_filter=True)

    def parse_discovery(self, response: Response) -> Iterator[Any]:
        raise NotImplementedError

    def is_article_url(self, url: str) -> bool:
        return bool(self._article_re.search(url))

    def article_request(self, url: str, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_article, errback=self.on_error,
            meta={"pantau_role": "article", **meta},
        )

    # -- articles -------------------------------------------------------------------------

    def hints(self) -> ExtractionHints:
        return ExtractionHints(
            family=self.source.family, outlet=self.source.name,
            timezone=self.source.timezone, now=datetime.now(ZoneInfo(self.source.timezone)),
            min_body_chars=self.source.min_body_chars,
        )

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        if not isinstance(response, scrapy.http.TextResponse):
            yield self.failure(response.url, "not_html", status=response.status)
            return
        article = await analysis.run(extract_article, response.body, response.url,
                                     self.hints())
        if article is None:
            # an article page (og:type) with no text left is a broken article, not a gallery
            is_article = response.xpath("//meta[@property='og:type']/@content").get() == "article"
            reason = "empty_body" if is_article or not response.body.strip() else "not_article"
            yield self.failure(response.url, reason, status=response.status)
            return
        if article.next_page:
            yield self.next_page_request(article, [], response)
            return
        yield self.make_item(article, url=response.url, body=response.body,
                             encoding=response.encoding,
                             also_urls=response.meta.get("redirect_urls", []))

    def next_page_request(self, first: Article, rest: list[Article],
                          first_response: Response) -> scrapy.Request:
        last = rest[-1] if rest else first
        return scrapy.Request(
            last.next_page or "", callback=self.parse_next_page, errback=self.on_page_error,
            meta={"pantau_role": "page", "first": first, "rest": rest,
                  "first_body": first_response.meta.get("first_body", first_response.body),
                  "first_url": first_response.meta.get("first_url", first_response.url),
                  "first_encoding": first_response.meta.get(
                      "first_encoding", getattr(first_response, "encoding", None)),
                  "first_redirects": first_response.meta.get(
                      "first_redirects", first_response.meta.get("redirect_urls", []))},
        )

    async def parse_next_page(self, response: Response) -> AsyncIterator[Any]:
        first: Article = response.meta["first"]
        rest: list[Article] = response.meta["rest"]
        page = await analysis.run(extract_article, response.body, response.url, self.hints())
        if page is not None:
            rest = [*rest, page]
        if page is not None and page.next_page and len(rest) + 1 < MAX_PAGES \
                and page.next_page not in {p.url for p in rest}:
            yield self.next_page_request(first, rest, response)
            return
        yield self._item_from_meta(response.meta, rest)

    def on_page_error(self, failure: Failure) -> Iterator[Any]:
        """A later page failed: keep what the earlier pages gave, and count the failure."""
        meta = failure.request.meta
        yield self.failure(failure.request.url, self.reason(failure))
        yield self._item_from_meta(meta, meta["rest"])

    def _item_from_meta(self, meta: dict[str, Any], rest: list[Article]) -> ArticleItem:
        """The joined article; the raw page kept is the first one (its URL is the key)."""
        return self.make_item(
            join_pages(meta["first"], rest), url=meta["first_url"], body=meta["first_body"],
            encoding=meta["first_encoding"],
            also_urls=[*meta["first_redirects"], *(p.url for p in rest)],
        )

    def make_item(self, article: Article, *, url: str, body: bytes, encoding: str | None,
                  also_urls: list[str]) -> ArticleItem:
        self.crawler.stats.inc_value(f"pantau/extract/method/{article.method.split(':')[0]}")
        return ArticleItem(
            url=url,
            canonical_url=article.canonical_url,
            outlet=self.source.name,
            province=self.source.province or None,
            title=article.title,
            text=article.text,
            published=article.published.isoformat() if article.published else None,
            dateline=article.dateline,
            language=article.language,
            method=article.method,
            fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
            raw_html=body,
            raw_encoding=encoding,
            also_urls=tuple(dict.fromkeys(also_urls)),
            pages=article.pages,
        )

    # -- failures -------------------------------------------------------------------------

    def failure(self, url: str, reason: str, *, status: int | None = None,
                detail: str = "") -> FailureItem:
        self.crawler.stats.inc_value(f"pantau/fail/{reason}")
        return FailureItem(url=url, outlet=self.source.name, reason=reason, status=status,
                           detail=detail)

    @staticmethod
    def reason(failure: Failure) -> str:
        """A short, countable reason for a failed request."""
        value = failure.value
        if failure.check(HttpError):
            return f"http_{value.response.status}"
        if failure.check(CannotResolveHostError, DNSLookupError):
            return "dns"
        if failure.check(DownloadTimeoutError, TimeoutError, TCPTimedOutError):
            return "timeout"
        if failure.check(DownloadConnectionRefusedError, ConnectionRefusedError):
            return "connection_refused"
        if failure.check(DownloadCancelledError, CancelledError) or "max size" in str(value):
            return "too_large"
        if failure.check(ResponseDataLossError):
            return "data_loss"
        if failure.check(IgnoreRequest):
            message = str(value)
            if "redirect" in message:
                return "redirect_loop"
            return "robots_disallowed" if "robots.txt" in message else "ignored"
        return f"error_{type(value).__name__}"

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        reason = self.reason(failure)
        if reason == "ignored" and request.meta.get("pantau_skip"):
            return  # a known URL skipped on purpose (incremental crawl), not a failure
        status = None
        if hasattr(failure.value, "response") and failure.value.response is not None:
            status = failure.value.response.status
        yield self.failure(request.url, reason, status=status, detail=str(failure.value)[:500])
