"""The "Datenschutz" designation on the pages (issue 15, finding 7): an admin without it gets no search
for learners (only the retention purge), and designates an account on "Konten", audited."""

from __future__ import annotations

import store
from tests.counseling.conftest import Cast, button, open_page, texts


def test_an_undesignated_admin_gets_no_search_but_the_retention_purge(app_db: Cast) -> None:
    at = open_page(app_db.admin, "data_protection")
    assert not at.exception
    assert any("nicht benannt" in e.value for e in at.error)
    assert not [t for t in at.text_input if t.label == "Familienname"]  # no search form
    assert any(b.label.startswith("Vorschau") for b in at.button)  # the purge names no one


def test_an_admin_designates_an_account_on_the_accounts_page(app_db: Cast) -> None:
    at = open_page(app_db.admin, "admin_users")
    at.selectbox(key="users.chosen").set_value(app_db.admin.id).run()
    assert "nicht benannt" in texts(at)
    button(at, "Für Datenschutz benennen").click().run()
    assert not at.exception
    admin = store.get_actor(app_db.admin.id)  # as the next page load reads the account
    me = next(u for u in store.list_users(admin) if u.id == admin.id)
    assert me.can_handle_data_requests and me.data_protection_since is not None
    assert "Datenschutz-Benennung von „admin“ erteilt." in texts(at)
    rows, _ = store.audit_log(admin, action="user.data_protection_granted")
    assert admin.id in [r.record_id for r in rows]
    # the designated admin now finds the search on the page
    page = open_page(admin, "data_protection")
    assert [t for t in page.text_input if t.label == "Familienname"]
