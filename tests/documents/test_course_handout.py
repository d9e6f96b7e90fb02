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


def test_arabic_and_persian_are_printed_shaped_right_to_left() -> None:
    import unicodedata

    for lang, label in (("ar", "دورة الاندماج"), ("fa", "دوره ادغام")):
        text = _text(render_handout(_handout(lang, label)))
        assert "Ihr Kursplatz" in text and "Bitte mitbringen" in text
        assert "Englisch" not in text and "Your course place" not in text  # no fallback
        forms = [ch for ch in text if "ARABIC" in unicodedata.name(ch, "") and "FORM" in unicodedata.name(ch, "")]
        assert len(forms) > 50  # contextual letter forms (shaped), not the bare letters
        assert "دورة" not in text  # never the unshaped, logically ordered word


def test_a_language_without_translations_falls_back_to_english_and_says_so() -> None:
    text = _text(render_handout(_handout("ti")))
    assert "Your course place" in text and "Please bring" in text
    assert "die zweite Zeile ist Englisch" in text


def test_same_input_same_bytes() -> None:
    assert render_handout(_handout("tr")) == render_handout(_handout("tr"))
