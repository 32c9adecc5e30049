"""Article-extraction quality gate on the real saved pages (``../shared/data/html``).

The gold annotations live in ``tests/fixtures/real_pages/**/*.json`` (title, date,
dateline, language, must-contain and must-not-contain snippets; see its README). This
module scores ``crawler.extract.extract_article`` on them and compares the figures with
the floors pinned in ``article_extraction_baseline.json``, together with a hash of the
gold inputs (annotations and the HTML they describe), in the manner of trafilatura's
``tests/eval_gate.py``.

* The test fails when a figure drops below its floor, when boilerplate appears that the
  baseline does not allow, or when the gold inputs changed without the baseline being
  re-pinned.
* ``python -m tests.quality.test_article_extraction_gate`` prints the figures per field
  and per outlet; ``--update`` re-pins the hash and raises floors to the current
  figures. It refuses to lower a floor unless ``--allow-lower`` is given, so lowering
  one is an explicit act that shows up in review as an edit of the baseline file.

Scoring: title is an exact match after collapsing whitespace; date is the same instant
(``published_precision == "date"`` compares calendar dates); snippets are counted one by
one over all pages; a must-not-contain snippet found in the body is a boilerplate hit;
dateline and language are exact matches. ``bench/bench_extract.py`` reuses these
functions to score trafilatura on the same pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO / "tests" / "fixtures" / "real_pages"
BASELINE = Path(__file__).with_name("article_extraction_baseline.json")
# figures that must not fall below their floor, and the one that must not rise above its
# cap
RATE_FIELDS = ("title", "date", "snippets", "dateline", "language", "found")
ISSUE_TARGETS = {
    "title": 0.95,
    "date": 0.95,
    "snippets": 0.95,
}  # issue 2, "Quality, measured"


@dataclass(frozen=True)
class Gold:
    """One annotated page (see tests/fixtures/real_pages/README.md)."""

    name: str
    file: str
    url: str
    outlet: str
    title: str
    published: datetime | None
    precision: str
    dateline: str | None
    language: str
    must_contain: tuple[str, ...]
    must_not_contain: tuple[str, ...]


@dataclass(frozen=True)
class Outcome:
    """What an extractor returned for a page; None fields are "not reported" and not
    scored (trafilatura reports no dateline and only a calendar date)."""

    title: str
    text: str
    published: datetime | None = None
    published_day: date | None = None
    dateline: str | None = None
    language: str | None = None
    scores_instant: bool = True
    scores_dateline: bool = True
    scores_language: bool = True


@dataclass(frozen=True)
class PageScore:
    gold: Gold
    found: bool
    title: bool
    date: bool | None  # None: the page has no date to find
    date_day: bool | None
    snippets_found: int
    snippets_total: int
    boilerplate: tuple[str, ...]
    dateline: bool | None
    language: bool | None


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def load_gold(gold_dir: Path = GOLD_DIR) -> list[Gold]:
    """Every annotation file, sorted by path."""
    pages = []
    for path in sorted(gold_dir.rglob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        published = raw.get("published")
        pages.append(
            Gold(
                name=str(path.relative_to(gold_dir).with_suffix("")),
                file=raw["file"],
                url=raw["url"],
                outlet=raw["outlet"],
                title=raw["title"],
                published=datetime.fromisoformat(published) if published else None,
                precision=raw.get("published_precision", "datetime"),
                dateline=raw.get("dateline"),
                language=raw.get("language", "id"),
                must_contain=tuple(raw["must_contain"]),
                must_not_contain=tuple(raw["must_not_contain"]),
            )
        )
    return pages


def inputs_hash(gold_dir: Path, html_root: Path) -> str:
    """SHA-256 over the annotations and the saved pages they describe."""
    digest = hashlib.sha256()
    for path in sorted(gold_dir.rglob("*.json")):
        digest.update(str(path.relative_to(gold_dir)).encode())
        digest.update(path.read_bytes())
        html = html_root / json.loads(path.read_text(encoding="utf-8"))["file"]
        digest.update(html.read_bytes())
    return digest.hexdigest()


def score_page(gold: Gold, outcome: Outcome | None) -> PageScore:
    """Compare one extractor outcome with the annotation (None: no article returned)."""
    has_date = gold.published is not None
    if outcome is None:
        return PageScore(
            gold,
            False,
            False,
            False if has_date else None,
            False if has_date else None,
            0,
            len(gold.must_contain),
            (),
            False,
            False,
        )
    text = _norm(outcome.text)
    day = outcome.published_day or (
        outcome.published.date() if outcome.published else None
    )
    date_ok = date_day = None
    if gold.published is not None:
        # the calendar date where the story was published, as the page shows it
        gold_day = gold.published.date()
        if outcome.published is not None:
            day = outcome.published.astimezone(gold.published.tzinfo).date()
        date_day = day == gold_day
        if gold.precision == "date":
            date_ok = date_day
        elif not outcome.scores_instant:
            date_ok = None
        else:
            date_ok = (
                outcome.published is not None and outcome.published == gold.published
            )
    return PageScore(
        gold=gold,
        found=True,
        title=_norm(outcome.title) == _norm(gold.title),
        date=date_ok,
        date_day=date_day,
        snippets_found=sum(_norm(s) in text for s in gold.must_contain),
        snippets_total=len(gold.must_contain),
        boilerplate=tuple(s for s in gold.must_not_contain if _norm(s) in text),
        dateline=outcome.dateline == gold.dateline if outcome.scores_dateline else None,
        language=outcome.language == gold.language if outcome.scores_language else None,
    )


def _rate(values: list[bool | None]) -> float | None:
    scored = [v for v in values if v is not None]
    return round(sum(scored) / len(scored), 4) if scored else None


def summarize(scores: list[PageScore]) -> dict[str, Any]:
    """Pass rates per field over the pages that can be scored on it, and boilerplate
    hits."""
    total = sum(s.snippets_total for s in scores)
    return {
        "pages": len(scores),
        "found": _rate([s.found for s in scores]),
        "title": _rate([s.title for s in scores]),
        "date": _rate([s.date for s in scores]),
        "date_day": _rate([s.date_day for s in scores]),
        "snippets": round(sum(s.snippets_found for s in scores) / total, 4)
        if total
        else None,
        "boilerplate_hits": sum(len(s.boilerplate) for s in scores),
        "dateline": _rate([s.dateline for s in scores]),
        "language": _rate([s.language for s in scores]),
    }


def by_outlet(scores: list[PageScore]) -> dict[str, dict[str, Any]]:
    groups: dict[str, list[PageScore]] = defaultdict(list)
    for s in scores:
        groups[s.gold.outlet].append(s)
    return {outlet: summarize(group) for outlet, group in sorted(groups.items())}


def outcome_of(article: Any) -> Outcome | None:
    """A ``crawler.extract.Article`` (or no article) as an Outcome."""
    if article is None:
        return None
    return Outcome(
        title=article.title,
        text=article.text,
        published=article.published,
        dateline=article.dateline,
        language=article.language,
    )


def ours(html: bytes, url: str) -> Outcome | None:
    """``crawler.extract.extract_article`` as an Outcome."""
    from crawler.extract import extract_article

    return outcome_of(extract_article(html, url))


def run(gold: list[Gold], html_root: Path, extractor: Any = ours) -> list[PageScore]:
    return [
        score_page(g, extractor((html_root / g.file).read_bytes(), g.url)) for g in gold
    ]


def compare(summary: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """The ways ``summary`` falls short of ``baseline``; empty when the gate passes."""
    failures = []
    for name, floor in baseline["floors"].items():
        value = summary.get(name)
        if value is None or value < floor:
            failures.append(f"{name}: {value} is below the pinned floor {floor}")
    cap = baseline["max_boilerplate_hits"]
    if summary["boilerplate_hits"] > cap:
        failures.append(
            f"boilerplate_hits: {summary['boilerplate_hits']} > allowed {cap}"
        )
    return failures


def updated_baseline(
    summary: dict[str, Any], old: dict[str, Any] | None, digest: str, allow_lower: bool
) -> dict[str, Any]:
    """The baseline re-pinned to ``summary``; raises ValueError rather than lower a
    floor."""
    floors = {
        name: summary[name] for name in RATE_FIELDS if summary.get(name) is not None
    }
    if old is not None and not allow_lower:
        lowered = [
            f"{name} {old['floors'][name]} -> {value}"
            for name, value in floors.items()
            if value < old["floors"].get(name, 0)
        ]
        if summary["boilerplate_hits"] > old["max_boilerplate_hits"]:
            cap, hits = old["max_boilerplate_hits"], summary["boilerplate_hits"]
            lowered.append(f"boilerplate {cap} -> {hits}")
        if lowered:
            raise ValueError(
                "would lower: " + ", ".join(lowered) + " (pass --allow-lower)"
            )
    return {
        "inputs_sha256": digest,
        "pages": summary["pages"],
        "floors": floors,
        "max_boilerplate_hits": summary["boilerplate_hits"],
    }


# -- tests -----------------------------------------------------------------------------


def test_extraction_meets_pinned_floors(shared_data: Path) -> None:
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    gold = load_gold()
    digest = inputs_hash(GOLD_DIR, shared_data / "html")
    assert digest == baseline["inputs_sha256"], (
        "gold annotations or saved pages changed: check the figures and re-pin with "
        "`python -m tests.quality.test_article_extraction_gate --update`"
    )
    summary = summarize(run(gold, shared_data / "html"))
    assert summary["pages"] == baseline["pages"]
    failures = compare(summary, baseline)
    assert not failures, "\n".join(failures)


def test_pinned_floors_meet_issue_targets() -> None:
    """The baseline may not be re-pinned below what issue 2 asks for."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    for name, target in ISSUE_TARGETS.items():
        assert baseline["floors"][name] >= target, name
    assert baseline["max_boilerplate_hits"] == 0


def _summary(**changes: Any) -> dict[str, Any]:
    base = dict.fromkeys(RATE_FIELDS, 1.0)
    return {**base, "pages": 29, "date_day": 1.0, "boilerplate_hits": 0, **changes}


def test_compare_reports_a_drop_and_a_boilerplate_hit() -> None:
    baseline = updated_baseline(_summary(), None, "x", allow_lower=False)
    assert compare(_summary(), baseline) == []
    failures = compare(_summary(title=0.9, boilerplate_hits=1), baseline)
    assert any(f.startswith("title: 0.9") for f in failures)
    assert any(f.startswith("boilerplate_hits: 1") for f in failures)
    assert compare(_summary(date=None), baseline) == [
        "date: None is below the pinned floor 1.0"
    ]


def test_update_refuses_to_lower_a_floor_without_the_flag() -> None:
    old = updated_baseline(_summary(), None, "x", allow_lower=False)
    with pytest.raises(ValueError, match="snippets 1.0 -> 0.97"):
        updated_baseline(_summary(snippets=0.97), old, "y", allow_lower=False)
    lowered = updated_baseline(_summary(snippets=0.97), old, "y", allow_lower=True)
    assert lowered["floors"]["snippets"] == 0.97
    assert lowered["inputs_sha256"] == "y"
    raised = updated_baseline(_summary(), old, "z", allow_lower=False)
    assert raised["floors"] == old["floors"]


def test_score_page_counts_fields_separately() -> None:
    gold = Gold(
        name="x",
        file="x.html",
        url="http://example.id/a",
        outlet="antara",
        title="Judul berita",
        published=datetime.fromisoformat("2024-03-15T14:20:00+07:00"),
        precision="datetime",
        dateline="Pontianak",
        language="id",
        must_contain=("kalimat pertama", "kalimat kedua"),
        must_not_contain=("Baca juga",),
    )
    utc = datetime.fromisoformat("2024-03-15T07:20:00+00:00")  # the same instant
    outcome = Outcome(
        title="Judul  berita",
        text="Pontianak (ANTARA) - kalimat pertama.\n\nBaca juga: x",
        published=utc,
        dateline="Pontianak",
        language="id",
    )
    score = score_page(gold, outcome)
    assert (score.title, score.date, score.date_day) == (True, True, True)
    assert (score.snippets_found, score.snippets_total) == (1, 2)
    assert score.boilerplate == ("Baca juga",)
    missing = score_page(gold, None)
    assert (missing.found, missing.title, missing.date, missing.snippets_found) == (
        False,
        False,
        False,
        0,
    )


# -- command line ----------------------------------------------------------------------


def _print_table(title: str, rows: dict[str, dict[str, Any]]) -> None:
    cols = (
        "pages",
        "title",
        "date",
        "date_day",
        "snippets",
        "boilerplate_hits",
        "dateline",
    )
    print(f"\n{title}")
    print(f"{'':12}" + "".join(f"{c:>17}" for c in cols))
    for name, summary in rows.items():
        cells = "".join(
            f"{'-' if summary[c] is None else summary[c]:>17}" for c in cols
        )
        print(f"{name:12}{cells}")


def main(argv: list[str] | None = None) -> int:
    default_shared = REPO.parent / "shared" / "data"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=default_shared)
    parser.add_argument("--update", action="store_true", help="re-pin hash and floors")
    parser.add_argument(
        "--allow-lower", action="store_true", help="with --update: accept lower floors"
    )
    parser.add_argument("--errors", action="store_true", help="print per-page failures")
    args = parser.parse_args(argv)
    html_root = args.shared / "html"
    gold = load_gold()
    started = time.perf_counter()
    scores = run(gold, html_root)
    elapsed = time.perf_counter() - started
    summary = summarize(scores)
    _print_table("per outlet", {**by_outlet(scores), "ALL": summary})
    print(f"\n{len(gold)} pages in {elapsed:.2f} s")
    if args.errors:
        for s in scores:
            wrong = [
                f
                for f in ("found", "title", "date", "dateline", "language")
                if getattr(s, f) is False
            ]
            if wrong or s.boilerplate or s.snippets_found < s.snippets_total:
                print(
                    s.gold.name,
                    wrong,
                    s.boilerplate,
                    f"{s.snippets_found}/{s.snippets_total}",
                )
    old = (
        json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else None
    )
    digest = inputs_hash(GOLD_DIR, html_root)
    if args.update:
        try:
            new = updated_baseline(summary, old, digest, args.allow_lower)
        except ValueError as exc:
            print(f"not updated: {exc}", file=sys.stderr)
            return 1
        BASELINE.write_text(json.dumps(new, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {BASELINE}")
        return 0
    if old is None:
        print("no baseline yet: run with --update", file=sys.stderr)
        return 1
    failures = compare(summary, old)
    if digest != old["inputs_sha256"]:
        failures.append("gold inputs changed since the baseline was pinned")
    for failure in failures:
        print("FAIL", failure, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
