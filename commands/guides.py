"""manage.py commands on guide files (the questionnaire engine): check-guide, guide-diff, export-schema."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli_common import CommandError
from commands.common import Subparsers
from questionnaire.bundled import active_guide
from questionnaire.diff import guide_diff
from questionnaire.errors import GuideError
from questionnaire.loader import check_guide, load_guide
from questionnaire.schema_export import answers_json_schema
from schemas.guide import Guide


def register(subparsers: Subparsers) -> None:
    check = subparsers.add_parser(
        "check-guide", help="Leitfaden-Dateien prüfen (ein Problem pro Zeile; Exit 1 bei Problemen)"
    )
    check.add_argument("files", nargs="+", metavar="DATEI", help="Leitfaden-Datei(en) (YAML)")
    check.set_defaults(func=cmd_check_guide)
    diff = subparsers.add_parser("guide-diff", help="Fragen vergleichen: hinzugefügt, entfernt, geändert")
    diff.add_argument("old", metavar="ALT", help="bisherige Leitfaden-Datei")
    diff.add_argument("new", metavar="NEU", help="neue Leitfaden-Datei")
    diff.set_defaults(func=cmd_guide_diff)
    export = subparsers.add_parser(
        "export-schema", help="JSON Schema der vollständigen Antworten ausgeben (DATEI - = Standardausgabe)"
    )
    export.add_argument("file", metavar="DATEI", help="Zieldatei; - = Standardausgabe")
    export.add_argument("--guide", metavar="LEITFADEN", help="Leitfaden-Datei (Vorgabe: der aktive Leitfaden)")
    export.set_defaults(func=cmd_export_schema)


def cmd_check_guide(args: argparse.Namespace) -> int:
    failed = False
    for name in args.files:
        problems = check_guide(name)
        if problems:
            failed = True
            for problem in problems:
                where = f"{name}:{problem.line}" if problem.line else name
                line = f"{where}: {problem.location}: {problem.message} [{problem.code}] – Hinweis: {problem.hint}"
                print(line.replace("\n", " "))  # one problem per line, always
        else:
            guide = load_guide(name)
            count = sum(1 for _ in guide.questions())
            print(f"{name}: in Ordnung ({guide.id} Version {guide.version}, {count} Fragen)")
    return 1 if failed else 0


def _load(name: str) -> Guide:
    try:
        return load_guide(name)
    except GuideError as exc:
        lines = "\n".join(str(p) for p in exc.problems)
        raise CommandError(f"{name} ist kein gültiger Leitfaden (zuerst check-guide ausführen):\n{lines}") from None


def cmd_guide_diff(args: argparse.Namespace) -> int:
    old, new = _load(args.old), _load(args.new)
    diff = guide_diff(old, new)
    print(f"{old.id} Version {old.version} → {new.id} Version {new.version}")
    for line in diff.lines() or ["keine Unterschiede"]:
        print(line)
    return 0


def cmd_export_schema(args: argparse.Namespace) -> int:
    if args.guide:
        guide = _load(args.guide)
    else:
        try:
            guide = active_guide()
        except (LookupError, GuideError) as exc:
            raise CommandError(f"Kein gültiger aktiver Leitfaden: {exc}") from None
    text = json.dumps(answers_json_schema(guide), ensure_ascii=False, indent=2) + "\n"
    if args.file == "-":
        sys.stdout.write(text)
    else:
        try:
            Path(args.file).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{args.file} kann nicht geschrieben werden: {exc.strerror}") from None
        print(f"JSON Schema von {guide.id} Version {guide.version} nach {args.file} geschrieben.")
    return 0
