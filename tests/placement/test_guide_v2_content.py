"""Content of guide version 2 outside the can-do lists (which another version-2 part supplies): texts in
all seven languages, right-to-left texts that keep Latin runs in order, gender-neutral address, and the
placement block's words being the placement vocabulary."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from questionnaire import check_guide
from questionnaire.bundled import GUIDES_DIR
from schemas.placement import Course, Format
from tests.placement.helpers import v2

FILE = GUIDES_DIR / "sprachstand-v2.yaml"
LANGUAGES = ["de", "en", "ar", "fa", "uk", "ru", "tr"]
TEXT_KEYS = {"title", "label", "help", "message", "explanation", "description", "reason", "warning"}
LRI, PDI = "\u2066", "\u2069"
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z\-]*\d[A-Za-z0-9\-]*|→|§")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    loaded = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def texts(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Every text mapping outside the can-do sections and the certificate sentences."""
    if isinstance(node, dict):
        if str(node.get("id", "")).startswith("cando_"):
            return
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, dict):
                yield f"{where}.{key}", value
            elif key != "certificate_text":
                yield from texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            name = item.get("id", item.get("value", i)) if isinstance(item, dict) else i
            yield from texts(item, f"{where}[{name}]")


def test_the_file_is_a_clean_guide() -> None:
    assert check_guide(FILE) == []


# Texts only staff read are German alone (questionnaire/audience.py): the interviewer's section on the
# summary, choice lists only it uses, the title, literacy explanations and placement warnings.
STAFF_ONLY = (
    ".title",
    ".sections[assessment]",
    ".choice_lists.courses",
    ".choice_lists.override_evidence",
    ".literacy",
    ".placement.warnings",
)


def _staff_only(where: str) -> bool:
    return where.startswith(STAFF_ONLY) or (where.startswith(".placement.rules") and where.endswith(".warning"))


def test_every_text_has_all_seven_languages(data: dict[str, Any]) -> None:
    missing = [
        where
        for where, text in texts(data)
        if not (_staff_only(where) and sorted(text) == ["de"])
        and (sorted(text) != sorted(LANGUAGES) or not all(text.values()))
    ]
    assert not missing
    assert all(sorted(text) == ["de"] for where, text in texts(data) if _staff_only(where))


def test_latin_runs_in_right_to_left_texts_are_isolated(data: dict[str, Any]) -> None:
    """'A2 → B1', 'Pre-A1', '§ 44' keep their order inside Arabic and Persian text (Unicode isolates)."""
    bad = []
    for where, text in texts(data):
        if sorted(text) == ["de"]:
            continue  # staff only, German alone
        for lang in ("ar", "fa"):
            outside = re.sub(f"{LRI}[^{PDI}]*{PDI}", "", text[lang])
            if LATIN_RUN.search(outside):
                bad.append(f"{where}.{lang}: {text[lang][:80]}")
            assert text[lang].count(LRI) == text[lang].count(PDI), where
    assert not bad


def test_learners_are_addressed_gender_neutrally(data: dict[str, Any]) -> None:
    """No masculine-only forms: German neutral nouns, Arabic plural address, no "Interviewerin / Interviewer"."""
    found = []
    masculine_ar = re.compile(r"(?<!\w)(هل أنت |تستطيع |لديك |يمكنك |تريد |اختر |اكتب )")
    for where, text in texts(data):
        if "Interviewer" in text["de"] or "Teilnehmer " in text["de"]:
            found.append(f"{where}.de")
        if "ar" in text and masculine_ar.search(text["ar"] + " "):
            found.append(f"{where}.ar: {text['ar'][:60]}")
    assert not found


def test_afternoons_are_not_daytime_in_ukrainian_and_russian(data: dict[str, Any]) -> None:
    afternoons = next(c for c in data["choice_lists"]["availability"] if c["value"] == "afternoons")
    assert afternoons["label"]["uk"] == "після обіду" and afternoons["label"]["ru"] == "после обеда"


def test_courses_and_formats_are_the_placement_vocabulary() -> None:
    guide = v2()
    assert {c.value for c in guide.course_types} == {c.value for c in Course}
    assert [c.value for c in guide.choice_lists["courses"]] == [c.value for c in guide.course_types]
    assert guide.placement is not None
    assert {f.format for f in guide.placement.formats} == {f.value for f in Format}
    for course in guide.course_types:  # every description names its teaching units, the referrals excepted
        if course.value not in ("school_referral", "counseling"):
            assert "UE" in guide.text(course.description), course.value


def test_every_placement_rule_names_its_source() -> None:
    placement = v2().placement
    assert placement is not None
    assert all(rule.source for rule in placement.rules)
    assert all(fmt.source for fmt in placement.formats)
