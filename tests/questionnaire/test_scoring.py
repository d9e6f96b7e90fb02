"""Scoring tables (cumulative threshold rule), ratings, overrides, literacy and recommendations."""

from __future__ import annotations

import json

import pytest

from questionnaire import score, validate_answers
from schemas.score import Score
from tests.questionnaire.helpers import FULL, complete_answers, full_guide, make_guide

A1 = [f"l_a1_{i}" for i in range(1, 6)]  # 5 statements
A2 = [f"l_a2_{i}" for i in range(1, 4)]  # 3 statements
B1 = [f"l_b1_{i}" for i in range(1, 7)]  # 6 statements


def listening(a1: int, a2: int, b1: int, guide_text: str = FULL) -> Score:
    raw = complete_answers(
        cd_listening_a1=A1[:a1] or None, cd_listening_a2=A2[:a2] or None, cd_listening_b1=B1[:b1] or None
    )
    guide = make_guide(guide_text)
    return score(guide, validate_answers(guide, raw))


@pytest.mark.parametrize(
    ("a1", "a2", "b1", "level"),
    [
        (0, 0, 0, "Pre-A1"),
        (3, 3, 6, "Pre-A1"),  # 60 % of A1: higher levels do not count
        (4, 0, 0, "A1"),  # 4 of 5 = 80 % reaches the threshold exactly
        (4, 2, 6, "A1"),  # A2 2 of 3 = 67 %
        (5, 3, 4, "A2"),  # B1 4 of 6 = 67 %
        (4, 3, 5, "B1"),  # B1 5 of 6 = 83 %
        (5, 3, 6, "B1"),  # highest level with statements
    ],
)
def test_cumulative_threshold_rule(a1: int, a2: int, b1: int, level: str) -> None:
    result = listening(a1, a2, b1)
    assert result.computed["listening"] == level == result.levels["listening"]


@pytest.mark.parametrize(
    ("threshold", "a1", "a2", "b1", "level"), [(0.5, 3, 2, 3, "B1"), (0.6, 3, 1, 6, "A1"), (1.0, 4, 3, 6, "Pre-A1")]
)
def test_threshold_is_data_in_the_guide(threshold: float, a1: int, a2: int, b1: int, level: str) -> None:
    text = FULL.replace("threshold: 0.8", f"threshold: {threshold}")
    assert listening(a1, a2, b1, text).levels["listening"] == level


def test_explanations_say_how_a_level_was_reached() -> None:
    result = listening(4, 3, 5)
    assert result.explanations["listening"].startswith("Hören B1: 5 von 6 B1-Aussagen erfüllt (Schwelle 80 %).")
    assert "Einschätzung im Gespräch: B1" in result.explanations["listening"]
    low = listening(4, 1, 6)
    assert low.explanations["listening"].startswith(
        "Hören A1: 4 von 5 A1-Aussagen erfüllt (Schwelle 80 %); A2 nicht erreicht: 1 von 3"
    )
    assert "höhere Stufen zählen erst" in low.explanations["listening"]
    assert (
        listening(0, 0, 0)
        .explanations["listening"]
        .startswith("Hören Pre-A1: unter A1 (Schwelle 80 %); A1 nicht erreicht: 0 von 5")
    )
    assert [(c.level, c.met, c.total, c.reached) for c in low.checks["listening"]] == [
        ("A1", 4, 5, True),
        ("A2", 1, 3, False),
        ("B1", 6, 6, True),
    ]


def test_rating_beside_the_computed_level() -> None:
    result = score(full_guide(), validate_answers(full_guide(), complete_answers(rating_listening="a2")))
    assert result.ratings["listening"] == "A2" and result.levels["listening"] == "B1"


def test_override_with_reason_gives_the_final_level() -> None:
    raw = complete_answers(override_reading="b1", override_reason="Liest im Beruf täglich Fachtexte.")
    result = score(full_guide(), validate_answers(full_guide(), raw))
    assert result.computed["reading"] == "A2"
    assert result.levels["reading"] == result.overrides["reading"] == "B1"
    assert "Abweichend festgelegt: B1 (Begründung: Liest im Beruf täglich Fachtexte.)" in result.explanations["reading"]


@pytest.mark.parametrize(
    ("changes", "literacy", "course", "start"),
    [
        ({"literate_l1": False}, "not_literate", "literacy_course", "Pre-A1"),
        ({"latin_script": False}, "second_script", "second_script_course", "A2"),
        (
            {"goals": ["work"], "cd_reading_a1": None, "cd_reading_a2": None},
            "literate_latin",
            "integration_course",
            "Pre-A1",
        ),
        ({"goals": ["work"], "override_reading": "b1", "override_reason": "x"}, "literate_latin", "job_course", "B1"),
        (
            {"goals": ["study"], "override_reading": "b1", "override_reason": "x"},
            "literate_latin",
            "integration_course",
            "B1",
        ),
    ],
)
def test_literacy_and_recommendation_rules(changes: dict[str, object], literacy: str, course: str, start: str) -> None:
    result = score(full_guide(), validate_answers(full_guide(), complete_answers(**changes)))
    assert result.literacy == literacy
    assert result.recommendation is not None
    assert (result.recommendation.course, result.recommendation.start_level) == (course, start)
    assert result.recommendation.course_label and result.recommendation.reason


def test_literacy_explanation_comes_from_the_guide() -> None:
    result = score(full_guide(), complete_answers(literate_l1=False))
    assert result.literacy_explanation == "Nicht alphabetisiert."


def test_score_round_trips_through_json() -> None:
    result = score(full_guide(), complete_answers())
    assert Score.model_validate(json.loads(json.dumps(result.model_dump(mode="json")))) == result


def test_score_refuses_answers_of_another_guide_version() -> None:
    answers = validate_answers(full_guide(1), complete_answers())
    with pytest.raises(ValueError, match="v1"):
        score(full_guide(2), answers)
