"""Conditions are data: this module turns a condition model into a plain Python closure once
(no ``eval``, no expression strings) and evaluates it against answers and computed values.

Rules of evaluation (documented in docs/guide-format.md):
- a comparison with an unanswered question is false (``answered: false`` and ``not`` excepted);
- a comparison between values of different kinds (a text with a number) is false;
- levels compare in CEFR order Pre-A1 < A1 < ... < C2.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from questionnaire.levels import level_rank
from schemas.guide import (
    AllCondition,
    AnswerCondition,
    AnyCondition,
    Guide,
    LevelCondition,
    LiteracyCondition,
    NotCondition,
    QuestionRef,
    SingleChoiceQuestion,
)
from schemas.vocabulary import Level

ConditionModel = AllCondition | AnyCondition | NotCondition | AnswerCondition | LevelCondition | LiteracyCondition


@dataclass
class Computed:
    """Computed values that recommendation and literacy rules may use."""

    levels: dict[str, int] = field(default_factory=dict)  # skill -> level rank (0 = Pre-A1)
    literacy: str | None = None


Predicate = Callable[[Mapping[str, Any], Computed | None], bool]

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != []


def iter_leaves(cond: Any) -> Iterator[AnswerCondition | LevelCondition | LiteracyCondition]:
    """Every leaf of a condition (``always`` and None have none)."""
    if isinstance(cond, AllCondition):
        for c in cond.all:
            yield from iter_leaves(c)
    elif isinstance(cond, AnyCondition):
        for c in cond.any:
            yield from iter_leaves(c)
    elif isinstance(cond, NotCondition):
        yield from iter_leaves(cond.not_)
    elif isinstance(cond, AnswerCondition | LevelCondition | LiteracyCondition):
        yield cond


def _kind(question: Any, guide: Guide) -> str | None:
    """How values of a question compare: dates as dates, CEFR level choices in CEFR order."""
    if question is None:
        return None
    if isinstance(question, SingleChoiceQuestion) and all(Level.has(c.value) for c in guide.choices_of(question)):
        return "level"
    return str(question.type)


def _coerce(value: Any, kind: str | None) -> Any:
    """Answers of date questions may arrive as ISO strings (JSON) or dates (UI); levels compare by rank."""
    if kind == "level":
        return level_rank(value)
    if kind == "date" and isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value


def _compare(op: str, actual: Any, expected: Any) -> bool:
    try:
        if op == "equals":
            return bool(actual == expected)
        if op == "not_equals":
            return bool(actual != expected)
        if op == "in":
            return bool(actual in expected)
        if op == "contains":
            if isinstance(actual, list):
                return any(expected in item.values() if isinstance(item, dict) else item == expected for item in actual)
            return False
        if type(actual) is bool or type(expected) is bool:
            return False  # no order between yes/no answers
        return _ORDER[op](actual, expected)
    except TypeError:
        return False


def compile_condition(cond: Any, guide: Guide) -> Predicate:
    """A closure ``(values, computed) -> bool`` for a condition model (or the string ``always``)."""
    if cond is None or cond == "always":
        return lambda values, computed: True
    if isinstance(cond, AllCondition):
        parts = [compile_condition(c, guide) for c in cond.all]
        return lambda values, computed: all(p(values, computed) for p in parts)
    if isinstance(cond, AnyCondition):
        parts = [compile_condition(c, guide) for c in cond.any]
        return lambda values, computed: any(p(values, computed) for p in parts)
    if isinstance(cond, NotCondition):
        inner = compile_condition(cond.not_, guide)
        return lambda values, computed: not inner(values, computed)
    if isinstance(cond, AnswerCondition):
        return _compile_answer(cond, guide)
    if isinstance(cond, LevelCondition):
        return _compile_level(cond)
    if isinstance(cond, LiteracyCondition):
        expected_literacy = cond.literacy
        return lambda values, computed: computed is not None and computed.literacy == expected_literacy
    raise TypeError(f"not a condition: {cond!r}")  # pragma: no cover - the models allow nothing else


def _compile_answer(cond: AnswerCondition, guide: Guide) -> Predicate:
    qid = cond.question
    kind = _kind(guide.question(qid), guide)
    op, expected = cond.operator
    if op == "answered":
        wanted = bool(expected)
        return lambda values, computed: is_answered(values.get(qid)) == wanted
    if isinstance(expected, QuestionRef):
        other = expected.question
        other_kind = _kind(guide.question(other), guide)

        def by_reference(values: Mapping[str, Any], computed: Computed | None) -> bool:
            actual, target = values.get(qid), values.get(other)
            if not is_answered(actual) or not is_answered(target):
                return False
            return _compare(op, _coerce(actual, kind), _coerce(target, other_kind))

        return by_reference
    if op == "in":
        expected = [_coerce(v, kind) for v in expected]
    elif op != "contains":
        expected = _coerce(expected, kind)
    fast = _fast_predicate(qid, op, expected, kind)
    if fast is not None:
        return fast

    def by_value(values: Mapping[str, Any], computed: Computed | None) -> bool:
        actual = values.get(qid)
        if not is_answered(actual):
            return False
        return _compare(op, _coerce(actual, kind), expected)

    return by_value


def _fast_predicate(qid: str, op: str, expected: Any, kind: str | None) -> Predicate | None:
    """Specialised closures for the common cases (they run for every answer set validated)."""
    if kind in ("date", "level") or (isinstance(expected, list) and op != "in"):
        return None
    if op == "equals" and expected not in ("", None) and not isinstance(expected, list):
        if isinstance(expected, bool):  # True == 1 in Python: compare yes/no answers by identity
            return lambda values, computed: values.get(qid) is expected
        return lambda values, computed: (v := values.get(qid)) == expected and type(v) is not bool
    if op == "contains" and kind in ("multi_choice", "can_do"):
        return lambda values, computed: isinstance(v := values.get(qid), list) and expected in v
    if op == "in" and all(isinstance(e, str) for e in expected):
        allowed = frozenset(expected)
        return lambda values, computed: isinstance(v := values.get(qid), str) and v in allowed
    return None


def level_subject(levels: Mapping[str, int], subject: str) -> int | None:
    """The rank a level condition looks at: one skill, or ``min``/``max`` over all skills."""
    if subject in ("min", "max"):
        ranks = list(levels.values())
        if not ranks:
            return None
        return min(ranks) if subject == "min" else max(ranks)
    return levels.get(subject)


def _compile_level(cond: LevelCondition) -> Predicate:
    subject = cond.level
    op, expected = cond.operator
    target: Any = [level_rank(v) for v in expected] if op == "in" else level_rank(expected)

    def by_level(values: Mapping[str, Any], computed: Computed | None) -> bool:
        if computed is None:
            return False
        rank = level_subject(computed.levels, subject)
        if rank is None or target is None:
            return False
        return _compare(op, rank, target)

    return by_level
