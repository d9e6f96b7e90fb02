"""Backup and restore of the whole database as one gzip-compressed JSON-lines file.

Format (one JSON object per line):
1. header: ``{"format": "sprachstand-backup", "format_version": 1, "created_at", "dialect",
   "alembic_revision", "tables": [{"name", "columns": [{"name", "kind"}], "count"}]}``
2. one line per row, tables in foreign-key order, rows by primary key: ``{"t": name, "r": [values]}``
   — values in column order; bytes as base64, date/time as ISO 8601, decimals as strings
   (``kind`` in the header says how to read each column back);
3. footer: ``{"end": true, "counts": {...}, "sha256": <hash of all row lines>}`` — a file cut short
   or altered is refused at restore.

It works on whatever tables the database holds (reflected via SQLAlchemy), so a new table needs no
change here. The snapshot is consistent: everything is read in one transaction (PostgreSQL
REPEATABLE READ, read only; SQLite one ``BEGIN`` ... so writers may go on meanwhile with WAL).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import gzip
import hashlib
import json
import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, func, select

from cli_common import CommandError
from ops import migrations

log = logging.getLogger("sprachstand.ops.backup")

FORMAT = "sprachstand-backup"
FORMAT_VERSION = 1
VERSION_TABLE = "alembic_version"
BATCH = 1000


@dataclass
class BackupSummary:
    path: Path
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.counts.values())


def column_kind(column: Any) -> str:
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return "plain"
    if python_type is bytes:
        return "bytes"
    if python_type is dt.datetime:
        return "datetime"
    if python_type is dt.date:
        return "date"
    if python_type is dt.time:
        return "time"
    if python_type is dt.timedelta:
        return "interval"
    if python_type is decimal.Decimal:
        return "decimal"
    if python_type is uuid.UUID:
        return "uuid"
    if python_type in (dict, list):
        return "json"
    return "plain"


def encode_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    if kind in ("datetime", "date", "time"):
        return value.isoformat()
    if kind == "interval":
        return value.total_seconds()
    if kind in ("decimal", "uuid"):
        return str(value)
    if isinstance(value, float) and kind == "plain":
        return value
    return value


def decode_value(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "bytes":
        return base64.b64decode(value)
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "time":
        return dt.time.fromisoformat(value)
    if kind == "interval":
        return dt.timedelta(seconds=value)
    if kind == "decimal":
        return decimal.Decimal(value)
    if kind == "uuid":
        return uuid.UUID(value)
    return value


def reflect(conn: Connection) -> MetaData:
    meta = MetaData()
    meta.reflect(bind=conn)
    return meta


def data_tables(meta: MetaData) -> list[Table]:
    """Tables in foreign-key order (parents first), without Alembic's bookkeeping table."""
    return [t for t in meta.sorted_tables if t.name != VERSION_TABLE]


def _snapshot(engine: Engine) -> Connection:
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return engine.connect()


def backup(engine: Engine, out: Path) -> BackupSummary:
    """Writes a consistent snapshot of every table to ``out`` (gzip JSON lines); see module docstring."""
    out = Path(out)
    tmp = out.with_name(out.name + ".partial")
    digest = hashlib.sha256()
    with _snapshot(engine) as conn, conn.begin():
        meta = reflect(conn)
        revision = migrations.current_revision(conn) if VERSION_TABLE in meta.tables else None
        tables = data_tables(meta)
        counts = {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one()) for t in tables}
        header = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "dialect": engine.dialect.name,
            "alembic_revision": revision,
            "tables": [
                {
                    "name": t.name,
                    "columns": [{"name": c.name, "kind": column_kind(c)} for c in t.columns],
                    "count": counts[t.name],
                }
                for t in tables
            ],
        }
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
            fh.write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in tables:
                kinds = [column_kind(c) for c in table.columns]
                order = list(table.primary_key.columns) or list(table.columns)
                result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
                written = 0
                for row in result:
                    line = json.dumps(
                        {"t": table.name, "r": [encode_value(k, v) for k, v in zip(kinds, row, strict=True)]},
                        ensure_ascii=False,
                    )
                    digest.update(line.encode())
                    fh.write(line + "\n")
                    written += 1
                if written != counts[table.name]:  # impossible inside one snapshot; guard anyway
                    raise CommandError(f"Tabelle {table.name} änderte sich während der Sicherung. Bitte wiederholen.")
            fh.write(json.dumps({"end": True, "counts": counts, "sha256": digest.hexdigest()}) + "\n")
    tmp.replace(out)  # a crash never leaves a half-written file under the real name
    log.info("backup written", extra={"rows": sum(counts.values()), "tables": len(counts), "revision": revision})
    return BackupSummary(out, revision, counts)


@dataclass
class _Backup:
    header: dict[str, Any]
    path: Path

    @property
    def revision(self) -> str | None:
        return self.header.get("alembic_revision")

    def rows(self) -> Iterator[tuple[str, list[Any]]]:
        with gzip.open(self.path, "rt", encoding="utf-8") as fh:
            next(fh)
            for line in fh:
                entry = json.loads(line)
                if entry.get("end"):
                    return
                yield entry["t"], entry["r"]


def read_backup(path: Path) -> _Backup:
    """Opens a backup file and checks it is complete and unaltered (before anything is written)."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"Sicherungsdatei {path} nicht gefunden.")
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            header = json.loads(fh.readline())
            if header.get("format") != FORMAT:
                raise CommandError(f"{path} ist keine Sprachstand-Sicherung.")
            if header.get("format_version", 0) > FORMAT_VERSION:
                raise CommandError(f"{path} hat ein neueres Sicherungsformat. Bitte Sprachstand aktualisieren.")
            digest = hashlib.sha256()
            counts: dict[str, int] = {}
            footer = None
            for line in fh:
                entry = json.loads(line)
                if entry.get("end"):
                    footer = entry
                    break
                digest.update(line.rstrip("\n").encode())
                counts[entry["t"]] = counts.get(entry["t"], 0) + 1
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CommandError(f"Sicherungsdatei {path} ist beschädigt oder unvollständig ({type(exc).__name__}).") from exc
    expected = {t["name"]: t["count"] for t in header["tables"]}
    if footer is None or footer.get("sha256") != digest.hexdigest():
        raise CommandError(f"Sicherungsdatei {path} ist unvollständig oder verändert (Prüfsumme falsch).")
    if {k: v for k, v in expected.items() if v} != counts:
        raise CommandError(f"Sicherungsdatei {path}: Zeilenzahlen stimmen nicht mit dem Kopf überein.")
    return _Backup(header, path)
