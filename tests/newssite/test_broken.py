"""Broken pages behave as BROKEN_PAGES documents, and a crawl can reach each of them."""

from __future__ import annotations

import httpx
import pytest
from lxml import html as lxml_html

from newssite import broken
from newssite.server import BROKEN_PAGES
from newssite.urls import expected_text
from tests.newssite.reference import norm, read


def kinds() -> dict[str, str]:
    return {path: reason.split(":", 1)[0] for path, reason in BROKEN_PAGES.items()}


def test_every_kind_is_documented_once():
    assert sorted(set(kinds().values())) == sorted(
        [
            "truncated",
            "not_article",
            "server_error",
            "charset_mislabelled_latin1",
            "charset_mislabelled_cp1252",
            "redirect_loop",
            "empty_body",
            "not_found",
            "huge",
        ]
    )
    assert all(p.startswith("/") for p in BROKEN_PAGES)


def test_each_broken_page_is_linked_from_its_outlet(server):
    reachable: set[str] = set()
    for prefix, paths in broken.LINKED_FROM.items():
        docs = [
            httpx.get(server.url(u)).content
            for u in (f"/{prefix}/indeks", f"/{prefix}/rss.xml")
        ]
        for path in paths:
            assert all(server.url(path).encode() in doc for doc in docs), path
            reachable.add(path)
    # the second hop of the redirect loop is reached by following the first
    assert reachable | {broken.LOOP_B} == set(BROKEN_PAGES)


def test_truncated_page_is_cut_mid_tag(server):
    response = httpx.get(server.url(broken.TRUNCATED))
    assert response.status_code == 200
    body = response.content
    assert int(response.headers["content-length"]) == len(body)
    assert b"</html>" not in body
    assert body.rfind(b"<") > body.rfind(b">")  # the last tag never closes
    assert b"Pelabuhan Dwikora" in body


def test_latin1_label_on_utf8_bytes(server):
    response = httpx.get(server.url(broken.LATIN1_DECLARED))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=iso-8859-1"
    raw = response.content
    assert b'<meta charset="iso-8859-1">' in raw
    text = raw.decode("utf-8")  # the bytes really are UTF-8
    assert "“Kami ingin tenun ikat dikenal" in text
    assert "\u00e2\u0080\u009cKami" in raw.decode(
        "latin-1"
    )  # what a client trusting the label gets
    story = broken.SYNTHETIC[broken.LATIN1_DECLARED]
    assert read(text, "kompas").paragraphs == [norm(p) for p in story.paragraphs]
    assert expected_text(story).startswith("Festival Tenun Ikat digelar")


def test_utf8_label_on_windows_1252_bytes(server):
    response = httpx.get(server.url(broken.CP1252_BYTES))
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    raw = response.content
    assert b'<meta charset="utf-8">' in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert "\u201cKami terpaksa kembali memakai kayu bakar" in text
    story = broken.SYNTHETIC[broken.CP1252_BYTES]
    assert read(text, "detik").paragraphs == [norm(p) for p in story.paragraphs]


def test_empty_body_article(server):
    response = httpx.get(server.url(broken.EMPTY_BODY))
    assert response.status_code == 200
    reading = read(response.content, "tribun")
    assert reading.title == broken.LISTING_TITLES[broken.EMPTY_BODY]
    assert reading.paragraphs == []
    assert reading.body_text == ""


def test_status_pages(server):
    missing = httpx.get(server.url(broken.NOT_FOUND))
    assert missing.status_code == 404
    assert "tidak dapat ditemukan" in missing.text
    error = httpx.get(server.url(broken.SERVER_ERROR))
    assert error.status_code == 500


def test_redirect_loop(server):
    first = httpx.get(server.url(broken.LOOP_A))
    assert first.status_code == 302
    assert first.headers["location"] == server.url(broken.LOOP_B)
    second = httpx.get(first.headers["location"])
    assert second.status_code == 302
    assert second.headers["location"] == server.url(broken.LOOP_A)
    with pytest.raises(httpx.TooManyRedirects):
        httpx.get(server.url(broken.LOOP_A), follow_redirects=True)


def test_huge_page(server):
    head = httpx.head(server.url(broken.HUGE))
    assert head.status_code == 200
    size = int(head.headers["content-length"])
    assert size > broken.HUGE_MIN_BYTES
    with httpx.stream("GET", server.url(broken.HUGE)) as response:
        first = next(response.iter_bytes(1 << 16))
        assert first.startswith(b"<!DOCTYPE html>")
    # the connection was dropped early; the server keeps serving
    body = httpx.get(server.url(broken.HUGE)).content
    assert len(body) == size
    assert body.rstrip().endswith(b"</html>")
    assert body.count(b'class="comment even') == broken.HUGE_COMMENTS
    assert httpx.get(server.url("/robots.txt")).status_code == 200


def test_gallery_is_not_an_article(server):
    response = httpx.get(server.url(broken.GALLERY))
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    assert len(doc.xpath("//figcaption")) == len(broken.GALLERY_CAPTIONS)
    assert not doc.xpath(
        "//div[contains(concat(' ',normalize-space(@class),' '),' post-content ')]"
    )
    assert doc.xpath("//h1/text()") == [broken.LISTING_TITLES[broken.GALLERY]]
