"""Properties of the placement of guide version 2 over generated facts and generated answers:
deterministic, monotone in the levels, no integration language course at B1 in every skill for adults,
and bad input refused only with the engine's AnswerError or pydantic's ValidationError."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from questionnaire import AnswerError, facts_from_answers, place, score, validate_answers
from questionnaire.samples import sample_answers
from schemas.placement import (
    Availability,
    Course,
    DtzResult,
    Entitlement,
    Format,
    Goal,
    LiteracyLevel,
    Placement,
    PlacementFacts,
    Script,
    SupportNeed,
)
from schemas.vocabulary import Level
from tests.placement.helpers import SKILLS, v2

LEVELS = [level.value for level in Level]
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

facts_data = st.fixed_dictionaries(
    {
        "age": st.integers(0, 120),
        "literacy": st.dictionaries(st.sampled_from([s.value for s in Script]), st.sampled_from(list(LiteracyLevel))),
        "schooling_years": st.integers(0, 30),
        "levels": st.fixed_dictionaries({skill: st.sampled_from(LEVELS) for skill in SKILLS}),
        "entitlement": st.sampled_from(list(Entitlement)),
        "asylum_seeker": st.booleans(),
        "integration_course_completed": st.booleans(),
        "dtz_result": st.sampled_from(list(DtzResult)),
        "goals": st.frozensets(st.sampled_from(list(Goal))),
        "childcare_needed": st.booleans(),
        "availability": st.frozensets(st.sampled_from(list(Availability))),
        "online_ok": st.booleans(),
        "employed": st.booleans(),
        "jobcenter_registered": st.booleans(),
        "support_needs": st.frozensets(st.sampled_from(list(SupportNeed))),
        "women_only_wanted": st.booleans(),
        "preferred_formats": st.frozensets(st.sampled_from([Format.FULL_TIME, Format.PART_TIME, Format.EVENING])),
    }
)


@SETTINGS
@given(facts_data)
def test_placement_is_deterministic_and_survives_json(data: dict[str, Any]) -> None:
    facts = PlacementFacts(**data)
    first = place(v2(), facts)
    again = place(v2(), PlacementFacts.model_validate_json(facts.model_dump_json()))
    assert first == again == place(v2(), facts)
    assert Placement.model_validate_json(first.model_dump_json()) == first
    assert first.rule_id in {rule.id for rule in v2().placement.rules}  # type: ignore[union-attr]
    assert not {Format.FULL_TIME, Format.PART_TIME} <= first.formats


@SETTINGS
@given(facts_data, st.sampled_from(SKILLS))
def test_a_higher_level_never_lowers_the_start_level(data: dict[str, Any], skill: str) -> None:
    before = place(v2(), PlacementFacts(**data))
    rank = Level(data["levels"][skill]).rank
    if rank == 6:
        return
    raised = {**data, "levels": {**data["levels"], skill: Level.by_rank(rank + 1).value}}
    after = place(v2(), PlacementFacts(**raised))
    assert after.start_level.rank >= before.start_level.rank, (before.rule_id, after.rule_id)


@SETTINGS
@given(facts_data, st.sampled_from(["b1", "b2", "c1", "c2"]))
def test_no_integration_language_course_for_adults_at_b1_in_every_skill(data: dict[str, Any], least: str) -> None:
    low = Level(least).rank
    levels = {skill: Level.by_rank(max(low, Level(v).rank)).value for skill, v in data["levels"].items()}
    placement = place(v2(), PlacementFacts(**{**data, "age": max(18, data["age"]), "levels": levels}))
    assert not Course(placement.course).is_integration_language_course, placement.rule_id
    assert placement.start_level.rank >= Level.B1.rank


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
known_keys = st.sampled_from(["age", "levels", "literacy", "goals", "entitlement", "asylum_seeker", "x"])


@SETTINGS
@given(st.dictionaries(known_keys, junk, max_size=6))
def test_bad_facts_are_refused_with_pydantic_errors_only(data: dict[str, Any]) -> None:
    with contextlib.suppress(ValidationError):
        place(v2(), data)  # type: ignore[arg-type]


answer_keys = st.sampled_from(["birth_date", "interview_date", "literacy_latin", "goals", "entitlement", "nope", ""])


@SETTINGS
@given(st.dictionaries(answer_keys, junk, max_size=6))
def test_bad_answers_are_refused_with_answer_or_pydantic_errors_only(data: dict[str, Any]) -> None:
    with contextlib.suppress(AnswerError, ValidationError):
        place(v2(), facts_from_answers(v2(), data))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000))
def test_sample_interviews_give_facts_a_placement_and_the_same_course_in_the_score(seed: int) -> None:
    answers = validate_answers(v2(), sample_answers(v2(), seed))
    placement = place(v2(), facts_from_answers(v2(), answers))
    result = score(v2(), answers)
    assert result.placement == placement
    assert result.recommendation is not None
    if result.recommendation.rule_id != "override":
        assert result.recommendation.course == placement.course.value
        assert result.recommendation.start_level == placement.start_level.label
