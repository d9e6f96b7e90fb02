"""Upgrading a SQLite database that already holds data: the table rebuilds of Alembic's batch mode
must not trip over foreign keys (a city's live database is upgraded in place)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import store
from demo.seed import seed_demo
from settings import get_settings
from store import db
from tests.store.conftest import downgrade


def test_upgrade_of_a_sqlite_database_with_data_keeps_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "live.db"
    url = f"sqlite:///{path}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    db.configure(None)
    db.migrate(url)
    seed_demo(learners=12, password="demo-passwort-lang", issue_certificates=False)

    def rows() -> dict[str, int]:
        with sqlite3.connect(path) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            tables = [t for t in tables if t != "alembic_version"]
            # the table names come from sqlite_master itself, never from input
            return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608

    before = rows()
    assert before["interviews"] == 12
    # Step back before the migrations that rebuild the interviews table, then upgrade again.
    downgrade(url, "0006")
    assert db.current_revision(url) == "0006"
    kept = set(rows())  # tables created after 0006 (the course catalogue) are dropped by the downgrade

    db.migrate(url)

    assert db.current_revision(url) != "0006"
    assert {t: n for t, n in rows().items() if t in kept} == {t: n for t, n in before.items() if t in kept}
    assert set(rows()) == set(before)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert store.setup_needed() is False  # the store opens the upgraded database; the admin is there
    get_settings.cache_clear()
