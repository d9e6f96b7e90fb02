"""Conditions are data: each operator, references to other answers, computed levels and literacy."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from questionnaire.conditions import Computed, compile_condition
from schemas.guide import Condition
from tests.questionnaire.helpers import full_guide

CONDITION: TypeAdapter[Any] = TypeAdapter(Condition)
LEVELS = {"listening": 3, "reading": 2}  # B1, A2


def holds(text: str, values: dict[str, Any], computed: Computed | None = None) -> bool:
    cond = CONDITION.validate_python(yaml.safe_load(text))
    return compile_condition(cond, full_guide())(values, computed)


@pytest.mark.parametrize(
    ("condition", "values", "expected"),
    [
        ("{question: literate_l1, equals: false}", {"literate_l1": False}, True),
        ("{question: literate_l1, equals: false}", {"literate_l1": True}, False),
        ("{question: literate_l1, equals: false}", {}, False),  # unanswered: comparisons are false
        ("{question: first_language, not_equals: ar}", {"first_language": "uk"}, True),
        ("{question: first_language, not_equals: ar}", {}, False),
        ("{question: children, gt: 0}", {"children": 1}, True),
        ("{question: children, gte: 2}", {"children": 1}, False),
        ("{question: children, lt: 2}", {"children": 1}, True),
        ("{question: children, lte: 0}", {"children": 0}, True),
        ("{question: children, gt: 0}", {"children": "x"}, False),  # mismatched kinds are false
        ("{question: first_language, in: [ar, uk]}", {"first_language": "uk"}, True),
        ("{question: first_language, in: [ar, uk]}", {"first_language": "en"}, False),
        ("{question: goals, contains: work}", {"goals": ["study", "work"]}, True),
        ("{question: goals, contains: work}", {"goals": ["study"]}, False),
        ("{question: other_languages, contains: en}", {"other_languages": [{"language": "en"}]}, True),
        ("{question: email, answered: true}", {"email": "a@b.de"}, True),
        ("{question: email, answered: true}", {"email": ""}, False),
        ("{question: email, answered: false}", {}, True),
        ("{question: goals, answered: true}", {"goals": []}, False),
        ("{question: birth_date, lt: 2000-01-01}", {"birth_date": dt.date(1990, 1, 1)}, True),
        ("{question: birth_date, lt: 2000-01-01}", {"birth_date": "1990-01-01"}, True),  # JSON draft
        ("{question: birth_date, gte: '2000-01-01'}", {"birth_date": "1990-01-01"}, False),
        ("{question: rating_listening, gte: b1}", {"rating_listening": "b2"}, True),  # CEFR order, not text
        ("{question: rating_listening, gte: b1}", {"rating_listening": "pre_a1"}, False),
        (
            "{all: [{question: children, gt: 0}, {question: literate_l1, equals: true}]}",
            {"children": 1, "literate_l1": True},
            True,
        ),
        ("{all: [{question: children, gt: 0}, {question: literate_l1, equals: true}]}", {"children": 1}, False),
        ("{any: [{question: children, gt: 0}, {question: literate_l1, equals: true}]}", {"literate_l1": True}, True),
        ("{not: {question: literate_l1, equals: true}}", {}, True),
        ("{not: {question: literate_l1, equals: true}}", {"literate_l1": True}, False),
    ],
)
def test_answer_conditions(condition: str, values: dict[str, Any], expected: bool) -> None:
    assert holds(condition, values) is expected


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"birth_date": "1990-01-01", "hours": 1, "children": 3}, True),
        ({"birth_date": "1990-01-01", "hours": 5, "children": 3}, False),
        ({"children": 3}, False),  # the referenced answer is missing
    ],
)
def test_comparison_with_another_answer(values: dict[str, Any], expected: bool) -> None:
    assert holds("{question: children, gt: {question: hours}}", values) is expected


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("{level: listening, gte: B1}", True),
        ("{level: listening, gt: B1}", False),
        ("{level: reading, equals: A2}", True),
        ("{level: reading, equals: a2}", True),  # ids work as well as names
        ("{level: min, lt: B1}", True),
        ("{level: max, gte: B1}", True),
        ("{level: max, in: [A1, A2]}", False),
        ("{literacy: second_script}", True),
        ("{literacy: not_literate}", False),
    ],
)
def test_computed_conditions(condition: str, expected: bool) -> None:
    computed = Computed(levels=LEVELS, literacy="second_script")
    assert holds(condition, {}, computed) is expected


def test_computed_conditions_are_false_without_computed_values() -> None:
    assert holds("{level: min, gte: Pre-A1}", {}) is False


def test_always() -> None:
    assert compile_condition("always", full_guide())({}, None) is True
