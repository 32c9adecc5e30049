"""Training on the small hand-written sample, then predicting with the saved model."""

from __future__ import annotations

import dataclasses
import gzip
import json
from pathlib import Path

import pytest

from classifier.exceptions import TrainingDataError
from classifier.predict import Prediction, load_classifier
from classifier.train import load_training_data, train
from tests.fixtures import LABELLED_SAMPLE as SAMPLE


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    root = tmp_path_factory.mktemp("models")
    data = load_training_data(label_paths=[SAMPLE], corpus_paths=[])
    card = train(data, models_root=root, version="fixture-1", folds=3, evaluate=False)
    return root, card


@pytest.fixture
def clf(trained: tuple[Path, dict], monkeypatch: pytest.MonkeyPatch):
    root, _ = trained
    monkeypatch.setenv("PANTAU_MODEL_DIR", str(root))
    return load_classifier()


def test_training_writes_artifact_card_and_current(trained: tuple[Path, dict]) -> None:
    root, card = trained
    assert (root / "CURRENT").read_text().strip() == "fixture-1"
    on_disk = json.loads((root / "fixture-1" / "card.json").read_text())
    assert on_disk == card
    assert set(card["libraries"]) >= {"scikit-learn", "numpy", "scipy", "joblib"}
    assert len(card["pipeline_sha256"]) == 64
    assert card["data"]["counts"]["labelled"] == {"documents": 32, "tppo": 14, "not_tppo": 18}
    assert card["data"]["inputs"][0]["sha256"] and card["data"]["inputs"][0]["records"] == 32
    assert 0.0 < card["threshold"] <= 0.5
    metrics = card["metrics"]
    assert {"precision", "recall", "f1", "pr_auc", "confusion"} <= set(metrics["relevance"])
    assert "keyword_baseline" in metrics and metrics["modus"]["n"] == 14


def test_unseen_positive_outscores_unseen_negatives(clf) -> None:
    positive = clf.predict(
        "Calo pekerja migran ilegal ditangkap",
        "Polisi menangkap calo yang memberangkatkan calon pekerja migran ilegal tanpa "
        "dokumen. Korban perdagangan orang itu dijanjikan gaji tinggi di luar negeri.",
    )
    negatives = clf.predict_many(
        [
            ("Festival kuliner digelar", "Festival kuliner menghadirkan puluhan pedagang makanan."),
            ("Banjir rendam sawah", "Banjir merendam ratusan hektare sawah warga setelah hujan."),
        ]
    )
    assert all(positive.tppo_score > n.tppo_score for n in negatives)
    assert positive.is_tppo
    assert positive.modus and positive.modus[0] == "irregular_migrant_work"
    assert not any(n.modus for n in negatives if not n.is_tppo)


def test_prediction_contract(clf) -> None:
    prediction = clf.predict("", "Korban kawin kontrak dipulangkan, perantara jadi tersangka.")
    assert isinstance(prediction, Prediction)
    assert 0.0 <= prediction.tppo_score <= 1.0
    assert prediction.is_tppo == (prediction.tppo_score >= clf.threshold)
    assert prediction.model_version == "fixture-1"
    with pytest.raises(dataclasses.FrozenInstanceError):
        prediction.tppo_score = 1.0  # type: ignore[misc]
    as_dict = prediction.to_dict()
    assert list(as_dict) == ["tppo_score", "is_tppo", "modus", "evidence", "model_version"]
    assert isinstance(as_dict["modus"], list) and isinstance(as_dict["evidence"], list)


def test_evidence_terms_come_from_the_article(clf) -> None:
    text = "Sindikat perdagangan orang mengirim korban ke luar negeri, tersangka ditangkap."
    prediction = clf.predict("Sindikat perdagangan orang dibongkar", text)
    assert prediction.evidence
    lowered = ("sindikat perdagangan orang dibongkar " + text).lower()
    for term in prediction.evidence:
        assert term in lowered
    # title and body blocks both know "sindikat": evidence names it once
    assert len(set(prediction.evidence)) == len(prediction.evidence)


def test_empty_batch_and_empty_text(clf) -> None:
    assert clf.predict_many([]) == []
    empty = clf.predict("", "")
    assert empty.evidence == () and not empty.modus


def test_threshold_may_only_be_lowered(trained: tuple[Path, dict], monkeypatch) -> None:
    root, card = trained
    monkeypatch.setenv("PANTAU_MODEL_DIR", str(root))
    assert load_classifier(threshold=card["threshold"] / 2).threshold == card["threshold"] / 2
    with pytest.raises(ValueError, match="lowered"):
        load_classifier(threshold=min(1.0, card["threshold"] + 0.1))


def test_training_refuses_data_without_both_classes(tmp_path: Path) -> None:
    only_negatives = tmp_path / "neg.jsonl"
    lines = [json.loads(line) for line in SAMPLE.read_text().splitlines()]
    only_negatives.write_text(
        "\n".join(json.dumps(r) for r in lines if not r["tppo"]) + "\n", encoding="utf-8"
    )
    with pytest.raises(TrainingDataError, match="TPPO"):
        load_training_data(label_paths=[only_negatives], corpus_paths=[])


def test_a_later_label_of_the_same_id_replaces_the_earlier_one(tmp_path: Path) -> None:
    """A reviewer's decision exported after the first labels overrides them, once."""
    first = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[0])
    corrected = tmp_path / "reviewed.jsonl"
    corrected.write_text(
        json.dumps({**first, "tppo": not first["tppo"], "modus": []}) + "\n", encoding="utf-8"
    )
    data = load_training_data(label_paths=[SAMPLE, corrected], corpus_paths=[])
    assert len(data.labelled) == len(SAMPLE.read_text(encoding="utf-8").splitlines())
    [article] = [a for a in data.labelled if a.id == first["id"]]
    assert article.tppo is (not first["tppo"])


def test_a_labels_file_without_text_names_itself_when_no_corpus_is_given(tmp_path: Path) -> None:
    """A reviewed export that lost its text must not fail with a riddle about corpora."""
    textless = tmp_path / "reviewed.jsonl"
    textless.write_text(json.dumps({"id": "pantau:1", "title": "t", "tppo": True}) + "\n")
    with pytest.raises(TrainingDataError, match=r"reviewed\.jsonl: no 'text'.*--corpus"):
        load_training_data(label_paths=[SAMPLE, textless], corpus_paths=[])


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "x", "title": "Caf\xe9", "text": "t", "tppo": true}'.encode("latin-1"),
         r"labels\.jsonl:3: not UTF-8 \(byte 0xe9"),
        (b'{"id": "x", "text": ', r"labels\.jsonl:3: invalid JSON"),
        (b'["x"]', r"labels\.jsonl:3: expected a JSON object, got list"),
    ],
)
def test_a_bad_labels_line_stops_training_with_its_file_and_line(
    tmp_path: Path, line: bytes, message: str
) -> None:
    """Training on part of a file would be a silent wrong model: stop, and say where."""
    good = SAMPLE.read_bytes().splitlines()[:1]
    labels = tmp_path / "labels.jsonl"
    labels.write_bytes(b"\n".join([b"\xef\xbb\xbf" + good[0], b"", line]) + b"\n")
    with pytest.raises(TrainingDataError, match=message):
        load_training_data(label_paths=[labels], corpus_paths=[])


def test_a_truncated_corpus_is_a_clear_error(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl.gz"
    corpus.write_bytes(gzip.compress(b'{"id": "n1", "title": "t", "text": "x"}\n' * 500)[:-20])
    keyed = tmp_path / "keyed.labels.jsonl"
    keyed.write_text('{"id": "n1", "tppo": false}\n', encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"news\.jsonl\.gz: cannot read"):
        load_training_data(label_paths=[keyed], corpus_paths=[corpus], n_negatives=0)


def test_unknown_modus_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        json.dumps({"id": "x", "title": "", "text": "t", "tppo": True, "modus": ["smuggling"]})
        + "\n",
        encoding="utf-8",
    )
    with pytest.raises(TrainingDataError, match="unknown modus"):
        load_training_data(label_paths=[bad], corpus_paths=[])


def test_top_terms_mark_the_title_block(clf) -> None:
    from classifier.evaluate import top_terms

    model = {
        "relevance": clf._relevance,
        "modus": clf._modus,
        "modus_labels": list(clf._modus_labels),
    }
    terms = top_terms(model, k=200)
    listed = terms["tppo"] + terms["not_tppo"]
    assert any(t.startswith("title: ") for t in listed)
    assert any(not t.startswith("title: ") for t in listed)
    assert len(set(listed)) == len(listed)


def test_the_model_never_sees_region_names(clf) -> None:
    from classifier.features import UNMASKED_REGION_NAMES, masked_places

    places = masked_places()
    assert {"kupang", "ntt", "nusa tenggara timur", "cianjur", "jawa barat"} <= set(places)
    assert not UNMASKED_REGION_NAMES & set(places)
    assert "indonesia" not in places and "malaysia" not in places
    # the fitted pipeline carries the list, so prediction needs no gazetteer
    normalise = clf._relevance.named_steps["normalise"]
    assert normalise.kw_args["places"] == places
