"""Every layout renders the article so the documented selectors give back its exact
fields."""

from __future__ import annotations

import json
import re

import pytest
from lxml import html as lxml_html

from newssite import fmt
from newssite.outlets import OUTLETS
from newssite.site import Site, linkify
from newssite.urls import article_page_paths, article_path, page_path, page_split
from tests.newssite.conftest import HOSTILE_TITLE
from tests.newssite.reference import norm, read

BASE = "http://127.0.0.1:8088"
HOST = "127.0.0.1:8088"


def get(site: Site, path: str) -> bytes:
    response = site.handle("GET", path, HOST)
    assert response.status == 200, (path, response.status)
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    return response.body


def family(article) -> str:
    return OUTLETS[article.outlet].family


def full_reading(site: Site, article):
    """Title, date and all paragraphs, reading every page of multi-page stories."""
    readings = [
        read(get(site, p), family(article)) for p in article_page_paths(article)
    ]
    paragraphs = [p for r in readings for p in r.paragraphs]
    return readings[0], paragraphs, readings


def test_every_bundled_article_reads_back_exactly(bundled_site):
    """The documented selectors are exact on the real fixture: a crawler using them can
    be held to expected_text()."""
    assert bundled_site.articles
    for article in bundled_site.articles:
        first, paragraphs, _ = full_reading(bundled_site, article)
        assert first.title == norm(article.title), article.id
        assert paragraphs == [norm(p) for p in article.paragraphs], article.id
        assert first.city is not None, article.id
        assert first.city.lower() == article.dateline.lower(), article.id


def test_every_bundled_page_is_full_size(bundled_site):
    sizes = {}
    for article in bundled_site.articles:
        for path in article_page_paths(article):
            sizes[path] = len(get(bundled_site, path))
    assert all(100_000 <= n <= 150_000 for n in sizes.values()), {
        p: n for p, n in sizes.items() if not 100_000 <= n <= 150_000
    }


@pytest.mark.parametrize("outlet", sorted(OUTLETS))
def test_page_head_and_visible_date_per_layout(tiny_site, outlet):
    article = next(
        a for a in tiny_site.by_prefix[OUTLETS[outlet].prefix] if "hostile" not in a.id
    )
    page = get(tiny_site, article_path(article))
    doc = lxml_html.fromstring(page)
    assert doc.get("lang") == "id"
    canonical = BASE + article_path(article)
    assert doc.xpath("//link[@rel='canonical']/@href") == [canonical]
    assert doc.xpath("//meta[@property='og:url']/@content") == [canonical]
    assert doc.xpath("//meta[@property='og:title']/@content") == [article.title]
    assert doc.xpath("//meta[@name='twitter:card']/@content") == ["summary_large_image"]
    assert (
        len(doc.xpath("//nav//a | //ul[contains(@class,'nav')]//a")) > 40
    )  # big menus
    assert (
        len(doc.xpath("//script[not(@src)]")) >= 4
    )  # inline analytics, ads, site code
    reading = read(page, family(article))
    pub = article.published
    expected_date = {
        "antara": fmt.long_date(pub),
        "tribun": fmt.long_date(pub),
        "kompas": "Kompas.com - " + fmt.kompas_date(pub),
        "detik": fmt.detik_date(pub),
        "wordpress": pub.isoformat(),
    }[family(article)]
    assert reading.date == expected_date
    assert article.author in reading.credit


def test_date_formats():
    from datetime import datetime

    wib = datetime.fromisoformat("2024-03-15T14:20:00+07:00")
    wita = datetime.fromisoformat("2024-03-03T09:05:00+08:00")
    assert fmt.long_date(wib) == "Jumat, 15 Maret 2024 14:20 WIB"
    assert fmt.long_date(wita) == "Minggu, 3 Maret 2024 09:05 WITA"
    assert fmt.detik_date(wita) == "Minggu, 03 Mar 2024 09:05 WITA"
    assert fmt.kompas_date(wib) == "15/03/2024, 14:20 WIB"
    assert fmt.utc_iso(wib) == "2024-03-15T07:20:00+00:00"


def test_machine_dates_per_layout(tiny_site):
    by_outlet = {a.outlet: a for a in tiny_site.articles if "hostile" not in a.id}
    antara = by_outlet["antara_ntt"]
    doc = lxml_html.fromstring(get(tiny_site, article_path(antara)))
    assert doc.xpath("//meta[@property='article:published_time']/@content") == [
        antara.published.isoformat()
    ]

    kompas = by_outlet["kompas_regional"]
    doc = lxml_html.fromstring(get(tiny_site, article_path(kompas)))
    assert doc.xpath("//meta[@name='content_PublishedDate']/@content") == [
        kompas.published.strftime("%Y-%m-%d %H:%M:%S")
    ]
    ld = [
        json.loads(s) for s in doc.xpath("//script[@type='application/ld+json']/text()")
    ]
    news = next(x for x in ld if x.get("@type") == "NewsArticle")
    assert news["datePublished"] == fmt.utc_iso(
        kompas.published
    )  # UTC, like the real site
    assert news["headline"] == kompas.title

    detik = by_outlet["detik_news"]
    doc = lxml_html.fromstring(get(tiny_site, article_path(detik)))
    assert doc.xpath("//meta[@name='publishdate']/@content") == [
        detik.published.strftime("%Y/%m/%d %H:%M:%S")
    ]

    tribun = by_outlet["tribun_batam"]
    page = get(tiny_site, article_path(tribun))
    doc = lxml_html.fromstring(page)
    assert not doc.xpath(
        "//meta[contains(@property,'published_time')] | //meta[@name='publishdate']"
    )
    assert b"datePublished" not in page  # only the visible text carries the date

    wp = by_outlet["warta_perbatasan"]
    doc = lxml_html.fromstring(get(tiny_site, article_path(wp)))
    graph = json.loads(
        doc.xpath("//script[contains(@class,'yoast-schema-graph')]/text()")[0]
    )["@graph"]
    assert graph[0]["@type"] == "Article"
    assert graph[0]["datePublished"] == wp.published.isoformat()


def test_boilerplate_lives_inside_the_body_containers(tiny_site):
    """The traps an extractor must strip are really there, inside the containers."""
    arts = {a.id: a for a in tiny_site.articles}
    antara = read(get(tiny_site, article_path(arts["antara-kalbar-uji-a"])), "antara")
    assert "Baca juga: " + arts["kompas-regional-uji-delapan"].title in antara.body_text
    # three <br>-separated lines closing the container
    assert antara.body_text.endswith(
        "Pewarta: Rina PewartaEditor: Budi EditorCopyright © ANTARA 2024"
    )
    assert antara.body_text.startswith("Pontianak (ANTARA) - Paragraf 1")

    kompas_pages = [
        read(get(tiny_site, p), "kompas")
        for p in article_page_paths(arts["kompas-regional-uji-delapan"])
    ]
    assert "SCROLL TO CONTINUE WITH CONTENT" in kompas_pages[0].body_text
    assert "Baca juga: " + arts["detik-news-uji-01"].title in kompas_pages[0].body_text
    assert kompas_pages[0].body_text.startswith("PONTIANAK, KOMPAS.com - Paragraf 1")

    detik = read(get(tiny_site, article_path(arts["detik-news-uji-05"])), "detik")
    assert detik.body_text.startswith("Jakarta - Paragraf 1")
    assert "ADVERTISEMENT" in detik.body_text
    assert "SCROLL TO CONTINUE WITH CONTENT" in detik.body_text
    assert re.search(
        r'Simak Video ".+" \[Gambas:Video 20detik\] \(rpr/beb\) ', detik.body_text
    )

    copy = arts["tribun-batam-uji-salinan"]
    tribun = read(get(tiny_site, article_path(copy)), "tribun")
    origin = arts["kompas-regional-uji-delapan"]
    assert (
        f"Artikel ini telah tayang di KOMPAS.com Regional dengan judul {origin.title}"
        in tribun.body_text
    )
    assert tribun.body_text.startswith("TRIBUNBATAM.id, BATAM - Paragraf 1")
    assert tribun.paragraphs == [norm(p) for p in copy.paragraphs]

    wp = read(get(tiny_site, article_path(arts["warta-perbatasan-uji-a"])), "wordpress")
    assert "Bagikan: Facebook Twitter WhatsApp" in wp.body_text
    assert "Baca Juga " + arts["tribun-batam-uji-a"].title in wp.body_text
    assert "Sumber: ANTARA NTT" in wp.body_text
    assert "Editor: Budi Editor" in wp.body_text
    assert (
        "Petugas memberi keterangan" in wp.body_text
    )  # the figure caption sits in the body
    assert wp.body_text.startswith("Petugas memberi keterangan")


def test_kompas_pages_chain_with_rel_next_and_show_all(tiny_site):
    article = next(
        a for a in tiny_site.articles if a.id == "kompas-regional-uji-empatbelas"
    )
    assert [len(p) for p in page_split(article)] == [5, 5, 4]
    seen, path = [], article_path(article)
    while path:
        doc = lxml_html.fromstring(get(tiny_site, path))
        seen.append(path)
        assert doc.xpath("//link[@rel='canonical']/@href") == [
            BASE + article_path(article)
        ]
        nxt = doc.xpath("//link[@rel='next']/@href")
        assert doc.xpath("//a[contains(@class,'paging__link--next')]/@href") == nxt
        path = nxt[0].removeprefix(BASE) if nxt else None
    assert seen == [page_path(article, p) for p in (1, 2, 3)]
    everything = read(get(tiny_site, article_path(article) + "?page=all"), "kompas")
    assert everything.paragraphs == [norm(p) for p in article.paragraphs]
    for bad in ("?page=4", "?page=0", "?page=dua"):
        assert tiny_site.handle("GET", article_path(article) + bad, HOST).status == 404
    short = next(a for a in tiny_site.articles if a.id == "kompas-regional-uji-pendek")
    doc = lxml_html.fromstring(get(tiny_site, article_path(short)))
    assert not doc.xpath("//link[@rel='next'] | //div[contains(@class,'read__paging')]")


def test_hostile_text_is_escaped_everywhere(tiny_site):
    hostile = [a for a in tiny_site.articles if a.id.endswith("-uji-hostile")]
    assert len(hostile) == 6
    for article in hostile:
        page = get(tiny_site, article_path(article))
        text = page.decode("utf-8")
        assert "<script>alert" not in text
        assert "&lt;script&gt;alert(&#34;judul&#34;)&lt;/script&gt;" in text
        assert "<b>tebal</b>" not in text
        assert "<img src=x" not in text
        assert "<b>Nakal</b>" not in text
        doc = lxml_html.fromstring(page)
        assert doc.xpath("//title/text()")[0].startswith(HOSTILE_TITLE)
        reading = read(page, family(article))
        assert reading.title == norm(HOSTILE_TITLE)
        assert reading.paragraphs == [norm(p) for p in article.paragraphs]
        for block in doc.xpath("//script[@type='application/ld+json']/text()"):
            json.loads(
                block
            )  # still valid JSON, and "</script>" could not end the element
        scripts = doc.xpath("//script[not(@src)]/text()")
        assert any(
            "\\u003cscript\\u003e" in s for s in scripts
        )  # the data layer carries the title


def test_linkify_escapes_and_links_first_occurrence_once():
    used: set[str] = set()
    out = linkify(
        "Korban <b> & korban lagi",
        {"korban": "/tag/korban", "ab": "/x"},
        used,
        "inner-link-tag",
    )
    assert (
        str(out) == '<a class="inner-link-tag" href="/tag/korban">Korban</a>'
        " &lt;b&gt; &amp; korban lagi"
    )
    assert (
        str(linkify("korban kedua", {"korban": "/tag/korban"}, used, "c"))
        == "korban kedua"
    )


def test_listing_pages_render_per_layout(tiny_site):
    for outlet in OUTLETS.values():
        for path in (f"/{outlet.prefix}/", f"/{outlet.prefix}/indeks"):
            doc = lxml_html.fromstring(get(tiny_site, path))
            links = set(doc.xpath("//a/@href"))
            for article in tiny_site.by_prefix[outlet.prefix][:10]:
                assert BASE + article_path(article) in links, (path, article.id)
