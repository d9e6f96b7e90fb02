"""Answer validation per question type, drafts, hidden questions and German messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from questionnaire import AnswerError, progress, validate_answers, visible_questions
from tests.questionnaire.helpers import complete_answers, full_guide, make_guide, section


def problems_of(raw: Any, partial: bool = False) -> dict[str, str]:
    with pytest.raises(AnswerError) as caught:
        validate_answers(full_guide(), raw, partial=partial)
    return dict(caught.value.problems)


def test_answer_error_is_a_value_error_with_german_messages() -> None:
    with pytest.raises(ValueError, match="Bitte eine ganze Zahl"):
        validate_answers(full_guide(), complete_answers(children="drei"))


# --- text -------------------------------------------------------------------------------------


def test_text_is_nfc_normalised_and_trimmed() -> None:
    decomposed = "Mu\u0308ller "  # u + combining diaeresis, trailing space
    values = validate_answers(full_guide(), complete_answers(family_name=decomposed)).values
    assert values["family_name"] == "Müller"


@pytest.mark.parametrize("text", ["Ab\x00c", "Tab\there", "Zeile\nzwei", "esc\x1b[31m", "\ud800"])
def test_control_characters_are_refused_in_short_text(text: str) -> None:
    assert "Steuerzeichen" in problems_of(complete_answers(family_name=text))["family_name"]


def test_long_text_keeps_line_breaks_but_refuses_other_control_characters() -> None:
    values = validate_answers(full_guide(), complete_answers(summary="Zeile 1\r\nZeile 2\tEnde")).values
    assert values["summary"] == "Zeile 1\nZeile 2\tEnde"
    assert "Steuerzeichen" in problems_of(complete_answers(summary="a\x07b"))["summary"]


def test_over_long_text_is_refused_with_the_limit() -> None:
    assert "höchstens 60 Zeichen" in problems_of(complete_answers(family_name="A" * 61))["family_name"]
    assert "höchstens 500 Zeichen" in problems_of(complete_answers(summary="x" * 501))["summary"]


def test_pattern_message_comes_from_the_guide() -> None:
    assert problems_of(complete_answers(email="keine-adresse"))["email"] == "Bitte eine E-Mail-Adresse."


@pytest.mark.parametrize(
    "name", ["Müller-Lüdenscheidt", "O'Brien", "Ioannis Papadópoulos", "Шевченко", "Γιώργος", "St. John"]
)
def test_names_in_latin_greek_or_cyrillic_script_are_accepted(name: str) -> None:
    assert validate_answers(full_guide(), complete_answers(family_name=name)).values["family_name"] == name


@pytest.mark.parametrize("name", ["محمد", "王", "Ali2", "A_B", "Ali 🙂"])
def test_names_in_other_scripts_ask_for_latin_script_as_in_the_passport(name: str) -> None:
    message = problems_of(complete_answers(family_name=name))["family_name"]
    assert "lateinischer Schrift" in message and "Pass" in message


def test_empty_text_counts_as_unanswered() -> None:
    assert problems_of(complete_answers(family_name="   "))["family_name"].startswith("Bitte beantworten")
    values = validate_answers(full_guide(), complete_answers(email=""), partial=True).values
    assert "email" not in values


# --- numbers, dates, yes/no --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("2", "ganze Zahl"),
        (2.5, "ohne Nachkommastellen"),
        (True, "ganze Zahl"),
        (21, "höchstens 20"),
        (-1, "mindestens 0"),
    ],
)
def test_integer_answers(value: Any, fragment: str) -> None:
    assert fragment in problems_of(complete_answers(children=value))["children"]


def test_decimal_answers() -> None:
    assert validate_answers(full_guide(), complete_answers(hours=12)).values["hours"] == 12
    assert "höchstens 40,5" in problems_of(complete_answers(hours=41.0))["hours"]
    assert "Zahl" in problems_of(complete_answers(hours="12,5"))["hours"]
    assert "hours" in problems_of(complete_answers(hours=float("nan")))


def test_date_answers() -> None:
    values = validate_answers(full_guide(), complete_answers(birth_date=dt.date(1990, 5, 17))).values
    assert values["birth_date"] == dt.date(1990, 5, 17)
    assert "Format JJJJ-MM-TT" in problems_of(complete_answers(birth_date="17.05.1990"))["birth_date"]
    assert "Format" in problems_of(complete_answers(birth_date="1990-02-30"))["birth_date"]
    assert "Format" in problems_of(complete_answers(birth_date=19900517))["birth_date"]
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert "Zukunft" in problems_of(complete_answers(birth_date=tomorrow))["birth_date"]
    assert "01.01.1900" in problems_of(complete_answers(birth_date="1899-12-31"))["birth_date"]


def test_yes_no_answers_are_booleans() -> None:
    assert "Ja oder Nein" in problems_of(complete_answers(literate_l1="ja"))["literate_l1"]
    assert "Ja oder Nein" in problems_of(complete_answers(literate_l1=1))["literate_l1"]


# --- choices, repeat groups, can-do -------------------------------------------------------------


def test_single_choice_only_offered_values() -> None:
    assert "angebotenen Auswahlen" in problems_of(complete_answers(first_language="xx"))["first_language"]


def test_multi_choice_values_count_and_duplicates() -> None:
    assert "goals" in problems_of(complete_answers(goals=["work", "zzz"]))
    assert "höchstens 2" in problems_of(complete_answers(goals=["work", "study", "everyday"]))["goals"]
    assert "nur einmal" in problems_of(complete_answers(goals=["work", "work"]))["goals"]
    assert "Liste" in problems_of(complete_answers(goals="work"))["goals"]


def test_repeat_group_items_are_checked_field_by_field() -> None:
    # a field's problem is reported at the field (question.entry.field), so the form shows it there
    problems = problems_of(complete_answers(other_languages=[{"language": "en"}, {"language": "xx", "level": "b1"}]))
    assert problems["other_languages.1.language"].startswith("Eintrag 2, Feld „Sprache“")
    missing = problems_of(complete_answers(other_languages=[{"level": "b1"}]))
    assert missing == {"other_languages.0.language": "Eintrag 1: Feld „Sprache“ ist Pflicht."}
    # numbered as entered: an empty entry before it still counts, as the form's "Eintrag 3" does
    gap = problems_of(complete_answers(other_languages=[{"language": "en"}, {}, {"level": "b1"}]))
    assert gap == {"other_languages.2.language": "Eintrag 3: Feld „Sprache“ ist Pflicht."}
    assert "other_languages" in problems_of(complete_answers(other_languages=[{"language": "en", "colour": 1}]))
    too_many = [{"language": "en"}] * 4
    assert "höchstens 3" in problems_of(complete_answers(other_languages=too_many))["other_languages"]


def test_repeat_group_drops_empty_fields_and_items() -> None:
    raw = complete_answers(other_languages=[{"language": "en", "level": None}, {}, {"language": "uk"}])
    assert validate_answers(full_guide(), raw).values["other_languages"] == [{"language": "en"}, {"language": "uk"}]


def test_can_do_lists_take_statement_ids_of_their_own_question() -> None:
    assert "cd_listening_a1" in problems_of(complete_answers(cd_listening_a1=["l_a2_1"]))
    assert "nur einmal" in problems_of(complete_answers(cd_listening_a1=["l_a1_1", "l_a1_1"]))["cd_listening_a1"]


def test_notes_take_no_answer() -> None:
    assert "hint" in problems_of(complete_answers(hint="text"))


# --- rules: required, hidden, constraints, unknown ----------------------------------------------


def test_unknown_question_ids_are_refused() -> None:
    assert problems_of(complete_answers(favourite_colour="blau"))["favourite_colour"].startswith("Diese Frage gibt es")


def test_values_of_hidden_questions_are_dropped() -> None:
    raw = complete_answers(children=0, childcare=True, literate_l1=False, latin_script=True)
    values = validate_answers(full_guide(), raw).values
    assert "childcare" not in values and "latin_script" not in values


def test_invalid_values_of_hidden_questions_are_dropped_silently() -> None:
    values = validate_answers(full_guide(), complete_answers(children=0, childcare="vielleicht")).values
    assert "childcare" not in values


def test_required_only_when_shown() -> None:
    assert problems_of(complete_answers(children=1, childcare=None)) == {
        "childcare": "Bitte beantworten – diese Angabe ist Pflicht."
    }
    validate_answers(full_guide(), complete_answers(children=0, childcare=None))


def test_constraint_message_from_the_guide() -> None:
    assert problems_of(complete_answers(consent_processing=False)) == {
        "consent_processing": "Ohne Einwilligung kein Interview."
    }


def test_override_without_reason_is_refused_by_the_guides_condition() -> None:
    assert "override_reason" in problems_of(complete_answers(override_listening="b2"))
    validate_answers(full_guide(), complete_answers(override_listening="b2", override_reason="Im Gespräch sicher."))


def test_a_draft_may_miss_required_answers_but_present_values_are_checked() -> None:
    draft = validate_answers(full_guide(), {"family_name": "Ali"}, partial=True)
    assert draft.values == {"family_name": "Ali"} and draft.complete is False
    assert "children" in problems_of({"family_name": "Ali", "children": "x"}, partial=True)
    assert "birth_date" in problems_of({"family_name": "Ali"})


def test_every_problem_not_only_the_first() -> None:
    problems = problems_of({"children": "x", "birth_date": "nie"})
    assert {"children", "birth_date", "consent_processing", "family_name", "first_language"} <= set(problems)


def test_answers_must_be_an_object() -> None:
    for raw in (None, [], "text", 3):
        assert "" in problems_of(raw)


def test_answers_record_guide_id_and_version() -> None:
    answers = validate_answers(full_guide(), complete_answers())
    assert (answers.guide_id, answers.guide_version) == ("test", 1)
    assert answers.to_json_dict()["birth_date"] == "1990-05-17"


# --- visibility and progress for the UI --------------------------------------------------------


def test_visible_questions_follow_the_answers_so_far() -> None:
    guide = full_guide()
    assert "childcare" not in visible_questions(guide, {})
    assert "childcare" in visible_questions(guide, {"children": 2})
    assert "latin_script" not in visible_questions(guide, {"literate_l1": False})
    assert "hint" in visible_questions(guide, {})


def test_progress_counts_required_visible_questions_per_section() -> None:
    guide = full_guide()
    assert progress(guide, {})["personal"] == (0, 2)
    assert progress(guide, {"family_name": "Ali", "children": 1})["personal"] == (1, 3)
    assert progress(guide, complete_answers())["personal"] == (3, 3)
    assert progress(guide, {"override_listening": "b2"})["german"] == (0, 1)


def test_section_show_if_hides_all_its_questions() -> None:
    guide = make_guide(
        section("- {id: works, type: yes_no, label: {de: Arbeit, en: Work}}\n", sid="a")
        + "  - id: job\n    title: {de: Beruf, en: Job}\n    show_if: {question: works, equals: true}\n"
        "    questions:\n      - {id: employer, type: text, required: true, label: {de: Firma, en: Employer}}\n"
    )
    assert validate_answers(guide, {"works": False, "employer": "X"}).values == {"works": False}
    with pytest.raises(AnswerError):
        validate_answers(guide, {"works": True})
