"""Quality gate for the SHIPPED classifier (models/CURRENT): figures must not fall below floors.

Floors are pinned in ``classifier_baseline.json`` together with a hash of the inputs (the
label files, the hand-written sample and the model's pipeline SHA-256), so a changed input
or a retrained model fails until the floors are re-pinned on purpose:

    .venv/bin/python -m tests.quality.classifier_gate --write-baseline [--allow-lower]

Raising a floor needs no flag; lowering one needs ``--allow-lower`` (say why in the commit).

Three families of figures:

* ``cv_*``: the grouped cross-validation figures recorded in the shipped model's card (the
  honest estimate; a retrain that measures worse fails here);
* ``sample_*``: the shipped model on tests/fixtures/labelled/sample.jsonl, hand-written
  sentences it never saw (runs without ../shared);
* ``shared_*``: the shipped model on the labelled real articles of ../shared (in-sample:
  they are training data, so this catches a broken artifact or normaliser, not overfitting).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
BASELINE = Path(__file__).with_name("classifier_baseline.json")
SAMPLE = REPO / "tests" / "fixtures" / "labelled" / "sample.jsonl"
LABEL_FILES = (
    "pages_tppo_excerpts.labels.jsonl",
    "bulk_keyword_hits.labels.jsonl",
    "bulk_random.labels.jsonl",
)
MARGIN = 0.01  # floors sit this far under the measured figure (rounding, platform noise)


def _shared() -> Path | None:
    from tests.conftest import SHARED_DATA

    return SHARED_DATA if (SHARED_DATA / "labels").is_dir() else None


def _score(clf: Any, articles: list[Any]) -> dict[str, float]:
    from classifier.evaluate import binary_metrics, modus_metrics

    predictions = clf.predict_many((a.title, a.text) for a in articles)
    y = np.array([bool(a.tppo) for a in articles])
    flagged = np.array([p.is_tppo for p in predictions])
    scores = np.array([p.tppo_score for p in predictions])
    m = binary_metrics(y, flagged, scores)
    gold = [(a.modus, p) for a, p in zip(articles, predictions, strict=True) if a.tppo and p.is_tppo]
    modus = modus_metrics([g for g, _ in gold], [p.modus for _, p in gold])
    return {
        "precision": m["precision"],
        "recall": m["recall"],
        "f1": m["f1"],
        "modus_micro_f1": modus.get("micro_f1", 0.0),
    }


@cache
def figures(with_shared: bool) -> tuple[dict[str, float], str]:
    """(figures, inputs hash) for the shipped model."""
    from classifier.dataset import join_labels_with_corpora, load_label_file, read_labelled_jsonl
    from classifier.predict import load_classifier

    clf = load_classifier()
    digest = hashlib.sha256(clf.card["pipeline_sha256"].encode())
    digest.update(SAMPLE.read_bytes())
    cv = clf.card["metrics"]
    out = {
        "cv_f1": cv["relevance"]["f1"],
        "cv_recall": cv["relevance"]["recall"],
        "cv_modus_micro_f1": cv["modus"]["micro_f1"],
    }
    sample = _score(clf, read_labelled_jsonl(SAMPLE))
    out.update({f"sample_{k}": v for k, v in sample.items() if k in ("precision", "recall")})
    shared = _shared()
    if with_shared and shared is not None:
        labels: dict[str, Any] = {}
        for name in LABEL_FILES:
            path = shared / "labels" / name
            digest.update(path.read_bytes())
            labels.update(load_label_file(path))
        articles = join_labels_with_corpora(labels, sorted((shared / "news").glob("*.jsonl.gz")))
        out.update({f"shared_{k}": v for k, v in _score(clf, articles).items()})
    return out, digest.hexdigest()[:16]


def _baseline() -> dict[str, Any]:
    return json.loads(BASELINE.read_text(encoding="utf-8"))


def _check(names: list[str], got: dict[str, float]) -> list[str]:
    floors = _baseline()["floors"]
    return [f"{n}: {got[n]:.4f} < floor {floors[n]:.4f}" for n in names if got[n] < floors[n]]


def test_card_and_hand_written_sample_meet_floors() -> None:
    got, _ = figures(False)
    names = [n for n in _baseline()["floors"] if n.startswith(("cv_", "sample_"))]
    assert names, "no cv_/sample_ floors pinned"
    assert not _check(names, got)


def test_shared_labelled_articles_meet_floors(shared_data: Path) -> None:
    got, inputs = figures(True)
    baseline = _baseline()
    assert inputs == baseline["inputs_sha256_16"], (
        "labels, sample or shipped model changed since the floors were pinned; re-pin with "
        "`python -m tests.quality.classifier_gate --write-baseline`"
    )
    names = [n for n in baseline["floors"] if n.startswith("shared_")]
    assert names, "no shared_ floors pinned"
    assert not _check(names, got)


def test_gate_fails_on_a_drop() -> None:
    # the comparison itself must be able to fail
    floors = _baseline()["floors"]
    name = next(iter(floors))
    assert _check([name], {name: floors[name] - 0.05}) == [
        f"{name}: {floors[name] - 0.05:.4f} < floor {floors[name]:.4f}"
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="classifier quality gate")
    parser.add_argument("--write-baseline", action="store_true")
    parser.add_argument("--allow-lower", action="store_true")
    args = parser.parse_args(argv)
    got, inputs = figures(True)
    for name, value in got.items():
        print(f"{name:<24} {value:.4f}")
    if not args.write_baseline:
        return 0
    new = {n: round(max(0.0, v - MARGIN), 4) for n, v in got.items()}
    if BASELINE.exists() and not args.allow_lower:
        old = _baseline()["floors"]
        lowered = [n for n in old if n in new and new[n] < old[n]]
        if lowered:
            print(f"refusing to lower {lowered} without --allow-lower", file=sys.stderr)
            return 1
    from classifier.predict import load_classifier

    BASELINE.write_text(
        json.dumps(
            {"model_version": load_classifier().version, "inputs_sha256_16": inputs, "floors": new},
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

pytestmark = pytest.mark.filterwarnings("error::sklearn.exceptions.InconsistentVersionWarning")
