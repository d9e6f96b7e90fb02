"""Start page of interviewers: drafts, interviews returned with a comment, recently submitted, search."""

from __future__ import annotations

from typing import Any

import streamlit as st

import store
from ui import navigation, session
from ui.interview_header import when
from ui.learner_search import learner_search

ROLES = (navigation.INTERVIEWER, navigation.PROVIDER_ADMIN)
RECENT = 10


def _row(item: Any, *, page: str, action: str, comment: bool = False) -> None:
    with st.container(border=True):
        text_col, action_col = st.columns([3, 1], vertical_alignment="center")
        with text_col:
            st.text(item.learner_name)
            st.caption(f"geändert {when(item.updated_at)} · {item.interviewer or '–'}")
            if comment and item.last_comment:
                st.markdown("Kommentar der Beratungsstelle:")
                st.text(item.last_comment)
        action_col.page_link(navigation.page(page), label=action, query_params={"id": str(item.id)})


def _list(actor: Any, status: str, title: str, empty: str, *, page: str, action: str, limit: int = 100) -> None:
    items = store.list_my_interviews(actor, status=status, limit=limit)
    st.subheader(f"{title} ({len(items)})")
    if not items:
        st.caption(empty)
    for item in items:
        _row(item, page=page, action=action, comment=status == "returned")


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Meine Interviews")
    st.page_link(navigation.page("neu"), label="Neues Interview beginnen", icon=":material/person_add:")
    _list(
        actor, "returned", "Zurückgegeben", "Keine Interviews zurückgegeben.", page="interview", action="Überarbeiten"
    )
    _list(actor, "draft", "Entwürfe", "Keine offenen Entwürfe.", page="interview", action="Fortsetzen")
    _list(
        actor,
        "submitted",
        "Zuletzt eingereicht",
        "Noch nichts eingereicht.",
        page="ansicht",
        action="Ansehen",
        limit=RECENT,
    )
    learner_search(actor, key="home.search")


if __name__ == "__main__":
    render()
