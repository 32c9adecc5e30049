# ruff: noqa: E501 - long literal data (JS, copy, outlet lists) reads better unwrapped
"""The six outlets of the offline site: path prefix, layout family and the chrome around articles.

All outlets live under path prefixes of one server because the crawler is confined to the host
127.0.0.1; the layout family decides which templates (and so which markup) an outlet gets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newssite.content import OUTLET_PREFIXES

FAMILIES = ("antara", "kompas", "detik", "tribun", "wordpress")


@dataclass(frozen=True)
class Outlet:
    key: str  # as in the article JSON: antara_kalbar
    prefix: str  # URL path prefix: antara-kalbar
    family: str  # template family: antara | kompas | detik | tribun | wordpress
    name: str  # short brand shown in the header and og:site_name
    site_title: str  # <title> suffix
    description: str
    home_city: str
    province: str
    default_zone: str
    color: str
    # main navigation: (label, [sub-items]); labels become /<prefix>/kanal/<slug> pages
    nav: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # towns that filler headlines in sidebars and tickers talk about
    places: tuple[str, ...] = ()
    # sibling brands in the top bar (label, absolute URL on the real network)
    network: tuple[tuple[str, str], ...] = ()
    socials: tuple[tuple[str, str], ...] = ()
    footer_pages: tuple[str, ...] = field(
        default=(
            "Tentang Kami", "Redaksi", "Pedoman Media Siber", "Kode Etik Jurnalistik",
            "Kebijakan Privasi", "Disclaimer", "Info Iklan", "Karir", "Kontak", "Peta Situs",
        )
    )  # fmt: skip


_KALBAR = (
    "Pontianak", "Kubu Raya", "Mempawah", "Singkawang", "Sambas", "Bengkayang", "Landak",
    "Sanggau", "Sekadau", "Sintang", "Melawi", "Kapuas Hulu", "Ketapang", "Kayong Utara",
)  # fmt: skip
_NTT = (
    "Kota Kupang", "Kabupaten Kupang", "Timor Tengah Selatan", "Timor Tengah Utara", "Belu",
    "Malaka", "Alor", "Lembata", "Flores Timur", "Sikka", "Ende", "Nagekeo", "Ngada",
    "Manggarai", "Manggarai Timur", "Manggarai Barat", "Sumba Barat", "Sumba Timur",
    "Sumba Tengah", "Sumba Barat Daya", "Rote Ndao", "Sabu Raijua",
)  # fmt: skip
_KEPRI = ("Batam", "Tanjungpinang", "Bintan", "Karimun", "Lingga", "Natuna", "Anambas")
_KALTARA = (
    "Nunukan",
    "Sebatik",
    "Krayan",
    "Tarakan",
    "Tanjung Selor",
    "Malinau",
    "Tana Tidung",
)
_CITIES = (
    "Medan", "Padang", "Pekanbaru", "Palembang", "Bandar Lampung", "Bandung", "Semarang", "Solo",
    "Yogyakarta", "Surabaya", "Malang", "Denpasar", "Mataram", "Kupang", "Pontianak", "Banjarmasin",
    "Samarinda", "Makassar", "Manado", "Ambon", "Jayapura", "Bogor", "Bekasi", "Tangerang",
)  # fmt: skip

_ANTARA_NETWORK = tuple(
    (f"ANTARA {name}", f"https://{host}.antaranews.com/")
    for name, host in (
        ("Aceh", "aceh"), ("Sumut", "sumut"), ("Sumbar", "sumbar"), ("Riau", "riau"),
        ("Kepri", "kepri"), ("Jambi", "jambi"), ("Bengkulu", "bengkulu"), ("Sumsel", "sumsel"),
        ("Babel", "babel"), ("Lampung", "lampung"), ("Banten", "banten"), ("Jabar", "jabar"),
        ("Jateng", "jateng"), ("Jogja", "jogja"), ("Jatim", "jatim"), ("Bali", "bali"),
        ("NTB", "mataram"), ("NTT", "kupang"), ("Kalbar", "kalbar"), ("Kalteng", "kalteng"),
        ("Kalsel", "kalsel"), ("Kaltim", "kaltim"), ("Sulut", "manado"), ("Sulteng", "sulteng"),
        ("Sulsel", "makassar"), ("Sultra", "sultra"), ("Gorontalo", "gorontalo"),
        ("Sulbar", "sulbar"), ("Maluku", "ambon"), ("Malut", "malut"), ("Papua", "papua"),
        ("Papua Barat", "papuabarat"),
    )
)  # fmt: skip
_SOCIAL = (
    ("Facebook", "https://www.facebook.com/"), ("X", "https://x.com/"),
    ("Instagram", "https://www.instagram.com/"), ("YouTube", "https://www.youtube.com/"),
    ("TikTok", "https://www.tiktok.com/"),
)  # fmt: skip


def _antara_nav(regions: tuple[str, ...], region_label: str) -> tuple:
    return (
        ("Terkini", ()),
        (region_label, regions),
        ("Hukum", ("Kriminal", "Peradilan", "Narkoba", "Korupsi")),
        ("Ekonomi", ("Bisnis", "Perbankan", "Perkebunan", "Perikanan", "UMKM")),
        ("Politik", ("Pemilu", "Pilkada", "DPRD", "Pemerintahan")),
        ("Perbatasan", ("Entikong", "Aruk", "Jagoi Babang", "Badau", "Motaain")),
        ("Pendidikan", ("Kampus", "Sekolah", "Beasiswa")),
        ("Kesehatan", ("Stunting", "Layanan Kesehatan", "Gizi")),
        ("Sosial Budaya", ("Adat", "Pariwisata", "Seni")),
        ("Lingkungan", ("Karhutla", "Banjir", "Konservasi")),
        ("Olahraga", ("Sepak Bola", "Bulu Tangkis", "PON", "Olahraga Lainnya")),
        ("Nasional", ()),
        ("Dunia", ()),
        ("Foto", ()),
        ("Video", ()),
        ("Infografik", ()),
        ("Rilis Pers", ()),
    )


OUTLETS: dict[str, Outlet] = {
    "antara_kalbar": Outlet(
        places=_KALBAR,
        key="antara_kalbar", prefix="antara-kalbar", family="antara",
        name="ANTARA Kalbar", site_title="ANTARA News Kalimantan Barat",
        description="Berita terkini Kalimantan Barat dari Kantor Berita ANTARA",
        home_city="Pontianak", province="Kalimantan Barat", default_zone="WIB", color="#d71920",
        nav=_antara_nav(_KALBAR, "Kalbar"), network=_ANTARA_NETWORK, socials=_SOCIAL,
    ),
    "antara_ntt": Outlet(
        places=_NTT,
        key="antara_ntt", prefix="antara-ntt", family="antara",
        name="ANTARA NTT", site_title="ANTARA News Kupang - Nusa Tenggara Timur",
        description="Berita terkini Nusa Tenggara Timur dari Kantor Berita ANTARA",
        home_city="Kupang", province="Nusa Tenggara Timur", default_zone="WITA",
        color="#d71920", nav=_antara_nav(_NTT, "NTT"), network=_ANTARA_NETWORK,
        socials=_SOCIAL,
    ),
    "kompas_regional": Outlet(
        places=_CITIES,
        key="kompas_regional", prefix="kompas-regional", family="kompas",
        name="KOMPAS.com Regional", site_title="Kompas.com Regional",
        description="Berita daerah terkini dari seluruh Indonesia",
        home_city="Jakarta", province="DKI Jakarta", default_zone="WIB", color="#0f4d8a",
        nav=(
            ("News", ("Nasional", "Megapolitan", "Global", "Surat Pembaca", "Cek Fakta",
                      "Konsultasi Hukum", "Indeks")),
            ("Regional", ("Sumatera", "Jawa Barat", "Jawa Tengah", "Jawa Timur", "Yogyakarta",
                          "Bali Nusra", "Kalimantan", "Sulawesi", "Maluku Papua")),
            ("Tren", ()), ("Video", ()), ("Lestari", ("Sustainability", "Energi", "Iklim")),
            ("Health", ("Penyakit", "Gizi", "Kesehatan Mental")),
            ("Money", ("Whats New", "Work Smart", "Earn Smart", "Spend Smart", "Smartpreneur")),
            ("Bola", ("Timnas Indonesia", "Liga Indonesia", "Liga Inggris", "Liga Italia",
                      "Liga Champions", "Badminton", "MotoGP")),
            ("Tekno", ("Gadget", "Internet", "Apps & OS")),
            ("Otomotif", ("Mobil", "Motor", "Niaga")),
            ("Edukasi", ("Sekolah", "Perguruan Tinggi", "Beasiswa", "Literasi")),
            ("Properti", ()), ("Travel", ()), ("Food", ()), ("Lifestyle", ()),
            ("Hype", ()), ("Kolom", ()), ("Sains", ()), ("Jeo", ()),
        ),
        network=(
            ("Kompas.id", "https://www.kompas.id/"), ("Kompas TV", "https://www.kompas.tv/"),
            ("Tribunnews", "https://www.tribunnews.com/"), ("Grid", "https://www.grid.id/"),
            ("Gramedia", "https://www.gramedia.com/"), ("Kontan", "https://www.kontan.co.id/"),
            ("KompasKarier", "https://www.kompaskarier.com/"),
            ("Kompasiana", "https://www.kompasiana.com/"),
        ),
        socials=_SOCIAL,
    ),
    "detik_news": Outlet(
        places=_CITIES,
        key="detik_news", prefix="detik-news", family="detik",
        name="detikNews", site_title="detikNews",
        description="Berita terbaru hari ini, informasi terkini dari Indonesia dan dunia",
        home_city="Jakarta", province="DKI Jakarta", default_zone="WIB", color="#0c5baa",
        nav=(
            ("Berita", ()), ("Jawa Tengah", ()), ("Jawa Timur", ()), ("Jawa Barat", ()),
            ("Sumut", ()), ("Sulsel", ()), ("Bali", ()), ("Hukum", ("Kriminal", "Peradilan")),
            ("Internasional", ()), ("Kolom", ()), ("Pro Kontra", ()), ("Infografis", ()),
            ("Foto News", ()), ("Blak-blakan", ()), ("Crime Story", ()), ("Intermeso", ()),
            ("Jabodetabek", ()), ("Pemilu", ()), ("Investigasi", ()), ("Detik Pagi", ()),
        ),
        network=tuple(
            (label, f"https://{host}.detik.com/")
            for label, host in (
                ("detikNews", "news"), ("detikFinance", "finance"), ("detikHot", "hot"),
                ("detikInet", "inet"), ("detikSport", "sport"), ("detikOto", "oto"),
                ("detikTravel", "travel"), ("detikFood", "food"), ("detikHealth", "health"),
                ("Wolipop", "wolipop"), ("detikEdu", "edu"), ("detikHikmah", "hikmah"),
                ("detikProperti", "properti"), ("detikJateng", "jateng"),
                ("detikJatim", "jatim"), ("detikJabar", "jabar"), ("detikSumut", "sumut"),
                ("detikSulsel", "sulsel"), ("detikBali", "bali"), ("detikSumbagsel", "sumbagsel"),
            )
        ),
        socials=_SOCIAL,
    ),
    "tribun_batam": Outlet(
        places=_KEPRI + ("Batam Center", "Nagoya", "Batu Aji", "Sekupang", "Bengkong", "Sagulung"),
        key="tribun_batam", prefix="tribun-batam", family="tribun",
        name="TribunBatam.id", site_title="Tribunbatam.id",
        description="Berita Batam dan Kepulauan Riau terkini hari ini",
        home_city="Batam", province="Kepulauan Riau", default_zone="WIB", color="#1f57a5",
        nav=(
            ("Home", ()), ("Batam", ("Batam Center", "Nagoya", "Batu Aji", "Sekupang",
                                     "Bengkong", "Sagulung")),
            ("Kepri", _KEPRI), ("Regional", ()), ("Nasional", ()), ("Internasional", ()),
            ("Bisnis", ()), ("Seleb", ()), ("Sport", ()), ("Lifestyle", ()), ("Kesehatan", ()),
            ("Techno", ()), ("Otomotif", ()), ("Travel", ()), ("Video", ()), ("Foto", ()),
            ("Mata Lokal Memilih", ()), ("Topik Pilihan", ()),
        ),
        network=tuple(
            (f"Tribun{name}", f"https://{host}.tribunnews.com/")
            for name, host in (
                ("Aceh", "aceh"), ("Medan", "medan"), ("Padang", "padang"), ("Pekanbaru", "pekanbaru"),
                ("Batam", "batam"), ("Jambi", "jambi"), ("Sumsel", "sumsel"),
                ("Lampung", "lampung"), ("Banten", "banten"), ("Jakarta", "jakarta"),
                ("Jabar", "jabar"), ("Jateng", "jateng"), ("Jogja", "jogja"), ("Jatim", "jatim"),
                ("Bali", "bali"), ("Lombok", "lombok"), ("Flores", "flores"),
                ("Pontianak", "pontianak"), ("Kaltim", "kaltim"), ("Kaltara", "kaltara"),
                ("Manado", "manado"), ("Makassar", "makassar"), ("Ambon", "ambon"),
                ("Papua", "papua"),
            )
        ),  # fmt: skip
        socials=_SOCIAL,
    ),
    "warta_perbatasan": Outlet(
        places=_KALTARA + ("Lumbis", "Sebuku", "Sembakung"),
        key="warta_perbatasan", prefix="warta-perbatasan", family="wordpress",
        name="Warta Perbatasan", site_title="Warta Perbatasan",
        description="Kabar dari beranda negeri: Nunukan, Sebatik, Krayan dan Kalimantan Utara",
        home_city="Nunukan", province="Kalimantan Utara", default_zone="WITA", color="#0b7a3e",
        nav=(
            ("Beranda", ()), ("Nunukan", ("Sebatik", "Krayan", "Lumbis", "Sebuku", "Sembakung")),
            ("Kaltara", _KALTARA), ("Hukum & Kriminal", ()), ("Perbatasan", ()),
            ("Ekonomi", ()), ("Pemerintahan", ()), ("Pendidikan", ()), ("Kesehatan", ()),
            ("Opini", ()), ("Olahraga", ()), ("Advertorial", ()),
        ),
        network=(), socials=_SOCIAL,
    ),
}  # fmt: skip

BY_PREFIX: dict[str, Outlet] = {o.prefix: o for o in OUTLETS.values()}
assert {o.prefix for o in OUTLETS.values()} == set(OUTLET_PREFIXES.values())
