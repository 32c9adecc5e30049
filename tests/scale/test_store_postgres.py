"""The store and the review queue on a real PostgreSQL server (same migrations as SQLite).

The review-queue tests are imported from tests/review and run again here: the ``store``
fixture below replaces the SQLite one with a Store on a fresh PostgreSQL schema. The article
store's own behaviour is checked directly below, on PostgreSQL.
"""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from review import ArticleRecord, EntitiesRecord, PredictionRecord, Store, migrations
from tests.review.conftest import clock, queue  # noqa: F401  (built on the store below)
from tests.review.test_queue import *  # noqa: F403  (run the queue tests on PostgreSQL too)

pytestmark = pytest.mark.postgres


@pytest.fixture
def store(pg_schema_url: str):
    s = Store(pg_schema_url)
    yield s
    s.close()


def _record(n: int = 1, **kw: object) -> ArticleRecord:
    url = f"http://x.test/berita/{n}/a"
    base = {
        "url": url,
        "canonical_url": url,
        "outlet": "x",
        "title": "Judul",
        "text": "Isi berita " * 30,
    }
    base.update(kw)
    return ArticleRecord(**base)  # type: ignore[arg-type]


def test_postgres_store_uses_postgres(store):
    assert store.engine.dialect.name == "postgresql"
    assert "m0001_articles" in migrations.applied(store.engine)
    assert Store(store.url).migrate() == []


def test_upsert_is_idempotent_by_canonical_url(store):
    first = store.upsert_article(_record())
    again = store.upsert_article(
        _record(url="http://x.test/berita/1/a?utm_source=fb", title="Judul baru")
    )
    assert first[1] is True
    assert again == (first[0], False)
    assert store.article_count() == 1
    assert store.get_article(first[0]).title == "Judul baru"
    assert store.known_urls() == {
        "http://x.test/berita/1/a",
        "http://x.test/berita/1/a?utm_source=fb",
    }


def test_raw_html_and_unsigned_fingerprints_round_trip(store):
    html = ("<html><body>" + "<p>paragraf</p>" * 2000 + "</body></html>").encode()
    article_id, _ = store.upsert_article(_record(raw_html=html, fingerprint=2**64 - 1))
    store.upsert_article(_record())  # a re-crawl without the raw page keeps it
    assert store.raw_html(article_id) == html
    assert store.fingerprints() == [(article_id, 2**64 - 1)]


def test_predictions_entities_failures_and_runs_round_trip(store):
    article_id, _ = store.upsert_article(
        _record(fetched_at="2026-03-10T01:00:00+00:00")
    )
    store.save_prediction(
        article_id,
        PredictionRecord("v1", 0.91, True, ("contract_marriage",), ("kawin kontrak",)),
    )
    store.save_prediction(article_id, PredictionRecord("v2", 0.2, False))
    store.save_entities(
        article_id,
        EntitiesRecord("incident", [{"name": "Singkawang"}], {"victims": {"value": 2}}),
    )
    store.record_failure(
        "http://x.test/404", "http_404", outlet="x", detail="\u00e9" * 3000
    )
    store.record_failure("http://x.test/405", "http_404", outlet="x")
    assert store.prediction(article_id)["model_version"] == "v2"
    assert store.prediction(article_id)["is_tppo"] is False
    assert store.entities(article_id)["locations"] == [{"name": "Singkawang"}]
    assert store.failures_by_reason() == {"http_404": 2}
    assert store.counts_per_outlet() == {"x": 1}
    assert store.articles_per_day("2026-03-01") == {("x", "2026-03-10"): 1}
    assert [a.id for a in store.iter_articles(batch=1)] == [article_id]


def test_iter_articles_reads_in_batches(store):
    ids = [store.upsert_article(_record(i))[0] for i in range(7)]
    assert [a.id for a in store.iter_articles(batch=3)] == ids


def test_concurrent_upserts_of_one_url_make_one_article(store):
    """Two crawler processes storing the same article at once: one row, no error."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def write(i: int) -> None:
        s = Store(store.url, migrate=False)
        try:
            barrier.wait()
            s.upsert_article(_record(url=f"http://x.test/berita/1/a?v={i}"))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            s.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert store.article_count() == 1
    assert len(store.known_urls()) == 7


def test_schema_matches_sqlite(store, tmp_path):
    """A fresh PostgreSQL database and a fresh SQLite one end with the same tables and columns."""
    lite = Store(f"sqlite:///{tmp_path}/p.db")

    def shape(engine: sa.Engine) -> dict[str, list[str]]:
        insp = sa.inspect(engine)
        return {
            t: sorted(c["name"] for c in insp.get_columns(t))
            for t in insp.get_table_names()
        }

    assert shape(store.engine) == shape(lite.engine)
    lite.close()


def test_processes_opening_a_fresh_database_at_once_migrate_it_once(pg_schema_url):
    """Several crawler workers start together on an empty database."""
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_store() -> None:
        try:
            barrier.wait()
            Store(pg_schema_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with Store(pg_schema_url) as store:
        assert store.migrate() == []
        assert "m0001_articles" in migrations.applied(store.engine)
