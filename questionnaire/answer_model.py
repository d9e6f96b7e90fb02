"""Step 3 of the pipeline: the artefacts built once per guide version and cached on the guide —
the pydantic answer model (a TypeAdapter of a TypedDict) and the compiled per-question steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NotRequired

from pydantic import ConfigDict, TypeAdapter
from typing_extensions import TypedDict

from questionnaire.conditions import Predicate, compile_condition
from questionnaire.types import QUESTION_TYPES, UNIQUE_LIST_TYPES
from schemas.conditions import AllCondition
from schemas.guide import AnyQuestion, Guide, RepeatQuestion, Section


@dataclass(frozen=True)
class Step:
    """One question in guide order, with its compiled rules."""

    section_id: str
    question: AnyQuestion
    visible: Predicate
    required: Predicate | bool
    constraint: Predicate | None
    constraint_message: str
    takes_answer: bool
    always_visible: bool = False
    required_fields: tuple[str, ...] = ()  # repeat groups: ids of fields required in every item
    field_labels: dict[str, str] = field(default_factory=dict)
    unique_fields: tuple[str, ...] = ()  # repeat groups: ids of multi-choice fields


@dataclass(frozen=True)
class CompiledGuide:
    adapter: TypeAdapter[Any]
    field_types: dict[str, Any]
    steps: tuple[Step, ...]
    # The hot path of validate_answers, as plain tuples:
    # rules: answerable steps with a rule, in guide order: (id, visible or None when always shown,
    #   required, constraint, message, step of a repeat group or None);
    # static_required: always shown and always required; unique: answers that are lists of distinct values.
    rules: tuple[tuple[str, Predicate | None, Predicate | bool, Predicate | None, str, Step | None], ...] = ()
    static_required: tuple[str, ...] = ()
    unique: tuple[str, ...] = ()
    order: dict[str, int] = field(default_factory=dict)
    _field_adapters: dict[str, TypeAdapter[Any]] = field(default_factory=dict)

    def field_adapter(self, question_id: str) -> TypeAdapter[Any]:
        """A validator of one answer (used to find every problem when the whole model fails)."""
        adapter = self._field_adapters.get(question_id)
        if adapter is None:
            adapter = TypeAdapter(self.field_types[question_id] | None)
            self._field_adapters[question_id] = adapter
        return adapter


def compiled(guide: Guide) -> CompiledGuide:
    """The cached artefacts of a guide (built on first use, then reused for this guide object;
    bundled and uploaded guides are themselves cached per (id, version), see ``questionnaire.bundled``)."""
    artefact = guide.artefacts.get("compiled")
    if artefact is None:
        artefact = _build(guide)
        guide.artefacts["compiled"] = artefact
    return artefact


def _visibility(section: Section, question: AnyQuestion, guide: Guide) -> Predicate:
    conditions = [c for c in (section.show_if, question.show_if) if c is not None]
    if not conditions:
        return compile_condition(None, guide)
    if len(conditions) == 1:
        return compile_condition(conditions[0], guide)
    return compile_condition(AllCondition(all=conditions), guide)


def _build(guide: Guide) -> CompiledGuide:
    field_types: dict[str, Any] = {}
    steps: list[Step] = []
    for section, question in guide.questions():
        row = QUESTION_TYPES[question.type]
        takes_answer = row.build is not None
        if row.build is not None:
            field_types[question.id] = row.build(question, guide)
        required: Predicate | bool = (
            question.required if isinstance(question.required, bool) else compile_condition(question.required, guide)
        )
        if question.show_if is not None and question.required == question.show_if:
            required = True  # "required when shown": shown already means the condition holds, no second evaluation
        constraint = question.constraint
        required_fields: tuple[str, ...] = ()
        unique_fields: tuple[str, ...] = ()
        labels: dict[str, str] = {}
        if isinstance(question, RepeatQuestion):
            required_fields = tuple(f.id for f in question.fields if f.required is True)
            labels = {f.id: guide.text(f.label) for f in question.fields}
            unique_fields = tuple(f.id for f in question.fields if f.type in UNIQUE_LIST_TYPES)
        steps.append(
            Step(
                section_id=section.id,
                question=question,
                visible=_visibility(section, question, guide),
                always_visible=section.show_if is None and question.show_if is None,
                required=required,
                constraint=compile_condition(constraint.rule, guide) if constraint else None,
                constraint_message=guide.text(constraint.message) if constraint else "",
                takes_answer=takes_answer,
                required_fields=required_fields,
                field_labels=labels,
                unique_fields=unique_fields,
            )
        )
    fields = {qid: NotRequired[annotation | None] for qid, annotation in field_types.items()}
    model = TypedDict(f"Answers_{guide.id}_v{guide.version}", fields, total=False)  # type: ignore[misc]
    model.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    answerable = [step for step in steps if step.takes_answer]
    static = [s for s in answerable if s.always_visible and isinstance(s.required, bool) and s.constraint is None]
    rules = tuple(
        (
            step.question.id,
            None if step.always_visible else step.visible,
            step.required,
            step.constraint,
            step.constraint_message,
            step if isinstance(step.question, RepeatQuestion) else None,
        )
        for step in answerable
        if step not in static or isinstance(step.question, RepeatQuestion)
    )
    return CompiledGuide(
        adapter=TypeAdapter(model),
        field_types=field_types,
        steps=tuple(steps),
        rules=rules,
        static_required=tuple(
            s.question.id for s in static if s.required is True and not isinstance(s.question, RepeatQuestion)
        ),
        unique=tuple(s.question.id for s in answerable if s.question.type in UNIQUE_LIST_TYPES),
        order={s.question.id: i for i, s in enumerate(steps)},
    )
