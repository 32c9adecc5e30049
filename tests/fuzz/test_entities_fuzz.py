"""Property-based and fuzz tests of place and count extraction (classifier.entities):
random and malformed text, no crash, no hang, bounded time, offsets inside the text."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from classifier.entities import extract_incident, joined_text

pytestmark = [pytest.mark.fuzz, pytest.mark.timeout(180)]

PER_INPUT = timedelta(seconds=2)  # CPU seconds per input; see test_extract_fuzz.py
FUZZ = settings(
    deadline=None,
    max_examples=80,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

_TOKENS = st.sampled_from(
    [
        "korban",
        "tersangka",
        "pelaku",
        "orang",
        "warga",
        "perempuan",
        "anak",
        "PMI",
        "TKI",
        "ABK",
        "calo",
        "tiga",
        "puluhan",
        "ratusan",
        "seorang",
        "dua belas",
        "sebelas",
        "1.234",
        "12",
        "0",
        "-5",
        "9999999999999999999999",
        "3,5",
        "½",
        "٣",
        "Kabupaten",
        "Kota",
        "Sambas",
        "Entikong",
        "Kupang",
        "Nunukan",
        "Batam",
        "Malaysia",
        "Kamboja",
        "asal",
        "menuju",
        "dari",
        "ke",
        "di",
        "Polres",
        "Polda",
        "NTT",
        "Kalbar",
        "Jawa Timur",
        "TPPO",
        "diamankan",
        "diselamatkan",
        "ditangkap",
        "12 Maret 2024",
        "Senin (4/3/2024)",
        "2024",
        "Maret",
        "(",
        ")",
        ".",
        ",",
        ";",
        ":",
        '"',
        "\n",
        "\n\n",
        "\t",
        "\u00a0",
        "\u200b",
    ]
)
_INDONESIANISH = st.lists(st.one_of(_TOKENS, st.text(max_size=12)), max_size=200).map(
    " ".join
)


def _check(title: str, text: str, published: str | None = None) -> None:
    started = time.process_time()
    incident = extract_incident(title, text, published=published)
    assert time.process_time() - started < PER_INPUT.total_seconds()
    out = incident.to_dict()
    assert out["kind"] in {"incident", "context"}
    joined, _ = joined_text(title, text)
    for place in out["locations"]:
        assert 0 <= place["start"] < place["end"] <= len(joined), place
        assert place["name"]
    for name, count in out["counts"].items():
        assert isinstance(count["value"], int), (name, count)
        assert count["value"] >= 0, (name, count)
        assert 0 <= count["start"] <= count["end"] <= len(joined), (name, count)


@FUZZ
@given(st.text(max_size=300), st.text(max_size=5000))
@example("", "")
@example("\x00", "\x00" * 1000)
@example("\ud7ff" * 10, "\U0010ffff" * 100)
def test_random_text(title, text):
    _check(title, text)


@FUZZ
@given(
    _INDONESIANISH,
    _INDONESIANISH,
    st.one_of(
        st.none(),
        st.sampled_from(
            [
                "2024-03-12T10:00:00+07:00",
                "not a date",
                "0000-00-00",
                "9999-12-31T23:59:59Z",
                "",
            ]
        ),
    ),
)
def test_indonesian_like_text(title, text, published):
    _check(title, text, published)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("", "korban " * 50_000),
        ("", "1 " * 100_000),
        ("", "Kabupaten " * 30_000 + "Sambas"),
        ("", ("tiga orang korban asal Sambas dibawa ke Malaysia. " * 4_000)),
        ("", "(" * 50_000 + ")" * 50_000),
        ("", "9" * 200_000 + " orang korban"),
        ("korban " * 10_000, ""),
    ],
    ids=[
        "repeated-korban",
        "many-numbers",
        "many-kabupaten",
        "long-real-ish",
        "parentheses",
        "huge-number",
        "long-title",
    ],
)
def test_pathological_text_takes_bounded_time(title, text):
    _check(title, text)
