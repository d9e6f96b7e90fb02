"""Rules the pages show but do not decide: the consent gate of the interview and the hints about a
skill's self-assessment (for the interviewer's summary and the counseling office's review page).

Computed from a guide and the answers only (no database), so every page and command gets the same
answer; pages display the result. ``quote`` lets a page format the names it puts into a sentence
(Markdown escaping), without the engine knowing about Markdown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from questionnaire import visible_questions
from questionnaire.levels import level_name
from questionnaire.scoring import scoring_tables
from schemas.vocabulary import Skill

CONSENT_QUESTION = "consent_processing"
SHARING_QUESTION = "consent_sharing"
DECISION_SHORT = "festgelegtes Niveau"  # version 2: the level the interviewer sets when list and rating differ
OVERRIDE_SHORT = "abweichende Einstufung"  # the override's label in a skill box: "Hören: abweichende Einstufung …"


def _text(value: Any) -> str:
    """The German text of a guide's translated text (a language → text mapping)."""
    return str(value.get("de") or "") if isinstance(value, dict) else ""


def consent_missing(guide: Any, answers: dict[str, Any]) -> bool:
    """True while the guide asks for consent to processing and it has not been given: the interview's
    other sections stay locked (nothing may be entered about a person who did not consent)."""
    return guide.question(CONSENT_QUESTION) is not None and answers.get(CONSENT_QUESTION) is not True


def consent_section_id(guide: Any) -> str | None:
    """The section with the consent questions (where a locked interview starts): processing consent
    (version 1) or, from version 2 on, where processing rests on its legal basis, the sharing consent."""
    for question_id in (CONSENT_QUESTION, SHARING_QUESTION):
        found = next((s.id for s in guide.sections if any(q.id == question_id for q in s.questions)), None)
        if found is not None:
            return str(found)
    return None


def unticked_skills(guide: Any, answers: dict[str, Any]) -> list[str]:
    """The skills whose shown can-do statements have no tick at all: the self-assessment then yields the
    lowest level, as if it had never been done (the summary and the review page point it out)."""

    visible = {q if isinstance(q, str) else q.id for q in visible_questions(guide, answers)}
    result = []
    for table in scoring_tables(guide).skills:
        shown = [qid for _, ids, _ in table.levels for qid in ids if qid in visible]
        if shown and not any(answers.get(qid) for qid in shown):
            result.append(table.skill)
    return result


def unticked_warning(guide: Any, answers: dict[str, Any], labels: dict[str, str] | None = None) -> str | None:
    """The review page's warning about skills without any tick (None when every skill has ticks)."""
    names = labels or Skill.labels()
    unticked = [names.get(skill, skill) for skill in unticked_skills(guide, answers)]
    if not unticked:
        return None
    return (
        f"Keine Kann-Aussage angekreuzt bei: {', '.join(unticked)}. Das ergibt das niedrigste Niveau – "
        "bitte prüfen, ob die Selbsteinschätzung durchgeführt wurde."
    )


def skill_hints(
    guide: Any,
    answers: dict[str, Any],
    skill: str,
    computed: str | None,
    *,
    nothing_ticked: bool,
    quote: Callable[[str], str] = str,
) -> list[str]:
    """What the interviewer may not notice in a skill box: a self-assessment with no tick at all (it yields
    the lowest level, as if it had never been opened), an override equal to the computed level (it still
    demands a reason), an override without the reason far below, and an own rating that differs from the
    computed level while no override makes it count."""
    scoring = guide.scoring.skills[skill]
    label = quote(_text(scoring.label))
    hints = []
    if nothing_ticked:
        hints.append(
            f"Für {label} ist keine Aussage angekreuzt. Wurde die Selbsteinschätzung durchgeführt? "
            "Sonst ergibt sich das niedrigste Niveau."
        )
    override = level_name(answers.get(scoring.override_question)) if scoring.override_question else None
    rating = level_name(answers.get(scoring.rating_question)) if scoring.rating_question else None
    if override and override == computed:
        hints.append(
            f"Die abweichende Einstufung entspricht dem berechneten Niveau ({computed}). Wenn Sie nicht abweichen "
            "wollen, leeren Sie das Feld (× im Auswahlfeld)."
        )
    reason = guide.scoring.override_reason_question
    if override and reason and guide.question(reason) is not None and not answers.get(reason):
        reason_label = quote(_text(guide.question(reason).label))
        hints.append(f"Bitte begründen Sie die abweichende Einstufung unten im Feld „{reason_label}“.")
    decision_question = getattr(scoring, "decision_question", None)
    decision = answers.get(decision_question) if decision_question else None
    if rating and computed and not override and rating != computed and scoring.override_question:
        hints.append(
            f"Ihre Einschätzung ({rating}) weicht vom berechneten Niveau ({computed}) ab. Soll sie gelten, "
            f"wählen Sie sie unter „{label}: {OVERRIDE_SHORT}“ und begründen Sie das."
        )
    elif rating and computed and rating != computed and decision_question and not decision:
        hints.append(  # version 2: checklist and rating apart, the interviewer decides
            f"Checkliste ({computed}) und Ihre Einschätzung ({rating}) weichen ab. Bitte legen Sie das Niveau unter "
            f"„{label}: {DECISION_SHORT}“ fest und begründen Sie es unten."
        )
    return hints
