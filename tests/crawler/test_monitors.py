"""Crawl-health figures and alerts from a run's stats."""

from __future__ import annotations

from crawler.monitors import RunSummary, Thresholds, assess, summarize


def _stats(**kw: int) -> dict[str, object]:
    base = {"response_received_count": 40, "pantau/validate/ok": 20, "pantau/store/saved": 20,
            "pantau/extract/method/rules": 20, "finish_reason": "finished"}
    base.update(kw)
    return base


def test_summary_computes_coverage_and_fallback_share():
    run = summarize("x", _stats(**{"pantau/field/published/missing": 5,
                                   "pantau/extract/method/trafilatura": 20,
                                   "pantau/fail/http_404": 3}))
    assert run.coverage_published == 0.75
    assert run.fallback_share == 0.5
    assert run.failures == 3 and run.articles == 20 and run.pages == 40


def test_healthy_run_raises_no_alert():
    assert assess(summarize("x", _stats()), []) == []


def test_changed_layout_and_missing_dates_are_flagged():
    run = summarize("x", _stats(**{"pantau/extract/method/rules": 2,
                                   "pantau/extract/method/generic": 18,
                                   "pantau/field/published/missing": 15}))
    alerts = assess(run, [])
    assert any(a.startswith("layout_changed?") for a in alerts)
    assert any(a.startswith("date_coverage") for a in alerts)


def test_empty_run_high_errors_and_volume_drop():
    empty = summarize("x", {"response_received_count": 3, "pantau/fail/http_500": 9})
    alerts = assess(empty, [{"articles": 30, "skipped": 0}] * 3)
    assert any(a.startswith("no_articles") for a in alerts)
    assert any(a.startswith("error_rate") for a in alerts)
    assert any(a.startswith("volume_drop") for a in alerts)
    few = RunSummary("x", "", "", None, 10, 2, 0, 0, 1.0, 1.0, 0.0)
    assert assess(few, [{"articles": 30, "skipped": 0}] * 2, Thresholds(min_history=3)) == []
