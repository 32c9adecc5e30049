"""The `pantau analyze` contract, through the installed console script."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from classifier.train import load_training_data, train
from tests.fixtures import LABELLED_SAMPLE as SAMPLE

PANTAU = Path(sys.executable).with_name("pantau")
FIELDS = ["id", "tppo_score", "is_tppo", "modus", "evidence", "model_version"]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if not PANTAU.exists():
        pytest.fail(f"{PANTAU} missing: run .venv/bin/pip install -e . once")
    root = tmp_path_factory.mktemp("models")
    data = load_training_data(label_paths=[SAMPLE], corpus_paths=[])
    train(data, models_root=root, version="cli-1", folds=3, evaluate=False)
    return {**os.environ, "PANTAU_MODEL_DIR": str(root)}


def run(env: dict[str, str], *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PANTAU), "analyze", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


GOOD = [
    {"id": "a1", "title": "Calo PMI ilegal ditangkap", "text": "Korban perdagangan orang diselamatkan polisi.", "url": "https://x.test/1", "source": "x.test", "published": "2024-01-02"},
    {"id": 7, "title": "Harga cabai naik", "text": "Pedagang pasar mengeluhkan harga cabai."},
    {"id": "a3", "text": "Tanpa judul: panen padi melimpah."},
]


def test_good_lines_from_stdin_to_stdout(env) -> None:
    stdin = "".join(json.dumps(r) + "\n" for r in GOOD)
    result = run(env, "-", stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a1", 7, "a3"]
    for o in out:
        assert list(o)[: len(FIELDS)] == FIELDS  # entity extraction (issue 4) appends more
        assert 0.0 <= o["tppo_score"] <= 1.0
        assert isinstance(o["is_tppo"], bool)
        assert isinstance(o["modus"], list) and isinstance(o["evidence"], list)
        assert o["model_version"] == "cli-1"
    assert out[0]["tppo_score"] > out[1]["tppo_score"]


def test_bad_lines_are_reported_by_number_and_skipped(env, tmp_path: Path) -> None:
    lines = [
        json.dumps(GOOD[0]),                       # 1 ok
        '{"id": "broken", "text": ',               # 2 invalid JSON
        json.dumps({"title": "no id", "text": "x"}),  # 3 missing id
        json.dumps({"id": "no-text"}),             # 4 missing text
        json.dumps({"id": "num-text", "text": 42}),  # 5 wrong type
        json.dumps(["not", "an", "object"]),       # 6 not an object
        "",                                        # 7 blank: skipped silently
        json.dumps({"id": "t", "title": 3, "text": "x"}),  # 8 wrong title type
        json.dumps(GOOD[1]),                       # 9 ok
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    result = run(env, str(source), "-o", str(target))
    assert result.returncode == 1
    assert result.stdout == ""
    out = [json.loads(line) for line in target.read_text().splitlines()]
    assert [o["id"] for o in out] == ["a1", 7]
    err = result.stderr
    for number, words in [(2, "invalid JSON"), (3, "missing 'id'"), (4, "missing 'text'"),
                          (5, "'text' must be a string"), (6, "JSON object"),
                          (8, "'title' must be a string")]:
        assert f"line {number}: " in err and words in err
    assert "line 1:" not in err and "line 7:" not in err and "line 9:" not in err
    assert "6 bad line(s), 2 analysed" in err


def test_wrong_encodings_cost_only_their_own_line(env, tmp_path: Path) -> None:
    """A Windows tool's byte-order mark is not an error; a Latin-1 line is one bad line,
    not the end of the run (it used to stop every line after it with a traceback)."""
    latin1 = '{"id": "latin1", "title": "Caf\xe9", "text": "Kopi"}'.encode("latin-1")
    raw = b"\n".join([
        b"\xef\xbb\xbf" + json.dumps(GOOD[0]).encode(),  # 1: BOM, ok
        latin1,                                          # 2: not UTF-8
        json.dumps(GOOD[1], ensure_ascii=False).encode() + b"\r",  # 3: CRLF, ok
    ]) + b"\n"
    source = tmp_path / "in.jsonl"
    source.write_bytes(raw)
    for args, stdin in [((str(source),), None), (("-",), raw)]:
        result = subprocess.run([str(PANTAU), "analyze", *args], input=stdin,
                                capture_output=True, env=env, timeout=60, check=False)
        err = result.stderr.decode()
        assert result.returncode == 1, err
        assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["a1", 7]
        assert "line 2: not UTF-8 (byte 0xe9" in err and "Traceback" not in err
        assert "1 bad line(s), 2 analysed" in err


def test_missing_model_is_a_clear_error(env, tmp_path: Path) -> None:
    empty = tmp_path / "nomodels"
    empty.mkdir()
    result = run({**env, "PANTAU_MODEL_DIR": str(empty)}, "-", stdin=json.dumps(GOOD[0]))
    assert result.returncode == 2
    assert "pantau train" in result.stderr and "Traceback" not in result.stderr


def test_unreadable_input_file(env, tmp_path: Path) -> None:
    result = run(env, str(tmp_path / "absent.jsonl"))
    assert result.returncode == 2
    assert "cannot read" in result.stderr
