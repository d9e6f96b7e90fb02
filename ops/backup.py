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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Table, func, inspect, quoted_name, select, text

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


def _kind(column: Any) -> str:
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


def _encode(kind: str, value: Any) -> Any:
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


def _decode(kind: str, value: Any) -> Any:
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


def _reflect(conn: Connection) -> MetaData:
    meta = MetaData()
    meta.reflect(bind=conn)
    return meta


def _data_tables(meta: MetaData) -> list[Table]:
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
        meta = _reflect(conn)
        revision = migrations.current_revision(conn) if VERSION_TABLE in meta.tables else None
        tables = _data_tables(meta)
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
                    "columns": [{"name": c.name, "kind": _kind(c)} for c in t.columns],
                    "count": counts[t.name],
                }
                for t in tables
            ],
        }
        with gzip.open(tmp, "wt", encoding="utf-8", compresslevel=6) as fh:
            fh.write(json.dumps(header, ensure_ascii=False) + "\n")
            for table in tables:
                kinds = [_kind(c) for c in table.columns]
                order = list(table.primary_key.columns) or list(table.columns)
                result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
                written = 0
                for row in result:
                    line = json.dumps(
                        {"t": table.name, "r": [_encode(k, v) for k, v in zip(kinds, row, strict=True)]},
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


def _row_counts(conn: Connection, names: list[str]) -> dict[str, int]:
    meta = _reflect(conn)
    return {
        name: int(conn.execute(select(func.count()).select_from(meta.tables[name])).scalar_one())
        for name in names
        if name in meta.tables
    }


def _prepare_schema_with_alembic(conn: Connection, url: str, revision: str | None) -> None:
    """Brings the target schema to exactly the backup's revision (data then fits the columns)."""
    known = migrations.known_revisions()
    if revision is None:
        return
    if revision not in known:
        raise CommandError(
            f"Die Sicherung stammt von einer neueren Programmversion (Migration {revision}); dieses Programm "
            f"kennt nur bis {migrations.head_revision()}. Bitte erst Sprachstand aktualisieren."
        )
    current = migrations.current_revision(conn) if inspect(conn).has_table(VERSION_TABLE) else None
    if current is None or known.index(current) <= known.index(revision):
        migrations.upgrade(conn, url, revision)
    else:
        migrations.downgrade(conn, url, revision)


def _pk(table: Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def _late_columns(tables: list[Table]) -> dict[str, list[str]]:
    """Nullable foreign-key columns that may point at a row inserted later (self-references such as
    ``users.created_by``, or cycles between tables): they are inserted as NULL and set afterwards,
    because PostgreSQL checks a non-deferrable foreign key row by row."""
    seen: set[str] = set()
    late: dict[str, list[str]] = {}
    for table in tables:
        seen.add(table.name)
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if (target == table.name or target not in seen) and fk.parent.nullable and _pk(table):
                late.setdefault(table.name, []).append(fk.parent.name)
    return late


def _apply_late(conn: Connection, table: Table, updates: list[dict[str, Any]]) -> None:
    from sqlalchemy import bindparam, update

    keys = _pk(table)
    for group in {tuple(sorted(set(u) - set(keys))) for u in updates}:
        rows = [
            {f"k_{k}": u[k] for k in keys} | {f"v_{c}": u[c] for c in group}
            for u in updates
            if tuple(sorted(set(u) - set(keys))) == group
        ]
        stmt = (
            update(table)
            .where(*(table.c[k] == bindparam(f"k_{k}") for k in keys))
            .values({c: bindparam(f"v_{c}") for c in group})
        )
        for start in range(0, len(rows), BATCH):
            conn.execute(stmt, rows[start : start + BATCH])


def _reset_sequences(conn: Connection, tables: list[Table]) -> None:
    """After explicit ids were inserted, PostgreSQL's sequences must continue after the largest one."""
    preparer = conn.dialect.identifier_preparer
    for table in tables:
        for column in table.primary_key.columns:
            try:
                if column.type.python_type is not int:
                    continue
            except NotImplementedError:
                continue
            seq = conn.execute(
                text("SELECT pg_get_serial_sequence(:t, :c)"),
                {"t": preparer.format_table(table), "c": quoted_name(column.name, quote=True)},
            ).scalar()
            if seq:
                col = preparer.quote(column.name)
                conn.execute(
                    text(
                        f"SELECT setval(:seq, COALESCE((SELECT MAX({col}) FROM {preparer.format_table(table)}), 1), "  # noqa: S608 (quoted identifiers)
                        f"(SELECT MAX({col}) FROM {preparer.format_table(table)}) IS NOT NULL)"
                    ),
                    {"seq": seq},
                )


def restore(
    engine: Engine,
    path: Path,
    *,
    prepare_schema: Callable[[Connection, str | None], None] | None = None,
) -> BackupSummary:
    """Loads a backup into an EMPTY database, in one transaction (all or nothing).

    ``prepare_schema(conn, revision)`` creates the schema first; by default the store's Alembic
    migrations are run up to the backup's revision, then the data goes in, then the schema is
    upgraded to the newest revision.
    """
    data = read_backup(path)
    url = engine.url.render_as_string(hide_password=False)
    use_alembic = prepare_schema is None
    names = [t["name"] for t in data.header["tables"]]
    with engine.connect() as conn, conn.begin():
        if use_alembic:
            _prepare_schema_with_alembic(conn, url, data.revision)
        else:
            prepare_schema(conn, data.revision)
        meta = _reflect(conn)
        missing = [n for n in names if n not in meta.tables]
        if missing:
            raise CommandError(f"Die Zieldatenbank hat die Tabellen {', '.join(missing)} nicht. Schema passt nicht.")
        filled = {n: c for n, c in _row_counts(conn, [t.name for t in _data_tables(meta)]).items() if c}
        if filled:
            shown = ", ".join(f"{n} ({c} Zeilen)" for n, c in sorted(filled.items()))
            raise CommandError(
                f"Die Zieldatenbank ist nicht leer: {shown}. Wiederherstellen nur in eine leere Datenbank – "
                "bitte eine neue Datenbank anlegen (DATABASE_URL) und den Befehl wiederholen."
            )
        columns = {t["name"]: t["columns"] for t in data.header["tables"]}
        for name in names:
            unknown = {c["name"] for c in columns[name]} - {c.name for c in meta.tables[name].columns}
            if unknown:
                raise CommandError(f"Tabelle {name} der Zieldatenbank fehlen die Spalten {', '.join(sorted(unknown))}.")
        late = _late_columns([meta.tables[n] for n in names])
        batch: list[dict[str, Any]] = []
        batch_table: str | None = None
        pending: dict[str, list[dict[str, Any]]] = {}

        def flush() -> None:
            if batch and batch_table is not None:
                conn.execute(meta.tables[batch_table].insert(), batch)
                batch.clear()

        for name, values in data.rows():
            if name != batch_table or len(batch) >= BATCH:
                flush()
                batch_table = name
            row = {c["name"]: _decode(c["kind"], v) for c, v in zip(columns[name], values, strict=True)}
            later = {c: row[c] for c in late.get(name, ()) if row.get(c) is not None}
            if later:  # points at a row that may not exist yet: set it once every row is in
                pending.setdefault(name, []).append({**{c: row[c] for c in _pk(meta.tables[name])}, **later})
                row.update(dict.fromkeys(later))
            batch.append(row)
        flush()
        for name, updates in pending.items():
            _apply_late(conn, meta.tables[name], updates)
        if conn.dialect.name == "postgresql":
            _reset_sequences(conn, [meta.tables[n] for n in names])
        counts = _row_counts(conn, names)
        expected = {t["name"]: t["count"] for t in data.header["tables"]}
        if counts != expected:
            raise CommandError(f"Wiederherstellung unvollständig: erwartet {expected}, vorhanden {counts}.")
        if use_alembic and data.revision is not None and data.revision != migrations.head_revision():
            migrations.upgrade(conn, url, "head")
    log.info("backup restored", extra={"rows": sum(counts.values()), "tables": len(counts), "revision": data.revision})
    return BackupSummary(Path(path), data.revision, counts)
