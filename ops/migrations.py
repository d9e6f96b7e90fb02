"""What operations need from the store's Alembic migrations (store/migrations): revisions and upgrades."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

from settings import ROOT

MIGRATIONS_DIR = ROOT / "store" / "migrations"


def _script_directory(path: Path | None = None):  # type: ignore[no-untyped-def]
    from alembic.script import ScriptDirectory

    path = path or MIGRATIONS_DIR

    if not (path / "env.py").is_file():
        return None
    return ScriptDirectory(str(path))


def head_revision() -> str | None:
    """The newest revision the code knows (None when no migrations exist yet)."""
    script = _script_directory()
    return script.get_current_head() if script else None


def known_revisions() -> list[str]:
    """All revisions of this code, oldest first."""
    script = _script_directory()
    if script is None:
        return []
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _config(conn: Connection, url: str):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["store_url"] = url
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(conn: Connection, url: str, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(_config(conn, url), revision)


def downgrade(conn: Connection, url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(_config(conn, url), revision)
