"""``manage.py import-courses`` / ``export-courses``: a provider's offers from and to CSV/XLSX.

The columns are documented in docs/courses.md. An import is all or nothing: every bad row is printed
with its line and reason, and nothing is imported unless the whole file is valid (exit 1 then).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli_common import CommandError
from commands.common import Subparsers, add_database_url, guarded, provider_id, whole_number, write_file
from store.access import COMMAND_LINE
from store.course_figures import course_figures_export
from store.courses_io import ImportRefused, export_offers, import_offers


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "import-courses", help="Kursangebote eines Trägers aus CSV/XLSX einlesen (alles oder nichts)"
    )
    p.add_argument("--provider", required=True, metavar="TRÄGER", help="Träger (Nummer oder genauer Name)")
    p.add_argument("file", type=Path, metavar="DATEI", help="CSV- (UTF-8) oder XLSX-Datei, Spalten: docs/courses.md")
    add_database_url(p)
    p.set_defaults(func=guarded(cmd_import))

    p = subparsers.add_parser("export-courses", help="Kursangebote als CSV/XLSX ausgeben (Spalten wie beim Import)")
    p.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei (.csv oder .xlsx)")
    p.add_argument("--provider", metavar="TRÄGER", help="nur dieser Träger (Nummer oder genauer Name)")
    add_database_url(p)
    p.set_defaults(func=guarded(cmd_export))

    p = subparsers.add_parser(
        "export-course-figures", help="Kurszahlen der Stadt und Vermittlungen pseudonymisiert (CSV/XLSX)"
    )
    p.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei (.csv oder .xlsx)")
    p.add_argument(
        "--weeks", type=whole_number, default=8, metavar="N", help="ungedeckter Bedarf: kein Kurs binnen N Wochen"
    )
    add_database_url(p)
    p.set_defaults(func=guarded(cmd_figures))


def cmd_import(args: argparse.Namespace) -> int:
    provider = provider_id(args.provider)
    path: Path = args.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path} kann nicht gelesen werden: {exc.strerror}.") from exc
    try:
        count = import_offers(COMMAND_LINE, data, path.name, provider_id=provider)
    except ImportRefused as exc:
        print(f"Nichts importiert: {len(exc.problems)} Problem(e) in {path.name}.", file=sys.stderr)
        for line, text in exc.problems:
            print(f"Zeile {line}: {text}" if line else text, file=sys.stderr)
        return 1
    print(f"{count} Angebot(e) importiert.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    target: Path = args.out
    suffix = target.suffix.lower().lstrip(".")
    if suffix not in ("csv", "xlsx"):
        raise CommandError("--out: bitte eine Datei mit der Endung .csv oder .xlsx angeben.")
    write_file(target, export_offers(COMMAND_LINE, suffix, provider_id=provider_id(args.provider)))
    print(f"Angebote geschrieben: {target}")
    return 0


def cmd_figures(args: argparse.Namespace) -> int:
    target: Path = args.out
    suffix = target.suffix.lower().lstrip(".")
    if suffix not in ("csv", "xlsx"):
        raise CommandError("--out: bitte eine Datei mit der Endung .csv oder .xlsx angeben.")
    write_file(target, course_figures_export(COMMAND_LINE, suffix, weeks=args.weeks))
    print(f"Kurszahlen geschrieben: {target}")
    return 0
