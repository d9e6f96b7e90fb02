"""Placement: facts about a person -> a course, by the rules of the guide's ``placement`` block.

The first rule whose condition holds gives the course type and the start level (a fixed level or a
computed one such as the DTZ-like ``composite``, questionnaire/start_level.py); every format rule that
holds adds a format (childcare, part-time, ...), independent of the course type; every warning rule
without answer leaves that holds adds its message. Deterministic: the same facts give the same
placement. The rules and their sources are in docs/placement.md; ``python manage.py explain-guide``
prints them for a guide.
"""

from __future__ import annotations

from dataclasses import dataclass

from questionnaire.conditions import Computed, Predicate, compile_condition, iter_leaves, level_subject
from questionnaire.fact_table import fact_values
from schemas.conditions import AgeCondition, AnswerCondition, ChecklistCondition, CountCondition
from schemas.guide import Guide, LevelRef
from schemas.placement import Course, Format, Placement, PlacementFacts
from schemas.vocabulary import Level

_ANSWER_LEAVES = (AnswerCondition, AgeCondition, CountCondition, ChecklistCondition)


@dataclass(frozen=True)
class Rule:
    id: str
    when: Predicate
    course: Course
    start: LevelRef | Level
    reason: str
    warning: str | None


@dataclass(frozen=True)
class Warning:
    id: str
    when: Predicate
    message: str
    needs_answers: bool  # names answers: evaluated with the interview, not from facts alone


@dataclass(frozen=True)
class PlacementTables:
    rules: tuple[Rule, ...]
    formats: tuple[tuple[Format, Predicate, str], ...]
    warnings: tuple[Warning, ...]
    course_labels: dict[str, str]


def _start(start: str | LevelRef) -> LevelRef | Level:
    return start if isinstance(start, LevelRef) else (Level.parse(start) or Level.PRE_A1)


def placement_tables(guide: Guide) -> PlacementTables:
    """The compiled placement block (cached on the guide); ``ValueError`` for a guide without one."""
    tables: PlacementTables | None = guide.artefacts.get("placement")
    if tables is None:
        block = guide.placement
        if block is None:
            raise ValueError(
                f"Der Leitfaden {guide.id} Version {guide.version} hat keine Platzierungsregeln (placement)."
            )
        rules = tuple(
            Rule(
                r.id,
                compile_condition(r.when, guide),
                Course(r.course),
                _start(r.start_level),
                guide.text(r.reason),
                guide.text(r.warning) if r.warning else None,
            )
            for r in block.rules
        )
        formats = tuple(
            (Format(f.format), compile_condition(f.when, guide), guide.text(f.reason)) for f in block.formats
        )
        warnings = tuple(
            Warning(
                w.id,
                compile_condition(w.when, guide),
                guide.text(w.message),
                any(isinstance(leaf, _ANSWER_LEAVES) for leaf in iter_leaves(w.when)),
            )
            for w in block.warnings
        )
        tables = PlacementTables(rules, formats, warnings, {c.value: guide.text(c.label) for c in guide.course_types})
        guide.artefacts["placement"] = tables
    return tables


def place(guide: Guide, facts: PlacementFacts) -> Placement:
    """The placement the guide's rules give for these facts."""
    if not isinstance(facts, PlacementFacts):
        facts = PlacementFacts.model_validate(facts)
    tables = placement_tables(guide)
    ranks = {str(skill): level.rank for skill, level in facts.levels.items()}
    computed = Computed(levels=ranks, facts=fact_values(facts))
    rule = next((r for r in tables.rules if r.when({}, computed)), None)
    if rule is None:  # check-guide requires a last rule `when: always`
        raise ValueError(f"Keine Platzierungsregel des Leitfadens {guide.id} v{guide.version} trifft zu.")
    if isinstance(rule.start, LevelRef):
        rank = level_subject(ranks, rule.start.level)
        start = Level.by_rank(rank if rank is not None else 0)
    else:
        start = rule.start
    formats = [(fmt, reason) for fmt, when, reason in tables.formats if when({}, computed)]
    warnings = [rule.warning] if rule.warning else []
    warnings += [w.message for w in tables.warnings if not w.needs_answers and w.when({}, computed)]
    return Placement(
        course=rule.course,
        start_level=start,
        formats=frozenset(fmt for fmt, _ in formats),
        reasons=[rule.reason, *(reason for _, reason in formats)],
        warnings=list(dict.fromkeys(warnings)),
        rule_id=rule.id,
    )
