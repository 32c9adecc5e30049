"""Places in an article: find names, decide which are real locations, resolve codes, give roles.

Rules (issue 4, GUIDELINES.md "locations"):

* A name counts only when capitalised in the text, outside *Baca juga*/related-link lines,
  street names ("Jalan Gajah Mada"), outlet names ("Tribun Batam") and bylines.
* Names that are also ordinary words or person names (``data/needs_cue.txt``: Batu, Malang,
  Serang, Bima, Siak ...) need a place cue before them (di, ke, dari, asal, Kabupaten, Kota ...),
  an appositive region after them (", Jawa Timur"), or a dateline position.
* Kabupaten vs kota of the same name (Bogor, Malang, Bandung ...): an explicit prefix wins
  ("Kota Bogor", "Kab. Malang", "Pemkot", "Bupati"); else an explicit form elsewhere in the
  same article; else a dateline means the kota; else the province both lie in (the
  annotators' policy: "could be Kota or Kabupaten, so coded at province level").
* An appositive qualifier ("Cianjur, Jawa Barat", "Tawau, Malaysia") only disambiguates; it
  is not a separate location. An airport named before its city ("Bandara Supadio
  Pontianak") yields the city only.
* Kecamatan are accepted after "Kecamatan"/"Kec." or when their kabupaten/kota is named in the
  same article; desa only after "Desa"/"Kelurahan" and only with a loaded gazetteer.
* Institution-only mentions ("Polda Jabar", "Kapolda Kalbar", "Pemprov ...") are not
  locations on their own: they name who acted, not where.

Roles come from the cue words before each mention; a place keeps its most informative role
(origin, destination or transit over event over dateline).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from classifier.dates import DAY_NAMES, MONTH_NAMES
from classifier.gazetteer import (
    COUNTRY,
    DESA,
    KABKOTA,
    KECAMATAN,
    PROVINCE,
    Match,
    level_rank,
    norm_key,
)

if TYPE_CHECKING:
    from classifier.gazetteer import Gazetteer, Place

ORIGIN = "origin"
TRANSIT = "transit"
DESTINATION = "destination"
EVENT = "event"
DATELINE = "dateline"
ROLES = (ORIGIN, TRANSIT, DESTINATION, EVENT, DATELINE)
FROM = "from"  # internal: a bare "dari X", origin unless X is a transit hub or abroad
NATIONALITY = "nationality"  # internal: list head that names people's nationality


@dataclass(frozen=True, slots=True)
class Mention:
    code: str
    start: int
    end: int
    role: str | None
    institution: bool = False
    dateline: bool = False


@dataclass(frozen=True, slots=True)
class Location:
    """One place of the article with its role and the span of its first decisive mention."""

    name: str
    code: str
    level: str
    role: str
    lat: float | None
    lon: float | None
    start: int
    end: int


# --------------------------------------------------------------------------- regions to
# skip

_RELATED_LINE = re.compile(
    r"^[ \t]*(?:\(?\s*)?(?:baca(?:\s+juga|\s+selanjutnya|an lainnya)?|berita terkait|"
    r"artikel terkait|"
    r"lihat juga|simak juga|simak(?:\s+video)?|read next|related|tonton juga|"
    r"saksikan juga|"
    r"pewarta|editor|reporter|penulis|laporan wartawan|copyright|foto|sumber|"
    r"ilustrasi)\b[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_GLUED_RELATED = re.compile(r"\b(?:baca|lihat|simak|tonton) juga\s*:", re.IGNORECASE)
_INLINE_RELATED = re.compile(r"\((?:\s*)baca juga[^)]*\)", re.IGNORECASE)
# Photo captions: a line ending in a credit such as "(ANTARA/Nama)", "(Dok. Humas
# Polri)",
# "(Foto: ...)" describes a picture, often of another moment or another group of people.
_CAPTION_LINE = re.compile(
    r"^[^\n]{0,400}\((?:[^()\n]*/[^()\n]*|\s*(?:Foto|FOTO|Dok|DOK|Istimewa|Ilustrasi|"
    r"Sumber)\b[^()\n]*)\)[ \t]*$",
    re.MULTILINE,
)
_STREET = re.compile(
    r"\b(?:Jalan|Jl\.?|Jln\.?|Gang|Gg\.|Jalur|Gedung|Hotel|Universitas|Univ\.|Masjid|"
    r"Gereja|"
    r"Rumah Sakit|RS|RSUD|Restoran|Stasiun|Terminal|Pasar|Mal|Plaza|Apartemen|"
    r"Perumahan|"
    r"Kapal|KM|KMP|KRI|Tol)\s+(?:[A-Z0-9][\w.'’-]*\s?){1,4}"
)
_OUTLET_BEFORE = re.compile(
    r"(?:Tribun|Radar|Suara|Rakyat|Harian|Warta|Info|Kabar|Berita|Metro|Koran|Sinar|"
    r"Detik|"
    r"Pikiran|Tribun-|Sindo|iNews|Okezone|Kompas)\s*$",
    re.IGNORECASE,
)
_OUTLET_AFTER = re.compile(
    r"^\s?(?:Post|Pos|News|Today|Ekspres|Express|Times|TV|Raya\.com|Kini)\b"
)

# --------------------------------------------------------------------------- cue
# lexicon

_PREFIX_KAB = re.compile(
    r"(?:\bKabupaten|\bKab\.?|\bPemkab|\bBupati|\bPemerintah Kabupaten)\s*$", re.I
)
_PREFIX_KOTA = re.compile(
    r"(?:\bKota(?: Administrasi| Adm\.?)?|\bPemkot|\bWali ?[Kk]ota|\bPolresta(?:bes)?|"
    r"\bPemerintah Kota)\s*$"
)
_PREFIX_PROV = re.compile(r"(?:\bProvinsi|\bProv\.)\s*$", re.I)
_PREFIX_KEC = re.compile(r"(?:\bKecamatan|\bKec\.)\s*$", re.I)
_PREFIX_DESA = re.compile(r"(?:\bDesa|\bKelurahan|\bKel\.)\s*$", re.I)
_INSTITUTION = re.compile(
    r"(?:\b(?:Polda|Kapolda|Wakapolda|Polres|Kapolres|Polresta|Polrestabes|Polsek|"
    r"Kapolsek|Pemprov|"
    r"Pemerintah Provinsi|Gubernur|Wagub|Kejati|Kejari|Kajati|Kajari|Kejaksaan Tinggi|"
    r"Kejaksaan Negeri|Pengadilan Negeri|PN|Lapas|Rutan|Kodam|Korem|Kodim|Lantamal|"
    r"Danlantamal|"
    r"Imigrasi|Kanim|BP3MI|BP2MI|UPT BP2MI|LBH|SBMI|MUI|DPRD|Disnaker|Dinsos|"
    r"Dinas\s+[\w ]{0,60}|"
    r"Bandara|Pelabuhan|KBRI|KJRI|Kedubes|Kedutaan Besar(?: RI)?(?: di)?|"
    r"Dubes(?: RI)?(?: untuk)?|"
    r"Duta Besar(?: RI)?(?: untuk)?|Konsulat(?: Jenderal)?(?: RI)?|Polair|Ditpolairud|"
    r"Satpolair|"
    r"Universitas|Unit PPA|Satreskrim|Polairud|Kepolisian Daerah|"
    r"Kepolisian Resor(?:t)?|"
    r"Kepolisian Sektor|Forkopimda\)?|Pemerintah Daerah|Pemda|Kemenag|Kanwil)\s*"
    r"(?:Metro\s+|\((?:\w+)\)\s+)?(?:(?:Kabupaten|Kab\.|Kota|Provinsi)\s+)?)$"
)
_NATIONALITY = re.compile(
    r"(?:\b(?:berbendera|bendera|warga negara|WNA|berkebangsaan|orang|pria|wanita|"
    r"perempuan|"
    r"cowok(?:-cowok)?|turis|wisatawan|Menlu|Menteri Luar Negeri|Presiden|Pemerintah|"
    r"Bahasa|bahasa|kapal|Kapal|media|Youtuber|perusahaan|otoritas|polisi|Kepolisian|"
    r"mata uang|Ringgit|Dolar|dolar|produk|pelanggan|pembeli|penerima|suami|pekerja|"
    r"awak|ABK|"
    r"nelayan|berbahasa|berbatasan(?: langsung)? dengan|"
    r"perbatasan dengan)\s+(?:asal\s+)?)$"
)
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:Bapak|Pak|Bu|Ibu|Sdr\.?|Saudara|bernama|inisial|berinisial)\s+)$"
)
_CUE_ANY = re.compile(
    r"(?:\b(?:di|ke|dari|asal|menuju|tujuan|wilayah|daerah|kawasan|kabupaten|kota|"
    r"provinsi|"
    r"warga|penduduk|perairan|perbatasan|pelabuhan|bandara|sekitar|via|melalui|transit|"
    r"kecamatan|desa|pulau|negara|negeri|luar|antara|dan|hingga|sampai)\s+)$",
    re.I,
)

# Left-context cues (lower-cased, end-anchored) -> role. Checked in this order.
_ROLE_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        ORIGIN,
        re.compile(
            r"(?:\basal|\bberasal(?: dari)?(?: daerah| wilayah| provinsi| kabupaten|"
            r" kota)?|"
            r"\bwarga|\bpenduduk|\bkelahiran|\bdirekrut (?:dari|di)|"
            r"\bdaerah asal(?:nya)?|"
            r"\bkampung halaman(?:nya)?(?: di)?|\bdipulangkan (?:ke|"
            r"kembali ke)(?: daerah asal(?:nya)?)?|"
            r"\bpulang ke|\bkembali ke|"
            r"\bdipulangkan ke kampung halaman(?:nya)?(?: di)?|"
            r"\bmerekrut (?:korban |warga |perempuan )?(?:dari|di)|\bperekrutan di|"
            r"\btinggal di)"
            r"(?:\s+(?:kabupaten|kab\.|kota|provinsi|desa|kecamatan|pulau))?\s*$"
        ),
    ),
    (
        TRANSIT,
        re.compile(
            r"(?:\btransit(?: di| ke)?|\bsinggah di|\bmelalui(?: jalur)?(?: laut|"
            r" darat| udara)?|\bvia|"
            r"\blewat|\bditampung (?:sementara )?di|\bpenampungan(?: sementara)? di|"
            r"\bmelintasi|\bmelewati|\bdiseberangkan (?:dari|lewat|melalui)|"
            r"\bdiselundupkan (?:lewat|melalui|dari)|\bjalur(?: tikus| laut|"
            r" darat)?(?: di)?|"
            r"\btitik (?:transit|keberangkatan) (?:di)?)"
            r"(?:\s+(?:pelabuhan|bandara|perbatasan|perairan|kabupaten|kota|"
            r"pulau)(?:\s+\S+)?)?\s*$"
        ),
    ),
    (
        DESTINATION,
        re.compile(
            r"(?:\bke|\bmenuju|\btujuan|\bnegara tujuan|\bbekerja di|\bbekerja ke|"
            r"\bdipekerjakan di|"
            r"\bdiperkerjakan di|\bditempatkan di|\bterjebak di|\bdisekap di|"
            r"\bdieksploitasi di|"
            r"\bdijual (?:ke|di)|\bdijajakan di|\bterlantar di|\btelantar di|"
            r"\bdi negara|"
            r"\btiba di|\bsampai di|\bberada di|\bmasih di|\bmeninggal di|\btewas di|"
            r"\bdipulangkan dari|\bdideportasi dari|\bdibebaskan dari|\bkabur dari|"
            r"\bdiselamatkan dari|"
            r"\bmelarikan diri dari|\bpulang dari|\brepatriasi dari|"
            r"\bpemulangan(?: \S+){0,3} dari|"
            r"\bdi luar negeri,? (?:yakni|yaitu|seperti)?|\bbekerja sebagai \S+ di)"
            r"(?:\s+(?:negara|negeri|kabupaten|kota|provinsi|wilayah|kawasan|daerah|"
            r"pulau))?\s*$"
        ),
    ),
    (
        EVENT,
        re.compile(
            r"(?:\bdiamankan di|\bditangkap di|\bdibekuk di|\bdiringkus di|"
            r"\bdigerebek di|"
            r"\bditemukan di|\bterjadi di|\bdigelar di|\bdi)"
            r"(?:\s+(?:wilayah|kawasan|daerah|kabupaten|kota|provinsi|kecamatan|desa|"
            r"pulau|sekitar))?\s*$"
        ),
    ),
]
_ONWARDS = re.compile(
    r"[^.\n]{0,45}?\b(?:lalu|kemudian|sebelum|selanjutnya|untuk kemudian|"
    r"dan kemudian)\b\s*(?:\S+\s+){0,3}?"
    r"(?:ke|menuju|diterbangkan|dikirim|diberangkatkan|dibawa|diseberangkan|"
    r"menyeberang|dilanjutkan|"
    r"berangkat|dipindahkan|terbang)\b",
    re.IGNORECASE,
)
_LIST_SEP = re.compile(
    r"\s*(?:\([^()\n]{0,40}\)\s*)?(?:,|,?\s+(?:dan|serta|atau|hingga|"
    r"sampai))\s+(?:\S+\s+orang\s+(?:lainnya\s+)?)?"
    r"(?:(?:di|dari|asal|ke|provinsi|kabupaten|kota)\s+)?",
    re.I,
)
_LIST_SEP_ONLY = re.compile(
    r".*(?:,|\bdan|\bserta|\batau|\bhingga|\bsampai)\s*(?:\S+\s*)?", re.I
)
_FROM = re.compile(
    r"\bdari(?:\s+(?:kabupaten|kota|provinsi|daerah|wilayah|pulau))?\s*$"
)

_DATELINE = re.compile(
    r"^[ \t\"'“]*(?P<head>[^\n]{2,80}?)\s*(?:[-–—]{1,2}|\|)\s+\S",
    re.MULTILINE,
)
_DATELINE_HEAD_OK = re.compile(
    r"\((?:ANTARA|Antara|[A-Z][\w .]+)\)|\b[A-Z]{3,}\b|\.(?:com|co|id|net|news|web)\b|"
    r",",
)

_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_DAYS_MONTHS = frozenset((*DAY_NAMES, *MONTH_NAMES))
_DIRECTIONS = frozenset(
    [
        "utara",
        "selatan",
        "barat",
        "timur",
        "tengah",
        "raya",
        "kota",
        "kabupaten",
        "provinsi",
    ]
)


def _is_title_like(line: str) -> bool:
    words = _TITLE_WORD.findall(line)
    if len(words) < 4:
        return True
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) > 0.6


_STREET_WORDS = tuple(
    w + " "
    for w in [
        "Jalan",
        "Jl.",
        "Jl",
        "Jln.",
        "Jln",
        "Gang",
        "Gg.",
        "Jalur",
        "Gedung",
        "Hotel",
        "Universitas",
        "Univ.",
        "Masjid",
        "Gereja",
        "Rumah",
        "RS",
        "RSUD",
        "Restoran",
        "Stasiun",
        "Terminal",
        "Pasar",
        "Mal",
        "Plaza",
        "Apartemen",
        "Perumahan",
        "Kapal",
        "KM",
        "KMP",
        "KRI",
        "Tol",
    ]
)


def _street_spans(text: str) -> list[tuple[int, int]]:
    # str.find per keyword, then the regex only there: much cheaper than a scan with a
    # 30-way alternation at every word boundary
    out = []
    for word in _STREET_WORDS:
        i = text.find(word)
        while i >= 0:
            if i == 0 or not text[i - 1].isalnum():
                m = _STREET.match(text, i)
                if m:
                    out.append((m.start(), m.end()))
            i = text.find(word, i + 1)
    return out


_RELATED_PREFIXES = (
    "baca",
    "berita terkait",
    "artikel terkait",
    "lihat juga",
    "simak",
    "read next",
    "related",
    "tonton juga",
    "saksikan juga",
    "pewarta",
    "editor",
    "reporter",
    "penulis",
    "laporan wartawan",
    "copyright",
    "foto",
    "sumber",
    "ilustrasi",
)


def _boilerplate_line_spans(text: str, *, captions: bool) -> list[tuple[int, int]]:
    # line by line with str methods: a MULTILINE "^" regex is tried at every offset
    spans = []
    pos = 0
    for line in text.split("\n"):
        head = line.lstrip(" \t(\"'“").lower()
        if head.startswith(_RELATED_PREFIXES) and _RELATED_LINE.match(line):
            spans.append((pos, pos + len(line)))
        elif captions and line.rstrip().endswith(")") and _CAPTION_LINE.match(line):
            spans.append((pos, pos + len(line)))
        elif "juga:" in line.lower():
            # a teaser glued to a paragraph: "... kata dia. Baca juga: 98 PMI ..."
            glued = _GLUED_RELATED.search(line)
            if glued:
                spans.append((pos + glued.start(), pos + len(line)))
        pos += len(line) + 1
    if "aca juga" in text or "ACA JUGA" in text:
        spans += [(m.start(), m.end()) for m in _INLINE_RELATED.finditer(text)]
    return spans


def _blocked_spans(text: str) -> list[tuple[int, int]]:
    spans = _boilerplate_line_spans(text, captions=False)
    spans += _street_spans(text)
    return sorted(spans)


def mask_boilerplate(text: str) -> str:
    """``text`` with related-link, byline and caption lines blanked out (offsets preserved).

    Counts, dates and places must not come from "Baca juga: 98 PMI ..." teasers of other
    stories; blanking keeps every character offset valid for evidence spans.
    """
    spans = _boilerplate_line_spans(text, captions=True)
    if not spans:
        return text
    chars = list(text)
    for s, e in spans:
        for i in range(s, e):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    # spans are few per article; a linear scan is cheaper than bisect bookkeeping
    return any(s <= start and end <= e for s, e in spans)


def find_dateline(text: str) -> tuple[int, int] | None:
    """Span of the dateline head ("Pontianak (ANTARA)", "JAKARTA", "Liputan6.com, Jakarta").

    Only the first 1,500 characters are searched; None when the article has no dateline.
    """
    pos = 0
    for line in text[:1500].split("\n"):
        head_part = line[:95]
        if any(d in head_part for d in (" - ", " – ", " — ", " -- ", " |", "-\u00a0")):
            m = _DATELINE.match(line)
            if m:
                head = m.group("head")
                if (
                    len(head.split()) <= 7
                    and _DATELINE_HEAD_OK.search(head)
                    and not head.strip()
                    .lower()
                    .startswith(("baca", "berita terkait", "editor", "foto"))
                ):
                    return pos + m.start("head"), pos + m.end("head")
        pos += len(line) + 1
    return None


# --------------------------------------------------------------------------- extraction


def _left(text: str, start: int, size: int = 80) -> str:
    piece = text[max(0, start - size) : start]
    cut = max(
        piece.rfind("\n"), piece.rfind(". "), piece.rfind("? "), piece.rfind("! ")
    )
    return piece[cut + 1 :] if cut >= 0 else piece


_ENUMERATION = re.compile(
    r"(?:\s+(?:berbagai|sejumlah|beberapa|banyak|sebagian|aneka)\s+\w+(?:\s+\w+)?)?,?\s*"
    r"(?:antara lain|yakni|yaitu|seperti|di antaranya|diantaranya|mulai dari|meliputi|"
    r"terutama|khususnya)\s*$"
)


def _role_from_left(left_lower: str) -> str | None:
    for role, pattern in _ROLE_CUES:
        if pattern.search(left_lower):
            return role
    if _FROM.search(left_lower):
        return FROM
    # "berasal dari berbagai daerah, antara lain X": the cue sits before the enumeration
    enum = _ENUMERATION.search(left_lower)
    if enum and enum.start() > 0:
        return _role_from_left(left_lower[: enum.start()] + " ")
    return None


def _appositive_after(text: str, end: int) -> str:
    """Text right after a name up to the next comma/sentence end ("" when no comma follows)."""
    m = re.match(r"\s*,\s*([^,.;\n()]{2,40})", text[end : end + 60])
    return m.group(1) if m else ""


class _Article:
    """State for one text: the candidate mentions and the article-level evidence."""

    def __init__(self, text: str, gaz: Gazetteer, title_end: int) -> None:
        self.text = text
        self.gaz = gaz
        self.title_end = title_end
        self.blocked = _blocked_spans(text)
        self.dateline = find_dateline(text)
        self.matches = [
            m for m in gaz.find(text) if not _inside(self.blocked, m.start, m.end)
        ]
        self.lines = self._line_index()

    def _line_index(self) -> list[tuple[int, int, bool]]:
        out = []
        pos = 0
        for line in self.text.split("\n"):
            out.append((pos, pos + len(line), _is_title_like(line)))
            pos += len(line) + 1
        return out

    def line_is_title(self, pos: int) -> bool:
        for s, e, title in self.lines:
            if s <= pos <= e:
                return title
        return False

    def in_dateline(self, m: Match) -> bool:
        return bool(self.dateline and self.dateline[0] <= m.start < self.dateline[1])


def extract_locations(
    text: str, gazetteer: Gazetteer, *, title_end: int = 0
) -> list[Location]:
    """Locations of ``text`` with codes and roles; an empty list when none are found.

    ``title_end`` is the offset where the title (prepended by the caller) ends; the title
    is searched like the body but its Title Case is not mistaken for proper nouns.
    """
    if not text.strip():
        return []
    art = _Article(text, gazetteer, title_end)
    mentions = _mentions(art)
    return _merge(art, mentions)


def _explicit_forms(art: _Article) -> dict[str, str]:
    """Short name -> code for names the article writes with an explicit kab/kota prefix."""
    out: dict[str, str] = {}
    for m in art.matches:
        kabs = [
            c for c in m.surface.codes if (p := art.gaz.get(c)) and p.level == KABKOTA
        ]
        if len(kabs) < 2:
            continue
        left = art.text[max(0, m.start - 30) : m.start]
        want = (
            "kab"
            if _PREFIX_KAB.search(left)
            else "kota"
            if _PREFIX_KOTA.search(left)
            else None
        )
        if want:
            for c in kabs:
                p = art.gaz.get(c)
                if p and (p.subtype or "").startswith(want[:3]):
                    out[norm_key(art.text[m.start : m.end])] = c
    return out


def _mentions(art: _Article) -> list[Mention]:
    text = art.text
    gaz = art.gaz
    explicit = _explicit_forms(art)
    # codes plainly named somewhere (used to resolve kecamatan and cross-province names)
    named_codes: set[str] = set()
    for m in art.matches:
        if (
            len(m.surface.codes) == 1
            and not m.surface.needs_cue
            and text[m.start : m.start + 1].isupper()
        ):
            named_codes.add(m.surface.codes[0])
    named_provinces = {c for c in named_codes if len(c) == 2 and c.isdigit()}
    named_kabs = {c for c in named_codes if len(c) == 5 and c[2] == "."}
    named_provinces |= {c[:2] for c in named_kabs}

    out: list[Mention] = []
    prev_end = -1
    prev_code: str | None = None
    # (end, role) of the last name, coded or not, so "dari Pulau Jawa, Sumatera hingga
    # NTB" gives NTB the role of the list head even when the head is an uncoded island
    list_head: tuple[int, str | None] = (-1, None)
    for m in art.matches:
        surf = m.surface
        if surf.kind == "ignore" or not surf.codes:
            prev_end, prev_code = m.end, None
            if text[m.start : m.start + 1].isupper():
                head_left = _left(text, m.start)
                head_role = (
                    NATIONALITY
                    if _NATIONALITY.search(head_left)
                    else _role_from_left(head_left.lower())
                )
                if (
                    head_role is None
                    and list_head[1]
                    and _LIST_SEP.fullmatch(text[list_head[0] : m.start])
                ):
                    head_role = list_head[1]
                list_head = (m.end, head_role)
            continue
        raw = text[m.start : m.end]
        if not raw[:1].isupper():
            continue
        left = _left(text, m.start)
        left_l = left.lower()
        in_title_line = art.line_is_title(m.start)
        dateline = art.in_dateline(m)
        if _OUTLET_BEFORE.search(left):
            continue  # "Tribun Batam", "RADAR JABAR -": the outlet, not a place
        if _OUTLET_AFTER.match(text[m.end : m.end + 12]):
            continue
        if _PERSON_BEFORE.search(left) or re.match(
            r"\s?\(\d{1,2}\)", text[m.end : m.end + 6]
        ):
            continue
        after = _appositive_after(text, m.end)
        has_prefix = bool(
            _PREFIX_KAB.search(left)
            or _PREFIX_KOTA.search(left)
            or _PREFIX_PROV.search(left)
            or _PREFIX_KEC.search(left)
        )
        if surf.needs_cue and not (
            has_prefix
            or dateline
            or norm_key(raw) in explicit
            or (_CUE_ANY.search(left) or after)
            and _province_fits(gaz, surf.codes, after, named_provinces)
        ):
            continue
        # a capitalised word glued after the name makes it part of a longer proper noun
        if not in_title_line and not has_prefix and not dateline:
            nxt = re.match(r" ([A-Z][\w'’-]*)", text[m.end : m.end + 30])
            if nxt and nxt.group(1).lower() not in _DAYS_MONTHS | _DIRECTIONS:
                follower = [x for x in art.matches if x.start == m.end + 1]
                if not follower:
                    continue
        code = _resolve(art, m, left, explicit, named_kabs, named_provinces, dateline)
        if code is None:
            continue
        place = gaz.get(code)
        if place is None:
            continue
        in_nationality_list = list_head[1] == NATIONALITY and bool(
            _LIST_SEP.fullmatch(text[list_head[0] : m.start])
        )
        if place.level == COUNTRY and (
            _NATIONALITY.search(left) or in_nationality_list
        ):
            list_head = (
                m.end,
                NATIONALITY,
            )  # "pekerja Indonesia dan Tiongkok", "WNA asal A dan B"
            continue
        institution = (
            bool(
                _INSTITUTION.search(left)
                or re.search(r"\([A-Z][A-Za-z0-9]{1,9}\)\s*$", left)
            )
            and not dateline
        )
        # appositive qualifier: "Cianjur, Jawa Barat" / "Tawau, Malaysia" -> not a place
        if prev_code is not None and _is_qualifier(
            text, prev_end, m.start, prev_code, code, gaz
        ):
            prev_end = m.end
            continue
        # airport name followed by its city: keep the city only
        if (
            out
            and out[-1].end <= m.start
            and text[out[-1].start : out[-1].end].lower().startswith("bandara")
            and re.fullmatch(r"[\s,]*", text[out[-1].end : m.start])
        ):
            out.pop()
        role = DATELINE if dateline else _role_from_left(left_l)
        if role in (DESTINATION, EVENT) and _ONWARDS.match(text, m.end, m.end + 90):
            role = TRANSIT  # "dibawa ke Jakarta, lalu diterbangkan ke Batam": a stop on the way
        head_end, head_role = list_head
        if (
            not dateline
            and head_role not in (None, DATELINE, NATIONALITY)
            and _LIST_SEP.fullmatch(text[head_end : m.start])
            and (role in (None, EVENT) or _LIST_SEP_ONLY.fullmatch(left_l[-6:]))
        ):
            role = head_role
        out.append(Mention(code, m.start, m.end, role, institution, dateline))
        list_head = (m.end, role)
        prev_end, prev_code = m.end, code
    out.extend(_desa_mentions(art, named_kabs))
    return out


def _is_qualifier(
    text: str, prev_end: int, start: int, prev: str, code: str, gaz: Gazetteer
) -> bool:
    between = text[prev_end:start]
    if not re.fullmatch(
        r"\s*(?:\([^()\n]{1,30}\)\s*)?,?\s*(?:\(\s*)?(?:(?:Provinsi|Prov\.|Kabupaten|"
        r"Kab\.|Kota)\s+)?",
        between,
    ):
        return False
    pp = gaz.get(prev)
    cp = gaz.get(code)
    if pp is None or cp is None:
        return False
    if cp.level == COUNTRY:
        return pp.level == COUNTRY and pp.code == cp.code
    if pp.level == COUNTRY:
        return False
    if cp.code == pp.code:
        return True  # "Sulawesi Selatan (Sulsel)"
    # the qualifier must contain the previous place (same province, coarser or equal
    # level)
    return (
        level_rank(cp.level) < level_rank(pp.level)
        and (pp.code.startswith(cp.code + ".") or pp.code == cp.code)
    ) or (
        cp.level == KABKOTA
        and pp.level in (KECAMATAN, DESA)
        and pp.code.startswith(cp.code)
    )


def _resolve(
    art: _Article,
    m: Match,
    left: str,
    explicit: dict[str, str],
    named_kabs: set[str],
    named_provinces: set[str],
    dateline: bool,
) -> str | None:
    gaz = art.gaz
    codes = list(m.surface.codes)
    places = [p for c in codes if (p := gaz.get(c)) is not None]
    if not places:
        return None
    if _PREFIX_KEC.search(left[-20:]):
        kec = [p for p in places if p.level == KECAMATAN]
        if kec:
            places = kec
    else:
        top = min(level_rank(p.level) for p in places)
        higher = [p for p in places if level_rank(p.level) == top]
        if top <= level_rank(KABKOTA):
            places = higher
    if len(places) == 1:
        p = places[0]
        if p.level == KECAMATAN and m.surface.kind != "alias":
            return (
                p.code
                if _kecamatan_ok(art, m, left, p, named_kabs, named_provinces)
                else None
            )
        return p.code
    levels = {p.level for p in places}
    if levels == {KABKOTA}:
        if _PREFIX_KAB.search(left[-30:]):
            pick = [p for p in places if p.subtype == "kabupaten"]
        elif _PREFIX_KOTA.search(left[-30:]):
            pick = [p for p in places if p.subtype == "kota"]
        else:
            key = norm_key(art.text[m.start : m.end])
            if key in explicit:
                return explicit[key]
            pick = []
            if dateline:
                pick = [p for p in places if p.subtype == "kota"]
        if len(pick) == 1:
            return pick[0].code
        kab_provinces = {p.province_code for p in places}
        after = _appositive_after(art.text, m.end).lower()
        if len(kab_provinces) > 1:
            hinted = [p for p in places if p.province_code in named_provinces]
            if len(hinted) == 1:
                return hinted[0].code
            return None
        only = next(iter(kab_provinces))
        if only and after and _province_named(gaz, after) not in (None, only):
            return None
        return only
    if levels == {KECAMATAN}:
        ok = [p for p in places if p.parent_code in named_kabs]
        if len(ok) == 1 and _kecamatan_ok(
            art, m, left, ok[0], named_kabs, named_provinces
        ):
            return ok[0].code
        return None
    # province vs city of the same name (Jambi, Bengkulu, Gorontalo): kota only when
    # said
    province_places = [p for p in places if p.level == PROVINCE]
    if province_places:
        if _PREFIX_KOTA.search(left[-30:]) or dateline:
            kota = [p for p in places if p.subtype == "kota"]
            if len(kota) == 1:
                return kota[0].code
        return province_places[0].code
    return None


def _province_fits(
    gaz: Gazetteer, codes: tuple[str, ...], after: str, named_provinces: set[str]
) -> bool:
    """A common-word name is a place only if its province is named too (", Jawa Timur" or elsewhere)."""
    provs = {
        (p.province_code or p.code)
        for c in codes
        if (p := gaz.get(c)) and p.level != COUNTRY
    }
    if not provs:
        return True  # foreign names ("Arab") need only the cue
    if after:
        hinted = _province_named(gaz, after)
        if hinted is not None:
            return hinted in provs
    return bool(provs & named_provinces)


def _province_named(gaz: Gazetteer, text: str) -> str | None:
    for m in gaz.find(text):
        for c in m.surface.codes:
            p = gaz.get(c)
            if p and p.level == PROVINCE:
                return p.code
    return None


_GENERIC_KEC = frozenset(
    [
        "kota",
        "baru",
        "tengah",
        "pusat",
        "utara",
        "selatan",
        "barat",
        "timur",
        "raya",
        "pasar",
        "pantai",
        "bandar",
        "kampung",
        "pulau",
        "gunung",
        "sungai",
        "muara",
        "tanjung",
        "teluk",
        "batu",
        "air",
        "kuala",
        "lubuk",
        "padang",
        "bukit",
        "sawah",
        "rawa",
        "jaya",
        "indah",
        "negara",
        "warga",
    ]
) | _DAYS_MONTHS  # day and month names are never kecamatan mentions


def _kecamatan_ok(
    art: _Article,
    m: Match,
    left: str,
    p: Place,
    named_kabs: set[str],
    named_provinces: set[str],
) -> bool:
    key = norm_key(art.text[m.start : m.end])
    if key in _GENERIC_KEC or len(key) < 4:
        return False
    if _PREFIX_KEC.search(left[-20:]):
        return True
    return (p.parent_code or "") in named_kabs and art.text[m.start : m.end][
        :1
    ].isupper()


_DESA_RE = re.compile(
    r"\b(?:Desa|Kelurahan|Kel\.)\s+((?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*){0,2})"
)


def _desa_mentions(art: _Article, named_kabs: set[str]) -> list[Mention]:
    if not art.gaz.desa_by_name:
        return []
    out = []
    for m in _DESA_RE.finditer(art.text):
        if _inside(art.blocked, m.start(1), m.end(1)):
            continue
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            cand = art.gaz.desa_by_name.get(norm_key(" ".join(words[:n])))
            if not cand:
                continue
            ok = [c for c in cand if c[:5] in named_kabs]
            if len(ok) == 1:
                end = m.start(1) + len(" ".join(words[:n]))
                role = _role_from_left(_left(art.text, m.start()).lower())
                out.append(Mention(ok[0], m.start(1), end, role))
            break
    return out


_ROLE_PRIORITY = {ORIGIN: 0, DESTINATION: 1, TRANSIT: 2, EVENT: 3, DATELINE: 4}


def _merge(art: _Article, mentions: list[Mention]) -> list[Location]:
    gaz = art.gaz
    foreign_dest = any(
        (p := gaz.get(mm.code)) is not None and p.level == COUNTRY for mm in mentions
    )
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mm in mentions:
        p = gaz.get(mm.code)
        if p is None:
            continue
        key = p.kabkota_code or p.code
        groups[key].append(mm)
    located_provinces = {
        key[:2]
        for key, ms in groups.items()
        if len(key) == 5 and not all(m.institution for m in ms)
    }
    locations: list[Location] = []
    for key, ms in groups.items():
        if all(mm.institution for mm in ms):
            continue
        if _level(gaz, ms[0].code) == COUNTRY and all(mm.role == ORIGIN for mm in ms):
            continue  # "pria asal China", "penerima berasal dari India": who, not where
        if (
            len(key) == 2
            and key in located_provinces
            and all(mm.role is None or mm.institution for mm in ms)
        ):
            continue  # "pantai utara Jawa Tengah" next to Tegal: background, not a place of the case
        finest = max(ms, key=lambda mm: level_rank(_level(gaz, mm.code)))
        place = gaz.get(finest.code)
        if place is None:
            continue
        roles: Counter[str] = Counter()
        first_span: dict[str, Mention] = {}
        for mm in ms:
            role = _adjust_role(mm, place, gaz, foreign_dest)
            roles[role] += 1
            first_span.setdefault(role, mm)
        role = min(roles, key=lambda r: (_ROLE_PRIORITY[r], -roles[r]))
        if (
            place.level != COUNTRY
            and {ORIGIN, DESTINATION} <= set(roles)
            and foreign_dest
        ):
            role = ORIGIN
        span = first_span[role]
        locations.append(
            Location(
                name=art.text[span.start : span.end],
                code=place.code,
                level=place.level if place.level != COUNTRY else COUNTRY,
                role=role,
                lat=place.lat,
                lon=place.lon,
                start=span.start,
                end=span.end,
            )
        )
    _route_transit_countries(locations)
    locations.sort(key=lambda loc: loc.start)
    return locations


# Scam compounds in Myanmar/Cambodia/Laos/Philippines are reached through these
# neighbours;
# when both kinds appear, the neighbour is the transit country.
_GATEWAY_COUNTRIES = frozenset({"TH", "MY", "SG", "VN"})
_COMPOUND_COUNTRIES = frozenset({"MM", "KH", "LA", "PH"})


def _route_transit_countries(locations: list[Location]) -> None:
    codes = {loc.code for loc in locations if loc.role == DESTINATION}
    if not (codes & _COMPOUND_COUNTRIES and codes & _GATEWAY_COUNTRIES):
        return
    for i, loc in enumerate(locations):
        if loc.code in _GATEWAY_COUNTRIES and loc.role == DESTINATION:
            locations[i] = Location(
                loc.name,
                loc.code,
                loc.level,
                TRANSIT,
                loc.lat,
                loc.lon,
                loc.start,
                loc.end,
            )


def _level(gaz: Gazetteer, code: str) -> str:
    p = gaz.get(code)
    return p.level if p else COUNTRY


def _adjust_role(mm: Mention, place: Place, gaz: Gazetteer, foreign_dest: bool) -> str:
    role = mm.role
    if mm.dateline:
        return DATELINE
    if place.level == COUNTRY:
        return TRANSIT if role == TRANSIT else DESTINATION

    hub = (place.kabkota_code or place.code) in gaz.transit_hubs
    if role is None or role == EVENT:
        return TRANSIT if (hub and foreign_dest) else EVENT
    if role == FROM:
        departs = (place.kabkota_code or place.code) in gaz.departure_points
        return TRANSIT if ((hub or departs) and foreign_dest) else ORIGIN
    if role == DESTINATION and foreign_dest:
        return TRANSIT
    return role
