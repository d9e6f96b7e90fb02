"""manage.py commands for data-protection requests: data-protection (the designation), find-learner,
export-learner, erase-learner, purge.

Requests run under an account designated for them (``--as KONTO``, designation "Datenschutz"): first
``find-learner`` with name and birth date, then ``export-learner``/``erase-learner`` with a learner number
(Lernenden-Nr., not an interview number) that this search found — a number alone opens nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import store
from cli_common import CommandError
from commands.common import Subparsers, account, add_database_url, guarded, iso_date, whole_number
from documents.access_report import render_access_report
from store import lookups
from store.access import COMMAND_LINE
from store.reporting import find_learners_for_request

LEARNER_NUMBER = "Lernenden-Nr. (steht im Auskunftsbericht und auf der Seite Datenschutz)"
LEARNER_NUMBER_HINT = (
    "ID ist die Lernenden-Nr. (steht im Auskunftsbericht und auf der Seite Datenschutz), nicht die "
    "Interview-Nr. Sie muss vorher unter demselben Konto gefunden worden sein: `./manage find-learner "
    "--family NAME --given VORNAMEN --birth JJJJ-MM-TT --as KONTO` (gilt 4 Stunden)."
)
DESIGNATED_ACCOUNT = "Konto, unter dem die Anfrage bearbeitet wird: eines mit der Benennung „Datenschutz“"


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "data-protection",
        help="Ein Konto für Datenschutzanfragen benennen (--an) oder die Benennung beenden (--aus)",
        description="Nur benannte Konten (Administration oder Beratungsstelle) bearbeiten Datenschutzanfragen "
        "und sehen dabei Daten von Lernenden; die Administration hat dieses Recht nicht von selbst. Die Änderung "
        "wird protokolliert (als manage.py).",
    )
    add_database_url(p)
    p.add_argument("username", metavar="KONTO", help="Benutzername des Kontos")
    switch = p.add_mutually_exclusive_group(required=True)
    switch.add_argument("--an", dest="designated", action="store_true", help="benennen")
    switch.add_argument("--aus", dest="designated", action="store_false", help="Benennung beenden")
    p.set_defaults(func=guarded(cmd_data_protection))

    p = subparsers.add_parser(
        "find-learner",
        help="Lernenden-Nr. einer Person finden: Familienname, Vornamen und Geburtsdatum (bei allen Trägern)",
        description="Listet alle Datensätze einer Person bei allen Trägern (Lernenden-Nr., Name, Geburtsdatum, "
        "Träger, Anzahl Interviews). Alle drei Angaben sind nötig, damit die Suche nicht zum Stöbern taugt; "
        "sie wird unter dem Konto von --as protokolliert. Exit-Code 1, wenn niemand passt.",
    )
    add_database_url(p)
    p.add_argument("--family", required=True, metavar="NAME", help="Familienname")
    p.add_argument("--given", required=True, metavar="VORNAMEN", help="Vornamen (alle, Reihenfolge egal)")
    p.add_argument("--birth", required=True, type=iso_date, metavar="JJJJ-MM-TT", help="Geburtsdatum")
    p.add_argument(
        "--as",
        dest="username",
        required=True,
        metavar="KONTO",
        help="Konto, das sucht: eines mit der Benennung „Datenschutz“ (siehe data-protection)",
    )
    p.set_defaults(func=guarded(cmd_find_learner))

    p = _learner_command(
        subparsers,
        "export-learner",
        "Alles über eine/n Lernende/n als JSON, mit --pdf auch als PDF (Auskunft, Art. 15 DSGVO)",
        "Auskunft nach Art. 15 DSGVO.",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="DATEI",
        help="JSON-Datei (Vorgabe: Standardausgabe; mit --pdf allein wird kein JSON ausgegeben)",
    )
    p.add_argument("--pdf", type=Path, metavar="DATEI", help="die Auskunft zusätzlich als PDF in diese Datei schreiben")
    p.set_defaults(func=guarded(cmd_export_learner))

    p = _learner_command(
        subparsers,
        "erase-learner",
        "Personenbezogene Daten einer/eines Lernenden löschen (Art. 17)",
        "Löschung nach Art. 17 DSGVO.",
    )
    p.add_argument("--reason", required=True, metavar="GRUND", help="Begründung, z. B. „Antrag vom 01.02.2026“")
    p.set_defaults(func=guarded(cmd_erase_learner))

    p = subparsers.add_parser("purge", help="Personenbezogene Daten nach Ablauf der Aufbewahrungsfrist löschen")
    add_database_url(p)
    p.add_argument(
        "--older-than-years",
        type=whole_number,
        default=None,
        metavar="JAHRE",
        help="Frist in Jahren (Vorgabe: Einstellung, 3)",
    )
    p.add_argument("--dry-run", action="store_true", help="nur anzeigen, was gelöscht würde")
    p.set_defaults(func=guarded(cmd_purge))


def _learner_command(subparsers: Subparsers, name: str, summary: str, what: str) -> argparse.ArgumentParser:
    """A command on one learner: its ID is the learner number, and the help says where to find it."""
    p = subparsers.add_parser(name, help=summary, description=f"{what} {LEARNER_NUMBER_HINT}")
    add_database_url(p)
    p.add_argument("learner_id", type=whole_number, metavar="ID", help=LEARNER_NUMBER)
    p.add_argument("--as", dest="username", required=True, metavar="KONTO", help=DESIGNATED_ACCOUNT)
    return p


def cmd_data_protection(args: argparse.Namespace) -> int:
    user = lookups.user_by_name(COMMAND_LINE, args.username)
    if user is None:
        raise CommandError(f"Ein Konto „{args.username}“ gibt es nicht.")
    store.set_data_protection(COMMAND_LINE, user, args.designated)
    state = "für Datenschutzanfragen benannt" if args.designated else "nicht mehr für Datenschutzanfragen benannt"
    print(f"Konto „{args.username}“ ist {state}.")
    return 0


def cmd_find_learner(args: argparse.Namespace) -> int:
    found = find_learners_for_request(account(args.username), args.family, args.given, args.birth)
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


def _dump(data: Any, out: Path | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    if out is None:
        print(text)
    else:
        out.write_text(text + "\n", encoding="utf-8")
        out.chmod(0o600)
        print(f"Auskunft geschrieben: {out}", file=sys.stderr)


def cmd_export_learner(args: argparse.Namespace) -> int:
    # One export (one audit entry); the PDF renders exactly what the JSON holds, as on the page.
    data = json.loads(json.dumps(store.export_learner(account(args.username), args.learner_id), default=str))
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
    store.erase_learner(account(args.username), args.learner_id, args.reason)
    print(f"Personenbezogene Daten von Lernender/Lernendem Nr. {args.learner_id} gelöscht.")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    report = store.purge(COMMAND_LINE, args.older_than_years, dry_run=args.dry_run)
    verb = "würden gelöscht" if report.dry_run else "gelöscht"
    print(
        f"Stichtag {report.cutoff:%d.%m.%Y}: Daten von {report.learners} Lernenden mit {report.interviews} "
        f"Interviews {verb}; {report.certificates_kept} Bescheinigungen bleiben prüfbar."
    )
    return 0
