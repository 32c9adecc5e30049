"""Grouped cross-validation, metrics and the evaluation report.

The report answers "how good, and why": precision, recall, F1 and PR-AUC at the operating
threshold, the confusion matrix, the keyword baseline on the same articles, modus micro-F1 on
the TPPO articles, a per-outlet breakdown and the top-weighted terms per class. If an outlet
name, a dateline or "Baca juga" shows up among the top terms, the normaliser has a bug
(STYLE.md #13); ``leak_terms`` lists any such term.

Honesty rules built in:

* folds are grouped by story (:func:`classifier.dataset.group_near_duplicates`), so copies of
  one case never sit on both sides;
* with ``nested=True`` each outer fold picks its threshold from inner out-of-fold scores of its
  own training part, so reported figures never use the test fold to choose anything;
* bulk negatives are train-only; a disjoint sample of them measures the false-positive rate.
"""

from __future__ import annotations

import logging
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.metrics import average_precision_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from classifier.dataset import MODUS_LABELS, Article, group_near_duplicates
from classifier.features import (
    attach_normaliser,
    decide_modus,
    definition_documents,
    fit_modus,
    fit_relevance,
    normalise_for_model,
    training_weights,
    word_feature_mask,
)
from classifier.text import STRICT_TPPO, modus_cue_counts

if TYPE_CHECKING:
    from classifier.train import TrainingData

logger = logging.getLogger(__name__)

MAX_THRESHOLD = 0.5
DEFAULT_MIN_RECALL = 0.97
"""Recall the threshold keeps on the inner out-of-fold scores.

Issue 3 asks for outer recall >= 0.95. Aiming the inner threshold at exactly 0.95 let
nested outer recall fall to 0.946 in three of six recipes measured (an inner fold has
~59 positives, one miss is 1.7 points), so the policy keeps a margin of about one
article."""

# Tokens that identify an outlet or page furniture; none may be a top term (STYLE.md #13).
LEAK_TOKENS = frozenset(
    "liputan liputan6 kompas kompascom detik detikcom detiknews tribun tribunnews okezone "
    "sindonews republika antara antaranews kapanlagi wowkeren fimela posmetro kumparan jpnn "
    "idn times cnn tempo baca juga advertisement scroll continue content pewarta editor "
    "reporter penulis copyright gambas ringkasan img video simak selengkapnya".split()
)


def normalise_all(articles: list[Article]) -> list[str]:
    return normalise_for_model([a.document for a in articles])


def grouped_splits(
    y: np.ndarray, groups: np.ndarray, n_splits: int, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified, story-grouped folds (fewer when there are too few positive stories)."""
    positive_groups = len(set(groups[y == 1]))
    negative_groups = len(set(groups[y == 0]))
    k = max(2, min(n_splits, positive_groups, negative_groups))
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(y)), y, groups))


def choose_threshold(
    y: np.ndarray, scores: np.ndarray, min_recall: float, max_threshold: float = MAX_THRESHOLD
) -> float:
    """Highest threshold whose recall on (y, scores) is >= ``min_recall``, at most
    ``max_threshold``: recall first, the reviewers are the precision filter."""
    positives = np.sort(scores[y == 1])[::-1]
    if len(positives) == 0:
        return max_threshold
    k = max(1, math.ceil(min_recall * len(positives)))
    return float(min(positives[k - 1], max_threshold))


def binary_metrics(y: np.ndarray, predicted: np.ndarray, scores: np.ndarray | None) -> dict[str, Any]:
    y = y.astype(bool)
    predicted = predicted.astype(bool)
    tp = int(np.sum(y & predicted))
    fp = int(np.sum(~y & predicted))
    fn = int(np.sum(y & ~predicted))
    tn = int(np.sum(~y & ~predicted))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    out: dict[str, Any] = {
        "n": int(len(y)),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "confusion": {"tn": tn, "fp": fp, "fn": fn, "tp": tp},
    }
    if scores is not None and y.any() and (~y).any():
        out["pr_auc"] = round(float(average_precision_score(y, scores)), 4)
    return out


def keyword_baseline(articles: list[Article]) -> np.ndarray:
    """The strict regex of ../shared/data/README.md on title + text."""
    return np.array([bool(STRICT_TPPO.search(a.document)) for a in articles])


def modus_metrics(
    gold: list[tuple[str, ...]], predicted: list[tuple[str, ...]]
) -> dict[str, Any]:
    if not gold:
        return {"n": 0}
    binarizer = MultiLabelBinarizer(classes=list(MODUS_LABELS))
    g = binarizer.fit_transform([list(m) for m in gold])
    p = binarizer.transform([list(m) for m in predicted])
    per_label = {}
    for j, label in enumerate(MODUS_LABELS):
        support = int(g[:, j].sum())
        if support or p[:, j].sum():
            per_label[label] = {
                "support": support,
                "f1": round(float(f1_score(g[:, j], p[:, j], zero_division=0)), 4),
            }
    return {
        "n": len(gold),
        "micro_f1": round(float(f1_score(g, p, average="micro", zero_division=0)), 4),
        "macro_f1_present": round(
            float(np.mean([v["f1"] for v in per_label.values() if v["support"]])), 4
        ),
        "exact_match": round(float(np.mean([set(a) == set(b) for a, b in zip(gold, predicted, strict=True)])), 4),
        "per_label": per_label,
    }


def per_source(
    articles: list[Article], y: np.ndarray, predicted: np.ndarray
) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, int]] = defaultdict(lambda: {"n": 0, "tppo": 0, "tp": 0, "fp": 0, "fn": 0})
    for article, truth, pred in zip(articles, y, predicted, strict=True):
        row = rows[article.source or "?"]
        row["n"] += 1
        row["tppo"] += int(truth)
        row["tp"] += int(truth and pred)
        row["fp"] += int(pred and not truth)
        row["fn"] += int(truth and not pred)
    return [{"source": s, **r} for s, r in sorted(rows.items(), key=lambda kv: (-kv[1]["n"], kv[0]))]


def top_terms(model: dict[str, Any], k: int = 20) -> dict[str, Any]:
    """Most weighted word terms of the relevance model (both classes) and of each modus."""
    pipe = model["relevance"]
    # the title block's terms are marked, else "tppo" of the title and of the body look alike
    names, is_word = word_feature_mask(pipe.named_steps["tfidf"], mark_title=True)
    coef = relevance_coef(pipe)
    word_idx = np.flatnonzero(is_word)
    order = word_idx[np.argsort(coef[word_idx])]
    out: dict[str, Any] = {
        "tppo": [str(names[i]) for i in order[::-1][:k]],
        "not_tppo": [str(names[i]) for i in order[:k]],
        "modus": {},
    }
    for label, estimator in zip(model["modus_labels"], model["modus"].estimators_, strict=True):
        if hasattr(estimator, "coef_"):
            c = estimator.coef_.ravel()
            best = word_idx[np.argsort(-c[word_idx])][: max(5, k // 2)]
            out["modus"][label] = [str(names[i]) for i in best]
    return out


def relevance_coef(pipe: Any) -> np.ndarray:
    """Mean coefficients of the logistic regressions under the calibrator."""
    models = [m.estimator for m in pipe.named_steps["clf"].calibrated_classifiers_]
    models = [m[-1] if isinstance(m, Pipeline) else m for m in models]  # ensemble=False
    coefs = [np.asarray(m.coef_, dtype=np.float64).ravel() for m in models]
    return np.mean(coefs, axis=0)


def leak_terms(terms: dict[str, Any], top: int = 50) -> list[str]:
    found = []
    for term in [*terms["tppo"][:top], *terms["not_tppo"][:top]]:
        if any(tok in LEAK_TOKENS for tok in term.split()):
            found.append(term)
    return found


@dataclass
class EvaluationReport:
    """Metrics of one training recipe; ``to_dict()`` goes into card.json."""

    params: dict[str, Any]
    folds: int
    nested: bool
    min_recall: float
    threshold: float = MAX_THRESHOLD
    groups: dict[str, Any] = field(default_factory=dict)
    model: dict[str, Any] = field(default_factory=dict)
    model_at_final_threshold: dict[str, Any] = field(default_factory=dict)
    model_at_half: dict[str, Any] = field(default_factory=dict)
    keyword_baseline: dict[str, Any] = field(default_factory=dict)
    modus: dict[str, Any] = field(default_factory=dict)
    fold_thresholds: list[float] = field(default_factory=list)
    per_source: list[dict[str, Any]] = field(default_factory=list)
    missed: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    site: dict[str, Any] = field(default_factory=dict)
    holdout_negatives: dict[str, Any] = field(default_factory=dict)
    top_terms: dict[str, Any] = field(default_factory=dict)
    leak_terms: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def add_final_model_checks(self, model: dict[str, Any], data: TrainingData) -> None:
        """Top terms and the false-positive rate on held-out bulk news, for the final model."""
        self.top_terms = top_terms(model)
        self.leak_terms = leak_terms(self.top_terms)
        if data.holdout_negatives:
            scores = model["relevance"].predict_proba(
                [a.document for a in data.holdout_negatives]
            )[:, 1]
            flagged = scores >= self.threshold
            self.holdout_negatives = {
                "n": len(scores),
                "false_positive_rate": round(float(flagged.mean()), 4),
                "false_positives": int(flagged.sum()),
                "examples": [
                    {"id": a.id, "score": round(float(s), 3)}
                    for a, s in sorted(
                        zip(data.holdout_negatives, scores, strict=True), key=lambda p: -p[1]
                    )[:5]
                ],
            }

    def to_dict(self, *, titles: bool = True) -> dict[str, Any]:
        """``titles=False`` for the card: it is committed, and corpus text stays out of the
        repository (ids and scores are enough to find an article again)."""

        def strip(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
            return rows if titles else [{k: v for k, v in r.items() if k != "title"} for r in rows]

        return {
            "protocol": (
                f"{self.folds}-fold StratifiedGroupKFold over the labelled articles, groups = "
                f"near-duplicate story clusters; bulk negatives train-only; "
                + ("per-fold threshold from inner grouped OOF scores" if self.nested
                   else "single threshold from the outer OOF scores (optimistic)")
            ),
            "nested": self.nested,
            "min_recall": self.min_recall,
            "threshold": self.threshold,
            "fold_thresholds": self.fold_thresholds,
            "groups": self.groups,
            "relevance": self.model,
            "relevance_at_final_threshold": self.model_at_final_threshold,
            "relevance_at_0.5": self.model_at_half,
            "keyword_baseline": self.keyword_baseline,
            "modus": self.modus,
            "per_source": self.per_source,
            "missed": strip(self.missed),
            "false_alarms": strip(self.false_alarms),
            "site": self.site,
            "holdout_negatives": self.holdout_negatives,
            "top_terms": self.top_terms,
            "leak_terms": self.leak_terms,
            "seconds": round(self.seconds, 1),
        }


def _weights(articles: list[Article], y: np.ndarray, params: dict[str, Any]) -> np.ndarray:
    hard = np.array([a.origin != "bulk_negative" for a in articles])
    return training_weights(
        y, hard, params["hard_negative_weight"], params.get("positive_share", 1.0)
    )


def _fit_fold(
    texts: list[str], articles: list[Article], y: np.ndarray, groups: np.ndarray,
    params: dict[str, Any],
) -> tuple[Any, Any]:
    pipe = fit_relevance(texts, y, groups, params, weights=_weights(articles, y, params))
    pos = np.flatnonzero(y == 1)
    vectorizer = pipe.named_steps["tfidf"]
    features = vectorizer.transform([texts[i] for i in pos])
    definitions = vectorizer.transform(definition_documents(MODUS_LABELS))
    modus = fit_modus(
        features, [articles[i].modus for i in pos], MODUS_LABELS, params, definitions=definitions
    )
    return pipe, modus


def _oof_scores(
    texts: list[str], articles: list[Article], y: np.ndarray, groups: np.ndarray,
    params: dict[str, Any], folds: int,
) -> np.ndarray:
    oof = np.zeros(len(y))
    weights = _weights(articles, y, params)
    for tr, te in grouped_splits(y, groups, folds, params["seed"] + 1):
        w = weights[tr] * (len(tr) / weights[tr].sum())
        pipe = fit_relevance([texts[i] for i in tr], y[tr], groups[tr], params, weights=w)
        oof[te] = pipe.predict_proba([texts[i] for i in te])[:, 1]
    return oof


def _story_groups(data: TrainingData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Groups for labelled, extra and site articles in one id space."""
    grouped = data.labelled + data.site
    g = group_near_duplicates(grouped, data.group_threshold)
    by_id = {a.id: int(x) for a, x in zip(grouped, g, strict=True)}
    offset = int(g.max()) + 1 if len(g) else 0
    extra = np.array(
        [by_id.get(a.id, offset + i) for i, a in enumerate(data.extra)], dtype=int
    )
    return g[: len(data.labelled)], extra, g[len(data.labelled):]


def cross_validate(
    data: TrainingData,
    params: dict[str, Any],
    *,
    folds: int = 5,
    min_recall: float = DEFAULT_MIN_RECALL,
    nested: bool = True,
) -> EvaluationReport:
    """Grouped cross-validation of the whole recipe on ``data.labelled``."""
    started = time.perf_counter()
    report = EvaluationReport(params=params, folds=folds, nested=nested, min_recall=min_recall)
    lab, extra = data.labelled, data.extra
    lab_texts, extra_texts = normalise_all(lab), normalise_all(extra)
    y = np.array([bool(a.tppo) for a in lab], dtype=int)
    y_extra = np.array([bool(a.tppo) for a in extra], dtype=int)
    g, g_extra, _ = _story_groups(data)
    sizes = np.bincount(g)
    report.groups = {
        "labelled_groups": int(len(set(g))),
        "largest_group": int(sizes.max()),
        "multi_article_groups": int(np.sum(sizes > 1)),
        "threshold": data.group_threshold,
    }

    splits = grouped_splits(y, g, folds, params["seed"])
    report.folds = len(splits)
    oof = np.zeros(len(lab))
    fold_threshold = np.zeros(len(lab))
    modus_pred: dict[int, tuple[str, ...]] = {}
    for k, (tr, te) in enumerate(splits):
        train_texts = [lab_texts[i] for i in tr] + extra_texts
        train_articles = [lab[i] for i in tr] + extra
        train_y = np.concatenate([y[tr], y_extra])
        train_g = np.concatenate([g[tr], g_extra])
        pipe, modus = _fit_fold(train_texts, train_articles, train_y, train_g, params)
        test_texts = [lab_texts[i] for i in te]
        oof[te] = pipe.predict_proba(test_texts)[:, 1]
        if nested:
            inner = _oof_scores(train_texts, train_articles, train_y, train_g, params, folds - 1)
            # threshold on the real labelled part of the training side only
            n_lab = len(tr)
            t = choose_threshold(train_y[:n_lab], inner[:n_lab], min_recall)
            report.fold_thresholds.append(round(t, 4))
            fold_threshold[te] = t
        gold_pos = [i for i in te if y[i] == 1]
        if gold_pos:
            features = pipe.named_steps["tfidf"].transform([lab_texts[i] for i in gold_pos])
            proba = modus.predict_proba(features)
            for i, row in zip(gold_pos, proba, strict=True):
                modus_pred[i] = decide_modus(row, MODUS_LABELS, modus_cue_counts(lab[i].document))
        logger.info("fold %d/%d done (%.0fs)", k + 1, len(splits), time.perf_counter() - started)

    report.threshold = choose_threshold(y, oof, min_recall)
    if not nested:
        fold_threshold[:] = report.threshold
    predicted = oof >= fold_threshold
    report.model = binary_metrics(y, predicted, oof)
    report.model_at_final_threshold = binary_metrics(y, oof >= report.threshold, oof)
    report.model_at_half = binary_metrics(y, oof >= 0.5, oof)
    baseline = keyword_baseline(lab)
    report.keyword_baseline = binary_metrics(y, baseline, baseline.astype(float))
    positives = [i for i in range(len(lab)) if y[i] == 1]
    report.modus = modus_metrics([lab[i].modus for i in positives], [modus_pred[i] for i in positives])
    sources = per_source(lab, y, predicted)
    for row, base_row in zip(sources, per_source(lab, y, baseline), strict=True):
        row["baseline_fn"] = base_row["fn"]
        row["baseline_fp"] = base_row["fp"]
    report.per_source = sources
    report.missed = _errors(lab, np.flatnonzero((y == 1) & ~predicted), oof, g, sizes)
    report.false_alarms = _errors(lab, np.flatnonzero((y == 0) & predicted), oof, g, sizes)
    if data.site:
        report.site = _site_check(data, params, report.threshold)
    report.seconds = time.perf_counter() - started
    return report


def _errors(
    articles: list[Article], rows: np.ndarray, scores: np.ndarray, groups: np.ndarray,
    sizes: np.ndarray,
) -> list[dict[str, Any]]:
    """Misclassified articles with their story cluster (``sizes``: articles per group): a
    cluster is tested in one fold, so several errors from one cluster are one story the
    training side never saw."""
    return [
        {"id": articles[i].id, "score": round(float(scores[i]), 3),
         "group": int(groups[i]), "group_size": int(sizes[groups[i]]),
         "title": articles[i].title[:70]}
        for i in rows
    ]


def _site_check(data: TrainingData, params: dict[str, Any], threshold: float) -> dict[str, Any]:
    """Train on the shared data only, test on the offline site's articles."""
    shared = data.labelled + [a for a in data.extra if a.origin != "site"]
    texts = normalise_all(shared)
    y = np.array([bool(a.tppo) for a in shared], dtype=int)
    groups = np.arange(len(shared))
    labelled_g, _, _ = _story_groups(data)
    groups[: len(data.labelled)] = labelled_g
    groups[len(data.labelled):] += int(labelled_g.max()) + 1
    pipe, modus = _fit_fold(texts, shared, y, groups, params)
    site_texts = normalise_all(data.site)
    y_site = np.array([bool(a.tppo) for a in data.site], dtype=int)
    scores = pipe.predict_proba(site_texts)[:, 1]
    out = binary_metrics(y_site, scores >= threshold, scores)
    out["keyword_baseline"] = binary_metrics(y_site, keyword_baseline(data.site), None)
    pos = np.flatnonzero(y_site == 1)
    if len(pos):
        proba = modus.predict_proba(pipe.named_steps["tfidf"].transform([site_texts[i] for i in pos]))
        out["modus"] = modus_metrics(
            [data.site[i].modus for i in pos],
            [
                decide_modus(r, MODUS_LABELS, modus_cue_counts(data.site[i].document))
                for i, r in zip(pos, proba, strict=True)
            ],
        )
    return out


def fit_full_model(data: TrainingData, params: dict[str, Any]) -> dict[str, Any]:
    """The shipped model: relevance pipeline (normaliser attached) + modus classifier."""
    articles = data.labelled + data.extra
    texts = normalise_all(articles)
    y = np.array([bool(a.tppo) for a in articles], dtype=int)
    g_lab, g_extra, _ = _story_groups(data)
    pipe, modus = _fit_fold(texts, articles, y, np.concatenate([g_lab, g_extra]), params)
    return {
        "format": 1,
        "relevance": attach_normaliser(pipe),
        "modus": modus,
        "modus_labels": list(MODUS_LABELS),
    }


def _error_line(row: dict[str, Any]) -> str:
    cluster = (
        f"  [story cluster {row['group']}, {row['group_size']} articles]"
        if row.get("group_size", 1) > 1 else ""  # cards written before clusters have none
    )
    return f"    {row['score']:.3f}  {row['id']}  {row.get('title', '')}{cluster}"


def format_report(report: dict[str, Any]) -> str:
    """Human-readable text of ``EvaluationReport.to_dict()`` (also of a card's metrics)."""
    lines: list[str] = []
    add = lines.append

    def metric_line(name: str, m: dict[str, Any]) -> str:
        if not m:
            return f"{name:<34} -"
        auc = f"  PR-AUC {m['pr_auc']:.3f}" if "pr_auc" in m else ""
        c = m["confusion"]
        return (
            f"{name:<34} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}{auc}"
            f"   [tp {c['tp']} fp {c['fp']} fn {c['fn']} tn {c['tn']}]"
        )

    add(f"protocol: {report['protocol']}")
    g = report["groups"]
    add(
        f"story groups: {g.get('labelled_groups')} (largest {g.get('largest_group')}, "
        f"{g.get('multi_article_groups')} with >1 article; cosine > {g.get('threshold')})"
    )
    add(f"operating threshold: {report['threshold']:.4f} (min recall {report['min_recall']})")
    if report["fold_thresholds"]:
        add(f"per-fold thresholds: {report['fold_thresholds']}")
    add("")
    add("relevance on the labelled articles (out-of-fold)")
    add(metric_line("  model, per-fold thresholds", report["relevance"]))
    add(metric_line("  model, final threshold", report["relevance_at_final_threshold"]))
    add(metric_line("  model, threshold 0.5", report["relevance_at_0.5"]))
    add(metric_line("  keyword baseline (strict regex)", report["keyword_baseline"]))
    c = report["relevance"]["confusion"]
    add("  confusion matrix (rows = truth, cols = predicted)")
    add("                 not_tppo   tppo")
    add(f"    not_tppo     {c['tn']:>8} {c['fp']:>6}")
    add(f"    tppo         {c['fn']:>8} {c['tp']:>6}")
    m = report["modus"]
    if m.get("n"):
        add("")
        add(
            f"modus on TPPO articles (n={m['n']}): micro-F1 {m['micro_f1']:.3f}  "
            f"macro-F1 {m['macro_f1_present']:.3f}  exact {m['exact_match']:.3f}"
        )
        for label, v in m["per_label"].items():
            add(f"    {label:<24} support {v['support']:>3}  F1 {v['f1']:.3f}")
    h = report.get("holdout_negatives") or {}
    if h:
        add("")
        add(
            f"held-out no-keyword bulk news: {h['false_positives']} of {h['n']} flagged "
            f"(FPR {h['false_positive_rate']:.4f})"
        )
    s = report.get("site") or {}
    if s:
        add("")
        add(f"offline-site articles (trained on ../shared only), n={s['n']}")
        add(metric_line("  model", s))
        add(metric_line("  keyword baseline", s["keyword_baseline"]))
        if s.get("modus", {}).get("n"):
            add(f"  modus micro-F1 {s['modus']['micro_f1']:.3f} (n={s['modus']['n']})")
    add("")
    add("per outlet (model at per-fold thresholds; baseline errors alongside)")
    add(f"    {'source':<26} {'n':>4} {'tppo':>5} {'tp':>4} {'fp':>4} {'fn':>4}  base_fp base_fn")
    for row in report["per_source"]:
        add(
            f"    {row['source'][:26]:<26} {row['n']:>4} {row['tppo']:>5} {row['tp']:>4} "
            f"{row['fp']:>4} {row['fn']:>4}  {row['baseline_fp']:>7} {row['baseline_fn']:>7}"
        )
    if report["missed"]:
        add("")
        add("missed TPPO articles:")
        for r in report["missed"]:
            add(_error_line(r))
    if report["false_alarms"]:
        add("false alarms:")
        for r in report["false_alarms"]:
            add(_error_line(r))
    t = report.get("top_terms") or {}
    if t:
        add("")
        add("top terms, tppo:      " + ", ".join(t["tppo"]))
        add("top terms, not tppo:  " + ", ".join(t["not_tppo"]))
        for label, terms in t["modus"].items():
            add(f"  modus {label:<22} " + ", ".join(terms))
        add(f"outlet/boilerplate terms among the top 50: {report['leak_terms'] or 'none'}")
    add(f"\n({report['seconds']:.0f}s)")
    return "\n".join(lines)


REPEAT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("precision", "relevance", "precision"),
    ("recall", "relevance", "recall"),
    ("f1", "relevance", "f1"),
    ("pr_auc", "relevance", "pr_auc"),
    ("f1_final_threshold", "relevance_at_final_threshold", "f1"),
    ("modus_micro_f1", "modus", "micro_f1"),
)
"""(column, report section, key) of the figures a repeated evaluation summarises."""


def summarise_repeats(reports: list[dict[str, Any]], seeds: list[int]) -> dict[str, Any]:
    """Per-seed figures of repeated evaluations, with their mean and standard deviation.

    One story-grouped split of ~75 TPPO articles moves F1 by about 0.02 (mostly through the
    threshold); the mean over seeds is the steadier estimate of what the recipe does.
    """
    rows: list[dict[str, Any]] = []
    for seed, report in zip(seeds, reports, strict=True):
        row: dict[str, Any] = {"seed": seed, "threshold": round(float(report["threshold"]), 4)}
        for column, section, key in REPEAT_COLUMNS:
            value = report.get(section, {}).get(key)
            row[column] = None if value is None else round(float(value), 4)
        rows.append(row)
    mean: dict[str, float] = {}
    sd: dict[str, float] = {}
    for column in ("threshold", *(c for c, _, _ in REPEAT_COLUMNS)):
        values = np.array([r[column] for r in rows if r[column] is not None], dtype=float)
        if len(values):
            mean[column] = round(float(values.mean()), 4)
            sd[column] = round(float(values.std(ddof=1)) if len(values) > 1 else 0.0, 4)
    return {"seeds": list(seeds), "rows": rows, "mean": mean, "sd": sd}


def format_repeats(summary: dict[str, Any]) -> str:
    """A table of :func:`summarise_repeats`: one line per seed, then mean and sd."""
    columns = ["threshold", *(c for c, _, _ in REPEAT_COLUMNS)]
    lines = ["  seed " + " ".join(f"{c:>7}" for c in columns)]

    def cells(values: list[Any]) -> str:
        return " ".join(
            f"{v:>{max(7, len(c))}.4f}" if isinstance(v, float) else f"{'-':>{max(7, len(c))}}"
            for c, v in zip(columns, values, strict=True)
        )

    for row in summary["rows"]:
        lines.append(f"{row['seed']:>6} " + cells([row[c] for c in columns]))
    for name in ("mean", "sd"):
        lines.append(f"{name:>6} " + cells([summary[name].get(c) for c in columns]))
    return "\n".join(lines)
