"""Normalise Indonesian news text before it reaches a model.

The same functions run at training and at prediction time (the fitted TF-IDF step calls
:func:`model_text` as its ``preprocessor``), so the model never sees what only identifies the
outlet: datelines ("Pontianak (ANTARA) -", "KOMPAS.com -", "Liputan6.com, Jakarta"), outlet and
domain names, "Baca juga" links, reporter/editor/copyright lines, ad and scroll markers. In our
data TPPO stories come from other outlets than the bulk negatives, so any of these left in
would be learnt as a label (the "caltech" header leak of the 20-newsgroups example). For
the same reason :func:`model_document` can mask Indonesian region names (:func:`mask_places`).

The keyword regexes of ``../shared/data/README.md`` live here too: they are text matching,
used for the keyword baseline and to pick negatives among unlabelled bulk articles.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import ahocorasick

__all__ = [
    "NORMALISER_VERSION",
    "ANY_TPPO_TERM",
    "STRICT_TPPO",
    "clean_text",
    "join_title_text",
    "mask_places",
    "model_document",
    "model_text",
]

# Bump when the output of model_text or model_document changes: the card records it and a
# model trained with another version is refused (its vocabulary would no longer match its
# input).
NORMALISER_VERSION = 3

_DASH = r"[-\u2013\u2014]"  # hyphen, en dash, em dash
_DOMAIN = (
    r"(?:[A-Za-z0-9][\w-]*\.)+"
    r"(?:com|co\.id|or\.id|go\.id|web\.id|my\.id|ac\.id|id|co|net|org|news|info|tv)"
    r"\b\+?"
)
_DOMAIN_RE = re.compile(_DOMAIN.lower())  # applied to lower-cased text (faster than re.I)
_TLD_HINTS = (".com", ".co", ".id", ".net", ".org", ".news", ".info", ".tv")

# Outlet names that are not ordinary Indonesian words ("tempo", "suara", "merdeka", "detik",
# "antara" are, so they are only removed in the forms that mark the outlet).
_BRANDS_RE = re.compile(
    r"\b(?:liputan\s?6|lip\s?6|kompas(?:tv|\s?\.com)?|detik(?:com|news|finance|sport|travel|"
    r"health|oto|inet|edu|hot|pop|food|jatim|jateng|jabar|sultra|sumut|bali|sulsel|x)|"
    r"\d+detik|tribun\w*|okezone|sindo\w*|republika|kapanlagi|wowkeren|fimela|posmetro\w*|"
    r"kumparan|jpnn|idn\s?times|cnn\s?indonesia|inews\w*|antaranews|tirto|katadata|"
    r"beritasatu|voa\s?indonesia|bbc(?:\s?news)?(?:\s?indonesia)?|merahputih|tuturpedia|"
    r"parboaboa|serambinews|metrobatam|rakyatsulsel|serantau\s?media|titiknol|borneonetv|"
    r"nukilan|benuanta|satuharapan|apahabar|bakabar|detiksultra|sudutbogor|voiceindonesia|"
    r"suarakalbar|radar\s?(?:jabar|sampit|aktual)|rri|agregasi|gambas)\b"
)  # lower-case pattern, applied after lower-casing (re.IGNORECASE is 4x slower here)
# Case-sensitive outlet marks: "(ANTARA)", "ANTARA/Foto", "TEMPO.CO" ...
_CASED_BRANDS_RE = re.compile(r"\b(?:ANTARA|TEMPO|IDN|VIVA|KP|Suara Kalbar)\b")

# A dateline opens a line: up to six capitalised tokens (places, outlet, "(ANTARA)"), or an
# outlet domain, followed by a dash. "JAKARTA, KOMPAS.com -", "Kupang, NTT (ANTARA) -",
# "benuanta.co.id, TARAKAN -", "NUKILAN.id | Banda Aceh -".
_CAP_TOKEN = r"(?:[A-Z(][\w.'\u2019()/+]*|" + _DOMAIN + r")"
_DATELINE_RE = re.compile(
    r"^\s*" + _CAP_TOKEN + r"(?:[ \t]*[,|]?[ \t]*" + _CAP_TOKEN + r"){0,5}[ \t]*"
    + _DASH + r"{1,2}[ \t]*"
)
# "Liputan6.com, JakartaKita semua" (the scrape lost the dash and the space).
_LIPUTAN_RE = re.compile(r"Liputan6\.com,\s*[A-Z][a-z]+(?:\s*-)?")

_LINE_DROP_RE = re.compile(
    r"^(?:"
    r"(?:baca|simak|lihat|tonton|klik)\s+(?:juga|selengkapnya)\b.*"
    r"|berita\s+terkait.*|daftar\s+isi|selengkapnya|ilustrasi|gambar\s+ilustrasi"
    r"|advertisement|iklan|scroll\s+(?:to\s+continue|untuk\s+melanjutkan).*"
    r"|tutup|share|bagikan|\W*\s*bagikan|loading\W*|comment|a|sosmed-.*|waktu\s+baca.*"
    r"|ikuti\s+(?:kami|berita).*|gabung\s+(?:di|kompas).*|baca\s+berita\s+dengan.*"
    r"|\[gambas:.*|saksikan\s+live.*|#growfearless.*|hoegeng\s+awards.*"
    r"|(?:pewarta|editor|reporter|penulis|redaktur|fotografer|sumber|penyunting|"
    r"kontributor|jurnalis|foto|video)\s*:.*"
    r"|laporan\s+(?:wartawan|reporter|koresponden).*"
    r"|(?:copyright|hak\s+cipta|\(c\)|\u00a9).*"
    r")$",
    re.IGNORECASE,
)
# A bare "Baca juga:" line: the linked headline follows on the next line.
_LINK_LABEL_RE = re.compile(r"^(?:baca|simak|lihat)\s+juga\s*[:|]?$", re.IGNORECASE)
_MAX_HEADLINE_CHARS = 160
# A related-story link inside a paragraph (the scrape lost its line break): "(Baca juga:
# ...)" up to the parenthesis, else "Baca juga: Headline In Title Case" up to the first
# lower-case word that is not a short function word (the story's sentence resumes there).
_LINK_WORD = r"(?:[A-Z0-9\"'\u201c\u2018(][^\s]*|di|ke|dari|dan|yang|untuk|dengan|dalam|atau|tak|bagi|pada|&|[-\u2013:,])"
_INLINE_LINK_RE = re.compile(
    r"\(\s*(?i:baca|simak|lihat)\s+(?i:juga)\s*:[^()]{0,200}\)"
    r"|(?i:baca|simak|lihat)\s+(?i:juga)\s*:\s*" + _LINK_WORD + r"(?:\s+" + _LINK_WORD + r")*"
)
# "Sabtu, 27 April 2024 - 11:55 WIB", "6 April 2024 20:29 WIB": publication stamps.
_TIMESTAMP_LINE_RE = re.compile(r"^.{0,60}\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:WIB|WITA|WIT)\b.{0,10}$")
_ONLY_PARENS_RE = re.compile(r"^\([^()]{0,60}\)$")  # "(*)", "(mdk/rnd)", "(Fitra Iskandar)"
_SIGNOFF_RE = re.compile(r"\((?:\*|[a-z]{2,5}(?:/[a-z]{2,5})+)\)\s*$")
_MARKUP_RE = re.compile(r"\\?\[(?:img|video|embed)\.\d+\\?\]\\?|^#{1,6}\s+|^:{3,}.*$|\\\*?")
_NO_LETTER_RE = re.compile(r"^[^A-Za-z]*$")
_CAPTION_CREDIT_RE = re.compile(r"\((?:Foto|Dok|Ist|Istimewa|Sumber)[.:][^)]{0,80}\)", re.I)
_SPACES_RE = re.compile(r"[ \t\u00a0\u200b\u200e]+")

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\ufeff"), None)


def _is_lone_dateline_word(line: str) -> bool:
    # detik splits its dateline over two lines: "Jakarta" then "-".
    return 0 < len(line) <= 30 and len(line.split()) <= 3 and line[:1].isupper()


def _has_dash(head: str) -> bool:
    return "-" in head or "\u2013" in head or "\u2014" in head


def clean_text(text: str) -> str:
    """Remove page boilerplate and outlet marks, keeping case and paragraph breaks.

    Suitable for display and for entity extraction as well as for the model; an empty
    string comes back for an empty or boilerplate-only input.
    """
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    text = _LIPUTAN_RE.sub("", text)
    out: list[str] = []
    headline_next = False
    for raw in text.splitlines():
        if "[" in raw or "\\" in raw or raw[:1] in ("#", ":"):
            raw = _MARKUP_RE.sub(" ", raw)
        line = " ".join(raw.split())  # str.split is several times faster than a regex here
        if not line or _NO_LETTER_RE.match(line):
            if re.fullmatch(_DASH + "{1,2}", line) and out and _is_lone_dateline_word(out[-1]):
                out.pop()
            continue
        if headline_next:
            headline_next = False
            if len(line) <= _MAX_HEADLINE_CHARS and not line.endswith("."):
                continue  # the headline of a "Baca juga:" link
        if _LINE_DROP_RE.match(line) or _ONLY_PARENS_RE.match(line):
            headline_next = bool(_LINK_LABEL_RE.match(line))
            continue
        if "aca " in line or "ACA " in line:
            line = " ".join(_INLINE_LINK_RE.sub(" ", line).split())
        if len(line) < 80 and _TIMESTAMP_LINE_RE.match(line):
            continue
        # datelines open the story; later dashes are prose (and the regex is costly)
        if len(out) < 8 and _has_dash(line[:100]):
            line = _DATELINE_RE.sub("", line, count=1)
        if "(" in line:
            line = _CAPTION_CREDIT_RE.sub(" ", line)
            if line.endswith(")"):
                line = _SIGNOFF_RE.sub("", line).strip()
        if line:
            out.append(line)
    return "\n".join(out)


def join_title_text(title: str, text: str) -> str:
    """The one document string both training and prediction feed to the pipeline: the
    title on the first line (empty when there is none), then the text."""
    title = " ".join((title or "").split())
    return f"{title}\n{text or ''}"


def model_text(document: str) -> str:
    """Lower-cased, outlet-free text for the TF-IDF step (its ``preprocessor``).

    Module-level on purpose: the fitted pipeline pickles a reference to it, never a lambda.
    """
    cleaned = _CASED_BRANDS_RE.sub(" ", clean_text(document)).lower()
    if any(hint in cleaned for hint in _TLD_HINTS):
        cleaned = _DOMAIN_RE.sub(" ", cleaned)
    cleaned = _BRANDS_RE.sub(" ", cleaned)
    return " ".join(cleaned.split())


def model_document(document: str, places: tuple[str, ...] = ()) -> str:
    """The relevance model's input: ``model_text`` of the title line, a newline, then
    ``model_text`` of the whole document (title included, as before the title had a
    block of its own), each without the place names in ``places`` (see :func:`mask_places`).

    The title gets its own TF-IDF block because it names the article's main subject: the
    guidelines count a story as TPPO only when trafficking is its subject, not a passing
    mention. A document from :func:`join_title_text` has its title on the first line.
    """
    title = document.partition("\n")[0]
    return f"{mask_places(model_text(title), places)}\n{mask_places(model_text(document), places)}"


@functools.lru_cache(maxsize=4)
def _place_automaton(places: tuple[str, ...]) -> Any:
    """An Aho-Corasick automaton of ``places`` (built once per list; the pipeline pickles
    the list, never the automaton)."""
    automaton = ahocorasick.Automaton()
    for name in places:
        automaton.add_word(name, len(name))
    automaton.make_automaton()
    return automaton


def mask_places(text: str, places: tuple[str, ...]) -> str:
    """``text`` (lower-cased) without the place names in ``places``, matched as whole words,
    the longest name first.

    Why: with ~75 TPPO stories, a region's name becomes a label. The shipped model before
    this step gave "cianjur" +1.36 and "kupang" -0.47, so a TPPO story from NTT started
    behind and a film review set in Cianjur ahead. Where it happened is for the extractor.
    """
    if not places or not text:
        return text
    spans = []
    for end, length in _place_automaton(places).iter(text):
        start, stop = end - length + 1, end + 1
        # whole words only: not "kupang" in "kupangan", nor "aru" in "baru"
        if not (start and text[start - 1].isalpha()) and not (
            stop < len(text) and text[stop].isalpha()
        ):
            spans.append((start, stop))
    if not spans:
        return text
    spans.sort(key=lambda span: (span[0], -span[1]))  # leftmost, then longest
    pieces: list[str] = []
    last = 0
    for start, stop in spans:
        if start >= last:
            pieces.append(text[last:start])
            last = stop
    pieces.append(text[last:])
    return " ".join("".join(pieces).split())


# --- keyword definitions of ../shared/data/README.md -----------------------------------
_STRICT = (
    r"perdagangan orang|perdagangan manusia|TPPO|human trafficking|kawin kontrak|"
    r"nikah kontrak|pengantin pesanan|perdagangan organ|jual beli (?:organ|ginjal|bayi)|"
    r"perdagangan bayi|ferienjob"
)
_BROAD_EXTRA = (
    r"trafficking|trafficking in persons|mail-order bride|penyelundupan (?:orang|manusia)|"
    r"people smuggling|eksploitasi seksual|kerja paksa|perbudakan"
)
_MIGRANT = (
    r"pekerja migran|TKI|TKW|C?PMI (?:ilegal|non-prosedural|unprosedural|bermasalah)|"
    r"non-prosedural|unprosedural|BP2MI|BP3MI|KP2MI|CPMI|"
    r"(?:scam|penipuan) online[^\n]{0,200}?(?:Kamboja|Myanmar|Laos|Filipina)|"
    r"ABK[^\n]{0,200}?(?:eksploitasi|disiksa|kapal ikan asing)"
)
STRICT_TPPO = re.compile(rf"\b(?:{_STRICT})\b", re.IGNORECASE)
"""The strict regex a researcher would type into Google Alerts: the keyword baseline."""
KEYWORD_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(rf"\b(?:{family.lower()})") for family in (_STRICT, _BROAD_EXTRA, _MIGRANT)
)
"""strict, broad-only and migrant families, for lower-cased text (the model's features)."""
ANY_TPPO_TERM = re.compile(rf"\b(?:{_STRICT}|{_BROAD_EXTRA}|{_MIGRANT})", re.IGNORECASE)
"""strict + broad + migrant: an unlabelled bulk article matching none of it is a negative."""


# --- modus cues ----------------------------------------------------------------------------
# Distinctive phrases per GUIDELINES.md modus, written for this project. Several modus have
# a single real story in the labelled data, so a learnt model cannot know them when that
# story is unseen; a phrase a reporter must use to tell such a story ("ginjal", "ferienjob",
# "pengantin pesanan") generalises better. Used by classifier.features.decide_modus.
MODUS_CUES: dict[str, re.Pattern[str]] = {
    label: re.compile(pattern, re.IGNORECASE)
    for label, pattern in {
        "contract_marriage": r"\b(?:kawin|nikah|pernikahan) (?:kontrak|mut.ah)|pengantin pesanan"
        r"|mail.order bride",
        "irregular_migrant_work": r"\b(?:c?pmi|tki|tkw|pekerja migran(?: indonesia)?)"
        r" (?:ilegal|non.?prosedural|unprosedural)|\bcalo\b|\btekong\b|jalur tikus"
        r"|pelabuhan tikus",
        "sexual_exploitation": r"eksploitasi seksual|prostitusi|pelacuran|mucikari|\bpsk\b"
        r"|hidung belang|michat|open bo\b|dijajakan",
        "online_scam": r"online scam|scam online|penipuan (?:daring|online)|judi online"
        r"|perusahaan (?:scam|penipuan)",
        "fishing_crew": r"\babk\b|anak buah kapal|awak kapal (?:perikanan|ikan)"
        r"|kapal (?:ikan|perikanan|penangkap ikan)",
        "organ_trade": r"\bginjal\b|perdagangan organ|transplantasi|organ tubuh",
        "child_trafficking": r"(?:jual|menjual|dijual|penjualan|perdagangan|jual beli) "
        r"(?:\w+ )?(?:bayi|balita)|bayi (?:yang )?dijual|adopsi ilegal",
        "student_internship": r"ferien ?job|\bmagang\b|praktik kerja lapangan",
        "forced_labor": r"kerja paksa|perbudakan|diperbudak|tidak digaji|gaji tidak dibayar",
    }.items()
}


def modus_cue_counts(document: str) -> dict[str, int]:
    """How often each modus cue occurs in the cleaned document (labels with 0 omitted)."""
    cleaned = clean_text(document)
    counts = {label: len(rx.findall(cleaned)) for label, rx in MODUS_CUES.items()}
    return {label: n for label, n in counts.items() if n}
