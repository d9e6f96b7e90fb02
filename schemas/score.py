"""The result of scoring one interview: levels per skill, literacy, course recommendation, and the
German explanation of every computed value. Stored by the store as ``model_dump(mode="json")``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, SerializationInfo, SerializerFunctionWrapHandler, model_serializer

from schemas.placement import Placement
from schemas.vocabulary import Skill


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
    recommendation: Recommendation | None  # the course recommended (a placement override, if one was set)
    # Guides with placement rules (version 2 on): the placement the rules give, and the warnings of the
    # interview (contradictions, spreads, checklist and rating apart). Older scores load without them.
    placement: Placement | None = None
    warnings: list[str] = []

    @model_serializer(mode="wrap")
    def _without_empty_additions(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        """Scores of guides without placement rules serialise exactly as before these fields existed."""
        data = handler(self)
        if isinstance(data, dict):
            if data.get("placement") is None:
                data.pop("placement", None)
            if not data.get("warnings"):
                data.pop("warnings", None)
        return data


def load_score(stored: Mapping[str, Any]) -> Score:
    """A score as stored with an interview (``Score.model_dump(mode="json")``) read back through the model.

    Older stored shapes are upgraded first, so every reader gets a ``Score``: scores written before the
    interviewer's ratings, overrides, per-level checks or the literacy explanation existed get them empty;
    one without ``computed`` levels takes the final levels; missing skill labels come from the vocabulary.
    """
    data = dict(stored)
    levels = dict(data.get("levels") or {})
    data.setdefault("threshold", 0.8)
    data.setdefault("skill_labels", {skill.value: skill.label for skill in Skill})
    data["levels"] = levels
    data.setdefault("computed", dict(levels))
    data.setdefault("ratings", {})
    data.setdefault("overrides", {})
    data.setdefault("explanations", {})
    data.setdefault("checks", {})
    data.setdefault("literacy", None)
    data.setdefault("literacy_explanation", "")
    data.setdefault("recommendation", None)
    return Score.model_validate(data)
