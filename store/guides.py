"""The store's only door to the guide engine (questionnaire): load a guide, validate, score.

Kept in one module so the engine's contract (docs/architecture.md, section 2) is used in one place.
"""

from __future__ import annotations

from typing import Any

from store.errors import InvalidInput

SKILL_COLUMNS = {
    "listening": "level_listening",
    "reading": "level_reading",
    "spoken_interaction": "level_spoken_interaction",
    "spoken_production": "level_spoken_production",
    "writing": "level_writing",
}
MASTER_DATA = ("family_name", "given_names", "birth_date")


def active_guide() -> Any:
    from questionnaire import active_guide as _active

    return _active()


def guide(guide_id: str, version: int) -> Any:
    from questionnaire import guide_by_version

    try:
        return guide_by_version(guide_id, version)
    except (KeyError, LookupError, FileNotFoundError) as exc:
        raise InvalidInput(f"Den Leitfaden {guide_id} Version {version} gibt es nicht.", "guide") from exc


def question_ids(g: Any) -> set[str]:
    return {q.id for section in g.sections for q in section.questions}


def validate(g: Any, answers: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Cleaned, JSON-ready answers; raises the engine's AnswerError with messages per question."""
    from questionnaire import validate_answers

    return dict(validate_answers(g, answers, partial=partial).to_json_dict())


def score(g: Any, answers: dict[str, Any]) -> dict[str, Any]:
    """Full validation, then the Score as JSON (what the interview stores)."""
    from questionnaire import score as _score
    from questionnaire import validate_answers

    checked = validate_answers(g, answers, partial=False)
    return dict(_score(g, checked).model_dump(mode="json"))
