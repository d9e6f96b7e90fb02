"""My account: who I am, my role and provider, and changing my own password."""

from __future__ import annotations

from typing import Any

import streamlit as st

import store
from store import errors as store_errors
from ui import navigation, session


def render() -> None:
    actor = session.require_role(*navigation.ALL_ROLES)
    st.title("Mein Konto")
    st.text(f"Benutzername: {actor.username}")
    if actor.display_name:
        st.text(f"Name: {actor.display_name}")
    st.text(f"Rolle: {session.role_label(actor.role)}")
    _sessions(actor)
    with st.form("account.password", clear_on_submit=True):
        st.markdown("**Passwort ändern**")
        old = st.text_input("Bisheriges Passwort", type="password", autocomplete="current-password")
        new = st.text_input("Neues Passwort (mindestens 12 Zeichen)", type="password", autocomplete="new-password")
        repeat = st.text_input("Neues Passwort wiederholen", type="password", autocomplete="new-password")
        submitted = st.form_submit_button("Passwort ändern")
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
