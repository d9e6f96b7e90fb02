"""Scoring: the level per skill (questionnaire.skill_levels), the literacy result and the course.

Guides with a ``placement`` block (version 2 on) take the course from the placement: answers ->
facts (questionnaire.facts) -> placement (questionnaire.placement); ``Score.placement`` holds it,
``Score.recommendation`` repeats it for the pages (or holds the counselor's override with its reason
and evidence), ``Score.warnings`` lists what to look at again. Guides without one (version 1) use
their ``recommendations`` rules exactly as before. Everything is driven by the guide's data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from questionnaire.checklists import ChecklistTable, checklist_tables, reached, threshold_of
from questionnaire.conditions import Computed, Predicate, compile_condition, level_subject
from questionnaire.facts import facts_of
from questionnaire.interview_warnings import evaluate
from questionnaire.levels import LEVELS, level_name
from questionnaire.placement import place, placement_tables
from questionnaire.skill_levels import SkillResult, percent, skill_results
from questionnaire.validation import validate_answers
from schemas.answers import Answers
from schemas.guide import Guide, LevelRef, MultiChoiceQuestion
from schemas.placement import Placement
from schemas.score import Recommendation, Score

__all__ = ["percent", "reached", "score", "scoring_tables"]


@dataclass(frozen=True)
class ScoringTables:
    skills: tuple[ChecklistTable, ...]  # the scored skills' can-do lists, in the guide's skill order
    literacy: tuple[tuple[Predicate, str, str], ...]  # (when, result, explanation)
    recommendations: tuple[tuple[Predicate, str, Any, str, str], ...]  # (when, rule id, start, course, reason)
    course_labels: dict[str, str]


def scoring_tables(guide: Guide) -> ScoringTables:
    """Built once per guide and cached beside the answer model."""
    tables = guide.artefacts.get("scoring")
    if tables is None:
        lists = checklist_tables(guide)
        scored = guide.scoring.skills if guide.scoring else {}
        tables = ScoringTables(
            skills=tuple(lists.get(skill, ChecklistTable(skill, ())) for skill in scored),
            literacy=tuple(
                (compile_condition(r.when, guide), r.result, guide.text(r.explanation)) for r in guide.literacy
            ),
            recommendations=tuple(
                (compile_condition(r.when, guide), r.id, r.start_level, r.course, guide.text(r.reason))
                for r in guide.recommendations
            ),
            course_labels={c.value: guide.text(c.label) for c in guide.course_types},
        )
        guide.artefacts["scoring"] = tables
    return tables


def _recommendation(tables: ScoringTables, values: Mapping[str, Any], context: Computed) -> Recommendation | None:
    """Version 1: the first recommendation rule that holds."""
    for when, rule_id, start, course, reason in tables.recommendations:
        if when(values, context):
            if isinstance(start, LevelRef):
                start_rank = level_subject(context.levels, start.level)
                start_level = LEVELS[start_rank] if start_rank is not None else None
            else:
                start_level = level_name(start)
            return Recommendation(
                rule_id=rule_id,
                course=course,
                course_label=tables.course_labels.get(course, course),
                start_level=start_level,
                reason=reason,
            )
    return None


def _from_placement(guide: Guide, placement: Placement, values: Mapping[str, Any]) -> Recommendation:
    """The placement as the pages' recommendation, or the override the interview records."""
    labels = placement_tables(guide).course_labels
    override = guide.placement.override if guide.placement else None
    course = values.get(override.course_question) if override else None
    if override is None or not course:
        return Recommendation(
            rule_id=placement.rule_id,
            course=placement.course.value,
            course_label=labels.get(placement.course.value, placement.course.label),
            start_level=placement.start_level.label,
            reason=" ".join(placement.reasons),
        )
    start = level_name(values.get(override.start_level_question)) if override.start_level_question else None
    reason = f"Abweichend von der Regel „{placement.rule_id}“ festgelegt: {values.get(override.reason_question, '')}"
    evidence_q = guide.question(override.evidence_question) if override.evidence_question else None
    evidence = values.get(override.evidence_question) if override.evidence_question else None
    if isinstance(evidence_q, MultiChoiceQuestion) and evidence:
        names = {c.value: guide.text(c.label) for c in guide.choices_of(evidence_q)}
        reason += " (Nachweis: " + ", ".join(names.get(e, e) for e in evidence) + ")"
    return Recommendation(
        rule_id="override",
        course=course,
        course_label=labels.get(course, course),
        start_level=start or placement.start_level.label,
        reason=reason.rstrip() + ("" if reason.rstrip().endswith((".", ")")) else "."),
    )


def score(guide: Guide, answers: Answers | Mapping[str, Any], today: dt.date | None = None) -> Score:
    """Levels, literacy and recommendation of one interview (answers of this guide version). ``today``:
    the day an age is counted to when the guide has no ``interview_date`` answer (default: now)."""
    if not isinstance(answers, Answers):
        answers = validate_answers(guide, answers)
    if (answers.guide_id, answers.guide_version) != (guide.id, guide.version):
        raise ValueError(
            f"Die Antworten gehören zum Leitfaden {answers.guide_id} v{answers.guide_version}, "
            f"nicht zu {guide.id} v{guide.version}."
        )
    tables = scoring_tables(guide)
    values = answers.values
    reason_q = guide.scoring.override_reason_question if guide.scoring else None
    results: list[SkillResult] = skill_results(guide, values)
    ranks = {r.skill: r.rank for r in results}
    context = Computed(levels=ranks, today=today)
    literacy, literacy_explanation = None, "Keine Regel zur Schriftsprachkompetenz traf zu."
    for when, result, explanation in tables.literacy:
        if when(values, context):
            literacy, literacy_explanation = result, explanation
            break
    context.literacy = literacy
    placement = None
    warnings: list[str] = []
    recommendation: Recommendation | None = None
    if guide.placement is not None:
        try:
            placement = place(guide, facts_of(guide, values, results, today))
        except ValidationError:  # a draft without the answers the facts need (no date of birth yet)
            warnings = evaluate(guide, values, [r for r in results if r.answered], today, True)
        else:
            warnings = list(dict.fromkeys([*placement.warnings, *evaluate(guide, values, results, today, False)]))
            recommendation = _from_placement(guide, placement, values)
    else:
        recommendation = _recommendation(tables, values, context)
    return Score(
        guide_id=guide.id,
        guide_version=guide.version,
        threshold=threshold_of(guide),
        skill_labels={r.skill: r.label for r in results},
        levels={r.skill: LEVELS[r.rank] for r in results},
        computed={r.skill: r.computed for r in results},
        ratings={r.skill: r.rating for r in results},
        overrides={r.skill: r.change for r in results},
        override_reason=values.get(reason_q) if reason_q else None,
        explanations={r.skill: r.explanation for r in results},
        checks={r.skill: r.checks for r in results},
        literacy=literacy,
        literacy_explanation=literacy_explanation,
        recommendation=recommendation,
        placement=placement,
        warnings=warnings,
    )
