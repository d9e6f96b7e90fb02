"""One interview read-only: answers, results, review comments, history with a diff per revision,
and "Interview als PDF". A returned interview can be reopened for editing from here.

Page ``/ansicht?id=N``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import store
from documents.interview_record import RecordHeader, render_interview_record
from schemas.vocabulary import PROVIDER_ROLES, REVIEW_STATUSES, Action, Literacy, Status, event_label
from ui import course_matches, interview_display, interview_state, navigation, results_display, services, session
from ui.interview_header import LANGUAGE_NAMES
from ui.text import day, escape_markdown, when

ROLES = PROVIDER_ROLES


def _results(view: Any) -> None:
    score = view.score or {}
    if not score:
        return
    st.subheader("Ergebnis")
    labels = score.get("skill_labels", {})
    for skill, level in (score.get("levels") or {}).items():
        st.markdown(f"**{escape_markdown(labels.get(skill, skill))}: {escape_markdown(level)}**")
        explanation = (score.get("explanations") or {}).get(skill)
        if explanation:
            st.caption(escape_markdown(explanation))  # may quote the interviewer's override reason
    reason = score.get("override_reason")
    # the level's explanation quotes the reason already where an override changed a level
    if reason and not any(reason in (text or "") for text in (score.get("explanations") or {}).values()):
        st.markdown("**Begründung der Abweichung:**")
        st.text(reason)
    if score.get("literacy"):
        st.markdown(f"**Alphabetisierung:** {Literacy.label_of(score['literacy'])}")
    recommendation = score.get("recommendation")
    results_display.show_warnings(score)
    if score.get("placement"):  # version 2 on: course, start level, formats, reasons (and a deviating one)
        st.markdown("**Kursempfehlung:**")
        st.markdown(results_display.placement_markdown(score))
    elif recommendation:
        start = recommendation.get("start_level")
        course = escape_markdown(recommendation.get("course_label", "")) + (f", Einstieg {start}" if start else "")
        st.markdown(f"**Kursempfehlung:** {course}")  # as the summary said it before submission
        st.caption(escape_markdown(recommendation.get("reason", "")))


def _history(actor: Any, guide: Any, view: Any) -> None:
    interview_display.revisions(guide, store.history(actor, view.id))
    events = store.review_events(actor, view.id)
    if events:
        with st.expander(f"Prüfung und Kommentare ({len(events)})"):
            for event in events:
                st.markdown(f"**{when(event.at)} · {event_label(event.kind)}**")
                st.caption(f"von {escape_markdown(event.actor)}")
                if event.comment:
                    st.text(event.comment)


def _pdf(guide: Any, view: Any) -> bytes:
    learner = view.learner
    header = RecordHeader(
        interview_id=view.id,
        learner_name=learner.full_name,
        birth_date=day(learner.birth_date),
        provider=view.provider_name,
        status=Status.label_of(view.status),
        interviewer=view.interviewer or "–",
        guide=f"{guide.text(guide.title)} (Version {view.guide_version})",
        updated=when(view.updated_at),
        language_name=LANGUAGE_NAMES.get(view.learner_language, view.learner_language),
        created=day(view.created_at),
    )
    levels = {k: v for k, v in (view.levels or {}).items() if v}
    visible = services.visible_ids(guide, view.answers)
    return render_interview_record(
        guide,
        view.answers,
        header,
        language=view.learner_language,
        visible=set(visible),
        levels=levels,
        score=view.score,
        created_at=view.created_at,
    )


def render() -> None:
    actor = session.require_role(*ROLES)
    interview_id = interview_state.interview_id_from_query()
    if interview_id is None:
        st.info("Bitte wählen Sie ein Interview auf der Startseite.")
        return
    notice = st.session_state.pop("view.notice", None)
    if notice:
        st.success(notice)
    view = store.get_interview_for(actor, interview_id)
    guide = services.guide_for(view)
    st.title("Interview ansehen")
    birth = day(view.learner.birth_date)
    st.text(f"{view.learner.full_name} · geb. {birth}")
    st.caption(f"Status: {Status.label_of(view.status)} · zuletzt geändert {when(view.updated_at)}")
    # answers can change (and be submitted) in the wizard only while the workflow allows submitting
    editable = Action.SUBMIT in store.allowed_actions(actor, view)
    if view.status == Status.RETURNED:
        with st.container(border=True):
            st.markdown("**Zurückgegeben von der Beratungsstelle – Kommentar:**")
            st.text(view.last_comment or "")
            if editable:
                st.page_link(
                    navigation.page("interview"),
                    label="Überarbeiten",
                    query_params={"id": str(view.id)},
                    icon=":material/edit:",
                )
    elif editable:
        st.page_link(navigation.page("interview"), label="Weiter bearbeiten", query_params={"id": str(view.id)})
    st.download_button(
        "Interview als PDF",
        data=_pdf(guide, view),
        file_name=f"interview-{view.id}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
    _results(view)
    results_display.result_sheet_button(guide, view, view.score, view.answers, key="view.sheet")
    if view.status in REVIEW_STATUSES:
        course_matches.interview_courses(actor, view, "view.courses")
    interview_display.answers(guide, view.answers)
    _history(actor, guide, view)


if __name__ == "__main__":
    render()
