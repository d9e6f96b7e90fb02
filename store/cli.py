"""manage.py commands of the store: migrate, init, create-provider, create-user, seed-demo,
find-learner, export-learner, erase-learner, purge. Store errors become CommandError (German, no traceback).

The data-protection commands take the *learner* number (Lernenden-Nr.), not an interview number;
``find-learner`` finds it from name and birth date."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from cli_common import CommandError

LEARNER_NUMBER = "Lernenden-Nr. (steht im Auskunftsbericht und auf der Seite Datenschutz)"
LEARNER_NUMBER_HINT = (
    "ID ist die Lernenden-Nr. (steht im Auskunftsbericht und auf der Seite Datenschutz), nicht die "
    "Interview-Nr.; finden mit `manage.py find-learner --family NAME --given NAMES --birth JJJJ-MM-TT --as USER`."
)


def _birth_date(value: str) -> date:
    from store.certificate_cli import _date  # imports this module: only at call time

    return _date(value)


def _add_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database-url", default=None, help="Datenbank-Adresse (Vorgabe: DATABASE_URL bzw. data/sprachstand.db)"
    )


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser("migrate", help="Datenbankschema anlegen bzw. auf den neuesten Stand bringen")
    _add_url(p)
    p.set_defaults(func=_guarded(cmd_migrate))

    p = subparsers.add_parser(
        "init", help="Erstes Admin-Konto anlegen (interaktiv oder --username, Passwort über stdin)"
    )
    _add_url(p)
    p.add_argument("--username", help="Benutzername; das Passwort wird dann von der Standardeingabe gelesen")
    p.add_argument("--display-name", default="", help="Angezeigter Name")
    p.set_defaults(func=_guarded(cmd_init))

    p = subparsers.add_parser("create-provider", help="Einen Träger anlegen")
    _add_url(p)
    p.add_argument("name", help="Name des Trägers")
    p.add_argument("--address", default="", help="Anschrift")
    p.set_defaults(func=_guarded(cmd_create_provider))

    p = subparsers.add_parser("create-user", help="Ein Konto anlegen (Passwort über stdin oder Eingabeaufforderung)")
    _add_url(p)
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["interviewer", "provider_admin", "counselor", "admin"])
    p.add_argument("--provider", help="Träger (Nummer oder Name); nötig für interviewer und provider_admin")
    p.add_argument("--display-name", default="", help="Angezeigter Name")
    p.add_argument("--data-requests", action="store_true", help="Beratungs-Konto bearbeitet Datenschutzanfragen")
    p.set_defaults(func=_guarded(cmd_create_user))

    p = subparsers.add_parser("seed-demo", help="Demodaten: Träger, Konten, Lernende und Interviews in jedem Status")
    _add_url(p)
    p.add_argument("--learners", type=int, default=30, help="Anzahl Lernende (Vorgabe 30)")
    p.add_argument("--password", default=None, help="Passwort aller Demo-Konten (Vorgabe: demo-passwort-2024)")
    p.add_argument("--seed", type=int, default=1, help="Zufallsstartwert: gleiche Eingabe, gleiche Daten")
    p.set_defaults(func=_guarded(cmd_seed_demo))

    p = subparsers.add_parser(
        "find-learner",
        help="Lernenden-Nr. einer Person finden: Familienname, Vornamen und Geburtsdatum (bei allen Trägern)",
        description="Listet alle Datensätze einer Person bei allen Trägern (Lernenden-Nr., Name, Geburtsdatum, "
        "Träger, Anzahl Interviews). Alle drei Angaben sind nötig, damit die Suche nicht zum Stöbern taugt; "
        "sie wird unter dem Konto von --as protokolliert. Exit-Code 1, wenn niemand passt.",
    )
    _add_url(p)
    p.add_argument("--family", required=True, metavar="NAME", help="Familienname")
    p.add_argument("--given", required=True, metavar="NAMES", help="Vornamen (alle, Reihenfolge egal)")
    p.add_argument("--birth", required=True, type=_birth_date, metavar="JJJJ-MM-TT", help="Geburtsdatum")
    p.add_argument(
        "--as",
        dest="username",
        required=True,
        metavar="USER",
        help="Konto, das sucht: Administration oder für Datenschutzanfragen benannte Beratung",
    )
    p.set_defaults(func=_guarded(cmd_find_learner))

    p = _learner_command(
        subparsers,
        "export-learner",
        "Alles über eine/n Lernende/n als JSON, mit --pdf auch als PDF (Auskunft, Art. 15 DSGVO)",
        "Auskunft nach Art. 15 DSGVO.",
    )
    p.add_argument(
        "--out", type=Path, help="JSON-Datei (Vorgabe: Standardausgabe; mit --pdf allein wird kein JSON ausgegeben)"
    )
    p.add_argument("--pdf", type=Path, metavar="FILE", help="die Auskunft zusätzlich als PDF in diese Datei schreiben")
    p.set_defaults(func=_guarded(cmd_export_learner))

    p = _learner_command(
        subparsers,
        "erase-learner",
        "Personenbezogene Daten einer/eines Lernenden löschen (Art. 17)",
        "Löschung nach Art. 17 DSGVO.",
    )
    p.add_argument("--reason", required=True, help="Begründung, z. B. „Antrag vom 01.02.2026“")
    p.set_defaults(func=_guarded(cmd_erase_learner))

    p = subparsers.add_parser("purge", help="Personenbezogene Daten nach Ablauf der Aufbewahrungsfrist löschen")
    _add_url(p)
    p.add_argument("--older-than-years", type=int, default=None, help="Frist in Jahren (Vorgabe: Einstellung, 3)")
    p.add_argument("--dry-run", action="store_true", help="nur anzeigen, was gelöscht würde")
    p.set_defaults(func=_guarded(cmd_purge))


def _learner_command(
    subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    summary: str,
    what: str,
) -> argparse.ArgumentParser:
    """A command on one learner: its ID is the learner number, and the help says where to find it."""
    p: argparse.ArgumentParser = subparsers.add_parser(name, help=summary, description=f"{what} {LEARNER_NUMBER_HINT}")
    _add_url(p)
    p.add_argument("learner_id", type=int, metavar="ID", help=LEARNER_NUMBER)
    return p


def _guarded(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Points the store at --database-url and turns store errors into plain command-line errors."""

    def run(args: argparse.Namespace) -> int:
        from store import db
        from store.errors import StoreError

        try:
            if getattr(args, "database_url", None):
                db.configure(args.database_url)
            if command is not cmd_migrate:
                db.ensure_migrated()
            return command(args)
        except StoreError as exc:
            raise CommandError(str(exc)) from exc
        except ValueError as exc:  # the engine's AnswerError / GuideError carry German messages too
            raise CommandError(str(exc)) from exc
        finally:
            db.configure(None)

    return run


def _read_password(prompt: str = "Passwort: ") -> str:
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


def cmd_migrate(args: argparse.Namespace) -> int:
    from store import db

    db.migrate()
    print(f"Datenbankschema ist aktuell (Revision {db.current_revision()}).")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    import store

    if not store.setup_needed():
        raise CommandError("Es gibt bereits ein Admin-Konto; weitere Konten mit `manage.py create-user` anlegen.")
    username = args.username
    if not username:
        if not sys.stdin.isatty():
            raise CommandError("Bitte --username angeben (das Passwort kommt dann von der Standardeingabe).")
        username = input("Benutzername des ersten Admin-Kontos: ").strip()
    actor = store.create_first_admin(username, _read_password(), args.display_name)
    print(f"Admin-Konto „{actor.username}“ angelegt.")
    return 0


def _provider_id(value: str | None) -> int | None:
    if value is None:
        return None
    from sqlalchemy import select

    from store.db import session_scope
    from store.models import Provider

    with session_scope(readonly=True) as s:
        if value.isdigit() and s.get(Provider, int(value)) is not None:
            return int(value)
        found = s.scalar(select(Provider.id).where(Provider.name == value))
    if found is None:
        raise CommandError(f"Einen Träger „{value}“ gibt es nicht (Nummer oder genauen Namen angeben).")
    return found


def cmd_create_provider(args: argparse.Namespace) -> int:
    import store
    from store.access import COMMAND_LINE

    provider = store.create_provider(COMMAND_LINE, args.name, args.address)
    print(f"Träger Nr. {provider.id} „{provider.name}“ angelegt.")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    import store
    from store.access import COMMAND_LINE

    provider_id = _provider_id(args.provider)
    user = store.create_user(
        COMMAND_LINE,
        args.username,
        _read_password(),
        args.role,
        provider_id,
        args.display_name,
        can_handle_data_requests=args.data_requests,
    )
    where = f" bei {user.provider_name}" if user.provider_name else ""
    print(f"Konto „{user.username}“ ({user.role}){where} angelegt.")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from store.seed import DEFAULT_PASSWORD, seed_demo

    if args.learners < 0:
        raise CommandError("--learners: bitte eine Zahl ab 0 angeben.")
    report = seed_demo(learners=args.learners, password=args.password or DEFAULT_PASSWORD, seed=args.seed)
    print(report.text())
    return 0


def _dump(data: Any, out: Path | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if out is None:
        print(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        out.chmod(0o600)
        print(f"Auskunft geschrieben: {out}", file=sys.stderr)


def cmd_find_learner(args: argparse.Namespace) -> int:
    from store.certificate_cli import _actor
    from store.reporting import find_learners_for_request

    found = find_learners_for_request(_actor(args.username), args.family, args.given, args.birth)
    if not found:
        print("Keine Person mit diesem Namen und Geburtsdatum gefunden (bei keinem Träger).")
        return 1
    rows = [
        (
            str(m.learner_id),
            f"{m.family_name}, {m.given_names}",
            f"{m.birth_date:%d.%m.%Y}" if m.birth_date else "–",
            m.provider_name,
            str(m.interviews),
        )
        for m in found
    ]
    header = ("Lernenden-Nr.", "Name", "Geburtsdatum", "Träger", "Interviews")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(f"{len(found)} Treffer (Lernenden-Nr. für export-learner und erase-learner):")
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


def cmd_export_learner(args: argparse.Namespace) -> int:
    import store
    from store.access import COMMAND_LINE
    from store.access_report import render_access_report

    # One export (one audit entry); the PDF renders exactly what the JSON holds, as on the page.
    data = json.loads(json.dumps(store.export_learner(COMMAND_LINE, args.learner_id), default=str))
    if args.out is not None or args.pdf is None:
        _dump(data, args.out)
    if args.pdf is not None:
        try:
            pdf = render_access_report(data)
        except Exception as exc:  # the JSON holds everything; say where to get it instead of a traceback
            where = f"steht in {args.out}" if args.out else "gibt der Befehl mit --out DATEI aus"
            raise CommandError(
                f"Die PDF-Fassung der Auskunft konnte nicht erstellt werden ({type(exc).__name__}: {exc}). "
                f"Die JSON-Fassung mit allen Daten {where}."
            ) from exc
        args.pdf.write_bytes(pdf)
        args.pdf.chmod(0o600)
        print(f"Auskunft als PDF geschrieben: {args.pdf}", file=sys.stderr)
    return 0


def cmd_erase_learner(args: argparse.Namespace) -> int:
    import store
    from store.access import COMMAND_LINE

    store.erase_learner(COMMAND_LINE, args.learner_id, args.reason)
    print(f"Personenbezogene Daten von Lernender/Lernendem Nr. {args.learner_id} gelöscht.")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    import store
    from store.access import COMMAND_LINE

    report = store.purge(COMMAND_LINE, args.older_than_years, dry_run=args.dry_run)
    verb = "würden gelöscht" if report.dry_run else "gelöscht"
    print(
        f"Stichtag {report.cutoff:%d.%m.%Y}: Daten von {report.learners} Lernenden mit {report.interviews} "
        f"Interviews {verb}; {report.certificates_kept} Bescheinigungen bleiben prüfbar."
    )
    return 0
