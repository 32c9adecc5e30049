"""Discovery from RSS 2.0 / Atom feeds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import lxml.etree
from scrapy.http import Response

from crawler.spiders.base import NewsSpider

_PARSER = lxml.etree.XMLParser(recover=True, resolve_entities=False, no_network=True)


class RssSpider(NewsSpider):
    """Follows every article link of the source's feeds."""

    name = "rss"
    discovery = "rss"

    def parse_discovery(self, response: Response) -> Iterator[Any]:
        try:
            root = lxml.etree.fromstring(response.body, parser=_PARSER)
        except lxml.etree.XMLSyntaxError:
            root = None
        if root is None:
            yield self.failure(response.url, "bad_feed", status=response.status)
            return
        links = root.xpath("//item/link/text() | //*[local-name()='entry']"
                           "/*[local-name()='link']/@href")
        for link in links:
            url = response.urljoin(link.strip())
            if self.is_article_url(url):
                yield self.article_request(url)
