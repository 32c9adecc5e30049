"""pantau serve [--host 127.0.0.1 --port 8000]: run the reviewer web app with uvicorn."""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path
from typing import Any


def _local_secret(database_url: str | None) -> str | None:
    """For a local SQLite store only: a random key kept beside the database file (mode
    0600),
    made on first use, so `make run` then `pantau serve` works without setup. A server
    database (PostgreSQL) needs PANTAU_SECRET_KEY set explicitly."""
    from review.store import database_url as default_url

    url = sa_url(database_url or default_url())
    if (
        url.get_backend_name() != "sqlite"
        or not url.database
        or url.database == ":memory:"
    ):
        return None
    path = Path(url.database).resolve().parent / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(48))
        print(
            f"made a random session key in {path} (set PANTAU_SECRET_KEY to override)",
            file=sys.stderr,
        )
    return path.read_text().strip()


def sa_url(url: str) -> Any:
    import sqlalchemy as sa

    return sa.engine.make_url(url)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from review.cli import model_threshold
    from webapp.app import create_app
    from webapp.config import AppConfig, ConfigError

    overrides: dict[str, Any] = {"threshold": model_threshold()}
    if args.database_url:
        overrides["database_url"] = args.database_url
    if args.ephemeral_secret:
        # explicit opt-in for a demo: sessions die with the process
        overrides["secret_key"] = secrets.token_urlsafe(32)
    elif not os.environ.get("PANTAU_SECRET_KEY"):
        key = _local_secret(args.database_url or os.environ.get("PANTAU_DATABASE_URL"))
        if key:
            overrides["secret_key"] = key
    try:
        config = AppConfig.from_env(**overrides)
    except ConfigError as exc:
        print(
            f"error: {exc}\n(or run `pantau serve --ephemeral-secret` for a throwaway demo "
            "key)",
            file=sys.stderr,
        )
        return 2
    app = create_app(config)
    print(
        f"Pantau review app on http://{args.host}:{args.port}/ "
        f"(store {app.state.store.safe_url}); create an account with "
        "`pantau user add EMAIL --role reviewer`",
        file=sys.stderr,
    )
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        proxy_headers=False,
        server_header=False,
    )
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("serve", help="run the reviewer web app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL (default: PANTAU_DATABASE_URL or data/pantau.db)",
    )
    p.add_argument(
        "--ephemeral-secret",
        action="store_true",
        help="sign sessions with a random key for this run (no PANTAU_SECRET_KEY)",
    )
    p.add_argument("--log-level", default="info")
    p.set_defaults(func=cmd_serve)
