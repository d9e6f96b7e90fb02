"""The accounts page as a provider admin ("Mitarbeitende"), run in-process with AppTest against real
SQLite: the own provider's accounts only, new interviewer accounts at the own provider (no role or
provider choice), password reset, unlock, deactivation and reactivation of the own interviewers, no
role change, and the store's German refusal when the page is handed another provider's account."""

from __future__ import annotations

from typing import Any

import pytest

import store
from schemas.vocabulary import Role
from tests.counseling.conftest import PASSWORD, Cast, button, open_page, texts
from ui import navigation
from ui.session import REFUSAL

NEW_PASSWORD = "ein-langes-passwort"
OTHER_PROVIDER = "Sprachschule Brücke"


def _input(at: Any, label: str, form: str) -> Any:
    found = [w for w in at.text_input if w.label == label and w.form_id == form]
    assert len(found) == 1, (label, [(w.label, w.form_id) for w in at.text_input])
    return found[0]


def _create(at: Any, username: str, password: str) -> None:
    _input(at, "Benutzername", "users.create").set_value(username)
    _input(at, "Angezeigter Name", "users.create").set_value("Nora Neu")
    _input(at, "Erstes Passwort (mindestens 12 Zeichen)", "users.create").set_value(password)
    at.button(key="FormSubmitter:users.create-Konto anlegen").click().run()
    assert not at.exception


def _choose(at: Any, user: store.Actor) -> None:
    at.selectbox(key="users.chosen").set_value(user.id).run()
    assert not at.exception


def _lock(username: str) -> None:
    for _ in range(5):  # the default login_max_failures
        with pytest.raises(store.LoginFailed):
            store.authenticate(username, "falsches-passwort-123")
    with pytest.raises(store.LoginFailed, match="gesperrt"):  # even the right password: one message while locked
        store.authenticate(username, PASSWORD)


def _account(cast: Cast, username: str) -> store.UserView:
    return next(u for u in store.list_users(cast.admin) if u.username == username)


def test_provider_admin_sees_the_own_providers_accounts_only(app_db: Cast) -> None:
    db = app_db
    at = open_page(db.padmin_a, "admin_users")
    assert not at.exception
    assert [t.value for t in at.title] == ["Mitarbeitende"]
    table = at.table[0].value
    assert set(table["Benutzername"]) == {u.username for u in store.list_users(db.padmin_a)} == {"ina", "igor", "paula"}
    assert "Träger" not in table.columns  # one provider: the column would repeat its name
    page = texts(at)
    assert "VHS Musterstadt" in page
    for foreign in ("bert", "berta", "beratung", "datenschutz", "admin", OTHER_PROVIDER):
        assert foreign not in set(table["Benutzername"]) and foreign not in page.split(), foreign
    assert OTHER_PROVIDER not in page
    # the selection offers what a provider admin may change: the own interviewers, not the own account
    assert at.selectbox(key="users.chosen").options == ["igor (Igor)", "ina (Ina)"]
    # the other provider's lead sees the other staff
    other = open_page(db.padmin_b, "admin_users")
    assert set(other.table[0].value["Benutzername"]) == {"bert", "berta"}


def test_provider_admin_creates_an_interviewer_who_can_log_in(app_db: Cast) -> None:
    db = app_db
    at = open_page(db.padmin_a, "admin_users")
    # no role, provider, data-protection or temporary-password choice; the form says what the new account
    # will be, and that the lead's password holds for the first sign-in only
    assert [s.label for s in at.selectbox if s.form_id == "users.create"] == []
    assert [c.label for c in at.checkbox if c.form_id == "users.create"] == []
    assert "Das Passwort gilt nur für die erste Anmeldung: Danach wählt die Person ein eigenes." in texts(at)
    assert "Das neue Konto ist ein Konto für Interviewer/innen bei VHS Musterstadt." in texts(at)
    # values a tampered session holds for the admin's fields are ignored
    at.session_state["users.new.role"] = Role.ADMIN
    at.session_state["users.new.provider"] = OTHER_PROVIDER
    _create(at, "vhs.nora", NEW_PASSWORD)
    assert "Konto „vhs.nora“ angelegt." in texts(at)
    nora = store.authenticate("vhs.nora", NEW_PASSWORD)
    assert (nora.role, nora.provider_id, nora.display_name) == (Role.INTERVIEWER, db.provider_a, "Nora Neu")
    assert nora.must_change_password
    # the new account is the one "Konto bearbeiten" shows now
    assert at.selectbox(key="users.chosen").value == nora.id
    assert "Interviewer/in · Status: vorläufiges Passwort" in texts(at).replace("*", "")
    assert _input(at, "Benutzername", "users.create").value == ""


def test_refused_creation_shows_the_stores_message_and_creates_nothing(app_db: Cast) -> None:
    db = app_db
    before = len(store.list_users(db.admin))
    at = open_page(db.padmin_a, "admin_users")
    _create(at, "vhs.nora", "kurz")
    assert any("mindestens 12" in e.value for e in at.error)
    assert _input(at, "Benutzername", "users.create").value == "vhs.nora"
    assert len(store.list_users(db.admin)) == before


def test_provider_admin_resets_a_password_and_unlocks(app_db: Cast) -> None:
    db = app_db
    _lock("ina")
    at = open_page(db.padmin_a, "admin_users")
    _choose(at, db.interviewer_a)
    assert "Status: gesperrt" in texts(at).replace("*", "")
    button(at, "Entsperren").click().run()
    assert "Konto „ina“ entsperrt." in texts(at)
    assert store.authenticate("ina", PASSWORD).username == "ina"

    _choose(at, db.interviewer_a2)
    form = f"users.password.{db.interviewer_a2.id}"
    _input(at, "Neues Passwort (mindestens 12 Zeichen)", form).set_value("ein-neues-passwort-9")
    at.button(key=f"FormSubmitter:{form}-Passwort zurücksetzen").click().run()
    assert not at.exception
    assert "Passwort von „igor“ zurückgesetzt." in texts(at)
    assert store.authenticate("igor", "ein-neues-passwort-9").must_change_password  # a lead's: temporary
    with pytest.raises(store.LoginFailed):
        store.authenticate("igor", PASSWORD)


def test_provider_admin_deactivates_and_reactivates_an_interviewer(app_db: Cast) -> None:
    db = app_db
    at = open_page(db.padmin_a, "admin_users")
    _choose(at, db.interviewer_a2)
    button(at, "Deaktivieren").click().run()
    assert "Konto „igor“ deaktiviert." in texts(at)
    with pytest.raises(store.AccountLocked):  # the right password, but the account is inactive
        store.authenticate("igor", PASSWORD)
    # the picker keeps the account: the next click acts on it (it fell back to the first account, and the
    # click was lost, while the state was part of the picker's text)
    assert at.selectbox(key="users.chosen").value == db.interviewer_a2.id
    assert "Status: deaktiviert" in texts(at).replace("*", "")
    button(at, "Wieder aktivieren").click().run()
    assert "Konto „igor“ wieder aktiviert." in texts(at)
    assert store.authenticate("igor", PASSWORD).username == "igor"


def test_provider_admin_changes_no_role_and_not_the_own_account(app_db: Cast) -> None:
    db = app_db
    at = open_page(db.padmin_a, "admin_users")
    _choose(at, db.interviewer_a)
    assert "Rolle ändern" not in [b.label for b in at.button]
    assert [s.label for s in at.selectbox] == ["Konto"]
    assert not any(o.startswith("paula") for o in at.selectbox(key="users.chosen").options)
    assert "Konten der Trägerleitung (auch Ihr eigenes) verwaltet die Administration." in texts(at)


def test_another_providers_account_is_refused_by_the_store(app_db: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the list ever to hold another provider's accounts (here: the admin's unscoped list handed to
    the page), the store refuses every change and the page shows its German message, no traceback."""
    db = app_db
    scoped = store.list_users
    monkeypatch.setattr(store, "list_users", lambda actor, provider_id=None: scoped(db.admin))
    _lock("bert")
    at = open_page(db.padmin_a, "admin_users")
    refusal = "Trägerleitungen verwalten nur die Interviewer/innen des eigenen Trägers."
    _choose(at, db.interviewer_b)
    button(at, "Deaktivieren").click().run()
    assert not at.exception and refusal in [e.value for e in at.error]
    button(at, "Entsperren").click().run()
    assert not at.exception and refusal in [e.value for e in at.error]
    form = f"users.password.{db.interviewer_b.id}"
    _input(at, "Neues Passwort (mindestens 12 Zeichen)", form).set_value("ein-neues-passwort-9")
    at.button(key=f"FormSubmitter:{form}-Passwort zurücksetzen").click().run()
    assert not at.exception and refusal in [e.value for e in at.error]
    assert "Neues Konto" in [h.value for h in at.subheader]  # the refusal stands in the page, which goes on
    bert = _account(db, "bert")
    assert bert.is_active and bert.is_locked
    with pytest.raises(store.LoginFailed, match="gesperrt"):  # still locked with the old password, not reset
        store.authenticate("bert", PASSWORD)


def test_interviewer_is_refused_on_the_accounts_page(app_db: Cast) -> None:
    at = open_page(app_db.interviewer_a, "admin_users")
    assert not at.exception
    assert REFUSAL in [e.value for e in at.error]
    assert not at.table and "igor" not in texts(at)


def test_the_page_stands_in_the_provider_admins_own_menu_section() -> None:
    spec = navigation.spec_for("konten")
    assert navigation.allowed(spec, Role.PROVIDER_ADMIN)
    assert not navigation.allowed(spec, Role.INTERVIEWER)
    assert (spec.group_for(Role.PROVIDER_ADMIN), spec.title_for(Role.PROVIDER_ADMIN)) == (
        "Verwaltung",
        "Mitarbeitende",
    )
    assert (spec.group_for(Role.ADMIN), spec.title_for(Role.ADMIN)) == ("Administration", "Konten")


def test_a_database_outage_during_an_action_is_shown_with_an_error_id(
    app_db: Cast, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An outage is no refusal: the page's boundary shows it with an error id and logs it as an error,
    as on every other page (the in-place refusal display must not swallow it)."""
    db = app_db
    at = open_page(db.padmin_a, "admin_users")
    _choose(at, db.interviewer_a2)

    def down(*args: Any, **kwargs: Any) -> None:
        raise store.DatabaseUnavailable("Die Datenbank ist gerade nicht erreichbar.")

    monkeypatch.setattr(store, "set_user_active", down)
    with caplog.at_level("ERROR"):
        button(at, "Deaktivieren").click().run()
    assert not at.exception
    shown = [e.value for e in at.error]
    assert len(shown) == 1 and shown[0].startswith("Die Datenbank ist gerade nicht erreichbar.")
    assert "Fehlernummer" in shown[0], shown
    assert any("database unavailable" in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
