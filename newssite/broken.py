# ruff: noqa: E501 - long literal data (JS, copy, outlet lists) reads better unwrapped
"""Pages that misbehave on purpose, so a crawl of the offline site meets what the web serves.

Each path is linked from its outlet's indeks page 1 (the "Pilihan Redaksi" box), its RSS feed
and, for article-like paths, its sitemap, so a crawl meets them whatever it discovers from.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from newssite.content import SiteArticle

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))

TRUNCATED = "/antara-kalbar/berita/3900101/pelabuhan-dwikora-tambah-jadwal-kapal-cepat-ke-ketapang"
GALLERY = (
    "/antara-kalbar/foto/3900109/galeri-festival-meriam-karbit-di-tepian-sungai-kapuas"
)
SERVER_ERROR = "/antara-ntt/berita/3900106/pemprov-ntt-siapkan-lumbung-pangan-desa"
LATIN1_DECLARED = (
    "/kompas-regional/read/2024/05/21/3900102/festival-tenun-ikat-ramaikan-kota-kupang"
)
CP1252_BYTES = (
    "/detik-news/berita/d-3900103/warga-perbatasan-keluhkan-harga-elpiji-melonjak"
)
LOOP_A = "/detik-news/berita/d-3900107/jadwal-baru-kapal-perintis-ke-pulau-terluar"
LOOP_B = "/detik-news/berita/d-3900108/jadwal-kapal-perintis-ke-pulau-terluar"
EMPTY_BODY = (
    "/tribun-batam/2024/06/03/kapal-feri-batam-singapura-tambah-jadwal-keberangkatan"
)
NOT_FOUND = "/warta-perbatasan/2024/02/berita-ini-sudah-dihapus-redaksi/"
HUGE = "/warta-perbatasan/2024/01/ratusan-warga-sebatik-tanggapi-rencana-jalan-paralel-perbatasan/"

HUGE_MIN_BYTES = 12 * 1024 * 1024

# path -> what the server does there (the first word is a stable kind code)
BROKEN_PAGES: dict[str, str] = {
    TRUNCATED: "truncated: 200 text/html, the article HTML is cut mid-tag inside the body "
    "(no </html>); Content-Length matches the bytes sent",
    GALLERY: "not_article: 200, a photo gallery page (captions only, no article body)",
    SERVER_ERROR: "server_error: always 500 Internal Server Error",
    LATIN1_DECLARED: "charset_mislabelled_latin1: 200, header and <meta> declare "
    "charset=iso-8859-1 but the bytes are UTF-8 (curly quotes, en dashes, accents)",
    CP1252_BYTES: "charset_mislabelled_cp1252: 200, header and <meta> declare charset=utf-8 "
    "but the bytes are windows-1252 (invalid UTF-8)",
    LOOP_A: f"redirect_loop: 302 to {LOOP_B}",
    LOOP_B: f"redirect_loop: 302 to {LOOP_A}",
    EMPTY_BODY: "empty_body: 200, a full Tribun article page whose body container has no text",
    NOT_FOUND: "not_found: 404 with a themed 'halaman tidak ditemukan' page",
    HUGE: f"huge: 200, a WordPress article with a giant comments section, more than "
    f"{HUGE_MIN_BYTES} bytes, generated on the fly",
}

# disallowed by /robots.txt but linked from pages: a polite crawl never requests them
ADMIN_TRAP = "/detik-news/admin/preview/d-3900110"
SEARCH_TRAP = "/search?q=perdagangan+orang"

# outlet prefix -> broken paths linked from its indeks page 1, its RSS feed and (the paths in
# IN_SITEMAP) its sitemap
LINKED_FROM: dict[str, list[str]] = {
    "antara-kalbar": [TRUNCATED, GALLERY],
    "antara-ntt": [SERVER_ERROR],
    "kompas-regional": [LATIN1_DECLARED],
    "detik-news": [CP1252_BYTES, LOOP_A],
    "tribun-batam": [EMPTY_BODY],
    "warta-perbatasan": [NOT_FOUND, HUGE],
}
IN_SITEMAP = {
    TRUNCATED,
    SERVER_ERROR,
    LATIN1_DECLARED,
    CP1252_BYTES,
    LOOP_A,
    EMPTY_BODY,
    HUGE,
}
LISTING_TITLES: dict[str, str] = {
    TRUNCATED: "Pelabuhan Dwikora tambah jadwal kapal cepat ke Ketapang",
    GALLERY: "FOTO: Festival meriam karbit di tepian Sungai Kapuas",
    SERVER_ERROR: "Pemprov NTT siapkan lumbung pangan desa",
    LATIN1_DECLARED: "Festival Tenun Ikat Ramaikan Kota Kupang",
    CP1252_BYTES: "Warga Perbatasan Keluhkan Harga Elpiji Melonjak",
    LOOP_A: "Jadwal Baru Kapal Perintis ke Pulau Terluar",
    EMPTY_BODY: "Kapal Feri Batam-Singapura Tambah Jadwal Keberangkatan",
    NOT_FOUND: "Berita ini sudah dihapus redaksi",
    HUGE: "Ratusan warga Sebatik tanggapi rencana jalan paralel perbatasan",
}
PUBLISHED: dict[str, datetime] = {
    TRUNCATED: datetime(2024, 4, 2, 9, 15, tzinfo=WIB),
    GALLERY: datetime(2024, 8, 30, 17, 40, tzinfo=WIB),
    SERVER_ERROR: datetime(2024, 7, 8, 11, 5, tzinfo=WITA),
    LATIN1_DECLARED: datetime(2024, 5, 21, 10, 30, tzinfo=WIB),
    CP1252_BYTES: datetime(2024, 3, 11, 13, 45, tzinfo=WIB),
    LOOP_A: datetime(2024, 9, 2, 8, 0, tzinfo=WIB),
    EMPTY_BODY: datetime(2024, 6, 3, 16, 20, tzinfo=WIB),
    NOT_FOUND: datetime(2024, 2, 14, 7, 30, tzinfo=WITA),
    HUGE: datetime(2024, 1, 22, 19, 10, tzinfo=WITA),
}


def _synthetic(
    path: str,
    outlet: str,
    dateline: str,
    paragraphs: list[str],
    caption: str | None = None,
) -> SiteArticle:
    return SiteArticle(
        id="broken-" + path.strip("/").replace("/", "-")[:60].strip("-"),
        outlet=outlet,
        section="daerah",
        title=LISTING_TITLES[path],
        published=PUBLISHED[path],
        dateline=dateline,
        author="Tim Redaksi",
        editor="Redaktur Piket",
        caption=caption,
        paragraphs=paragraphs,
        tags=["daerah"],
        related=[],
        syndicated_from=None,
        label={"tppo": False, "kind": None, "modus": [], "locations": [], "counts": {}},
    )


# The stand-in stories below are written for the fixture; they are not ground truth and are not
# returned by load_articles().
SYNTHETIC: dict[str, SiteArticle] = {
    TRUNCATED: _synthetic(
        TRUNCATED,
        "antara_kalbar",
        "Pontianak",
        [
            "Pengelola Pelabuhan Dwikora menambah dua jadwal kapal cepat tujuan Ketapang setiap "
            "pekan mulai bulan ini untuk melayani lonjakan penumpang menjelang libur sekolah.",
            "Kepala cabang pelabuhan mengatakan tambahan jadwal berangkat pada Selasa dan Kamis "
            "pagi, dengan kapasitas sekitar dua ratus penumpang untuk sekali pelayaran.",
            "Penumpang diimbau membeli tiket melalui loket resmi atau aplikasi agar tidak "
            "tertipu calo yang menawarkan harga lebih mahal di sekitar dermaga.",
            "Petugas juga menyiagakan pos kesehatan dan ruang tunggu tambahan selama masa "
            "angkutan libur sekolah yang berlangsung hingga akhir bulan depan.",
        ],
    ),  # fmt: skip
    LATIN1_DECLARED: _synthetic(
        LATIN1_DECLARED,
        "kompas_regional",
        "Kupang",
        [
            "Festival Tenun Ikat digelar di halaman kantor gubernur selama tiga hari dengan "
            "menghadirkan 120 penenun dari 22 kabupaten — mulai dari Sumba hingga Alor.",
            "“Kami ingin tenun ikat dikenal sebagai karya seni, bukan sekadar kain,” kata ketua "
            "panitia, Maria Ndoen, saat membuka pameran pada Selasa pagi.",
            "Harga selembar kain berkisar Rp 350.000 – Rp 5 juta, tergantung motif, pewarna "
            "alami dan lama pengerjaan yang bisa mencapai ½ tahun.",
            "Pengunjung juga bisa mencicipi kopi Bajawa dan jagung bosé di stan kuliner yang "
            "dibuka hingga pukul 22.00 WITA setiap malam.",
        ],
    ),  # fmt: skip
    CP1252_BYTES: _synthetic(
        CP1252_BYTES,
        "detik_news",
        "Nunukan",
        [
            "Warga di sejumlah desa perbatasan mengeluhkan harga elpiji tiga kilogram yang "
            "melonjak hingga Rp 50.000 per tabung dalam dua pekan terakhir.",
            "“Kami terpaksa kembali memakai kayu bakar karena tidak sanggup membeli,” ujar "
            "Yosef, warga setempat, saat ditemui di pangkalan yang kosong.",
            "Pemerintah kecamatan berjanji menambah kuota dari agen resmi – sekitar 560 tabung "
            "per pekan – serta mengawasi pengecer yang menjual di atas harga eceran tertinggi.",
            "Dinas perdagangan menyebut keterlambatan kapal pengangkut akibat cuaca buruk "
            "menjadi penyebab utama kelangkaan di pulau-pulau kecil.",
        ],
    ),  # fmt: skip
    EMPTY_BODY: _synthetic(EMPTY_BODY, "tribun_batam", "Batam", []),
    HUGE: _synthetic(
        HUGE,
        "warta_perbatasan",
        "Sebatik",
        [
            "Rencana pembangunan jalan paralel perbatasan di Pulau Sebatik mendapat tanggapan "
            "beragam dari warga dalam pertemuan di balai desa pada Senin malam.",
            "Sebagian warga berharap jalan itu memperlancar pengangkutan hasil kebun, sementara "
            "yang lain meminta kejelasan ganti rugi lahan yang akan dilalui.",
            "Pemerintah kabupaten menyatakan akan menggelar konsultasi publik lanjutan sebelum "
            "pengukuran lahan dimulai.",
        ],
    ),  # fmt: skip
}
# TRUNCATED still parses: title, date and the first three of its four paragraphs survive, so
# a lenient extractor gets a partial story (a strict crawler rejects it: no closing </html>).
# Pages that are complete, valid stories once decoded right: a crawler that handles the charset
# stores them, and expected_text(SYNTHETIC[path]) is their body.
VALID_STORIES = (LATIN1_DECLARED, CP1252_BYTES)

HUGE_COMMENTS = 19_000  # ~700 bytes each -> about 13 MB, over HUGE_MIN_BYTES

GALLERY_CAPTIONS = [
    "Warga menyalakan meriam karbit di tepian Sungai Kapuas, Pontianak, menjelang Idul Fitri.",
    "Anak-anak menonton dentuman meriam karbit dari dermaga kayu.",
    "Meriam dari batang kayu besar dicat warna-warni oleh kelompok pemuda kampung.",
    "Pengunjung memadati tepian sungai untuk menyaksikan festival pada malam hari.",
    "Petugas pemadam kebakaran bersiaga di sekitar lokasi festival.",
    "Juri menilai bunyi dan hiasan meriam peserta festival.",
    "Perahu wisata membawa pengunjung menyusuri sungai selama festival berlangsung.",
    "Kembang api menutup rangkaian festival meriam karbit tahun ini.",
]
