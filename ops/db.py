"""Database engines: ``new_engine``, the one place that creates them (the app's pooled engine in
``store.db`` too), and the pool-less engine of operations commands (health, backup, restore).

An operations command does not use the app's pool: a backup must run with plain read transactions
(SQLite ``BEGIN``, PostgreSQL ``REPEATABLE READ``), and the health check must report a dead database
instead of waiting for a pool. SQLite gets the same pragmas as the app (foreign keys, busy timeout).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
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


SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(app: bool) -> Callable[[sqlite3.Connection, object], None]:
    def connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Autocommit at the driver level: SQLAlchemy's "begin" hook emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        if app:  # the app's own file; an operations command leaves a file's journal mode as it is
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.close()

    return connect


def _plain_begin(conn: object) -> None:
    # A real transaction also for reads: the snapshot of a backup starts at its first SELECT.
    conn.exec_driver_sql("BEGIN")  # type: ignore[attr-defined]


def new_engine(url: str | URL, *, pooled: bool, sqlite_begin: Callable[[Any], None] = _plain_begin) -> Engine:
    """The one place that creates database engines: the app's pooled engine (``store.db``, ``pooled``)
    and an operations command's pool-less one (``ops_engine``). SQLite gets foreign keys and a busy
    timeout on every connection (the app also WAL) and ``sqlite_begin`` starts its transactions;
    PostgreSQL is reached via psycopg 3 with a 5 s connect timeout. Failing statements never show their
    values (``hide_parameters``: names and answers stay out of error texts and logs). Raises SQLAlchemy's
    ArgumentError/NoSuchModuleError for an unusable URL and ValueError for an unsupported database."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        connect_args: dict[str, Any] = {"timeout": 30}
        if pooled:
            connect_args["check_same_thread"] = False
            engine = create_engine(parsed, connect_args=connect_args, hide_parameters=True)
        else:
            engine = create_engine(parsed, poolclass=NullPool, connect_args=connect_args, hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas(app=pooled))
        event.listen(engine, "begin", sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.get_driver_name() not in ("psycopg", "psycopg2"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        options: dict[str, Any] = {"connect_args": {"connect_timeout": 5}, "hide_parameters": True}
        if pooled:
            options.update(pool_pre_ping=True, pool_size=10, max_overflow=20)
        else:
            options["poolclass"] = NullPool
        return create_engine(parsed, **options)
    raise ValueError(f"unsupported database: {backend}")


def ops_engine(url: str | None = None) -> Engine:
    """A pool-less engine for one command; raises CommandError for an unusable URL."""
    url = resolve_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:
        raise CommandError(f"DATABASE_URL „{url}“ ist keine gültige Datenbank-Adresse.") from exc
    backend = parsed.get_backend_name()
    try:
        return new_engine(parsed, pooled=False)
    except ValueError as exc:
        raise CommandError(f"Datenbank-Art „{backend}“ wird nicht unterstützt (nur SQLite und PostgreSQL).") from exc
