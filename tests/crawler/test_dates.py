"""crawler.dates: the ways Indonesian outlets print a publication time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.dates import (
    JAKARTA,
    parse_date,
    parse_date_precise,
    parse_indonesian,
    parse_iso,
    parse_relative,
)

WIB = timezone(timedelta(hours=7))
WITA = timezone(timedelta(hours=8))
WIT = timezone(timedelta(hours=9))
# a frozen "now" for relative dates: Friday 15 March 2024, 14:20 WIB
NOW = datetime(2024, 3, 15, 14, 20, tzinfo=WIB)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-11-02T14:34:19+00:00", datetime(2023, 11, 2, 21, 34, 19, tzinfo=WIB)),
        ("2016-02-16T13:01:52+0700", datetime(2016, 2, 16, 13, 1, 52, tzinfo=WIB)),
        ("2024-03-15T14:20:00+08:00", datetime(2024, 3, 15, 14, 20, tzinfo=WITA)),
        ("2015-11-05 T10:08:58Z", datetime(2015, 11, 5, 17, 8, 58, tzinfo=WIB)),
        ("2023-11-02T20-59-53Z", datetime(2023, 11, 3, 3, 59, 53, tzinfo=WIB)),  # detik
        (
            "2016-02-16 09:10:56",
            datetime(2016, 2, 16, 9, 10, 56, tzinfo=WIB),
        ),  # no zone
        ("2024-03-15T14:20:00.123+07:00", datetime(2024, 3, 15, 14, 20, tzinfo=WIB)),
        ("2024-03-15", datetime(2024, 3, 15, tzinfo=WIB)),
    ],
)
def test_iso_stamps(text: str, expected: datetime) -> None:
    found = parse_date(text)
    assert found == expected


def test_utc_stamps_are_shown_in_jakarta_time() -> None:
    found = parse_iso("2023-11-02T14:34:19Z")
    assert found is not None
    assert found.utcoffset() == timedelta(hours=7)
    assert found.hour == 21


def test_stated_offset_is_kept() -> None:
    found = parse_iso("2024-03-15T14:20:00+09:00")
    assert found is not None
    assert found.utcoffset() == timedelta(hours=9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jumat, 15 Maret 2024 14:20 WIB", datetime(2024, 3, 15, 14, 20, tzinfo=WIB)),
        (
            "Jum'at, 17 Februari 2017 - 13:30 wib",
            datetime(2017, 2, 17, 13, 30, tzinfo=WIB),
        ),
        ("Senin, 4 Mei 2020 04:25 WIB", datetime(2020, 5, 4, 4, 25, tzinfo=WIB)),
        (
            "Kamis, 5 November 2015 14:56 WITA",
            datetime(2015, 11, 5, 14, 56, tzinfo=WITA),
        ),
        ("Rabu, 1 Januari 2025 08.15 WIT", datetime(2025, 1, 1, 8, 15, tzinfo=WIT)),
        (
            "Selasa, 16 Februari 2016 | 14:38 WIB",
            datetime(2016, 2, 16, 14, 38, tzinfo=WIB),
        ),
        ("Sen 5 Feb 2024", datetime(2024, 2, 5, tzinfo=JAKARTA)),
        ("17 Agustus 2024 pukul 10.00 WIB", datetime(2024, 8, 17, 10, 0, tzinfo=WIB)),
        ("on 16 Feb 2016 at 09:10 WIB", datetime(2016, 2, 16, 9, 10, tzinfo=WIB)),
        (
            "Wednesday, 04 November, 2015 | 07:28 WIB",
            datetime(2015, 11, 4, 7, 28, tzinfo=WIB),
        ),
        (
            "Jumat , 17 February 2017, 13:16 WIB",
            datetime(2017, 2, 17, 13, 16, tzinfo=WIB),
        ),
        ("2 Agt 2023 21:00", datetime(2023, 8, 2, 21, 0, tzinfo=JAKARTA)),
        ("5 Nopember 2015", datetime(2015, 11, 5, tzinfo=JAKARTA)),
        ("Kamis, 05/11/2015 10:08 WIB", datetime(2015, 11, 5, 10, 8, tzinfo=WIB)),
        ("02/11/2023, 21:34 WIB", datetime(2023, 11, 2, 21, 34, tzinfo=WIB)),
        ("2023/11/02 20:59:53", datetime(2023, 11, 2, 20, 59, 53, tzinfo=JAKARTA)),
        ("15-03-2024 14:20", datetime(2024, 3, 15, 14, 20, tzinfo=JAKARTA)),
        ("Senin, 1 Juli 2024 10:00 GMT+8", datetime(2024, 7, 1, 10, 0, tzinfo=WITA)),
    ],
)
def test_printed_dates(text: str, expected: datetime) -> None:
    found = parse_date(text)
    assert found == expected
    assert found is not None
    assert found.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("Selasa, 23 Februari 2016", "day"),
        ("Selasa, 23 Februari 2016 | 16:52 WIB", "minute"),
        ("2023/11/02 20:59:53", "second"),
        ("2016-02-16T13:01:52+0700", "second"),
        ("2 jam lalu", "relative"),
    ],
)
def test_precision_says_what_the_page_gave(text: str, precision: str) -> None:
    found = parse_date_precise(text, now=NOW)
    assert found is not None
    assert found.precision == precision


@pytest.mark.parametrize(
    ("text", "zoned"),
    [
        ("Jumat, 15 Maret 2024 14:20 WIB", True),
        ("15/03/2024 14:20 WITA", True),
        ("2024-03-15T14:20:00Z", True),
        ("2024-03-15T14:20:00+07:00", True),
        ("Jumat, 15 Maret 2024 14:20", False),
        ("2024-03-15 14:20:00", False),
    ],
)
def test_zoned_says_whether_the_text_named_its_zone(text: str, zoned: bool) -> None:
    found = parse_date_precise(text)
    assert found is not None
    assert found.zoned is zoned


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 jam lalu", NOW - timedelta(hours=2)),
        ("15 menit yang lalu", NOW - timedelta(minutes=15)),
        ("20 detik yang lalu", NOW - timedelta(seconds=20)),
        ("sejam lalu", NOW - timedelta(hours=1)),
        ("3 hari lalu", NOW - timedelta(days=3)),
        ("1 minggu lalu", NOW - timedelta(weeks=1)),
        ("kemarin", NOW - timedelta(days=1)),
        ("Baru saja", NOW),
    ],
)
def test_relative_dates_against_a_frozen_now(text: str, expected: datetime) -> None:
    assert parse_relative(text, NOW) == expected
    assert parse_date(text, now=NOW) == expected


def test_relative_date_is_given_in_the_outlet_zone() -> None:
    found = parse_date("2 jam lalu", now=NOW.astimezone(UTC), default_tz=WITA)
    assert found == NOW - timedelta(hours=2)
    assert found is not None
    assert found.utcoffset() == timedelta(hours=8)


def test_relative_date_needs_a_now() -> None:
    assert parse_date("2 jam lalu") is None


def test_date_without_zone_uses_the_default_zone() -> None:
    found = parse_indonesian("Kamis, 05 November 2015 11:52", default_tz=WITA)
    assert found == datetime(2015, 11, 5, 11, 52, tzinfo=WITA)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "1.229 Views",
        "COPYRIGHT © ANTARA 2015",
        "31 Februari 2024",  # no such day
        "2024-13-01",
        "Rp 350.000",
        "pukul 14.20 WIB",  # a time with no date
        "5/11",
    ],
)
def test_no_date(text: str) -> None:
    assert parse_date(text, now=NOW) is None


def test_first_date_in_the_text_wins() -> None:
    text = "Kamis, 5 November 2015 14:56 WIB | diperbarui 6 November 2015 09:00 WIB"
    assert parse_date(text) == datetime(2015, 11, 5, 14, 56, tzinfo=WIB)
