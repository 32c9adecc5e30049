"""Queue model: grouping into incidents, statuses, corrections beside machine values, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest

from review.exceptions import ConflictError
from review.queue import QueueError, QueueQuery, role_allows
from tests.review.conftest import STORY_A, STORY_B, make_candidate, make_unrelated


def _three(queue):
    ids = queue.add_candidates(
        [
            make_candidate(
                1,
                title="Polres Singkawang gagalkan pengiriman dua perempuan ke China",
                text=STORY_A,
            ),
            # syndicated copy: new headline, other outlet, tracking parameter on the URL
            make_candidate(
                2,
                title="Dua perempuan batal dikirim ke China",
                text=STORY_A,
                outlet="tribun_batam",
                url="https://www.tribun_batam.example/berita/2/?utm_source=fb",
            ),
            make_candidate(
                3,
                title="Pengantin pesanan: dua warga Singkawang diselamatkan",
                text=STORY_B,
                outlet="kompas_regional",
            ),
            make_unrelated(4, score=0.3),
        ]
    )
    report = queue.group_new()
    return ids, report


def test_copies_and_same_event_fold_into_one_incident(queue):
    ids, report = _three(queue)
    assert report.articles == 4
    assert report.new_incidents == 2
    incident = queue.incident_of_article(ids[0])
    assert queue.incident_of_article(ids[1]) == incident
    assert queue.incident_of_article(ids[2]) == incident
    assert queue.incident_of_article(ids[3]) != incident
    detail = queue.get_incident(incident)
    relations = {s["article_id"]: s["relation"] for s in detail["sources"]}
    assert relations[ids[1]] == "near_duplicate"
    assert relations[ids[2]] == "same_event"
    assert detail["source_count"] == 3
    # re-running groups nothing twice
    assert queue.group_new().articles == 0


def test_later_article_joins_existing_incident_in_a_second_run(queue):
    ids = queue.add_candidates(
        [make_candidate(1, title="Polres Singkawang gagalkan", text=STORY_A)]
    )
    queue.group_new()
    more = queue.add_candidates(
        [make_candidate(9, title="Salinan", text=STORY_A, outlet="detik_news")]
    )
    report = queue.group_new()
    assert report.joined_existing == 1
    incident = queue.incident_of_article(ids[0])
    assert queue.incident_of_article(more[0]) == incident
    assert [h["action"] for h in queue.history(incident)] == ["group"]


def test_confirm_with_correction_keeps_machine_value(queue, clock):
    ids, _ = _three(queue)
    incident = queue.incident_of_article(ids[0])
    detail = queue.get_incident(incident)
    assert detail["status"] == "new"
    v = queue.decide(
        incident,
        "ana@example.org",
        "confirm",
        expected_version=detail["version"],
        changes={
            "counts": {"victims": {"value": 3, "qualifier": "at_least"}},
            "modus": ["contract_marriage", "irregular_migrant_work"],
        },
    )
    after = queue.get_incident(incident)
    assert after["version"] == v == detail["version"] + 1
    assert after["status"] == "confirmed"
    assert after["confirmed_by"] == "ana@example.org"
    assert after["machine"]["counts"]["victims"]["value"] == 2
    assert after["effective"]["counts"]["victims"] == {
        "value": 3,
        "qualifier": "at_least",
    }
    # the entity row written by the machine is untouched
    assert queue.store.entities(ids[0])["counts"]["victims"]["value"] == 2
    [summary] = queue.confirmed_between(
        "2026-03-11T00:00:00Z", "2026-03-12T00:00:00+00:00"
    )
    assert summary.id == incident
    assert summary.counts["victims"]["value"] == 3
    assert summary.province_codes == ("61",)
    assert len(summary.sources) == 3
    assert summary.path == f"/incidents/{incident}"
    assert queue.confirmed_between("2026-03-12T00:00:00Z", "2026-03-13T00:00:00Z") == []
    history = queue.history(incident)
    assert history[-1]["action"] == "confirm"
    assert history[-1]["from_status"] == "new"
    assert history[-1]["changes"]["counts"]["victims"]["value"] == 3


def test_stale_version_is_a_conflict(queue):
    ids, _ = _three(queue)
    incident = queue.incident_of_article(ids[0])
    v = queue.get_incident(incident)["version"]
    queue.decide(
        incident,
        "a@example.org",
        "edit",
        expected_version=v,
        changes={"kind": "context"},
    )
    with pytest.raises(ConflictError, match="a@example.org"):
        queue.decide(incident, "b@example.org", "confirm", expected_version=v)
    assert queue.get_incident(incident)["status"] == "in_review"


def test_pending_count_filters(queue):
    ids, _ = _three(queue)
    assert queue.pending_count() == 2
    assert queue.pending_count({"61"}) == 1
    assert queue.pending_count({"61"}, {"organ_trade"}) == 0
    assert queue.pending_count(None, {"contract_marriage"}) == 1
    incident = queue.incident_of_article(ids[0])
    queue.decide(
        incident,
        "a@example.org",
        "reject",
        expected_version=queue.get_incident(incident)["version"],
    )
    assert queue.pending_count({"61"}) == 0


def test_merge_split_duplicate_and_reopen(queue, clock):
    ids, _ = _three(queue)
    a = queue.incident_of_article(ids[0])
    b = queue.incident_of_article(ids[3])
    va = queue.get_incident(a)["version"]
    queue.decide(a, "coord@example.org", "merge", expected_version=va, target_id=b)
    assert queue.incident_of_article(ids[3]) == a
    assert queue.get_incident(b)["status"] == "duplicate"
    assert queue.get_incident(b)["duplicate_of"] == a
    va = queue.get_incident(a)["version"]
    queue.decide(
        a, "coord@example.org", "split", expected_version=va, article_ids=[ids[3]]
    )
    c = queue.incident_of_article(ids[3])
    assert c not in (a, b)
    assert queue.get_incident(c)["status"] == "new"
    with pytest.raises(QueueError, match="at least one"):
        queue.decide(
            a,
            "x@example.org",
            "split",
            expected_version=queue.get_incident(a)["version"],
            article_ids=ids[:3],
        )
    vc = queue.get_incident(c)["version"]
    queue.decide(c, "r@example.org", "duplicate", expected_version=vc, target_id=a)
    assert queue.get_incident(c)["status"] == "duplicate"
    with pytest.raises(QueueError, match="cannot confirm"):
        queue.decide(c, "r@example.org", "confirm", expected_version=vc + 1)
    queue.decide(c, "coord@example.org", "reopen", expected_version=vc + 1)
    assert queue.get_incident(c)["status"] == "in_review"


def test_bad_corrections_are_refused(queue):
    ids, _ = _three(queue)
    incident = queue.incident_of_article(ids[0])
    v = queue.get_incident(incident)["version"]
    for changes in (
        {"counts": {"victims": {"value": -1}}},
        {"modus": ["smuggling"]},
        {"locations": [{"name": "X", "role": "home"}]},
        {"score": 1.0},
    ):
        with pytest.raises(QueueError):
            queue.decide(
                incident, "a@example.org", "edit", expected_version=v, changes=changes
            )
    assert queue.get_incident(incident)["version"] == v


def test_keyset_paging_and_uncertain_order(queue):
    cands = [
        make_candidate(
            100 + i,
            title=f"Berita nomor {i} tentang hal berbeda {i * 7919}",
            text=f"Isi unik {i} " + " ".join(f"kata{i}x{j}" for j in range(40)),
            score=(i % 10) / 10 + 0.05,
            locations=[],
            counts={},
        )
        for i in range(30)
    ]
    queue.add_candidates(cands)
    queue.group_new()
    seen, cursor = [], None
    while True:
        page = queue.list_incidents(QueueQuery(sort="score", limit=7, cursor=cursor))
        seen += [(i["score"], i["id"]) for i in page.items]
        cursor = page.next_cursor
        if not cursor:
            break
    assert page.total == 30 - sum(1 for c in cands if c.prediction.tppo_score < 0.2)
    assert len(seen) == page.total == len(set(seen))
    assert seen == sorted(seen, reverse=True)
    first = queue.list_incidents(QueueQuery(sort="uncertain", limit=3)).items
    assert [round(abs(i["score"] - 0.5), 2) for i in first] == [0.05, 0.05, 0.05]


def test_roles():
    assert role_allows("reviewer", "confirm")
    assert not role_allows("reviewer", "merge")
    assert role_allows("coordinator", "merge")
    assert role_allows("admin", "reopen")
    assert not role_allows("guest", "confirm")


def test_follow_up_links_a_later_report(queue):
    ids = queue.add_candidates(
        [
            make_candidate(
                1, title="Polres Singkawang gagalkan pengiriman", text=STORY_A
            ),
            make_candidate(
                2,
                title="Sidang perekrut AH dimulai",
                text=STORY_B,
                published="2026-05-20T09:00:00+07:00",
            ),
        ]
    )
    queue.group_new()
    first, later = (queue.incident_of_article(i) for i in ids)
    assert first != later
    assert queue.get_incident(later)["follow_up_of"] == first
    assert timedelta(days=1)  # keeps the import honest for clock-based tests


def test_old_signatures_outside_the_copy_window_are_not_loaded(queue):
    ids = queue.add_candidates(
        [
            make_candidate(
                1, title="Lama", text=STORY_A, published="2020-01-01T09:00:00+07:00"
            )
        ]
    )
    queue.group_new()
    later = queue.add_candidates(
        [make_candidate(2, title="Salinan lama", text=STORY_A, outlet="detik_news")]
    )
    queue.group_new()
    # a copy three years on is a new incident: the archive is not searched that far back
    assert queue.incident_of_article(later[0]) != queue.incident_of_article(ids[0])
