"""The wizard's steps: one per guide section, and the summary as the last one.

Sections that hold the scoring questions (interviewer's rating, override, override reason) are not
steps of their own: their questions are asked on the summary, beside the computed levels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ui.widgets.labels import text_of

SUMMARY = "zusammenfassung"
CONSENT_QUESTION = "consent_processing"


@dataclass(frozen=True)
class Step:
    id: str  # section id, or SUMMARY
    title: str
    answered: int
    required: int
    ticked: int | None = None  # can-do sections: statements ticked so far

    @property
    def complete(self) -> bool:
        return self.answered >= self.required

    def label(self, number: int) -> str:
        mark = "✓ " if self.complete and self.required else ""
        count = f" ({self.answered}/{self.required})" if self.required else ""
        if self.ticked is not None:
            count = f" ({self.ticked} angekreuzt)"
        return f"{mark}{number}. {self.title}{count}"


def scoring_question_ids(guide: Any) -> list[str]:
    """Rating and override per skill, then the override reason, in the guide's skill order."""
    scoring = guide.scoring
    if scoring is None:
        return []
    ids: list[str] = []
    for skill in scoring.skills.values():
        ids += [q for q in (skill.rating_question, skill.override_question) if q]
    if scoring.override_reason_question:
        ids.append(scoring.override_reason_question)
    return ids


# Per guide object (guides are kept for the process and never change): id -> (guide, section ids).
_SUMMARY_SECTIONS: dict[int, tuple[Any, frozenset[str]]] = {}


def summary_section_ids(guide: Any) -> frozenset[str]:
    cached = _SUMMARY_SECTIONS.get(id(guide))
    if cached is not None and cached[0] is guide:
        return cached[1]
    wanted = set(scoring_question_ids(guide))
    ids = frozenset(s.id for s in guide.sections if any(q.id in wanted for q in s.questions))
    if len(_SUMMARY_SECTIONS) > 64:
        _SUMMARY_SECTIONS.clear()
    _SUMMARY_SECTIONS[id(guide)] = (guide, ids)
    return ids


# Per guide object: question id -> its section (the summary looks sections up by question on every rerun).
_SECTION_OF: dict[int, tuple[Any, dict[str, Any]]] = {}


def guide_sections(guide: Any) -> dict[str, Any]:
    """Each top-level question's section (guides are kept for the process and never change)."""
    cached = _SECTION_OF.get(id(guide))
    if cached is not None and cached[0] is guide:
        return cached[1]
    table = {q.id: s for s in guide.sections for q in s.questions}
    if len(_SECTION_OF) > 64:
        _SECTION_OF.clear()
    _SECTION_OF[id(guide)] = (guide, table)
    return table


def steps(
    guide: Any,
    visible: set[str] | frozenset[str],
    progress: dict[str, tuple[int, int]],
    values: dict[str, Any] | None = None,
) -> list[Step]:
    summary_sections = summary_section_ids(guide)
    result = []
    summary_answered = summary_required = 0
    for section in guide.sections:
        answered, required = progress.get(section.id, (0, 0))
        if section.id in summary_sections:
            summary_answered += answered
            summary_required += required
            continue
        if not any(q.id in visible for q in section.questions):
            continue  # the whole section is hidden by its conditions
        ticked = None
        if values is not None and all(q.type in ("can_do", "note") for q in section.questions):
            ticked = sum(len(values.get(q.id) or []) for q in section.questions if q.type == "can_do")
        result.append(Step(section.id, text_of(section.title), answered, required, ticked))
    result.append(Step(SUMMARY, "Zusammenfassung", summary_answered, summary_required))
    return result


def consent_missing(guide: Any, values: dict[str, Any]) -> bool:
    """True while the guide asks for processing consent and it has not been given."""
    return guide.question(CONSENT_QUESTION) is not None and values.get(CONSENT_QUESTION) is not True


def consent_section_id(guide: Any) -> str | None:
    return next((s.id for s in guide.sections if any(q.id == CONSENT_QUESTION for q in s.questions)), None)
