"""The bundled common guide (questionnaire/guides/sprachstand-v1.yaml) loads cleanly and scores."""

from __future__ import annotations

import json
from typing import Any

import pytest

from questionnaire import active_guide, check_guide, guide_by_version, score, validate_answers
from questionnaire.bundled import GUIDES_DIR
from questionnaire.samples import sample_answers
from schemas.vocabulary import Skill

GUIDE_FILE = GUIDES_DIR / "sprachstand-v1.yaml"


def ticks(skill: str, level: str, leave_out: int = 0) -> list[str]:
    """The statement ids of one can-do list, all of them or all but ``leave_out``."""
    question = guide_by_version("sprachstand", 1).question(f"cando_{skill}_{level}")
    assert question is not None and question.type == "can_do"
    ids = [s.id for s in question.statements]
    return ids[: len(ids) - leave_out]


def interview(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "consent_processing": True,
        "consent_sharing": True,
        "family_name": "Haddad",
        "given_names": "Amal Yusuf",
        "birth_date": "1991-03-02",
        "gender": "female",
        "nationality": "SY",
        "arrival_date": "2023-10-01",
        "email": "amal@example.org",
        "first_language": "ar",
        "first_language_level": "native",
        "other_languages": [{"other_language": "en", "other_language_level": "good"}],
        "literate_l1": True,
        "literate_latin": True,
        "scripts": ["arabic", "latin"],
        "schooling_years": 12,
        "highest_qualification": "upper_secondary",
        "vocational_training": True,
        "vocational_details": [
            {"training_occupation": "Pflegehelferin", "training_country": "SY", "training_completed": True}
        ],
        "university": False,
        "work_experience": [{"work_occupation": "Pflegehelferin", "work_years": 4}],
        "recognition": "planned",
        "previous_courses": False,
        "certificates": [{"certificate_exam": "goethe", "certificate_level": "a1", "certificate_date": "2024-05-10"}],
        "cando_listening_a1": ticks("listening", "a1"),
        "cando_listening_a2": ticks("listening", "a2"),
        "cando_listening_b1": ticks("listening", "b1"),
        "cando_listening_b2": ticks("listening", "b2", leave_out=2),
        "cando_reading_a1": ticks("reading", "a1"),
        "cando_reading_a2": ticks("reading", "a2"),
        "cando_reading_b1": ticks("reading", "b1", leave_out=2),
        "cando_spoken_interaction_a1": ticks("spoken_interaction", "a1"),
        "cando_spoken_interaction_a2": ticks("spoken_interaction", "a2"),
        "cando_spoken_interaction_b1": ticks("spoken_interaction", "b1"),
        "cando_spoken_production_a1": ticks("spoken_production", "a1"),
        "cando_spoken_production_a2": ticks("spoken_production", "a2"),
        "cando_writing_a1": ticks("writing", "a1"),
        "cando_writing_a2": ticks("writing", "a2", leave_out=2),
        "goals": ["work", "everyday_life"],
        "availability": ["mornings"],
        "childcare_needed": False,
        "interpreter_used": False,
        "rating_listening": "b1",
        "rating_reading": "a2",
        "rating_spoken_interaction": "b1",
        "rating_spoken_production": "a2",
        "rating_writing": "a1",
        "summary": "Motiviert, möchte in der Pflege arbeiten.",
    }
    raw.update(changes)
    return {k: v for k, v in raw.items() if v is not None}


def test_the_common_guide_has_no_problems() -> None:
    assert check_guide(GUIDE_FILE) == []
    # version 2 is the one new interviews use; version 1 stays loadable for the interviews made with it
    assert (active_guide().id, active_guide().version) == ("sprachstand", 2)
    guide = guide_by_version("sprachstand", 1)
    assert guide.languages[0] == "de" and {"en", "ar", "fa", "uk", "ru", "tr"} <= set(guide.languages)
    personal = {q.id for s, q in guide.questions() if s.id == "personal"}
    assert {"family_name", "given_names", "birth_date"} <= personal


def test_a_complete_sample_interview_scores() -> None:
    guide = guide_by_version("sprachstand", 1)
    result = score(guide, validate_answers(guide, interview()))
    assert result.levels == {
        "listening": "B1",
        "reading": "A2",
        "spoken_interaction": "B1",
        "spoken_production": "A2",
        "writing": "A1",
    }
    count = len(ticks("writing", "a1"))
    expected = f"Schreiben A1: {count} von {count} A1-Aussagen erfüllt (Schwelle 80 %)"
    assert result.explanations["writing"].startswith(expected)
    assert result.literacy == "literate_latin"
    assert result.recommendation is not None
    assert result.recommendation.course == "integration_course" and result.recommendation.start_level == "A1"


def test_override_with_reason_changes_the_final_level_and_recommendation_start() -> None:
    guide = guide_by_version("sprachstand", 1)
    with pytest.raises(ValueError, match="override_reason"):
        validate_answers(guide, interview(override_writing="a2"))
    result = score(
        guide, validate_answers(guide, interview(override_writing="a2", override_reason="Schreibt im Alltag sicher."))
    )
    assert result.computed["writing"] == "A1" and result.levels["writing"] == "A2"
    assert result.recommendation is not None and result.recommendation.start_level == "A2"


def test_not_literate_learner_is_recommended_a_literacy_course() -> None:
    guide = guide_by_version("sprachstand", 1)
    raw = interview(literate_l1=False, literate_latin=False, scripts=None)
    result = score(guide, validate_answers(guide, raw))
    assert result.literacy == "not_literate" and result.recommendation is not None
    assert result.recommendation.course == "literacy_course"


@pytest.mark.parametrize("seed", range(40))
def test_generated_sample_interviews_validate_and_score(seed: int) -> None:
    guide = active_guide()
    result = score(guide, validate_answers(guide, sample_answers(guide, seed)))
    assert set(result.levels) == set(Skill) and result.recommendation is not None


def test_a_stored_interview_reads_back_unchanged() -> None:
    guide = guide_by_version("sprachstand", 1)
    first = validate_answers(guide, interview())
    stored = json.loads(json.dumps(first.to_json_dict()))
    again = validate_answers(guide, stored)
    assert again.values == first.values and again.to_json_dict() == stored
