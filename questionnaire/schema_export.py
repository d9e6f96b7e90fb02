"""JSON Schema of the complete answers of a guide version (for other systems and the benchmark)."""

from __future__ import annotations

from typing import Any

from questionnaire.answer_model import compiled
from schemas.guide import Guide


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    """Complete answers carry no nulls (unanswered questions are left out)."""
    options = schema.get("anyOf")
    if isinstance(options, list) and len(options) == 2 and {"type": "null"} in options:
        inner = next(o for o in options if o != {"type": "null"})
        rest = {k: v for k, v in schema.items() if k not in ("anyOf", "default")}
        return {**inner, **rest}
    return schema


def answers_json_schema(guide: Guide) -> dict[str, Any]:
    """Draft 2020-12 schema: types, formats, choices, lengths and ranges of every answer; questions
    that are always shown and always required are listed as required. Conditional rules (show_if,
    conditional required, constraints) stay with the engine and are described in the titles."""
    schema = compiled(guide).adapter.json_schema()
    properties: dict[str, Any] = schema.get("properties", {})
    required = []
    for step in compiled(guide).steps:
        question = step.question
        if question.id not in properties:
            continue
        prop = _without_null(properties[question.id])
        prop["title"] = guide.text(question.label)
        if question.show_if is not None:
            prop["description"] = "Nur gestellt, wenn die Bedingung des Leitfadens zutrifft."
        properties[question.id] = prop
        if step.required is True and question.show_if is None and _section_always_shown(guide, step.section_id):
            required.append(question.id)
    for definition in schema.get("$defs", {}).values():
        for key, prop in list(definition.get("properties", {}).items()):
            definition["properties"][key] = _without_null(prop)
    schema.update(
        {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"urn:sprachstand:guide:{guide.id}:v{guide.version}:answers",
            "title": f"{guide.text(guide.title)} (Version {guide.version}) – vollständige Antworten",
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
    )
    return schema


def _section_always_shown(guide: Guide, section_id: str) -> bool:
    return all(s.show_if is None for s in guide.sections if s.id == section_id)
