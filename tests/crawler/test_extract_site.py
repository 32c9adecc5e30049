"""extract_article on the bundled offline news site, fetched over real HTTP on
127.0.0.1.

Every article of newssite/content is fetched in its outlet's layout (ANTARA, Kompas with
pagination, Detik, Tribun, WordPress), extracted with the hints the registry would give,
and compared with the article's own JSON: title, publication instant, dateline, every
paragraph, and nothing else (no "Baca juga", captions, ads, credits). The misbehaving
pages of newssite/broken.py check the bad-input paths on the same server.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from crawler.extract import (
    Article,
    ExtractionHints,
    decode_html,
    extract_article,
    join_pages,
)
from newssite import broken
from newssite.content import SiteArticle, load_articles
from newssite.outlets import BY_PREFIX, OUTLETS, Outlet
from newssite.server import SiteServer, start_site
from newssite.urls import article_page_paths

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
# what the layouts put around a story; none of it may reach the extracted text
BOILERPLATE_MARKERS = (
    "Baca juga",
    "Baca Juga",
    "Pewarta:",
    "Editor:",
    "Penulis:",
    "Copyright",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE",
    "Bagikan",
    "Komentar",
    "Berita Terkait",
    "adsbygoogle",
)


def _norm(text: str) -> str:
    return " ".join(text.split())


def hints_for(outlet: Outlet) -> ExtractionHints:
    return ExtractionHints(
        family=outlet.family, outlet=outlet.key, timezone=ZONES[outlet.default_zone]
    )


def fetch(url: str) -> tuple[bytes, str | None]:
    """Body and declared charset of a 200 response."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        return response.read(), response.headers.get_content_charset()


def extract_url(url: str, hints: ExtractionHints) -> Article | None:
    body, charset = fetch(url)
    text, _ = decode_html(body, charset)
    return extract_article(text, url, hints)


@dataclass(frozen=True)
class Extracted:
    story: SiteArticle
    outlet: Outlet
    pages: tuple[Article | None, ...]
    article: Article | None  # the pages joined


@pytest.fixture(scope="module")
def server() -> Iterator[SiteServer]:
    site = start_site(port=0)
    yield site
    site.stop()


@pytest.fixture(scope="module")
def extracted(server: SiteServer) -> list[Extracted]:
    """Every article fetched page by page, following next_page as a spider would."""
    results = []
    for story in load_articles():
        outlet = OUTLETS[story.outlet]
        hints = hints_for(outlet)
        pages: list[Article | None] = []
        url: str | None = server.url(article_page_paths(story)[0])
        while url is not None and len(pages) < 5:
            page = extract_url(url, hints)
            pages.append(page)
            url = page.next_page if page else None
        first = pages[0]
        article = None
        if first is not None:
            article = join_pages(first, [p for p in pages[1:] if p is not None])
        results.append(Extracted(story, outlet, tuple(pages), article))
    return results


def test_site_has_the_five_layouts(extracted: list[Extracted]) -> None:
    assert len(extracted) >= 60
    assert {e.outlet.family for e in extracted} == {
        "antara",
        "kompas",
        "detik",
        "tribun",
        "wordpress",
    }


def test_every_article_is_extracted_by_family_rules(extracted: list[Extracted]) -> None:
    failures = [
        (e.story.id, e.article.method if e.article else None)
        for e in extracted
        if e.article is None or not e.article.method.startswith("rules:")
    ]
    assert failures == []


def test_titles(extracted: list[Extracted]) -> None:
    failures = [
        (e.story.id, e.article and e.article.title, e.story.title)
        for e in extracted
        if e.article is None or e.article.title != e.story.title
    ]
    assert failures == []


def test_published_instant_and_zone(extracted: list[Extracted]) -> None:
    failures = [
        (e.story.id, e.article and e.article.published, e.story.published)
        for e in extracted
        if e.article is None
        or e.article.published != e.story.published
        or e.article.published.utcoffset() != e.story.published.utcoffset()
    ]
    assert failures == []


def test_datelines(extracted: list[Extracted]) -> None:
    failures = [
        (e.story.id, e.article and e.article.dateline, e.story.dateline)
        for e in extracted
        if e.article is None or e.article.dateline != e.story.dateline
    ]
    assert failures == []


def test_every_paragraph_is_in_the_text(extracted: list[Extracted]) -> None:
    failures = []
    for e in extracted:
        text = _norm(e.article.text) if e.article else ""
        missing = [i for i, p in enumerate(e.story.paragraphs) if _norm(p) not in text]
        if missing:
            failures.append((e.story.id, missing))
    assert failures == []


def test_nothing_but_the_story(extracted: list[Extracted]) -> None:
    """Each extracted paragraph is a story paragraph, the first with its dateline."""
    failures = []
    for e in extracted:
        assert e.article is not None, e.story.id
        story = [_norm(p) for p in e.story.paragraphs]
        got = [_norm(p) for p in e.article.paragraphs]
        if (
            len(got) != len(story)
            or got[1:] != story[1:]
            or not got[0].endswith(story[0])
        ):
            failures.append(e.story.id)
    assert failures == []


def test_first_paragraph_keeps_the_dateline_prefix(extracted: list[Extracted]) -> None:
    failures = []
    for e in extracted:
        assert e.article is not None, e.story.id
        prefix = e.article.paragraphs[0][: -len(_norm(e.story.paragraphs[0]))]
        if e.story.dateline.lower() not in prefix.lower():
            failures.append((e.story.id, prefix))
    assert failures == []


def test_no_boilerplate_markers(extracted: list[Extracted]) -> None:
    failures = []
    for e in extracted:
        assert e.article is not None, e.story.id
        story_text = " ".join(e.story.paragraphs)
        markers = [
            m
            for m in BOILERPLATE_MARKERS
            if m in e.article.text and m not in story_text
        ]
        if markers:
            failures.append((e.story.id, markers))
    assert failures == []


def test_related_headlines_stay_out(extracted: list[Extracted]) -> None:
    titles = {e.story.id: e.story.title for e in extracted}
    failures = []
    for e in extracted:
        assert e.article is not None, e.story.id
        leaked = [
            r for r in e.story.related if r in titles and titles[r] in e.article.text
        ]
        if leaked:
            failures.append((e.story.id, leaked))
    assert failures == []


def test_kompas_pages_are_followed_and_joined(extracted: list[Extracted]) -> None:
    paginated = [e for e in extracted if len(article_page_paths(e.story)) > 1]
    assert paginated, "the site has multi-page Kompas stories"
    for e in paginated:
        assert len(e.pages) == len(article_page_paths(e.story)), e.story.id
        last = e.pages[-1]
        assert last is not None
        assert last.next_page is None
        assert e.article is not None
        assert e.article.pages == len(e.pages)
        # page 1 alone is only part of the story
        assert len(e.pages[0].paragraphs) < len(e.story.paragraphs)


def test_canonical_url_is_page_one(
    extracted: list[Extracted], server: SiteServer
) -> None:
    failures = [
        (e.story.id, page.canonical_url)
        for e in extracted
        for page in e.pages
        if page is None
        or page.canonical_url != server.url(article_page_paths(e.story)[0])
    ]
    assert failures == []


# -- the misbehaving pages -------------------------------------------------------------


def _broken(server: SiteServer, path: str) -> Article | None:
    outlet = BY_PREFIX[path.split("/")[1]]
    return extract_url(server.url(path), hints_for(outlet))


def test_truncated_page_gives_the_paragraphs_before_the_cut(server: SiteServer) -> None:
    story = broken.SYNTHETIC[broken.TRUNCATED]
    article = _broken(server, broken.TRUNCATED)
    assert article is not None
    assert article.title == story.title
    assert article.published == story.published
    assert story.paragraphs[0] in article.paragraphs[0]
    assert all(any(p.endswith(s) for s in story.paragraphs) for p in article.paragraphs)
    assert len(article.paragraphs) < len(story.paragraphs)


@pytest.mark.parametrize("path", [broken.LATIN1_DECLARED, broken.CP1252_BYTES])
def test_mislabelled_charset_is_decoded_right(server: SiteServer, path: str) -> None:
    story = broken.SYNTHETIC[path]
    article = _broken(server, path)
    assert article is not None
    text = _norm(article.text)
    for paragraph in story.paragraphs:  # curly quotes, dashes, accents, one-half sign
        assert _norm(paragraph) in text
    assert "\ufffd" not in article.text
    assert "â€" not in article.text  # UTF-8 read as cp1252


@pytest.mark.parametrize("path", [broken.EMPTY_BODY, broken.GALLERY])
def test_page_without_a_story_gives_none(server: SiteServer, path: str) -> None:
    assert _broken(server, path) is None


def test_not_found_page_is_no_article(server: SiteServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as info:
        fetch(server.url(broken.NOT_FOUND))
    assert info.value.code == 404
    body = info.value.read()
    outlet = BY_PREFIX["warta-perbatasan"]
    assert (
        extract_article(body, server.url(broken.NOT_FOUND), hints_for(outlet)) is None
    )


def test_huge_page_costs_bounded_time(server: SiteServer) -> None:
    body, _ = fetch(server.url(broken.HUGE))
    assert len(body) > broken.HUGE_MIN_BYTES
    outlet = BY_PREFIX["warta-perbatasan"]
    started = time.perf_counter()
    article = extract_article(body, server.url(broken.HUGE), hints_for(outlet))
    elapsed = time.perf_counter() - started
    assert elapsed < 10
    assert article is not None
    assert article.title == broken.SYNTHETIC[broken.HUGE].title
    assert broken.SYNTHETIC[broken.HUGE].paragraphs[-1] in article.text
