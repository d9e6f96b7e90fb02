"""The "Interview als PDF" renderer on its own: read back with pypdf, deterministic, markup-safe."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from documents.interview_record import UNDRAWABLE, RecordHeader, record_rows, render_interview_record
from questionnaire import guide_by_version, visible_questions
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
    guide = guide_by_version("sprachstand", 1)
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
    guide = guide_by_version("sprachstand", 1)
    first = render_interview_record(guide, interview(), HEADER)
    assert first == render_interview_record(guide, interview(), HEADER)
    reader = PdfReader(io.BytesIO(first))
    assert reader.metadata is not None and reader.metadata.title == "Interview-Protokoll 7"


def test_text_the_font_cannot_draw_is_replaced_by_a_note() -> None:
    guide = guide_by_version("sprachstand", 1)
    # Arabic is shaped and printed now (tests/documents/test_interview_record_languages.py); Chinese is not in the font
    text = _text(render_interview_record(guide, interview(education_notes="你好世界"), HEADER))
    assert UNDRAWABLE.split(" –")[0] in text.replace("\n", " ")


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def test_multi_line_latin_answer_prints_as_lines_not_as_the_note() -> None:
    guide = guide_by_version("sprachstand", 1)
    answers = interview(address="Hauptstr. 5\r\n12345 Musterstadt", education_notes="Zeile eins\n\tZeile zwei")
    lines = [line.strip() for line in _text(render_interview_record(guide, answers, HEADER)).splitlines()]
    assert "Hauptstr. 5" in lines and "12345 Musterstadt" in lines
    assert "Zeile eins" in lines and "Zeile zwei" in lines
    assert UNDRAWABLE.split(" –")[0] not in " ".join(lines)


def test_only_the_line_the_font_cannot_draw_is_replaced() -> None:
    guide = guide_by_version("sprachstand", 1)
    answers = interview(address="Hauptstr. 5\n北京")
    text = _text(render_interview_record(guide, answers, HEADER)).replace("\n", " ")
    assert "Hauptstr. 5" in text and UNDRAWABLE.split(" –")[0] in text


def test_levels_are_named_in_german_in_the_guides_skill_order() -> None:
    guide = guide_by_version("sprachstand", 1)
    levels = {"writing": "A2", "spoken_interaction": "A2", "listening": "A2", "reading": "A1"}
    text = _text(render_interview_record(guide, interview(), HEADER, levels=levels)).replace("\n", " ")
    assert "Hören: A2, Lesen: A1, An Gesprächen teilnehmen: A2, Schreiben: A2" in text
    assert "spoken_interaction" not in text and "listening" not in text


def test_every_page_names_the_learner_the_interview_and_its_page_number() -> None:
    guide = guide_by_version("sprachstand", 1)
    answers = interview()
    visible = set(visible_questions(guide, answers))
    pages = _pages(render_interview_record(guide, answers, HEADER, language="ar", visible=visible))
    assert len(pages) > 1
    for number, text in enumerate(pages, start=1):
        flat = " ".join(text.split())
        assert f"Seite {number} von {len(pages)}" in flat
        assert "Haddad, Amal Yusuf" in flat and "Interview Nr. 7" in flat


def test_footer_shortens_a_long_name_and_leaves_out_one_the_font_cannot_draw() -> None:
    guide = guide_by_version("sprachstand", 1)
    long_name = "Abdel-Rahman Al-Khatib, " + " ".join(["Mohammed"] * 12)
    for name, expected in ((long_name, "Abdel-Rahman Al-Khatib, Mohammed Mohammed"), ("حداد، أمل", "Interview Nr. 7")):
        pages = _pages(render_interview_record(guide, interview(), dataclasses.replace(HEADER, learner_name=name)))
        for number, text in enumerate(pages, start=1):
            footer = text.splitlines()[-2:]
            assert expected in footer[0] and "Interview Nr. 7" in footer[0] and long_name not in footer[0]
            assert footer[1] == f"Seite {number} von {len(pages)}"
            assert UNDRAWABLE.split(" –")[0] not in footer[0]
