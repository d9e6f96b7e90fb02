"""What a widget function needs besides its question: the guide, languages, keys and problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import streamlit as st


@dataclass
class FieldContext:
    guide: Any  # schemas.guide.Guide
    language: str  # the learner's language ("de": German only)
    key_prefix: str  # f"{interview_id}.{section_id}" — namespaces every widget key
    problems: dict[str, str] = field(default_factory=dict)  # question id -> German message
    disabled: bool = False
    answers: dict[str, Any] | None = None  # the interview's answers in session state (repeat add/remove)
    today: dt.date = field(default_factory=dt.date.today)

    def key(self, *parts: object) -> str:
        return ".".join([self.key_prefix, *(str(p) for p in parts)])


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
