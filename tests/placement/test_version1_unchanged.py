"""Version 1 interviews score exactly as before version 2 and the placement engine existed: 30 sample
interviews and their scores were recorded with the code of commit fcf879e (v1_scores.json)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from questionnaire import active_guide, guide_by_version, score, validate_answers
from schemas.score import Score

CASES: list[dict[str, Any]] = json.loads((Path(__file__).parent / "v1_scores.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"seed{c['seed']}" for c in CASES])
def test_a_version_1_interview_scores_as_before(case: dict[str, Any]) -> None:
    guide = guide_by_version("sprachstand", 1)
    result = score(guide, validate_answers(guide, case["answers"]))
    assert result.model_dump(mode="json") == case["score"]
    assert result.placement is None and result.warnings == []
    assert Score.model_validate(case["score"]) == result  # a stored version-1 score loads with the new fields


def test_new_interviews_use_version_2_and_version_1_stays_loadable() -> None:
    assert (active_guide().id, active_guide().version) == ("sprachstand", 2)
    assert guide_by_version("sprachstand", 2).status == "released"
    assert guide_by_version("sprachstand", 1).version == 1
