"""Discovery documents: paginated indeks, RSS, sitemaps and robots.txt, over HTTP."""

from __future__ import annotations

import urllib.robotparser
from datetime import datetime
from email.utils import parsedate_to_datetime

import httpx
from lxml import etree
from lxml import html as lxml_html

from newssite import broken
from newssite.outlets import OUTLETS
from newssite.urls import article_path, listing_path

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(url: str) -> etree._Element:
    response = httpx.get(url)
    assert response.status_code == 200, url
    assert response.headers["content-type"] in (
        "application/xml; charset=utf-8",
        "application/rss+xml; charset=utf-8",
    )
    return etree.fromstring(response.content)  # raises on malformed XML


def article_urls(server, prefix: str) -> list[str]:
    return [server.url(article_path(a)) for a in server.site.by_prefix[prefix]]


def test_indeks_pages_walk_newest_first_by_next_links(server):
    prefix = "detik-news"
    expected = article_urls(server, prefix)
    assert len(expected) == 24  # 23 plain ones and the hostile one, see conftest
    url, pages, found = server.url(listing_path(prefix)), 0, []
    while url:
        doc = lxml_html.fromstring(httpx.get(url).content)
        pages += 1
        links = doc.xpath(
            "//div[@class='indeks']/div[@class='list-content']//h3/a/@href"
        )
        assert len(links) <= 10
        found += links
        nxt = doc.xpath("//a[@rel='next']/@href")
        assert nxt == doc.xpath("//link[@rel='next']/@href")
        url = nxt[0] if nxt else None
    assert pages == 3
    assert found == expected  # every article once, newest first
    published = [a.published for a in server.site.by_prefix[prefix]]
    assert published == sorted(published, reverse=True)


def test_every_outlet_lists_all_its_articles(server):
    for outlet in OUTLETS.values():
        expected = set(article_urls(server, outlet.prefix))
        found: set[str] = set()
        url = server.url(listing_path(outlet.prefix))
        while url:
            doc = lxml_html.fromstring(httpx.get(url).content)
            found |= set(doc.xpath("//a/@href"))
            nxt = doc.xpath("//link[@rel='next']/@href")
            url = nxt[0] if nxt else None
        assert expected <= found, outlet.prefix


def test_rss_lists_every_article_and_the_broken_links(server):
    for outlet in OUTLETS.values():
        root = xml(server.url(f"/{outlet.prefix}/rss.xml"))
        assert root.tag == "rss"
        assert root.get("version") == "2.0"
        items = root.findall("./channel/item")
        links = [i.findtext("link") for i in items]
        expected = article_urls(server, outlet.prefix) + [
            server.url(p) for p in broken.LINKED_FROM[outlet.prefix]
        ]
        assert links == expected
        for item, article in zip(
            items, server.site.by_prefix[outlet.prefix], strict=False
        ):
            assert item.findtext("title") == article.title
            assert parsedate_to_datetime(item.findtext("pubDate")) == article.published
            assert item.findtext("guid") == item.findtext("link")


def test_sitemaps_list_every_article(server):
    for outlet in OUTLETS.values():
        root = xml(server.url(f"/{outlet.prefix}/sitemap.xml"))
        if outlet.prefix == "kompas-regional":
            assert root.tag == f"{SM}sitemapindex"
            children = [s.findtext(f"{SM}loc") for s in root.findall(f"{SM}sitemap")]
            assert len(children) >= 2
            assert all(
                c.startswith(server.url("/kompas-regional/sitemap-20"))
                for c in children
            )
            urls = [
                u
                for c in children
                for u in (x.findtext(f"{SM}loc") for x in xml(c).findall(f"{SM}url"))
            ]
        else:
            assert root.tag == f"{SM}urlset"
            urls = [u.findtext(f"{SM}loc") for u in root.findall(f"{SM}url")]
        extra = [
            server.url(p)
            for p in broken.LINKED_FROM[outlet.prefix]
            if p in broken.IN_SITEMAP
        ]
        assert sorted(urls) == sorted(article_urls(server, outlet.prefix) + extra), (
            outlet.prefix
        )


def test_kompas_monthly_sitemaps_hold_that_months_articles(server):
    index = xml(server.url("/kompas-regional/sitemap.xml"))
    for entry in index.findall(f"{SM}sitemap"):
        loc = entry.findtext(f"{SM}loc")
        month = loc.rsplit("sitemap-", 1)[1].removesuffix(".xml")
        for url in xml(loc).findall(f"{SM}url"):
            lastmod = datetime.fromisoformat(url.findtext(f"{SM}lastmod"))
            assert lastmod.strftime("%Y-%m") == month
    assert (
        httpx.get(server.url("/kompas-regional/sitemap-1999-01.xml")).status_code == 404
    )


def test_google_news_sitemap_of_antara_ntt(server):
    root = xml(server.url("/antara-ntt/sitemap-news.xml"))
    entries = {u.findtext(f"{SM}loc"): u for u in root.findall(f"{SM}url")}
    for article in server.site.by_prefix["antara-ntt"]:
        news = entries[server.url(article_path(article))].find(f"{NEWS}news")
        assert news.findtext(f"{NEWS}title") == article.title
        assert (
            datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
            == article.published
        )
        assert news.findtext(f"{NEWS}publication/{NEWS}language") == "id"
    assert httpx.get(server.url("/detik-news/sitemap-news.xml")).status_code == 404


def test_robots_txt_disallows_admin_and_search_and_lists_sitemaps(server):
    response = httpx.get(server.url("/robots.txt"))
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    parser = urllib.robotparser.RobotFileParser()
    parser.parse(response.text.splitlines())
    for outlet in OUTLETS.values():
        assert not parser.can_fetch(
            "pantau", server.url(f"/{outlet.prefix}/admin/login")
        )
        assert parser.can_fetch("pantau", server.url(f"/{outlet.prefix}/indeks"))
    assert not parser.can_fetch("pantau", server.url(broken.SEARCH_TRAP))
    assert not parser.can_fetch("pantau", server.url(broken.ADMIN_TRAP))
    assert parser.can_fetch("pantau", server.url(article_path(server.site.articles[0])))
    sitemaps = parser.site_maps()
    assert sitemaps == [
        server.url(f"/{o.prefix}/sitemap.xml") for o in OUTLETS.values()
    ] + [server.url("/antara-ntt/sitemap-news.xml")]
    for url in sitemaps:
        assert httpx.get(url).status_code == 200


def test_disallowed_traps_are_linked_and_only_fetched_when_asked(server):
    detik = lxml_html.fromstring(httpx.get(server.url("/detik-news/indeks")).content)
    assert server.url(broken.ADMIN_TRAP) in detik.xpath("//a/@href")
    warta = lxml_html.fromstring(
        httpx.get(server.url("/warta-perbatasan/indeks")).content
    )
    assert server.url(broken.SEARCH_TRAP) in warta.xpath("//a/@href")
    assert server.hits[broken.ADMIN_TRAP] == 0
    assert (
        httpx.get(server.url(broken.ADMIN_TRAP)).status_code == 200
    )  # it exists: only robots.txt protects it
    assert server.hits[broken.ADMIN_TRAP] == 1


def test_channel_tag_and_static_pages(server):
    article = server.site.by_prefix["tribun-batam"][0]
    page = lxml_html.fromstring(httpx.get(server.url(article_path(article))).content)
    for href in (
        page.xpath("//div[contains(@class,'main-menu')]//a/@href")[:5]
        + page.xpath("//h5[contains(@class,'tagcloud3')]/a/@href")
        + page.xpath("//div[contains(@class,'ftlink')]/a/@href")[-3:]
    ):
        if href.startswith(server.base_url):
            assert httpx.get(href).status_code == 200, href
    tag = lxml_html.fromstring(
        httpx.get(server.url("/tribun-batam/tag/korban")).content
    )
    assert server.url(article_path(article)) in tag.xpath("//a/@href")
    assert (
        httpx.get(server.url("/tribun-batam/kanal/tidak-ada-kanal")).status_code == 404
    )
