"""The interview guide as frozen pydantic models (the shape of ``questionnaire/guides/*.yaml``).

These models check the *structure* of a guide (keys, types, one operator per condition); the
meaning (ids that exist, order of references, translations, levels, rules) is checked by
``questionnaire.checks``. See docs/guide-format.md for the format as an admin sees it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import Field, PrivateAttr, model_validator
from pydantic_core import PydanticCustomError

from schemas.conditions import Always, Condition, Frozen
from schemas.vocabulary import Literacy, Skill

#: language code -> text; every language the guide declares must have a non-empty entry.
Text = dict[str, str]

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]


# --- choices and questions --------------------------------------------------------------------


class Choice(Frozen):
    value: Annotated[str, Field(min_length=1, max_length=64)]
    label: Text


class Statement(Frozen):
    id: Id
    label: Text


class Constraint(Frozen):
    rule: Condition
    message: Text


class QuestionBase(Frozen):
    id: Id
    label: Text
    help: Text | None = None
    required: bool | Condition = False
    show_if: Condition | None = None
    constraint: Constraint | None = None


class TextQuestion(QuestionBase):
    type: Literal["text"]
    max_length: Annotated[int, Field(ge=1, le=10_000)] = 200
    pattern: str | None = None
    pattern_message: Text | None = None
    # A name printed on the certificate: letters of the Latin, Greek or Cyrillic script only.
    # `latin` is accepted as a synonym of `name` (both mean the same rule).
    script: Literal["name", "latin"] | None = None


class LongTextQuestion(QuestionBase):
    type: Literal["long_text"]
    max_length: Annotated[int, Field(ge=1, le=100_000)] = 4000


class IntegerQuestion(QuestionBase):
    type: Literal["integer"]
    min: int | None = None
    max: int | None = None


class DecimalQuestion(QuestionBase):
    type: Literal["decimal"]
    min: float | None = None
    max: float | None = None


DateBound = dt.date | Literal["today"]


class DateQuestion(QuestionBase):
    type: Literal["date"]
    min: DateBound | None = None
    max: DateBound | None = None
    not_future: bool = False


class YesNoQuestion(QuestionBase):
    type: Literal["yes_no"]


class SingleChoiceQuestion(QuestionBase):
    type: Literal["single_choice"]
    choices: str | list[Choice]


class MultiChoiceQuestion(QuestionBase):
    type: Literal["multi_choice"]
    choices: str | list[Choice]
    min_selected: Annotated[int, Field(ge=0)] | None = None
    max_selected: Annotated[int, Field(ge=1)] | None = None


class NoteQuestion(QuestionBase):
    type: Literal["note"]


class CanDoQuestion(QuestionBase):
    type: Literal["can_do"]
    skill: Skill
    level: str
    statements: list[Statement] = Field(min_length=1)


FieldQuestion = Annotated[
    TextQuestion
    | LongTextQuestion
    | IntegerQuestion
    | DecimalQuestion
    | DateQuestion
    | YesNoQuestion
    | SingleChoiceQuestion
    | MultiChoiceQuestion,
    Field(discriminator="type"),
]


class RepeatQuestion(QuestionBase):
    type: Literal["repeat"]
    fields: list[FieldQuestion] = Field(min_length=1)
    max_items: Annotated[int, Field(ge=1, le=1000)] = 20
    min_items: Annotated[int, Field(ge=0)] = 0


AnyQuestion = (
    TextQuestion
    | LongTextQuestion
    | IntegerQuestion
    | DecimalQuestion
    | DateQuestion
    | YesNoQuestion
    | SingleChoiceQuestion
    | MultiChoiceQuestion
    | RepeatQuestion
    | NoteQuestion
    | CanDoQuestion
)
Question = Annotated[AnyQuestion, Field(discriminator="type")]


class Section(Frozen):
    id: Id
    title: Text
    help: Text | None = None
    show_if: Condition | None = None
    questions: list[Question] = Field(min_length=1)


# --- scoring, literacy, recommendation --------------------------------------------------------


#: the longest certificate sentence (characters) that fits a cell of the certificate's results table
CERTIFICATE_TEXT_MAX = 140


class SkillScoring(Frozen):
    label: Text
    # checklist: the can-do lists give the level (a decision question settles a gap to the rating);
    # observation: the interviewer's rating decides, the lists stand beside it
    method: Literal["checklist", "observation"] = "checklist"
    rating_question: str | None = None
    override_question: str | None = None
    # required (by a checklist condition) when lists and rating disagree; the level decided then
    decision_question: str | None = None
    # level id (pre_a1 … c2, or A2 style) -> short third-person sentence printed on the certificate
    certificate_text: dict[str, Text] = Field(default_factory=dict)


class Scoring(Frozen):
    threshold: Annotated[float, Field(gt=0, le=1)] = 0.8
    skills: dict[Skill, SkillScoring]
    override_reason_question: str | None = None


class LiteracyRule(Frozen):
    result: Literacy
    when: Condition | Always
    explanation: Text


class CourseType(Frozen):
    value: Id
    label: Text
    description: Text | None = None


class LevelRef(Frozen):
    """``{level: min}``: start at the computed level (``min``, ``max``, ``composite`` or a skill name)."""

    level: str


class RecommendationRule(Frozen):
    id: Id
    when: Condition | Always
    course: str
    start_level: str | LevelRef
    reason: Text


class FactSource(Frozen):
    """Where a placement fact comes from: ``{question: id}`` (optionally with ``map`` from answer
    values to fact values; null drops a value), ``{when: condition}`` (yes/no facts) or
    ``{age: date_question}`` (whole years at the interview date)."""

    question: str | None = None
    map: dict[str, str | None] | None = None
    when: Condition | None = None
    age: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> FactSource:
        used = [k for k in ("question", "when", "age") if getattr(self, k) is not None]
        if len(used) != 1 or (self.map is not None and self.question is None):
            raise PydanticCustomError(
                "fact_source",
                "ein Fakt braucht genau eine Quelle (question – mit map –, when oder age), gefunden: {used}",
                {"used": ", ".join(used) or "keine"},
            )
        return self


class PlacementRule(Frozen):
    id: Id
    when: Condition | Always
    course: str
    start_level: str | LevelRef
    reason: Text
    warning: Text | None = None  # shown with every placement by this rule
    source: str | None = None  # where the rule comes from (rule book; docs/placement.md cites in full)


class FormatRule(Frozen):
    format: str
    when: Condition
    reason: Text
    source: str | None = None


class WarningRule(Frozen):
    id: Id
    when: Condition
    message: Text


class PlacementOverride(Frozen):
    """The questions of a deviating placement: course, start level, reason and evidence."""

    course_question: str
    start_level_question: str | None = None
    reason_question: str
    evidence_question: str | None = None


class PlacementBlock(Frozen):
    facts: dict[str, FactSource]
    rules: list[PlacementRule] = Field(min_length=1)  # first match wins; the last is `when: always`
    formats: list[FormatRule] = Field(default_factory=list)  # every match adds its format
    warnings: list[WarningRule] = Field(default_factory=list)  # every match adds its message
    override: PlacementOverride | None = None


GuideStatus = Literal["released", "in_preparation"]


class Guide(Frozen):
    id: Id
    version: Annotated[int, Field(ge=1)]
    # in_preparation: loadable and checkable, but never chosen for new interviews (bundled.active_guide)
    status: GuideStatus = "released"
    title: Text
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] = Field(min_length=1)
    choice_lists: dict[str, list[Choice]] = Field(default_factory=dict)
    sections: list[Section] = Field(min_length=1)
    scoring: Scoring | None = None
    literacy: list[LiteracyRule] = Field(default_factory=list)
    course_types: list[CourseType] = Field(default_factory=list)
    recommendations: list[RecommendationRule] = Field(default_factory=list)
    placement: PlacementBlock | None = None

    # Built artefacts (answer model, scoring tables) are cached on the instance by the engine.
    _artefacts: dict[str, Any] = PrivateAttr(default_factory=dict)

    @property
    def artefacts(self) -> dict[str, Any]:
        """The engine's cache for this guide (read straight from pydantic's private slot: the
        attribute route costs microseconds, and this runs for every validation)."""
        private = self.__pydantic_private__
        assert private is not None
        cache: dict[str, Any] = private["_artefacts"]
        return cache

    def questions(self) -> Iterator[tuple[Section, AnyQuestion]]:
        """Every question of the guide in order, with its section."""
        for section in self.sections:
            for question in section.questions:
                yield section, question

    def question(self, question_id: str) -> AnyQuestion | None:
        index: dict[str, AnyQuestion] | None = self.artefacts.get("question_index")
        if index is None:
            index = {q.id: q for _, q in self.questions()}
            self.artefacts["question_index"] = index
        return index.get(question_id)

    def choices_of(self, question: SingleChoiceQuestion | MultiChoiceQuestion) -> list[Choice]:
        """The choices of a choice question (its inline list or the shared list it names)."""
        if isinstance(question.choices, str):
            return self.choice_lists.get(question.choices, [])
        return question.choices

    def text(self, text: Text | None, language: str = "de") -> str:
        """A text in one language, falling back to German."""
        if not text:
            return ""
        return text.get(language) or text.get("de") or next(iter(text.values()), "")


# Transitional name: questionnaire/check_rules.py and check_conditions.py still import this; it goes once
# they use ``schemas.vocabulary.Skill``.
SKILLS: tuple[Skill, ...] = tuple(Skill)
