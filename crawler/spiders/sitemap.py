"""Discovery from sitemaps: sitemap indexes, plain and Google News sitemaps, gzipped or not."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from typing import Any

from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap

from crawler.spiders.base import NewsSpider

MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit


def sitemap_body(response: Response) -> bytes | None:
    body = response.body
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
                body = f.read(MAX_SITEMAP_BYTES)
        except OSError:
            return None
    return body if body.lstrip()[:1] == b"<" else None


class SitemapSpider(NewsSpider):
    """Walks a sitemap index down to its URL sets and requests every article URL."""

    name = "sitemap"
    discovery = "sitemap"

    def parse_discovery(self, response: Response) -> Iterator[Any]:
        body = sitemap_body(response)
        if body is None:
            yield self.failure(response.url, "bad_sitemap", status=response.status)
            return
        sitemap = Sitemap(body)
        for entry in sitemap:
            loc = response.urljoin(entry.get("loc", "").strip())
            if sitemap.type == "sitemapindex":
                yield response.follow(loc, callback=self.parse_discovery,
                                      errback=self.on_error,
                                      meta={"pantau_role": "discovery"})
            elif self.is_article_url(loc):
                yield self.article_request(loc)


class NewsSitemapSpider(SitemapSpider):
    """Google News sitemaps (only the last two days of an outlet): same walk, own name."""

    name = "news_sitemap"
    discovery = "news_sitemap"
