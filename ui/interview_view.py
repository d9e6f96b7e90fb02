"""One interview read-only: answers, results, review comments, history with a diff per revision,
and "Interview als PDF". A returned interview can be reopened for editing from here.

Page ``/ansicht?id=N``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import store
from certificates.interview_record import RecordHeader, format_answer, record_rows, render_interview_record
from ui import history, interview_state, navigation, services, session
from ui.interview_header import LANGUAGE_NAMES, STATUS_LABELS, when
from ui.summary import LITERACY_LABELS

ROLES = (navigation.INTERVIEWER, navigation.PROVIDER_ADMIN)


def _results(view: Any) -> None:
    score = view.score or {}
    if not score:
        return
    st.subheader("Ergebnis")
    labels = score.get("skill_labels", {})
    for skill, level in (score.get("levels") or {}).items():
        st.markdown(f"**{labels.get(skill, skill)}: {level}**")
        explanation = (score.get("explanations") or {}).get(skill)
        if explanation:
            st.caption(explanation)
    if score.get("override_reason"):
        st.markdown("**Begründung der Abweichung:**")
        st.text(score["override_reason"])
    if score.get("literacy"):
        st.markdown(f"**Alphabetisierung:** {LITERACY_LABELS.get(score['literacy'], score['literacy'])}")
    recommendation = score.get("recommendation")
    if recommendation:
        st.markdown(f"**Kursempfehlung:** {recommendation.get('course_label', '')}")
        st.caption(recommendation.get("reason", ""))


def _answers(guide: Any, view: Any) -> None:
    st.subheader("Antworten")
    visible = services.visible_ids(guide, view.answers)
    sections: dict[str, list[str]] = {}
    for row in record_rows(guide, view.answers, "de", visible):
        sections.setdefault(row.section, []).append(f"{row.label}\n    {row.answer}")
    for title, lines in sections.items():
        with st.expander(title):
            st.text("\n\n".join(lines))


def _change_line(guide: Any, qid: str, old: Any, new: Any) -> str:
    question = guide.question(qid)
    if question is None:
        return f"{qid}: {old} → {new}"
    label = guide.text(question.label)
    if question.type in ("can_do", "multi_choice"):
        added, removed = history.list_change(old, new)
        texts = (
            {statement.id: guide.text(statement.label) for statement in question.statements}
            if question.type == "can_do"
            else {c.value: guide.text(c.label) for c in guide.choices_of(question)}
        )
        parts = [f"+ {texts.get(v, v)}" for v in added] + [f"− {texts.get(v, v)}" for v in removed]
        return f"{label}:\n    " + "\n    ".join(parts)
    return f"{label}: {format_answer(guide, question, old)} → {format_answer(guide, question, new)}"


def _history(actor: Any, guide: Any, view: Any) -> None:
    entries = history.group_revisions(store.history(actor, view.id))
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
            st.caption(f"von {entry.changed_by}{where}{saves}")
            lines = [_change_line(guide, qid, old, new) for qid, (old, new) in entry.diff.items()]
            if lines:
                st.text("\n".join(lines))
    events = store.review_events(actor, view.id)
    if events:
        with st.expander(f"Prüfung und Kommentare ({len(events)})"):
            for event in events:
                st.markdown(f"**{when(event.at)} · {STATUS_LABELS.get(event.to_status or '', event.kind)}**")
                st.caption(f"von {event.actor}")
                if event.comment:
                    st.text(event.comment)


def _pdf(guide: Any, view: Any) -> bytes:
    learner = view.learner
    header = RecordHeader(
        interview_id=view.id,
        learner_name=learner.full_name,
        birth_date=learner.birth_date.strftime("%d.%m.%Y") if learner.birth_date else "–",
        provider=view.provider_name,
        status=STATUS_LABELS.get(view.status, view.status),
        interviewer=view.interviewer or "–",
        guide=f"{guide.text(guide.title)} (Version {view.guide_version})",
        updated=when(view.updated_at),
        language_name=LANGUAGE_NAMES.get(view.learner_language, view.learner_language),
    )
    levels = {k: v for k, v in (view.levels or {}).items() if v}
    visible = services.visible_ids(guide, view.answers)
    return render_interview_record(
        guide, view.answers, header, language=view.learner_language, visible=visible, levels=levels
    )


def render() -> None:
    actor = session.require_role(*ROLES)
    interview_id = interview_state.interview_id_from_query()
    if interview_id is None:
        st.info("Bitte wählen Sie ein Interview auf der Startseite.")
        return
    notice = st.session_state.pop("view.notice", None)
    if notice:
        st.success(notice)
    view = store.get_interview_for(actor, interview_id)
    guide = services.guide_for(view)
    st.title("Interview ansehen")
    birth = view.learner.birth_date.strftime("%d.%m.%Y") if view.learner.birth_date else "–"
    st.text(f"{view.learner.full_name} · geb. {birth}")
    st.caption(f"Status: {STATUS_LABELS.get(view.status, view.status)} · zuletzt geändert {when(view.updated_at)}")
    if view.status == "returned":
        with st.container(border=True):
            st.markdown("**Zurückgegeben von der Beratungsstelle – Kommentar:**")
            st.text(view.last_comment or "")
            st.page_link(
                navigation.page("interview"),
                label="Überarbeiten",
                query_params={"id": str(view.id)},
                icon=":material/edit:",
            )
    elif view.status == "draft":
        st.page_link(navigation.page("interview"), label="Weiter bearbeiten", query_params={"id": str(view.id)})
    st.download_button(
        "Interview als PDF",
        data=_pdf(guide, view),
        file_name=f"interview-{view.id}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
    )
    _results(view)
    _answers(guide, view)
    _history(actor, guide, view)


if __name__ == "__main__":
    render()
