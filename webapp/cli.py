"""pantau serve [--host 127.0.0.1 --port 8000]: run the reviewer web app with uvicorn."""

from __future__ import annotations

import argparse
import secrets
import sys
from typing import Any


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
    try:
        config = AppConfig.from_env(**overrides)
    except ConfigError as exc:
        print(f"error: {exc}\n(or run `pantau serve --ephemeral-secret` for a local demo)",
              file=sys.stderr)
        return 2
    app = create_app(config)
    print(f"Pantau review app on http://{args.host}:{args.port}/ "
          f"(store {app.state.store.safe_url}); create an account with "
          "`pantau user add EMAIL --role reviewer`", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level,
                proxy_headers=False, server_header=False)
    return 0


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("serve", help="run the reviewer web app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--database-url", default=None,
                   help="SQLAlchemy URL (default: PANTAU_DATABASE_URL or data/pantau.db)")
    p.add_argument("--ephemeral-secret", action="store_true",
                   help="sign sessions with a random key for this run (no PANTAU_SECRET_KEY)")
    p.add_argument("--log-level", default="info")
    p.set_defaults(func=cmd_serve)
