"""The interview wizard: one guide section per step, every answer saved as a draft at once.

Page ``/interview?id=N``. The answers of the interview live in the session's working copy (non-widget
keys) and in the store; widget keys are ``f"{interview_id}.{section_id}.{question_id}"``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import store
from schemas.vocabulary import PROVIDER_ROLES
from ui import interview_header, interview_state, navigation, services, session
from ui.interview_state import WorkingCopy
from ui.steps import CONSENT_QUESTION, SUMMARY, consent_missing, consent_section_id, steps, summary_section_ids
from ui.widgets import FieldContext, render_question
from ui.widgets.labels import section_help_html, text_of

ROLES = PROVIDER_ROLES
SECTION_INCOMPLETE = (
    "Bitte ergänzen oder korrigieren Sie die markierten Angaben. Der Entwurf ist gespeichert; Sie können auch über die "
    "Abschnitte oben später weitermachen."
)
DISCARDED = "Der Entwurf wurde gelöscht."
DISCARDED_ALL = "Der Entwurf und die Angaben zur Person wurden gelöscht."
CONSENT_FIRST = (
    "Ohne Einwilligung in die Datenverarbeitung dürfen keine weiteren persönlichen Daten erfasst werden. "
    "Bitte klären Sie zuerst die Einwilligung."
)


def open_interview(actor: Any) -> WorkingCopy | None:
    """The interview named by ``?id=``, or None after telling the user what to do."""
    interview_id = interview_state.interview_id_from_query()
    if interview_id is None:
        st.info("Bitte wählen Sie ein Interview auf der Startseite oder beginnen Sie ein neues.")
        st.page_link(navigation.page("start"), label="Zur Startseite", icon=":material/home:")
        return None
    wc = interview_state.load(actor, interview_id)
    if not wc.editable(actor):
        st.info("Dieses Interview ist eingereicht und kann nicht mehr bearbeitet werden.")
        st.page_link(navigation.page("ansicht"), label="Interview ansehen", query_params={"id": str(interview_id)})
        return None
    return wc


def render_section(
    wc: WorkingCopy,
    guide: Any,
    section: Any,
    *,
    skip: set[str] | None = None,
    first: bool = False,
    language: str | None = None,
) -> None:
    """Draws a section's visible questions and copies their values into the working copy (not on the
    ``first`` rerun of a step, see ``interview_state.enter_step``). ``language`` overrides the
    learner's language (the summary shows the interviewer's own questions in German only).

    Visibility is re-evaluated from the current answers on every rerun, so a condition shows or hides
    a question as soon as the answer it depends on changes."""
    language = language or wc.interview.learner_language
    st.subheader(text_of(section.title), anchor=False)  # no link icon: nobody links to a step's heading
    below = section_help_html(section.title, section.help, language)
    if below:
        st.html(below)
    ctx = FieldContext(
        guide=guide,
        language=language,
        key_prefix=f"{wc.id}.{section.id}",
        problems=wc.problems,
        answers=wc.answers,
    )
    visible = services.visible_ids(guide, wc.answers)
    for question in section.questions:
        if (skip and question.id in skip) or question.id not in visible:
            continue
        before = wc.answers.get(question.id)
        value = render_question(ctx, question, before)
        if not first and question.type != "note" and value != before:
            wc.answers[question.id] = value
            # a later question of this section may depend on this answer
            visible = services.visible_ids(guide, wc.answers)


def section_problems(guide: Any, values: dict[str, Any], question_ids: set[str]) -> dict[str, str]:
    """Full validation, restricted to the questions of one step (required answers, constraints)."""
    from questionnaire import AnswerError, validate_answers

    try:
        validate_answers(guide, {k: v for k, v in values.items() if v is not None}, partial=False)
    except AnswerError as exc:
        return {
            qid: msg for qid, msg in services.problems_of(exc).items() if interview_state.top_level(qid) in question_ids
        }
    return {}


def _end_without_consent(actor: Any, wc: WorkingCopy) -> None:
    """No consent to the processing of personal data: end here and delete what was entered."""
    with st.container(border=True):
        st.markdown("**Gespräch ohne Einwilligung beenden**")
        st.caption(
            "Löscht diesen Entwurf. Hat die Person bei Ihrem Träger kein weiteres Interview, werden auch Name, "
            "Geburtsdatum und Einwilligungen gelöscht."
        )
        sure = st.checkbox("Ja, Entwurf und Angaben zur Person löschen", key=f"{wc.id}.__discard_sure")
        if st.button("Gespräch beenden und löschen", key=f"{wc.id}.__discard", disabled=not sure, type="primary"):
            erased = store.discard_draft(actor, wc.id, wc.interview.lock_version)
            interview_state.drop(wc.id)
            session.notify(DISCARDED_ALL if erased else DISCARDED)
            st.switch_page(navigation.page("start"))


def current_steps(guide: Any, answers: dict[str, Any]) -> list[Any]:
    """The steps with their completion for the answers as they are now."""
    visible = services.visible_ids(guide, answers)
    return steps(guide, visible, services.progress(guide, answers), answers)


def render() -> None:
    actor = session.require_role(*ROLES)
    wc = open_interview(actor)
    if wc is None:
        return
    guide = services.guide_for(wc.interview)
    head = interview_header.header(wc, guide)
    interview_header.conflict_panel(actor, wc, guide)

    all_steps = current_steps(guide, interview_state.accepted_answers(wc))
    locked = consent_missing(guide, wc.answers)
    current: str = str(wc.section) if any(s.id == wc.section for s in all_steps) else all_steps[0].id
    if wc.section in summary_section_ids(guide):
        current = SUMMARY  # saved while on the summary (the sections it shows are not steps of their own)
    if current == SUMMARY:
        interview_header.go_to(wc, SUMMARY)
    if locked:
        current = consent_section_id(guide) or current
    # Progress and step chips stand above the section but are drawn after it: their counts then include
    # this rerun's answer, and a chip clicked right after typing (one rerun carries both) moves on only
    # after the typed value is in the working copy and saved.
    nav_slot = st.container()  # not st.empty: the chips stay shown until this rerun draws them

    section = next(s for s in guide.sections if s.id == current)
    first = interview_state.enter_step(wc, current)
    head.scroll_to_top = first
    render_section(wc, guide, section, first=first)

    all_steps = current_steps(guide, interview_state.accepted_answers(wc))
    still_locked = consent_missing(guide, wc.answers)  # consent given in this rerun unlocks the chips at once
    with nav_slot:
        chosen = interview_header.step_nav(head, wc, all_steps, current, locked=still_locked)
    if still_locked and wc.answers.get(CONSENT_QUESTION) is not False:
        st.warning(CONSENT_FIRST)  # after a "Nein" the field's message and "Gespräch beenden" say it
    if chosen != current:
        interview_header.move_to(actor, wc, chosen)

    question_ids = {q.id for q in section.questions}
    refused_consent = current == consent_section_id(guide) and wc.answers.get(CONSENT_QUESTION) is False
    if refused_consent:
        _end_without_consent(actor, wc)
    elif interview_state.refused_ids(wc) & question_ids:
        st.error(SECTION_INCOMPLETE)
    ids = [s.id for s in all_steps]
    index = ids.index(current) if current in ids else 0
    row = st.container(horizontal=True, horizontal_alignment="distribute")  # one flex row, not 3 columns
    if row.button("Zurück", disabled=index == 0, key=f"{wc.id}.__back", icon=":material/arrow_back:"):
        interview_header.move_to(actor, wc, all_steps[index - 1].id)
    saving = row.button("Entwurf speichern", key=f"{wc.id}.__save", icon=":material/save:")
    if saving and interview_state.save(actor, wc, section=current, force=True):
        wc.notice = interview_header.SAVED
        st.rerun()
    if row.button("Weiter", type="primary", key=f"{wc.id}.__next"):
        interview_state.save(actor, wc, section=current, force=True)
        problems = section_problems(guide, wc.answers, question_ids)
        # only this step's own answers hold "Weiter" back (a refused value elsewhere keeps its message there)
        ok = wc.conflict is None and not problems and not interview_state.refused_ids(wc) & question_ids
        if ok and not (locked and consent_missing(guide, wc.answers)):
            interview_header.move_to(actor, wc, all_steps[index + 1].id)
        wc.problems = {**wc.problems, **problems}
        st.rerun()

    interview_state.autosave(actor, wc, current)


if __name__ == "__main__":
    render()
