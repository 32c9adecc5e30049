"""The classifier as the rest of Pantau sees it: load once, predict many times.

``load_classifier()`` reads the active model through :mod:`classifier.artifacts` (path, hash and
version checks); ``Classifier.predict(title, text)`` returns a :class:`Prediction` with the
calibrated score, the decision at the card's threshold, the modus, the evidence terms and
the model version.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from classifier import artifacts
from classifier.evaluate import relevance_coef
from classifier.features import decide_modus, word_feature_mask
from classifier.text import join_title_text, modus_cue_counts

EVIDENCE_TERMS = 6


@dataclass(frozen=True)
class Prediction:
    """One article's classification.

    ``tppo_score`` is the calibrated probability (0-1); ``is_tppo`` compares it with the
    model's operating threshold; ``modus`` is empty when ``is_tppo`` is false; ``evidence``
    lists the terms of the article that pushed the score up most, strongest first.
    """

    tppo_score: float
    is_tppo: bool
    modus: tuple[str, ...]
    evidence: tuple[str, ...]
    model_version: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "tppo_score": self.tppo_score,
            "is_tppo": self.is_tppo,
            "modus": list(self.modus),
            "evidence": list(self.evidence),
            "model_version": self.model_version,
        }


class Classifier:
    """A loaded model. Thread-safe for prediction (it only reads fitted state)."""

    def __init__(
        self, model: dict[str, Any], card: dict[str, Any], threshold: float | None = None
    ) -> None:
        self.card = card
        self.version: str = str(card["version"])
        card_threshold = float(card["threshold"])
        if threshold is not None and not 0.0 <= threshold <= card_threshold:
            raise ValueError(
                f"threshold {threshold} must lie in [0, {card_threshold}]: it may only be "
                "lowered below the card's threshold (more recall), never raised"
            )
        self.threshold = card_threshold if threshold is None else float(threshold)
        self._relevance = model["relevance"]
        self._features = self._relevance[:-1]  # normalise + TF-IDF/keyword features
        self._calibrated = self._relevance.named_steps["clf"]
        self._modus = model["modus"]
        self._modus_labels = tuple(model["modus_labels"])
        self._modus_min_proba = float(card.get("modus_min_proba", 0.5))
        names, is_word = word_feature_mask(self._relevance.named_steps["tfidf"])
        self._names = names
        # evidence only from readable word terms that push towards TPPO
        self._evidence_coef = np.where(is_word, relevance_coef(self._relevance), 0.0)

    def predict(self, title: str, text: str) -> Prediction:
        return self.predict_many([(title, text)])[0]

    def predict_many(self, articles: Iterable[tuple[str, str]]) -> list[Prediction]:
        """Predictions for ``(title, text)`` pairs, in order; vectorised, so batch them."""
        documents = [join_title_text(title, text) for title, text in articles]
        if not documents:
            return []
        features = self._features.transform(documents).tocsr()
        scores = self._calibrated.predict_proba(features)[:, 1]
        flagged = np.flatnonzero(scores >= self.threshold)
        modus: dict[int, tuple[str, ...]] = {}
        if len(flagged):
            proba = self._modus.predict_proba(features[flagged])
            for row, i in zip(proba, flagged, strict=True):
                modus[int(i)] = decide_modus(
                    row,
                    self._modus_labels,
                    modus_cue_counts(documents[i]),
                    min_proba=self._modus_min_proba,
                )
        return [
            Prediction(
                tppo_score=round(float(scores[i]), 6),
                is_tppo=bool(scores[i] >= self.threshold),
                modus=modus.get(i, ()),
                evidence=self._evidence(features, i),
                model_version=self.version,
            )
            for i in range(len(documents))
        ]

    def _evidence(self, features: Any, row: int) -> tuple[str, ...]:
        start, end = features.indptr[row], features.indptr[row + 1]
        columns = features.indices[start:end]
        contribution = features.data[start:end] * self._evidence_coef[columns]
        positive = np.flatnonzero(contribution > 0)
        if not len(positive):
            return ()
        terms: list[str] = []  # a term of the title block may also be a body term
        for j in positive[np.argsort(-contribution[positive], kind="stable")]:
            term = str(self._names[columns[j]])
            if term not in terms:
                terms.append(term)
                if len(terms) == EVIDENCE_TERMS:
                    break
        return tuple(terms)


def load_classifier(
    model_dir: str | Path | None = None, *, threshold: float | None = None
) -> Classifier:
    """Load the active model (``models/CURRENT``) or ``model_dir`` (a version name or a
    directory under ``models/`` / ``PANTAU_MODEL_DIR``).

    ``threshold`` may lower the card's operating threshold (``PANTAU_MIN_SCORE``, for
    recall), never raise it. Raises :class:`classifier.exceptions.ClassifierError`
    subclasses for a missing, tampered, foreign or incompatible artifact.
    """
    model, card = artifacts.load(model_dir)
    return Classifier(model, card, threshold=threshold)


def predict_documents(clf: Classifier, records: Sequence[dict[str, Any]]) -> list[Prediction]:
    """Convenience for dict records with ``title``/``text`` keys."""
    return clf.predict_many((r.get("title") or "", r["text"]) for r in records)
