"""`pantau evaluate --repeat`: the same grouped evaluation over several seeds, summarised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pantau.cli import main
from tests.fixtures import LABELLED_SAMPLE as SAMPLE


def _evaluate(tmp_path: Path, *extra: str, labels: Path = SAMPLE) -> tuple[int, dict]:
    out = tmp_path / "report.json"
    code = main(["evaluate", "--labels", str(labels), "--no-site", "--quick", "--folds", "3",
                 "--json", str(out), *extra])
    return code, json.loads(out.read_text()) if out.exists() else {}


def test_repeats_report_each_seed_and_their_mean(tmp_path: Path, capsys) -> None:
    code, report = _evaluate(tmp_path, "--seed", "3", "--repeat", "3")
    assert code == 0
    word = report["word"]
    summary = word["repeats"]
    assert summary["seeds"] == [3, 4, 5]
    assert [row["seed"] for row in summary["rows"]] == [3, 4, 5]
    # the full report is the first seed's; the summary's first row is the same figures
    assert summary["rows"][0]["f1"] == word["relevance"]["f1"]
    f1s = [row["f1"] for row in summary["rows"]]
    assert summary["mean"]["f1"] == pytest.approx(sum(f1s) / 3, abs=1e-4)
    assert summary["sd"]["f1"] >= 0.0
    assert "3 repeats" in capsys.readouterr().out


def test_a_single_run_has_no_repeat_summary(tmp_path: Path) -> None:
    code, report = _evaluate(tmp_path)
    assert code == 0
    assert "repeats" not in report["word"]
    assert 0.0 <= report["word"]["relevance"]["f1"] <= 1.0


def test_repeat_must_be_positive(tmp_path: Path, capsys) -> None:
    code, report = _evaluate(tmp_path, "--repeat", "0")
    assert code == 2 and report == {}
    assert "--repeat must be at least 1" in capsys.readouterr().err


def test_errors_name_their_story_cluster(tmp_path: Path, capsys) -> None:
    """Copies of one story are tested in one fold, so their errors are one story's: the
    report says so instead of counting them as unrelated mistakes."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    false_alarm = next(r for r in records if r["id"] == "fx-neg-11")  # drugs at the border
    copy = {**false_alarm, "id": "fx-neg-11-copy", "source": "contoh-salinan.id"}
    labels = tmp_path / "labels.jsonl"
    labels.write_text("".join(json.dumps(r) + "\n" for r in [*records, copy]), encoding="utf-8")
    code, report = _evaluate(tmp_path, labels=labels)
    assert code == 0
    alarms = {r["id"]: r for r in report["word"]["false_alarms"]}
    original, duplicate = alarms["fx-neg-11"], alarms["fx-neg-11-copy"]
    assert original["group"] == duplicate["group"]
    assert original["group_size"] == duplicate["group_size"] == 2
    assert all(r["group_size"] == 1 for k, r in alarms.items() if not k.startswith("fx-neg-11"))
    printed = capsys.readouterr().out
    assert f"[story cluster {original['group']}, 2 articles]" in printed
