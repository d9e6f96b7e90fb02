"""A database outage on the public verification page (issue 15, finding 13): a generic German message
with an error number, never the database's address (host, port, database name or file path)."""

from __future__ import annotations

import logging

import pytest

from tests.ui.helpers import app, errors, html_texts, no_exception

SECRET_HOST = "10.77.66.55"
SECRET_DB = "stadtintern_sprachstand"


@pytest.mark.parametrize("query", [{"verify": "SPR-2026-000001", "code": "ABCDE-FGHIJ"}, {}])
def test_the_public_page_never_prints_the_database_address(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, query: dict[str, str]
) -> None:
    from settings import get_settings

    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://dienst@{SECRET_HOST}:1/{SECRET_DB}?connect_timeout=1")
    get_settings.cache_clear()
    try:
        with caplog.at_level(logging.ERROR):
            at = app(**query)
    finally:
        get_settings.cache_clear()
    no_exception(at)
    shown = errors(at) + html_texts(at)
    assert any("Fehlernummer" in e and "nicht erreichbar" in e for e in errors(at)), errors(at)
    page = " ".join(shown)
    assert SECRET_HOST not in page and SECRET_DB not in page and ":1/" not in page, page
    # the operators find the details in the server log under the error number
    assert any(SECRET_DB in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]
