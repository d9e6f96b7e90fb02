#!/usr/bin/env python3
"""Sprachstand's command line for admins: ``./manage --help`` lists every command.

The commands live in ``commands/``, one module per group, each with ``register(subparsers)`` that adds
its sub-commands; a command is a function ``(args) -> int`` (the exit code). A ``CommandError`` is
printed as a plain message (never a traceback) with exit 2; a wrong call is refused by argparse, in
German (``commands.german``), also with exit 2.
"""

from __future__ import annotations

import argparse
import sys

from cli_common import CommandError
from commands import certificates, courses, export, guides, operations, privacy, setup
from commands.german import german_argparse

# The groups of commands, in the order --help lists them.
GROUPS = [guides, setup, privacy, certificates, export, courses, operations]


def build_parser() -> argparse.ArgumentParser:
    with german_argparse():  # titles and -h's help are fixed when the parsers are built
        parser = argparse.ArgumentParser(prog="manage.py", description="Sprachstand – Verwaltung auf der Kommandozeile")
        subparsers = parser.add_subparsers(dest="command", title="Befehle", metavar="BEFEHL")
        for group in GROUPS:
            group.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    with german_argparse():  # usage lines and error messages are written while parsing
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Abgebrochen.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
