"""Question labels: German for the interviewer, the learner's language next to it.

The German label is the widget's real (accessible) label. The learner's-language label and help are
shown in a small HTML block right below, with ``lang`` and — for Arabic, Persian and other
right-to-left languages — ``dir="rtl"`` and right alignment, its text HTML-escaped. A can-do
statement's block is marked ``learner-tap``: a tap on it ticks the checkbox above it (the page's
script in ``ui.interview_header``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from questionnaire.levels import is_rtl
from ui.text import escape_html, plain_label


def text_of(text: dict[str, str] | None, language: str = "de") -> str:
    if not text:
        return ""
    return text.get(language) or text.get("de") or ""


def german_label(question: Any, *, required: bool | None = None) -> str:
    """The widget label: the guide's German text, with an asterisk when the answer is required
    (``required`` given: whether it is required now, see ``FieldContext.required`` for conditional rules).

    Guide texts may be uploaded by an admin, so Markdown in them is shown as typed (``plain_label``:
    escaped only when it would render, since a widget label is also its ``aria-label`` and ordinary
    labels should reach screen readers without backslashes)."""
    label = plain_label(text_of(question.label))
    is_required = question.required is True if required is None else required
    return f"{label} *" if is_required else label


def german_help(question: Any) -> str | None:
    return plain_label(text_of(question.help)) or None


# Rendered blocks per (label, help, language, tappable): the texts are the guide's (kept for the
# process), so a rerun draws the same strings again. Keyed by the objects' ids; the entry holds the
# objects themselves and is used only while they are the same objects (an id can be reused after an
# object is gone).
_BLOCKS: dict[tuple[int, int, str, bool], tuple[Any, Any, str]] = {}
_BLOCKS_MAX = 4096


def learner_block_html(
    label: dict[str, str] | None, help_text: dict[str, str] | None, language: str, *, tappable: bool = False
) -> str:
    """The HTML of the learner's-language label (and help); empty when German only or untranslated.
    ``tappable``: the block of a checkbox's statement, which a tap on it ticks (class ``learner-tap``)."""
    if language == "de" or not label or not label.get(language):
        return ""
    key = (id(label), id(help_text), language, tappable)
    cached = _BLOCKS.get(key)
    if cached is not None and cached[0] is label and cached[1] is help_text:
        return cached[2]
    block = _block_html(label, help_text, language, tappable)
    if len(_BLOCKS) >= _BLOCKS_MAX:
        _BLOCKS.clear()
    _BLOCKS[key] = (label, help_text, block)
    return block


def _block_html(label: dict[str, str], help_text: dict[str, str] | None, language: str, tappable: bool) -> str:
    direction = "rtl" if is_rtl(language) else "ltr"
    body = escape_html(label[language])
    if help_text and help_text.get(language):
        body += f'<span class="learner-help">{escape_html(help_text[language])}</span>'
    classes = "learner-label learner-tap" if tappable else "learner-label"
    return f'<div class="{classes}" dir="{direction}" lang="{escape_html(language)}">{body}</div>'


def heading_html(
    label: dict[str, str], language: str, *, german: str | None = None, help_text: dict[str, str] | None = None
) -> str:
    """A group's heading: the German text (``german``, e.g. with the required mark, else the label's) in
    bold, the learner's-language block (with ``help_text``) right below — one element (the can-do
    checklists draw one per level, a repeat group one above its entries). HTML, not Markdown: a
    required mark " *" inside Markdown bold ("**Welche Deutschkurse? ***") showed the asterisks."""
    german_html = f'<p class="group-heading"><strong>{escape_html(german or text_of(label))}</strong></p>'
    return german_html + learner_block_html(label, help_text, language)


def section_help_html(title: dict[str, str], help_text: dict[str, str] | None, language: str) -> str:
    """Below a step's heading, one element: the learner's-language title and help, then the German
    help (in that order, as the interviewer reads it out); empty when there is neither."""
    german_help = text_of(help_text)
    return learner_block_html(title, help_text, language) + (
        f'<p class="section-help">{escape_html(german_help)}</p>' if german_help else ""
    )


def learner_label(
    label: dict[str, str] | None, help_text: dict[str, str] | None, language: str, *, tappable: bool = False
) -> None:
    block = learner_block_html(label, help_text, language, tappable=tappable)
    if block:
        st.html(block)
