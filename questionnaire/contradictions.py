"""Finds rule conditions that can never hold: contradictory comparisons on the same value inside
one ``all`` (e.g. ``{level: listening, gte: B1}`` with ``{level: listening, lt: A2}``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from questionnaire.fact_table import FACTS, fact_rank
from questionnaire.levels import level_rank
from schemas.conditions import (
    AgeCondition,
    AllCondition,
    AnswerCondition,
    ChecklistCondition,
    CountCondition,
    FactCondition,
    LevelCondition,
    LiteracyCondition,
    QuestionRef,
)
from schemas.guide import Guide, SingleChoiceQuestion
from schemas.vocabulary import Level


@dataclass
class _Bounds:
    discrete: bool = False
    levels: bool = False  # values are CEFR ranks 0..6
    low: tuple[Any, bool] | None = None  # (value, strict)
    high: tuple[Any, bool] | None = None
    equals: list[Any] = field(default_factory=list)
    not_equals: list[Any] = field(default_factory=list)
    within: list[Any] | None = None
    answered: set[bool] = field(default_factory=set)
    compared: bool = False


def _conjunction(cond: Any) -> list[Any]:
    if isinstance(cond, AllCondition):
        return [leaf for c in cond.all for leaf in _conjunction(c)]
    return [cond]


def _subject(leaf: Any, guide: Guide) -> tuple[str, Any, bool] | None:
    """(subject description, value converter, discrete) of a leaf."""
    if isinstance(leaf, LevelCondition):
        return f"Stufe '{leaf.level}'", level_rank, True
    if isinstance(leaf, LiteracyCondition):
        return "Alphabetisierung", lambda v: v, False
    if isinstance(leaf, ChecklistCondition):
        return f"Checkliste '{leaf.checklist}'", level_rank, True
    if isinstance(leaf, AgeCondition):
        return f"Alter aus '{leaf.age}'", lambda v: v, True
    if isinstance(leaf, CountCondition):
        return f"Anzahl '{leaf.count}'", lambda v: v, True
    if isinstance(leaf, FactCondition):
        fact = FACTS.get(leaf.fact)
        if fact is None:
            return None
        return f"Fakt '{leaf.fact}'", lambda v: fact_rank(fact, v), fact.kind == "integer" or fact.ordered
    if isinstance(leaf, AnswerCondition):
        question = guide.question(leaf.question)
        if isinstance(question, SingleChoiceQuestion) and all(Level.has(c.value) for c in guide.choices_of(question)):
            return f"Frage '{leaf.question}'", level_rank, True
        if question is not None and question.type == "date":
            return f"Frage '{leaf.question}'", _date, False
        return f"Frage '{leaf.question}'", lambda v: v, question is not None and question.type == "integer"
    return None


def _date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _collect(leaves: list[Any], guide: Guide) -> dict[str, _Bounds]:
    subjects: dict[str, _Bounds] = {}
    for leaf in leaves:
        info = _subject(leaf, guide)
        if info is None:
            continue
        name, convert, discrete = info
        levels = convert is level_rank
        bounds = subjects.setdefault(name, _Bounds(discrete=discrete, levels=levels))
        if isinstance(leaf, LiteracyCondition):
            bounds.equals.append(leaf.literacy)
            continue
        op, value = leaf.operator
        if isinstance(value, QuestionRef) or op == "contains":
            bounds.compared = True
            continue
        if op == "answered":
            bounds.answered.add(bool(value))
            continue
        bounds.compared = True
        if op == "in":
            converted = [convert(v) for v in value]
            bounds.within = converted if bounds.within is None else [v for v in bounds.within if v in converted]
        elif op == "equals":
            bounds.equals.append(convert(value))
        elif op == "not_equals":
            bounds.not_equals.append(convert(value))
        elif op in ("gt", "gte"):
            new_low = (convert(value), op == "gt")
            if bounds.low is None or _tighter(new_low, bounds.low, higher=True):
                bounds.low = new_low
        else:
            new_high = (convert(value), op == "lt")
            if bounds.high is None or _tighter(new_high, bounds.high, higher=False):
                bounds.high = new_high
    return subjects


def _tighter(new: tuple[Any, bool], old: tuple[Any, bool], higher: bool) -> bool:
    try:
        if new[0] == old[0]:
            return new[1] and not old[1]
        return bool(new[0] > old[0]) if higher else bool(new[0] < old[0])
    except TypeError:
        return False


def _fits(value: Any, b: _Bounds) -> bool:
    try:
        if b.low is not None and (value < b.low[0] or (b.low[1] and value == b.low[0])):
            return False
        if b.high is not None and (value > b.high[0] or (b.high[1] and value == b.high[0])):
            return False
    except TypeError:
        return True
    return value not in b.not_equals


def _impossible(b: _Bounds) -> bool:
    if len(b.answered) > 1 or (False in b.answered and b.compared):
        return True
    if any(repr(v) != repr(b.equals[0]) for v in b.equals[1:]):
        return True
    candidates: list[Any] | None = b.equals[:1] or b.within
    if candidates is None and b.discrete and b.low is not None and b.high is not None:
        low, high = b.low[0], b.high[0]
        if isinstance(low, int) and isinstance(high, int):
            candidates = list(range(low, high + 1))
    if candidates is None and b.levels:
        candidates = [level.rank for level in Level]
    if candidates is not None:
        return not any(_fits(v, b) for v in candidates)
    if b.low is not None and b.high is not None:
        try:
            if b.low[0] > b.high[0]:
                return True
            if b.low[0] == b.high[0] and (b.low[1] or b.high[1] or b.low[0] in b.not_equals):
                return True
        except TypeError:
            return False
    return False


def contradiction(cond: Any, guide: Guide) -> str | None:
    """The subject whose comparisons contradict each other, or None when the rule can match."""
    for name, bounds in _collect(_conjunction(cond), guide).items():
        if _impossible(bounds):
            return name
    return None
