"""One test per kind of guide problem: the loader reports it with its code (never a traceback)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from questionnaire import GuideError, check_guide, check_guide_text, load_guide, load_guide_text
from tests.questionnaire.helpers import HEADER, assert_problems, guide_text, section

YES = "- {id: a, type: yes_no, label: {de: A, en: A}}\n"
CHOICE = (
    "- id: c\n  type: single_choice\n  label: {de: C, en: C}\n  choices:\n"
    "    - {value: x, label: {de: X, en: X}}\n    - {value: y, label: {de: Y, en: Y}}\n"
)

CAN_DO_A1 = """\
- id: cd_l_a1
  type: can_do
  skill: listening
  level: A1
  label: {de: Hören A1, en: Listening A1}
  statements:
    - {id: s1, label: {de: Ich verstehe, en: I understand}}
"""
LIT = "- {id: lit, type: yes_no, label: {de: Lesen, en: Read}}\n"
LISTENING = "{label: {de: Hören, en: Listening}}"


def scored(questions: str = CAN_DO_A1 + LIT, listening: str = LISTENING, extra_skills: str = "") -> str:
    """A guide with can-do statements, scoring and one course type (rules are appended by ``rules``)."""
    return (
        section(questions)
        + f"scoring:\n  skills:\n    listening: {listening}\n{extra_skills}"
        + "course_types:\n  - {value: general, label: {de: Allgemein, en: General}}\n"
    )


SCORED = scored()


def rules(yaml: str) -> str:
    return SCORED + "recommendations:\n" + textwrap.indent(textwrap.dedent(yaml), "  ")


FALLBACK = """\
- id: fallback
  when: always
  course: general
  start_level: a1
  reason: {de: Immer, en: Always}
"""


def rule(rid: str, when: str, course: str = "general", start: str = "a1") -> str:
    return (
        f"- id: {rid}\n  when: {when}\n  course: {course}\n  start_level: {start}\n"
        "  reason: {de: Grund, en: Reason}\n"
    )


def test_a_clean_minimal_guide_has_no_problems() -> None:
    assert_problems(section(YES + CHOICE))
    assert_problems(rules(rule("r1", "{level: listening, gte: A1}") + FALLBACK))


def test_yaml_syntax_error_names_the_line() -> None:
    text = HEADER.format(version=1) + "sections:\n  - id: main\n    title: {de: T, en: [oops}\n"
    guide, problems = check_guide_text(text)
    assert guide is None and [p.code for p in problems] == ["yaml_syntax"]
    assert problems[0].line == 7


def test_a_file_that_is_no_mapping() -> None:
    assert_problems("- just\n- a list\n", "not_a_mapping", full=True)


def test_duplicate_key() -> None:
    assert_problems(section("- {id: a, type: yes_no, label: {de: A, en: A}, label: {de: B, en: B}}\n"), "duplicate_key")


def test_unknown_key_names_the_question_and_line() -> None:
    _guide, problems = check_guide_text(
        guide_text(section("- {id: a, type: yes_no, colour: red, label: {de: A, en: A}}\n"))
    )
    assert [p.code for p in problems] == ["unknown_key"]
    assert "Frage 'a'" in problems[0].location and problems[0].line == 9


def test_missing_key() -> None:
    assert_problems(section("- {id: a, type: yes_no}\n"), "missing_key")


def test_wrong_type() -> None:
    assert_problems(section("- {id: t, type: text, max_length: lots, label: {de: T, en: T}}\n"), "wrong_type")
    text = "id: test\nversion: one\ntitle: {de: T, en: T}\nlanguages: [de, en]\n" + section(YES)
    assert_problems(text, "wrong_type", full=True)


def test_yaml_no_read_as_boolean_is_a_wrong_type_with_a_quoting_hint() -> None:
    body = section(
        "- id: c\n  type: single_choice\n  label: {de: C, en: C}\n  choices: [{value: no, label: {de: N, en: N}}]\n"
    )
    problems = check_guide_text(guide_text(body))[1]
    assert [p.code for p in problems] == ["wrong_type"] and "Anführungszeichen" in problems[0].message


def test_unknown_question_type() -> None:
    assert_problems(section("- {id: a, type: slider, label: {de: A, en: A}}\n"), "unknown_question_type")


@pytest.mark.parametrize("condition", ["{colour: red}", "{question: a}", "{question: a, equals: true, gt: 1}"])
def test_bad_condition_shape(condition: str) -> None:
    assert_problems(
        section(YES + f"- {{id: b, type: yes_no, label: {{de: B, en: B}}, show_if: {condition}}}\n"), "bad_condition"
    )


def test_duplicate_ids() -> None:
    assert_problems(section(YES + YES), "duplicate_id")
    assert_problems(
        section(YES) + section("- {id: b, type: yes_no, label: {de: B, en: B}}\n").replace("sections:\n", ""),
        "duplicate_id",
    )


def test_condition_on_unknown_question() -> None:
    assert_problems(
        section(YES + "- {id: b, type: yes_no, label: {de: B, en: B}, show_if: {question: zz, equals: true}}\n"),
        "unknown_question",
    )


def test_condition_on_later_question() -> None:
    assert_problems(
        section("- {id: b, type: yes_no, label: {de: B, en: B}, show_if: {question: a, equals: true}}\n" + YES),
        "later_question",
    )
    assert_problems(section(YES.replace("}}\n", "}, required: {question: a, answered: true}}\n")), "later_question")


def test_constraint_may_name_its_own_question() -> None:
    own = (
        "- {id: n, type: integer, label: {de: N, en: N},"
        " constraint: {rule: {question: n, gte: 1}, message: {de: M, en: M}}}\n"
    )
    assert_problems(section(own))


def test_unknown_choice_list() -> None:
    assert_problems(
        section("- {id: c, type: single_choice, choices: nope, label: {de: C, en: C}}\n"), "unknown_choice_list"
    )


def test_empty_choice_list() -> None:
    assert_problems("choice_lists: {empty: []}\n" + section(YES), "empty_choice_list")


def test_unknown_choice_value_in_a_condition() -> None:
    assert_problems(
        section(CHOICE + "- {id: b, type: yes_no, label: {de: B, en: B}, show_if: {question: c, equals: z}}\n"),
        "unknown_choice_value",
    )
    assert_problems(
        section(CHOICE + "- {id: b, type: yes_no, label: {de: B, en: B}, show_if: {question: c, in: [x, q]}}\n"),
        "unknown_choice_value",
    )


def test_unknown_choice_value_in_a_rule() -> None:
    body = rules(rule("r1", "{question: lit, equals: true}") + FALLBACK)
    assert_problems(body)
    multi = "- {id: lit, type: multi_choice, choices: [{value: w, label: {de: W, en: W}}], label: {de: L, en: L}}\n"
    body = scored(CAN_DO_A1 + multi) + "recommendations:\n"
    assert_problems(
        body + textwrap.indent(rule("r1", "{question: lit, contains: zz}") + FALLBACK, "  "), "unknown_choice_value"
    )


def test_comparison_that_does_not_fit_the_question_type() -> None:
    assert_problems(
        section(YES + "- {id: b, type: yes_no, label: {de: B, en: B}, show_if: {question: a, gt: 3}}\n"),
        "wrong_value_type",
    )
    assert_problems(
        section(
            "- {id: n, type: integer, label: {de: N, en: N}}\n"
            "- {id: b, type: yes_no, label: {de: B, en: B}, show_if: {question: n, gte: viele}}\n"
        ),
        "wrong_value_type",
    )


@pytest.mark.parametrize("label", ["{de: A}", "{de: A, en: ''}", "{de: A, en: '   '}"])
def test_missing_or_empty_translation(label: str) -> None:
    assert_problems(section(f"- {{id: a, type: yes_no, label: {label}}}\n"), "missing_translation")


def test_undeclared_language() -> None:
    assert_problems(section("- {id: a, type: yes_no, label: {de: A, en: A, fr: A}}\n"), "undeclared_language")


def test_languages_must_start_with_german() -> None:
    text = "id: t\nversion: 1\ntitle: {de: T, en: T}\nlanguages: [en, de]\n" + section(YES)
    assert_problems(text, "bad_languages", full=True)


def test_level_outside_the_cefr_scale() -> None:
    body = SCORED.replace("level: A1", "level: D1")
    assert [c for c in _codes(body) if c == "level_invalid"] == ["level_invalid"]
    assert_problems(rules(rule("r1", "{level: listening, gte: X9}") + FALLBACK), "level_invalid")
    assert_problems(rules(FALLBACK.replace("start_level: a1", "start_level: z9")), "level_invalid")
    bad_list = (
        "choice_lists:\n  cefr_levels: [{value: a1, label: {de: A1, en: A1}}, {value: d1, label: {de: D1, en: D1}}]\n"
    )
    assert_problems(bad_list + section(YES), "level_invalid")


def _codes(body: str) -> list[str]:
    return [p.code for p in check_guide_text(guide_text(body))[1]]


def test_bad_pattern() -> None:
    assert_problems(section("- {id: t, type: text, pattern: '(', label: {de: T, en: T}}\n"), "bad_pattern")


def test_empty_range() -> None:
    assert_problems(section("- {id: n, type: integer, min: 5, max: 1, label: {de: N, en: N}}\n"), "bad_range")
    assert_problems(
        section("- {id: d, type: date, min: 2020-01-01, max: 2019-01-01, label: {de: D, en: D}}\n"), "bad_range"
    )


def test_conditions_inside_a_repeat_group_are_refused() -> None:
    body = section(
        YES
        + "- id: r\n  type: repeat\n  label: {de: R, en: R}\n  fields:\n"
        + "    - {id: f, type: text, label: {de: F, en: F}, show_if: {question: a, equals: true}}\n"
    )
    assert_problems(body, "bad_repeat_field")


def test_repeat_fields_of_a_nested_type_are_refused() -> None:
    body = section(
        "- id: r\n  type: repeat\n  label: {de: R, en: R}\n"
        "  fields:\n    - {id: f, type: note, label: {de: F, en: F}}\n"
    )
    assert_problems(body, "unknown_question_type")


def test_a_required_note() -> None:
    assert_problems(section("- {id: n, type: note, required: true, label: {de: N, en: N}}\n"), "note_required")


def test_rule_after_an_always_rule_can_never_match() -> None:
    assert_problems(
        rules(FALLBACK + rule("late", "{question: lit, equals: true}")), "rule_unreachable", "no_fallback_rule"
    )


def test_rule_repeating_an_earlier_condition_can_never_match() -> None:
    assert_problems(
        rules(rule("r1", "{question: lit, equals: true}") + rule("r2", "{question: lit, equals: true}") + FALLBACK),
        "rule_unreachable",
    )


@pytest.mark.parametrize(
    "when",
    [
        "{all: [{level: listening, gte: B1}, {level: listening, lt: A2}]}",
        "{all: [{level: min, gt: C2}]}",
        "{all: [{question: lit, equals: true}, {question: lit, equals: false}]}",
        "{all: [{question: lit, answered: false}, {question: lit, equals: true}]}",
        "{all: [{literacy: not_literate}, {literacy: second_script}]}",
        "{all: [{level: max, in: [a1, a2]}, {level: max, gte: B1}]}",
    ],
)
def test_contradictory_comparisons_can_never_match(when: str) -> None:
    assert_problems(rules(rule("r1", when) + FALLBACK), "rule_contradiction")


@pytest.mark.parametrize(
    "when",
    [
        "{all: [{level: listening, gte: A2}, {level: listening, lt: B1}]}",
        "{all: [{level: min, gte: A1}, {level: max, lt: A2}]}",
    ],
)
def test_satisfiable_ranges_are_not_contradictions(when: str) -> None:
    assert_problems(rules(rule("r1", when) + FALLBACK))


def test_last_recommendation_rule_must_always_match() -> None:
    assert_problems(rules(rule("r1", "{question: lit, equals: true}")), "no_fallback_rule")


def test_unknown_course_type() -> None:
    assert_problems(rules(rule("r1", "{question: lit, equals: true}", course="yoga") + FALLBACK), "unknown_course")


def test_unknown_skill_in_a_level_condition() -> None:
    assert_problems(rules(rule("r1", "{level: hearing, gte: A1}") + FALLBACK), "unknown_skill")
    assert_problems(rules(FALLBACK.replace("start_level: a1", "start_level: {level: hearing}")), "unknown_skill")


def test_unknown_literacy_result() -> None:
    assert_problems(rules(rule("r1", "{literacy: fluent}") + FALLBACK), "unknown_literacy")


def test_computed_values_only_in_rules() -> None:
    assert_problems(section(YES.replace("}}\n", "}, show_if: {level: min, gte: A1}}\n")), "computed_not_allowed")
    literacy_in_literacy = (
        "literacy:\n  - {result: not_literate, when: {literacy: second_script}, explanation: {de: E, en: E}}\n"
    )
    assert_problems(SCORED + literacy_in_literacy, "computed_not_allowed")


def test_scored_skill_without_can_do_statements() -> None:
    assert_problems(scored(extra_skills=f"    reading: {LISTENING}\n"), "skill_without_can_do")


def test_gap_in_can_do_levels() -> None:
    b1 = CAN_DO_A1.replace("A1", "B1").replace("a1", "b1").replace("s1", "s9")
    assert_problems(scored(CAN_DO_A1 + b1 + LIT), "can_do_level_gap")


def test_can_do_without_scoring() -> None:
    assert_problems(section(CAN_DO_A1), "can_do_unscored")


def test_rating_question_must_offer_cefr_levels() -> None:
    assert_problems(scored(listening="{label: {de: H, en: L}, rating_question: lit}"), "bad_skill_question")


def test_override_needs_a_reason_question() -> None:
    levels = (
        "choice_lists:\n  cefr_levels: [{value: a1, label: {de: A1, en: A1}}, {value: b1, label: {de: B1, en: B1}}]\n"
    )
    override = "- {id: ov, type: single_choice, choices: cefr_levels, label: {de: O, en: O}}\n"
    reason_free = "- {id: why, type: long_text, label: {de: W, en: W}}\n"
    body = levels + scored(
        CAN_DO_A1 + override + reason_free, listening="{label: {de: H, en: L}, override_question: ov}"
    )
    assert_problems(body, "override_without_reason")
    with_reason = body.replace("course_types:", "  override_reason_question: why\ncourse_types:")
    assert_problems(with_reason, "override_without_reason")  # the reason is never required
    required = "label: {de: W, en: W}, required: {question: ov, answered: true}}"
    assert_problems(with_reason.replace("label: {de: W, en: W}}", required))


def test_every_problem_is_reported_not_only_the_first() -> None:
    body = section("- {id: a, type: yes_no, label: {de: A}}\n- {id: a, type: yes_no, label: {de: B, en: B, fr: B}}\n")
    assert_problems(body, "missing_translation", "duplicate_id", "undeclared_language")


def test_missing_file_and_binary_garbage_are_problems_not_tracebacks(tmp_path: Path) -> None:
    assert [p.code for p in check_guide(tmp_path / "missing.yaml")] == ["file_unreadable"]
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(bytes(range(256)) * 4)
    assert [p.code for p in check_guide(garbage)] == ["file_unreadable"]
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("id: ä\n".encode("latin-1"))
    assert [p.code for p in check_guide(latin1)] == ["file_unreadable"]
    with pytest.raises(GuideError) as caught:
        load_guide(garbage)
    assert caught.value.problems[0].code == "file_unreadable"


def test_load_guide_text_raises_guide_error_with_all_problems() -> None:
    with pytest.raises(GuideError) as caught:
        load_guide_text(guide_text(section("- {id: a, type: slider, label: {de: A}}\n")))
    # the translation check runs even when the structure is wrong: every problem at once
    assert {p.code for p in caught.value.problems} == {"unknown_question_type", "missing_translation"}
    assert isinstance(caught.value, ValueError)


def test_yaml_aliases_are_refused_quickly() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9)
    )
    guide, problems = check_guide_text(bomb)
    assert guide is None and [p.code for p in problems] == ["yaml_syntax"] and problems[0].line == 2


def test_absurdly_deep_nesting_is_a_problem_not_a_crash() -> None:
    _guide, problems = check_guide_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert [p.code for p in problems] == ["yaml_syntax"]
