"""The learner's handout (issue 17): one page, German and the learner's language, read back with pypdf."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from documents.course_handout import Handout, render_handout


def _handout(lang: str, label: str = "") -> Handout:
    return Handout(
        learner_name="Haddad, Amina",
        language=lang,
        course_title="Integrationskurs Nord",
        course_label_de="Allgemeiner Integrationskurs",
        course_label_learner=label,
        provider_name="Sprachschule Brücke",
        address="Hafenweg 3, 12345 Musterstadt",
        start_date=date(2027, 3, 1),
        end_date=date(2027, 9, 30),
        schedule_de="Mo, Mi, Fr 09:00–12:15",
        contact="anmeldung@bruecke.example",
        status_de="zugesagt",
        printed_on=date(2027, 2, 1),
    )


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    return reader.pages[0].extract_text()


def test_ukrainian_handout_has_both_languages() -> None:
    text = _text(render_handout(_handout("uk", "інтеграційний курс")))
    assert "Ihr Kursplatz" in text and "Ваше місце на курсі" in text
    assert "Bitte mitbringen" in text and "Будь ласка, візьміть" in text
    assert "інтеграційний курс" in text and "01.03.2027" in text and "Mo, Mi, Fr 09:00–12:15" in text


def test_arabic_falls_back_to_english_and_says_so() -> None:
    text = _text(render_handout(_handout("ar", "دورة الاندماج")))
    assert "Your course place" in text and "Please bring" in text
    assert "die zweite Zeile ist Englisch" in text
    assert "دورة" not in text  # never printed unshaped


def test_same_input_same_bytes() -> None:
    assert render_handout(_handout("tr")) == render_handout(_handout("tr"))
