"""URL scheme of the offline site and the ground truth a crawl and an extraction must
reproduce.

Tests use these helpers to know which URLs a full crawl has to find and which text the
extractor has to return, without parsing the rendered pages themselves."""

from __future__ import annotations

from collections.abc import Iterable

from newssite.content import OUTLET_PREFIXES, SiteArticle

PER_PAGE = 10  # listing page size (/<outlet>/indeks?page=N)


def article_path(article: SiteArticle) -> str:
    """Canonical path of the article (its first page for multi-page Kompas stories)."""
    prefix = OUTLET_PREFIXES[article.outlet]
    day = (
        article.published
    )  # local date of the outlet (the JSON carries the outlet's offset)
    if article.outlet in ("antara_kalbar", "antara_ntt"):
        return f"/{prefix}/berita/{article.numeric_id}/{article.slug}"
    if article.outlet == "kompas_regional":
        return f"/{prefix}/read/{day:%Y/%m/%d}/{article.numeric_id}/{article.slug}"
    if article.outlet == "detik_news":
        return f"/{prefix}/berita/d-{article.numeric_id}/{article.slug}"
    if article.outlet == "tribun_batam":
        return f"/{prefix}/{day:%Y/%m/%d}/{article.slug}"
    if article.outlet == "warta_perbatasan":
        return f"/{prefix}/{day:%Y/%m}/{article.slug}/"
    raise ValueError(f"unknown outlet {article.outlet!r}")


def page_split(article: SiteArticle) -> list[list[int]]:
    """Paragraph indices per page: Kompas splits stories of >= 8 paragraphs over 2-3
    pages."""
    n = len(article.paragraphs)
    if article.outlet != "kompas_regional" or n < 8:
        return [list(range(n))]
    pages = 2 if n < 12 else 3
    size, extra = divmod(n, pages)
    split, start = [], 0
    for i in range(pages):
        end = start + size + (1 if i < extra else 0)
        split.append(list(range(start, end)))
        start = end
    return split


def page_count(article: SiteArticle) -> int:
    return len(page_split(article))


def page_path(article: SiteArticle, page: int) -> str:
    """Path of page `page` (1-based); page 1 is the canonical path without a query."""
    base = article_path(article)
    return base if page == 1 else f"{base}?page={page}"


def article_page_paths(article: SiteArticle) -> list[str]:
    """Every page a crawler has to fetch to assemble the article's full text."""
    return [page_path(article, p) for p in range(1, page_count(article) + 1)]


def article_paths(articles: Iterable[SiteArticle]) -> dict[str, list[str]]:
    """Outlet path prefix -> canonical article paths, newest first (the order of the
    indeks)."""
    result: dict[str, list[str]] = {prefix: [] for prefix in OUTLET_PREFIXES.values()}
    for article in sort_newest_first(articles):
        result[OUTLET_PREFIXES[article.outlet]].append(article_path(article))
    return result


def sort_newest_first(articles: Iterable[SiteArticle]) -> list[SiteArticle]:
    return sorted(articles, key=lambda a: (a.published, a.id), reverse=True)


def listing_path(prefix: str, page: int = 1) -> str:
    return f"/{prefix}/indeks" if page == 1 else f"/{prefix}/indeks?page={page}"


def expected_text(article: SiteArticle, sep: str = "\n\n") -> str:
    """The clean body an extractor should return: the paragraphs without dateline or
    boilerplate."""
    return sep.join(p.strip() for p in article.paragraphs)
