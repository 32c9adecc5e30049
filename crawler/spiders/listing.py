"""Discovery from an outlet's index pages, following their pagination."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from scrapy.http import Response, TextResponse

from crawler.spiders.base import NewsSpider


class ListingSpider(NewsSpider):
    """Requests the article links of each listing page, then the next page up to a limit."""

    name = "listing"
    discovery = "listing"

    def parse_discovery(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            yield self.failure(response.url, "not_html", status=response.status)
            return
        depth = response.meta.get("listing_page", 1)
        for href in response.xpath(self.source.listing_link_xpath).getall():
            url = response.urljoin(href.strip())
            if self.is_article_url(url):
                yield self.article_request(url)
        if self.source.next_page_xpath and depth < self.source.max_listing_pages:
            nxt = response.xpath(self.source.next_page_xpath).get()
            if nxt:
                yield response.follow(
                    nxt.strip(), callback=self.parse_discovery, errback=self.on_error,
                    meta={"pantau_role": "discovery", "listing_page": depth + 1},
                )
