#!/usr/bin/env python3
"""Sprachstand's command line for admins: ``python manage.py --help`` lists every command.

Commands live next to the code they drive: each package has a ``cli.py`` with
``register(subparsers)``, which adds its sub-commands; a command is a function ``(args) -> int``
(the exit code). A ``CommandError`` is printed as a plain message (never a traceback) with exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from cli_common import CommandError

# Packages whose cli.py contributes commands, in the order they appear in --help.
COMMAND_MODULES = [
    "questionnaire.cli",
    "store.cli",
    "store.certificate_cli",
    "store.export_cli",
    "certificates.cli",
    "ops.cli",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="manage.py", description="Sprachstand – Verwaltung auf der Kommandozeile")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name or module_name.startswith(f"{exc.name}."):
                continue  # that part of the system is not built yet
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
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
