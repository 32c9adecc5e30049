"""Indonesian cardinal numbers: digits ("1.047", "30") and words ("delapan belas").

Kept separate from count extraction so the parser can be tested on its own and reused by
date parsing. Only cardinals that news uses for people and cases are covered; money and
decimals are deliberately rejected by the callers, not here.
"""

from __future__ import annotations

import re

UNITS: dict[str, int] = {
    "nol": 0,
    "satu": 1,
    "se": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
# Words that stand alone for a value ("seorang" is handled by the count grammar).
SPECIAL: dict[str, int] = {"sepuluh": 10, "sebelas": 11, "seratus": 100, "seribu": 1000}
# Collective words for rough magnitudes; value is the conservative floor (ACLED-style).
APPROX_WORDS: dict[str, int] = {
    "belasan": 10,
    "puluhan": 10,
    "ratusan": 100,
    "ribuan": 1000,
}
_MULTIPLIERS: dict[str, int] = {"belas": 10, "puluh": 10, "ratus": 100, "ribu": 1000}

NUMBER_WORDS = frozenset([*UNITS, *SPECIAL, *_MULTIPLIERS]) - {"se"}

# A run of number words, e.g. "dua puluh tiga", "seratus dua puluh", "delapan belas".
_W = r"(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|belas|puluh|ratus|ribu)"
WORD_NUMBER_RE = re.compile(rf"\b{_W}(?:\s+{_W})*\b", re.IGNORECASE)
# Digits with Indonesian thousands dots ("1.047", "1.006") or plain ("123").
DIGIT_NUMBER_RE = re.compile(
    r"(?<![\d.,/:])\d{1,3}(?:\.\d{3})+(?![\d,]|\.\d)|(?<![\d.,/:])\d+(?![\d/:]|[.,]\d)"
)


def parse_words(text: str) -> int | None:
    """Value of a run of Indonesian number words, or None when it is not a well-formed number.

    >>> parse_words("dua puluh tiga")
    23
    >>> parse_words("delapan belas")
    18
    """
    tokens = text.lower().split()
    if not tokens:
        return None
    total = 0  # completed thousands
    chunk = 0  # the part below one thousand being built
    unit: int | None = None  # a digit word waiting for its multiplier
    for tok in tokens:
        if tok in UNITS and tok != "se":
            if unit is not None:
                return None  # "dua tiga" is a list, not a number
            unit = UNITS[tok]
        elif tok in ("sepuluh", "sebelas", "seratus"):
            if unit is not None:
                return None
            chunk += SPECIAL[tok]
        elif tok in ("belas", "puluh", "ratus"):
            if unit is None or unit == 0:
                return None
            chunk += unit + 10 if tok == "belas" else unit * _MULTIPLIERS[tok]
            unit = None
        elif tok == "seribu":
            if unit is not None or chunk:
                return None
            total += 1000
        elif tok == "ribu":
            chunk += unit or 0
            unit = None
            if not chunk:
                return None
            total += chunk * 1000
            chunk = 0
        else:
            return None
    return total + chunk + (unit or 0)


def parse_digits(text: str) -> int | None:
    """Integer value of "1.047" or "30"; None for anything else (decimals, "1,5")."""
    cleaned = text.strip()
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", cleaned):
        return int(cleaned.replace(".", ""))
    if cleaned.isdigit():
        return int(cleaned)
    return None


def parse_number(text: str) -> int | None:
    """Parse digits or number words; None when the text is not a plain cardinal."""
    stripped = text.strip()
    if not stripped:
        return None
    if stripped[0].isdigit():
        return parse_digits(stripped)
    lowered = stripped.lower()
    if lowered in APPROX_WORDS:
        return APPROX_WORDS[lowered]
    return parse_words(lowered)
