"""Safe loading: only hashed artifacts from models/ (or PANTAU_MODEL_DIR), same scikit-learn."""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import joblib
import pytest
from sklearn.exceptions import InconsistentVersionWarning

from classifier import artifacts
from classifier.exceptions import (
    ArtifactIntegrityError,
    ModelNotFoundError,
    ModelVersionError,
    UnsafeModelPathError,
)
from classifier.predict import load_classifier
from classifier.train import load_training_data, train
from tests.fixtures import LABELLED_SAMPLE as SAMPLE


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pristine")
    data = load_training_data(label_paths=[SAMPLE], corpus_paths=[])
    train(data, models_root=root, version="v1", folds=3, evaluate=False)
    return root


@pytest.fixture
def root(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the trained models dir, set as PANTAU_MODEL_DIR."""
    copy = tmp_path / "models"
    shutil.copytree(pristine, copy)
    monkeypatch.setenv("PANTAU_MODEL_DIR", str(copy))
    return copy


def _edit_card(root: Path, **changes) -> None:
    path = root / "v1" / "card.json"
    card = json.loads(path.read_text())
    for key, value in changes.items():
        if key == "sklearn":
            card["libraries"]["scikit-learn"] = value
        else:
            card[key] = value
    path.write_text(json.dumps(card))


def test_loads_current_and_by_version_name(root: Path) -> None:
    model, card = artifacts.load()
    assert card["version"] == "v1" and "relevance" in model
    assert load_classifier("v1").version == "v1"
    assert load_classifier(root / "v1").version == "v1"


def test_tampered_pipeline_is_refused_before_unpickling(root: Path, monkeypatch) -> None:
    with (root / "v1" / "pipeline.joblib").open("ab") as fh:
        fh.write(b"\0")

    def never(*args, **kwargs):
        raise AssertionError("joblib.load must not run on an unverified file")

    monkeypatch.setattr(artifacts.joblib, "load", never)
    with pytest.raises(ArtifactIntegrityError, match="SHA-256"):
        load_classifier()


def test_replaced_pipeline_is_refused(root: Path) -> None:
    joblib.dump({"format": 1, "relevance": None}, root / "v1" / "pipeline.joblib")
    with pytest.raises(ArtifactIntegrityError):
        load_classifier()


def test_card_from_another_sklearn_version_is_refused(root: Path) -> None:
    _edit_card(root, sklearn="0.24.2")
    with pytest.raises(ModelVersionError, match="0.24.2"):
        load_classifier()


def test_card_from_another_normaliser_is_refused(root: Path) -> None:
    _edit_card(root, normaliser_version=-1)
    with pytest.raises(ModelVersionError, match="normaliser"):
        load_classifier()


def test_inconsistent_version_warning_becomes_an_error(root: Path, monkeypatch) -> None:
    def warn_like_sklearn(path):
        warnings.warn(
            InconsistentVersionWarning(
                estimator_name="LogisticRegression",
                current_sklearn_version="9.9",
                original_sklearn_version="0.1",
            ),
            stacklevel=2,
        )
        return {}

    monkeypatch.setattr(artifacts.joblib, "load", warn_like_sklearn)
    with pytest.raises(ModelVersionError, match="LogisticRegression"):
        load_classifier()


def test_directory_outside_the_models_root_is_refused(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.copytree(root / "v1", outside)
    with pytest.raises(UnsafeModelPathError, match="refusing"):
        load_classifier(outside)


def test_symlink_escaping_the_models_root_is_refused(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.copytree(root / "v1", outside)
    (root / "linked").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafeModelPathError):
        load_classifier(root / "linked")


@pytest.mark.parametrize("name", ["../v1", "..", "v1/../../x", "a b"])
def test_bad_version_names_are_refused(root: Path, name: str) -> None:
    (root / "CURRENT").write_text(name)
    with pytest.raises((UnsafeModelPathError, ModelNotFoundError)):
        load_classifier()


def test_missing_current_and_missing_files(root: Path) -> None:
    (root / "v1" / "card.json").unlink()
    with pytest.raises(ModelNotFoundError):
        load_classifier()
    (root / "CURRENT").unlink()
    with pytest.raises(ModelNotFoundError, match="pantau train"):
        load_classifier()


def test_save_never_overwrites(root: Path) -> None:
    model, card = artifacts.load()
    with pytest.raises(FileExistsError):
        artifacts.save(model, dict(card), models_root=root)
