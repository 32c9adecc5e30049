"""Every `pantau` command the docs show names a real subcommand and real options.

The README's feedback loop once told users to run `pantau train --data …`, an option that
did not exist; this reads the docs the way a user copies from them.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from pantau.cli import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")), ROOT / "bench" / "README.md"]
# a command runs to the end of its line, a closing backtick, a comment or a table cell
# (an escaped "\|" inside a cell is part of the command)
COMMAND = re.compile(r"\bpantau ([a-z][a-z-]*(?: (?:\\\||[^\n`#|])*)?)")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def documented_commands() -> list[tuple[str, str]]:
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8").replace("\\\n", " ")  # shell continuations
        for match in COMMAND.finditer(text):
            found.append((path.relative_to(ROOT).as_posix(), match.group(1).strip()))
    return sorted(set(found))


PARSER = build_parser(list(COMMANDS.values()))


def test_the_docs_show_commands() -> None:
    assert len(documented_commands()) > 20


@pytest.mark.parametrize(("doc", "command"), documented_commands())
def test_documented_command_exists(doc: str, command: str) -> None:
    words = command.split()
    parser = PARSER
    for word in words:  # descend through subcommands ("digest send", "user add")
        sub = _subparsers(parser)
        if word not in sub:
            break
        parser = sub[word]
    assert parser is not PARSER, f"{doc}: `pantau {command}` names no subcommand"
    known = set(parser._option_string_actions)
    unknown = [opt for opt in OPTION.findall(command) if opt not in known]
    assert not unknown, f"{doc}: `pantau {command}` uses unknown option(s) {unknown}"
