"""Login gate, first-admin set-up, lockout, idle timeout, logout, demo marker, error boundary."""

from __future__ import annotations

import logging
import time

import pytest

import store
from store import setup_code
from tests.ui.conftest import PASSWORD, Cast
from tests.ui.helpers import app, errors, follow, html_texts, no_exception, open_page


def _login(at, username: str, password: str):  # type: ignore[no-untyped-def]
    fields = {t.label: t for t in at.text_input}
    fields["Benutzername"].input(username)
    fields["Passwort"].input(password)
    next(b for b in at.button if b.label == "Anmelden").click()
    return at.run()


def test_first_start_offers_the_set_up_of_the_first_admin(empty_db: str) -> None:
    at = app()
    no_exception(at)
    assert [t.value for t in at.title] == ["Sprachstand einrichten"]
    fields = {t.label: t for t in at.text_input}
    fields["Einrichtungscode"].input(setup_code.setup_code())
    fields["Benutzername"].input("chefin")
    fields["Passwort (mindestens 12 Zeichen)"].input("ein-sehr-gutes-passwort")
    fields["Passwort wiederholen"].input("ein-sehr-gutes-passwort")
    at.button[0].click().run()
    no_exception(at)
    assert not store.setup_needed()
    assert any("Angemeldet: chefin" in t for t in html_texts(at.sidebar))  # logged in as the new admin
    # the set-up page is gone for good
    assert [t.value for t in app().title] == ["Sprachstand"]


def test_login_with_the_right_password_opens_the_start_page(cast: Cast) -> None:
    at = _login(app(), "ina", PASSWORD)
    no_exception(at)
    assert [t.value for t in at.title] == ["Meine Interviews"]
    assert any(b.label == "Abmelden" for b in at.sidebar.button)


@pytest.mark.parametrize(("username", "title"), [("beratung", "Prüfliste"), ("admin", "Auswertung")])
def test_counselor_and_admin_land_on_their_own_start_page_after_login(cast: Cast, username: str, title: str) -> None:
    at = follow(_login(app(), username, PASSWORD))
    no_exception(at)
    assert [t.value for t in at.title] == [title]
    assert not any("nicht freigegeben" in e for e in errors(at)), errors(at)


def test_wrong_password_and_unknown_user_get_the_same_message(cast: Cast) -> None:
    wrong = errors(_login(app(), "ina", "falsches-passwort"))
    unknown = errors(_login(app(), "niemand", "falsches-passwort"))
    assert wrong == unknown
    assert "Benutzername oder Passwort ist falsch" in wrong[0]


def test_lockout_after_repeated_failures(cast: Cast) -> None:
    at = app()
    for _ in range(5):
        at = _login(at, "ina", "falsches-passwort")
    at = _login(at, "ina", PASSWORD)
    assert any("gesperrt" in e for e in errors(at)), errors(at)
    assert [t.value for t in at.title] == ["Sprachstand"]  # still the login page


def test_idle_timeout_logs_out_and_says_why(cast: Cast) -> None:
    at = app(cast.interviewer)
    assert [t.value for t in at.title] == ["Meine Interviews"]
    at.session_state["auth.last_activity"] = time.time() - 31 * 60
    at.run()
    assert [t.value for t in at.title] == ["Sprachstand"]
    assert any("ohne Aktivität abgemeldet" in i.value for i in at.info)


def test_a_deactivated_account_is_logged_out_within_seconds(cast: Cast) -> None:
    at = app(cast.interviewer)
    assert [t.value for t in at.title] == ["Meine Interviews"]
    store.set_user_active(cast.admin, cast.interviewer.id, False)
    # the session re-reads its user at most every ACTOR_TTL_SECONDS; pretend that time has passed
    at.session_state["auth.actor_checked"] = time.monotonic() - 60
    at.run()
    assert [t.value for t in at.title] == ["Sprachstand"]
    assert {t.label for t in at.text_input} == {"Benutzername", "Passwort"}
    assert any("nicht mehr aktiv" in i.value for i in at.info)


def test_the_user_is_read_again_after_a_few_seconds(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import app_shell

    assert app_shell.ACTOR_TTL_SECONDS <= 5  # documented in docs/ui.md
    at = app(cast.interviewer)
    store.set_user_active(cast.admin, cast.interviewer.id, False)
    at.run()  # within the TTL the session may still show the page
    monkeypatch.setattr(app_shell, "ACTOR_TTL_SECONDS", 0.0)  # the TTL has passed
    at.run()
    assert [t.value for t in at.title] == ["Sprachstand"]


def test_logout(cast: Cast) -> None:
    at = app(cast.interviewer)
    next(b for b in at.sidebar.button if b.label == "Abmelden").click().run()
    assert [t.value for t in at.title] == ["Sprachstand"]
    assert {t.label for t in at.text_input} == {"Benutzername", "Passwort"}


def test_demo_data_is_marked(cast: Cast) -> None:
    assert not any("DEMO" in str(h.value) for h in app(cast.interviewer).get("html"))
    store.set_app_setting(cast.admin, "demo_data", True)
    assert any("DEMO" in str(h.value) for h in app(cast.interviewer).get("html"))


def test_the_login_page_shows_the_demo_marker_and_the_public_check(cast: Cast) -> None:
    at = app()
    assert not any("DEMO" in str(h.value) for h in at.get("html"))
    assert [p.proto.label for p in at.get("page_link")] == ["Bescheinigung prüfen"]
    store.set_app_setting(cast.admin, "demo_data", True)
    at = app()
    assert any("DEMO" in str(h.value) for h in at.get("html"))  # before signing in, too
    assert [p.proto.page for p in at.get("page_link")] == ["pruefen"]


def test_unexpected_error_shows_an_error_id_not_a_traceback(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaputt")

    monkeypatch.setattr(store, "list_my_interviews", broken)
    with caplog.at_level(logging.ERROR, logger="sprachstand.ui"):
        at = app(cast.interviewer)
    no_exception(at)
    message = next(e for e in errors(at) if "Fehlernummer" in e)
    error_id = message.rsplit(" ", 1)[-1].rstrip(".")
    assert "kaputt" not in message and "Traceback" not in message
    assert any(error_id in r.getMessage() and r.exc_info for r in caplog.records)


def test_an_interviewer_cannot_open_another_providers_interview(cast: Cast) -> None:
    learner = store.create_learner(cast.interviewer_b, "Geheim", "Gina", "1985-01-02", processing_consent=True)
    other = store.start_interview(cast.interviewer_b, learner.id, learner_language="de")
    for page in ("wizard", "summary", "interview_view"):
        at = open_page(app(cast.interviewer), page, id=str(other.id))
        no_exception(at)
        assert errors(at), page
        shown = " ".join(t.value for t in at.text) + " ".join(str(m.value) for m in at.markdown)
        assert "Geheim" not in shown, page


def test_a_malformed_database_address_gives_a_german_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from settings import get_settings

    monkeypatch.setenv("DATABASE_URL", "kein-gueltiger-wert")
    get_settings.cache_clear()
    try:
        at = app()
    finally:
        monkeypatch.delenv("DATABASE_URL")
        get_settings.cache_clear()
    no_exception(at)
    assert any("DATABASE_URL" in e and "nicht richtig eingerichtet" in e for e in errors(at)), errors(at)


def test_an_unreachable_database_gives_a_german_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from settings import get_settings

    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://niemand@127.0.0.1:1/sprachstand")
    get_settings.cache_clear()
    try:
        at = app()
    finally:
        get_settings.cache_clear()
    no_exception(at)
    assert any("Fehlernummer" in e for e in errors(at)), errors(at)
    assert not any("Traceback" in e for e in errors(at))


def test_logging_in_on_a_page_of_another_role_says_so_and_opens_the_start_page(cast: Cast) -> None:
    at = app()
    at.switch_page("ui/dashboard.py").run()  # /auswertung opened in a new tab
    at = follow(_login(at, "ina", PASSWORD))
    no_exception(at)
    assert [t.value for t in at.title] == ["Meine Interviews"]
    notices = [s.value for s in at.warning]  # a refusal: yellow, never in a green box
    assert any("„Auswertung“ ist für Ihre Rolle nicht freigegeben" in n for n in notices), notices
    assert not any("nicht freigegeben" in s.value for s in at.success)
