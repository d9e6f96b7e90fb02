"""Guide version 2's texts against issue 14, items 7 and 8: the information and consents (Art. 6/7/9/13
GDPR), no promise "ohne dass Sie erneut getestet werden", no question about the accommodation, level names
in isolates inside right-to-left text — and every translated text is shown to someone (a learner in the
wizard or on the result sheet) or not there at all: the test counts the unused translations."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from questionnaire import check_guide, guide_by_version
from questionnaire.audience import german_only_prefixes

ROOT = Path(__file__).resolve().parents[2]
FILE = ROOT / "questionnaire" / "guides" / "sprachstand-v2.yaml"
DATA: dict[str, Any] = yaml.safe_load(FILE.read_text(encoding="utf-8"))
GUIDE = guide_by_version("sprachstand", 2)
TEXT_KEYS = {"title", "label", "help", "message", "pattern_message", "explanation", "reason", "description", "warning"}


def _texts(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], dict[str, str]]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_KEYS and isinstance(value, dict) and "de" in value:
                found.append(((*path, key), value))
            elif key == "certificate_text" and isinstance(value, dict):
                found += [((*path, key, level), text) for level, text in value.items()]
            else:
                found += _texts(value, (*path, key))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _texts(item, (*path, index))
    return found


def _shown_to_someone(path: tuple[Any, ...], staff_sections: set[int], staff_lists: set[str]) -> bool:
    """Where the app shows a translation: the wizard's steps (questions, help, statements, choices, the
    guide's own constraint messages under a refused answer) and the learner's result sheet (skill names,
    level sentences, course types, the placement's reasons)."""
    head = path[0]
    if head == "sections":
        return path[1] not in staff_sections
    if head == "choice_lists":
        return path[1] not in staff_lists
    if head == "scoring":
        return path[-1] == "label" or "certificate_text" in path
    if head == "course_types":
        return True
    if head == "placement":
        return path[1] in ("rules", "formats") and path[-1] == "reason"
    return False


def test_the_guide_checks_clean() -> None:
    assert check_guide(FILE) == []


def test_every_translated_text_is_shown_to_someone() -> None:
    prefixes = german_only_prefixes(DATA)
    staff_sections = {p[1] for p in prefixes if p[0] == "sections"}
    staff_lists = {p[1] for p in prefixes if p[0] == "choice_lists"}
    assert [DATA["sections"][i]["id"] for i in staff_sections] == ["assessment"]
    unused = [
        ".".join(map(str, path))
        for path, text in _texts(DATA)
        if set(text) != {"de"} and not _shown_to_someone(path, staff_sections, staff_lists)
    ]
    assert unused == [], f"{len(unused)} translated texts nobody is shown: {unused[:10]}"


def test_staff_texts_are_german_only() -> None:
    assessment = next(s for s in GUIDE.sections if s.id == "assessment")
    assert all(set(q.label) == {"de"} for q in assessment.questions)
    assert all(set(w.message) == {"de"} for w in GUIDE.placement.warnings)
    assert set(GUIDE.title) == {"de"}


def test_processing_needs_no_consent_and_the_information_is_complete() -> None:
    assert GUIDE.question("consent_processing") is None  # Art. 6 (1) b/c GDPR, not consent (Art. 7 (4))
    info = GUIDE.question("privacy_information")
    assert info is not None and info.type == "note"
    text = info.label["de"]
    for part in (
        "Verantwortlich",
        "Datenschutzbeauftragten",
        "Art. 6 Abs. 1 Buchst. b DSGVO",
        "keine Einwilligung",
        "drei Jahre",
        "Statistik",
        "widerrufen",
        "Beschwerde",
        "Prüfseite",
    ):
        assert part in text, part
    assert GUIDE.question("consent_sharing") is not None
    special = GUIDE.question("consent_special_categories")
    assert special is not None and "Art. 9" in special.help["de"]
    support = GUIDE.question("support_needs")
    assert support is not None and support.show_if is not None
    assert support.show_if.question == "consent_special_categories"  # asked only after the Art. 9 consent


def test_no_retest_promise_and_no_accommodation_question() -> None:
    raw = FILE.read_text(encoding="utf-8")
    assert "erneut getestet" not in raw and "tested again" not in raw
    address = GUIDE.question("address")
    assert address is not None
    asked = " ".join([*address.label.values(), *(address.help or {}).values()])
    for word in ("Unterkunft", "accommodation", "Heim"):  # would reveal the asylum status
        assert word not in asked, word


def _inside_isolates(value: str, start: int) -> bool:
    depth = 0
    for ch in value[:start]:
        if ch in "\u2066\u2067\u2068":
            depth += 1
        elif ch == "\u2069" and depth:
            depth -= 1
    return depth > 0


def test_level_names_in_right_to_left_texts_stand_in_isolates() -> None:
    bare = []
    for path, text in _texts(DATA):
        for lang in ("ar", "fa"):
            value = text.get(lang, "")
            for match in re.finditer(r"(?:Pre-)?[ABC][12](?:[→←-]+[ABC][12])?", value):
                if not _inside_isolates(value, match.start()):
                    bare.append((".".join(map(str, path)), lang, match.group()))
    assert bare == [], bare[:10]
