"""The summary step: computed levels with explanations, the interviewer's rating and override,
literacy, course recommendation, notes — and "Einreichen".

Page ``/zusammenfassung?id=N``. The rating/override questions are the guide's own questions, drawn
here beside the computed level instead of in a step of their own.
"""

from __future__ import annotations

import copy
from typing import Any

import streamlit as st

import store
from questionnaire import review_hints as hints
from schemas.score import Score
from schemas.vocabulary import Literacy, Status
from store import errors as store_errors
from ui import course_matches, interview_header, interview_state, navigation, results_display, services, session
from ui.interview_state import WorkingCopy
from ui.steps import (
    SUMMARY,
    consent_missing,
    course_override_ids,
    guide_sections,
    scoring_question_ids,
    summary_section_ids,
)
from ui.text import escape_markdown
from ui.widgets import FieldContext, render_question
from ui.widgets.labels import text_of
from ui.wizard import ROLES, current_steps, open_interview, render_section

OVERRIDE_SHORT = hints.OVERRIDE_SHORT  # the override's label in a skill box: "Hören: abweichende Einstufung …"
DECISION_SHORT = hints.DECISION_SHORT  # version 2: the level the interviewer sets when list and rating differ
OBSERVATION = "observation"  # a skill whose level the interviewer's observation decides (guide: method)
NOT_READY = "Das Interview ist noch nicht vollständig. Bitte ergänzen Sie:"
SUBMITTED = "Das Interview wurde eingereicht. Die Beratungsstelle kann es jetzt prüfen."
SUBMITTED_NOT_SHARED = (
    "Das Interview wurde eingereicht. Die Person hat der Weitergabe an die Beratungsstelle nicht zugestimmt: "
    "die Trägerleitung prüft es (nicht die Person, die es geführt hat) und stellt die Bescheinigung aus."
)
CONFIRM = "Interview jetzt einreichen?"
CONFIRM_AFTER = (
    "Danach sind die Antworten nicht mehr änderbar. Sie können die Einreichung zurückziehen, bis die "
    "prüfende Stelle das Interview öffnet."
)


def _section_of(guide: Any, question_id: str) -> Any:
    return guide_sections(guide)[question_id]


class _SkillBoxContext(FieldContext):
    """A field in a skill box: a short label that still names the skill (the guide's own labels wrap to
    four or five lines on a phone), with the "*" of ``FieldContext.label`` when required now. (No
    ``@dataclass`` here: the page file runs on every rerun, and building a dataclass costs a few tenths of
    a millisecond each time.)"""

    def __init__(self, short_label: str, **fields: Any) -> None:
        super().__init__(**fields)
        self.short_label = short_label

    def label(self, question: Any) -> str:
        return f"{self.short_label} *" if self.required(question) else self.short_label


def _question_widget(
    wc: WorkingCopy,
    guide: Any,
    question_id: str | None,
    visible: frozenset[str],
    first: bool,
    *,
    problems: bool = True,
    label: str | None = None,
) -> None:
    """One of the interviewer's own questions (rating, override, reason), German only: the summary is the
    interviewer's part of the guide, not read by the learner. ``label``: a shorter label than the guide's."""
    if not question_id or guide.question(question_id) is None or question_id not in visible:
        return
    section = _section_of(guide, question_id)
    common = {
        "guide": guide,
        "language": "de",
        "key_prefix": f"{wc.id}.{section.id}",
        "problems": wc.problems if problems else {},
        "answers": wc.answers,
    }
    ctx = _SkillBoxContext(label, **common) if label else FieldContext(**common)
    value = render_question(ctx, guide.question(question_id), wc.answers.get(question_id))
    if not first:
        wc.answers[question_id] = value


def _levels(wc: WorkingCopy, guide: Any, visible: frozenset[str], first: bool) -> Score | None:
    """The five skill boxes; returns the score. Each box's first line (computed level, override,
    explanation, hints) is filled in after all widgets ran, so it already shows this rerun's choice."""
    st.subheader("Niveau je Fertigkeit")
    if guide.scoring is None:
        return _score(wc, guide)
    heads = {}
    for skill, scoring in guide.scoring.skills.items():
        label = text_of(scoring.label)
        # one box per skill, a flex row that wraps: the head takes the whole first line (ui.style.CSS,
        # "skill-" keys), rating and override stand side by side below it (one above the other on a
        # narrow screen), their messages under them; the select boxes line up at the bottom even when one
        # label wraps to more lines than the other
        with st.container(border=True, horizontal=True, vertical_alignment="bottom", key=f"skill-{skill}"):
            heads[skill] = st.container()  # not st.empty: the head stays shown until it is filled
            fields = _box_fields(scoring, label)
            # the decision appears as soon as checklist and rating differ (its condition, evaluated live)
            shown = services.visible_ids(guide, wc.answers) if scoring.decision_question else visible
            for question_id, short_label in fields:
                _question_widget(wc, guide, question_id, shown, first, problems=False, label=short_label)
            for question_id, short_label in fields:
                message = wc.problems.get(question_id) if question_id in shown else None
                if message:  # under the row of fields: the message names its field
                    st.error(f"„{short_label}“: {message}", icon=":material/error:")
    # the reason appears as soon as an override is chosen (its condition, evaluated live)
    reason = guide.scoring.override_reason_question
    _question_widget(wc, guide, reason, services.visible_ids(guide, wc.answers), first)
    score = _score(wc, guide)
    unticked = set(hints.unticked_skills(guide, wc.answers))
    for skill, scoring in guide.scoring.skills.items():
        computed = score.computed.get(skill, "–") if score else "–"
        final = score.levels.get(skill, computed) if score else computed
        explanation = score.explanations.get(skill) if score else None
        label = text_of(scoring.label)
        if explanation and explanation.startswith(f"{label} "):
            explanation = explanation[len(label) + 1 :]  # "Hören B1: …" under the heading "Hören: …"
        lines = [_head(scoring, label, computed, final)]
        if explanation:
            lines.append(escape_markdown(explanation))
        known = computed if score else None
        found = hints.skill_hints(
            guide, wc.answers, skill, known, nothing_ticked=skill in unticked, quote=escape_markdown
        )
        lines += [f"⚠ {hint}" for hint in found]  # a character screen readers name in their own language
        heads[skill].markdown("  \n".join(lines))
    return score


def _box_fields(scoring: Any, label: str) -> list[tuple[str, str]]:
    """The interviewer's fields of one skill box with their short labels: the rating (for speaking the
    observation, which decides), then an override (version 1) or the decision (version 2)."""
    observed = getattr(scoring, "method", None) == OBSERVATION
    rating = f"{label}: Ihre Beobachtung im Gespräch (entscheidet)" if observed else f"{label}: Ihre Einschätzung"
    fields = [(scoring.rating_question, rating)]
    if scoring.override_question:
        fields.append((scoring.override_question, f"{label}: {OVERRIDE_SHORT} (nur mit Begründung)"))
    if getattr(scoring, "decision_question", None):
        fields.append((scoring.decision_question, f"{label}: {DECISION_SHORT} (nur mit Begründung)"))
    return [(qid, short) for qid, short in fields if qid]


def _head(scoring: Any, label: str, computed: str, final: str) -> str:
    """The first line of a skill box: what the level rests on. Version 1 and checklist skills: the
    computed level (and a deviating final one); speaking in version 2: the observation decides."""
    if getattr(scoring, "method", None) == OBSERVATION:
        return f"**{label}: {final}** (Beobachtung im Gespräch entscheidet; Checkliste: {computed})"
    if getattr(scoring, "decision_question", None):
        decided = f" · festgelegt: {final}" if final != computed else ""
        return f"**{label}: Checkliste {computed}{decided}**"
    decided = f" · abweichend festgelegt: {final}" if final != computed else ""
    return f"**{label}: berechnet {computed}{decided}**"


def _score(wc: WorkingCopy, guide: Any) -> Score | None:
    """The score of the answers so far, computed again only when an answer changed."""
    cached = wc.score_cache
    if cached is not None and cached[0] == wc.answers:
        return cached[1]
    score, _ = services.draft_score(guide, wc.answers)
    wc.score_cache = (copy.deepcopy(wc.answers), score)
    return score


OVERRIDE_BOX = "Abweichende Kursempfehlung"
OVERRIDE_BOX_HELP = (
    "Nur wenn Sie von der Empfehlung der Regeln abweichen: Kurs, Begründung und worauf sie beruht "
    "(Beobachtung, Zertifikat, Einstufungstest, Schreibprobe). Die Beratungsstelle sieht beides."
)


def _placement(wc: WorkingCopy, guide: Any, score: Score | None, first: bool) -> None:
    """Version 2 on: literacy per script, the placement of the rules (course, start level, formats,
    reasons, rule), the fields of a deviating recommendation, and the warnings."""
    if score is None or score.literacy is None:
        literacy = "Noch kein Ergebnis – dafür fehlen Angaben zu Schrift und Alphabetisierung."
    else:
        literacy = f"**{Literacy.label_of(score.literacy)}**  \n{escape_markdown(score.literacy_explanation or '')}"
    scripts = results_display.literacy_by_script(guide, wc.answers)
    if scripts:
        literacy += f"  \nJe Schrift: {escape_markdown(scripts)}"
    course = results_display.placement_markdown(score) or "Noch keine Empfehlung – es fehlen Angaben."
    st.markdown(f"### Alphabetisierung\n\n{literacy}\n\n### Kursempfehlung\n\n{course}")
    ids = course_override_ids(guide)
    if ids:
        with st.container(border=True, key="course-override"):
            st.markdown(f"**{OVERRIDE_BOX}**")
            st.caption(OVERRIDE_BOX_HELP)
            for question_id in ids:  # reason and evidence appear once a course is chosen
                _question_widget(wc, guide, question_id, services.visible_ids(guide, wc.answers), first)
    results_display.show_warnings(score)
    results_display.result_sheet_button(guide, wc.interview, score, wc.answers, key=f"{wc.id}.__sheet")


def _results(score: Score | None) -> None:
    """Literacy and course recommendation: one Markdown block with two headings (version 1)."""
    if score is None or score.literacy is None:
        literacy = "Noch kein Ergebnis – dafür fehlen Angaben zu Schrift und Alphabetisierung."
    else:
        label = Literacy.label_of(score.literacy)
        literacy = f"**{label}**  \n{escape_markdown(score.literacy_explanation or '')}"
    recommendation = score.recommendation if score else None
    if recommendation is None:
        course = "Noch keine Empfehlung – es fehlen Angaben."
    else:
        start = f", Einstieg {recommendation.start_level}" if recommendation.start_level else ""
        course_label = escape_markdown(recommendation.course_label)
        course = f"**{course_label}{start}**  \n{escape_markdown(recommendation.reason)}"
    st.markdown(f"### Alphabetisierung\n\n{literacy}\n\n### Kursempfehlung\n\n{course}")


def _problem_list(actor: Any, wc: WorkingCopy, guide: Any, problems: dict[str, str]) -> None:
    """What keeps "Einreichen" back, at the top of the page in page order (the steps, then the summary:
    the skill boxes first), each item with a link to its step."""
    order = _page_order(guide)
    on_this_page = set(summary_section_ids(guide))
    with st.container(border=True, key=f"{wc.id}.__missing"):
        st.error(NOT_READY, icon=":material/error:")
        for n, (qid, message) in enumerate(
            sorted(problems.items(), key=lambda item: order.get(interview_state.top_level(item[0]), len(order)))
        ):
            question = guide.question(interview_state.top_level(qid))
            if question is None:
                st.markdown(f"- {escape_markdown(message)}")
                continue
            section = _section_of(guide, question.id)
            name = text_of(question.label)
            # "Frage?: Bitte …" reads as a typo: after a label's own punctuation a dash
            separator = " – " if name.endswith(("?", "!", ":", ".")) else ": "
            title = text_of(section.title)
            text_col, link_col = st.columns([4, 1], vertical_alignment="center")
            text_col.markdown(
                f"- {escape_markdown(title)} › {escape_markdown(name)}{separator}{escape_markdown(message)}"
            )
            if section.id in on_this_page:
                link_col.caption("auf dieser Seite")
            elif link_col.button(f"Zu „{title}“", key=f"{wc.id}.__missing.{n}", icon=":material/arrow_forward:"):
                st.session_state.pop(f"{wc.id}.__submit_problems", None)
                interview_header.move_to(actor, wc, section.id)


def _page_order(guide: Any) -> dict[str, int]:
    """Each top-level question's place in the wizard: the steps' questions, then the summary's."""
    summary = summary_section_ids(guide)
    scoring = scoring_question_ids(guide)
    ids = [q.id for s in guide.sections if s.id not in summary for q in s.questions] + scoring
    ids += [q.id for s in guide.sections if s.id in summary for q in s.questions if q.id not in scoring]
    return {qid: index for index, qid in enumerate(ids)}


REPLY_LABEL = "Antwort an die Beratungsstelle (freiwillig)"
REPLY_HELP = "Was Sie nach dem Kommentar der Beratungsstelle geändert oder geklärt haben; sie sieht es bei der Prüfung."


def _submit(actor: Any, wc: WorkingCopy, guide: Any, reply: str | None = None) -> None:
    if not interview_state.save(actor, wc, section=SUMMARY, force=True) and wc.conflict is not None:
        st.rerun()
    try:
        submitted = store.submit(actor, wc.id, wc.interview.lock_version, comment=reply)
    except store_errors.Conflict as exc:
        wc.conflict = interview_state.Conflict(exc.changed_by, exc.changed_at, dict(wc.answers), dict(wc.saved))
        st.rerun()
    except Exception as exc:
        problems = services.problems_of(exc)
        if not problems:
            raise
        wc.problems = problems
        st.session_state[f"{wc.id}.__submit_problems"] = problems
        st.rerun()
    interview_state.drop(wc.id)
    st.session_state.pop(f"{wc.id}.__submit_problems", None)
    st.session_state["view.notice"] = SUBMITTED if submitted.learner.sharing_consent else SUBMITTED_NOT_SHARED
    st.switch_page(navigation.page("ansicht"), query_params={"id": str(wc.id)})


PROVISIONAL = (
    "Vorläufiges Ergebnis: In {steps} fehlen noch Pflichtangaben. Niveaus, Alphabetisierung und "
    "Kursempfehlung können sich noch ändern, bis alles beantwortet ist."
)


def _provisional(steps: list[Any]) -> None:
    """Results shown before their inputs are answered look final: say which steps are still open (their
    answers feed the levels, the literacy and the course) until every step is complete."""
    open_steps = [s for s in steps if s.id != SUMMARY and not s.complete]
    if open_steps:
        names = ", ".join(f"„{s.title}“" for s in open_steps)
        st.warning(PROVISIONAL.format(steps=names), icon=":material/pending:")


def render() -> None:
    actor = session.require_role(*ROLES)
    wc = open_interview(actor)
    if wc is None:
        return
    guide = services.guide_for(wc.interview)
    head = interview_header.header(wc, guide)
    interview_header.conflict_panel(actor, wc, guide)
    visible = services.visible_ids(guide, wc.answers)
    if consent_missing(guide, wc.answers):
        interview_header.go_to(wc, current_steps(guide, interview_state.accepted_answers(wc))[0].id)
    # progress and step chips: drawn after the page's widgets (see ui/wizard.py), shown above them
    nav_slot = st.container()  # not st.empty: the chips stay shown until this rerun draws them

    # kept while the page is open (its links must still exist when clicked); dropped on leaving by a link
    submit_problems = st.session_state.get(f"{wc.id}.__submit_problems")
    if submit_problems:
        _problem_list(actor, wc, guide, submit_problems)

    first = interview_state.enter_step(wc, SUMMARY)
    head.scroll_to_top = first
    score = _levels(wc, guide, visible, first)
    _provisional(current_steps(guide, interview_state.accepted_answers(wc)))
    if getattr(guide, "placement", None) is not None:
        _placement(wc, guide, score, first)
    else:
        _results(score)
    course_matches.draft_matches(actor, score, wc.answers)
    skip = set(scoring_question_ids(guide)) | set(course_override_ids(guide))
    summary_sections = summary_section_ids(guide)
    for section in guide.sections:
        if section.id in summary_sections:
            render_section(wc, guide, section, skip=skip, first=first, language="de")

    all_steps = current_steps(guide, interview_state.accepted_answers(wc))
    with nav_slot:
        chosen = interview_header.step_nav(head, wc, all_steps, SUMMARY, locked=False)
    if chosen != SUMMARY:
        interview_header.move_to(actor, wc, chosen)

    reply = None
    if wc.interview.status == Status.RETURNED:
        reply = st.text_area(REPLY_LABEL, key=f"{wc.id}.__reply", max_chars=2000, help=REPLY_HELP)
    row = st.container(horizontal=True, horizontal_alignment="distribute")  # one flex row, not 3 columns
    if row.button("Zurück", key=f"{wc.id}.__back", icon=":material/arrow_back:"):
        interview_header.move_to(actor, wc, all_steps[-2].id)
    saving = row.button("Entwurf speichern", key=f"{wc.id}.__save", icon=":material/save:")
    if saving and interview_state.save(actor, wc, section=SUMMARY, force=True):
        wc.notice = interview_header.SAVED
        st.rerun()
    confirming = f"{wc.id}.__confirm"
    if row.button("Einreichen", type="primary", key=f"{wc.id}.__submit", icon=":material/send:"):
        st.session_state[confirming] = True
    if st.session_state.get(confirming):
        with st.container(border=True, key=f"{wc.id}.__confirm_box"):
            st.markdown(f"**{CONFIRM}**")
            reviewer = store.reviewer_role(bool(wc.interview.shared)).label
            st.text(f"Prüfung durch die {reviewer}. {CONFIRM_AFTER}")
            yes, no = st.columns(2)
            if yes.button("Ja, einreichen", type="primary", key=f"{wc.id}.__submit_confirmed", icon=":material/send:"):
                st.session_state.pop(confirming, None)
                _submit(actor, wc, guide, reply)
            if no.button("Abbrechen", key=f"{wc.id}.__submit_cancel"):
                st.session_state.pop(confirming, None)
                st.rerun()

    interview_state.autosave(actor, wc, SUMMARY)


if __name__ == "__main__":
    render()
