"""Fixtures of the operations tests: a private PostgreSQL database per test (never the shared `test`)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


def _admin_conninfo() -> tuple[str, object]:
    url = make_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_PG))
    return url.render_as_string(hide_password=False).replace("+psycopg", ""), url


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """A fresh, empty database `sprachstand_ops_test_<random>` on the test server; dropped afterwards."""
    psycopg = pytest.importorskip("psycopg")
    conninfo, url = _admin_conninfo()
    name = f"sprachstand_ops_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(conninfo, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable via TEST_DATABASE_URL: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name, drivername="postgresql+psycopg").render_as_string(hide_password=False)
    finally:
        with psycopg.connect(conninfo, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
