"""City sign-on (``st.login``, OpenID Connect) beside the local passwords: the button on the login
page, the sign-in of an identity the admin linked to an account, and the admin's field for the link.

Configured in ``.streamlit/secrets.toml`` (``[auth]``: redirect_uri, cookie_secret, client_id,
client_secret, server_metadata_url; docs/operations.md); without it nothing of this shows.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from schemas.vocabulary import Role
from ui import session

BUTTON = "Mit dem Konto der Stadt anmelden"
NOT_LINKED = (
    "Ihr Konto bei der Stadt ist keinem Sprachstand-Konto zugeordnet (oder das Konto ist nicht aktiv). "
    "Bitte wenden Sie sich an die Administration, oder melden Sie sich mit Benutzername und Passwort an."
)


def configured() -> bool:
    """Whether an identity provider is set up (``[auth]`` with a client id in the secrets)."""
    try:
        auth = st.secrets.get("auth")
        return auth is not None and bool(auth.get("client_id"))
    except Exception:  # no secrets file at all, or an unreadable one: no city sign-on
        return False


def login_button() -> None:
    if configured() and st.button(BUTTON, key="login.sign_on", icon=":material/account_balance:"):
        st.login()


def resume() -> bool:
    """After the provider sent the browser back: the linked account signs in (a new server-side
    session, then the cookie route). True when this tab is now signed in."""
    if st.session_state.get(session.SIGN_ON_TRIED_KEY) or not configured():
        return False
    st.session_state[session.SIGN_ON_TRIED_KEY] = True
    try:
        proven = bool(st.user.is_logged_in)
        subject = str(st.user.get("sub") or "") if proven else ""
    except Exception:  # no identity in this page load
        return False
    if not subject:
        return False
    from store import sign_on

    actor = sign_on.sign_on(subject)
    if actor is None:
        session.log_out(NOT_LINKED, end_session=False)
        return False
    session.sign_in(actor)
    return True


def link_form(actor: Any, user: Any) -> None:
    """Admin: the account's identity at the city's provider (the ``sub`` of its sign-in)."""
    if not configured() or actor.role != Role.ADMIN:
        return
    from store import errors as store_errors
    from store import sign_on

    current = sign_on.sign_on_subject(actor, user.id)
    with st.form(f"users.sign_on.{user.id}"):
        subject = st.text_input(
            "Kennung bei der städtischen Anmeldung",
            value=current,
            max_chars=255,
            help="Die Kennung (sub) der Person beim Anmeldedienst der Stadt; leer: keine städtische Anmeldung.",
        )
        if st.form_submit_button("Kennung speichern", icon=":material/account_balance:"):
            try:
                sign_on.link_sign_on(actor, user.id, subject)
            except (store_errors.InvalidInput, store_errors.AccessDenied, store_errors.NotFound) as exc:
                st.error(str(exc))
                return
            st.success("Gespeichert.")
