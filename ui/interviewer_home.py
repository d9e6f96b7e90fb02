"""Start page of interviewers: drafts, interviews returned with a comment, recently submitted, search."""

from __future__ import annotations

from typing import Any

import streamlit as st

import store
from schemas.vocabulary import PROVIDER_ROLES, Action, Role, Status
from ui import course_matches, navigation, notifications, session
from ui.learner_search import interview_action, learner_search
from ui.style import action_css, action_link
from ui.text import escape_markdown, when

ROLES = PROVIDER_ROLES
RECENT = 10


def _row(actor: Any, item: Any, *, comment: bool = False) -> None:
    with st.container(border=True):
        text_col, action_col = st.columns([3, 1], vertical_alignment="center")
        with text_col:
            st.text(item.learner_name)
            st.caption(f"geändert {when(item.updated_at)} · {escape_markdown(item.interviewer or '–')}")
            if item.status == Status.SUBMITTED:
                st.caption(review_by(item))
            if comment and item.last_comment:
                st.markdown("Kommentar der Beratungsstelle:")
                st.text(item.last_comment)
        page, action, icon = interview_action(actor, item)
        action_link(action_col, f"home-{item.id}", page, action, icon, id=str(item.id))


def review_by(item: Any) -> str:
    """Who reviews a submitted interview (the store decides it from the learner's sharing consent)."""
    return f"Prüfung durch die {store.reviewer_role(item.shared).label}"


def _to_review(actor: Any) -> None:
    """The lead's list: submitted interviews without sharing consent that this lead may decide."""
    items = [
        item
        for item in store.list_my_interviews(actor, status=Status.SUBMITTED, limit=200)
        if Action.APPROVE in store.allowed_actions(actor, item)
    ]
    st.subheader(f"Zu prüfen – ohne Weitergabe an die Beratungsstelle ({len(items)})")
    if not items:
        st.caption("Keine Interviews zu prüfen.")
    for item in items:
        with st.container(border=True):
            text_col, action_col = st.columns([3, 1], vertical_alignment="center")
            with text_col:
                st.text(item.learner_name)
                st.caption(f"eingereicht {when(item.submitted_at)} · {item.interviewer or '–'}")
            action_link(action_col, f"review-{item.id}", "ansicht", "Prüfen", ":material/fact_check:", id=str(item.id))


def _list(actor: Any, status: Status, title: str, empty: str, *, limit: int = 100) -> None:
    items = store.list_my_interviews(actor, status=status, limit=limit)
    st.subheader(f"{title} ({len(items)})")
    if not items:
        st.caption(empty)
    for item in items:
        _row(actor, item, comment=status is Status.RETURNED)


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Meine Interviews")
    action_css()
    notifications.show(actor, key="home")
    st.page_link(navigation.page("neu"), label="Neues Interview beginnen", icon=":material/person_add:")
    if actor.role is Role.PROVIDER_ADMIN:
        _to_review(actor)
    _list(actor, Status.RETURNED, "Zurückgegeben", "Keine Interviews zurückgegeben.")
    _list(actor, Status.DRAFT, "Entwürfe", "Keine offenen Entwürfe.")
    _list(actor, Status.SUBMITTED, "Zuletzt eingereicht", "Noch nichts eingereicht.", limit=RECENT)
    course_matches.referral_summary(actor)
    st.page_link(navigation.page("vermittlungen"), label="Alle Vermittlungen", icon=":material/swap_horiz:")
    learner_search(actor, key="home.search")


if __name__ == "__main__":
    render()
