"""Widget functions for the composite types: repeat groups, can-do checklists and notes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from ui.text import escape_markdown, plain_label
from ui.widgets.context import FieldContext, seed
from ui.widgets.labels import heading_html, learner_label, text_of


def note(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    st.markdown(escape_markdown(text_of(q.label)))
    return None


def can_do_checklist(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    """One compact checklist: the level's question in German and in the learner's language (one HTML
    block), then a statement per checkbox with the learner's-language text under each.

    The learner's text stays a block of its own (not a second paragraph of the checkbox label): a
    label is the checkbox's accessible name and cannot carry ``lang``, so a screen reader would read
    the Arabic text with a German voice at every checkbox (WCAG 3.1.2, language of parts). For the
    learner across the table, a tap on that block ticks the checkbox above it like a tap on the German
    label (``learner-tap``, handled by the page's script in ``ui.interview_header``); keyboard and
    screen-reader users use the checkbox itself."""
    ticked = set(value) if isinstance(value, list) else set()
    with st.container(border=True):
        st.html(heading_html(q.label, ctx.language))
        result = []
        for statement in q.statements:
            skey = f"{key}.{statement.id}"
            seed(skey, statement.id in ticked)  # not value=: see inputs.selectbox
            if st.checkbox(plain_label(text_of(statement.label)), key=skey, disabled=ctx.disabled):
                result.append(statement.id)
            learner_label(statement.label, None, ctx.language, tappable=not ctx.disabled)
    return result


def _remove_item(answers: dict[str, Any], qid: str, index: int, key: str) -> None:
    items = list(answers.get(qid) or [])
    if 0 <= index < len(items):
        items.pop(index)
    answers[qid] = items or None
    _forget_widgets(key)


def _add_item(answers: dict[str, Any], qid: str, key: str) -> None:
    items = list(answers.get(qid) or [])
    items.append({})
    answers[qid] = items


def _forget_widgets(key: str) -> None:
    """Item widgets are keyed by position; after a removal they are seeded again from the answers."""
    for name in [k for k in st.session_state if isinstance(k, str) and k.startswith(f"{key}.")]:
        del st.session_state[name]


def repeat_group(
    ctx: FieldContext, q: Any, value: Any, key: str, render_field: Callable[[FieldContext, Any, Any, str], Any]
) -> Any:
    """The items of a repeat question, each field drawn by ``render_field`` (the package's type table)."""
    items = [dict(item) for item in value if isinstance(item, dict)] if isinstance(value, list) else []
    st.html(heading_html(q.label, ctx.language, german=ctx.label(q), help_text=q.help))
    result = []
    for index, item in enumerate(items):
        with st.container(border=True):
            st.caption(f"Eintrag {index + 1}")
            row = {}
            for sub in q.fields:
                sub_value = render_field(ctx, sub, item.get(sub.id), f"{key}.{index}.{sub.id}")
                if sub_value is not None:
                    row[sub.id] = sub_value
            result.append(row)
            if not ctx.disabled and ctx.answers is not None:
                st.button(
                    f"Eintrag {index + 1} entfernen",
                    key=f"{key}.{index}.__remove",
                    on_click=_remove_item,
                    args=(ctx.answers, q.id, index, key),
                )
    if not ctx.disabled and ctx.answers is not None:
        st.button(
            "Eintrag hinzufügen",
            key=f"{key}.__add",
            icon=":material/add:",
            disabled=len(items) >= q.max_items,
            on_click=_add_item,
            args=(ctx.answers, q.id, key),
        )
    return result or None
