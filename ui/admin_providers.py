"""Providers (Sprachkursträger): list, create, edit name, address and logo, deactivate.

A logo must really be a PNG or JPEG picture (the store reads its header, then decodes it, never
trusting the file name) of at most 2 MB and 16 million pixels; it is stored scaled down to what the
certificate prints. Anything else is refused with a German message and nothing is changed.

Page ``/traeger`` (admin).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import store
from schemas.vocabulary import Role
from ui import session
from ui.text import escape_markdown

ROLES = (Role.ADMIN,)


def _create(actor: Any) -> None:
    with st.form("providers.create", clear_on_submit=True):
        st.subheader("Neuer Träger")
        name = st.text_input("Name des Trägers", max_chars=200)
        address = st.text_area("Anschrift", max_chars=2000)
        if st.form_submit_button("Träger anlegen", icon=":material/add_business:"):
            try:
                created = store.create_provider(actor, name, address)
            except store.InvalidInput as exc:
                st.error(str(exc))
                return
            st.session_state["providers.notice"] = f"Träger „{escape_markdown(created.name)}“ angelegt."
            st.rerun()


def _edit(actor: Any, providers: list[Any]) -> None:
    st.subheader("Träger bearbeiten")
    by_id = {p.id: p for p in providers}
    chosen = st.selectbox("Träger", list(by_id), format_func=lambda i: by_id[i].name, key="providers.chosen")
    provider = by_id[chosen]
    logo = store.provider_logo(provider.id)
    if logo is not None:
        st.image(logo[0], caption=f"Logo von {provider.name}", width=160)
    with st.form(f"providers.edit.{provider.id}"):
        name = st.text_input("Name des Trägers", value=provider.name, max_chars=200)
        address = st.text_area("Anschrift", value=provider.address, max_chars=2000)
        active = st.checkbox("aktiv (kann Interviews führen)", value=provider.is_active)
        upload = st.file_uploader(
            "Neues Logo (PNG oder JPEG, höchstens 2 MB)", type=["png", "jpg", "jpeg"], max_upload_size=2
        )
        if st.form_submit_button("Speichern", icon=":material/save:"):
            logo_bytes = upload.getvalue() if upload is not None else None
            try:
                store.update_provider(
                    actor,
                    provider.id,
                    name=name,
                    address=address,
                    is_active=active,
                    logo=logo_bytes,
                )
            except store.InvalidInput as exc:
                st.error(str(exc))
                return
            st.session_state["providers.notice"] = f"Träger „{escape_markdown(name.strip())}“ gespeichert."
            st.rerun()


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Träger")
    notice = st.session_state.pop("providers.notice", None)
    if notice:
        st.success(notice)
    providers = store.list_providers(actor, include_inactive=True)
    if providers:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Nr.": p.id,
                        "Name": p.name,
                        "Anschrift": " ".join(p.address.split()),
                        "aktiv": "ja" if p.is_active else "nein",
                        "Logo": "ja" if p.has_logo else "nein",
                    }
                    for p in providers
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        _edit(actor, providers)
    else:
        st.info("Noch keine Träger angelegt.")
    _create(actor)


if __name__ == "__main__":
    render()
