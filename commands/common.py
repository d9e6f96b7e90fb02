"""What several command groups share: the ``--database-url`` option, the guard that turns store errors
into plain command-line errors, argument types with German messages, password input, and finding the
provider or account an admin names."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeAlias

from cli_common import CommandError
from store import db, lookups
from store.access import COMMAND_LINE, Actor
from store.errors import StoreError

Command = Callable[[argparse.Namespace], int]
# what ``add_subparsers()`` returns (argparse's class for it is private)
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_database_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url",
        default=None,
        metavar="URL",
        help="Datenbank-Adresse (Vorgabe: DATABASE_URL bzw. data/sprachstand.db)",
    )


def guarded(command: Command, *, migrated: bool = True) -> Command:
    """Points the store at ``--database-url``, brings the schema up to date first (unless ``migrated``
    is False: ``migrate`` itself) and turns store errors into plain command-line errors."""

    def run(args: argparse.Namespace) -> int:
        try:
            if getattr(args, "database_url", None):
                db.configure(args.database_url)
            if migrated:
                db.ensure_migrated()
            return command(args)
        except StoreError as exc:
            raise CommandError(str(exc)) from exc
        except ValueError as exc:  # the engine's AnswerError / GuideError carry German messages too
            raise CommandError(str(exc)) from exc
        finally:
            db.configure(None)

    return run


def iso_date(value: str) -> date:
    """argparse type: a date as JJJJ-MM-TT."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{value}“ ist kein Datum; bitte JJJJ-MM-TT angeben.") from None


def whole_number(value: str) -> int:
    """argparse type: a whole number (argparse's own message would name Python's ``int``)."""
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{value}“ ist keine ganze Zahl.") from None


def read_password(prompt: str = "Passwort: ") -> str:
    """One line from the standard input when it is not a terminal (scripts), else asked twice."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line:
            raise CommandError("Kein Passwort auf der Standardeingabe erhalten.")
        return line.rstrip("\r\n")
    first = getpass.getpass(prompt)
    second = getpass.getpass("Passwort wiederholen: ")
    if first != second:
        raise CommandError("Die beiden Passwörter stimmen nicht überein.")
    return first


def provider_id(reference: str | None) -> int | None:
    """The provider an admin names by number or exact name (None: none named)."""
    if reference is None:
        return None
    found = lookups.provider_id(COMMAND_LINE, reference)
    if found is None:
        raise CommandError(f"Einen Träger „{reference}“ gibt es nicht (Nummer oder genauen Namen angeben).")
    return found


def account(username: str, option: str = "--as") -> Actor:
    """The active account a command acts as (``--as KONTO``), with that account's own rights."""
    found = lookups.active_account(COMMAND_LINE, username)
    if found is None:
        raise CommandError(f"{option}: ein aktives Konto „{username}“ gibt es nicht.")
    return found


def write_file(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"{path} kann nicht geschrieben werden: {exc.strerror}.") from exc
