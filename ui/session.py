"""Who is logged in, for this browser session, and the role check every page makes itself."""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from schemas.vocabulary import Role

USER_KEY = "auth.user_id"
ACTOR_KEY = "auth.actor"
ACTOR_CHECKED_KEY = "auth.actor_checked"  # time.monotonic() of the last read of the actor from the store
LAST_ACTIVITY_KEY = "auth.last_activity"
NOTICE_KEY = "auth.notice"
PAGE_NOTICE_KEY = "shell.notice"  # a message for the next page (shown once by the app shell)

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


def log_in(user: Any) -> None:
    st.session_state[USER_KEY] = user.id
    st.session_state[ACTOR_KEY] = user
    st.session_state[ACTOR_CHECKED_KEY] = time.monotonic()
    touch()


def log_out(notice: str | None = None) -> None:
    """Forget the user and everything this session kept (drafts are in the database already)."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]
    if notice:
        st.session_state[NOTICE_KEY] = notice


def notify(message: str, *, refusal: bool = False) -> None:
    """Shows ``message`` once at the top of the next page (e.g. after ``st.switch_page``): green for a
    done step, yellow with ``refusal`` (something was not allowed: never in a green box)."""
    st.session_state[PAGE_NOTICE_KEY] = (message, refusal)


def touch() -> None:
    st.session_state[LAST_ACTIVITY_KEY] = time.time()


def idle_expired(timeout_minutes: int) -> bool:
    last = st.session_state.get(LAST_ACTIVITY_KEY)
    return last is not None and time.time() - float(last) > timeout_minutes * 60


def role_label(role: str) -> str:
    return Role.label_of(role)
