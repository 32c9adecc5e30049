"""pantau migrate | user | group | export (thin: parse, call the library, exit code)."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from review.queue import ReviewQueue
    from review.store import Store


def _store(args: argparse.Namespace) -> Store:
    from review.store import Store

    return Store(getattr(args, "database_url", None))


def model_threshold(environ: dict[str, str] | None = None) -> float:
    """The decision threshold in the current model card, else 0.5 (no model trained yet)."""
    env = os.environ if environ is None else environ
    root = Path(env.get("PANTAU_MODEL_DIR") or "models")
    try:
        version = (root / "CURRENT").read_text().strip()
        card = json.loads((root / version / "card.json").read_text())
        value = card.get("threshold")
        if isinstance(value, dict):
            value = value.get("value")
        return float(value) if value is not None else 0.5
    except (OSError, ValueError, TypeError):
        return 0.5


def _queue(args: argparse.Namespace) -> ReviewQueue:
    from review.queue import ReviewQueue

    return ReviewQueue(
        _store(args),
        threshold=model_threshold(),
        min_score=getattr(args, "min_score", None),
    )


def cmd_migrate(args: argparse.Namespace) -> int:
    from review.store import Store

    store = Store(args.database_url, migrate=False)
    ran = store.migrate()
    print(
        f"{store.safe_url}: applied {', '.join(ran) if ran else 'nothing (up to date)'}"
    )
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Repeat: ") != first:
        raise SystemExit("passwords differ")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    from review.users import UserError, Users

    password = _read_password(args)
    try:
        user_id = Users(_store(args)).add(args.email, password, args.role)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"created user {user_id}: {args.email.strip().lower()} ({args.role})")
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from review.users import Users

    for u in Users(_store(args)).list():
        state = "active" if u["active"] else "disabled"
        print(
            f"{u['id']:>4}  {u['email']:<40} {u['role']:<12} {state:<9} "
            f"last login {u['last_login'] or 'never'}"
        )
    return 0


def cmd_user_password(args: argparse.Namespace) -> int:
    from review.users import UserError, Users

    try:
        Users(_store(args)).set_password(args.email, _read_password(args))
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"password changed for {args.email}; their sessions are signed out")
    return 0


def cmd_group(args: argparse.Namespace) -> int:
    queue = _queue(args)
    report = queue.group_new(limit=args.limit)
    print(
        f"grouped {report.articles} articles: {report.new_incidents} new incidents, "
        f"{report.joined_existing} joined earlier ones; {report.relations} "
        f"in {report.seconds:.1f}s"
    )
    counts: dict[str, Any] = queue.stats()["status_counts"]
    print(
        "incidents: "
        + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none")
        + f"; pending review {queue.pending_count()}"
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from review.exports import export

    status = None if args.status == "all" else args.status
    text = export(_queue(args), args.format, status)
    if args.output and args.output != "-":
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def register(subparsers: Any) -> None:
    def common(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--database-url",
            default=None,
            help="SQLAlchemy URL (default: PANTAU_DATABASE_URL or data/pantau.db)",
        )
        return p

    p = common(
        subparsers.add_parser("migrate", help="create or upgrade the database schema")
    )
    p.set_defaults(func=cmd_migrate)

    user = subparsers.add_parser("user", help="reviewer accounts")
    usub = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = common(
        usub.add_parser("add", help="create an account (password from prompt or stdin)")
    )
    p.add_argument("email")
    p.add_argument(
        "--role", choices=("reviewer", "coordinator", "admin"), required=True
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    p.set_defaults(func=cmd_user_add)
    p = common(usub.add_parser("list", help="list accounts"))
    p.set_defaults(func=cmd_user_list)
    p = common(usub.add_parser("password", help="change a password"))
    p.add_argument("email")
    p.add_argument("--password-stdin", action="store_true")
    p.set_defaults(func=cmd_user_password)

    p = common(
        subparsers.add_parser(
            "group", help="group new candidate articles into incidents"
        )
    )
    p.add_argument("--limit", type=int, default=None, help="at most this many articles")
    p.add_argument(
        "--min-score",
        type=float,
        default=None,
        help="lowest classifier score admitted to the queue (default: half the model "
        "threshold)",
    )
    p.set_defaults(func=cmd_group)

    p = common(subparsers.add_parser("export", help="export reviewed incidents"))
    p.add_argument(
        "--format", choices=("csv", "json", "geojson", "labels"), default="csv"
    )
    p.add_argument(
        "--status",
        default="confirmed",
        choices=("confirmed", "rejected", "duplicate", "new", "in_review", "all"),
        help="incidents to export (csv/json/geojson; default confirmed)",
    )
    p.add_argument(
        "-o", "--output", default=None, help="file to write (default stdout)"
    )
    p.set_defaults(func=cmd_export)
