"""What a widget function needs besides its question: the guide, languages, keys and problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from ui.widgets.labels import german_label


@dataclass
class FieldContext:
    guide: Any  # schemas.guide.Guide
    language: str  # the learner's language ("de": German only)
    key_prefix: str  # f"{interview_id}.{section_id}" — namespaces every widget key
    problems: dict[str, str] = field(default_factory=dict)  # question id -> German message
    disabled: bool = False
    # the interview's answers in session state (repeat add/remove, conditional required rules)
    answers: dict[str, Any] | None = None

    def key(self, *parts: object) -> str:
        return ".".join([self.key_prefix, *(str(p) for p in parts)])

    def label(self, question: Any) -> str:
        """The widget's German label, with "*" when an answer is required now."""
        return german_label(question, required=self.required(question))

    def required(self, question: Any) -> bool:
        """Whether ``question`` must be answered now: ``required: true``, or a ``required:`` condition
        that the current answers meet (evaluated by the engine, as submitting will)."""
        rule = getattr(question, "required", False)
        if isinstance(rule, bool) or rule is None:
            return bool(rule)
        if self.answers is None:
            return False
        return required_now(self.guide, self.answers, question.id)


def required_now(guide: Any, answers: dict[str, Any], question_id: str) -> bool:
    """The engine's conditional ``required`` rule of one top-level question on the answers shown so far
    (hidden answers do not count, as in ``questionnaire.progress``)."""
    from questionnaire.answer_model import compiled
    from ui import services

    step = next((s for s in compiled(guide).steps if s.question.id == question_id), None)
    if step is None or isinstance(step.required, bool):
        return bool(step and step.required)
    visible = services.visible_ids(guide, answers)
    shown = {qid: value for qid, value in answers.items() if qid in visible}
    return bool(step.required(shown, None))


def seed(key: str, value: Any) -> None:
    """Puts the stored answer into a widget's state before the widget is created.

    Widgets are created without ``value=``/``index=`` so that state and default never disagree; a
    widget not rendered in a rerun loses its state and is seeded again from the stored answer."""
    if key not in st.session_state:
        st.session_state[key] = value


def show_problem(problems: dict[str, str], question_id: str) -> None:
    """The validation message of ``question_id`` (if any), drawn right under its field."""
    message = problems.get(question_id)
    if message:
        st.error(message, icon=":material/error:")
