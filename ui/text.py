"""Showing text that people typed (learner data, comments) as plain text, never as Markdown or HTML.

Streamlit escapes HTML but still renders Markdown (links, images, ``:color[]``, LaTeX) in
``st.markdown``, ``st.write``, alerts and widget labels. Everything a user entered goes through
one of these helpers before it reaches such an element; ``st.text`` needs no escaping.
"""

from __future__ import annotations

import html
import re

# Every character that can start or close Markdown (CommonMark + Streamlit's extensions:
# ``:color[..]`` directives, ``$`` LaTeX, ``~`` strikethrough) gets a backslash in front.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^])")


def escape_markdown(value: object) -> str:
    """The text with every Markdown control character escaped, so it shows exactly as typed."""
    text = "" if value is None else str(value)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # Line breaks inside user text must stay line breaks, not paragraph/heading syntax.
    return text.replace("\n", "  \n")


# What makes Markdown *do* something in a label: links and images (brackets), Streamlit's directives
# (``:red[..]``, ``:material/icon:``), LaTeX (``$``), code, HTML-like tags, emphasis, headings, quotes,
# lists and bare addresses (GFM autolinks ``https://`` and ``www.``).
_ACTIVE_MARKDOWN = re.compile(
    r"[\[\]$`<>*_~|\\]|https?:|www\.|:\w[\w/-]*:|^\s*[#>+-]|^\s*\d+[.)]\s", re.IGNORECASE | re.MULTILINE
)


def plain_label(value: object) -> str:
    """A widget label, option or help text from a guide, shown as typed: escaped like ``escape_markdown``
    when it holds anything Markdown would render, otherwise unchanged. A widget's label is also its
    accessible name, so an ordinary label ("Geburtsdatum (TT.MM.JJJJ)") reaches screen readers without
    the backslashes that escaping every period and parenthesis would put there."""
    text = "" if value is None else str(value)
    return escape_markdown(text) if _ACTIVE_MARKDOWN.search(text) else text


def escape_html(value: object) -> str:
    """The text escaped for an HTML block (``st.html``), quotes included."""
    return html.escape("" if value is None else str(value), quote=True)


def amount(n: int, one: str, many: str) -> str:
    """A count with its noun in the right number: "1 Interview", "3 Interviews", "0 Interviews"."""
    return f"{n} {one if n == 1 else many}"


MONTHS_SHORT = ("Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.")


def month_label(key: str) -> str:
    """A month "2025-10" as people write it: "Okt. 2025" (Duden's abbreviations)."""
    return f"{MONTHS_SHORT[int(key[5:7]) - 1]} {key[:4]}"


def day(value: object) -> str:
    """A date as the pages show it: TT.MM.JJJJ, or "–" when there is none."""
    return f"{value:%d.%m.%Y}" if value else "–"


def when(value: object) -> str:
    """A moment as the pages show it: TT.MM.JJJJ HH:MM, or "–" when there is none."""
    return f"{value:%d.%m.%Y %H:%M}" if value else "–"


def one_line(value: object, limit: int = 80) -> str:
    """A short single-line preview of a longer text (for tables and lists)."""
    text = " ".join(("" if value is None else str(value)).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
