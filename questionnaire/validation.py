"""Answer validation, visibility and progress — what the interview screens and the store call."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from questionnaire.answer_model import CompiledGuide, Step, compiled
from questionnaire.conditions import is_answered
from questionnaire.errors import AnswerError, answer_message, pydantic_error_message
from schemas.answers import Answers
from schemas.guide import Guide, RepeatQuestion


def _type_check(
    c: CompiledGuide, raw: Mapping[Any, Any]
) -> tuple[dict[str, Any], dict[str, list[tuple[str, str]]], list[tuple[str, str]]]:
    """Types and formats of every answer: (values, problems per question id, unknown-key problems). A
    problem of a repeat entry's field is reported at that field (``"<question>.<index>.<field>"``)."""
    try:
        return c.adapter.validate_python(raw), {}, []
    except ValidationError:
        pass
    except (RecursionError, ValueError, TypeError):
        pass
    # Slow path, only for bad input: check each answer on its own to report every problem.
    steps = {s.question.id: s for s in c.steps}
    values: dict[str, Any] = {}
    bad: dict[str, list[tuple[str, str]]] = {}
    problems: list[tuple[str, str]] = []
    for key, value in raw.items():
        if not isinstance(key, str) or key not in c.field_types:
            problems.append((str(key), answer_message("unknown_question")))
            continue
        try:
            values[key] = c.field_adapter(key).validate_python(value)
        except ValidationError as exc:
            messages = bad.setdefault(key, [])
            for error in exc.errors():
                error["loc"] = (key, *error["loc"])
                step = steps.get(key)
                labels = step.field_labels if step is not None and isinstance(step.question, RepeatQuestion) else None
                message = pydantic_error_message(error, labels)
                loc = error["loc"]
                # at the field when it is one of the entry's fields (an unknown key stays with the group)
                at_field = labels is not None and len(loc) >= 3 and isinstance(loc[1], int) and loc[2] in labels
                where = f"{key}.{loc[1]}.{loc[2]}" if at_field else key
                if (where, message) not in messages:
                    messages.append((where, message))
        except (RecursionError, ValueError, TypeError):
            bad[key] = [(key, answer_message("invalid"))]
    return values, bad, problems


def _clean_items(step: Step, items: list[dict[str, Any]], partial: bool, problems: list[tuple[str, str]]) -> list[Any]:
    """Repeat group items without empty fields and without empty items; required fields checked.

    A missing required field is reported at the field: ``"<question>.<index>.<field>"``, with the
    entry's position as entered (0-based; the message counts from 1, as the form's "Eintrag 1" does),
    so the form shows it under that field, not under the whole group."""
    question = step.question
    assert isinstance(question, RepeatQuestion)
    kept: list[tuple[int, dict[str, Any]]] = []  # (position as entered, item)
    for index, item in enumerate(items):
        fields = item.values()
        if None in fields or [] in fields or "" in fields:
            item = {k: v for k, v in item.items() if is_answered(v)}
        if item:
            kept.append((index, item))
    for index, item in kept:
        for fid in step.unique_fields:
            if fid in item and len(set(item[fid])) != len(item[fid]):
                message = answer_message("duplicate_items")
                problems.append(
                    (
                        f"{question.id}.{index}.{fid}",
                        answer_message("item_problem", item=index + 1, field=step.field_labels[fid], message=message),
                    )
                )
    if not partial:
        for index, item in kept:
            for fid in step.required_fields:
                if fid not in item:
                    problems.append(
                        (
                            f"{question.id}.{index}.{fid}",
                            answer_message("item_required", item=index + 1, field=step.field_labels[fid]),
                        )
                    )
        if kept and len(kept) < question.min_items:
            problems.append((question.id, answer_message("too_short", min=question.min_items)))
    return [item for _, item in kept]


def validate_answers(guide: Guide, raw: Any, partial: bool = False) -> Answers:
    """Check answers against the guide; raises ``AnswerError`` listing every problem.

    ``partial=True`` accepts a draft: required answers may be missing, present values are checked.
    Values of hidden questions are dropped; empty answers ("" or []) count as unanswered.
    """
    if not isinstance(raw, Mapping):
        raise AnswerError([("", answer_message("not_a_mapping"))])
    c = compiled(guide)
    values, bad, problems = _type_check(c, raw)
    # Every answered value first; questions with rules then, in guide order, drop what is hidden
    # (conditions name only earlier questions, so they see exactly the shown answers before them).
    answers = values.values()
    if None in answers or [] in answers:  # empty texts are None already (see types.text_cleaner)
        values = {k: v for k, v in values.items() if v is not None and v != []}
    cleaned = values  # a fresh dict from the answer model, ours to change
    hidden: set[str] = set()
    for qid, visible, required, constraint, message, repeat_step in c.rules:
        if visible is not None and not visible(cleaned, None):
            hidden.add(qid)
            cleaned.pop(qid, None)
            continue
        value = cleaned.get(qid)
        if repeat_step is not None and value is not None:
            value = _clean_items(repeat_step, value, partial, problems)
            if value:
                cleaned[qid] = value
            else:
                del cleaned[qid]
                value = None
        if value is None:
            if (
                not partial
                and qid not in bad
                and (required is True or (required is not False and required(cleaned, None)))
            ):
                problems.append((qid, answer_message("required")))
        elif constraint is not None and not constraint(cleaned, None):
            problems.append((qid, answer_message("constraint", message=message)))
    if not partial:
        problems.extend((q, answer_message("required")) for q in c.static_required if q not in cleaned and q not in bad)
    for qid in c.unique:
        value = cleaned.get(qid)
        if value is not None and len(value) > 1 and len(set(value)) != len(value):
            problems.append((qid, answer_message("duplicate_items")))
    for qid, messages in bad.items():
        if qid not in hidden:  # answers of hidden questions are dropped, valid or not
            problems.extend(messages)
    if problems:
        order = c.order
        problems.sort(key=lambda p: order.get(p[0].split(".")[0], -1))
        raise AnswerError(problems)
    return Answers.trusted(guide.id, guide.version, cleaned, not partial)


def _draft_values(guide: Guide, values: Mapping[str, Any]) -> tuple[list[tuple[Step, bool]], dict[str, Any]]:
    """Walk the guide in order on raw draft values: (step, visible) and the visible values."""
    shown: dict[str, Any] = {}
    result = []
    for step in compiled(guide).steps:
        visible = step.visible(shown, None)
        result.append((step, visible))
        qid = step.question.id
        if visible and qid in values:
            shown[qid] = values[qid]
    return result, shown


def visible_questions(guide: Guide, values: Mapping[str, Any]) -> set[str]:
    """Ids of the questions (notes included) shown for the answers so far."""
    steps, _ = _draft_values(guide, values)
    return {step.question.id for step, visible in steps if visible}


def progress(guide: Guide, values: Mapping[str, Any]) -> dict[str, tuple[int, int]]:
    """Per section: (answered required questions, required questions), counting visible ones only. The
    required fields of each entry of a repeat block (``required: true``) count one by one: an entry with
    an empty required field keeps its step open, as "Einreichen" would refuse it."""
    steps, shown = _draft_values(guide, values)
    result: dict[str, tuple[int, int]] = {s.id: (0, 0) for s in guide.sections}
    for step, visible in steps:
        if not visible or not step.takes_answer:
            continue
        done, total = result[step.section_id]
        required = step.required if isinstance(step.required, bool) else step.required(shown, None)
        if required:
            done, total = done + int(is_answered(shown.get(step.question.id))), total + 1
        entry_done, entry_total = _entry_fields(step.question, shown.get(step.question.id))
        result[step.section_id] = (done + entry_done, total + entry_total)
    return result


def _entry_fields(question: Any, value: Any) -> tuple[int, int]:
    """(answered, required) fields over the entries of a repeat block; fields shown or required only under
    a condition are left to the full check on submission."""
    if not isinstance(question, RepeatQuestion) or not isinstance(value, list):
        return 0, 0
    fields = [f for f in question.fields if f.required is True and f.show_if is None]
    entries = [e for e in value if isinstance(e, dict)]
    answered = sum(int(is_answered(entry.get(f.id))) for entry in entries for f in fields)
    return answered, len(entries) * len(fields)
