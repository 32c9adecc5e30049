"""Errors raised by the classifier package.

Every error derives from :class:`ClassifierError`, so a caller (the crawler's Classify
pipeline, the CLI) can catch the package's failures with one ``except`` and let anything
else, which is a bug, propagate.
"""

from __future__ import annotations


class ClassifierError(Exception):
    """Base class of every error raised on purpose by ``classifier``."""


class ModelNotFoundError(ClassifierError):
    """No model directory, no ``models/CURRENT``, or a missing ``pipeline.joblib``/``card.json``."""


class UnsafeModelPathError(ClassifierError):
    """The requested model directory lies outside ``models/`` (or ``PANTAU_MODEL_DIR``)."""


class ArtifactIntegrityError(ClassifierError):
    """The SHA-256 of ``pipeline.joblib`` differs from the one recorded in ``card.json``,
    or the card itself is malformed."""


class ModelVersionError(ClassifierError):
    """The artifact was written by another scikit-learn version than the installed one."""


class TrainingDataError(ClassifierError):
    """Training input is unusable: missing files, too few positives, unknown labels."""


class InputRecordError(ClassifierError):
    """One input record of ``pantau analyze`` is malformed; ``line`` is 1-based."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line
        self.message = message
