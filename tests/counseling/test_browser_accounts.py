"""A real browser: a provider lead deactivates an interviewer and takes it back at once.

The account picker showed the state in its text ("otto (Interviewer/in, deaktiviert)"); a select box
keeps its choice by that text, so after "Deaktivieren" the browser fell back to the first account and
the next click ("Wieder aktivieren") was lost without a word — the lead believed the colleague was
back in. Found by a review in the browser (26 Nov 2026); AppTest does not show it."""

from __future__ import annotations

import pytest

import store
from tests.browser_support import Driver, at_key, in_browser, pick, wait_until
from tests.ui.conftest import PASSWORD, ROOT
from tests.ui.test_browser import server  # noqa: F401  (the fixture: a real server on a fresh database)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _otto() -> store.UserView:
    admin = store.authenticate("admin", PASSWORD)
    return next(u for u in store.list_users(admin) if u.username == "otto")


def _deactivate_and_back(d: Driver, base: str) -> None:
    page = d.page
    admin = store.authenticate("admin", PASSWORD)
    paula = store.authenticate("paula", PASSWORD)
    store.create_user(admin, "otto", PASSWORD, "interviewer", paula.provider_id, "Otto Ott")  # after "ina"
    page.goto(base)
    d.login("paula", PASSWORD)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Mitarbeitende").click()
    page.get_by_role("heading", name="Mitarbeitende").wait_for()
    pick(d, page.locator(at_key("users.chosen")), "otto")  # the second interviewer, not the first
    page.get_by_role("button", name="Deaktivieren").click()
    page.get_by_text("Konto „otto“ deaktiviert.").wait_for()
    assert not _otto().is_active
    d.settle()
    page.get_by_role("button", name="Wieder aktivieren").click()
    page.get_by_text("Konto „otto“ wieder aktiviert.").wait_for(timeout=20_000)
    assert wait_until(lambda: _otto().is_active, seconds=10), "the click on 'Wieder aktivieren' was lost"
    d.shot("wieder_aktiviert")


def test_a_lead_deactivates_and_reactivates_an_interviewer_in_two_clicks(server: str) -> None:  # noqa: F811
    in_browser(_deactivate_and_back, server, ROOT / "test-artifacts" / "browser-accounts", width=1366, height=900)


def _new_colleague_chooses_own_password(d: Driver, base: str) -> None:
    """A lead creates an account with a password she chose; the colleague's first sign-in opens only the
    page to choose an own one (no menu; tests/ui/test_login.py: no other page by its address either), then
    the start page."""
    page = d.page
    page.goto(base)
    d.login("paula", PASSWORD)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Mitarbeitende").click()
    page.get_by_role("heading", name="Mitarbeitende").wait_for()
    page.get_by_label("Benutzername").fill("nora")
    page.get_by_label("Angezeigter Name").fill("Nora Neu")
    page.get_by_label("Erstes Passwort (mindestens 12 Zeichen)").fill("vom-chef-vergeben-42")
    # a lead's password for a colleague is always temporary (no box to untick), and the form says so
    page.get_by_text("Das Passwort gilt nur für die erste Anmeldung").first.wait_for()
    d.shot("konto_anlegen")
    page.get_by_role("button", name="Konto anlegen").click()
    page.get_by_text("Konto „nora“ angelegt.").wait_for()
    d.settle()
    assert "vorläufiges Passwort" in page.locator("[data-testid=stMain]").inner_text()
    page.get_by_test_id("stSidebar").get_by_role("button", name="Abmelden").click()
    page.get_by_role("button", name="Anmelden").wait_for()

    d.login("nora", "vom-chef-vergeben-42")
    page.get_by_role("heading", name="Eigenes Passwort wählen").wait_for()
    assert page.get_by_test_id("stSidebarNav").count() == 0, "no menu before the own password"
    d.shot("eigenes_passwort")
    page.get_by_label("Vergebenes Passwort").fill("vom-chef-vergeben-42")
    page.get_by_label("Neues Passwort (mindestens 12 Zeichen)").fill("kiesel-wolke-tangente-9")
    page.get_by_label("Neues Passwort wiederholen").fill("kiesel-wolke-tangente-9")
    page.get_by_role("button", name="Eigenes Passwort speichern").click()
    page.get_by_role("heading", name="Meine Interviews").wait_for(timeout=30_000)
    page.get_by_text("Ihr Passwort wurde geändert.").wait_for()
    d.shot("startseite")
    assert not store.authenticate("nora", "kiesel-wolke-tangente-9").must_change_password


def test_a_new_colleague_chooses_an_own_password_at_the_first_sign_in(server: str) -> None:  # noqa: F811
    in_browser(
        _new_colleague_chooses_own_password,
        server,
        ROOT / "test-artifacts" / "browser-first-password",
        width=1280,
        height=900,
    )
