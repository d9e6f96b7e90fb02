"""Search the learners of one's own provider by name or date of birth (start page, new interview)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

import store
from ui import navigation


def _birth(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else "–"


def learner_search(actor: Any, *, key: str) -> None:
    with st.form(f"{key}.form", border=True):
        st.markdown("**Lernende suchen** (nur Ihr Träger)")
        left, right = st.columns([2, 1])
        query = left.text_input("Name", key=f"{key}.name", placeholder="Familienname oder Vorname")
        birth = right.date_input(
            "Geburtsdatum",
            value=None,
            min_value=dt.date(1900, 1, 1),
            max_value=dt.date.today(),
            format="DD.MM.YYYY",
            key=f"{key}.birth",
        )
        searched = st.form_submit_button("Suchen", icon=":material/search:")
    if not searched:
        return
    if not query.strip() and birth is None:
        st.warning("Bitte geben Sie einen Namen oder ein Geburtsdatum ein.")
        return
    found = store.search_learners(actor, query.strip(), birth_date=birth, limit=50)
    if not found:
        st.info("Keine Lernenden gefunden. Sie können unter „Neues Interview“ eine neue Person anlegen.")
        return
    st.caption(f"{len(found)} Treffer")
    for learner in found:
        name_col, action_col = st.columns([3, 1], vertical_alignment="center")
        name_col.text(f"{learner.full_name} · geb. {_birth(learner.birth_date)}")
        action_col.page_link(
            navigation.page("neu"),
            label="Neues Interview",
            query_params={"learner": str(learner.id)},
            icon=":material/add:",
        )
