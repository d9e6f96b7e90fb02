"""`manage.py health` says ok (exit 0) only when the database answers and its schema is current."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import urllib.error
import urllib.request

import pytest
from sqlalchemy import text

from ops.db import ops_engine
from ops.health import check_health, make_health_server
from settings import ROOT


def run_health(url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "manage.py", "health", *extra], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def stamp(url: str, revision: str | None) -> None:
    """Makes a database look migrated to ``revision`` (without needing the store's tables)."""
    engine = ops_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        if revision:
            conn.execute(text("INSERT INTO alembic_version VALUES (:r)"), {"r": revision})
    engine.dispose()


@pytest.fixture()
def migrations_dir(tmp_path, monkeypatch):
    """A two-revision Alembic script directory standing in for store/migrations (code at "b2")."""
    root = tmp_path / "migrations"
    (root / "versions").mkdir(parents=True)
    (root / "env.py").write_text("")
    for rev, down in (("a1", None), ("b2", "a1")):
        (root / "versions" / f"{rev}.py").write_text(
            f"revision = {rev!r}\ndown_revision = {down!r}\nbranch_labels = None\ndepends_on = None\n"
        )
    monkeypatch.setattr("ops.migrations.MIGRATIONS_DIR", root)
    return root


def head() -> str | None:
    from ops.migrations import head_revision

    return head_revision()


def run_health_inprocess(url: str, capsys, *extra: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    import argparse

    from commands.operations import register

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers())
    args = parser.parse_args(["health", "--database-url", url, *extra])
    code = args.func(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_database_down_gives_exit_1_and_a_german_message():
    result = run_health("postgresql+psycopg://postgres@127.0.0.1:1/nowhere")
    assert result.returncode == 1
    assert "Datenbank nicht erreichbar" in result.stderr and "Traceback" not in result.stderr


def test_missing_sqlite_file_is_reported_not_created(tmp_path):
    result = run_health(f"sqlite:///{tmp_path / 'missing.db'}")
    assert result.returncode == 1 and "existiert nicht" in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_current_schema_prints_ok_with_the_revision(tmp_path, migrations_dir, capsys):
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    stamp(url, "b2")
    code, out, err = run_health_inprocess(url, capsys)
    assert code == 0, err
    assert out.startswith("ok ") and "revision=b2" in out
    code, out, _ = run_health_inprocess(url, capsys, "--json")
    assert code == 0 and json.loads(out)["revision"] == "b2"


def test_unmigrated_old_or_unknown_revision_is_not_ok(tmp_path, migrations_dir, capsys):
    cases = {"none.db": (None, "nicht eingerichtet"), "old.db": ("a1", "veraltet"), "new.db": ("c3", "neuer als")}
    for name, (revision, expected) in cases.items():
        url = f"sqlite:///{tmp_path / name}"
        stamp(url, revision)
        code, _, err = run_health_inprocess(url, capsys)
        assert code == 1 and expected in err and err.startswith("Fehler: ")


def test_the_real_store_migrations_are_found_when_present():
    from ops.migrations import MIGRATIONS_DIR

    if (MIGRATIONS_DIR / "env.py").is_file():
        assert head() is not None


@pytest.mark.postgres
def test_postgres_password_never_shown(pg_url):
    url = pg_url.replace("postgres@", "postgres:geheim123@")
    report = check_health(url)
    assert "geheim123" not in report.line() and "geheim123" not in report.database


def test_http_endpoint_answers_503_when_down_and_200_when_ok(tmp_path, migrations_dir):
    down = make_health_server("127.0.0.1", 0, f"sqlite:///{tmp_path / 'missing.db'}")
    threading.Thread(target=down.serve_forever, daemon=True).start()
    try:
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(f"http://127.0.0.1:{down.server_port}/health", timeout=10)
        assert info.value.code == 503
        assert "existiert nicht" in json.loads(info.value.read())["message"]
    finally:
        down.shutdown()
        down.server_close()
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    stamp(url, "b2")
    up = make_health_server("127.0.0.1", 0, url)
    threading.Thread(target=up.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{up.server_port}/health", timeout=10) as response:
            assert response.status == 200 and json.loads(response.read())["ok"] is True
    finally:
        up.shutdown()
        up.server_close()
