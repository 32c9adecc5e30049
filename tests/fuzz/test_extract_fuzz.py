"""Property-based and fuzz tests of article extraction: random bytes, generated HTML and
mutated pages of the offline site. No crash, no hang, bounded time per input (issue 7)."""

from __future__ import annotations

import time
import urllib.request
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from crawler.extract import Article, ExtractionHints, decode_html, extract_article

pytestmark = [pytest.mark.fuzz, pytest.mark.timeout(180)]

# a generous bound on the CPU time of one call (CPU, not wall time: CI machines are shared):
# the slowest real page takes well under a second, a quadratic blow-up fails it by far, and a
# true hang is stopped by pytest-timeout. Hypothesis' own wall-clock deadline is off for the
# same reason; the bound is checked in _check, so a slow input is shrunk and reported.
PER_INPUT = timedelta(seconds=4)
FUZZ = settings(
    deadline=None,
    max_examples=40,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
URL = "https://www.antaranews.com/berita/1234567/contoh"


@pytest.fixture(scope="module")
def site_pages() -> list[bytes]:
    """A dozen rendered pages of the offline site (articles, a paginated one, listings)."""
    from newssite.content import load_articles
    from newssite.server import start_site
    from newssite.urls import article_path

    site = start_site()
    try:
        paths = [article_path(a) for a in load_articles()[::6]] + ["/", "/robots.txt"]
        return [
            urllib.request.urlopen(site.base_url + p, timeout=10).read() for p in paths
        ]
    finally:
        site.stop()


def _check(
    html: str | bytes, url: str = URL, hints: ExtractionHints | None = None
) -> None:
    started = time.process_time()
    result = extract_article(html, url, hints)
    assert time.process_time() - started < PER_INPUT.total_seconds()
    assert result is None or isinstance(result, Article)
    if result is not None:
        assert result.title.strip()
        assert all(isinstance(p, str) and p for p in result.paragraphs)
        assert result.canonical_url.startswith(("http://", "https://"))


@FUZZ
@given(st.binary(max_size=20_000))
@example(b"")
@example(b"\x00" * 5000)
@example(b"\xef\xbb\xbf<html>" + b"\xff\xfe" * 1000)
@example(b"<meta charset='utf-16'><p>" + "é".encode("latin-1") * 500)
def test_random_bytes(data):
    _check(data)
    text, encoding = decode_html(data)
    assert isinstance(text, str)
    assert isinstance(encoding, str)


_WORDS = st.sampled_from(
    [
        "Polres",
        "Sambas",
        "korban",
        "TPPO",
        "tersangka",
        "pekerja",
        "migran",
        "Malaysia",
        "12 Maret 2024",
        "Senin (4/3/2024)",
        "WIB",
        "Baca juga:",
        "ANTARA",
        "\u00a0",
        "&amp;",
        "&#x0;",
        "&nbsp;",
        "<",
        ">",
        '"',
        "'",
        "\u200b",
        "\ufeff",
        "1.234",
        "Rp50 juta",
    ]
)
_TEXT = st.lists(st.one_of(_WORDS, st.text(max_size=30)), max_size=60).map(" ".join)
_ATTRS = st.sampled_from(
    [
        "",
        ' class="content"',
        ' class="read__content"',
        ' id="detikdetailtext"',
        ' property="og:type" content="article"',
        ' name="pubdate" content="2024-03-12T10:00:00+07:00"',
        ' rel="canonical" href="https://x.test/a"',
        ' rel="canonical" href="javascript:alert(1)"',
        ' href="?page=2" rel="next"',
        ' style="display:none"',
        ' charset="iso-8859-1"',
    ]
)
_TAGS = st.sampled_from(
    [
        "p",
        "div",
        "article",
        "h1",
        "title",
        "script",
        "style",
        "a",
        "span",
        "meta",
        "link",
        "time",
        "table",
        "td",
        "br",
        "noscript",
        "iframe",
    ]
)


@st.composite
def html_documents(draw) -> str:
    """HTML from a small grammar: nested tags with article-ish attributes and text, often
    unbalanced."""
    parts: list[str] = []
    open_tags: list[str] = []
    for _ in range(draw(st.integers(0, 120))):
        action = draw(st.integers(0, 3))
        if action == 0:
            tag = draw(_TAGS)
            parts.append(f"<{tag}{draw(_ATTRS)}>")
            open_tags.append(tag)
        elif action == 1 and open_tags and draw(st.booleans()):
            parts.append(f"</{open_tags.pop()}>")
        else:
            parts.append(draw(_TEXT))
    return "<!doctype html><html><head>" + "".join(parts)


@FUZZ
@given(html_documents(), st.sampled_from([None, "antara", "kompas", "detik", "tribun"]))
def test_generated_html(html, family):
    _check(html, hints=ExtractionHints(family=family))
    _check(html.encode("utf-8"))


@FUZZ
@given(data=st.data())
def test_mutated_site_pages(site_pages, data):
    """Real pages cut, spliced, with bytes flipped and inserted (what a broken server or a
    lossy proxy produces)."""
    page = bytearray(data.draw(st.sampled_from(site_pages)))
    for _ in range(data.draw(st.integers(1, 8))):
        op = data.draw(st.integers(0, 3))
        at = data.draw(st.integers(0, max(len(page) - 1, 0)))
        if op == 0:
            del page[at:]
        elif op == 1:
            page[at:at] = data.draw(st.binary(min_size=1, max_size=200))
        elif op == 2 and page:
            page[at] ^= data.draw(st.integers(1, 255))
        else:
            n = data.draw(st.integers(1, 2000))
            page[at:at] = page[at : at + n] * data.draw(st.integers(1, 20))
    _check(
        bytes(page),
        url=data.draw(st.sampled_from([URL, "http://127.0.0.1:8088/x", "x"])),
    )


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 20_000 + "x" + "</div>" * 20_000,
        "<p>" + "a" * 2_000_000 + "</p>",
        "<p>" + "Baca juga: " * 50_000 + "</p>",
        "<title>" + "judul " * 100_000 + "</title>" + "<p>isi berita</p>" * 5000,
        "<p>" + "12 Maret 2024 " * 40_000 + "</p>",
        "<script>" + "x" * 3_000_000 + "</script><p>" + "teks " * 100 + "</p>",
    ],
    ids=[
        "deep-nesting",
        "huge-paragraph",
        "many-see-also",
        "long-title",
        "many-dates",
        "huge-script",
    ],
)
def test_pathological_pages_take_bounded_time(html):
    _check(html)
