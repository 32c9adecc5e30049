"""Build the scikit-learn estimators: TF-IDF features + linear models.

Everything here is a stock scikit-learn component, so the persisted artifact holds no custom
class and no lambda (the normaliser is referenced by module-level name, see STYLE.md #11).

* features: word TF-IDF of the whole normalised document, plus a word TF-IDF block of the
  title alone at weight ``title_weight`` (the title names the main subject; a passing mention
  of TPPO rarely reaches it). Indonesian region names are masked before either block
  (:func:`masked_places`): with ~75 TPPO stories a province or kabupaten name would be
  learnt as a label. Foreign countries stay; a destination is part of the story.
* relevance: ``Pipeline(tfidf, CalibratedClassifierCV(LogisticRegression))``. The logistic
  regression uses balanced class weights (TPPO articles are ~2 % of training documents) and
  its scores are re-calibrated with a sigmoid fitted on grouped out-of-fold predictions, so the
  stored ``tppo_score`` is a probability and not an artefact of the class weights.
  ``calibration_ensemble=False`` (the default since issue 3's F1 work): one logistic
  regression fitted on all the training data, its sigmoid fitted on grouped out-of-fold
  scores. The older ``True`` averages one LR + sigmoid per calibration fold, each LR
  seeing only two thirds of the ~60 TPPO stories; nested grouped CV measured the
  full-data LR better (PR-AUC 0.975 vs 0.973, F1 0.906 vs 0.889), and selection by
  inner-fold PR-AUC picked it in every outer fold. The :data:`MODUS_DEFINITIONS` texts are
  extra TPPO documents (``definition_weight``).
* modus: ``OneVsRestClassifier(LogisticRegression)`` over the same TF-IDF features, trained on
  TPPO articles only (the modus of a non-TPPO article is undefined).
"""

from __future__ import annotations

import warnings
from functools import lru_cache, partial
from typing import Any, Literal

import numpy as np
import scipy.sparse
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import PredefinedSplit, StratifiedGroupKFold
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer, MultiLabelBinarizer

from classifier.text import KEYWORD_PATTERNS, model_document

_KEYWORD_SATURATION = float(np.log1p(5))  # five mentions or more = 1.0

FeatureKind = Literal["word", "char", "word+char"]
FEATURE_KINDS: tuple[str, ...] = ("word", "char", "word+char")

# letters only: numbers ("123 PMI", dates) name one story and do not generalise
WORD_TOKEN_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"

# Function words and calendar words, written for this project. Bulk news and TPPO stories
# differ in register and in publication month (CLICK-ID is mostly September 2019); without
# this list "september", "pun", "akun" rank among the top non-TPPO terms.
STOP_WORDS: frozenset[str] = frozenset(
    """
    ada adalah agar akan aku anda antara apa apakah atas atau bagi bahkan bahwa banyak baru
    begitu belum beberapa berbagai bisa boleh bukan cukup dalam dan dapat dari demikian dengan
    di dia dirinya hal hanya harus hingga ia ini itu jadi jika juga kah kalau kami kamu karena
    kata ke kembali kemudian kepada ketika kita lagi lain lalu lebih maka mana masih mau mereka
    meski mungkin namun nya oleh pada para pernah pula pun saat saja sama sambil sangat saya
    sebagai sebelum sedang sehingga sejak selain semua seperti serta sesuai setelah sudah supaya
    tak tapi telah tentang terhadap tersebut tetapi tetap tidak toh tuh untuk walau yaitu yakni
    yang nah dong sih deh kok lho loh wah
    januari februari maret april mei juni juli agustus september oktober november desember
    jan feb mar apr jun jul agu agt sep okt nov des
    senin selasa rabu kamis jumat sabtu minggu wib wita wit
    """.split()
)

DEFAULT_PARAMS: dict[str, Any] = {
    "features": "word",
    "hard_negative_weight": 20.0,
    "positive_share": 1.0,
    "C": 2.0,
    "modus_C": 4.0,
    "definition_copies": 5,
    "min_df": 2,
    "max_df": 0.5,
    "max_features": 50_000,  # joblib unpickles the vocabulary in pure Python: load time
    "calibration_folds": 3,
    # True: one LR + sigmoid per calibration fold, each LR seeing (k-1)/k of the data.
    # False: one LR on all the data, its sigmoid fitted on grouped out-of-fold scores.
    "calibration_ensemble": False,
    # one feature per keyword family (strict/broad/migrant): measured worse in grouped CV
    # (PR-AUC 0.935 vs 0.970, it over-trusts the words in film reviews and song lyrics)
    "keyword_features": False,
    # characters of normalised text (title first) each vectorizer sees; 0 = all of it
    "word_window": 0,
    "char_window": 0,
    # weight of the title's own word TF-IDF block (0 = none); the body block keeps the title
    "title_weight": 0.5,
    # each MODUS_DEFINITIONS text is also a TPPO document for the relevance model, weighing
    # this many average positives (0 = not used)
    "definition_weight": 1.0,
    "seed": 0,
}
"""Fixed a priori (regularised, simple); `pantau evaluate --features` compares kinds."""


def text_window(document: str, max_chars: int = 0) -> str:
    """The body of a :func:`classifier.text.model_document` string (the normalised
    document, title included), cut to its first ``max_chars`` characters (0 = all). A
    string without a title line is all body.

    Module-level so a fitted vectorizer pickles it by name (via ``functools.partial``).
    """
    head, newline, body = document.partition("\n")
    body = body if newline else head
    return body[:max_chars] if max_chars else body


def title_line(document: str) -> str:
    """The normalised title of a :func:`classifier.text.model_document` string."""
    head, newline, _ = document.partition("\n")
    return head if newline else ""


def _window(chars: int) -> Any:
    return partial(text_window, max_chars=int(chars)) if chars else text_window


def _word_vectorizer(
    params: dict[str, Any], preprocessor: Any, max_features: int | None = None
) -> TfidfVectorizer:
    return TfidfVectorizer(
        preprocessor=preprocessor,
        token_pattern=WORD_TOKEN_PATTERN,
        ngram_range=(1, 2),
        stop_words=sorted(STOP_WORDS) if params.get("stop_words", True) else None,
        min_df=params["min_df"],
        max_df=params["max_df"],
        max_features=max_features or params["max_features"],
        sublinear_tf=True,
        dtype=np.float32,
    )


def _char_vectorizer(params: dict[str, Any], preprocessor: Any) -> TfidfVectorizer:
    return TfidfVectorizer(
        preprocessor=preprocessor,
        analyzer="char_wb",
        ngram_range=(3, 5),
        min_df=params["min_df"],
        max_df=params["max_df"],
        max_features=params["max_features"],
        sublinear_tf=True,
        dtype=np.float32,
    )


# Region names that are also ordinary words (stone, hunt, attack, unlucky, essence, peak,
# hammer, holy, porcupine, metro, stem, row): masking them would take the word away from
# every other story.
UNMASKED_REGION_NAMES: frozenset[str] = frozenset(
    "batu buru serang malang pati puncak palu kudus landak metro batang banjar".split()
)


@lru_cache(maxsize=1)
def masked_places() -> tuple[str, ...]:
    """The Indonesian region names the model does not see (see :func:`mask_places`),
    lower-case. Read once from the bundled gazetteer; a fitted pipeline keeps its own copy
    in the normalise step, so prediction needs no gazetteer."""
    from classifier.gazetteer import region_names

    names = {n.lower() for n in region_names()}
    return tuple(sorted(n for n in names if len(n) >= 3 and n not in UNMASKED_REGION_NAMES))


def normalise_documents(documents: Any, places: tuple[str, ...] = ()) -> list[str]:
    """:func:`model_document` over a batch, without the region names in ``places``: the
    pipeline's first step (a FunctionTransformer that holds ``places`` as its kw_args)."""
    return [model_document(d, places) for d in documents]


def normalise_for_model(documents: Any) -> list[str]:
    """:func:`normalise_documents` with :func:`masked_places`: what training hands the
    vectorizers, the same as the fitted pipeline's :func:`normaliser` step does."""
    return normalise_documents(documents, masked_places())


def normaliser() -> FunctionTransformer:
    """The pipeline's normalise step, with the masked region names built in."""
    return FunctionTransformer(
        normalise_documents, validate=False, kw_args={"places": masked_places()}
    )


KEYWORD_FAMILIES: tuple[str, ...] = ("strict", "broad", "migrant")


def keyword_features(documents: Any) -> scipy.sparse.csr_matrix:
    """Per normalised document, how strongly each keyword family of data/README.md occurs.

    One feature per family, not per phrase: the model learns "an explicit TPPO term is
    present" from every TPPO story, and that transfers to a story whose phrase ("kawin
    kontrak", "ferienjob") no training article used. Scaled to [0, 1] like TF-IDF values.
    """
    rows = []
    for document in documents:
        rows.append(
            [
                min(1.0, np.log1p(len(rx.findall(document))) / _KEYWORD_SATURATION)
                for rx in KEYWORD_PATTERNS
            ]
        )
    return scipy.sparse.csr_matrix(np.asarray(rows, dtype=np.float32).reshape(-1, len(KEYWORD_PATTERNS)))


def keyword_feature_names(transformer: Any, input_features: Any) -> np.ndarray:
    return np.array(list(KEYWORD_FAMILIES), dtype=object)


def build_vectorizer(params: dict[str, Any] | None = None) -> FeatureUnion:
    """TF-IDF (``params['features']``: word, char or both) of the body, a word TF-IDF
    block of the title weighted ``title_weight``, and optional keyword-family features.

    Input is already normalised (the pipeline's ``normalise`` step); TF-IDF's default
    lower-casing is then a no-op.
    """
    p = {**DEFAULT_PARAMS, **(params or {})}
    kind = p["features"]
    if kind not in FEATURE_KINDS:
        raise ValueError(f"unknown features {kind!r}; choose one of {FEATURE_KINDS}")
    parts: list[tuple[str, Any]] = []
    if kind in ("word", "word+char"):
        parts.append(("word", _word_vectorizer(p, _window(p.get("word_window", 0)))))
    if kind in ("char", "word+char"):
        parts.append(("char", _char_vectorizer(p, _window(p.get("char_window", 0)))))
    weights: dict[str, float] = {}
    if p.get("title_weight", 0):
        # titles are short: a smaller vocabulary keeps the artifact and its load time small
        parts.append(("title", _word_vectorizer(p, title_line, max_features=10_000)))
        weights["title"] = float(p["title_weight"])
    if p.get("keyword_features", False):
        parts.append(
            (
                "keywords",
                FunctionTransformer(
                    keyword_features, validate=False, feature_names_out=keyword_feature_names
                ),
            )
        )
    return FeatureUnion(parts, transformer_weights=weights or None)


def build_relevance_classifier(params: dict[str, Any] | None = None) -> CalibratedClassifierCV:
    """Calibrated logistic regression; fit it through :func:`fit_relevance`.

    The weights of :func:`training_weights` reach the logistic regression only; the
    sigmoid is fitted unweighted, so scores stay probabilities of the training mix
    rather than of the re-weighted one. Calibration folds are grouped by story in both
    modes.
    """
    p = {**DEFAULT_PARAMS, **(params or {})}
    ensemble = bool(p["calibration_ensemble"])
    linear: Any = LogisticRegression(C=p["C"], solver="liblinear", max_iter=1000)
    if ensemble:
        with sklearn.config_context(enable_metadata_routing=True):
            linear.set_fit_request(sample_weight="lr_weight")
    else:
        # fitted without metadata routing (see fit_relevance): the weights travel as the
        # fit parameter ``lr__sample_weight``, which reaches the LR and not the sigmoid
        linear = Pipeline([("lr", linear)])
    return CalibratedClassifierCV(
        linear,
        method="sigmoid",
        cv=StratifiedGroupKFold(
            n_splits=p["calibration_folds"], shuffle=True, random_state=p["seed"]
        ),
        ensemble=ensemble,
    )


def _grouped_calibration_folds(
    clf: CalibratedClassifierCV, y: np.ndarray, groups: np.ndarray
) -> PredefinedSplit:
    """The calibrator's grouped folds as a fixed split.

    With ``ensemble=False`` scikit-learn 1.9 runs ``cross_val_predict`` without routing
    ``groups``, so the grouped splitter is evaluated here and handed over as a
    ``PredefinedSplit``: copies of a story still never calibrate each other.
    """
    test_fold = np.empty(len(y), dtype=np.int16)
    for k, (_, test) in enumerate(clf.cv.split(np.zeros(len(y)), y, groups)):
        test_fold[test] = k
    return PredefinedSplit(test_fold)


def build_pipeline(params: dict[str, Any] | None = None, *, normalise: bool = True) -> Pipeline:
    """``Pipeline([("normalise", ...), ("tfidf", features), ("clf", calibrated LR)])``;
    ``normalise=False`` leaves out the first step (input already normalised)."""
    steps: list[tuple[str, Any]] = [
        ("tfidf", build_vectorizer(params)),
        ("clf", build_relevance_classifier(params)),
    ]
    if normalise:
        steps.insert(0, ("normalise", normaliser()))
    return Pipeline(steps)


def build_modus_classifier(params: dict[str, Any] | None = None) -> OneVsRestClassifier:
    """One balanced logistic regression per modus label, on the relevance features."""
    p = {**DEFAULT_PARAMS, **(params or {})}
    return OneVsRestClassifier(
        LogisticRegression(  # few positives per label: balanced weights within TPPO articles
            C=p["modus_C"], class_weight="balanced", solver="liblinear", max_iter=1000
        )
    )


def slim_vectorizer(step: Any) -> None:
    """Drop ``stop_words_`` (every pruned term; large, and unused at predict time)."""
    parts = [v for _, v in step.transformer_list] if isinstance(step, FeatureUnion) else [step]
    for part in parts:
        if hasattr(part, "stop_words_"):
            del part.stop_words_


def word_feature_mask(step: Any, *, mark_title: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(names, is_word) for the fitted feature step: evidence uses readable word terms only
    (body and title blocks; a term may then appear in both, unless ``mark_title`` names the
    title block's terms "title: <term>")."""
    names = np.asarray(step.get_feature_names_out(), dtype=object)
    if isinstance(step, FeatureUnion):
        is_word = np.array([n.startswith(("word__", "title__")) for n in names])
        names = np.array(
            [
                f"title: {term}" if mark_title and block == "title" else term
                for block, term in (n.split("__", 1) for n in names)
            ],
            dtype=object,
        )
        return names, is_word
    is_word = np.full(len(names), getattr(step, "analyzer", "") == "word")
    return names, is_word


# One short definition per modus, in the words Indonesian news uses, written for this project
# from GUIDELINES.md (not taken from any article). They are added to the modus training set
# as one extra document per label: many modus have a single real story (one kidney case,
# one baby case, one ferienjob case), and when grouped cross-validation puts that story in
# the test fold, the definition is all the model knows about the label. They also keep a
# future retrain from forgetting a label that is absent from its data.
MODUS_DEFINITIONS: dict[str, str] = {
    "contract_marriage": "kawin kontrak nikah kontrak pengantin pesanan dinikahkan dengan "
    "pria asing pernikahan kontrak mail order bride perempuan dijodohkan dibawa ke china "
    "tiongkok mahar calon suami",
    "irregular_migrant_work": "pekerja migran indonesia pmi ilegal nonprosedural non "
    "prosedural tki ilegal calo sponsor tekong jalur tikus pelabuhan tikus gagalkan pengiriman "
    "calon pmi dijanjikan kerja di luar negeri malaysia tanpa dokumen resmi paspor visa",
    "sexual_exploitation": "eksploitasi seksual prostitusi pelacuran mucikari dijajakan "
    "layanan seks psk pekerja seks komersial anak di bawah umur dijual kepada pria hidung "
    "belang open bo aplikasi michat tempat hiburan malam",
    "online_scam": "online scam penipuan online judi online perusahaan penipuan dipaksa "
    "bekerja menipu kamboja myanmar laos filipina disekap di kompleks scam kripto target",
    "fishing_crew": "anak buah kapal abk awak kapal perikanan kapal ikan asing berbendera "
    "disiksa di laut tidak digaji bekerja di kapal penangkap ikan manning agency",
    "organ_trade": "perdagangan organ jual beli ginjal transplantasi ginjal donor ginjal "
    "pendonor dibayar operasi rumah sakit organ tubuh",
    "child_trafficking": "perdagangan bayi jual beli bayi penjualan anak adopsi ilegal "
    "bayi dijual anak dijual akta kelahiran palsu ibu hamil dibayar",
    "student_internship": "mahasiswa magang ferienjob program magang palsu kuliah sambil "
    "bekerja beasiswa kampus pelajar praktik kerja lapangan jerman jepang",
    "forced_labor": "kerja paksa perbudakan tidak digaji gaji tidak dibayar dikurung "
    "pembantu rumah tangga asisten rumah tangga jam kerja berlebihan dilarang pulang "
    "paspor ditahan majikan",
    "other": "perdagangan orang modus lain eksploitasi korban tppo",
}


def definition_documents(labels: tuple[str, ...] | None = None) -> list[str]:
    """:data:`MODUS_DEFINITIONS` (all, or of ``labels`` in order) as normalised documents
    without a title."""
    keys = labels if labels is not None else tuple(MODUS_DEFINITIONS)
    return normalise_for_model(f"\n{MODUS_DEFINITIONS[k]}" for k in keys)


# --- fitting ------------------------------------------------------------------------------


def training_weights(
    y: np.ndarray,
    hard_negative: np.ndarray,
    hard_negative_weight: float,
    positive_share: float = 1.0,
) -> np.ndarray:
    """Per-document weights: hand-labelled negatives count ``hard_negative_weight`` times a
    bulk negative, and positives together weigh ``positive_share`` times all negatives
    (1.0 = balanced).

    The labelled negatives are the look-alikes (legal PMI placement, Rohingya smuggling,
    film reviews); plain class balancing would drown them among thousands of easy negatives.
    Weights are scaled to mean 1 so ``C`` keeps its meaning.
    """
    w = np.where(hard_negative, hard_negative_weight, 1.0).astype(np.float64)
    positives = y == 1
    if positives.any():
        w[positives] = positive_share * w[~positives].sum() / positives.sum()
    return w * (len(w) / w.sum())


def fit_relevance(
    texts: list[str],
    y: np.ndarray,
    groups: np.ndarray,
    params: dict[str, Any] | None = None,
    *,
    normalised: bool = True,
    weights: np.ndarray | None = None,
) -> Pipeline:
    """Fit the relevance pipeline; ``groups`` keep one story inside one calibration fold.

    With ``normalised=True`` the texts already went through :func:`model_document` (cheaper
    in cross-validation); the returned pipeline then still expects pre-normalised text, call
    :func:`attach_normaliser` before persisting it.
    """
    p = {**DEFAULT_PARAMS, **(params or {})}
    if weights is None:
        weights = training_weights(y, np.zeros(len(y), dtype=bool), 1.0)
    if not normalised:
        texts = normalise_for_model(texts)
    vectorizer = build_vectorizer(p)
    if p["title_weight"] and not any(title_line(t) for t in texts):
        vectorizer.set_params(title="drop")  # untitled training data: no title vocabulary
    # The vocabulary also covers the modus definitions (twice, to pass min_df), so a modus
    # whose only story is absent from the training texts still has its words as features.
    definitions = definition_documents()
    vectorizer.fit([*texts, *definitions, *definitions])
    slim_vectorizer(vectorizer)
    features = vectorizer.transform(texts)
    if p["definition_weight"] and (y == 1).any():
        # The definitions as TPPO documents: grouped CV measured them worth ~8 % fewer false
        # alarms at the same recall. A modus with one or two real stories (ferienjob,
        # pengantin pesanan, ABK) otherwise has nothing pulling an unseen story of it up.
        k = len(definitions)
        share = float(p["definition_weight"]) * float(weights[y == 1].mean())
        features = scipy.sparse.vstack([features, vectorizer.transform(definitions)]).tocsr()
        y = np.concatenate([y, np.ones(k, dtype=y.dtype)])
        groups = np.concatenate([groups, np.max(groups, initial=-1) + 1 + np.arange(k)])
        weights = np.concatenate([weights, np.full(k, share)])
    clf = build_relevance_classifier(p)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a calibration fold with few positives
        if clf.ensemble:
            with sklearn.config_context(enable_metadata_routing=True):
                clf.fit(features, y, groups=groups, lr_weight=weights)
        else:
            clf.set_params(cv=_grouped_calibration_folds(clf, y, groups))
            clf.fit(features, y, lr__sample_weight=weights)
    steps: list[tuple[str, Any]] = [("tfidf", vectorizer), ("clf", clf)]
    if not normalised:
        steps.insert(0, ("normalise", normaliser()))
    return Pipeline(steps)


def attach_normaliser(pipe: Pipeline) -> Pipeline:
    """Prepend the normalise step to a pipeline fitted on pre-normalised text."""
    if "normalise" in pipe.named_steps:
        return pipe
    return Pipeline([("normalise", normaliser()), *pipe.steps])


def fit_modus(
    features: Any, modus: list[tuple[str, ...]], labels: tuple[str, ...],
    params: dict[str, Any] | None = None, *, definitions: Any = None,
) -> OneVsRestClassifier:
    """Fit the modus model on the TF-IDF rows of TPPO articles.

    ``definitions`` are the TF-IDF rows of :data:`MODUS_DEFINITIONS` in ``labels`` order,
    appended as one positive document per label.
    """
    binarizer = MultiLabelBinarizer(classes=list(labels))
    modus = [list(m) for m in modus]
    if definitions is not None:
        # each definition counts as several articles, else one document cannot outweigh
        # the ~60 real articles that share words like "korban" and "sindikat"
        copies = int((params or {}).get("definition_copies", DEFAULT_PARAMS["definition_copies"]))
        features = scipy.sparse.vstack([features] + [definitions] * copies).tocsr()
        modus = modus + [[label] for label in labels] * copies
    target = binarizer.fit_transform(modus)
    model = build_modus_classifier(params)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a label with no example: constant
        model.fit(features, target)
    return model


def decide_modus(
    proba: np.ndarray,
    labels: tuple[str, ...] | list[str],
    cue_counts: dict[str, int] | None = None,
    min_proba: float = 0.5,
    min_cues: int = 2,
) -> tuple[str, ...]:
    """Modus of a TPPO article from model probabilities and phrase cues.

    A label is chosen when the model gives it ``min_proba`` or its cue phrase
    (:data:`classifier.text.MODUS_CUES`) occurs ``min_cues`` times (a story about kidney
    sale says "ginjal" more than once; a passing mention does not). When nothing qualifies,
    the most frequent cue, else the model's best label: every TPPO article has a modus
    (``other`` covers the rest). Best first.
    """
    cues = cue_counts or {}
    chosen = {labels[i]: float(p) for i, p in enumerate(proba) if p >= min_proba}
    for label, n in cues.items():
        if n >= min_cues:
            chosen[label] = max(chosen.get(label, 0.0), 1.0 + n)
    if not chosen and cues:
        best = max(cues, key=lambda label: cues[label])
        chosen[best] = 1.0
    if not chosen:
        chosen[labels[int(np.argmax(proba))]] = 1.0
    return tuple(sorted(chosen, key=lambda label: -chosen[label]))
