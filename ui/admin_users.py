"""Accounts: list, create, reset password, unlock, deactivate/reactivate, change role.

Interviewers and provider admins belong to a provider; the counseling office and the administration
do not. A role that needs a provider without one is refused with a German message, nothing changed.

Page ``/konten`` (admin).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import store
from ui import navigation, session

ROLES = (navigation.ADMIN,)
ROLE_LABELS = dict(navigation.ROLE_LABELS)
PROVIDER_ROLES = (navigation.INTERVIEWER, navigation.PROVIDER_ADMIN)
NO_PROVIDER = "Kein Träger"
NEEDS_PROVIDER = "Träger: Für die Rolle „{role}“ bitte einen Träger auswählen. Es wurde nichts gespeichert."
NOTICE = "users.notice"


def _provider_for(role: str, provider_name: str, providers: dict[str, int]) -> tuple[int | None, str | None]:
    """(provider id, None) or (None, German problem) for the chosen role and provider."""
    if role in PROVIDER_ROLES:
        if provider_name == NO_PROVIDER:
            return None, NEEDS_PROVIDER.format(role=ROLE_LABELS[role])
        return providers[provider_name], None
    return None, None  # counseling office and administration belong to no provider


def _done(message: str) -> None:
    st.session_state[NOTICE] = message
    st.rerun()


def _create(actor: Any, providers: dict[str, int]) -> None:
    with st.form("users.create"):
        st.subheader("Neues Konto")
        left, right = st.columns(2)
        username = left.text_input("Benutzername", max_chars=100)
        display = right.text_input("Angezeigter Name", max_chars=200)
        role = left.selectbox("Rolle", list(ROLE_LABELS), format_func=ROLE_LABELS.__getitem__)
        provider = right.selectbox("Träger (nur Interviewer/in und Trägerleitung)", [NO_PROVIDER, *providers])
        password = left.text_input("Erstes Passwort (mindestens 12 Zeichen)", type="password", max_chars=200)
        dpo = right.checkbox("Bearbeitet Datenschutzanfragen (nur Beratungsstelle)")
        if st.form_submit_button("Konto anlegen", icon=":material/person_add:"):
            provider_id, problem = _provider_for(role, provider, providers)
            if problem:
                st.error(problem)
                return
            try:
                user = store.create_user(
                    actor, username, password, role, provider_id, display, can_handle_data_requests=dpo
                )
            except store.InvalidInput as exc:
                st.error(str(exc))
                return
            _done(f"Konto „{user.username}“ angelegt.")


def _manage(actor: Any, users: list[Any], providers: dict[str, int]) -> None:
    st.subheader("Konto bearbeiten")
    by_id = {u.id: u for u in users}
    chosen = st.selectbox(
        "Konto",
        list(by_id),
        format_func=lambda i: f"{by_id[i].username} ({ROLE_LABELS.get(by_id[i].role, by_id[i].role)})",
        key="users.chosen",
    )
    user = by_id[chosen]
    own = user.id == actor.id
    with st.form(f"users.password.{user.id}", clear_on_submit=True):
        new_password = st.text_input("Neues Passwort (mindestens 12 Zeichen)", type="password", max_chars=200)
        if st.form_submit_button("Passwort zurücksetzen", icon=":material/key:"):
            try:
                store.reset_password(actor, user.id, new_password)
            except store.InvalidInput as exc:
                st.error(str(exc))
                return
            _done(f"Passwort von „{user.username}“ zurückgesetzt.")
    left, right = st.columns(2)
    if user.is_locked and left.button("Entsperren", key=f"users.unlock.{user.id}", icon=":material/lock_open:"):
        store.unlock_user(actor, user.id)
        _done(f"Konto „{user.username}“ entsperrt.")
    label = "Deaktivieren" if user.is_active else "Wieder aktivieren"
    if right.button(label, key=f"users.active.{user.id}", disabled=own, help="Das eigene Konto nicht" if own else None):
        store.set_user_active(actor, user.id, not user.is_active)
        _done(f"Konto „{user.username}“ {'deaktiviert' if user.is_active else 'wieder aktiviert'}.")
    with st.form(f"users.role.{user.id}"):
        roles = list(ROLE_LABELS)
        role = st.selectbox("Rolle", roles, index=roles.index(user.role), format_func=ROLE_LABELS.__getitem__)
        names = [NO_PROVIDER, *providers]
        current = user.provider_name if user.provider_name in providers else NO_PROVIDER
        provider = st.selectbox("Träger", names, index=names.index(current))
        if st.form_submit_button("Rolle ändern", disabled=own):
            provider_id, problem = _provider_for(role, provider, providers)
            if problem:
                st.error(problem)
                return
            try:
                store.change_role(actor, user.id, role, provider_id)
            except store.InvalidInput as exc:
                st.error(str(exc))
                return
            _done(f"Rolle von „{user.username}“ geändert: {ROLE_LABELS[role]}.")


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Konten")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice)
    providers = {p.name: p.id for p in store.list_providers(actor)}
    users = store.list_users(actor)
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Benutzername": u.username,
                    "Name": u.display_name,
                    "Rolle": ROLE_LABELS.get(u.role, u.role),
                    "Träger": u.provider_name or "–",
                    "aktiv": "ja" if u.is_active else "nein",
                    "gesperrt": "ja" if u.is_locked else "nein",
                    "Datenschutz": "ja" if u.can_handle_data_requests else "",
                    "Letzte Anmeldung": u.last_login_at.strftime("%d.%m.%Y %H:%M") if u.last_login_at else "–",
                }
                for u in users
            ]
        ),
        hide_index=True,
        width="stretch",
    )
    _manage(actor, users, providers)
    _create(actor, providers)


if __name__ == "__main__":
    render()
