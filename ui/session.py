"""Who is logged in, for this browser session, and the role check every page makes itself."""

from __future__ import annotations

import logging
from typing import Any

import streamlit as st

from schemas.vocabulary import Role

USER_KEY = "auth.user_id"
ACTOR_KEY = "auth.actor"
SESSION_KEY = "auth.session_id"  # the server-side session (store.sessions) this browser tab belongs to
COOKIE_TRIED_KEY = "auth.cookie_tried"  # the cookie of the page load was resolved once (or was absent)
SIGN_ON_TRIED_KEY = "auth.sign_on_tried"  # the city sign-on identity of the page load was looked at
TICKET_KEY = "auth.ticket"  # a sign-in's one-time ticket, taken to the cookie route on the next rerun
NOTICE_KEY = "auth.notice"
PAGE_NOTICE_KEY = "shell.notice"  # a message for the next page (shown once by the app shell)

log = logging.getLogger("sprachstand.ui")

REFUSAL = "Diese Seite ist für Ihre Rolle nicht freigegeben. Bitte wählen Sie eine Seite aus dem Menü."


class PageRefused(Exception):
    """Raised by ``require_role`` after it has shown the refusal; the app shell stops the page."""


def actor() -> Any | None:
    """The acting user (``store.Actor``) of this rerun, or None when nobody is logged in."""
    return st.session_state.get(ACTOR_KEY)


def require_actor() -> Any:
    current = actor()
    if current is None:
        st.error("Bitte melden Sie sich an.")
        raise PageRefused
    return current


def require_role(*roles: Role) -> Any:
    """The acting user when their role is one of ``roles``; otherwise a German refusal and the page stops.

    Hidden pages can still be opened by address, so every page calls this first."""
    current = actor()
    if current is None or current.role not in roles:
        st.error(REFUSAL)
        raise PageRefused
    return current


def log_in(user: Any, session_id: int) -> None:
    """This tab belongs to the server-side session ``session_id`` of ``user`` from now on."""
    st.session_state[USER_KEY] = user.id
    st.session_state[ACTOR_KEY] = user
    st.session_state[SESSION_KEY] = session_id


def sign_in(user: Any) -> None:
    """After a password or city sign-on: a new server-side session for this browser. With the app's
    HTTP routes served (``asgi_app.py``), the next rerun takes its one-time ticket to the cookie route,
    so a reload, a new tab or a tablet waking up stays signed in."""
    from store import sessions
    from web import ROUTES

    agent = st.context.headers.get("User-Agent", "")
    started = sessions.start_session(user, agent if isinstance(agent, str) else "")
    log_in(user, started.session_id)
    log.info("session started", extra={"user_session": started.session_id})
    if ROUTES.active:
        st.session_state[TICKET_KEY] = started.ticket


def log_out(notice: str | None = None, *, end_session: bool = True) -> None:
    """Forget the user and everything this tab kept (drafts are in the database already). ``end_session``:
    the server-side session ends too, for every tab of this browser (logout); False when it has
    already ended (idle, reset, deactivation)."""
    session_id = st.session_state.get(SESSION_KEY)
    if end_session and session_id is not None:
        from store import sessions

        sessions.end_session(int(session_id))
        log.info("session ended", extra={"user_session": session_id})
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    st.session_state[COOKIE_TRIED_KEY] = True  # the page load's cookie belongs to the ended session,
    st.session_state[SIGN_ON_TRIED_KEY] = True  # and so does its city sign-on identity
    if notice:
        st.session_state[NOTICE_KEY] = notice


def notify(message: str, *, refusal: bool = False) -> None:
    """Shows ``message`` once at the top of the next page (e.g. after ``st.switch_page``): green for a
    done step, yellow with ``refusal`` (something was not allowed: never in a green box)."""
    st.session_state[PAGE_NOTICE_KEY] = (message, refusal)


def role_label(role: str) -> str:
    return Role.label_of(role)
