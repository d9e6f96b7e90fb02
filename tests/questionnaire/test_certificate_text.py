"""``scoring.skills.<skill>.certificate_text``: the checks of check-guide and the engine's accessor."""

from __future__ import annotations

import pytest

from questionnaire import active_guide, certificate_text, guide_by_version
from tests.questionnaire.helpers import assert_problems, make_guide
from tests.questionnaire.test_loader_problems import scored

LEVEL_KEYS = ("pre_a1", "a1", "a2", "b1", "b2", "c1", "c2")


def listening(texts: dict[str, str]) -> str:
    """A listening skill whose certificate_text has the given ``level: {de: .., en: ..}`` flow entries."""
    entries = ", ".join(f"{level}: {mapping}" for level, mapping in texts.items())
    return "{label: {de: Hören, en: Listening}, certificate_text: {" + entries + "}}"


def complete(**changes: str) -> dict[str, str]:
    texts = {level: f"{{de: Kann {level} auf Deutsch., en: Can {level} in English.}}" for level in LEVEL_KEYS}
    texts.update(changes)
    return texts


def test_a_complete_certificate_text_is_accepted_and_read_per_level_and_language() -> None:
    assert_problems(scored(listening=listening(complete())))
    guide = make_guide(scored(listening=listening(complete())))
    assert certificate_text(guide, "listening", "B1") == "Kann b1 auf Deutsch."
    assert certificate_text(guide, "listening", "pre_a1", "en") == "Can pre_a1 in English."
    assert certificate_text(guide, "listening", "Pre-A1", "de") == "Kann pre_a1 auf Deutsch."


def test_without_certificate_text_the_accessor_says_none() -> None:
    guide = make_guide(scored())
    assert certificate_text(guide, "listening", "A1") is None
    assert certificate_text(guide, "reading", "A1") is None  # skill not scored
    full = make_guide(scored(listening=listening(complete())))
    assert certificate_text(full, "listening", "A1", "ar") is None  # no fallback to another language
    assert certificate_text(full, "listening", "D1") is None


def test_missing_or_empty_translation_is_a_problem() -> None:
    texts = complete(a2="{de: Kann etwas.}", b1="{de: Kann etwas., en: ''}")
    assert_problems(scored(listening=listening(texts)), "missing_translation", "missing_translation")


def test_undeclared_language_is_a_problem() -> None:
    texts = complete(a2="{de: Kann etwas., en: Can something., xx: Irgendwas}")
    assert_problems(scored(listening=listening(texts)), "undeclared_language")


def test_too_long_for_the_certificate_is_a_problem() -> None:
    long = "Kann " + "sehr " * 30 + "viel."
    assert len(long) > 140
    texts = complete(c1=f"{{de: {long}, en: Can a lot.}}")
    assert_problems(scored(listening=listening(texts)), "certificate_text_too_long")


def test_a_level_outside_pre_a1_to_c2_is_a_problem() -> None:
    texts = complete(d1="{de: Kann alles., en: Can everything.}")
    assert_problems(scored(listening=listening(texts)), "level_invalid")


def test_the_same_level_twice_is_a_problem() -> None:
    texts = complete(B1="{de: Kann etwas., en: Can something.}")
    assert_problems(scored(listening=listening(texts)), "duplicate_id")


def test_some_levels_missing_is_a_problem() -> None:
    texts = complete()
    del texts["c2"], texts["pre_a1"]
    assert_problems(scored(listening=listening(texts)), "certificate_text_incomplete")


@pytest.mark.parametrize("skill", ["listening", "reading", "spoken_interaction", "spoken_production", "writing"])
def test_the_bundled_guide_has_a_sentence_for_every_level_in_german_and_english(skill: str) -> None:
    guide = guide_by_version("sprachstand", 1)
    assert guide is active_guide() or guide.version <= active_guide().version
    for level in ("Pre-A1", "A1", "A2", "B1", "B2", "C1", "C2"):
        de = certificate_text(guide, skill, level)
        en = certificate_text(guide, skill, level, "en")
        assert de and en and len(de) <= 140 and len(en) <= 140
        assert not de.startswith("Ich ")
