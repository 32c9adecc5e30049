"""The HTTP server: free port, headers, HEAD, conditional GET, hit counts, latency,
Host."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import httpx
import pytest

from newssite.server import start_site
from newssite.urls import article_path


def test_serves_on_a_free_loopback_port(server):
    assert server.base_url.startswith("http://127.0.0.1:")
    assert server.port > 0
    response = httpx.get(server.base_url + "/")
    assert response.status_code == 200
    for prefix in (
        "antara-kalbar",
        "antara-ntt",
        "kompas-regional",
        "detik-news",
        "tribun-batam",
        "warta-perbatasan",
    ):
        assert f'href="{server.base_url}/{prefix}/"' in response.text


def test_article_headers(server):
    article = server.site.by_prefix["detik-news"][0]
    response = httpx.get(server.url(article_path(article)))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert int(response.headers["content-length"]) == len(response.content)
    assert parsedate_to_datetime(
        response.headers["last-modified"]
    ) == article.published.replace(microsecond=0)
    assert response.headers["server"] == "nginx/1.24.0"


def test_head_matches_get_without_body(server):
    url = server.url("/kompas-regional/indeks")
    got = httpx.get(url)
    head = httpx.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(got.content))
    assert head.headers["content-type"] == got.headers["content-type"]


def test_conditional_get_answers_304(server):
    article = server.site.by_prefix["tribun-batam"][0]
    url = server.url(article_path(article))
    last_modified = httpx.get(url).headers["last-modified"]
    again = httpx.get(url, headers={"If-Modified-Since": last_modified})
    assert again.status_code == 304
    assert again.content == b""
    older = httpx.get(
        url, headers={"If-Modified-Since": "Mon, 02 Jan 2023 00:00:00 GMT"}
    )
    assert older.status_code == 200


def test_hits_are_counted_per_path_without_query(server):
    path = "/detik-news/indeks"
    before = server.hits[path]
    httpx.get(server.url(path + "?page=2"))
    httpx.head(server.url(path))
    assert server.hits[path] == before + 2
    assert ("GET", path + "?page=2") in server.requests
    assert server.hits["/never/requested"] == 0


def test_absolute_urls_follow_the_host_header(server):
    article = server.site.by_prefix["antara-ntt"][0]
    path = article_path(article)
    response = httpx.get(server.url(path), headers={"Host": "berita.example:8443"})
    assert (
        f'<link rel="canonical" href="http://berita.example:8443{path}">'
        in response.text
    )
    evil = httpx.get(server.url(path), headers={"Host": 'x"><script>alert(1)</script>'})
    assert evil.status_code == 200
    assert "<script>alert(1)" not in evil.text
    assert f'<link rel="canonical" href="http://127.0.0.1{path}">' in evil.text


def test_unknown_paths_are_404(server):
    assert httpx.get(server.url("/tidak-ada")).status_code == 404
    themed = httpx.get(server.url("/detik-news/tidak-ada"))
    assert themed.status_code == 404
    assert "Halaman tidak ditemukan" in themed.text
    assert httpx.get(server.url("/detik-news/indeks?page=99")).status_code == 404


def test_outlet_root_and_wordpress_slash_redirects(server):
    response = httpx.get(server.url("/detik-news"))
    assert response.status_code == 301
    assert response.headers["location"] == server.url("/detik-news/")
    wp = server.site.by_prefix["warta-perbatasan"][0]
    response = httpx.get(server.url(article_path(wp).rstrip("/")))
    assert response.status_code == 301
    assert response.headers["location"] == server.url(article_path(wp))


def test_latency_delays_every_response(tiny_dir):
    with start_site(content_dir=tiny_dir, latency=0.4) as slow:
        start = time.monotonic()
        assert httpx.get(slow.url("/robots.txt")).status_code == 200
        assert time.monotonic() - start >= 0.4
        with pytest.raises(httpx.ReadTimeout):
            httpx.get(slow.url("/robots.txt"), timeout=0.1)


def test_concurrent_requests_are_served(server):
    paths = [article_path(a) for a in server.site.articles[:12]]
    with httpx.Client(limits=httpx.Limits(max_connections=12)) as client:
        import concurrent.futures as cf

        with cf.ThreadPoolExecutor(12) as pool:
            statuses = list(
                pool.map(lambda p: client.get(server.url(p)).status_code, paths)
            )
    assert statuses == [200] * len(paths)


def test_stop_releases_the_port(tiny_dir):
    srv = start_site(content_dir=tiny_dir)
    url = srv.url("/robots.txt")
    assert httpx.get(url).status_code == 200
    srv.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(url, timeout=2)


def test_default_content_is_the_bundled_site():
    with start_site() as srv:
        assert len(srv.site.articles) >= 6
        article = srv.site.articles[0]
        assert httpx.get(srv.url(article_path(article))).status_code == 200
