"""Fixtures for queue tests: a real SQLite store in tmp_path and an article factory."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from review.queue import Candidate, ReviewQueue
from review.records import ArticleRecord, EntitiesRecord, PredictionRecord
from review.store import Store

# written for these tests; two outlets telling one invented story in their own words
STORY_A = (
    "Kepolisian Resor Singkawang menggagalkan keberangkatan dua perempuan asal Singkawang "
    "yang hendak dibawa ke Tiongkok untuk dinikahkan secara kontrak. Kapolres Singkawang AKBP "
    "Budi Santoso mengatakan kedua korban dijanjikan uang Rp50 juta oleh seorang perekrut "
    "berinisial AH yang kini ditahan. Korban diamankan di Bandara Supadio Pontianak sebelum "
    "naik pesawat menuju Jakarta dan kemudian ke Guangzhou. Polisi masih memburu dua pelaku "
    "lain yang diduga bagian dari jaringan pengantin pesanan lintas negara."
)
STORY_B = (
    "Dua perempuan warga Singkawang batal diberangkatkan ke Tiongkok setelah Polres Singkawang "
    "menghentikan mereka di Bandara Supadio Pontianak. Menurut AKBP Budi Santoso, perekrut AH "
    "menjanjikan Rp50 juta kepada keluarga korban bila bersedia menikah dengan pria di "
    "Guangzhou. AH sudah ditetapkan sebagai tersangka, sementara dua orang lain masih dicari."
)
OTHER = (
    "Banjir merendam ratusan rumah di Kecamatan Sintang setelah hujan deras mengguyur sejak "
    "Selasa malam. Badan Penanggulangan Bencana Daerah mendirikan posko pengungsian di halaman "
    "kantor camat dan membagikan makanan siap saji kepada warga terdampak banjir."
)


def make_candidate(
    n: int,
    *,
    title: str,
    text: str,
    outlet: str = "antara_kalbar",
    url: str | None = None,
    published: str | None = "2026-03-10T09:00:00+07:00",
    score: float = 0.9,
    modus: tuple[str, ...] = ("contract_marriage",),
    locations: list[dict] | None = None,
    counts: dict | None = None,
    duplicate_of: int | None = None,
) -> Candidate:
    url = url or f"https://{outlet}.example/berita/{n}"
    art = ArticleRecord(
        url=url,
        canonical_url=url,
        outlet=outlet,
        title=title,
        text=text,
        published=published,
        duplicate_of=duplicate_of,
    )
    pred = PredictionRecord(
        model_version="test",
        tppo_score=score,
        is_tppo=score >= 0.5,
        modus=modus,
        evidence=("pengantin pesanan",),
    )
    locs = (
        locations
        if locations is not None
        else [
            {
                "name": "Singkawang",
                "code": "61.72",
                "level": "kabupaten_kota",
                "role": "origin",
                "lat": 0.9,
                "lon": 108.98,
                "start": text.find("Singkawang"),
                "end": text.find("Singkawang") + 10,
            }
        ]
    )
    ents = EntitiesRecord(
        kind="incident",
        locations=locs,
        counts=counts
        if counts is not None
        else {"victims": {"value": 2, "qualifier": "exact", "start": 0, "end": 3}},
    )
    return Candidate(art, pred, ents)


def make_unrelated(n: int, *, score: float, title: str = "Banjir rendam Sintang") -> Candidate:
    """A scored article that is no TPPO story: no modus, places or counts."""
    return make_candidate(n, title=title, text=OTHER, score=score, modus=(), locations=[],
                          counts={})


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 11, 2, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def queue(store: Store, clock: Clock) -> ReviewQueue:
    return ReviewQueue(store, clock=clock)
