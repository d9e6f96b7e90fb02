"""Search the learners of one's own provider by name or date of birth (start page, new interview),
and the button-like links both pages use to open an interview."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

import store
from schemas.vocabulary import Action, Status
from ui.style import action_css, action_link
from ui.text import day

# What a list offers for an interview: (page, label, icon). An open interview is continued (a draft) or
# revised (returned by the counseling office) in the wizard; any other is viewed.
CONTINUE_ACTION = ("interview", "Fortsetzen", ":material/edit_note:")
REVISE_ACTION = ("interview", "Überarbeiten", ":material/edit:")
VIEW_ACTION = ("ansicht", "Ansehen", ":material/visibility:")


def is_open(actor: Any, item: Any) -> bool:
    """Still worked on in the wizard: the workflow lets the actor submit it (a draft or a returned one)."""
    return Action.SUBMIT in store.allowed_actions(actor, item)


def interview_action(actor: Any, item: Any) -> tuple[str, str, str]:
    if not is_open(actor, item):
        return VIEW_ACTION
    return REVISE_ACTION if item.status == Status.RETURNED else CONTINUE_ACTION


def learner_line(learner: Any) -> str:
    return f"{learner.full_name} · geb. {day(learner.birth_date)}"


def interview_links(actor: Any, target: Any, key: str, interviews: list[Any]) -> None:
    """One button-like link per interview: open ones to continue, the others to view."""
    for item in interviews:
        page, label, icon = interview_action(actor, item)
        when = day(item.updated_at)
        action_link(target, f"{key}-{item.id}", page, f"{label} ({when})", icon, id=str(item.id))


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
    interviews = store.interviews_of_learners(actor, [learner.id for learner in found])
    action_css()
    st.caption(f"{len(found)} Treffer")
    for learner in found:
        with st.container(border=True):
            name_col, action_col = st.columns([3, 2], vertical_alignment="center")
            name_col.text(learner_line(learner))
            own = interviews.get(learner.id, [])
            if own:
                name_col.caption(f"{len(own)} Interview(s) bei Ihrem Träger")
            interview_links(actor, action_col, f"{key}-{learner.id}", own)
            action_link(
                action_col,
                f"{key}-{learner.id}-new",
                "neu",
                "Neues Interview",
                ":material/add:",
                learner=str(learner.id),
            )
