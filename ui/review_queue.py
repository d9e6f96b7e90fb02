"""The counseling office's review queue: submitted interviews of every provider whose learner agreed to
sharing, with filters and a choice of order (oldest first by default); paging, counting and the
order happen in the database. Each row shows how long the interview has waited. The review page
reads the queue's current filters and order (``current_filters``) to offer "Nächstes Interview
prüfen" after a decision (``next_links``).

Page ``/pruefliste`` (counselors).
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pandas as pd
import streamlit as st

import store
from schemas.vocabulary import Role, Status
from store import review
from store.clock import utcnow
from ui import counseling_filters as cf
from ui import notifications, session
from ui.style import action_css, action_link
from ui.text import amount, day, escape_markdown, when

ROLES = (Role.COUNSELOR,)
PAGE = "queue"
PAGE_SIZE = 25
DEFAULT_STATUSES = (Status.SUBMITTED,)
FILTERS_KEY = f"{PAGE}.current_filters"  # the filters and order of the list last shown
NEXT_AFTER_KEY = "review.next_after"  # id of the interview just decided (returned) on the review page
NEXT_LABEL = "Nächstes Interview prüfen"
NEXT_ICON = ":material/arrow_forward:"
EMPTY_QUEUE = "Zurzeit wartet kein eingereichtes Interview auf Prüfung."
NO_MATCH = (
    "Kein Interview entspricht diesen Filtern. Bitte lockern Sie die Filter (z. B. Zeitraum, Niveau "
    "oder Träger) oder setzen Sie sie zurück."
)


def waiting(submitted_at: Any) -> str:
    """How long a submitted interview has waited, in calendar days (submitted on the 15th, today the
    26th: 11 days — what a person counts on the calendar)."""
    if submitted_at is None:
        return ""
    days = max(0, (utcnow().date() - submitted_at.date()).days)
    if days == 0:
        return "wartet seit heute"
    return f"wartet seit {days} Tag{'' if days == 1 else 'en'}"


ASSIGNED_TO_ME = "Nur mir zugewiesene"
RESUBMITTED = "erneut eingereicht"


def _assignment(actor: Any, item: Any, target: Any) -> None:
    """ "Mir zuweisen" (or, when assigned to me, "Zuweisung aufheben") on a submitted interview."""
    if item.status != Status.SUBMITTED:
        return
    mine = item.assigned_to_id == actor.id
    label = "Zuweisung aufheben" if mine else "Mir zuweisen"
    if target.button(label, key=f"{PAGE}.assign-{item.id}", icon=":material/person_pin:", width="stretch"):
        store.assign(actor, item.id, to_me=not mine)
        st.session_state["review.notice"] = (
            f"Interview Nr. {item.id} {'nicht mehr zugewiesen' if mine else 'Ihnen zugewiesen'}."
        )
        st.rerun()


def _row(actor: Any, item: Any, courses: dict[str, str]) -> None:
    with st.container(border=True):
        text_col, action_col = st.columns([4, 1], vertical_alignment="center")
        with text_col:
            birth = day(item.birth_date)
            st.text(f"{item.learner_name} · geb. {birth}")
            course = courses.get(item.recommended_course or "", item.recommended_course or "–")
            st.caption(
                escape_markdown(
                    f"Nr. {item.id} · {item.provider_name} · {Status.label_of(item.status)} · "
                    f"eingereicht {when(item.submitted_at)} · {cf.levels_text(item.levels)} · {course}"
                )
            )
            if item.status == Status.SUBMITTED:
                st.markdown(f":material/schedule: **{waiting(item.submitted_at)}**")
            if item.resubmitted:
                st.markdown(f":material/replay: **{RESUBMITTED}** ({item.submissions}. Einreichung)")
            if item.assigned_to:
                st.markdown(f":material/person_pin: zugewiesen: {escape_markdown(item.assigned_to)}")
            if item.possible_duplicate:
                st.markdown(":material/content_copy: Mögliche Dublette: auch bei einem anderen Träger erfasst")
        action_link(action_col, f"queue-{item.id}", "pruefung", "Prüfen", ":material/fact_check:", id=str(item.id))
        _assignment(actor, item, action_col)


VIEWS = ("Karten", "Tabelle")


def _table(actor: Any, items: list[Any], courses: dict[str, str]) -> None:
    """The dense view: one line per interview, sortable; chosen rows are opened or approved together."""
    frame = pd.DataFrame(
        [
            {
                "Nr.": i.id,
                "Person": i.learner_name,
                "geb.": day(i.birth_date),
                "Träger": i.provider_name,
                "Status": Status.label_of(i.status),
                "Wartet (Tage)": _days(i.submitted_at),
                "Niveaus": cf.levels_text(i.levels),
                "Empfehlung": courses.get(i.recommended_course or "", i.recommended_course or "–"),
                "Dublette?": "ja" if i.possible_duplicate else "",
                "Erneut eingereicht": "ja" if i.resubmitted else "",
                "Zugewiesen": i.assigned_to or "",
            }
            for i in items
        ]
    )
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        key=f"{PAGE}.table",
        column_config={"Nr.": st.column_config.NumberColumn(format="%d", width="small")},
    )
    rows = [r for r in (getattr(getattr(event, "selection", None), "rows", None) or []) if r < len(items)]
    chosen = [items[r] for r in rows]
    if not chosen:
        st.caption("Zeilen auswählen (Kästchen links), um sie zu öffnen oder gemeinsam freizugeben.")
        return
    action_css()
    links = st.columns(min(len(chosen), 4))
    for column, item in zip(links, chosen[:4], strict=False):
        action_link(
            column,
            f"queue-open-{item.id}",
            "pruefung",
            f"Nr. {item.id} prüfen",
            ":material/fact_check:",
            id=str(item.id),
        )
    _bulk_approve(actor, [i for i in chosen if i.status == Status.SUBMITTED])


def _bulk_approve(actor: Any, chosen: list[Any]) -> None:
    """Approves the chosen submitted interviews in one go, after an explicit confirmation; each one on
    its own (one that changed meanwhile is reported and left as it is)."""
    if not chosen:
        return
    with st.container(border=True):
        sure = st.checkbox(
            f"Ich habe {amount(len(chosen), 'das ausgewählte Interview', 'die ausgewählten Interviews')} geprüft.",
            key=f"{PAGE}.bulk_sure",
        )
        label = f"{amount(len(chosen), 'Interview', 'Interviews')} freigeben"
        if st.button(label, key=f"{PAGE}.bulk_approve", type="primary", disabled=not sure, icon=":material/done_all:"):
            done, failed = 0, []
            for item in chosen:
                try:
                    store.approve(actor, item.id)
                    done += 1
                except store.StoreError as exc:
                    failed.append(f"Nr. {item.id}: {exc}")
            st.session_state.pop(f"{PAGE}.bulk_sure", None)
            st.session_state.pop(f"{PAGE}.table", None)
            st.session_state["review.notice"] = f"{amount(done, 'Interview', 'Interviews')} freigegeben."
            if failed:
                st.session_state[f"{PAGE}.failed"] = "Nicht freigegeben: " + "; ".join(failed)
            st.rerun()


def _days(submitted_at: Any) -> int | None:
    return None if submitted_at is None else max(0, (utcnow().date() - submitted_at.date()).days)


def current_filters() -> store.ReviewFilters:
    """The filters and order of the queue as last shown in this session (the defaults before that)."""
    kept = st.session_state.get(FILTERS_KEY)
    if isinstance(kept, store.ReviewFilters):
        return kept
    return store.ReviewFilters(statuses=DEFAULT_STATUSES, order=next(iter(cf.ORDER_LABELS)))


def next_links(actor: Any, after_id: int, *, key: str, on_review_page: bool) -> None:
    """After a decision: the way to the interview that follows ``after_id`` in the queue (same
    filters and order) and, on the review page, back to the queue. On the review page "next" is a
    button that changes the address's ``id``: a page link to the page already shown would show the
    next interview but leave the old ``id`` in the address bar."""
    next_id = review.next_in_queue(actor, current_filters(), after_id)
    action_css()
    left, right = st.columns(2, vertical_alignment="center")
    if next_id is None:
        left.caption("Kein weiteres Interview in der Prüfliste mit diesen Filtern.")
    elif on_review_page:
        if left.button(NEXT_LABEL, key=f"{key}-next", type="primary", icon=NEXT_ICON, width="stretch"):
            st.query_params["id"] = str(next_id)
            st.rerun()
    else:
        action_link(left, f"{key}-next", "pruefung", NEXT_LABEL, NEXT_ICON, id=str(next_id))
    if on_review_page:
        action_link(right, f"{key}-queue", "pruefliste", "Zur Prüfliste", ":material/list:")


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Prüfliste")
    st.caption(
        "Eingereichte Interviews aller Träger, deren Lernende der Weitergabe an die Beratungsstelle "
        "zugestimmt haben. Die Auswertung zählt anonym auch Interviews ohne diese Zustimmung."
    )
    notice = st.session_state.pop("review.notice", None)
    if notice:
        st.success(notice)
    notifications.show(actor, key="queue")
    failed = st.session_state.pop(f"{PAGE}.failed", None)
    if failed:
        st.warning(failed)
    decided = st.session_state.pop(NEXT_AFTER_KEY, None)
    after_notice = st.container()  # "next" goes right under the notice, but needs the filters drawn below
    filters = cf.filters(actor, PAGE, default_statuses=DEFAULT_STATUSES, expanded=False)
    order_col, mine_col = st.columns([2, 3], vertical_alignment="bottom")
    with order_col:
        filters = dataclasses.replace(filters, order=cf.order(PAGE))
    if mine_col.toggle(ASSIGNED_TO_ME, key=f"{PAGE}.assigned_to_me"):
        filters = dataclasses.replace(filters, assigned_to_id=actor.id)
    st.session_state[FILTERS_KEY] = filters
    if decided is not None:
        with after_notice:
            next_links(actor, int(decided), key="queue-after", on_review_page=False)
    signature = repr(filters)
    if st.session_state.get(f"{PAGE}.signature") != signature:
        st.session_state[f"{PAGE}.signature"] = signature
        st.session_state.pop(f"{PAGE}.page", None)  # new filters or order start at page 1
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
    st.subheader(amount(total, "Interview", "Interviews"))
    st.caption(f"Angezeigt: {first}–{first + len(items) - 1} von {total} · {cf.skill_legend()}")
    courses = cf.course_labels(actor)
    view = st.segmented_control("Ansicht", VIEWS, default=VIEWS[0], key=f"{PAGE}.view") or VIEWS[0]
    if view == "Tabelle":
        _table(actor, items, courses)
    else:
        action_css()
        for item in items:
            _row(actor, item, courses)
    if pages > 1:
        st.pagination(pages, default=page, key=f"{PAGE}.page")


if __name__ == "__main__":
    render()
