"""The learner's own result sheet (documents/result_sheet.py), read back with pypdf: one page, German and
the learner's language (Arabic and Persian shaped and in visual order), levels in plain words, the
recommended course with its reasons and the next steps."""

from __future__ import annotations

import io
import random
import unicodedata
from datetime import date
from typing import Any

import pytest
from pypdf import PdfReader

from demo.answers import make_answers
from demo.people import make_person
from documents.result_sheet import render_result_sheet, result_sheet_data, sheet_texts
from questionnaire import certificate_text, guide_by_version, score, validate_answers
from questionnaire.samples import sample_answers

V2 = guide_by_version("sprachstand", 2)


def _interview(seed: int = 5, **changes: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    rng = random.Random(seed)
    answers = make_answers(V2, make_person(rng, date(2026, 12, 7)), rng, date(2026, 12, 7))
    answers.update(changes)
    answers = {k: v for k, v in answers.items() if v is not None}
    return answers, score(V2, validate_answers(V2, answers)).model_dump(mode="json")


def _sheet(guide: Any, scored: dict[str, Any], answers: dict[str, Any], language: str) -> tuple[int, str]:
    data = result_sheet_data(
        guide,
        scored,
        answers,
        learner_name="Haddad, Amal",
        birth_date="02.03.1991",
        interview_date="07.12.2026",
        provider="Volkshochschule Musterstadt",
        language=language,
    )
    reader = PdfReader(io.BytesIO(render_result_sheet(data)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), text


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_every_fixed_text_is_there_in_every_language_of_the_guide() -> None:
    for key, texts in sheet_texts().items():
        assert set(V2.languages) <= set(texts), key
        assert all(texts[lang].strip() for lang in V2.languages), key


@pytest.mark.parametrize("language", ["uk", "tr", "en", "de"])
def test_one_page_in_german_and_the_learners_language_with_levels_in_plain_words(language: str) -> None:
    answers, scored = _interview()
    pages, text = _sheet(V2, scored, answers, language)
    flat = _flat(text)
    assert pages == 1
    assert sheet_texts()["title"]["de"] in flat and _flat(sheet_texts()["title"][language]) in flat
    assert "Haddad, Amal" in flat and "02.03.1991" in flat and "Volkshochschule Musterstadt" in flat
    for skill, level in scored["levels"].items():
        sentence = certificate_text(V2, skill, level, "de")
        assert sentence and _flat(sentence)[:40] in flat  # the level in plain words, not only "A2"
        translated = certificate_text(V2, skill, level, language)
        assert translated and _flat(translated)[:30] in flat
    course = next(c for c in V2.course_types if c.value == scored["recommendation"]["course"])
    assert _flat(course.label["de"]) in flat and _flat(course.label[language]) in flat
    assert f"Einstieg auf Stufe {scored['recommendation']['start_level']}" in flat
    assert "Bitte mitbringen: Pass oder Ausweis" in flat and "keine Bescheinigung" in flat


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_right_to_left_text_is_shaped_and_in_visual_order(language: str) -> None:
    answers, scored = _interview()
    pages, text = _sheet(V2, scored, answers, language)
    assert pages == 1
    # the shaped letters (presentation forms) are drawn in visual order; pypdf reads right-to-left runs
    # back in logical order, so the words come out as written (zero-width non-joiners are not drawn)
    read = unicodedata.normalize("NFKC", text)
    for key in ("course_heading", "next_heading", "title"):
        expected = sheet_texts()[key][language].replace("\u200c", "")
        assert expected in read or expected.split(":")[0] in read, expected
    assert any(0xFB50 <= ord(ch) <= 0xFEFF for ch in text)  # contextual forms, not isolated base letters
    assert not any(ch in text for ch in "\u2066\u2067\u2068\u2069")  # isolates steer, they are not drawn


def test_a_deviating_recommendation_is_named_as_such() -> None:
    answers, scored = _interview(
        course_override="parents_integration_course",
        course_override_start_level="a2",
        course_override_reason="Träger bietet einen Elternkurs an, Kind zwei Jahre.",
        course_override_evidence=["observation"],
    )
    _, text = _sheet(V2, scored, answers, "en")
    flat = _flat(text)
    assert "Elternintegrationskurs" in flat and "Integration course for parents" in flat
    assert _flat(sheet_texts()["deviating"]["de"]) in flat


def test_a_version_1_interview_gets_a_sheet_too() -> None:
    v1 = guide_by_version("sprachstand", 1)
    answers = sample_answers(v1, seed=3)
    scored = score(v1, validate_answers(v1, answers)).model_dump(mode="json")
    pages, text = _sheet(v1, scored, answers, "ru")
    assert pages == 1 and sheet_texts()["title"]["ru"] in _flat(text)
