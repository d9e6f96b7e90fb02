"""Restore of a backup file (see ops/backup.py for the format) into an EMPTY database.

One transaction, all or nothing: the schema is brought to the backup's Alembic revision, every row
is inserted in foreign-key order (self-references set afterwards), PostgreSQL's id sequences are
moved past the restored ids, row counts are checked, and the schema is upgraded to the newest
revision.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, inspect, quoted_name, select, text

from cli_common import CommandError
from ops import migrations
from ops.backup import BATCH, VERSION_TABLE, BackupSummary, data_tables, decode_value, read_backup, reflect

log = logging.getLogger("sprachstand.ops.restore")


def _row_counts(conn: Connection, names: list[str]) -> dict[str, int]:
    meta = reflect(conn)
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
        if prepare_schema is None:
            _prepare_schema_with_alembic(conn, url, data.revision)
        else:
            prepare_schema(conn, data.revision)
        meta = reflect(conn)
        missing = [n for n in names if n not in meta.tables]
        if missing:
            raise CommandError(f"Die Zieldatenbank hat die Tabellen {', '.join(missing)} nicht. Schema passt nicht.")
        filled = {n: c for n, c in _row_counts(conn, [t.name for t in data_tables(meta)]).items() if c}
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
            row = {c["name"]: decode_value(c["kind"], v) for c, v in zip(columns[name], values, strict=True)}
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
