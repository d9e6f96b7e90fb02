"""How one interview's answers and history are shown — the same on the interviewer's read-only view
(``ui/interview_view.py``) and on the counseling office's review page (``ui/review_detail.py``)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from documents.answers import texts_of
from documents.interview_record import answer_text, record_rows
from ui import history, services
from ui.text import when


def answers(guide: Any, values: dict[str, Any], *, expanded: bool = False) -> None:
    """Every visible question with its answer, one box per section; full text, nothing cut off
    (typed answers are shown as plain text)."""
    st.subheader("Antworten")
    visible = services.visible_ids(guide, values)
    sections: dict[str, list[str]] = {}
    for row in record_rows(guide, values, "de", set(visible)):
        sections.setdefault(row.section, []).append(f"{row.label}\n    {row.answer}")
    for title, lines in sections.items():
        with st.expander(title, expanded=expanded):
            st.text("\n\n".join(lines))


def _change_line(guide: Any, qid: str, old: Any, new: Any) -> str:
    question = guide.question(qid)
    if question is None:
        return f"{qid}: {old} → {new}"
    label = guide.text(question.label)
    if question.type in ("can_do", "multi_choice"):
        added, removed = history.list_change(old, new)
        texts = texts_of(guide, question).choices  # choice labels, or the can-do statements
        parts = [f"+ {texts.get(v, v)}" for v in added] + [f"− {texts.get(v, v)}" for v in removed]
        return f"{label}:\n    " + "\n    ".join(parts)
    return f"{label}: {answer_text(guide, question, old)} → {answer_text(guide, question, new)}"


def revisions(guide: Any, saved: list[Any]) -> None:
    """The history (``store.history``) grouped into entries of work (``ui.history``), newest first."""
    entries = history.group_revisions(saved)
    sections = {s.id: guide.text(s.title) for s in guide.sections}
    with st.expander(f"Verlauf ({len(entries)} {'Eintrag' if len(entries) == 1 else 'Einträge'})"):
        st.caption(
            "Jede Eingabe wird sofort gespeichert; aufeinanderfolgende Speicherungen derselben Person im selben "
            "Abschnitt sind hier zu einem Eintrag zusammengefasst."
        )
        for entry in reversed(entries):
            span = when(entry.first_at)
            if entry.last_at != entry.first_at:
                span += f"–{entry.last_at.strftime('%H:%M')}"
            st.markdown(f"**{span} · {entry.title}**")
            where = f" · Abschnitt „{sections[entry.section]}“" if entry.section in sections else ""
            saves = f" · {entry.saves} Speicherungen" if entry.saves > 1 else ""
            st.text(f"von {entry.changed_by}{where}{saves}")
            lines = [_change_line(guide, qid, old, new) for qid, (old, new) in entry.diff.items()]
            if lines:
                st.text("\n".join(lines))
