"""The wizard's steps: one per guide section, and the summary as the last one.

Sections that hold the scoring questions (interviewer's rating, override, override reason) are not
steps of their own: their questions are asked on the summary, beside the computed levels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# the consent gate is the engine's rule (questionnaire/review_hints.py); the wizard only shows it
from questionnaire.review_hints import CONSENT_QUESTION as CONSENT_QUESTION
from questionnaire.review_hints import SHARING_QUESTION as SHARING_QUESTION
from questionnaire.review_hints import consent_missing as consent_missing
from questionnaire.review_hints import consent_section_id as consent_section_id
from ui.widgets.labels import text_of

SUMMARY = "zusammenfassung"


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

    @property
    def short_title(self) -> str:
        """The chip's title: a can-do step's skill alone ("Hören" for "Selbsteinschätzung: Hören") — five
        chips repeating "Selbsteinschätzung: " filled four lines on a tablet before the first question;
        the step's heading keeps the whole title."""
        return self.title.rsplit(": ", 1)[-1] if self.ticked is not None else self.title

    def label(self, number: int) -> str:
        mark = "✓ " if self.complete and self.required else ""
        count = f" ({self.answered}/{self.required})" if self.required else ""
        if self.ticked is not None:
            count = f" ({self.ticked} angekreuzt)"
        return f"{mark}{number}. {self.short_title}{count}"


def scoring_question_ids(guide: Any) -> list[str]:
    """Rating, override and decision per skill, then the override reason, in the guide's skill order."""
    scoring = guide.scoring
    if scoring is None:
        return []
    ids: list[str] = []
    for skill in scoring.skills.values():
        ids += [q for q in (skill.rating_question, skill.override_question, skill.decision_question) if q]
    if scoring.override_reason_question:
        ids.append(scoring.override_reason_question)
    return ids


def course_override_ids(guide: Any) -> list[str]:
    """The deviating course recommendation's questions (course, start level, reason, evidence; version 2
    on): the summary asks them beside the placement, not among the section's other questions."""
    placement = getattr(guide, "placement", None)
    override = getattr(placement, "override", None) if placement is not None else None
    if override is None:
        return []
    names = ("course_question", "start_level_question", "reason_question", "evidence_question")
    return [qid for qid in (getattr(override, name, None) for name in names) if qid]


# What the steps derive from a guide, per guide object (guides are kept for the process and never
# change): (kind, id of the guide) -> (guide, value); an entry is used only while it is the same object.
_PER_GUIDE: dict[tuple[str, int], tuple[Any, Any]] = {}


def _per_guide(kind: str, guide: Any, build: Callable[[], Any]) -> Any:
    cached = _PER_GUIDE.get((kind, id(guide)))
    if cached is not None and cached[0] is guide:
        return cached[1]
    value = build()
    if len(_PER_GUIDE) > 128:
        _PER_GUIDE.clear()
    _PER_GUIDE[(kind, id(guide))] = (guide, value)
    return value


def summary_section_ids(guide: Any) -> frozenset[str]:
    def build() -> frozenset[str]:
        wanted = set(scoring_question_ids(guide))
        return frozenset(s.id for s in guide.sections if any(q.id in wanted for q in s.questions))

    return _per_guide("summary", guide, build)  # type: ignore[no-any-return]


def guide_sections(guide: Any) -> dict[str, Any]:
    """Each top-level question's section (the summary looks sections up by question on every rerun)."""
    return _per_guide("sections", guide, lambda: {q.id: s for s in guide.sections for q in s.questions})  # type: ignore[no-any-return]


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
