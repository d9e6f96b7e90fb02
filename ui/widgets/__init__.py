"""Questions rendered by type: ONE table from the engine's widget name to a widget function.

``questionnaire.types.QUESTION_TYPES`` maps each question type to a widget name; ``WIDGETS`` maps
that name to the function that draws it. Adding a type is one row there and one function here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from questionnaire.types import widget_for
from ui.widgets import groups, inputs
from ui.widgets.context import FieldContext, show_problem
from ui.widgets.labels import learner_label

Widget = Callable[[FieldContext, Any, Any, str], Any]


def _repeat_group(ctx: FieldContext, question: Any, value: Any, key: str) -> Any:
    """A repeat group draws its fields through ``render_field``, handed in: groups cannot import it back."""
    return groups.repeat_group(ctx, question, value, key, render_field)


WIDGETS: dict[str, Widget] = {
    "text_input": inputs.text_input,
    "text_area": inputs.text_area,
    "number_input_int": inputs.number_input_int,
    "number_input": inputs.number_input,
    "date_input": inputs.date_input,
    "yes_no_radio": inputs.yes_no_radio,
    "selectbox": inputs.selectbox,
    "multiselect": inputs.multiselect,
    "repeat_group": _repeat_group,
    "note": groups.note,
    "can_do_checklist": groups.can_do_checklist,
}

# Types that draw their own learner's-language text (inside the group) instead of one block below;
# radio buttons draw it above their options (``inputs.draws_radio``).
_OWN_LEARNER_TEXT = frozenset({"repeat_group", "can_do_checklist"})


def render_field(ctx: FieldContext, question: Any, value: Any, key: str) -> Any:
    """Draws one question (German label, learner's-language label, problem) and returns its answer."""
    widget = widget_for(question)
    result = WIDGETS[widget](ctx, question, value, key)
    if widget not in _OWN_LEARNER_TEXT and not inputs.draws_radio(ctx, question, widget):
        learner_label(question.label, question.help, ctx.language)
    problem_id = question.id if key.count(".") <= 2 else key.split(".", 2)[2]
    show_problem(ctx.problems, problem_id)
    _guide_message_for_learner(ctx, question, ctx.problems.get(problem_id))
    return result


def _guide_message_for_learner(ctx: FieldContext, question: Any, message: str | None) -> None:
    """A refused answer whose message is the guide's own (a constraint or pattern message) is explained in
    the learner's language too, right under the German message: the learner reads along and can correct."""
    if not message or ctx.language == "de":
        return
    constraint = getattr(question, "constraint", None)
    for text in (getattr(constraint, "message", None), getattr(question, "pattern_message", None)):
        if text and text.get("de") == message and text.get(ctx.language):
            learner_label(text, None, ctx.language)
            return


def render_question(ctx: FieldContext, question: Any, value: Any) -> Any:
    """A top-level question of a section, keyed ``f"{interview_id}.{section_id}.{question_id}"``."""
    return render_field(ctx, question, value, ctx.key(question.id))


__all__ = ["WIDGETS", "FieldContext", "render_field", "render_question"]
