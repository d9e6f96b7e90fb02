"""Run-time settings: city name, certificate number prefix, public verification address, retention
years, and whether approving an interview issues its certificate at once. Every value is checked
before anything is saved: one bad value means a German message naming the field, nothing changed.

Provider logos are set on the providers page (``/traeger``).

Page ``/einstellungen`` (admin).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import store
from schemas.vocabulary import Role
from ui import session

ROLES = (Role.ADMIN,)
NOTICE = "settings.notice"


def _check(key: str, value: Any) -> str | None:
    """The store's own check of one value (the store checks again when saving)."""
    from store.app_settings import EDITABLE

    label, check, _ = EDITABLE[key]
    try:
        check(value)
    except ValueError as exc:
        return f"{label}: erwartet wird {exc}."
    return None


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Einstellungen")
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice)
    current = store.get_app_settings()
    with st.form("settings.form"):
        values = {
            "city_name": st.text_input("Name der Stadt", value=str(current["city_name"]), max_chars=100),
            "certificate_prefix": st.text_input(
                "Präfix der Bescheinigungsnummern (2–8 Großbuchstaben)",
                value=str(current["certificate_prefix"]),
                max_chars=8,
            ),
            "public_url": st.text_input(
                "Öffentliche Prüfadresse (auf jeder Bescheinigung als QR-Code)",
                value=str(current["public_url"]),
                max_chars=300,
            ),
            "retention_years": int(
                st.number_input(
                    "Aufbewahrungsfrist in Jahren", min_value=1, max_value=30, value=int(current["retention_years"])
                )
            ),
            "auto_issue_on_approve": st.checkbox(
                "Beim Freigeben sofort die Bescheinigung ausstellen", value=bool(current["auto_issue_on_approve"])
            ),
        }
        if st.form_submit_button("Speichern", type="primary", icon=":material/save:"):
            for key in ("city_name", "certificate_prefix", "public_url"):
                values[key] = str(values[key]).strip()
            changed = {k: v for k, v in values.items() if v != current.get(k)}
            problems = [p for k, v in changed.items() if (p := _check(k, v))]
            if problems:
                for problem in problems:
                    st.error(problem)
                st.caption("Es wurde nichts gespeichert.")
                return
            for key, value in changed.items():
                store.set_app_setting(actor, key, value)
            st.session_state[NOTICE] = f"{len(changed)} Einstellung(en) gespeichert." if changed else "Keine Änderung."
            st.rerun()


if __name__ == "__main__":
    render()
