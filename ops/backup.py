"""Backup and restore of the whole database as one gzip-compressed JSON-lines file.

Format (one JSON object per line):
1. header: ``{"format": "sprachstand-backup", "format_version": 1, "created_at", "dialect",
   "alembic_revision", "tables": [{"name", "columns": [{"name", "kind"}], "count"}]}``
2. one line per row, tables in foreign-key order, rows by primary key: ``{"t": name, "r": [values]}``
   — values in column order; bytes as base64, date/time as ISO 8601, decimals as strings
   (``kind`` in the header says how to read each column back);
3. footer: ``{"end": true, "counts": {...}, "hmac_sha256": <signature>}`` — HMAC-SHA256 over the
   header and every row line (each with its newline), keyed with the backup key (derived from
   ``SECRET_KEY``, see ``backup_keys``). A file cut short, altered or signed with another key is
   refused at restore before anything is written: whoever can write a backup file but does not know
   the key cannot slip a changed password hash or certificate into the database.

The file is created readable and writable by its owner only (0600, whatever the umask): it holds
every learner's personal data and every password hash. Format version 1 (an unkeyed SHA-256) is no
longer accepted.

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
import hmac
import io
import json
import logging
import os
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
FORMAT_VERSION = 2
_KEY_PURPOSE = b"sprachstand-backup-signature-v1"
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


def backup_keys() -> list[bytes]:
    """The signing key first, then those a restore also accepts: one per secret key (``SECRET_KEY``,
    then ``OLD_SECRET_KEYS``), derived so a backup signature never equals a certificate code."""
    from settings import get_settings

    settings = get_settings()
    return [
        hmac.new(secret, _KEY_PURPOSE, hashlib.sha256).digest()
        for secret in (settings.effective_secret_key, *settings.old_secret_key_list)
    ]


def _private_file(path: Path) -> io.BufferedWriter:
    """``path`` opened for writing with mode 0600 from its first byte (a chmod afterwards would leave a
    moment in which the umask's wider bits apply)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a file left over by a crash may have been created with other bits
    return os.fdopen(fd, "wb")


def _snapshot(engine: Engine) -> Connection:
    if engine.dialect.name == "postgresql":
        return engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
    return engine.connect()


def backup(engine: Engine, out: Path) -> BackupSummary:
    """Writes a consistent snapshot of every table to ``out`` (gzip JSON lines); see module docstring."""
    out = Path(out)
    tmp = out.with_name(out.name + ".partial")
    signature = hmac.new(backup_keys()[0], digestmod=hashlib.sha256)
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
        with (
            _private_file(tmp) as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6) as packed,
            io.TextIOWrapper(packed, encoding="utf-8", newline="\n") as fh,
        ):
            first = json.dumps(header, ensure_ascii=False) + "\n"
            signature.update(first.encode())
            fh.write(first)
            for table in tables:
                kinds = [column_kind(c) for c in table.columns]
                order = list(table.primary_key.columns) or list(table.columns)
                result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
                written = 0
                for row in result:
                    line = (
                        json.dumps(
                            {"t": table.name, "r": [encode_value(k, v) for k, v in zip(kinds, row, strict=True)]},
                            ensure_ascii=False,
                        )
                        + "\n"
                    )
                    signature.update(line.encode())
                    fh.write(line)
                    written += 1
                if written != counts[table.name]:  # impossible inside one snapshot; guard anyway
                    raise CommandError(f"Tabelle {table.name} änderte sich während der Sicherung. Bitte wiederholen.")
            fh.write(json.dumps({"end": True, "counts": counts, "hmac_sha256": signature.hexdigest()}) + "\n")
    tmp.replace(out)  # a crash never leaves a half-written file under the real name
    log.info("backup written", extra={"rows": sum(counts.values()), "tables": len(counts), "revision": revision})
    return BackupSummary(out, revision, counts)


@dataclass
class _Backup:
    header: dict[str, Any]
    path: Path
    key: bytes  # the backup key whose signature matched

    @property
    def revision(self) -> str | None:
        return self.header.get("alembic_revision")

    def rows(self) -> Iterator[tuple[str, list[Any]]]:
        """Every row, the signature checked again on the way: a file swapped after ``read_backup`` is
        refused at its end, inside the restore's transaction, so nothing of it is kept."""
        with gzip.open(self.path, "rt", encoding="utf-8", newline="\n") as fh:
            signature = hmac.new(self.key, fh.readline().encode(), hashlib.sha256)
            for line in fh:
                entry = json.loads(line)
                if entry.get("end"):
                    if not hmac.compare_digest(str(entry.get("hmac_sha256", "")), signature.hexdigest()):
                        raise CommandError(f"Sicherungsdatei {self.path} wurde während des Einspielens verändert.")
                    return
                signature.update(line.encode())
                yield entry["t"], entry["r"]
            raise CommandError(f"Sicherungsdatei {self.path} wurde während des Einspielens gekürzt.")


def read_backup(path: Path) -> _Backup:
    """Opens a backup file and checks it is complete and unaltered (before anything is written)."""
    path = Path(path)
    if not path.is_file():
        raise CommandError(f"Sicherungsdatei {path} nicht gefunden.")
    try:
        with gzip.open(path, "rt", encoding="utf-8", newline="\n") as fh:
            first = fh.readline()
            header = json.loads(first)
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise CommandError(f"{path} ist keine Sprachstand-Sicherung.")
            if header.get("format_version", 0) > FORMAT_VERSION:
                raise CommandError(f"{path} hat ein neueres Sicherungsformat. Bitte Sprachstand aktualisieren.")
            if header.get("format_version", 0) < FORMAT_VERSION:
                raise CommandError(
                    f"Sicherungsdatei {path} hat das alte Format ohne Signatur und wird nicht eingespielt: ob sie "
                    "verändert wurde, lässt sich nicht prüfen. Bitte eine neue Sicherung mit dieser Version anlegen."
                )
            keys = backup_keys()
            signatures = [hmac.new(key, first.encode(), hashlib.sha256) for key in keys]
            counts: dict[str, int] = {}
            footer = None
            for line in fh:
                entry = json.loads(line)
                if entry.get("end"):
                    footer = entry
                    break
                for signature in signatures:
                    signature.update(line.encode())
                counts[entry["t"]] = counts.get(entry["t"], 0) + 1
    except (OSError, EOFError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CommandError(f"Sicherungsdatei {path} ist beschädigt oder unvollständig ({type(exc).__name__}).") from exc
    expected = {t["name"]: t["count"] for t in header["tables"]}
    stated = str(footer.get("hmac_sha256", "")) if footer is not None else ""
    matching = [k for k, sig in zip(keys, signatures, strict=True) if hmac.compare_digest(stated, sig.hexdigest())]
    if not matching:
        raise CommandError(
            f"Sicherungsdatei {path} ist unvollständig oder verändert (Signatur passt nicht) und wird nicht "
            "eingespielt. Stammt sie von einem anderen Server, bitte dessen SECRET_KEY setzen (oder in "
            "OLD_SECRET_KEYS aufnehmen) und den Befehl wiederholen."
        )
    if {k: v for k, v in expected.items() if v} != counts:
        raise CommandError(f"Sicherungsdatei {path}: Zeilenzahlen stimmen nicht mit dem Kopf überein.")
    return _Backup(header, path, matching[0])
