"""Widget functions for the single-value question types. Each takes (context, question, stored
value, widget key) and returns the answer value in its JSON form (None when unanswered)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from ui.text import escape_html, plain_label
from ui.widgets.context import FieldContext, seed
from ui.widgets.labels import german_help, learner_block_html, text_of

YES_NO_LABELS = {True: "Ja", False: "Nein"}
RADIO_MAX_CHOICES = 5  # up to this many choices as radio buttons (one tap), more as a select box
# The date widget's technical range (its calendar needs one); the guide's own bounds are checked by the engine.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)


def _text_or_none(value: str | None) -> str | None:
    return value if value and value.strip() else None


def text_input(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    seed(key, value if isinstance(value, str) else "")
    return _text_or_none(
        st.text_input(ctx.label(q), key=key, max_chars=q.max_length, help=german_help(q), disabled=ctx.disabled)
    )


def text_area(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    seed(key, value if isinstance(value, str) else "")
    return _text_or_none(
        st.text_area(ctx.label(q), key=key, max_chars=q.max_length, help=german_help(q), disabled=ctx.disabled)
    )


def _number(ctx: FieldContext, q: Any, value: Any, key: str, *, integer: bool) -> Any:
    if integer:
        seed(key, value if isinstance(value, int) and not isinstance(value, bool) else None)
    else:
        seed(key, float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None)
    # No min_value/max_value: Streamlit would refuse a value outside them in the browser (an English
    # tooltip, the old value kept); the engine checks the guide's bounds and says so in German at the field.
    result = st.number_input(
        ctx.label(q),
        step=1 if integer else 0.5,
        format="%d" if integer else None,
        key=key,
        help=german_help(q),
        placeholder="keine Angabe",
        disabled=ctx.disabled,
    )
    if result is None:
        return None
    return int(result) if integer else float(result)


def number_input_int(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    return _number(ctx, q, value, key, integer=True)


def number_input(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    return _number(ctx, q, value, key, integer=False)


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def date_input(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    """A date typed as TT.MM.JJJJ or picked. The widget only gets a wide technical range (its calendar
    needs one): the guide's bounds (``min``, ``max``, ``not_future``) are the engine's to check, so a
    date outside them stays in the field with the engine's German message below it — Streamlit would
    silently put the old value back and explain it only in an English tooltip."""
    seed(key, _as_date(value))
    lo, hi = EARLIEST_DATE, LATEST_DATE
    # A stored value outside the range must still show (validation explains it), never crash the widget.
    current = st.session_state.get(key)
    if isinstance(current, dt.date):
        lo, hi = min(lo, current), max(hi, current)
    result = st.date_input(
        ctx.label(q),
        min_value=lo,
        max_value=hi,
        key=key,
        format="DD.MM.YYYY",
        help=german_help(q),
        disabled=ctx.disabled,
    )
    return result.isoformat() if isinstance(result, dt.date) else None


def draws_radio(ctx: FieldContext, q: Any, widget: str) -> bool:
    """Whether the question is drawn as radio buttons (yes/no, or a single choice of few options)."""
    return widget == "yes_no_radio" or (widget == "selectbox" and len(_choice_labels(ctx, q)) <= RADIO_MAX_CHOICES)


def _radio(ctx: FieldContext, q: Any, options: list[Any], **kwargs: Any) -> Any:
    """Radio buttons with the question in both languages ABOVE the options: the German label and help,
    then the learner's-language block (one HTML element; the radio's own label is hidden but stays its
    accessible name). The learner reads the question before the answers. German only: Streamlit's label
    with its help tooltip, as for the other widgets."""
    label, help_text = ctx.label(q), german_help(q)
    option_label = kwargs.get("format_func", str)
    kwargs["format_func"] = lambda value: plain_label(option_label(value))  # radio options render Markdown
    learner = learner_block_html(q.label, q.help, ctx.language)
    if not learner:
        return st.radio(label, options, help=help_text, **kwargs)
    # the HTML block escapes HTML itself: the guide's texts as typed, not their Markdown-escaped form
    typed_label = text_of(q.label) + (" *" if ctx.required(q) else "")
    typed_help = text_of(q.help)
    st.html(
        f'<p class="field-label">{escape_html(typed_label)}</p>'
        + (f'<p class="field-help">{escape_html(typed_help)}</p>' if typed_help else "")
        + learner
    )
    return st.radio(label, options, label_visibility="collapsed", **kwargs)


def yes_no_radio(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    seed(key, value if isinstance(value, bool) else None)
    return _radio(
        ctx,
        q,
        [True, False],
        index=None,
        format_func=YES_NO_LABELS.__getitem__,
        horizontal=True,
        key=key,
        disabled=ctx.disabled,
    )


# Choice labels per (guide, question, language); the entry keeps both objects and is used only while
# they are the same objects (guides are kept for the process and never change).
_LABELS: dict[tuple[int, int, str], tuple[Any, Any, dict[str, str]]] = {}
_LABELS_MAX = 4096


def _choice_labels(ctx: FieldContext, q: Any) -> dict[str, str]:
    key = (id(ctx.guide), id(q), ctx.language)
    cached = _LABELS.get(key)
    if cached is not None and cached[0] is ctx.guide and cached[1] is q:
        return cached[2]
    labels = _build_choice_labels(ctx, q)
    if len(_LABELS) >= _LABELS_MAX:
        _LABELS.clear()
    _LABELS[key] = (ctx.guide, q, labels)
    return labels


# First-strong isolate … pop directional isolate: each half of "German · learner's language" keeps its own
# direction, so "Syrien · سوريا" or "A2 (مستوى)" never swap their order inside the other half's text.
FSI, PDI = "\u2068", "\u2069"


def _build_choice_labels(ctx: FieldContext, q: Any) -> dict[str, str]:
    """Every choice in German and in the learner's language (long lists too: the select box's search then
    finds a country or language by either name, and every translated choice is shown to someone)."""
    choices = ctx.guide.choices_of(q)
    bilingual = ctx.language != "de"
    labels = {}
    for choice in choices:
        german = text_of(choice.label)
        other = text_of(choice.label, ctx.language) if bilingual else ""
        labels[choice.value] = f"{FSI}{german}{PDI} · {FSI}{other}{PDI}" if other and other != german else german
    return labels


def selectbox(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    labels = _choice_labels(ctx, q)
    options = list(labels)
    common: dict[str, Any] = {"format_func": labels.__getitem__, "key": key, "disabled": ctx.disabled, "index": None}
    # The answer goes in through session state (``seed``), never as index=: a widget keyed by its key
    # alone takes a new default only on the server, while the browser keeps showing (and sends back)
    # the old value after its state was dropped; and Streamlit offers a select box's clear cross only
    # without a default.
    seed(key, value if value in labels else None)
    if draws_radio(ctx, q, "selectbox"):
        return _radio(ctx, q, options, **common)
    return st.selectbox(ctx.label(q), options, placeholder="Bitte auswählen", help=german_help(q), **common)


def multiselect(ctx: FieldContext, q: Any, value: Any, key: str) -> Any:
    labels = _choice_labels(ctx, q)
    seed(key, [v for v in value if v in labels] if isinstance(value, list) else [])
    result = st.multiselect(
        ctx.label(q),
        list(labels),
        format_func=labels.__getitem__,
        key=key,
        help=german_help(q),
        max_selections=q.max_selected,
        placeholder="Bitte auswählen (mehrere möglich)",
        select_all=False,  # Streamlit's bulk action is labelled "Select all" (English only)
        disabled=ctx.disabled,
    )
    return list(result) or None
