"""The name-masking rule for headlines and titles, and the kabupaten-level place rule."""

from __future__ import annotations

import pytest

from digest.privacy import clean_text, coarse_places, mask_names, safe_headline

M = "[nama disamarkan]"


@pytest.mark.parametrize(
    ("headline", "expected"),
    [
        (
            "Polisi Tangkap Penjual SR (17) ke Malaysia",
            f"Polisi Tangkap Penjual {M} (17) ke Malaysia",
        ),
        ("Mawar (16) Dijual ke Batam", f"{M} (16) Dijual ke Batam"),
        ("Siti Aminah (17 tahun) diselamatkan", f"{M} (17 tahun) diselamatkan"),
        ("Korban, S. R. (14), dipulangkan", f"Korban, {M} (14), dipulangkan"),
        (
            "S.R. (15) dan AB (16) kabur dari penampungan",
            f"{M} (15) dan {M} (16) kabur dari penampungan",
        ),
        ("Kisah SR (17), Korban TPPO", f"Kisah {M} (17), Korban TPPO"),
        ("Bunga (bukan nama sebenarnya) dijual pacarnya", f"{M} dijual pacarnya"),
        ("Melati (nama samaran), 15, dipaksa bekerja", f"{M}, 15, dipaksa bekerja"),
        ("Pelaku berinisial AS dan RT ditangkap", f"Pelaku berinisial {M} ditangkap"),
        ("POLISI TANGKAP MR (45) DI NUNUKAN", f"POLISI TANGKAP {M} (45) DI NUNUKAN"),
    ],
)
def test_names_before_ages_and_pseudonyms_are_masked(
    headline: str, expected: str
) -> None:
    assert mask_names(headline) == expected


@pytest.mark.parametrize(
    "headline",
    [
        "Gadis (15) asal Cianjur dijual ke Batam",
        "PMI (25) asal NTT meninggal di Malaysia",
        "Bocah 12 Tahun dijual ibunya",
        "Polisi gagalkan pengiriman 12 calon PMI ilegal (2026)",
        "Sindikat TPPO jaringan Kamboja dibongkar",
    ],
)
def test_words_and_acronyms_before_ages_are_kept(headline: str) -> None:
    assert mask_names(headline) == headline


def test_english_placeholder() -> None:
    assert mask_names("Mawar (16) sold", "en") == "[name withheld] (16) sold"


def test_safe_headline_masks_then_cuts_and_strips_controls() -> None:
    long = "Polisi\u202e tangkap\x00 SR (17) " + "sangat panjang " * 40
    out = safe_headline(long, "id", 80)
    assert out.startswith(f"Polisi tangkap {M} (17)")
    assert len(out) == 80
    assert out.endswith("…")
    assert "\u202e" not in out
    assert "\x00" not in out


def test_clean_text_collapses_whitespace() -> None:
    assert clean_text("  a\n\tb  ") == "a b"
    assert clean_text(None) == ""


def test_places_finer_than_kabupaten_are_dropped() -> None:
    places = coarse_places(
        [
            {
                "name": "Kabupaten Cianjur",
                "code": "32.03",
                "level": "kabupaten_kota",
                "role": "origin",
            },
            {
                "name": "Desa Sukamaju",
                "code": "32.03.05.2001",
                "level": "desa_kelurahan",
                "role": "origin",
            },
            {
                "name": "Cibeber",
                "code": "32.03.05",
                "level": "kecamatan",
                "role": "event",
            },
            {
                "name": "Kampung X",
                "code": "32.03.05.2002",
                "role": "origin",
            },  # no level, fine code
            {"name": "Jawa Barat", "code": "32", "level": "provinsi", "role": "event"},
            {
                "name": "Malaysia",
                "code": "MY",
                "level": "country",
                "role": "destination",
            },
            {
                "name": "Kabupaten Cianjur",
                "code": "32.03",
                "level": "kabupaten_kota",
                "role": "origin",
            },
        ]
    )
    assert [(p["name"], p["role"]) for p in places] == [
        ("Kabupaten Cianjur", "origin"),
        ("Jawa Barat", "event"),
        ("Malaysia", "destination"),
    ]
