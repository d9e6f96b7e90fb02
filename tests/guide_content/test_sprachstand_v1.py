"""Content of the common guide questionnaire/guides/sprachstand-v1.yaml, read with plain PyYAML.

The engine's check-guide proves the file is structurally valid; these tests guard what a learner or
interviewer would notice in the content: a missing or untranslated text, a Persian text typed with
Arabic letters, a Ukrainian text with Russian letters, a missing can-do checklist, a renamed section id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

GUIDE_FILE = Path(__file__).resolve().parents[2] / "questionnaire" / "guides" / "sprachstand-v1.yaml"
LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr"]
TEXT_KEYS = {"title", "label", "help", "message", "explanation", "description", "reason", "pattern_message"}
SKILLS = {"listening": "l", "reading": "r", "spoken_interaction": "si", "spoken_production": "sp", "writing": "w"}
CAN_DO_LEVELS = ["A1", "A2", "B1", "B2", "C1"]
SECTION_IDS = [
    "consent",
    "personal",
    "languages",
    "education",
    "german_courses",
    "cando_listening",
    "cando_reading",
    "cando_spoken_interaction",
    "cando_spoken_production",
    "cando_writing",
    "goals",
    "assessment",
]

ARABIC_LETTER = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06FA-\u06FF]")
CYRILLIC_LETTER = re.compile(r"[\u0400-\u04FF]")
ONLY_RUSSIAN = re.compile(r"[ыэъёЫЭЪЁ]")
ONLY_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
ARABIC_YEH_KAF = re.compile(r"[يك]")  # Persian writes ی and ک


@pytest.fixture(scope="module")
def guide() -> dict[str, Any]:
    data = yaml.safe_load(GUIDE_FILE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def texts(node: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every user-facing text mapping in the guide, with a readable location."""
    if isinstance(node, dict):
        for key, value in node.items():
            location = f"{where}.{key}"
            if key in TEXT_KEYS:
                yield location, value
            elif key == "certificate_text" and isinstance(value, dict):  # level id -> text
                for level, mapping in value.items():
                    yield f"{location}.{level}", mapping
            else:
                yield from texts(value, location)
    elif isinstance(node, list):
        for index, item in enumerate(node):
            name = item.get("id") or item.get("value") if isinstance(item, dict) else None
            yield from texts(item, f"{where}[{name or index}]")


def all_questions(guide: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for section in guide["sections"]:
        for question in section["questions"]:
            yield section["id"], question
            for field in question.get("fields", []):
                yield section["id"], field


def test_the_guide_is_sprachstand_version_1_in_seven_languages(guide: dict[str, Any]) -> None:
    assert (guide["id"], guide["version"]) == ("sprachstand", 1)
    assert guide["languages"] == LANGUAGES


def test_every_text_has_all_seven_languages_filled_in(guide: dict[str, Any]) -> None:
    problems = []
    found = 0
    for location, mapping in texts(guide):
        found += 1
        if not isinstance(mapping, dict) or list(mapping) != LANGUAGES:
            problems.append(f"{location}: languages {list(mapping) if isinstance(mapping, dict) else mapping!r}")
            continue
        for lang, text in mapping.items():
            if not isinstance(text, str) or not text.strip() or text != text.strip():
                problems.append(f"{location}.{lang}: {text!r}")
    assert found > 400, "the walk found too few texts: has the file's shape changed?"
    assert problems == []


def test_translations_are_written_in_their_own_script(guide: dict[str, Any]) -> None:
    problems = []
    for location, mapping in texts(guide):
        same_everywhere = mapping["en"]  # level codes, exam names: identical in every language on purpose
        for lang in ("ar", "fa"):
            if mapping[lang] != same_everywhere and not ARABIC_LETTER.search(mapping[lang]):
                problems.append(f"{location}.{lang}: not in Arabic script: {mapping[lang]!r}")
        for lang in ("uk", "ru"):
            if mapping[lang] != same_everywhere and not CYRILLIC_LETTER.search(mapping[lang]):
                problems.append(f"{location}.{lang}: not in Cyrillic script: {mapping[lang]!r}")
        if ARABIC_YEH_KAF.search(mapping["fa"]):
            problems.append(f"{location}.fa: Arabic ي/ك instead of Persian ی/ک: {mapping['fa']!r}")
        if ONLY_RUSSIAN.search(mapping["uk"]):
            problems.append(f"{location}.uk: Russian-only letters in Ukrainian: {mapping['uk']!r}")
        if ONLY_UKRAINIAN.search(mapping["ru"]):
            problems.append(f"{location}.ru: Ukrainian-only letters in Russian: {mapping['ru']!r}")
    assert problems == []


def test_longer_texts_are_translated_not_copied(guide: dict[str, Any]) -> None:
    copied = [
        f"{location}.{lang}"
        for location, mapping in texts(guide)
        if len(mapping["de"]) > 20
        for lang in LANGUAGES[1:]
        if mapping[lang] == mapping["de"]
        # names of languages and countries may legitimately be spelled alike in Latin-script languages
        and not (location.startswith(".choice_lists") and lang in ("en", "tr"))
    ]
    assert copied == []


def test_section_ids_are_the_contracted_ones_in_interview_order(guide: dict[str, Any]) -> None:
    assert [section["id"] for section in guide["sections"]] == SECTION_IDS


def test_ids_are_unique_and_snake_case(guide: dict[str, Any]) -> None:
    ids = [question["id"] for _, question in all_questions(guide)]
    ids += [s["id"] for _, q in all_questions(guide) for s in q.get("statements", [])]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


@pytest.mark.parametrize("skill", list(SKILLS))
def test_each_skill_has_a_can_do_checklist_per_level_a1_to_c1(guide: dict[str, Any], skill: str) -> None:
    section = next(s for s in guide["sections"] if s["id"] == f"cando_{skill}")
    by_id = {q["id"]: q for q in section["questions"]}
    prefix = SKILLS[skill]
    for level in CAN_DO_LEVELS:
        question = by_id[f"cando_{skill}_{level.lower()}"]
        assert (question["type"], question["skill"], question["level"]) == ("can_do", skill, level)
        statements = question["statements"]
        assert len(statements) >= 4
        for number, statement in enumerate(statements, start=1):
            assert statement["id"] == f"{prefix}_{level.lower()}_{number}"
            assert statement["label"]["de"].startswith("Ich ") or " ich " in statement["label"]["de"]
            assert re.search(r"\bI\b", statement["label"]["en"])


def test_one_statement_may_stay_unticked_at_the_guides_threshold(guide: dict[str, Any]) -> None:
    """With 4 statements a threshold of 0.8 would demand all 4; the "about 80 %" rule needs 5 or more."""
    threshold = guide["scoring"]["threshold"]
    for _, question in all_questions(guide):
        if question["type"] == "can_do":
            count = len(question["statements"])
            assert (count - 1) / count >= threshold, question["id"]


def test_choice_lists_use_iso_codes_and_cefr_ids(guide: dict[str, Any]) -> None:
    lists = guide["choice_lists"]
    assert [c["value"] for c in lists["cefr_levels"]] == ["pre_a1", "a1", "a2", "b1", "b2", "c1", "c2"]
    countries = [c["value"] for c in lists["countries"]]
    assert len(countries) >= 60 and len(set(countries)) == len(countries)
    assert {"SY", "AF", "UA", "TR", "IQ", "ER", "other", "stateless"} <= set(countries)
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in countries if c not in {"other", "stateless", "unclear"})
    languages = [c["value"] for c in lists["languages"]]
    assert len(languages) >= 40 and len(set(languages)) == len(languages)
    expected = {"ar", "fa", "prs", "ps", "ku", "ti", "so", "uk", "ru", "tr", "pl", "ro", "bg", "sq", "sr", "vi", "zh"}
    assert expected <= set(languages)
    for name, choices in lists.items():
        assert all(isinstance(c["value"], str) for c in choices), name  # no YAML yes/no/NO turned into booleans


def test_every_referenced_choice_list_exists(guide: dict[str, Any]) -> None:
    referenced = {q["choices"] for _, q in all_questions(guide) if isinstance(q.get("choices"), str)}
    assert referenced <= set(guide["choice_lists"])


def test_scoring_points_at_the_assessment_questions(guide: dict[str, Any]) -> None:
    assessment = {q["id"]: q for q in next(s for s in guide["sections"] if s["id"] == "assessment")["questions"]}
    scoring = guide["scoring"]
    assert scoring["threshold"] == 0.8
    assert list(scoring["skills"]) == list(SKILLS)
    for skill, entry in scoring["skills"].items():
        assert entry["rating_question"] == f"rating_{skill}" and assessment[f"rating_{skill}"]["required"] is True
        assert entry["override_question"] == f"override_{skill}"
        assert assessment[f"override_{skill}"]["required"] is False
    assert scoring["override_reason_question"] in assessment


def test_literacy_and_recommendation_rules_end_with_a_catch_all(guide: dict[str, Any]) -> None:
    assert [rule["result"] for rule in guide["literacy"]] == ["not_literate", "second_script", "literate_latin"]
    rules = guide["recommendations"]
    assert rules[0]["course"] == "literacy_course" and rules[1]["course"] == "second_script_course"
    assert rules[-1]["when"] == "always" and rules[-1]["course"] == "integration_course"
    course_types = {c["value"] for c in guide["course_types"]}
    assert {rule["course"] for rule in rules} <= course_types


def test_names_are_asked_in_latin_script(guide: dict[str, Any]) -> None:
    personal = {q["id"]: q for q in next(s for s in guide["sections"] if s["id"] == "personal")["questions"]}
    assert personal["family_name"]["script"] == "latin" and personal["given_names"]["script"] == "latin"


@pytest.mark.parametrize("skill", list(SKILLS))
def test_each_skill_has_a_short_third_person_certificate_sentence_per_level(guide: dict[str, Any], skill: str) -> None:
    texts_of = guide["scoring"]["skills"][skill]["certificate_text"]
    assert list(texts_of) == ["pre_a1", "a1", "a2", "b1", "b2", "c1", "c2"]
    for level, mapping in texts_of.items():
        assert all(len(text) <= 140 for text in mapping.values()), f"{skill}.{level} does not fit the certificate"
        # third person, not the interview's first-person self-assessment ("Ich kann ...", "I can ...")
        assert not re.match(r"(Ich|I)\b", mapping["de"]) and not re.match(r"I\b", mapping["en"]), f"{skill}.{level}"
        assert mapping["de"].startswith(("Kann ", "Versteht ", "Erkennt ")), f"{skill}.{level}: {mapping['de']!r}"
        assert mapping["en"].startswith(("Can ", "Understands ", "Recognises ")), f"{skill}.{level}: {mapping['en']!r}"
