"""The summary's skill boxes say what an interviewer would otherwise miss: an override still waiting for
its reason far below, an override equal to the computed level, a self-assessment with nothing ticked, and
an own rating that does not set the level. The boxes' fields carry short labels that name the skill, and
the list of what holds back "Einreichen" reads cleanly and in page order."""

from __future__ import annotations

import re
from typing import Any

import store
from tests.questionnaire.test_real_guide import interview
from tests.ui.conftest import Cast
from tests.ui.helpers import app, by_question, click, errors, new_learner_interview, no_exception, open_page

SKILLS = ("Hören", "Lesen", "An Gesprächen teilnehmen", "Zusammenhängend sprechen", "Schreiben")
REASON_HINT = "Bitte begründen Sie die abweichende Einstufung unten im Feld „Begründung der abweichenden Einstufung“."
SAME_AS_COMPUTED = "Die abweichende Einstufung entspricht dem berechneten Niveau"
NOTHING_TICKED = "Für Schreiben ist keine Aussage angekreuzt. Wurde die Selbsteinschätzung durchgeführt?"


def _summary(cast: Cast, **changes: Any) -> tuple[Any, int]:
    """The summary of a draft holding a whole interview (as an earlier session saved it), with ``changes``.

    In the unchanged interview each rating equals the computed level: Hören B1, Lesen A2, An Gesprächen
    teilnehmen B1, Zusammenhängend sprechen A2, Schreiben A1."""
    interview_id = new_learner_interview(cast.interviewer)
    view = store.get_interview_for(cast.interviewer, interview_id)
    answers = {**interview(**changes), **{k: view.answers[k] for k in ("family_name", "given_names", "birth_date")}}
    store.save_draft(cast.interviewer, interview_id, answers, "assessment", view.lock_version)
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    no_exception(at)
    return at, interview_id


def _visible(markdown: str) -> str:
    """Markdown as read on the page: escapes, bold and icons gone."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    return text.replace("**", "").replace(":material/warning: ", "")


def _heads(at: Any) -> dict[str, str]:
    """Each skill box's head (one Markdown element per skill), by the skill's German name."""
    heads = {}
    for element in at.markdown:
        text = _visible(element.value)
        skill = next((s for s in SKILLS if text.startswith(f"{s}: berechnet ")), None)
        if skill:
            assert skill not in heads, f"two heads for {skill}"
            heads[skill] = text
    assert set(heads) == set(SKILLS), heads
    return heads


def test_a_complete_interview_whose_ratings_match_shows_no_hint(cast: Cast) -> None:
    at, _ = _summary(cast)
    for skill, head in _heads(at).items():
        assert "Bitte" not in head and "weicht" not in head and "angekreuzt" not in head, (skill, head)
    assert not [m for m in at.markdown if ":material/warning:" in m.value]


def test_an_override_without_reason_points_to_the_reason_field_below(cast: Cast) -> None:
    at, _ = _summary(cast)
    by_question(at, "override_writing").set_value("a2").run()
    no_exception(at)
    heads = _heads(at)
    assert heads["Schreiben"].startswith("Schreiben: berechnet A1 · abweichend festgelegt: A2")
    assert REASON_HINT in heads["Schreiben"]
    assert REASON_HINT not in heads["Hören"]  # only the skill that was overridden
    by_question(at, "override_reason").input("Schreibprobe im Gespräch deutlich besser.").run()
    assert REASON_HINT not in _heads(at)["Schreiben"]


def test_an_override_equal_to_the_computed_level_is_named_as_no_deviation(cast: Cast) -> None:
    at, _ = _summary(cast)
    by_question(at, "override_reading").set_value("a2").run()  # Lesen is computed A2
    head = _heads(at)["Lesen"]
    assert (
        "Die abweichende Einstufung entspricht dem berechneten Niveau (A2). Wenn Sie nicht abweichen wollen, "
        "leeren Sie das Feld (× im Auswahlfeld)." in head
    )
    assert REASON_HINT in head  # submitting would still demand the reason
    by_question(at, "override_reading").set_value("b1").run()
    head = _heads(at)["Lesen"]
    assert SAME_AS_COMPUTED not in head
    assert head.startswith("Lesen: berechnet A2 · abweichend festgelegt: B1")


def test_a_saved_override_can_be_removed_again(cast: Cast) -> None:
    # saved in an earlier session; the select box has no default (index=None), so Streamlit offers its
    # clear cross: emptying it removes the override
    at, interview_id = _summary(cast, override_reading="a2")
    box = by_question(at, "override_reading")
    assert box.value == "a2" and not box.proto.HasField("default")
    box.set_value(None).run()
    no_exception(at)
    assert not at.warning, [w.value for w in at.warning]  # no Session State warning on the page
    assert by_question(at, "override_reading").value is None
    assert SAME_AS_COMPUTED not in _heads(at)["Lesen"]
    assert not [w for w in at.text_area if w.key.endswith(".override_reason")]  # no reason asked any more
    assert not store.get_interview_for(cast.interviewer, interview_id).answers.get("override_reading")


def test_a_self_assessment_with_nothing_ticked_is_questioned(cast: Cast) -> None:
    at, _ = _summary(cast, cando_writing_a1=None, cando_writing_a2=None, rating_writing="pre_a1")
    heads = _heads(at)
    assert heads["Schreiben"].startswith("Schreiben: berechnet Pre-A1")
    assert NOTHING_TICKED in heads["Schreiben"]
    assert "Sonst ergibt sich das niedrigste Niveau." in heads["Schreiben"]
    assert "keine Aussage angekreuzt" not in heads["Lesen"]  # Lesen has its ticks


def test_an_own_rating_that_differs_says_it_does_not_set_the_level(cast: Cast) -> None:
    at, _ = _summary(cast, rating_listening="a2")  # Hören is computed B1
    expected = (
        "Ihre Einschätzung (A2) weicht vom berechneten Niveau (B1) ab. Soll sie gelten, wählen Sie sie unter "
        "„Hören: abweichende Einstufung“ und begründen Sie das."
    )
    assert expected in _heads(at)["Hören"]
    assert "weicht" not in _heads(at)["Lesen"]
    # following the hint: the override makes the rating count, and the hint turns to the reason
    by_question(at, "override_listening").set_value("a2").run()
    head = _heads(at)["Hören"]
    assert "weicht vom berechneten Niveau" not in head
    assert head.startswith("Hören: berechnet B1 · abweichend festgelegt: A2")
    assert REASON_HINT in head


def test_the_skill_box_fields_have_short_labels_naming_the_skill(cast: Cast) -> None:
    at, _ = _summary(cast)
    assert by_question(at, "rating_listening").label == "Hören: Ihre Einschätzung *"
    assert by_question(at, "override_listening").label == "Hören: abweichende Einstufung (nur mit Begründung)"
    assert by_question(at, "rating_spoken_production").label == "Zusammenhängend sprechen: Ihre Einschätzung *"
    override = by_question(at, "override_spoken_production").label
    assert override == "Zusammenhängend sprechen: abweichende Einstufung (nur mit Begründung)"
    # the reason below the boxes keeps the guide's label, and its "*" once it is required
    by_question(at, "override_writing").set_value("a2").run()
    assert by_question(at, "override_reason").label == "Begründung der abweichenden Einstufung *"


def test_the_refused_submission_lists_problems_in_page_order_without_doubled_punctuation(cast: Cast) -> None:
    at, interview_id = _summary(cast, interpreter_used=None, rating_reading=None)
    click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    no_exception(at)
    assert store.get_interview_for(cast.interviewer, interview_id).status == "draft"
    assert any(e.startswith("Das Interview ist noch nicht vollständig") for e in errors(at))
    # the list's items (each beside a link to its step), in page order
    listing = "\n".join(_visible(m.value) for m in at.markdown if m.value.startswith("- "))
    assert "?:" not in listing
    assert "› Wurde im Gespräch gedolmetscht? – Bitte" in listing, listing
    # the rating stands in the skill boxes, above the interpreter question on the page
    assert listing.index("Einschätzung der Interviewerin / des Interviewers: Lesen:") < listing.index("gedolmetscht"), (
        listing
    )


def test_results_are_marked_provisional_until_every_step_is_answered(cast: Cast) -> None:
    """Issue 16, item 4: the summary stated literacy and a course from unanswered sections as if final."""
    at, _ = _summary(cast)
    assert not [w for w in at.warning if w.value.startswith("Vorläufiges Ergebnis")]
    interview_id = new_learner_interview(cast.interviewer)  # names and consent only: most steps still open
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    no_exception(at)
    provisional = [w.value for w in at.warning if w.value.startswith("Vorläufiges Ergebnis")]
    assert len(provisional) == 1, [w.value for w in at.warning]
    assert "Kursempfehlung können sich noch ändern" in provisional[0] and "„" in provisional[0]
