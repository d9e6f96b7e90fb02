"""My account: who I am, my role and provider, and changing my own password."""

from __future__ import annotations

from typing import Any

import streamlit as st

import store
from store import errors as store_errors
from ui import navigation, session

FORCED_TITLE = "Eigenes Passwort wählen"
FORCED_INFO = (
    "Ihr Passwort hat die Administration oder Ihre Trägerleitung vergeben; es gilt nur für die erste "
    "Anmeldung. Bitte wählen Sie jetzt ein eigenes Passwort, das nur Sie kennen. Danach öffnen sich alle Seiten."
)


def render() -> None:
    actor = session.require_role(*navigation.ALL_ROLES)
    st.title("Mein Konto")
    st.text(f"Benutzername: {actor.username}")
    if actor.display_name:
        st.text(f"Name: {actor.display_name}")
    st.text(f"Rolle: {session.role_label(actor.role)}")
    _sessions(actor)
    password_form(actor, "Passwort ändern")


def render_forced_change(actor: Any) -> None:
    """The only page of an account signed in with a password someone else set (new account, reset): the
    store refuses everything else until the owner has chosen an own one."""
    st.title(FORCED_TITLE)
    st.info(FORCED_INFO, icon=":material/lock_reset:")
    st.text(f"Benutzername: {actor.username}")
    start = navigation.start_page_for(actor.role)
    password_form(
        actor, "Eigenes Passwort speichern", old_label="Vergebenes Passwort", then=start.url_path if start else None
    )
    if st.button("Abmelden", key="account.forced.logout", icon=":material/logout:"):
        session.log_out("Sie wurden abgemeldet.")
        st.rerun()


def password_form(actor: Any, button: str, *, old_label: str = "Bisheriges Passwort", then: str | None = None) -> None:
    """Changing the own password; ``then``: the page to go to afterwards (else this one again)."""
    with st.form("account.password", clear_on_submit=True):
        st.markdown("**Passwort ändern**")
        old = st.text_input(old_label, type="password", autocomplete="current-password")
        new = st.text_input("Neues Passwort (mindestens 12 Zeichen)", type="password", autocomplete="new-password")
        repeat = st.text_input("Neues Passwort wiederholen", type="password", autocomplete="new-password")
        submitted = st.form_submit_button(button)
    if not submitted:
        return
    if new != repeat:
        st.error("Die beiden neuen Passwörter stimmen nicht überein.")
        return
    try:
        store.change_own_password(actor, old, new)
    except (store_errors.InvalidInput, store_errors.LoginFailed, store_errors.AccessDenied) as exc:
        st.error(str(exc))
        return
    # the change ended every session of this account, this one too: a new one for this browser
    session.sign_in(actor)
    session.notify("Ihr Passwort wurde geändert. Auf anderen Geräten ist eine neue Anmeldung nötig.")
    if then is not None:
        st.switch_page(navigation.page(then))
    st.rerun()


def _sessions(actor: Any) -> None:
    """How many browsers are signed in with this account, and "Überall abmelden" (a lost tablet)."""
    from store import sessions

    count = sessions.open_sessions(actor)
    st.text(f"Angemeldet in {count} Browser{'n' if count != 1 else ''} (auch andere Geräte).")
    if st.button("Überall abmelden", key="account.everywhere", icon=":material/logout:"):
        sessions.end_all_sessions(actor)
        session.log_out("Sie wurden auf allen Geräten abgemeldet.", end_session=False)
        st.rerun()


if __name__ == "__main__":
    render()
