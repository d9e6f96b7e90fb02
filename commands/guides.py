"""manage.py commands on guide files (the questionnaire engine): check-guide, guide-diff, export-schema."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from cli_common import CommandError
from commands.common import Subparsers
from questionnaire.bundled import DEFAULT_GUIDE_ID, active_guide, guide_by_version
from questionnaire.diff import guide_diff
from questionnaire.diff_details import details
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
    explain = subparsers.add_parser(
        "explain-guide", help="Regelwerk eines Leitfadens lesbar ausgeben: Einstufung, Platzierung, Kursarten"
    )
    explain.add_argument("file", metavar="DATEI", help="Leitfaden-Datei (oder v1, v2 für die mitgelieferten)")
    explain.add_argument("--out", metavar="regeln.md|regeln.pdf", help="Datei .md oder .pdf (ohne: Markdown)")
    explain.set_defaults(func=cmd_explain_guide)


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


_BUNDLED = re.compile(r"(?:([a-z][a-z0-9_]*)-)?v(\d+)")


def _load(name: str) -> Guide:
    """A guide file, or a bundled version by a short name (``v2``, ``sprachstand-v2``)."""
    short = _BUNDLED.fullmatch(name)
    if short and not Path(name).exists():
        try:
            return guide_by_version(short.group(1) or DEFAULT_GUIDE_ID, int(short.group(2)))
        except LookupError as exc:
            raise CommandError(str(exc)) from None
    try:
        return load_guide(name)
    except GuideError as exc:
        lines = "\n".join(str(p) for p in exc.problems)
        raise CommandError(f"{name} ist kein gültiger Leitfaden (zuerst check-guide ausführen):\n{lines}") from None


def cmd_guide_diff(args: argparse.Namespace) -> int:
    old, new = _load(args.old), _load(args.new)
    diff = guide_diff(old, new)
    print(f"{old.id} Version {old.version} → {new.id} Version {new.version}")
    for line in [*(diff.lines() or ["keine Unterschiede"]), *details(old, new, diff)]:
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


def cmd_explain_guide(args: argparse.Namespace) -> int:
    """The rule book (questionnaire.rulebook) as Markdown or, for ``--out *.pdf``, as a PDF."""
    from certificates.fonts import BOLD, REGULAR, register_fonts
    from documents.rulebook_pdf import render_pdf
    from questionnaire.rulebook import markdown, rulebook

    guide = _load(args.file)
    blocks = rulebook(guide)
    if not args.out:
        sys.stdout.write(markdown(blocks))
        return 0
    out = Path(args.out)
    if out.suffix.lower() not in (".md", ".pdf"):
        raise CommandError(f"{args.out}: bitte eine Datei mit .md oder .pdf angeben.")
    if out.suffix.lower() == ".pdf":
        register_fonts()
        data = render_pdf(blocks, REGULAR, BOLD, title=f"Regelwerk {guide.id} Version {guide.version}")
    else:
        data = markdown(blocks).encode("utf-8")
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"{args.out} kann nicht geschrieben werden: {exc.strerror}") from None
    print(f"Regelwerk von {guide.id} Version {guide.version} nach {args.out} geschrieben.")
    return 0
