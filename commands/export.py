"""``manage.py export``: the counseling office's list as CSV or XLSX, full or pseudonymised.

Who acts: without ``--as`` the command line's system actor, which gets exactly the counseling
office's view (submitted or later, sharing consent given, not erased) and is recorded in the audit
log as ``manage.py``. With ``--as KONTO`` the export runs as that account with its own rights
(it must be an active counseling account) and is audited under its name.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from cli_common import CommandError
from commands.common import Subparsers, account, add_database_url, guarded, iso_date, provider_id
from schemas.views import ReviewFilters
from schemas.vocabulary import REVIEW_STATUSES
from store.access import COMMAND_LINE
from store.exports import export_interviews

STATUSES = [status.value for status in REVIEW_STATUSES]  # submitted and later: what the office works with


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="Interviews der Beratungsstelle als CSV/XLSX exportieren (auch pseudonymisiert)"
    )
    p.add_argument("--format", required=True, choices=["csv", "xlsx"], help="Dateiformat")
    p.add_argument("--out", required=True, type=Path, metavar="DATEI", help="Zieldatei")
    p.add_argument("--pseudonymize", action="store_true", help="für Statistik: ohne Namen, Daten, Kontakt, Freitext")
    p.add_argument("--provider", metavar="TRÄGER", help="nur dieser Träger (Nummer oder genauer Name)")
    p.add_argument("--since", type=iso_date, metavar="DATUM", help="nur eingereicht ab diesem Datum (JJJJ-MM-TT)")
    p.add_argument("--until", type=iso_date, metavar="DATUM", help="nur eingereicht bis zu diesem Datum (JJJJ-MM-TT)")
    p.add_argument(
        "--status",
        action="append",
        choices=STATUSES,
        help="Status (mehrfach möglich; Vorgabe: alle ab eingereicht)",
    )
    p.add_argument("--headers", choices=["labels", "ids"], default="labels", help="Spaltenköpfe (Vorgabe: labels)")
    p.add_argument(
        "--as", dest="as_user", metavar="KONTO", help="als dieses Beratungs-Konto exportieren (Vorgabe: Systemkonto)"
    )
    add_database_url(p)
    p.set_defaults(func=guarded(cmd_export))


def cmd_export(args: argparse.Namespace) -> int:
    filters = ReviewFilters(
        statuses=tuple(args.status or STATUSES),
        provider_id=provider_id(args.provider),
        submitted_from=args.since,
        submitted_to=args.until,
        order="oldest",
    )
    actor = account(args.as_user) if args.as_user else COMMAND_LINE
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
