"""The provider lead's page "Alle Interviews": every interview of the own provider in one sortable
table (status, interviewer, dates, levels, recommendation), filters, reassigning an open interview to
another interviewer, and the clean-up of stale drafts with a preview. The rules live in
``store.provider_work``; this page only draws them."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

import store
from schemas.vocabulary import EDITABLE_STATUSES, Role, Status
from store import provider_work
from ui import counseling_filters as cf
from ui import session
from ui.learner_search import interview_action
from ui.style import action_css, action_link
from ui.text import amount, day

ROLES = (Role.PROVIDER_ADMIN,)
NOTICE = "provider_interviews.notice"
ALL = "Alle"
STALE_DEFAULT_DAYS = 90


def _filters(staff: list[Any]) -> provider_work.ProviderInterviewFilters:
    with st.expander("Filter", expanded=False, icon=":material/filter_list:"):
        left, right = st.columns(2)
        statuses = left.multiselect(
            "Status", list(Status), format_func=lambda x: Status(x).label, key="provider_interviews.status"
        )
        names = {ALL: None} | {m.name: m.id for m in staff}
        chosen = right.selectbox("Interviewer/in", list(names), key="provider_interviews.interviewer")
        left, right = st.columns(2)  # one row per line: Tab follows the reading order
        changed_from = left.date_input("Geändert ab", value=None, format="DD.MM.YYYY", key="provider_interviews.from")
        changed_to = right.date_input("Geändert bis", value=None, format="DD.MM.YYYY", key="provider_interviews.to")
    return provider_work.ProviderInterviewFilters(
        statuses=tuple(Status(x) for x in statuses),
        interviewer_id=names[chosen],
        changed_from=changed_from if isinstance(changed_from, date) else None,
        changed_to=changed_to if isinstance(changed_to, date) else None,
    )


def _table(actor: Any, items: list[Any]) -> Any:
    courses = cf.course_labels(actor)
    frame = pd.DataFrame(
        [
            {
                "Nr.": i.id,
                "Person": i.learner_name,
                "Status": Status.label_of(i.status),
                "Interviewer/in": i.interviewer or "–",
                "Geändert": i.updated_at,
                "Eingereicht": i.submitted_at,
                "Niveaus": cf.levels_text(i.levels),
                "Empfehlung": courses.get(i.recommended_course or "", i.recommended_course or "–"),
            }
            for i in items
        ]
    )
    st.caption(
        f"{amount(len(items), 'Interview', 'Interviews')}. Spaltenköpfe sortieren; eine Zeile wählen, um sie "
        f"zu öffnen oder umzuverteilen. {cf.skill_legend()}"
    )
    return st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="provider_interviews.table",
        column_config={
            "Nr.": st.column_config.NumberColumn(format="%d", width="small"),
            "Person": st.column_config.TextColumn(width="medium"),
            "Interviewer/in": st.column_config.TextColumn(width="medium"),
            "Niveaus": st.column_config.TextColumn(width="medium"),
            "Empfehlung": st.column_config.TextColumn(width="medium"),
            "Geändert": st.column_config.DatetimeColumn(format="DD.MM.YYYY HH:mm"),
            "Eingereicht": st.column_config.DatetimeColumn(format="DD.MM.YYYY HH:mm"),
        },
    )


def _chosen(actor: Any, item: Any, staff: list[Any]) -> None:
    with st.container(border=True):
        st.markdown(f"**Nr. {item.id}**")
        st.text(f"{item.learner_name} · {Status.label_of(item.status)} · {item.interviewer or '–'}")
        page, label, icon = interview_action(actor, item)
        action_link(st, f"provider-{item.id}", page, label, icon, id=str(item.id))
        if item.status not in EDITABLE_STATUSES:
            st.caption("Eingereichte und abgeschlossene Interviews werden nicht mehr umverteilt.")
            return
        others = {m.name: m.id for m in staff if m.name != item.interviewer}
        if not others:
            st.caption("Es gibt keine weitere aktive Interviewerin und keinen weiteren aktiven Interviewer.")
            return
        target = st.selectbox("Umverteilen an", list(others), key=f"provider_interviews.target.{item.id}")
        if st.button("Umverteilen", key=f"provider_interviews.reassign.{item.id}", icon=":material/swap_horiz:"):
            try:
                version = provider_work.lock_versions(actor, [item.id])[item.id]
                provider_work.reassign_interview(actor, item.id, others[str(target)], version)
            except store.StoreError as exc:
                st.error(str(exc))
                return
            st.session_state[NOTICE] = f"Interview Nr. {item.id} ist jetzt bei {target}."
            st.rerun()


def _clean_up(actor: Any) -> None:
    st.subheader("Alte Entwürfe aufräumen")
    st.caption(
        "Entwürfe, die nie eingereicht und lange nicht geändert wurden, werden verworfen. Hat die Person kein "
        "anderes Interview, werden auch ihre Daten gelöscht (wie beim Verwerfen eines Entwurfs)."
    )
    days = int(
        st.number_input(
            "Unverändert seit mehr als … Tagen",
            min_value=1,
            max_value=3650,
            value=STALE_DEFAULT_DAYS,
            step=1,
            key="provider_interviews.stale_days",
        )
    )
    stale = provider_work.stale_drafts(actor, days)
    if not stale:
        st.info(f"Keine Entwürfe, die seit mehr als {amount(days, 'Tag', 'Tagen')} unverändert sind.")
        return
    st.markdown(f"**Vorschau:** {amount(len(stale), 'Entwurf würde', 'Entwürfe würden')} verworfen.")
    st.table(
        pd.DataFrame(
            [
                {
                    "Nr.": i.id,
                    "Person": i.learner_name,
                    "Interviewer/in": i.interviewer or "–",
                    "Geändert": day(i.updated_at),
                }
                for i in stale
            ]
        ),
        hide_index=True,
    )
    sure = st.checkbox("Ja, diese Entwürfe verwerfen", key="provider_interviews.stale_sure")
    if st.button("Entwürfe verwerfen", disabled=not sure, key="provider_interviews.stale_go", icon=":material/delete:"):
        versions = provider_work.lock_versions(actor, [i.id for i in stale])
        done = 0
        for item in stale:
            try:
                store.discard_draft(actor, item.id, versions[item.id])
                done += 1
            except store.StoreError as exc:  # changed meanwhile: left as it is
                st.warning(f"Nr. {item.id}: {exc}")
        st.session_state.pop("provider_interviews.stale_sure", None)
        st.session_state[NOTICE] = f"{amount(done, 'Entwurf', 'Entwürfe')} verworfen."
        st.rerun()


def render() -> None:
    actor = session.require_role(*ROLES)
    st.title("Alle Interviews")
    action_css()
    notice = st.session_state.pop(NOTICE, None)
    if notice:
        st.success(notice)
    staff = provider_work.provider_staff(actor)
    items = provider_work.provider_interviews(actor, _filters(staff))
    if not items:
        st.info("Keine Interviews entsprechen diesen Filtern.")
    else:
        event = _table(actor, items)
        rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
        if rows and rows[0] < len(items):
            _chosen(actor, items[rows[0]], staff)
    _clean_up(actor)


if __name__ == "__main__":
    render()
