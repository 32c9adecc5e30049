"""Pages and JSON API through the test client, on a real SQLite store."""

from __future__ import annotations

import csv
import io
import json
import re

import sqlalchemy as sa

from tests.webapp.conftest import csrf_of, version_of


def _form_version(html: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


def test_queue_page_lists_and_filters(reviewer, seeded):
    html = reviewer.get("/queue").text
    assert "Polres Singkawang gagalkan pengiriman dua perempuan ke China" in html
    assert html.count('data-href="/incidents/') == 3
    assert (
        "Kalimantan Barat (1)" in html
    )  # province filter labelled from the province list
    only = reviewer.get("/queue?province=61").text
    assert only.count('data-href="/incidents/') == 1
    assert (
        reviewer.get("/queue?modus=organ_trade").text.count('data-href="/incidents/')
        == 0
    )
    assert (
        reviewer.get("/queue?outlet=detik_news").text.count('data-href="/incidents/')
        == 1
    )
    assert (
        reviewer.get("/queue?from=2025-01-01&to=2025-12-31").text.count(
            'data-href="/incidents/'
        )
        == 1
    )
    assert reviewer.get("/queue?status=bogus").status_code == 400


def test_api_paging_and_uncertain_sort(reviewer, seeded):
    first = reviewer.get("/api/incidents?limit=2&sort=score").json()
    assert first["total"] == 3
    assert len(first["items"]) == 2
    second = reviewer.get(
        f"/api/incidents?limit=2&sort=score&cursor={first['next_cursor']}"
    )
    rest = second.json()
    assert rest["next_cursor"] is None
    scores = [i["score"] for i in first["items"] + rest["items"]]
    assert scores == sorted(scores, reverse=True)
    uncertain = reviewer.get("/api/incidents?sort=uncertain").json()["items"]
    assert [round(i["score"], 2) for i in uncertain] == [0.45, 0.7, 0.9]


def test_incident_page_highlights_and_lists_sources(reviewer, seeded):
    html = reviewer.get(f"/incidents/{seeded['story']}").text
    assert re.search(
        r'<mark class="hl-place" title="Singkawang 61.72 \(origin\)">Singkawang</mark>',
        html,
    )
    assert 'class="hl-evidence"' in html
    assert html.count('name="article_ids"') == 0  # split is for coordinators
    for outlet in ("antara_kalbar", "tribun_batam", "kompas_regional"):
        assert f"<td>{outlet}</td>" in html
    assert "near duplicate" in html
    assert "same event" in html


def test_confirm_with_edited_count_then_csv(reviewer, seeded):
    story = seeded["story"]
    html = reviewer.get(f"/incidents/{story}?back=status%3Dpending").text
    r = reviewer.post(
        f"/incidents/{story}/decide",
        data={
            "action": "confirm",
            "version": _form_version(html),
            "csrf_token": csrf_of(reviewer),
            "counts_present": "1",
            "count_victims": "7",
            "qual_victims": "at_least",
            "count_suspects": "1",
            "qual_suspects": "exact",
            "back": "status=pending",
            "go_next": "1",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    # went on to the next pending incident
    nxt = reviewer.get(r.headers["location"], follow_redirects=False)
    assert nxt.status_code == 303
    assert re.match(r"/incidents/\d+", nxt.headers["location"])
    assert not nxt.headers["location"].startswith(f"/incidents/{story}?")
    detail = reviewer.get(f"/api/incidents/{story}").json()
    assert detail["status"] == "confirmed"
    assert detail["machine"]["counts"]["victims"]["value"] == 2
    assert detail["corrections"]["counts"]["victims"] == {
        "value": 7,
        "qualifier": "at_least",
    }
    assert [h["action"] for h in detail["history"]] == ["confirm"]
    assert detail["history"][0]["actor"] == "rev@example.org"
    r = reviewer.get("/exports/csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    [row] = list(csv.DictReader(io.StringIO(r.text)))
    assert row["id"] == str(story)
    assert row["victims"] == "7"
    assert row["victims_qualifier"] == "at_least"
    assert row["confirmed_by"] == "rev@example.org"
    assert row["source_count"] == "3"
    assert row["province_codes"] == "61"


def test_edit_places_and_modus_keep_machine_values(reviewer, seeded, store):
    story = seeded["story"]
    v = version_of(reviewer, story)
    r = reviewer.post(
        f"/incidents/{story}/decide",
        data={
            "action": "edit",
            "version": v,
            "csrf_token": csrf_of(reviewer),
            "modus_present": "1",
            "modus": ["contract_marriage", "irregular_migrant_work"],
            "locations_present": "1",
            "loc_name": ["Singkawang", "China"],
            "loc_code": ["61.72", "CN"],
            "loc_role": ["origin", "destination"],
            "loc_lat": ["0.9", ""],
            "loc_lon": ["108.9", ""],
            "kind": "incident",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    detail = reviewer.get(f"/api/incidents/{story}").json()
    assert detail["status"] == "in_review"
    assert [loc["code"] for loc in detail["effective"]["locations"]] == ["61.72", "CN"]
    assert detail["machine"]["locations"][0]["code"] == "61.72"
    assert len(detail["machine"]["locations"]) == 1
    assert detail["effective"]["modus"] == [
        "contract_marriage",
        "irregular_migrant_work",
    ]
    assert set(detail["history"][-1]["changes"]) == {"modus", "locations"}
    # an invalid correction is refused with a message and stores nothing
    r = reviewer.post(
        f"/incidents/{story}/decide",
        data={
            "action": "edit",
            "version": v + 1,
            "csrf_token": csrf_of(reviewer),
            "counts_present": "1",
            "count_victims": "banyak",
        },
    )
    assert r.status_code == 400
    assert "whole number" in r.text
    assert version_of(reviewer, story) == v + 1


def test_split_and_reopen_by_coordinator(coordinator, seeded):
    story = seeded["story"]
    detail = coordinator.get(f"/api/incidents/{story}").json()
    moved = detail["sources"][-1]["article_id"]
    html = coordinator.get(f"/incidents/{story}").text
    assert html.count('name="article_ids"') == 3
    r = coordinator.post(
        f"/incidents/{story}/decide",
        data={
            "action": "split",
            "version": detail["version"],
            "csrf_token": csrf_of(coordinator),
            "article_ids": [str(moved)],
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    after = coordinator.get(f"/api/incidents/{story}").json()
    assert moved not in [s["article_id"] for s in after["sources"]]
    token = csrf_of(coordinator)
    r = coordinator.post(
        f"/api/incidents/{story}/decisions",
        headers={"X-CSRF-Token": token},
        json={"action": "reject", "expected_version": after["version"]},
    )
    assert r.json()["version"] == after["version"] + 1
    r = coordinator.post(
        f"/api/incidents/{story}/decisions",
        headers={"X-CSRF-Token": token},
        json={"action": "reopen", "expected_version": after["version"] + 1},
    )
    assert r.status_code == 200
    assert coordinator.get(f"/api/incidents/{story}").json()["status"] == "in_review"


def test_exports_all_formats(coordinator, seeded):
    story, flood = seeded["story"], seeded["flood"]
    token = csrf_of(coordinator)
    coordinator.post(
        f"/api/incidents/{story}/decisions",
        headers={"X-CSRF-Token": token},
        json={"action": "confirm", "expected_version": 1},
    )
    coordinator.post(
        f"/api/incidents/{flood}/decisions",
        headers={"X-CSRF-Token": token},
        json={"action": "reject", "expected_version": 1},
    )
    data = coordinator.get("/exports/json").json()
    assert [i["id"] for i in data["incidents"]] == [story]
    assert len(data["incidents"][0]["sources"]) == 3
    geo = coordinator.get("/api/exports/geojson").json()
    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"]["coordinates"] == [108.98, 0.9]
    assert geo["features"][0]["properties"]["incident_id"] == story
    lines = [
        json.loads(x) for x in coordinator.get("/exports/labels").text.splitlines()
    ]
    assert len(lines) == 4
    by_tppo = {rec["tppo"] for rec in lines}
    assert by_tppo == {True, False}
    pos = [rec for rec in lines if rec["tppo"]]
    assert all(
        rec["modus"] == ["contract_marriage"] and rec["kind"] == "incident"
        for rec in pos
    )
    assert pos[0]["locations"] == [
        {"name": "Singkawang", "code": "61.72", "role": "origin"}
    ]
    assert all(
        rec["text"] and rec["title"] and rec["id"].startswith("pantau:")
        for rec in lines
    )
    neg = [rec for rec in lines if not rec["tppo"]]
    assert neg[0]["modus"] == [] and neg[0]["kind"] is None


def test_dashboard_and_stats(coordinator, seeded):
    token = csrf_of(coordinator)
    coordinator.post(
        f"/api/incidents/{seeded['story']}/decisions",
        headers={"X-CSRF-Token": token},
        json={"action": "confirm", "expected_version": 1},
    )
    stats = coordinator.get("/api/stats").json()
    assert stats["by_month"] == [{"month": "2026-03", "incidents": 1, "victims": 2}]
    assert stats["by_province"] == [{"code": "61", "incidents": 1, "victims": 2}]
    assert stats["by_modus"][0]["modus"] == "contract_marriage"
    html = coordinator.get("/dashboard").text
    assert "<svg" in html
    assert "Kalimantan Barat: 1 incidents, 2 victims" in html


def test_gazetteer_autocomplete_fallback_and_table(reviewer, store):
    places = reviewer.get("/api/gazetteer?q=kalim").json()
    assert places["source"] == "province list"
    names = [p["name"] for p in places["places"]]
    assert "Kalimantan Barat" in names
    assert all(p["level"] == "provinsi" for p in places["places"])
    assert reviewer.get("/api/gazetteer?q=malay").json()["places"][0]["code"] == "MY"
    assert reviewer.get("/api/gazetteer?q=").json()["places"] == []


def test_gazetteer_table_is_used_when_loaded(store, seeded):
    from fastapi.testclient import TestClient

    from tests.webapp.conftest import SECRET, login
    from webapp.app import create_app
    from webapp.config import AppConfig

    with store.engine.begin() as conn:
        conn.execute(
            sa.text(
                "CREATE TABLE gazetteer (code TEXT PRIMARY KEY, name TEXT, name_short TEXT, "
                "level TEXT, subtype TEXT, parent_code TEXT, province_code TEXT, lat REAL, "
                "lon REAL)"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO gazetteer VALUES ('61', 'Kalimantan Barat', 'Kalimantan Barat', "
                "'provinsi', NULL, NULL, '61', -0.1, 111.1), ('61.72', 'Kota Singkawang', "
                "'Singkawang', 'kabupaten_kota', 'kota', '61', '61', 0.9, 108.98), "
                "('61.72.01', 'Singkawang Barat', 'Singkawang Barat', 'kecamatan', NULL, "
                "'61.72', '61', 0.9, 108.9)"
            )
        )
    client = login(
        TestClient(create_app(AppConfig(database_url=None, secret_key=SECRET), store)),
        "rev@example.org",
    )
    found = client.get("/api/gazetteer?q=singk").json()
    assert found["source"] == "gazetteer table"
    assert [(p["code"], p["name"]) for p in found["places"]] == [
        ("61.72", "Singkawang")
    ]


def test_openapi_describes_the_api(reviewer):
    spec = reviewer.get("/api/openapi.json").json()
    assert "/api/incidents" in spec["paths"]
    assert "/api/incidents/{incident_id}/decisions" in spec["paths"]
    assert "/queue" not in spec["paths"]


def test_admin_adds_user(admin):
    r = admin.post(
        "/admin/users",
        data={
            "email": "new@example.org",
            "password": "short",
            "role": "reviewer",
            "csrf_token": csrf_of(admin),
        },
    )
    assert r.status_code == 400
    assert "at least 10" in r.text
    r = admin.post(
        "/admin/users",
        data={
            "email": "new@example.org",
            "password": "long enough password",
            "role": "reviewer",
            "csrf_token": csrf_of(admin),
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "new@example.org" in admin.get("/admin/users").text


def test_logout(reviewer):
    r = reviewer.post(
        "/logout", data={"csrf_token": csrf_of(reviewer)}, follow_redirects=False
    )
    assert r.status_code == 303
    reviewer.cookies.clear()
    assert reviewer.get("/api/me").status_code == 401
