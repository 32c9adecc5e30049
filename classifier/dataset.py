"""Read labelled data, pick negatives from unlabelled bulk news, group near-duplicate stories.

Three sources feed training (see ``pantau train --help``):

* label files keyed by corpus record id (``../shared/data/labels/*.labels.jsonl``), whose
  texts are looked up in the corpora (``../shared/data/news/*.jsonl.gz``);
* self-contained labelled JSONL with ``title``/``text`` inline (the small test fixture, or a
  ``pantau export --labels`` file from the review queue);
* the offline site's articles (``newssite/content/articles/*.json``, with a ``label`` block).

Copies of one story (the same case on several outlets) must never sit in both the train and
the test side of a split, so :func:`group_near_duplicates` clusters documents by text
similarity and the cross-validation splits by those groups, not by record id.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import TfidfVectorizer

from classifier.exceptions import TrainingDataError
from classifier.jsonl import parse_object
from classifier.text import ANY_TPPO_TERM, join_title_text, model_text

logger = logging.getLogger(__name__)

MODUS_LABELS: tuple[str, ...] = (
    "contract_marriage",
    "irregular_migrant_work",
    "sexual_exploitation",
    "online_scam",
    "fishing_crew",
    "organ_trade",
    "child_trafficking",
    "student_internship",
    "forced_labor",
    "other",
)
"""The modus ids of ``../shared/data/labels/GUIDELINES.md``, in a fixed order."""

DEFAULT_GROUP_THRESHOLD = 0.35
"""Cosine similarity (word TF-IDF of the normalised text) above which two documents are
treated as one story. On the shared labelled set, copies of one case across outlets score
0.35-0.95 and unrelated stories of the same modus mostly below 0.3."""


@dataclass(frozen=True)
class Article:
    """One document with its (optional) labels; ``origin`` says where it came from."""

    id: str
    title: str
    text: str
    source: str = ""
    tppo: bool | None = None
    modus: tuple[str, ...] = ()
    origin: str = ""
    story: str = ""  # explicit story id (site syndication); grouping adds text similarity
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def document(self) -> str:
        return join_title_text(self.title, self.text)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _numbered_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(1-based line number, raw line) of a JSONL or ``.jsonl.gz`` file. An unreadable file
    (a truncated .gz) is a :class:`TrainingDataError`."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as fh:  # type: ignore[operator]
            yield from enumerate(fh, 1)
    except (OSError, EOFError) as exc:
        raise TrainingDataError(f"{path}: cannot read ({exc})") from None


def _parse_jsonl_line(path: Path, n: int, line: bytes) -> dict[str, Any]:
    """One JSON object; a bad line fails training with its file and line number."""
    try:
        return parse_object(line, n)
    except ValueError as exc:
        raise TrainingDataError(f"{path}:{n}: {exc}") from None


def iter_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the objects of a JSONL (or ``.jsonl.gz``) file, skipping blank lines."""
    for n, line in _numbered_lines(path):
        if line.strip():
            yield _parse_jsonl_line(path, n, line)


def _checked_label(obj: dict[str, Any], where: str) -> tuple[bool, tuple[str, ...]]:
    tppo = obj.get("tppo")
    if not isinstance(tppo, bool):
        raise TrainingDataError(f"{where}: 'tppo' must be true or false")
    modus = tuple(obj.get("modus") or ())
    unknown = [m for m in modus if m not in MODUS_LABELS]
    if unknown:
        raise TrainingDataError(f"{where}: unknown modus {unknown}; see GUIDELINES.md")
    return tppo, modus


def load_label_file(path: Path) -> dict[str, dict[str, Any]]:
    """Labels keyed by corpus record id (GUIDELINES.md format)."""
    labels: dict[str, dict[str, Any]] = {}
    for n, obj in enumerate(iter_jsonl(path), 1):
        _checked_label(obj, f"{path}:{n}")
        labels[str(obj["id"])] = obj
    return labels


def is_self_contained(path: Path) -> bool:
    """True when the labelled JSONL carries its own text (no corpus lookup needed)."""
    for obj in iter_jsonl(path):
        return "text" in obj
    return False


def read_labelled_jsonl(path: Path, origin: str = "labelled") -> list[Article]:
    """Articles from a JSONL whose lines hold ``id, title, text, tppo, modus`` (+ ``source``)."""
    out = []
    for n, obj in enumerate(iter_jsonl(path), 1):
        tppo, modus = _checked_label(obj, f"{path}:{n}")
        if not isinstance(obj.get("text"), str):
            raise TrainingDataError(f"{path}:{n}: 'text' is missing")
        out.append(
            Article(
                id=str(obj["id"]),
                title=str(obj.get("title") or ""),
                text=obj["text"],
                source=str(obj.get("source") or ""),
                tppo=tppo,
                modus=modus,
                origin=origin,
                story=str(obj.get("story") or ""),
            )
        )
    return out


def _iter_records_with_ids(path: Path, ids: Any) -> Iterator[dict[str, Any]]:
    """Records of ``path`` whose id is in ``ids``; skips JSON parsing of the others when the
    line starts with the id (the corpora's layout), which makes a lookup ~10x faster."""
    prefix = b'{"id": "'
    for n, line in _numbered_lines(path):
        if line.startswith(prefix):
            end = line.find(b'"', len(prefix))
            if end > 0 and line[len(prefix) : end].decode("utf-8", "replace") not in ids:
                continue
        elif not line.strip():
            continue
        rec = _parse_jsonl_line(path, n, line)
        if rec.get("id") in ids:
            yield rec


def join_labels_with_corpora(
    labels: dict[str, dict[str, Any]], corpus_paths: Sequence[Path]
) -> list[Article]:
    """Look the labelled ids up in the corpora; a label whose record is absent is an error."""
    found: dict[str, Article] = {}
    for path in corpus_paths:
        for rec in _iter_records_with_ids(path, labels.keys()):
            label = labels[rec["id"]]
            tppo, modus = _checked_label(label, str(rec["id"]))
            found[rec["id"]] = Article(
                id=rec["id"],
                title=rec.get("title") or "",
                text=rec.get("text") or "",
                source=rec.get("source") or "",
                tppo=tppo,
                modus=modus,
                origin="labelled",
                extra={"corpus": rec.get("corpus", "")},
            )
    missing = sorted(set(labels) - set(found))
    if missing:
        raise TrainingDataError(
            f"{len(missing)} labelled ids are in no corpus file, e.g. {missing[:3]}"
        )
    return [found[i] for i in sorted(found)]


def load_site_articles(directory: Path) -> list[Article]:
    """The offline site's articles that carry a ``label`` block (others are skipped)."""
    out = []
    for path in sorted(directory.glob("*.json")):
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
            label = obj["label"]
            tppo, modus = _checked_label(label, str(path))
            text = "\n\n".join(obj["paragraphs"])
        except (KeyError, TypeError, ValueError, TrainingDataError) as exc:
            logger.warning("skipping site article %s: %s", path.name, exc)
            continue
        out.append(
            Article(
                id=f"site:{obj['id']}",
                title=obj.get("title") or "",
                text=text,
                source=obj.get("outlet") or "",
                tppo=tppo,
                modus=modus,
                origin="site",
                story=f"site:{obj.get('syndicated_from') or obj['id']}",
            )
        )
    return out


def _stable_rank(seed: int, record_id: str) -> str:
    return hashlib.sha1(f"{seed}:{record_id}".encode()).hexdigest()


def sample_bulk_negatives(
    corpus_paths: Iterable[Path],
    *,
    exclude_ids: set[str],
    n_train: int,
    n_holdout: int = 0,
    seed: int = 0,
) -> tuple[list[Article], list[Article]]:
    """Unlabelled bulk articles that match no TPPO/migrant term: (train sample, holdout).

    The choice depends only on record ids and ``seed`` (a hash order), so it is stable across
    runs and machines. The holdout is disjoint from the train sample and measures the false
    positive rate on ordinary news, which is what fills a review queue with noise.
    """
    pool: list[tuple[str, Article]] = []
    for path in corpus_paths:
        for rec in iter_jsonl(path):
            rid = rec.get("id", "")
            if rid in exclude_ids:
                continue
            title, text = rec.get("title") or "", rec.get("text") or ""
            if len(text) < 200 or ANY_TPPO_TERM.search(title) or ANY_TPPO_TERM.search(text):
                continue
            pool.append(
                (
                    _stable_rank(seed, rid),
                    Article(
                        id=rid,
                        title=title,
                        text=text,
                        source=rec.get("source") or "",
                        tppo=False,
                        origin="bulk_negative",
                        extra={"corpus": rec.get("corpus", "")},
                    ),
                )
            )
    pool.sort(key=lambda pair: pair[0])
    chosen = [a for _, a in pool[: n_train + n_holdout]]
    return chosen[:n_train], chosen[n_train:]


def _similarity_graph(documents: Sequence[str], threshold: float) -> Any:
    vectorizer = TfidfVectorizer(
        preprocessor=model_text,
        token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
        sublinear_tf=True,
        dtype=np.float32,
    )
    matrix = vectorizer.fit_transform(documents)
    sim = (matrix @ matrix.T).tocsr()
    sim.data = (sim.data > threshold).astype(np.int8)
    sim.eliminate_zeros()
    return sim


def group_near_duplicates(
    articles: Sequence[Article], threshold: float = DEFAULT_GROUP_THRESHOLD
) -> np.ndarray:
    """Group ids (ints) such that near-duplicate stories share a group.

    Single-link clustering: documents whose cosine similarity exceeds ``threshold`` are
    linked, articles sharing an explicit ``story`` are linked, and connected components are
    the groups. Single link can chain related stories into one larger group, which only
    makes the evaluation stricter.
    """
    if not articles:
        return np.zeros(0, dtype=int)
    graph = _similarity_graph([a.document for a in articles], threshold).tolil()
    first_of_story: dict[str, int] = {}
    for i, article in enumerate(articles):
        if article.story:
            j = first_of_story.setdefault(article.story, i)
            if j != i:
                graph[i, j] = 1
                graph[j, i] = 1
    _, labels = connected_components(graph.tocsr(), directed=False)
    return np.asarray(labels)


def drop_near_copies_of(
    candidates: Sequence[Article], reference: Sequence[Article], threshold: float
) -> list[Article]:
    """``candidates`` minus those nearly identical to any ``reference`` article.

    Bulk negatives are train-only; a copy of a labelled test article among them would leak
    the test story into training.
    """
    if not candidates or not reference:
        return list(candidates)
    vectorizer = TfidfVectorizer(
        preprocessor=model_text,
        token_pattern=r"(?u)\b[^\W\d_]{2,}\b",
        sublinear_tf=True,
        dtype=np.float32,
    )
    vectorizer.fit([a.document for a in reference] + [a.document for a in candidates])
    ref = vectorizer.transform([a.document for a in reference])
    cand = vectorizer.transform([a.document for a in candidates])
    best = np.asarray((cand @ ref.T).max(axis=1).todense()).ravel()
    return [a for a, s in zip(candidates, best, strict=True) if s <= threshold]
