"""extract_article on the real saved pages of ../shared/data/html, one annotated page at
a time.

The annotations are tests/fixtures/real_pages/**/*.json (see its README); the pages stay
in ../shared and these tests skip without it. Each field has its own test so a failure
names the field and the page. The corpus-wide floors live in
tests/quality/test_article_extraction_gate.py.
"""

from __future__ import annotations

import functools
import json
from datetime import datetime
from pathlib import Path

import pytest

from crawler.extract import Article, extract_article

GOLD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "real_pages"
GOLD_FILES = sorted(GOLD_DIR.rglob("*.json"))


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


@functools.cache
def _extract(gold_file: Path, html_root: Path) -> tuple[dict, Article | None]:
    """One extraction per page for all the field tests (Article is immutable)."""
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    return gold, extract_article((html_root / gold["file"]).read_bytes(), gold["url"])


@pytest.fixture(params=GOLD_FILES, ids=lambda p: p.stem)
def page(request: pytest.FixtureRequest, shared_data: Path) -> tuple[dict, Article]:
    gold, article = _extract(request.param, shared_data / "html")
    assert article is not None, "no article extracted"
    return gold, article


def test_corpus_is_the_29_article_pages() -> None:
    assert len(GOLD_FILES) == 29


def test_title(page: tuple[dict, Article]) -> None:
    gold, article = page
    assert _norm(article.title) == _norm(gold["title"])


def test_published(page: tuple[dict, Article]) -> None:
    gold, article = page
    expected = datetime.fromisoformat(gold["published"])
    assert article.published is not None
    if gold["published_precision"] == "date":
        assert article.published.date() == expected.date()
    else:
        assert article.published == expected


def test_published_is_in_an_indonesian_zone(page: tuple[dict, Article]) -> None:
    _, article = page
    assert article.published is not None
    offset = article.published.utcoffset()
    assert offset is not None
    assert offset.total_seconds() / 3600 in (7, 8, 9)


def test_body_contains_the_story(page: tuple[dict, Article]) -> None:
    gold, article = page
    text = _norm(article.text)
    missing = [s for s in gold["must_contain"] if _norm(s) not in text]
    assert missing == []


def test_body_has_no_boilerplate(page: tuple[dict, Article]) -> None:
    gold, article = page
    text = _norm(article.text)
    found = [s for s in gold["must_not_contain"] if _norm(s) in text]
    assert found == []


def test_dateline(page: tuple[dict, Article]) -> None:
    gold, article = page
    assert article.dateline == gold["dateline"]


@pytest.mark.parametrize(
    "gold_file",
    [p for p in GOLD_FILES if json.loads(p.read_text(encoding="utf-8"))["dateline"]],
    ids=lambda p: p.stem,
)
def test_text_keeps_the_dateline_prefix(gold_file: Path, shared_data: Path) -> None:
    """The incident extractor reads the city from the first paragraph, so it stays
    there."""
    gold, article = _extract(gold_file, shared_data / "html")
    assert article is not None
    opening = article.paragraphs[0][:40].lower()
    assert gold["dateline"].lower() in opening


def test_language(page: tuple[dict, Article]) -> None:
    gold, article = page
    assert article.language == gold["language"]


def test_found_by_family_rules_not_the_fallback(page: tuple[dict, Article]) -> None:
    """Every outlet in the corpus has rules; trafilatura is only for unknown layouts."""
    _, article = page
    assert article.method.startswith("rules:")


def test_to_json_contract(page: tuple[dict, Article]) -> None:
    gold, article = page
    data = article.to_json()
    for key in ("title", "text", "published", "dateline", "outlet", "canonical_url"):
        assert key in data
    assert datetime.fromisoformat(data["published"]) == article.published
    assert data["canonical_url"].startswith("http")
    json.dumps(data)  # serialisable as the CLI prints it
