"""``manage.py export``: the counseling office's list as CSV or XLSX, full or pseudonymised.

Who acts: without ``--as`` the command line's system actor, which gets exactly the counseling
office's view (submitted or later, sharing consent given, not erased) and is recorded in the audit
log as ``manage.py``. With ``--as USERNAME`` the export runs as that account with its own rights
(it must be an active counseling account) and is audited under its name.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date
from pathlib import Path

from cli_common import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = subparsers.add_parser(
        "export", help="Interviews der Beratungsstelle als CSV/XLSX exportieren (auch pseudonymisiert)"
    )
    p.add_argument("--format", required=True, choices=["csv", "xlsx"], help="Dateiformat")
    p.add_argument("--out", required=True, type=Path, help="Zieldatei")
    p.add_argument("--pseudonymize", action="store_true", help="für Statistik: ohne Namen, Daten, Kontakt, Freitext")
    p.add_argument("--provider", help="nur dieser Träger (Nummer oder genauer Name)")
    p.add_argument("--since", help="nur eingereicht ab diesem Datum (JJJJ-MM-TT)")
    p.add_argument("--until", help="nur eingereicht bis zu diesem Datum (JJJJ-MM-TT)")
    p.add_argument(
        "--status",
        action="append",
        choices=["submitted", "returned", "approved", "certificate_issued"],
        help="Status (mehrfach möglich; Vorgabe: alle ab eingereicht)",
    )
    p.add_argument("--headers", choices=["labels", "ids"], default="labels", help="Spaltenköpfe (Vorgabe: labels)")
    p.add_argument("--as", dest="as_user", help="als dieses Beratungs-Konto exportieren (Vorgabe: Systemkonto)")
    p.add_argument("--database-url", default=None, help="Datenbank-Adresse (Vorgabe: DATABASE_URL)")
    p.set_defaults(func=cmd_export)


def _date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"{option}: bitte ein Datum als JJJJ-MM-TT angeben (z. B. 2026-01-31).") from exc


def cmd_export(args: argparse.Namespace) -> int:
    from store import db
    from store.errors import StoreError

    try:
        if args.database_url:
            db.configure(args.database_url)
        db.ensure_migrated()
        return _export(args)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        db.configure(None)


def _actor(username: str | None):  # type: ignore[no-untyped-def]
    from sqlalchemy import func, select

    import store
    from store.access import COMMAND_LINE
    from store.db import session_scope
    from store.models import User

    if not username:
        return COMMAND_LINE
    with session_scope(readonly=True) as s:
        user_id = s.scalar(select(User.id).where(func.lower(User.username) == username.strip().lower()))
    if user_id is None:
        raise CommandError(f"--as: ein Konto „{username}“ gibt es nicht.")
    return store.get_actor(user_id)


def _export(args: argparse.Namespace) -> int:
    from store.cli import _provider_id
    from store.exports import export_interviews
    from store.reporting import REPORT_STATUSES
    from store.views import ReviewFilters

    filters = ReviewFilters(
        statuses=tuple(args.status or REPORT_STATUSES),
        provider_id=_provider_id(args.provider),
        submitted_from=_date(args.since, "--since"),
        submitted_to=_date(args.until, "--until"),
        order="oldest",
    )
    actor = _actor(args.as_user)
    target: Path = args.out
    if target.parent and not target.parent.exists():
        raise CommandError(f"--out: den Ordner {target.parent} gibt es nicht.")
    # Written next to the target and renamed at the end: a failed export leaves no half file behind.
    fd, tmp_name = tempfile.mkstemp(prefix=".export-", dir=str(target.parent or Path(".")))
    try:
        with os.fdopen(fd, "wb") as handle:
            result = export_interviews(
                actor, filters, handle, fmt=args.format, pseudonymize=args.pseudonymize, headers=args.headers
            )
        os.chmod(tmp_name, 0o600)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    kind = "pseudonymisiert " if args.pseudonymize else ""
    print(f"{result.rows} Interviews {kind}exportiert ({len(result.columns)} Spalten): {target}")
    return 0
