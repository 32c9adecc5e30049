"""The daily job through the real review queue: filters, time zones, windows, empty days, dry run."""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime
from email import message_from_bytes, policy

import pytest

from digest.config import DigestConfig
from digest.exceptions import ConfigError
from digest.jobs import PREVIEW_RECIPIENT, digest_window, run_digest
from digest.outbox import Outbox
from digest.subscriptions import Subscriptions, make_subscriber
from review.store import Store
from tests.digest.conftest import add_incident

Z = UTC


def subscribe(store_url: str, email: str, **kw) -> None:
    with Store(store_url) as store:
        Subscriptions(store.engine).upsert(make_subscriber(email, **kw))


def texts_by_recipient(server) -> dict[str, str]:
    return {
        m["To"]: m.get_body(("plain",)).get_content() for m in server.handler.parsed()
    }


@pytest.fixture
def three_incidents(queue):
    confirmed = datetime(2026, 11, 27, 3, 0, tzinfo=Z)
    return {
        "jatim": add_incident(
            queue,
            title="PMI ilegal asal Malang digagalkan",
            code="35.07",
            modus="irregular_migrant_work",
            confirm_at=confirmed,
        ),
        "kalbar": add_incident(
            queue,
            title="Sindikat scam Kamboja dibongkar di Pontianak",
            code="61.71",
            modus="online_scam",
            confirm_at=confirmed,
        ),
        "ntt": add_incident(
            queue,
            title="Eksploitasi seksual di Kupang terungkap",
            code="53.71",
            modus="sexual_exploitation",
            confirm_at=confirmed,
        ),
        # in the queue but not confirmed: counted as pending, never listed
        "open": add_incident(
            queue, title="Dugaan TPPO di Nunukan", code="65.03", modus="online_scam"
        ),
        # confirmed before the window
        "old": add_incident(
            queue,
            title="Kasus lama Surabaya",
            code="35.78",
            modus="irregular_migrant_work",
            confirm_at=datetime(2026, 11, 20, 3, 0, tzinfo=Z),
        ),
    }


def test_filters_by_province_and_modus(
    store_url, three_incidents, smtp_server, digest_config
):
    subscribe(store_url, "jatim@pantau.test", provinces=["Jawa Timur"])
    subscribe(store_url, "scam@pantau.test", modus=["online_scam"])
    subscribe(
        store_url,
        "kalbar-ntt@pantau.test",
        provinces=["61", "NTT"],
        modus=["sexual_exploitation"],
    )
    subscribe(store_url, "all@pantau.test")
    report = run_digest(
        store_url, now=datetime(2026, 11, 28, 1, 0, tzinfo=Z), config=digest_config
    )
    assert report.ok
    assert len(report.by_status("sent")) == 4
    texts = texts_by_recipient(smtp_server)
    headlines = {
        "jatim": "PMI ilegal asal Malang digagalkan",
        "kalbar": "Sindikat scam Kamboja dibongkar di Pontianak",
        "ntt": "Eksploitasi seksual di Kupang terungkap",
        "open": "Dugaan TPPO di Nunukan",
        "old": "Kasus lama Surabaya",
    }
    expected = {
        "jatim@pantau.test": {"jatim"},
        "scam@pantau.test": {"kalbar"},
        "kalbar-ntt@pantau.test": {"ntt"},
        "all@pantau.test": {"jatim", "kalbar", "ntt"},
    }
    for recipient, keys in expected.items():
        shown = {k for k, h in headlines.items() if h in texts[recipient]}
        assert shown == keys, recipient
    # pending counts follow the same filters: the open Nunukan case is online_scam in 65
    assert "1 insiden menunggu tinjauan" in texts["scam@pantau.test"]
    assert "0 insiden menunggu tinjauan" in texts["jatim@pantau.test"]
    assert "1 insiden menunggu tinjauan" in texts["all@pantau.test"]
    # month totals include the earlier confirmation in the same month
    assert "2 insiden · 6 korban" in texts["jatim@pantau.test"]
    assert "4 insiden · 12 korban" in texts["all@pantau.test"]


def test_each_subscriber_gets_their_local_day_at_their_local_time(
    store_url, queue, smtp_server, digest_config
):
    # 07:00 local on 28 Nov is 27 Nov 22:00 UTC in WIT, 23:00 UTC in WITA, 00:00 UTC (28th) in WIB
    add_incident(
        queue,
        title="Kasus dikonfirmasi 21.59 UTC",
        code="91.01",
        modus="other",
        confirm_at=datetime(2026, 11, 27, 21, 59, tzinfo=Z),
    )
    add_incident(
        queue,
        title="Kasus dikonfirmasi 22.30 UTC",
        code="91.01",
        modus="other",
        confirm_at=datetime(2026, 11, 27, 22, 30, tzinfo=Z),
    )
    subscribe(store_url, "wib@pantau.test", tz="WIB")
    subscribe(store_url, "wita@pantau.test", tz="WITA")
    subscribe(store_url, "wit@pantau.test", tz="WIT")

    def sent_now(hour_utc: int, day: int = 27) -> list[str]:
        report = run_digest(
            store_url,
            now=datetime(2026, 11, day, hour_utc, 30, tzinfo=Z),
            config=digest_config,
        )
        return sorted(r.recipient for r in report.by_status("sent"))

    assert sent_now(21) == []  # 06:30 WIT
    assert sent_now(22) == ["wit@pantau.test"]  # 07:30 WIT, 06:30 WITA
    assert sent_now(23) == ["wita@pantau.test"]
    assert sent_now(0, day=28) == ["wib@pantau.test"]
    assert sent_now(1, day=28) == []
    msgs = {m["To"]: m for m in smtp_server.handler.parsed()}
    assert {m["X-Pantau-Digest-Date"] for m in msgs.values()} == {"2026-11-28"}
    assert msgs["wit@pantau.test"]["Date"].endswith("+0900")
    assert msgs["wita@pantau.test"]["Date"].endswith("+0800")
    texts = {k: m.get_body(("plain",)).get_content() for k, m in msgs.items()}
    # WIT's day ended at 22:00 UTC: the 22:30 confirmation belongs to its next digest
    assert "21.59" in texts["wit@pantau.test"]
    assert "22.30" not in texts["wit@pantau.test"]
    assert "21.59" in texts["wib@pantau.test"]
    assert "22.30" in texts["wib@pantau.test"]
    assert "07:00 WIT" in texts["wit@pantau.test"]
    assert "07:00 WITA" in texts["wita@pantau.test"]


def test_next_day_starts_where_the_last_digest_ended(
    store_url, queue, smtp_server, digest_config
):
    subscribe(store_url, "ana@pantau.test", time="07:00")
    # sent early by hand at 05:00 WIB with --date: that day's window is cut at 05:00
    early = datetime(2026, 11, 27, 22, 0, tzinfo=Z)
    run_digest(store_url, date=dt.date(2026, 11, 28), now=early, config=digest_config)
    add_incident(
        queue,
        title="Dikonfirmasi pukul enam pagi",
        code="32.03",
        modus="other",
        confirm_at=datetime(2026, 11, 27, 23, 0, tzinfo=Z),
    )
    run_digest(
        store_url, now=datetime(2026, 11, 29, 0, 5, tzinfo=Z), config=digest_config
    )
    first, second = smtp_server.handler.parsed()
    assert (
        "Dikonfirmasi pukul enam pagi" not in first.get_body(("plain",)).get_content()
    )
    assert "Dikonfirmasi pukul enam pagi" in second.get_body(("plain",)).get_content()
    with Store(store_url) as store:
        rows = Outbox(store.engine).rows()
    assert rows[0].window_end == "2026-11-27T22:00:00+00:00"
    assert rows[1].window_start == rows[0].window_end
    assert rows[1].window_end == "2026-11-29T00:00:00+00:00"


def test_window_without_history_is_the_day_before_at_send_time() -> None:
    sub = make_subscriber("a@pantau.test", time="06:30", tz="WITA")
    start, end = digest_window(
        sub, dt.date(2026, 11, 28), now=datetime(2026, 12, 1, tzinfo=Z)
    )
    assert (start, end) == (
        datetime(2026, 11, 26, 22, 30, tzinfo=Z),
        datetime(2026, 11, 27, 22, 30, tzinfo=Z),
    )


def test_nothing_new_sends_a_short_note_or_nothing_by_setting(
    store_url, queue, smtp_server, digest_config
):
    subscribe(store_url, "wants@pantau.test", send_empty=True)
    subscribe(store_url, "quiet@pantau.test", send_empty=False)
    report = run_digest(
        store_url, now=datetime(2026, 11, 28, 1, 0, tzinfo=Z), config=digest_config
    )
    assert [(r.recipient, r.status) for r in report.results] == [
        ("quiet@pantau.test", "skipped"),
        ("wants@pantau.test", "sent"),
    ]
    (msg,) = smtp_server.handler.parsed()
    assert msg["To"] == "wants@pantau.test"
    assert msg["Subject"].startswith("Pantau · Tidak ada insiden baru")
    with Store(store_url) as store:
        statuses = {r.recipient: r.status for r in Outbox(store.engine).rows()}
    assert statuses == {"quiet@pantau.test": "skipped", "wants@pantau.test": "sent"}
    again = run_digest(
        store_url, now=datetime(2026, 11, 28, 2, 0, tzinfo=Z), config=digest_config
    )
    assert {r.status for r in again.results} == {"already"}


def test_dry_run_writes_eml_and_html_and_touches_nothing(
    store_url, three_incidents, smtp_server, digest_config, tmp_path
):
    subscribe(store_url, "ana@pantau.test", provinces=["35"])
    subscribe(store_url, "budi@pantau.test", lang="en")
    out = tmp_path / "out"
    report = run_digest(
        store_url,
        dry_run_dir=out,
        now=datetime(2026, 11, 28, 1, 0, tzinfo=Z),
        config=digest_config,
    )
    assert report.ok
    assert str(out) in report.summary()
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "2026-11-28_ana_at_pantau.test.eml",
        "2026-11-28_ana_at_pantau.test.html",
        "2026-11-28_budi_at_pantau.test.eml",
        "2026-11-28_budi_at_pantau.test.html",
    ]
    msg = message_from_bytes((out / names[0]).read_bytes(), policy=policy.default)
    assert msg["To"] == "ana@pantau.test"
    assert msg.get_content_type() == "multipart/alternative"
    assert "PMI ilegal asal Malang digagalkan" in (out / names[1]).read_text(
        encoding="utf-8"
    )
    assert smtp_server.handler.data_calls == 0
    with Store(store_url) as store:
        assert Outbox(store.engine).rows() == []


def test_dry_run_without_subscribers_writes_a_preview_of_the_last_day(
    store_url, three_incidents, tmp_path
):
    report = run_digest(
        store_url,
        dry_run_dir=tmp_path,
        now=datetime(2026, 11, 27, 12, 0, tzinfo=Z),
        config=DigestConfig(),
    )
    (result,) = report.results
    assert result.recipient == PREVIEW_RECIPIENT
    assert result.incidents == 3
    assert [p.suffix for p in result.files] == [".eml", ".html"]
    assert all(p.exists() for p in result.files)


def test_real_send_without_smtp_config_is_a_clear_error(store_url, queue) -> None:
    subscribe(store_url, "ana@pantau.test")
    with pytest.raises(ConfigError, match="PANTAU_SMTP_HOST"):
        run_digest(
            store_url, now=datetime(2026, 11, 28, 1, 0, tzinfo=Z), config=DigestConfig()
        )


def test_a_broken_subscriber_row_is_reported_and_does_not_block_others(
    store_url, queue, smtp_server, digest_config
):
    subscribe(store_url, "ana@pantau.test")
    subscribe(store_url, "broken@pantau.test")
    from review.digest_schema import subscribers

    with Store(store_url) as store, store.engine.begin() as conn:
        # a hand edit of the database left an impossible time zone
        conn.execute(
            subscribers.update()
            .where(subscribers.c.email == "broken@pantau.test")
            .values(tz="Mars/Olympus")
        )
    report = run_digest(
        store_url, now=datetime(2026, 11, 28, 1, 0, tzinfo=Z), config=digest_config
    )
    assert [(r.recipient, r.status) for r in report.results] == [
        ("broken@pantau.test", "failed"),
        ("ana@pantau.test", "sent"),
    ]
    assert "Mars/Olympus" in report.results[0].error
    assert report.exit_code == 1
    assert "FAILED" in report.summary()
    assert [m["To"] for m in smtp_server.handler.parsed()] == ["ana@pantau.test"]


def test_after_missed_days_the_next_digest_covers_the_gap() -> None:
    sub = make_subscriber("a@pantau.test", time="07:00", tz="WIB")
    last_end = datetime(2026, 11, 25, 0, 0, tzinfo=Z)  # the 25 November digest
    start, end = digest_window(
        sub,
        dt.date(2026, 11, 28),
        now=datetime(2026, 11, 28, 1, tzinfo=Z),
        previous_end=last_end,
    )
    assert (start, end) == (last_end, datetime(2026, 11, 28, 0, 0, tzinfo=Z))
    # after a pause of more than a week the digest is one day again
    start, _ = digest_window(
        sub,
        dt.date(2026, 11, 28),
        now=datetime(2026, 11, 28, 1, tzinfo=Z),
        previous_end=datetime(2026, 11, 1, 0, 0, tzinfo=Z),
    )
    assert start == datetime(2026, 11, 27, 0, 0, tzinfo=Z)


def test_a_future_date_is_not_sent_early(store_url, queue, smtp_server, digest_config):
    subscribe(store_url, "ana@pantau.test", tz="WIB")
    now = datetime(2026, 11, 28, 1, 0, tzinfo=Z)  # 28 November in Jakarta
    report = run_digest(
        store_url, date=dt.date(2026, 11, 29), now=now, config=digest_config
    )
    assert [r.status for r in report.results] == ["not_due"]
    assert smtp_server.handler.data_calls == 0
    later = run_digest(
        store_url, now=datetime(2026, 11, 29, 1, 0, tzinfo=Z), config=digest_config
    )
    assert [(r.digest_date, r.status) for r in later.results] == [
        (dt.date(2026, 11, 29), "sent")
    ]
