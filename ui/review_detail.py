"""One interview as the counseling office reviews it: answers with their German labels, levels with
explanations, the interviewer's rating and override reason, the recommendation, history with a diff
per revision, possible duplicates at other providers, the comment thread, and the two decisions
"Freigeben" and "Zurückgeben". Approving issues the certificate in the same step when the admin has
switched that on (setting ``auto_issue_on_approve``; the store does it: ``store.approve_and_issue``);
otherwise, and whenever an approved interview has no valid certificate, the page offers
"Bescheinigung jetzt ausstellen" (counselors may issue for every provider,
``store.issuing.issue_certificate``). After "Freigeben" the page offers "Nächstes Interview prüfen"
(the next one of the queue in its current filters and order) and "Zur Prüfliste"; "Zurückgeben"
opens the queue, which offers the next interview there.

Page ``/pruefung?id=N`` (counselors).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import store
from questionnaire import review_hints as hints
from schemas.vocabulary import Action, Literacy, Role, Skill, Status, event_label
from store import issuing, reporting
from ui import course_matches, interview_display, navigation, results_display, review_queue, session
from ui.text import day, escape_markdown, when

ROLES = (Role.COUNSELOR,)
NOTICE = "review.notice"
PDF = "review.certificate_pdf"
AUTO_ISSUE_TEXT = "Freigeben stellt zugleich die Bescheinigung aus."
MANUAL_ISSUE_TEXT = (
    "Die Bescheinigung wird nicht automatisch ausgestellt: Nach dem Freigeben stellen Sie sie hier "
    "mit „Bescheinigung jetzt ausstellen“ aus oder später unter „Bescheinigungen“."
)
ISSUE_BUTTON = "Bescheinigung jetzt ausstellen"
DECIDED = "review.decided"  # id of the interview approved on this page in this session


def _header(view: store.InterviewView) -> None:
    st.title("Interview prüfen")
    learner = view.learner
    st.text(f"{learner.full_name} · geb. {day(learner.birth_date)}")
    st.caption(
        escape_markdown(
            f"Nr. {view.id} · {view.provider_name} · Interviewer/in: {view.interviewer or '–'} · "
            f"Status: {Status.label_of(view.status)} · eingereicht {when(view.submitted_at)} · "
            f"Leitfaden Version {view.guide_version}"
        )
    )
    if view.certificate_number:
        st.caption(escape_markdown(f"Bescheinigung Nr. {view.certificate_number}"))
    if view.resubmitted:
        st.markdown(f":material/replay: **{review_queue.RESUBMITTED}** ({view.submissions}. Einreichung)")


def _assignment(actor: Any, view: store.InterviewView) -> None:
    """Who works on it: "Mir zuweisen" / "Zuweisung aufheben" (``store.assign``)."""
    if view.status != Status.SUBMITTED:
        return
    text_col, button_col = st.columns([3, 1], vertical_alignment="center")
    mine = view.assigned_to_id == actor.id
    text_col.caption(escape_markdown(f"Zugewiesen: {view.assigned_to or 'niemandem'}"))
    label = "Zuweisung aufheben" if mine else "Mir zuweisen"
    if button_col.button(label, key="review.assign", icon=":material/person_pin:"):
        store.assign(actor, view.id, to_me=not mine)
        st.session_state[NOTICE + ".detail"] = "Zuweisung aufgehoben." if mine else "Ihnen zugewiesen."
        st.rerun()


def _results(view: store.InterviewView, guide: Any) -> None:
    score = view.score
    st.subheader("Ergebnis")
    if score is None:
        st.info("Für dieses Interview liegt noch kein Ergebnis vor.")
        return
    labels = score.skill_labels or Skill.labels()
    rows = []
    for skill, level in score.levels.items():
        rows.append(
            {
                "Fertigkeit": labels.get(skill, skill),
                "Ergebnis": level,
                "aus Kann-Aussagen": score.computed.get(skill) or "–",
                "Einschätzung Interviewer/in": score.ratings.get(skill) or "–",
                "Korrektur": score.overrides.get(skill) or "–",
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    unticked = hints.unticked_warning(guide, view.answers, labels)
    if unticked:
        st.warning(unticked, icon=":material/warning:")
    for skill, explanation in score.explanations.items():
        label = labels.get(skill, skill)
        # the engine's explanation starts with the skill's name already ("Hören A2: 5 von 5 …")
        st.text(explanation if str(explanation).startswith(f"{label} ") else f"{label}: {explanation}")
    if score.override_reason:
        st.markdown("**Begründung der Abweichung (Interviewer/in):**")
        st.text(score.override_reason)
    if score.literacy:
        st.markdown("**Alphabetisierung:**")
        st.text(f"{Literacy.label_of(score.literacy)} – {score.literacy_explanation}")
        scripts = results_display.literacy_by_script(guide, view.answers)
        if scripts:
            st.text(f"Je Schrift: {scripts}")
    results_display.show_warnings(score)
    results_display.result_sheet_button(guide, view, score, view.answers, key="review.sheet")
    recommendation = score.recommendation
    if score.placement is not None:  # version 2 on: the rules' placement, and a deviating one with its evidence
        st.markdown("**Kursempfehlung:**")
        st.markdown(results_display.placement_markdown(score))
    elif recommendation is not None:
        st.markdown("**Kursempfehlung:**")
        start = recommendation.start_level
        st.text(recommendation.course_label + (f", Einstieg {start}" if start else "") + f"\n{recommendation.reason}")


def _history(actor: Any, guide: Any, view: store.InterviewView) -> None:
    interview_display.revisions(guide, store.history(actor, view.id))


def _duplicates(actor: Any, view: store.InterviewView) -> None:
    info = store.duplicates_for(actor, view.learner.id)
    if not info.flagged:
        return
    st.subheader("Mögliche Dubletten bei anderen Trägern")
    st.warning(info.message or "Diese Person wurde möglicherweise schon bei einem anderen Träger eingestuft.")
    if info.matches:
        frame = pd.DataFrame(
            [
                {
                    "Träger": m.provider_name,
                    "Name": f"{m.family_name}, {m.given_names}",
                    "Geburtsdatum": day(m.birth_date),
                    "Interviews": ", ".join(map(Status.label_of, m.statuses)) or "–",
                }
                for m in info.matches
            ]
        )
        st.dataframe(frame, hide_index=True, width="stretch")
    if info.hidden_matches:
        st.caption(f"{info.hidden_matches} weitere Treffer ohne Einwilligung in die Weitergabe (nicht angezeigt).")


def _thread(actor: Any, view: store.InterviewView) -> None:
    events = store.review_events(actor, view.id)
    st.subheader(f"Kommentare und Entscheidungen ({len(events)})")
    for event in events:
        with st.container(border=True):
            st.caption(escape_markdown(f"{when(event.at)} · {event_label(event.kind)} · {event.actor}"))
            if event.comment:
                st.text(event.comment)
    with st.form("review.comment_form", clear_on_submit=True):
        text = st.text_area("Kommentar hinzufügen", max_chars=4000, key="review.comment_text")
        if st.form_submit_button("Kommentar speichern"):
            if not (text or "").strip():
                st.error("Kommentar: bitte einen Text eingeben.")
            else:
                store.add_comment(actor, view.id, text)
                st.session_state[NOTICE + ".detail"] = "Kommentar gespeichert."
                st.rerun()


def _issue(actor: Any, interview_id: int, message: str = "") -> None:
    """Issues the certificate now and reruns; when that fails, an approval just given still stands."""
    try:
        certificate, pdf = issuing.issue_certificate(actor, interview_id)
    except store.StoreError as exc:
        if message:
            st.session_state[NOTICE + ".detail"] = message
        st.session_state[NOTICE + ".error"] = f"Bescheinigung nicht ausgestellt: {exc}"
        st.rerun()
    st.session_state[PDF] = (interview_id, certificate.number, pdf)
    st.session_state[NOTICE + ".detail"] = f"{message} Bescheinigung {certificate.number} ausgestellt.".strip()
    st.rerun()


def _approve(actor: Any, view: store.InterviewView) -> None:
    """Approves; the store issues the certificate as well when the setting says so (``approve_and_issue``)."""
    done = store.approve_and_issue(actor, view.id, lock_version=view.lock_version)
    message = f"Interview Nr. {done.interview.id} freigegeben."
    st.session_state[DECIDED] = done.interview.id
    if done.certificate is not None and done.pdf is not None:
        st.session_state[PDF] = (view.id, done.certificate.number, done.pdf)
        message = f"{message} Bescheinigung {done.certificate.number} ausgestellt."
    elif done.issue_error:
        st.session_state[NOTICE + ".error"] = f"Bescheinigung nicht ausgestellt: {done.issue_error}"
    st.session_state[NOTICE + ".detail"] = message
    st.rerun()


def _issue_box(actor: Any, view: store.InterviewView) -> None:
    """Approved, but no valid certificate yet (auto-issue off or failed, or the last one was revoked)."""
    st.subheader("Bescheinigung")
    with st.container(border=True):
        st.markdown("Das Interview ist freigegeben. Eine gültige Bescheinigung ist noch nicht ausgestellt.")
        if st.button(ISSUE_BUTTON, type="primary", key="review.issue", icon=":material/verified:"):
            _issue(actor, view.id)


def _decide(actor: Any, view: store.InterviewView) -> None:
    allowed = store.allowed_actions(actor, view)
    if Action.ISSUE in allowed:
        _issue_box(actor, view)
        return
    if not allowed & {Action.APPROVE, Action.RETURN}:
        st.info(f"Status „{Status.label_of(view.status)}“: hier ist keine Entscheidung offen.")
        return
    st.subheader("Entscheidung")
    approve_col, return_col = st.columns(2)
    with approve_col, st.container(border=True):
        auto = store.get_app_settings().get("auto_issue_on_approve")
        st.caption(AUTO_ISSUE_TEXT if auto else MANUAL_ISSUE_TEXT)
        if st.button("Freigeben", type="primary", key="review.approve", icon=":material/check_circle:"):
            _approve(actor, view)
    with return_col, st.container(border=True):
        comment = st.text_area(
            "Kommentar für die Interviewerin/den Interviewer (Pflicht beim Zurückgeben)",
            key="review.return_comment",
            max_chars=4000,
        )
        if st.button("Zurückgeben", key="review.return", icon=":material/undo:"):
            if not (comment or "").strip():
                st.error("Kommentar: bitte schreiben Sie, was geklärt oder geändert werden soll.")
                return
            store.return_interview(actor, view.id, comment, lock_version=view.lock_version)
            st.session_state.pop("review.return_comment", None)
            st.session_state[NOTICE] = f"Interview Nr. {view.id} an den Träger zurückgegeben."
            st.session_state[review_queue.NEXT_AFTER_KEY] = view.id
            st.switch_page(navigation.page("pruefliste"))


def render() -> None:
    actor = session.require_role(*ROLES)
    st.page_link(navigation.page("pruefliste"), label="Zur Prüfliste", icon=":material/arrow_back:")
    raw = st.query_params.get("id")
    if raw is None or not str(raw).isdigit():
        st.info("Bitte wählen Sie ein Interview in der Prüfliste.")
        return
    for key, show in ((NOTICE + ".detail", st.success), (NOTICE + ".error", st.error)):
        message = st.session_state.pop(key, None)
        if message:
            show(message)
    view = store.get_interview_for(actor, int(raw))
    if st.session_state.get(DECIDED) == view.id:
        review_queue.next_links(actor, view.id, key="review-after", on_review_page=True)
    else:
        st.session_state.pop(DECIDED, None)
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
    guide = reporting.guide_version(actor, view.guide_id, view.guide_version)
    _header(view)
    _assignment(actor, view)
    _decide(actor, view)
    _duplicates(actor, view)
    _results(view, guide)
    course_matches.interview_courses(actor, view, "review.courses", expanded=False)
    interview_display.answers(guide, view.answers)  # one closed box per section: the page stays short
    _history(actor, guide, view)
    _thread(actor, view)


if __name__ == "__main__":
    render()
