"""Conditions in plain German, for the rule book (``explain-guide``): ``{fact: age, lt: 18}`` reads
"Alter unter 18", ``{level: min, gte: B1}`` reads "alle Fertigkeiten mindestens B1"."""

from __future__ import annotations

from typing import Any

from questionnaire.fact_table import FACTS
from questionnaire.levels import level_name
from schemas.conditions import (
    AgeCondition,
    AllCondition,
    AnswerCondition,
    AnyCondition,
    ChecklistCondition,
    CountCondition,
    FactCondition,
    LevelCondition,
    LiteracyCondition,
    NotCondition,
    QuestionRef,
)
from schemas.guide import Guide, MultiChoiceQuestion, SingleChoiceQuestion
from schemas.vocabulary import Literacy

_OPS = {
    "equals": "ist",
    "not_equals": "ist nicht",
    "gt": "über",
    "gte": "mindestens",
    "lt": "unter",
    "lte": "höchstens",
    "in": "ist eine von:",
    "contains": "enthält",
}
_LEVEL_SUBJECTS = {
    ("min", "gte"): "alle Fertigkeiten",
    ("min", "gt"): "alle Fertigkeiten",
    ("min", "lt"): "die schwächste Fertigkeit",
    ("min", "lte"): "die schwächste Fertigkeit",
    ("max", "gte"): "mindestens eine Fertigkeit",
    ("max", "gt"): "mindestens eine Fertigkeit",
    ("max", "lt"): "alle Fertigkeiten",
    ("max", "lte"): "alle Fertigkeiten",
}


def _quoted(text: str) -> str:
    return f"„{text}“"


def _question_label(guide: Guide, qid: str) -> str:
    question = guide.question(qid)
    return _quoted(guide.text(question.label)) if question is not None else _quoted(qid)


def _values(values: Any, name: Any) -> str:
    items = values if isinstance(values, list) else [values]
    return ", ".join(name(v) for v in items)


def describe(cond: Any, guide: Guide) -> str:
    """A German sentence part for a condition (``always`` reads "immer")."""
    if cond is None or cond == "always":
        return "immer"
    if isinstance(cond, AllCondition):
        return " und ".join(_grouped(c, guide) for c in cond.all)
    if isinstance(cond, AnyCondition):
        return " oder ".join(_grouped(c, guide) for c in cond.any)
    if isinstance(cond, NotCondition):
        return f"nicht ({describe(cond.not_, guide)})"
    if isinstance(cond, LiteracyCondition):
        known = cond.literacy in Literacy.labels()
        return f"Schriftsprache: {Literacy(cond.literacy).label if known else cond.literacy}"
    if isinstance(cond, FactCondition):
        return _fact(cond)
    if isinstance(cond, LevelCondition):
        return _level(cond, guide)
    return _answer_leaf(cond, guide)


def _grouped(cond: Any, guide: Guide) -> str:
    text = describe(cond, guide)
    return f"({text})" if isinstance(cond, AllCondition | AnyCondition) else text


def _fact(cond: FactCondition) -> str:
    fact = FACTS.get(cond.fact)
    if fact is None:
        return f"Fakt {cond.fact}"
    op, value = cond.operator
    if fact.kind == "boolean":
        return fact.label if (op == "equals") == bool(value) else f"nicht {fact.label}"
    labels = fact.labels or {}
    name = lambda v: _quoted(labels.get(str(v), str(v)))  # noqa: E731 - a one-line lookup
    if fact.kind == "integer":
        return f"{fact.label} {_OPS[op]} {_values(value, str)}"
    if fact.kind == "set":
        return f"{fact.label}: {_values(value, name)} genannt"
    return f"{fact.label} {_OPS[op]} {_values(value, name)}"


def _level(cond: LevelCondition, guide: Guide) -> str:
    op, value = cond.operator
    subject = _LEVEL_SUBJECTS.get((cond.level, op))
    if subject is None:
        if cond.level == "composite":
            subject = "das Start-Niveau (DTZ-ähnlich)"
        elif cond.level in ("min", "max"):
            subject = "die schwächste Fertigkeit" if cond.level == "min" else "die stärkste Fertigkeit"
        else:
            conf = guide.scoring.skills.get(cond.level) if guide.scoring else None  # type: ignore[call-overload]
            subject = guide.text(conf.label) if conf is not None else cond.level
    return f"{subject} {_OPS[op]} {_values(value, lambda v: level_name(v) or str(v))}"


def _answer_leaf(cond: Any, guide: Guide) -> str:
    op, value = cond.operator
    if isinstance(cond, AgeCondition):
        return f"Alter (aus {_question_label(guide, cond.age)}) {_OPS[op]} {_values(value, str)}"
    if isinstance(cond, CountCondition):
        return f"Anzahl der Einträge in {_question_label(guide, cond.count)} {_OPS[op]} {_values(value, str)}"
    if isinstance(cond, ChecklistCondition):
        conf = guide.scoring.skills.get(cond.checklist) if guide.scoring else None  # type: ignore[call-overload]
        skill = guide.text(conf.label) if conf is not None else cond.checklist
        target = (
            f"die Antwort auf {_question_label(guide, value.question)}"
            if isinstance(value, QuestionRef)
            else _values(value, lambda v: level_name(v) or str(v))
        )
        return f"Niveau der Checkliste {skill} {_OPS[op]} {target}"
    assert isinstance(cond, AnswerCondition)
    label = _question_label(guide, cond.question)
    if op == "answered":
        return f"{label} beantwortet" if value else f"{label} nicht beantwortet"
    if isinstance(value, QuestionRef):
        return f"{label} {_OPS[op]} die Antwort auf {_question_label(guide, value.question)}"
    question = guide.question(cond.question)
    choices = (
        {c.value: guide.text(c.label) for c in guide.choices_of(question)}
        if isinstance(question, SingleChoiceQuestion | MultiChoiceQuestion)
        else {}
    )
    if isinstance(value, bool):
        return f"{label} {'ja' if value == (op == 'equals') else 'nein'}"
    return f"{label} {_OPS[op]} {_values(value, lambda v: _quoted(choices.get(str(v), str(v))))}"
