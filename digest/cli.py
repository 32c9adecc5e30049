"""`pantau subscriber add|list|remove` and `pantau digest send`: parse, call, map to an exit code."""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digest.subscriptions import Subscriber

logger = logging.getLogger(__name__)


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from exc


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub = subparsers.add_parser("subscriber", help="manage daily digest subscribers")
    sub_cmds = sub.add_subparsers(
        dest="subscriber_command", metavar="ACTION", required=True
    )

    add = sub_cmds.add_parser(
        "add", help="add a subscriber (or change an existing one)"
    )
    add.add_argument("email")
    where = add.add_argument_group("what to receive")
    where.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="CODE|NAME",
        help="province code (35), name (Jawa Timur) or short form (Jatim); "
        "repeat or comma-separate; omit or 'all' for all of Indonesia",
    )
    where.add_argument(
        "--modus",
        action="append",
        default=[],
        metavar="ID",
        help="modus id (online_scam, irregular_migrant_work, ...); omit for all",
    )
    where.add_argument(
        "--send-empty",
        dest="send_empty",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="send a short 'nothing new' email on quiet days",
    )
    when = add.add_argument_group("when and how")
    when.add_argument(
        "--time", default="07:00", help="local send time HH:MM (default 07:00)"
    )
    when.add_argument(
        "--tz",
        default="Asia/Jakarta",
        help="WIB, WITA, WIT or an IANA zone (default Asia/Jakarta)",
    )
    when.add_argument(
        "--lang", choices=("id", "en"), default="id", help="email language"
    )
    add.set_defaults(func=cmd_subscriber_add)

    lst = sub_cmds.add_parser("list", help="list subscribers")
    lst.set_defaults(func=cmd_subscriber_list)

    rm = sub_cmds.add_parser("remove", help="remove a subscriber")
    rm.add_argument("email")
    rm.set_defaults(func=cmd_subscriber_remove)

    dig = subparsers.add_parser("digest", help="send the daily digest emails")
    dig_cmds = dig.add_subparsers(
        dest="digest_command", metavar="ACTION", required=True
    )
    send = dig_cmds.add_parser(
        "send", help="send digests that are due (each subscriber once per local day)"
    )
    send.add_argument(
        "--date",
        type=_date,
        default=None,
        help="digest date YYYY-MM-DD (default: each subscriber's local today, "
        "once their send time has passed)",
    )
    send.add_argument(
        "--dry-run",
        action="store_true",
        help="write .eml and .html files instead of sending; the database is not changed",
    )
    send.add_argument(
        "--out", default="out/digest", help="folder for --dry-run (default out/digest)"
    )
    send.add_argument(
        "--retry-failed",
        action="store_true",
        help="also re-send messages that had given up after too many attempts",
    )
    send.set_defaults(func=cmd_digest_send)
    status = dig_cmds.add_parser(
        "status", help="show the outbox: what was sent, what waits"
    )
    status.add_argument(
        "--date", type=_date, default=None, help="only this digest date"
    )
    status.set_defaults(func=cmd_digest_status)


def _describe(sub: Subscriber) -> str:
    from digest.build import scope_text

    modus = ",".join(sub.modus) or "all"
    empty = "send-empty" if sub.send_empty else "no-send-empty"
    return (
        f"{sub.email}\t{scope_text(sub.provinces, 'en')}\tmodus={modus}\t"
        f"{sub.send_time} {sub.tz}\t{sub.lang}\t{empty}"
    )


def cmd_subscriber_add(args: argparse.Namespace) -> int:
    from digest.exceptions import SubscriberError
    from digest.subscriptions import Subscriptions, make_subscriber
    from review.store import Store

    try:
        sub = make_subscriber(
            args.email,
            provinces=args.province,
            modus=args.modus,
            time=args.time,
            tz=args.tz,
            lang=args.lang,
            send_empty=args.send_empty,
        )
    except SubscriberError as exc:
        print(f"pantau subscriber add: {exc}", file=sys.stderr)
        return 2
    with Store() as store:
        stored, created = Subscriptions(store.engine).upsert(sub)
    print(("added   " if created else "updated ") + _describe(stored))
    return 0


def cmd_subscriber_list(args: argparse.Namespace) -> int:
    from digest.subscriptions import Subscriptions
    from review.store import Store

    with Store() as store:
        subs = Subscriptions(store.engine).all()
    for sub in subs:
        print(_describe(sub))
    if not subs:
        print(
            "no subscribers (add one with: pantau subscriber add EMAIL --province 35)",
            file=sys.stderr,
        )
    return 0


def cmd_subscriber_remove(args: argparse.Namespace) -> int:
    from digest.subscriptions import Subscriptions
    from review.store import Store

    with Store() as store:
        removed = Subscriptions(store.engine).remove(args.email)
    if not removed:
        print(f"pantau subscriber remove: no subscriber {args.email}", file=sys.stderr)
        return 1
    print(f"removed {args.email}")
    return 0


def cmd_digest_send(args: argparse.Namespace) -> int:
    from digest.exceptions import ConfigError
    from digest.jobs import run_digest
    from review.store import database_url

    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        report = run_digest(
            database_url(),
            date=args.date,
            dry_run_dir=args.out if args.dry_run else None,
            retry_failed=args.retry_failed,
        )
    except ConfigError as exc:
        print(f"pantau digest send: {exc}", file=sys.stderr)
        return 2
    print(report.summary())
    return report.exit_code


def cmd_digest_status(args: argparse.Namespace) -> int:
    from digest.outbox import Outbox
    from review.store import Store

    with Store() as store:
        rows = Outbox(store.engine).rows(args.date)
    for row in rows:
        line = (
            f"{row.digest_date}\t{row.recipient}\t{row.status}\t"
            f"{row.incident_count} incident(s)\tattempts={row.attempts}"
        )
        if row.status == "sent":
            line += f"\tsent {row.sent_at}"
        elif row.last_error:
            line += f"\tnext {row.next_attempt_at or '-'}\t{row.last_error}"
        print(line)
    if not rows:
        print("outbox is empty", file=sys.stderr)
    return 1 if any(r.status == "failed" for r in rows) else 0
