"""The result of scoring one interview: levels per skill, literacy, course recommendation, and the
German explanation of every computed value. Stored by the store as ``model_dump(mode="json")``."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class LevelCheck(BaseModel):
    """How many can-do statements of one level were ticked, and whether the threshold was met."""

    model_config = ConfigDict(frozen=True)

    level: str
    met: int
    total: int
    reached: bool


class Recommendation(BaseModel):
    model_config = ConfigDict(frozen=True)

    rule_id: str
    course: str
    course_label: str
    start_level: str | None
    reason: str


class Score(BaseModel):
    model_config = ConfigDict(frozen=True)

    guide_id: str
    guide_version: int
    threshold: float
    skill_labels: dict[str, str]  # skill -> German label ("Hören")
    levels: dict[str, str]  # skill -> final level ("Pre-A1" .. "C2"), after an override
    computed: dict[str, str]  # skill -> level computed from the can-do statements
    ratings: dict[str, str | None]  # skill -> the interviewer's own rating
    overrides: dict[str, str | None]  # skill -> the override, if any
    override_reason: str | None = None
    explanations: dict[str, str]  # skill -> German sentence
    checks: dict[str, list[LevelCheck]]  # skill -> per-level counts, A1 upwards
    literacy: str | None  # literate_latin | second_script | not_literate | None (no rule matched)
    literacy_explanation: str
    recommendation: Recommendation | None
