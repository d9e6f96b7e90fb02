"""Login gate, first-admin set-up, lockout, idle timeout, logout, demo marker, error boundary."""

from __future__ import annotations

import logging

import pytest

import store
from security import setup_code
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


def _session_of(at):  # type: ignore[no-untyped-def]
    return int(at.session_state["auth.session_id"])


def _age_session(session_id: int, minutes: int) -> None:
    """Moves the session's last activity back (as if the tab had been left alone)."""
    from datetime import timedelta

    from sqlalchemy import update

    from store import db as store_db
    from store.clock import utcnow
    from store.sessions import UserSession

    then = utcnow() - timedelta(minutes=minutes)
    with store_db.get_engine().begin() as conn:
        conn.execute(
            update(UserSession)
            .where(UserSession.id == session_id)
            .values(last_seen_at=then, idle_expires_at=then + timedelta(minutes=30))
        )


def test_idle_timeout_logs_out_and_says_why(cast: Cast) -> None:
    at = app(cast.interviewer)
    assert [t.value for t in at.title] == ["Meine Interviews"]
    _age_session(_session_of(at), 31)
    at.run()
    assert [t.value for t in at.title] == ["Sprachstand"]
    assert any("ohne Aktivität abgemeldet" in i.value for i in at.info)


def test_a_deactivated_account_is_logged_out_on_the_next_rerun(cast: Cast) -> None:
    at = app(cast.interviewer)
    assert [t.value for t in at.title] == ["Meine Interviews"]
    store.set_user_active(cast.admin, cast.interviewer.id, False)
    at.run()
    assert [t.value for t in at.title] == ["Sprachstand"]
    assert {t.label for t in at.text_input} == {"Benutzername", "Passwort"}
    assert any("nicht mehr aktiv" in i.value for i in at.info)


def test_a_password_reset_ends_an_open_session_on_the_next_rerun(cast: Cast) -> None:
    at = app(cast.interviewer)
    store.reset_password(cast.admin, cast.interviewer.id, "Fenster-Wolke-Treppe-Senf-41")
    at.run()
    assert [t.value for t in at.title] == ["Sprachstand"]
    assert any("Passwort wurde geändert" in i.value for i in at.info)


def test_logging_in_starts_a_server_session_and_logout_ends_it_for_every_tab(cast: Cast) -> None:
    from store import sessions

    at = _login(app(), "ina", PASSWORD)
    no_exception(at)
    session_id = _session_of(at)
    assert sessions.check_session(session_id).id == cast.interviewer.id
    second_tab = app()  # another tab of the same browser shares the session (here: by its id)
    second_tab.session_state["auth.session_id"] = session_id
    second_tab.run()
    assert [t.value for t in second_tab.title] == ["Meine Interviews"]
    next(b for b in at.sidebar.button if b.label == "Abmelden").click().run()
    with pytest.raises(sessions.SessionEnded):
        sessions.check_session(session_id)
    second_tab.run()
    assert [t.value for t in second_tab.title] == ["Sprachstand"]
    assert any("Sitzung wurde beendet" in i.value for i in second_tab.info)


def test_sign_out_everywhere_on_my_account(cast: Cast) -> None:
    other_device = app(cast.interviewer)
    at = open_page(app(cast.interviewer), "account")
    assert any("Angemeldet in 2 Browsern" in t.value for t in at.text), [t.value for t in at.text]
    at.button(key="account.everywhere").click().run()
    assert [t.value for t in at.title] == ["Sprachstand"]
    other_device.run()
    assert [t.value for t in other_device.title] == ["Sprachstand"]


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


def test_changing_the_own_password_keeps_this_tab_signed_in_and_ends_the_others(cast: Cast) -> None:
    from store import sessions

    other_device = app(cast.interviewer)
    at = open_page(app(cast.interviewer), "account")
    old_session = _session_of(at)
    fields = {t.label: t for t in at.text_input}
    fields["Bisheriges Passwort"].input(PASSWORD)
    fields["Neues Passwort (mindestens 12 Zeichen)"].input("Fenster-Wolke-Treppe-Senf-41")
    fields["Neues Passwort wiederholen"].input("Fenster-Wolke-Treppe-Senf-41")
    next(b for b in at.button if b.label == "Passwort ändern").click().run()
    no_exception(at)
    assert [t.value for t in at.title] == ["Mein Konto"]
    assert _session_of(at) != old_session
    assert sessions.check_session(_session_of(at)).id == cast.interviewer.id
    with pytest.raises(sessions.SessionEnded):
        sessions.check_session(old_session)
    other_device.run()
    assert [t.value for t in other_device.title] == ["Sprachstand"]


def test_a_temporary_password_opens_only_the_page_to_choose_an_own_one(cast: Cast) -> None:
    store.create_user(cast.admin, "neu", PASSWORD, "interviewer", cast.provider_a, "Nora Neu", temporary_password=True)
    at = follow(_login(app(), "neu", PASSWORD))
    no_exception(at)
    assert [t.value for t in at.title] == ["Eigenes Passwort wählen"]
    assert not at.sidebar.button  # no menu, no other page
    # another page's address shows the same page
    at = open_page(at, "interviewer_home")
    assert [t.value for t in at.title] == ["Eigenes Passwort wählen"]
    fields = {t.label: t for t in at.text_input}
    fields["Vergebenes Passwort"].input(PASSWORD)
    fields["Neues Passwort (mindestens 12 Zeichen)"].input("mein-eigenes-passwort-77")
    fields["Neues Passwort wiederholen"].input("mein-eigenes-passwort-77")
    next(b for b in at.button if b.label == "Eigenes Passwort speichern").click()
    at = follow(at.run())
    no_exception(at)
    assert [t.value for t in at.title] == ["Meine Interviews"]
    assert any(b.label == "Abmelden" for b in at.sidebar.button)
    assert not store.authenticate("neu", "mein-eigenes-passwort-77").must_change_password
