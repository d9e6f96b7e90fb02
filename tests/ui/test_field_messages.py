"""Out-of-range input reaches the engine: the typed value stays in the field and the engine's German
message stands right under it (Streamlit's own bounds would put the old value back and explain it only
in an English tooltip). Questions that are required because of an earlier answer are marked with "*"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import store
from tests.ui.conftest import Cast
from tests.ui.helpers import (
    app,
    by_question,
    click,
    element_after,
    follow,
    html_texts,
    new_learner_interview,
    open_page,
)

FUTURE = "Das Datum darf nicht in der Zukunft liegen."
CONSENTS = {"consent_processing": True, "consent_sharing": True}


def _wizard(user: Any, interview_id: int, section: str) -> Any:
    at = open_page(app(user), "wizard", id=str(interview_id))
    at.pills(key=f"{interview_id}.__nav").set_value(section).run()
    return follow(at)


def _with_consents(cast: Cast, section: str) -> int:
    """A new interview whose consents were saved beforehand (as an earlier session would have), at ``section``."""
    interview_id = new_learner_interview(cast.interviewer)
    view = store.get_interview_for(cast.interviewer, interview_id)
    store.save_draft(cast.interviewer, interview_id, {**view.answers, **CONSENTS}, section, view.lock_version)
    return interview_id


def _enter(cast: Cast, section: str, question_id: str, value: Any) -> tuple[Any, int]:
    """Opens the step and enters ``value`` into the question's field, as the interviewer would."""
    interview_id = _with_consents(cast, section)
    at = _wizard(cast.interviewer, interview_id, section)
    by_question(at, question_id).set_value(value).run()
    return at, interview_id


def _field(at: Any, question_id: str) -> tuple[Any, str | None]:
    """What the field shows and the message right after it."""
    field = by_question(at, question_id)
    return field.value, element_after(at, field.key, "error")


def _saved(cast: Cast, interview_id: int) -> dict[str, Any]:
    return dict(store.get_interview_for(cast.interviewer, interview_id).answers)


def test_a_future_birth_date_stays_in_the_field_with_the_german_message(cast: Cast) -> None:
    future = dt.date.today() + dt.timedelta(days=400)
    at, interview_id = _enter(cast, "personal", "birth_date", future)

    assert _field(at, "birth_date") == (future, FUTURE)  # what was typed is kept, not the old date
    assert _saved(cast, interview_id).get("birth_date") != future.isoformat()
    # "Weiter" stays on the step and still names the date problem, not a missing answer
    click(at, f"{interview_id}.__next")
    assert _field(at, "birth_date") == (future, FUTURE)


def test_a_date_before_the_guides_minimum_gets_the_engines_message(cast: Cast) -> None:
    at, _ = _enter(cast, "personal", "birth_date", dt.date(1910, 5, 1))  # the guide says min 1920-01-01
    assert _field(at, "birth_date") == (dt.date(1910, 5, 1), "Das Datum darf nicht vor dem 01.01.1920 liegen.")


def test_a_future_arrival_date_stays_in_the_field_with_the_german_message(cast: Cast) -> None:
    future = dt.date.today() + dt.timedelta(days=800)
    at, interview_id = _enter(cast, "personal", "arrival_date", future)
    assert _field(at, "arrival_date") == (future, FUTURE)
    assert "arrival_date" not in _saved(cast, interview_id)


def test_a_too_large_number_stays_in_the_field_with_the_german_message(cast: Cast) -> None:
    at, interview_id = _enter(cast, "education", "schooling_years", 99)
    too_large = "Der Wert darf höchstens 25 sein."

    assert _field(at, "schooling_years") == (99, too_large)
    assert "schooling_years" not in _saved(cast, interview_id)
    # "Entwurf speichern" does not claim everything was saved; "Weiter" names the range, not "Pflicht"
    click(at, f"{interview_id}.__save")
    assert not any("Entwurf gespeichert" in s.value for s in at.success)
    click(at, f"{interview_id}.__next")
    assert _field(at, "schooling_years") == (99, too_large)


def test_a_negative_number_gets_the_minimum_message_and_a_valid_one_clears_it(cast: Cast) -> None:
    at, interview_id = _enter(cast, "education", "schooling_years", -3)
    assert _field(at, "schooling_years") == (-3, "Der Wert muss mindestens 0 sein.")

    by_question(at, "schooling_years").set_value(12).run()
    assert _field(at, "schooling_years") == (12, None)
    assert _saved(cast, interview_id)["schooling_years"] == 12


def test_the_interpreter_language_is_marked_required_once_an_interpreter_was_used(cast: Cast) -> None:
    interview_id = _with_consents(cast, "goals")
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    by_question(at, "interpreter_used").set_value(True).run()

    label = by_question(at, "interpreter_language").label
    assert label == "In welche Sprache wurde gedolmetscht? *"
    assert by_question(at, "interpreter_used").label.endswith(" *")  # required: true, as before


def test_the_override_reason_is_marked_required_once_an_override_is_chosen(cast: Cast) -> None:
    interview_id = _with_consents(cast, "goals")
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    by_question(at, "override_listening").set_value("b2").run()

    assert by_question(at, "override_reason").label == "Begründung der abweichenden Einstufung *"
    # a condition that does not hold leaves the label unmarked: the override question itself is optional
    assert not by_question(at, "override_listening").label.endswith("*")


def test_multiselects_offer_no_english_select_all(cast: Cast) -> None:
    interview_id = _with_consents(cast, "goals")
    at = _wizard(cast.interviewer, interview_id, "goals")
    goals = by_question(at, "goals")
    # 0 = never show Streamlit's bulk action, which is labelled "Select all" in every language
    assert goals.proto.HasField("select_all") and goals.proto.select_all == 0


def test_an_arrival_before_the_birth_date_is_named_at_once_at_the_arrival_field(cast: Cast) -> None:
    # the learner was born 1990 (new_learner_interview); an arrival in 1985 cannot be right
    at, interview_id = _enter(cast, "personal", "arrival_date", dt.date(1985, 6, 1))
    assert _field(at, "arrival_date") == (
        dt.date(1985, 6, 1),
        "Das Ankunftsdatum liegt vor dem Geburtsdatum. Bitte beide Daten prüfen.",
    )
    assert "arrival_date" not in _saved(cast, interview_id)
    by_question(at, "arrival_date").set_value(dt.date(2015, 6, 1)).run()
    assert _field(at, "arrival_date") == (dt.date(2015, 6, 1), None)
    assert _saved(cast, interview_id)["arrival_date"] == "2015-06-01"


def test_a_required_repeat_groups_heading_shows_its_mark_not_markdown(cast: Cast) -> None:
    """The heading above the course entries: "Welche Deutschkurse? *" in bold — as Markdown bold the
    required mark made "**Welche Deutschkurse? ***" and the page showed the asterisks."""
    interview_id = _with_consents(cast, "german_courses")
    view = store.get_interview_for(cast.interviewer, interview_id)
    store.save_draft(
        cast.interviewer, interview_id, {**view.answers, "previous_courses": True}, "german_courses", view.lock_version
    )
    at = _wizard(cast.interviewer, interview_id, "german_courses")
    headings = [h for h in html_texts(at) if "Welche Deutschkurse?" in h]
    assert len(headings) == 1, html_texts(at)
    assert headings[0].split()[:3] == ["Welche", "Deutschkurse?", "*"], headings
    assert "Which German courses?" in headings[0]  # the learner's language (English) right below, same block
    assert not any("**" in m.value for m in at.markdown), [m.value for m in at.markdown if "**" in m.value]
