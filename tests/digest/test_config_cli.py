"""Configuration from environment and file, subscriber validation, and the CLI end to end."""

from __future__ import annotations

from email import message_from_bytes, policy

import pytest

from digest.config import SmtpConfig, load_config
from digest.exceptions import ConfigError, SubscriberError
from digest.subscriptions import make_subscriber
from pantau.cli import main


def test_environment_wins_over_the_file_and_the_password_is_hidden(tmp_path) -> None:
    secret = tmp_path / "pw"
    secret.write_text("from-file-secret\n")
    conf = tmp_path / "digest.toml"
    conf.write_text(
        'app_url = "https://file.example"\nfrom = "Pantau <p@file.example>"\n'
        f'[smtp]\nhost = "smtp.file.example"\nport = 465\nuser = "u"\npassword_file = "{secret}"\n'
    )
    cfg = load_config(
        {"PANTAU_DIGEST_CONFIG": str(conf), "PANTAU_APP_URL": "https://env.example/"}
    )
    assert cfg.app_url == "https://env.example"
    assert cfg.from_addr == "Pantau <p@file.example>"
    assert cfg.smtp == SmtpConfig(
        host="smtp.file.example",
        port=465,
        security="tls",
        user="u",
        password="from-file-secret",
    )
    assert "from-file-secret" not in repr(cfg)
    env_pw = load_config(
        {
            "PANTAU_DIGEST_CONFIG": str(conf),
            "PANTAU_SMTP_PASSWORD": "env-pw",
            "PANTAU_SMTP_PORT": "587",
            "PANTAU_SMTP_SECURITY": "starttls",
        }
    )
    assert env_pw.smtp.password == "env-pw"
    assert env_pw.smtp.port == 587
    assert env_pw.smtp.security == "starttls"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"PANTAU_SMTP_HOST": "smtp.example.org", "PANTAU_SMTP_SECURITY": "none"},
            "loopback",
        ),
        ({"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_PORT": "x"}, "PANTAU_SMTP_PORT"),
        ({"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_USER": "u"}, "PANTAU_SMTP_PASSWORD"),
        (
            {"PANTAU_SMTP_HOST": "h", "PANTAU_SMTP_SECURITY": "ssl3"},
            "PANTAU_SMTP_SECURITY",
        ),
        ({"PANTAU_DIGEST_FROM": "not an address"}, "PANTAU_DIGEST_FROM"),
        ({"PANTAU_APP_URL": "javascript:alert(1)"}, "PANTAU_APP_URL"),
        ({"PANTAU_DIGEST_CONFIG": "/nonexistent/pantau.toml"}, "PANTAU_DIGEST_CONFIG"),
    ],
)
def test_bad_settings_are_named(env, message) -> None:
    with pytest.raises(ConfigError, match=message):
        load_config(env)


def test_no_smtp_host_means_no_smtp() -> None:
    assert load_config({}).smtp is None


def test_subscriber_values_are_normalised() -> None:
    sub = make_subscriber(
        " Ana@Example.ORG ",
        provinces=["Jatim", "53,kalbar", "35"],
        modus=["online-scam"],
        time="7:05",
        tz="wita",
        lang="en",
        send_empty=False,
    )
    assert (sub.email, sub.provinces, sub.modus, sub.send_time, sub.tz) == (
        "Ana@example.org",
        ("35", "53", "61"),
        ("online_scam",),
        "07:05",
        "Asia/Makassar",
    )
    assert make_subscriber("a@b.id", provinces=["all"]).provinces == ()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"provinces": ["Narnia"]}, "unknown province"),
        ({"modus": ["piracy"]}, "unknown modus"),
        ({"time": "25:00"}, "HH:MM"),
        ({"tz": "Mars/Olympus"}, "time zone"),
        ({"lang": "fr"}, "language"),
    ],
)
def test_bad_subscriber_values(kwargs, message) -> None:
    with pytest.raises(SubscriberError, match=message):
        make_subscriber("a@b.id", **kwargs)
    with pytest.raises(SubscriberError, match="not an email"):
        make_subscriber("a@b@c")


@pytest.fixture
def cli_env(monkeypatch, store_url, smtp_server):
    for key in ("PANTAU_DIGEST_CONFIG", "PANTAU_SMTP_USER", "PANTAU_SMTP_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PANTAU_DATABASE_URL", store_url)
    monkeypatch.setenv("PANTAU_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("PANTAU_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("PANTAU_SMTP_SECURITY", "none")
    monkeypatch.setenv("PANTAU_DIGEST_FROM", "Pantau <pantau@pantau.test>")
    monkeypatch.setenv("PANTAU_APP_URL", "https://app.pantau.test")
    return smtp_server


def test_cli_subscriber_add_list_remove(cli_env, capsys) -> None:
    assert (
        main(
            [
                "subscriber",
                "add",
                "ana@pantau.test",
                "--province",
                "Jatim",
                "--province",
                "NTT",
                "--modus",
                "online_scam",
                "--time",
                "06:30",
                "--tz",
                "WITA",
                "--lang",
                "en",
                "--no-send-empty",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith(
        "added   ana@pantau.test\tJawa Timur, Nusa Tenggara Timur"
    )
    assert main(["subscriber", "add", "ana@pantau.test", "--tz", "WIT"]) == 0
    assert capsys.readouterr().out.startswith(
        "updated ana@pantau.test\tAll of Indonesia"
    )
    assert main(["subscriber", "add", "budi@pantau.test"]) == 0
    capsys.readouterr()
    assert main(["subscriber", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "ana@pantau.test\tAll of Indonesia\tmodus=all\t07:00 Asia/Jayapura\tid\tsend-empty",
        "budi@pantau.test\tAll of Indonesia\tmodus=all\t07:00 Asia/Jakarta\tid\tsend-empty",
    ]
    assert main(["subscriber", "remove", "ana@pantau.test"]) == 0
    assert main(["subscriber", "remove", "ana@pantau.test"]) == 1
    assert main(["subscriber", "add", "x@pantau.test", "--province", "Narnia"]) == 2
    assert "unknown province 'Narnia'" in capsys.readouterr().err


def test_cli_digest_send_and_dry_run(cli_env, capsys, tmp_path) -> None:
    assert main(["subscriber", "add", "ana@pantau.test", "--time", "00:00"]) == 0
    out = tmp_path / "eml"
    assert main(["digest", "send", "--dry-run", "--out", str(out)]) == 0
    assert "dry run: 1 digest(s) written to" in capsys.readouterr().out
    (eml,) = out.glob("*.eml")
    assert (
        message_from_bytes(eml.read_bytes(), policy=policy.default)["To"]
        == "ana@pantau.test"
    )
    assert cli_env.handler.data_calls == 0
    assert main(["digest", "send"]) == 0
    assert "digest: 1 sent" in capsys.readouterr().out
    assert main(["digest", "send"]) == 0
    assert "0 sent, 0 skipped (nothing new), 1 already done" in capsys.readouterr().out
    assert len(cli_env.handler.messages) == 1
    cli_env.handler.script = ["554 5.7.1 no"]
    assert main(["digest", "send", "--date", "2026-01-05"]) == 1
    assert (
        "RETRY  2026-01-05 ana@pantau.test: attempt 1: SMTP server replied 554 5.7.1 no"
        in capsys.readouterr().out
    )
    assert main(["digest", "status"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(
        "2026-01-05\tana@pantau.test\tpending\t0 incident(s)\tattempts=1"
    )
    assert lines[0].endswith("SMTP server replied 554 5.7.1 no")
    assert lines[1].split("\t")[1:3] == ["ana@pantau.test", "sent"]


def test_cli_send_without_smtp_is_exit_2(cli_env, monkeypatch, capsys) -> None:
    monkeypatch.delenv("PANTAU_SMTP_HOST")
    assert main(["subscriber", "add", "ana@pantau.test", "--time", "00:00"]) == 0
    assert main(["digest", "send"]) == 2
    assert "no SMTP server configured" in capsys.readouterr().err
