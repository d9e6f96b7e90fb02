"""Accounts: list, create, reset password, unlock, deactivate/reactivate, change role.

Interviewers and provider admins belong to a provider; the counseling office and the administration
do not. A role that needs a provider without one is refused with a German message, nothing changed.

Page ``/konten``: the admin manages every account ("Konten"); a provider admin sees the own
provider's accounts ("Mitarbeitende") and manages its interviewers: creates interviewer accounts at
the own provider, resets passwords, unlocks, deactivates and reactivates, and changes no role. The
store decides what each of them sees and may change (``store.list_users``, ``create_user``,
``_managed_user``); the page only leaves out what the store would refuse anyway.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import store
from schemas.vocabulary import Role
from store.access import DATA_PROTECTION_ROLES
from ui import errors, navigation, session, sign_on
from ui.text import day, escape_markdown, when

ROLES = (Role.ADMIN, Role.PROVIDER_ADMIN)
NO_PROVIDER = "Kein Träger"
NEEDS_PROVIDER = "Träger: Für die Rolle „{role}“ bitte einen Träger auswählen. Es wurde nichts gespeichert."
NOTICE = "users.notice"
CHOSEN = "users.chosen"
STAFF_CREATES = (
    "Das neue Konto ist ein Konto für Interviewer/innen bei {provider}. "
    "Konten für die Trägerleitung legt die Administration an."
)
STAFF_MANAGES = (
    "Sie verwalten die Konten der Interviewer/innen Ihres Trägers. "
    "Konten der Trägerleitung (auch Ihr eigenes) verwaltet die Administration."
)
NO_STAFF = "Ihr Träger hat noch keine Konten für Interviewer/innen. Legen Sie unten eines an."


def _is_staff_lead(actor: Any) -> bool:
    """A provider admin: sees the own provider's accounts, manages its interviewers only."""
    return bool(actor.role == Role.PROVIDER_ADMIN)


def _provider_for(role: str, provider_name: str, providers: dict[str, int]) -> tuple[int | None, str | None]:
    """(provider id, None) or (None, German problem) for the chosen role and provider."""
    if Role(role).is_provider_staff:
        if provider_name == NO_PROVIDER:
            return None, NEEDS_PROVIDER.format(role=Role(role).label)
        return providers[provider_name], None
    return None, None  # counseling office and administration belong to no provider


def _done(message: str) -> None:
    st.session_state[NOTICE] = message
    st.rerun()


# The "Neues Konto" form keeps its values under these keys (with their empty values), so that a
# successful creation can empty the form and a refused one can keep everything but the password.
NEW = {
    "users.new.username": "",
    "users.new.display": "",
    "users.new.role": Role.INTERVIEWER,
    "users.new.provider": NO_PROVIDER,
    "users.new.password": "",
    "users.new.dpo": False,
    "users.new.temporary": True,
}
NEW_PROBLEM = "users.new.problem"
TEMPORARY_LABEL = "Vorläufig: bei der nächsten Anmeldung ein eigenes Passwort verlangen"
TEMPORARY_ALWAYS = "Das Passwort gilt nur für die erste Anmeldung: Danach wählt die Person ein eigenes."
TEMPORARY_HELP = (
    "Empfohlen: Wer das Passwort vergibt, kennt es. Mit dem Häkchen öffnet das Konto bei der nächsten Anmeldung "
    "nur die Seite „Eigenes Passwort wählen“."
)


def _submit_new(actor: Any, providers: dict[str, int]) -> None:
    """Runs before the page (form callback), the only moment the form's values may still be changed."""
    state = st.session_state
    if _is_staff_lead(actor):  # no choice: an interviewer at the own provider (the store insists on it too)
        role, provider_id, dpo, problem = Role.INTERVIEWER, actor.provider_id, False, None
    else:
        role, dpo = state["users.new.role"], state["users.new.dpo"]
        provider_id, problem = _provider_for(role, state["users.new.provider"], providers)
    if problem is None:
        try:
            user = store.create_user(
                actor,
                state["users.new.username"],
                state["users.new.password"],
                role,
                provider_id,
                state["users.new.display"],
                can_handle_data_requests=dpo,
                temporary_password=bool(state.get("users.new.temporary", True)),
            )
        except store.StoreError as exc:
            problem = errors.refusal(exc)
    if problem is not None:
        state[NEW_PROBLEM] = problem
        state["users.new.password"] = ""  # never left in the page; the rest stays to be corrected
        return
    for key, empty in NEW.items():
        state[key] = empty
    state[NOTICE] = f"Konto „{user.username}“ angelegt."
    state[CHOSEN] = user.id  # "Konto bearbeiten" shows the new account: the next step is often its first use


def _create(actor: Any, providers: dict[str, int], own_provider: str | None) -> None:
    staff_lead = _is_staff_lead(actor)
    with st.form("users.create"):
        st.subheader("Neues Konto")
        if staff_lead:
            st.caption(STAFF_CREATES.format(provider=escape_markdown(own_provider or "Ihrem Träger")))
        problem = st.session_state.pop(NEW_PROBLEM, None)
        if problem:
            st.error(problem)
        # one row of columns per line: Tab goes through the fields in the order they are read
        left, right = st.columns(2)
        left.text_input("Benutzername", max_chars=100, key="users.new.username")
        right.text_input("Angezeigter Name", max_chars=200, key="users.new.display")
        if not staff_lead:
            left, right = st.columns(2)
            left.selectbox("Rolle", list(Role), format_func=Role.label_of, key="users.new.role")
            right.selectbox(
                "Träger (nur Interviewer/in und Trägerleitung)", [NO_PROVIDER, *providers], key="users.new.provider"
            )
        left, right = st.columns(2)
        left.text_input(
            "Erstes Passwort (mindestens 12 Zeichen)", type="password", max_chars=200, key="users.new.password"
        )
        if staff_lead:  # the store makes a lead's passwords temporary in any case
            st.caption(TEMPORARY_ALWAYS)
        else:
            st.session_state.setdefault("users.new.temporary", True)  # ticked unless the admin says otherwise
            st.checkbox(TEMPORARY_LABEL, key="users.new.temporary", help=TEMPORARY_HELP)
            # a line of its own: in a half column its label was cut on a tablet
            st.checkbox(
                "Datenschutz: bearbeitet Datenschutzanfragen (Administration oder Beratungsstelle)",
                key="users.new.dpo",
            )
        st.form_submit_button(
            "Konto anlegen", icon=":material/person_add:", on_click=_submit_new, args=(actor, providers)
        )


def _state(user: Any) -> str:
    """The account's state in one word or two: what the admin must see before anything else."""
    parts = [] if user.is_active else ["deaktiviert"]
    if user.is_locked:
        parts.append("gesperrt")
    if user.must_change_password:
        parts.append("vorläufiges Passwort")
    return ", ".join(parts) or "aktiv"


def _choice_label(user: Any) -> str:
    """What the account picker shows: only what no action on this page changes. A select box keeps its
    choice by the shown text; with state or role in it, "Deaktivieren" changed the text, the picker fell
    back to the first account and the next click (e.g. "Wieder aktivieren") was lost. State and role
    stand in the line under the picker and in the table."""
    return f"{user.username} ({user.display_name})" if user.display_name else user.username


def _refused(action: Any, *args: Any, **kwargs: Any) -> str | None:
    """Runs a store action; the store's German refusal (e.g. an account that moved to another provider
    since the page was drawn) is returned for the page to show, never raised."""
    try:
        action(*args, **kwargs)
    except store.StoreError as exc:
        return errors.refusal(exc)
    return None


def _manage(actor: Any, users: list[Any], providers: dict[str, int]) -> None:
    st.subheader("Konto bearbeiten")
    staff_lead = _is_staff_lead(actor)
    if staff_lead:
        # Only what the store lets a provider admin change: the own provider's interviewers (the list
        # is the store's, already limited to the own provider).
        users = [u for u in users if u.role == Role.INTERVIEWER]
        st.caption(STAFF_MANAGES)
        if not users:
            st.info(NO_STAFF)
            return
    by_id = {u.id: u for u in users}
    chosen = st.selectbox("Konto", list(by_id), format_func=lambda i: _choice_label(by_id[i]), key=CHOSEN)
    user = by_id[chosen]
    own = user.id == actor.id
    # The account's state and the buttons that change it, directly under the selection.
    problem = None
    role_label = Role.label_of(user.role)
    st.markdown(f"{role_label} · Status: **{_state(user)}**" + (" (Ihr eigenes Konto)" if own else ""))
    with st.container(horizontal=True):
        label = "Deaktivieren" if user.is_active else "Wieder aktivieren"
        icon = ":material/person_off:" if user.is_active else ":material/person_check:"
        if st.button(
            label,
            key=f"users.active.{user.id}",
            icon=icon,
            disabled=own,
            help="Das eigene Konto kann nicht deaktiviert werden." if own else None,
        ):
            problem = _refused(store.set_user_active, actor, user.id, not user.is_active)
            if problem is None:
                done = "deaktiviert" if user.is_active else "wieder aktiviert"
                _done(f"Konto „{user.username}“ {done}.")
        if user.is_locked and st.button("Entsperren", key=f"users.unlock.{user.id}", icon=":material/lock_open:"):
            problem = _refused(store.unlock_user, actor, user.id)
            if problem is None:
                _done(f"Konto „{user.username}“ entsperrt.")
    if problem:
        st.error(problem)
    password_box, role_box = st.columns(2)
    with password_box.form(f"users.password.{user.id}", clear_on_submit=True):
        new_password = st.text_input("Neues Passwort (mindestens 12 Zeichen)", type="password", max_chars=200)
        if staff_lead:
            temporary = True
            st.caption(TEMPORARY_ALWAYS)
        else:
            temporary = st.checkbox(TEMPORARY_LABEL, value=True, help=TEMPORARY_HELP)
        if st.form_submit_button("Passwort zurücksetzen", icon=":material/key:"):
            problem = _refused(store.reset_password, actor, user.id, new_password, temporary=temporary)
            if problem:
                st.error(problem)
                return
            _done(f"Passwort von „{user.username}“ zurückgesetzt.")
    if staff_lead:
        return  # roles and providers are the administration's (store.change_role is admin only)
    _designation(actor, user)
    with role_box.form(f"users.role.{user.id}"):
        roles = list(Role)
        role = st.selectbox("Rolle", roles, index=roles.index(user.role), format_func=Role.label_of)
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
            _done(f"Rolle von „{user.username}“ geändert: {Role(role).label}.")
    sign_on.link_form(actor, user)  # city sign-on, when configured


def _designation(actor: Any, user: Any) -> None:
    """The "Datenschutz" designation: only designated accounts see learner data for data-protection
    requests (admins included); set and ended here by an admin, audited by the store."""
    if user.role not in DATA_PROTECTION_ROLES:
        return
    since = f" (seit {day(user.data_protection_since)})" if user.data_protection_since else ""
    state = f"benannt{since}" if user.can_handle_data_requests else "nicht benannt"
    st.markdown(f"**Datenschutz:** {state}")
    st.caption(
        "Benannte Konten bearbeiten Datenschutzanfragen (Suche nach Name und Geburtsdatum, Auskunft, Löschung) "
        "und sehen dabei Daten von Lernenden; alle anderen nicht, auch die Administration nicht. Jede Änderung "
        "wird protokolliert."
    )
    label = "Benennung beenden" if user.can_handle_data_requests else "Für Datenschutz benennen"
    if st.button(label, key=f"users.dpo.{user.id}", icon=":material/shield_person:"):
        problem = _refused(store.set_data_protection, actor, user.id, not user.can_handle_data_requests)
        if problem:
            st.error(problem)
            return
        verb = "beendet" if user.can_handle_data_requests else "erteilt"
        _done(f"Datenschutz-Benennung von „{escape_markdown(user.username)}“ {verb}.")


def _role(user: Any) -> str:
    role = Role.label_of(user.role)
    return f"{role} + Datenschutz" if user.can_handle_data_requests else role


def _table(users: list[Any], *, with_provider: bool = True) -> None:
    """One row per account, as a table that wraps its cells: every column readable at 1280 and 820 px
    without scrolling sideways (a data grid cut the names off). Who it is comes first: user name and name.
    A provider admin's list holds the own provider only, so it has no provider column."""
    rows = [
        {
            "Benutzername": u.username,
            "Name": u.display_name,
            "Rolle": _role(u),
            "Status": _state(u),
            "Träger": u.provider_name or "–",
            "Letzte Anmeldung": when(u.last_login_at),
        }
        for u in users
    ]
    frame = pd.DataFrame(rows)
    st.table(frame if with_provider else frame.drop(columns="Träger", errors="ignore"), hide_index=True)


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title(navigation.spec_for("konten").title_for(actor.role))
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice)
    users = store.list_users(actor)  # the store limits a provider admin to the own provider
    staff_lead = _is_staff_lead(actor)
    # a provider admin picks no provider: the new account goes to the own one
    providers = {} if staff_lead else {p.name: p.id for p in store.list_providers(actor)}
    own_provider = next((u.provider_name for u in users if u.id == actor.id), None)
    if staff_lead:
        st.caption(f"Konten bei {escape_markdown(own_provider or 'Ihrem Träger')}")
    _table(users, with_provider=not staff_lead)
    _manage(actor, users, providers)
    _create(actor, providers, own_provider)


if __name__ == "__main__":
    render()
