"""manage.py commands that set a database up: migrate, init, create-provider, create-user, seed-demo."""

from __future__ import annotations

import argparse
import sys

import store
from cli_common import CommandError
from commands.common import (
    Subparsers,
    add_database_url,
    guarded,
    provider_id,
    read_password,
    whole_number,
)
from demo.seed import DEFAULT_PASSWORD, seed_demo
from schemas.vocabulary import Role
from store import db
from store.access import COMMAND_LINE


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("migrate", help="Datenbankschema anlegen bzw. auf den neuesten Stand bringen")
    add_database_url(p)
    p.set_defaults(func=guarded(cmd_migrate, migrated=False))

    p = subparsers.add_parser(
        "init", help="Erstes Admin-Konto anlegen (interaktiv oder --username, Passwort über stdin)"
    )
    add_database_url(p)
    p.add_argument(
        "--username",
        metavar="BENUTZERNAME",
        help="Benutzername; das Passwort wird dann von der Standardeingabe gelesen",
    )
    p.add_argument("--display-name", default="", metavar="NAME", help="Angezeigter Name")
    p.set_defaults(func=guarded(cmd_init))

    p = subparsers.add_parser("create-provider", help="Einen Träger anlegen")
    add_database_url(p)
    p.add_argument("name", metavar="NAME", help="Name des Trägers")
    p.add_argument("--address", default="", metavar="ANSCHRIFT", help="Anschrift")
    p.set_defaults(func=guarded(cmd_create_provider))

    p = subparsers.add_parser("create-user", help="Ein Konto anlegen (Passwort über stdin oder Eingabeaufforderung)")
    add_database_url(p)
    p.add_argument("username", metavar="BENUTZERNAME", help="Benutzername des neuen Kontos")
    p.add_argument("--role", required=True, choices=[r.value for r in Role], help="Rolle des Kontos")
    p.add_argument(
        "--provider", metavar="TRÄGER", help="Träger (Nummer oder Name); nötig für interviewer und provider_admin"
    )
    p.add_argument("--display-name", default="", metavar="NAME", help="Angezeigter Name")
    p.add_argument(
        "--data-requests",
        action="store_true",
        help="Benennung „Datenschutz“: das Konto (Administration oder Beratung) bearbeitet Datenschutzanfragen",
    )
    p.add_argument(
        "--temporary",
        action="store_true",
        help="Vorläufiges Passwort: bei der ersten Anmeldung muss ein eigenes gewählt werden",
    )
    p.set_defaults(func=guarded(cmd_create_user))

    p = subparsers.add_parser("seed-demo", help="Demodaten: Träger, Konten, Lernende und Interviews in jedem Status")
    add_database_url(p)
    p.add_argument("--learners", type=whole_number, default=30, metavar="ANZAHL", help="Anzahl Lernende (Vorgabe 30)")
    p.add_argument(
        "--password", default=None, metavar="PASSWORT", help="Passwort aller Demo-Konten (Vorgabe: demo-passwort-2024)"
    )
    p.add_argument(
        "--seed", type=whole_number, default=1, metavar="ZAHL", help="Zufallsstartwert: gleiche Eingabe, gleiche Daten"
    )
    p.set_defaults(func=guarded(cmd_seed_demo))


def cmd_migrate(args: argparse.Namespace) -> int:
    db.migrate()
    print(f"Datenbankschema ist aktuell (Revision {db.current_revision()}).")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    if not store.setup_needed():
        raise CommandError("Es gibt bereits ein Admin-Konto; weitere Konten mit `manage.py create-user` anlegen.")
    username = args.username
    if not username:
        if not sys.stdin.isatty():
            raise CommandError("Bitte --username angeben (das Passwort kommt dann von der Standardeingabe).")
        username = input("Benutzername des ersten Admin-Kontos: ").strip()
    actor = store.create_first_admin(username, read_password(), args.display_name)
    print(f"Admin-Konto „{actor.username}“ angelegt.")
    return 0


def cmd_create_provider(args: argparse.Namespace) -> int:
    provider = store.create_provider(COMMAND_LINE, args.name, args.address)
    print(f"Träger Nr. {provider.id} „{provider.name}“ angelegt.")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    provider = provider_id(args.provider)  # a wrong provider is refused before the password is asked for
    user = store.create_user(
        COMMAND_LINE,
        args.username,
        read_password(),
        args.role,
        provider,
        args.display_name,
        can_handle_data_requests=args.data_requests,
        temporary_password=args.temporary,
    )
    where = f" bei {user.provider_name}" if user.provider_name else ""
    first = " Bei der ersten Anmeldung wird ein eigenes Passwort verlangt." if args.temporary else ""
    print(f"Konto „{user.username}“ ({user.role}){where} angelegt.{first}")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    if args.learners < 0:
        raise CommandError("--learners: bitte eine Zahl ab 0 angeben.")
    report = seed_demo(learners=args.learners, password=args.password or DEFAULT_PASSWORD, seed=args.seed)
    print(report.text())
    return 0
