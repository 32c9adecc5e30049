"""Pantau's classifier: pure ML + NLP (no Scrapy, no database).

Public API for the crawler pipeline::

    from classifier import load_classifier
    clf = load_classifier()              # models/CURRENT, hash- and version-checked
    prediction = clf.predict(title, text)
    prediction.tppo_score, prediction.is_tppo, prediction.modus, prediction.evidence

Errors are :class:`classifier.exceptions.ClassifierError` subclasses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from classifier.predict import Classifier, Prediction, load_classifier

__all__ = ["Classifier", "Prediction", "load_classifier"]


def __getattr__(name: str) -> Any:
    # Lazy: `pantau gazetteer` and the entity code import this package without scikit-learn.
    if name in __all__:
        from classifier import predict

        return getattr(predict, name)
    raise AttributeError(f"module 'classifier' has no attribute {name!r}")

# Incident extraction (issue 4): no scikit-learn needed, so imported directly.
from classifier.entities import Incident, extract_incident  # noqa: E402
from classifier.gazetteer import Gazetteer, load_gazetteer  # noqa: E402

__all__ += ["Incident", "extract_incident", "Gazetteer", "load_gazetteer"]
