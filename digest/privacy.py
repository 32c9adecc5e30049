"""What article text may reach an email: masked person names, kabupaten-level places, clean text.

Only three things copied from articles reach a digest: headlines, source titles and place
names. Everything else is counts, modus ids and links. The rule for headlines and titles
(``mask_names``), documented in docs/digest.md:

1. A name before an age in brackets is masked, the age kept: ``SR (17)``, ``S.R. (17)``,
   ``Mawar (16 tahun)``, ``Siti Aminah (17)`` -> ``[nama disamarkan] (17)``. A "name" is up to
   three initials tokens (``SR``, ``S.``) or, when there are no initials, up to two capitalised
   words that are not common headline words (Korban, Gadis, Polisi, ...) or known acronyms
   (PMI, TKW, ...). This masks suspects too; the digest only needs counts.
2. A name followed by a pseudonym note is masked and the note dropped: ``Bunga (bukan nama
   sebenarnya)``, ``Melati (nama samaran)``.
3. Initials after ``inisial`` / ``berinisial`` / ``initials`` are masked: ``berinisial AS``.

Over-masking a place or a word is accepted; leaking a child's name is not. Places finer than
kabupaten/kota (kecamatan, desa/kelurahan) are dropped by ``coarse_places``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

MASK = {"id": "[nama disamarkan]", "en": "[name withheld]"}

_AGE = re.compile(
    r"\(\s*\d{1,2}\s*(?:tahun|thn\.?|th\.?|tahunan|years?(?:\s+old)?|y\.?o\.?)?\s*\)",
    re.IGNORECASE,
)
_PSEUDONYM = re.compile(
    r"\s*\(\s*(?:bukan\s+nama\s+(?:sebenarnya|asli)|nama\s+(?:samaran|disamarkan)|samaran"
    r"|not\s+(?:her|his|their)\s+real\s+name|pseudonym)\s*\)",
    re.IGNORECASE,
)
_INITIALS_INTRO = re.compile(
    r"\b((?:ber)?inisial|initials?)(\s+)((?:[A-Z]{1,4}\.?|(?:[A-Z]\.){1,4})"
    r"(?:(?:\s*,\s*|\s+dan\s+|\s+and\s+|\s+)(?:[A-Z]{1,4}\.?|(?:[A-Z]\.){1,4}))*)(?![\w])",
)
_INITIALS_TOKEN = re.compile(r"^(?:[A-Z]\.?){1,4}$")
_CAPITALISED = re.compile(r"^[A-Z][a-z'’\-]+$")
_TOKEN = re.compile(r"\S+")

# capitalised words that stand before an age in headlines but are not names
_NOT_NAMES = frozenset(
    [
        "korban",
        "pelaku",
        "tersangka",
        "terdakwa",
        "gadis",
        "remaja",
        "siswi",
        "siswa",
        "pelajar",
        "bocah",
        "anak",
        "balita",
        "bayi",
        "ibu",
        "bapak",
        "pak",
        "bu",
        "warga",
        "wanita",
        "perempuan",
        "pria",
        "lelaki",
        "laki",
        "janda",
        "istri",
        "suami",
        "kakak",
        "adik",
        "nenek",
        "kakek",
        "mahasiswi",
        "mahasiswa",
        "buruh",
        "pekerja",
        "santri",
        "santriwati",
        "asal",
        "dari",
        "oleh",
        "dan",
        "atau",
        "yang",
        "di",
        "ke",
        "usia",
        "umur",
        "berusia",
        "berumur",
        "kisah",
        "nasib",
        "polisi",
        "tangkap",
        "ditangkap",
        "diamankan",
        "dijual",
        "korbannya",
        "seorang",
        "dua",
        "tiga",
        "empat",
        "lima",
        "the",
        "victim",
        "girl",
        "boy",
        "woman",
        "man",
        "suspect",
        "teen",
        "mother",
        "father",
        "tahun",
        "kabupaten",
        "kota",
        "desa",
    ]
)
_ACRONYMS = frozenset(
    [
        "TPPO",
        "PMI",
        "TKI",
        "TKW",
        "ABK",
        "WNI",
        "WNA",
        "NTT",
        "NTB",
        "DIY",
        "DKI",
        "UPT",
        "LPSK",
        "KPAI",
        "BP2MI",
        "BP3MI",
        "KBRI",
        "KJRI",
        "POLRI",
        "POLDA",
        "POLRES",
        "RI",
        "ART",
        "PSK",
    ]
)

_CONTROL = re.compile(
    r"[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]"
)

_FINE_LEVELS = frozenset(
    {"kecamatan", "desa_kelurahan", "desa", "kelurahan", "district", "village"}
)


def clean_text(value: str | None, limit: int = 200) -> str:
    """One line of printable text, at most ``limit`` characters (ellipsis when cut).

    Control and bidi-override characters are removed so a title cannot reorder or hide text.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub(" ", text)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _is_name_token(token: str, initials_only: bool) -> str | None:
    """'initials' / 'word' when ``token`` can be part of a name, None when it ends the name."""
    if _INITIALS_TOKEN.match(token) and token.rstrip(".") not in _ACRONYMS:
        return "initials"
    if initials_only:
        return None
    if _CAPITALISED.match(token) and token.lower() not in _NOT_NAMES:
        return "word"
    return None


def _name_start(prefix: str) -> int | None:
    """Where the name that ends ``prefix`` begins, or None when no name stands there."""
    tokens = list(_TOKEN.finditer(prefix))
    start: int | None = None
    kinds: list[str] = []
    for tok in reversed(tokens[-3:]):
        word = tok.group()
        if kinds and word[-1] in ",:;–-—|":
            break  # punctuation after a word ends the name ("Korban, SR (17)")
        kind = _is_name_token(word.rstrip(","), initials_only=False)
        if kind is None:
            break
        if kinds and kind != kinds[-1]:
            break  # "Kisah SR (17)": stop at the initials
        if kind == "word" and len(kinds) >= 2:
            break
        kinds.append(kind)
        start = tok.start()
    return start


def mask_names(text: str, lang: str = "id") -> str:
    """``text`` with person names masked by the rule in the module docstring."""
    mask = MASK.get(lang, MASK["id"])

    # names with a pseudonym note: mask the name, drop the note
    out: list[str] = []
    pos = 0
    for match in _PSEUDONYM.finditer(text):
        prefix = text[pos : match.start()]
        start = _name_start(prefix)
        out.append(prefix[:start] + mask if start is not None else prefix)
        pos = match.end()
    text = "".join(out) + text[pos:]

    out = []
    pos = 0
    for match in _AGE.finditer(text):
        prefix = text[pos : match.start()]
        stripped = prefix.rstrip()
        start = _name_start(stripped)
        if start is not None:
            out.append(
                stripped[:start] + mask + prefix[len(stripped) :] + match.group()
            )
        else:
            out.append(prefix + match.group())
        pos = match.end()
    text = "".join(out) + text[pos:]

    return _INITIALS_INTRO.sub(lambda m: f"{m.group(1)}{m.group(2)}{mask}", text)


def safe_headline(text: str | None, lang: str = "id", limit: int = 200) -> str:
    """Cleaned, masked and length-limited: what a digest may show of an article's headline."""
    # mask before cutting so a name split by the cut is still recognised
    return clean_text(mask_names(clean_text(text, limit * 4), lang), limit)


def coarse_places(
    locations: tuple[dict[str, Any], ...] | list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Locations at kabupaten/kota level or coarser (province, country), each (name, role) once.

    Kecamatan and desa rows are dropped, as is any Indonesian code with more than one dot
    (``35.07.12``): those can point at a victim's village.
    """
    seen: set[tuple[str, str]] = set()
    places: list[dict[str, Any]] = []
    for loc in locations:
        level = str(loc.get("level") or "").lower()
        code = str(loc.get("code") or "")
        if level in _FINE_LEVELS or code.count(".") > 1:
            continue
        name = clean_text(loc.get("name"), 80)
        role = str(loc.get("role") or "")
        if not name or (name, role) in seen:
            continue
        seen.add((name, role))
        places.append({"name": name, "role": role, "code": code, "level": level})
    return places
