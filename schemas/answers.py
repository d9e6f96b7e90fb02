"""Validated answers of one interview, pinned to the guide version they were taken with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict


def to_json_value(value: Any) -> Any:
    """Dates as ISO strings, everything else as it is (lists and objects recursively)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [to_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    return value


class Answers(BaseModel):
    """``values`` holds only answered, visible questions (question id -> cleaned value; dates as ``date``)."""

    model_config = ConfigDict(frozen=True)

    guide_id: str
    guide_version: int
    values: dict[str, Any]
    complete: bool = True  # False: validated as a draft (partial=True), required answers may be missing

    @classmethod
    def trusted(cls, guide_id: str, guide_version: int, values: dict[str, Any], complete: bool) -> Answers:
        """Answers from values the engine has just validated, without a second validation
        (``model_construct`` does the same but costs more than the rest of a small interview)."""
        answers = cls.__new__(cls)
        object.__setattr__(
            answers,
            "__dict__",
            {"guide_id": guide_id, "guide_version": guide_version, "values": values, "complete": complete},
        )
        object.__setattr__(answers, "__pydantic_fields_set__", set(_ALL_FIELDS))
        object.__setattr__(answers, "__pydantic_extra__", None)
        object.__setattr__(answers, "__pydantic_private__", None)
        return answers

    def to_json_dict(self) -> dict[str, Any]:
        """The values as JSON-ready data (what the store saves and ``validate_answers`` accepts back)."""
        return {k: to_json_value(v) for k, v in self.values.items()}


_ALL_FIELDS = frozenset(Answers.model_fields)
