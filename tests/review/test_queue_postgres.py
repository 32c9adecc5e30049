"""The queue on PostgreSQL: same migrations, keyset paging, locking, summaries.

Uses the database of tests/scale/services.py (PANTAU_TEST_DATABASE_URL or the loopback
server
that .ci/services.sh starts) in a fresh schema; skips when PostgreSQL is not answering.
"""

from __future__ import annotations

import pytest

from review.exceptions import ConflictError
from review.exports import export
from review.queue import QueueQuery, ReviewQueue
from review.store import Store
from review.users import Users
from tests.review.conftest import (
    STORY_A,
    STORY_B,
    Clock,
    make_candidate,
    make_unrelated,
)
from tests.scale.services import PostgresSchema, postgres_reason

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_queue():
    reason = postgres_reason()
    if reason:
        pytest.skip(reason)
    with PostgresSchema() as schema:
        store = Store(schema.url)
        try:
            yield ReviewQueue(store, clock=Clock())
        finally:
            store.close()


def test_queue_flow_on_postgres(pg_queue):
    queue = pg_queue
    ids = queue.add_candidates(
        [
            make_candidate(
                1, title="Polres Singkawang gagalkan pengiriman", text=STORY_A
            ),
            make_candidate(2, title="Salinan", text=STORY_A, outlet="tribun_batam"),
            make_candidate(
                3, title="Pengantin pesanan", text=STORY_B, outlet="kompas_regional"
            ),
            make_unrelated(4, score=0.3, title="Banjir"),
        ]
    )
    report = queue.group_new()
    assert report.new_incidents == 2
    story = queue.incident_of_article(ids[0])
    assert {queue.incident_of_article(i) for i in ids[:3]} == {story}
    first = queue.list_incidents(QueueQuery(limit=1))
    second = queue.list_incidents(QueueQuery(limit=1, cursor=first.next_cursor))
    assert first.items[0]["id"] == story
    assert second.items[0]["id"] != story and second.next_cursor is None
    assert queue.pending_count({"61"}, {"contract_marriage"}) == 1
    queue.decide(
        story,
        "a@example.org",
        "confirm",
        expected_version=1,
        changes={"counts": {"victims": {"value": 4, "qualifier": "exact"}}},
    )
    with pytest.raises(ConflictError):
        queue.decide(story, "b@example.org", "reject", expected_version=1)
    [summary] = queue.confirmed_between("2026-03-11T00:00:00Z", "2026-03-12T00:00:00Z")
    assert summary.counts["victims"]["value"] == 4
    assert len(summary.sources) == 3
    assert "Singkawang" in export(queue, "csv")
    Users(queue.store).add("pg@example.org", "a long pg password", "reviewer")
    assert Users(queue.store).authenticate("pg@example.org", "a long pg password")
