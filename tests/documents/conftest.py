"""Fixtures of the documents' tests: the store suite's cast on SQLite and PostgreSQL."""

from tests.store.conftest import database_url, db  # noqa: F401 - fixtures re-exported for this directory
