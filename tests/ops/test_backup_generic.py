"""Backup and restore on a schema of every column type the store uses, across SQLite and PostgreSQL.

These tests build the schema themselves (``prepare_schema``); tests/ops/test_backup_store.py repeats the
round trip with the store's real migrations and demo data.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    insert,
    select,
)

from cli_common import CommandError
from ops.backup import backup, read_backup
from ops.db import ops_engine
from ops.restore import restore

meta = MetaData()
providers = Table(
    "providers",
    meta,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("logo", LargeBinary),
    Column("is_active", Boolean, nullable=False),
)
users = Table(
    "users",
    meta,
    Column("id", Integer, primary_key=True),
    Column("username", String(100), unique=True, nullable=False),
    Column("provider_id", ForeignKey("providers.id")),
    Column("created_by", ForeignKey("users.id")),  # a self-reference, as audit-minded schemas have
)
learners = Table(
    "learners",
    meta,
    Column("id", Integer, primary_key=True),
    Column("provider_id", ForeignKey("providers.id"), nullable=False),
    Column("family_name", String(200), nullable=False),
    Column("birth_date", Date),
    Column("created_at", DateTime, nullable=False),
)
interviews = Table(
    "interviews",
    meta,
    Column("id", Integer, primary_key=True),
    Column("learner_id", ForeignKey("learners.id"), nullable=False),
    Column("answers", JSON, nullable=False),
    Column("fee", Numeric(10, 2)),
    Column("summary", Text),
)

NAMES = ["Çağlar Öztürk", "Nguyễn Thị Hồng", "Олександра Коваленко", "محمد الأحمد", "O'Brien <b>&</b>"]
PNG = bytes(range(256)) * 3


def create_schema(conn, _revision) -> None:  # type: ignore[no-untyped-def]
    meta.create_all(conn)


def fill(url: str, n: int = 120) -> None:
    engine = ops_engine(url)
    with engine.begin() as conn:
        meta.create_all(conn)
        conn.execute(
            insert(providers),
            [
                {"id": 1, "name": "VHS", "logo": PNG, "is_active": True},
                {"id": 2, "name": "Caritas", "logo": None, "is_active": False},
            ],
        )
        # user 3 is created by user 5: a row that points *forward* in its own table
        conn.execute(insert(users), [{"id": 5, "username": "admin", "provider_id": None, "created_by": None}])
        conn.execute(insert(users), [{"id": 3, "username": "int1", "provider_id": 1, "created_by": 5}])
        for i in range(1, n + 1):
            conn.execute(
                insert(learners).values(
                    id=i,
                    provider_id=1 + i % 2,
                    family_name=NAMES[i % len(NAMES)],
                    birth_date=dt.date(1970 + i % 40, 1 + i % 12, 1 + i % 28),
                    created_at=dt.datetime(2026, 1, 1, 8, 30, 15, 123456) + dt.timedelta(hours=i),
                )
            )
            conn.execute(
                insert(interviews).values(
                    id=i,
                    learner_id=i,
                    answers={
                        "family_name": NAMES[i % len(NAMES)],
                        "goals": ["work", "study"],
                        "n": i,
                        "ok": True,
                        "nested": {"x": [1, 2.5, None]},
                    },
                    fee="12.50",
                    summary=None if i % 3 else 'Text mit\nZeilenumbruch und "Anführungszeichen"',
                )
            )
    engine.dispose()


def dump(url: str) -> dict[str, list[tuple]]:
    engine = ops_engine(url)
    with engine.connect() as conn:
        out = {
            t.name: [tuple(r) for r in conn.execute(select(t).order_by(*t.primary_key.columns))]
            for t in meta.sorted_tables
        }
    engine.dispose()
    return out


def round_trip(src: str, dst: str, tmp_path: Path) -> None:
    fill(src)
    out = tmp_path / "backup.jsonl.gz"
    summary = backup(ops_engine(src), out)
    assert summary.counts == {"providers": 2, "users": 2, "learners": 120, "interviews": 120}
    restored = restore(ops_engine(dst), out, prepare_schema=create_schema)
    assert restored.counts == summary.counts
    assert dump(dst) == dump(src)


def sqlite_url(tmp_path: Path, name: str) -> str:
    return f"sqlite:///{tmp_path / name}"


def test_sqlite_to_sqlite_round_trip_keeps_every_value(tmp_path):
    round_trip(sqlite_url(tmp_path, "a.db"), sqlite_url(tmp_path, "b.db"), tmp_path)


@pytest.mark.postgres
def test_sqlite_to_postgres_round_trip_keeps_every_value_and_new_ids_continue(tmp_path, pg_url):
    round_trip(sqlite_url(tmp_path, "a.db"), pg_url, tmp_path)
    engine = ops_engine(pg_url)
    with engine.begin() as conn:  # the sequence was reset: a new row gets the next free id, no clash
        new_id = conn.execute(
            insert(learners)
            .values(provider_id=1, family_name="Neu", created_at=dt.datetime(2026, 2, 1))
            .returning(learners.c.id)
        ).scalar_one()
    engine.dispose()
    assert new_id == 121


@pytest.mark.postgres
def test_postgres_to_sqlite_round_trip_keeps_every_value(tmp_path, pg_url):
    round_trip(pg_url, sqlite_url(tmp_path, "b.db"), tmp_path)


def test_backup_file_is_gzip_json_lines_with_header_counts_and_signature(tmp_path):
    src = sqlite_url(tmp_path, "a.db")
    fill(src, n=3)
    out = tmp_path / "b.jsonl.gz"
    backup(ops_engine(src), out)
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        lines = [json.loads(line) for line in fh]
    header, rows, footer = lines[0], lines[1:-1], lines[-1]
    assert header["format"] == "sprachstand-backup" and header["dialect"] == "sqlite"
    assert [t["name"] for t in header["tables"]].index("providers") < [t["name"] for t in header["tables"]].index(
        "learners"
    )
    kinds = {c["name"]: c["kind"] for t in header["tables"] for c in t["columns"] if t["name"] == "learners"}
    assert kinds["birth_date"] == "date" and kinds["created_at"] == "datetime"
    assert len(rows) == 2 + 2 + 3 + 3 and footer["end"] is True and len(footer["hmac_sha256"]) == 64


def test_restore_refuses_a_database_that_already_has_rows_and_changes_nothing(tmp_path):
    src, dst = sqlite_url(tmp_path, "a.db"), sqlite_url(tmp_path, "b.db")
    fill(src, n=5)
    fill(dst, n=2)
    out = tmp_path / "b.jsonl.gz"
    backup(ops_engine(src), out)
    before = dump(dst)
    with pytest.raises(CommandError, match="nicht leer"):
        restore(ops_engine(dst), out, prepare_schema=create_schema)
    assert dump(dst) == before


def test_truncated_or_altered_backup_is_refused_before_anything_is_written(tmp_path):
    src = sqlite_url(tmp_path, "a.db")
    fill(src, n=5)
    out = tmp_path / "b.jsonl.gz"
    backup(ops_engine(src), out)
    with gzip.open(out, "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    cut = tmp_path / "cut.jsonl.gz"
    with gzip.open(cut, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines[:-3]) + "\n")
    changed = tmp_path / "changed.jsonl.gz"
    with gzip.open(changed, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines).replace("VHS", "XYZ") + "\n")
    for bad in (cut, changed):
        with pytest.raises(CommandError, match="unvollständig oder verändert"):
            read_backup(bad)
    dst = sqlite_url(tmp_path, "empty.db")
    with pytest.raises(CommandError):
        restore(ops_engine(dst), cut, prepare_schema=create_schema)
    assert not (tmp_path / "empty.db").exists() or dump_tables(dst) == []


def dump_tables(url: str) -> list[str]:
    from sqlalchemy import inspect

    engine = ops_engine(url)
    with engine.connect() as conn:
        names = inspect(conn).get_table_names()
    engine.dispose()
    return names


def test_restore_is_all_or_nothing_when_a_row_does_not_fit(tmp_path):
    src, dst = sqlite_url(tmp_path, "a.db"), sqlite_url(tmp_path, "b.db")
    fill(src, n=5)
    out = tmp_path / "b.jsonl.gz"
    backup(ops_engine(src), out)

    def narrower_schema(conn, _revision):  # type: ignore[no-untyped-def]
        meta.create_all(conn)
        conn.exec_driver_sql("CREATE UNIQUE INDEX one_learner_per_provider ON learners (provider_id)")

    with pytest.raises(Exception, match="UNIQUE"):
        restore(ops_engine(dst), out, prepare_schema=narrower_schema)
    assert dump_tables(dst) == []
