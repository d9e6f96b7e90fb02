"""The counseling office's review queue: submitted interviews of every provider whose learner agreed to
sharing, oldest first, with filters; paging and counting happen in the database.

Page ``/pruefliste`` (counselors).
"""

from __future__ import annotations

import math
from typing import Any

import streamlit as st

import store
from ui import counseling_filters as cf
from ui import navigation, session
from ui.text import escape_markdown

ROLES = (navigation.COUNSELOR,)
PAGE = "queue"
PAGE_SIZE = 25
DEFAULT_STATUSES = ("submitted",)
EMPTY_QUEUE = "Zurzeit wartet kein eingereichtes Interview auf Prüfung."
NO_MATCH = (
    "Kein Interview entspricht diesen Filtern. Bitte lockern Sie die Filter (z. B. Zeitraum, Niveau "
    "oder Träger) oder setzen Sie sie zurück."
)


def _row(item: Any, courses: dict[str, str]) -> None:
    with st.container(border=True):
        text_col, action_col = st.columns([4, 1], vertical_alignment="center")
        with text_col:
            birth = cf.day(item.birth_date)
            st.text(f"{item.learner_name} · geb. {birth}")
            course = courses.get(item.recommended_course or "", item.recommended_course or "–")
            st.caption(
                escape_markdown(
                    f"Nr. {item.id} · {item.provider_name} · {cf.STATUS_LABELS.get(item.status, item.status)} · "
                    f"eingereicht {cf.when(item.submitted_at)} · {cf.levels_text(item.levels)} · {course}"
                )
            )
            if item.possible_duplicate:
                st.markdown(":material/content_copy: Mögliche Dublette: auch bei einem anderen Träger erfasst")
        action_col.page_link(navigation.page("pruefung"), label="Prüfen", query_params={"id": str(item.id)})


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Prüfliste")
    st.caption(
        "Eingereichte Interviews aller Träger, deren Lernende der Weitergabe an die Beratungsstelle "
        "zugestimmt haben – die ältesten zuerst."
    )
    notice = st.session_state.pop("review.notice", None)
    if notice:
        st.success(notice)
    filters = cf.filters(actor, PAGE, default_statuses=DEFAULT_STATUSES, expanded=False)
    signature = repr(filters)
    if st.session_state.get(f"{PAGE}.signature") != signature:
        st.session_state[f"{PAGE}.signature"] = signature
        st.session_state.pop(f"{PAGE}.page", None)  # new filters start at page 1
    page = int(st.session_state.get(f"{PAGE}.page") or 1)
    items, total = store.review_queue(actor, filters, page=page, page_size=PAGE_SIZE)
    if total == 0:
        st.info(NO_MATCH if cf.narrowed(filters, DEFAULT_STATUSES) else EMPTY_QUEUE)
        return
    pages = max(1, math.ceil(total / PAGE_SIZE))
    if page > pages:  # the list shrank meanwhile
        page = pages
        items, total = store.review_queue(actor, filters, page=page, page_size=PAGE_SIZE)
    first = (page - 1) * PAGE_SIZE + 1
    st.subheader(f"{total} Interviews")
    st.caption(f"Angezeigt: {first}–{first + len(items) - 1} von {total}")
    courses = cf.course_labels(actor)
    for item in items:
        _row(item, courses)
    if pages > 1:
        st.pagination(pages, default=page, key=f"{PAGE}.page")


if __name__ == "__main__":
    render()
