"""`pantau serve` configuration: local per-install key, refusal without a secret."""

from __future__ import annotations

import stat

from pantau.cli import main
from webapp.cli import _local_secret


def test_local_sqlite_gets_a_private_random_key(tmp_path):
    url = f"sqlite:///{tmp_path / 'data' / 'pantau.db'}"
    key = _local_secret(url)
    assert key and len(key) >= 48
    assert _local_secret(url) == key
    mode = (tmp_path / "data" / "secret_key").stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert _local_secret("postgresql+psycopg://u:p@127.0.0.1/db") is None


def test_serve_refuses_a_server_database_without_secret(monkeypatch, capsys):
    monkeypatch.delenv("PANTAU_SECRET_KEY", raising=False)
    code = main(["serve", "--database-url", "postgresql+psycopg://u:p@127.0.0.1:1/db"])
    assert code == 2
    assert "PANTAU_SECRET_KEY" in capsys.readouterr().err
