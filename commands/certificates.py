"""manage.py commands for certificates: sample-certificate and render-certificate (the renderer alone),
issue-certificate, print-certificates, revoke-certificate and verify (from the database).

``verify`` prints ``valid``, ``revoked`` (``revoked: data erased``) or ``unknown`` on its first line,
details after it, and exits 0 only for a valid certificate (1 otherwise), so scripts can rely on it.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pydantic import ValidationError

from certificates.render import pdf_sha256, render_certificate, render_many, render_zip
from certificates.sample import sample_certificate
from cli_common import CommandError
from commands.common import (
    Subparsers,
    account,
    add_database_url,
    guarded,
    iso_date,
    provider_id,
    whole_number,
    write_file,
)
from questionnaire.errors import validation_messages
from schemas.certificate import CertificateData
from schemas.vocabulary import Skill
from settings import get_settings
from store import lookups
from store.access import COMMAND_LINE
from store.certificate_lists import certificates_for_print
from store.issuing import issue_certificate, revoke_certificate
from store.verification import normalise_number, verify_certificate

STATUS_CHOICES = {"gueltig": "valid", "widerrufen": "revoked", "alle": "all"}


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "sample-certificate", help="Muster-Bescheinigung (MUSTER/SPECIMEN) als PDF, um das Layout zu prüfen"
    )
    p.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei, z. B. muster.pdf")
    p.set_defaults(func=cmd_sample)

    p = subparsers.add_parser(
        "render-certificate", help="Bescheinigung aus ihren eingefrorenen Daten (JSON) als PDF neu erzeugen"
    )
    p.add_argument(
        "data", type=Path, metavar="DATEN", help="JSON-Datei mit den Daten der Bescheinigung (CertificateData)"
    )
    p.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei (.pdf)")
    p.set_defaults(func=cmd_render)

    p = subparsers.add_parser(
        "issue-certificate", help="Bescheinigung zu einem freigegebenen Interview ausstellen (als PDF speichern)"
    )
    add_database_url(p)
    p.add_argument("interview_id", type=whole_number, metavar="INTERVIEW-NR", help="Nummer des Interviews")
    p.add_argument(
        "--as",
        dest="username",
        required=True,
        metavar="KONTO",
        help="Konto, das ausstellt (Beratung oder Trägerleitung)",
    )
    p.add_argument("--out", type=Path, metavar="DATEI", help="PDF-Datei (Vorgabe: <Nummer>.pdf)")
    p.set_defaults(func=guarded(cmd_issue))

    p = subparsers.add_parser(
        "print-certificates", help="Bescheinigungen gesammelt drucken: ein PDF (eine Seite je Bescheinigung) oder ZIP"
    )
    add_database_url(p)
    p.add_argument("--provider", metavar="TRÄGER", help="Träger (Nummer oder genauer Name); Vorgabe: alle")
    p.add_argument("--since", type=iso_date, metavar="DATUM", help="ausgestellt ab (JJJJ-MM-TT)")
    p.add_argument("--until", type=iso_date, metavar="DATUM", help="ausgestellt bis einschließlich (JJJJ-MM-TT)")
    p.add_argument(
        "--status",
        default="gueltig",
        choices=list(STATUS_CHOICES),
        help="welche Bescheinigungen (Vorgabe: gueltig)",
    )
    p.add_argument("--zip", action="store_true", help="ZIP mit einem PDF je Bescheinigung statt eines PDFs")
    p.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei (.pdf oder .zip)")
    p.set_defaults(func=guarded(cmd_print))

    p = subparsers.add_parser("revoke-certificate", help="Bescheinigung widerrufen (mit Begründung, protokolliert)")
    add_database_url(p)
    p.add_argument("number", metavar="NUMMER", help="Bescheinigungsnummer, z. B. SPR-2026-000123")
    p.add_argument(
        "--reason", required=True, metavar="GRUND", help="Grund; wird bei der Prüfung angezeigt (ohne Personendaten)"
    )
    p.add_argument(
        "--as",
        dest="username",
        required=True,
        metavar="KONTO",
        help="Konto, das widerruft (Beratung oder Administration)",
    )
    p.set_defaults(func=guarded(cmd_revoke))

    p = subparsers.add_parser(
        "verify", help="Bescheinigung prüfen: gibt valid, revoked oder unknown aus (Exit-Code 0 nur bei valid)"
    )
    add_database_url(p)
    p.add_argument("number", metavar="NUMMER", help="Bescheinigungsnummer, z. B. SPR-2026-000123")
    p.add_argument("code", metavar="CODE", help="Prüfcode, z. B. 7K2QX-M9D4T")
    p.set_defaults(func=guarded(cmd_verify))


def _skill(skill: str) -> str:
    return Skill(skill).label if skill in Skill.labels() else skill


def cmd_sample(args: argparse.Namespace) -> int:
    settings = get_settings()
    # A fixed specimen key, never the server's: a sample can never pass verification.
    data = sample_certificate(public_url=settings.public_url, city_name=settings.city_name)
    pdf = render_certificate(data)
    write_file(args.out, pdf)
    print(f"{args.out}: Muster-Bescheinigung {data.number}, SHA-256 {pdf_sha256(pdf)}")
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    try:
        data = CertificateData.model_validate_json(args.data.read_bytes())
    except OSError as exc:
        raise CommandError(f"Datei {args.data} kann nicht gelesen werden: {exc.strerror}.") from exc
    except ValidationError as exc:
        problems = " ".join(validation_messages(exc.errors()))
        raise CommandError(f"{args.data} enthält keine gültigen Bescheinigungsdaten: {problems}") from exc
    try:
        pdf = render_certificate(data)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    write_file(args.out, pdf)
    print(f"{args.out}: Bescheinigung {data.number}, SHA-256 {pdf_sha256(pdf)}")
    return 0


def cmd_issue(args: argparse.Namespace) -> int:
    certificate, pdf = issue_certificate(account(args.username), args.interview_id)
    out = args.out or Path(f"{certificate.number}.pdf")
    write_file(out, pdf)
    print(f"{certificate.number} ausgestellt: {out}, Prüfcode {certificate.verification_code}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    if args.since and args.until and args.since > args.until:
        raise CommandError("--since liegt nach --until.")
    items = certificates_for_print(
        COMMAND_LINE, provider_id(args.provider), args.since, args.until, STATUS_CHOICES[args.status]
    )
    if not items:
        raise CommandError("Keine Bescheinigungen für diese Auswahl gefunden.")
    data = render_zip(items) if args.zip else render_many(items)
    write_file(args.out, data)
    kind = "ZIP mit einzelnen PDFs" if args.zip else "PDF"
    print(f"{args.out}: {len(items)} Bescheinigung(en) als {kind}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    number = normalise_number(args.number)
    certificate_id = lookups.certificate_id(COMMAND_LINE, number)
    if certificate_id is None:
        raise CommandError(f"Eine Bescheinigung {number} gibt es nicht.")
    revoke_certificate(account(args.username), certificate_id, args.reason)
    print(f"{number} widerrufen.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    result = verify_certificate(args.number, args.code, None)
    print(result.label)
    if result.number:
        print(f"Nummer: {result.number}")
    if result.is_valid:
        print(f"Name: {result.family_name}, {result.given_names}")
        if result.birth_date:
            print(f"Geburtsdatum: {result.birth_date:%d.%m.%Y}")
        print("Niveaus: " + ", ".join(f"{_skill(skill)} {level}" for skill, level in result.levels.items()))
    if result.issuer:
        print(f"Aussteller: {result.issuer}")
    if result.issued_on:
        print(f"Ausgestellt am: {result.issued_on:%d.%m.%Y}")
    if result.status == "revoked":
        if result.revoked_at:
            print(f"Widerrufen am: {result.revoked_at:%d.%m.%Y}")
        print(f"Grund: {result.revoke_reason}")
    if result.status == "unknown":
        print("Nummer und Prüfcode passen zu keiner ausgestellten Bescheinigung.")
    return 0 if result.is_valid else 1
