"""Conditions are data: this module turns a condition model into a plain Python closure once
(no ``eval``, no expression strings) and evaluates it against answers and computed values.

Rules of evaluation (documented in docs/guide-format.md §3):
- a comparison with an unanswered question is false (``answered: false`` and ``not`` excepted);
- a comparison between values of different kinds (a text with a number) is false;
- levels compare in CEFR order Pre-A1 < A1 < ... < C2;
- ``count`` of an unanswered question is 0; ``age`` is counted to the answer ``interview_date`` when the
  guide has that question, else to the ``today`` of the computed values, else to the current date;
- ``fact`` leaves read the placement facts of the computed values (false where there are none).
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from questionnaire.checklists import rank_function
from questionnaire.fact_table import FACTS, fact_rank
from questionnaire.levels import LEVEL_IDS, level_rank
from questionnaire.start_level import composite_rank
from schemas.conditions import (
    AgeCondition,
    AllCondition,
    AnswerCondition,
    AnyCondition,
    ChecklistCondition,
    CountCondition,
    FactCondition,
    Leaf,
    LevelCondition,
    LiteracyCondition,
    NotCondition,
    QuestionRef,
)
from schemas.guide import DateQuestion, Guide, SingleChoiceQuestion

#: the answer an ``age`` leaf counts to, when the guide has this question (a date)
INTERVIEW_DATE_QUESTION = "interview_date"
LEVEL_SUBJECTS = ("min", "max", "composite")
_MISSING = object()


@dataclass
class Computed:
    """Computed values that rules may use: final level ranks, the literacy result, placement facts,
    and the date an age is counted to when the answers have no interview date."""

    levels: dict[str, int] = field(default_factory=dict)  # skill -> level rank (0 = Pre-A1)
    literacy: str | None = None
    facts: Mapping[str, Any] | None = None  # fact name -> plain value (questionnaire.fact_table)
    today: dt.date | None = None


Predicate = Callable[[Mapping[str, Any], Computed | None], bool]

_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


def is_answered(value: Any) -> bool:
    return value is not None and value != "" and value != []


def iter_leaves(cond: Any) -> Iterator[Leaf]:
    """Every leaf of a condition (``always`` and None have none)."""
    if isinstance(cond, AllCondition):
        for c in cond.all:
            yield from iter_leaves(c)
    elif isinstance(cond, AnyCondition):
        for c in cond.any:
            yield from iter_leaves(c)
    elif isinstance(cond, NotCondition):
        yield from iter_leaves(cond.not_)
    elif cond is not None and cond != "always":
        yield cond


def is_level_question(question: Any, guide: Guide) -> bool:
    return isinstance(question, SingleChoiceQuestion) and all(c.value in LEVEL_IDS for c in guide.choices_of(question))


def _kind(question: Any, guide: Guide) -> str | None:
    """How values of a question compare: dates as dates, CEFR level choices in CEFR order."""
    if question is None:
        return None
    if is_level_question(question, guide):
        return "level"
    return str(question.type)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _coerce(value: Any, kind: str | None) -> Any:
    """Answers of date questions may arrive as ISO strings (JSON) or dates (UI); levels compare by rank."""
    if kind == "level":
        return level_rank(value)
    if kind == "date" and isinstance(value, str):
        return _date(value) or value
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
            if isinstance(actual, frozenset | set):
                return expected in actual
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
        return _all_of([compile_condition(c, guide) for c in cond.all])
    if isinstance(cond, AnyCondition):
        return _any_of([compile_condition(c, guide) for c in cond.any])
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
    if isinstance(cond, AgeCondition):
        return _compile_age(cond, guide)
    if isinstance(cond, CountCondition):
        return _compile_count(cond)
    if isinstance(cond, ChecklistCondition):
        return _compile_checklist(cond, guide)
    if isinstance(cond, FactCondition):
        return _compile_fact(cond)
    raise TypeError(f"not a condition: {cond!r}")  # pragma: no cover - the models allow nothing else


def _all_of(parts: list[Predicate]) -> Predicate:
    # plain loops: a generator per evaluation costs more than the comparisons (validation hot path)
    def all_of(values: Mapping[str, Any], computed: Computed | None) -> bool:
        for part in parts:  # noqa: SIM110 - see above
            if not part(values, computed):
                return False
        return True

    return all_of


def _any_of(parts: list[Predicate]) -> Predicate:
    def any_of(values: Mapping[str, Any], computed: Computed | None) -> bool:
        for part in parts:  # noqa: SIM110 - a plain loop, as in _all_of
            if part(values, computed):
                return True
        return False

    return any_of


def _ordered(op: str) -> Callable[[Any, Any], bool] | None:
    """The comparison of an order operator on two values of the same kind (no yes/no, no mixed types)."""
    order = _ORDER.get(op)
    if order is None:
        return None

    def compare(actual: Any, expected: Any) -> bool:
        if actual.__class__ is not expected.__class__ or actual.__class__ is bool:
            return _compare(op, actual, expected)  # mixed kinds and yes/no: the general rules
        return bool(order(actual, expected))

    return compare


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

        ordered = _ordered(op)
        if ordered is not None and kind == other_kind == "date":

            def dates(values: Mapping[str, Any], computed: Computed | None) -> bool:
                actual, target = values.get(qid), values.get(other)
                if actual is None or target is None or actual == "" or target == "":
                    return False
                return ordered(_coerce(actual, "date"), _coerce(target, "date"))

            return dates

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
    ordered = _ordered(op)
    if ordered is not None and kind in ("integer", "decimal"):
        return lambda values, computed: (v := values.get(qid)) is not None and ordered(v, expected)
    return None


def whole_years(born: dt.date, on: dt.date) -> int:
    """Completed years of life on a day (a birthday on 29 February counts from 1 March in other years)."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _compile_age(cond: AgeCondition, guide: Guide) -> Predicate:
    qid = cond.age
    op, expected = cond.operator
    use_interview_date = isinstance(guide.question(INTERVIEW_DATE_QUESTION), DateQuestion)

    ordered = _ordered(op)

    def by_age(values: Mapping[str, Any], computed: Computed | None) -> bool:
        born = values.get(qid)
        if born.__class__ is not dt.date and (born := _date(born)) is None:
            return False
        on = values.get(INTERVIEW_DATE_QUESTION) if use_interview_date else None
        if on.__class__ is not dt.date and (on := _date(on)) is None:
            on = computed.today if computed is not None and computed.today is not None else dt.date.today()
        years = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        return ordered(years, expected) if ordered is not None else _compare(op, years, expected)

    return by_age


def _compile_count(cond: CountCondition) -> Predicate:
    qid = cond.count
    op, expected = cond.operator

    def by_count(values: Mapping[str, Any], computed: Computed | None) -> bool:
        value = values.get(qid)
        return _compare(op, len(value) if isinstance(value, list) else 0, expected)

    return by_count


def _compile_checklist(cond: ChecklistCondition, guide: Guide) -> Predicate:
    rank_of = rank_function(guide, cond.checklist)
    op, expected = cond.operator
    if isinstance(expected, QuestionRef):
        other = expected.question

        def by_reference(values: Mapping[str, Any], computed: Computed | None) -> bool:
            target = level_rank(values.get(other))
            return target is not None and _compare(op, rank_of(values), target)

        return by_reference
    target: Any = [level_rank(v) for v in expected] if op == "in" else level_rank(expected)
    return lambda values, computed: _compare(op, rank_of(values), target)


def _compile_fact(cond: FactCondition) -> Predicate:
    name = cond.fact
    fact = FACTS.get(name)
    op, expected = cond.operator
    if fact is not None and op != "contains":
        expected = [fact_rank(fact, v) for v in expected] if op == "in" else fact_rank(fact, expected)
    ranks = fact.ranks if fact is not None else None
    ordered = _ordered(op)

    def by_fact(values: Mapping[str, Any], computed: Computed | None) -> bool:
        facts = computed.facts if computed is not None else None
        if facts is None or fact is None:
            return False
        actual = facts.get(name, _MISSING)
        if actual is _MISSING:
            return False
        if ranks is not None:
            actual = ranks.get(actual, actual)
        return ordered(actual, expected) if ordered is not None else _compare(op, actual, expected)

    return by_fact


def level_subject(levels: Mapping[str, int], subject: str) -> int | None:
    """The rank a level condition looks at: one skill, or ``min``/``max``/``composite`` over all skills."""
    if subject in ("min", "max"):
        ranks = list(levels.values())
        if not ranks:
            return None
        return min(ranks) if subject == "min" else max(ranks)
    if subject == "composite":
        return composite_rank(levels)
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
