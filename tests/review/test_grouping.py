"""Grouping units: URL canonicalisation, MinHash/LSH, same-event matching, measured P/R."""

from __future__ import annotations

import gzip
import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from review.grouping import (
    Doc,
    Grouper,
    LSHIndex,
    canonical_url,
    group_documents,
    jaccard_estimate,
    key_numbers,
    minhash,
    pair_scores,
    site_documents,
)
from tests.review.conftest import OTHER, STORY_A, STORY_B

REPO = Path(__file__).resolve().parents[2]
LATER = (
    "Perekrut berinisial AH mulai diadili di Pengadilan Negeri Singkawang. Jaksa menyebut AH "
    "menjanjikan Rp50 juta kepada keluarga dua perempuan yang hendak dikirim ke Guangzhou, "
    "Tiongkok, sebelum Polres Singkawang menggagalkannya di Bandara Supadio Pontianak. "
    "AKBP Budi Santoso hadir sebagai saksi."
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "https://www.antaranews.com/berita/123/judul?utm_source=fb&utm_medium=x",
            "http://antaranews.com/berita/123/judul/",
        ),
        ("https://m.detik.com/news/d-1/judul", "https://detik.com/news/d-1/judul"),
        (
            "https://fbeta.republika.co.id/amp/rvz6/judul",
            "https://fbeta.republika.co.id/rvz6/judul",
        ),
        (
            "https://kompas.com/read/1/judul?page=2#komentar",
            "https://kompas.com/read/1/judul",
        ),
    ],
)
def test_canonical_url_folds_variants(a, b):
    assert canonical_url(a) == canonical_url(b)


def test_canonical_url_keeps_identity():
    assert canonical_url("https://x.id/a?id=1") != canonical_url("https://x.id/a?id=2")
    assert canonical_url("not a url") == "not a url"


def test_minhash_is_stable_and_estimates_jaccard():
    a = minhash(STORY_A)
    assert a.dtype == np.uint32 and a.shape == (128,)
    assert np.array_equal(a, minhash(STORY_A))
    edited = (
        STORY_A.replace("Kepolisian Resor Singkawang", "Polres Singkawang")
        + " Kasus ini masih dikembangkan."
    )
    assert jaccard_estimate(a, minhash(edited)) > 0.6
    assert jaccard_estimate(a, minhash(OTHER)) < 0.1


def test_lsh_finds_near_duplicates_only():
    index = LSHIndex()
    index.add(1, minhash(STORY_A))
    index.add(2, minhash(OTHER))
    hits = index.query(minhash("Judul baru\n" + STORY_A), 0.5)
    assert [h[0] for h in hits] == [1]
    assert index.query(minhash(STORY_B), 0.5) == []


def test_key_numbers_skip_years_and_small_numbers():
    assert key_numbers("123 PMI, 1.047 mahasiswa, tahun 2023, 2 pelaku, 45 paspor") == {
        123,
        1047,
        45,
    }


def test_same_event_joins_and_distance_makes_a_follow_up():
    g = Grouper()
    first = Doc(
        1, "Polres Singkawang gagalkan pengiriman", STORY_A, published=date(2026, 3, 10)
    )
    same = Doc(
        2, "Dua warga Singkawang diselamatkan", STORY_B, published=date(2026, 3, 11)
    )
    later = Doc(
        3,
        "Sidang AH di Pengadilan Negeri Singkawang",
        LATER,
        published=date(2026, 5, 1),
    )
    unrelated = Doc(4, "Banjir", OTHER, published=date(2026, 3, 10))
    g.observe([first, same, later, unrelated])
    assert g.place(first).relation == "original"
    m = g.place(same)
    assert (m.group, m.relation) == (1, "same_event")
    m = g.place(later)
    assert m.group is None and m.relation == "follow_up" and m.follow_up_of == 1
    assert g.place(unrelated).relation == "original"


def test_same_outlet_next_day_is_not_the_same_event():
    g = Grouper()
    a = Doc(
        1,
        "Polres Singkawang gagalkan",
        STORY_A,
        published=date(2026, 3, 10),
        outlet="x",
    )
    b = Doc(2, "Lanjutan", STORY_B, published=date(2026, 3, 12), outlet="x")
    g.observe([a, b])
    g.place(a)
    assert g.place(b).relation == "follow_up"


def test_duplicate_of_and_url_win():
    g = Grouper()
    g.place(Doc(1, "A", STORY_A, url="https://www.a.id/x?utm_source=t"))
    assert g.place(Doc(2, "B", OTHER, duplicate_of=1)).relation == "exact_copy"
    assert g.place(Doc(3, "C", STORY_B, url="https://a.id/x")).relation == "same_url"


def test_pair_scores():
    p, r, tp, npred, ntrue = pair_scores({1: 1, 2: 1, 3: 3}, {1: 1, 2: 1, 3: 1})
    assert (tp, npred, ntrue) == (1, 1, 3)
    assert p == 1.0 and r == pytest.approx(1 / 3)


def test_offline_site_syndication_is_found():
    files = sorted((REPO / "newssite" / "content" / "articles").glob("*.json"))
    arts = [json.loads(f.read_text()) for f in files]
    if not any(a.get("syndicated_from") for a in arts):
        pytest.skip("offline site content has no syndicated articles yet")
    docs, truth = site_documents(arts)
    precision, recall, *_ = pair_scores(group_documents(docs), truth)
    assert recall == 1.0
    assert precision >= 0.8


@pytest.mark.shared
def test_cross_outlet_stories_in_shared_excerpts(shared_data):
    """Hand-checked multi-outlet stories (tests/fixtures/grouping): floors, not exact values."""
    stories = json.loads(
        (REPO / "tests/fixtures/grouping/pages_tppo_stories.json").read_text()
    )
    recs = [
        json.loads(line)
        for line in gzip.open(shared_data / "news/pages_tppo_excerpts.jsonl.gz", "rt")
    ]
    suffix = {r["id"][-8:]: i for i, r in enumerate(recs)}
    truth = {i: i for i in range(len(recs))}
    for k, members in enumerate(stories["stories"].values()):
        for m in members:
            truth[suffix[m.lstrip("*")]] = -1 - k
    docs = [Doc.from_news_record(i, r) for i, r in enumerate(recs)]
    precision, recall, *_ = pair_scores(group_documents(docs), truth)
    assert precision >= 0.9
    assert recall >= 0.6
