"""The one-time set-up page refuses without the code printed on the server's console."""

from __future__ import annotations

import subprocess
import sys

import pytest

import store
from security import setup_code
from tests.ui.conftest import ROOT
from tests.ui.helpers import app, errors, no_exception

STRONG = "Leuchtturm-Kastanie-Wolke-42"


def _set_up(code: str):  # type: ignore[no-untyped-def]
    at = app()
    fields = {t.label: t for t in at.text_input}
    fields["Einrichtungscode"].input(code)
    fields["Benutzername"].input("chefin")
    fields["Passwort (mindestens 12 Zeichen)"].input(STRONG)
    fields["Passwort wiederholen"].input(STRONG)
    next(b for b in at.button if b.label == "Administrationskonto anlegen").click()
    return at.run()


@pytest.mark.parametrize("code", ["", "AAAA-BBBB-CCCC", "WOEV"])
def test_without_the_right_code_the_set_up_page_creates_nothing(empty_db: str, code: str) -> None:
    at = _set_up(code)
    no_exception(at)
    assert any("Einrichtungscode: fehlt oder stimmt nicht" in e for e in errors(at)), errors(at)
    assert store.setup_needed()
    assert [t.value for t in at.title] == ["Sprachstand einrichten"]


def test_the_code_is_accepted_in_any_case_and_with_spaces(empty_db: str) -> None:
    typed = " " + setup_code.setup_code().lower().replace("-", " ") + " "
    at = _set_up(typed)
    no_exception(at)
    assert not errors(at), errors(at)
    assert not store.setup_needed()


def test_the_app_prints_the_code_on_its_console_once_while_set_up_is_needed(
    empty_db: str, capfd: pytest.CaptureFixture[str]
) -> None:
    setup_code._announced.clear()
    app()
    app()
    printed = capfd.readouterr().err
    assert printed.count(f"Einrichtungscode für die Seite „Sprachstand einrichten“: {setup_code.setup_code()}") == 1


def test_the_code_follows_the_secret_key(empty_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from settings import get_settings

    monkeypatch.setenv("SECRET_KEY", "one-secret-key-for-this-test-0001")
    get_settings.cache_clear()
    first = setup_code.setup_code()
    monkeypatch.setenv("SECRET_KEY", "another-secret-key-for-this-test-2")
    get_settings.cache_clear()
    assert setup_code.setup_code() != first
    assert not setup_code.code_matches(first)
    get_settings.cache_clear()


def test_manage_setup_code_prints_the_code_only_while_needed(empty_db: str) -> None:
    needed = _manage("setup-code", "--if-needed", url=empty_db)
    assert needed.returncode == 0, needed.stderr
    assert setup_code.setup_code() in needed.stdout
    _set_up(setup_code.setup_code())
    assert not store.setup_needed()
    done = _manage("setup-code", "--if-needed", url=empty_db)
    assert done.returncode == 0 and done.stdout == "", done
    told = _manage("setup-code", url=empty_db)
    assert "bereits ein Admin-Konto" in told.stdout and setup_code.setup_code() not in told.stdout


def _manage(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args, "--database-url", url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
