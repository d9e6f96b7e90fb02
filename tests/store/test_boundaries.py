"""The store's boundaries: the UI cannot reach the tables, the schema matches the migrations, and the
public API hands out plain views."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import os
import pkgutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text

import store
from store import db as store_db
from store.models import Base
from tests.store.conftest import Cast

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("store.models", "sqlalchemy")
FORBIDDEN_NAMES = ("COMMAND_LINE", "session_scope", "get_engine", "run_in_transaction")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{a.name}" for a in node.names}
    return names


def test_ui_never_touches_tables_sessions_or_the_command_line_actor() -> None:
    files = [*sorted((ROOT / "ui").rglob("*.py")), ROOT / "streamlit_app.py"]
    offenders = []
    for path in files:
        if not path.exists():
            continue
        for name in _imports(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN):
                offenders.append(f"{path.relative_to(ROOT)}: {name}")
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(ROOT)}: {n}" for n in FORBIDDEN_NAMES if n in text]
    assert not offenders, "UI code must use the store's API only: " + ", ".join(offenders)


def test_package_api_does_not_export_models() -> None:
    exported = [getattr(store, name) for name in store.__all__]
    assert not [obj for obj in exported if isinstance(obj, type) and issubclass(obj, Base)]
    assert "models" not in store.__all__


def test_views_are_frozen(db: Cast) -> None:
    iv = db.interview(db.interviewer_a, "draft")
    assert dataclasses.is_dataclass(iv)
    with pytest.raises(dataclasses.FrozenInstanceError):
        iv.status = "approved"  # type: ignore[misc]


def test_migrations_match_the_models_and_run_twice(db: Cast) -> None:
    for module in pkgutil.iter_modules(store.__path__):  # every module that declares tables
        importlib.import_module(f"store.{module.name}")
    store_db.migrate(db.url)  # idempotent: a second start changes nothing
    with store_db.get_engine(db.url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert diff == [], diff
    head = ScriptDirectory.from_config(store_db._alembic_config(db.url)).get_current_head()
    assert store_db.current_revision(db.url) == head


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database nobody has migrated yet."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        pytest.skip("TEST_DATABASE_URL ist nicht gesetzt: PostgreSQL-Variante übersprungen")
    schema = f"store_fresh_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def test_instances_starting_at_once_migrate_once(fresh_url: str) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        try:
            store_db.migrate(fresh_url)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    try:
        assert not errors, errors
        assert "interviews" in store_db.table_names(fresh_url)
    finally:
        store_db.dispose_engine(fresh_url)


def test_missing_schema_says_migrate(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'leer.db'}"
    store_db.configure(url)
    try:
        with pytest.raises(store.DatabaseUnavailable, match="migrate"):
            store.setup_needed()
    finally:
        store_db.configure(None)
        store_db.dispose_engine(url)
