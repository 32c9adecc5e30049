"""``pantau train | evaluate | analyze``: parse arguments, call the library, map to an exit code.

Exit codes: 0 success; 1 ``analyze`` finished but some input lines were bad; 2 usage,
data or model errors (a clear message on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path
from typing import Any

from classifier.exceptions import ClassifierError

REPO_ROOT = Path(__file__).resolve().parent.parent


def _shared_default() -> Path:
    return Path(os.environ.get("PANTAU_SHARED_DATA", REPO_ROOT.parent / "shared" / "data"))


def _add_data_arguments(parser: argparse.ArgumentParser) -> None:
    data = parser.add_argument_group("data")
    data.add_argument(
        "--labels",
        type=Path,
        action="append",
        help="labelled JSONL (repeatable): label files keyed by corpus id, or records with "
        "title/text inline; default: SHARED/labels/*.labels.jsonl",
    )
    data.add_argument(
        "--add-labels",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="more labelled JSONL on top of --labels or its default (repeatable), such as "
        "`pantau export --format labels`; a later label of the same id replaces an earlier one",
    )
    data.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="news corpus JSONL(.gz) (repeatable): texts for keyed labels and the pool of "
        "bulk negatives; default: SHARED/news/*.jsonl.gz",
    )
    data.add_argument("--shared", type=Path, default=None, help="shared data folder (default ../shared/data)")
    data.add_argument(
        "--site-dir",
        type=Path,
        default=REPO_ROOT / "newssite" / "content" / "articles",
        help="offline-site articles with a label block (extra training + separate test)",
    )
    data.add_argument("--no-site", action="store_true", help="ignore the offline-site articles")
    data.add_argument("--negatives", type=int, default=4000, help="bulk negatives to train on")
    data.add_argument("--holdout", type=int, default=2000, help="bulk negatives kept for the FPR check")
    model = parser.add_argument_group("model")
    model.add_argument("--features", choices=["word", "char", "word+char"], default=None)
    model.add_argument("--C", type=float, default=None, help="inverse regularisation of the relevance model")
    model.add_argument("--folds", type=int, default=5)
    model.add_argument(
        "--min-recall",
        type=float,
        default=0.97,
        help="threshold policy: grouped out-of-fold recall the threshold must keep",
    )
    model.add_argument("--seed", type=int, default=0)
    model.add_argument(
        "--quick",
        action="store_true",
        help="one cross-validation pass without nested threshold selection (optimistic)",
    )


def _params(args: argparse.Namespace, seed: int | None = None) -> dict[str, Any]:
    from classifier.features import DEFAULT_PARAMS

    params = dict(DEFAULT_PARAMS)
    if args.features:
        params["features"] = args.features
    if args.C is not None:
        params["C"] = args.C
    params["seed"] = args.seed if seed is None else seed
    return params


def _load_data(args: argparse.Namespace, seed: int | None = None) -> Any:
    from classifier.train import load_training_data

    shared = args.shared or _shared_default()
    labels = args.labels or sorted((shared / "labels").glob("*.labels.jsonl"))
    corpora = args.corpus
    if corpora is None:
        corpora = sorted((shared / "news").glob("*.jsonl.gz")) if args.labels is None else []
    if not labels:
        raise ClassifierError(f"no labelled data: pass --labels or provide {shared}/labels")
    return load_training_data(
        label_paths=[*labels, *args.add_labels],
        corpus_paths=list(corpora),
        site_dir=None if args.no_site else args.site_dir,
        n_negatives=args.negatives,
        n_holdout=args.holdout,
        seed=args.seed if seed is None else seed,
    )


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(name)s %(levelname)s %(message)s",
        stream=sys.stderr,
    )


def handle_train(args: argparse.Namespace) -> int:
    from classifier.evaluate import format_report
    from classifier.train import train

    _setup_logging(not args.quiet)
    try:
        data = _load_data(args)
        card = train(
            data,
            params=_params(args),
            models_root=args.models_dir,
            version=args.version,
            folds=args.folds,
            min_recall=args.min_recall,
            activate=not args.no_activate,
            evaluate=not args.quick,
        )
    except (ClassifierError, FileExistsError) as exc:
        print(f"pantau train: {exc}", file=sys.stderr)
        return 2
    text = format_report(card["metrics"])  # ids only; `pantau evaluate` also shows titles
    if args.report:
        args.report.write_text(text + "\n", encoding="utf-8")
    if not args.quiet:
        print(text)
    print(f"model {card['version']} written (threshold {card['threshold']:.4f})")
    return 0


def handle_evaluate(args: argparse.Namespace) -> int:
    from classifier.evaluate import (
        cross_validate,
        fit_full_model,
        format_repeats,
        format_report,
        summarise_repeats,
    )

    _setup_logging(args.verbose)
    if args.repeat < 1:
        print("pantau evaluate: --repeat must be at least 1", file=sys.stderr)
        return 2
    seeds = [args.seed + k for k in range(args.repeat)]
    kinds = args.compare or [args.features or None]
    results: dict[str, dict[str, Any]] = {}
    per_seed: dict[str, list[dict[str, Any]]] = {}
    for seed in seeds:
        try:  # a repeat redraws all a seed decides: bulk negatives, folds, calibration
            data = _load_data(args, seed)
        except ClassifierError as exc:
            print(f"pantau evaluate: {exc}", file=sys.stderr)
            return 2
        for kind in kinds:
            params = _params(args, seed)
            if kind:
                params["features"] = kind
            report = cross_validate(
                data, params, folds=args.folds, min_recall=args.min_recall, nested=not args.quick
            )
            report.add_final_model_checks(fit_full_model(data, params), data)
            result = report.to_dict()
            name = params["features"]
            per_seed.setdefault(name, []).append(result)
            if name not in results:
                results[name] = result
                print(f"==== features: {name}")
                print(format_report(result))
    if len(seeds) > 1:
        for name, runs in per_seed.items():
            summary = summarise_repeats(runs, seeds)
            results[name]["repeats"] = summary
            print(f"==== features: {name}, {len(seeds)} repeats")
            print(format_repeats(summary))
    if len(results) > 1:
        print("==== comparison (per-fold thresholds)")
        for kind, r in results.items():
            m = r["relevance"]
            print(
                f"  {kind:<10} P {m['precision']:.3f} R {m['recall']:.3f} F1 {m['f1']:.3f} "
                f"PR-AUC {m.get('pr_auc', 0):.3f}  modus micro-F1 {r['modus'].get('micro_f1', 0):.3f}"
                f"  ({r['seconds']:.0f}s)"
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


def handle_analyze(args: argparse.Namespace) -> int:
    from classifier.analyze import analyze_lines
    from classifier.predict import load_classifier

    try:
        clf = load_classifier(args.model_dir)
    except ClassifierError as exc:
        print(f"pantau analyze: {exc}", file=sys.stderr)
        return 2
    try:
        # bytes: each line is decoded on its own (classifier.jsonl.decode_line)
        source = sys.stdin.buffer if args.input == "-" else open(args.input, "rb")  # noqa: SIM115
    except OSError as exc:
        print(f"pantau analyze: cannot read {args.input}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        sink = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        print(f"pantau analyze: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        summary = analyze_lines(source, clf, sink, sys.stderr, batch_size=args.batch_size)
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if sink is not sys.stdout:
            sink.close()
    if summary.failed:
        print(
            f"pantau analyze: {summary.failed} bad line(s), {summary.ok} analysed",
            file=sys.stderr,
        )
        return 1
    return 0


def register(subparsers: Any) -> None:
    """Add ``train``, ``evaluate`` and ``analyze`` to the ``pantau`` parser."""
    train = subparsers.add_parser(
        "train",
        help="train the TPPO classifier and write models/<version>/",
        description="Cross-validate (grouped by story), fit on all data, write "
        "models/<version>/{pipeline.joblib,card.json} and point models/CURRENT at it.",
    )
    _add_data_arguments(train)
    out = train.add_argument_group("output")
    out.add_argument("--models-dir", type=Path, default=None, help="default: models/ or PANTAU_MODEL_DIR")
    out.add_argument("--version", default=None, help="default: YYYYMMDD-<git sha>")
    out.add_argument("--no-activate", action="store_true", help="do not update models/CURRENT")
    out.add_argument("--report", type=Path, default=None, help="also write the text report here")
    out.add_argument("-q", "--quiet", action="store_true")
    train.set_defaults(func=handle_train)

    evaluate = subparsers.add_parser(
        "evaluate",
        help="grouped cross-validation report, with the keyword baseline",
        description="Precision, recall, F1, PR-AUC, confusion matrix, modus micro-F1, "
        "per-outlet breakdown and top terms, from story-grouped cross-validation, beside "
        "the strict keyword regex.",
    )
    _add_data_arguments(evaluate)
    evaluate.add_argument(
        "--compare", nargs="+", choices=["word", "char", "word+char"], help="evaluate several feature kinds"
    )
    evaluate.add_argument(
        "--repeat", type=int, default=1, metavar="N",
        help="repeat the whole evaluation with seeds --seed .. --seed+N-1 and report the "
        "spread (one split of ~75 TPPO articles moves F1 by about 0.02)",
    )
    evaluate.add_argument("--json", type=Path, default=None, help="write the report(s) as JSON")
    evaluate.add_argument("-v", "--verbose", action="store_true")
    evaluate.set_defaults(func=handle_evaluate)

    analyze = subparsers.add_parser(
        "analyze",
        help="classify JSONL articles",
        description="Read JSONL records {id, title, text, url?, source?, published?}; write one "
        "JSONL result per record: id, tppo_score, is_tppo, modus, evidence, model_version. "
        "Bad lines are reported on stderr by line number; exit 1 if any.",
    )
    analyze.add_argument("input", help="input JSONL file, or - for stdin")
    analyze.add_argument("-o", "--output", default="-", help="output JSONL file (default: - = stdout)")
    analyze.add_argument("--model-dir", default=None, help="model version or directory under models/")
    analyze.add_argument("--batch-size", type=int, default=256)
    analyze.set_defaults(func=handle_analyze)
