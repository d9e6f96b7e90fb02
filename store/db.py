"""Engines, sessions and migrations.

One engine per database URL (cached, thread-safe), made by ``ops.db.new_engine`` (the one place that
creates engines). SQLite gets WAL, foreign keys and a busy timeout on every connection, and write
transactions start with ``BEGIN IMMEDIATE`` so two writers queue up
instead of failing with "database is locked" halfway through. PostgreSQL is reached via psycopg 3.
Every connection problem becomes a :class:`DatabaseUnavailable` with a German message.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError
from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ops.db import new_engine
from questionnaire.errors import validation_messages
from settings import get_settings
from store.errors import DatabaseUnavailable
from store.scoping import CrossProvider, install, opt_out_session

T = TypeVar("T")

MIGRATION_LOCK_KEY = 7_310_001  # PostgreSQL advisory lock held while migrating
_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_engines: dict[str, Engine] = {}
_sessionmakers: dict[str, sessionmaker[Session]] = {}
_lock = threading.RLock()
_migrated: set[str] = set()
# Alembic's command API keeps module-global state (the `context` proxy): two sessions of a fresh
# app process migrating at once fail with KeyError('script'). One migration at a time per process.
_migrate_lock = threading.Lock()


_configured_url: str | None = None


def configure(url: str | None) -> None:
    """Points the whole store at ``url`` (tests, benchmarks); ``None`` returns to the settings' database."""
    global _configured_url
    _configured_url = url


def default_url() -> str:
    if _configured_url:
        return _configured_url

    try:
        return get_settings().effective_database_url
    except ValidationError as exc:
        messages = "; ".join(validation_messages(exc.errors()))
        raise DatabaseUnavailable(f"Die Einstellungen sind ungültig: {messages}") from exc


def _bad_url(url: str) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"Die Datenbank-Adresse (DATABASE_URL) „{_redact(url)}“ ist ungültig. Beispiele: "
        "postgresql+psycopg://benutzer@host:5432/sprachstand oder sqlite:///data/sprachstand.db"
    )


def _redact(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # the URL could not even be parsed: show it, it carries no parsed password
        return url


def _sqlite_begin(conn: object) -> None:
    readonly = conn.get_execution_options().get("store_readonly", False)  # type: ignore[attr-defined]
    conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")  # type: ignore[attr-defined]


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured database), created once per URL."""
    url = url or default_url()
    engine = _engines.get(url)
    if engine is not None:
        return engine
    with _lock:
        engine = _engines.get(url)
        if engine is not None:
            return engine
        engine = _create_engine(url)
        _engines[url] = engine
        return engine


def _create_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise _bad_url(url) from exc
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        try:
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(
                f"Der Ordner der Datenbankdatei {parsed.database} kann nicht angelegt werden ({exc.strerror})."
            ) from exc
    try:
        return new_engine(parsed, pooled=True, sqlite_begin=_sqlite_begin)
    except (ArgumentError, NoSuchModuleError, ValueError) as exc:
        raise _bad_url(url) from exc


def dispose_engine(url: str | None = None) -> None:
    """Close the pooled connections of one engine (tests, after forking)."""
    url = url or default_url()
    with _lock:
        engine = _engines.pop(url, None)
        _sessionmakers.pop(url, None)
        _migrated.discard(url)
    if engine is not None:
        engine.dispose()


def _factory(url: str | None) -> sessionmaker[Session]:
    url = url or default_url()
    factory = _sessionmakers.get(url)
    if factory is None:
        with _lock:
            factory = _sessionmakers.get(url)
            if factory is None:
                factory = sessionmaker(get_engine(url), expire_on_commit=False, autoflush=True)
                install(factory)  # every query on personal data must be scoped (store/scoping.py)
                _sessionmakers[url] = factory
    return factory


def _where(url: str | None) -> str:
    """Host and database of a URL for messages (never the password)."""
    try:
        parsed = make_url(url or default_url())
    except Exception:  # a broken URL is reported elsewhere; here it only decorates a message
        return ""
    if parsed.get_backend_name() == "sqlite":
        return f" ({parsed.database})"
    return f" ({parsed.host or 'localhost'}:{parsed.port or 5432}/{parsed.database or ''})"


def unavailable(exc: Exception, url: str | None = None) -> DatabaseUnavailable:
    text = str(exc)
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return DatabaseUnavailable(
            f"Die Datenbank{_where(url)} ist nicht eingerichtet oder veraltet. Bitte `python manage.py migrate` "
            "ausführen (die App tut das beim Start)."
        )
    return DatabaseUnavailable(
        f"Die Datenbank{_where(url)} ist nicht erreichbar. Bitte versuchen Sie es in einigen Minuten erneut; "
        f"besteht das Problem weiter, informieren Sie die Administration. (Technisch: {type(exc).__name__})"
    )


def _is_locked(exc: OperationalError) -> bool:
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


@contextmanager
def session_scope(
    url: str | None = None, *, readonly: bool = False, cross_provider: CrossProvider | None = None
) -> Iterator[Session]:
    """One transaction: commits when the block ends, rolls everything back on any error.
    ``cross_provider``: a named reason for the whole session to read personal tables unscoped (tests and
    maintenance on the bare tables; the store's functions mark single queries instead)."""
    factory = _factory(url)
    session = factory()
    if cross_provider is not None:
        opt_out_session(session, cross_provider)
    if readonly:
        session.connection(execution_options={"store_readonly": True})
    try:
        yield session
        session.commit()
    except (OperationalError, InterfaceError) as exc:
        session.rollback()
        if isinstance(exc, OperationalError) and _is_locked(exc):
            raise
        raise unavailable(exc, url) from exc
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def run_in_transaction(work: Callable[[Session], T], url: str | None = None, *, readonly: bool = False) -> T:
    """Runs ``work(session)`` as one transaction, retrying a few times if SQLite reports a lock."""
    for attempt in range(6):
        try:
            with session_scope(url, readonly=readonly) as session:
                return work(session)
        except OperationalError as exc:
            if not _is_locked(exc) or attempt == 5:
                raise unavailable(exc, url) from exc
            time.sleep(0.05 * (2**attempt))
    raise AssertionError("unreachable")


def check_connection(url: str | None = None) -> None:
    """Raises DatabaseUnavailable unless a trivial query succeeds."""
    try:
        with get_engine(url).connect() as conn:
            conn.exec_driver_sql("SELECT 1")
    except DatabaseUnavailable:
        raise
    except Exception as exc:
        raise unavailable(exc, url) from exc


def _alembic_config(url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config  # only when migrating (import cost at app start)

    cfg = Config()
    cfg.set_main_option("script_location", str(_MIGRATIONS))
    cfg.attributes["store_url"] = url
    return cfg


def migrate(url: str | None = None) -> None:
    """Brings the database schema up to the newest revision (idempotent, safe on every start)."""
    url = url or default_url()
    engine = get_engine(url)
    try:
        with _migrate_lock, engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                _migrate_sqlite(conn, url)
            else:
                with conn.begin():
                    # several app instances may start at once: one migrates, the others wait and find it done
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")
                    _upgrade(conn, url)
    except DatabaseUnavailable:
        raise
    except (OperationalError, InterfaceError) as exc:
        raise unavailable(exc, url) from exc
    _migrated.add(url)


def _upgrade(conn: Connection, url: str) -> None:
    from alembic import command  # only when migrating (import cost at app start)

    cfg = _alembic_config(url)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")


def _migrate_sqlite(conn: Connection, url: str) -> None:
    """Alembic's batch mode rebuilds a SQLite table (copy, DROP, rename); with foreign keys on, the
    DROP of a table that other rows reference fails. SQLite's documented procedure: foreign keys
    off outside the transaction, migrate, check every reference, foreign keys on again."""
    raw = conn.connection.dbapi_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys = OFF")  # driver autocommit: outside any transaction
    try:
        with conn.begin():
            _upgrade(conn, url)
            broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"Migration left broken references: {broken[:5]}")
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def ensure_migrated(url: str | None = None) -> None:
    """Migrates once per process and URL (cheap after the first call)."""
    url = url or default_url()
    if url not in _migrated:
        migrate(url)  # a second caller waits for the first and then finds nothing to do


def current_revision(url: str | None = None) -> str | None:
    from alembic.runtime.migration import MigrationContext  # only when migrating (import cost at app start)

    with get_engine(url).connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def table_names(url: str | None = None) -> list[str]:
    return sorted(inspect(get_engine(url)).get_table_names())
