"""check-guide on the version-2 additions: every mistake in facts, placement rules, formats, warnings,
new condition leaves and skill methods gets its own problem code (codes asserted, not wording)."""

from __future__ import annotations

import pytest

from tests.questionnaire.helpers import assert_problems

BASE = """\
choice_lists:
  cefr_levels:
    - {value: pre_a1, label: {de: u, en: u}}
    - {value: a1, label: {de: A1, en: A1}}
    - {value: a2, label: {de: A2, en: A2}}
  lit:
    - {value: none, label: {de: nein, en: "no"}}
    - {value: fluent, label: {de: ja, en: "yes"}}
sections:
  - id: main
    title: {de: Teil, en: Part}
    questions:
      - {id: birth_date, type: date, label: {de: G, en: B}}
      - {id: nick, type: text, label: {de: N, en: N}}
      - {id: lat, type: single_choice, choices: lit, label: {de: L, en: L}}
      - {id: kids, type: yes_no, label: {de: K, en: K}}
      - id: cd_a1
        type: can_do
        skill: listening
        level: A1
        label: {de: A1, en: A1}
        statements:
          - {id: s1, label: {de: S, en: S}}
      - {id: rating_listening, type: single_choice, choices: cefr_levels, label: {de: R, en: R}}
      - id: decision_listening
        type: single_choice
        choices: cefr_levels
        required: {checklist: listening, not_equals: {question: rating_listening}}
        label: {de: D, en: D}
      - {id: why, type: long_text, required: {question: decision_listening, answered: true}, label: {de: W, en: W}}
scoring:
  skills:
    listening:
      label: {de: Hören, en: Listening}
      rating_question: rating_listening
      decision_question: decision_listening
  override_reason_question: why
course_types:
  - {value: integration_course, label: {de: IK, en: IC}}
  - {value: literacy_course, label: {de: Alpha, en: Literacy}}
placement:
  facts:
    age: {age: birth_date}
    literacy_latin: {question: lat}
    childcare_needed: {question: kids}
  rules:
    - {id: alpha, when: {fact: literacy_best, lt: fluent}, course: literacy_course, start_level: pre_a1,
       reason: {de: A, en: A}}
    - {id: general, when: always, course: integration_course, start_level: {level: composite}, reason: {de: I, en: I}}
  formats:
    - {format: childcare, when: {fact: childcare_needed, equals: true}, reason: {de: K, en: K}}
  warnings:
    - {id: young, when: {fact: age, lt: 18}, message: {de: J, en: Y}}
"""


def test_the_base_guide_is_clean() -> None:
    assert_problems(BASE)


@pytest.mark.parametrize(
    ("old", "new", "codes"),
    [
        # facts
        (
            "    literacy_latin: {question: lat}",
            "    literacy_latin: {question: lat, when: {question: kids, equals: true}}",
            ["bad_fact_source"],
        ),
        ("    literacy_latin: {question: lat}", "    literacy_latin: {question: kids}", ["fact_mismatch"]),
        (
            "    literacy_latin: {question: lat}",
            "    literacy_latin: {question: lat, map: {fluent: perfect}}",
            ["fact_mismatch"],
        ),
        ("    literacy_latin: {question: lat}", "    literacy_best: {question: lat}", ["unknown_fact"]),
        ("    age: {age: birth_date}\n", "", ["missing_key"]),
        ("    age: {age: birth_date}", "    age: {age: nick}", ["fact_mismatch"]),
        # placement rules, formats, warnings
        (
            "when: {fact: literacy_best, lt: fluent}",
            "when: {question: lat, equals: none}",
            ["answers_in_placement_rule"],
        ),
        ("when: {fact: literacy_best, lt: fluent}", "when: {fact: literacy_bestest, lt: fluent}", ["unknown_fact"]),
        (
            "when: {fact: literacy_best, lt: fluent}",
            "when: {fact: literacy_best, lt: perfect}",
            ["unknown_choice_value"],
        ),
        ("when: {fact: literacy_best, lt: fluent}", "when: {fact: goals, equals: work}", ["wrong_value_type"]),
        ("when: {fact: literacy_best, lt: fluent}", "when: {fact: age, gte: 18, lt: 10}", ["bad_condition"]),
        (
            "when: {fact: literacy_best, lt: fluent}",
            "when: {all: [{fact: age, gte: 30}, {fact: age, lt: 18}]}",
            ["rule_contradiction"],
        ),
        ("course: literacy_course", "course: flying_course", ["unknown_course"]),
        ("    - {id: general, when: always,", "    - {id: general, when: {fact: age, gte: 0},", ["no_fallback_rule"]),
        ("{format: childcare,", "{format: nightly,", ["unknown_format"]),
        ("start_level: {level: composite}", "start_level: {level: average}", ["unknown_skill"]),
        (
            "    - {id: young, when: {fact: age, lt: 18}",
            "    - {id: young, when: {literacy: not_literate}",
            ["computed_not_allowed"],
        ),
        (
            "  - {value: literacy_course, label:",
            "  - {value: literacy_courses, label:",
            ["unknown_course", "unknown_course"],
        ),
        # leaves in questions
        ("{id: nick, type: text,", "{id: nick, type: text, show_if: {fact: age, gte: 18},", ["computed_not_allowed"]),
        (
            "{id: nick, type: text,",
            "{id: nick, type: text, show_if: {age: kids, gte: 18},",
            ["later_question", "wrong_value_type"],
        ),
        ("{id: kids, type: yes_no,", "{id: kids, type: yes_no, show_if: {age: nick, gte: 18},", ["wrong_value_type"]),
        (
            "{id: kids, type: yes_no,",
            "{id: kids, type: yes_no, show_if: {age: birth_date, gte: -1},",
            ["wrong_value_type"],
        ),
        ("{id: kids, type: yes_no,", "{id: kids, type: yes_no, show_if: {count: lat, gte: 1},", ["wrong_value_type"]),
        (
            "{id: kids, type: yes_no,",
            "{id: kids, type: yes_no, show_if: {checklist: listening, gte: A1},",
            ["later_question"],
        ),
        (
            "{id: kids, type: yes_no,",
            "{id: kids, type: yes_no, show_if: {checklist: hearing, gte: A1},",
            ["unknown_skill"],
        ),
        (
            "required: {checklist: listening, not_equals: {question: rating_listening}}",
            "required: {checklist: listening, not_equals: {question: nick}}",
            ["wrong_value_type"],
        ),
        # skill methods
        (
            "required: {checklist: listening, not_equals: {question: rating_listening}}",
            "required: true",
            ["decision_not_required"],
        ),
        (
            "      rating_question: rating_listening\n      decision",
            "      method: observation\n      decision",
            ["observation_without_rating"],
        ),
        ("required: {question: decision_listening, answered: true}", "required: false", ["override_without_reason"]),
    ],
)
def test_problem(old: str, new: str, codes: list[str]) -> None:
    assert old in BASE
    assert_problems(BASE.replace(old, new), *codes)


def test_a_pre_a1_list_is_allowed_and_counts_as_no_gap() -> None:
    pre = """      - id: cd_pre
        type: can_do
        skill: listening
        level: Pre-A1
        label: {de: P, en: P}
        statements:
          - {id: s0, label: {de: S, en: S}}
      - id: cd_a1"""
    assert_problems(BASE.replace("      - id: cd_a1", pre))


def test_the_override_needs_a_required_reason() -> None:
    body = (
        BASE.replace(
            "      - {id: why,",
            "      - {id: other, type: single_choice, choices: [{value: literacy_course, label: {de: A, en: A}}],"
            " label: {de: O, en: O}}\n"
            "      - {id: other_why, type: long_text, label: {de: W, en: W}}\n      - {id: why,",
        )
        + "  override: {course_question: other, reason_question: other_why}\n"
    )
    assert_problems(body, "override_without_reason")
