"""manage.py commands of operations: health, health-server, backup, restore, settings-doc, setup-code."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from cli_common import CommandError
from commands.common import Subparsers, add_database_url, whole_number
from ops import settings_doc
from ops.backup import backup
from ops.db import ops_engine, redacted, resolve_url, sqlite_path
from ops.health import check_health, make_health_server
from ops.restore import restore


def register(subparsers: Subparsers) -> None:
    p = subparsers.add_parser("health", help="Datenbank erreichbar und Schema aktuell? (Exit 0 = ok, 1 = Fehler)")
    add_database_url(p)
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON (für Monitoring)")
    p.set_defaults(func=cmd_health)

    p = subparsers.add_parser("health-server", help="Kleiner HTTP-Gesundheitsendpunkt /health (200 oder 503)")
    add_database_url(p)
    p.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="ADRESSE",
        help="Adresse, an der der Endpunkt lauscht (Vorgabe 127.0.0.1)",
    )
    p.add_argument("--port", type=whole_number, default=8590, metavar="PORT", help="Port (Vorgabe 8590)")
    p.set_defaults(func=cmd_health_server)

    p = subparsers.add_parser("backup", help="Sicherung aller Tabellen in eine Datei (gzip, JSON-Zeilen)")
    add_database_url(p)
    p.add_argument(
        "--out", required=True, type=Path, metavar="DATEI", help="Zieldatei, z. B. sprachstand-2026-11-26.jsonl.gz"
    )
    p.set_defaults(func=cmd_backup)

    p = subparsers.add_parser("restore", help="Sicherung in eine LEERE Datenbank einspielen (migriert selbst)")
    add_database_url(p)
    p.add_argument("file", type=Path, metavar="DATEI", help="Sicherungsdatei von `manage.py backup`")
    p.set_defaults(func=cmd_restore)

    p = subparsers.add_parser(
        "settings-doc", help="docs/settings.md und deploy/sprachstand.env.example aus settings.py erzeugen"
    )
    p.add_argument("--check", action="store_true", help="nur prüfen (Exit 1, wenn veraltet)")
    p.set_defaults(func=cmd_settings_doc)

    p = subparsers.add_parser(
        "setup-code", help="Einrichtungscode für die Seite „Sprachstand einrichten“ (solange es kein Admin-Konto gibt)"
    )
    add_database_url(p)
    p.add_argument("--if-needed", action="store_true", help="nichts ausgeben, wenn es schon ein Admin-Konto gibt")
    p.set_defaults(func=cmd_setup_code)


def cmd_health(args: argparse.Namespace) -> int:
    report = check_health(args.database_url)
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False))
    else:
        print(report.line(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else 1


def cmd_health_server(args: argparse.Namespace) -> int:
    server = make_health_server(args.host, args.port, args.database_url)
    print(f"Gesundheitsendpunkt auf http://{args.host}:{server.server_port}/health", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    url = resolve_url(args.database_url)
    if args.out.parent and not args.out.parent.is_dir():
        raise CommandError(f"Verzeichnis {args.out.parent} existiert nicht.")
    engine = ops_engine(url)
    try:
        summary = backup(engine, args.out)
    except CommandError:
        raise
    except Exception as exc:
        raise CommandError(f"Sicherung von {redacted(url)} fehlgeschlagen: {type(exc).__name__}: {exc}") from exc
    finally:
        engine.dispose()
    print(
        f"Sicherung geschrieben: {summary.path} ({summary.total_rows} Zeilen in {len(summary.counts)} Tabellen, "
        f"Migration {summary.revision})"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    url = resolve_url(args.database_url)
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = ops_engine(url)
    try:
        summary = restore(engine, args.file)
    except CommandError:
        raise
    except Exception as exc:
        raise CommandError(
            f"Wiederherstellung in {redacted(url)} fehlgeschlagen, nichts wurde geändert: {type(exc).__name__}: {exc}"
        ) from exc
    finally:
        engine.dispose()
    print(
        f"Wiederhergestellt in {redacted(url)}: {summary.total_rows} Zeilen in {len(summary.counts)} Tabellen "
        f"(Sicherung mit Migration {summary.revision})"
    )
    return 0


def cmd_settings_doc(args: argparse.Namespace) -> int:
    if args.check:
        stale = settings_doc.outdated()
        for path in stale:
            print(f"veraltet: {path} – `./manage settings-doc` ausführen", file=sys.stderr)
        return 1 if stale else 0
    for path in settings_doc.write():
        print(f"geschrieben: {path}")
    return 0


def cmd_setup_code(args: argparse.Namespace) -> int:
    import store
    from security import setup_code
    from store import db

    try:
        if args.database_url:
            db.configure(args.database_url)
        db.ensure_migrated()
        needed = store.setup_needed()
    except store.StoreError as exc:
        raise CommandError(str(exc)) from exc
    finally:
        db.configure(None)
    if needed:
        print(setup_code.console_line(), flush=True)
    elif not args.if_needed:
        print("Es gibt bereits ein Admin-Konto: die Einrichtungsseite ist abgeschaltet, kein Code nötig.")
    return 0
