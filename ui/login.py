"""The login form ("Benutzername", "Passwort", "Anmelden") and the one-time set-up of the first admin.

Not pages of the navigation table: the app shell shows them in place of any page that needs a
login, so after logging in the user lands on the page (and interview) the address asked for.
"""

from __future__ import annotations

import streamlit as st

import store
from store import errors as store_errors
from ui import session, sign_on
from ui.client import current_client

MISSING = "Bitte geben Sie Benutzername und Passwort ein."


JUST_LOGGED_IN_KEY = "login.just_logged_in"  # the shell sends the user to a page of their role

SETUP_CODE_HELP = (
    "Den **Einrichtungscode** zeigt die Konsole des Servers beim Start (Zeile „Einrichtungscode: …“; "
    "auch `./manage setup-code`). So kann nur, wer den Server betreibt, das erste Konto anlegen."
)
SETUP_CODE_WRONG = (
    "Einrichtungscode: fehlt oder stimmt nicht. Bitte den Code aus der Konsole des Servers übernehmen "
    "(Zeile „Einrichtungscode: …“, oder `./manage setup-code` auf dem Server ausführen)."
)


def render_login() -> None:
    st.title("Sprachstand")
    st.subheader("Anmelden")
    notice = st.session_state.pop(session.NOTICE_KEY, None)
    slot = st.container()  # always drawn: the form keeps its place when the notice goes (no second form
    if notice:  # flickering in while the rerun after "Anmelden" replaces the page)
        slot.info(notice)
    with st.form("login", enter_to_submit=True):
        username = st.text_input("Benutzername", autocomplete="username")
        password = st.text_input("Passwort", type="password", autocomplete="current-password")
        submitted = st.form_submit_button("Anmelden", type="primary")
    sign_on.login_button()
    if not submitted:
        return
    if not username.strip() or not password:
        st.error(MISSING)
        return
    try:
        user = store.authenticate(username.strip(), password, client=current_client())
    except (store_errors.LoginFailed, store_errors.AccountLocked) as exc:
        st.error(str(exc))
        return
    session.sign_in(user)
    st.session_state[JUST_LOGGED_IN_KEY] = True
    st.rerun()


def render_setup() -> None:
    st.title("Sprachstand einrichten")
    st.write(
        "Die Datenbank enthält noch kein Konto. Legen Sie jetzt das erste Administrationskonto an. "
        "Diese Seite erscheint nur ein einziges Mal."
    )
    st.write(SETUP_CODE_HELP)
    with st.form("setup"):
        code = st.text_input("Einrichtungscode", autocomplete="off", max_chars=40)
        username = st.text_input("Benutzername", autocomplete="username")
        display_name = st.text_input("Anzeigename (optional)")
        password = st.text_input("Passwort (mindestens 12 Zeichen)", type="password", autocomplete="new-password")
        repeat = st.text_input("Passwort wiederholen", type="password", autocomplete="new-password")
        submitted = st.form_submit_button("Administrationskonto anlegen", type="primary")
    if not submitted:
        return
    from security import setup_code

    if not setup_code.code_matches(code):
        st.error(SETUP_CODE_WRONG)
        return
    if not username.strip():
        st.error("Bitte geben Sie einen Benutzernamen ein.")
        return
    if password != repeat:
        st.error("Die beiden Passwörter stimmen nicht überein. Bitte geben Sie sie erneut ein.")
        return
    try:
        user = store.create_first_admin(username.strip(), password, display_name.strip())
    except store_errors.InvalidInput as exc:
        st.error(str(exc))
        return
    session.sign_in(user)
    st.success("Das Administrationskonto wurde angelegt.")
    st.rerun()
