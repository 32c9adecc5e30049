"""Train the TPPO model: gather data, cross-validate, fit on everything, write the artifact.

``train()`` is what ``pantau train`` calls. It returns the model card, which records what the
model was trained on (input SHA-256 hashes and counts), with what (library versions, git
commit, parameters), the operating threshold and the grouped cross-validation metrics.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy
import sklearn

from classifier import artifacts
from classifier.dataset import (
    DEFAULT_GROUP_THRESHOLD,
    MODUS_LABELS,
    Article,
    drop_near_copies_of,
    group_near_duplicates,
    is_self_contained,
    join_labels_with_corpora,
    load_label_file,
    load_site_articles,
    read_labelled_jsonl,
    sample_bulk_negatives,
    sha256_file,
)
from classifier.evaluate import (
    DEFAULT_MIN_RECALL,
    EvaluationReport,
    cross_validate,
    fit_full_model,
)
from classifier.exceptions import TrainingDataError
from classifier.features import DEFAULT_PARAMS
from classifier.text import NORMALISER_VERSION

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class TrainingData:
    """What a run trains and evaluates on.

    ``labelled``: the evaluation set (real labelled articles; grouped CV reports on these).
    ``extra``: train-only documents (bulk negatives, site articles).
    ``holdout_negatives``: test-only no-keyword bulk articles (false-positive rate).
    ``site``: the offline site's labelled articles, reported as a separate test set.
    """

    labelled: list[Article]
    extra: list[Article] = field(default_factory=list)
    holdout_negatives: list[Article] = field(default_factory=list)
    site: list[Article] = field(default_factory=list)
    inputs: list[dict[str, Any]] = field(default_factory=list)
    group_threshold: float = DEFAULT_GROUP_THRESHOLD

    def counts(self) -> dict[str, Any]:
        def summary(articles: list[Article]) -> dict[str, int]:
            return {
                "documents": len(articles),
                "tppo": sum(1 for a in articles if a.tppo),
                "not_tppo": sum(1 for a in articles if a.tppo is False),
            }

        modus = Counter(m for a in self.labelled + self.site if a.tppo for m in a.modus)
        return {
            "labelled": summary(self.labelled),
            "bulk_negatives": summary([a for a in self.extra if a.origin == "bulk_negative"]),
            "site": summary(self.site),
            "holdout_negatives": len(self.holdout_negatives),
            "modus": dict(sorted(modus.items())),
        }


def _describe_input(path: Path, role: str, records: int | None = None) -> dict[str, Any]:
    try:
        shown = str(path.resolve().relative_to(REPO_ROOT.parent))
    except ValueError:
        shown = str(path)
    entry: dict[str, Any] = {"path": shown, "role": role, "sha256": sha256_file(path)}
    if records is not None:
        entry["records"] = records
    return entry


def load_training_data(
    *,
    label_paths: list[Path],
    corpus_paths: list[Path],
    site_dir: Path | None = None,
    n_negatives: int = 4000,
    n_holdout: int = 2000,
    seed: int = 0,
    group_threshold: float = DEFAULT_GROUP_THRESHOLD,
) -> TrainingData:
    """Assemble :class:`TrainingData`; raises :class:`TrainingDataError` on unusable input.

    ``label_paths`` may mix label files keyed by corpus id (texts looked up in
    ``corpus_paths``) and self-contained labelled JSONL (texts inline). An id labelled
    twice keeps one label, so a reviewer's later decision replaces an earlier one: a later
    file wins, and a self-contained file wins over a keyed one.
    """
    for path in [*label_paths, *corpus_paths]:
        if not path.is_file():
            raise TrainingDataError(f"no such file: {path}")
    inputs: list[dict[str, Any]] = []
    keyed: dict[str, dict[str, Any]] = {}
    keyed_paths: list[Path] = []
    inline: list[Article] = []
    for path in label_paths:
        if is_self_contained(path):
            articles = read_labelled_jsonl(path)
            inline.extend(articles)
            inputs.append(_describe_input(path, "labelled_text", len(articles)))
        else:
            labels = load_label_file(path)
            keyed.update(labels)
            keyed_paths.append(path)
            inputs.append(_describe_input(path, "labels", len(labels)))
    joined: list[Article] = []
    if keyed:
        if not corpus_paths:
            raise TrainingDataError(
                f"{', '.join(map(str, keyed_paths))}: no 'text' on the first line, so the ids "
                "are looked up in corpus files, and none were given (--corpus)"
            )
        joined = join_labels_with_corpora(keyed, corpus_paths)
    labelled = list({a.id: a for a in [*joined, *inline]}.values())
    replaced = len(joined) + len(inline) - len(labelled)
    if replaced:
        logger.info("%d labels replaced by a later label of the same id", replaced)
    for path in corpus_paths:
        inputs.append(_describe_input(path, "corpus"))

    negatives: list[Article] = []
    holdout: list[Article] = []
    if corpus_paths and n_negatives > 0:
        negatives, holdout = sample_bulk_negatives(
            corpus_paths,
            exclude_ids={a.id for a in labelled},
            n_train=n_negatives,
            n_holdout=n_holdout,
            seed=seed,
        )
        before = len(negatives)
        negatives = drop_near_copies_of(negatives, labelled, group_threshold)
        holdout = drop_near_copies_of(holdout, labelled + negatives, group_threshold)
        logger.info("dropped %d bulk negatives close to a labelled story", before - len(negatives))

    site: list[Article] = []
    if site_dir is not None and site_dir.is_dir():
        site = load_site_articles(site_dir)
        for path in sorted(site_dir.glob("*.json")):
            inputs.append(_describe_input(path, "site"))

    positives = sum(1 for a in labelled if a.tppo)
    if positives < 4 or positives == len(labelled):
        raise TrainingDataError(
            f"need at least 4 TPPO and some non-TPPO labelled articles, got {positives} "
            f"of {len(labelled)}"
        )
    return TrainingData(
        labelled=labelled,
        extra=[*negatives, *site],
        holdout_negatives=holdout,
        site=site,
        inputs=inputs,
        group_threshold=group_threshold,
    )


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip()


def library_versions() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "scikit-learn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "joblib": joblib.__version__,
    }


def default_version(commit: str) -> str:
    """``YYYYMMDD-<short sha>`` (STYLE.md layout of models/)."""
    day = dt.datetime.now(dt.UTC).strftime("%Y%m%d")
    return f"{day}-{commit[:7] if commit != 'unknown' else 'nogit'}"


def train(
    data: TrainingData,
    *,
    params: dict[str, Any] | None = None,
    models_root: Path | None = None,
    version: str | None = None,
    folds: int = 5,
    min_recall: float = DEFAULT_MIN_RECALL,
    activate: bool = True,
    evaluate: bool = True,
) -> dict[str, Any]:
    """Cross-validate, fit on all data, write ``models/<version>/``; returns the card.

    With ``evaluate=False`` (quick runs, tests) the threshold comes from a single grouped
    out-of-fold pass and the card's metrics are limited to that pass.
    """
    p = {**DEFAULT_PARAMS, **(params or {})}
    report: EvaluationReport = cross_validate(
        data, p, folds=folds, min_recall=min_recall, nested=evaluate
    )
    model = fit_full_model(data, p)
    report.add_final_model_checks(model, data)
    commit = _git_commit()
    card: dict[str, Any] = {
        "version": version or default_version(commit),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "git_commit": commit,
        "libraries": library_versions(),
        "normaliser_version": NORMALISER_VERSION,
        "params": p,
        "threshold": report.threshold,
        "threshold_policy": (
            f"highest score threshold whose grouped out-of-fold recall on the labelled set is "
            f">= {min_recall}, capped at 0.5 (recall first: the review queue is the filter)"
        ),
        "modus_labels": list(MODUS_LABELS),
        "modus_min_proba": 0.5,
        "data": {"inputs": data.inputs, "counts": data.counts(), "seed": p["seed"]},
        "metrics": report.to_dict(titles=False),
    }
    artifacts.save(model, card, models_root=models_root, activate=activate)
    return card
