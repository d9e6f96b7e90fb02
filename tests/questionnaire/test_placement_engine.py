"""The engine additions of guide version 2, on a small inline guide: age, count and checklist conditions,
Pre-A1 lists, skill methods with a decision question, placement facts, rules, formats, warnings,
the override, and warnings on drafts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from questionnaire import (
    AnswerError,
    facts_from_answers,
    interview_warnings,
    place,
    score,
    validate_answers,
    visible_questions,
)
from questionnaire.conditions import whole_years
from questionnaire.start_level import composite_rank
from schemas.placement import PlacementFacts
from tests.questionnaire.helpers import make_guide

T = "{de: '%s', en: '%s'}"


def t(text: str) -> str:
    return T % (text, text)


def statements(prefix: str, n: int = 5) -> str:
    return "".join(f"\n          - {{id: {prefix}_{i}, label: {t('Aussage')}}}" for i in range(n))


BODY = f"""\
choice_lists:
  cefr_levels:
{"".join(f"    - {{value: {v}, label: {t(v)}}}{chr(10)}" for v in ("pre_a1", "a1", "a2", "b1", "b2", "c1", "c2"))}\
  literacy_levels:
    - {{value: none, label: {t("nein")}}}
    - {{value: partial, label: {t("teilweise")}}}
    - {{value: fluent, label: {t("ja")}}}
  courses:
    - {{value: integration_course, label: {t("IK")}}}
    - {{value: school_referral, label: {t("Schule")}}}
    - {{value: literacy_course, label: {t("Alpha")}}}
  evidence:
    - {{value: observation, label: {t("Beobachtung")}}}
    - {{value: certificate, label: {t("Zertifikat")}}}
sections:
  - id: main
    title: {t("Teil")}
    questions:
      - {{id: interview_date, type: date, not_future: true, required: true, label: {t("Gespräch")}}}
      - id: birth_date
        type: date
        required: true
        label: {t("Geburt")}
        constraint:
          rule: {{age: birth_date, gte: 12}}
          message: {t("zu jung")}
      - {{id: literacy_latin, type: single_choice, choices: literacy_levels, required: true, label: {t("Latein")}}}
      - {{id: childcare, type: yes_no, label: {t("Kinder")}}}
      - id: cd_pre
        type: can_do
        skill: listening
        level: Pre-A1
        label: {t("Pre-A1")}
        statements:{statements("p")}
      - id: cd_a1
        type: can_do
        skill: listening
        level: A1
        label: {t("A1")}
        statements:{statements("a")}
      - id: cd_a2
        type: can_do
        skill: listening
        level: A2
        show_if: {{count: cd_a1, gte: 4}}
        label: {t("A2")}
        statements:{statements("b")}
      - {{id: rating_listening, type: single_choice, choices: cefr_levels, required: true, label: {t("Einschätzung")}}}
      - id: decision_listening
        type: single_choice
        choices: cefr_levels
        show_if: {{checklist: listening, not_equals: {{question: rating_listening}}}}
        required: {{checklist: listening, not_equals: {{question: rating_listening}}}}
        label: {t("Festlegung")}
      - id: decision_reason
        type: long_text
        required: {{any: [{{question: decision_listening, answered: true}}]}}
        label: {t("Grund")}
      - {{id: course_override, type: single_choice, choices: courses, label: {t("Abweichung")}}}
      - id: override_reason
        type: long_text
        required: {{question: course_override, answered: true}}
        label: {t("Grund")}
      - id: override_evidence
        type: multi_choice
        choices: evidence
        required: {{question: course_override, answered: true}}
        label: {t("Nachweis")}
scoring:
  skills:
    listening:
      label: {t("Hören")}
      rating_question: rating_listening
      decision_question: decision_listening
  override_reason_question: decision_reason
course_types:
  - {{value: integration_course, label: {t("IK")}}}
  - {{value: school_referral, label: {t("Schule")}}}
  - {{value: literacy_course, label: {t("Alpha")}}}
placement:
  facts:
    age: {{age: birth_date}}
    literacy_latin: {{question: literacy_latin}}
    childcare_needed: {{question: childcare}}
  rules:
    - {{id: young, when: {{fact: age, lt: 18}}, course: school_referral, start_level: {{level: composite}},
       reason: {t("jung")}}}
    - {{id: alpha, when: {{fact: literacy_best, lt: fluent}}, course: literacy_course, start_level: pre_a1,
       reason: {t("alpha")}}}
    - {{id: general, when: always, course: integration_course, start_level: {{level: composite}},
       reason: {t("allgemein")}}}
  formats:
    - {{format: childcare, when: {{fact: childcare_needed, equals: true}}, reason: {t("Kinder")}}}
  warnings:
    - {{id: alpha_but_a2, when: {{all: [{{fact: literacy_best, equals: none}}, {{level: listening, gte: A2}}]}},
       message: {t("Widerspruch")}}}
    - {{id: apart, when: {{checklist: listening, not_equals: {{question: rating_listening}}}},
       message: {t("abweichend")}}}
  override:
    course_question: course_override
    reason_question: override_reason
    evidence_question: override_evidence
"""


@pytest.fixture(scope="module")
def guide() -> Any:
    return make_guide(BODY)


def answers(**changes: Any) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "interview_date": "2026-03-02",
        "birth_date": "1990-05-17",
        "literacy_latin": "fluent",
        "cd_pre": [f"p_{i}" for i in range(5)],
        "cd_a1": [f"a_{i}" for i in range(5)],
        "rating_listening": "a1",
    }
    raw.update(changes)
    return {k: v for k, v in raw.items() if v is not None}


def test_age_is_counted_to_the_interview_date_not_today(guide: Any) -> None:
    born_16_years_before = answers(birth_date="2010-03-03")  # 15 on 2 March 2026, 16 a day later
    assert place(guide, facts_from_answers(guide, born_16_years_before)).rule_id == "young"
    assert facts_from_answers(guide, born_16_years_before).age == 15
    assert whole_years(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert whole_years(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18
    with pytest.raises(AnswerError) as caught:  # the constraint's age leaf: under 12 on the interview day
        validate_answers(guide, answers(birth_date="2015-01-01"))
    assert [qid for qid, _ in caught.value.problems] == ["birth_date"]


def test_without_an_interview_date_the_callers_today_counts(guide: Any) -> None:
    draft = answers(interview_date=None)
    assert facts_from_answers(guide, draft, today=dt.date(2030, 1, 1)).age == 39
    assert facts_from_answers(guide, draft, today=dt.date(2000, 1, 1)).age == 9


def test_count_routes_a_list_and_checklist_requires_a_decision(guide: Any) -> None:
    three = answers(cd_a1=["a_0", "a_1", "a_2"])
    assert "cd_a2" not in visible_questions(guide, three)  # fewer than 4 ticks: the A2 list is not asked
    assert "cd_a2" in visible_questions(guide, answers())
    assert "decision_listening" not in visible_questions(guide, answers())  # lists A1 = rating A1
    gap = answers(rating_listening="b1")
    assert "decision_listening" in visible_questions(guide, gap)
    with pytest.raises(AnswerError) as caught:
        validate_answers(guide, gap)
    assert dict(caught.value.problems).keys() == {"decision_listening"}
    decided = score(guide, validate_answers(guide, {**gap, "decision_listening": "a2", "decision_reason": "Aufgabe"}))
    assert (decided.computed["listening"], decided.levels["listening"]) == ("A1", "A2")
    assert "festgelegt: A2 (Begründung: Aufgabe)" in decided.explanations["listening"]


def test_pre_a1_lists_count_first_and_not_even_pre_a1_stays_at_the_lowest_step(guide: Any) -> None:
    result = score(guide, validate_answers(guide, answers(cd_pre=["p_0"], rating_listening="pre_a1")))
    assert result.levels["listening"] == "Pre-A1"  # A1 ticked in full, but Pre-A1 not reached
    assert result.checks["listening"][0].level == "Pre-A1" and not result.checks["listening"][0].reached
    assert "auch Pre-A1 nicht erreicht" in result.explanations["listening"]
    reached = score(guide, validate_answers(guide, answers(cd_a1=None, rating_listening="pre_a1")))
    assert reached.levels["listening"] == "Pre-A1" and "5 von 5 Pre-A1-Aussagen" in reached.explanations["listening"]


def test_placement_formats_reasons_and_fact_warnings(guide: Any) -> None:
    facts = PlacementFacts(age=30, literacy={}, levels={"listening": "A2"}, childcare_needed=True)
    placement = place(guide, facts)
    assert (placement.course, placement.start_level, placement.formats) == ("literacy_course", "pre_a1", {"childcare"})
    assert placement.reasons == ["alpha", "Kinder"] and placement.warnings == ["Widerspruch"]


def test_score_carries_the_placement_and_the_override_with_reason_and_evidence(guide: Any) -> None:
    plain = score(guide, validate_answers(guide, answers()))
    assert plain.placement is not None and plain.recommendation is not None
    assert plain.recommendation.rule_id == "general"
    assert plain.recommendation.start_level == plain.placement.start_level.label
    overridden = answers(
        course_override="school_referral", override_reason="Schule sinnvoll", override_evidence=["certificate"]
    )
    result = score(guide, validate_answers(guide, overridden))
    assert result.placement == plain.placement  # the rules' placement stays beside the override
    assert result.recommendation is not None and result.recommendation.rule_id == "override"
    assert result.recommendation.course == "school_referral"
    assert "Schule sinnvoll" in result.recommendation.reason and "Zertifikat" in result.recommendation.reason
    with pytest.raises(AnswerError):
        validate_answers(guide, answers(course_override="school_referral"))


def test_warnings_on_a_draft_and_a_draft_score_without_a_birth_date(guide: Any) -> None:
    draft = answers(birth_date=None, rating_listening="b1", literacy_latin="none", cd_a2=[f"b_{i}" for i in range(5)])
    assert interview_warnings(guide, draft) == ["Widerspruch", "abweichend"]
    result = score(guide, validate_answers(guide, draft, partial=True))
    assert result.placement is None and result.recommendation is None
    assert result.warnings == ["Widerspruch", "abweichend"]
    assert interview_warnings(guide, {"interview_date": "2026-03-02"}) == []  # nothing assessed yet


def test_version_1_scores_serialise_without_the_new_fields() -> None:
    from tests.questionnaire.helpers import complete_answers, full_guide

    data = score(full_guide(), complete_answers()).model_dump(mode="json")
    assert "placement" not in data and "warnings" not in data


@pytest.mark.parametrize(
    ("ranks", "expected"),
    [
        ((3, 2, 3, 3, 1), 2),  # B1 speaking and listening, A2 reading, A1 writing -> A2 (minimum: A1)
        ((1, 1, 1, 1, 1), 1),
        ((4, 4, 3, 4, 4), 3),  # speaking B1/B2 rounds down to B1
        ((0, 0, 3, 3, 4), 3),  # listening/reading Pre-A1, writing B2: speaking and writing decide
        ((5, 5, 1, 1, 5), 1),  # oral A1 caps the start
    ],
)
def test_composite_start_level(ranks: tuple[int, ...], expected: int) -> None:
    skills = ("listening", "reading", "spoken_interaction", "spoken_production", "writing")
    assert composite_rank(dict(zip(skills, ranks, strict=True))) == expected
