"""Conditions of a guide as frozen pydantic models: leaves that compare one value, and all/any/not.

Leaves (docs/guide-format.md §3): ``question`` (an answer), ``age`` (whole years from a date answer to
the interview date), ``count`` (ticked statements, selected choices or repeat entries), ``checklist``
(the level a skill's can-do lists give), ``level`` (a computed level), ``literacy`` (the literacy
result) and ``fact`` (a placement fact). Which leaves a place of the guide allows is checked by
``questionnaire.checks``; these models check the structure only (one comparison per leaf).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class QuestionRef(Frozen):
    """``{question: other_id}`` as a comparison value: the other question's answer."""

    question: str


Scalar = bool | int | float | dt.date | str
Operand = QuestionRef | Scalar | list[Scalar]

COMPARISON_OPERATORS: tuple[str, ...] = ("equals", "not_equals", "gt", "gte", "lt", "lte", "in", "contains")


class _Comparison(Frozen):
    equals: Operand | None = None
    not_equals: Operand | None = None
    gt: Operand | None = None
    gte: Operand | None = None
    lt: Operand | None = None
    lte: Operand | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in")
    contains: Scalar | None = None

    @property
    def operator(self) -> tuple[str, Any]:
        """(operator name, compared value) — exactly one is set (checked at validation)."""
        for name in self._operators():
            value = getattr(self, "in_" if name == "in" else name)
            if value is not None:
                return name, value
        raise AssertionError("condition without operator")  # pragma: no cover - prevented by validator

    @classmethod
    def _operators(cls) -> tuple[str, ...]:
        return COMPARISON_OPERATORS

    @model_validator(mode="after")
    def _one_operator(self) -> _Comparison:
        used = [n for n in self._operators() if getattr(self, "in_" if n == "in" else n) is not None]
        if len(used) != 1:
            raise PydanticCustomError(
                "condition_operator",
                "eine Bedingung braucht genau einen Vergleich ({ops}), gefunden: {used}",
                {"ops": ", ".join(self._operators()), "used": ", ".join(used) or "keinen"},
            )
        return self


class AnswerCondition(_Comparison):
    """A leaf on a question's answer: ``{question: goals, contains: work}``."""

    question: str
    answered: bool | None = None

    @classmethod
    def _operators(cls) -> tuple[str, ...]:
        return (*COMPARISON_OPERATORS, "answered")


class AgeCondition(_Comparison):
    """Whole years from a date answer to the interview date: ``{age: birth_date, lt: 18}``."""

    age: str


class CountCondition(_Comparison):
    """How many statements are ticked, choices selected or entries given: ``{count: cando_a2, gte: 4}``."""

    count: str


class ChecklistCondition(_Comparison):
    """The level a skill's can-do lists give: ``{checklist: reading, not_equals: {question: rating_reading}}``."""

    checklist: str


class LevelCondition(_Comparison):
    """A leaf on a computed level: ``{level: listening, gte: A2}`` (skill, ``min``, ``max`` or ``composite``)."""

    level: str


class LiteracyCondition(Frozen):
    """A leaf on the computed literacy result: ``{literacy: second_script}``."""

    literacy: str


class FactCondition(_Comparison):
    """A leaf on a placement fact: ``{fact: age, lt: 27}``, ``{fact: goals, contains: study}``."""

    fact: str


class AllCondition(Frozen):
    all: list[Condition] = Field(min_length=1)


class AnyCondition(Frozen):
    any: list[Condition] = Field(min_length=1)


class NotCondition(Frozen):
    not_: Condition = Field(alias="not")


LEAF_TYPES: dict[str, type[Frozen]] = {
    "question": AnswerCondition,
    "age": AgeCondition,
    "count": CountCondition,
    "checklist": ChecklistCondition,
    "level": LevelCondition,
    "literacy": LiteracyCondition,
    "fact": FactCondition,
}
_KINDS: dict[type, str] = {
    AllCondition: "all",
    AnyCondition: "any",
    NotCondition: "not",
    **{model: key for key, model in LEAF_TYPES.items()},
}
# Tags are prefixed so that they never look like a key of the guide file in error locations.
_CONDITION_KEYS = ("all", "any", "not", *LEAF_TYPES)


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in _CONDITION_KEYS:
            if key in value:
                return f"condition-{key}"
        return None
    kind = _KINDS.get(type(value))
    return None if kind is None else f"condition-{kind}"


Condition = Annotated[
    Annotated[AllCondition, Tag("condition-all")]
    | Annotated[AnyCondition, Tag("condition-any")]
    | Annotated[NotCondition, Tag("condition-not")]
    | Annotated[AnswerCondition, Tag("condition-question")]
    | Annotated[AgeCondition, Tag("condition-age")]
    | Annotated[CountCondition, Tag("condition-count")]
    | Annotated[ChecklistCondition, Tag("condition-checklist")]
    | Annotated[LevelCondition, Tag("condition-level")]
    | Annotated[LiteracyCondition, Tag("condition-literacy")]
    | Annotated[FactCondition, Tag("condition-fact")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message=(
            "keine Bedingung: erwartet question/age/count/checklist/level/literacy/fact mit Vergleich oder all/any/not"
        ),
    ),
]
Always = Literal["always"]
Leaf = (
    AnswerCondition
    | AgeCondition
    | CountCondition
    | ChecklistCondition
    | LevelCondition
    | LiteracyCondition
    | FactCondition
)

AllCondition.model_rebuild()
AnyCondition.model_rebuild()
NotCondition.model_rebuild()
