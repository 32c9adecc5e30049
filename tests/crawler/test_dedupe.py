"""SimHash near-duplicate detection for syndicated copies."""

from __future__ import annotations

from crawler.dedupe import FingerprintIndex, hamming, simhash

STORY = (
    "Pontianak (ANTARA) - Kepolisian Resor Sanggau menggagalkan pengiriman sebelas calon "
    "pekerja migran non-prosedural ke Malaysia melalui Pos Lintas Batas Negara Entikong. "
    "Para korban dijanjikan pekerjaan di perkebunan sawit dengan gaji besar oleh seorang calo "
    "yang kini ditetapkan sebagai tersangka. Polisi masih mendalami jaringan perekrut yang "
    "beroperasi di sejumlah kecamatan di Kabupaten Sanggau dan Kabupaten Sekadau. "
)


def test_small_edits_stay_close_and_other_stories_are_far():
    copy = STORY.replace("Pontianak (ANTARA) -", "SANGGAU, KOMPAS.com -").replace(
        "sebelas", "11")
    other = ("Banjir merendam ratusan rumah di Kabupaten Sintang setelah hujan deras "
             "mengguyur sejak Senin malam, dan warga mengungsi ke gedung sekolah terdekat. ") * 2
    assert hamming(simhash(STORY * 2), simhash(copy * 2)) <= 6
    assert hamming(simhash(STORY), simhash(other)) > 12


def test_index_finds_the_nearest_copy_only():
    index = FingerprintIndex(max_distance=6)
    index.add(simhash(STORY * 2), "original")
    assert index.nearest(simhash((STORY + "Kasus ini ditangani Unit PPA.") * 2)) == "original"
    assert index.nearest(simhash("Harga beras naik di pasar Kupang pekan ini. " * 10)) is None


def test_simhash_handles_tiny_and_empty_text():
    assert isinstance(simhash(""), int)
    assert simhash("satu") == simhash("satu")
