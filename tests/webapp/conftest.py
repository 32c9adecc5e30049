"""A real app over a tmp SQLite store with a few incidents and one user per role."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from review.queue import ReviewQueue
from review.store import Store
from review.users import Users
from tests.review.conftest import (
    STORY_A,
    STORY_B,
    make_candidate,
    make_unrelated,
)
from webapp.app import create_app
from webapp.config import AppConfig

PASSWORD = "a long test password"
SECRET = "t3st-" + "Zq8vN2xLp4Rk7Ws1Hd6Jf9Bc3Mg5Ty0"
EVIL_TITLE = (
    'Sindikat <script>alert("x")</script> <img src=x onerror=alert(2)> dibongkar'
)


@pytest.fixture
def seeded(store: Store) -> dict[str, int]:
    """Three incidents: the Singkawang story (3 sources), a flood (low score), an evil title."""
    queue = ReviewQueue(store)
    ids = queue.add_candidates(
        [
            make_candidate(
                1,
                title="Polres Singkawang gagalkan pengiriman dua perempuan ke China",
                text=STORY_A,
            ),
            make_candidate(
                2,
                title="Dua perempuan batal dikirim ke China",
                text=STORY_A,
                outlet="tribun_batam",
            ),
            make_candidate(
                3,
                title="Pengantin pesanan: dua warga Singkawang diselamatkan",
                text=STORY_B,
                outlet="kompas_regional",
            ),
            make_unrelated(4, score=0.45),
            make_candidate(
                5,
                title=EVIL_TITLE,
                text="Isi berita <b onclick=alert(3)>tebal</b>. "
                "Polisi Batam menangkap tiga orang penyalur pekerja migran ilegal yang "
                "menampung dua belas calon pekerja di sebuah ruko dekat pelabuhan.",
                score=0.7,
                outlet="detik_news",
                locations=[],
                counts={},
                published="2025-01-05T10:00:00+07:00",
            ),
        ]
    )
    queue.group_new()
    users = Users(store)
    users.add("rev@example.org", PASSWORD, "reviewer")
    users.add("rev2@example.org", PASSWORD, "reviewer")
    users.add("coord@example.org", PASSWORD, "coordinator")
    users.add("admin@example.org", PASSWORD, "admin")
    return {
        "story": queue.incident_of_article(ids[0]),
        "flood": queue.incident_of_article(ids[3]),
        "evil": queue.incident_of_article(ids[4]),
        "article": ids[0],
    }


@pytest.fixture
def app(store: Store, seeded: dict[str, int]):
    return create_app(AppConfig(database_url=None, secret_key=SECRET), store)


def login(client: TestClient, email: str, password: str = PASSWORD) -> TestClient:
    page = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', page.text).group(1)
    r = client.post(
        "/login",
        data={
            "email": email,
            "password": password,
            "login_token": token,
            "next": "/queue",
        },
        follow_redirects=False,
    )
    assert r.status_code == 303, r.text
    return client


def csrf_of(client: TestClient) -> str:
    return client.get("/api/me").json()["csrf_token"]


def version_of(client: TestClient, incident_id: int) -> int:
    return client.get(f"/api/incidents/{incident_id}").json()["version"]


@pytest.fixture
def anon(app) -> TestClient:
    return TestClient(app)


@pytest.fixture
def reviewer(app) -> TestClient:
    return login(TestClient(app), "rev@example.org")


@pytest.fixture
def coordinator(app) -> TestClient:
    return login(TestClient(app), "coord@example.org")


@pytest.fixture
def admin(app) -> TestClient:
    return login(TestClient(app), "admin@example.org")
