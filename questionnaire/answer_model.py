"""Step 3 of the pipeline: the artefacts built once per guide version and cached on the guide —
the pydantic answer model (a TypeAdapter of a TypedDict) and the compiled per-question steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NotRequired

from pydantic import ConfigDict, TypeAdapter
from typing_extensions import TypedDict

from questionnaire.conditions import Predicate, compile_condition
from questionnaire.types import QUESTION_TYPES
from schemas.guide import AllCondition, AnyQuestion, Guide, RepeatQuestion, Section


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
    required_fields: tuple[str, ...] = ()  # repeat groups: ids of fields required in every item
    field_labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CompiledGuide:
    adapter: TypeAdapter[Any]
    field_types: dict[str, Any]
    steps: tuple[Step, ...]
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
    artefact = guide._artefacts.get("compiled")
    if artefact is None:
        artefact = _build(guide)
        guide._artefacts["compiled"] = artefact
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
        constraint = question.constraint
        required_fields: tuple[str, ...] = ()
        labels: dict[str, str] = {}
        if isinstance(question, RepeatQuestion):
            required_fields = tuple(f.id for f in question.fields if f.required is True)
            labels = {f.id: guide.text(f.label) for f in question.fields}
        steps.append(
            Step(
                section_id=section.id,
                question=question,
                visible=_visibility(section, question, guide),
                required=required,
                constraint=compile_condition(constraint.rule, guide) if constraint else None,
                constraint_message=guide.text(constraint.message) if constraint else "",
                takes_answer=takes_answer,
                required_fields=required_fields,
                field_labels=labels,
            )
        )
    fields = {qid: NotRequired[annotation | None] for qid, annotation in field_types.items()}
    model = TypedDict(f"Answers_{guide.id}_v{guide.version}", fields, total=False)  # type: ignore[misc]
    model.__pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[attr-defined]
    return CompiledGuide(adapter=TypeAdapter(model), field_types=field_types, steps=tuple(steps))
