"""The `pantau` console script: one command whose subcommands live in each package's cli module.

Each package module listed in ``COMMANDS`` exposes ``register(subparsers)``, which adds its
subcommands with ``set_defaults(func=handler)``; a handler takes the parsed namespace and
returns the process exit code. Only the module that owns the requested subcommand is imported,
so `pantau analyze` does not pay for importing Scrapy.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys

# subcommand -> module that registers it
COMMANDS: dict[str, str] = {
    "run": "pantau.jobs",
    "daily": "pantau.jobs",
    "crawl": "crawler.cli",
    "extract": "crawler.cli",
    "site": "newssite.cli",
    "train": "classifier.cli",
    "evaluate": "classifier.cli",
    "analyze": "classifier.cli",
    "gazetteer": "classifier.gazetteer_cli",
    "migrate": "review.cli",
    "export": "review.cli",
    "user": "review.cli",
    "group": "review.cli",
    "status": "crawler.cli",
    "serve": "webapp.cli",
    "subscriber": "digest.cli",
    "digest": "digest.cli",
}


def build_parser(modules: list[str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pantau", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in dict.fromkeys(modules):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name and name.startswith(exc.name):
                continue  # package not built yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    if argv is None and hasattr(signal, "SIGPIPE"):
        # as a console script, `pantau extract page.html | head` ends quietly like a filter
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    modules = [COMMANDS[first]] if first in COMMANDS else list(COMMANDS.values())
    parser = build_parser(modules)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
