"""The engine's contract end to end on the inline test guide: load, validate, score."""

from __future__ import annotations

import json

import pytest

from questionnaire import AnswerError, score, validate_answers
from tests.questionnaire.helpers import complete_answers, full_guide


def test_complete_interview_validates_and_scores() -> None:
    guide = full_guide()
    answers = validate_answers(guide, complete_answers())
    assert (answers.guide_id, answers.guide_version) == ("test", 1)
    result = score(guide, answers)
    assert result.levels == {"listening": "B1", "reading": "A2"}
    assert result.explanations["listening"].startswith("Hören B1: 5 von 6 B1-Aussagen erfüllt (Schwelle 80 %)")
    assert result.literacy == "literate_latin"
    assert result.recommendation is not None and result.recommendation.course == "integration_course"
    assert json.loads(json.dumps(result.model_dump(mode="json")))["levels"]["listening"] == "B1"


def test_all_problems_are_reported_at_once() -> None:
    bad = complete_answers(children="zwei", family_name="", goals=["work", "nope"], consent_processing=False)
    with pytest.raises(AnswerError) as caught:
        validate_answers(full_guide(), bad)
    assert {qid for qid, _ in caught.value.problems} == {"children", "family_name", "goals", "consent_processing"}
