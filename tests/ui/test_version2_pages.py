"""Guide version 2 on the interview pages: the summary shows what the placement rests on (speaking decided
by the observation, the decision field where checklist and rating differ, literacy per script, course,
start level, formats, reasons, rule, warnings) and takes a deviating recommendation only with reason and
evidence; the review page shows the same, the result sheet can be downloaded from both, and the can-do
steps route (no B2/C1 lists after failing A2). Version-1 interviews keep their pages (other tests)."""

from __future__ import annotations

import random
import re
from datetime import date
from typing import Any

import store
from demo.answers import make_answers
from demo.people import make_person
from questionnaire import guide_by_version, score, validate_answers
from schemas.placement import Course
from schemas.vocabulary import Status
from tests.ui.conftest import Cast
from tests.ui.helpers import app, by_question, click, new_learner_interview, no_exception, open_page, widgets

V2 = guide_by_version("sprachstand", 2)


def _answers(seed: int = 5, **changes: Any) -> dict[str, Any]:
    rng = random.Random(seed)
    answers = make_answers(V2, make_person(rng, date.today()), rng, date.today())
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def _draft(cast: Cast, section: str = "assessment", **changes: Any) -> tuple[int, dict[str, Any]]:
    """A version-2 draft holding a whole interview of a demo person (as an earlier session saved it)."""
    answers = _answers(**changes)
    learner = store.create_learner(
        cast.interviewer,
        answers["family_name"],
        answers["given_names"],
        answers["birth_date"],
        processing_consent=True,
        sharing_consent=True,
    )
    view = store.start_interview(
        cast.interviewer, learner.id, learner_language="ar", guide_id="sprachstand", guide_version=2
    )
    store.save_draft(cast.interviewer, view.id, answers, section, view.lock_version)
    return int(view.id), answers


def _shown(at: Any) -> str:
    parts = [str(e.value) for kind in ("markdown", "text", "caption", "warning", "error") for e in getattr(at, kind)]
    return re.sub(r"\\(.)", r"\1", "\n".join(parts)).replace("**", "")


def test_the_summary_shows_the_placement_the_warnings_and_the_result_sheet(cast: Cast) -> None:
    interview_id, answers = _draft(cast, entitlement="unknown", asylum_seeker=False)
    expected = score(V2, validate_answers(V2, answers))
    assert expected.warnings  # "Berechtigung ungeklärt" at least
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    no_exception(at)
    shown = _shown(at)
    placement = expected.placement
    assert placement is not None
    assert f"{Course(placement.course).label}, Einstieg {expected.recommendation.start_level}" in shown
    assert "Kursform: " in shown and f"Regel: `{placement.rule_id}`" in shown
    assert all(reason in shown for reason in placement.reasons)
    assert "Hinweise zur Prüfung" in shown and all(w in shown for w in expected.warnings)
    assert "Je Schrift: lateinische Schrift: " in shown  # literacy per script
    # speaking: the observation decides; the box says so and asks the observation, not an override
    assert "An Gesprächen teilnehmen: " in shown and "(Beobachtung im Gespräch entscheidet; Checkliste: " in shown
    labels = [w.label for w in widgets(at)]
    assert "An Gesprächen teilnehmen: Ihre Beobachtung im Gespräch (entscheidet) *" in labels
    assert not any("abweichende Einstufung" in label for label in labels)
    # the result sheet for the person
    assert [b for b in at.get("download_button") if "Ergebnisblatt" in str(b.proto.label)]


def test_a_gap_between_checklist_and_rating_asks_for_the_level_in_the_skill_box(cast: Cast) -> None:
    interview_id, _ = _draft(
        cast,
        decision_listening=None,
        level_decision_reason=None,
        decision_reading=None,
        decision_writing=None,
        rating_listening="c1",
    )
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    no_exception(at)
    shown = _shown(at)
    assert "Hören: Checkliste " in shown
    assert "Bitte legen Sie das Niveau unter „Hören: festgelegtes Niveau“ fest" in shown
    decision = by_question(at, "decision_listening")
    assert decision.label == "Hören: festgelegtes Niveau (nur mit Begründung) *"


def test_a_deviating_recommendation_needs_reason_and_evidence_and_the_review_page_shows_it(cast: Cast) -> None:
    interview_id, _ = _draft(cast)
    at = open_page(app(cast.interviewer), "summary", id=str(interview_id))
    by_question(at, "course_override").set_value("parents_integration_course").run()
    no_exception(at)
    assert by_question(at, "course_override_reason").label.endswith("*")
    assert by_question(at, "course_override_evidence").label.endswith("*")
    at = click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    assert store.get_interview_for(cast.interviewer, interview_id).status == Status.DRAFT  # refused without both
    by_question(at, "course_override_reason").input("Träger bietet einen Elternkurs an; Kind zwei Jahre.").run()
    by_question(at, "course_override_evidence").set_value(["observation", "placement_test"]).run()
    at = click(click(at, f"{interview_id}.__submit"), f"{interview_id}.__submit_confirmed")
    no_exception(at)
    view = store.get_interview_for(cast.interviewer, interview_id)
    assert view.status == Status.SUBMITTED
    assert view.score is not None and view.score.recommendation is not None
    assert view.score.recommendation.rule_id == "override"
    assert view.score.recommendation.course == "parents_integration_course"

    review = open_page(app(cast.counselor), "review_detail", id=str(interview_id))
    no_exception(review)
    shown = _shown(review)
    assert "Abweichende Empfehlung: Elternintegrationskurs" in shown
    assert "Nachweis: Beobachtung im Gespräch, Einstufungstest" in shown
    assert "Nach den Regeln des Leitfadens: " in shown
    assert "Die Kursempfehlung weicht von den Regeln ab" in shown  # the warning
    assert [b for b in review.get("download_button") if "Ergebnisblatt" in str(b.proto.label)]
    # the change is in the interview's history (who, when, what)
    changes = [r for r in store.history(cast.counselor, interview_id) if "course_override" in (r.diff or {})]
    assert changes and changes[-1].changed_by


def test_the_can_do_steps_route_no_higher_lists_after_failing_a_level(cast: Cast) -> None:
    interview_id = new_learner_interview(cast.interviewer, language="ar", version=2)
    view = store.get_interview_for(cast.interviewer, interview_id)
    store.save_draft(cast.interviewer, interview_id, dict(view.answers), "cando_listening", view.lock_version)
    at = open_page(app(cast.interviewer), "wizard", id=str(interview_id))
    no_exception(at)
    keys = {w.key.split(".")[2] for w in widgets(at) if isinstance(w.key, str) and w.key.count(".") >= 3}
    assert {"cando_listening_pre_a1", "cando_listening_a1"} <= keys
    assert not keys & {"cando_listening_a2", "cando_listening_b1", "cando_listening_b2", "cando_listening_c1"}
