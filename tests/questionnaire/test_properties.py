"""Property tests (hypothesis): no input crashes validation, valid answers round-trip through
JSON unchanged, and ticking one more can-do statement never lowers a level."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questionnaire import AnswerError, active_guide, progress, score, validate_answers, visible_questions
from schemas.guide import CanDoQuestion
from schemas.vocabulary import Level
from tests.questionnaire.helpers import full_guide

GUIDE = full_guide()
QUESTION_IDS = [q.id for _, q in GUIDE.questions()]
CAN_DO = {q.id: [s.id for s in q.statements] for _, q in GUIDE.questions() if isinstance(q, CanDoQuestion)}

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
# Mostly real question ids (so the type checks are reached), sometimes unknown keys.
keys = st.sampled_from(QUESTION_IDS) | st.text(max_size=10)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.dictionaries(keys, json_values, max_size=12) | json_values, partial=st.booleans())
def test_arbitrary_json_like_input_raises_only_answer_error(raw: Any, partial: bool) -> None:
    try:
        validate_answers(GUIDE, raw, partial=partial)
    except AnswerError as exc:
        assert exc.problems and all(isinstance(q, str) and isinstance(m, str) and m for q, m in exc.problems)


@settings(max_examples=200, deadline=None)
@given(raw=st.dictionaries(keys, json_values, max_size=12))
def test_a_draft_either_fails_with_problems_or_returns_only_known_questions(raw: dict[str, Any]) -> None:
    try:
        values = validate_answers(GUIDE, raw, partial=True).values
    except AnswerError:
        return
    assert set(values) <= set(QUESTION_IDS)


latin_names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÄÖÜäöüßéèçñ -'", min_size=1, max_size=60).filter(str.strip)
free_text = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=200)
levels = st.sampled_from(["pre_a1", "a1", "a2", "b1", "b2", "c1", "c2"])


@st.composite
def valid_interviews(draw: st.DrawFn) -> dict[str, Any]:
    children = draw(st.integers(0, 20))
    literate = draw(st.booleans())
    raw: dict[str, Any] = {
        "consent_processing": True,
        "family_name": draw(latin_names),
        "birth_date": draw(st.dates(dt.date(1900, 1, 1), dt.date.today())).isoformat(),
        "children": children,
        "hours": draw(st.floats(0, 40.5, allow_nan=False) | st.integers(0, 40)),
        "first_language": draw(st.sampled_from(["ar", "uk", "en"])),
        "literate_l1": literate,
        "goals": draw(st.lists(st.sampled_from(["work", "study", "everyday"]), unique=True, max_size=2)),
        "other_languages": draw(
            st.lists(
                st.fixed_dictionaries({"language": st.sampled_from(["ar", "uk", "en"])}, optional={"level": levels}),
                max_size=3,
            )
        ),
        "summary": draw(free_text),
        "rating_listening": draw(levels),
        "override_reading": draw(st.none() | levels),
        "override_reason": draw(latin_names),
    }
    if children:
        raw["childcare"] = draw(st.booleans())
    if literate:
        raw["latin_script"] = draw(st.booleans())
    for qid, statements in CAN_DO.items():
        raw[qid] = draw(st.lists(st.sampled_from(statements), unique=True))
    return raw


@settings(max_examples=200, deadline=None)
@given(raw=valid_interviews())
def test_valid_answers_round_trip_through_json_unchanged(raw: dict[str, Any]) -> None:
    first = validate_answers(GUIDE, raw)
    stored = json.loads(json.dumps(first.to_json_dict()))
    second = validate_answers(GUIDE, stored)
    assert second.values == first.values
    assert second.to_json_dict() == stored
    assert json.loads(json.dumps(score(GUIDE, second).model_dump(mode="json"))) == score(GUIDE, first).model_dump(
        mode="json"
    )


@settings(max_examples=300, deadline=None)
@given(raw=valid_interviews(), data=st.data())
def test_ticking_one_more_statement_never_lowers_a_level(raw: dict[str, Any], data: st.DataObject) -> None:
    raw["override_reading"] = None
    untouched = [(qid, s) for qid, statements in CAN_DO.items() for s in statements if s not in raw[qid]]
    if not untouched:
        return
    qid, statement = data.draw(st.sampled_from(untouched))
    before = score(GUIDE, validate_answers(GUIDE, raw))
    raw[qid] = [*raw[qid], statement]
    after = score(GUIDE, validate_answers(GUIDE, raw))
    for skill, level in before.levels.items():
        assert Level.names().index(after.levels[skill]) >= Level.names().index(level)


REAL = active_guide()
REAL_IDS = [q.id for _, q in REAL.questions()]
real_keys = st.sampled_from(REAL_IDS) | st.text(max_size=10)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.dictionaries(real_keys, json_values, max_size=20), partial=st.booleans())
def test_the_common_guide_raises_only_answer_error_too(raw: dict[str, Any], partial: bool) -> None:
    try:
        validate_answers(REAL, raw, partial=partial)
    except AnswerError as exc:
        assert exc.problems


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.dictionaries(real_keys, json_values, max_size=20))
def test_visibility_and_progress_accept_any_draft(raw: dict[str, Any]) -> None:
    """The UI asks these on every rerun with whatever the widgets hold: they must never fail."""
    shown = visible_questions(REAL, raw)
    assert shown <= set(REAL_IDS)
    for done, total in progress(REAL, raw).values():
        assert 0 <= done <= total
