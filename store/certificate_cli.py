"""manage.py commands for certificates from the database: issue-certificate, print-certificates,
revoke-certificate, verify.

``verify`` prints ``valid``, ``revoked`` (``revoked: data erased``) or ``unknown`` on its first line,
details after it, and exits 0 only for a valid certificate (1 otherwise), so scripts can rely on it.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from cli_common import CommandError
from store.cli import _add_url, _guarded, _provider_id

STATUS_CHOICES = {"gueltig": "valid", "widerrufen": "revoked", "alle": "all", "valid": "valid", "revoked": "revoked"}


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{value}“ ist kein Datum; bitte JJJJ-MM-TT angeben.") from None


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "issue-certificate", help="Bescheinigung zu einem freigegebenen Interview ausstellen (als PDF speichern)"
    )
    _add_url(p)
    p.add_argument("interview_id", type=int, metavar="INTERVIEW_ID")
    p.add_argument("--as", dest="username", required=True, help="Konto, das ausstellt (Beratung oder Trägerleitung)")
    p.add_argument("--out", type=Path, help="PDF-Datei (Vorgabe: <Nummer>.pdf)")
    p.set_defaults(func=_guarded(cmd_issue))

    p = subparsers.add_parser(
        "print-certificates", help="Bescheinigungen gesammelt drucken: ein PDF (eine Seite je Bescheinigung) oder ZIP"
    )
    _add_url(p)
    p.add_argument("--provider", help="Träger (Nummer oder genauer Name); Vorgabe: alle")
    p.add_argument("--since", type=_date, help="ausgestellt ab (JJJJ-MM-TT)")
    p.add_argument("--until", type=_date, help="ausgestellt bis einschließlich (JJJJ-MM-TT)")
    p.add_argument(
        "--status",
        default="gueltig",
        choices=["gueltig", "widerrufen", "alle"],
        help="welche Bescheinigungen (Vorgabe: gueltig)",
    )
    p.add_argument("--zip", action="store_true", help="ZIP mit einem PDF je Bescheinigung statt eines PDFs")
    p.add_argument("--out", required=True, type=Path, help="Zieldatei (.pdf oder .zip)")
    p.set_defaults(func=_guarded(cmd_print))

    p = subparsers.add_parser("revoke-certificate", help="Bescheinigung widerrufen (mit Begründung, protokolliert)")
    _add_url(p)
    p.add_argument("number", metavar="NUMMER", help="Bescheinigungsnummer, z. B. SPR-2026-000123")
    p.add_argument("--reason", required=True, help="Grund; wird bei der Prüfung angezeigt (ohne Personendaten)")
    p.add_argument("--as", dest="username", required=True, help="Konto, das widerruft (Beratung oder Administration)")
    p.set_defaults(func=_guarded(cmd_revoke))

    p = subparsers.add_parser(
        "verify", help="Bescheinigung prüfen: gibt valid, revoked oder unknown aus (Exit-Code 0 nur bei valid)"
    )
    _add_url(p)
    p.add_argument("number", metavar="NUMMER", help="Bescheinigungsnummer, z. B. SPR-2026-000123")
    p.add_argument("code", metavar="CODE", help="Prüfcode, z. B. 7K2QX-M9D4T")
    p.set_defaults(func=_guarded(cmd_verify))


def _actor(username: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    from store.access import actor_from_user
    from store.db import session_scope
    from store.models import User

    with session_scope(readonly=True) as s:
        user = s.scalar(select(User).where(func.lower(User.username) == username.strip().lower()))
        if user is None or not user.is_active:
            raise CommandError(f"Ein aktives Konto „{username}“ gibt es nicht.")
        return actor_from_user(user)


def cmd_issue(args: argparse.Namespace) -> int:
    from store.issuing import issue_certificate

    certificate, pdf = issue_certificate(_actor(args.username), args.interview_id)
    out = args.out or Path(f"{certificate.number}.pdf")
    _write(out, pdf)
    print(f"{certificate.number} ausgestellt: {out}, Prüfcode {certificate.verification_code}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from store.access import COMMAND_LINE
    from store.issuing import certificates_for_print, render_batch

    if args.since and args.until and args.since > args.until:
        raise CommandError("--since liegt nach --until.")
    items = certificates_for_print(
        COMMAND_LINE, _provider_id(args.provider), args.since, args.until, STATUS_CHOICES[args.status]
    )
    if not items:
        raise CommandError("Keine Bescheinigungen für diese Auswahl gefunden.")
    data = render_batch(items, as_zip=args.zip)
    _write(args.out, data)
    kind = "ZIP mit einzelnen PDFs" if args.zip else "PDF"
    print(f"{args.out}: {len(items)} Bescheinigung(en) als {kind}")
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from store.db import session_scope
    from store.issuing import revoke_certificate
    from store.models import Certificate
    from store.verification import normalise_number

    number = normalise_number(args.number)
    with session_scope(readonly=True) as s:
        certificate_id = s.scalar(select(Certificate.id).where(Certificate.number == number))
    if certificate_id is None:
        raise CommandError(f"Eine Bescheinigung {number} gibt es nicht.")
    revoke_certificate(_actor(args.username), certificate_id, args.reason)
    print(f"{number} widerrufen.")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from store.verification import verify_certificate

    result = verify_certificate(args.number, args.code, None)
    print(result.label)
    if result.number:
        print(f"Nummer: {result.number}")
    if result.is_valid:
        print(f"Name: {result.family_name}, {result.given_names}")
        if result.birth_date:
            print(f"Geburtsdatum: {result.birth_date:%d.%m.%Y}")
        print("Niveaus: " + ", ".join(f"{skill}={level}" for skill, level in result.levels.items()))
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


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise CommandError(f"{path} kann nicht geschrieben werden: {exc.strerror}.") from exc
