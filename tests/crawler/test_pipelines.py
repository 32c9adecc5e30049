"""Pipeline stages one by one, with a real Scrapy crawler object and a real SQLite store."""

from __future__ import annotations

import asyncio

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem, FailureItem
from crawler.pipelines import DedupePipeline, StorePipeline, ValidatePipeline
from review import Store

BODY = (
    "Kupang (ANTARA) - Kepolisian Daerah Nusa Tenggara Timur menggagalkan pengiriman "
    "delapan calon pekerja migran non-prosedural asal Kabupaten Timor Tengah Selatan yang "
    "hendak diberangkatkan ke Malaysia melalui Pelabuhan Tenau. Dua orang perekrut "
    "ditetapkan sebagai tersangka dan kini ditahan di Mapolda NTT untuk pemeriksaan lanjut."
    "\n\nMenurut Kabid Humas Polda NTT, para korban dijanjikan bekerja di perkebunan sawit "
    "dengan gaji empat juta rupiah per bulan tanpa dokumen resmi. Mereka direkrut oleh seorang "
    "sponsor yang mendatangi desa-desa di Kecamatan Amanuban Selatan sejak awal tahun. Polisi "
    "mengimbau warga melapor bila menerima tawaran kerja ke luar negeri yang tidak melalui "
    "Balai Pelayanan Pelindungan Pekerja Migran Indonesia (BP3MI) setempat."
)


def _item(**kw: object) -> ArticleItem:
    base = dict(url="http://127.0.0.1/antara-ntt/berita/1/a",
                canonical_url="http://127.0.0.1/antara-ntt/berita/1/a", outlet="t",
                title="Polda NTT gagalkan pengiriman PMI", text=BODY, published=None,
                dateline="Kupang", language="id", method="rules:antara",
                fetched_at="2026-11-28T00:00:00+00:00")
    base.update(kw)
    return ArticleItem(**base)  # type: ignore[arg-type]


@pytest.fixture
def crawler(tmp_path):
    return get_crawler(settings_dict={
        "PANTAU_DATABASE_URL": f"sqlite:///{tmp_path}/p.db",
        "PANTAU_LANGUAGES": ["id", "en"], "PANTAU_MIN_BODY_CHARS": 150,
    })


def test_validate_drops_with_a_counted_reason(crawler):
    stage = ValidatePipeline.from_crawler(crawler)
    with pytest.raises(DropItem, match="too_short"):
        stage.process_item(_item(text="Terlalu pendek."))
    with pytest.raises(DropItem, match="language_other"):
        stage.process_item(_item(language="other"))
    with pytest.raises(DropItem, match="no_title"):
        stage.process_item(_item(title="  "))
    kept = stage.process_item(_item())
    assert kept.title
    stats = crawler.stats.get_stats()
    assert stats["pantau/drop/too_short"] == 1
    assert stats["pantau/field/published/missing"] == 1
    failure = FailureItem(url="http://x/404", outlet="t", reason="http_404")
    assert stage.process_item(failure) is failure


def test_dedupe_drops_repeat_urls_and_links_syndicated_copies(crawler):
    stage = DedupePipeline.from_crawler(crawler)
    stage.open_spider()
    first = asyncio.run(stage.process_item(_item()))
    assert first.fingerprint is not None and first.duplicate_of_key is None
    with pytest.raises(DropItem, match="duplicate_url"):
        asyncio.run(stage.process_item(_item()))
    copy = asyncio.run(stage.process_item(_item(
        url="http://127.0.0.1/tribun/2024/01/01/b", canonical_url="http://127.0.0.1/tribun/b",
        text=BODY.replace("Kupang (ANTARA) -", "TRIBUNFLORES.COM, KUPANG -"))))
    assert copy.duplicate_of_key == f"url:{first.canonical_url}"


def test_store_writes_articles_links_copies_and_records_failures(crawler, tmp_path):
    dedupe = DedupePipeline.from_crawler(crawler)
    store_stage = StorePipeline.from_crawler(crawler)
    dedupe.open_spider()
    store_stage.open_spider()
    try:
        first = store_stage.process_item(asyncio.run(dedupe.process_item(_item(
            prediction={"model_version": "v", "tppo_score": 0.9, "is_tppo": True,
                        "modus": ["irregular_migrant_work"], "evidence": ["calon pekerja"]},
            entities={"kind": "incident", "locations": [], "counts": {}, "dates": {}},
        ))))
        copy = store_stage.process_item(asyncio.run(dedupe.process_item(_item(
            url="http://127.0.0.1/c", canonical_url="http://127.0.0.1/c"))))
        store_stage.process_item(FailureItem(url="http://x/500", outlet="t", reason="http_500"))
        store_stage.item_dropped(_item(url="http://x/short"), None, DropItem("too_short"))
    finally:
        store_stage.close_spider()
    with Store(f"sqlite:///{tmp_path}/p.db") as store:
        assert store.article_count() == 2
        assert store.get_article(copy.article_id).duplicate_of == first.article_id
        assert store.prediction(first.article_id)["modus"] == ["irregular_migrant_work"]
        assert store.failures_by_reason() == {"http_500": 1, "too_short": 1}
