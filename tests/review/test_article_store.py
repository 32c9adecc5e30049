"""The article store: idempotent upserts, URL bookkeeping, raw HTML, failures, migrations."""

from __future__ import annotations

import sqlalchemy as sa

from review import ArticleRecord, EntitiesRecord, PredictionRecord, Store, migrations


def _record(**kw: object) -> ArticleRecord:
    base = dict(url="http://x.test/berita/1/a", canonical_url="http://x.test/berita/1/a",
                outlet="x", title="Judul", text="Isi berita " * 30)
    base.update(kw)
    return ArticleRecord(**base)  # type: ignore[arg-type]


def test_upsert_is_idempotent_by_canonical_url(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/p.db")
    first = store.upsert_article(_record())
    again = store.upsert_article(_record(url="http://x.test/berita/1/a?utm_source=fb",
                                         title="Judul baru"))
    assert first == (1, True)
    assert again == (1, False)
    assert store.article_count() == 1
    assert store.get_article(1).title == "Judul baru"
    assert store.has_url("http://x.test/berita/1/a?utm_source=fb")
    assert store.known_urls() == {"http://x.test/berita/1/a",
                                  "http://x.test/berita/1/a?utm_source=fb"}


def test_raw_html_is_kept_compressed_and_survives_a_recrawl_without_it(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/p.db")
    html = ("<html><body>" + "<p>paragraf</p>" * 2000 + "</body></html>").encode()
    article_id, _ = store.upsert_article(_record(raw_html=html, fingerprint=2**64 - 1))
    with store.engine.connect() as conn:
        stored = conn.execute(sa.text("select length(raw_html) from articles")).scalar()
    assert stored < len(html) / 10
    store.upsert_article(_record())  # no raw page this time
    assert store.raw_html(article_id) == html
    assert store.fingerprints() == [(article_id, 2**64 - 1)]


def test_predictions_entities_and_failures_round_trip(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/p.db")
    article_id, _ = store.upsert_article(_record())
    store.save_prediction(article_id, PredictionRecord("v1", 0.91, True, ("contract_marriage",),
                                                       ("kawin kontrak",)))
    store.save_prediction(article_id, PredictionRecord("v2", 0.2, False))
    store.save_entities(article_id, EntitiesRecord("incident", [{"name": "Singkawang"}],
                                                   {"victims": {"value": 2}}))
    store.record_failure("http://x.test/404", "http_404", outlet="x")
    store.record_failure("http://x.test/405", "http_404", outlet="x")
    assert store.prediction(article_id)["model_version"] == "v2"
    assert store.prediction(article_id)["is_tppo"] is False
    assert store.entities(article_id)["counts"] == {"victims": {"value": 2}}
    assert store.failures_by_reason() == {"http_404": 2}
    assert store.counts_per_outlet() == {"x": 1}


def test_migrations_run_once_and_reopen_cleanly(tmp_path):
    url = f"sqlite:///{tmp_path}/p.db"
    first = Store(url)
    assert "m0001_articles" in migrations.applied(first.engine)
    assert Store(url).migrate() == []


def test_create_table_leaves_out_columns_added_later(tmp_path):
    meta = sa.MetaData()
    table = sa.Table("t", meta, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("late", sa.Text, info={"added_in": "m0009_late"}))
    engine = sa.create_engine(f"sqlite:///{tmp_path}/t.db")
    with engine.begin() as conn:
        migrations.create_table(conn, table, "m0001_first")
        assert [c["name"] for c in sa.inspect(conn).get_columns("t")] == ["id"]
        migrations.add_column(conn, table, "late")
        assert [c["name"] for c in sa.inspect(conn).get_columns("t")] == ["id", "late"]


def test_iter_articles_reads_in_batches(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/p.db")
    for i in range(7):
        store.upsert_article(_record(url=f"http://x.test/{i}", canonical_url=f"http://x.test/{i}"))
    assert [a.id for a in store.iter_articles(batch=3)] == list(range(1, 8))
