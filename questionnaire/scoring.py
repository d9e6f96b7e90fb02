"""Scoring: CEFR level per skill from the can-do answers (cumulative threshold rule), the
interviewer's rating and override beside it, the literacy result and the course recommendation —
all driven by the guide's data, each value with its German explanation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from questionnaire.conditions import Computed, Predicate, compile_condition, level_subject
from questionnaire.levels import level_name, level_rank, name_of_rank
from questionnaire.validation import validate_answers
from schemas.answers import Answers
from schemas.guide import CanDoQuestion, Guide, LevelRef
from schemas.score import LevelCheck, Recommendation, Score
from schemas.vocabulary import Level


@dataclass(frozen=True)
class SkillTable:
    skill: str
    label: str
    levels: tuple[tuple[int, tuple[str, ...], int], ...]  # (level rank, can_do question ids, statements), A1 up
    rating_question: str | None
    override_question: str | None


@dataclass(frozen=True)
class ScoringTables:
    threshold: float
    skills: tuple[SkillTable, ...]
    override_reason_question: str | None
    literacy: tuple[tuple[Predicate, str, str], ...]  # (when, result, explanation)
    recommendations: tuple[tuple[Predicate, str, Any, str, str], ...]  # (when, rule id, start, course, reason)
    course_labels: dict[str, str]


def scoring_tables(guide: Guide) -> ScoringTables:
    """Built once per guide and cached beside the answer model."""
    tables = guide.artefacts.get("scoring")
    if tables is None:
        tables = _build(guide)
        guide.artefacts["scoring"] = tables
    return tables


def _build(guide: Guide) -> ScoringTables:
    by_skill: dict[str, dict[int, list[CanDoQuestion]]] = {}
    for _, question in guide.questions():
        if isinstance(question, CanDoQuestion):
            rank = level_rank(question.level)
            if rank is not None:
                by_skill.setdefault(question.skill, {}).setdefault(rank, []).append(question)
    skills = []
    scoring = guide.scoring
    if scoring is not None:
        for skill, conf in scoring.skills.items():
            levels = tuple(
                (rank, tuple(q.id for q in qs), sum(len(q.statements) for q in qs))
                for rank, qs in sorted(by_skill.get(skill, {}).items())
            )
            skills.append(
                SkillTable(skill, guide.text(conf.label), levels, conf.rating_question, conf.override_question)
            )
    return ScoringTables(
        threshold=scoring.threshold if scoring else 0.8,
        skills=tuple(skills),
        override_reason_question=scoring.override_reason_question if scoring else None,
        literacy=tuple((compile_condition(r.when, guide), r.result, guide.text(r.explanation)) for r in guide.literacy),
        recommendations=tuple(
            (compile_condition(r.when, guide), r.id, r.start_level, r.course, guide.text(r.reason))
            for r in guide.recommendations
        ),
        course_labels={c.value: guide.text(c.label) for c in guide.course_types},
    )


def reached(met: int, total: int, threshold: float) -> bool:
    """met/total >= threshold, in integer arithmetic so 4 of 5 at 80 % is reached."""
    return total > 0 and met * 1_000_000 >= round(threshold * 1_000_000) * total


def percent(threshold: float) -> str:
    return f"{threshold * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",") + " %"


def _skill_level(table: SkillTable, values: Mapping[str, Any], threshold: float) -> tuple[int, list[LevelCheck]]:
    checks = []
    rank = 0
    for level, qids, total in table.levels:
        met = sum(len(values.get(qid) or ()) for qid in qids)
        ok = reached(met, total, threshold)
        checks.append(LevelCheck(level=name_of_rank(level), met=met, total=total, reached=ok))
        if ok and rank == level - 1:
            rank = level
    return rank, checks


def _explain(table: SkillTable, rank: int, checks: list[LevelCheck], threshold: float) -> str:
    level = name_of_rank(rank)
    by_level = {c.level: c for c in checks}
    parts = []
    if rank > 0:
        c = by_level[level]
        parts.append(
            f"{table.label} {level}: {c.met} von {c.total} {level}-Aussagen erfüllt (Schwelle {percent(threshold)})"
        )
    else:
        parts.append(f"{table.label} Pre-A1: unter A1 (Schwelle {percent(threshold)})")
    if rank + 1 < len(Level) and name_of_rank(rank + 1) in by_level:
        nxt = by_level[name_of_rank(rank + 1)]
        parts.append(f"{nxt.level} nicht erreicht: {nxt.met} von {nxt.total} {nxt.level}-Aussagen erfüllt")
    if any(c.reached and (level_rank(c.level) or 0) > rank + 1 for c in checks):
        parts.append("höhere Stufen zählen erst, wenn alle darunter erreicht sind")
    return "; ".join(parts) + "."


def score(guide: Guide, answers: Answers | Mapping[str, Any]) -> Score:
    """Levels, literacy and recommendation of one interview (answers of this guide version)."""
    if not isinstance(answers, Answers):
        answers = validate_answers(guide, answers)
    if (answers.guide_id, answers.guide_version) != (guide.id, guide.version):
        raise ValueError(
            f"Die Antworten gehören zum Leitfaden {answers.guide_id} v{answers.guide_version}, "
            f"nicht zu {guide.id} v{guide.version}."
        )
    tables = scoring_tables(guide)
    values = answers.values
    reason_q = tables.override_reason_question
    override_reason = values.get(reason_q) if reason_q else None
    levels: dict[str, str] = {}
    computed: dict[str, str] = {}
    ratings: dict[str, str | None] = {}
    overrides: dict[str, str | None] = {}
    explanations: dict[str, str] = {}
    all_checks: dict[str, list[LevelCheck]] = {}
    ranks: dict[str, int] = {}
    for table in tables.skills:
        rank, checks = _skill_level(table, values, tables.threshold)
        sentence = _explain(table, rank, checks, tables.threshold)
        rating = level_name(values.get(table.rating_question)) if table.rating_question else None
        override = level_name(values.get(table.override_question)) if table.override_question else None
        if rating:
            sentence += f" Einschätzung im Gespräch: {rating}."
        final = name_of_rank(rank)
        if override:
            final = override
            sentence += f" Abweichend festgelegt: {override}"
            sentence += f" (Begründung: {override_reason})." if override_reason else "."
        computed[table.skill] = name_of_rank(rank)
        levels[table.skill] = final
        ratings[table.skill] = rating
        overrides[table.skill] = override
        explanations[table.skill] = sentence
        all_checks[table.skill] = checks
        ranks[table.skill] = level_rank(final) or 0
    context = Computed(levels=ranks)
    literacy, literacy_explanation = None, "Keine Regel zur Schriftsprachkompetenz traf zu."
    for when, result, explanation in tables.literacy:
        if when(values, context):
            literacy, literacy_explanation = result, explanation
            break
    context.literacy = literacy
    recommendation = None
    for when, rule_id, start, course, reason in tables.recommendations:
        if when(values, context):
            if isinstance(start, LevelRef):
                start_rank = level_subject(ranks, start.level)
                start_level = name_of_rank(start_rank) if start_rank is not None else None
            else:
                start_level = level_name(start)
            recommendation = Recommendation(
                rule_id=rule_id,
                course=course,
                course_label=tables.course_labels.get(course, course),
                start_level=start_level,
                reason=reason,
            )
            break
    return Score(
        guide_id=guide.id,
        guide_version=guide.version,
        threshold=tables.threshold,
        skill_labels={t.skill: t.label for t in tables.skills},
        levels=levels,
        computed=computed,
        ratings=ratings,
        overrides=overrides,
        override_reason=override_reason,
        explanations=explanations,
        checks=all_checks,
        literacy=literacy,
        literacy_explanation=literacy_explanation,
        recommendation=recommendation,
    )
