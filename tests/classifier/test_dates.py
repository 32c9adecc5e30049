"""Date rules of issue 4: incident period next to the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from classifier.dates import find_dates, incident_period, parse_published


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "Sejak Januari-Agustus 2019 ada dua kasus.",
            None,
            ("2019-01-01", "2019-08-31", "month"),
        ),
        (
            "Polisi merilis kasus itu Jumat (9/6/2023).",
            None,
            ("2023-06-09", "2023-06-09", "day"),
        ),
        (
            "Penangkapan dilakukan pada 12 Maret 2024 malam.",
            None,
            ("2024-03-12", "2024-03-12", "day"),
        ),
        (
            "Operasi berlangsung 5-13 Juni 2023 di tiga kota.",
            None,
            ("2023-06-05", "2023-06-13", "day"),
        ),
        (
            "Mereka bekerja Oktober hingga Desember 2023.",
            None,
            ("2023-10-01", "2023-12-31", "month"),
        ),
        (
            "Rilis digelar Selasa (27/6) di markas.",
            "2023-06-28",
            ("2023-06-27", "2023-06-27", "day"),
        ),
        (
            "Imigrasi menolak 30 paspor sepanjang 2019.",
            None,
            ("2019-01-01", "2019-12-31", "year"),
        ),
    ],
)
def test_incident_period(text, published, expected):
    pub = parse_published(published)
    period = incident_period(find_dates(text, pub), pub)
    assert period is not None
    assert (period.date_from, period.date_to, period.precision) == expected
    assert text[period.start : period.end] == period.text


def test_range_wins_over_single_dates():
    text = "Kamis (5/10/2023) polisi menyebut korban bekerja selama Mei-Juni 2023."
    period = incident_period(find_dates(text), None)
    assert (period.date_from, period.date_to) == ("2023-05-01", "2023-06-30")


def test_dates_after_publication_are_not_the_incident():
    pub = date(2023, 1, 10)
    text = "Sidang dijadwalkan 20 Februari 2023, sedangkan penangkapan pada 2 Januari 2023."
    period = incident_period(find_dates(text, pub), pub)
    assert period.date_from == "2023-01-02"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2023-06-09", date(2023, 6, 9)),
        ("2024-03-15T14:20:00+07:00", date(2024, 3, 15)),
        ("2020-05", date(2020, 5, 1)),
        ("", None),
        ("kemarin", None),
    ],
)
def test_parse_published(raw, expected):
    assert parse_published(raw) == expected


def test_invalid_calendar_dates_are_skipped():
    assert find_dates("Rabu (31/2/2023) tidak ada.") == []
