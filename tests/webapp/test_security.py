"""Security: login everywhere, roles, CSRF, escaping, sanitising, rate limit, locking, config."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute

from review.records import ArticleRecord
from tests.webapp.conftest import EVIL_TITLE, PASSWORD, csrf_of, login, version_of
from webapp.config import AppConfig, ConfigError

PUBLIC = {"/login"}


def _get_paths(app, ids) -> list[str]:
    paths = []
    for route in app.routes:
        if not isinstance(route, APIRoute) or "GET" not in route.methods:
            continue
        if route.path in PUBLIC:
            continue
        path = (
            route.path.replace("{incident_id}", str(ids["story"]))
            .replace("{article_id}", str(ids["article"]))
            .replace("{fmt}", "csv")
        )
        assert "{" not in path, path
        paths.append(path)
    return paths


def test_login_required_on_every_page(app, anon, seeded):
    paths = _get_paths(app, seeded)
    assert {
        "/queue",
        "/dashboard",
        "/exports",
        "/api/incidents",
        "/api/openapi.json",
        f"/incidents/{seeded['story']}",
    } <= set(paths)
    for path in paths:
        r = anon.get(path, follow_redirects=False)
        if path.startswith("/api/"):
            assert r.status_code == 401, path
        else:
            assert r.status_code == 303, path
            assert r.headers["location"].startswith("/login?next="), path
    # a forged cookie is no better than none
    anon.cookies.set("pantau_session", "eyJ1IjoxfQ.forged.sig")
    assert anon.get("/api/incidents").status_code == 401


def test_every_post_needs_login(app, anon, seeded):
    for route in app.routes:
        if (
            isinstance(route, APIRoute)
            and "POST" in route.methods
            and route.path != "/login"
        ):
            path = route.path.replace("{incident_id}", str(seeded["story"]))
            r = anon.post(path, data={"action": "confirm"}, follow_redirects=False)
            assert r.status_code in (303, 401), path


def test_wrong_password_and_rate_limit(anon):
    for _ in range(5):
        page = anon.get("/login")
        token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
        r = anon.post(
            "/login",
            data={
                "email": "rev@example.org",
                "password": "nope nope nope",
                "login_token": token,
            },
        )
        assert r.status_code == 401
        assert "Wrong email or password" in r.text
    page = anon.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    r = anon.post(
        "/login",
        data={"email": "rev@example.org", "password": PASSWORD, "login_token": token},
    )
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0
    assert "pantau_session" not in r.cookies


def test_login_form_token_required(anon):
    anon.get("/login")
    r = anon.post("/login", data={"email": "rev@example.org", "password": PASSWORD})
    assert r.status_code == 403
    assert "pantau_session" not in anon.cookies


def test_session_cookie_flags(anon):
    page = anon.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    r = anon.post(
        "/login",
        data={"email": "rev@example.org", "password": PASSWORD, "login_token": token},
        follow_redirects=False,
    )
    cookie = r.headers["set-cookie"]
    assert "pantau_session=" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()


def test_missing_csrf_is_refused(reviewer, seeded):
    story = seeded["story"]
    v = version_of(reviewer, story)
    r = reviewer.post(
        f"/incidents/{story}/decide", data={"action": "confirm", "version": v}
    )
    assert r.status_code == 403
    r = reviewer.post(
        f"/incidents/{story}/decide",
        data={"action": "confirm", "version": v, "csrf_token": "guess"},
    )
    assert r.status_code == 403
    r = reviewer.post(
        f"/api/incidents/{story}/decisions",
        json={"action": "confirm", "expected_version": v},
    )
    assert r.status_code == 403
    assert reviewer.get(f"/api/incidents/{story}").json()["status"] == "new"
    r = reviewer.post("/logout")
    assert r.status_code == 403


def test_wrong_role_is_refused(reviewer, coordinator, seeded):
    story, flood = seeded["story"], seeded["flood"]
    token = csrf_of(reviewer)
    r = reviewer.post(
        f"/api/incidents/{story}/decisions",
        headers={"X-CSRF-Token": token},
        json={
            "action": "merge",
            "expected_version": version_of(reviewer, story),
            "target_id": flood,
        },
    )
    assert r.status_code == 403
    r = reviewer.post(
        f"/incidents/{story}/decide",
        data={
            "action": "merge",
            "version": version_of(reviewer, story),
            "target_id": flood,
            "csrf_token": token,
        },
    )
    assert r.status_code == 403
    assert reviewer.get("/admin/users").status_code == 403
    assert reviewer.get("/exports/labels").status_code == 403
    r = reviewer.post(
        "/admin/users",
        data={
            "email": "x@example.org",
            "password": PASSWORD,
            "role": "admin",
            "csrf_token": token,
        },
    )
    assert r.status_code == 403
    # the coordinator may merge
    r = coordinator.post(
        f"/api/incidents/{story}/decisions",
        headers={"X-CSRF-Token": csrf_of(coordinator)},
        json={
            "action": "merge",
            "target_id": flood,
            "expected_version": version_of(coordinator, story),
        },
    )
    assert r.status_code == 200
    assert coordinator.get(f"/api/incidents/{flood}").json()["status"] == "duplicate"


def test_script_in_scraped_title_is_inert(reviewer, seeded):
    for path in (
        "/queue?sort=newest",
        f"/incidents/{seeded['evil']}",
        "/queue?status=all",
    ):
        html = reviewer.get(path).text
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(" in html
    html = reviewer.get(f"/incidents/{seeded['evil']}").text
    assert "<b onclick" not in html
    assert "&lt;b onclick=alert(3)&gt;" in html
    assert (
        "script-src 'self'" in reviewer.get("/queue").headers["content-security-policy"]
    )
    assert (
        reviewer.get(f"/api/incidents/{seeded['evil']}").json()["headline"]
        == EVIL_TITLE
    )


def test_stored_page_is_sanitised(reviewer, store):
    raw = (
        b"<html><head><script>alert('raw')</script><style>body{}</style></head><body>"
        b'<h1 onclick="steal()">Judul</h1><p>Isi <a href="javascript:alert(1)">x</a>'
        b'<a href="https://example.org/a">sumber</a></p><iframe src="https://e.x">'
        b"</iframe></body></html>"
    )
    article_id, _ = store.upsert_article(
        ArticleRecord(
            url="https://example.org/raw",
            canonical_url="https://example.org/raw",
            outlet="detik_news",
            title="Halaman asli",
            text="Isi",
            raw_html=raw,
        )
    )
    html = reviewer.get(f"/articles/{article_id}/page").text
    assert "alert('raw')" not in html
    assert "onclick" not in html
    assert "javascript:" not in html
    assert "<iframe" not in html
    assert "<h1>Judul</h1>" in html
    assert 'href="https://example.org/a"' in html


def test_concurrent_edit_conflict(app, seeded):
    from fastapi.testclient import TestClient

    story = seeded["story"]
    a = login(TestClient(app), "rev@example.org")
    b = login(TestClient(app), "rev2@example.org")
    page_a = a.get(f"/incidents/{story}").text
    page_b = b.get(f"/incidents/{story}").text
    va = int(re.search(r'name="version" value="(\d+)"', page_a).group(1))
    vb = int(re.search(r'name="version" value="(\d+)"', page_b).group(1))
    assert va == vb
    ra = a.post(
        f"/incidents/{story}/decide",
        data={
            "action": "edit",
            "version": va,
            "csrf_token": csrf_of(a),
            "counts_present": "1",
            "count_victims": "5",
            "qual_victims": "exact",
        },
        follow_redirects=False,
    )
    assert ra.status_code == 303
    rb = b.post(
        f"/incidents/{story}/decide",
        data={
            "action": "confirm",
            "version": vb,
            "csrf_token": csrf_of(b),
            "counts_present": "1",
            "count_victims": "9",
            "qual_victims": "exact",
        },
    )
    assert rb.status_code == 409
    assert "Not saved" in rb.text
    assert "rev@example.org" in rb.text  # says who changed it
    detail = b.get(f"/api/incidents/{story}").json()
    assert detail["status"] == "in_review"
    assert detail["effective"]["counts"]["victims"]["value"] == 5
    r = b.post(
        f"/api/incidents/{story}/decisions",
        headers={"X-CSRF-Token": csrf_of(b)},
        json={"action": "confirm", "expected_version": vb},
    )
    assert r.status_code == 409


def test_password_change_ends_old_sessions(app, reviewer, store):
    from review.users import Users

    assert reviewer.get("/api/me").status_code == 200
    Users(store).set_password("rev@example.org", "another long password")
    assert reviewer.get("/api/me").status_code == 401


@pytest.mark.parametrize(
    "secret", ["", "short", "change-me-change-me-change-me-change-me", "a" * 40]
)
def test_config_refuses_missing_or_placeholder_secret(secret):
    with pytest.raises(ConfigError, match="PANTAU_SECRET_KEY"):
        AppConfig.from_env({"PANTAU_SECRET_KEY": secret})


def test_no_default_account(store):
    from review.users import Users

    assert Users(store).list() == []


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "/\\evil.example", "https://evil.example"]
)
def test_login_does_not_redirect_off_site(anon, target):
    page = anon.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    r = anon.post(
        "/login",
        data={
            "email": "rev@example.org",
            "password": PASSWORD,
            "login_token": token,
            "next": target,
        },
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert r.headers["location"] == "/queue"
