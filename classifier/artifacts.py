"""Save and load model artifacts: ``models/<version>/{pipeline.joblib, card.json}``.

A joblib file is a pickle: loading one runs code. So :func:`load` only reads from the
project's ``models/`` directory (or ``PANTAU_MODEL_DIR``), checks the SHA-256 of
``pipeline.joblib`` against the card *before* unpickling, refuses a card written by another
scikit-learn version, and turns scikit-learn's ``InconsistentVersionWarning`` into an error
(scikit-learn's own model_persistence.rst lists these limitations).
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from pathlib import Path
from typing import Any

import joblib
import sklearn
from sklearn.exceptions import InconsistentVersionWarning

from classifier.dataset import sha256_file
from classifier.exceptions import (
    ArtifactIntegrityError,
    ModelNotFoundError,
    ModelVersionError,
    UnsafeModelPathError,
)
from classifier.text import NORMALISER_VERSION

logger = logging.getLogger(__name__)

PIPELINE_FILE = "pipeline.joblib"
CARD_FILE = "card.json"
CURRENT_FILE = "CURRENT"
DEFAULT_MODELS_ROOT = Path(__file__).resolve().parent.parent / "models"
_VERSION_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


def models_root() -> Path:
    """``PANTAU_MODEL_DIR`` when set, else the repository's ``models/``."""
    env = os.environ.get("PANTAU_MODEL_DIR")
    return Path(env).resolve() if env else DEFAULT_MODELS_ROOT.resolve()


def _allowed_roots() -> list[Path]:
    roots = [DEFAULT_MODELS_ROOT.resolve()]
    if os.environ.get("PANTAU_MODEL_DIR"):
        roots.append(models_root())
    return roots


def _check_version_name(version: str) -> str:
    if not version or version in {".", ".."} or not set(version) <= _VERSION_CHARS:
        raise UnsafeModelPathError(f"invalid model version name {version!r}")
    return version


def current_version(root: Path | None = None) -> str:
    """The version named in ``<root>/CURRENT``; :class:`ModelNotFoundError` if none."""
    root = root or models_root()
    try:
        version = (root / CURRENT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise ModelNotFoundError(
            f"no {root / CURRENT_FILE}: train a model with `pantau train` first"
        ) from None
    return _check_version_name(version)


def resolve_model_dir(model_dir: str | Path | None = None) -> Path:
    """The directory to load from, guaranteed to lie inside an allowed models root.

    ``None`` means the active version (``CURRENT``). A bare version name is looked up in
    the models root; any other path must resolve (symlinks included) inside ``models/`` or
    ``PANTAU_MODEL_DIR``, otherwise :class:`UnsafeModelPathError`.
    """
    root = models_root()
    if model_dir is None:
        candidate = root / current_version(root)
    else:
        given = Path(model_dir)
        if given.parent == Path(".") and not given.is_absolute() and not given.exists():
            candidate = root / _check_version_name(str(given))
        else:
            candidate = given
    resolved = candidate.resolve()
    if not any(resolved.is_relative_to(r) and resolved != r for r in _allowed_roots()):
        raise UnsafeModelPathError(
            f"refusing to load a model from {resolved}: only directories under "
            f"{' or '.join(str(r) for r in _allowed_roots())} are trusted "
            "(set PANTAU_MODEL_DIR to use another models directory)"
        )
    if not resolved.is_dir():
        raise ModelNotFoundError(f"no model directory {resolved}")
    return resolved


def read_card(model_dir: Path) -> dict[str, Any]:
    path = model_dir / CARD_FILE
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelNotFoundError(f"no {path}") from None
    except json.JSONDecodeError as exc:
        raise ArtifactIntegrityError(f"{path} is not valid JSON: {exc}") from None
    if not isinstance(card, dict) or not isinstance(card.get("pipeline_sha256"), str):
        raise ArtifactIntegrityError(f"{path} has no pipeline_sha256")
    return card


def check_compatible(card: dict[str, Any]) -> None:
    """Raise :class:`ModelVersionError` unless the card matches the installed libraries."""
    trained = (card.get("libraries") or {}).get("scikit-learn")
    if trained != sklearn.__version__:
        raise ModelVersionError(
            f"model {card.get('version')} was trained with scikit-learn {trained}, but "
            f"{sklearn.__version__} is installed; retrain with `pantau train` or install "
            f"scikit-learn=={trained}"
        )
    if card.get("normaliser_version") != NORMALISER_VERSION:
        raise ModelVersionError(
            f"model {card.get('version')} expects text normaliser version "
            f"{card.get('normaliser_version')}, this code has {NORMALISER_VERSION}; retrain"
        )


def load(model_dir: str | Path | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return ``(model, card)`` after the path, hash and version checks described above."""
    directory = resolve_model_dir(model_dir)
    card = read_card(directory)
    check_compatible(card)
    pipeline_path = directory / PIPELINE_FILE
    if not pipeline_path.is_file():
        raise ModelNotFoundError(f"no {pipeline_path}")
    actual = sha256_file(pipeline_path)
    if actual != card["pipeline_sha256"]:
        raise ArtifactIntegrityError(
            f"{pipeline_path} has SHA-256 {actual}, the card says "
            f"{card['pipeline_sha256']}: refusing to unpickle a file the project did not write"
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", InconsistentVersionWarning)
        try:
            model = joblib.load(pipeline_path)
        except InconsistentVersionWarning as exc:
            raise ModelVersionError(f"{pipeline_path}: {exc}") from None
    if not isinstance(model, dict) or model.get("format") != 1 or "relevance" not in model:
        raise ArtifactIntegrityError(f"{pipeline_path} does not hold a Pantau model")
    return model, card


def save(
    model: dict[str, Any],
    card: dict[str, Any],
    *,
    models_root: Path | None = None,
    activate: bool = True,
) -> Path:
    """Write ``<root>/<card['version']>/`` (never overwriting) and optionally ``CURRENT``.

    Fills ``card['pipeline_sha256']`` and ``card['artifact_bytes']``; returns the directory.
    """
    root = (models_root or globals()["models_root"]()).resolve()
    version = _check_version_name(str(card["version"]))
    directory = root / version
    if directory.exists():
        raise FileExistsError(f"{directory} exists; pick another --version")
    directory.mkdir(parents=True)
    pipeline_path = directory / PIPELINE_FILE
    joblib.dump(model, pipeline_path, compress=3)
    card["pipeline_sha256"] = sha256_file(pipeline_path)
    card["artifact_bytes"] = pipeline_path.stat().st_size
    (directory / CARD_FILE).write_text(
        json.dumps(card, indent=2, ensure_ascii=False, sort_keys=False) + "\n", encoding="utf-8"
    )
    if activate:
        tmp = root / (CURRENT_FILE + ".tmp")
        tmp.write_text(version + "\n", encoding="utf-8")
        tmp.replace(root / CURRENT_FILE)
    logger.info("wrote %s (%d bytes)", directory, card["artifact_bytes"])
    return directory
