"""Generic spiders, one per discovery method; outlets are registry entries (sources.toml)."""

from __future__ import annotations

from crawler.spiders.base import NewsSpider
from crawler.spiders.listing import ListingSpider
from crawler.spiders.rss import RssSpider
from crawler.spiders.sitemap import NewsSitemapSpider, SitemapSpider

SPIDERS: dict[str, type[NewsSpider]] = {
    cls.discovery: cls
    for cls in (RssSpider, SitemapSpider, NewsSitemapSpider, ListingSpider)
}

__all__ = ["SPIDERS", "ListingSpider", "NewsSitemapSpider", "NewsSpider", "RssSpider",
           "SitemapSpider"]
