"""The few things pages need from the engine besides the store: the interview's guide and its score.

Kept in one module so pages stay thin and the engine's contract is used in one place.
"""

from __future__ import annotations

from typing import Any


def guide_for(interview: Any) -> Any:
    """The guide version an interview was started with (it stays pinned to it)."""
    from questionnaire import guide_by_version

    return guide_by_version(interview.guide_id, interview.guide_version)


def active_guide() -> Any:
    from questionnaire import active_guide as _active

    return _active()


def visible_ids(guide: Any, values: dict[str, Any]) -> set[str]:
    from questionnaire import visible_questions

    return {q if isinstance(q, str) else q.id for q in visible_questions(guide, values)}


def progress(guide: Any, values: dict[str, Any]) -> dict[str, tuple[int, int]]:
    from questionnaire import progress as _progress

    return dict(_progress(guide, values))


def draft_score(guide: Any, values: dict[str, Any]) -> tuple[Any | None, dict[str, str]]:
    """The score of the answers so far (invalid answers left out) and the problems found."""
    from questionnaire import AnswerError, score, validate_answers

    problems: dict[str, str] = {}
    current = dict(values)
    for _ in range(3):
        try:
            answers = validate_answers(guide, current, partial=True)
        except AnswerError as exc:
            found = {qid: msg for qid, msg in exc.problems}
            problems.update(found)
            for qid in found:
                current.pop(qid.split(".")[0].split("[")[0], None)
            continue
        return score(guide, answers), problems
    return None, problems


def problems_of(exc: Any) -> dict[str, str]:
    """The engine's AnswerError problems as {question id: German message} (first message per field)."""
    result: dict[str, str] = {}
    for qid, message in getattr(exc, "problems", []):
        result.setdefault(str(qid), str(message))
    return result
