"""``pantau analyze``: JSONL articles in, one JSONL result per article out.

Input lines: ``{"id", "title", "text", "url"?, "source"?, "published"?}``. Output lines: the
same ``id`` plus ``tppo_score``, ``is_tppo``, ``modus``, ``evidence``, ``model_version``
(these names are a contract with the crawler and the review queue). A bad line is reported
on stderr with its 1-based line number and skipped; the others are still analysed.

:func:`analyze_record` builds one output record; the entity extraction (issue 4) extends
that one function with its own fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from classifier.entities import incident_fields, no_incident_fields
from classifier.exceptions import InputRecordError
from classifier.jsonl import parse_object

if TYPE_CHECKING:
    from classifier.predict import Classifier, Prediction

OPTIONAL_STRING_FIELDS = ("title", "url", "source", "published")


def parse_line(line: bytes | str, line_number: int) -> dict[str, Any]:
    """The validated input record of one line; :class:`InputRecordError` says what is wrong."""
    try:
        record = parse_object(line, line_number)
    except ValueError as exc:
        raise InputRecordError(line_number, str(exc)) from None
    if "id" not in record or record["id"] is None or record["id"] == "":
        raise InputRecordError(line_number, "missing 'id'")
    if not isinstance(record["id"], str | int) or isinstance(record["id"], bool):
        raise InputRecordError(line_number, "'id' must be a string or an integer")
    if "text" not in record or record["text"] is None:
        raise InputRecordError(line_number, f"record {record['id']!r}: missing 'text'")
    if not isinstance(record["text"], str):
        raise InputRecordError(line_number, f"record {record['id']!r}: 'text' must be a string")
    for key in OPTIONAL_STRING_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InputRecordError(line_number, f"record {record['id']!r}: '{key}' must be a string")
    return record


def analyze_record(
    record: dict[str, Any], clf: Classifier, prediction: Prediction | None = None
) -> dict[str, Any]:
    """The output record for one validated input record.

    ``prediction`` lets a caller that batched ``clf.predict_many`` pass the result in;
    without it the record is classified here.
    """
    if prediction is None:
        prediction = clf.predict(record.get("title") or "", record["text"])
    result = {"id": record["id"], **prediction.to_dict()}
    # issue 4: kind, locations, counts; extracted only for articles judged TPPO (GUIDELINES:
    # kind is null when tppo is false), which also keeps analyze fast on non-TPPO news
    result.update(incident_fields(record) if prediction.is_tppo else no_incident_fields())
    return result


@dataclass
class AnalyzeSummary:
    ok: int = 0
    failed: int = 0


def analyze_lines(
    lines: Iterable[bytes] | Iterable[str],
    clf: Classifier,
    out: TextIO,
    err: TextIO,
    *,
    batch_size: int = 256,
) -> AnalyzeSummary:
    """Analyse JSONL ``lines``, writing results to ``out`` and line errors to ``err``.

    Blank lines are skipped. Output order follows input order.
    """
    summary = AnalyzeSummary()
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        predictions = clf.predict_many((r.get("title") or "", r["text"]) for r in batch)
        for record, prediction in zip(batch, predictions, strict=True):
            out.write(json.dumps(analyze_record(record, clf, prediction), ensure_ascii=False))
            out.write("\n")
        summary.ok += len(batch)
        batch.clear()

    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            batch.append(parse_line(raw, number))
        except InputRecordError as exc:
            summary.failed += 1
            err.write(f"pantau analyze: {exc}\n")
            continue
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    out.flush()
    return summary
