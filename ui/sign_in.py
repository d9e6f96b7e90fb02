"""The address ``/anmelden``: the default page while nobody is logged in.

Logged out, every page shows the login form (the app shell draws it before any page runs). The
default page is served at ``/`` only, so if a page people link to (``/start``) were the default,
opening ``/start`` in a new browser tab would show Streamlit's English "Page not found" over the
login form. This page takes that role instead; once logged in, it opens the role's start page.
"""

from __future__ import annotations

import streamlit as st

from ui import navigation, session


def render() -> None:
    actor = session.require_role(*navigation.ALL_ROLES)
    start = navigation.start_page_for(actor.role)
    if start is None:  # pragma: no cover - every role has a start page
        st.info("Bitte wählen Sie eine Seite aus dem Menü.")
        return
    st.switch_page(navigation.page(start.url_path))


if __name__ == "__main__":
    render()
