"""The store's boundaries: the UI cannot reach the tables, the schema matches the migrations, and the
public API hands out plain views."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import pkgutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

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
