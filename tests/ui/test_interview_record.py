"""The "Interview als PDF" renderer on its own: read back with pypdf, deterministic, markup-safe."""

from __future__ import annotations

import io

from pypdf import PdfReader

from certificates.interview_record import UNDRAWABLE, RecordHeader, record_rows, render_interview_record
from questionnaire import active_guide, visible_questions
from tests.questionnaire.test_real_guide import interview

HEADER = RecordHeader(
    interview_id=7,
    learner_name="Haddad, Amal Yusuf",
    birth_date="02.03.1991",
    provider="VHS Musterstadt",
    status="Eingereicht",
    interviewer="Ina",
    guide="Gemeinsamer Interviewleitfaden (Version 1)",
    updated="01.02.2026 10:00",
    language_name="Ukrainisch",
)


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_every_visible_question_with_german_and_learner_label_and_answer() -> None:
    guide = active_guide()
    answers = interview(education_notes="Notiz mit <b>Markup</b> & <font color=red>Farbe</font>")
    visible = set(visible_questions(guide, answers))
    data = render_interview_record(guide, answers, HEADER, language="uk", visible=visible)
    text = _text(data)
    assert "Haddad, Amal Yusuf" in text and "Familienname" in text
    assert "Прізвище" in text  # Ukrainian label of family_name
    assert "<b>Markup</b> & <font color=red>Farbe</font>" in text.replace("\n", " ")
    assert "Syrien" in text  # choices printed by their German label, not their code
    rows = record_rows(guide, answers, "uk", visible)
    assert {r.question_id for r in rows} == {q for q in visible if guide.question(q).type != "note"}


def test_same_input_same_bytes_and_metadata() -> None:
    guide = active_guide()
    first = render_interview_record(guide, interview(), HEADER)
    assert first == render_interview_record(guide, interview(), HEADER)
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata is not None and reader.metadata.title == "Interview-Protokoll 7"


def test_text_the_font_cannot_draw_is_replaced_by_a_note() -> None:
    guide = active_guide()
    text = _text(render_interview_record(guide, interview(education_notes="مرحبا بالعالم"), HEADER))
    assert UNDRAWABLE.split(" –")[0] in text.replace("\n", " ")
