"""Sending through a real SMTP server on 127.0.0.1: headers, MIME, idempotence, failures, TLS."""

from __future__ import annotations

import datetime as dt
import logging
import ssl
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from digest.config import DigestConfig, SmtpConfig
from digest.exceptions import ConfigError, SendError
from digest.jobs import RetryPolicy, run_digest
from digest.outbox import Outbox
from digest.send import SmtpSender
from digest.subscriptions import Subscriptions, make_subscriber
from review.store import Store
from tests.digest.conftest import Recorder, add_incident, free_port

NOW = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 08:00 WIB on 28 November
FAST = RetryPolicy(tries_per_run=3, delay=0.5)


def subscribe(store_url: str, email: str, **kw) -> None:
    with Store(store_url) as store:
        Subscriptions(store.engine).upsert(make_subscriber(email, **kw))


def outbox_rows(store_url: str):
    with Store(store_url) as store:
        return Outbox(store.engine).rows()


@pytest.fixture
def one_incident(queue):
    return add_incident(
        queue,
        title="Polisi gagalkan pengiriman SR (17) ke Malaysia",
        code="35.07",
        modus="irregular_migrant_work",
        confirm_at=datetime(2026, 11, 27, 3, 0, tzinfo=UTC),
    )


def attempts(report):
    """Results of messages tried in this run (not the subscribers already done)."""
    return [r for r in report.results if r.status in ("sent", "retry", "failed")]


def run(store_url, config, *, now=NOW, sleeps=None, **kw):
    return run_digest(
        store_url,
        now=now,
        config=config,
        retry=kw.pop("retry", FAST),
        sleep=(sleeps.append if sleeps is not None else (lambda s: None)),
        **kw,
    )


def test_message_arrives_with_both_parts_and_headers(
    store_url, queue, one_incident, smtp_server, digest_config
):
    subscribe(store_url, "Ana@Pantau.Test", provinces=["35"])
    report = run(store_url, digest_config)
    assert report.ok
    assert [r.status for r in report.results] == ["sent"]
    (envelope,) = smtp_server.handler.messages
    assert envelope.mail_from == "pantau@pantau.test"
    assert envelope.rcpt_tos == ["ana@pantau.test"]
    (msg,) = smtp_server.handler.parsed()
    assert msg["From"] == "Pantau <pantau@pantau.test>"
    assert msg["To"] == "Ana@pantau.test"
    assert (
        msg["Subject"]
        == "Pantau · 1 insiden TPPO baru terkonfirmasi · Sabtu, 28 November 2026"
    )
    assert parsedate_to_datetime(msg["Date"]) == NOW
    assert msg["Date"].endswith("+0700")
    (row,) = outbox_rows(store_url)
    assert msg["Message-ID"] == row.message_id
    assert row.message_id.startswith("<digest.20261128.")
    assert row.message_id.endswith("@pantau.test>")
    assert row.status == "sent"
    assert row.attempts == 1
    assert row.sent_at is not None
    assert msg.get_content_type() == "multipart/alternative"
    parts = list(msg.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in parts)
    text, html = (p.get_content() for p in parts)
    assert "[nama disamarkan] (17)" in text
    assert "SR (17)" not in text
    assert "https://app.pantau.test/incidents/" in html
    assert "https://warta.test/berita/" in html


def test_second_run_sends_nothing(
    store_url, queue, one_incident, smtp_server, digest_config
):
    subscribe(store_url, "ana@pantau.test")
    subscribe(store_url, "budi@pantau.test", lang="en")
    first = run(store_url, digest_config)
    assert sorted(r.status for r in first.results) == ["sent", "sent"]
    second = run(store_url, digest_config, now=NOW + timedelta(hours=3))
    third = run(store_url, digest_config, date=dt.date(2026, 11, 28))
    assert [r.status for r in second.results] == ["already", "already"]
    assert [r.status for r in third.results] == ["already", "already"]
    assert smtp_server.handler.data_calls == 2
    assert sorted(m["To"] for m in smtp_server.handler.parsed()) == [
        "ana@pantau.test",
        "budi@pantau.test",
    ]
    # removing and re-adding the address does not re-send the day either
    with Store(store_url) as store:
        Subscriptions(store.engine).remove("ana@pantau.test")
    subscribe(store_url, "ana@pantau.test")
    assert [r.status for r in run(store_url, digest_config).results] == [
        "already",
        "already",
    ]
    assert smtp_server.handler.data_calls == 2


def test_temporary_refusal_is_retried_with_back_off(
    store_url, queue, one_incident, smtp_server, digest_config
):
    subscribe(store_url, "ana@pantau.test")
    smtp_server.handler.script = ["451 4.3.0 mailbox busy", "451 4.3.0 mailbox busy"]
    sleeps: list[float] = []
    report = run(store_url, digest_config, sleeps=sleeps)
    (result,) = report.results
    assert result.status == "sent"
    assert result.attempts == 3
    assert sleeps == [0.5, 1.0]
    assert "after 3 attempts" in report.summary()
    assert len(smtp_server.handler.messages) == 1
    assert outbox_rows(store_url)[0].status == "sent"


def test_refusing_server_is_reported_and_the_outbox_keeps_the_message(
    store_url, queue, one_incident, smtp_server, digest_config
):
    subscribe(store_url, "ana@pantau.test")
    smtp_server.handler.script = ["451 4.3.0 try later"] * 3
    report = run(store_url, digest_config)
    assert not report.ok
    assert report.exit_code == 1
    (result,) = report.results
    assert result.status == "retry"
    assert result.attempts == 3
    assert "451" in result.error
    assert "try later" in result.error
    assert (
        "RETRY  2026-11-28 ana@pantau.test: attempt 3: SMTP server replied 451"
        in report.summary()
    )
    (row,) = outbox_rows(store_url)
    assert row.status == "pending"
    assert row.attempts == 3
    assert "451" in row.last_error
    assert b"multipart/alternative" in row.message
    assert datetime.fromisoformat(row.next_attempt_at) > NOW
    # before the back-off has passed nothing is tried; after it the same message goes out once
    assert attempts(run(store_url, digest_config, now=NOW + timedelta(minutes=1))) == []
    assert smtp_server.handler.data_calls == 3
    later = run(store_url, digest_config, now=NOW + timedelta(hours=2))
    assert [r.status for r in attempts(later)] == ["sent"]
    (msg,) = smtp_server.handler.parsed()
    assert msg["Message-ID"] == row.message_id
    assert attempts(run(store_url, digest_config, now=NOW + timedelta(hours=3))) == []
    assert smtp_server.handler.data_calls == 4


def test_permanent_refusal_is_not_hammered(
    store_url, queue, one_incident, smtp_server, digest_config
):
    subscribe(store_url, "ana@pantau.test")
    smtp_server.handler.script = ["554 5.7.1 relay denied"]
    report = run(store_url, digest_config)
    (result,) = report.results
    assert result.status == "retry"
    assert result.attempts == 1
    assert "554" in result.error
    assert smtp_server.handler.data_calls == 1
    (row,) = outbox_rows(store_url)
    assert row.status == "pending"
    assert row.message
    assert "554 5.7.1 relay denied" in row.last_error


def test_dropped_connection_is_retried_on_a_new_connection(
    store_url, queue, one_incident, smtp_server, digest_config
):
    subscribe(store_url, "ana@pantau.test")
    subscribe(store_url, "budi@pantau.test")
    smtp_server.handler.script = ["drop"]
    report = run(store_url, digest_config)
    assert [r.status for r in report.results] == ["sent", "sent"]
    assert report.results[0].attempts == 2
    assert report.results[1].attempts == 1
    assert sorted(m["To"] for m in smtp_server.handler.parsed()) == [
        "ana@pantau.test",
        "budi@pantau.test",
    ]


def test_unreachable_server_is_reported(store_url, queue, one_incident):
    subscribe(store_url, "ana@pantau.test")
    config = DigestConfig(
        from_addr="pantau@pantau.test",
        smtp=SmtpConfig(host="127.0.0.1", port=free_port(), security="none", timeout=2),
    )
    report = run(store_url, config)
    (result,) = report.results
    assert result.status == "retry"
    assert result.attempts == 3
    assert "cannot reach SMTP server 127.0.0.1" in result.error
    assert outbox_rows(store_url)[0].status == "pending"


def test_gives_up_after_max_attempts_and_can_be_requeued(
    store_url, queue, one_incident, smtp_server, digest_config
):
    subscribe(store_url, "ana@pantau.test")
    smtp_server.handler.script = ["554 5.0.0 no"] * 2
    policy = RetryPolicy(
        tries_per_run=1, delay=0, later=timedelta(minutes=1), max_attempts=2
    )
    run(store_url, digest_config, retry=policy)
    report = run(store_url, digest_config, now=NOW + timedelta(minutes=5), retry=policy)
    assert [(r.status, r.attempts) for r in attempts(report)] == [("failed", 2)]
    assert "FAILED" in report.summary()
    assert outbox_rows(store_url)[0].status == "failed"
    assert (
        attempts(
            run(store_url, digest_config, now=NOW + timedelta(hours=5), retry=policy)
        )
        == []
    )
    again = run(
        store_url,
        digest_config,
        now=NOW + timedelta(hours=5),
        retry=policy,
        retry_failed=True,
    )
    assert [r.status for r in attempts(again)] == ["sent"]
    assert len(smtp_server.handler.messages) == 1


class CrashAfter:
    """Wraps a sender and dies like a killed process on the n-th message."""

    def __init__(self, inner: SmtpSender, n: int) -> None:
        self.inner, self.n, self.calls = inner, n, 0

    def send(self, message, from_addr, to_addrs):
        self.calls += 1
        if self.calls == self.n:
            raise SystemExit("killed")
        self.inner.send(message, from_addr, to_addrs)

    def close(self):
        self.inner.close()


def test_a_crash_half_way_loses_nothing_and_sends_nothing_twice(
    store_url, queue, one_incident, smtp_server, digest_config
):
    for name in ("ana", "budi", "cici"):
        subscribe(store_url, f"{name}@pantau.test")
    sender = CrashAfter(SmtpSender(smtp_server.config), 2)
    with pytest.raises(SystemExit):
        run(store_url, digest_config, sender=sender)
    sender.close()
    rows = outbox_rows(store_url)
    assert [r.status for r in rows] == ["sent", "pending", "pending"]
    assert all(r.message for r in rows)
    # the killed run's lease on the second row expires; the next run finishes the day
    report = run(store_url, digest_config, now=NOW + timedelta(minutes=15))
    assert sorted(r.status for r in report.results) == [
        "already",
        "already",
        "already",
        "sent",
        "sent",
    ]
    assert sorted(m["To"] for m in smtp_server.handler.parsed()) == [
        "ana@pantau.test",
        "budi@pantau.test",
        "cici@pantau.test",
    ]


def test_a_row_claimed_by_another_run_is_left_alone_until_its_lease_ends(
    store_url, queue, one_incident, smtp_server, digest_config
):
    subscribe(store_url, "ana@pantau.test")
    with pytest.raises(
        SystemExit
    ):  # this run claimed the row, then died before sending
        run(
            store_url,
            digest_config,
            sender=CrashAfter(SmtpSender(smtp_server.config), 1),
        )
    assert attempts(run(store_url, digest_config, now=NOW + timedelta(minutes=2))) == []
    assert smtp_server.handler.data_calls == 0
    later = run(store_url, digest_config, now=NOW + timedelta(minutes=11))
    assert [r.status for r in attempts(later)] == ["sent"]
    assert smtp_server.handler.data_calls == 1


# -- TLS and authentication --------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime.now(UTC) - timedelta(days=1))
        .not_valid_after(datetime.now(UTC) + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


PASSWORD = "s3cret-Pa55-word"


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = auth_data.login == b"pantau" and auth_data.password == PASSWORD.encode()
    return AuthResult(success=ok, handled=False)


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_with_login_and_the_password_stays_secret(
    security, certificate, store_url, queue, one_incident, caplog
):
    cert, key = certificate
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    client_ctx = ssl.create_default_context(cafile=str(cert))
    handler = Recorder()
    port = free_port()
    # aiosmtpd does not see implicit TLS as TLS for its AUTH rule; the socket is TLS anyway
    kwargs = {
        "authenticator": _authenticator,
        "auth_require_tls": security == "starttls",
    }
    if security == "starttls":
        controller = Controller(
            handler,
            hostname="127.0.0.1",
            port=port,
            tls_context=server_ctx,
            require_starttls=True,
            **kwargs,
        )
    else:
        controller = Controller(
            handler,
            hostname="127.0.0.1",
            port=port,
            ssl_context=server_ctx,
            server_hostname="127.0.0.1",
            **kwargs,
        )
    controller.start()
    try:
        smtp = SmtpConfig(
            host="127.0.0.1",
            port=port,
            security=security,
            user="pantau",
            password=PASSWORD,
            timeout=5,
        )
        config = DigestConfig(from_addr="pantau@pantau.test", smtp=smtp)
        subscribe(store_url, "ana@pantau.test")
        caplog.set_level(logging.DEBUG)
        with SmtpSender(smtp, ssl_context=client_ctx) as sender:
            report = run(store_url, config, sender=sender)
        assert [r.status for r in report.results] == ["sent"]
        assert len(handler.messages) == 1
        assert PASSWORD not in repr(config)
        assert PASSWORD not in caplog.text
        assert PASSWORD not in report.summary()
        db_file = Path(sa.engine.make_url(store_url).database)
        assert PASSWORD.encode() not in db_file.read_bytes()
        # a wrong password is a clear, permanent error
        bad = SmtpConfig(
            host="127.0.0.1",
            port=port,
            security=security,
            user="pantau",
            password="wrong",
            timeout=5,
        )
        with (
            pytest.raises(SendError, match="login refused") as err,
            SmtpSender(bad, ssl_context=client_ctx) as s,
        ):
            s.send(b"Subject: x\r\n\r\nx", "pantau@pantau.test", ["ana@pantau.test"])
        assert err.value.transient is False
    finally:
        controller.stop()


def test_starttls_required_but_not_offered(smtp_server):
    cfg = SmtpConfig(
        host="127.0.0.1", port=smtp_server.port, security="starttls", timeout=5
    )
    with (
        pytest.raises(ConfigError, match="does not offer STARTTLS"),
        SmtpSender(cfg) as sender,
    ):
        sender.send(b"Subject: x\r\n\r\nx", "a@pantau.test", ["b@pantau.test"])
