"""`pantau site`: serve the bundled offline news site until Ctrl-C."""

from __future__ import annotations

import argparse
import sys
import time

from newssite.content import ContentError
from newssite.outlets import OUTLETS


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "site",
        help="serve the offline news site (six outlets) for crawling and demos",
        description="Serve the bundled offline news site over HTTP until interrupted.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=8088, help="port (default 8088, 0 = any free)"
    )
    parser.add_argument(
        "--content", default=None, help="directory of article JSON files"
    )
    parser.add_argument(
        "--latency", type=float, default=0.0, help="seconds to delay every response"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from newssite.server import start_site

    try:
        server = start_site(args.host, args.port, args.content, latency=args.latency)
    except ContentError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(
            f"error: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr
        )
        return 1
    with server:
        print(
            f"Pantau offline news site: {server.base_url}/ "
            f"({len(server.site.articles)} articles)"
        )
        for outlet in OUTLETS.values():
            count = len(server.site.by_prefix[outlet.prefix])
            print(
                f"  {outlet.name:<22} {server.base_url}/{outlet.prefix}/"
                f"  ({count} articles)"
            )
        print(f"  robots.txt             {server.base_url}/robots.txt")
        print("Press Ctrl-C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("stopped")
    return 0
