"""Issue 16 item 14, the interview PDF: in the learner's language for every language of the guides
(Arabic and Persian shaped, right to left), the result with literacy and recommendation, ticked
can-do statements as a list, and the interview's own date. Read back with pypdf."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any

import pytest
from pypdf import PdfReader

from documents.interview_record import UNDRAWABLE, RecordHeader, render_interview_record
from questionnaire import available_guides, guide_by_version, score, validate_answers
from questionnaire.samples import sample_answers
from schemas.guide import CanDoQuestion, Guide
from schemas.vocabulary import Literacy

HEADER = RecordHeader(
    interview_id=4711,
    learner_name="Haddad, Omar",
    birth_date="17.05.1988",
    provider="VHS Musterstadt",
    status="Freigegeben",
    interviewer="Ina Interview",
    guide="Gemeinsamer Interviewleitfaden (Version 1)",
    updated="01.12.2026 10:15",
    language_name="Arabisch",
    created="28.11.2026",
)
HELD = dt.datetime(2026, 11, 28, 9, 30)
GUIDES = sorted({(g.id, g.version) for g in available_guides()})
# Arabic presentation forms: what shaped Arabic-script text is drawn with
PRESENTATION_FORMS = (range(0xFB50, 0xFE00), range(0xFE70, 0xFF00))


def _answers(guide: Guide) -> dict[str, Any]:
    answers = sample_answers(guide, seed=3, today=dt.date(2026, 11, 28))
    mine = {"family_name": "Haddad", "given_names": "Omar", "birth_date": "1988-05-17", "consent_processing": True}
    answers.update({k: v for k, v in mine.items() if guide.question(k) is not None})
    return answers


def _render(guide: Guide, language: str, **kw: Any) -> bytes:
    answers = _answers(guide)
    stored = score(guide, validate_answers(guide, answers)).model_dump(mode="json")
    return render_interview_record(guide, answers, HEADER, language=language, score=stored, created_at=HELD, **kw)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _readable(text: str) -> str:
    """Extracted text as letters: presentation forms back to the base letters (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def _shows(text: str, phrase: str) -> bool:
    """Whether ``phrase`` is printed: as it is, or (right to left, drawn in visual order) reversed."""
    lines = [" ".join(_readable(line).split()) for line in text.splitlines()]
    return any(phrase in line or phrase[::-1] in line for line in lines)


def _fonts(pdf: bytes) -> list[Any]:
    fonts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.append(font.get_object())
    return fonts


@pytest.mark.parametrize(("guide_id", "version"), GUIDES)
def test_every_guide_language_is_printed_with_an_embedded_font(guide_id: str, version: int) -> None:
    guide = guide_by_version(guide_id, version)
    assert {"ar", "fa", "uk", "ru", "tr", "en"} <= set(guide.languages)
    family = guide.question("family_name")
    assert family is not None
    for language in guide.languages:
        pdf = _render(guide, language)
        text = _text(pdf)
        assert UNDRAWABLE.split(" –")[0] not in text.replace("\n", " ")
        assert "englische Übersetzung" not in text  # no English stand-in any more
        assert "Familienname" in text
        assert _shows(text, family.label[language]), (language, family.label[language])
        for font in _fonts(pdf):  # every font embedded (a subset of DejaVu), none of the standard 14
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font.get("/FontDescriptor")
            )
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font
            assert "DejaVuSans" in str(font["/BaseFont"])


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_arabic_and_persian_are_shaped_and_right_to_left(language: str) -> None:
    guide = guide_by_version("sprachstand", 1)
    text = _text(_render(guide, language))
    assert any(ord(ch) in forms for ch in text for forms in PRESENTATION_FORMS)  # contextual letter forms
    # a whole translated label, in the order a reader reads it (right to left)
    label = guide.question("consent_sharing")
    assert label is not None
    words = label.label[language].split()
    assert _shows(text, " ".join(words[:3])) or _shows(text, words[0])
    section = guide.sections[1].title[language]
    assert _shows(text, section)


def test_the_result_with_literacy_and_recommendation() -> None:
    guide = guide_by_version("sprachstand", 1)
    answers = _answers(guide)
    stored = score(guide, validate_answers(guide, answers))
    pdf = render_interview_record(
        guide, answers, HEADER, language="uk", score=stored.model_dump(mode="json"), created_at=HELD
    )
    text = _text(pdf)
    flat = " ".join(text.split())
    assert "Ergebnis" in text and "Alphabetisierung" in text and "Kursempfehlung" in text
    assert stored.literacy is not None and Literacy.label_of(stored.literacy) in flat
    assert stored.recommendation is not None
    assert stored.recommendation.course_label in flat
    assert " ".join(stored.recommendation.reason.split()) in flat
    course = next(c for c in guide.course_types if c.value == stored.recommendation.course)
    assert " ".join(course.label["uk"].split()) in flat  # the course named in the learner's language too
    for skill, level in stored.levels.items():
        assert " ".join(stored.explanations[skill].split()) in flat
        assert level in flat
    # the result comes first, before the answers
    assert flat.index("Ergebnis") < flat.index("Familienname")


def test_ticked_statements_are_a_list_with_their_translation() -> None:
    guide = guide_by_version("sprachstand", 1)
    answers = _answers(guide)
    question = next(
        q for _, q in guide.questions() if isinstance(q, CanDoQuestion) and len(answers.get(q.id) or []) >= 2
    )
    ticked = [s for s in question.statements if s.id in answers[question.id]]
    text = _text(_render(guide, "uk"))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    head = f"{len(ticked)} von {len(question.statements)} Aussagen erfüllt:"
    assert head in lines
    bullets = [line for line in lines if line.startswith("• ")]
    for statement in ticked:
        first_words = " ".join(statement.label["de"].split()[:4])
        assert any(line[2:].startswith(first_words) for line in bullets), first_words
        assert " ".join(statement.label["uk"].split()[:3]) in " ".join(lines)
    assert "; Ich " not in " ".join(lines)  # no longer one run-on line


def test_the_pdf_is_dated_with_the_interview_not_the_printing() -> None:
    guide = guide_by_version("sprachstand", 1)
    pdf = _render(guide, "tr")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata is not None
    assert reader.metadata.creation_date == HELD.replace(tzinfo=dt.UTC)
    assert reader.metadata.modification_date == HELD.replace(tzinfo=dt.UTC)
    assert "Interview vom 28.11.2026" in _text(pdf)
    assert pdf == _render(guide, "tr")  # printed again later: the same bytes
