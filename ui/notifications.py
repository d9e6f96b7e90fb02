"""The start pages' notifications (returned to me, assigned to me, waiting too long, referral answered),
computed by the store (``store.notifications``); each one about an interview links to it, each one about
referrals to the referrals page."""

from __future__ import annotations

from typing import Any

import streamlit as st

import store
from schemas.vocabulary import Role
from ui.style import action_css, action_link


def show(actor: Any, *, key: str) -> None:
    found = store.notifications(actor)
    if not found:
        return
    action_css()
    target = "pruefung" if actor.role is Role.COUNSELOR else "ansicht"
    with st.container(border=True, key=f"{key}.notifications"):
        st.markdown(f"**Hinweise ({len(found)})**")
        for n, note in enumerate(found):
            if note.page is None and note.interview_id is None:
                st.warning(note.text, icon=":material/schedule:")
                continue
            # a note about referrals links to its page, one about an interview to that interview
            page, query = (note.page, {}) if note.page is not None else (target, {"id": str(note.interview_id)})
            text_col, link_col = st.columns([4, 1], vertical_alignment="center")
            text_col.info(note.text, icon=":material/swap_horiz:" if note.page else ":material/notifications:")
            action_link(link_col, f"{key}-note-{n}", page, "Öffnen", ":material/open_in_new:", **query)
