"""crawler.urls.canonicalize_url: one key per article however it is linked."""

from __future__ import annotations

import pytest

from crawler.urls import canonicalize_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # scheme and host case, fragment
        (
            "HTTPS://Regional.KOMPAS.com/read/2024/01/02/1/Slug#komentar",
            "https://regional.kompas.com/read/2024/01/02/1/Slug",
        ),
        # tracking and page parameters go, others stay sorted
        (
            "https://www.antaranews.com/berita/1/a?utm_source=fb&utm_medium=x&fbclid=1",
            "https://www.antaranews.com/berita/1/a",
        ),
        ("https://x.id/a?page=2&id=5&b=1", "https://x.id/a?b=1&id=5"),
        ("https://x.id/a?utm_id=9&gclid=3&q=tppo", "https://x.id/a?q=tppo"),
        # AMP copies and default ports
        ("https://m.tribunnews.com/a/b/amp", "https://m.tribunnews.com/a/b"),
        ("http://x.id:80/a", "http://x.id/a"),
        ("https://x.id:443/a", "https://x.id/a"),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/a"),
        ("https://x.id:80/a", "https://x.id:80/a"),  # not the default for https
        # empty path and missing scheme
        ("https://x.id", "https://x.id/"),
        ("//x.id/a", "http://x.id/a"),
        ("  https://x.id/a  ", "https://x.id/a"),
        ("http://[::1]:8000/a", "http://[::1]:8000/a"),
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_path_case_is_kept() -> None:
    url = "http://nasional.kompas.com/read/2016/02/16/14382361/Menteri.Yuddy.Ancam"
    assert canonicalize_url(url) == url


def test_idempotent() -> None:
    url = "HTTPS://X.id:443/a/amp?utm_source=1&z=2&a=1#f"
    once = canonicalize_url(url)
    assert canonicalize_url(once) == once == "https://x.id/a?a=1&z=2"


def test_a_page_two_and_page_one_are_the_same_article() -> None:
    first = "https://money.kompas.com/read/2023/11/02/213419026/menhub-bocorkan"
    assert canonicalize_url(first + "?page=2") == canonicalize_url(first)


def test_bad_port_does_not_raise() -> None:
    assert canonicalize_url("http://x.id:port/a") == "http://x.id/a"
