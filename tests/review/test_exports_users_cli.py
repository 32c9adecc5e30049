"""Exports, accounts and the review CLI (pantau migrate | user | group | export)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from pantau.cli import main
from review.exports import export, to_csv
from review.store import Store
from review.users import UserError, Users
from tests.fixtures import LABELLED_SAMPLE
from tests.review.conftest import STORY_A, make_candidate, make_unrelated


def _confirmed(queue):
    ids = queue.add_candidates(
        [
            make_candidate(1, title='=HYPERLINK("http://evil")', text=STORY_A),
            make_unrelated(2, score=0.6, title="Banjir"),
        ]
    )
    queue.group_new()
    inc = queue.incident_of_article(ids[0])
    queue.decide(inc, "a@example.org", "confirm", expected_version=1)
    other = queue.incident_of_article(ids[1])
    queue.decide(other, "a@example.org", "reject", expected_version=1)
    return inc, other


def test_reviewed_labels_train_a_model_on_top_of_the_labelled_set(queue, tmp_path):
    """The feedback loop of the README: export labels, then `pantau train --add-labels`."""
    _confirmed(queue)
    reviewed = tmp_path / "reviewed.jsonl"
    reviewed.write_text(export(queue, "labels"), encoding="utf-8")
    models = tmp_path / "models"
    code = main(["train", "--labels", str(LABELLED_SAMPLE), "--add-labels", str(reviewed),
                 "--no-site", "--quick", "--folds", "3", "--models-dir", str(models),
                 "--version", "fb-1", "-q"])
    assert code == 0
    card = json.loads((models / "fb-1" / "card.json").read_text(encoding="utf-8"))
    n_sample = len(LABELLED_SAMPLE.read_text(encoding="utf-8").splitlines())
    assert card["data"]["counts"]["labelled"]["documents"] == n_sample + 2
    [added] = [i for i in card["data"]["inputs"] if i["path"].endswith("reviewed.jsonl")]
    assert (added["role"], added["records"]) == ("labelled_text", 2)
    assert (models / "CURRENT").read_text().strip() == "fb-1"


def test_csv_neutralises_formulas_and_lists_sources(queue):
    inc, _ = _confirmed(queue)
    [row] = list(
        csv.DictReader(io.StringIO(to_csv(queue.incident_summaries("confirmed"))))
    )
    assert row["headline"].startswith("'=HYPERLINK")
    assert row["id"] == str(inc)
    assert row["source_urls"] == "https://antara_kalbar.example/berita/1"
    assert row["locations"] == "Singkawang [61.72] (origin)"


def test_labels_cover_confirmed_and_rejected(queue):
    _confirmed(queue)
    lines = [json.loads(x) for x in export(queue, "labels").splitlines()]
    assert [(r["tppo"], r["kind"]) for r in lines] == [
        (True, "incident"),
        (False, None),
    ]
    assert lines[0]["counts"] == {"victims": {"value": 2, "qualifier": "exact"}}
    assert set(lines[0]) >= {
        "id",
        "title",
        "text",
        "tppo",
        "kind",
        "modus",
        "locations",
        "counts",
    }
    with pytest.raises(ValueError, match="unknown export"):
        export(queue, "xml")


def test_users_hash_and_refuse_bad_input(store):
    users = Users(store)
    uid = users.add("Ana@Example.org", "a good long password", "coordinator")
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT password_hash FROM users").scalar()
    assert stored.startswith("$argon2id$")
    assert "a good long password" not in stored
    assert users.authenticate("ana@example.org", "a good long password")["id"] == uid
    assert users.authenticate("ana@example.org", "wrong password!!") is None
    assert users.authenticate("nobody@example.org", "a good long password") is None
    for email, pw, role in (
        ("bad", "a good long password", "reviewer"),
        ("b@example.org", "short", "reviewer"),
        ("b@example.org", "a good long password", "root"),
        ("ana@example.org", "a good long password", "reviewer"),
    ):
        with pytest.raises(UserError):
            users.add(email, pw, role)
    users.set_active("ana@example.org", False)
    assert users.authenticate("ana@example.org", "a good long password") is None


def test_cli_migrate_user_group_export(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    assert main(["migrate", "--database-url", url]) == 0
    assert "m0002_review_queue" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("a long cli password\n"))
    assert (
        main(
            [
                "user",
                "add",
                "cli@example.org",
                "--role",
                "admin",
                "--password-stdin",
                "--database-url",
                url,
            ]
        )
        == 0
    )
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert (
        main(
            [
                "user",
                "add",
                "x@example.org",
                "--role",
                "admin",
                "--password-stdin",
                "--database-url",
                url,
            ]
        )
        == 1
    )
    capsys.readouterr()
    assert main(["user", "list", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "cli@example.org" in out and "x@example.org" not in out

    from review.queue import ReviewQueue

    store = Store(url)
    ReviewQueue(store).add_candidates(
        [make_candidate(1, title="Polres Singkawang", text=STORY_A)]
    )
    store.close()
    assert main(["group", "--database-url", url]) == 0
    assert "1 new incidents" in capsys.readouterr().out
    target = tmp_path / "out" / "all.json"
    assert (
        main(
            [
                "export",
                "--format",
                "json",
                "--status",
                "all",
                "-o",
                str(target),
                "--database-url",
                url,
            ]
        )
        == 0
    )
    data = json.loads(target.read_text())
    assert [i["status"] for i in data["incidents"]] == ["new"]
