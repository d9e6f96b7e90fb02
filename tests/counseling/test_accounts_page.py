"""The admin's Konten page, run in-process with AppTest against real SQLite: the "Neues Konto" form
after a successful and after a refused creation, the account state in the table and the selection."""

from __future__ import annotations

from typing import Any

import store
from tests.counseling.conftest import Cast, button, open_page, texts

NEW_PASSWORD = "Erstes Passwort (mindestens 12 Zeichen)"


LABELS = {
    "Benutzername": "text_input",
    "Angezeigter Name": "text_input",
    "Rolle": "selectbox",
    "Träger (nur Interviewer/in und Trägerleitung)": "selectbox",
    NEW_PASSWORD: "text_input",
    "Datenschutz: bearbeitet Datenschutzanfragen (Administration oder Beratungsstelle)": "checkbox",
}


def _field(at: Any, label: str) -> Any:
    """A widget of the 'Neues Konto' form, found as the admin finds it: by its label."""
    found = [w for w in getattr(at, LABELS[label]) if w.label == label and w.form_id == "users.create"]
    assert len(found) == 1, label
    return found[0]


def _form_values(at: Any) -> dict[str, Any]:
    """What the admin sees in the 'Neues Konto' form."""
    return {label.split(" (")[0]: _field(at, label).value for label in LABELS}


def _fill(at: Any, username: str, password: str, role: str, provider: str) -> None:
    _field(at, "Benutzername").set_value(username)
    _field(at, "Angezeigter Name").set_value("Carla Neu")
    _field(at, "Rolle").set_value(role)
    _field(at, "Träger (nur Interviewer/in und Trägerleitung)").set_value(provider)
    _field(at, NEW_PASSWORD).set_value(password)


def _submit(at: Any) -> None:
    at.button(key="FormSubmitter:users.create-Konto anlegen").click().run()
    assert not at.exception


def test_form_is_empty_after_a_successful_creation(app_db: Cast) -> None:
    at = open_page(app_db.admin, "admin_users")
    _fill(at, "caritas.neu", "ein-langes-passwort", "interviewer", "VHS Musterstadt")
    _submit(at)
    assert "Konto „caritas.neu“ angelegt." in texts(at)
    assert "caritas.neu" in {u.username for u in store.list_users(app_db.admin)}
    assert _form_values(at) == {
        "Benutzername": "",
        "Angezeigter Name": "",
        "Rolle": "interviewer",
        "Träger": "Kein Träger",
        "Erstes Passwort": "",
        "Datenschutz: bearbeitet Datenschutzanfragen": False,
    }


def test_refused_creation_keeps_the_typed_values_but_not_the_password(app_db: Cast) -> None:
    db = app_db
    before = len(store.list_users(db.admin))
    at = open_page(db.admin, "admin_users")
    _fill(at, "caritas.neu", "kurz", "interviewer", "VHS Musterstadt")
    _submit(at)
    assert any("mindestens 12" in e.value for e in at.error)  # the store's German message
    assert len(store.list_users(db.admin)) == before
    values = _form_values(at)
    assert values["Erstes Passwort"] == ""
    assert (values["Benutzername"], values["Angezeigter Name"], values["Rolle"], values["Träger"]) == (
        "caritas.neu",
        "Carla Neu",
        "interviewer",
        "VHS Musterstadt",
    )
    # the admin types only a longer password and creates the account
    _field(at, NEW_PASSWORD).set_value("ein-langes-passwort")
    _submit(at)
    created = [u for u in store.list_users(db.admin) if u.username == "caritas.neu"]
    assert created and created[0].display_name == "Carla Neu" and created[0].provider_name == "VHS Musterstadt"


def test_missing_provider_is_refused_and_the_values_stay(app_db: Cast) -> None:
    at = open_page(app_db.admin, "admin_users")
    _fill(at, "caritas.neu", "ein-langes-passwort", "interviewer", "Kein Träger")
    _submit(at)
    assert any("bitte einen Träger auswählen" in e.value for e in at.error)
    assert _form_values(at)["Benutzername"] == "caritas.neu" and _form_values(at)["Erstes Passwort"] == ""


def test_deactivated_and_locked_accounts_are_visible_in_table_and_selection(app_db: Cast) -> None:
    db = app_db
    store.set_user_active(db.admin, db.interviewer_a.id, False)
    at = open_page(db.admin, "admin_users")
    frame = at.table[0].value
    # who it is first; the table wraps its cells, so every column stays inside the page
    assert list(frame.columns)[:4] == ["Benutzername", "Name", "Rolle", "Status"]
    roles = dict(zip(frame["Benutzername"], frame["Rolle"], strict=True))
    assert roles["datenschutz"] == "Beratungsstelle + Datenschutz" and roles["beratung"] == "Beratungsstelle"
    status = dict(zip(frame["Benutzername"], frame["Status"], strict=True))
    assert status["ina"] == "deaktiviert" and status["bert"] == "aktiv"
    labels = set(at.selectbox(key="users.chosen").options)  # what the select box shows
    assert {"ina (Ina)", "bert (Bert)"} <= labels  # the state stands under the picker (see the next test)


def test_reactivate_button_sits_with_the_chosen_account(app_db: Cast) -> None:
    db = app_db
    store.set_user_active(db.admin, db.interviewer_a.id, False)
    at = open_page(db.admin, "admin_users")
    at.selectbox(key="users.chosen").set_value(db.interviewer_a.id).run()
    assert "Status: deaktiviert" in texts(at).replace("*", "")
    button(at, "Wieder aktivieren").click().run()
    assert "Konto „ina“ wieder aktiviert." in texts(at)
    assert next(u for u in store.list_users(db.admin) if u.username == "ina").is_active
