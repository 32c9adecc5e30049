"""Article extraction speed and accuracy: crawler.extract vs plain trafilatura, same
run.

Pages: the 29 annotated real pages of ../shared/data/html (35-360 KB) and every page of
the bundled offline site rendered in its outlet's layout (about 100-150 KB each, with
navigation, sidebars, ads and scripts). Each page is extracted ``--repeat`` times by
each extractor, on one CPU core (the process pins itself), after a warm-up pass that
pays for imports.

Speed: pages/second of ``extract_article(bytes, url, hints)`` against
``trafilatura.extract(bytes, url=url)`` with its defaults ("plain"), and against
trafilatura asked for metadata (``output_format="json", with_metadata=True``), which is
what it needs to give a title and a date at all.

Accuracy, for both on the same pages: on the real pages the gold annotations (title
exact, date same instant / same day, must-contain snippets, must-not-contain boilerplate
hits; scored by tests/quality/test_article_extraction_gate.py); on the site pages the
article JSON (title, date, share of the page's story paragraphs found, paragraphs that
are not story). trafilatura gives a calendar date only, so its "same instant" column is
n/a. "ours, no family rules" is the same code on the same pages under an unknown host
name: what a new outlet gets before anyone writes its rules (generic path, then
trafilatura).

    .venv/bin/python bench/bench_extract.py [--repeat 5] [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from crawler.extract import ExtractionHints, extract_article  # noqa: E402
from tests.quality import test_article_extraction_gate as gate  # noqa: E402

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
SITE_BASE = "http://127.0.0.1:8000"


@dataclass(frozen=True)
class Page:
    set: str  # "real" or "site"
    name: str
    outlet: str
    url: str
    html: bytes
    hints: ExtractionHints | None
    gold: (
        Any  # gate.Gold for real pages, (SiteArticle, paragraph indices) for site pages
    )


def pin_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity on this OS)"


def real_pages(shared: Path) -> list[Page]:
    return [
        Page(
            "real",
            g.name,
            g.outlet,
            g.url,
            (shared / "html" / g.file).read_bytes(),
            None,
            g,
        )
        for g in gate.load_gold()
    ]


def site_pages() -> list[Page]:
    from newssite.outlets import OUTLETS
    from newssite.site import Site
    from newssite.urls import page_path, page_split

    site = Site.from_dir()
    pages = []
    for story in site.articles:
        outlet = OUTLETS[story.outlet]
        hints = ExtractionHints(
            family=outlet.family, outlet=outlet.key, timezone=ZONES[outlet.default_zone]
        )
        for number, indices in enumerate(page_split(story), start=1):
            html = site.render_article(SITE_BASE, story, number).encode("utf-8")
            url = SITE_BASE + page_path(story, number)
            pages.append(
                Page(
                    "site",
                    f"{story.id}#{number}",
                    outlet.family,
                    url,
                    html,
                    hints,
                    (story, indices),
                )
            )
    return pages


# -- the extractors, as gate.Outcome ---------------------------------------------------


def ours(page: Page) -> gate.Outcome | None:
    return gate.outcome_of(extract_article(page.html, page.url, page.hints))


def ours_generic(page: Page) -> gate.Outcome | None:
    """Ours on an outlet without family rules: the page under an unknown host name."""
    parts = urlsplit(page.url)
    url = urlunsplit((parts.scheme, "unknown-outlet.example", *parts[2:]))
    return gate.outcome_of(extract_article(page.html, url, None))


def trafilatura_plain(page: Page) -> str | None:
    import trafilatura

    return trafilatura.extract(page.html, url=page.url)


def trafilatura_meta(page: Page) -> gate.Outcome | None:
    import trafilatura

    raw = trafilatura.extract(
        page.html, url=page.url, output_format="json", with_metadata=True
    )
    if raw is None:
        return None
    data = json.loads(raw)
    day = None
    if data.get("date"):
        try:
            day = date.fromisoformat(data["date"][:10])
        except ValueError:
            day = None
    return gate.Outcome(
        title=data.get("title") or "",
        text=data.get("text") or "",
        published_day=day,
        scores_instant=False,
        scores_dateline=False,
        scores_language=False,
    )


# -- timing ----------------------------------------------------------------------------


def pages_per_second(
    funcs: dict[str, Any], pages: list[Page], repeat: int
) -> dict[str, float]:
    """Pages per CPU-second of each function: best of ``repeat`` passes over all pages.

    The passes of the extractors alternate and are timed in process CPU time, so a busy
    machine slows neither one more than the other.
    """
    for func in funcs.values():
        for page in pages:  # warm-up: imports, compiled XPaths, caches
            func(page)
    best = dict.fromkeys(funcs, float("inf"))
    for _ in range(repeat):
        for name, func in funcs.items():
            started = time.process_time()
            for page in pages:
                func(page)
            best[name] = min(best[name], time.process_time() - started)
    return {name: len(pages) / seconds for name, seconds in best.items()}


# -- accuracy on the site pages --------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split())


def score_site(page: Page, outcome: gate.Outcome | None) -> dict[str, Any]:
    story, indices = page.gold
    expected = [_norm(story.paragraphs[i]) for i in indices]
    if outcome is None:
        return {
            "found": False,
            "title": False,
            "date": False,
            "date_day": False,
            "paragraphs": 0.0,
            "extra": 0,
        }
    lines = [_norm(p) for p in outcome.text.split("\n") if p.strip()]
    text = " ".join(lines)
    published_day = outcome.published_day or (
        outcome.published.astimezone(story.published.tzinfo).date()
        if outcome.published
        else None
    )
    extra = sum(
        1 for line in lines if not any(line.endswith(e) or line == e for e in expected)
    )
    return {
        "found": True,
        "title": outcome.title == story.title,
        "date": None
        if outcome.published is None and outcome.published_day
        else outcome.published == story.published,
        "date_day": published_day == story.published.date(),
        "paragraphs": sum(e in text for e in expected) / len(expected),
        "extra": extra,
    }


def summarize_site(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def rate(key: str) -> float | None:
        values = [r[key] for r in rows if r[key] is not None]
        return round(sum(values) / len(values), 4) if values else None

    return {
        "pages": len(rows),
        "found": rate("found"),
        "title": rate("title"),
        "date": rate("date"),
        "date_day": rate("date_day"),
        "paragraphs": round(statistics.mean(r["paragraphs"] for r in rows), 4),
        "non_story_paragraphs": sum(r["extra"] for r in rows),
    }


# -- report ----------------------------------------------------------------------------


def _cell(value: Any) -> str:
    return "n/a" if value is None else str(value)


def table(title: str, rows: dict[str, dict[str, Any]], cols: tuple[str, ...]) -> None:
    print(f"\n{title}")
    print(f"{'':22}" + "".join(f"{c:>21}" for c in cols))
    for name, row in rows.items():
        print(f"{name:22}" + "".join(f"{_cell(row.get(c)):>21}" for c in cols))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=5, help="timed passes over the pages"
    )
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    print(pin_one_core())

    real = real_pages(args.shared) if (args.shared / "html").is_dir() else []
    site = site_pages()
    pages = real + site
    for name, group in (("real", real), ("site", site), ("all", pages)):
        if group:
            sizes = [len(p.html) / 1024 for p in group]
            print(
                f"{name:5} pages: {len(group):4}  "
                f"mean {statistics.mean(sizes):6.1f} KB  "
                f"min {min(sizes):6.1f} KB  max {max(sizes):6.1f} KB"
            )

    speed: dict[str, dict[str, float]] = defaultdict(dict)
    for name, group in (("real", real), ("site", site)):
        if not group:
            continue
        funcs = {
            "ours": ours,
            "trafilatura": trafilatura_plain,
            "trafilatura+meta": trafilatura_meta,
        }
        speed[name] = pages_per_second(funcs, group, args.repeat)
    if real and site:  # both sets once: total pages over total time
        speed["all"] = {
            who: len(pages)
            / (len(real) / speed["real"][who] + len(site) / speed["site"][who])
            for who in speed["real"]
        }
    print(f"\npages per CPU-second (best of {args.repeat} passes, one core)")
    for name, row in speed.items():
        print(
            f"{name:5} ours {row['ours']:8.1f}   "
            f"trafilatura.extract {row['trafilatura']:7.1f}"
            f"   with metadata {row['trafilatura+meta']:7.1f}   ratio "
            f"{row['ours'] / row['trafilatura']:5.1f}x (plain) "
            f"{row['ours'] / row['trafilatura+meta']:5.1f}x (metadata)"
        )

    figures: dict[str, Any] = {"speed": speed}
    if real:
        cols = ("pages", "title", "date", "date_day", "snippets", "boilerplate_hits")
        scores = {
            "ours": [gate.score_page(p.gold, ours(p)) for p in real],
            "ours, no family rules": [
                gate.score_page(p.gold, ours_generic(p)) for p in real
            ],
            "trafilatura": [gate.score_page(p.gold, trafilatura_meta(p)) for p in real],
        }
        overall = {who: gate.summarize(s) for who, s in scores.items()}
        table(
            "real pages, gold annotations (date = same instant, date_day = same day)",
            overall,
            cols,
        )
        outlets = sorted({p.outlet for p in real})
        per_outlet: dict[str, dict[str, Any]] = {}
        for outlet in outlets:
            for who in ("ours", "trafilatura"):
                s = scores[who]
                per_outlet[f"{outlet} {who}"] = gate.summarize(
                    [x for x in s if x.gold.outlet == outlet]
                )
        table("real pages per outlet", per_outlet, cols)
        figures["real"] = overall
        figures["real_per_outlet"] = per_outlet
    site_rows = {
        "ours": summarize_site([score_site(p, ours(p)) for p in site]),
        "ours, no family rules": summarize_site(
            [score_site(p, ours_generic(p)) for p in site]
        ),
        "trafilatura": summarize_site(
            [score_site(p, trafilatura_meta(p)) for p in site]
        ),
    }
    table(
        "offline site pages (paragraphs = share of the page's story paragraphs found)",
        site_rows,
        (
            "pages",
            "found",
            "title",
            "date",
            "date_day",
            "paragraphs",
            "non_story_paragraphs",
        ),
    )
    by_family: dict[str, dict[str, Any]] = {}
    for family in sorted({p.outlet for p in site}):
        group = [p for p in site if p.outlet == family]
        by_family[f"{family} ours"] = summarize_site(
            [score_site(p, ours(p)) for p in group]
        )
        by_family[f"{family} trafilatura"] = summarize_site(
            [score_site(p, trafilatura_meta(p)) for p in group]
        )
    table(
        "offline site pages per layout",
        by_family,
        ("pages", "title", "date_day", "paragraphs", "non_story_paragraphs"),
    )
    figures["site"] = site_rows
    figures["site_per_layout"] = by_family
    figures["when"] = datetime.now().astimezone().isoformat(timespec="seconds")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
