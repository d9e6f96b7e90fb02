"""The database connections of operations commands (health, backup, restore).

Deliberately independent of ``store.db``: a backup must run with plain read transactions (SQLite
``BEGIN``, PostgreSQL ``REPEATABLE READ``), and the health check must report a dead database
instead of waiting for a pool. SQLite gets the same pragmas as the app (foreign keys, busy timeout).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from cli_common import CommandError


def resolve_url(url: str | None) -> str:
    if url:
        return url
    from settings import get_settings

    return get_settings().effective_database_url


def redacted(url: str) -> str:
    """The URL without its password, fit for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # unparsable: it carries no parsed password either
        return url


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" hook below emits BEGIN itself
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA busy_timeout = 30000")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _sqlite_begin(conn: object) -> None:
    # A real transaction also for reads: the snapshot of a backup starts at its first SELECT.
    conn.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]


def ops_engine(url: str | None = None) -> Engine:
    """A pool-less engine for one command; raises CommandError for an unusable URL."""
    url = resolve_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise CommandError(f"DATABASE_URL „{url}“ ist keine gültige Datenbank-Adresse.") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(parsed, poolclass=NullPool, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "psycopg2"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(parsed, poolclass=NullPool, connect_args={"connect_timeout": 5})
    raise CommandError(f"Datenbank-Art „{backend}“ wird nicht unterstützt (nur SQLite und PostgreSQL).")
