"""The few things pages need from the engine besides the store: the interview's guide and its score.

Kept in one module so pages stay thin and the engine's contract is used in one place.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

from schemas.score import Score


def guide_for(interview: Any, actor: Any = None) -> Any:
    """The guide version an interview was started with (it stays pinned to it) — bundled or
    uploaded by the admin, so the store is asked, not only the bundled files.

    A guide version never changes once stored, so the session keeps it after the first ask (saves
    a query a rerun); the session's user is re-checked by the app shell (``_restore_user``) and
    logging out clears the session."""
    import streamlit as st

    from store import reporting
    from ui import session

    key = f"guide.{interview.guide_id}.{interview.guide_version}"
    guide = st.session_state.get(key)
    if guide is None:
        guide = reporting.guide_version(actor or session.require_actor(), interview.guide_id, interview.guide_version)
        st.session_state[key] = guide
    return guide


def active_guide() -> Any:
    """The guide version new interviews use (the admin may have activated an uploaded one)."""
    from store import reporting
    from ui import session

    return reporting.active_guide(session.require_actor())


# visible_questions/progress run the engine over all answers; a rerun without a changed answer
# (most reruns) reuses the last results. Keyed by the guide and the answers' JSON text; values are
# immutable, so sharing between sessions is safe.
_DERIVED: OrderedDict[tuple[int, str, str], Any] = OrderedDict()
_DERIVED_MAX = 512


def _memo(kind: str, guide: Any, values: dict[str, Any], compute: Any) -> Any:
    key = (id(guide), kind, json.dumps(values, sort_keys=True, default=str))
    if key in _DERIVED:
        return _DERIVED[key]
    result = compute()
    _DERIVED[key] = result
    while len(_DERIVED) > _DERIVED_MAX:
        _DERIVED.popitem(last=False)
    return result


def visible_ids(guide: Any, values: dict[str, Any]) -> frozenset[str]:
    from questionnaire import visible_questions

    return _memo(  # type: ignore[no-any-return]
        "visible",
        guide,
        values,
        lambda: frozenset(q if isinstance(q, str) else q.id for q in visible_questions(guide, values)),
    )


def progress(guide: Any, values: dict[str, Any]) -> dict[str, tuple[int, int]]:
    from questionnaire import progress as _progress

    return dict(_memo("progress", guide, values, lambda: dict(_progress(guide, values))))


def draft_score(guide: Any, values: dict[str, Any]) -> tuple[Score | None, dict[str, str]]:
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
