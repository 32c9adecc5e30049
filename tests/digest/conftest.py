"""Digest test fixtures: a real SMTP server on 127.0.0.1, a tmp SQLite store, the real queue."""

from __future__ import annotations

import socket
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from digest.config import DigestConfig, SmtpConfig
from review.records import (
    ArticleRecord,
    EntitiesRecord,
    IncidentSummary,
    PredictionRecord,
)
from review.store import Store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Recorder:
    """aiosmtpd handler: accepts mail, or follows ``script`` (one action per DATA command).

    An action is "ok", an SMTP reply such as "451 4.3.0 try later" / "554 5.7.1 no", or "drop"
    (close the connection without answering).
    """

    script: list[str] = field(default_factory=list)
    messages: list[Any] = field(default_factory=list)
    data_calls: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.data_calls += 1
        action = self.script.pop(0) if self.script else "ok"
        if action == "drop":
            server.transport.close()
            return "421 4.4.2 closing"
        if action != "ok":
            return action
        self.messages.append(envelope)
        return "250 2.0.0 OK"

    def parsed(self) -> list[Any]:
        return [
            message_from_bytes(env.original_content, policy=policy.default)
            for env in self.messages
        ]


@dataclass
class SmtpServer:
    handler: Recorder
    port: int
    controller: Controller

    @property
    def config(self) -> SmtpConfig:
        return SmtpConfig(host="127.0.0.1", port=self.port, security="none", timeout=5)


@pytest.fixture
def smtp_server():
    handler = Recorder()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield SmtpServer(handler, port, controller)
    finally:
        controller.stop()


@pytest.fixture
def store_url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path}/pantau.db"
    Store(url).close()
    return url


@pytest.fixture
def digest_config(smtp_server) -> DigestConfig:
    return DigestConfig(
        from_addr="Pantau <pantau@pantau.test>",
        app_url="https://app.pantau.test",
        smtp=smtp_server.config,
    )


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def queue(store_url):
    """The real review queue over the tmp store, with a clock tests move."""
    from review.queue import ReviewQueue

    store = Store(store_url)
    clock = Clock(datetime(2026, 11, 27, 3, 0, tzinfo=UTC))
    q = ReviewQueue(store, clock=clock)
    q.clock = clock  # type: ignore[attr-defined]
    yield q
    store.close()


_serial = iter(range(1, 10_000))


def add_incident(
    queue,
    *,
    title: str,
    code: str,
    modus: str,
    victims: int | None = 3,
    confirm_at: datetime | None = None,
    outlet: str = "warta_test",
    level: str = "kabupaten_kota",
) -> int:
    """Create one incident through the queue from one article; confirm it at ``confirm_at``."""
    from review.queue import Candidate

    n = next(_serial)
    url = f"https://warta.test/berita/{n}"
    article = ArticleRecord(
        url=url,
        canonical_url=url,
        outlet=outlet,
        title=title,
        # distinct bodies so grouping keeps each article its own incident
        text=" ".join(f"kata{n}x{i}" for i in range(300)),
        published="2026-11-26T09:00:00+07:00",
    )
    counts = (
        {"victims": {"value": victims, "qualifier": "exact"}}
        if victims is not None
        else {}
    )
    candidate = Candidate(
        article,
        PredictionRecord(
            model_version="test", tppo_score=0.95, is_tppo=True, modus=(modus,)
        ),
        EntitiesRecord(
            kind="incident",
            counts=counts,
            locations=[
                {
                    "name": f"Tempat {code}",
                    "code": code,
                    "level": level,
                    "role": "origin",
                }
            ],
        ),
    )
    (article_id,) = queue.add_candidates([candidate])
    queue.group_new()
    incident = queue.incident_of_article(article_id)
    if confirm_at is not None:
        queue.clock.now = confirm_at
        version = queue.get_incident(incident)["version"]
        queue.decide(
            incident, "reviewer@pantau.test", "confirm", expected_version=version
        )
    return incident


def summary(**overrides: Any) -> IncidentSummary:
    """An IncidentSummary for pure rendering tests."""
    values: dict[str, Any] = {
        "id": 7,
        "headline": "Polisi gagalkan pengiriman 12 calon PMI ilegal ke Malaysia",
        "status": "confirmed",
        "kind": "incident",
        "modus": ("irregular_migrant_work",),
        "locations": (
            {
                "name": "Kabupaten Nunukan",
                "code": "65.03",
                "level": "kabupaten_kota",
                "role": "transit",
            },
            {
                "name": "Malaysia",
                "code": "MY",
                "level": "country",
                "role": "destination",
            },
        ),
        "province_codes": ("65",),
        "counts": {
            "victims": {"value": 12, "qualifier": "exact"},
            "suspects": {"value": 2, "qualifier": "at_least"},
        },
        "sources": (
            {
                "article_id": 1,
                "url": "https://warta.test/a/1",
                "outlet": "Warta Kaltara",
                "title": "12 calon PMI ilegal diamankan di Nunukan",
                "published": "2026-11-26T09:00:00+08:00",
            },
        ),
        "first_published": "2026-11-26T09:00:00+08:00",
        "confirmed_at": "2026-11-27T03:00:00+00:00",
        "confirmed_by": "reviewer@pantau.test",
        "follow_up_of": None,
        "path": "/incidents/7",
    }
    values.update(overrides)
    return IncidentSummary(**values)
