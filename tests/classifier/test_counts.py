"""Count rules of issue 4 (and the number parser) on sentences written for these tests."""

from __future__ import annotations

import pytest

from classifier.counts import extract_counts
from classifier.numbers import parse_number, parse_words


def counts(text: str, title: str = "") -> dict[str, tuple[int, str]]:
    full = f"{title}\n{text}" if title else text
    got = extract_counts(full, title_end=len(title))
    return {k: (v.value, v.qualifier) for k, v in got.items()}


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("satu", 1),
        ("sembilan", 9),
        ("sepuluh", 10),
        ("sebelas", 11),
        ("delapan belas", 18),
        ("dua puluh tiga", 23),
        ("seratus dua puluh tiga", 123),
        ("dua ribu lima ratus", 2500),
        ("seribu empat puluh tujuh", 1047),
    ],
)
def test_number_words(words, value):
    assert parse_words(words) == value


@pytest.mark.parametrize("bad", ["dua tiga", "puluh", "belas dua", ""])
def test_malformed_number_words_are_rejected(bad):
    assert parse_words(bad) is None


@pytest.mark.parametrize(
    ("digits", "value"), [("1.047", 1047), ("30", 30), ("1,5", None)]
)
def test_digits_with_thousands_dots(digits, value):
    assert parse_number(digits) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Polisi menyelamatkan 17 korban di pelabuhan.", {"victims": (17, "exact")}),
        (
            "Sebanyak delapan belas calon PMI digagalkan berangkat.",
            {"victims": (18, "exact")},
        ),
        (
            "Sedikitnya dua puluh tiga perempuan menjadi korban.",
            {"victims": (23, "at_least")},
        ),
        ("Korbannya diperkirakan 30 lebih orang.", {"victims": (30, "at_least")}),
        ("Lebih dari 30 pekerja migran ditipu agen.", {"victims": (30, "at_least")}),
        ("Sekitar 40 WNI masih tertahan di sana.", {"victims": (40, "approx")}),
        ("Puluhan calon PMI diamankan di dermaga.", {"victims": (10, "approx")}),
        ("Belasan remaja dijajakan lewat aplikasi.", {"victims": (10, "approx")}),
        ("Ratusan pekerja migran dideportasi.", {"victims": (100, "approx")}),
        ("Jumlah korban mencapai 234 orang.", {"victims": (234, "exact")}),
    ],
)
def test_victim_counts_and_qualifiers(text, expected):
    assert counts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Polisi menetapkan lima tersangka dalam kasus itu.", (5, "exact")),
        ("Tersangka sebanyak 12 orang sudah ditahan.", (12, "exact")),
        ("Polisi menangkap tiga orang yang diduga sebagai perekrut.", (3, "exact")),
        ("Dua tersangka berinisial AB dan CD ditahan.", (2, "exact")),
        ("Polisi menahan tersangka berinisial RT dan MS di markas.", (2, "exact")),
    ],
)
def test_suspect_counts(text, expected):
    assert counts(text)["suspects"] == expected


def test_cases_count():
    assert counts("Polda mencatat 14 kasus sepanjang semester ini.")["cases"] == (
        14,
        "exact",
    )


def test_breakdown_is_reconciled_with_its_total():
    text = (
        "Sebanyak 123 korban terdiri dari 74 laki-laki, 29 perempuan, dan 20 anak-anak."
    )
    assert counts(text) == {"victims": (123, "exact")}


def test_breakdown_is_summed_only_when_no_total_is_stated():
    text = "Korban terdiri dari 11 perempuan dan 4 anak-anak yang diselamatkan."
    assert counts(text) == {"victims": (15, "exact")}


def test_title_count_is_the_headline_case():
    title = "Polisi Selamatkan 40 Korban Perdagangan Orang"
    text = "Sebelumnya, pada kasus lain tahun lalu, polisi menyelamatkan 12 korban."
    assert counts(text, title=title)["victims"] == (40, "exact")


def test_subset_is_not_the_total():
    text = "Sebanyak 28 WNI dipulangkan. Dari jumlah itu, 27 dari 28 WNI bekerja di Poipet."
    assert counts(text)["victims"] == (28, "exact")


def test_wanted_persons_are_not_suspects():
    text = "Polisi menahan 3 tersangka, sementara empat orang lainnya masih DPO."
    assert counts(text)["suspects"] == (3, "exact")


def test_extra_counts_deaths_and_cancelled_passports():
    got = counts(
        "Dua orang meninggal dunia dalam perjalanan. Imigrasi melakukan pembatalan "
        "sekitar 30 lebih paspor sepanjang tahun."
    )
    assert got["deaths"] == (2, "exact")
    assert got["passports_cancelled"] == (30, "at_least")


@pytest.mark.parametrize(
    "text",
    [
        "Kerugian negara mencapai Rp 1,5 miliar dari praktik itu.",
        "Omzet sindikat Rp 24,4 miliar dan uang Rp 135 juta per orang.",
        "Hubungi 0812-3456-7890 atau +62 812 3456 7890 untuk melapor.",
        "Korban AS (17) dan BR (15) diperiksa pada 12 Maret 2024.",
        "Peristiwa itu terjadi pada tahun 2019 pukul 16.20 WIB.",
        "Tersangka dijerat Pasal 4 UU Nomor 21 Tahun 2007.",
        "Remaja 17 Tahun itu bekerja 14 jam sehari selama 3 bulan.",
        "Jumat (9/6/2023) polisi menggelar rilis.",
    ],
)
def test_money_phones_ages_dates_and_laws_are_not_counts(text):
    got = counts(text)
    assert "victims" not in got and "suspects" not in got and "cases" not in got


def test_count_evidence_span_points_at_the_number():
    text = "Polisi menyelamatkan 17 korban di pelabuhan."
    c = extract_counts(text)["victims"]
    assert text[c.start : c.end].startswith("17")


# ---------------------------------------------------------------- headline-case rules


def test_collective_word_in_title_gives_way_to_the_exact_body_breakdown():
    title = "Polisi Gagalkan Penyelundupan Puluhan PMI"
    text = (
        "Petugas mengamankan 25 orang dewasa dan empat balita yang hendak menyeberang."
    )
    assert counts(text, title=title)["victims"] == (29, "exact")


def test_collective_word_stays_approx_without_a_body_figure():
    title = "Belasan Calon PMI Diamankan di Pelabuhan"
    assert counts("Mereka berasal dari berbagai daerah.", title=title)["victims"] == (
        10,
        "approx",
    )


def test_reporters_are_not_the_victim_total():
    text = (
        "Kasus terungkap dari laporan tiga mahasiswa yang melaporkan ke kedutaan. "
        "Bareskrim mencatat korban program itu berjumlah 512 orang."
    )
    assert counts(text)["victims"] == (512, "exact")


def test_subset_after_dari_jumlah_itu():
    text = "Polisi memulangkan 40 pekerja migran. Dari jumlah itu, terdapat 12 pekerja migran yang sakit."
    assert counts(text)["victims"] == (40, "exact")


def test_wanted_list_in_the_title_does_not_hide_the_arrests():
    title = "Polisi Tangkap 9 Tersangka, Empat Masih Buron"
    assert counts("Rilis kasus digelar di markas polisi.", title=title)["suspects"] == (
        9,
        "exact",
    )


def test_people_with_a_perpetrator_role_are_suspects():
    text = "Polisi menemukan 2 orang laki-laki berinisial AB yang bertugas sebagai penampung."
    got = counts(text)
    assert got.get("suspects") == (2, "exact") and "victims" not in got


def test_one_of_the_victims_means_at_least_one():
    text = (
        "Salah satu korbannya adalah remaja berinisial RN yang dijual lewat aplikasi."
    )
    assert counts(text)["victims"] == (1, "at_least")


def test_one_named_victim_without_a_tally():
    assert counts("Keluarga mencari TKW bernama Sumarni sejak 2010.")["victims"] == (
        1,
        "exact",
    )


def test_setidaknya_with_an_exact_breakdown_is_exact():
    text = "Setidaknya sembilan WNI dipulangkan. Mereka terdiri dari empat perempuan dan lima laki-laki."
    assert counts(text)["victims"] == (9, "exact")


def test_another_scope_tally_is_not_this_case():
    title = "Polres Tangkap 3 Tersangka Perdagangan Orang"
    text = (
        "Polres menangkap tiga tersangka perekrut.\n"
        "Secara nasional, satgas mengungkap 500 kasus dengan 610 tersangka.\n"
        "Sebanyak 2.000 korban diselamatkan di seluruh wilayah."
    )
    got = counts(text, title=title)
    assert got["suspects"] == (3, "exact")
    assert "victims" not in got and "cases" not in got


def test_one_named_person_introduced_with_seorang():
    text = "Seorang pekerja rumah tangga (PRT) asal Kabupaten Sikka berinisial YT (38) dipulangkan."
    assert counts(text)["victims"] == (1, "exact")


def test_others_still_abroad_do_not_mark_another_scope():
    title = "20 Korban TPPO Dipulangkan dari Kamboja"
    text = (
        "Sebanyak 20 korban tiba di bandara.\n"
        "Menurut pendamping, lebih dari 70 WNI lainnya masih berada di kompleks itu.\n"
        "Polisi telah menangkap dua perekrut berinisial AB dan CD."
    )
    got = counts(text, title=title)
    assert got["victims"] == (20, "exact") and got["suspects"] == (2, "exact")
