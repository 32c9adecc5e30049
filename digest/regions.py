"""Provinces, modus ids and time zones a subscription may name; small reference data, no I/O.

Province codes are Kemendagri's two-digit codes (the same codes ``IncidentSummary.province_codes``
carries); modus ids are the annotation guidelines' ids.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from review.records import MODUS

PROVINCES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

# common short forms coordinators type; the full names above match too
_PROVINCE_ALIASES: dict[str, str] = {
    "nad": "11",
    "sumut": "12",
    "sumbar": "13",
    "sumsel": "16",
    "babel": "19",
    "kepri": "21",
    "jakarta": "31",
    "dki": "31",
    "jabar": "32",
    "jateng": "33",
    "diy": "34",
    "yogyakarta": "34",
    "jogja": "34",
    "jatim": "35",
    "ntb": "52",
    "ntt": "53",
    "kalbar": "61",
    "kalteng": "62",
    "kalsel": "63",
    "kaltim": "64",
    "kaltara": "65",
    "sulut": "71",
    "sulteng": "72",
    "sulsel": "73",
    "sultra": "74",
    "sulbar": "76",
    "malut": "82",
    "papua tengah": "94",
    "pabar": "92",
    "pbd": "96",
}

TIMEZONE_ALIASES: dict[str, str] = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
}

_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", name.lower().replace("provinsi", "")).strip()


_BY_NAME = {_norm(name): code for code, name in PROVINCES.items()} | _PROVINCE_ALIASES


def province_code(value: str) -> str:
    """The two-digit code for a code, name or short form ("35", "Jawa Timur", "Jatim").

    Raises ValueError naming the value when it is none of those.
    """
    value = value.strip()
    if value in PROVINCES:
        return value
    code = _BY_NAME.get(_norm(value)) or _BY_NAME.get(_norm(value).replace(" ", ""))
    if code is None:
        raise ValueError(f"unknown province {value!r} (use a code like 35 or a name)")
    return code


def modus_id(value: str) -> str:
    """A modus id from the guidelines; raises ValueError listing the valid ids."""
    value = value.strip().lower().replace("-", "_")
    if value not in MODUS:
        raise ValueError(f"unknown modus {value!r}; one of: {', '.join(MODUS)}")
    return value


def timezone_name(value: str) -> str:
    """An IANA zone name for WIB/WITA/WIT or any IANA name; raises ValueError otherwise."""
    name = TIMEZONE_ALIASES.get(value.strip().upper(), value.strip())
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {value!r} (WIB, WITA, WIT or an IANA name)"
        ) from exc
    return name


def send_time(value: str) -> str:
    """'7:00' -> '07:00'; raises ValueError for anything that is not HH:MM."""
    match = _TIME.match(value.strip())
    if not match:
        raise ValueError(f"send time {value!r} is not HH:MM")
    return f"{int(match.group(1)):02d}:{match.group(2)}"
