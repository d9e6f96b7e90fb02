"""The documents' building blocks, without a database: the column model's pseudonymisation (personal
columns dropped, stand-ins in their place, nothing else touched) and the one answer formatter (every
question type of the bundled guides in every style gives text, a cell value or nothing)."""

from __future__ import annotations

import datetime as dt

import pytest

from documents.answers import CELL, CELL_IDS, RECORD, REPORT, format_answer, texts_of
from documents.interview_columns import interview_columns, is_personal, pseudonym
from documents.spreadsheet import Column, pseudonymised
from questionnaire import guide_by_version
from questionnaire.samples import sample_answers


def test_pseudonymising_drops_personal_columns_and_keeps_the_rest_in_order() -> None:
    def col(key: str, **kw: object) -> Column:
        return Column(key, key, lambda r, a: None, **kw)  # type: ignore[arg-type]

    stand_in = col("pseudonym")
    columns = [col("nr"), col("learner", personal=True, stand_ins=(stand_in,)), col("name", personal=True), col("x")]
    assert [c.key for c in pseudonymised(columns)] == ["nr", "pseudonym", "x"]


@pytest.mark.parametrize("version", [1, 2])
def test_the_pseudonymised_export_has_no_personal_question(version: int) -> None:
    guide = guide_by_version("sprachstand", version)
    full = interview_columns([guide], ids=True, pseudonymise=False, pseudonym_key=b"k")
    pseudo = interview_columns([guide], ids=True, pseudonymise=True, pseudonym_key=b"k")
    personal = {q.id for _, q in guide.questions() if is_personal(q)}
    assert personal and personal <= {c.key for c in full}
    keys = [c.key for c in pseudo]
    assert not personal & set(keys)
    assert {"learner_id", "interviewer", "certificate_number", "last_return_comment"}.isdisjoint(keys)
    assert keys[:3] == ["interview_id", "pseudonym", "age_group"]


def test_the_pseudonym_is_stable_and_keyed() -> None:
    assert pseudonym(7, b"a") == pseudonym(7, b"a") != pseudonym(7, b"b")
    assert len(pseudonym(7, b"a")) == 16


@pytest.mark.parametrize("version", [1, 2])
@pytest.mark.parametrize("style", [RECORD, CELL, CELL_IDS, REPORT])
def test_every_answer_of_the_bundled_guides_formats_in_every_style(version: int, style: object) -> None:
    guide = guide_by_version("sprachstand", version)
    seen: set[str] = set()
    for seed in range(5):
        answers = sample_answers(guide, seed=seed, today=dt.date(2026, 11, 1))
        for _, question in guide.questions():
            if question.type == "note":
                continue
            texts = texts_of(guide, question)
            value = format_answer(texts, answers.get(question.id), style)  # type: ignore[arg-type]
            assert value is None or isinstance(value, str | int | float | dt.date), (question.id, value)
            if style is RECORD:
                assert isinstance(value, str) and value  # the record always says something ("–")
            seen.add(question.type)
    assert {"yes_no", "single_choice", "multi_choice", "can_do", "date", "repeat"} <= seen


def test_styles_agree_on_what_an_answer_means() -> None:
    guide = guide_by_version("sprachstand", 1)
    question = next(q for _, q in guide.questions() if q.type == "yes_no")
    texts = texts_of(guide, question)
    assert format_answer(texts, True, RECORD) == "Ja" and format_answer(texts, True, CELL) == "ja"
    assert format_answer(texts, None, RECORD) == "–" and format_answer(texts, None, CELL) is None
    date_question = next(q for _, q in guide.questions() if q.type == "date")
    dates = texts_of(guide, date_question)
    assert format_answer(dates, "2026-05-01", RECORD) == "01.05.2026"
    assert format_answer(dates, "2026-05-01", CELL) == dt.date(2026, 5, 1)  # a date cell the sheet sorts
