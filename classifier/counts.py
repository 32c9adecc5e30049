"""Counts of an article: victims, suspects, cases (+ deaths, passports_cancelled).

A number becomes a count only inside a counting phrase: a cardinal (digits, number words,
"seorang", "belasan"...) directly before a noun of the lexicon ("123 korban", "delapan orang
tersangka", "29 perempuan"), or after such a noun with a verb of quantity ("korban mencapai
234 orang", "tersangka sebanyak 12 orang"). Money ("Rp 1,5 miliar"), phone numbers, years,
ages "(17)", dates, times, article numbers ("Pasal 4") never match because they are not in
such a phrase or are rejected by their neighbours.

GUIDELINES.md: one headline total per kind, of the case the article is about. The title wins,
then the earliest mention in the body; members of a breakdown ("terdiri dari 74 laki-laki,
29 perempuan, dan 20 anak-anak") and subsets ("27 dari 28 WNI") are never totals, and a
breakdown is summed only when no total is stated. Numbers from different sentences are never
added up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from classifier.gazetteer import lower_same_length
from classifier.numbers import APPROX_WORDS, parse_number

EXACT = "exact"
AT_LEAST = "at_least"
APPROX = "approx"

VICTIMS = "victims"
SUSPECTS = "suspects"
CASES = "cases"
DEATHS = "deaths"
PASSPORTS = "passports_cancelled"


@dataclass(frozen=True, slots=True)
class Count:
    value: int
    qualifier: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Cand:
    kind: str
    value: int
    qualifier: str
    start: int
    end: int
    score: float
    component: bool = False
    subset: bool = False
    noun: str = ""


_NUMW = (
    r"(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|"
    r"seratus|seribu|"
    r"belas|puluh|ratus|ribu)"
)
_NUM = (
    rf"(?P<num>belasan|puluhan|ratusan|ribuan|\d{{1,3}}(?:\.\d{{3}})+|\d+|"
    rf"{_NUMW}(?:\s+{_NUMW})*\b|seorang|sebuah)"
)
_QUAL_BEFORE = (
    r"(?P<qual>sedikitnya|setidaknya|setidak-tidaknya|paling sedikit|minimal|"
    r"lebih dari|"
    r"lebih kurang|kurang lebih|sekitar|kira-kira|hampir|mencapai|sebanyak|total|"
    r"berjumlah|"
    r"sejumlah|ada)?\s*"
)
_QUAL_AFTER = r"(?P<more>\s+lebih|-an|an)?"

_VICTIM_NOUN = (
    r"(?:korban|wni|warga negara indonesia|pmi|cpmi|tki|tkw|"
    r"pekerja migran(?: indonesia)?|"
    r"calon (?:pmi|tki|tkw|pekerja migran(?: indonesia)?|pekerja|korban|pengantin)|"
    r"pekerja|"
    r"perempuan|wanita|gadis|remaja|anak(?:-anak)?(?: di bawah umur)?|bayi|balita|"
    r"mahasiswa|"
    r"pelajar|siswa|siswi|bocah|abk|awak kapal(?: perikanan)?|akp|nelayan|"
    r"pengantin(?: pesanan)?|"
    r"buruh|santri|pemuda|emak-emak|ibu-ibu|laki-laki|pria|warga|penumpang|"
    r"orang dewasa|dewasa|orang)"
)
_SUSPECT_NOUN = (
    r"(?:tersangka|pelaku|terdakwa|terpidana|mucikari|muncikari|germo|calo|perekrut|"
    r"penyalur|"
    r"tekong|anggota sindikat|orang pelaku|orang tersangka)"
)
_CASE_NOUN = r"(?:kasus|perkara|laporan polisi|laporan|lp|jaringan)"

_ORANG = r"(?:\s+(?:orang|org|warga|jiwa|ekor))?"
_ADJ = (
    r"(?:\s+(?:orang|warga|perempuan|wanita|anak|di antaranya|di antara mereka|lainnya|"
    r"yang|wni|calon|terduga|diduga|dugaan|indonesia|asal))*"
)

# Number-led patterns are tried only where a number token starts (``_NUM_TOKEN``), and
# the
# qualifier before the number is read from the left context: scanning every word
# boundary
# with these alternations was most of the extraction time.
_FORWARD = re.compile(
    rf"{_NUM}{_QUAL_AFTER}{_ORANG}(?P<adj>{_ADJ})\s+"
    rf"(?P<noun>{_VICTIM_NOUN}|{_SUSPECT_NOUN}|{_CASE_NOUN})\b",
    re.IGNORECASE,
)
_NUM_TOKEN = re.compile(
    r"\b(?:(?<![\d.,])\d|belasan|puluhan|ratusan|ribuan|seorang|sebuah|nol|satu|dua|"
    r"tiga|empat|lima|enam|"
    r"tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu)",
    re.IGNORECASE,
)
_QUAL_LEFT = re.compile(
    r"\b(?P<qual>sedikitnya|setidaknya|setidak-tidaknya|paling sedikit|minimal|"
    r"lebih dari|"
    r"lebih kurang|kurang lebih|sekitar|kira-kira|hampir|mencapai|sebanyak|total|"
    r"berjumlah|"
    r"sejumlah|ada)\s+$",
    re.IGNORECASE,
)
# "korban mencapai 234 orang", "tersangka sebanyak 12 orang", "Korban ada tujuh orang"
_BACKWARD = re.compile(
    rf"\b(?P<noun>korban(?:nya)?|tersangka(?:nya)?|pelaku(?:nya)?|kasus|laporan)\b"
    rf"(?P<gap>[^.\n\d]{{0,80}}?)\b(?P<verb>sebanyak|mencapai|berjumlah|ada|sejumlah|"
    rf"menjadi|"
    rf"jadi|total|tercatat|sudah|yakni|yaitu|"
    rf"adalah)\s+{_QUAL_BEFORE}{_NUM}{_QUAL_AFTER}"
    rf"(?P<unit>\s+(?:orang|org|jiwa|kasus|laporan|tersangka|korban|pelaku))?",
    re.IGNORECASE,
)
# "tersangkanya dua orang", "pelaku dua orang", "korban tujuh orang"
_NOUN_NUM = re.compile(
    rf"\b(?P<noun>korban(?:nya)?|tersangka(?:nya)?|pelaku(?:nya)?)\s+(?P<verb>ada\s+|"
    rf"adalah\s+)?"
    rf"{_NUM}\s+(?:orang|org)\b",
    re.IGNORECASE,
)
_VICTIM_CONTEXT = re.compile(
    r"\b(?:korban(?:nya)?|pmi|cpmi|tki|tkw|pekerja migran|calon|diselamatkan|"
    r"menyelamatkan|dipulangkan|"
    r"wni|dieksploitasi|dijual|menjual|dijanjikan|direkrut|diberangkatkan|dikirim)\b",
    re.IGNORECASE,
)
# "menangkap 12 orang", "menyelamatkan 28 WNI" (the noun may be absent)
_VERB_FRAMES: list[tuple[str, re.Pattern[str]]] = [
    (
        SUSPECTS,
        re.compile(
            rf"\b(?:menangkap|ditangkap|meringkus|diringkus|membekuk|dibekuk|menahan|"
            rf"ditahan|"
            rf"menetapkan|ditetapkan|menjerat|menciduk|diciduk)(?:\s+(?:sebanyak|"
            rf"total|sedikitnya))?"
            rf"\s+{_NUM}{_ORANG}(?!\s+(?:korban|calon|pmi|cpmi|tki|wni|bayi|balita|"
            rf"anak|"
            rf"perempuan|wanita|pekerja|mahasiswa|remaja|gadis))\b",
            re.IGNORECASE,
        ),
    ),
    (
        VICTIMS,
        re.compile(
            rf"\b(?:menyelamatkan|diselamatkan|memulangkan|dipulangkan|membebaskan|"
            rf"dibebaskan|"
            rf"mengevakuasi|dievakuasi|merepatriasi|menggagalkan (?:pengiriman|"
            rf"keberangkatan|"
            rf"pemberangkatan|penyelundupan)(?:\s+sebanyak)?|memberangkatkan|"
            rf"mengirim(?:kan)?|"
            rf"menampung|menjual|mengamankan)\s+{_QUAL_BEFORE}{_NUM}{_ORANG}\b"
            rf"(?!\s+(?:tersangka|pelaku|unit|buah|kendaraan|mobil|kapal|paspor|"
            rf"handphone|ponsel))",
            re.IGNORECASE,
        ),
    ),
]
_DEATHS = [
    re.compile(
        rf"{_NUM}{_ORANG}(?:\s+(?:korban|pmi|wni|abk|tki|penumpang|di antaranya))?\s+"
        rf"(?:meninggal(?: dunia)?|tewas)\b",
        re.IGNORECASE,
    ),
    re.compile(rf"{_NUM}\s+jenazah\b", re.IGNORECASE),
]
_PASSPORTS = [
    re.compile(
        rf"\b(?:pembatalan|membatalkan|dibatalkan|penolakan|menolak|menunda|"
        rf"penundaan)\b"
        rf"[^.\n]{{0,60}}?{_QUAL_BEFORE}{_NUM}{_QUAL_AFTER}\s+paspor\b",
        re.IGNORECASE,
    ),
    re.compile(
        rf"{_NUM}{_QUAL_AFTER}\s+(?:permohonan\s+)?paspor\b[^.\n]{{0,40}}?"
        rf"\b(?:dibatalkan|ditolak|ditunda)\b",
        re.IGNORECASE,
    ),
]


_BREAKDOWN_LEFT = re.compile(
    r"(?:terdiri (?:dari|atas)|yakni|yaitu|meliputi|masing-masing|rinciannya|"
    r"di antaranya|\()\s*$",
    re.IGNORECASE,
)
_SOURCE_LEFT = re.compile(
    r"\b(?:laporan|aduan|pengaduan|keterangan|kesaksian)\s+(?:dari\s+)?(?:\S+\s+)?$"
)
_SOURCE_RIGHT = re.compile(
    r"^\s*(?:yang\s+)?(?:melaporkan|melapor|pelapor|mengadu|mengadukan)"
)
_ROLE_OF_SUSPECT = re.compile(
    r"\b(?:bertugas|berperan)\s+sebagai\b|\bsebagai\s+(?:penampung|perekrut|penyalur|"
    r"calo|penjemput|"
    r"koordinator|tekong|mucikari|muncikari|joki|sopir|pengendali|otak)\b"
)
_LATER_SUSPECTS = re.compile(
    r"\b(?:keduanya|ketiganya|keempatnya|kelimanya|"
    r"mereka)\b[^.\n]{0,60}\b(?:ditetapkan|menjadi|sebagai)\s+"
    r"(?:sebagai\s+)?tersangka\b"
)
_STRONG_AFTER = re.compile(
    r"^\s+(?:\S+\s+)?(?:calon (?:pmi|tki|pekerja migran)|pekerja migran|pmi|cpmi|tki|"
    r"tkw|korban)\b"
)
_DEMOGRAPHIC = re.compile(
    r"^(?:orang dewasa|dewasa|balita|bayi|anak(?:-anak)?|laki-laki|pria|perempuan|"
    r"wanita|remaja)$"
)
_CHAIN = re.compile(r"\s*(?:,|,?\s*dan|,?\s*serta)\s*$", re.IGNORECASE)
_SUBSET_AFTER = re.compile(r"^\s*(?:orang\s+)?dari\s+(?:\d|total|jumlah)", re.I)
_SUBSET_BEFORE = re.compile(
    r"(?:\bsalah satu(?: dari)?|\bdi antaranya|\bdiantaranya|"
    r"\bdari (?:jumlah|total) (?:tersebut|itu|ini),?\s+(?:\w+\s+){0,2})\s*$",
    re.I,
)
_BAD_LEFT = re.compile(
    r"(?:\bRp\.?|\bUS\$|\$|€|\bpasal|\bayat|\buu|\bnomor|\bno\.|\bpukul|\bjam|"
    r"\btanggal|\btahun|"
    r"\busia|\bberusia|\bumur|\bke-|\bkm|\byonif|\bhalaman|\bpage|\bgelombang|"
    r"\bperiode|"
    r"\bsejak|\bselama|\bpada|\bpk|\bnopol|[+/:])\s*$",
    re.IGNORECASE,
)
_BAD_RIGHT = re.compile(
    r"^(?:\s*(?:tahun|thn|th\b|bulan|hari|pekan|minggu|jam|menit|detik|persen|%|juta|"
    r"miliar|"
    r"milyar|triliun|ribu|kali|km|kg|meter|unit|buah|pk\b|lembar|ringgit|rm\b|dolar|"
    r"euro|"
    r"wib|wita|wit)\b|[/:]\d|\.\d{1,2}\b|,\d)",
    re.IGNORECASE,
)
_SUSPECT_CONTEXT = re.compile(
    r"\b(?:menangkap|ditangkap|meringkus|diringkus|membekuk|dibekuk|menahan|ditahan|"
    r"menetapkan|ditetapkan sebagai tersangka|tersangka|pelaku|sindikat|dpo)\b",
    re.IGNORECASE,
)
_DPO = re.compile(
    r"^\s*(?:orang\s+)?(?:lainnya\s+|lagi\s+)?(?:yang\s+)?(?:masih\s+|"
    r"kini\s+)?(?:masuk\s+|menjadi\s+|"
    r"dalam\s+|ditetapkan\s+(?:sebagai\s+)?|berstatus\s+)?(?:dpo|"
    r"daftar pencarian orang|buron)",
    re.I,
)

_NOUN_KIND_CACHE: dict[str, str] = {}

_STRONG_VICTIM = re.compile(
    r"^(?:korban|calon|pmi|cpmi|tki|tkw|wni|pekerja migran|bayi|balita|abk|akp|"
    r"awak kapal|"
    r"pengantin|mahasiswa)",
    re.I,
)


def _caseless(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return re.compile(
        pattern.pattern.lower().replace("(?p<", "(?P<"), pattern.flags & ~re.IGNORECASE
    )


# The case-insensitive patterns run on lower-cased text instead: Python's re is several
# times
# slower with IGNORECASE, and counting is the hot loop of extraction
# (bench/bench_entities.py).
for _name, _value_ in list(globals().items()):
    if isinstance(_value_, re.Pattern) and _value_.flags & re.IGNORECASE:
        globals()[_name] = _caseless(_value_)
_DEATHS = [_caseless(p) for p in _DEATHS]
_PASSPORTS = [_caseless(p) for p in _PASSPORTS]
_VERB_FRAMES = [(k, _caseless(p)) for k, p in _VERB_FRAMES]
_NUM_LED = {id(_DEATHS[0]), id(_DEATHS[1]), id(_PASSPORTS[1])}


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around [start, end), at most 250 characters each side."""
    lo = max(
        text.rfind(". ", max(0, start - 250), start),
        text.rfind("\n", max(0, start - 250), start),
    )
    hi_dot = text.find(". ", end, end + 250)
    hi_nl = text.find("\n", end, end + 250)
    his = [h for h in (hi_dot, hi_nl) if h >= 0]
    return text[
        (lo + 1 if lo >= 0 else max(0, start - 250)) : (min(his) if his else end + 250)
    ]


def _noun_kind(noun: str) -> str:
    key = noun.lower()
    if key in _NOUN_KIND_CACHE:
        return _NOUN_KIND_CACHE[key]
    if re.fullmatch(_SUSPECT_NOUN, key, re.I):
        kind = SUSPECTS
    elif re.fullmatch(_CASE_NOUN, key, re.I):
        kind = CASES
    else:
        kind = VICTIMS
    _NOUN_KIND_CACHE[key] = kind
    return kind


def _value(num: str) -> tuple[int | None, str]:
    low = num.lower()
    if low == "seorang":
        return 1, EXACT
    if low == "sebuah":
        return None, EXACT
    if low in APPROX_WORDS:
        return APPROX_WORDS[low], APPROX
    return parse_number(low), EXACT


def _qualifier(base: str, qual: str | None, more: str | None) -> str:
    q = (qual or "").lower()
    if base == APPROX:
        return APPROX
    if more and more.strip().lower() == "lebih":
        return AT_LEAST
    if more and more.lower() in ("-an", "an"):
        return APPROX
    if q in (
        "sedikitnya",
        "setidaknya",
        "setidak-tidaknya",
        "paling sedikit",
        "minimal",
        "lebih dari",
    ):
        return AT_LEAST
    if q in ("sekitar", "kira-kira", "kurang lebih", "lebih kurang", "hampir"):
        return APPROX
    return EXACT


def _number_ok(text: str, m: re.Match[str]) -> bool:
    left = text[max(0, m.start("num") - 14) : m.start("num")]
    right = text[m.end("num") : m.end("num") + 12]
    if _BAD_LEFT.search(left) or _BAD_RIGHT.match(right):
        return False
    # inside a parenthesised age or a date: "(17)", "9/6/2023", "0812-..."
    if re.search(r"\(\s*$", left) and re.match(r"\s*\)", right):
        return False
    num = m.group("num")
    if num.isdigit() and (
        len(num) >= 5 or (len(num) == 4 and 1900 <= int(num) <= 2100)
    ):
        return False
    return not (num[:1].isdigit() and re.match(r"^-\d", right))


def _candidates(text: str, title_end: int) -> list[_Cand]:
    out: list[_Cand] = []
    n = max(len(text), 1)

    def score(start: int, strong: bool) -> float:
        s = 0.0
        if start < title_end:
            s += 3.0
        elif start - title_end < 700:
            s += 1.5
        s += 1.0 if strong else 0.0
        return s - start / n

    def headline_bonus(qual_word: str | None, noun: str) -> float:
        b = 0.5 if noun.lower().startswith("korban") else 0.0
        q = (qual_word or "").lower()
        if q in ("total", "mencapai", "berjumlah"):
            b += 1.0
        elif q in ("sebanyak", "sedikitnya", "setidaknya"):
            b += 0.5
        return b

    positions = [t.start() for t in _NUM_TOKEN.finditer(text)]

    def left_qual(pos: int) -> str | None:
        q = _QUAL_LEFT.search(text, max(0, pos - 30), pos)
        return q.group("qual") if q else None

    def at_numbers(pattern: re.Pattern[str]) -> list[tuple[re.Match[str], str | None]]:
        found = []
        for pos in positions:
            m = pattern.match(text, pos)
            if m:
                found.append((m, left_qual(pos)))
        return found

    for m, qual_word in at_numbers(_FORWARD):
        if not _number_ok(text, m):
            continue
        value, base = _value(m.group("num"))
        if value is None:
            continue
        noun = m.group("noun")
        kind = _noun_kind(noun)
        adj = (m.group("adj") or "").lower()
        weak_one = m.group("num").lower() == "seorang"
        if weak_one and not re.match(
            r"(?:korban|tersangka|pelaku|calon|pmi|cpmi|tki|tkw|wni|abk|mahasiswa)",
            noun,
            re.I,
        ):
            continue  # "seorang pria/warga/anak" is narrative, not a tally
        if kind == VICTIMS and noun.lower() in ("orang", "warga") and not adj.strip():
            # bare "orang": a person count, whose kind depends on the words around it
            right = text[m.end() : m.end() + 40].lower()
            left_v = text[max(0, m.start() - 25) : m.start()]
            if re.match(
                r"\s*(?:ini\s+|itu\s+)?(?:masuk |menjadi |masuk dalam |dalam )?(?:dpo|"
                r"daftar pencarian)",
                right,
            ):
                continue
            if re.match(
                r"\s*(?:yang\s+)?(?:telah\s+|sudah\s+|juga\s+)?(?:ditetapkan\s+|"
                r"diduga\s+|menjadi\s+|"
                r"dinyatakan\s+|berperan\s+)?(?:sebagai\s+)?(?:tersangka|pelaku|"
                r"penyalur|calo|perekrut|"
                r"mucikari|muncikari|tekong)\b",
                right,
            ) or re.search(
                r"\b(?:menangkap|ditangkap|meringkus|membekuk|menahan)\s*$",
                left_v,
                re.I,
            ):
                kind = SUSPECTS
            elif not _VICTIM_CONTEXT.search(_sentence(text, m.start(), m.end())):
                continue  # "14 orang" with nothing about victims around it
            strong = False
        else:
            strong = (
                kind != VICTIMS
                or bool(_STRONG_VICTIM.match(noun))
                or bool(_STRONG_AFTER.match(text[m.end() : m.end() + 40]))
            )
        if kind == VICTIMS and noun.lower() in (
            "perempuan",
            "wanita",
            "pria",
            "laki-laki",
            "orang",
            "warga",
        ):
            verb_left = text[max(0, m.start() - 40) : m.start()]
            if re.search(
                r"\b(?:menangkap|ditangkap|meringkus|membekuk|menahan)\s*$",
                verb_left,
                re.I,
            ):
                kind = SUSPECTS
        if (
            kind == VICTIMS
            and not strong
            and _ROLE_OF_SUSPECT.search(text, m.end(), m.end() + 90)
        ):
            kind = SUSPECTS  # "2 orang laki-laki berinisial MB yang bertugas sebagai penampung"
        if (
            kind == VICTIMS
            and noun.lower() in ("pria", "laki-laki", "wanita", "perempuan")
            and not _VICTIM_CONTEXT.search(_sentence(text, m.start(), m.end()))
            and not re.search(
                r"terdiri|masing-masing|yakni|yaitu|rinci",
                text[max(0, m.start() - 120) : m.start()],
            )
        ):
            continue  # "video tiga pria satu wanita": people in the story, not a tally of victims
        if (
            kind == VICTIMS
            and not strong
            and _LATER_SUSPECTS.search(text, m.end(), m.end() + 220)
        ):
            kind = SUSPECTS  # "dua orang WNI yang menetap di Jerman ... Keduanya ditetapkan tersangka"
        if kind == CASES and noun.lower() == "jaringan":
            continue
        if kind == SUSPECTS and _DPO.match(text[m.end() : m.end() + 60]):
            continue
        qual = _qualifier(base, qual_word, m.group("more"))
        left = text[max(0, m.start("num") - 40) : m.start("num")]
        component = bool(_BREAKDOWN_LEFT.search(left)) and not qual_word
        subset = bool(_SUBSET_AFTER.match(text[m.end() : m.end() + 20])) or bool(
            _SUBSET_BEFORE.search(left)
        )
        if _SOURCE_LEFT.search(left) or _SOURCE_RIGHT.match(
            text[m.end() : m.end() + 30]
        ):
            strong = False  # "laporan dari empat mahasiswa": who reported, not who was harmed
        out.append(
            _Cand(
                kind,
                value,
                qual,
                m.start("num"),
                m.end(),
                score(m.start(), strong)
                + headline_bonus(qual_word, noun)
                - (1.5 if weak_one else 0.0),
                component,
                subset,
                noun.lower(),
            )
        )
    for m in _BACKWARD.finditer(text):
        if not _number_ok(text, m):
            continue
        value, base = _value(m.group("num"))
        if value is None:
            continue
        noun = m.group("noun").lower()
        kind = (
            SUSPECTS
            if noun.startswith(("tersangka", "pelaku"))
            else CASES
            if noun in ("kasus", "laporan")
            else VICTIMS
        )
        unit = (m.group("unit") or "").strip().lower()
        if kind == CASES and (
            len(m.group("gap")) > 12
            or unit not in ("kasus", "laporan")
            and not re.match(r"\s*(?:[.,;:)\"]|$)", text[m.end() : m.end() + 3])
        ):
            continue
        if unit in ("tersangka", "pelaku"):
            kind = SUSPECTS
        elif unit in ("kasus", "laporan"):
            kind = CASES
        qual = _qualifier(base, m.group("qual") or m.group("verb"), m.group("more"))
        bonus = 0.5 if noun.startswith("korban") else 0.0
        if m.group("verb").lower() in ("berjumlah", "mencapai", "total", "tercatat"):
            bonus += 1.0  # tally verbs state totals
        out.append(
            _Cand(
                kind,
                value,
                qual,
                m.start("num"),
                m.end(),
                score(m.start(), True) + bonus,
            )
        )
    for m in _NOUN_NUM.finditer(text):
        if not _number_ok(text, m):
            continue
        value, base = _value(m.group("num"))
        if value is None:
            continue
        noun = m.group("noun").lower()
        kind = VICTIMS if noun.startswith("korban") else SUSPECTS
        out.append(
            _Cand(kind, value, base, m.start("num"), m.end(), score(m.start(), True))
        )
    for kind, pattern in _VERB_FRAMES:
        for m in pattern.finditer(text):
            if not _number_ok(text, m):
                continue
            if m.group("num").lower() == "seorang":
                continue  # "mengamankan seorang pemilik penampungan": who, not how many
            value, base = _value(m.group("num"))
            if value is None:
                continue
            qual = _qualifier(base, m.groupdict().get("qual"), None)
            out.append(
                _Cand(
                    kind,
                    value,
                    qual,
                    m.start("num"),
                    m.end(),
                    score(m.start(), False) - 0.3,
                )
            )
    for kind, pattern in [(DEATHS, p) for p in _DEATHS] + [
        (PASSPORTS, p) for p in _PASSPORTS
    ]:
        if id(pattern) in _NUM_LED:
            found = at_numbers(pattern)
        else:
            found = [(m, m.groupdict().get("qual")) for m in pattern.finditer(text)]
        for m, qual_word in found:
            if not _number_ok(text, m):
                continue
            value, base = _value(m.group("num"))
            if value is None:
                continue
            qual = _qualifier(base, qual_word, m.groupdict().get("more"))
            out.append(
                _Cand(
                    kind, value, qual, m.start("num"), m.end(), score(m.start(), True)
                )
            )
    # one number, one reading: a noun-first phrase ("tersangka berjumlah 14 orang")
    # beats a
    # bare "14 orang" read at the same place
    by_start: dict[int, _Cand] = {}
    for c in out:
        kept = by_start.get(c.start)
        if kept is None or c.score > kept.score:
            by_start[c.start] = c
    return _chain_components(text, list(by_start.values()))


def _chain_components(text: str, cands: list[_Cand]) -> list[_Cand]:
    """ "74 laki-laki, 29 perempuan, dan 20 anak-anak": members after a breakdown member are members."""
    cands = sorted(cands, key=lambda c: c.start)
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.component
            and prev.kind == c.kind
            and c.start - prev.end < 40
            and _CHAIN.search(text[prev.end : c.start])
            and not c.component
        ):
            c = _Cand(
                c.kind,
                c.value,
                c.qualifier,
                c.start,
                c.end,
                c.score,
                True,
                c.subset,
                c.noun,
            )
        out.append(c)
    return out


_INITIALS = re.compile(
    r"\b(?:tersangka|pelaku|terduga pelaku|terdakwa)\b[^.\n]{0,25}?\b(?:berinisial|"
    r"inisial)\s+"
    r"(?P<list>[A-Z]{1,4}(?:\s*\(\d{1,2}\))?(?:\s+alias\s+[A-Z]{1,4})?"
    r"(?:\s*(?:,|dan|"
    r",\s*dan)\s*[A-Z]{1,4}(?:\s*\(\d{1,2}\))?(?:\s+alias\s+[A-Z]{1,4})?)*)"
)


_ONE_OF_VICTIMS = re.compile(
    r"\bsalah (?:satu|seorang) (?:dari )?(?:para )?korban(?:nya)?\b"
)
# A story about one named victim and no tally: "TKI bernama Ranti", "korban berinisial
# NP (17)"
_ONE_VICTIM = re.compile(
    r"(?<![Pp]ara )\b(?:TKI|TKW|PMI|CPMI|WNI|ABK|PRT|[Kk]orban|[Pp]ekerja migran|"
    r"[Ss]eorang (?:pekerja|PRT|ART|asisten rumah tangga|perempuan|wanita|remaja|gadis|"
    r"anak|bocah|TKW|TKI|PMI|WNI|ABK|buruh|nelayan)\b[^.\n]{0,110}?)"
    r"\s*(?:asal\s+[A-Z]\w+\s+)?"
    r"(?:bernama|berinisial|inisial)\s+(?P<name>[A-Z][\w.]*(?:\s+[A-Z]\w+)?)"
)
# Capitalised words that follow "tersangka"/"pelaku" but are not a person
_NOT_NAMES = frozenset(
    [
        "TPPO",
        "Tindak",
        "Perdagangan",
        "Kasus",
        "Dalam",
        "Para",
        "Yang",
        "Dari",
        "Dan",
        "Di",
        "Ke",
        "Itu",
        "Ini",
        "Polisi",
        "Polda",
        "Polres",
        "Satgas",
        "Kepolisian",
        "Pidana",
        "Undang",
        "UU",
        "Pasal",
        "PT",
        "CV",
        "Warga",
        "WNI",
        "WNA",
        "Indonesia",
    ]
)
_ONE_NAMED = re.compile(
    r"(?<!para )(?<!kedua )(?<!ketiga )\b(?:tersangka|pelaku|terdakwa)\s+(?:utama\s+)?"
    r"(?:berinisial\s+|inisial\s+|bernama\s+)?"
    r"(?P<name>[A-Z]{1,4}(?:\s*\(\d{1,2}\))?|"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?:\s+alias\s+[A-Z]\w+)?)"
    r"(?!\s*(?:,|dan)\s*[A-Z]{1,4}\b)"
)


def _initials_count(text: str) -> Count | None:
    """Suspects named only by initials: "tersangka berinisial H dan SN" -> 2 (first such list)."""
    m = _INITIALS.search(text)
    if not m:
        one = _ONE_NAMED.search(text)
        if one and one.group("name").split()[0] not in _NOT_NAMES:
            return Count(1, EXACT, one.start("name"), one.end("name"))
        return None
    names = re.findall(
        r"\b[A-Z]{1,4}\b(?!\s*\))", re.sub(r"alias\s+[A-Z]{1,4}", "", m.group("list"))
    )
    if not names:
        return None
    return Count(len(names), EXACT, m.start("list"), m.end("list"))


def extract_counts(text: str, *, title_end: int = 0) -> dict[str, Count]:
    """Headline counts by kind ({} when the text states none).

    ``title_end``: offset where the title ends when the caller prepended it; title numbers
    are preferred because they state the headline case.
    """
    if not text:
        return {}
    original = text
    text = lower_same_length(text)
    cands = _candidates(text, title_end)
    result: dict[str, Count] = {}
    by_kind: dict[str, list[_Cand]] = {}
    for c in cands:
        by_kind.setdefault(c.kind, []).append(c)
    title_values = {
        c.kind: c.value
        for c in sorted(cands, key=lambda c: -c.score)
        if c.start < title_end
    }
    foreign = _other_scope_paragraphs(text, cands, title_values, title_end)
    for kind, cs in by_kind.items():
        if kind not in title_values:
            cs = [c for c in cs if _paragraph_of(text, c.start) not in foreign]
        totals = [c for c in cs if not c.component and not c.subset]
        if not totals:
            summed = _sum_breakdown(text, cs)
            if summed is not None:
                result[kind] = summed
            continue
        best = max(totals, key=lambda c: c.score)
        best = _supersede_collective(text, best, cs)
        # a later "sedikitnya"/"setidaknya" restatement of the same value sets the
        # qualifier
        same = [c for c in totals if c.value == best.value and c.qualifier != EXACT]
        qual = best.qualifier
        if qual == EXACT and same and kind in (VICTIMS, SUSPECTS):
            qual = same[0].qualifier
        if qual != EXACT and best.value in _group_sums(text, cs):
            qual = EXACT  # "setidaknya sembilan ... terdiri dari dua perempuan dan tujuh laki-laki"
        result[kind] = Count(best.value, qual, best.start, best.end)
    if VICTIMS not in result:
        one = _ONE_VICTIM.search(original)
        some = _ONE_OF_VICTIMS.search(text)
        if some:  # "salah satu korbannya adalah NP": one named, others implied
            result[VICTIMS] = Count(1, AT_LEAST, some.start(), some.end())
        elif one:
            result[VICTIMS] = Count(1, EXACT, one.start("name"), one.end("name"))
    if SUSPECTS not in result:
        named = _initials_count(original)
        if named is not None:
            result[SUSPECTS] = named
    return result


def _paragraph_of(text: str, pos: int) -> int:
    return text.count("\n\n", 0, pos) if "\n\n" in text else text.count("\n", 0, pos)


def _paragraph_len(text: str, index: int) -> int:
    sep = "\n\n" if "\n\n" in text else "\n"
    parts = text.split(sep)
    return len(parts[index].strip()) if 0 <= index < len(parts) else 10**6


def _other_scope_paragraphs(
    text: str, cands: list[_Cand], title_values: dict[str, int], title_end: int
) -> set[int]:
    """Paragraphs (and the one after) that state a different total of a kind the title counts.

    "Polri Tangkap 12 Tersangka ... Satgas ungkap 242 kasus dengan 284 tersangka ... 1.006
    korban": the national tally is another scope, so none of its numbers are this case's.
    """
    out: set[int] = set()
    for c in cands:
        if c.start < title_end or c.component or c.subset:
            continue
        if (
            c.kind in title_values
            and c.qualifier == EXACT
            and c.value >= 3 * title_values[c.kind]
            and not re.match(r"\s+(?:lain|lainnya)\b", text[c.end : c.end + 12])
        ):
            p = _paragraph_of(text, c.start)
            out |= {p, p + 1}
            if _paragraph_len(text, p - 1) < 80:
                out.add(p - 1)  # its sub-heading ("Ungkap 242 Kasus TPPO")
    return out


_COLLECTIVE_RANGE = {10: (11, 99), 100: (100, 999), 1000: (1000, 9999)}


def _group_sums(text: str, cs: list[_Cand]) -> set[int]:
    """Sums of adjacent demographic members ("29 orang dewasa dan tiga balita" -> 32)."""
    sums: set[int] = set()
    ordered = sorted(cs, key=lambda c: c.start)
    group: list[_Cand] = []
    for c in ordered:
        demographic = bool(_DEMOGRAPHIC.match(c.noun)) or c.component
        if (
            group
            and demographic
            and c.start - group[-1].end < 40
            and _CHAIN.search(text[group[-1].end : c.start])
        ):
            group.append(c)
        else:
            if len(group) >= 2:
                sums.add(sum(g.value for g in group))
            group = [c] if demographic else []
    if len(group) >= 2:
        sums.add(sum(g.value for g in group))
    return sums


def _supersede_collective(text: str, best: _Cand, cs: list[_Cand]) -> _Cand:
    """ "Puluhan PMI" in the headline, "29 dewasa dan tiga balita" in the body: the body is exact."""
    if best.qualifier != APPROX or best.value not in _COLLECTIVE_RANGE:
        return best
    low, high = _COLLECTIVE_RANGE[best.value]
    if best.value == 10:
        high = 19 if "belasan" in text[best.start : best.end] else 99
        low = 11 if high == 19 else 20
    for total in sorted(_group_sums(text, cs)):
        if low <= total <= high:
            return _Cand(best.kind, total, EXACT, best.start, best.end, best.score)
    exact = [
        c
        for c in cs
        if c.qualifier == EXACT
        and low <= c.value <= high
        and not c.component
        and not c.subset
        and c.noun not in ("", "orang", "warga")
    ]
    if exact:
        return max(exact, key=lambda c: c.score)
    return best


def _exact_restated(totals: list[_Cand], best: _Cand) -> bool:
    return sum(1 for c in totals if c.value == best.value and c.qualifier == EXACT) >= 2


def _sum_breakdown(text: str, cs: list[_Cand]) -> Count | None:
    comps = sorted(
        (c for c in cs if c.component and not c.subset), key=lambda c: c.start
    )
    if len(comps) < 2:
        return None
    first = comps[0]
    group = [first]
    for c in comps[1:]:
        between = text[group[-1].end : c.start]
        if len(between) > 40 or re.search(r"[.\n]", between):
            break
        group.append(c)
    if len(group) < 2:
        return None
    qual = EXACT if all(c.qualifier == EXACT for c in group) else APPROX
    return Count(sum(c.value for c in group), qual, group[0].start, group[-1].end)
