"""Normalisation: outlet marks and page furniture never reach the model; content does."""

from __future__ import annotations

import pytest

from classifier.text import (
    ANY_TPPO_TERM,
    STRICT_TPPO,
    clean_text,
    join_title_text,
    mask_places,
    model_document,
    model_text,
    modus_cue_counts,
)

BODY = "Polisi menggagalkan pengiriman calon pekerja migran ke Malaysia."


@pytest.mark.parametrize(
    "dateline",
    [
        "Pontianak (ANTARA) - ",
        "Kupang, NTT (ANTARA) - ",
        "PONTIANAK, KOMPAS.com - ",
        "KOMPAS.com - ",
        "JAKARTA, KOMPAS.com -- ",
        "Liputan6.com, Jakarta - ",
        "TRIBUNBATAM.id, BATAM - ",
        "REPUBLIKA.CO.ID, JAKARTA \u2014 ",
        "benuanta.co.id, TARAKAN \u2013 ",
        "Jakarta, IDN Times - ",
        "JAKARTA - ",
        "NUKILAN.id | Banda Aceh \u2013 ",
    ],
)
def test_dateline_is_removed_and_the_lead_kept(dateline: str) -> None:
    cleaned = clean_text(dateline + BODY)
    assert cleaned == BODY


def test_liputan6_dateline_without_dash_or_space() -> None:
    assert clean_text("Liputan6.com, JakartaKita semua tahu.") == "Kita semua tahu."


def test_detik_dateline_split_over_two_lines() -> None:
    assert clean_text("Jakarta\n-\n" + BODY) == BODY


@pytest.mark.parametrize(
    "furniture",
    [
        "Baca juga: Polisi tangkap penyelundup di Batam",
        "Baca Juga",
        "BACA JUGA: Kasus lain",
        "Pewarta: Nama Pewarta",
        "Editor: Nama Editor",
        "Copyright \u00a9 ANTARA 2024",
        "\u00a9 2024 Kompas.com",
        "ADVERTISEMENT",
        "Advertisement",
        "SCROLL TO CONTINUE WITH CONTENT",
        "SCROLL UNTUK MELANJUTKAN MEMBACA",
        "[Gambas:Video 20detik]",
        "Sabtu, 27 April 2024 - 11:55 WIB",
        "(mdk/rnd)",
    ],
)
def test_page_furniture_lines_are_dropped(furniture: str) -> None:
    text = f"{BODY}\n{furniture}\nKorban dipulangkan ke daerah asal."
    assert clean_text(text) == f"{BODY}\nKorban dipulangkan ke daerah asal."


def test_model_text_has_no_outlet_names() -> None:
    document = join_title_text(
        "Satgas TPPO gagalkan pengiriman PMI",
        "Pontianak (ANTARA) - Satgas TPPO menggagalkan pengiriman.\n"
        "Ujar Kapolres kepada Kompas.com dan Liputan6.com. (Foto: ANTARA/Nama)\n"
        "Sementara itu detikcom dan Tribunnews mencatat kasus serupa.",
    )
    normalised = model_text(document)
    for outlet in ("antara", "kompas", "liputan6", "detikcom", "tribun", ".com"):
        assert outlet not in normalised
    assert "satgas tppo menggagalkan pengiriman" in normalised
    assert normalised == normalised.lower()


def test_ordinary_words_that_are_also_outlet_names_survive() -> None:
    # "antara" (between), "detik" (second), "tempo", "suara" are Indonesian words
    normalised = model_text("Jarak antara dua desa ditempuh dalam hitungan detik, suara warga.")
    assert "antara dua desa" in normalised
    assert "detik" in normalised
    assert "suara warga" in normalised


def test_empty_and_boilerplate_only_inputs() -> None:
    assert clean_text("") == ""
    assert model_text("ADVERTISEMENT\nBaca juga: x\n---") == ""


def test_strict_regex_is_the_keyword_baseline() -> None:
    assert STRICT_TPPO.search("kasus tindak pidana perdagangan orang")
    assert STRICT_TPPO.search("Satgas TPPO")
    assert STRICT_TPPO.search("fenomena kawin kontrak di Puncak")
    assert not STRICT_TPPO.search("dinas perdagangan menggelar operasi pasar")
    assert not STRICT_TPPO.search("calon pekerja migran ilegal")  # migrant, not strict


def test_any_term_covers_migrant_terms_but_not_bare_pmi() -> None:
    assert ANY_TPPO_TERM.search("calon PMI ilegal diamankan")
    assert ANY_TPPO_TERM.search("BP2MI memulangkan jenazah")
    assert not ANY_TPPO_TERM.search("PMI menggelar donor darah")  # Palang Merah Indonesia


def test_modus_cues_count_repeated_mentions() -> None:
    counts = modus_cue_counts("Sindikat jual beli ginjal. Ginjal korban dijual ke luar negeri.")
    assert counts["organ_trade"] == 2
    assert "contract_marriage" not in counts
    assert modus_cue_counts("Harga cabai naik.") == {}


def test_model_document_is_the_normalised_title_line_then_the_whole_document() -> None:
    document = join_title_text("Polda  Kalbar Gagalkan\nPengiriman PMI", "Pontianak (ANTARA) - Isi berita.")
    assert document.split("\n")[0] == "Polda Kalbar Gagalkan Pengiriman PMI"
    assert model_document(document) == (
        "polda kalbar gagalkan pengiriman pmi\n"
        "polda kalbar gagalkan pengiriman pmi isi berita."
    )
    # no title: an empty first line, so the lead paragraph is never taken for a title
    assert join_title_text("", "Isi berita.\nParagraf dua.").startswith("\nIsi berita.")
    assert model_document(join_title_text("", "Isi berita.")) == "\nisi berita."


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # a bare label line: the linked headline follows on its own line
        (f"{BODY}\nBaca juga:\nSatgas TPPO Tetapkan 714 Tersangka\nKorban dipulangkan.",
         f"{BODY}\nKorban dipulangkan."),
        # ... but a paragraph after a bare label is the story's own text
        (f"{BODY}\nBaca Juga\nKorban dipulangkan ke daerah asal.", f"{BODY}\nKorban dipulangkan ke daerah asal."),
        # a link glued into a paragraph: its title-case headline goes, the sentence stays
        ("Polisi bergerak.Baca Juga: AS Larang Impor dari Armada China Dengan semakin banyak korban.",
         "Polisi bergerak. semakin banyak korban."),
        ("Kata dia. (Baca juga: Kawin Kontrak di Puncak) Korban dipulangkan.",
         "Kata dia. Korban dipulangkan."),
        ("Para pembaca membaca berita ini.", "Para pembaca membaca berita ini."),
    ],
)
def test_related_story_links_are_dropped(text: str, kept: str) -> None:
    assert clean_text(text) == kept


PLACES = ("kupang", "ntt", "timor tengah selatan", "timor tengah utara", "jakarta selatan")


def test_region_names_are_masked_as_whole_words_longest_first() -> None:
    text = "warga timor tengah selatan dibawa dari kupang, ntt ke malaysia; kupangan tetap."
    assert mask_places(text, PLACES) == "warga dibawa dari , ke malaysia; kupangan tetap."
    # a shorter name inside a longer one is not left behind
    assert mask_places("asal jakarta selatan", ("jakarta", "jakarta selatan")) == "asal"
    assert mask_places("timor leste", PLACES) == "timor leste"  # only the full name
    # a longer name that ends inside a word leaves the shorter one to match
    assert mask_places("gubernur dki jakartapramono", ("dki", "dki jakarta")) == (
        "gubernur jakartapramono")
    # a name is not assembled across punctuation ("tanah, laut" is two words of a list)
    assert mask_places("manusia, tanah, laut, dan budaya", ("tanah laut",)) == (
        "manusia, tanah, laut, dan budaya")
    assert mask_places(text, ()) == text and mask_places("", PLACES) == ""


def test_model_document_masks_title_and_body_alike() -> None:
    document = join_title_text("Polda NTT tangkap calo", "Kupang (ANTARA) - Calo asal Kupang ditangkap.")
    title, body = model_document(document, PLACES).split("\n")
    assert title == "polda tangkap calo"
    assert "kupang" not in body and "ntt" not in body and "calo asal ditangkap." in body
