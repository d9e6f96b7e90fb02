"""One interview read-only: answers, results, review comments, history with a diff per revision,
and "Interview als PDF". A returned interview can be reopened for editing from here.

Page ``/ansicht?id=N``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import store
from documents.interview_record import RecordHeader, render_interview_record
from schemas.vocabulary import (
    PROVIDER_ROLES,
    REVIEW_STATUSES,
    Action,
    ConsentMethod,
    ConsentPurpose,
    Literacy,
    Status,
    event_label,
)
from store import issuing
from ui import course_matches, interview_display, interview_state, navigation, results_display, services, session
from ui.interview_header import LANGUAGE_NAMES
from ui.text import day, escape_markdown, when

ROLES = PROVIDER_ROLES
PDF = "view.certificate_pdf"


def _results(view: store.InterviewView) -> None:
    score = view.score
    if score is None:
        return
    st.subheader("Ergebnis")
    for skill, level in score.levels.items():
        st.markdown(f"**{escape_markdown(score.skill_labels.get(skill, skill))}: {escape_markdown(level)}**")
        explanation = score.explanations.get(skill)
        if explanation:
            st.caption(escape_markdown(explanation))  # may quote the interviewer's override reason
    reason = score.override_reason
    # the level's explanation quotes the reason already where an override changed a level
    if reason and not any(reason in (text or "") for text in score.explanations.values()):
        st.markdown("**Begründung der Abweichung:**")
        st.text(reason)
    if score.literacy:
        st.markdown(f"**Alphabetisierung:** {Literacy.label_of(score.literacy)}")
    results_display.show_warnings(score)
    recommendation = score.recommendation
    if score.placement is not None:  # version 2 on: course, start level, formats, reasons (and a deviating one)
        st.markdown("**Kursempfehlung:**")
        st.markdown(results_display.placement_markdown(score))
    elif recommendation is not None:
        start = recommendation.start_level
        course = escape_markdown(recommendation.course_label) + (f", Einstieg {start}" if start else "")
        st.markdown(f"**Kursempfehlung:** {course}")  # as the summary said it before submission
        st.caption(escape_markdown(recommendation.reason))


def _history(actor: Any, guide: Any, view: store.InterviewView) -> None:
    interview_display.revisions(guide, store.history(actor, view.id))
    events = store.review_events(actor, view.id)
    if events:
        with st.expander(f"Prüfung und Kommentare ({len(events)})"):
            for event in events:
                st.markdown(f"**{when(event.at)} · {event_label(event.kind)}**")
                st.caption(f"von {escape_markdown(event.actor)}")
                if event.comment:
                    st.text(event.comment)


def _pdf(guide: Any, view: store.InterviewView) -> bytes:
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
        score=view.score.model_dump(mode="json") if view.score is not None else None,
        created_at=view.created_at,
    )


def _decide(actor: Any, view: store.InterviewView) -> None:
    """The lead's decision on an interview without sharing consent (the store allows it only to a lead
    of the provider who did not conduct it); then the certificate."""
    allowed = store.allowed_actions(actor, view)
    if Action.ISSUE in allowed:
        with st.container(border=True):
            st.markdown("Das Interview ist freigegeben. Eine gültige Bescheinigung ist noch nicht ausgestellt.")
            if st.button("Bescheinigung jetzt ausstellen", type="primary", key="view.issue"):
                certificate, pdf = issuing.issue_certificate(actor, view.id)
                st.session_state[PDF] = (view.id, certificate.number, pdf)
                st.session_state["view.notice"] = f"Bescheinigung {certificate.number} ausgestellt."
                st.rerun()
        return
    if not allowed & {Action.APPROVE, Action.RETURN}:
        return
    st.subheader("Prüfung durch die Trägerleitung")
    st.caption(
        "Ohne Einwilligung in die Weitergabe an die Beratungsstelle prüft die Trägerleitung "
        "(nicht die Person, die das Interview geführt hat)."
    )
    approve_col, return_col = st.columns(2)
    with approve_col, st.container(border=True):
        if st.button("Freigeben", type="primary", key="view.approve", icon=":material/check_circle:"):
            done = store.approve_and_issue(actor, view.id, lock_version=view.lock_version)
            message = f"Interview Nr. {view.id} freigegeben."
            if done.certificate is not None and done.pdf is not None:
                st.session_state[PDF] = (view.id, done.certificate.number, done.pdf)
                message = f"{message} Bescheinigung {done.certificate.number} ausgestellt."
            elif done.issue_error:
                message = f"{message} Bescheinigung nicht ausgestellt: {done.issue_error}"
            st.session_state["view.notice"] = message
            st.rerun()
    with return_col, st.container(border=True):
        comment = st.text_area("Kommentar (Pflicht beim Zurückgeben)", key="view.return_comment", max_chars=4000)
        if st.button("Zurückgeben", key="view.return", icon=":material/undo:"):
            if not (comment or "").strip():
                st.error("Kommentar: bitte schreiben Sie, was geklärt oder geändert werden soll.")
                return
            store.return_interview(actor, view.id, comment, lock_version=view.lock_version)
            st.session_state["view.notice"] = f"Interview Nr. {view.id} zurückgegeben."
            st.rerun()


def _withdraw(actor: Any, view: store.InterviewView) -> None:
    """ "Einreichung zurückziehen" while the reviewer has not opened the interview (the store decides)."""
    if Action.WITHDRAW not in store.allowed_actions(actor, view):
        return
    with st.container(border=True, key="view.withdraw_box"):
        st.caption("Noch nicht geöffnet: Sie können die Einreichung zurückziehen und das Interview weiter bearbeiten.")
        if st.button(Action.WITHDRAW.label, key="view.withdraw", icon=":material/undo:"):
            store.withdraw_submission(actor, view.id, lock_version=view.lock_version)
            st.session_state["view.notice"] = "Einreichung zurückgezogen: das Interview ist wieder ein Entwurf."
            st.rerun()


def _reply(actor: Any, view: store.InterviewView) -> None:
    """The interviewer's answer in the review thread (a comment beside the return comment)."""
    with st.form("view.reply_form", clear_on_submit=True):
        text = st.text_area("Antwort auf den Kommentar", max_chars=4000, key="view.reply_text")
        if st.form_submit_button("Antwort senden", icon=":material/reply:"):
            if not (text or "").strip():
                st.error("Antwort: bitte einen Text eingeben.")
                return
            store.add_comment(actor, view.id, text)
            st.session_state["view.notice"] = "Antwort gespeichert."
            st.rerun()


def _consents(actor: Any, view: store.InterviewView) -> None:
    """The learner's consents on the record: current state, history, and a change (given, withdrawn)."""
    learner = view.learner
    with st.expander("Einwilligungen"):
        st.text(
            f"{ConsentPurpose.PROCESSING.label}: {'ja' if learner.processing_consent else 'nein'} · "
            f"{ConsentPurpose.SHARING.label}: {'ja' if learner.sharing_consent else 'nein'}"
        )
        rows = [
            {
                "Zweck": ConsentPurpose.label_of(str(h["purpose"])),
                "Erklärung": "erteilt" if h["given"] else "nicht erteilt / widerrufen",
                "Erklärt am": day(h["declared_on"]) if h["declared_on"] else "–",
                "Wie": ConsentMethod.label_of(h["method"]) if h["method"] else "–",  # type: ignore[arg-type]
                "Erfasst von": h["by"] or "–",
                "Erfasst": when(h["at"]),
                "Bemerkung": h["note"] or "",
            }
            for h in store.consent_history(actor, learner.id)
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
        with st.form("view.consent_form", clear_on_submit=True):
            st.markdown("**Einwilligung erfassen oder ändern**")
            purpose = st.selectbox(
                "Zweck",
                [ConsentPurpose.SHARING, ConsentPurpose.PROCESSING],  # the one that changes in daily work first
                format_func=lambda p: ConsentPurpose(p).label,
                key="view.consent_purpose",
            )
            given = st.radio(
                "Erklärung",
                ["ja", "nein"],
                horizontal=True,
                key="view.consent_given",
                format_func=lambda v: "erteilt" if v == "ja" else "widerrufen / nicht erteilt",
            )
            method = st.selectbox(
                "Wie erklärt",
                [m for m in ConsentMethod if m is not ConsentMethod.INTERVIEW],
                format_func=lambda m: ConsentMethod(m).label,
                key="view.consent_method",
            )
            declared = st.date_input("Erklärt am", format="DD.MM.YYYY", key="view.consent_date")
            note = st.text_input("Bemerkung (z. B. Name der Dolmetscherin)", max_chars=500, key="view.consent_note")
            st.caption(
                "Ein Widerruf der Verarbeitung der Daten ist zugleich ein Antrag auf Löschung: bitte der "
                "Administration (Datenschutz) melden."
            )
            if st.form_submit_button("Einwilligung speichern", icon=":material/save:"):
                purpose = purpose or ConsentPurpose.SHARING
                store.record_consent(
                    actor, learner.id, purpose, given == "ja", method=method, declared_on=declared, note=note
                )
                st.session_state["view.notice"] = (
                    f"{ConsentPurpose(purpose).label}: {'erteilt' if given == 'ja' else 'widerrufen'} – gilt ab sofort."
                )
                st.rerun()


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
    if view.status == Status.SUBMITTED and Action.APPROVE not in store.allowed_actions(actor, view):
        st.info(f"Prüfung durch die {store.reviewer_role(view.shared).label}", icon=":material/fact_check:")
    issued = st.session_state.get(PDF)
    if issued is not None and issued[0] == view.id:
        st.download_button(
            f"Bescheinigung {issued[1]} als PDF",
            data=issued[2],
            file_name=f"bescheinigung-{issued[1]}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/picture_as_pdf:",
        )
    _decide(actor, view)
    _withdraw(actor, view)
    # answers can change (and be submitted) in the wizard only while the workflow allows submitting
    editable = Action.SUBMIT in store.allowed_actions(actor, view)
    if view.status == Status.RETURNED:
        with st.container(border=True):
            st.markdown(f"**Zurückgegeben von der {store.reviewer_role(view.shared).label} – Kommentar:**")
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
    if view.status == Status.RETURNED:
        _reply(actor, view)
    _consents(actor, view)
    _results(view)
    results_display.result_sheet_button(guide, view, view.score, view.answers, key="view.sheet")
    if view.status in REVIEW_STATUSES:
        course_matches.interview_courses(actor, view, "view.courses")
    interview_display.answers(guide, view.answers)
    _history(actor, guide, view)


if __name__ == "__main__":
    render()
