"""The persisted pipeline holds stock scikit-learn estimators and module-level functions only.

No custom estimator class is written for the classifier (so there is nothing for
``parametrize_with_checks`` to check); this test keeps it that way and keeps lambdas and
closures, which do not survive pickling reliably, out of the artifact (STYLE.md #11).
"""

from __future__ import annotations

import inspect
import pickle

import numpy as np
import pytest
from sklearn.base import BaseEstimator, clone
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from classifier.features import (
    build_modus_classifier,
    build_pipeline,
    fit_relevance,
    normalise_documents,
    training_weights,
)
from classifier.text import join_title_text


def _walk(estimator):
    yield estimator
    if isinstance(estimator, Pipeline):
        for _, step in estimator.steps:
            yield from _walk(step)
    elif isinstance(estimator, FeatureUnion):
        for _, part in estimator.transformer_list:
            if part != "drop":  # a block left out (no titles to learn from)
                yield from _walk(part)
    for attr in ("estimator", "estimators_", "calibrated_classifiers_"):
        inner = getattr(estimator, attr, None)
        for item in inner if isinstance(inner, list) else [inner]:
            if isinstance(item, BaseEstimator):
                yield from _walk(item)
            elif item is not None and hasattr(item, "estimator"):
                yield from _walk(item.estimator)


def _assert_stock(estimator) -> None:
    for part in _walk(estimator):
        assert type(part).__module__.startswith("sklearn."), type(part)
        if isinstance(part, FunctionTransformer):
            func = part.func
            assert inspect.isfunction(func) and func.__name__ != "<lambda>"
            assert "<locals>" not in func.__qualname__
            assert func.__module__.startswith("classifier.")
        preprocessor = getattr(part, "preprocessor", None)
        if preprocessor is not None:
            # a text window is functools.partial over a module-level function
            preprocessor = getattr(preprocessor, "func", preprocessor)
            assert inspect.isfunction(preprocessor)
            assert "<locals>" not in preprocessor.__qualname__
            assert preprocessor.__module__.startswith("classifier.")


def _tiny_corpus() -> tuple[list[str], np.ndarray]:
    """Three TPPO and three other one-line documents, three times over."""
    docs = [
        "korban perdagangan orang diselamatkan polisi",
        "calo pmi ilegal ditangkap di pelabuhan",
        "sindikat tppo kirim korban ke luar negeri",
        "harga cabai naik di pasar",
        "tim sepak bola menang di final",
        "jembatan desa diresmikan bupati",
    ] * 3
    return docs, np.array([1, 1, 1, 0, 0, 0] * 3)


@pytest.mark.parametrize("features", ["word", "char", "word+char"])
@pytest.mark.parametrize("window", [0, 1500])
def test_unfitted_pipelines_are_stock_and_clonable(features: str, window: int) -> None:
    params = {"features": features, "word_window": window, "char_window": window}
    pipe = build_pipeline(params)
    _assert_stock(pipe)
    _assert_stock(build_modus_classifier())
    assert clone(pipe).get_params()["tfidf"] is not pipe.get_params()["tfidf"]


def test_fitted_pipeline_pickles_and_predicts_the_same() -> None:
    docs, y = _tiny_corpus()
    groups = np.arange(len(docs))
    pipe = fit_relevance(
        docs, y, groups, {"min_df": 1, "max_df": 1.0}, normalised=False,
        weights=training_weights(y, np.zeros(len(y), dtype=bool), 1.0),
    )
    _assert_stock(pipe)
    again = pickle.loads(pickle.dumps(pipe))
    probe = ["polisi selamatkan korban perdagangan orang", "pasar ramai jelang lebaran"]
    assert np.allclose(pipe.predict_proba(probe), again.predict_proba(probe))
    assert again.predict_proba(probe)[0, 1] > again.predict_proba(probe)[1, 1]


def test_normaliser_step_is_the_shared_function() -> None:
    document = join_title_text("Satgas TPPO di Kompas.com", "JAKARTA, KOMPAS.com - Polisi bergerak")
    assert normalise_documents([document]) == ["satgas tppo di\nsatgas tppo di polisi bergerak"]
    assert normalise_documents([join_title_text("", "Polisi")]) == ["\npolisi"]


def test_title_block_sees_the_title_and_the_body_block_the_whole_document() -> None:
    docs = normalise_documents(
        [join_title_text("Calo ditangkap", "Polisi menangkap kelapa"),
         join_title_text("Harga cabai", "Pasar ramai kelapa")] * 6
    )
    y = np.array([1, 0] * 6)
    params = {"min_df": 1, "max_df": 1.0, "title_weight": 0.5, "definition_weight": 0.0}
    pipe = fit_relevance(docs, y, np.arange(len(docs)), params, weights=np.ones(len(docs)))
    step = pipe.named_steps["tfidf"]
    names = set(step.get_feature_names_out())
    assert {"title__calo", "title__cabai", "word__calo", "word__kelapa"} <= names
    assert "title__kelapa" not in names and "title__polisi" not in names
    row = step.transform(docs[:1]).toarray()[0]
    title_values = [v for n, v in zip(step.get_feature_names_out(), row) if n.startswith("title__")]
    assert max(title_values) <= 0.5 + 1e-6  # the block's weight scales its unit-norm rows


def test_definitions_are_extra_tppo_documents_of_the_relevance_model() -> None:
    docs, y = _tiny_corpus()
    base = {"min_df": 1, "max_df": 1.0}
    probe = ["\npendonor ginjal dibayar untuk transplantasi"]  # words only the definitions use
    scores = [
        fit_relevance(docs, y, np.arange(len(docs)) % 9, {**base, "definition_weight": w},
                      weights=np.ones(len(docs))).predict_proba(probe)[0, 1]
        for w in (0.0, 3.0)
    ]
    assert scores[1] > scores[0]


def test_text_window_bounds_what_the_vectorizers_see() -> None:
    tail = "jalan " * 20 + "kelapa"  # starts after the window in every document
    docs = ["calo pmi ilegal ditangkap " + tail, "harga cabai naik " + tail] * 6
    y = np.array([1, 0] * 6)
    params = {
        "min_df": 1,
        "max_df": 1.0,
        "features": "word+char",
        "word_window": 40,
        "char_window": 40,
    }
    groups = np.arange(len(docs))
    pipe = fit_relevance(docs, y, groups, params, weights=np.ones(len(docs)))
    names = set(pipe.named_steps["tfidf"].get_feature_names_out())
    assert {"word__calo", "word__cabai", "char__ cal"} <= names
    assert "word__kelapa" not in names and "char__lap" not in names
    again = pickle.loads(pickle.dumps(pipe))
    assert np.allclose(pipe.predict_proba(docs), again.predict_proba(docs))


@pytest.mark.parametrize("ensemble", [True, False])
def test_both_calibration_modes_fit_pickle_and_rank(ensemble: bool) -> None:
    docs, y = _tiny_corpus()
    params = {"min_df": 1, "max_df": 1.0, "calibration_ensemble": ensemble}
    groups = np.arange(len(docs)) % 9
    pipe = fit_relevance(docs, y, groups, params, weights=np.ones(len(docs)))
    _assert_stock(pipe)
    calibrated = pipe.named_steps["clf"].calibrated_classifiers_
    # False: a single LR, fitted on all the data
    assert len(calibrated) == (3 if ensemble else 1)
    again = pickle.loads(pickle.dumps(pipe))
    probe = ["polisi selamatkan korban perdagangan orang", "pasar ramai jelang lebaran"]
    proba = again.predict_proba(probe)[:, 1]
    assert np.allclose(proba, pipe.predict_proba(probe)[:, 1])
    assert proba[0] > proba[1]


def test_region_names_cannot_become_labels() -> None:
    """Every TPPO document here is from Kupang and every other one from Cianjur; the
    fitted pipeline still scores a story the same wherever it happened."""
    docs, y = _tiny_corpus()
    docs = [f"{d} di {'kupang ntt' if label else 'cianjur jawa barat'}" for d, label in zip(docs, y)]
    pipe = fit_relevance(docs, y, np.arange(len(docs)), {"min_df": 1, "max_df": 1.0},
                         normalised=False, weights=np.ones(len(docs)))
    names = set(pipe.named_steps["tfidf"].get_feature_names_out())
    assert not [n for n in names if any(p in n for p in ("kupang", "ntt", "cianjur", "jawa"))]
    assert "word__calo" in names
    kupang, cianjur = pipe.predict_proba(
        ["\ncalo ditangkap di kupang, ntt", "\ncalo ditangkap di cianjur, jawa barat"])[:, 1]
    assert kupang == cianjur
